package io.tickwire.persist.redis;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.HistoryReader;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeRecord;

/**
 * Recent final bars for {@code /api/historical} from {@code bars:{SYMBOL}:{tf}}, in one round trip on the store's
 * shared connection (ZREVRANGEBYSCORE with LIMIT for the newest bars in range, ZRANGE 0 0 for the oldest cached).
 * <p>
 * The cache holds the newest bars of each key (older ones are trimmed), so every stored bar at or after the oldest
 * cached start is in it. A request is a <b>hit</b> when the answer is therefore complete: either the cache holds
 * {@code limit} bars in range (the newest {@code limit} in range are then all cached), or the oldest cached start
 * is at or before {@code fromNs} (nothing in range can be older than the cache). Anything else, including an absent
 * key, is a <b>miss</b>: {@link #bars} throws a {@link StoreUnavailableException} for which
 * {@link #isNotCached} is true, and the caller goes on to ClickHouse or PostgreSQL as it would for a store that is
 * down. {@link #lookup} gives the same answer without the exception. Redis keeps no trades: {@link #trades} always
 * throws such a "not cached" exception and counts nothing. Thread-safe.
 */
public final class RedisHistoryReader implements HistoryReader
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final NotCached NOT_CACHED = new NotCached();

    private final RedisStore store;
    private final CacheMetrics metrics;

    /**
     * A reader.
     *
     * @param store   the Redis endpoint; not closed by this reader.
     * @param metrics where hits and misses are counted.
     */
    public RedisHistoryReader(final RedisStore store, final CacheMetrics metrics)
    {
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * True when the exception means "not in the cache" rather than "Redis failed".
     *
     * @param ex an exception from {@link #bars} or {@link #trades}.
     * @return whether it signals a miss.
     */
    public static boolean isNotCached(final StoreUnavailableException ex)
    {
        return ex.getCause() == NOT_CACHED;
    }

    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public List<BarRecord> bars(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit) throws StoreUnavailableException
    {
        final CachedBars cached = lookup(symbol, tf, fromNs, toNs, limit);
        if (!cached.hit())
        {
            throw new StoreUnavailableException("redis: bars of " + symbol + " " + tf + " not cached", NOT_CACHED);
        }
        return cached.bars();
    }

    /**
     * The cached bars with {@code fromNs <= start < toNs}: the newest {@code limit}, oldest first, and whether they
     * are the complete answer. Counts one hit or one miss, except for an empty request (limit below 1 or an empty
     * range), which is answered without Redis as a hit with no bars.
     *
     * @param symbol symbol.
     * @param tf     timeframe name.
     * @param fromNs inclusive lower bound on the window start, epoch ns; {@code Long.MIN_VALUE} for none.
     * @param toNs   exclusive upper bound on the window start, epoch ns; {@code Long.MAX_VALUE} for none.
     * @param limit  most bars returned.
     * @return the bars and the hit flag.
     * @throws StoreUnavailableException when Redis cannot answer (counted as a miss and an error).
     */
    public CachedBars lookup(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit) throws StoreUnavailableException
    {
        if (limit < 1 || fromNs >= toNs)
        {
            return new CachedBars(Collections.emptyList(), true);
        }
        final String key = RedisKeys.bars(symbol, tf);
        // Scores are starts in ms: start >= fromNs <=> ms >= ceil(fromNs / 10^6),
        // start < toNs <=> ms < ceil(toNs / 10^6).
        final Range<Long> range = Range.from(
            fromNs == Long.MIN_VALUE ? Range.Boundary.unbounded() :
                Range.Boundary.including(Math.ceilDiv(fromNs, NANOS_PER_MILLI)),
            toNs == Long.MAX_VALUE ? Range.Boundary.unbounded() :
                Range.Boundary.excluding(Math.ceilDiv(toNs, NANOS_PER_MILLI)));
        final List<String> newestFirst;
        final List<ScoredValue<String>> oldest;
        try
        {
            final RedisAsyncCommands<String, String> async = store.shared().async();
            final RedisFuture<List<String>> newest = async.zrevrangebyscore(key, range, Limit.create(0, limit));
            final RedisFuture<List<ScoredValue<String>>> first = async.zrangeWithScores(key, 0, 0);
            final long deadlineNs = store.deadlineNs();
            newestFirst = store.await(newest, deadlineNs, "ZREVRANGEBYSCORE " + key);
            oldest = store.await(first, deadlineNs, "ZRANGE " + key);
        }
        catch (final StoreUnavailableException ex)
        {
            failed();
            throw ex;
        }
        catch (final RedisException ex)
        {
            failed();
            throw new StoreUnavailableException("redis " + store.target() + ": read of " + key + " failed", ex);
        }

        final List<BarRecord> bars = new ArrayList<>(newestFirst.size());
        try
        {
            for (int i = newestFirst.size() - 1; i >= 0; i--)
            {
                bars.add(BarJson.parse(symbol, tf, newestFirst.get(i)));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            failed();
            throw new StoreUnavailableException("redis " + store.target() + ": unreadable member in " + key, ex);
        }
        final boolean complete = bars.size() == limit ||
            (!oldest.isEmpty() && fromNs != Long.MIN_VALUE &&
            (long)oldest.get(0).getScore() * NANOS_PER_MILLI <= fromNs);
        if (complete)
        {
            metrics.barHit();
        }
        else
        {
            metrics.barMiss();
        }
        return new CachedBars(bars, complete);
    }

    /**
     * Redis keeps no trades.
     *
     * @param symbol symbol.
     * @param fromNs inclusive, epoch ns.
     * @param toNs   exclusive, epoch ns.
     * @param limit  most trades returned.
     * @return never.
     * @throws StoreUnavailableException always, with {@link #isNotCached} true.
     */
    @Override
    public List<TradeRecord> trades(final String symbol, final long fromNs, final long toNs, final int limit)
        throws StoreUnavailableException
    {
        throw new StoreUnavailableException("redis keeps no trades", NOT_CACHED);
    }

    private void failed()
    {
        metrics.barMiss();
        metrics.error();
    }

    /** The cause that marks a miss: shared, without a stack trace. */
    private static final class NotCached extends Exception
    {
        @Serial
        private static final long serialVersionUID = 1L;

        private NotCached()
        {
            super("not cached", null, false, false);
        }
    }
}
