package io.tickwire.persist.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * Hit and miss counters of the Redis read side, for {@code /metrics} (e.g. {@code tickwire_cache_hits_total} with a
 * {@code cache="price"|"bars"} label and the hit ratio derived from them). A price lookup counts once per symbol
 * asked for; a bar lookup once per request. A lookup that fails because Redis is unreachable, slow or returns
 * something unreadable counts as a miss and as an error. Thread-safe; one instance is shared by the readers.
 */
public final class CacheMetrics
{
    private final LongAdder priceHits = new LongAdder();
    private final LongAdder priceMisses = new LongAdder();
    private final LongAdder barHits = new LongAdder();
    private final LongAdder barMisses = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /**
     * Symbols whose latest price came from Redis.
     *
     * @return count since start.
     */
    public long priceHits()
    {
        return priceHits.sum();
    }

    /**
     * Symbols whose latest price Redis did not have (absent, expired, no trade yet, or Redis down).
     *
     * @return count since start.
     */
    public long priceMisses()
    {
        return priceMisses.sum();
    }

    /**
     * Bar requests Redis answered completely.
     *
     * @return count since start.
     */
    public long barHits()
    {
        return barHits.sum();
    }

    /**
     * Bar requests Redis could not answer completely, left to the next store.
     *
     * @return count since start.
     */
    public long barMisses()
    {
        return barMisses.sum();
    }

    /**
     * All hits.
     *
     * @return price and bar hits.
     */
    public long hits()
    {
        return priceHits.sum() + barHits.sum();
    }

    /**
     * All misses.
     *
     * @return price and bar misses.
     */
    public long misses()
    {
        return priceMisses.sum() + barMisses.sum();
    }

    /**
     * Lookups that failed on Redis itself.
     *
     * @return count since start.
     */
    public long errors()
    {
        return errors.sum();
    }

    void priceHits(final int count)
    {
        priceHits.add(count);
    }

    void priceMisses(final int count)
    {
        priceMisses.add(count);
    }

    void barHit()
    {
        barHits.increment();
    }

    void barMiss()
    {
        barMisses.increment();
    }

    void error()
    {
        errors.increment();
    }
}
