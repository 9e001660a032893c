package io.tickwire.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.gateway.EngineStats;
import io.tickwire.gateway.HubBarSource;
import io.tickwire.gateway.StoreReads;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.BarSink;
import io.tickwire.persist.BarWriter;
import io.tickwire.persist.HistoryCache;
import io.tickwire.persist.HistoryReader;
import io.tickwire.persist.JournalTradeWriter;
import io.tickwire.persist.PriceReader;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeSink;
import io.tickwire.persist.WriterMetrics;
import io.tickwire.persist.WriterSettings;
import io.tickwire.persist.clickhouse.ClickHouseStore;
import io.tickwire.persist.postgres.PostgresStore;
import io.tickwire.persist.redis.CacheMetrics;
import io.tickwire.persist.redis.RedisBarSink;
import io.tickwire.persist.redis.RedisCacheWarmer;
import io.tickwire.persist.redis.RedisHistoryReader;
import io.tickwire.persist.redis.RedisPriceReader;
import io.tickwire.persist.redis.RedisPriceSink;
import io.tickwire.persist.redis.RedisQueryCache;
import io.tickwire.persist.redis.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores of {@code serve}, each on by its SPEC §9 URL: one journal-tailing trade writer per store, one bar
 * writer on the output ring for their bar tables, the read side the HTTP API falls back to, and Redis cache warming.
 * Nothing here ever makes the engine wait: writers open their stores on their own threads and retry with backoff.
 */
