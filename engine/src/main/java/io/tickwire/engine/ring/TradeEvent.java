package io.tickwire.engine.ring;

/**
 * A preallocated ring slot: a trade, a quote, or a clock tick, filled in place by the single producer of the ring
 * and read by the engine. Prices are mantissas at scale 10^8; instants epoch nanoseconds; a symbol travels packed
 * (see {@code Symbols.pack}) so that nothing is allocated per event.
 * <p>
 * Not thread-safe: the ring's sequence barrier orders the producer's writes before the consumer's reads.
 */
public final class TradeEvent
{
    /** A trade. */
    public static final int KIND_TRADE = 1;
    /** A quote: bid, bidSize, ask, askSize. */
    public static final int KIND_QUOTE = 2;
    /** A wall-clock tick that drives finalisation of idle bars and checkpoints. */
    public static final int KIND_CLOCK = 3;

    /** Longest trade id kept. */
    public static final int MAX_TRADE_ID_LENGTH = 32;

    /** What this slot holds. */
    public int kind;
    /** Event time of the trade or quote; for a clock tick, the wall clock. */
    public long tsNs;
    /** Symbol characters 0 to 7. */
    public long symbolWord0;
    /** Symbol characters 8 to 15. */
    public long symbolWord1;
    /** Trade price mantissa. */
    public long price;
    /** Trade volume. */
    public long volume;
    /** Bid mantissa, 0 when absent. */
    public long bid;
    /** Ask mantissa, 0 when absent. */
    public long ask;
    /** Quote bid size, 0 when absent. */
    public long bidSize;
    /** Quote ask size, 0 when absent. */
    public long askSize;
    /** Exchange, up to 8 ASCII characters packed little-endian, 0 when absent. */
    public long exchange;
    /** Trade id bytes, ASCII. */
    public final byte[] tradeId = new byte[MAX_TRADE_ID_LENGTH];
    /** Trade id length, 0 when absent. */
    public int tradeIdLength;
    /** Source of the event, e.g. the synthetic feed or a Kafka topic. */
    public int sourceId;
    /** Partition within the source. */
    public int partition;
    /** Position within the partition, e.g. the Kafka offset. */
    public long sourceOffset;
    /** Arrival sequence: the order in which Tickwire accepted the event, gap-free across restarts. */
    public long arrivalSeq;
    /** Journal index of the event, or -1 when not journaled. */
    public long journalIndex;
    /** Wall clock at receipt, epoch nanoseconds (for tick-to-client latency). */
    public long receivedNs;

    /**
     * Copies every field of another event.
     *
     * @param other the source.
     */
    public void copyFrom(final TradeEvent other)
    {
        kind = other.kind;
        tsNs = other.tsNs;
        symbolWord0 = other.symbolWord0;
        symbolWord1 = other.symbolWord1;
        price = other.price;
        volume = other.volume;
        bid = other.bid;
        ask = other.ask;
        bidSize = other.bidSize;
        askSize = other.askSize;
        exchange = other.exchange;
        System.arraycopy(other.tradeId, 0, tradeId, 0, other.tradeIdLength);
        tradeIdLength = other.tradeIdLength;
        sourceId = other.sourceId;
        partition = other.partition;
        sourceOffset = other.sourceOffset;
        arrivalSeq = other.arrivalSeq;
        journalIndex = other.journalIndex;
        receivedNs = other.receivedNs;
    }

    /** Resets the optional fields so that a reused slot carries nothing over. */
    public void clearOptional()
    {
        bid = 0;
        ask = 0;
        bidSize = 0;
        askSize = 0;
        exchange = 0;
        tradeIdLength = 0;
        journalIndex = -1;
    }
}
