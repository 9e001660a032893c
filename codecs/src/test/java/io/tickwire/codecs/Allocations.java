package io.tickwire.codecs;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;

/**
 * Counts the heap bytes a piece of work allocates on the calling thread, after a warm-up pass so that class
 * loading and first-call initialisation are not counted: the least over five measured passes. Not a benchmark: a
 * zero-allocation guard.
 */
final class Allocations
{
    private Allocations()
    {
    }

    static long bytesAllocatedBy(final Runnable work)
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        work.run();
        work.run();
        // The least of several passes: a one-off (a JIT compilation or deoptimisation landing inside a pass has been
        // seen to count 1 KiB once) is not steady state, while real allocation per event shows in every pass.
        long least = Long.MAX_VALUE;
        for (int pass = 0; pass < 5; pass++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            work.run();
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
