package io.tickwire.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.HistoryCache;
import io.tickwire.persist.HistoryReader;
import io.tickwire.persist.PriceReader;
import io.tickwire.persist.PriceRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeRecord;

/**
 * The stores behind the HTTP read side, in fallback order (SPEC §11: Redis, then ClickHouse, then PostgreSQL; the
 * engine's memory is the caller's last resort). Store calls block, so they run on this class's own small pool,
 * never on an event loop or the hub; a full pool answers "unavailable" at once rather than queueing without bound.
 */
public final class StoreReads implements AutoCloseable
{
    private static final int QUEUE = 256;

    private final List<HistoryReader> barReaders;
    private final List<HistoryReader> tradeReaders;
    private final PriceReader prices;
    private final HistoryCache cache;
    private final ExecutorService pool;

    /**
     * Stores in fallback order.
     *
     * @param barReaders   readers asked for bars, first that answers wins (a cache that does not hold the range
     *                     answers by throwing, so the next is asked).
     * @param tradeReaders readers asked for raw trades.
     * @param prices       latest-price cache, or null.
     * @param cache        response cache for the stores' bar answers, or null.
     * @param threads      pool size for store calls.
     */
    public StoreReads(final List<HistoryReader> barReaders, final List<HistoryReader> tradeReaders,
        final PriceReader prices, final HistoryCache cache, final int threads)
    {
        this.barReaders = List.copyOf(barReaders);
        this.tradeReaders = List.copyOf(tradeReaders);
        this.prices = prices;
        this.cache = cache;
        final AtomicInteger n = new AtomicInteger();
        this.pool = configured() ? new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE), r ->
            {
                final Thread thread = new Thread(r, "store-reads-" + n.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }) : null;
    }

    /**
     * No stores: the engine's memory answers everything.
     *
     * @return reads with no store.
     */
    public static StoreReads none()
    {
        return new StoreReads(List.of(), List.of(), null, null, 0);
    }

    /**
     * Whether any store is configured.
     *
     * @return true when some store can be asked.
     */
    public boolean configured()
    {
        return !barReaders.isEmpty() || !tradeReaders.isEmpty() || prices != null;
    }

    boolean hasBarStores()
    {
        return !barReaders.isEmpty();
    }

    boolean hasTradeStores()
    {
        return !tradeReaders.isEmpty();
    }

    boolean hasPriceCache()
    {
        return prices != null;
    }

    /** Runs blocking store work off the loops; false when the pool is saturated or absent. */
    boolean submit(final Runnable work)
    {
        if (pool == null)
        {
            return false;
        }
        try
        {
            pool.execute(work);
            return true;
        }
        catch (final RejectedExecutionException ex)
        {
            return false;
        }
    }

    /** Bars from the response cache, else the first store that answers (then cached); throws when none does. */
    List<BarRecord> bars(final String symbol, final String tf, final long fromNs, final long toNs, final int limit)
        throws StoreUnavailableException
    {
        final List<BarRecord> cached = cache == null ? null : cache.bars(symbol, tf, fromNs, toNs, limit);
        if (cached != null)
        {
            return cached;
        }
        StoreUnavailableException failure = null;
        for (final HistoryReader reader : barReaders)
        {
            try
            {
                final List<BarRecord> bars = reader.bars(symbol, tf, fromNs, toNs, limit);
                if (cache != null)
                {
                    cache.putBars(symbol, tf, fromNs, toNs, limit, bars);
                }
                return bars;
            }
            catch (final StoreUnavailableException ex)
            {
                failure = ex;
            }
        }
        throw failure != null ? failure : new StoreUnavailableException("no bar store configured", null);
    }

    /** Trades from the first store that answers; throws when none does. */
    List<TradeRecord> trades(final String symbol, final long fromNs, final long toNs, final int limit)
        throws StoreUnavailableException
    {
        StoreUnavailableException failure = null;
        for (final HistoryReader reader : tradeReaders)
        {
            try
            {
                return reader.trades(symbol, fromNs, toNs, limit);
            }
            catch (final StoreUnavailableException ex)
            {
                failure = ex;
            }
        }
        throw failure != null ? failure : new StoreUnavailableException("no trade store configured", null);
    }

    /** Latest prices the cache holds (the cache counts its hits and misses); empty when the cache is down. */
    Map<String, PriceRecord> prices(final Collection<String> symbols)
    {
        if (prices == null)
        {
            return Map.of();
        }
        try
        {
            return prices.latest(symbols);
        }
        catch (final StoreUnavailableException ex)
        {
            return Map.of();
        }
    }

    @Override
    public void close()
    {
        if (pool != null)
        {
            pool.shutdownNow();
        }
    }
}
