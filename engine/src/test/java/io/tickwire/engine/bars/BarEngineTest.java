package io.tickwire.engine.bars;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ingest.TradeValidator;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tickwire.engine.bars.TestTrades.DAY;
import static io.tickwire.engine.bars.TestTrades.MINUTE;
import static io.tickwire.engine.bars.TestTrades.SECOND;
import static io.tickwire.engine.bars.TestTrades.held;
import static io.tickwire.engine.bars.TestTrades.ns;
import static io.tickwire.engine.bars.TestTrades.px;
import static io.tickwire.engine.bars.TestTrades.trade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked cases of SPEC §4 against {@link BarEngine}, with the default timeframes and a grace of 5 s.
 */
class BarEngineTest
{
    private static final int TF_1S = 0;
    private static final int TF_1M = 1;
    private static final int TF_5M = 2;
    private static final int TF_1H = 3;
    private static final int TF_1D = 4;
    private static final long GRACE = 5 * SECOND;
    /** A whole minute, so that T0 starts a 1s, 1m and 5m window. */
    private static final long T0 = ns("2024-03-15T14:30:00Z");

    private final RecordingListener listener = new RecordingListener();
    private final TradeEvent event = new TradeEvent();
    private BarEngine engine = newEngine(16);

    private BarEngine newEngine(final int maxSymbols)
    {
        return new BarEngine(Timeframes.parse(Timeframes.DEFAULT), GRACE, 16, maxSymbols, listener);
    }

    @AfterEach
    void close()
    {
        engine.close();
    }

    private RecordingListener.Trade apply(final String symbol, final long tsNs, final String price, final long volume)
    {
        assertThat(engine.onTrade(trade(event, symbol, tsNs, px(price), volume))).isTrue();
        return listener.trades.getLast();
    }

    private RecordingListener.Trade apply(
        final String symbol,
        final long tsNs,
        final String price,
        final long volume,
        final long receivedNs)
    {
        assertThat(engine.onTrade(trade(event, symbol, tsNs, px(price), volume, receivedNs))).isTrue();
        return listener.trades.getLast();
    }

    private int id(final String symbol)
    {
        return engine.symbols().find(symbol);
    }

    private RecordedBar only(final String symbol, final int tf)
    {
        final List<RecordedBar> bars = held(engine, id(symbol), tf);
        assertThat(bars).hasSize(1);
        return bars.getFirst();
    }

    private List<Long> starts(final String symbol, final int tf)
    {
        return held(engine, id(symbol), tf).stream().map(RecordedBar::start).toList();
    }

    @Test
    void shouldPlaceTradeInWindowOfItsEventTimeNotOfItsArrival()
    {
        engine.onTrade(trade(event, "AAPL", T0 + 1_500_000_000L, px("10"), 1, T0 + 3 * DAY + 7 * SECOND));

        assertThat(only("AAPL", TF_1S).start()).isEqualTo(T0 + SECOND);
        assertThat(only("AAPL", TF_1M).start()).isEqualTo(T0);
        assertThat(only("AAPL", TF_1D).start()).isEqualTo(ns("2024-03-15T00:00:00Z"));
    }

    @Test
    void shouldAlignWindowsOfNegativeTimestampsToTheEpoch()
    {
        apply("OLD", -1, "1", 1);

        assertThat(only("OLD", TF_1S).start()).isEqualTo(-SECOND);
        assertThat(only("OLD", TF_1M).start()).isEqualTo(-MINUTE);
        assertThat(only("OLD", TF_5M).start()).isEqualTo(-5 * MINUTE);
        assertThat(only("OLD", TF_1H).start()).isEqualTo(-60 * MINUTE);
        assertThat(only("OLD", TF_1D).start()).isEqualTo(-DAY);
    }

    @Test
    void shouldPutNegativeTimestampOnAWindowBoundaryInTheWindowItStarts()
    {
        apply("OLD", -1_500_000_000L, "1", 1);
        apply("OLD", -SECOND, "2", 1);

        assertThat(starts("OLD", TF_1S)).containsExactly(-2 * SECOND, -SECOND);
        assertThat(only("OLD", TF_1M).count()).isEqualTo(2);
        assertThat(only("OLD", TF_1D).start()).isEqualTo(ns("1969-12-31T00:00:00Z"));
    }

