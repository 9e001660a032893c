package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills {@code bars:*} at start from the engine's in-memory final bars, so the first {@code /api/historical}
 * requests after a Redis restart or flush are hits. Writes exactly as {@link RedisBarSink} does (highest rev wins,
 * trim, TTL), in pipelined chunks of {@link #CHUNK_BARS} bars on a connection of its own. Not thread-safe.
 */
public final class RedisCacheWarmer
{
    /** Bars per round trip. */
    public static final int CHUNK_BARS = 4_096;

    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheWarmer.class);

    private final RedisStore store;
    private final BarUpserter upserter;

    /**
     * A warmer with the bar sink's default bounds.
     *
     * @param store the Redis endpoint; not closed by the warmer.
     */
    public RedisCacheWarmer(final RedisStore store)
    {
        this(store, RedisBarSink.DEFAULT_MAX_BARS_PER_KEY, RedisBarSink.DEFAULT_TTL);
    }

    /**
     * A warmer; use the same bounds as the {@link RedisBarSink}.
     *
     * @param store         the Redis endpoint; not closed by the warmer.
     * @param maxBarsPerKey newest bars kept per symbol and timeframe.
     * @param ttl           TTL of a bar key, whole seconds.
     */
    public RedisCacheWarmer(final RedisStore store, final int maxBarsPerKey, final Duration ttl)
    {
        this.store = store;
        this.upserter = new BarUpserter(store, maxBarsPerKey, ttl.toSeconds());
    }

    /**
     * Writes bars to the cache.
     *
     * @param bars final bars, any order per key (highest rev wins; pass them oldest first so trimming keeps the
     *             newest).
     * @return bars the cache took (new, or replacing one of no higher rev).
     * @throws StoreUnavailableException when Redis fails; bars of earlier chunks stay written.
     */
    public long warm(final Iterable<BarRecord> bars) throws StoreUnavailableException
    {
        final long startNs = System.nanoTime();
        final StatefulRedisConnection<String, String> connection = store.openDedicated();
        long offered = 0;
        long taken = 0;
        try
        {
            final List<BarRecord> chunk = new ArrayList<>(CHUNK_BARS);
            for (final BarRecord bar : bars)
            {
                chunk.add(bar);
                if (chunk.size() == CHUNK_BARS)
                {
                    taken += upserter.upsert(connection, chunk);
                    offered += chunk.size();
                    chunk.clear();
                }
            }
            taken += upserter.upsert(connection, chunk);
            offered += chunk.size();
        }
        catch (final RedisException ex)
        {
            throw new StoreUnavailableException("redis " + store.target() + ": cache warm failed", ex);
        }
        finally
        {
            RedisStore.closeQuietly(connection);
        }
        LOG.info("redis cache warmed: bars={} taken={} ms={}", offered, taken,
            (System.nanoTime() - startNs) / 1_000_000);
        return taken;
    }
}
