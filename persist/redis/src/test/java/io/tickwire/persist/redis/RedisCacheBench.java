package io.tickwire.persist.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.TradeBatch;

/**
 * A by-hand benchmark against the real Redis (not a test; run its main with the test classpath): the price sink's
 * rows/s over 1M trades of 1,000 symbols in 50k-row batches (median of 3 runs after 2 warm-up runs), and the bar
 * reader's latency for limit 1,000. Uses DB 15 and flushes it.
 */
public final class RedisCacheBench
{
    private static final int TRADES = 1_000_000;
    private static final int SYMBOLS = 1_000;
    private static final int BATCH = 50_000;
    private static final int WARMUP_RUNS = 2;
    private static final int RUNS = 3;
    private static final int READS = 2_000;

    private RedisCacheBench()
    {
    }

    /**
     * Runs both measurements and prints them.
     *
     * @param args unused.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        try (RedisStore store = RedisTestSupport.cleanStore())
        {
            prices(store);
            bars(store);
            store.shared().sync().flushdb();
        }
    }

    private static void prices(final RedisStore store) throws Exception
    {
        final String[] names = new String[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++)
        {
            names[s] = "SYM" + s;
        }
        final List<TradeBatch> batches = new ArrayList<>();
        TradeBatch batch = new TradeBatch(BATCH);
        long seq = 0;
        for (int i = 0; i < TRADES; i++)
        {
            if (batch.size() == BATCH)
            {
                batches.add(batch);
                batch = new TradeBatch(BATCH);
            }
            seq++;
            RedisTestSupport.trade(batch, seq, names[(int)((i * 7919L) % SYMBOLS)], RedisTestSupport.T0 + i,
                100_00000000L + i, 99_00000000L + i, 101_00000000L + i);
        }
        batches.add(batch);

        final double[] rates = new double[RUNS];
        // A clock at the epoch: the prebuilt rows never count as stale however long the runs take.
        try (RedisPriceSink sink = new RedisPriceSink(store, RedisPriceSink.DEFAULT_TTL, () -> 0L))
        {
            sink.open();
            for (int run = -WARMUP_RUNS; run < RUNS; run++)
            {
                final long startNs = System.nanoTime();
                for (final TradeBatch b : batches)
                {
                    sink.write(b);
                }
                final long elapsedNs = System.nanoTime() - startNs;
                if (run >= 0)
                {
                    rates[run] = TRADES * 1e9 / elapsedNs;
                }
                System.out.printf("price sink run %d: %,d rows in %.1f ms = %,.0f rows/s%n", run, TRADES,
                    elapsedNs / 1e6, TRADES * 1e9 / elapsedNs);
            }
        }
        Arrays.sort(rates);
        System.out.printf("price sink median of %d: %,.0f rows/s (%d batches of %,d, %,d symbols)%n", RUNS,
            rates[RUNS / 2], batches.size(), BATCH, SYMBOLS);
    }

    private static void bars(final RedisStore store) throws Exception
    {
        final List<BarRecord> bars = RedisTestSupport.minuteBars("AAPL", 1_000);
        try (RedisBarSink sink = new RedisBarSink(store))
        {
            sink.open();
            sink.write(bars);
        }
        final RedisHistoryReader reader = new RedisHistoryReader(store, new CacheMetrics());
        for (final int limit : new int[] {1_000, 100})
        {
            final long[] latenciesNs = new long[READS];
            for (int i = -READS / 2; i < READS; i++)
            {
                final long startNs = System.nanoTime();
                final int size = reader.bars("AAPL", "1m", Long.MIN_VALUE, Long.MAX_VALUE, limit).size();
                final long elapsedNs = System.nanoTime() - startNs;
                if (size != limit)
                {
                    throw new IllegalStateException("read " + size);
                }
                if (i >= 0)
                {
                    latenciesNs[i] = elapsedNs;
                }
            }
            Arrays.sort(latenciesNs);
            System.out.printf("bars read limit %,d: p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us (%,d reads)%n",
                limit, latenciesNs[READS / 2] / 1e3, latenciesNs[READS * 9 / 10] / 1e3,
                latenciesNs[READS * 99 / 100] / 1e3, latenciesNs[READS - 1] / 1e3, READS);
        }
    }
}
