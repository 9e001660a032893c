package io.tickwire.app.loadgen;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders shared by every connection of one run. Each event-loop thread records into its
 * own {@link Recorder} (wait-free for the writer); the reporting thread swaps interval histograms out and merges them
 * off the hot path.
 * <p>
 * Thread-safe.
 */
final class LoadStats
{
    /** Significant digits of every histogram: 0.1% resolution. */
    static final int SIGNIFICANT_DIGITS = 3;

    final AtomicInteger handshaked = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    final LongAdder messages = new LongAdder();
    final LongAdder payloadBytes = new LongAdder();
    final LongAdder dataMessages = new LongAdder();
    final LongAdder skippedUpdates = new LongAdder();
    final LongAdder decodeFailures = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder untimed = new LongAdder();
    final LongAdder finals = new LongAdder();
    final LongAdder negativeLatencies = new LongAdder();
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
    private volatile String firstError;

    /**
     * A recorder for one event-loop thread.
     *
     * @return a fresh recorder, merged by {@link #drainInto(Histogram)}.
     */
    Recorder newRecorder()
    {
        final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
        recorders.add(recorder);
        return recorder;
    }

    /**
     * Moves what every recorder holds since the last drain into {@code total}; {@code total} null discards it.
     *
     * @param total where to add, or null.
     */
    void drainInto(final Histogram total)
    {
        for (final Recorder recorder : recorders)
        {
            final Histogram interval = recorder.getIntervalHistogram();
            if (total != null)
            {
                total.add(interval);
            }
        }
    }

    /**
     * Keeps the first error a server sent or a connection hit, for the report.
     *
     * @param error a one-line description.
     */
    void error(final String error)
    {
        if (firstError == null)
        {
            firstError = error;
        }
    }

    /**
     * The first error seen, if any.
     *
     * @return the error or null.
     */
    String firstError()
    {
        return firstError;
    }
}
