package io.tickwire.gateway;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.QuoteMessage;

/**
 * One connection's subscription to one stream. Owned by the hub thread. While {@link #inSync}, the client holds
 * the stream's previously published state and gets the shared, once-encoded delta of each update; once it falls
 * behind (conflation, or its outbound buffer over the high-water mark) the hub remembers what it last sent
 * ({@link #lastBar} / {@link #lastQuote}) and later sends the delta from there to the latest state. A conflated
 * subscription ({@link #conflateNs} &gt; 0) is never in sync: it always gets the delta from what it last received,
 * at its next flush.
 */
final class Subscription
{
    static final int TRADES = 0;
    static final int QUOTES = 1;
    static final int BARS = 2;

    final Connection connection;
    final int channel;
    final SymbolState symbol;
    final Stream stream;
    final BarStream bars;
    final boolean timing;
    final long conflateNs;
    final String key;
    final int snapshot;
    final BarMessage lastBar;
    final QuoteMessage lastQuote;
    boolean inSync;
    boolean dirty;
    boolean hasLast;
    /**
     * The stream seq the client is up to date with: bars, every changed bar up to it; quotes and conflated trades,
     * the state as of it. Kept for conflated subscriptions and for live ones while they are out of sync.
     */
    long sentSeq;
    long nextFlushNs;
    boolean removed;

    Subscription(
        final Connection connection,
        final int channel,
        final SymbolState symbol,
        final Stream stream,
        final boolean timing,
        final long conflateNs,
        final String key,
        final int snapshot)
    {
        this.connection = connection;
        this.channel = channel;
        this.symbol = symbol;
        this.stream = stream;
        this.bars = stream instanceof BarStream barStream ? barStream : null;
        this.timing = timing;
        this.conflateNs = conflateNs;
        this.key = key;
        this.snapshot = snapshot;
        this.lastBar = channel == BARS ? new BarMessage() : null;
        this.lastQuote = channel == QUOTES ? new QuoteMessage() : null;
    }
}
