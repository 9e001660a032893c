package io.tickwire.persist.redis;

/**
 * The Redis key layout (SPEC 8). Keys name symbols literally, e.g. {@code price:AAPL} and {@code bars:AAPL:1m}.
 */
final class RedisKeys
{
    /** The price sink's journal position: the arrival seq of the last row of the last batch written. */
    static final String PRICE_WRITER_POSITION = "tickwire:writer:redis";

    private static final String PRICE_PREFIX = "price:";
    private static final String BARS_PREFIX = "bars:";
    private static final String NEWEST_PREFIX = "tickwire:bars:newest:";

    private RedisKeys()
    {
    }

    static String price(final String symbol)
    {
        return PRICE_PREFIX + symbol;
    }

    static String bars(final String symbol, final String tf)
    {
        return BARS_PREFIX + symbol + ':' + tf;
    }

    static String newestBar(final String tf)
    {
        return NEWEST_PREFIX + tf;
    }
}