    @Test
    void shouldStartDailyBarsAtUtcMidnight()
    {
        apply("AAPL", ns("2024-03-10T23:59:59.999999999Z"), "1", 1);
        apply("AAPL", ns("2024-03-11T00:00:00Z"), "2", 1);

        assertThat(starts("AAPL", TF_1D)).containsExactly(ns("2024-03-10T00:00:00Z"), ns("2024-03-11T00:00:00Z"));
        assertThat(starts("AAPL", TF_1H)).containsExactly(ns("2024-03-10T23:00:00Z"), ns("2024-03-11T00:00:00Z"));
        assertThat(held(engine, id("AAPL"), TF_1D)).extracting(RecordedBar::close).containsExactly(px("1"), px("2"));
    }

    @Test
    void shouldPutTradeAtExactBoundaryInTheWindowItStarts()
    {
        apply("AAPL", T0 + SECOND - 1, "1", 1);
        apply("AAPL", T0 + SECOND, "2", 1);
        apply("AAPL", T0 + MINUTE, "3", 1);

        assertThat(starts("AAPL", TF_1S)).containsExactly(T0, T0 + SECOND, T0 + MINUTE);
        assertThat(held(engine, id("AAPL"), TF_1S)).extracting(RecordedBar::count).containsExactly(1L, 1L, 1L);
        assertThat(starts("AAPL", TF_1M)).containsExactly(T0, T0 + MINUTE);
        assertThat(held(engine, id("AAPL"), TF_1M)).extracting(RecordedBar::count).containsExactly(2L, 1L);
        assertThat(only("AAPL", TF_5M).count()).isEqualTo(3);
    }

    @Test
    void shouldKeepEarlierArrivalAsOpenAndMakeLaterArrivalTheCloseWhenTimestampsAreEqual()
    {
        final long ts = T0 + 500_000_000L;
        apply("AAPL", ts, "100", 1);
        apply("AAPL", ts, "101", 1);
        apply("AAPL", ts, "99", 1);

        final RecordedBar bar = only("AAPL", TF_1S);
        assertThat(bar.open()).isEqualTo(px("100"));
        assertThat(bar.close()).isEqualTo(px("99"));
        assertThat(bar.high()).isEqualTo(px("101"));
        assertThat(bar.low()).isEqualTo(px("99"));
        assertThat(bar.count()).isEqualTo(3);
    }

    @Test
    void shouldMoveOpenButNotCloseWhenEarlierTradeArrivesLater()
    {
        apply("AAPL", T0 + 900_000_000L, "10", 1);
        apply("AAPL", T0 + 100_000_000L, "20", 1);

        RecordedBar bar = only("AAPL", TF_1S);
        assertThat(bar.open()).isEqualTo(px("20"));
        assertThat(bar.close()).isEqualTo(px("10"));

        apply("AAPL", T0 + 900_000_000L, "30", 1); // same ts as the close, later arrival: the new close
        apply("AAPL", T0 + 100_000_000L, "40", 1); // same ts as the open, later arrival: not the open
        bar = only("AAPL", TF_1S);
        assertThat(bar.open()).isEqualTo(px("20"));
        assertThat(bar.close()).isEqualTo(px("30"));
        assertThat(bar.high()).isEqualTo(px("40"));
        assertThat(bar.low()).isEqualTo(px("10"));
    }

    @Test
    void shouldLeaveTradeTenSecondsLateOutOfItsSecondBarButPutItInItsOpenMinuteBar()
    {
        apply("AAPL", T0 + 30 * SECOND, "100", 10);
        final RecordingListener.Trade late = apply("AAPL", T0 + 20 * SECOND, "90", 5);

        assertThat(late.lateMask()).isEqualTo(1 << TF_1S);
        assertThat(starts("AAPL", TF_1S)).containsExactly(T0 + 30 * SECOND);
        assertThat(only("AAPL", TF_1S).volume()).isEqualTo(10);
        final RecordedBar minute = only("AAPL", TF_1M);
        assertThat(minute.count()).isEqualTo(2);
        assertThat(minute.volume()).isEqualTo(15);
        assertThat(minute.open()).isEqualTo(px("90"));
        assertThat(minute.close()).isEqualTo(px("100"));
        assertThat(engine.counters().late()).isEqualTo(1);
        assertThat(engine.counters().lateFor(TF_1S)).isEqualTo(1);
        assertThat(engine.counters().lateFor(TF_1M)).isZero();
    }

    @Test
    void shouldTreatWindowEndingExactlyAtTheWatermarkAsLate()
    {
        apply("AAPL", T0 + 26 * SECOND, "1", 1); // watermark T0 + 21 s

        assertThat(apply("AAPL", T0 + 21 * SECOND - 1, "2", 1).lateMask()).isEqualTo(1 << TF_1S);
        assertThat(apply("AAPL", T0 + 21 * SECOND, "3", 1).lateMask()).isZero();
        assertThat(starts("AAPL", TF_1S)).containsExactly(T0 + 21 * SECOND, T0 + 26 * SECOND);
    }

