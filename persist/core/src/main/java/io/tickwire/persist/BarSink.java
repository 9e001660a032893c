package io.tickwire.persist;

import java.util.List;

/**
 * A store that keeps the engine's final bars and corrections. Writes are upserts keyed by (symbol, tf, start) that
 * keep the highest rev, so writing a bar again is harmless: bar writers are at least once.
 */
public interface BarSink extends AutoCloseable
{
    /**
     * Short store name for metrics and logs.
     *
     * @return name.
     */
    String name();

    /**
     * Connects and creates the schema idempotently.
     *
     * @throws Exception when the store cannot be reached.
     */
    void open() throws Exception;

    /**
     * Start of the newest bar stored for a timeframe over all symbols, so a restarted writer knows which of the
     * engine's in-memory final bars to write again.
     *
     * @param tf timeframe name.
     * @return epoch ns, or Long.MIN_VALUE when none.
     * @throws Exception when the store cannot answer.
     */
    long newestBarStart(String tf) throws Exception;

    /**
     * Upserts bars, keeping the highest rev per (symbol, tf, start).
     *
     * @param bars bars in emission order.
     * @throws Exception when the store refused or is unreachable; the writer retries.
     */
    void write(List<BarRecord> bars) throws Exception;

    /** Releases connections; never throws. */
    @Override
    void close();
}
