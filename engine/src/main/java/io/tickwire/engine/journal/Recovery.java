package io.tickwire.engine.journal;

import java.io.IOException;
import java.nio.file.Path;

import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.ring.TradeEvent;

/**
 * Rebuilds the engine after a start or a crash: loads the newest usable checkpoint, then replays the journal
 * after it through the engine's ordinary path. Afterwards the engine holds exactly the journaled events, once
 * each, and {@link #positions()} tells every source where to resume.
 * <p>
 * Runs on the thread that will own the engine, before the ring starts.
 */
public final class Recovery
{
    private final SourcePositions positions = new SourcePositions();
    private Checkpoint.Loaded checkpoint;
    private long journalIndex = -1;
    private long arrivalSeq = -1;
    private long replayed;
    private long durationNs;

    /**
     * Recovers into an engine with empty state.
     *
     * @param engine        the engine.
     * @param fingerprint   configuration the checkpointed state depends on.
     * @param checkpointDir where checkpoints live.
     * @param journal       the journal.
     * @return this, with the results.
     * @throws IOException when checkpoints cannot be read.
     */
    public Recovery recover(
        final BarEngine engine,
        final String fingerprint,
        final Path checkpointDir,
        final Journal journal) throws IOException
    {
        final long startNs = System.nanoTime();
        checkpoint = Checkpoint.load(checkpointDir, fingerprint, engine, positions);
        if (checkpoint != null)
        {
            journalIndex = checkpoint.journalIndex();
            arrivalSeq = checkpoint.arrivalSeq();
        }

        final TradeEvent event = new TradeEvent();
        try (Journal.Reader reader = journal.reader())
        {
            if (!reader.seekAfter(journalIndex))
            {
                throw new IllegalStateException("journal does not hold index " + journalIndex + " of checkpoint " +
                    checkpoint.describe() + "; move the checkpoint away to rebuild from the whole journal");
            }
            while (reader.next(event))
            {
                engine.onEvent(event);
                positions.put(event.sourceId, event.partition, event.sourceOffset);
                journalIndex = event.journalIndex;
                arrivalSeq = event.arrivalSeq;
                replayed++;
            }
        }
        durationNs = System.nanoTime() - startNs;
        return this;
    }

    /**
     * Source positions after recovery.
     *
     * @return positions of the last journaled event of each (source, partition).
     */
    public SourcePositions positions()
    {
        return positions;
    }

    /**
     * The checkpoint used.
     *
     * @return it, or null when recovery replayed the whole journal.
     */
    public Checkpoint.Loaded checkpoint()
    {
        return checkpoint;
    }

    /**
     * Journal index of the last event applied.
     *
     * @return index, -1 when none.
     */
    public long journalIndex()
    {
        return journalIndex;
    }

    /**
     * Arrival sequence of the last event applied; the next event gets this + 1.
     *
     * @return sequence, -1 when none.
     */
    public long arrivalSeq()
    {
        return arrivalSeq;
    }

    /**
     * Events replayed from the journal after the checkpoint.
     *
     * @return count.
     */
    public long replayed()
    {
        return replayed;
    }

    /**
     * Time spent recovering.
     *
     * @return nanoseconds.
     */
    public long durationNs()
    {
        return durationNs;
    }
}
