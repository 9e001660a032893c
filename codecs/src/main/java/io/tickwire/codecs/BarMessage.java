package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Timeframe;

import static io.tickwire.codecs.WireMessages.BAR_ALL;
import static io.tickwire.codecs.WireMessages.BAR_CLOSE;
import static io.tickwire.codecs.WireMessages.BAR_COUNT;
import static io.tickwire.codecs.WireMessages.BAR_FINAL;
import static io.tickwire.codecs.WireMessages.BAR_HIGH;
import static io.tickwire.codecs.WireMessages.BAR_LOW;
import static io.tickwire.codecs.WireMessages.BAR_OPEN;
import static io.tickwire.codecs.WireMessages.BAR_REV;
import static io.tickwire.codecs.WireMessages.BAR_VOLUME;
import static io.tickwire.codecs.WireMessages.BAR_VWAP;
import static io.tickwire.codecs.WireMessages.NO_VALUE;
import static io.tickwire.codecs.WireMessages.TIMING;

/**
 * Reusable holder of one live bar update ({@code type:"bar"}): what an encoder writes and a decoder fills.
 * Prices are mantissas at scale 10^8, instants epoch nanoseconds, absent longs {@link WireMessages#NO_VALUE}.
 * <p>
 * {@link #presence()} says which delta fields a decoded message carried ({@code BAR_*} bits, plus
 * {@link WireMessages#TIMING} when it carried {@code ri}); a client keeps its state with
 * {@link #applyUpdate(BarMessage)}, and a server computes the mask of a delta with {@link #changedFields(BarMessage)}.
 * Not thread-safe: one owner at a time.
 */
public final class BarMessage
{
    /** Revision of an absent {@code rev}. */
    public static final int NO_REV = Integer.MIN_VALUE;

    private final StringBuilder symbol = new StringBuilder(WireMessages.MAX_SYMBOL_LENGTH);
    private Timeframe tf;
    private long seq;
    private long startNanos;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long count;
    private long vwap;
    private boolean isFinal;
    private int rev;
    private long receiveNanos;
    private int presence;

    /**
     * Creates a cleared holder.
     */
    public BarMessage()
    {
        clear();
    }

    /**
     * Forgets every field: numbers become {@link WireMessages#NO_VALUE}, presence 0.
     *
     * @return this.
     */
    public BarMessage clear()
    {
        symbol.setLength(0);
        tf = null;
        seq = NO_VALUE;
        startNanos = NO_VALUE;
        open = NO_VALUE;
        high = NO_VALUE;
        low = NO_VALUE;
        close = NO_VALUE;
        volume = NO_VALUE;
        count = NO_VALUE;
        vwap = NO_VALUE;
        isFinal = false;
        rev = NO_REV;
        receiveNanos = NO_VALUE;
        presence = 0;
        return this;
    }

    /**
     * Sets every bar field at once and marks them all present; leaves symbol, tf, seq and timing alone.
     *
     * @param startNanos window start, epoch ns.
     * @param open       open mantissa.
     * @param high       high mantissa.
     * @param low        low mantissa.
     * @param close      close mantissa.
     * @param volume     summed volume.
     * @param count      trades included.
     * @param vwap       VWAP mantissa.
     * @param isFinal    whether the bar is final.
     * @param rev        revision.
     * @return this.
     */
    public BarMessage set(
        final long startNanos,
        final long open,
        final long high,
        final long low,
        final long close,
        final long volume,
        final long count,
        final long vwap,
        final boolean isFinal,
        final int rev)
    {
        this.startNanos = startNanos;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.count = count;
        this.vwap = vwap;
        this.isFinal = isFinal;
        this.rev = rev;
        this.presence = (presence & TIMING) | BAR_ALL;
        return this;
    }

    /**
     * Copies every field of another holder, presence included.
     *
     * @param other source.
     * @return this.
     */
    public BarMessage copyFrom(final BarMessage other)
    {
        if (other == this)
        {
            return this;
        }
        symbol.setLength(0);
        symbol.append(other.symbol);
        tf = other.tf;
        seq = other.seq;
        startNanos = other.startNanos;
        open = other.open;
        high = other.high;
        low = other.low;
        close = other.close;
        volume = other.volume;
        count = other.count;
        vwap = other.vwap;
        isFinal = other.isFinal;
        rev = other.rev;
        receiveNanos = other.receiveNanos;
        presence = other.presence;
        return this;
    }

