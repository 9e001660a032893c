package io.tickwire.codecs;

import java.io.IOException;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.SnapshotEncoder;
import io.tickwire.codecs.sbe.Timeframe;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import static io.tickwire.codecs.WireFixtures.START_NANOS;
import static io.tickwire.codecs.WireFixtures.price;
import static io.tickwire.codecs.WireFixtures.sampleBar;
import static io.tickwire.codecs.WireFixtures.wrap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-side decoders accept what any conforming server may send (key order, unknown keys) and refuse
 * everything else with a reason, never an exception.
 */
class WireDecoderTest
{
    private final DecodedMessage decoded = new DecodedMessage();
    private final JsonWireDecoder json = new JsonWireDecoder();
    private final MsgPackWireDecoder msgpack = new MsgPackWireDecoder();
    private final SbeWireDecoder sbe = new SbeWireDecoder();

    private boolean decodeJson(final String text)
    {
        final UnsafeBuffer buffer = wrap(text);
        return json.decode(buffer, 0, buffer.capacity(), decoded);
    }

    @Test
    void shouldDecodeJsonKeysInAnyOrderAndSkipUnknownOnes()
    {
        assertThat(decodeJson("{\"c\":150.3,\"extra\":{\"a\":[1,2,{\"b\":null}]},\"t\":1705314600000,\"seq\":9," +
            "\"tf\":\"1m\",\"symbol\":\"AAPL\",\"future\":true,\"type\":\"bar\"}")).isTrue();

        assertThat(decoded.type()).isEqualTo(WireMessageType.BAR);
        assertThat(decoded.bar().close()).isEqualTo(price("150.3"));
        assertThat(decoded.bar().startNanos()).isEqualTo(START_NANOS);
        assertThat(decoded.bar().presence()).isEqualTo(WireMessages.BAR_CLOSE);
    }

    @Test
    void shouldReadPricesExactlyWhateverTheirJsonForm()
    {
        assertThat(decodeJson("{\"type\":\"trade\",\"symbol\":\"A\",\"seq\":1,\"t\":0,\"p\":1.5e2,\"v\":1}")).isTrue();
        assertThat(decoded.trade().price()).isEqualTo(price("150"));
        assertThat(decodeJson("{\"type\":\"trade\",\"symbol\":\"A\",\"seq\":1,\"t\":0,\"p\":0.00000001,\"v\":1}"))
            .isTrue();
        assertThat(decoded.trade().price()).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadJsonMessagesWithReason()
    {
        final String[] bad = {
            "", "[]", "{\"type\":\"bar\"", "{\"type\":\"candle\"}", "{\"type\":\"trade\",\"symbol\":\"A\"}",
            "{\"type\":\"trade\",\"symbol\":\"A\",\"seq\":1,\"t\":0,\"p\":\"1\",\"v\":1}",
            "{\"type\":\"trade\",\"symbol\":\"A\",\"seq\":1,\"t\":0,\"p\":1.000000001,\"v\":1}",
            "{\"type\":\"trade\",\"symbol\":\"A\",\"seq\":1.5,\"t\":0,\"p\":1,\"v\":1}",
            "{\"type\":\"trade\",\"symbol\":\"a\",\"seq\":1,\"t\":0,\"p\":1,\"v\":1}",
            "{\"type\":\"ack\",\"type\":\"ack\"}",
            "{\"type\":\"ack\"} {}",
            "{\"type\":\"error\",\"code\":\"OOPS\",\"message\":\"x\"}",
            "{\"type\":\"snapshot\",\"channel\":\"bars\",\"symbol\":\"A\",\"tf\":\"1m\",\"epoch\":\"e\",\"seq\":1," +
                "\"trades\":[]}",
            "{\"type\":\"snapshot\",\"channel\":\"trades\",\"symbol\":\"A\",\"epoch\":\"e\",\"seq\":1," +
                "\"trades\":[[1,2]]}"};
        for (final String text : bad)
        {
            assertThat(decodeJson(text)).as(text).isFalse();
            assertThat(decoded.failure()).as(text).isNotNull();
            assertThat(decoded.type()).as(text).isNull();
        }
    }

    @Test
    void shouldSkipUnknownMsgPackValuesOfEveryFormat() throws IOException
    {
        final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        packer.packMapHeader(9);
        packer.packString("bin").packBinaryHeader(3).writePayload(new byte[]{1, 2, 3});
        packer.packString("type").packString("trade");
        packer.packString("ext").packExtensionTypeHeader((byte)5, 20).writePayload(new byte[20]);
        packer.packString("symbol").packString("AAPL");
        packer.packString("nested").packArrayHeader(2).packMapHeader(1).packString("k").packFloat(1.5f).packNil();
        packer.packString("seq").packLong(1);
        packer.packString("t").packLong(1_705_314_600_000L);
        packer.packString("p").packDouble(150.25);
        packer.packString("v").packInt(100);
        final byte[] bytes = packer.toByteArray();

        assertThat(msgpack.decode(new UnsafeBuffer(bytes), 0, bytes.length, decoded)).as(decoded.failure()).isTrue();
        assertThat(decoded.trade().price()).isEqualTo(price("150.25"));
        assertThat(decoded.trade().tsNanos()).isEqualTo(START_NANOS);
    }

    @Test
    void shouldRefuseHostileMsgPackLengths()
    {
        final byte[] hugeMap = {(byte)0xDF, (byte)0x7F, (byte)0xFF, (byte)0xFF, (byte)0xFF};
        final byte[] hugeString = {(byte)0x81, (byte)0xDB, (byte)0x7F, (byte)0xFF, (byte)0xFF, (byte)0xFF};
        final byte[] neverUsed = {(byte)0x81, (byte)0xA1, 'x', (byte)0xC1};

        for (final byte[] bytes : new byte[][]{hugeMap, hugeString, neverUsed})
        {
            assertThat(msgpack.decode(new UnsafeBuffer(bytes), 0, bytes.length, decoded)).isFalse();
            assertThat(decoded.failure()).isNotNull();
        }
    }

    @Test
    void shouldRefuseSbeFramesThatDoNotFit()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = new SbeWireEncoder().encodeBar(buffer, 0, sampleBar(), WireMessages.BAR_ALL);

        assertThat(sbe.decode(buffer, 0, length - 1, decoded)).isFalse();
        assertThat(sbe.decode(buffer, 0, 7, decoded)).isFalse();

        buffer.putShort(4, (short)99);
        assertThat(sbe.decode(buffer, 0, length, decoded)).isFalse();
        assertThat(decoded.failure()).isEqualTo("unknown schema");
    }

