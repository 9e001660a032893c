package io.tickwire.persist;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * Counters of one store writer (one {@link TradeSink} or {@link BarSink}), updated by its writer thread and
 * readable from any thread (metrics endpoint, tests, benchmarks).
 * <p>
 * Lag: {@link #lagNanos()} is now minus the receipt time of the oldest row the writer holds that the store has not
 * yet confirmed, 0 when caught up. {@link #lagPercentileNanos(double)} is over rows: for every row the store
 * confirmed, the time from its receipt by Tickwire to the confirmation (clamped to one day).
 */
public final class WriterMetrics
{
    /** What a writer is doing. */
    public enum State
    {
        /** Connecting to the store for the first time, or positioning in the journal. */
        STARTING,
        /** Writing; the last store call succeeded. */
        RUNNING,
        /** The last store call failed; waiting for the backoff before trying again. */
        RETRYING,
        /** Closed. */
        STOPPED
    }

    /** The {@link #lastWrittenSeq()} before the store answered, and for bar writers. */
    public static final long NO_SEQ = -1;

    private static final long NONE_PENDING = Long.MIN_VALUE;
    private static final long MAX_LAG_NS = TimeUnit.DAYS.toNanos(1);

    private final String name;
    private final EpochNanoClock clock;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rowsSkipped = new AtomicLong();
    private final AtomicLong rowsDropped = new AtomicLong();
    private final AtomicLong reconciles = new AtomicLong();
    private final AtomicLong lastWrittenSeq = new AtomicLong(NO_SEQ);
    private final AtomicLong oldestPendingReceivedNs = new AtomicLong(NONE_PENDING);
    private final Recorder lagRecorder = new Recorder(1_000, MAX_LAG_NS, 2);
    private volatile String lastError = "";
    private volatile State state = State.STARTING;
    private Histogram lagInterval;
    private Histogram lagTotal;

    /**
     * Metrics of one writer, lag measured against the system's wall clock.
     *
     * @param name the store's name.
     */
    public WriterMetrics(final String name)
    {
        this(name, SystemEpochNanoClock.INSTANCE);
    }

    /**
     * Metrics of one writer.
     *
     * @param name  the store's name.
     * @param clock wall clock, epoch nanoseconds, the clock of {@code receivedNs}.
     */
    public WriterMetrics(final String name, final EpochNanoClock clock)
    {
        this.name = name;
        this.clock = clock;
    }

    /**
     * The store's name.
     *
     * @return name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Rows (trades and quotes, or bars) the store confirmed.
     *
     * @return count.
     */
    public long rowsWritten()
    {
        return rowsWritten.get();
    }

    /**
     * Store writes that succeeded.
     *
     * @return count.
     */
    public long batchesWritten()
    {
        return batchesWritten.get();
    }

    /**
     * Failed store calls (open, write, lastWrittenSeq, newestBarStart), each retry counted.
     *
     * @return count.
     */
    public long errors()
    {
        return errors.get();
    }

    /**
     * The latest failure, credential-free, or "" when none yet.
     *
     * @return message.
     */
    public String lastError()
    {
        return lastError;
    }

    /**
     * Now minus the receipt time of the oldest row not yet confirmed by the store.
     *
     * @return nanoseconds, 0 when caught up.
     */
    public long lagNanos()
    {
        final long pending = oldestPendingReceivedNs.get();
        return pending == NONE_PENDING ? 0 : Math.max(0, clock.nanoTime() - pending);
    }

    /**
     * A percentile of the per-row receipt-to-confirmation time since the writer started.
     *
     * @param percentile 0 to 100, e.g. 99.
     * @return nanoseconds (2 significant digits), 0 when no row was written yet.
     */
    public synchronized long lagPercentileNanos(final double percentile)
    {
        return lagSoFar().getValueAtPercentile(percentile);
    }

    /**
     * The 99th percentile of the per-row receipt-to-confirmation time since the writer started.
     *
     * @return nanoseconds, 0 when no row was written yet.
     */
    public long lagP99Nanos()
    {
        return lagPercentileNanos(99);
    }

    /**
     * The largest per-row receipt-to-confirmation time since the writer started.
     *
     * @return nanoseconds, 0 when no row was written yet.
     */
    public synchronized long lagMaxNanos()
    {
        return lagSoFar().getMaxValue();
    }

    private Histogram lagSoFar()
    {
        lagInterval = lagRecorder.getIntervalHistogram(lagInterval);
        if (lagTotal == null)
        {
            lagTotal = new Histogram(1_000, MAX_LAG_NS, 2);
        }
        lagTotal.add(lagInterval);
        return lagTotal;
    }

    /**
     * What the writer is doing.
     *
     * @return state.
     */
    public State state()
    {
        return state;
    }

    /**
     * The highest arrival seq the store holds, as the store last reported or confirmed it (trade writers).
     *
     * @return seq, {@link #NO_SEQ} before the store answered or when it holds none, and for bar writers.
     */
    public long lastWrittenSeq()
    {
        return lastWrittenSeq.get();
    }

    /**
     * Journal rows read and skipped because the store already held them (after a restart or a failed write).
     *
     * @return count.
     */
    public long rowsSkipped()
    {
        return rowsSkipped.get();
    }

    /**
     * Bars dropped because the store's queue was full (bar writers only); reconciled from engine memory.
     *
     * @return count.
     */
    public long rowsDropped()
    {
        return rowsDropped.get();
    }

    /**
     * Reconciliations from engine memory that completed (bar writers only).
     *
     * @return count.
     */
    public long reconciles()
    {
        return reconciles.get();
    }

    @Override
    public String toString()
    {
        return "WriterMetrics{" + name + " " + state + " rows=" + rowsWritten() + " batches=" + batchesWritten() +
            " errors=" + errors() + " lastWrittenSeq=" + lastWrittenSeq() + " lagNs=" + lagNanos() + "}";
    }

    void onWritten(final int rows, final int batches)
    {
        rowsWritten.getAndAdd(rows);
        batchesWritten.getAndAdd(batches);
    }

    void recordLag(final long lagNs)
    {
        lagRecorder.recordValue(lagNs < 0 ? 0 : Math.min(lagNs, MAX_LAG_NS));
    }

    void onError(final String message)
    {
        errors.incrementAndGet();
        lastError = message;
    }

    void onSkipped(final long rows)
    {
        rowsSkipped.getAndAdd(rows);
    }

    void onDropped()
    {
        rowsDropped.incrementAndGet();
    }

    void onReconciled()
    {
        reconciles.incrementAndGet();
    }

    void lastWrittenSeq(final long seq)
    {
        lastWrittenSeq.set(seq);
    }

    void pending(final long oldestReceivedNs)
    {
        oldestPendingReceivedNs.set(oldestReceivedNs);
    }

    void caughtUp()
    {
        oldestPendingReceivedNs.set(NONE_PENDING);
    }

    void state(final State next)
    {
        state = next;
    }

    long nowEpochNs()
    {
        return clock.nanoTime();
    }
}
