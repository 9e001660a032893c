package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.JournalTradeWriter;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.WriterSettings;

/**
 * {@code scripts/bench.sh clickhouse}: how close the trade writer comes to the server's own bulk load. It
 * <ol>
 *   <li>generates N trades (default 1,000,000; 16 symbols) into {@link TradeBatch}es of 50,000 rows;</li>
 *   <li>journals them (a real Chronicle journal in a temporary folder) and times the production writer agent,
 *   {@link JournalTradeWriter} over {@link ClickHouseTradeSink}, from start until the store holds the last row,
 *   into {@code trades} of database {@code tickwire_bench};</li>
 *   <li>writes the same rows as one RowBinary file and times
 *   {@code clickhouse-client --query "INSERT INTO tickwire_bench.trades_bulk FORMAT RowBinary" < file}, a twin of
 *   {@code trades} with its own twin materialized view, so both sides make the server do the same work;</li>
 *   <li>recreates the database and journals trades paced at {@code --rate} (100,000/s) for {@code --seconds} (20)
 *   while the writer tails the journal, and takes the writer's lag p99 (receipt to durable in the store);</li>
 *   <li>prints {@code clickhouse: writer=<N> rows/s bulk=<M> rows/s ratio=<N/M> lag_p99=<s>}.</li>
 * </ol>
 * With {@code --history} it also loads a year of 1m bars (525,600) for one symbol and prints the median time of the
 * history reader's query for the latest 10,000. Options: {@code --rows N}, {@code --batch N}, {@code --url URL}
 * (default {@code http://127.0.0.1:8123/?database=tickwire_bench}; the database is dropped first),
 * {@code --client PATH} (clickhouse-client), {@code --tcp-port N} (native port, default $CLICKHOUSE_TCP_PORT or
 * 9000). Run from the repository root:
 * <pre>
 *   mvn -o -q -pl persist/clickhouse test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 *   java -cp persist/clickhouse/target/test-classes:persist/clickhouse/target/classes:$(cat \
 *     persist/clickhouse/target/bench.classpath) io.tickwire.persist.clickhouse.ClickHouseWriterBench
 * </pre>
 */
public final class ClickHouseWriterBench
{
    private static final long MINUTE_NS = 60_000_000_000L;

