package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.WireEncoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessages;
import org.agrona.ExpandableArrayBuffer;

/**
 * The hub's output side: its encoders and scratch, the frames it builds, and the batching of everything one
 * connection gets in one batch into one {@code writeAndFlush}, handed to its event loop together with other
 * connections of that loop ({@link LoopHandoff}). A connection that gets a single shared frame gets it as a
 * retained duplicate (no copy); from its second frame on, the frames are gathered into one pooled buffer of its own.
 * Also the per-subscriber catch-up encodings (the delta from what a client holds to the latest state) and the
 * writability checks of back-pressure.
 * <p>
 * Not thread-safe: used by the hub's owning thread only.
 */
final class HubOutput
{
    static final int VARIANTS = WireEncoding.values().length * 2;
    private static final int CATCH_UP_SCAN = 256;
    private static final int OUT_INITIAL = 2048;
    /**
     * Bytes waiting in a connection's Netty outbound buffer above which a conflated flush is postponed: Netty writes
     * to the socket until it would block, so anything waiting here means the socket is full and more state would
     * only queue up stale behind it.
     */
    private static final long CONFLATED_BACKLOG = 16 * 1024;

    final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    /** Connections seen unwritable, for the slow-consumer check. */
    final List<Connection> slow = new ArrayList<>();
    /** Set by {@link #encodeChangedBars}: whether any bar was visited (the held bar changed). */
    boolean catchUpVisited;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final WireEncoder[] encoders = new WireEncoder[WireEncoding.values().length];
    private final int[] changed = new int[CATCH_UP_SCAN];
    private final BarMessage barScratch = new BarMessage();
    private final List<Connection> touched = new ArrayList<>();
    private final Map<EventLoop, LoopHandoff> handoffs = new IdentityHashMap<>();
    private final List<LoopHandoff> pendingHandoffs = new ArrayList<>();

    HubOutput(final GatewayConfig config, final GatewayMetrics metrics)
    {
        this.config = config;
        this.metrics = metrics;
        for (final WireEncoding encoding : WireEncoding.values())
        {
            encoders[encoding.ordinal()] = encoding.newEncoder();
        }
    }

    /** The hub's encoder of an encoding (its output goes to {@link #scratch}). */
    WireEncoder encoder(final WireEncoding encoding)
    {
        return encoders[encoding.ordinal()];
    }

    /**
     * {@code BarMessage.changedFields} for two states of the same stream: no symbol and tf comparison.
     *
     * @return the fields of {@code now} a client holding {@code before} lacks; all for another bar or none held.
     */
    static int barMask(final BarMessage now, final BarMessage before)
    {
        if (before == null || now.startNanos() != before.startNanos())
        {
            return WireMessages.BAR_ALL;
        }
        int mask = 0;
        mask |= now.open() != before.open() ? WireMessages.BAR_OPEN : 0;
        mask |= now.high() != before.high() ? WireMessages.BAR_HIGH : 0;
        mask |= now.low() != before.low() ? WireMessages.BAR_LOW : 0;
        mask |= now.close() != before.close() ? WireMessages.BAR_CLOSE : 0;
        mask |= now.volume() != before.volume() ? WireMessages.BAR_VOLUME : 0;
        mask |= now.count() != before.count() ? WireMessages.BAR_COUNT : 0;
        mask |= now.vwap() != before.vwap() ? WireMessages.BAR_VWAP : 0;
        mask |= now.isFinal() != before.isFinal() ? WireMessages.BAR_FINAL : 0;
        mask |= now.rev() != before.rev() ? WireMessages.BAR_REV : 0;
        return mask;
    }

    /**
     * {@code QuoteMessage.changedFields} for two quotes of the same symbol: no symbol comparison.
     *
     * @return the fields of {@code now} a client holding {@code before} lacks; all when it holds none.
     */
    static int quoteMask(final QuoteMessage now, final QuoteMessage before)
    {
        if (before == null)
        {
            return WireMessages.QUOTE_ALL;
        }
        int mask = 0;
        mask |= now.bid() != before.bid() ? WireMessages.QUOTE_BID : 0;
        mask |= now.bidSize() != before.bidSize() ? WireMessages.QUOTE_BID_SIZE : 0;
        mask |= now.ask() != before.ask() ? WireMessages.QUOTE_ASK : 0;
        mask |= now.askSize() != before.askSize() ? WireMessages.QUOTE_ASK_SIZE : 0;
        return mask;
    }

    /** A pooled buffer for frames the caller builds and owns. */
    ByteBuf buffer(final int capacity)
    {
        return alloc.directBuffer(capacity);
    }

