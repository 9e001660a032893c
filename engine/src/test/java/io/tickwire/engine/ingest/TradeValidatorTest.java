package io.tickwire.engine.ingest;

import io.tickwire.engine.bars.TestTrades;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value rules of SPEC §3 for parsed trades and quotes.
 */
class TradeValidatorTest
{
    @Test
    void shouldAcceptPricesAboveZeroUpToTenToTheTen()
    {
        assertThat(TradeValidator.isValidPrice(1)).isTrue();
        assertThat(TradeValidator.isValidPrice(TradeValidator.MAX_PRICE)).isTrue();
        assertThat(TradeValidator.isValidPrice(TradeValidator.MAX_PRICE + 1)).isFalse();
        assertThat(TradeValidator.isValidPrice(0)).isFalse();
        assertThat(TradeValidator.isValidPrice(-1)).isFalse();
        assertThat(TradeValidator.isValidPrice(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void shouldAcceptVolumesFromOneToTenToTheTwelve()
    {
        assertThat(TradeValidator.isValidVolume(1)).isTrue();
        assertThat(TradeValidator.isValidVolume(TradeValidator.MAX_VOLUME)).isTrue();
        assertThat(TradeValidator.isValidVolume(TradeValidator.MAX_VOLUME + 1)).isFalse();
        assertThat(TradeValidator.isValidVolume(0)).isFalse();
        assertThat(TradeValidator.parseVolume("+17", 0, 3)).isEqualTo(17);
        assertThat(TradeValidator.parseVolume("x42y", 1, 3)).isEqualTo(42);
        assertThat(TradeValidator.parseVolume("0000000000000000001", 0, 19)).isEqualTo(1);
        assertThat(TradeValidator.parseVolume("+", 0, 1)).isEqualTo(-1);
        assertThat(TradeValidator.parseVolume("9223372036854775808", 0, 19)).isEqualTo(-1);
    }

    @Test
    void shouldRejectTradesAndQuotesOutsideSectionThreeWithTheirReason()
    {
        final TradeEvent event = TestTrades.trade(new TradeEvent(), "AAPL", 1, 1, 1);
        assertThat(IngestAgent.validate(event)).isNull();

        event.price = 0;
        assertThat(IngestAgent.validate(event)).isEqualTo(RejectReason.BAD_PRICE);
        event.price = 1;
        event.volume = TradeValidator.MAX_VOLUME + 1;
        assertThat(IngestAgent.validate(event)).isEqualTo(RejectReason.BAD_VOLUME);
        event.volume = 1;
        event.symbolWord0 = 0;
        assertThat(IngestAgent.validate(event)).isEqualTo(RejectReason.BAD_SYMBOL);

        final TradeEvent quote = TestTrades.trade(new TradeEvent(), "AAPL", 1, 0, 0);
        quote.kind = TradeEvent.KIND_QUOTE;
        quote.bid = 100;
        quote.ask = 101;
        assertThat(IngestAgent.validate(quote)).isNull();
        quote.ask = TradeValidator.MAX_PRICE + 1;
        assertThat(IngestAgent.validate(quote)).isEqualTo(RejectReason.BAD_PRICE);
        quote.ask = 101;
        quote.bidSize = -1;
        assertThat(IngestAgent.validate(quote)).isEqualTo(RejectReason.BAD_VOLUME);

        quote.kind = 0;
        assertThat(IngestAgent.validate(quote)).isEqualTo(RejectReason.MALFORMED);
    }
}
