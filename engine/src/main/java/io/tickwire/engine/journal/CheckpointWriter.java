package io.tickwire.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.tickwire.engine.bars.BarEngine;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * Writes checkpoints off the engine thread. The engine captures its state into one of two pooled images
 * ({@link #offer}, a memory copy) and hands it over through a ring; this agent writes it to disk and returns the
 * image to the pool. When both images are busy the engine skips that checkpoint rather than wait.
 */
public final class CheckpointWriter implements Agent
{
    private static final int IMAGES = 2;

    private final Path directory;
    private final String fingerprint;
    private final Journal journal;
    private final int journalRetainDays;
    private final OneToOneConcurrentArrayQueue<Checkpoint> free = new OneToOneConcurrentArrayQueue<>(IMAGES);
    private final OneToOneConcurrentArrayQueue<Checkpoint> full = new OneToOneConcurrentArrayQueue<>(IMAGES);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong lastWrittenArrivalSeq = new AtomicLong(-1);
    private final AtomicLong lastBytes = new AtomicLong();
    private volatile LongSupplier readersFloor = () -> Long.MAX_VALUE;

    /**
     * A writer into a directory.
     *
     * @param directory   where checkpoints live.
     * @param fingerprint configuration the state depends on.
     */
    public CheckpointWriter(final Path directory, final String fingerprint)
    {
        this(directory, fingerprint, null, 0);
    }

    /**
     * A writer into a directory that also trims the journal behind each checkpoint written.
     *
     * @param directory         where checkpoints live.
     * @param fingerprint       configuration the state depends on.
     * @param journal           the journal to trim, or null.
     * @param journalRetainDays whole days of journal kept before today, even when checkpointed.
     */
    public CheckpointWriter(
        final Path directory,
        final String fingerprint,
        final Journal journal,
        final int journalRetainDays)
    {
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.journal = journal;
        this.journalRetainDays = journalRetainDays;
        for (int i = 0; i < IMAGES; i++)
        {
            free.offer(new Checkpoint());
        }
    }

    /**
     * Keeps the journal readable from an index other readers still need (the slowest store writer's position):
     * retention never deletes at or after it. -1 keeps everything; Long.MAX_VALUE (the default) binds nothing.
     *
     * @param floor journal index still needed, read on the checkpoint thread.
     */
    public void retainFrom(final LongSupplier floor)
    {
        this.readersFloor = floor;
    }

    /**
     * Captures the engine's state for writing; on the engine thread.
     *
     * @param engine       the engine.
     * @param journalIndex index of the last event applied.
     * @param arrivalSeq   arrival sequence of the last event applied.
     * @param positions    source positions of the events applied.
     * @return false when no image was free and the checkpoint was skipped.
     */
    public boolean offer(
        final BarEngine engine,
        final long journalIndex,
        final long arrivalSeq,
        final SourcePositions positions)
    {
        final Checkpoint image = free.poll();
        if (image == null)
        {
            skipped.lazySet(skipped.get() + 1);
            return false;
        }
        image.capture(engine, fingerprint, journalIndex, arrivalSeq, positions);
        full.offer(image);
        return true;
    }

    @Override
    public int doWork()
    {
        final Checkpoint image = full.poll();
        if (image == null)
        {
            return 0;
        }
        try
        {
            image.writeTo(directory);
            written.incrementAndGet();
            lastWrittenArrivalSeq.set(image.arrivalSeq());
            lastBytes.set(image.length());
            if (journal != null)
            {
                // Only days wholly before the checkpoint just written, before what every journal reader (store
                // writers) still needs, and before the retention go: recovery and the stores stay exact.
                journal.deleteBefore(Math.min(image.journalIndex(), readersFloor.getAsLong()), journalRetainDays);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("checkpoint write to " + directory + " failed", ex);
        }
        finally
        {
            free.offer(image);
        }
        return 1;
    }

    /**
     * Captures and writes a checkpoint on the calling thread, after the engine has stopped.
     *
     * @param engine       the engine, idle.
     * @param journalIndex index of the last event applied.
     * @param arrivalSeq   arrival sequence of the last event applied.
     * @param positions    source positions of the events applied.
     * @throws IOException when the file cannot be written.
     */
    public void writeNow(
        final BarEngine engine,
        final long journalIndex,
        final long arrivalSeq,
        final SourcePositions positions) throws IOException
    {
        while (doWork() > 0)
        {
            // drain what the engine handed over before its last word
        }
        final Checkpoint image = new Checkpoint().capture(engine, fingerprint, journalIndex, arrivalSeq, positions);
        image.writeTo(directory);
        written.incrementAndGet();
        lastWrittenArrivalSeq.set(arrivalSeq);
        lastBytes.set(image.length());
    }

    @Override
    public String roleName()
    {
        return "checkpoint-writer";
    }

    /**
     * Checkpoints written.
     *
     * @return count.
     */
    public long written()
    {
        return written.get();
    }

    /**
     * Checkpoints skipped because the writer was still busy.
     *
     * @return count.
     */
    public long skipped()
    {
        return skipped.get();
    }

    /**
     * Arrival sequence of the newest checkpoint on disk.
     *
     * @return sequence, -1 when none written by this process.
     */
    public long lastWrittenArrivalSeq()
    {
        return lastWrittenArrivalSeq.get();
    }

    /**
     * Size of the newest checkpoint written.
     *
     * @return bytes.
     */
    public long lastBytes()
    {
        return lastBytes.get();
    }
}