    static int variant(final WireEncoding encoding, final boolean timing)
    {
        return encoding.ordinal() * 2 + (timing ? 1 : 0);
    }

    ByteBuf frame(final WireEncoding encoding, final int length)
    {
        return Frames.frame(alloc, encoding.isBinary(), scratch, length);
    }

    boolean writable(final Connection connection)
    {
        if (connection.channel.isWritable() &&
            (connection.out == null ? 0 : connection.out.readableBytes()) + connection.inHandoff() <
                config.highWaterBytes())
        {
            return true;
        }
        if (connection.unwritableSinceNs < 0)
        {
            connection.unwritableSinceNs = System.nanoTime();
            slow.add(connection);
        }
        return false;
    }

    /**
     * A conflated flush should wait: the connection still has more than {@link #CONFLATED_BACKLOG} bytes waiting for
     * its socket (its client reads slower than its conflated streams change), or it is unwritable.
     */
    boolean backlogged(final Connection connection, final long pass)
    {
        if (connection.backlogPass == pass)
        {
            // Asked once per connection and pass: its other streams due in the same pass get the same answer.
            return connection.backlogged;
        }
        connection.backlogPass = pass;
        connection.backlogged = backlogged(connection);
        return connection.backlogged;
    }

    private boolean backlogged(final Connection connection)
    {
        final long pending = config.highWaterBytes() - connection.channel.bytesBeforeUnwritable() +
            (connection.out == null ? 0 : connection.out.readableBytes()) + connection.inHandoff();
        return pending > CONFLATED_BACKLOG || !writable(connection);
    }


    /** Queues {@code frames} whole frames (not owned: the caller keeps its reference) for a connection. */
    void append(final Connection connection, final ByteBuf frames, final int count)
    {
        final int length = frames.readableBytes();
        if (length == 0)
        {
            return;
        }
        connection.outMessages += count;
        if (connection.out == null)
        {
            connection.out = frames.retainedDuplicate();
            connection.outShared = true;
            touch(connection);
        }
        else
        {
            own(connection, length).writeBytes(frames, frames.readerIndex(), length);
        }
    }

    /** The connection's own output buffer of this batch, with room for {@code extra} more bytes. */
    ByteBuf own(final Connection connection, final int extra)
    {
        final ByteBuf out = connection.out;
        if (out == null)
        {
            connection.out = alloc.directBuffer(Math.max(OUT_INITIAL, extra));
            connection.outShared = false;
            touch(connection);
        }
        else if (connection.outShared)
        {
            final ByteBuf gathered = alloc.directBuffer(Math.max(OUT_INITIAL, out.readableBytes() + extra));
            gathered.writeBytes(out, out.readerIndex(), out.readableBytes());
            out.release();
            connection.out = gathered;
            connection.outShared = false;
        }
        return connection.out;
    }

    void touch(final Connection connection)
    {
        if (!connection.touched)
        {
            connection.touched = true;
            touched.add(connection);
        }
    }

    /** Sends the message encoded in {@link #scratch} to one connection. */
    void sendNew(final Connection connection, final int length)
    {
        final ByteBuf out = own(connection, length + 10);
        Frames.write(out, connection.encoding.isBinary(), scratch, length);
        connection.outMessages++;
    }

    void flushTouched()
    {
        for (int i = 0; i < touched.size(); i++)
        {
            final Connection connection = touched.get(i);
            connection.touched = false;
            final ByteBuf out = connection.out;
            final int messages = connection.outMessages;
            connection.out = null;
            connection.outShared = false;
            connection.outMessages = 0;
            if (out == null)
            {
                continue;
            }
            if (!out.isReadable())
            {
                out.release();
                continue;
            }
            metrics.sent(connection.encoding, messages, out.readableBytes());
            handoff(connection).add(connection, out);
        }
        touched.clear();
        for (int i = 0; i < pendingHandoffs.size(); i++)
        {
            final LoopHandoff handoff = pendingHandoffs.get(i);
            handoff.pending = false;
            handoff.dispatch();
        }
        pendingHandoffs.clear();
    }

    /** The connection's loop hand-off, listed for dispatch at the end of this flush. */
    private LoopHandoff handoff(final Connection connection)
    {
        LoopHandoff handoff = connection.handoff;
        if (handoff == null)
        {
            handoff = handoffs.computeIfAbsent(connection.channel.eventLoop(), LoopHandoff::new);
            connection.handoff = handoff;
        }
        if (!handoff.pending)
        {
            handoff.pending = true;
            pendingHandoffs.add(handoff);
        }
        return handoff;
    }