    @Test
    void shouldRefuseSbeSnapshotWhoseGroupClaimsMoreRowsThanTheFrame()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final SbeWireEncoder encoder = new SbeWireEncoder();
        encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "e", 1, 1);
        encoder.snapshotBar(sampleBar());
        final int length = encoder.snapshotEnd();
        final int groupHeader = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotEncoder.BLOCK_LENGTH;

        buffer.putShort(groupHeader + 2, (short)60_000);

        assertThat(sbe.decode(buffer, 0, length, decoded)).isFalse();
        assertThat(decoded.failure()).isEqualTo("truncated");
    }

    @Property(tries = 1500)
    void shouldNeverThrowOnTruncatedOrCorruptedFrames(
        @ForAll final WireEncoding encoding,
        @ForAll @IntRange(min = 0, max = 400) final int position,
        @ForAll final byte replacement,
        @ForAll @IntRange(min = 0, max = 400) final int cut)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final WireEncoder encoder = encoding.newEncoder();
        final int length;
        switch (position % 4)
        {
            case 0:
                length = encoder.encodeBar(buffer, 0, sampleBar(), WireMessages.BAR_ALL);
                break;
            case 1:
                length = encoder.encodeError(buffer, 0, 5, ErrorCode.FORBIDDEN, "not entitled to AAPL");
                break;
            case 2:
                encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "e", 1, 2);
                encoder.snapshotBar(sampleBar());
                encoder.snapshotBar(sampleBar());
                length = encoder.snapshotEnd();
                break;
            default:
                length = encoder.encodeQuote(buffer, 0, WireFixtures.sampleQuote(), WireMessages.QUOTE_ALL);
                break;
        }
        buffer.putByte(position % length, replacement);
        final UnsafeBuffer frame = new UnsafeBuffer(buffer, 0, Math.min(length, cut));

        final boolean ok = encoding.newDecoder().decode(frame, 0, frame.capacity(), decoded);

        assertThat(ok || decoded.failure() != null).isTrue();
    }
}