    private ClickHouseWriterBench()
    {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options, see the class comment.
     * @throws Exception when the server cannot be reached or the bulk load fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int rows = 1_000_000;
        int batchRows = 50_000;
        String url = "http://127.0.0.1:8123/?database=tickwire_bench";
        String clientPath = "clickhouse-client";
        String tcpPort = System.getenv().getOrDefault("CLICKHOUSE_TCP_PORT", "9000");
        boolean history = false;
        int rate = 100_000;
        int seconds = 20;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--batch" -> batchRows = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                case "--client" -> clientPath = args[++i];
                case "--tcp-port" -> tcpPort = args[++i];
                case "--history" -> history = true;
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (accepts --rows N --batch N --url URL --client PATH --tcp-port N --rate N --seconds N"
                    + " --history)");
            }
        }
        final List<TradeBatch> batches = generate(rows, batchRows);
        final Path work = Files.createTempDirectory("tickwire-clickhouse-bench");
        try (ClickHouseStore store = ClickHouseStore.fromUrl(url); ClickHouseTradeSink sink = store.tradeSink())
        {
            final ClickHouseConnection connection = connectionOf(store);
            final String db = store.url().database();
            connection.execute("DROP DATABASE IF EXISTS " + db);
            sink.open();
            connection.execute("CREATE TABLE " + db + ".trades_bulk AS " + db + ".trades");
            connection.execute("CREATE TABLE " + db + ".ohlc_1m_bulk AS " + db + ".ohlc_1m");
            connection.execute(ClickHouseSchema.statements(db, false).get(3)
                .replace(db + ".ohlc_1m_mv TO " + db + ".ohlc_1m ", db + ".ohlc_1m_bulk_mv TO " + db + ".ohlc_1m_bulk ")
                .replace("FROM " + db + ".trades ", "FROM " + db + ".trades_bulk "));

            final double writerSeconds = timeWriter(store, work.resolve("throughput"), rows, batchRows);
            long start;

            final Path file = Files.createTempFile("tickwire-clickhouse-bench", ".rowbinary");
            try
            {
                try (OutputStream out = Files.newOutputStream(file))
                {
                    for (final TradeBatch batch : batches)
                    {
                        sink.encode(batch);
                        sink.buffer().writeTo(out);
                    }
                }
                final ProcessBuilder bulk = new ProcessBuilder(clientPath, "--host", "127.0.0.1", "--port", tcpPort,
                    "--user", store.url().user(), "--password", store.url().password(),
                    "--query", "INSERT INTO " + db + ".trades_bulk FORMAT RowBinary")
                    .redirectInput(file.toFile()).redirectErrorStream(true);
                start = System.nanoTime();
                final Process process = bulk.start();
                final String output = new String(process.getInputStream().readAllBytes());
                final int exit = process.waitFor();
                final double bulkSeconds = (System.nanoTime() - start) / 1e9;
                if (exit != 0)
                {
                    throw new IOException("clickhouse-client failed (exit " + exit + "): " + output);
                }
                final String counts = connection.queryText("SELECT (SELECT count() FROM " + db + ".trades), "
                    + "(SELECT count() FROM " + db + ".trades_bulk)").trim();
                if (!counts.equals(rows + "\t" + rows))
                {
                    throw new IllegalStateException("row counts differ from " + rows + ": " + counts);
                }
                final double writerRate = rows / writerSeconds;
                final double bulkRate = rows / bulkSeconds;
                connection.execute("DROP DATABASE IF EXISTS " + db);
                final double lagP99 = lagAtRate(url, work.resolve("lag"), rate, seconds, batchRows);
                System.out.printf("clickhouse: writer=%.0f rows/s bulk=%.0f rows/s ratio=%.2f lag_p99=%.3f%n",
                    writerRate, bulkRate, writerRate / bulkRate, lagP99);
            }
            finally
            {
                Files.deleteIfExists(file);
            }
            if (history)
            {
                historyQuery(store);
            }
        }
        finally
        {
            deleteTree(work);
        }
    }

    /** Journals {@code rows} trades, then times the writer agent from start to the store holding the last. */
    private static double timeWriter(final ClickHouseStore store, final Path dir, final int rows, final int batchRows)
        throws IOException
    {
        try (Journal journal = new Journal(dir.resolve("journal")))
        {
            final Journal.Writer appender = journal.writer();
            forEachTrade(rows, 0, appender::append);
            final WriterSettings settings = WriterSettings.defaults().withBatchRows(batchRows);
            try (JournalTradeWriter writer = new JournalTradeWriter(journal, store.tradeSink(), settings, dir))
            {
                final long start = System.nanoTime();
                writer.start();
                if (!writer.awaitSeq(rows - 1, Duration.ofMinutes(10)))
                {
                    throw new IllegalStateException("writer did not catch up: " + writer.metrics());
                }
                return (System.nanoTime() - start) / 1e9;
            }
        }
    }

    /** Journals trades paced at {@code rate}/s for {@code seconds} while the writer tails; its lag p99 in s. */
    private static double lagAtRate(final String url, final Path dir, final int rate, final int seconds,
        final int batchRows) throws IOException
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(url);
            Journal journal = new Journal(dir.resolve("journal")))
        {
            final WriterSettings settings = WriterSettings.defaults().withBatchRows(batchRows);
            try (JournalTradeWriter writer = new JournalTradeWriter(journal, store.tradeSink(), settings, dir))
            {
                writer.start();
                final Journal.Writer appender = journal.writer();
                final long total = (long)rate * seconds;
                final long startNs = System.nanoTime();
                final long[] next = {0};
                while (next[0] < total)
                {
                    // Pace in 1 ms slices: every trade due by now is journaled, stamped with its receipt time.
                    final long due = Math.min(total, (System.nanoTime() - startNs) * rate / 1_000_000_000L);
                    if (due > next[0])
                    {
                        final long from = next[0];
                        forEachTrade(due - from, from, event ->
                        {
                            event.receivedNs = System.currentTimeMillis() * 1_000_000L;
                            appender.append(event);
                        });
                        next[0] = due;
                    }
                    LockSupport.parkNanos(1_000_000L);
                }
                if (!writer.awaitSeq(total - 1, Duration.ofMinutes(5)))
                {
                    throw new IllegalStateException("writer did not catch up: " + writer.metrics());
                }
                return writer.metrics().lagP99Nanos() / 1e9;
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void historyQuery(final ClickHouseStore store) throws Exception
    {
        final int year = 525_600;
        final long t0 = 28_333_333L * MINUTE_NS;
        final List<BarRecord> bars = new ArrayList<>(year);
        for (int i = 0; i < year; i++)
        {
            final long price = (100 + i % 1000) * 1_00000000L;
            bars.add(new BarRecord("YEAR", "1m", t0 + i * MINUTE_NS, price, price + 1, price - 1, price, 10, 3,
                price, 0, i));
        }
        try (ClickHouseBarSink sink = store.barSink(); ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.write(bars);
            final long[] bounded = new long[11];
            final long[] unbounded = new long[11];
            for (int run = 0; run < bounded.length; run++)
            {
                long start = System.nanoTime();
                reader.bars("YEAR", "1m", t0, t0 + year * MINUTE_NS, 10_000);
                bounded[run] = System.nanoTime() - start;
                start = System.nanoTime();
                reader.bars("YEAR", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10_000);
                unbounded[run] = System.nanoTime() - start;
            }
            Arrays.sort(bounded);
            Arrays.sort(unbounded);
            System.out.printf("clickhouse: history latest 10000 of %d 1m bars: median %.1f ms (to = end of data), "
                + "%.1f ms (to = +inf)%n", year, bounded[5] / 1e6, unbounded[5] / 1e6);
        }
    }

    private static ClickHouseConnection connectionOf(final ClickHouseStore store)
    {
        return store.connection();
    }

    private static List<TradeBatch> generate(final int rows, final int batchRows)
    {
        final List<TradeBatch> batches = new ArrayList<>();
        final TradeBatch[] batch = {new TradeBatch(batchRows)};
        forEachTrade(rows, 0, event ->
        {
            if (!batch[0].add(event))
            {
                batches.add(batch[0]);
                batch[0] = new TradeBatch(batchRows);
                batch[0].add(event);
            }
        });
        if (!batch[0].isEmpty())
        {
            batches.add(batch[0]);
        }
        return batches;
    }

    /** The same deterministic trades every time: trade i of 16 symbols, 1 ms apart. */
    private static void forEachTrade(final long count, final long first, final Consumer<TradeEvent> sink)
    {
        final String[] symbols = new String[16];
        for (int s = 0; s < symbols.length; s++)
        {
            symbols[s] = "SYM" + (char)('A' + s) + "-USD";
        }
        final long t0 = 1_700_000_000_000_000_000L;
        for (long i = first; i < first + count; i++)
        {
            final SplittableRandom random = new SplittableRandom(i);
            final int s = random.nextInt(symbols.length);
            final long price = (100 + 10L * s) * 1_00000000L + random.nextLong(-5_000_000, 5_000_001);
            sink.accept(ClickHouseTestSupport.trade(symbols[s], i, t0 + i * 1_000_000L, price,
                1 + random.nextInt(1000), "BENCH", "T" + i));
        }
    }
}
