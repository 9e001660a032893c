package io.tickwire.engine.bars;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.agrona.BufferUtil;

/**
 * Memory for the bar store's symbol blocks. Blocks are carved from large anonymous mappings aligned to 2 MiB and
 * advised for transparent huge pages ({@code madvise(MADV_HUGEPAGE)}): every trade touches a few lines in each of
 * several symbol-block regions, and with 1,000 symbols those are more 4 KiB pages than the TLB holds. Anonymous
 * mappings are zero-filled and committed only when touched. Where mmap is unavailable, each block falls back to
 * an ordinary direct buffer.
 * <p>
 * Not thread-safe: owned by the engine thread. {@link #close()} is idempotent and unmaps everything.
 */
final class BlockMemory implements AutoCloseable
{
    private static final long HUGE_PAGE = 2L << 20;
    private static final long ARENA = 64L << 20;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int ALIGNMENT = 64;

    private final boolean mapped;
    private final List<long[]> mappings = new ArrayList<>();
    private final List<ByteBuffer> buffers = new ArrayList<>();
    private long next;
    private long remaining;
    private long reservedBytes;

    /**
     * Memory of either kind.
     *
     * @param hugePages false to use plain direct buffers only.
     */
    BlockMemory(final boolean hugePages)
    {
        this.mapped = hugePages && probe();
    }

    /**
     * A zeroed, 64-byte aligned region; valid until {@link #close()}.
     *
     * @param length bytes.
     * @return its address.
     */
    long allocate(final int length)
    {
        final long aligned = (length + ALIGNMENT - 1) & -ALIGNMENT;
        if (mapped)
        {
            if (remaining < aligned)
            {
                mapArena(Math.max(ARENA, (aligned + HUGE_PAGE - 1) & -HUGE_PAGE));
            }
            final long address = next;
            next += aligned;
            remaining -= aligned;
            return address;
        }
        final ByteBuffer buffer = ByteBuffer.allocateDirect(length + ALIGNMENT);
        buffers.add(buffer);
        reservedBytes += buffer.capacity();
        final long address = (BufferUtil.address(buffer) + ALIGNMENT - 1) & -ALIGNMENT;
        return address; // allocateDirect zeroes its memory
    }

    private void mapArena(final long size)
    {
        final long address = PosixAPI.posix().mmap(0, size + HUGE_PAGE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
        if (address == -1 || address == 0)
        {
            throw new OutOfMemoryError("mmap of " + (size + HUGE_PAGE) + " bytes for bar state failed");
        }
        mappings.add(new long[]{address, size + HUGE_PAGE});
        reservedBytes += size + HUGE_PAGE;
        final long aligned = (address + HUGE_PAGE - 1) & -HUGE_PAGE;
        // Advice only: without transparent huge pages the arena still works with 4 KiB pages.
        PosixAPI.posix().madvise(aligned, size, MAdviseFlag.MADV_HUGEPAGE);
        next = aligned;
        remaining = size;
    }

    private static boolean probe()
    {
        try
        {
            final long address = PosixAPI.posix().mmap(0, HUGE_PAGE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
            if (address == -1 || address == 0)
            {
                return false;
            }
            PosixAPI.posix().munmap(address, HUGE_PAGE);
            return true;
        }
        catch (final Exception | LinkageError ex)
        {
            return false;
        }
    }

    /**
     * Whether blocks come from huge-page-advised mappings.
     *
     * @return false on the direct-buffer fallback.
     */
    boolean isMapped()
    {
        return mapped;
    }

    /**
     * Bytes reserved from the system (mapped or allocated), committed or not.
     *
     * @return bytes.
     */
    long reservedBytes()
    {
        return reservedBytes;
    }

    @Override
    public void close()
    {
        for (final long[] mapping : mappings)
        {
            PosixAPI.posix().munmap(mapping[0], mapping[1]);
        }
        mappings.clear();
        for (final ByteBuffer buffer : buffers)
        {
            BufferUtil.free(buffer);
        }
        buffers.clear();
        reservedBytes = 0;
        remaining = 0;
    }
}
