package io.tickwire.engine.ingest;

import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.TradeEvent;

/**
 * Where trades come from (the synthetic feed, Kafka): polled by the {@link IngestAgent} on its own thread, it
 * fills events one at a time and hands each to the sink, which validates, journals and publishes it.
 * <p>
 * Not thread-safe: confined to the ingest thread.
 */
public interface TradeSource extends AutoCloseable
{
    /**
     * Resumes just after the positions the journal holds; called once before the first poll.
     *
     * @param positions last journaled position per (source, partition).
     */
    void resumeAfter(SourcePositions positions);

    /**
     * Emits up to {@code limit} events.
     *
     * @param sink    receives each filled event, valid only during the call.
     * @param nowNs   wall clock, epoch nanoseconds, read once by the caller.
     * @param limit   most events to emit.
     * @return events emitted, 0 when idle.
     */
    int poll(Sink sink, long nowNs, int limit);

    /**
     * Whether the source has nothing more to give, ever (a finite synthetic tape).
     *
     * @return true once exhausted.
     */
    default boolean isExhausted()
    {
        return false;
    }

    @Override
    default void close()
    {
    }

    /** Receives events from a source. */
    interface Sink
    {
        /**
         * One event, parsed; the sink validates it.
         *
         * @param event trade or quote with its source position set.
         */
        void onEvent(TradeEvent event);

        /**
         * A record the source could not even parse.
         *
         * @param reason why.
         */
        void onRejected(RejectReason reason);
    }
}
