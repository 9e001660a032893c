package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.sbe.Timeframe;

/**
 * One (bars, symbol, tf) stream: its recent bars, the latest published bar and the one before (the state every
 * in-sync subscriber holds, from which the shared delta is computed), its seq and its subscribers. Not
 * thread-safe: owned by the hub.
 */
final class BarStream
{
    final String tfName;
    final Timeframe tf;
    final BarSeries series;
    final BarMessage latest = new BarMessage();
    final BarMessage previous = new BarMessage();
    final List<Subscription> subscribers = new ArrayList<>();
    boolean hasLatest;
    long seq;

    BarStream(final String symbol, final String tfName, final Timeframe tf, final int history)
    {
        this.tfName = tfName;
        this.tf = tf;
        this.series = new BarSeries(history);
        latest.symbol(symbol).tf(tf);
        previous.symbol(symbol).tf(tf);
    }
}
