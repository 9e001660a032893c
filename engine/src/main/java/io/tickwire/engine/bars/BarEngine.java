package io.tickwire.engine.bars;

import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ingest.TradeValidator;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;

import static io.tickwire.engine.bars.BarLayout.ASK_SIZE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.BID_SIZE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.CLOSE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.CLOSE_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.COUNT_OFFSET;
import static io.tickwire.engine.bars.BarLayout.FLAGS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.FLAG_FINAL;
import static io.tickwire.engine.bars.BarLayout.HIGH_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_ARRIVAL_WALL_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_ASK_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_BID_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_PRICE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_QUOTE_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LAST_VOLUME_OFFSET;
import static io.tickwire.engine.bars.BarLayout.LOW_OFFSET;
import static io.tickwire.engine.bars.BarLayout.MAX_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.OPEN_OFFSET;
import static io.tickwire.engine.bars.BarLayout.OPEN_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PENDING_FINAL_END_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PV_HIGH_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PV_LOW_OFFSET;
import static io.tickwire.engine.bars.BarLayout.QUOTE_SEQ_OFFSET;
import static io.tickwire.engine.bars.BarLayout.REV_OFFSET;
import static io.tickwire.engine.bars.BarLayout.SEQ_OFFSET;
import static io.tickwire.engine.bars.BarLayout.START_OFFSET;
import static io.tickwire.engine.bars.BarLayout.TRADE_SEQ_OFFSET;
import static io.tickwire.engine.bars.BarLayout.VOLUME_OFFSET;

/**
 * Folds trades into OHLCV bars per symbol × timeframe with the semantics of SPEC §4: event-time windows aligned
 * to the epoch; open and close by (ts, arrival order); exact VWAP; a per-symbol watermark (largest ts seen before
 * the trade, minus the grace) beyond which a trade is late for a timeframe and left out of it only; finalisation
 * by watermark and by wall clock; corrections of final bars with rev + 1.
 * <p>
 * Trades must be applied in arrival order: then "later arrival" is simply "applied later", and open and close
 * need only the ts of the current open and close trade. The live path, the replay after a restart and the
 * offline {@code bars} command all apply trades through {@link #onTrade(TradeEvent)}.
 * <p>
 * Not thread-safe: owned by the engine thread. Allocation-free per trade once a symbol has been seen.
 */
public final class BarEngine implements AutoCloseable
{
    private final Timeframes timeframes;
    private final long[] lengthsNs;
    private final long graceNs;
    private final SymbolTable symbols;
    private final BarStore store;
    private final EngineCounters counters;
    private final BarView view = new BarView();
    private final long[] windowStarts;
    private BarListener listener;
    private long causeReceivedNs;

    /**
     * An engine with empty state.
     *
     * @param timeframes  the timeframes to compute.
     * @param graceNs     allowed lateness, &ge; 0.
     * @param history     bars kept per symbol × timeframe, current one included.
     * @param maxSymbols  most symbols accepted.
     * @param listener    receives trades and bar changes; may be replaced with {@link #listener(BarListener)}.
     * @throws IllegalArgumentException when the history cannot hold every window the grace keeps open.
     */
    public BarEngine(
        final Timeframes timeframes,
        final long graceNs,
        final int history,
        final int maxSymbols,
        final BarListener listener)
    {
        if (graceNs < 0)
        {
            throw new IllegalArgumentException("grace must be >= 0");
        }
        for (int tf = 0; tf < timeframes.count(); tf++)
        {
            final long openWindows = minimumHistory(graceNs, timeframes.lengthNs(tf));
            if (history < openWindows)
            {
                throw new IllegalArgumentException("bar history " + history + " cannot hold the " + openWindows +
                    " windows of " + timeframes.name(tf) + " that a grace of " + graceNs + " ns keeps open");
            }
        }
        this.timeframes = timeframes;
        this.lengthsNs = new long[timeframes.count()];
        for (int tf = 0; tf < lengthsNs.length; tf++)
        {
            lengthsNs[tf] = timeframes.lengthNs(tf);
        }
        this.graceNs = graceNs;
        this.symbols = new SymbolTable(maxSymbols);
        this.store = new BarStore(timeframes.count(), history);
        this.counters = new EngineCounters(timeframes.count());
        this.windowStarts = new long[timeframes.count()];
        this.listener = listener;
    }

