package io.tickwire.engine.feed;

import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.TradeEvent;

/**
 * The embedded default source: {@link SyntheticTrades} paced by the wall clock. Its position is the trade
 * number, journaled like a Kafka offset, so after a restart it resumes at the next trade and catches up at full
 * speed to where the clock says it should be.
 */
public final class SyntheticFeed implements TradeSource
{
    /** Source id of the synthetic feed in journal records. */
    public static final int SOURCE_ID = 0;

    private final SyntheticTrades trades;
    private final long count;
    private final TradeEvent scratch = new TradeEvent();
    private long next;

    /**
     * A feed.
     *
     * @param trades the tape.
     * @param count  trades to emit in all, or Long.MAX_VALUE for no end.
     */
    public SyntheticFeed(final SyntheticTrades trades, final long count)
    {
        this.trades = trades;
        this.count = count;
    }

    @Override
    public void resumeAfter(final SourcePositions positions)
    {
        next = positions.get(SOURCE_ID, 0) + 1;
    }

    @Override
    public int poll(final Sink sink, final long nowNs, final int limit)
    {
        int emitted = 0;
        final TradeEvent event = scratch;
        while (emitted < limit && next < count && trades.dueNs(next) <= nowNs)
        {
            trades.fill(next, event);
            event.sourceId = SOURCE_ID;
            sink.onEvent(event);
            next++;
            emitted++;
        }
        return emitted;
    }

    @Override
    public boolean isExhausted()
    {
        return next >= count;
    }

    /**
     * Position of the next trade to emit.
     *
     * @return trade number.
     */
    public long next()
    {
        return next;
    }
}
