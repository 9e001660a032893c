package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.tickwire.codecs.WireFixtures.RECEIVE_NANOS;
import static io.tickwire.codecs.WireFixtures.START_NANOS;
import static io.tickwire.codecs.WireFixtures.price;
import static io.tickwire.codecs.WireFixtures.sampleBar;
import static io.tickwire.codecs.WireFixtures.sampleBarAfterTrade;
import static io.tickwire.codecs.WireFixtures.sampleQuote;
import static io.tickwire.codecs.WireFixtures.sampleTrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message type through every encoding and back with that encoding's decoder.
 */
class WireRoundTripTest
{
    private final ExpandableArrayBuffer buffer = WireFixtures.buffer();
    private final DecodedMessage decoded = new DecodedMessage();

    private void roundTrip(final WireEncoding encoding, final int length)
    {
        final boolean ok = encoding.newDecoder().decode(buffer, 0, length, decoded);
        assertThat(ok).as("decoded, failure=%s", decoded.failure()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRoundTripWholeBarWithTiming(final WireEncoding encoding)
    {
        final BarMessage bar = sampleBar().receiveNanos(RECEIVE_NANOS);

        final int presence = WireMessages.BAR_ALL | WireMessages.TIMING;
        roundTrip(encoding, encoding.newEncoder().encodeBar(buffer, 0, bar, presence));

        assertThat(decoded.type()).isEqualTo(WireMessageType.BAR);
        final BarMessage expected = new BarMessage().copyFrom(bar);
        expected.presence(WireMessages.BAR_ALL | WireMessages.TIMING);
        assertThat(decoded.bar()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRebuildFullBarFromPreviousAndDelta(final WireEncoding encoding)
    {
        final WireEncoder encoder = encoding.newEncoder();
        final BarMessage previous = sampleBar();
        final BarMessage next = sampleBarAfterTrade();
        final BarMessage clientState = new BarMessage();

        roundTrip(encoding, encoder.encodeBar(buffer, 0, previous, WireMessages.BAR_ALL));
        assertThat(clientState.applyUpdate(decoded.bar())).isTrue();
        roundTrip(encoding, encoder.encodeBar(buffer, 0, next, next.changedFields(previous)));
        assertThat(decoded.bar().presence()).isEqualTo(
            WireMessages.BAR_CLOSE | WireMessages.BAR_VOLUME | WireMessages.BAR_COUNT | WireMessages.BAR_VWAP);
        assertThat(decoded.bar().open()).isEqualTo(WireMessages.NO_VALUE);
        assertThat(clientState.applyUpdate(decoded.bar())).isTrue();

        assertThat(clientState).isEqualTo(next);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRefuseDeltaForBarClientDoesNotHold(final WireEncoding encoding)
    {
        final BarMessage clientState = new BarMessage().copyFrom(sampleBar()).startNanos(START_NANOS - 60_000_000_000L);

        roundTrip(encoding, encoding.newEncoder().encodeBar(buffer, 0, sampleBarAfterTrade(), WireMessages.BAR_CLOSE));

        assertThat(clientState.applyUpdate(decoded.bar())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRoundTripFinalCorrection(final WireEncoding encoding)
    {
        final BarMessage correction = sampleBar();
        correction.set(START_NANOS, correction.open(), correction.high(), correction.low(), correction.close(),
            correction.volume(), correction.count(), correction.vwap(), true, 2);

        roundTrip(encoding,
            encoding.newEncoder().encodeBar(buffer, 0, correction, WireMessages.BAR_FINAL | WireMessages.BAR_REV));

        assertThat(decoded.bar().isFinal()).isTrue();
        assertThat(decoded.bar().rev()).isEqualTo(2);
        assertThat(decoded.bar().presence()).isEqualTo(WireMessages.BAR_FINAL | WireMessages.BAR_REV);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRoundTripTrade(final WireEncoding encoding)
    {
        final TradeMessage trade = sampleTrade();

        roundTrip(encoding, encoding.newEncoder().encodeTrade(buffer, 0, trade, WireMessages.TIMING));

        assertThat(decoded.type()).isEqualTo(WireMessageType.TRADE);
        assertThat(decoded.trade()).isEqualTo(trade);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRebuildQuoteFromDeltaIncludingEmptySide(final WireEncoding encoding)
    {
        final WireEncoder encoder = encoding.newEncoder();
        final QuoteMessage previous = sampleQuote().receiveNanos(RECEIVE_NANOS);
        final QuoteMessage next = new QuoteMessage().copyFrom(previous).seq(previous.seq() + 1)
            .set(START_NANOS + 2_000_000_000L, WireMessages.NO_VALUE, 0, previous.ask(), previous.askSize());
        final QuoteMessage clientState = new QuoteMessage();

        roundTrip(encoding, encoder.encodeQuote(buffer, 0, previous, WireMessages.QUOTE_ALL | WireMessages.TIMING));
        assertThat(clientState.applyUpdate(decoded.quote())).isTrue();
        final int mask = next.changedFields(previous);
        roundTrip(encoding, encoder.encodeQuote(buffer, 0, next, mask | WireMessages.TIMING));
        assertThat(decoded.quote().presence()).isEqualTo(
            WireMessages.QUOTE_BID | WireMessages.QUOTE_BID_SIZE | WireMessages.TIMING);
        assertThat(clientState.applyUpdate(decoded.quote())).isTrue();

        final QuoteMessage expected = new QuoteMessage().copyFrom(next);
        expected.presence(WireMessages.QUOTE_ALL | WireMessages.TIMING);
        assertThat(clientState).isEqualTo(expected);
        assertThat(clientState.bid()).isEqualTo(WireMessages.NO_VALUE);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRoundTripControlAnswers(final WireEncoding encoding)
    {
        final WireEncoder encoder = encoding.newEncoder();

        roundTrip(encoding, encoder.encodeAck(buffer, 0, 12));
        assertThat(decoded.type()).isEqualTo(WireMessageType.ACK);
        assertThat(decoded.id()).isEqualTo(12);

        roundTrip(encoding, encoder.encodeAck(buffer, 0, WireMessages.NO_VALUE));
        assertThat(decoded.id()).isEqualTo(WireMessages.NO_VALUE);

        roundTrip(encoding, encoder.encodeError(buffer, 0, 13, ErrorCode.RATE_LIMITED, "slow down: 50/s, caf\u00e9"));
        assertThat(decoded.type()).isEqualTo(WireMessageType.ERROR);
        assertThat(decoded.id()).isEqualTo(13);
        assertThat(decoded.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(decoded.message().toString()).isEqualTo("slow down: 50/s, caf\u00e9");

        roundTrip(encoding, encoder.encodePong(buffer, 0, 14, 1_705_314_600_123L, RECEIVE_NANOS));
        assertThat(decoded.type()).isEqualTo(WireMessageType.PONG);
        assertThat(decoded.id()).isEqualTo(14);
        assertThat(decoded.clientTime()).isEqualTo(1_705_314_600_123L);
        assertThat(decoded.serverNanos()).isEqualTo(RECEIVE_NANOS);

        roundTrip(encoding, encoder.encodeReset(buffer, 0, Channel.BARS, "ES:CME", Timeframe.HOUR_4,
            ResetReason.EPOCH_CHANGED));
        assertThat(decoded.type()).isEqualTo(WireMessageType.RESET);
        assertThat(decoded.channel()).isEqualTo(Channel.BARS);
        assertThat(decoded.symbol().toString()).isEqualTo("ES:CME");
        assertThat(decoded.tf()).isEqualTo(Timeframe.HOUR_4);
        assertThat(decoded.reason()).isEqualTo(ResetReason.EPOCH_CHANGED);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldRoundTripSnapshotOfEachChannel(final WireEncoding encoding)
    {
        final WireEncoder encoder = encoding.newEncoder();

        encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "e7", 1044, 2);
        encoder.snapshotBar(sampleBar());
        encoder.snapshotBar(sampleBarAfterTrade());
        roundTrip(encoding, encoder.snapshotEnd());
        assertThat(decoded.type()).isEqualTo(WireMessageType.SNAPSHOT);
        assertThat(decoded.channel()).isEqualTo(Channel.BARS);
        assertThat(decoded.tf()).isEqualTo(Timeframe.MIN_1);
        assertThat(decoded.epoch().toString()).isEqualTo("e7");
        assertThat(decoded.seq()).isEqualTo(1044);
        assertThat(decoded.rowCount()).isEqualTo(2);
        final BarMessage row = decoded.snapshotBar(1, new BarMessage());
        assertThat(row.close()).isEqualTo(price("150.28"));
        assertThat(row.vwap()).isEqualTo(price("150.31202781"));
        assertThat(row.startNanos()).isEqualTo(START_NANOS);

        encoder.snapshotBegin(buffer, 0, Channel.TRADES, "AAPL", null, "e7", 77_001, 1);
        encoder.snapshotTrade(sampleTrade());
        roundTrip(encoding, encoder.snapshotEnd());
        assertThat(decoded.channel()).isEqualTo(Channel.TRADES);
        assertThat(decoded.tf()).isNull();
        final TradeMessage trade = decoded.snapshotTrade(0, new TradeMessage());
        assertThat(trade.price()).isEqualTo(sampleTrade().price());
        assertThat(trade.tsNanos()).isEqualTo(sampleTrade().tsNanos());

        encoder.snapshotBegin(buffer, 0, Channel.QUOTES, "AAPL", null, "e7", 5_501, 1);
        encoder.snapshotQuote(sampleQuote());
        roundTrip(encoding, encoder.snapshotEnd());
        assertThat(decoded.channel()).isEqualTo(Channel.QUOTES);
        final QuoteMessage quote = decoded.snapshotQuote(0, new QuoteMessage());
        assertThat(quote.ask()).isEqualTo(sampleQuote().ask());
        assertThat(quote.askSize()).isEqualTo(sampleQuote().askSize());
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldNotAllocateWhenEncodingInSteadyState(final WireEncoding encoding)
    {
        final WireEncoder encoder = encoding.newEncoder();
        final BarMessage bar = sampleBar().receiveNanos(RECEIVE_NANOS);
        final BarMessage next = sampleBarAfterTrade();
        final int delta = next.changedFields(bar);
        final TradeMessage trade = sampleTrade();
        final QuoteMessage quote = sampleQuote();
        final Runnable work = () ->
        {
            for (int i = 0; i < 1_000; i++)
            {
                encoder.encodeBar(buffer, 0, bar, WireMessages.BAR_ALL | WireMessages.TIMING);
                encoder.encodeBar(buffer, 0, next, delta);
                encoder.encodeTrade(buffer, 0, trade, 0);
                encoder.encodeQuote(buffer, 0, quote, WireMessages.QUOTE_ALL);
                encoder.encodeError(buffer, 0, i, ErrorCode.BAD_SYMBOL, "bad symbol");
                encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "e7", 1, 2);
                encoder.snapshotBar(bar);
                encoder.snapshotBar(next);
                encoder.snapshotEnd();
            }
        };

        assertThat(Allocations.bytesAllocatedBy(work)).isLessThan(1_024);
    }

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldNotAllocateWhenDecodingInSteadyState(final WireEncoding encoding)
    {
        final WireDecoder decoder = encoding.newDecoder();
        final int length = encoding.newEncoder().encodeBar(buffer, 0, sampleBar(), WireMessages.BAR_ALL);
        final Runnable work = () ->
        {
            for (int i = 0; i < 1_000; i++)
            {
                decoder.decode(buffer, 0, length, decoded);
            }
        };

        assertThat(Allocations.bytesAllocatedBy(work)).isLessThan(1_024);
    }
}