    /**
     * The fewest bars a series must hold so that no bar can be dropped before it is final: the windows a grace
     * keeps open, the one a new trade may open ahead of them, and one final bar.
     *
     * @param graceNs  allowed lateness.
     * @param lengthNs window length.
     * @return bars.
     */
    public static int minimumHistory(final long graceNs, final long lengthNs)
    {
        return (int)Math.min(Integer.MAX_VALUE, graceNs / lengthNs + 3);
    }

    /**
     * Replaces the listener; call before events flow.
     *
     * @param listener the new listener.
     */
    public void listener(final BarListener listener)
    {
        this.listener = listener;
    }

    /**
     * Applies one ring event of any kind.
     *
     * @param event trade, quote or clock tick.
     */
    public void onEvent(final TradeEvent event)
    {
        switch (event.kind)
        {
            case TradeEvent.KIND_TRADE:
                onTrade(event);
                break;
            case TradeEvent.KIND_QUOTE:
                onQuote(event);
                break;
            case TradeEvent.KIND_CLOCK:
                onClock(event.tsNs);
                break;
            default:
                counters.onRejected(RejectReason.MALFORMED);
        }
    }

    /**
     * Applies a validated trade.
     *
     * @param trade the trade; symbol packed, price and volume valid.
     * @return false when refused: the symbol table is full, or ts is before {@link TradeValidator#MIN_TS}.
     */
    public boolean onTrade(final TradeEvent trade)
    {
        if (trade.tsNs < TradeValidator.MIN_TS)
        {
            // Sources validate first; this guard keeps window arithmetic from underflowing whatever the caller.
            counters.onRejected(RejectReason.BAD_TIMESTAMP);
            return false;
        }
        final int symbolId = symbols.intern(trade.symbolWord0, trade.symbolWord1);
        if (symbolId == SymbolTable.FULL)
        {
            counters.onRejected(RejectReason.TOO_MANY_SYMBOLS);
            return false;
        }
        final UnsafeBuffer block = store.block(symbolId);
        final long ts = trade.tsNs;
        causeReceivedNs = trade.receivedNs;
        final long maxTs = block.getLong(MAX_TS_OFFSET);
        final long watermark = minus(maxTs, graceNs);

        int lateMask = 0;
        for (int tf = 0; tf < lengthsNs.length; tf++)
        {
            final long start = windowStart(block, tf, ts);
            windowStarts[tf] = start;
            if (end(start, lengthsNs[tf]) <= watermark)
            {
                lateMask |= 1 << tf;
            }
        }

        final long tradeSeq = block.getLong(TRADE_SEQ_OFFSET) + 1;
        block.putLong(TRADE_SEQ_OFFSET, tradeSeq);
        if (tradeSeq == 1 || ts >= block.getLong(LAST_TS_OFFSET))
        {
            block.putLong(LAST_PRICE_OFFSET, trade.price);
            block.putLong(LAST_VOLUME_OFFSET, trade.volume);
            block.putLong(LAST_TS_OFFSET, ts);
            if (trade.bid > 0)
            {
                block.putLong(LAST_BID_OFFSET, trade.bid);
            }
            if (trade.ask > 0)
            {
                block.putLong(LAST_ASK_OFFSET, trade.ask);
            }
        }
        block.putLong(LAST_ARRIVAL_WALL_OFFSET, trade.receivedNs);
        counters.onAccepted();
        if (lateMask != 0)
        {
            counters.onLate(lateMask);
        }
        listener.onTrade(symbolId, trade, tradeSeq, lateMask);

        for (int tf = 0; tf < lengthsNs.length; tf++)
        {
            if ((lateMask & (1 << tf)) == 0)
            {
                include(block, symbolId, tf, windowStarts[tf], ts, trade.price, trade.volume);
            }
        }

        if (ts > maxTs)
        {
            block.putLong(MAX_TS_OFFSET, ts);
            final long newWatermark = minus(ts, graceNs);
            for (int tf = 0; tf < lengthsNs.length; tf++)
            {
                if (newWatermark >= block.getLong(store.seriesOffset(tf) + PENDING_FINAL_END_OFFSET))
                {
                    finalise(block, symbolId, tf, newWatermark, false);
                }
            }
        }
        return true;
    }

