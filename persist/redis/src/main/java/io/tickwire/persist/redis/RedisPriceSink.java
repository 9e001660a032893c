package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeSink;

/**
 * Keeps {@code price:{SYMBOL}} (SPEC 8) current: a hash of {@code price bid ask ts ts_ns seq} that expires
 * {@link #DEFAULT_TTL} after its last write.
 * <p>
 * Each batch is conflated first: per symbol only the state after the batch's last row is written. The last trade
 * sets price, ts (ISO-8601 UTC, nanoseconds), ts_ns and seq (the arrival seq) and, when it carries them, bid and
 * ask; the last quote or trade carrying a bid or an ask sets that side. A field no row of the batch set keeps what
 * the hash held. Batches arrive in seq order and rows within one in seq order, so "last row wins" never lets an
 * older update overwrite a newer one: "latest" means latest to arrive, as in the engine (a late trade, older by
 * event time, still becomes the last price).
 * <p>
 * A symbol whose last row of the batch was received (wall clock, {@code receivedNs}) longer than the TTL ago is not
 * written: had it been written when it arrived it would have expired by now. So a writer replaying the journal
 * (after a Redis restart emptied the position, or catching up after an outage) never puts old prices back as
 * "latest"; they are counted in {@link #staleSymbolsSkipped()} and readers fall back to the engine.
 * <p>
 * All HSETs and PEXPIREs of a batch and the writer position {@code tickwire:writer:redis} (the batch's last seq) go
 * in one MULTI/EXEC in one round trip, so prices and position move together and a retried batch is harmless. Not
 * thread-safe: one writer agent drives it, on a connection of its own.
 */
public final class RedisPriceSink implements TradeSink
{
    /** Default TTL of a price hash, refreshed on each write to it. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private final RedisStore store;
    private final long ttlMs;
    private final long ttlNs;
    private final LongSupplier epochNanosClock;
    private final Map<String, SymbolPrice> bySymbol = new HashMap<>();
    private final List<SymbolPrice> touched = new ArrayList<>();
    private final StringBuilder scratch = new StringBuilder(64);
    private StatefulRedisConnection<String, String> connection;
    private volatile long staleSymbolsSkipped;

    /**
     * A sink with the default TTL.
     *
     * @param store the Redis endpoint; not closed by this sink.
     */
    public RedisPriceSink(final RedisStore store)
    {
        this(store, DEFAULT_TTL);
    }

    /**
     * A sink.
     *
     * @param store the Redis endpoint; not closed by this sink.
     * @param ttl   TTL of a price hash, at least a millisecond.
     * @throws IllegalArgumentException when the TTL is shorter than a millisecond.
     */
    public RedisPriceSink(final RedisStore store, final Duration ttl)
    {
        this(store, ttl, () -> System.currentTimeMillis() * 1_000_000L);
    }

    RedisPriceSink(final RedisStore store, final Duration ttl, final LongSupplier epochNanosClock)
    {
        if (ttl.toMillis() < 1)
        {
            throw new IllegalArgumentException("price TTL must be at least 1 ms");
        }
        this.store = store;
        this.ttlMs = ttl.toMillis();
        this.ttlNs = ttlMs * 1_000_000L;
        this.epochNanosClock = epochNanosClock;
    }

