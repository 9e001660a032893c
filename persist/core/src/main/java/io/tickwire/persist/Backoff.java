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
}
