package io.tickwire.engine.journal;

import org.agrona.collections.Long2LongHashMap;

/**
 * The last applied position of each (source, partition), e.g. a Kafka offset: carried by checkpoints and rebuilt
 * by journal replay, so that a source resumes exactly after the last journaled event.
 * <p>
 * Not thread-safe: owned by the engine thread until handed, after recovery, to the ingest side.
 */
public final class SourcePositions
{
    /** Returned for a (source, partition) with no position yet. */
    public static final long NONE = -1;

    private final Long2LongHashMap offsets = new Long2LongHashMap(NONE);

    /**
     * Records a position; allocation-free for a known (source, partition).
     *
     * @param sourceId  source.
     * @param partition partition.
     * @param offset    last applied position.
     */
    public void put(final int sourceId, final int partition, final long offset)
    {
        offsets.put(key(sourceId, partition), offset);
    }

    /**
     * The last applied position.
     *
     * @param sourceId  source.
     * @param partition partition.
     * @return the position, or {@link #NONE}.
     */
    public long get(final int sourceId, final int partition)
    {
        return offsets.get(key(sourceId, partition));
    }

    /**
     * Visits every position.
     *
     * @param visitor receives (sourceId, partition, offset).
     */
    public void forEach(final Visitor visitor)
    {
        final Long2LongHashMap.KeyIterator keys = offsets.keySet().iterator();
        while (keys.hasNext())
        {
            final long key = keys.nextValue();
            visitor.visit((int)(key >>> 32), (int)key, offsets.get(key));
        }
    }

    /**
     * Number of (source, partition) pairs held.
     *
     * @return count.
     */
    public int size()
    {
        return offsets.size();
    }

    /** Forgets every position. */
    public void clear()
    {
        offsets.clear();
    }

    private static long key(final int sourceId, final int partition)
    {
        return ((long)sourceId << 32) | (partition & 0xFFFF_FFFFL);
    }

    /** Receives positions from {@link #forEach(Visitor)}. */
    @FunctionalInterface
    public interface Visitor
    {
        /**
         * One position.
         *
         * @param sourceId  source.
         * @param partition partition.
         * @param offset    last applied position.
         */
        void visit(int sourceId, int partition, long offset);
    }
}