    @Test
    void shouldFinaliseAtTheBoundaryAndTreatTheNextTradeInThatWindowAsLateWithZeroGrace()
    {
        engine.close();
        engine = new BarEngine(Timeframes.parse("1s"), 0, 3, 4, listener);
        apply("AAPL", T0 + 500_000_000L, "1", 1);
        apply("AAPL", T0 + SECOND, "2", 1);

        assertThat(listener.updatesOf(0, 0, T0).getLast().isFinal()).isTrue();
        assertThat(apply("AAPL", T0 + SECOND - 1, "3", 1).lateMask()).isEqualTo(1);
        assertThat(engine.counters().corrections()).isZero();
    }

    @Test
    void shouldNeverTreatTheFirstTradeOfASymbolAsLate()
    {
        apply("AAPL", T0 + 100 * SECOND, "1", 1);

        assertThat(apply("MSFT", 0, "1", 1).lateMask()).isZero();
        assertThat(apply("BTC-USD", T0 - 30 * DAY, "1", 1).lateMask()).isZero();
        assertThat(engine.counters().late()).isZero();
    }

    @Test
    void shouldKeepAWatermarkPerSymbol()
    {
        apply("AAPL", T0 + 100 * SECOND, "1", 1);
        apply("MSFT", T0, "1", 1);

        assertThat(apply("MSFT", T0 + SECOND, "1", 1).lateMask()).isZero();
        assertThat(apply("AAPL", T0 + SECOND, "1", 1).lateMask()).isEqualTo((1 << TF_1S) | (1 << TF_1M));
        assertThat(apply("MSFT", T0 + 500_000_000L, "1", 1).lateMask()).isZero();
        assertThat(starts("MSFT", TF_1S)).containsExactly(T0, T0 + SECOND);
        assertThat(held(engine, id("MSFT"), TF_1S).getFirst().count()).isEqualTo(2);
    }

