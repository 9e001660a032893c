package io.tickwire.codecs;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.tickwire.codecs.WireFixtures.RECEIVE_NANOS;
import static io.tickwire.codecs.WireFixtures.START_NANOS;
import static io.tickwire.codecs.WireFixtures.price;
import static io.tickwire.codecs.WireFixtures.sampleBar;
import static io.tickwire.codecs.WireFixtures.sampleBarAfterTrade;
import static io.tickwire.codecs.WireFixtures.sampleQuote;
import static io.tickwire.codecs.WireFixtures.sampleTrade;
import static io.tickwire.codecs.WireFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWireEncoderTest
{
    private final JsonWireEncoder encoder = new JsonWireEncoder();
    private final ExpandableArrayBuffer buffer = WireFixtures.buffer();

    @Test
    void shouldWriteWholeBarWithSpecKeysInOrder()
    {
        final int length = encoder.encodeBar(buffer, 0, sampleBar(), WireMessages.BAR_ALL);

        assertThat(text(buffer, length)).isEqualTo(
            "{\"type\":\"bar\",\"symbol\":\"AAPL\",\"tf\":\"1m\",\"seq\":1043,\"t\":1705314600000," +
            "\"o\":150.25,\"h\":150.5,\"l\":150.1,\"c\":150.3,\"v\":12345,\"n\":42,\"vw\":150.31234567," +
            "\"final\":false,\"rev\":0}");
    }

    @Test
    void shouldOmitUnchangedFieldsInDeltaBar()
    {
        final BarMessage next = sampleBarAfterTrade();
        final int mask = next.changedFields(sampleBar());

        final int length = encoder.encodeBar(buffer, 0, next, mask);

        assertThat(mask).isEqualTo(
            WireMessages.BAR_CLOSE | WireMessages.BAR_VOLUME | WireMessages.BAR_COUNT | WireMessages.BAR_VWAP);
        assertThat(text(buffer, length)).isEqualTo(
            "{\"type\":\"bar\",\"symbol\":\"AAPL\",\"tf\":\"1m\",\"seq\":1044,\"t\":1705314600000," +
            "\"c\":150.28,\"v\":12445,\"n\":43,\"vw\":150.31202781}");
    }

    @Test
    void shouldSendNewBarWholeEvenWhenValuesRepeat()
    {
        final BarMessage previous = sampleBar();
        final BarMessage next = new BarMessage().copyFrom(previous).startNanos(START_NANOS + 60_000_000_000L);

        assertThat(next.changedFields(previous)).isEqualTo(WireMessages.BAR_ALL);
    }

    @Test
    void shouldAddReceiveInstantInMicrosOnlyWhenTimingAsked()
    {
        final BarMessage bar = sampleBar().receiveNanos(RECEIVE_NANOS);

        final String without = text(buffer, encoder.encodeBar(buffer, 0, bar, WireMessages.BAR_CLOSE));
        final int timing = WireMessages.BAR_CLOSE | WireMessages.TIMING;
        final String with = text(buffer, encoder.encodeBar(buffer, 0, bar, timing));

        assertThat(without).doesNotContain("\"ri\"");
        assertThat(with).endsWith(",\"c\":150.3,\"ri\":1705314612345678}");
    }

    @Test
    void shouldWriteTradeWithMillisecondInstant()
    {
        final TradeMessage trade = sampleTrade().receiveNanos(RECEIVE_NANOS);

        final int length = encoder.encodeTrade(buffer, 0, trade, WireMessages.TIMING);

        assertThat(text(buffer, length)).isEqualTo(
            "{\"type\":\"trade\",\"symbol\":\"AAPL\",\"seq\":77001,\"t\":1705314601250,\"p\":150.25,\"v\":1000," +
            "\"ri\":1705314612345678}");
    }

    @Test
    void shouldWriteQuoteDeltaWithOnlyChangedSide()
    {
        final QuoteMessage previous = sampleQuote();
        final QuoteMessage next = new QuoteMessage().copyFrom(previous).seq(5_502)
            .set(START_NANOS + 1_600_000_000L, previous.bid(), previous.bidSize(), price("150.27"), 200);

        final int length = encoder.encodeQuote(buffer, 0, next, next.changedFields(previous));

        assertThat(text(buffer, length)).isEqualTo(
            "{\"type\":\"quote\",\"symbol\":\"AAPL\",\"seq\":5502,\"t\":1705314601600,\"a\":150.27,\"as\":200}");
    }

    @Test
    void shouldWriteEmptyQuoteSideAsNull()
    {
        final QuoteMessage quote = sampleQuote().set(START_NANOS, WireMessages.NO_VALUE, 0, price("1"), 5);

        final String json = text(buffer, encoder.encodeQuote(buffer, 0, quote, WireMessages.QUOTE_ALL));

        assertThat(json).contains("\"b\":null,\"bs\":0,\"a\":1,\"as\":5");
    }

    @Test
    void shouldWriteControlAnswers()
    {
        assertThat(text(buffer, encoder.encodeAck(buffer, 0, 1))).isEqualTo("{\"type\":\"ack\",\"id\":1}");
        assertThat(text(buffer, encoder.encodeAck(buffer, 0, WireMessages.NO_VALUE))).isEqualTo("{\"type\":\"ack\"}");
        assertThat(text(buffer, encoder.encodePong(buffer, 0, 3, 1_705_314_600_123L, RECEIVE_NANOS)))
            .isEqualTo("{\"type\":\"pong\",\"id\":3,\"t\":1705314600123,\"st\":1705314612345678}");
        assertThat(text(buffer, encoder.encodeReset(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_5,
            ResetReason.RESUME_GAP)))
            .isEqualTo("{\"type\":\"reset\",\"channel\":\"bars\",\"symbol\":\"AAPL\",\"tf\":\"5m\"," +
                "\"reason\":\"RESUME_GAP\"}");
        assertThat(text(buffer, encoder.encodeReset(buffer, 0, Channel.TRADES, "BRK.A", null,
            ResetReason.EPOCH_CHANGED)))
            .isEqualTo("{\"type\":\"reset\",\"channel\":\"trades\",\"symbol\":\"BRK.A\",\"reason\":\"EPOCH_CHANGED\"}");
    }

    @Test
    void shouldEscapeErrorMessageAsValidJson()
    {
        final String message = "bad \"symbol\" \\ at\tline\n\u0001 caf\u00e9 \ud83d\ude00 \ud800 end";

        final int length = encoder.encodeError(buffer, 0, 7, ErrorCode.BAD_SYMBOL, message);
        final JsonNode node = WireAssertions.parseJson(text(buffer, length));

        assertThat(node.get("type").textValue()).isEqualTo("error");
        assertThat(node.get("id").longValue()).isEqualTo(7);
        assertThat(node.get("code").textValue()).isEqualTo("BAD_SYMBOL");
        assertThat(node.get("message").textValue()).isEqualTo(message.replace('\ud800', '?'));
    }

    @Test
    void shouldCutLongErrorMessageAtWholeCharacter()
    {
        final String message = "\u00e9".repeat(WireMessages.MAX_ERROR_MESSAGE_BYTES);

        final int length = encoder.encodeError(buffer, 0, 1, ErrorCode.BAD_REQUEST, message);
        final JsonNode node = WireAssertions.parseJson(text(buffer, length));

        assertThat(node.get("message").textValue())
            .isEqualTo("\u00e9".repeat(WireMessages.MAX_ERROR_MESSAGE_BYTES / 2));
    }

    @Test
    void shouldWriteBarsSnapshotRowsAsArrays()
    {
        final BarMessage first = sampleBar();
        final BarMessage second = sampleBarAfterTrade().startNanos(START_NANOS + 60_000_000_000L);

        encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "e-20240115", 1042, 2);
        encoder.snapshotBar(first);
        encoder.snapshotBar(second);
        final int length = encoder.snapshotEnd();

        assertThat(text(buffer, length)).isEqualTo(
            "{\"type\":\"snapshot\",\"channel\":\"bars\",\"symbol\":\"AAPL\",\"tf\":\"1m\",\"epoch\":\"e-20240115\"," +
            "\"seq\":1042,\"bars\":[[1705314600000,150.25,150.5,150.1,150.3,12345,42,150.31234567]," +
            "[1705314660000,150.25,150.5,150.1,150.28,12445,43,150.31202781]]}");
    }

    @Test
    void shouldWriteEmptyTradesSnapshot()
    {
        encoder.snapshotBegin(buffer, 0, Channel.TRADES, "AAPL", null, "e1", 0, 0);

        assertThat(text(buffer, encoder.snapshotEnd())).isEqualTo(
            "{\"type\":\"snapshot\",\"channel\":\"trades\",\"symbol\":\"AAPL\",\"epoch\":\"e1\",\"seq\":0," +
            "\"trades\":[]}");
    }

    @Test
    void shouldRefuseSnapshotRowsOfAnotherKindOrCount()
    {
        encoder.snapshotBegin(buffer, 0, Channel.TRADES, "AAPL", null, "e1", 1, 1);
        assertThatThrownBy(() -> encoder.snapshotBar(sampleBar())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(encoder::snapshotEnd).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldWriteAtOffsetIntoFixedBuffer()
    {
        final UnsafeBuffer fixed = new UnsafeBuffer(new byte[512]);

        final int length = encoder.encodeTrade(fixed, 100, sampleTrade(), 0);

        final byte[] bytes = new byte[length];
        fixed.getBytes(100, bytes);
        final JsonNode node = WireAssertions.parseJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(node.get("p").decimalValue()).isEqualByComparingTo(new BigDecimal("150.25"));
        assertThat(fixed.getByte(99)).isZero();
    }

    @Test
    void shouldPrintPricesExactlyAtEveryScale()
    {
        final long[] mantissas = {
            1, 10, 100_000_000, 123_456_789, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (final long mantissa : mantissas)
        {
            final TradeMessage trade = sampleTrade().set(START_NANOS, mantissa, 1);
            final JsonNode node = WireAssertions.parseJson(text(buffer, encoder.encodeTrade(buffer, 0, trade, 0)));

            assertThat(node.get("p").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(mantissa, 8));
        }
    }
}