    /**
     * Symbol updates left out because they were older than the TTL when written (see the class comment).
     * Readable from any thread.
     *
     * @return count since start.
     */
    public long staleSymbolsSkipped()
    {
        return staleSymbolsSkipped;
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
    public long lastWrittenSeq() throws StoreUnavailableException
    {
        final StatefulRedisConnection<String, String> c = connection();
        try
        {
            final RedisFuture<String> get = c.async().get(RedisKeys.PRICE_WRITER_POSITION);
            c.flushCommands();
            final String value = store.await(get, store.writeDeadlineNs(), "GET " + RedisKeys.PRICE_WRITER_POSITION);
            return value == null ? -1 : Long.parseLong(value);
        }
        catch (final StoreUnavailableException ex)
        {
            drop();
            throw ex;
        }
        catch (final RedisException ex)
        {
            drop();
            throw new StoreUnavailableException("redis " + store.target() + ": GET position failed", ex);
        }
        catch (final NumberFormatException ex)
        {
            throw new StoreUnavailableException("redis " + store.target() + ": bad " +
                RedisKeys.PRICE_WRITER_POSITION, ex);
        }
    }

    @Override
    public void write(final TradeBatch batch) throws StoreUnavailableException
    {
        if (batch.isEmpty())
        {
            return;
        }
        conflate(batch);
        final StatefulRedisConnection<String, String> c = connection();
        try
        {
            final RedisAsyncCommands<String, String> async = c.async();
            final long staleBeforeNs = epochNanosClock.getAsLong() - ttlNs;
            long stale = 0;
            async.multi();
            for (int i = 0; i < touched.size(); i++)
            {
                final SymbolPrice symbol = touched.get(i);
                if (!symbol.hasTrade && symbol.bid == 0 && symbol.ask == 0)
                {
                    continue; // only quotes without prices: nothing to say
                }
                if (symbol.receivedNs - staleBeforeNs < 0)
                {
                    stale++;
                    continue;
                }
                async.hset(symbol.key, fields(symbol));
                async.pexpire(symbol.key, ttlMs);
            }
            async.set(RedisKeys.PRICE_WRITER_POSITION, Long.toString(batch.lastSeq()));
            final RedisFuture<TransactionResult> exec = async.exec();
            c.flushCommands();
            final TransactionResult result = store.await(exec, store.writeDeadlineNs(), "price MULTI/EXEC");
            if (result.wasDiscarded())
            {
                throw new StoreUnavailableException("redis " + store.target() + ": price transaction discarded",
                    null);
            }
            for (final Object reply : result)
            {
                if (reply instanceof Throwable error)
                {
                    throw new StoreUnavailableException("redis " + store.target() + ": price write failed: " +
                        error.getMessage(), error);
                }
            }
            staleSymbolsSkipped += stale;
        }
        catch (final RedisException ex)
        {
            drop();
            throw new StoreUnavailableException("redis " + store.target() + ": price write failed: " +
                ex.getMessage(), ex);
        }
        catch (final StoreUnavailableException ex)
        {
            drop(); // a connection left inside MULTI must not carry over to the retry
            throw ex;
        }
        finally
        {
            touched.clear();
        }
    }

    @Override
    public void close()
    {
        drop();
    }

    private void conflate(final TradeBatch batch)
    {
        touched.clear();
        for (int i = 0, size = batch.size(); i < size; i++)
        {
            final String name = batch.symbol(i);
            SymbolPrice symbol = bySymbol.get(name);
            if (symbol == null)
            {
                symbol = new SymbolPrice(name);
                bySymbol.put(name, symbol);
            }
            if (!symbol.touched)
            {
                symbol.clear();
                touched.add(symbol);
            }
            symbol.receivedNs = batch.receivedNs(i);
            if (batch.isTrade(i))
            {
                symbol.hasTrade = true;
                symbol.price = batch.price(i);
                symbol.tsNs = batch.tsNs(i);
                symbol.seq = batch.seq(i);
            }
            if (batch.bid(i) != 0)
            {
                symbol.bid = batch.bid(i);
            }
            if (batch.ask(i) != 0)
            {
                symbol.ask = batch.ask(i);
            }
        }
        for (int i = 0; i < touched.size(); i++)
        {
            touched.get(i).touched = false;
        }
    }

    private Map<String, String> fields(final SymbolPrice symbol)
    {
        final Map<String, String> fields = new LinkedHashMap<>(12);
        if (symbol.hasTrade)
        {
            fields.put("price", FixedPoint.toString(symbol.price));
        }
        if (symbol.bid != 0)
        {
            fields.put("bid", FixedPoint.toString(symbol.bid));
        }
        if (symbol.ask != 0)
        {
            fields.put("ask", FixedPoint.toString(symbol.ask));
        }
        if (symbol.hasTrade)
        {
            scratch.setLength(0);
            fields.put("ts", Timestamps.appendIso(symbol.tsNs, scratch).toString());
            fields.put("ts_ns", Long.toString(symbol.tsNs));
            fields.put("seq", Long.toString(symbol.seq));
        }
        return fields;
    }

    private StatefulRedisConnection<String, String> connection() throws StoreUnavailableException
    {
        if (connection == null || !connection.isOpen())
        {
            connection = store.openDedicated();
        }
        return connection;
    }

    private void drop()
    {
        RedisStore.closeQuietly(connection);
        connection = null;
    }

    /** Conflated state of one symbol within the current batch; reused from batch to batch. */
    private static final class SymbolPrice
    {
        private final String key;
        private boolean touched;
        private boolean hasTrade;
        private long price;
        private long tsNs;
        private long seq;
        private long bid;
        private long ask;
        private long receivedNs;

        private SymbolPrice(final String symbol)
        {
            key = RedisKeys.price(symbol);
        }

        private void clear()
        {
            touched = true;
            hasTrade = false;
            bid = 0;
            ask = 0;
        }
    }
}