public final class StoreWiring implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StoreWiring.class);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);

    private final WriterSettings settings;
    private final ClickHouseStore clickhouse;
    private final PostgresStore postgres;
    private final RedisStore redis;
    private final CacheMetrics cacheMetrics = new CacheMetrics();
    private final StoreReads reads;
    private final List<JournalTradeWriter> tradeWriters = new ArrayList<>();
    private BarWriter barWriter;
    private Thread warmer;

    private StoreWiring(final TickwireConfig config)
    {
        settings = WriterSettings.defaults().withBatchRows(config.getInt(Settings.WRITER_BATCH_ROWS))
            .withBatchDelay(Duration.ofNanos(config.getDurationNs(Settings.WRITER_BATCH_DELAY)));
        final String chUrl = config.get(Settings.CLICKHOUSE_URL);
        final String pgUrl = config.get(Settings.POSTGRES_URL);
        final String redisUrl = config.get(Settings.REDIS_URL);
        clickhouse = chUrl == null ? null : ClickHouseStore.fromUrl(chUrl, config.graceNs());
        postgres = pgUrl == null ? null : PostgresStore.fromUrl(pgUrl);
        redis = redisUrl == null ? null : RedisStore.fromUrl(redisUrl);

        final List<HistoryReader> barReaders = new ArrayList<>();
        final List<HistoryReader> tradeReaders = new ArrayList<>();
        PriceReader prices = null;
        HistoryCache cache = null;
        if (redis != null)
        {
            barReaders.add(new RedisHistoryReader(redis, cacheMetrics));
            prices = new RedisPriceReader(redis, cacheMetrics);
            cache = new RedisQueryCache(redis, cacheMetrics);
        }
        if (clickhouse != null)
        {
            barReaders.add(clickhouse.historyReader());
            tradeReaders.add(clickhouse.historyReader());
        }
        if (postgres != null)
        {
            barReaders.add(postgres.historyReader());
            tradeReaders.add(postgres.historyReader());
        }
        reads = new StoreReads(barReaders, tradeReaders, prices, cache, config.getInt(Settings.STORE_READ_THREADS));
    }

    /**
     * The stores a configuration names (none when no URL is set); nothing is connected yet.
     *
     * @param config the configuration.
     * @return the wiring.
     */
    public static StoreWiring open(final TickwireConfig config)
    {
        return new StoreWiring(config);
    }

    /**
     * Whether any store is configured.
     *
     * @return true when at least one URL is set.
     */
    public boolean any()
    {
        return clickhouse != null || postgres != null || redis != null;
    }

    /**
     * The read side for the HTTP API.
     *
     * @return reads in SPEC §11 fallback order.
     */
    public StoreReads reads()
    {
        return reads;
    }

    /**
     * Redis hit and miss counters.
     *
     * @return the cache's counters.
     */
    public CacheMetrics cacheMetrics()
    {
        return cacheMetrics;
    }

    /**
     * Adds the bar writer (final bars and corrections into each store's bar table) to the output-ring consumers;
     * call before the node starts.
     *
     * @param node      the engine node (symbol names).
     * @param config    the configuration (timeframe names).
     * @param engineBars the engine's recent final bars, for reconciliation after missed bars.
     * @param consumers output-ring consumers being gathered.
     */
    public void attachBarWriter(final EngineNode node, final TickwireConfig config, final HubBarSource engineBars,
        final List<EventHandler<UpdateEvent>> consumers)
    {
        final List<BarSink> sinks = new ArrayList<>();
        if (clickhouse != null)
        {
            sinks.add(clickhouse.barSink());
        }
        if (postgres != null)
        {
            sinks.add(postgres.barSink());
        }
        if (redis != null)
        {
            sinks.add(new RedisBarSink(redis));
        }
        if (sinks.isEmpty())
        {
            return;
        }
        barWriter = new BarWriter(sinks, id -> node.engine().symbols().name(id), config.timeframes()::name,
            engineBars, settings);
        consumers.add(barWriter);
    }

    /**
     * Starts the trade writers on the journal, the bar writer's threads and cache warming; keeps the journal
     * readable from the slowest trade writer's position. Call once the node has started.
     *
     * @param node       the started node.
     * @param dataDir    where writers keep their position hints.
     * @param engineBars the engine's recent final bars, for warming Redis.
     * @throws IOException when the hint folder cannot be created.
     */
    public void start(final EngineNode node, final Path dataDir, final HubBarSource engineBars) throws IOException
    {
        final Path hints = java.nio.file.Files.createDirectories(dataDir.resolve("writers"));
        final List<TradeSink> sinks = new ArrayList<>();
        if (clickhouse != null)
        {
            sinks.add(clickhouse.tradeSink());
        }
        if (postgres != null)
        {
            sinks.add(postgres.tradeSink());
        }
        if (redis != null)
        {
            sinks.add(new RedisPriceSink(redis));
        }
        for (final TradeSink sink : sinks)
        {
            final JournalTradeWriter writer = new JournalTradeWriter(node.journal(), sink, settings, hints);
            tradeWriters.add(writer);
            writer.start();
        }
        if (barWriter != null)
        {
            barWriter.start();
        }
        if (redis != null)
        {
            warmer = Thread.ofPlatform().daemon().name("redis-warmer").start(() -> warm(engineBars));
        }
        LOG.atInfo().addKeyValue("event", "stores").addKeyValue("clickhouse", clickhouse != null)
            .addKeyValue("postgres", postgres != null).addKeyValue("redis", redis != null)
            .log("store writers started");
    }

    /**
     * Lowest journal index a trade writer still needs: retention keeps everything from there.
     *
     * @return index, -1 to keep everything, Long.MAX_VALUE when no writer runs.
     */
    public long journalFloor()
    {
        long floor = Long.MAX_VALUE;
        for (final JournalTradeWriter writer : tradeWriters)
        {
            floor = Math.min(floor, writer.durableJournalIndex());
        }
        return floor;
    }

    /**
     * Every writer with its metrics: trade writers, then bar writers.
     *
     * @return writers labelled by store and kind.
     */
    public List<EngineStats.StoreWriter> writers()
    {
        final List<EngineStats.StoreWriter> all = new ArrayList<>();
        for (final JournalTradeWriter writer : tradeWriters)
        {
            all.add(new EngineStats.StoreWriter(writer.metrics().name(), "trades", writer.metrics()));
        }
        if (barWriter != null)
        {
            for (final WriterMetrics metrics : barWriter.metrics())
            {
                all.add(new EngineStats.StoreWriter(metrics.name(), "bars", metrics));
            }
        }
        return all;
    }

    /**
     * Gives the trade writers a few seconds to catch up with a journal that no longer grows (the node has
     * stopped), so a clean stop leaves the stores current; a kill -9 relies on the next start instead.
     *
     * @param lastSeq arrival seq of the last journaled event.
     */
    public void drain(final long lastSeq)
    {
        final long deadline = System.nanoTime() + DRAIN_ON_STOP.toNanos();
        for (final JournalTradeWriter writer : tradeWriters)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0 || !writer.awaitSeq(lastSeq, Duration.ofNanos(left)))
            {
                LOG.atWarn().addKeyValue("event", "writer_behind").addKeyValue("writer", writer.toString())
                    .log("writer still behind at stop; it resumes from the store's position at the next start");
            }
        }
    }

    @Override
    public void close()
    {
        if (warmer != null)
        {
            warmer.interrupt();
        }
        for (final JournalTradeWriter writer : tradeWriters)
        {
            writer.close();
        }
        if (barWriter != null)
        {
            barWriter.close();
        }
        reads.close();
        if (clickhouse != null)
        {
            clickhouse.close();
        }
        if (postgres != null)
        {
            postgres.close();
        }
        if (redis != null)
        {
            redis.close();
        }
    }

    /** Loads the engine's recent final bars into Redis once the hub holds them (a few seconds after start). */
    private void warm(final HubBarSource engineBars)
    {
        try
        {
            TimeUnit.SECONDS.sleep(2);
            final List<BarRecord> bars = new ArrayList<>();
            for (final String tf : engineBars.timeframes())
            {
                engineBars.forEachFinalBar(tf, Long.MIN_VALUE, bars::add);
            }
            final long warmed = new RedisCacheWarmer(redis).warm(bars);
            LOG.atInfo().addKeyValue("event", "cache_warmed").addKeyValue("bars", warmed)
                .log("redis warmed with the engine's recent bars");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final StoreUnavailableException | IllegalStateException ex)
        {
            LOG.atWarn().addKeyValue("event", "cache_warm_failed").log("redis warming failed: {}", ex.toString());
        }
    }
}
