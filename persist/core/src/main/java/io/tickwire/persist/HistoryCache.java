package io.tickwire.persist;

import java.util.List;

/**
 * A response cache for history reads: the answer a store gave for exactly these arguments, kept for a short time, so
 * that repeated loads of the same chart range (a dashboard reopened, many users on one symbol) are served from the
 * cache instead of the databases. Thread-safe; best effort: a cache that is down is a miss, never an error.
 */
public interface HistoryCache
{
    /**
     * The cached answer of {@link HistoryReader#bars} for these arguments.
     *
     * @param symbol symbol.
     * @param tf     timeframe name.
     * @param fromNs inclusive lower bound, epoch ns.
     * @param toNs   exclusive upper bound, epoch ns.
     * @param limit  most bars.
     * @return the bars, or null on a miss (absent, expired or cache down).
     */
    List<BarRecord> bars(String symbol, String tf, long fromNs, long toNs, int limit);

    /**
     * Keeps a store's answer; returns at once (the write completes in the background).
     *
     * @param symbol symbol.
     * @param tf     timeframe name.
     * @param fromNs inclusive lower bound, epoch ns.
     * @param toNs   exclusive upper bound, epoch ns.
     * @param limit  most bars.
     * @param bars   the answer, oldest first.
     */
    void putBars(String symbol, String tf, long fromNs, long toNs, int limit, List<BarRecord> bars);
}
