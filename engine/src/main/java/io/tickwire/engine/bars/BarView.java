package io.tickwire.engine.bars;

import org.agrona.DirectBuffer;

import static io.tickwire.engine.bars.BarLayout.CLOSE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.COUNT_OFFSET;
import static io.tickwire.engine.bars.BarLayout.FLAGS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.FLAG_FINAL;
import static io.tickwire.engine.bars.BarLayout.HIGH_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LOW_OFFSET;
import static io.tickwire.engine.bars.BarLayout.OPEN_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PV_HIGH_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PV_LOW_OFFSET;
import static io.tickwire.engine.bars.BarLayout.REV_OFFSET;
import static io.tickwire.engine.bars.BarLayout.START_OFFSET;
import static io.tickwire.engine.bars.BarLayout.VOLUME_OFFSET;

/**
 * Flyweight over one bar record in the {@link BarStore}, as handed to a {@link BarListener}: valid only during
 * the callback, on the engine thread. Prices are mantissas at scale 10^8; instants epoch nanoseconds.
 */
public final class BarView
{
    private DirectBuffer buffer;
    private int offset;
    private int symbolId;
    private int tfIndex;
    private long lengthNs;
    private long seq;
    private long receivedNs;

    /**
     * Points the view at a record.
     *
     * @param buffer   symbol block.
     * @param offset   record offset.
     * @param symbolId dense id.
     * @param tfIndex  timeframe index.
     * @param lengthNs window length.
     * @param seq      stream sequence of this update, 0 when not a published update.
     * @return this.
     */
    public BarView wrap(
        final DirectBuffer buffer,
        final int offset,
        final int symbolId,
        final int tfIndex,
        final long lengthNs,
        final long seq)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.symbolId = symbolId;
        this.tfIndex = tfIndex;
        this.lengthNs = lengthNs;
        this.seq = seq;
        this.receivedNs = 0;
        return this;
    }

    /**
     * Sets when the event that caused this update was received: the trade's receipt, or the clock tick that
     * finalised the bar.
     *
     * @param receivedNs wall clock, epoch nanoseconds; 0 when not caused by a live event.
     * @return this.
     */
    public BarView causedAt(final long receivedNs)
    {
        this.receivedNs = receivedNs;
        return this;
    }

    /**
     * When the event that caused this update was received, for tick-to-client latency.
     *
     * @return wall clock, epoch nanoseconds; 0 when not caused by a live event (state priming, reads).
     */
    public long receivedNs()
    {
        return receivedNs;
    }

    /**
     * The symbol's dense id.
     *
     * @return id.
     */
    public int symbolId()
    {
        return symbolId;
    }

    /**
     * The timeframe's index in the engine's set.
     *
     * @return index.
     */
    public int tfIndex()
    {
        return tfIndex;
    }

    /**
     * Sequence number of this update on its (bars, symbol, tf) stream.
     *
     * @return seq, from 1.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Window start.
     *
     * @return epoch nanoseconds.
     */
    public long start()
    {
        return buffer.getLong(offset + START_OFFSET);
    }

    /**
     * Window end, exclusive.
     *
     * @return epoch nanoseconds.
     */
    public long end()
    {
        return start() + lengthNs;
    }

    /**
     * Open price.
     *
     * @return mantissa.
     */
    public long open()
    {
        return buffer.getLong(offset + OPEN_OFFSET);
    }

    /**
     * High price.
     *
     * @return mantissa.
     */
    public long high()
    {
        return buffer.getLong(offset + HIGH_OFFSET);
    }

    /**
     * Low price.
     *
     * @return mantissa.
     */
    public long low()
    {
        return buffer.getLong(offset + LOW_OFFSET);
    }

    /**
     * Close price.
     *
     * @return mantissa.
     */
    public long close()
    {
        return buffer.getLong(offset + CLOSE_OFFSET);
    }

    /**
     * Summed volume.
     *
     * @return volume.
     */
    public long volume()
    {
        return buffer.getLong(offset + VOLUME_OFFSET);
    }

    /**
     * Trades included.
     *
     * @return count.
     */
    public long count()
    {
        return buffer.getLong(offset + COUNT_OFFSET);
    }

    /**
     * Low word of Σ price × volume.
     *
     * @return unsigned low word.
     */
    public long pvLow()
    {
        return buffer.getLong(offset + PV_LOW_OFFSET);
    }

    /**
     * High word of Σ price × volume.
     *
     * @return unsigned high word.
     */
    public long pvHigh()
    {
        return buffer.getLong(offset + PV_HIGH_OFFSET);
    }

    /**
     * Volume-weighted average price, exact and rounded half-even to 8 decimals; computed on each call.
     *
     * @return mantissa.
     */
    public long vwap()
    {
        return Int128.divideRoundHalfEven(pvHigh(), pvLow(), volume());
    }

    /**
     * Revision: 0 until the bar is published final, then +1 per correction.
     *
     * @return rev.
     */
    public int rev()
    {
        return buffer.getInt(offset + REV_OFFSET);
    }

    /**
     * Whether the bar has been published final.
     *
     * @return true once final.
     */
    public boolean isFinal()
    {
        return (buffer.getInt(offset + FLAGS_OFFSET) & FLAG_FINAL) != 0;
    }
}
