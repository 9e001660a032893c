package io.tickwire.engine.bars;

import java.util.concurrent.atomic.AtomicLongArray;

import io.tickwire.engine.ingest.RejectReason;

/**
 * Monotonic counters of the engine: written by their single owner thread with release stores (no lock, no
 * read-modify-write, no volatile read), read by any thread for metrics and stats.
 */
public final class EngineCounters
{
    private static final int ACCEPTED = 0;
    private static final int LATE = 1;
    private static final int BAR_UPDATES = 2;
    private static final int CORRECTIONS = 3;
    private static final int FINALISED_BY_WATERMARK = 4;
    private static final int FINALISED_BY_CLOCK = 5;
    private static final int QUOTES = 6;
    private static final int WINDOWS_DROPPED = 7;
    private static final int REJECTED_BASE = 8;
    private static final int LATE_BY_TF_BASE = REJECTED_BASE + RejectReason.values().length;

    private final AtomicLongArray values;
    private final long[] owned;
    private final int timeframes;

    /**
     * Zeroed counters.
     *
     * @param timeframes timeframe count, for the per-timeframe late counters.
     */
    public EngineCounters(final int timeframes)
    {
        this.timeframes = timeframes;
        this.values = new AtomicLongArray(LATE_BY_TF_BASE + timeframes);
        this.owned = new long[LATE_BY_TF_BASE + timeframes];
    }

    private void increment(final int index)
    {
        // The owner counts in a plain array and publishes with a release store: no volatile read per event.
        final long value = owned[index] + 1;
        owned[index] = value;
        values.lazySet(index, value);
    }

    /** Counts an accepted trade. */
    public void onAccepted()
    {
        increment(ACCEPTED);
    }

    /**
     * Counts a trade left out of some timeframes.
     *
     * @param lateMask bit i for timeframe i.
     */
    public void onLate(final int lateMask)
    {
        increment(LATE);
        for (int tf = 0; tf < timeframes; tf++)
        {
            if ((lateMask & (1 << tf)) != 0)
            {
                increment(LATE_BY_TF_BASE + tf);
            }
        }
    }

    /**
     * Counts a rejected input.
     *
     * @param reason why.
     */
    public void onRejected(final RejectReason reason)
    {
        increment(REJECTED_BASE + reason.ordinal());
    }

    /** Counts a published bar update. */
    public void onBarUpdate()
    {
        increment(BAR_UPDATES);
    }

    /** Counts a correction of a final bar. */
    public void onCorrection()
    {
        increment(CORRECTIONS);
    }

    /**
     * Counts a finalisation.
     *
     * @param byClock true when the wall clock, not the watermark, finalised the bar.
     */
    public void onFinalised(final boolean byClock)
    {
        increment(byClock ? FINALISED_BY_CLOCK : FINALISED_BY_WATERMARK);
    }

    /** Counts an accepted quote. */
    public void onQuote()
    {
        increment(QUOTES);
    }

    /** Counts a trade dropped because its open window no longer fits the bar ring (a configuration error). */
    public void onWindowDropped()
    {
        increment(WINDOWS_DROPPED);
    }

    /**
     * Accepted trades, late ones included.
     *
     * @return count.
     */
    public long accepted()
    {
        return values.get(ACCEPTED);
    }

    /**
     * Accepted trades left out of at least one timeframe.
     *
     * @return count.
     */
    public long late()
    {
        return values.get(LATE);
    }

    /**
     * Trades left out of one timeframe.
     *
     * @param tfIndex timeframe index.
     * @return count.
     */
    public long lateFor(final int tfIndex)
    {
        return values.get(LATE_BY_TF_BASE + tfIndex);
    }

    /**
     * Rejected inputs for one reason.
     *
     * @param reason why.
     * @return count.
     */
    public long rejected(final RejectReason reason)
    {
        return values.get(REJECTED_BASE + reason.ordinal());
    }

    /**
     * Rejected inputs for all reasons.
     *
     * @return count.
     */
    public long rejected()
    {
        long sum = 0;
        for (final RejectReason reason : RejectReason.values())
        {
            sum += rejected(reason);
        }
        return sum;
    }

    /**
     * Published bar updates, finalisations and corrections included.
     *
     * @return count.
     */
    public long barUpdates()
    {
        return values.get(BAR_UPDATES);
    }

    /**
     * Corrections of final bars.
     *
     * @return count.
     */
    public long corrections()
    {
        return values.get(CORRECTIONS);
    }

    /**
     * Bars finalised.
     *
     * @param byClock true for wall-clock finalisations, false for watermark ones.
     * @return count.
     */
    public long finalised(final boolean byClock)
    {
        return values.get(byClock ? FINALISED_BY_CLOCK : FINALISED_BY_WATERMARK);
    }

    /**
     * Accepted quotes.
     *
     * @return count.
     */
    public long quotes()
    {
        return values.get(QUOTES);
    }

    /**
     * Trades dropped for a window that no longer fits the ring.
     *
     * @return count.
     */
    public long windowsDropped()
    {
        return values.get(WINDOWS_DROPPED);
    }
}
