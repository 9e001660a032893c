package io.tickwire.gateway;

import java.util.List;

import io.tickwire.persist.WriterMetrics;

/**
 * What {@code /metrics} reads from the engine, supplied by whoever wires the gateway (the app), so that the gateway
 * never depends on the app. Each call may be made from any thread and returns a recent, possibly slightly stale,
 * value; none may block.
 */
public interface EngineStats
{
    /**
     * Trades accepted by the engine since start.
     *
     * @return count.
     */
    long ingested();

    /**
     * The reasons trades are rejected for, in a fixed order.
     *
     * @return reason names, lower case.
     */
    List<String> rejectReasons();

    /**
     * Trades rejected for one reason.
     *
     * @param reasonIndex index into {@link #rejectReasons()}.
     * @return count.
     */
    long rejected(int reasonIndex);

    /**
     * Trades late (beyond the grace) for one timeframe.
     *
     * @param tfIndex timeframe index.
     * @return count.
     */
    long late(int tfIndex);

    /**
     * Free slots in the engine's input ring.
     *
     * @return slots.
     */
    long ringRemainingCapacity();

    /**
     * Updates the output ring dropped because a consumer fell a whole ring behind.
     *
     * @return count.
     */
    long outputDropped();

    /**
     * Stats of an engine that reports nothing, for tests.
     *
     * @return zeros.
     */
    static EngineStats none()
    {
        return new EngineStats()
        {
            @Override
            public long ingested()
            {
                return 0;
            }

            @Override
            public List<String> rejectReasons()
            {
                return List.of();
            }

            @Override
            public long rejected(final int reasonIndex)
            {
                return 0;
            }

            @Override
            public long late(final int tfIndex)
            {
                return 0;
            }

            @Override
            public long ringRemainingCapacity()
            {
                return 0;
            }

            @Override
            public long outputDropped()
            {
                return 0;
            }
        };
    }

    /**
     * The store writers' metrics (rows, errors, lag), empty when no store is configured.
     *
     * @return one per writer.
     */
    default List<StoreWriter> writers()
    {
        return List.of();
    }

    /**
     * Cache (Redis) lookups that found what they asked for.
     *
     * @return count.
     */
    default long cacheHits()
    {
        return 0;
    }

    /**
     * Cache (Redis) lookups that did not.
     *
     * @return count.
     */
    default long cacheMisses()
    {
        return 0;
    }

    /**
     * One store writer as {@code /metrics} labels it.
     *
     * @param store   store name, e.g. {@code clickhouse}.
     * @param kind    {@code trades} (journal writer) or {@code bars} (output-ring writer).
     * @param metrics its live metrics.
     */
    record StoreWriter(String store, String kind, WriterMetrics metrics)
    {
    }
}
