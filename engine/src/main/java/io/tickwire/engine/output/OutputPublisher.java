package io.tickwire.engine.output;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.BarView;
import io.tickwire.engine.ring.TradeEvent;

/**
 * The engine's side of the output ring: a {@link BarListener} that copies each publication into a preallocated
 * {@link UpdateEvent}. It never waits: when consumers fall a whole ring behind, the update is dropped, counted,
 * and the next one carries {@code gapBefore} so that consumers resynchronise (snapshot or reset) instead of
 * holding wrong state.
 * <p>
 * Not thread-safe: runs on the engine thread.
 */
public final class OutputPublisher implements BarListener
{
    private final RingBuffer<UpdateEvent> ring;
    private final AtomicLong dropped = new AtomicLong();
    private boolean gap;

    /**
     * A publisher into a ring.
     *
     * @param ring the output ring's producer side.
     */
    public OutputPublisher(final RingBuffer<UpdateEvent> ring)
    {
        this.ring = ring;
    }

    @Override
    public void onTrade(final int symbolId, final TradeEvent trade, final long seq, final int lateMask)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return;
        }
        final UpdateEvent event = ring.get(sequence);
        event.kind = UpdateEvent.KIND_TRADE;
        event.gapBefore = takeGap();
        event.symbolId = symbolId;
        event.seq = seq;
        event.tsNs = trade.tsNs;
        event.price = trade.price;
        event.volume = trade.volume;
        event.receivedNs = trade.receivedNs;
        event.lateMask = lateMask;
        event.arrivalSeq = trade.arrivalSeq;
        event.bid = trade.bid;
        event.ask = trade.ask;
        ring.publish(sequence);
    }

    @Override
    public void onLastTrade(
        final int symbolId,
        final long tsNs,
        final long price,
        final long volume,
        final long bid,
        final long ask,
        final long tradeSeq)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return;
        }
        final UpdateEvent event = ring.get(sequence);
        event.kind = UpdateEvent.KIND_LAST_TRADE;
        event.gapBefore = takeGap();
        event.symbolId = symbolId;
        event.seq = tradeSeq;
        event.tsNs = tsNs;
        event.price = price;
        event.volume = volume;
        event.bid = bid;
        event.ask = ask;
        event.receivedNs = 0;
        event.lateMask = 0;
        ring.publish(sequence);
    }

    @Override
    public void onQuote(final int symbolId, final TradeEvent quote, final long seq)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return;
        }
        final UpdateEvent event = ring.get(sequence);
        event.kind = UpdateEvent.KIND_QUOTE;
        event.gapBefore = takeGap();
        event.symbolId = symbolId;
        event.seq = seq;
        event.tsNs = quote.tsNs;
        event.bid = quote.bid;
        event.bidSize = quote.bidSize;
        event.ask = quote.ask;
        event.askSize = quote.askSize;
        event.receivedNs = quote.receivedNs;
        ring.publish(sequence);
    }

    @Override
    public void onBar(final BarView bar)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return;
        }
        final UpdateEvent event = ring.get(sequence);
        event.kind = UpdateEvent.KIND_BAR;
        event.gapBefore = takeGap();
        event.symbolId = bar.symbolId();
        event.tfIndex = bar.tfIndex();
        event.seq = bar.seq();
        event.tsNs = bar.start();
        event.open = bar.open();
        event.high = bar.high();
        event.low = bar.low();
        event.close = bar.close();
        event.barVolume = bar.volume();
        event.count = bar.count();
        event.pvHigh = bar.pvHigh();
        event.pvLow = bar.pvLow();
        event.isFinal = bar.isFinal();
        event.rev = bar.rev();
        // Every slot field is rewritten: a reused slot must not carry an older event's receipt time.
        event.receivedNs = bar.receivedNs();
        ring.publish(sequence);
    }

    private long claim()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            // A preallocated, stackless exception: no allocation on this path either.
            gap = true;
            dropped.lazySet(dropped.get() + 1);
            return -1;
        }
    }

    private boolean takeGap()
    {
        final boolean hadGap = gap;
        gap = false;
        return hadGap;
    }

    /**
     * Updates dropped because the consumers were a whole ring behind.
     *
     * @return count.
     */
    public long dropped()
    {
        return dropped.get();
    }
}
