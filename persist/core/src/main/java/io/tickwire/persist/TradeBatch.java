package io.tickwire.persist;

import io.tickwire.engine.ring.TradeEvent;

/**
 * A batch of journaled trades and quotes in columns, filled by a writer agent and handed to one {@link TradeSink}.
 * Rows are in journal order, so {@link #seq(int)} rises strictly. Reused from batch to batch: a sink must not keep
 * references to it after {@link TradeSink#write} returns.
 * <p>
 * Prices are mantissas at scale 10^8 (see {@code FixedPoint}); instants epoch nanoseconds. Symbol, exchange and
 * trade-id strings are interned per writer, so filling a batch allocates nothing once the symbols are known.
 */
public final class TradeBatch
{
    private final int capacity;
    private final int[] kind;
    private final long[] seq;
    private final long[] tsNs;
    private final long[] receivedNs;
    private final String[] symbol;
    private final int[] symbolId;
    private final long[] price;
    private final long[] volume;
    private final long[] bid;
    private final long[] ask;
    private final long[] bidSize;
    private final long[] askSize;
    private final String[] exchange;
    private final byte[] tradeIdBytes;
    private final int[] tradeIdLength;
    private final int[] partition;
    private final long[] sourceOffset;
    private final long[] journalIndex;
    private final StringCache strings = new StringCache();
    private int size;

    /**
     * An empty batch.
     *
     * @param capacity most rows held.
     */
    public TradeBatch(final int capacity)
    {
        this.capacity = capacity;
        kind = new int[capacity];
        seq = new long[capacity];
        tsNs = new long[capacity];
        receivedNs = new long[capacity];
        symbol = new String[capacity];
        symbolId = new int[capacity];
        price = new long[capacity];
        volume = new long[capacity];
        bid = new long[capacity];
        ask = new long[capacity];
        bidSize = new long[capacity];
        askSize = new long[capacity];
        exchange = new String[capacity];
        tradeIdBytes = new byte[capacity * TradeEvent.MAX_TRADE_ID_LENGTH];
        tradeIdLength = new int[capacity];
        partition = new int[capacity];
        sourceOffset = new long[capacity];
        journalIndex = new long[capacity];
    }

    /**
     * Appends a journaled event (trade or quote; clock ticks are never journaled).
     *
     * @param event the event read from the journal.
     * @return false when the batch is full and nothing was added.
     */
    public boolean add(final TradeEvent event)
    {
        if (size == capacity)
        {
            return false;
        }
        final int i = size++;
        kind[i] = event.kind;
        seq[i] = event.arrivalSeq;
        tsNs[i] = event.tsNs;
        receivedNs[i] = event.receivedNs;
        final StringCache.Name name = strings.name(event.symbolWord0, event.symbolWord1);
        symbol[i] = name.text();
        symbolId[i] = name.id();
        price[i] = event.price;
        volume[i] = event.volume;
        bid[i] = event.bid;
        ask[i] = event.ask;
        bidSize[i] = event.bidSize;
        askSize[i] = event.askSize;
        exchange[i] = event.exchange == 0 ? "" : strings.symbol(event.exchange, 0);
        // Trade ids are mostly unique: kept as bytes, never as a String per row.
        tradeIdLength[i] = event.tradeIdLength;
        System.arraycopy(event.tradeId, 0, tradeIdBytes, i * TradeEvent.MAX_TRADE_ID_LENGTH, event.tradeIdLength);
        partition[i] = event.partition;
        sourceOffset[i] = event.sourceOffset;
        journalIndex[i] = event.journalIndex;
        return true;
    }

    /** Empties the batch for reuse. */
    public void clear()
    {
        size = 0;
    }

