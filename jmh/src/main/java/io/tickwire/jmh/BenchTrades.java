package io.tickwire.jmh;

import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ring.TradeEvent;

/**
 * The trade tape shared by {@link EngineBenchmark} and {@link PlainLoopBenchmark}, so that both apply exactly the
 * same trades to exactly the same engine configuration: {@link #COUNT} trades of the synthetic market
 * ({@value #SYMBOLS} symbols, {@value #RATE_PER_SECOND} trades/s of event time: skewed symbol mix, bursts, ~2%
 * out of order within the grace and 0.2% beyond it), generated once into parallel arrays so that generating them
 * costs nothing while measuring.
 * <p>
 * Trade {@code n} for any {@code n >= 0} is slot {@code n % COUNT} shifted forward by {@code n / COUNT} laps of
 * {@link #lapSpanNs()}: the tape's synthetic period divides {@link #COUNT}, so lap after lap the timestamps continue
 * exactly where the previous lap stopped, watermarks keep advancing and bars keep rolling however long a
 * benchmark runs.
 * <p>
 * Immutable after construction; {@link #fill(long, TradeEvent)} allocates nothing.
 */
public final class BenchTrades
{
    /** Distinct symbols on the tape. */
    public static final int SYMBOLS = 1_000;
    /** Average trades per second of event time: many trades share a 1s window, and windows advance. */
    public static final long RATE_PER_SECOND = 1_000_000;
    /** Seed of the synthetic market. */
    public static final long SEED = 42;
    /** Event time of trade 0: 2026-01-01T00:00:00Z. */
    public static final long ORIGIN_NS = 1_767_225_600_000_000_000L;
    /** log2 of {@link #COUNT}. */
    public static final int COUNT_BITS = 20;
    /** Trades held: about one second of event time, 40 MiB of arrays. */
    public static final int COUNT = 1 << COUNT_BITS;
    /** Trades per benchmark invocation (both benchmarks), see {@code @OperationsPerInvocation}. */
    public static final int BATCH = 4096;

    /** Engine configuration of both benchmarks: the production defaults. */
    public static final String TIMEFRAMES = Timeframes.DEFAULT;
    /** Allowed lateness. */
    public static final long GRACE_NS = 5_000_000_000L;
    /** Bars kept per symbol and timeframe: the production default, a {@code @Param} of both benchmarks. */
    public static final String HISTORY = "1000";
    /** Most symbols accepted. */
    public static final int MAX_SYMBOLS = 100_000;

    private static final int MASK = COUNT - 1;

    private final long[] tsNs = new long[COUNT];
    private final long[] words0 = new long[COUNT];
    private final long[] words1 = new long[COUNT];
    private final long[] prices = new long[COUNT];
    private final long[] volumes = new long[COUNT];
    private final long lapSpanNs;

    /** Generates the tape; takes a fraction of a second. */
    public BenchTrades()
    {
        final SyntheticTrades market = new SyntheticTrades(SEED, SYMBOLS, RATE_PER_SECOND, ORIGIN_NS);
        final TradeEvent scratch = new TradeEvent();
        for (int i = 0; i < COUNT; i++)
        {
            market.fill(i, scratch);
            tsNs[i] = scratch.tsNs;
            words0[i] = scratch.symbolWord0;
            words1[i] = scratch.symbolWord1;
            prices[i] = scratch.price;
            volumes[i] = scratch.volume;
        }
        lapSpanNs = market.dueNs(COUNT) - market.dueNs(0);
        if (market.dueNs(COUNT + 12_345L) - market.dueNs(12_345L) != lapSpanNs)
        {
            throw new IllegalStateException("the synthetic period does not divide " + COUNT + " trades");
        }
    }

    /**
     * A fresh engine as both benchmarks configure it: default timeframes, 5 s grace, output ignored.
     *
     * @param history bars kept per symbol and timeframe ({@link #HISTORY} by default).
     * @return the engine; the caller closes it.
     */
    public static BarEngine newEngine(final int history)
    {
        return new BarEngine(Timeframes.parse(TIMEFRAMES), GRACE_NS, history, MAX_SYMBOLS, BarListener.NONE);
    }

    /**
     * Frees an engine's bar state and checks that it accepted every trade a benchmark gave it.
     *
     * @param engine the engine, no longer used.
     * @param given  trades given to it.
     * @throws IllegalStateException when the engine accepted a different number of trades.
     */
    public static void closeAndCheck(final BarEngine engine, final long given)
    {
        final long accepted = engine.counters().accepted();
        engine.close();
        if (accepted != given)
        {
            throw new IllegalStateException("gave the engine " + given + " trades, it accepted " + accepted);
        }
    }

    /**
     * Writes trade {@code n} into an event, setting every field that the engine or its ring handler reads (bid and
     * ask absent, the arrival sequence and source offset equal to {@code n}, received at its own timestamp).
     *
     * @param n    trade number, &ge; 0, counted from the start of the trial.
     * @param into the event, e.g. a claimed ring slot.
     */
    public void fill(final long n, final TradeEvent into)
    {
        final int i = (int)(n & MASK);
        final long ts = tsNs[i] + (n >>> COUNT_BITS) * lapSpanNs;
        into.kind = TradeEvent.KIND_TRADE;
        into.tsNs = ts;
        into.symbolWord0 = words0[i];
        into.symbolWord1 = words1[i];
        into.price = prices[i];
        into.volume = volumes[i];
        into.bid = 0;
        into.ask = 0;
        into.sourceId = 0;
        into.partition = 0;
        into.sourceOffset = n;
        into.arrivalSeq = n;
        into.journalIndex = -1;
        into.receivedNs = ts;
    }

    /**
     * Event time covered by one lap of the tape.
     *
     * @return nanoseconds.
     */
    public long lapSpanNs()
    {
        return lapSpanNs;
    }
}
