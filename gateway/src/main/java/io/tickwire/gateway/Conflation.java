package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessages;

/**
 * Conflated subscriptions ({@code conflate} &gt; 0): they cost nothing per update — an update queues its stream once
 * — and O(streams changed + subscribers due) per flush. Each subscriber's flush instants lie on a grid of its
 * interval shared by all streams, so the subscribers of a stream with the same interval flush in the same pass and
 * mostly hold the same state: the delta from that state to the latest is encoded once per (encoding, timing) and
 * shared as a retained buffer ({@link FlushCache}). A subscriber due while its connection is backlogged (its socket
 * full, see {@link HubOutput#backlogged}) or unwritable waits for the next grid point, so a slow reader gets fresher
 * state later rather than stale state queued; it is never visited per update.
 * <p>
 * Not thread-safe: used by the hub's owning thread only.
 */
final class Conflation
{
    private static final int VARIANTS = HubOutput.VARIANTS;

    private final HubOutput output;
    private final List<Stream> queue = new ArrayList<>();
    private final FlushCache cache = new FlushCache();
    /** The last pass; a stream queued since is due at once. */
    private long lastPassNs;
    /** Passes so far. */
    private long passes;

    Conflation(final HubOutput output, final long nowNs)
    {
        this.output = output;
        this.lastPassNs = nowNs;
    }

    /** A flush instant that is already due. */
    long dueNow()
    {
        return lastPassNs;
    }

    /** The stream changed: its conflated subscribers are visited when the first of them is due. */
    void enqueue(final Stream stream)
    {
        if (!stream.queued)
        {
            stream.queued = true;
            stream.nextDueNs = lastPassNs;
            queue.add(stream);
        }
    }

    /** A conflated subscriber of the stream is owed its state now (just subscribed): visit it at the next pass. */
    void wake(final Stream stream)
    {
        enqueue(stream);
        stream.nextDueNs = lastPassNs;
    }

    /**
     * Visits the queued streams whose conflated subscribers may be due. A stream leaves the queue once every one of
     * them holds its latest state; an update queues it again.
     */
    void flush(final long nowNs)
    {
        lastPassNs = nowNs;
        passes++;
        int kept = 0;
        final int size = queue.size();
        for (int i = 0; i < size; i++)
        {
            final Stream stream = queue.get(i);
            if (nowNs - stream.nextDueNs < 0 || flushStream(stream, nowNs))
            {
                queue.set(kept++, stream);
            }
            else
            {
                stream.queued = false;
            }
        }
        // Streams queued while flushing (none today) sit after size: keep them.
        for (int i = size; i < queue.size(); i++)
        {
            queue.set(kept++, queue.get(i));
        }
        for (int i = queue.size() - 1; i >= kept; i--)
        {
            queue.remove(i);
        }
    }

    /**
     * Flushes the due conflated subscribers of one stream that are behind it, sharing each encoding among those that
     * hold the same state.
     *
     * @return whether some subscriber is still owed an update ({@link Stream#nextDueNs} then says when).
     */
    private boolean flushStream(final Stream stream, final long nowNs)
    {
        final List<Subscription> subscribers = stream.conflated;
        boolean pending = false;
        long due = 0;
        cache.begin(stream);
        try
        {
            for (int i = 0; i < subscribers.size(); i++)
            {
                final Subscription sub = subscribers.get(i);
                if (sub.connection.closing || sub.sentSeq >= stream.seq)
                {
                    continue;
                }
                if (nowNs - sub.nextFlushNs >= 0)
                {
                    if (!output.backlogged(sub.connection, passes))
                    {
                        flushOne(stream, sub);
                    }
                    sub.nextFlushNs = nextGridPoint(nowNs, sub.conflateNs);
                    if (sub.sentSeq >= stream.seq)
                    {
                        continue;
                    }
                }
                if (!pending || sub.nextFlushNs - due < 0)
                {
                    due = sub.nextFlushNs;
                }
                pending = true;
            }
        }
        finally
        {
            cache.end();
        }
        stream.nextDueNs = due;
        return pending;
    }

    /** The first instant after {@code nowNs} on the grid of {@code intervalNs} (shared by all streams). */
    private static long nextGridPoint(final long nowNs, final long intervalNs)
    {
        return nowNs - Math.floorMod(nowNs, intervalNs) + intervalNs;
    }

