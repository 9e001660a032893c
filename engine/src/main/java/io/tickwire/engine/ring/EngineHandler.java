package io.tickwire.engine.ring;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.journal.CheckpointWriter;
import io.tickwire.engine.journal.SourcePositions;

/**
 * The engine side of the ring: applies each event to the {@link BarEngine}, remembers the journal index, arrival
 * sequence and source position of the last one applied, and asks for a checkpoint every so many events or so much
 * wall time.
 * <p>
 * Not thread-safe: runs on the engine thread; {@link #appliedArrivalSeq()} may be read from any thread.
 */
public final class EngineHandler implements EventHandler<TradeEvent>
{
    private final BarEngine engine;
    private final SourcePositions positions;
    private final CheckpointWriter checkpoints;
    private final long checkpointEveryEvents;
    private final long checkpointIntervalNs;
    private final AtomicLong appliedArrivalSeq = new AtomicLong(-1);
    private long journalIndex;
    private long arrivalSeq;
    private long sinceCheckpoint;
    private long lastCheckpointNs;
    private int cachedSourceId = -1;
    private int cachedPartition = -1;
    private long cachedOffset = SourcePositions.NONE;

    /**
     * A handler continuing from a recovered state.
     *
     * @param engine                the engine, recovered.
     * @param positions             source positions after recovery.
     * @param journalIndex          journal index of the last event recovered, -1 when none.
     * @param arrivalSeq            arrival sequence of the last event recovered, -1 when none.
     * @param checkpoints           where checkpoint images go, or null for none.
     * @param checkpointEveryEvents events between checkpoints.
     * @param checkpointIntervalNs  wall time between checkpoints.
     */
    public EngineHandler(
        final BarEngine engine,
        final SourcePositions positions,
        final long journalIndex,
        final long arrivalSeq,
        final CheckpointWriter checkpoints,
        final long checkpointEveryEvents,
        final long checkpointIntervalNs)
    {
        this.engine = engine;
        this.positions = positions;
        this.journalIndex = journalIndex;
        this.arrivalSeq = arrivalSeq;
        this.checkpoints = checkpoints;
        this.checkpointEveryEvents = checkpointEveryEvents;
        this.checkpointIntervalNs = checkpointIntervalNs;
        this.appliedArrivalSeq.lazySet(arrivalSeq);
    }

    @Override
    public void onEvent(final TradeEvent event, final long sequence, final boolean endOfBatch)
    {
        engine.onEvent(event);
        if (event.kind == TradeEvent.KIND_CLOCK)
        {
            if (endOfBatch)
            {
                // A batch ending on a tick must still publish the last trade applied (a trickle of trades).
                appliedArrivalSeq.lazySet(arrivalSeq);
            }
            if (sinceCheckpoint > 0 && event.tsNs - lastCheckpointNs >= checkpointIntervalNs)
            {
                checkpoint(event.tsNs);
            }
            return;
        }
        journalIndex = event.journalIndex;
        arrivalSeq = event.arrivalSeq;
        // Consecutive events mostly come from one partition: keep its position in fields and touch the map only
        // when the partition changes or a checkpoint needs them all.
        if (event.partition != cachedPartition || event.sourceId != cachedSourceId)
        {
            flushCachedPosition();
            cachedSourceId = event.sourceId;
            cachedPartition = event.partition;
        }
        cachedOffset = event.sourceOffset;
        if (endOfBatch)
        {
            appliedArrivalSeq.lazySet(arrivalSeq);
        }
        if (++sinceCheckpoint >= checkpointEveryEvents)
        {
            checkpoint(System.currentTimeMillis() * 1_000_000L);
        }
    }

    @Override
    public void onShutdown()
    {
        appliedArrivalSeq.lazySet(arrivalSeq);
    }

    /**
     * Captures a checkpoint now; on the engine thread or after the ring has halted.
     *
     * @param nowNs wall clock, epoch nanoseconds.
     */
    public void checkpoint(final long nowNs)
    {
        flushCachedPosition();
        if (checkpoints != null && checkpoints.offer(engine, journalIndex, arrivalSeq, positions))
        {
            sinceCheckpoint = 0;
            lastCheckpointNs = nowNs;
        }
    }

    /**
     * Writes a checkpoint of the final state synchronously; only after the ring has halted and the checkpoint
     * writer agent has stopped.
     *
     * @throws java.io.IOException when the file cannot be written.
     */
    public void finalCheckpoint() throws java.io.IOException
    {
        flushCachedPosition();
        if (checkpoints != null)
        {
            checkpoints.writeNow(engine, journalIndex, arrivalSeq, positions);
        }
    }

    private void flushCachedPosition()
    {
        if (cachedOffset != SourcePositions.NONE)
        {
            positions.put(cachedSourceId, cachedPartition, cachedOffset);
        }
    }

    /**
     * Arrival sequence of the last event applied, published at the end of each batch.
     *
     * @return sequence, -1 when none.
     */
    public long appliedArrivalSeq()
    {
        return appliedArrivalSeq.get();
    }
}
