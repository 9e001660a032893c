package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.BarSink;
import io.tickwire.persist.StoreUnavailableException;

/**
 * Writes the engine's final bars and corrections to {@code bars:{SYMBOL}:{tf}} (SPEC 8): sorted sets scored by the
 * window start in epoch milliseconds, each member the bar's {@code /api/historical} JSON plus rev and seq. An
 * upsert keeps the highest rev per start, each key holds the newest {@link #DEFAULT_MAX_BARS_PER_KEY} bars by
 * default and expires {@link #DEFAULT_TTL} after its last write. {@code tickwire:bars:newest:{tf}} holds the newest
 * start written for a timeframe, raised in the same script call as the bars.
 * <p>
 * Not thread-safe: one writer agent drives it. It uses a connection of its own, so its pipelines never queue in
 * front of the readers' commands.
 */
public final class RedisBarSink implements BarSink
{
    /** Bars kept per symbol and timeframe by default. */
    public static final int DEFAULT_MAX_BARS_PER_KEY = 1_000;

    /** Default TTL of a bar key, refreshed on each write to it. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final RedisStore store;
    private final BarUpserter upserter;
    private StatefulRedisConnection<String, String> connection;

    /**
     * A sink with the default bounds.
     *
     * @param store the Redis endpoint; not closed by this sink.
     */
    public RedisBarSink(final RedisStore store)
    {
        this(store, DEFAULT_MAX_BARS_PER_KEY, DEFAULT_TTL);
    }

    /**
     * A sink.
     *
     * @param store          the Redis endpoint; not closed by this sink.
     * @param maxBarsPerKey  newest bars kept per symbol and timeframe.
     * @param ttl            TTL of a bar key, whole seconds, refreshed on each write.
     * @throws IllegalArgumentException when a bound is not positive.
     */
    public RedisBarSink(final RedisStore store, final int maxBarsPerKey, final Duration ttl)
    {
        this.store = store;
        this.upserter = new BarUpserter(store, maxBarsPerKey, ttl.toSeconds());
    }

    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public void open() throws StoreUnavailableException
    {
        connection();
    }

    @Override
    public long newestBarStart(final String tf) throws StoreUnavailableException
    {
        final StatefulRedisConnection<String, String> c = connection();
        try
        {
            final RedisFuture<String> get = c.async().get(RedisKeys.newestBar(tf));
            c.flushCommands();
            final String value = store.await(get, store.writeDeadlineNs(), "GET newest bar start");
            if (value == null)
            {
                return Long.MIN_VALUE;
            }
            return Math.multiplyExact(Long.parseLong(value), NANOS_PER_MILLI);
        }
        catch (final StoreUnavailableException ex)
        {
            drop();
            throw ex;
        }
        catch (final RedisException ex)
        {
            drop();
            throw new StoreUnavailableException("redis " + store.target() + ": GET newest bar start failed", ex);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new StoreUnavailableException("redis " + store.target() + ": bad " + RedisKeys.newestBar(tf), ex);
        }
    }

    @Override
    public void write(final List<BarRecord> bars) throws StoreUnavailableException
    {
        if (bars.isEmpty())
        {
            return;
        }
        final StatefulRedisConnection<String, String> c = connection();
        try
        {
            upserter.upsert(c, bars);
        }
        catch (final StoreUnavailableException ex)
        {
            drop();
            throw ex;
        }
        catch (final RedisException ex)
        {
            drop();
            throw new StoreUnavailableException("redis " + store.target() + ": bar write failed", ex);
        }
    }

    @Override
    public void close()
    {
        drop();
    }

    private StatefulRedisConnection<String, String> connection() throws StoreUnavailableException
    {
        if (connection == null || !connection.isOpen())
        {
            connection = store.openDedicated();
        }
        return connection;
    }

    /** After a failure the connection may hold unanswered commands: start the retry on a clean one. */
    private void drop()
    {
        RedisStore.closeQuietly(connection);
        connection = null;
    }
}
