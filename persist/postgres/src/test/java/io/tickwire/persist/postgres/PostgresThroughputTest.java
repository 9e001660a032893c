package io.tickwire.persist.postgres;

import static io.tickwire.persist.postgres.Trades.DAY0_NS;
import static io.tickwire.persist.postgres.Trades.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.TradeBatch;

/**
 * Measurements, not checks: runs only with {@code -Dtickwire.postgres.bench=true}, e.g.
 * {@code mvn -o -q verify -pl persist/postgres -Dtest=PostgresThroughputTest -Dtickwire.postgres.bench=true}.
 */
@Timeout(600)
class PostgresThroughputTest
{
    private static final int TRADES = 1_000_000;
    private static final int BATCH = 50_000;
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final String[] SYMBOLS = {"BTCUSD", "ETHUSD", "SOLUSD", "AAPL", "MSFT", "NVDA", "EURUSD", "XAUUSD"};

    @Test
    void shouldMeasureCopyRowsPerSecond() throws Exception
    {
        assumeTrue(Boolean.getBoolean("tickwire.postgres.bench"), "set -Dtickwire.postgres.bench=true to measure");
        final double[] rates = new double[3];
        final Trades trades = new Trades();
        final TradeBatch batch = new TradeBatch(BATCH);
        for (int run = 0; run < rates.length; run++)
        {
            try (PostgresStore store = TestDatabase.freshStore("t_bench_trades", "");
                PostgresTradeSink sink = store.tradeSink())
            {
                sink.open();
                long seq = 0;
                final long start = System.nanoTime();
                while (seq < TRADES)
                {
                    batch.clear();
                    for (int i = 0; i < BATCH; i++)
                    {
                        // About 2 days of trades, so batches cross midnight once.
                        final long tsNs = DAY0_NS + seq * 170_000_000L + (seq % 7) * 1_000;
                        trades.add(batch, seq, tsNs, SYMBOLS[(int)(seq % SYMBOLS.length)],
                            100 * SCALE + (seq * 7919) % 1_000_000_000L, 1 + seq % 100);
                        seq++;
                    }
                    sink.write(batch);
                }
                final long elapsedNs = System.nanoTime() - start;
                rates[run] = TRADES * 1e9 / elapsedNs;
                assertThat(sink.lastWrittenSeq()).isEqualTo(TRADES - 1);
                System.out.printf("postgres COPY run %d: %,d trades in %.2f s = %,.0f rows/s%n", run + 1, TRADES,
                    elapsedNs / 1e9, rates[run]);
            }
        }
        Arrays.sort(rates);
        System.out.printf("postgres COPY median of 3: %,.0f rows/s (50k batches, one transaction each)%n", rates[1]);
    }

    @Test
    void shouldMeasureHistoryQueryOverAYearOfMinuteBars() throws Exception
    {
        assumeTrue(Boolean.getBoolean("tickwire.postgres.bench"), "set -Dtickwire.postgres.bench=true to measure");
        try (PostgresStore store = TestDatabase.freshStore("t_bench_bars", "");
            PostgresBarSink sink = store.barSink())
        {
            sink.open();
            final int minutes = 365 * 24 * 60;
            final List<BarRecord> chunk = new ArrayList<>(10_000);
            final long loadStart = System.nanoTime();
            for (int m = 0; m < minutes; m++)
            {
                chunk.add(new BarRecord("BTCUSD", "1m", DAY0_NS + m * MINUTE_NS, 100 * SCALE + m, 101 * SCALE + m,
                    99 * SCALE + m, 100 * SCALE + m + 1, 1000, 10, 100 * SCALE + m, 0, m));
                if (chunk.size() == 10_000 || m == minutes - 1)
                {
                    sink.write(chunk);
                    chunk.clear();
                }
            }
            System.out.printf("postgres bars: upserted %,d 1m bars in %.2f s%n", minutes,
                (System.nanoTime() - loadStart) / 1e9);
            try (var c = store.connection(); var st = c.createStatement())
            {
                st.execute("VACUUM ANALYZE bars");
            }
            final PostgresHistoryReader reader = store.historyReader();
            final long[] timesNs = new long[21];
            for (int i = 0; i < timesNs.length; i++)
            {
                final long start = System.nanoTime();
                final List<BarRecord> bars = reader.bars("BTCUSD", "1m", DAY0_NS, DAY0_NS + minutes * MINUTE_NS,
                    10_000);
                timesNs[i] = System.nanoTime() - start;
                assertThat(bars).hasSize(10_000);
                assertThat(bars.getLast().startNs()).isEqualTo(DAY0_NS + (minutes - 1) * MINUTE_NS);
            }
            Arrays.sort(timesNs);
            System.out.printf("postgres history: limit 10,000 over a year of 1m bars (%,d rows): median %.1f ms, "
                + "min %.1f ms, max %.1f ms (21 runs)%n", minutes, timesNs[10] / 1e6, timesNs[0] / 1e6,
                timesNs[20] / 1e6);
        }
    }
}
