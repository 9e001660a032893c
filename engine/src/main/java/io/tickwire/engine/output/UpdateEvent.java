package io.tickwire.engine.output;

import io.tickwire.engine.bars.Int128;

/**
 * A preallocated slot of the output ring: one thing the engine published (an accepted trade, a quote, or a bar
 * change), copied out of the engine's state so that consumers on other threads never touch it. Prices are
 * mantissas at scale 10^8, instants epoch nanoseconds. Symbol names come from {@code SymbolTable.name(id)}, which
 * is safe to read for any id received through this ring.
 */
public final class UpdateEvent
{
    /** An accepted trade. */
    public static final int KIND_TRADE = 1;
    /** An accepted quote. */
    public static final int KIND_QUOTE = 2;
    /** A bar changed, became final, or was corrected. */
    public static final int KIND_BAR = 3;
    /** A symbol's latest trade as held after a recovery (priming, not a new trade): tsNs, price, volume, bid, ask. */
    public static final int KIND_LAST_TRADE = 4;

    /** What this slot holds. */
    public int kind;
    /** Set when updates were dropped before this one (a full ring): consumers must resynchronise. */
    public boolean gapBefore;
    /** Dense symbol id. */
    public int symbolId;
    /** Timeframe index, bars only. */
    public int tfIndex;
    /** Sequence on the stream (trades, quotes, or bars of one tf) of the symbol. */
    public long seq;
    /** Trade or quote event time; bar window start. */
    public long tsNs;
    /** Trade price. */
    public long price;
    /** Trade volume. */
    public long volume;
    /** Wall clock when the causing trade was received, epoch nanoseconds. */
    public long receivedNs;
    /** Timeframes the trade was late for, bit per tf index. */
    public int lateMask;
    /** Arrival sequence of the trade. */
    public long arrivalSeq;
    /** Quote bid. */
    public long bid;
    /** Quote bid size. */
    public long bidSize;
    /** Quote ask. */
    public long ask;
    /** Quote ask size. */
    public long askSize;
    /** Bar open. */
    public long open;
    /** Bar high. */
    public long high;
    /** Bar low. */
    public long low;
    /** Bar close. */
    public long close;
    /** Bar volume. */
    public long barVolume;
    /** Bar trade count. */
    public long count;
    /** Bar Σ price × volume, high word. */
    public long pvHigh;
    /** Bar Σ price × volume, low word. */
    public long pvLow;
    /** Bar published final. */
    public boolean isFinal;
    /** Bar revision. */
    public int rev;

    /**
     * The bar's VWAP, exact and rounded half-even; computed on the consumer's thread, not the engine's.
     *
     * @return mantissa.
     */
    public long vwap()
    {
        return Int128.divideRoundHalfEven(pvHigh, pvLow, barVolume);
    }
}
