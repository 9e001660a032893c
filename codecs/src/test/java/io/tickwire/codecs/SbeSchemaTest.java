package io.tickwire.codecs;

import io.tickwire.codecs.sbe.BarDecoder;
import io.tickwire.codecs.sbe.BarEncoder;
import io.tickwire.codecs.sbe.BarFieldsEncoder;
import io.tickwire.codecs.sbe.BarUpdateDecoder;
import io.tickwire.codecs.sbe.BooleanType;
import io.tickwire.codecs.sbe.Decimal8Decoder;
import io.tickwire.codecs.sbe.MessageHeaderDecoder;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.OptionalDecimal8Decoder;
import io.tickwire.codecs.sbe.QuoteDecoder;
import io.tickwire.codecs.sbe.QuoteEncoder;
import io.tickwire.codecs.sbe.QuoteFieldsEncoder;
import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.codecs.sbe.TradeDecoder;
import io.tickwire.codecs.sbe.TradeEncoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.tickwire.codecs.WireFixtures.price;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated flyweights of {@code tickwire-schema.xml}: ingest records round-trip, the schema's constants hold.
 */
class SbeSchemaTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void shouldDescribePricesAsMantissasWithExponentMinusEight()
    {
        assertThat(new Decimal8Decoder().exponent()).isEqualTo((byte)-8);
        assertThat(new OptionalDecimal8Decoder().exponent()).isEqualTo((byte)-8);
        assertThat(OptionalDecimal8Decoder.mantissaNullValue()).isEqualTo(FixedPoint.INVALID);
        assertThat(MessageHeaderDecoder.SCHEMA_ID).isEqualTo(1);
        assertThat(MessageHeaderDecoder.SCHEMA_VERSION).isEqualTo(1);
    }

    @Test
    void shouldUseTheWirePresenceBitsInTheSchemaSets()
    {
        assertThat(BarFieldsEncoder.finalFlag((short)0, true)).isEqualTo((short)WireMessages.BAR_FINAL);
        assertThat(BarFieldsEncoder.rev((short)0, true)).isEqualTo((short)WireMessages.BAR_REV);
        assertThat(BarFieldsEncoder.timing((short)0, true)).isEqualTo((short)WireMessages.TIMING);
        assertThat(QuoteFieldsEncoder.askSize((short)0, true))
            .isEqualTo((short)WireMessages.QUOTE_ASK_SIZE);
    }

    @Property(tries = 500)
    void shouldRoundTripTradeRecordWithOptionalFields(
        @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long tsNanos,
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000_000L) final long priceMantissa,
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) final long volume,
        @ForAll final boolean withBook)
    {
        final long bid = withBook ? priceMantissa - 1 : WireMessages.NO_VALUE;
        final long ask = withBook ? priceMantissa + 1 : WireMessages.NO_VALUE;
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tsNanos(tsNanos).volume(volume).symbol("BRK.B").exchange(withBook ? "NASDAQ" : "")
            .tradeId(withBook ? "T-0123456789-ABCDEFGHIJKLMNOPQRS" : "");
        encoder.price().mantissa(priceMantissa);
        encoder.bid().mantissa(bid);
        encoder.ask().mantissa(ask);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        final TradeDecoder decoder = new TradeDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);

        assertThat(headerDecoder.templateId()).isEqualTo(TradeDecoder.TEMPLATE_ID);
        assertThat(decoder.tsNanos()).isEqualTo(tsNanos);
        assertThat(decoder.price().mantissa()).isEqualTo(priceMantissa);
        assertThat(decoder.volume()).isEqualTo(volume);
        assertThat(decoder.bid().mantissa()).isEqualTo(bid);
        assertThat(decoder.ask().mantissa()).isEqualTo(ask);
        assertThat(decoder.symbol()).isEqualTo("BRK.B");
        assertThat(decoder.exchange()).isEqualTo(withBook ? "NASDAQ" : "");
        assertThat(decoder.tradeId()).isEqualTo(withBook ? "T-0123456789-ABCDEFGHIJKLMNOPQRS" : "");
        assertThat(decoder.limit()).isEqualTo(length);
    }

    @Test
    void shouldRoundTripQuoteRecord()
    {
        final QuoteEncoder encoder = new QuoteEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tsNanos(123).bidSize(300).askSize(500).symbol("EUR/USD");
        encoder.bid().mantissa(price("1.0921"));
        encoder.ask().mantissa(price("1.09215"));

        final QuoteDecoder decoder = new QuoteDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);

        assertThat(decoder.tsNanos()).isEqualTo(123);
        assertThat(decoder.bid().mantissa()).isEqualTo(price("1.0921"));
        assertThat(decoder.ask().mantissa()).isEqualTo(price("1.09215"));
        assertThat(decoder.bidSize()).isEqualTo(300);
        assertThat(decoder.askSize()).isEqualTo(500);
        assertThat(decoder.symbol()).isEqualTo("EUR/USD");
    }

    @Test
    void shouldRoundTripBarRecord()
    {
        final BarEncoder encoder = new BarEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .startNanos(WireFixtures.START_NANOS).volume(12_345).tradeCount(42).seq(1043).rev(1)
            .tf(Timeframe.HOUR_4).finalFlag(BooleanType.TRUE).symbol("0123456789ABCDEF");
        encoder.open().mantissa(price("150.25"));
        encoder.high().mantissa(price("150.5"));
        encoder.low().mantissa(price("150.1"));
        encoder.close().mantissa(price("150.3"));
        encoder.vwap().mantissa(price("150.31234567"));

        final BarDecoder decoder = new BarDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);

        assertThat(decoder.startNanos()).isEqualTo(WireFixtures.START_NANOS);
        assertThat(decoder.open().mantissa()).isEqualTo(price("150.25"));
        assertThat(decoder.high().mantissa()).isEqualTo(price("150.5"));
        assertThat(decoder.low().mantissa()).isEqualTo(price("150.1"));
        assertThat(decoder.close().mantissa()).isEqualTo(price("150.3"));
        assertThat(decoder.vwap().mantissa()).isEqualTo(price("150.31234567"));
        assertThat(decoder.volume()).isEqualTo(12_345);
        assertThat(decoder.tradeCount()).isEqualTo(42);
        assertThat(decoder.seq()).isEqualTo(1043);
        assertThat(decoder.rev()).isEqualTo(1);
        assertThat(decoder.tf()).isEqualTo(Timeframe.HOUR_4);
        assertThat(decoder.finalFlag()).isEqualTo(BooleanType.TRUE);
        assertThat(decoder.symbol()).isEqualTo("0123456789ABCDEF");
    }

    @Test
    void shouldWriteNullInFieldsLeftOutOfSbeDelta()
    {
        final BarMessage bar = WireFixtures.sampleBarAfterTrade();
        new SbeWireEncoder().encodeBar(buffer, 0, bar, WireMessages.BAR_CLOSE);

        final BarUpdateDecoder decoder = new BarUpdateDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);

        assertThat(decoder.presence().close()).isTrue();
        assertThat(decoder.presence().open()).isFalse();
        assertThat(decoder.close().mantissa()).isEqualTo(bar.close());
        assertThat(decoder.open().mantissa()).isEqualTo(OptionalDecimal8Decoder.mantissaNullValue());
        assertThat(decoder.volume()).isEqualTo(BarUpdateDecoder.volumeNullValue());
        assertThat(decoder.finalFlag()).isEqualTo(BooleanType.NULL_VAL);
        assertThat(decoder.rev()).isEqualTo(BarUpdateDecoder.revNullValue());
        assertThat(decoder.receiveNanos()).isEqualTo(BarUpdateDecoder.receiveNanosNullValue());
    }

    @Test
    void shouldKeepNanosecondsInSbe()
    {
        final TradeMessage trade = WireFixtures.sampleTrade().set(1_705_314_600_123_456_789L, price("1.5"), 1)
            .receiveNanos(1_705_314_600_123_999_001L);
        final int length = new SbeWireEncoder().encodeTrade(buffer, 0, trade, WireMessages.TIMING);
        final DecodedMessage decoded = new DecodedMessage();

        assertThat(new SbeWireDecoder().decode(buffer, 0, length, decoded)).isTrue();
        assertThat(decoded.trade()).isEqualTo(trade);
    }
}
