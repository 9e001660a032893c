package io.tickwire.codecs;

import static io.tickwire.codecs.WireMessages.NO_VALUE;
import static io.tickwire.codecs.WireMessages.QUOTE_ALL;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK_SIZE;
import static io.tickwire.codecs.WireMessages.QUOTE_BID;
import static io.tickwire.codecs.WireMessages.QUOTE_BID_SIZE;
import static io.tickwire.codecs.WireMessages.TIMING;

/**
 * Reusable holder of one live quote ({@code type:"quote"}) or one quote row of a snapshot. Prices are mantissas
 * at scale 10^8 ({@link WireMessages#NO_VALUE} for an empty side, sent as {@code null}), instants epoch ns.
 * <p>
 * {@code seq} and {@code t} go in every message; bid, bid size, ask and ask size may be left out of a delta:
 * {@link #changedFields(QuoteMessage)} computes the mask, {@link #applyUpdate(QuoteMessage)} applies one.
 * Not thread-safe: one owner at a time.
 */
public final class QuoteMessage
{
    private final StringBuilder symbol = new StringBuilder(WireMessages.MAX_SYMBOL_LENGTH);
    private long seq;
    private long tsNanos;
    private long bid;
    private long bidSize;
    private long ask;
    private long askSize;
    private long receiveNanos;
    private int presence;

    /**
     * Creates a cleared holder.
     */
    public QuoteMessage()
    {
        clear();
    }

    /**
     * Forgets every field: numbers become {@link WireMessages#NO_VALUE}, presence 0.
     *
     * @return this.
     */
    public QuoteMessage clear()
    {
        symbol.setLength(0);
        seq = NO_VALUE;
        tsNanos = NO_VALUE;
        bid = NO_VALUE;
        bidSize = NO_VALUE;
        ask = NO_VALUE;
        askSize = NO_VALUE;
        receiveNanos = NO_VALUE;
        presence = 0;
        return this;
    }

    /**
     * Sets the quote's own fields and marks them all present.
     *
     * @param tsNanos quote instant, epoch ns.
     * @param bid     bid mantissa, or {@link WireMessages#NO_VALUE} for an empty side.
     * @param bidSize bid size.
     * @param ask     ask mantissa, or {@link WireMessages#NO_VALUE} for an empty side.
     * @param askSize ask size.
     * @return this.
     */
    public QuoteMessage set(final long tsNanos, final long bid, final long bidSize, final long ask, final long askSize)
    {
        this.tsNanos = tsNanos;
        this.bid = bid;
        this.bidSize = bidSize;
        this.ask = ask;
        this.askSize = askSize;
        this.presence = (presence & TIMING) | QUOTE_ALL;
        return this;
    }

    /**
     * Copies every field of another holder, presence included.
     *
     * @param other source.
     * @return this.
     */
    public QuoteMessage copyFrom(final QuoteMessage other)
    {
        if (other == this)
        {
            return this;
        }
        symbol.setLength(0);
        symbol.append(other.symbol);
        seq = other.seq;
        tsNanos = other.tsNanos;
        bid = other.bid;
        bidSize = other.bidSize;
        ask = other.ask;
        askSize = other.askSize;
        receiveNanos = other.receiveNanos;
        presence = other.presence;
        return this;
    }

    /**
     * The delta mask to send when {@code lastSent} is what this client last received on the stream.
     *
     * @param lastSent the client's last state of this stream, or {@code null} when it has none.
     * @return {@code QUOTE_*} bits of the fields that differ; all of them for another symbol or none.
     */
    public int changedFields(final QuoteMessage lastSent)
    {
        if (lastSent == null || CharSequence.compare(symbol, lastSent.symbol) != 0)
        {
            return QUOTE_ALL;
        }
        int mask = 0;
        mask |= bid != lastSent.bid ? QUOTE_BID : 0;
        mask |= bidSize != lastSent.bidSize ? QUOTE_BID_SIZE : 0;
        mask |= ask != lastSent.ask ? QUOTE_ASK : 0;
        mask |= askSize != lastSent.askSize ? QUOTE_ASK_SIZE : 0;
        return mask;
    }

