package io.tickwire.persist;

import java.util.List;

/**
 * The read side of one store, for {@code /api/historical} and {@code /api/trades}. Implementations are thread-safe
 * and are called from a blocking executor, never from an event loop.
 */
public interface HistoryReader
{
    /**
     * Short store name for metrics and logs.
     *
     * @return name.
     */
    String name();

    /**
     * Final bars of one symbol and timeframe with {@code fromNs <= start < toNs}: the latest {@code limit} of
     * them, oldest first, each at its highest rev.
     *
     * @param symbol symbol.
     * @param tf     timeframe name.
     * @param fromNs inclusive lower bound on the window start, epoch ns.
     * @param toNs   exclusive upper bound on the window start, epoch ns.
     * @param limit  most bars returned.
     * @return bars oldest first.
     * @throws StoreUnavailableException when the store cannot answer.
     */
    List<BarRecord> bars(String symbol, String tf, long fromNs, long toNs, int limit)
        throws StoreUnavailableException;

    /**
     * Trades of one symbol with {@code fromNs <= ts < toNs}: the latest {@code limit}, oldest first by (ts, seq),
     * each once.
     *
     * @param symbol symbol.
     * @param fromNs inclusive, epoch ns.
     * @param toNs   exclusive, epoch ns.
     * @param limit  most trades returned.
     * @return trades oldest first.
     * @throws StoreUnavailableException when the store cannot answer.
     */
    List<TradeRecord> trades(String symbol, long fromNs, long toNs, int limit) throws StoreUnavailableException;
}