    @Test
    void shouldPublishFinalisationByWatermarkOnceWithRevZeroAndSeqRisingByOnePerUpdate()
    {
        apply("AAPL", T0 + 200_000_000L, "1", 1);
        apply("AAPL", T0 + 700_000_000L, "2", 1);
        apply("AAPL", T0 + 6 * SECOND - 1, "3", 1); // watermark T0 + 1 s - 1 ns: the first bar stays open
        assertThat(listener.updatesOf(0, TF_1S, T0)).noneMatch(RecordedBar::isFinal);

        apply("AAPL", T0 + 6 * SECOND, "4", 1); // watermark T0 + 1 s: the first bar is final
        apply("AAPL", T0 + 7 * SECOND, "5", 1);
        apply("AAPL", T0 + 20 * SECOND, "6", 1);

        final List<RecordedBar> updates = listener.updatesOf(0, TF_1S, T0);
        assertThat(updates).hasSize(3);
        assertThat(updates.subList(0, 2)).noneMatch(RecordedBar::isFinal);
        final RecordedBar last = updates.getLast();
        assertThat(last.isFinal()).isTrue();
        assertThat(last.rev()).isZero();
        assertThat(last.content()).isEqualTo(updates.get(1).content());
        assertThat(last.count()).isEqualTo(2);
        assertThat(last.close()).isEqualTo(px("2"));

        final List<RecordedBar> stream = listener.stream(0, TF_1S);
        for (int i = 0; i < stream.size(); i++)
        {
            assertThat(stream.get(i).seq()).as("update %d of the 1s stream", i).isEqualTo(i + 1);
        }
        assertThat(stream.stream().filter(RecordedBar::isFinal).map(RecordedBar::start))
            .containsExactlyInAnyOrder(T0, T0 + 5 * SECOND, T0 + 6 * SECOND, T0 + 7 * SECOND);
        assertThat(listener.stream(0, TF_1M)).extracting(RecordedBar::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(engine.counters().finalised(false)).isEqualTo(4);
        assertThat(engine.counters().finalised(true)).isZero();
    }

    @Test
    void shouldFinaliseIdleBarByWallClockAndCorrectItWithRevOneWhenANonLateTradeLandsInIt()
    {
        apply("ILLQ", T0 + 500_000_000L, "10", 1); // received at its ts, as live

        engine.onClock(T0 + 6 * SECOND - 1);
        assertThat(listener.updatesOf(0, TF_1S, T0)).noneMatch(RecordedBar::isFinal);

        engine.onClock(T0 + 6 * SECOND);
        List<RecordedBar> updates = listener.updatesOf(0, TF_1S, T0);
        assertThat(updates).hasSize(2);
        assertThat(updates.getLast().isFinal()).isTrue();
        assertThat(updates.getLast().rev()).isZero();
        assertThat(engine.counters().finalised(true)).isEqualTo(1);
        assertThat(listener.updatesOf(0, TF_1M, T0)).noneMatch(RecordedBar::isFinal);

        engine.onClock(T0 + 7 * SECOND);
        assertThat(listener.updatesOf(0, TF_1S, T0)).hasSize(2); // published final once

        // Received well after the bar went final, but not late: its symbol's watermark is still T0 - 4.5 s.
        final RecordingListener.Trade correction =
            apply("ILLQ", T0 + 800_000_000L, "12", 3, T0 + 8 * SECOND);
        assertThat(correction.lateMask()).isZero();
        updates = listener.updatesOf(0, TF_1S, T0);
        assertThat(updates).hasSize(3);
        final RecordedBar corrected = updates.getLast();
        assertThat(corrected.isFinal()).isTrue();
        assertThat(corrected.rev()).isEqualTo(1);
        assertThat(corrected.count()).isEqualTo(2);
        assertThat(corrected.volume()).isEqualTo(4);
        assertThat(corrected.close()).isEqualTo(px("12"));
        assertThat(corrected.seq()).isEqualTo(updates.get(1).seq() + 1);
        assertThat(engine.counters().corrections()).isEqualTo(1);

        apply("ILLQ", T0 + 100_000_000L, "8", 1, T0 + 9 * SECOND);
        assertThat(listener.updatesOf(0, TF_1S, T0).getLast().rev()).isEqualTo(2);
        assertThat(listener.updatesOf(0, TF_1S, T0).getLast().open()).isEqualTo(px("8"));
        assertThat(listener.updatesOf(0, TF_1M, T0)).allMatch(b -> b.rev() == 0 && !b.isFinal());
    }

    @Test
    void shouldNotFinaliseByClockWhileAReplayOfOldTradesFlowsFast()
    {
        final long now = T0 + DAY;
        final long step = 10_000_000L;
        for (int i = 0; i < 2_000; i++)
        {
            final long receivedNs = now + i * 1_000L;
            // Every tenth trade is 3 s out of order: within the grace, so it must find its bars still open.
            final long ts = i % 10 == 9 ? T0 + i * step - 3 * SECOND : T0 + i * step;
            engine.onTrade(trade(event, "AAPL", ts, px("100") + i, 1 + i % 7, receivedNs));
            engine.onClock(receivedNs + 500);
        }

        assertThat(listener.trades).allMatch(t -> t.lateMask() == 0);
        assertThat(engine.counters().finalised(false)).isGreaterThan(0);
        assertThat(engine.counters().finalised(true)).isZero();
        assertThat(engine.counters().corrections()).isZero();

        // The replay stops: the idle symbol's bars are finalised by the wall clock.
        engine.onClock(now + 10 * MINUTE);
        assertThat(engine.counters().finalised(true)).isGreaterThan(0);
        assertThat(held(engine, 0, TF_1S)).allMatch(RecordedBar::isFinal);
        assertThat(held(engine, 0, TF_1M)).allMatch(RecordedBar::isFinal);
        assertThat(held(engine, 0, TF_1D)).noneMatch(RecordedBar::isFinal);
        assertThat(engine.counters().corrections()).isZero();
    }

    @Test
    void shouldComputeVwapExactlyAtMaximumPriceAndVolume()
    {
        final int trades = 1_000;
        BigDecimal sumPv = BigDecimal.ZERO;
        long sumVolume = 0;
        for (int i = 0; i < trades; i++)
        {
            final long price = TradeValidator.MAX_PRICE - i * 7_919L;
            final long volume = TradeValidator.MAX_VOLUME - i * 104_729L;
            engine.onTrade(trade(event, "BRK.A", T0 + i * 1_000_000L, price, volume));
            sumPv = sumPv.add(BigDecimal.valueOf(price, 8).multiply(BigDecimal.valueOf(volume)));
            sumVolume += volume;
        }
        final BigDecimal expected = sumPv.divide(BigDecimal.valueOf(sumVolume), 8, RoundingMode.HALF_EVEN);

        final RecordedBar bar = only("BRK.A", TF_1S);
        assertThat(bar.volume()).isEqualTo(sumVolume);
        assertThat(bar.count()).isEqualTo(trades);
        assertThat(BigDecimal.valueOf(bar.vwap(), 8)).isEqualByComparingTo(expected);
        assertThat(bar.high()).isEqualTo(TradeValidator.MAX_PRICE);
        assertThat(only("BRK.A", TF_1D).vwap()).isEqualTo(bar.vwap());
    }

    @Test
    void shouldRoundVwapHalfToEven()
    {
        apply("TIE", T0, "0.00000001", 1);
        apply("TIE", T0, "0.00000002", 1);
        assertThat(only("TIE", TF_1S).vwap()).isEqualTo(2); // 1.5 -> 2

        apply("TIE2", T0, "0.00000002", 1);
        apply("TIE2", T0, "0.00000003", 1);
        assertThat(only("TIE2", TF_1S).vwap()).isEqualTo(2); // 2.5 -> 2

        apply("THIRD", T0, "0.00000001", 2);
        apply("THIRD", T0, "0.00000002", 1);
        assertThat(only("THIRD", TF_1S).vwap()).isEqualTo(1); // 4/3 -> 1
    }

    @Test
    void shouldCountAcceptedLateAndLateByTimeframe()
    {
        apply("AAPL", T0 + 30 * SECOND, "1", 1);
        apply("AAPL", T0 + 20 * SECOND + 500_000_000L, "1", 1); // late for 1s only
        apply("AAPL", T0 - 50 * SECOND, "1", 1); // late for 1s, 1m and 5m; joins the 1h and 1d bars
        apply("AAPL", T0 + 29 * SECOND, "1", 1); // within the grace

        final EngineCounters counters = engine.counters();
        assertThat(counters.accepted()).isEqualTo(4);
        assertThat(counters.late()).isEqualTo(2);
        assertThat(counters.lateFor(TF_1S)).isEqualTo(2);
        assertThat(counters.lateFor(TF_1M)).isEqualTo(1);
        assertThat(counters.lateFor(TF_5M)).isEqualTo(1);
        assertThat(counters.lateFor(TF_1H)).isZero();
        assertThat(counters.lateFor(TF_1D)).isZero();
        assertThat(only("AAPL", TF_1H).count()).isEqualTo(4);
        assertThat(only("AAPL", TF_5M).count()).isEqualTo(3);
        assertThat(listener.trades).extracting(RecordingListener.Trade::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(counters.rejected()).isZero();
    }

    @Test
    void shouldRejectANewSymbolOnceTheTableIsFullWithoutTouchingBars()
    {
        engine.close();
        engine = newEngine(2);
        apply("A", T0, "1", 1);
        apply("B", T0, "1", 1);

        assertThat(engine.onTrade(trade(event, "C", T0, px("1"), 1))).isFalse();
        assertThat(engine.onTrade(trade(event, "A", T0 + 1, px("2"), 1))).isTrue();

        assertThat(engine.counters().rejected(RejectReason.TOO_MANY_SYMBOLS)).isEqualTo(1);
        assertThat(engine.counters().accepted()).isEqualTo(3);
        assertThat(engine.symbols().size()).isEqualTo(2);
        assertThat(engine.symbols().find("C")).isEqualTo(-1);
        assertThat(listener.trades).hasSize(3);
        assertThat(only("A", TF_1S).count()).isEqualTo(2);
    }

    @Test
    void shouldApplyRingEventsOfEveryKind()
    {
        engine.onEvent(trade(event, "AAPL", T0 + 500_000_000L, px("1"), 1));
        event.kind = TradeEvent.KIND_CLOCK;
        event.tsNs = T0 + 6 * SECOND;
        engine.onEvent(event);
        assertThat(listener.updatesOf(0, TF_1S, T0).getLast().isFinal()).isTrue();

        event.kind = 99;
        engine.onEvent(event);
        assertThat(engine.counters().rejected(RejectReason.MALFORMED)).isEqualTo(1);
        assertThat(engine.counters().accepted()).isEqualTo(1);
    }

    /**
     * A timestamp within a window length of Long.MIN_VALUE once landed in a bar starting in 2262 because
     * {@code ts - floorMod(ts, len)} underflowed. Either the trade is refused or its bar contains its ts.
     */
    @Test
    void shouldNeverPutATradeInAWindowThatDoesNotContainItsTimestamp()
    {
        final long ts = Long.MIN_VALUE + 1;
        final boolean accepted = engine.onTrade(trade(event, "EDGE", ts, px("1"), 1));

        for (final RecordedBar bar : listener.bars)
        {
            final long lengthNs = engine.timeframes().lengthNs(bar.tf());
            assertThat(accepted).isTrue();
            assertThat(bar.start()).as("start of the %s bar of ts %d", engine.timeframes().name(bar.tf()), ts)
                .isLessThanOrEqualTo(ts);
            assertThat(ts - bar.start()).isLessThan(lengthNs);
        }
    }
}
