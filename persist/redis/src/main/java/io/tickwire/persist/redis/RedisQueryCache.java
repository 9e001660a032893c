package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.HistoryCache;
import io.tickwire.persist.StoreUnavailableException;

/**
 * History answers cached in Redis under {@code hist:{SYMBOL}:{tf}:{from}:{to}:{limit}} for a short TTL (default
 * 60 s): the bars' member texts (as in {@code bars:{SYMBOL}:{tf}}) one per line, oldest first. The answers cached are
 * the stores' part of a history read — bars older than the engine's memory, final and rarely corrected — so a
 * correction can show up to one TTL late. Hits and misses are counted with the other bar lookups.
 */
public final class RedisQueryCache implements HistoryCache
{
    /** Default time an answer is kept. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final RedisStore store;
    private final CacheMetrics metrics;
    private final long ttlMs;

    /**
     * A cache with the default TTL.
     *
     * @param store   the Redis endpoint; not closed by this cache.
     * @param metrics where hits and misses are counted.
     */
    public RedisQueryCache(final RedisStore store, final CacheMetrics metrics)
    {
        this(store, metrics, DEFAULT_TTL);
    }

    /**
     * A cache.
     *
     * @param store   the Redis endpoint; not closed by this cache.
     * @param metrics where hits and misses are counted.
     * @param ttl     how long an answer is kept.
     */
    public RedisQueryCache(final RedisStore store, final CacheMetrics metrics, final Duration ttl)
    {
        this.store = store;
        this.metrics = metrics;
        this.ttlMs = ttl.toMillis();
    }

    @Override
    public List<BarRecord> bars(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit)
    {
        try
        {
            final String text = store.await(store.shared().async().get(key(symbol, tf, fromNs, toNs, limit)),
                store.deadlineNs(), "GET hist");
            if (text == null)
            {
                metrics.barMiss();
                return null;
            }
            final List<BarRecord> bars = new ArrayList<>();
            if (!text.isEmpty())
            {
                for (final String member : text.split("\n"))
                {
                    bars.add(BarJson.parse(symbol, tf, member));
                }
            }
            metrics.barHit();
            return bars;
        }
        catch (final StoreUnavailableException | RedisException | IllegalArgumentException ex)
        {
            metrics.barMiss();
            return null;
        }
    }

    @Override
    public void putBars(final String symbol, final String tf, final long fromNs, final long toNs, final int limit,
        final List<BarRecord> bars)
    {
        final StringBuilder sb = new StringBuilder(160 * bars.size() + 1);
        for (final BarRecord bar : bars)
        {
            if (sb.length() > 0)
            {
                sb.append('\n');
            }
            BarJson.append(bar, sb);
        }
        try
        {
            // Fire and forget: the caller has its answer; a lost write is only a later miss.
            store.shared().async().set(key(symbol, tf, fromNs, toNs, limit), sb.toString(), SetArgs.Builder.px(ttlMs));
        }
        catch (final StoreUnavailableException | RedisException ex)
        {
            // the cache is down: nothing kept, nothing lost
        }
    }

    static String key(final String symbol, final String tf, final long fromNs, final long toNs, final int limit)
    {
        return "hist:" + symbol + ':' + tf + ':' + fromNs + ':' + toNs + ':' + limit;
    }
}
