package io.tickwire.codecs;

import static io.tickwire.codecs.WireMessages.NO_VALUE;

/**
 * Reusable holder of one live trade ({@code type:"trade"}) or one trade row of a snapshot: what an encoder
 * writes and a decoder fills. Price is a mantissa at scale 10^8, instants epoch nanoseconds.
 * <p>
 * Not thread-safe: one owner at a time.
 */
public final class TradeMessage
{
    private final StringBuilder symbol = new StringBuilder(WireMessages.MAX_SYMBOL_LENGTH);
    private long seq;
    private long tsNanos;
    private long price;
    private long volume;
    private long receiveNanos;

    /**
     * Creates a cleared holder.
     */
    public TradeMessage()
    {
        clear();
    }

    /**
     * Forgets every field: numbers become {@link WireMessages#NO_VALUE}.
     *
     * @return this.
     */
    public TradeMessage clear()
    {
        symbol.setLength(0);
        seq = NO_VALUE;
        tsNanos = NO_VALUE;
        price = NO_VALUE;
        volume = NO_VALUE;
        receiveNanos = NO_VALUE;
        return this;
    }

    /**
     * Sets the trade's own fields.
     *
     * @param tsNanos trade instant, epoch ns.
     * @param price   mantissa.
     * @param volume  volume.
     * @return this.
     */
    public TradeMessage set(final long tsNanos, final long price, final long volume)
    {
        this.tsNanos = tsNanos;
        this.price = price;
        this.volume = volume;
        return this;
    }

    /**
     * Copies every field of another holder.
     *
     * @param other source.
     * @return this.
     */
    public TradeMessage copyFrom(final TradeMessage other)
    {
        if (other == this)
        {
            return this;
        }
        symbol.setLength(0);
        symbol.append(other.symbol);
        seq = other.seq;
        tsNanos = other.tsNanos;
        price = other.price;
        volume = other.volume;
        receiveNanos = other.receiveNanos;
        return this;
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
    public TradeMessage symbol(final CharSequence symbol)
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
     * Sequence on the (trades, symbol) stream.
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
    public TradeMessage seq(final long seq)
    {
        this.seq = seq;
        return this;
    }

    /**
     * Trade instant ({@code t} on the wire in ms).
     *
     * @return epoch nanoseconds.
     */
    public long tsNanos()
    {
        return tsNanos;
    }

    /**
     * Price.
     *
     * @return mantissa.
     */
    public long price()
    {
        return price;
    }

    /**
     * Volume.
     *
     * @return volume.
     */
    public long volume()
    {
        return volume;
    }

    /**
     * Engine receive instant ({@code ri}).
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
    public TradeMessage receiveNanos(final long receiveNanos)
    {
        this.receiveNanos = receiveNanos;
        return this;
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (this == obj)
        {
            return true;
        }
        if (!(obj instanceof TradeMessage))
        {
            return false;
        }
        final TradeMessage that = (TradeMessage)obj;
        return CharSequence.compare(symbol, that.symbol) == 0 && seq == that.seq && tsNanos == that.tsNanos &&
            price == that.price && volume == that.volume && receiveNanos == that.receiveNanos;
    }

    @Override
    public int hashCode()
    {
        int hash = Texts.hash(symbol);
        hash = 31 * hash + Long.hashCode(seq);
        hash = 31 * hash + Long.hashCode(tsNanos);
        return 31 * hash + Long.hashCode(price);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(128).append("TradeMessage{symbol=").append(symbol)
            .append(", seq=").append(seq).append(", tsNanos=").append(tsNanos);
        Texts.appendPrice(sb.append(", price="), price);
        return sb.append(", volume=").append(volume).append(", receiveNanos=").append(receiveNanos).append('}')
            .toString();
    }
}