    /**
     * The delta mask to send when {@code lastSent} is what this client last received on the stream: every field
     * when it holds another stream or another {@code t} (a new bar goes whole), else the fields that differ.
     *
     * @param lastSent the client's last state of this stream, or {@code null} when it has none.
     * @return {@code BAR_*} bits, possibly 0 when nothing changed.
     */
    public int changedFields(final BarMessage lastSent)
    {
        if (lastSent == null || !isSameBar(lastSent))
        {
            return BAR_ALL;
        }
        int mask = 0;
        mask |= open != lastSent.open ? BAR_OPEN : 0;
        mask |= high != lastSent.high ? BAR_HIGH : 0;
        mask |= low != lastSent.low ? BAR_LOW : 0;
        mask |= close != lastSent.close ? BAR_CLOSE : 0;
        mask |= volume != lastSent.volume ? BAR_VOLUME : 0;
        mask |= count != lastSent.count ? BAR_COUNT : 0;
        mask |= vwap != lastSent.vwap ? BAR_VWAP : 0;
        mask |= isFinal != lastSent.isFinal ? BAR_FINAL : 0;
        mask |= rev != lastSent.rev ? BAR_REV : 0;
        return mask;
    }

    /**
     * Applies a received update to this state as a client does: a whole bar replaces it; a delta of the same
     * stream and {@code t} overwrites only the fields it carries, plus seq and {@code ri}.
     *
     * @param update a decoded message.
     * @return false, leaving this unchanged, for a delta of a bar this state does not hold (resubscribe).
     */
    public boolean applyUpdate(final BarMessage update)
    {
        final int fields = update.presence & BAR_ALL;
        if (fields == BAR_ALL)
        {
            copyFrom(update);
            return true;
        }
        if (!isSameBar(update))
        {
            return false;
        }
        seq = update.seq;
        receiveNanos = update.receiveNanos;
        open = (fields & BAR_OPEN) != 0 ? update.open : open;
        high = (fields & BAR_HIGH) != 0 ? update.high : high;
        low = (fields & BAR_LOW) != 0 ? update.low : low;
        close = (fields & BAR_CLOSE) != 0 ? update.close : close;
        volume = (fields & BAR_VOLUME) != 0 ? update.volume : volume;
        count = (fields & BAR_COUNT) != 0 ? update.count : count;
        vwap = (fields & BAR_VWAP) != 0 ? update.vwap : vwap;
        isFinal = (fields & BAR_FINAL) != 0 ? update.isFinal : isFinal;
        rev = (fields & BAR_REV) != 0 ? update.rev : rev;
        presence = BAR_ALL | (update.presence & TIMING);
        return true;
    }

    private boolean isSameBar(final BarMessage other)
    {
        return startNanos == other.startNanos && tf == other.tf && CharSequence.compare(symbol, other.symbol) == 0;
    }

    /**
     * The symbol; a view valid until this holder changes.
     *
     * @return up to 16 ASCII characters.
     */
    public CharSequence symbol()
    {
        return symbol;
    }

    /**
     * Copies the symbol in.
     *
     * @param symbol 1-16 characters.
     * @return this.
     * @throws IllegalArgumentException when longer than 16 characters.
     */
    public BarMessage symbol(final CharSequence symbol)
    {
        if (symbol.length() > WireMessages.MAX_SYMBOL_LENGTH)
        {
            throw new IllegalArgumentException("symbol longer than 16 characters");
        }
        this.symbol.setLength(0);
        this.symbol.append(symbol);
        return this;
    }

    /**
     * Timeframe.
     *
     * @return the timeframe, {@code null} when unset.
     */
    public Timeframe tf()
    {
        return tf;
    }

    /**
     * Sets the timeframe.
     *
     * @param tf timeframe.
     * @return this.
     */
    public BarMessage tf(final Timeframe tf)
    {
        this.tf = tf;
        return this;
    }

    /**
     * Sequence on the (bars, symbol, tf) stream.
     *
     * @return seq.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Sets the sequence.
     *
     * @param seq stream sequence.
     * @return this.
     */
    public BarMessage seq(final long seq)
    {
        this.seq = seq;
        return this;
    }

