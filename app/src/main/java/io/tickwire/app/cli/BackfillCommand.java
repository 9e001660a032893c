package io.tickwire.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.BarView;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ingest.CsvTradeFormat;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.BarSink;
import io.tickwire.persist.JournalTradeWriter;
import io.tickwire.persist.TradeSink;
import io.tickwire.persist.WriterSettings;
import io.tickwire.persist.clickhouse.ClickHouseStore;
import io.tickwire.persist.postgres.PostgresStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tickwire backfill}: history (synthetic, or a CSV of trades) into the configured stores through the same
 * writers {@code serve} uses. The trades are journaled into a private journal under {@code DATA_DIR/backfill} that
 * one {@link JournalTradeWriter} per store drains while it grows (rows marked as backfill, so they never mix with
 * the live journal's exactly-once position); the bars come from the engine's own {@link BarEngine} over the same
 * trades and go to each store's bar table. Redis is not filled: it caches recent data only.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Load synthetic or given history into the configured stores (ClickHouse, PostgreSQL).")
public final class BackfillCommand implements Callable<Integer>
{
    private static final int BACKFILL_SOURCE_ID = 9;
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final int BAR_CHUNK = 50_000;
    private static final long PROGRESS_INTERVAL_NS = 500_000_000L;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--from", required = true, paramLabel = "WHEN",
        description = "Start of the history: a date (2024-01-01) or an ISO-8601 UTC instant.")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "WHEN",
        description = "End of the history (exclusive): a date or an ISO-8601 UTC instant.")
    private String to;

    @ArgGroup(exclusive = true)
    private Input input = new Input();

    /** Synthetic symbols or a CSV of trades. */
    static final class Input
    {
        @Option(names = "--symbols", paramLabel = "N", defaultValue = "100",
            description = "Synthetic symbols (default: ${DEFAULT-VALUE}).")
        private int symbols = 100;

        @Option(names = "--trades", paramLabel = "IN.csv",
            description = "Trades to load instead (header naming ts,symbol,price,volume, ...); rows outside "
                + "--from/--to are skipped.")
        private Path trades;
    }

    @Option(names = "--per-minute", paramLabel = "K", defaultValue = "1",
        description = "Synthetic trades per symbol per minute (default: ${DEFAULT-VALUE}).")
    private int perMinute;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--tf", paramLabel = "LIST", defaultValue = "1m,5m,1h,1d",
        description = "Timeframes of the bars written (default: ${DEFAULT-VALUE}).")
    private String timeframes;

    private final PrintStream err;

    /**
     * A command reporting on a stream.
     *
     * @param err where progress, the summary and errors go.
     */
    public BackfillCommand(final PrintStream err)
    {
        this.err = err;
    }

    @Override
    public Integer call() throws Exception
    {
        final TickwireConfig config;
        final Timeframes tfs;
        final long fromNs;
        final long toNs;
        try
        {
            config = configOptions.conclude();
            tfs = Timeframes.parse(timeframes);
            fromNs = instant(from);
            toNs = instant(to);
        }
        catch (final TickwireConfig.ConfigException | IllegalArgumentException ex)
        {
            return usage(ex.getMessage());
        }
        if (fromNs >= toNs)
        {
            return usage("--from must be before --to");
        }
        if (input.trades == null && (input.symbols < 1 || input.symbols > 100_000))
        {
            return usage("--symbols must be from 1 to 100000");
        }
        if (perMinute < 1 || perMinute > 60_000)
        {
            return usage("--per-minute must be from 1 to 60000");
        }
        final String chUrl = config.get(Settings.CLICKHOUSE_URL);
        final String pgUrl = config.get(Settings.POSTGRES_URL);
        if (chUrl == null && pgUrl == null)
        {
            return usage("no store configured: set TICKWIRE_CLICKHOUSE_URL and/or TICKWIRE_POSTGRES_URL "
                + "(or --set clickhouse.url=... / postgres.url=...)");
        }

        final Path work = Files.createDirectories(config.dataDir().resolve("backfill"))
            .resolve(Long.toString(System.currentTimeMillis()));
        final ClickHouseStore clickhouse = chUrl == null ? null : ClickHouseStore.fromUrl(chUrl, config.graceNs());
        final PostgresStore postgres = pgUrl == null ? null : PostgresStore.fromUrl(pgUrl);
        final List<TradeSink> tradeSinks = new ArrayList<>();
        final List<BarSink> barSinks = new ArrayList<>();
        if (clickhouse != null)
        {
            tradeSinks.add(clickhouse.backfillSink());
            barSinks.add(clickhouse.barSink());
        }
        if (postgres != null)
        {
            tradeSinks.add(postgres.backfillSink());
            barSinks.add(postgres.barSink());
        }
        final WriterSettings settings = WriterSettings.defaults()
            .withBatchRows(config.getInt(Settings.WRITER_BATCH_ROWS));
        final long startNs = System.nanoTime();
        final ProgressBar bar = new ProgressBar(err, System.console() != null);
        final List<BarShipper> shippers = new ArrayList<>();
        final List<JournalTradeWriter> writers = new ArrayList<>();
        long trades = -1;
        try (Journal journal = new Journal(work.resolve("journal")))
        {
            // Backfill rows have their own seq space per store (source = backfill); a new run continues after the
            // last one, so each run's rows are written exactly once and never mistaken for an earlier run's.
            long firstSeq = 0;
            for (final TradeSink sink : tradeSinks)
            {
                try
                {
                    sink.open();
                    firstSeq = Math.max(firstSeq, sink.lastWrittenSeq() + 1);
                }
                catch (final Exception ex)
                {
                    err.println("tickwire backfill: cannot reach " + sink.name() + ": " + ex.getMessage());
                    return 1;
                }
            }
            for (final TradeSink sink : tradeSinks)
            {
                final JournalTradeWriter writer = new JournalTradeWriter(journal, sink, settings, work);
                writers.add(writer);
                writer.start();
            }
            for (final BarSink sink : barSinks)
            {
                final BarShipper shipper = new BarShipper(sink, settings);
                shippers.add(shipper);
                shipper.start();
            }
            final BarChunks bars = new BarChunks(shippers, tfs);
            int history = 3;
            for (int tf = 0; tf < tfs.count(); tf++)
            {
                history = Math.max(history, BarEngine.minimumHistory(config.graceNs(), tfs.lengthNs(tf)));
            }
            try (BarEngine engine = new BarEngine(tfs, config.graceNs(), history, Integer.MAX_VALUE - 8, bars))
            {
                bars.symbols(engine);
                final Journal.Writer appender = journal.writer();
                final Generation generation = new Generation(engine, appender, bar, fromNs, toNs, writers, firstSeq);
                trades = input.trades != null ? generation.fromCsv(input.trades) : generation.synthetic();
                engine.finaliseAll();
                bars.flush();
            }
            for (final BarShipper shipper : shippers)
            {
                shipper.finish();
            }
            awaitWriters(writers, firstSeq, trades, bar, startNs);
            for (final BarShipper shipper : shippers)
            {
                shipper.awaitDone();
            }
            // Stop the writers while their journal is still open.
            writers.forEach(JournalTradeWriter::close);
            bar.finish();
        }
        catch (final NoSuchFileException ex)
        {
            return usage(ex.getFile() + ": no such file or directory");
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(ex.getMessage());
        }
        finally
        {
            writers.forEach(JournalTradeWriter::close);
            shippers.forEach(BarShipper::close);
            if (clickhouse != null)
            {
                clickhouse.close();
            }
            if (postgres != null)
            {
                postgres.close();
            }
        }
        deleteTree(work);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        long barRows = 0;
        for (final BarShipper shipper : shippers)
        {
            if (shipper.failure.get() != null)
            {
                err.println("tickwire backfill: bars into " + shipper.sink.name() + " failed: "
                    + shipper.failure.get());
                return 1;
            }
            barRows = Math.max(barRows, shipper.written.get());
        }
        err.printf("backfill: trades=%d bars=%d seconds=%.1f trades/s=%.0f stores=%s%n", Math.max(0, trades), barRows,
            seconds, Math.max(0, trades) / seconds, (clickhouse != null ? "clickhouse " : "")
            + (postgres != null ? "postgres" : ""));
        return 0;
    }

    /** Waits until every trade writer holds the last row, redrawing progress. */
    private static void awaitWriters(final List<JournalTradeWriter> writers, final long firstSeq, final long total,
        final ProgressBar bar, final long startNs)
    {
        for (final JournalTradeWriter writer : writers)
        {
            while (total > 0 && !writer.awaitSeq(firstSeq + total - 1, Duration.ofMillis(500)))
            {
                final long written = writer.metrics().lastWrittenSeq() + 1 - firstSeq;
                bar.draw((double)written / Math.max(1, total), "writing " + writer.metrics().name() + " "
                    + written + "/" + total + " " + rate(written, startNs));
            }
        }
    }

    private static String rate(final long rows, final long startNs)
    {
        return Math.round(rows / Math.max(1e-9, (System.nanoTime() - startNs) / 1e9)) + " rows/s";
    }

    /** Feeds trades to the journal (for the writers) and the engine (for the bars), with progress. */
    private final class Generation
    {
        private final BarEngine engine;
        private final Journal.Writer appender;
        private final ProgressBar bar;
        private final long fromNs;
        private final long toNs;
        private final List<JournalTradeWriter> writers;
        private final TradeEvent trade = new TradeEvent();
        private final long startNs = System.nanoTime();
        private final long firstSeq;
        private long seq;
        private long nextProgressNs = startNs;
        private long receivedNs = System.currentTimeMillis() * 1_000_000L;

        Generation(final BarEngine engine, final Journal.Writer appender, final ProgressBar bar, final long fromNs,
            final long toNs, final List<JournalTradeWriter> writers, final long firstSeq)
        {
            this.firstSeq = firstSeq;
            this.seq = firstSeq;
            this.engine = engine;
            this.appender = appender;
            this.bar = bar;
            this.fromNs = fromNs;
            this.toNs = toNs;
            this.writers = writers;
        }

        /** Every symbol trades {@code perMinute} times a minute on a seeded random walk, in event-time order. */
        long synthetic()
        {
            final SyntheticTrades names = new SyntheticTrades(seed, input.symbols, 1, fromNs);
            final int n = input.symbols;
            final long[] word0 = new long[n];
            final long[] word1 = new long[n];
            final long[] price = new long[n];
            final SplittableRandom random = new SplittableRandom(seed);
            for (int s = 0; s < n; s++)
            {
                final String name = names.symbol(s);
                word0[s] = Symbols.pack(name, 0, name.length(), 0);
                word1[s] = Symbols.pack(name, 0, name.length(), 1);
                price[s] = (20 + random.nextInt(480)) * 100_000_000L;
            }
            final long stepNs = MINUTE_NS / perMinute;
            final long firstMinute = Math.floorDiv(fromNs, MINUTE_NS) * MINUTE_NS;
            final long total = Math.max(0, (toNs - firstMinute) / stepNs) * n;
            for (long minute = firstMinute; minute < toNs; minute += MINUTE_NS)
            {
                for (int k = 0; k < perMinute; k++)
                {
                    final long ts = minute + k * stepNs;
                    if (ts < fromNs || ts >= toNs)
                    {
                        continue;
                    }
                    for (int s = 0; s < n; s++)
                    {
                        // A random walk in whole cents, never below one cent.
                        final long move = Math.round(random.nextGaussian() * price[s] * 0.0005 / 1_000_000L);
                        price[s] = Math.max(1_000_000L, price[s] + move * 1_000_000L);
                        clear(trade);
                        trade.kind = TradeEvent.KIND_TRADE;
                        trade.tsNs = ts + s * 1_000L;
                        trade.symbolWord0 = word0[s];
                        trade.symbolWord1 = word1[s];
                        trade.price = price[s];
                        trade.volume = 1 + random.nextInt(500);
                        emit(total);
                    }
                }
            }
            return seq - firstSeq;
        }

        long fromCsv(final Path csv) throws IOException
        {
            final long size = Files.size(csv);
            long bytes = 0;
            try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8))
            {
                final String header = reader.readLine();
                if (header == null)
                {
                    throw new IllegalArgumentException("--trades " + csv + " is empty: it needs a header row");
                }
                final CsvTradeFormat format = CsvTradeFormat.fromHeader(header);
                long rejected = 0;
                String line;
                while ((line = reader.readLine()) != null)
                {
                    bytes += line.length() + 1;
                    if (line.isBlank())
                    {
                        continue;
                    }
                    clear(trade);
                    final RejectReason reason = format.parse(line, trade);
                    if (reason != null || trade.tsNs < fromNs || trade.tsNs >= toNs)
                    {
                        rejected += reason != null ? 1 : 0;
                        continue;
                    }
                    emit(Math.max(1, (seq - firstSeq) * size / Math.max(1, bytes)));
                }
                if (rejected > 0)
                {
                    err.println("tickwire backfill: skipped " + rejected + " invalid rows of " + csv);
                }
            }
            return seq - firstSeq;
        }

        private void emit(final long total)
        {
            trade.sourceId = BACKFILL_SOURCE_ID;
            trade.sourceOffset = seq;
            trade.arrivalSeq = seq++;
            trade.receivedNs = receivedNs;
            appender.append(trade);
            engine.onTrade(trade);
            if ((seq & 0xFFF) == 0)
            {
                // Receipt time (the writers' lag) to the millisecond, read once per 4,096 rows, not per row.
                receivedNs = System.currentTimeMillis() * 1_000_000L;
                final long nowNs = System.nanoTime();
                if (nowNs - nextProgressNs >= 0)
                {
                    nextProgressNs = nowNs + PROGRESS_INTERVAL_NS;
                    final long done = seq - firstSeq;
                    final StringBuilder text = new StringBuilder(96).append(done).append('/').append(total)
                        .append(" trades ").append(rate(done, startNs));
                    for (final JournalTradeWriter writer : writers)
                    {
                        text.append(' ').append(writer.metrics().name()).append('=')
                            .append(Math.max(0, writer.metrics().lastWrittenSeq() + 1 - firstSeq));
                    }
                    bar.draw((double)done / Math.max(1, total), text.toString());
                }
            }
        }
    }

    private static void clear(final TradeEvent trade)
    {
        trade.bid = 0;
        trade.ask = 0;
        trade.bidSize = 0;
        trade.askSize = 0;
        trade.exchange = 0;
        trade.tradeIdLength = 0;
        trade.partition = 0;
        trade.journalIndex = -1;
    }

    /** Final bars (and corrections) of the engine, in chunks to every bar shipper. */
    private static final class BarChunks implements BarListener
    {
        private final List<BarShipper> shippers;
        private final Timeframes timeframes;
        private BarEngine engine;
        private List<BarRecord> chunk = new ArrayList<>(BAR_CHUNK);

        BarChunks(final List<BarShipper> shippers, final Timeframes timeframes)
        {
            this.shippers = shippers;
            this.timeframes = timeframes;
        }

        void symbols(final BarEngine barEngine)
        {
            this.engine = barEngine;
        }

        @Override
        public void onBar(final BarView bar)
        {
            if (!bar.isFinal())
            {
                return;
            }
            chunk.add(new BarRecord(engine.symbols().name(bar.symbolId()), timeframes.name(bar.tfIndex()),
                bar.start(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.count(), bar.vwap(),
                bar.rev(), bar.seq()));
            if (chunk.size() == BAR_CHUNK)
            {
                flush();
            }
        }

        void flush()
        {
            if (chunk.isEmpty())
            {
                return;
            }
            for (final BarShipper shipper : shippers)
            {
                shipper.offer(chunk);
            }
            chunk = new ArrayList<>(BAR_CHUNK);
        }
    }

    /** One bar store's thread: writes chunks with retry and backoff; the bounded queue paces the generator. */
    private static final class BarShipper implements AutoCloseable
    {
        private static final List<BarRecord> END = List.of();

        private final BarSink sink;
        private final WriterSettings settings;
        private final BlockingQueue<List<BarRecord>> queue = new ArrayBlockingQueue<>(8);
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final Thread thread;

        BarShipper(final BarSink sink, final WriterSettings settings)
        {
            this.sink = sink;
            this.settings = settings;
            this.thread = Thread.ofPlatform().name("backfill-bars-" + sink.name()).unstarted(this::run);
        }

        void start()
        {
            thread.start();
        }

        void offer(final List<BarRecord> bars)
        {
            try
            {
                while (thread.isAlive() && !queue.offer(bars, 1, TimeUnit.SECONDS))
                {
                    // the store is slower than the generator: wait (a dead thread has reported its failure)
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        void finish()
        {
            offer(END);
        }

        void awaitDone() throws InterruptedException
        {
            thread.join();
        }

        private void run()
        {
            long backoffMs = settings.minBackoff().toMillis();
            try
            {
                openWithRetry();
                while (true)
                {
                    final List<BarRecord> bars = queue.take();
                    if (bars == END)
                    {
                        return;
                    }
                    int attempts = 0;
                    while (true)
                    {
                        try
                        {
                            sink.write(bars);
                            written.addAndGet(bars.size());
                            backoffMs = settings.minBackoff().toMillis();
                            break;
                        }
                        catch (final Exception ex)
                        {
                            if (++attempts == 20)
                            {
                                failure.set(ex.toString());
                                return;
                            }
                            Thread.sleep(backoffMs);
                            backoffMs = Math.min(settings.maxBackoff().toMillis(), backoffMs * 2);
                        }
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void openWithRetry() throws InterruptedException
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    sink.open();
                    return;
                }
                catch (final Exception ex)
                {
                    if (attempt == 20)
                    {
                        failure.set("cannot open: " + ex);
                        throw new InterruptedException("store unreachable");
                    }
                    Thread.sleep(settings.maxBackoff().toMillis());
                }
            }
        }

        @Override
        public void close()
        {
            thread.interrupt();
            sink.close();
        }
    }

    private static long instant(final String text)
    {
        try
        {
            if (text.length() == 10)
            {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
            }
            final Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("\"" + text + "\" is neither a date (2024-01-01) nor an ISO-8601 UTC "
                + "instant (2024-01-01T00:00:00Z)");
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private int usage(final String message)
    {
        err.println("tickwire backfill: " + message);
        return 2;
    }
}