    /**
     * Rows held.
     *
     * @return count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Most rows held.
     *
     * @return capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * True when the batch holds no rows.
     *
     * @return emptiness.
     */
    public boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * True when row i is a trade ({@link TradeEvent#KIND_TRADE}); otherwise it is a quote.
     *
     * @param i row.
     * @return whether a trade.
     */
    public boolean isTrade(final int i)
    {
        return kind[i] == TradeEvent.KIND_TRADE;
    }

    /**
     * Arrival sequence: gap-free across restarts, the exactly-once key of every store.
     *
     * @param i row.
     * @return seq.
     */
    public long seq(final int i)
    {
        return seq[i];
    }

    /**
     * Event time.
     *
     * @param i row.
     * @return epoch ns.
     */
    public long tsNs(final int i)
    {
        return tsNs[i];
    }

    /**
     * Wall clock at receipt (for lag).
     *
     * @param i row.
     * @return epoch ns.
     */
    public long receivedNs(final int i)
    {
        return receivedNs[i];
    }

    /**
     * Symbol.
     *
     * @param i row.
     * @return interned symbol.
     */
    public String symbol(final int i)
    {
        return symbol[i];
    }

    /**
     * Dense id of row i's symbol: 0, 1, 2… in order of first sight, the same for every batch filled through this
     * instance, so a sink can keep per-symbol state in an array indexed by it (see {@link #symbolName(int)}).
     *
     * @param i row.
     * @return id.
     */
    public int symbolId(final int i)
    {
        return symbolId[i];
    }

    /**
     * The symbol (or exchange) name of a dense id handed out by this instance.
     *
     * @param id an id from {@link #symbolId(int)}.
     * @return the name, or null for an unknown id.
     */
    public String symbolName(final int id)
    {
        return strings.byId(id);
    }

    /**
     * Trade price mantissa (0 for a quote).
     *
     * @param i row.
     * @return mantissa at scale 10^8.
     */
    public long price(final int i)
    {
        return price[i];
    }

    /**
     * Trade volume (0 for a quote).
     *
     * @param i row.
     * @return volume.
     */
    public long volume(final int i)
    {
        return volume[i];
    }

    /**
     * Bid mantissa, 0 when absent.
     *
     * @param i row.
     * @return mantissa.
     */
    public long bid(final int i)
    {
        return bid[i];
    }

    /**
     * Ask mantissa, 0 when absent.
     *
     * @param i row.
     * @return mantissa.
     */
    public long ask(final int i)
    {
        return ask[i];
    }

    /**
     * Quote bid size, 0 when absent.
     *
     * @param i row.
     * @return size.
     */
    public long bidSize(final int i)
    {
        return bidSize[i];
    }

    /**
     * Quote ask size, 0 when absent.
     *
     * @param i row.
     * @return size.
     */
    public long askSize(final int i)
    {
        return askSize[i];
    }

    /**
     * Exchange, "" when absent.
     *
     * @param i row.
     * @return exchange.
     */
    public String exchange(final int i)
    {
        return exchange[i];
    }

    /**
     * Trade id, "" when absent. Allocates a String: encoders use {@link #tradeIdBytes()} instead.
     *
     * @param i row.
     * @return id.
     */
    public String tradeId(final int i)
    {
        return tradeIdLength[i] == 0 ? "" : new String(tradeIdBytes, tradeIdOffset(i), tradeIdLength[i],
            java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * The trade ids' ASCII bytes, row i's at {@link #tradeIdOffset(int)} for {@link #tradeIdLength(int)} bytes.
     *
     * @return the shared array (read only).
     */
    public byte[] tradeIdBytes()
    {
        return tradeIdBytes;
    }

    /**
     * Where row i's trade id starts in {@link #tradeIdBytes()}.
     *
     * @param i row.
     * @return offset.
     */
    public int tradeIdOffset(final int i)
    {
        return i * TradeEvent.MAX_TRADE_ID_LENGTH;
    }

    /**
     * Length of row i's trade id, 0 when absent.
     *
     * @param i row.
     * @return bytes.
     */
    public int tradeIdLength(final int i)
    {
        return tradeIdLength[i];
    }

    /**
     * Source partition (e.g. Kafka partition).
     *
     * @param i row.
     * @return partition.
     */
    public int partition(final int i)
    {
        return partition[i];
    }

    /**
     * Source offset (e.g. Kafka offset).
     *
     * @param i row.
     * @return offset.
     */
    public long sourceOffset(final int i)
    {
        return sourceOffset[i];
    }

    /**
     * Journal index of the row.
     *
     * @param i row.
     * @return Chronicle index.
     */
    public long journalIndex(final int i)
    {
        return journalIndex[i];
    }

    /**
     * Seq of the last row.
     *
     * @return seq, or -1 when empty.
     */
    public long lastSeq()
    {
        return size == 0 ? -1 : seq[size - 1];
    }

    /**
     * Seq of the first row.
     *
     * @return seq, or -1 when empty.
     */
    public long firstSeq()
    {
        return size == 0 ? -1 : seq[0];
    }
}