    /**
     * Window start ({@code t} on the wire in ms).
     *
     * @return epoch nanoseconds.
     */
    public long startNanos()
    {
        return startNanos;
    }

    /**
     * Sets the window start.
     *
     * @param startNanos epoch nanoseconds.
     * @return this.
     */
    public BarMessage startNanos(final long startNanos)
    {
        this.startNanos = startNanos;
        return this;
    }

    /**
     * Open price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long open()
    {
        return open;
    }

    /**
     * High price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long high()
    {
        return high;
    }

    /**
     * Low price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long low()
    {
        return low;
    }

    /**
     * Close price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long close()
    {
        return close;
    }

    /**
     * Summed volume.
     *
     * @return volume, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long volume()
    {
        return volume;
    }

    /**
     * Trades in the bar ({@code n}).
     *
     * @return count, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long count()
    {
        return count;
    }

    /**
     * Volume-weighted average price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long vwap()
    {
        return vwap;
    }

    /**
     * Whether the bar is final.
     *
     * @return the flag; false when absent.
     */
    public boolean isFinal()
    {
        return isFinal;
    }

    /**
     * Revision: 0 until published final, +1 per correction.
     *
     * @return rev, or {@link #NO_REV} when absent.
     */
    public int rev()
    {
        return rev;
    }

    /**
     * Engine receive instant of the causing trade ({@code ri}).
     *
     * @return epoch nanoseconds, or {@link WireMessages#NO_VALUE}.
     */
    public long receiveNanos()
    {
        return receiveNanos;
    }

    /**
     * Sets the receive instant; encoders write it only when asked with {@link WireMessages#TIMING}.
     *
     * @param receiveNanos epoch nanoseconds, or {@link WireMessages#NO_VALUE}.
     * @return this.
     */
    public BarMessage receiveNanos(final long receiveNanos)
    {
        this.receiveNanos = receiveNanos;
        return this;
    }

    /**
     * Fields carried by a decoded message.
     *
     * @return {@code BAR_*} bits, plus {@link WireMessages#TIMING} when {@code ri} was present.
     */
    public int presence()
    {
        return presence;
    }

    void presence(final int presence)
    {
        this.presence = presence;
    }

    void open(final long value)
    {
        open = value;
    }

    void high(final long value)
    {
        high = value;
    }

    void low(final long value)
    {
        low = value;
    }

    void close(final long value)
    {
        close = value;
    }

    void volume(final long value)
    {
        volume = value;
    }

    void count(final long value)
    {
        count = value;
    }

    void vwap(final long value)
    {
        vwap = value;
    }

    void isFinal(final boolean value)
    {
        isFinal = value;
    }

    void rev(final int value)
    {
        rev = value;
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (this == obj)
        {
            return true;
        }
        if (!(obj instanceof BarMessage))
        {
            return false;
        }
        final BarMessage that = (BarMessage)obj;
        return CharSequence.compare(symbol, that.symbol) == 0 && tf == that.tf && seq == that.seq &&
            startNanos == that.startNanos && open == that.open && high == that.high && low == that.low &&
            close == that.close && volume == that.volume && count == that.count && vwap == that.vwap &&
            isFinal == that.isFinal && rev == that.rev && receiveNanos == that.receiveNanos &&
            presence == that.presence;
    }

    @Override
    public int hashCode()
    {
        int hash = Texts.hash(symbol);
        hash = 31 * hash + Long.hashCode(seq);
        hash = 31 * hash + Long.hashCode(startNanos);
        hash = 31 * hash + Long.hashCode(close);
        return 31 * hash + Long.hashCode(volume);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(192).append("BarMessage{symbol=").append(symbol)
            .append(", tf=").append(tf).append(", seq=").append(seq).append(", startNanos=").append(startNanos);
        Texts.appendPrice(sb.append(", open="), open);
        Texts.appendPrice(sb.append(", high="), high);
        Texts.appendPrice(sb.append(", low="), low);
        Texts.appendPrice(sb.append(", close="), close);
        sb.append(", volume=").append(volume).append(", count=").append(count);
        Texts.appendPrice(sb.append(", vwap="), vwap);
        return sb.append(", final=").append(isFinal).append(", rev=").append(rev)
            .append(", receiveNanos=").append(receiveNanos)
            .append(", presence=0x").append(Integer.toHexString(presence)).append('}').toString();
    }
}
