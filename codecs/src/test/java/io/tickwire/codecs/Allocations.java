package io.tickwire.codecs;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;

/**
 * Counts the heap bytes a piece of work allocates on the calling thread, after a warm-up pass so that class
 * loading and first-call initialisation are not counted. Not a benchmark: a zero-allocation guard.
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
        final long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