    /**
     * Applies a validated quote: latest bid, ask and sizes of its symbol.
     *
     * @param quote the quote.
     */
    public void onQuote(final TradeEvent quote)
    {
        final int symbolId = symbols.intern(quote.symbolWord0, quote.symbolWord1);
        if (symbolId == SymbolTable.FULL)
        {
            counters.onRejected(RejectReason.TOO_MANY_SYMBOLS);
            return;
        }
        final UnsafeBuffer block = store.block(symbolId);
        if (quote.tsNs >= block.getLong(LAST_QUOTE_TS_OFFSET) || block.getLong(QUOTE_SEQ_OFFSET) == 0)
        {
            block.putLong(LAST_BID_OFFSET, quote.bid);
            block.putLong(LAST_ASK_OFFSET, quote.ask);
            block.putLong(BID_SIZE_OFFSET, quote.bidSize);
            block.putLong(ASK_SIZE_OFFSET, quote.askSize);
            block.putLong(LAST_QUOTE_TS_OFFSET, quote.tsNs);
        }
        final long seq = block.getLong(QUOTE_SEQ_OFFSET) + 1;
        block.putLong(QUOTE_SEQ_OFFSET, seq);
        counters.onQuote();
        listener.onQuote(symbolId, quote, seq);
    }

    /**
     * Finalises the bars of idle symbols by wall clock: a bar is final once the clock passes its end + grace and
     * the symbol's watermark, advanced by the wall time since its last trade, passes its end too. For a live feed
     * (ts close to arrival) this is exactly "the wall clock passes end + grace"; a replay of old trades, whose
     * watermark runs ahead quickly, is not finalised under its feet.
     *
     * @param nowNs wall clock, epoch nanoseconds.
     */
    public void onClock(final long nowNs)
    {
        causeReceivedNs = nowNs;
        final int limit = symbols.size();
        for (int symbolId = 0; symbolId < limit; symbolId++)
        {
            final UnsafeBuffer block = store.blockOrNull(symbolId);
            if (block == null)
            {
                continue;
            }
            final long idleNs = Math.max(0, nowNs - block.getLong(LAST_ARRIVAL_WALL_OFFSET));
            final long projected = minus(block.getLong(MAX_TS_OFFSET), graceNs) + idleNs;
            final long threshold = Math.min(minus(nowNs, graceNs), projected);
            for (int tf = 0; tf < lengthsNs.length; tf++)
            {
                if (threshold >= block.getLong(store.seriesOffset(tf) + PENDING_FINAL_END_OFFSET))
                {
                    finalise(block, symbolId, tf, threshold, true);
                }
            }
        }
    }

    /** Finalises every open bar, as at the end of an offline run's input. */
    public void finaliseAll()
    {
        causeReceivedNs = 0;
        final int limit = symbols.size();
        for (int symbolId = 0; symbolId < limit; symbolId++)
        {
            final UnsafeBuffer block = store.blockOrNull(symbolId);
            if (block != null)
            {
                for (int tf = 0; tf < lengthsNs.length; tf++)
                {
                    finalise(block, symbolId, tf, Long.MAX_VALUE, false);
                }
            }
        }
    }

    /**
     * Publishes the state the engine holds, to prime consumers attached after a recovery: per symbol its latest
     * trade ({@link BarListener#onLastTrade}) and every held bar, oldest first, with the stream's current seq.
     * Call on the thread that owns the engine, before new events flow.
     */
    public void publishState()
    {
        causeReceivedNs = 0;
        final int limit = symbols.size();
        for (int symbolId = 0; symbolId < limit; symbolId++)
        {
            final UnsafeBuffer block = store.blockOrNull(symbolId);
            if (block == null)
            {
                continue;
            }
            final long tradeSeq = block.getLong(TRADE_SEQ_OFFSET);
            if (tradeSeq > 0)
            {
                listener.onLastTrade(symbolId, block.getLong(LAST_TS_OFFSET), block.getLong(LAST_PRICE_OFFSET),
                    block.getLong(LAST_VOLUME_OFFSET), block.getLong(LAST_BID_OFFSET), block.getLong(LAST_ASK_OFFSET),
                    tradeSeq);
            }
            for (int tf = 0; tf < lengthsNs.length; tf++)
            {
                final int seriesOffset = store.seriesOffset(tf);
                final long seq = block.getLong(seriesOffset + SEQ_OFFSET);
                for (int k = BarStore.size(block, seriesOffset) - 1; k >= 0; k--)
                {
                    listener.onBar(view.wrap(block, store.nthNewestOffset(block, seriesOffset, k), symbolId, tf,
                        lengthsNs[tf], seq));
                }
            }
        }
    }