    private void flushOne(final Stream stream, final Subscription sub)
    {
        final Connection connection = sub.connection;
        final int variant = HubOutput.variant(connection.encoding, sub.timing);
        switch (stream.channel)
        {
            case Subscription.TRADES:
                if (sub.symbol.hasTrade)
                {
                    output.append(connection, cache.trade(variant, connection.encoding, sub.timing, sub.symbol), 1);
                }
                break;
            case Subscription.QUOTES:
                if (!sub.symbol.hasQuote)
                {
                    break;
                }
                if (cache.holdsSameQuote(sub))
                {
                    final ByteBuf frames = cache.quote(variant, connection.encoding, sub.timing, sub.symbol);
                    output.append(connection, frames, cache.count[variant]);
                    sub.lastQuote.copyFrom(sub.symbol.quote);
                    sub.hasLast = true;
                }
                else
                {
                    output.sendLatest(sub);
                }
                break;
            default:
                if (cache.holdsSameBars(sub))
                {
                    final ByteBuf frames = cache.bars(variant, connection.encoding, sub.timing);
                    output.append(connection, frames, cache.count[variant]);
                    if (cache.resultHasBar)
                    {
                        sub.lastBar.copyFrom(cache.resultBar);
                    }
                    sub.hasLast = cache.resultHasBar;
                }
                else
                {
                    output.sendLatest(sub);
                }
                break;
        }
        sub.sentSeq = stream.seq;
    }

    /**
     * The encodings of one stream's conflation flush, shared by the subscribers that hold the same state: keyed by
     * the first subscriber flushed (what it holds), encoded lazily per (encoding, timing), released at the end of the
     * stream's flush. A subscriber holding something else (just subscribed, or behind after back-pressure) gets its
     * own encoding.
     */
    private final class FlushCache
    {
        final ByteBuf[] frames = new ByteBuf[VARIANTS];
        final int[] count = new int[VARIANTS];
        final BarMessage fromBar = new BarMessage();
        final QuoteMessage fromQuote = new QuoteMessage();
        final QuoteMessage workQuote = new QuoteMessage();
        final BarMessage resultBar = new BarMessage();
        Stream stream;
        boolean keyed;
        long fromSeq;
        boolean fromHasLast;
        boolean resultHasBar;

        void begin(final Stream of)
        {
            stream = of;
            keyed = false;
        }

        void end()
        {
            for (int i = 0; i < VARIANTS; i++)
            {
                if (frames[i] != null)
                {
                    frames[i].release();
                    frames[i] = null;
                }
            }
            stream = null;
        }

        ByteBuf trade(final int variant, final WireEncoding encoding, final boolean timing, final SymbolState symbol)
        {
            if (frames[variant] == null)
            {
                final int length = output.encoder(encoding).encodeTrade(output.scratch, 0, symbol.lastTrade,
                    timing ? WireMessages.TIMING : 0);
                frames[variant] = output.frame(encoding, length);
                count[variant] = 1;
            }
            return frames[variant];
        }

        boolean holdsSameQuote(final Subscription sub)
        {
            if (!keyed)
            {
                keyed = true;
                fromHasLast = sub.hasLast;
                fromQuote.copyFrom(sub.lastQuote);
                return true;
            }
            return sub.hasLast == fromHasLast && (!fromHasLast || HubOutput.quoteMask(sub.lastQuote, fromQuote) == 0);
        }

        ByteBuf quote(final int variant, final WireEncoding encoding, final boolean timing, final SymbolState symbol)
        {
            if (frames[variant] == null)
            {
                final ByteBuf out = output.buffer(128);
                workQuote.copyFrom(fromQuote);
                count[variant] = output.encodeQuoteCatchUp(symbol, fromHasLast, workQuote, encoding,
                    timing ? WireMessages.TIMING : 0, out);
                frames[variant] = out;
            }
            return frames[variant];
        }

        boolean holdsSameBars(final Subscription sub)
        {
            if (!keyed)
            {
                keyed = true;
                fromSeq = sub.sentSeq;
                fromHasLast = sub.hasLast;
                fromBar.copyFrom(sub.lastBar);
                return true;
            }
            return sub.sentSeq == fromSeq && sub.hasLast == fromHasLast &&
                (!fromHasLast || HubOutput.barMask(sub.lastBar, fromBar) == 0);
        }

        ByteBuf bars(final int variant, final WireEncoding encoding, final boolean timing)
        {
            if (frames[variant] == null)
            {
                final ByteBuf out = output.buffer(256);
                resultBar.copyFrom(fromBar);
                count[variant] = output.encodeChangedBars((BarStream)stream, fromSeq, fromHasLast, resultBar, encoding,
                    timing ? WireMessages.TIMING : 0, out);
                resultHasBar = fromHasLast || output.catchUpVisited;
                frames[variant] = out;
            }
            return frames[variant];
        }
    }

}
