package io.tickwire.persist.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tickwire.codecs.FixedPoint;
import io.tickwire.persist.PriceReader;
import io.tickwire.persist.PriceRecord;
import io.tickwire.persist.StoreUnavailableException;

/**
 * Latest prices for {@code /api/prices} from {@code price:{SYMBOL}}: one pipelined HMGET per symbol on the store's
 * shared connection. A symbol is a hit when its hash exists and holds a trade price (a hash with only a bid and
 * an ask, or one that expired, is a miss); the caller answers misses from the engine. Thread-safe.
 */
public final class RedisPriceReader implements PriceReader
{
    private static final long ABSENT = Long.MIN_VALUE;
    private static final String[] FIELDS = {"price", "bid", "ask", "ts_ns", "seq"};

    private final RedisStore store;
    private final CacheMetrics metrics;

    /**
     * A reader.
     *
     * @param store   the Redis endpoint; not closed by this reader.
     * @param metrics where hits and misses are counted.
     */
    public RedisPriceReader(final RedisStore store, final CacheMetrics metrics)
    {
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * The cached latest prices of some symbols, in one round trip.
     *
     * @param asked symbols asked for.
     * @return the hits, in the order asked; a symbol missing from the map is a miss.
     * @throws StoreUnavailableException when Redis cannot answer within the command timeout; every symbol then
     *                                   counts as a miss.
     */
    @Override
    public Map<String, PriceRecord> latest(final Collection<String> asked) throws StoreUnavailableException
    {
        final List<String> symbols = List.copyOf(asked);
        final Map<String, PriceRecord> hits = new LinkedHashMap<>();
        if (symbols.isEmpty())
        {
            return hits;
        }
        int hitCount = 0;
        try
        {
            final RedisAsyncCommands<String, String> async = store.shared().async();
            final List<RedisFuture<List<KeyValue<String, String>>>> calls = new ArrayList<>(symbols.size());
            for (final String symbol : symbols)
            {
                calls.add(async.hmget(RedisKeys.price(symbol), FIELDS));
            }
            final long deadlineNs = store.deadlineNs();
            for (int i = 0; i < calls.size(); i++)
            {
                final PriceRecord price = parse(symbols.get(i), store.await(calls.get(i), deadlineNs, "HMGET price"));
                if (price != null)
                {
                    hits.put(price.symbol(), price);
                    hitCount++;
                }
            }
        }
        catch (final StoreUnavailableException ex)
        {
            failed(symbols.size());
            throw ex;
        }
        catch (final RedisException ex)
        {
            failed(symbols.size());
            throw new StoreUnavailableException("redis " + store.target() + ": HMGET price failed", ex);
        }
        metrics.priceHits(hitCount);
        metrics.priceMisses(symbols.size() - hitCount);
        return hits;
    }

    private void failed(final int symbols)
    {
        metrics.priceMisses(symbols);
        metrics.error();
    }

    private static PriceRecord parse(final String symbol, final List<KeyValue<String, String>> values)
    {
        final long price = mantissa(values.get(0));
        if (price == ABSENT)
        {
            return null;
        }
        final long tsNs = integer(values.get(3));
        final long seq = integer(values.get(4));
        if (tsNs == Long.MIN_VALUE || seq == Long.MIN_VALUE)
        {
            return null;
        }
        return new PriceRecord(symbol, price, mantissa(values.get(1)), mantissa(values.get(2)), tsNs, seq);
    }

    private static long mantissa(final KeyValue<String, String> value)
    {
        if (!value.hasValue())
        {
            return ABSENT;
        }
        final long mantissa = FixedPoint.parse(value.getValue());
        return mantissa == FixedPoint.INVALID ? ABSENT : mantissa;
    }

    private static long integer(final KeyValue<String, String> value)
    {
        if (!value.hasValue())
        {
            return Long.MIN_VALUE;
        }
        try
        {
            return Long.parseLong(value.getValue());
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }
}