    private void include(
        final UnsafeBuffer block,
        final int symbolId,
        final int tf,
        final long start,
        final long ts,
        final long price,
        final long volume)
    {
        final int seriesOffset = store.seriesOffset(tf);
        final int size = BarStore.size(block, seriesOffset);
        int newer = 0;
        int offset = -1;
        while (newer < size)
        {
            final int candidate = store.nthNewestOffset(block, seriesOffset, newer);
            final long candidateStart = block.getLong(candidate + START_OFFSET);
            if (candidateStart == start)
            {
                offset = candidate;
                break;
            }
            if (candidateStart < start)
            {
                break;
            }
            newer++;
        }

        if (offset < 0)
        {
            if (newer == store.capacity())
            {
                counters.onWindowDropped(); // unreachable with the history checked in the constructor
                return;
            }
            offset = store.insert(block, seriesOffset, newer, start);
            block.putLong(offset + OPEN_OFFSET, price);
            block.putLong(offset + HIGH_OFFSET, price);
            block.putLong(offset + LOW_OFFSET, price);
            block.putLong(offset + CLOSE_OFFSET, price);
            block.putLong(offset + VOLUME_OFFSET, volume);
            block.putLong(offset + COUNT_OFFSET, 1);
            block.putLong(offset + PV_LOW_OFFSET, price * volume);
            block.putLong(offset + PV_HIGH_OFFSET, Math.multiplyHigh(price, volume));
            block.putLong(offset + OPEN_TS_OFFSET, ts);
            block.putLong(offset + CLOSE_TS_OFFSET, ts);
            final long end = end(start, lengthsNs[tf]);
            if (end < block.getLong(seriesOffset + PENDING_FINAL_END_OFFSET))
            {
                block.putLong(seriesOffset + PENDING_FINAL_END_OFFSET, end);
            }
            publish(block, offset, symbolId, tf, seriesOffset);
            return;
        }

        if (ts < block.getLong(offset + OPEN_TS_OFFSET))
        {
            block.putLong(offset + OPEN_OFFSET, price);
            block.putLong(offset + OPEN_TS_OFFSET, ts);
        }
        if (ts >= block.getLong(offset + CLOSE_TS_OFFSET))
        {
            block.putLong(offset + CLOSE_OFFSET, price);
            block.putLong(offset + CLOSE_TS_OFFSET, ts);
        }
        if (price > block.getLong(offset + HIGH_OFFSET))
        {
            block.putLong(offset + HIGH_OFFSET, price);
        }
        if (price < block.getLong(offset + LOW_OFFSET))
        {
            block.putLong(offset + LOW_OFFSET, price);
        }
        block.putLong(offset + VOLUME_OFFSET, block.getLong(offset + VOLUME_OFFSET) + volume);
        block.putLong(offset + COUNT_OFFSET, block.getLong(offset + COUNT_OFFSET) + 1);
        final long pvLow = block.getLong(offset + PV_LOW_OFFSET);
        block.putLong(offset + PV_HIGH_OFFSET,
            Int128.addProductHigh(block.getLong(offset + PV_HIGH_OFFSET), pvLow, price, volume));
        block.putLong(offset + PV_LOW_OFFSET, Int128.addProductLow(pvLow, price, volume));

        if ((block.getInt(offset + FLAGS_OFFSET) & FLAG_FINAL) != 0)
        {
            block.putInt(offset + REV_OFFSET, block.getInt(offset + REV_OFFSET) + 1);
            counters.onCorrection();
        }
        publish(block, offset, symbolId, tf, seriesOffset);
    }

