package io.tickwire.gateway;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.sbe.Timeframe;

/**
 * One (bars, symbol, tf) stream: its recent bars, the latest published bar and the one before (the state every
 * in-sync subscriber holds, from which the shared delta is computed), plus the seq and subscribers of every
 * {@link Stream}. Not thread-safe: owned by the hub.
 */
final class BarStream extends Stream
{
    final String tfName;
    final Timeframe tf;
    final BarSeries series;
    /** The latest published bar; swapped with {@link #previous} on each update (no copy). */
    BarMessage latest = new BarMessage();
    BarMessage previous = new BarMessage();
    boolean hasLatest;

    BarStream(final String symbol, final String tfName, final Timeframe tf, final int history)
    {
        super(Subscription.BARS);
        this.tfName = tfName;
        this.tf = tf;
        this.series = new BarSeries(history);
        latest.symbol(symbol).tf(tf);
        previous.symbol(symbol).tf(tf);
    }
}
