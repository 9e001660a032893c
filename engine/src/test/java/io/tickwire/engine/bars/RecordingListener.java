package io.tickwire.engine.bars;

import java.util.ArrayList;
import java.util.List;

import io.tickwire.engine.ring.TradeEvent;

/**
 * A {@link BarListener} that keeps a copy of everything the engine publishes, in order.
 */
public final class RecordingListener implements BarListener
{
    /**
     * A published trade.
     *
     * @param symbolId dense id.
     * @param tsNs     event time.
     * @param price    mantissa.
     * @param seq      trade stream sequence.
     * @param lateMask timeframes the trade was left out of.
     */
    public record Trade(int symbolId, long tsNs, long price, long seq, int lateMask)
    {
    }

    /** Every bar update, in publication order. */
    public final List<RecordedBar> bars = new ArrayList<>();
    /** Every trade, in publication order. */
    public final List<Trade> trades = new ArrayList<>();

    @Override
    public void onTrade(final int symbolId, final TradeEvent trade, final long seq, final int lateMask)
    {
        trades.add(new Trade(symbolId, trade.tsNs, trade.price, seq, lateMask));
    }

    @Override
    public void onBar(final BarView bar)
    {
        bars.add(RecordedBar.of(bar));
    }

    /**
     * Updates published for one stream.
     *
     * @param symbolId dense id.
     * @param tf       timeframe index.
     * @return the updates in order.
     */
    public List<RecordedBar> stream(final int symbolId, final int tf)
    {
        return bars.stream().filter(b -> b.symbolId() == symbolId && b.tf() == tf).toList();
    }

    /**
     * Updates published for one bar.
     *
     * @param symbolId dense id.
     * @param tf       timeframe index.
     * @param start    window start.
     * @return the updates in order.
     */
    public List<RecordedBar> updatesOf(final int symbolId, final int tf, final long start)
    {
        return bars.stream().filter(b -> b.symbolId() == symbolId && b.tf() == tf && b.start() == start).toList();
    }

    /** Forgets what was recorded. */
    public void clear()
    {
        bars.clear();
        trades.clear();
    }
}