    private void finalise(
        final UnsafeBuffer block,
        final int symbolId,
        final int tf,
        final long threshold,
        final boolean byClock)
    {
        final int seriesOffset = store.seriesOffset(tf);
        final long pending = block.getLong(seriesOffset + PENDING_FINAL_END_OFFSET);
        if (pending == Long.MAX_VALUE)
        {
            return;
        }
        // Every bar not yet final ends at or after `pending`, so only the newest bars down to it need a look;
        // they are published oldest first.
        final long lengthNs = lengthsNs[tf];
        final int size = BarStore.size(block, seriesOffset);
        int candidates = 0;
        while (candidates < size &&
            block.getLong(store.nthNewestOffset(block, seriesOffset, candidates) + START_OFFSET) >= pending - lengthNs)
        {
            candidates++;
        }

        long stillPending = Long.MAX_VALUE;
        for (int k = candidates - 1; k >= 0; k--)
        {
            final int offset = store.nthNewestOffset(block, seriesOffset, k);
            final int flags = block.getInt(offset + FLAGS_OFFSET);
            if ((flags & FLAG_FINAL) == 0)
            {
                final long end = end(block.getLong(offset + START_OFFSET), lengthNs);
                if (end <= threshold)
                {
                    block.putInt(offset + FLAGS_OFFSET, flags | FLAG_FINAL);
                    counters.onFinalised(byClock);
                    publish(block, offset, symbolId, tf, seriesOffset);
                }
                else if (end < stillPending)
                {
                    stillPending = end;
                }
            }
        }
        block.putLong(seriesOffset + PENDING_FINAL_END_OFFSET, stillPending);
    }

    private void publish(
        final UnsafeBuffer block,
        final int offset,
        final int symbolId,
        final int tf,
        final int seriesOffset)
    {
        final long seq = block.getLong(seriesOffset + SEQ_OFFSET) + 1;
        block.putLong(seriesOffset + SEQ_OFFSET, seq);
        counters.onBarUpdate();
        listener.onBar(view.wrap(block, offset, symbolId, tf, lengthsNs[tf], seq).causedAt(causeReceivedNs));
    }

    /**
     * Points a view at the k-th newest bar held for a symbol and timeframe, for reading state off the hot path
     * (snapshots, dumps) on the engine thread.
     *
     * @param symbolId dense id.
     * @param tf       timeframe index.
     * @param k        0 for the newest, up to {@link #barCount(int, int)} - 1.
     * @param into     the view to point.
     * @return {@code into}, with seq 0.
     */
    public BarView bar(final int symbolId, final int tf, final int k, final BarView into)
    {
        final UnsafeBuffer block = store.block(symbolId);
        return into.wrap(block, store.nthNewestOffset(block, store.seriesOffset(tf), k), symbolId, tf,
            lengthsNs[tf], 0);
    }

    /**
     * Bars held for a symbol and timeframe.
     *
     * @param symbolId dense id.
     * @param tf       timeframe index.
     * @return 0 to the history size.
     */
    public int barCount(final int symbolId, final int tf)
    {
        final UnsafeBuffer block = store.blockOrNull(symbolId);
        return block == null ? 0 : BarStore.size(block, store.seriesOffset(tf));
    }

    /**
     * The timeframes computed.
     *
     * @return the set.
     */
    public Timeframes timeframes()
    {
        return timeframes;
    }

    /**
     * Allowed lateness.
     *
     * @return nanoseconds.
     */
    public long graceNs()
    {
        return graceNs;
    }

    /**
     * The symbol table.
     *
     * @return symbols by dense id.
     */
    public SymbolTable symbols()
    {
        return symbols;
    }

    /**
     * The off-heap state.
     *
     * @return the store.
     */
    public BarStore store()
    {
        return store;
    }

    /**
     * The counters.
     *
     * @return counters, readable from any thread.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    @Override
    public void close()
    {
        store.close();
    }

    private long windowStart(final UnsafeBuffer block, final int tf, final long ts)
    {
        // Most trades fall in the newest bar's window: reuse its start and skip the 64-bit division.
        final long lengthNs = lengthsNs[tf];
        final int seriesOffset = store.seriesOffset(tf);
        if (BarStore.size(block, seriesOffset) > 0)
        {
            final long newestStart = block.getLong(store.nthNewestOffset(block, seriesOffset, 0) + START_OFFSET);
            if (ts >= newestStart && ts < end(newestStart, lengthNs))
            {
                return newestStart;
            }
        }
        return ts - Math.floorMod(ts, lengthNs);
    }

    private static long end(final long start, final long lengthNs)
    {
        final long end = start + lengthNs;
        return end < start ? Long.MAX_VALUE : end;
    }

    private static long minus(final long value, final long amount)
    {
        final long result = value - amount;
        return result > value ? Long.MIN_VALUE : result;
    }
}
