package io.tickwire.engine.feed;

import java.lang.management.ManagementFactory;

import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The feed's schedule: bursts (blocks at ten times the rate) by default, a steady rate without them; the same
 * symbols either way.
 */
class SyntheticTradesTest
{
    private static final long ORIGIN = 1_700_000_000_000_000_000L;
    private static final int RATE = 50_000;
    private static final long INTERVAL_NS = 1_000_000_000L / RATE;
    /** One whole cycle of the burst pattern (32 blocks of 1,024 trades). */
    private static final int CYCLE = 32 * 1024;

    @Test
    void shouldDueEveryTradeOneIntervalAfterThePreviousWithoutBursts()
    {
        final SyntheticTrades steady = new SyntheticTrades(7, 1000, RATE, ORIGIN, false);
        for (long n = 0; n < 3L * CYCLE; n++)
        {
            assertThat(steady.dueNs(n + 1) - steady.dueNs(n)).as("gap after trade %d", n)
                .isBetween(INTERVAL_NS - 1, INTERVAL_NS + 1);
        }
        assertThat(steady.dueNs(CYCLE) - steady.dueNs(0)).isEqualTo(CYCLE * INTERVAL_NS);
    }

    @Test
    void shouldRunSomeBlocksAtTenTimesTheRateWithBursts()
    {
        final SyntheticTrades bursty = new SyntheticTrades(7, 1000, RATE, ORIGIN);
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (long n = 0; n < CYCLE; n++)
        {
            final long gap = bursty.dueNs(n + 1) - bursty.dueNs(n);
            shortest = Math.min(shortest, gap);
            longest = Math.max(longest, gap);
        }
        assertThat(shortest).isBetween(INTERVAL_NS / 10 - 1, INTERVAL_NS / 10 + 1);
        assertThat(longest).isBetween(2 * INTERVAL_NS - 1, 2 * INTERVAL_NS + 1);
    }

    @Test
    void shouldDrawTheSameSymbolsWithOrWithoutBursts()
    {
        final SyntheticTrades bursty = new SyntheticTrades(7, 1000, RATE, ORIGIN, true);
        final SyntheticTrades steady = new SyntheticTrades(7, 1000, RATE, ORIGIN, false);
        final TradeEvent a = new TradeEvent();
        final TradeEvent b = new TradeEvent();
        for (long n = 0; n < 10_000; n++)
        {
            bursty.fill(n, a);
            steady.fill(n, b);
            assertThat(b.symbolWord0).isEqualTo(a.symbolWord0);
            assertThat(b.symbolWord1).isEqualTo(a.symbolWord1);
        }
    }

    @Test
    void shouldFillTradesWithoutAllocating()
    {
        final SyntheticTrades market = new SyntheticTrades(7, 1000, RATE, ORIGIN, false);
        final TradeEvent event = new TradeEvent();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long n = 0;
        for (; n < 200_000; n++)
        {
            market.fill(n, event); // warm-up: class loading and compilation allocate
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (final long end = n + 200_000; n < end; n++)
        {
            market.fill(n, event);
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated by 200,000 fills")
            .isLessThan(4096);
    }

    @Test
    void shouldMatchStrictMathSineOverTheArgumentsOfTwoYearsOfTrades()
    {
        // The fastest wave turns every 37 s: two years of seconds is |x| up to ~1e7.
        for (int i = -40_000; i <= 40_000; i++)
        {
            final double x = i * 250.0 + i * 0.7853981;
            assertThat(SyntheticTrades.sine(x)).as("sin(%s)", x).isCloseTo(StrictMath.sin(x), within(1e-9));
        }
    }
}
