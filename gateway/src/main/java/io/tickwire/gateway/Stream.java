package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * One (channel, symbol[, tf]) stream as the hub fans it out: its seq (the last update the hub applied) and its
 * subscribers, split into those that get every update ({@link #live}, conflate 0) and those that get the latest
 * state at most once per conflation interval ({@link #conflated}). An update costs O(live subscribers) plus O(1) for
 * all the conflated ones together: the stream is queued once, and the conflated subscribers are visited only when
 * one of them is due. Not thread-safe: owned by the hub.
 */
class Stream
{
    final int channel;
    final List<Subscription> live = new ArrayList<>();
    final List<Subscription> conflated = new ArrayList<>();
    /** The engine's seq of the last update the hub applied to this stream (0: none yet). */
    long seq;
    /** In the hub's queue of streams whose conflated subscribers may be owed an update. */
    boolean queued;
    /** While queued: not worth visiting before this instant ({@code System.nanoTime()}). */
    long nextDueNs;

    Stream(final int channel)
    {
        this.channel = channel;
    }
}
