package io.tickwire.engine.bars;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

import static io.tickwire.engine.bars.BarLayout.BAR_LENGTH;
import static io.tickwire.engine.bars.BarLayout.MAX_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.NEWEST_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PENDING_FINAL_END_OFFSET;
import static io.tickwire.engine.bars.BarLayout.SERIES_HEADER_LENGTH;
import static io.tickwire.engine.bars.BarLayout.SIZE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.START_OFFSET;
import static io.tickwire.engine.bars.BarLayout.SYMBOL_HEADER_LENGTH;

/**
 * Off-heap bar state: one cache-line aligned block per symbol (see {@link BarLayout}), allocated zeroed on the
 * symbol's first trade from {@link BlockMemory} (huge-page arenas where available), then never reallocated.
 * <p>
 * Not thread-safe: owned by the engine thread. {@link #close()} is idempotent.
 */
public final class BarStore implements AutoCloseable
{
    /** System property that turns huge-page arenas off ({@code -Dtickwire.bars.hugepages=false}). */
    public static final String HUGE_PAGES_PROPERTY = "tickwire.bars.hugepages";

    private final int timeframes;
    private final int capacity;
    private final int blockLength;
    private final int ringLength;
    private final int ringsOffset;
    private final BlockMemory memory;
    private UnsafeBuffer[] blocks = new UnsafeBuffer[64];
    private boolean closed;

    /**
     * An empty store.
     *
     * @param timeframes series per symbol.
     * @param capacity   bars kept per series (current bar plus recent history).
     */
    public BarStore(final int timeframes, final int capacity)
    {
        this.timeframes = timeframes;
        this.capacity = capacity;
        this.blockLength = BarLayout.symbolBlockLength(timeframes, capacity);
        this.ringLength = capacity * BarLayout.BAR_LENGTH;
        this.ringsOffset = SYMBOL_HEADER_LENGTH + timeframes * SERIES_HEADER_LENGTH;
        this.memory = new BlockMemory(!"false".equals(System.getProperty(HUGE_PAGES_PROPERTY)));
    }

    /**
     * The block of a symbol, allocating and initialising it on first use.
     *
     * @param symbolId dense id.
     * @return the block.
     */
    public UnsafeBuffer block(final int symbolId)
    {
        if (symbolId >= blocks.length)
        {
            blocks = Arrays.copyOf(blocks, Math.max(blocks.length * 2, symbolId + 1));
        }
        UnsafeBuffer block = blocks[symbolId];
        if (block == null)
        {
            if (closed)
            {
                throw new IllegalStateException("bar store is closed");
            }
            block = new UnsafeBuffer(memory.allocate(blockLength), blockLength);
            block.putLong(MAX_TS_OFFSET, Long.MIN_VALUE);
            for (int tf = 0; tf < timeframes; tf++)
            {
                block.putLong(seriesOffset(tf) + PENDING_FINAL_END_OFFSET, Long.MAX_VALUE);
            }
            blocks[symbolId] = block;
        }
        return block;
    }

    /**
     * The block of a symbol if it has one.
     *
     * @param symbolId dense id.
     * @return the block, or null before the symbol's first trade.
     */
    public UnsafeBuffer blockOrNull(final int symbolId)
    {
        return symbolId < blocks.length ? blocks[symbolId] : null;
    }

    /**
     * Offset of a series header within a symbol block.
     *
     * @param tfIndex timeframe index.
     * @return bytes from the block start.
     */
    public int seriesOffset(final int tfIndex)
    {
        return SYMBOL_HEADER_LENGTH + tfIndex * SERIES_HEADER_LENGTH;
    }

    /**
     * Offset of a ring slot's bar record within a symbol block.
     *
     * @param seriesOffset from {@link #seriesOffset(int)}.
     * @param slot         0 to capacity - 1.
     * @return bytes from the block start.
     */
    public int barOffset(final int seriesOffset, final int slot)
    {
        // Series headers sit together after the symbol header (the lines every trade touches), rings after them.
        final int tfIndex = (seriesOffset - SYMBOL_HEADER_LENGTH) / SERIES_HEADER_LENGTH;
        return ringsOffset + tfIndex * ringLength + slot * BAR_LENGTH;
    }

    /**
     * Offset of the k-th newest bar of a series (k = 0 is the newest).
     *
     * @param block        symbol block.
     * @param seriesOffset from {@link #seriesOffset(int)}.
     * @param k            0 to size - 1.
     * @return bytes from the block start.
     */
    public int nthNewestOffset(final UnsafeBuffer block, final int seriesOffset, final int k)
    {
        int slot = block.getInt(seriesOffset + NEWEST_OFFSET) - k;
        if (slot < 0)
        {
            slot += capacity;
        }
        return barOffset(seriesOffset, slot);
    }

    /**
     * Bars held by a series.
     *
     * @param block        symbol block.
     * @param seriesOffset from {@link #seriesOffset(int)}.
     * @return 0 to capacity.
     */
    public static int size(final UnsafeBuffer block, final int seriesOffset)
    {
        return block.getInt(seriesOffset + SIZE_OFFSET);
    }

    /**
     * Makes room for a bar whose window starts at {@code start} and returns its zeroed record, keeping the ring in
     * start order: appended after the newest in the usual case, shifted in among the newer bars otherwise. When
     * the ring is full the oldest bar is dropped.
     *
     * @param block        symbol block.
     * @param seriesOffset from {@link #seriesOffset(int)}.
     * @param newerCount   how many held bars start after {@code start} (they are the newest ones).
     * @param start        window start of the new bar.
     * @return offset of the new record.
     */
    public int insert(final UnsafeBuffer block, final int seriesOffset, final int newerCount, final long start)
    {
        final int size = block.getInt(seriesOffset + SIZE_OFFSET);
        int newest = block.getInt(seriesOffset + NEWEST_OFFSET) + 1;
        if (size == 0 || newest == capacity)
        {
            newest = 0;
        }
        block.putInt(seriesOffset + NEWEST_OFFSET, newest);
        block.putInt(seriesOffset + SIZE_OFFSET, Math.min(size + 1, capacity));

        int slot = newest;
        for (int i = 0; i < newerCount; i++)
        {
            int from = slot - 1;
            if (from < 0)
            {
                from += capacity;
            }
            block.putBytes(barOffset(seriesOffset, slot), block, barOffset(seriesOffset, from), BAR_LENGTH);
            slot = from;
        }
        final int offset = barOffset(seriesOffset, slot);
        block.setMemory(offset, BAR_LENGTH, (byte)0);
        block.putLong(offset + START_OFFSET, start);
        return offset;
    }

    /**
     * Symbols that have a block: ids 0 to the returned value - 1 may have one.
     *
     * @return an upper bound of allocated ids.
     */
    public int idLimit()
    {
        return blocks.length;
    }

    /**
     * Bytes reserved for blocks, committed or not.
     *
     * @return bytes.
     */
    public long reservedBytes()
    {
        return memory.reservedBytes();
    }

    /**
     * Series per symbol.
     *
     * @return timeframe count.
     */
    public int timeframes()
    {
        return timeframes;
    }

    /**
     * Bars kept per series.
     *
     * @return ring capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Bytes of one symbol block.
     *
     * @return block length.
     */
    public int blockLength()
    {
        return blockLength;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            Arrays.fill(blocks, null);
            memory.close();
        }
    }
}