    /** Brings one subscriber from what it holds to the latest state, encoded for it alone. */
    void sendLatest(final Subscription sub)
    {
        final Connection connection = sub.connection;
        final WireEncoder encoder = encoders[connection.encoding.ordinal()];
        final int timing = sub.timing ? WireMessages.TIMING : 0;
        switch (sub.channel)
        {
            case Subscription.TRADES:
                if (sub.symbol.hasTrade && sub.symbol.tradeSeq > sub.sentSeq)
                {
                    sendNew(connection, encoder.encodeTrade(scratch, 0, sub.symbol.lastTrade, timing));
                }
                sub.sentSeq = sub.symbol.tradeSeq;
                break;
            case Subscription.QUOTES:
                if (sub.symbol.hasQuote)
                {
                    final ByteBuf out = own(connection, 128);
                    final int frames = encodeQuoteCatchUp(sub.symbol, sub.hasLast, sub.lastQuote, connection.encoding,
                        timing, out);
                    connection.outMessages += frames;
                    sub.hasLast = true;
                }
                sub.sentSeq = sub.symbol.quoteSeq;
                break;
            default:
            {
                final ByteBuf out = own(connection, 256);
                final int frames = encodeChangedBars(sub.bars, sub.sentSeq, sub.hasLast, sub.lastBar,
                    connection.encoding, timing, out);
                connection.outMessages += frames;
                sub.hasLast |= catchUpVisited;
                sub.sentSeq = sub.bars.seq;
                break;
            }
        }
    }

    /**
     * Appends the latest quote as the delta from {@code held} (whole when the client holds none) and makes
     * {@code held} the latest; nothing when no field changed.
     *
     * @return frames written (0 or 1).
     */
    int encodeQuoteCatchUp(
        final SymbolState symbol,
        final boolean hasHeld,
        final QuoteMessage held,
        final WireEncoding encoding,
        final int timing,
        final ByteBuf out)
    {
        final QuoteMessage quote = symbol.quote;
        final int mask = quoteMask(quote, hasHeld ? held : null);
        held.copyFrom(quote);
        if (mask == 0)
        {
            return 0;
        }
        Frames.write(out, encoding.isBinary(), scratch,
            encoders[encoding.ordinal()].encodeQuote(scratch, 0, quote, mask | timing));
        return 1;
    }

    /**
     * Appends what brings a client from {@code held} (the bar it last got; its {@code sinceSeq}) to the latest state:
     * every bar changed since {@code sinceSeq} (among the newest {@link #CATCH_UP_SCAN} kept), in seq order; a bar the
     * client holds with the same {@code t} as a delta, any other whole. Conflation thus skips seqs but never leaves a
     * closed window stale. {@code held} becomes the last bar visited; {@link #catchUpVisited} tells whether any was.
     *
     * @return frames written.
     */
    int encodeChangedBars(
        final BarStream stream,
        final long sinceSeq,
        final boolean hasHeld,
        final BarMessage held,
        final WireEncoding encoding,
        final int timing,
        final ByteBuf out)
    {
        catchUpVisited = false;
        if (!stream.hasLatest)
        {
            return 0;
        }
        final BarSeries series = stream.series;
        int n = 0;
        for (int k = series.size() - 1; k >= Math.max(0, series.size() - CATCH_UP_SCAN); k--)
        {
            if (series.lastSeqAt(k) > sinceSeq)
            {
                int at = n++;
                while (at > 0 && series.lastSeqAt(changed[at - 1]) > series.lastSeqAt(k))
                {
                    changed[at] = changed[at - 1];
                    at--;
                }
                changed[at] = k;
            }
        }
        final WireEncoder encoder = encoders[encoding.ordinal()];
        boolean holds = hasHeld;
        int frames = 0;
        barScratch.clear().symbol(stream.latest.symbol()).tf(stream.tf);
        for (int i = 0; i < n; i++)
        {
            final int k = changed[i];
            series.get(k, barScratch).seq(series.lastSeqAt(k)).receiveNanos(stream.latest.receiveNanos());
            final int mask = barMask(barScratch, holds ? held : null);
            if (mask != 0)
            {
                Frames.write(out, encoding.isBinary(), scratch, encoder.encodeBar(scratch, 0, barScratch,
                    mask | timing));
                frames++;
            }
            held.copyFrom(barScratch);
            holds = true;
        }
        catchUpVisited = n > 0;
        return frames;
    }
}
