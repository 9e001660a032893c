package io.tickwire.persist;

/**
 * Retry waits that double from a minimum to a maximum per consecutive failure and start again at the minimum
 * after a success. Not thread-safe: owned by one writer thread.
 */
final class Backoff
{
    private final long minNs;
    private final long maxNs;
    private long nextNs;
    private boolean waiting;
    private long retryAtNs;

    Backoff(final WriterSettings settings)
    {
        this.minNs = settings.minBackoff().toNanos();
        this.maxNs = settings.maxBackoff().toNanos();
        this.nextNs = minNs;
    }

    /**
     * The wait before the next attempt; doubles the one after.
     *
     * @return nanoseconds.
     */
    long next()
    {
        final long waitNs = nextNs;
        nextNs = waitNs > maxNs / 2 ? maxNs : waitNs * 2;
        return waitNs;
    }

    void reset()
    {
        nextNs = minNs;
    }

    /**
     * A call failed: the next attempt waits for {@link #next()} from now.
     *
     * @param nowNs {@code System.nanoTime()}.
     */
    void failed(final long nowNs)
    {
        waiting = true;
        retryAtNs = nowNs + next();
    }

    /**
     * Whether the wait after a failure is still running.
     *
     * @param nowNs {@code System.nanoTime()}.
     * @return true until the retry instant; false from then on, and when nothing failed.
     */
    boolean waiting(final long nowNs)
    {
        if (waiting && nowNs - retryAtNs < 0)
        {
            return true;
        }
        waiting = false;
        return false;
    }
}