    /**
     * Applies a received update to this state as a client does: seq, t and {@code ri} always, the other fields
     * when carried.
     *
     * @param update a decoded message.
     * @return false, leaving this unchanged, for a delta of another symbol or before any whole quote.
     */
    public boolean applyUpdate(final QuoteMessage update)
    {
        final int fields = update.presence & QUOTE_ALL;
        if (fields == QUOTE_ALL)
        {
            copyFrom(update);
            return true;
        }
        if ((presence & QUOTE_ALL) != QUOTE_ALL || CharSequence.compare(symbol, update.symbol) != 0)
        {
            return false;
        }
        seq = update.seq;
        tsNanos = update.tsNanos;
        receiveNanos = update.receiveNanos;
        bid = (fields & QUOTE_BID) != 0 ? update.bid : bid;
        bidSize = (fields & QUOTE_BID_SIZE) != 0 ? update.bidSize : bidSize;
        ask = (fields & QUOTE_ASK) != 0 ? update.ask : ask;
        askSize = (fields & QUOTE_ASK_SIZE) != 0 ? update.askSize : askSize;
        presence = QUOTE_ALL | (update.presence & TIMING);
        return true;
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
    public QuoteMessage symbol(final CharSequence symbol)
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
     * Sequence on the (quotes, symbol) stream.
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
    public QuoteMessage seq(final long seq)
    {
        this.seq = seq;
        return this;
    }

    /**
     * Quote instant ({@code t} on the wire in ms).
     *
     * @return epoch nanoseconds.
     */
    public long tsNanos()
    {
        return tsNanos;
    }

    /**
     * Bid price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} for an empty or absent side.
     */
    public long bid()
    {
        return bid;
    }

    /**
     * Bid size.
     *
     * @return size, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long bidSize()
    {
        return bidSize;
    }

    /**
     * Ask price.
     *
     * @return mantissa, or {@link WireMessages#NO_VALUE} for an empty or absent side.
     */
    public long ask()
    {
        return ask;
    }

    /**
     * Ask size.
     *
     * @return size, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long askSize()
    {
        return askSize;
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
    public QuoteMessage receiveNanos(final long receiveNanos)
    {
        this.receiveNanos = receiveNanos;
        return this;
    }

    /**
     * Fields carried by a decoded message.
     *
     * @return {@code QUOTE_*} bits, plus {@link WireMessages#TIMING} when {@code ri} was present.
     */
    public int presence()
    {
        return presence;
    }

    void presence(final int presence)
    {
        this.presence = presence;
    }

    void tsNanos(final long value)
    {
        tsNanos = value;
    }

    void bid(final long value)
    {
        bid = value;
    }

    void bidSize(final long value)
    {
        bidSize = value;
    }

    void ask(final long value)
    {
        ask = value;
    }

    void askSize(final long value)
    {
        askSize = value;
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (this == obj)
        {
            return true;
        }
        if (!(obj instanceof QuoteMessage))
        {
            return false;
        }
        final QuoteMessage that = (QuoteMessage)obj;
        return CharSequence.compare(symbol, that.symbol) == 0 && seq == that.seq && tsNanos == that.tsNanos &&
            bid == that.bid && bidSize == that.bidSize && ask == that.ask && askSize == that.askSize &&
            receiveNanos == that.receiveNanos && presence == that.presence;
    }

    @Override
    public int hashCode()
    {
        int hash = Texts.hash(symbol);
        hash = 31 * hash + Long.hashCode(seq);
        hash = 31 * hash + Long.hashCode(bid);
        return 31 * hash + Long.hashCode(ask);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(160).append("QuoteMessage{symbol=").append(symbol)
            .append(", seq=").append(seq).append(", tsNanos=").append(tsNanos);
        Texts.appendPrice(sb.append(", bid="), bid);
        sb.append(", bidSize=").append(bidSize);
        Texts.appendPrice(sb.append(", ask="), ask);
        return sb.append(", askSize=").append(askSize).append(", receiveNanos=").append(receiveNanos)
            .append(", presence=0x").append(Integer.toHexString(presence)).append('}').toString();
    }
}
