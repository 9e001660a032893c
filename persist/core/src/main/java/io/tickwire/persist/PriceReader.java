package io.tickwire.persist;

import java.util.Collection;
import java.util.Map;

/** Latest prices from a cache, for {@code /api/prices}; thread-safe, called off the event loops. */
public interface PriceReader
{
    /**
     * Latest prices of the symbols the cache holds; symbols it does not hold are simply absent (a miss).
     *
     * @param symbols symbols asked for.
     * @return by symbol.
     * @throws StoreUnavailableException when the cache cannot answer at all.
     */
    Map<String, PriceRecord> latest(Collection<String> symbols) throws StoreUnavailableException;
}
