package io.tickwire.engine.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.QuoteEncoder;
import io.tickwire.codecs.sbe.TradeEncoder;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRecordParserTest
{
    private static final long TS = Timestamps.parse("2024-03-01T09:30:00.123456789Z");

    private final KafkaRecordParser parser = new KafkaRecordParser();
    private final TradeEvent event = new TradeEvent();

    private RejectReason json(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length, false, event);
    }

    private static byte[] sbeTrade(final String symbol, final long price, final long volume)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.tsNanos(TS).volume(volume).symbol(symbol).exchange("XNAS");
        encoder.price().mantissa(price);
        encoder.bid().mantissa(price - 1);
        encoder.ask().mantissa(price + 1);
        encoder.tradeId("T-1");
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    @Test
    void shouldParseJsonTradeWithExactDecimalsAndIsoTimestamp()
    {
        assertThat(json("{\"symbol\":\"AAPL\",\"price\":189.12345678,\"volume\":100,\"bid_price\":189.1," +
            "\"ask_price\":189.2,\"timestamp\":\"2024-03-01T09:30:00.123456789Z\",\"exchange\":\"XNAS\"}")).isNull();
        assertThat(event.kind).isEqualTo(TradeEvent.KIND_TRADE);
        assertThat(event.price).isEqualTo(18_912_345_678L);
        assertThat(event.volume).isEqualTo(100);
        assertThat(event.bid).isEqualTo(FixedPoint.parse("189.1"));
        assertThat(event.ask).isEqualTo(FixedPoint.parse("189.2"));
        assertThat(event.tsNs).isEqualTo(TS);
        assertThat(Symbols.unpack(event.symbolWord0, event.symbolWord1)).isEqualTo("AAPL");
        assertThat(event.exchange).isEqualTo(Symbols.pack("XNAS", 0, 4, 0));
    }

    @Test
    void shouldTellEpochUnitsApartByMagnitude()
    {
        final long seconds = 1_709_285_400L;
        assertThat(KafkaRecordParser.epochToNanos(seconds)).isEqualTo(seconds * 1_000_000_000L);
        assertThat(KafkaRecordParser.epochToNanos(seconds * 1000)).isEqualTo(seconds * 1_000_000_000L);
        assertThat(KafkaRecordParser.epochToNanos(seconds * 1_000_000)).isEqualTo(seconds * 1_000_000_000L);
        assertThat(KafkaRecordParser.epochToNanos(seconds * 1_000_000_000)).isEqualTo(seconds * 1_000_000_000L);
        assertThat(json("{\"symbol\":\"A\",\"price\":1,\"volume\":1,\"timestamp\":1709285400123}")).isNull();
        assertThat(event.tsNs).isEqualTo(1_709_285_400_123_000_000L);
    }

    @Test
    void shouldRejectBadJsonWithItsReason()
    {
        final String ok = "\"symbol\":\"A\",\"timestamp\":1709285400";
        assertThat(json("{" + ok + ",\"price\":NaN,\"volume\":1}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{" + ok + ",\"price\":\"1.5\",\"volume\":1}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{" + ok + ",\"price\":1.5,\"volume\":-3}")).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(json("{" + ok + ",\"price\":1.5,\"volume\":2.5}")).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(json("{" + ok + ",\"price\":0,\"volume\":1}")).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(json("{" + ok + ",\"price\":1.123456789,\"volume\":1}")).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(json("{" + ok + ",\"volume\":1}")).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(json("{" + ok + ",\"price\":1,\"volume\":1,\"colour\":\"red\"}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{" + ok + ",\"price\":1,\"volume\":1,\"price\":2}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{" + ok + ",\"price\":1,\"volume\":1} x")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{" + ok + ",\"price\":1,\"volume\":1")).isEqualTo(RejectReason.MALFORMED);
        assertThat(json("{\"symbol\":\"a b\",\"timestamp\":1,\"price\":1,\"volume\":1}"))
            .isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(json("{\"symbol\":\"A\",\"timestamp\":\"yesterday\",\"price\":1,\"volume\":1}"))
            .isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(json("{\"symbol\":\"A\",\"timestamp\":-5,\"price\":1,\"volume\":1}"))
            .isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(json("")).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void shouldParseSbeTradeAndRejectTruncatedOrOversized()
    {
        final byte[] trade = sbeTrade("MSFT", 41_000_000_000L, 7);
        assertThat(parser.parse(trade, trade.length, false, event)).isNull();
        assertThat(event.price).isEqualTo(41_000_000_000L);
        assertThat(event.volume).isEqualTo(7);
        assertThat(event.tsNs).isEqualTo(TS);
        assertThat(new String(event.tradeId, 0, event.tradeIdLength, StandardCharsets.US_ASCII)).isEqualTo("T-1");
        for (int length = 1; length < trade.length; length++)
        {
            assertThat(parser.parse(trade, length, false, event)).as("truncated to %d", length).isNotNull();
        }
        final byte[] negative = sbeTrade("MSFT", 41_000_000_000L, -7);
        assertThat(parser.parse(negative, negative.length, false, event)).isEqualTo(RejectReason.BAD_VOLUME);
        final byte[] huge = new byte[KafkaRecordParser.MAX_VALUE_BYTES + 1];
        assertThat(parser.parse(huge, huge.length, false, event)).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void shouldParseQuotesFromSbeAndJson()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final QuoteEncoder encoder = new QuoteEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.tsNanos(TS).bidSize(5).askSize(6).symbol("EURUSD");
        encoder.bid().mantissa(100);
        encoder.ask().mantissa(101);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        assertThat(parser.parse(buffer.byteArray(), length, false, event)).isNull();
        assertThat(event.kind).isEqualTo(TradeEvent.KIND_QUOTE);
        assertThat(event.bidSize).isEqualTo(5);

        final byte[] quote = ("{\"symbol\":\"EURUSD\",\"bid_price\":1.0812,\"bid_size\":0,\"ask_price\":1.0813," +
            "\"ask_size\":2000000,\"timestamp\":\"2024-03-01T09:30:00Z\"}").getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(quote, quote.length, true, event)).isNull();
        assertThat(event.kind).isEqualTo(TradeEvent.KIND_QUOTE);
        assertThat(event.ask).isEqualTo(108_130_000L);
        assertThat(event.askSize).isEqualTo(2_000_000L);
    }
}
