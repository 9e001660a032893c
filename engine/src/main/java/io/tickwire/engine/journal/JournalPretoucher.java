package io.tickwire.engine.journal;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults in the journal's pages ahead of its writer, on a thread of its own, so that the writer never takes the
 * first-write fault of a page itself.
 * <p>
 * Why: the journal is a memory-mapped file, and the first write to each of its pages costs a page fault; on this
 * kind of machine (ext4, virtualised) some of those faults take 10 to 30 ms, every 8 MiB written or so. The
 * journal append sits on the ingest thread before the engine ring, so each such fault held up every trade behind it
 * (measured: a 22 ms stall every 1.25 s at 50k trades/s, enough to set the p99 of tick-to-client). Touching the
 * pages first from another thread moves that cost off the hot path (Chronicle's own pretoucher is an enterprise
 * feature).
 * <p>
 * Safety: a page is touched by compare-and-set of its first int from 0 to 0, which never changes the file's
 * content, whether or not the writer got there first. Only the part of the file that already exists is touched
 * (the queue extends it ahead of the writer); nothing is touched past its end, and touching a file stops as soon as
 * the writer has moved on to the next one (Chronicle Queue 2026.4 only writes an end-of-file marker into a rolled
 * file and never truncates it; a version that shrank rolled files would need this thread stopped first).
 */
final class JournalPretoucher implements Runnable, AutoCloseable
{
    private static final long PAGE = 4096;
    private static final long AHEAD = 16L << 20;
    private static final long WINDOW = 64L << 20;
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Thread thread;
    private volatile File file;
    // Written after every append: an ordered write (no fence on the hot path), read here every 5 ms.
    private final AtomicLong writePosition = new AtomicLong();
    private volatile boolean running = true;
    private volatile long touchedUpTo;

    private File mappedFile;
    private Arena arena;
    private MemorySegment window;
    private long windowStart;

    JournalPretoucher(final String name)
    {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Called by the writer's thread after an append.
     *
     * @param current  the queue file appended to.
     * @param position byte offset in it just past the appended record.
     */
    void advanced(final File current, final long position)
    {
        if (current != file)
        {
            file = current;
        }
        writePosition.lazySet(position);
    }

    @Override
    public void run()
    {
        while (running)
        {
            try
            {
                touchAhead();
            }
            catch (final IOException | IllegalStateException | IllegalArgumentException ex)
            {
                // Best effort: a failure here only means the writer takes its own page faults.
                unmap();
            }
            LockSupport.parkNanos(INTERVAL_NS);
        }
        unmap();
    }

    private void touchAhead() throws IOException
    {
        final File current = file;
        if (current == null)
        {
            return;
        }
        final long position = writePosition.get();
        if (current != mappedFile)
        {
            unmap();
            mappedFile = current;
            touchedUpTo = 0;
        }
        long from = Math.max(touchedUpTo, alignUp(position));
        // Never past the file's end (the queue extends the file ahead of its writer; this thread never does), so
        // near the end nothing is mapped again and again.
        final long target = Math.min(position + AHEAD, current.length() / PAGE * PAGE);
        // Stop at once when the writer moved on to the next cycle's file: the old one is never touched past its data.
        while (running && from < target && file == mappedFile)
        {
            if (window == null || from < windowStart || from >= windowStart + window.byteSize())
            {
                if (!map(from))
                {
                    return;
                }
            }
            INT.compareAndSet(window, from - windowStart, 0, 0);
            from += PAGE;
            touchedUpTo = from;
        }
    }

    /** Maps the window holding {@code offset}, bounded by the file's current length; false when it has none. */
    private boolean map(final long offset) throws IOException
    {
        unmap();
        try (FileChannel channel = FileChannel.open(mappedFile.toPath(), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final long start = offset - offset % WINDOW;
            final long length = Math.min(WINDOW, channel.size() - start);
            if (length < PAGE || offset >= start + length)
            {
                return false;
            }
            arena = Arena.ofConfined();
            window = channel.map(FileChannel.MapMode.READ_WRITE, start, length - length % PAGE, arena);
            windowStart = start;
            return true;
        }
    }

    private void unmap()
    {
        if (arena != null)
        {
            arena.close();
            arena = null;
            window = null;
        }
    }

    /** Byte offset up to which the current file's pages have been touched (for tests and diagnostics). */
    long touchedUpTo()
    {
        return touchedUpTo;
    }

    private static long alignUp(final long position)
    {
        return (position + PAGE - 1) / PAGE * PAGE;
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
