package io.tickwire.persist;

/**
 * A store that keeps journaled trades (and, if it wants them, quotes). One writer agent drives one sink from one
 * thread; a sink need not be thread-safe.
 * <p>
 * Exactly-once visibility rests on the arrival sequence: {@link #lastWrittenSeq()} comes from the store itself
 * (in the same transaction as the rows, or read back from the rows), and {@link #write} is either atomic or
 * idempotent per seq. After a crash the writer resumes at {@code lastWrittenSeq() + 1}, so a batch that reached
 * the store is never written twice and one that did not is written again.
 */
public interface TradeSink extends AutoCloseable
{
    /**
     * Short store name for metrics and logs, e.g. {@code clickhouse}.
     *
     * @return name.
     */
    String name();

    /**
     * Connects and creates the schema idempotently. Called again after a failure until it succeeds.
     *
     * @throws Exception when the store cannot be reached or the schema cannot be created.
     */
    void open() throws Exception;

    /**
     * The highest arrival seq durably in the store, read from the store.
     *
     * @return seq, or -1 when the store holds none of the journal's rows.
     * @throws Exception when the store cannot answer.
     */
    long lastWrittenSeq() throws Exception;

    /**
     * Writes a batch, all or nothing (or idempotently). Returns only once the rows are durable.
     *
     * @param batch rows in seq order, all above {@link #lastWrittenSeq()}.
     * @throws Exception when the store refused or is unreachable; the writer retries the same batch.
     */
    void write(TradeBatch batch) throws Exception;

    /** Releases connections; never throws. */
    @Override
    void close();
}
