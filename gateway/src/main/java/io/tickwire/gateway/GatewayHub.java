package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import com.lmax.disruptor.EventHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.ControlMessage;
import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.TradeMessage;
import io.tickwire.codecs.WireEncoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessages;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.output.UpdateEvent;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The gateway's consumer of the engine's output ring, and the single owner of every stream and subscription: it
 * keeps per symbol × timeframe the recent bars and the latest bar, per symbol the last trade, the last quote and a
 * buffer of recent trades, and fans each update out to the subscribed connections.
 * <p>
 * Fan-out: each update is encoded at most once per (encoding, timing) and the same pooled frame is written to every
 * in-sync subscriber as a retained duplicate; the write is handed to the connection's event loop through Netty's
 * lock-free task queue and flushed once per ring batch. A subscriber that conflates, or whose connection is over
 * its high-water mark, is marked dirty instead and later gets the delta from what it last received to the latest
 * state (encoded for it alone); a connection that stays unwritable beyond the grace is closed with 4008.
 * <p>
 * Threading: the hub's state is touched by one thread at a time. Ownership passes by an atomic flag between the
 * output ring's thread (which holds it for a batch of updates) and the housekeeping tick (which takes it only when
 * commands or conflation flushes wait and the ring is idle), so that a subscribe is answered even when no trade
 * flows. Event loops only enqueue {@link HubCommand}s; the hub never waits on an event loop.
 */
public final class GatewayHub implements EventHandler<UpdateEvent>
{
    private static final int DEFAULT_BAR_SNAPSHOT = 100;
    private static final int MAX_BAR_SNAPSHOT = 1000;
    private static final int VARIANTS = WireEncoding.values().length * 2;
    private static final int CATCH_UP_SCAN = 256;

    private final GatewayConfig config;
    private final Timeframes timeframes;
    private final Timeframe[] wireTimeframes;
    private final IntFunction<String> symbolNames;
    private final GatewayMetrics metrics;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final AtomicBoolean owned = new AtomicBoolean();
    private final Queue<HubCommand> commands = new ConcurrentLinkedQueue<>();
    private final WireEncoder[] encoders = new WireEncoder[WireEncoding.values().length];
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    private final ByteBuf[] shared = new ByteBuf[VARIANTS];
    private final int[] changed = new int[CATCH_UP_SCAN];
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final BarMessage barScratch = new BarMessage();
    private final TradeMessage tradeScratch = new TradeMessage();
    private final List<Connection> touched = new ArrayList<>();
    private final List<Subscription> dirty = new ArrayList<>();
    private final List<Connection> slow = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final SymbolDirectory directory;
    private boolean ringOwns;
    private boolean gapPending;
    private long lastSlowCheckNs;
    private volatile long updates;

    /**
     * A hub for the engine's timeframes and symbols.
     *
     * @param config      limits and buffer sizes.
     * @param timeframes  the engine's timeframes (tf indexes of {@link UpdateEvent}).
     * @param symbolNames symbol name of an id received through the ring ({@code engine.symbols()::name}).
     * @param metrics     where sends and latencies are counted.
     */
    public GatewayHub(
        final GatewayConfig config,
        final Timeframes timeframes,
        final IntFunction<String> symbolNames,
        final GatewayMetrics metrics)
    {
        this.config = config;
        this.timeframes = timeframes;
        this.symbolNames = symbolNames;
        this.metrics = metrics;
        this.wireTimeframes = new Timeframe[timeframes.count()];
        for (int i = 0; i < wireTimeframes.length; i++)
        {
            wireTimeframes[i] = WireMessages.timeframe(timeframes.name(i));
        }
        for (final WireEncoding encoding : WireEncoding.values())
        {
            encoders[encoding.ordinal()] = encoding.newEncoder();
        }
        this.directory = new SymbolDirectory(config, timeframes, wireTimeframes, symbolNames);
    }

    /**
     * The engine's timeframes.
     *
     * @return timeframes.
     */
    public Timeframes timeframes()
    {
        return timeframes;
    }

    /**
     * Updates consumed from the ring since start; readable from any thread.
     *
     * @return count.
     */
    public long updates()
    {
        return updates;
    }

    /**
     * Queues a command from an event loop; it runs on the hub's thread within a batch or a tick.
     *
     * @param command the command.
     */
    void submit(final HubCommand command)
    {
        commands.add(command);
    }

    @Override
    public void onEvent(final UpdateEvent event, final long sequence, final boolean endOfBatch)
    {
        if (!ringOwns)
        {
            while (!owned.compareAndSet(false, true))
            {
                Thread.onSpinWait();
            }
            ringOwns = true;
        }
        try
        {
            apply(event);
        }
        finally
        {
            if (endOfBatch)
            {
                try
                {
                    housekeeping(System.nanoTime());
                }
                finally
                {
                    ringOwns = false;
                    owned.set(false);
                }
            }
        }
    }

    /**
     * The housekeeping tick, from the gateway's timer: runs queued commands and due conflation flushes when the ring
     * thread is not holding the hub; returns at once otherwise.
     */
    void tick()
    {
        if (!owned.compareAndSet(false, true))
        {
            return;
        }
        try
        {
            housekeeping(System.nanoTime());
        }
        finally
        {
            owned.set(false);
        }
    }

    private void housekeeping(final long nowNs)
    {
        if (gapPending)
        {
            gapPending = false;
            resynchronise();
        }
        HubCommand command;
        while ((command = commands.poll()) != null)
        {
            run(command);
        }
        flushDirty(nowNs);
        if (nowNs - lastSlowCheckNs > 50_000_000L)
        {
            lastSlowCheckNs = nowNs;
            checkSlow(nowNs);
        }
        flushTouched();
    }

    // ------------------------------------------------------------------ updates from the engine

    private void apply(final UpdateEvent event)
    {
        updates++;
        if (event.gapBefore)
        {
            gapPending = true;
        }
        final SymbolState symbol = directory.get(event.symbolId);
        switch (event.kind)
        {
            case UpdateEvent.KIND_TRADE:
                symbol.trades.add(event.seq, event.tsNs, event.price, event.volume, event.receivedNs);
                symbol.lastTrade.set(event.tsNs, event.price, event.volume).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasTrade = true;
                symbol.tradeSeq = event.seq;
                fanOutTrade(symbol, event.receivedNs);
                break;
            case UpdateEvent.KIND_LAST_TRADE:
                symbol.trades.clear();
                symbol.lastTrade.set(event.tsNs, event.price, event.volume).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasTrade = true;
                symbol.tradeSeq = event.seq;
                break;
            case UpdateEvent.KIND_QUOTE:
                symbol.previousQuote.copyFrom(symbol.quote);
                final boolean hadQuote = symbol.hasQuote;
                symbol.quote.set(event.tsNs, event.bid, event.bidSize, event.ask, event.askSize).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasQuote = true;
                symbol.quoteSeq = event.seq;
                fanOutQuote(symbol, hadQuote, event.receivedNs);
                break;
            case UpdateEvent.KIND_BAR:
                final BarStream stream = symbol.bars[event.tfIndex];
                final boolean hadBar = stream.hasLatest;
                stream.previous.copyFrom(stream.latest);
                stream.latest.set(event.tsNs, event.open, event.high, event.low, event.close, event.barVolume,
                    event.count, event.vwap(), event.isFinal, event.rev).seq(event.seq).receiveNanos(event.receivedNs);
                stream.hasLatest = true;
                stream.seq = event.seq;
                stream.series.put(stream.latest, event.seq);
                fanOutBar(stream, hadBar, event.receivedNs);
                break;
            default:
                break;
        }
    }

    private void fanOutTrade(final SymbolState symbol, final long receivedNs)
    {
        final List<Subscription> subscribers = symbol.tradeSubscribers;
        if (subscribers.isEmpty())
        {
            return;
        }
        for (int i = 0; i < subscribers.size(); i++)
        {
            final Subscription sub = subscribers.get(i);
            final Connection connection = sub.connection;
            if (connection.closing)
            {
                continue;
            }
            if (sub.conflateNs == 0 && sub.inSync && writable(connection))
            {
                ByteBuf frame = shared[variant(connection.encoding, sub.timing)];
                if (frame == null)
                {
                    final WireEncoder encoder = encoders[connection.encoding.ordinal()];
                    final int length = encoder.encodeTrade(scratch, 0, symbol.lastTrade,
                        sub.timing ? WireMessages.TIMING : 0);
                    frame = frame(connection.encoding, length);
                    shared[variant(connection.encoding, sub.timing)] = frame;
                }
                send(connection, frame.retainedDuplicate());
            }
            else
            {
                sub.inSync = false;
                markDirty(sub);
            }
        }
        endFanOut(receivedNs);
    }

    private void fanOutQuote(final SymbolState symbol, final boolean hadQuote, final long receivedNs)
    {
        final List<Subscription> subscribers = symbol.quoteSubscribers;
        if (subscribers.isEmpty())
        {
            return;
        }
        final int mask = symbol.quote.changedFields(hadQuote ? symbol.previousQuote : null);
        for (int i = 0; i < subscribers.size(); i++)
        {
            final Subscription sub = subscribers.get(i);
            final Connection connection = sub.connection;
            if (connection.closing)
            {
                continue;
            }
            if (sub.conflateNs == 0 && sub.inSync && writable(connection))
            {
                ByteBuf frame = shared[variant(connection.encoding, sub.timing)];
                if (frame == null)
                {
                    final int length = encoders[connection.encoding.ordinal()].encodeQuote(scratch, 0,
                        symbol.quote, mask | (sub.timing ? WireMessages.TIMING : 0));
                    frame = frame(connection.encoding, length);
                    shared[variant(connection.encoding, sub.timing)] = frame;
                }
                send(connection, frame.retainedDuplicate());
            }
            else
            {
                if (sub.inSync)
                {
                    sub.inSync = false;
                    sub.hasLast = hadQuote;
                    sub.lastQuote.copyFrom(symbol.previousQuote);
                }
                markDirty(sub);
            }
        }
        endFanOut(receivedNs);
    }

    private void fanOutBar(final BarStream stream, final boolean hadBar, final long receivedNs)
    {
        final List<Subscription> subscribers = stream.subscribers;
        if (subscribers.isEmpty())
        {
            return;
        }
        final int mask = stream.latest.changedFields(hadBar ? stream.previous : null);
        for (int i = 0; i < subscribers.size(); i++)
        {
            final Subscription sub = subscribers.get(i);
            final Connection connection = sub.connection;
            if (connection.closing)
            {
                continue;
            }
            if (sub.conflateNs == 0 && sub.inSync && writable(connection))
            {
                if (mask == 0)
                {
                    continue;
                }
                ByteBuf frame = shared[variant(connection.encoding, sub.timing)];
                if (frame == null)
                {
                    final int length = encoders[connection.encoding.ordinal()].encodeBar(scratch, 0,
                        stream.latest, mask | (sub.timing ? WireMessages.TIMING : 0));
                    frame = frame(connection.encoding, length);
                    shared[variant(connection.encoding, sub.timing)] = frame;
                }
                send(connection, frame.retainedDuplicate());
            }
            else
            {
                if (sub.inSync)
                {
                    sub.inSync = false;
                    sub.hasLast = hadBar;
                    sub.lastBar.copyFrom(stream.previous);
                    sub.sentSeq = hadBar ? stream.previous.seq() : 0;
                }
                markDirty(sub);
            }
        }
        endFanOut(receivedNs);
    }

    private void endFanOut(final long receivedNs)
    {
        boolean any = false;
        for (int i = 0; i < VARIANTS; i++)
        {
            if (shared[i] != null)
            {
                shared[i].release();
                shared[i] = null;
                any = true;
            }
        }
        if (any)
        {
            metrics.tickToSend(clock.nanoTime() - receivedNs);
        }
    }

    private static int variant(final WireEncoding encoding, final boolean timing)
    {
        return encoding.ordinal() * 2 + (timing ? 1 : 0);
    }

    private ByteBuf frame(final WireEncoding encoding, final int length)
    {
        return Frames.frame(alloc, encoding.isBinary(), scratch, length);
    }

    private boolean writable(final Connection connection)
    {
        if (connection.channel.isWritable())
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

    private void send(final Connection connection, final ByteBuf frame)
    {
        metrics.sent(connection.encoding, frame.readableBytes());
        connection.channel.write(frame, connection.channel.voidPromise());
        if (!connection.touched)
        {
            connection.touched = true;
            touched.add(connection);
        }
    }

    private void sendNew(final Connection connection, final int length)
    {
        send(connection, frame(connection.encoding, length));
    }

    private void flushTouched()
    {
        for (int i = 0; i < touched.size(); i++)
        {
            final Connection connection = touched.get(i);
            connection.touched = false;
            connection.channel.flush();
        }
        touched.clear();
    }

    private void markDirty(final Subscription sub)
    {
        if (!sub.dirty)
        {
            sub.dirty = true;
            dirty.add(sub);
        }
    }

    // ------------------------------------------------------------------ conflation and back-pressure

    private void flushDirty(final long nowNs)
    {
        int kept = 0;
        for (int i = 0; i < dirty.size(); i++)
        {
            final Subscription sub = dirty.get(i);
            if (sub.removed || sub.connection.closing)
            {
                sub.dirty = false;
                continue;
            }
            if (nowNs - sub.nextFlushNs >= 0 && writable(sub.connection))
            {
                sendLatest(sub);
                sub.dirty = false;
                sub.nextFlushNs = nowNs + sub.conflateNs;
                sub.inSync = sub.conflateNs == 0;
            }
            else
            {
                dirty.set(kept++, sub);
            }
        }
        for (int i = dirty.size() - 1; i >= kept; i--)
        {
            dirty.remove(i);
        }
    }

    private void sendLatest(final Subscription sub)
    {
        final Connection connection = sub.connection;
        final WireEncoder encoder = encoders[connection.encoding.ordinal()];
        final int timing = sub.timing ? WireMessages.TIMING : 0;
        switch (sub.channel)
        {
            case Subscription.TRADES:
                if (!sub.symbol.hasTrade)
                {
                    break;
                }
                sendNew(connection, encoder.encodeTrade(scratch, 0, sub.symbol.lastTrade, timing));
                break;
            case Subscription.QUOTES:
            {
                final QuoteMessage quote = sub.symbol.quote;
                if (!sub.symbol.hasQuote)
                {
                    break;
                }
                final int mask = quote.changedFields(sub.hasLast ? sub.lastQuote : null);
                if (mask != 0)
                {
                    sendNew(connection, encoder.encodeQuote(scratch, 0, quote, mask | timing));
                }
                sub.lastQuote.copyFrom(quote);
                sub.hasLast = true;
                break;
            }
            default:
                sendChangedBars(sub, encoder, timing);
                break;
        }
    }

    /**
     * Brings a client that missed updates up to date: every bar changed since {@link Subscription#sentSeq} (among the
     * newest {@link #CATCH_UP_SCAN} kept), in seq order; a bar the client last got with the same {@code t} as a delta,
     * any other whole. Conflation thus skips seqs but never leaves a closed window stale.
     */
    private void sendChangedBars(final Subscription sub, final WireEncoder encoder, final int timing)
    {
        final BarStream stream = sub.bars;
        if (!stream.hasLatest)
        {
            return;
        }
        final BarSeries series = stream.series;
        final long since = sub.sentSeq;
        int n = 0;
        for (int k = series.size() - 1; k >= Math.max(0, series.size() - CATCH_UP_SCAN); k--)
        {
            if (series.lastSeqAt(k) > since)
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
        barScratch.clear().symbol(sub.symbol.name).tf(stream.tf);
        for (int i = 0; i < n; i++)
        {
            final int k = changed[i];
            series.get(k, barScratch).seq(series.lastSeqAt(k)).receiveNanos(stream.latest.receiveNanos());
            final int mask = barScratch.changedFields(sub.hasLast ? sub.lastBar : null);
            if (mask != 0)
            {
                sendNew(sub.connection, encoder.encodeBar(scratch, 0, barScratch, mask | timing));
            }
            sub.lastBar.copyFrom(barScratch);
            sub.hasLast = true;
        }
        sub.sentSeq = stream.seq;
    }

    private void checkSlow(final long nowNs)
    {
        int kept = 0;
        for (int i = 0; i < slow.size(); i++)
        {
            final Connection connection = slow.get(i);
            if (connection.closing)
            {
                connection.unwritableSinceNs = -1;
                continue;
            }
            if (connection.channel.isWritable())
            {
                connection.unwritableSinceNs = -1;
                continue;
            }
            if (nowNs - connection.unwritableSinceNs > config.slowGraceNs())
            {
                connection.unwritableSinceNs = -1;
                closeSlow(connection);
                continue;
            }
            slow.set(kept++, connection);
        }
        for (int i = slow.size() - 1; i >= kept; i--)
        {
            slow.remove(i);
        }
    }

    private void closeSlow(final Connection connection)
    {
        connection.closing = true;
        metrics.slowConsumerClosed();
        final io.netty.channel.Channel channel = connection.channel;
        channel.eventLoop().execute(() -> WebSocketSessionHandler.closeWith(channel, 4008, "slow consumer"));
    }

    // ------------------------------------------------------------------ commands

    private void run(final HubCommand command)
    {
        switch (command)
        {
            case HubCommand.Register register -> connections.add(register.connection());
            case HubCommand.Disconnect disconnect -> disconnect(disconnect.connection());
            case HubCommand.Subscribe subscribe -> subscribe(subscribe);
            case HubCommand.Unsubscribe unsubscribe -> unsubscribe(unsubscribe);
            case HubCommand.Task task -> task.work().run();
        }
    }

    private void disconnect(final Connection connection)
    {
        connection.closing = true;
        connections.remove(connection);
        for (final Subscription sub : connection.subscriptions.values())
        {
            detach(sub);
        }
        connection.subscriptions.clear();
    }

    private void detach(final Subscription sub)
    {
        sub.removed = true;
        switch (sub.channel)
        {
            case Subscription.TRADES -> sub.symbol.tradeSubscribers.remove(sub);
            case Subscription.QUOTES -> sub.symbol.quoteSubscribers.remove(sub);
            default -> sub.bars.subscribers.remove(sub);
        }
    }

    /**
     * The protocol channel of a parsed control message, as a hub channel number.
     *
     * @param message a parsed subscribe or unsubscribe.
     * @return {@link Subscription#TRADES}, {@link Subscription#QUOTES} or {@link Subscription#BARS}.
     */
    static int channelOf(final ControlMessage message)
    {
        return switch (message.channel())
        {
            case TRADES -> Subscription.TRADES;
            case QUOTES -> Subscription.QUOTES;
            default -> Subscription.BARS;
        };
    }

    private static String key(final int channel, final String symbol, final String tf)
    {
        return channel == Subscription.BARS ? channel + "|" + symbol + "|" + tf : channel + "|" + symbol;
    }

    private void subscribe(final HubCommand.Subscribe request)
    {
        final Connection connection = request.connection();
        if (connection.closing)
        {
            return;
        }
        final int channel = request.channel();
        int tfIndex = -1;
        if (channel == Subscription.BARS)
        {
            tfIndex = timeframes.indexOf(request.tf());
            if (tfIndex < 0)
            {
                error(connection, request.id(), ErrorCode.BAD_REQUEST,
                    "\"tf\" " + request.tf() + " is not computed by this engine; available: " + timeframes);
                return;
            }
        }
        final List<String> unknown = new ArrayList<>();
        int added = 0;
        for (final String name : request.symbols())
        {
            if (!(directory.find(name) != null))
            {
                unknown.add(name);
            }
            else if (!connection.subscriptions.containsKey(key(channel, name, request.tf())))
            {
                added++;
            }
        }
        if (!unknown.isEmpty())
        {
            error(connection, request.id(), ErrorCode.BAD_SYMBOL, "unknown symbol(s) " +
                String.join(",", unknown.subList(0, Math.min(10, unknown.size()))) + "; nothing subscribed");
            return;
        }
        if (connection.subscriptions.size() + added > config.maxSubscriptions())
        {
            error(connection, request.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS, "a connection may hold at most " +
                config.maxSubscriptions() + " subscriptions; it holds " + connection.subscriptions.size());
            return;
        }
        sendNew(connection, encoders[connection.encoding.ordinal()].encodeAck(scratch, 0, request.id()));
        final long conflateNs = request.conflateMs() * 1_000_000L;
        for (final String name : request.symbols())
        {
            final SymbolState symbol = directory.find(name);
            final String key = key(channel, name, request.tf());
            final Subscription old = connection.subscriptions.remove(key);
            if (old != null)
            {
                detach(old);
            }
            final BarStream stream = tfIndex >= 0 ? symbol.bars[tfIndex] : null;
            final Subscription sub = new Subscription(connection, channel, symbol, stream, request.timing(),
                conflateNs, key, request.snapshot());
            connection.subscriptions.put(key, sub);
            final Long resume = request.resume() == null ? null : request.resume().get(name);
            switch (channel)
            {
                case Subscription.TRADES -> startTrades(sub, resume);
                case Subscription.QUOTES -> startQuotes(sub);
                default -> startBars(sub, resume);
            }
            if (channel != Subscription.TRADES)
            {
                // Brings the client from the snapshot's state to the latest (final, rev) and then in sync.
                markDirty(sub);
            }
        }
    }

    private void startTrades(final Subscription sub, final Long resume)
    {
        final SymbolState symbol = sub.symbol;
        final Connection connection = sub.connection;
        final WireEncoder encoder = encoders[connection.encoding.ordinal()];
        sub.inSync = true;
        symbol.tradeSubscribers.add(sub);
        if (resume != null)
        {
            final long from = resume;
            final TradeBuffer buffer = symbol.trades;
            if (from > symbol.tradeSeq)
            {
                reset(sub, ResetReason.EPOCH_CHANGED);
            }
            else if (from == symbol.tradeSeq)
            {
                return;
            }
            else if (buffer.size() > 0 && from >= buffer.firstSeq() - 1 && buffer.lastSeq() == symbol.tradeSeq)
            {
                final int timing = sub.timing ? WireMessages.TIMING : 0;
                for (int k = (int)(from + 1 - buffer.firstSeq()); k < buffer.size(); k++)
                {
                    sendNew(connection, encoder.encodeTrade(scratch, 0, buffer.get(k, tradeScratch), timing));
                }
                return;
            }
            else
            {
                reset(sub, ResetReason.RESUME_GAP);
            }
        }
        tradeSnapshot(sub);
    }

    private void tradeSnapshot(final Subscription sub)
    {
        final SymbolState symbol = sub.symbol;
        final TradeBuffer buffer = symbol.trades;
        final int wanted = sub.snapshot == ControlMessage.NOT_SET ? 0 : sub.snapshot;
        final int rows = Math.min(Math.min(wanted, buffer.size()), WireMessages.MAX_SNAPSHOT_ROWS);
        final WireEncoder encoder = encoders[sub.connection.encoding.ordinal()];
        encoder.snapshotBegin(scratch, 0, io.tickwire.codecs.sbe.Channel.TRADES, symbol.name, null,
            config.epoch(), symbol.tradeSeq, rows);
        tradeScratch.clear().symbol(symbol.name);
        for (int k = buffer.size() - rows; k < buffer.size(); k++)
        {
            encoder.snapshotTrade(buffer.get(k, tradeScratch));
        }
        sendNew(sub.connection, encoder.snapshotEnd());
    }

    private void startQuotes(final Subscription sub)
    {
        sub.symbol.quoteSubscribers.add(sub);
        quoteSnapshot(sub);
    }

    private void quoteSnapshot(final Subscription sub)
    {
        final SymbolState symbol = sub.symbol;
        final WireEncoder encoder = encoders[sub.connection.encoding.ordinal()];
        final int rows = symbol.hasQuote ? 1 : 0;
        encoder.snapshotBegin(scratch, 0, io.tickwire.codecs.sbe.Channel.QUOTES, symbol.name, null,
            config.epoch(), symbol.quoteSeq, rows);
        if (rows == 1)
        {
            encoder.snapshotQuote(symbol.quote);
        }
        sendNew(sub.connection, encoder.snapshotEnd());
        // The client now holds the latest quote; the next update goes out as the delta from it.
        sub.inSync = false;
        sub.hasLast = symbol.hasQuote;
        sub.lastQuote.copyFrom(symbol.quote);
    }

    private void startBars(final Subscription sub, final Long resume)
    {
        final BarStream stream = sub.bars;
        stream.subscribers.add(sub);
        if (resume != null)
        {
            final long from = resume;
            if (from > stream.seq)
            {
                reset(sub, ResetReason.EPOCH_CHANGED);
            }
            else
            {
                barSnapshotSince(sub, from);
                return;
            }
        }
        barSnapshot(sub);
    }

    private void barSnapshot(final Subscription sub)
    {
        final BarSeries series = sub.bars.series;
        final int wanted = sub.snapshot == ControlMessage.NOT_SET ? DEFAULT_BAR_SNAPSHOT : sub.snapshot;
        final int rows = Math.min(Math.min(wanted, MAX_BAR_SNAPSHOT), series.size());
        afterBarSnapshot(sub, writeBarSnapshot(sub, series.size() - rows, Long.MIN_VALUE, rows));
    }

    private void barSnapshotSince(final Subscription sub, final long seq)
    {
        final BarSeries series = sub.bars.series;
        int rows = 0;
        int first = series.size();
        for (int k = series.size() - 1; k >= 0 && rows < MAX_BAR_SNAPSHOT; k--)
        {
            if (series.lastSeqAt(k) > seq)
            {
                rows++;
                first = k;
            }
        }
        afterBarSnapshot(sub, writeBarSnapshot(sub, first, seq, rows));
    }

    /**
     * What the client holds after a bars snapshot: every row as not final, revision 0 (rows carry neither). When
     * the newest row is in fact final or revised, the catch-up flush that follows sends those two fields.
     */
    private void afterBarSnapshot(final Subscription sub, final int newest)
    {
        final BarStream stream = sub.bars;
        sub.inSync = false;
        sub.sentSeq = stream.seq;
        sub.hasLast = newest >= 0;
        if (newest >= 0)
        {
            final BarMessage last = stream.series.get(newest, sub.lastBar.clear().symbol(sub.symbol.name)
                .tf(stream.tf));
            if (last.isFinal() || last.rev() != 0)
            {
                sub.sentSeq = Math.min(sub.sentSeq, stream.series.lastSeqAt(newest) - 1);
            }
            last.set(last.startNanos(), last.open(), last.high(), last.low(), last.close(), last.volume(),
                last.count(), last.vwap(), false, 0);
        }
    }

    /** Writes the rows from {@code from} whose seq is above {@code sinceSeq}; returns the newest row's index. */
    private int writeBarSnapshot(final Subscription sub, final int from, final long sinceSeq, final int rows)
    {
        final BarStream stream = sub.bars;
        final WireEncoder encoder = encoders[sub.connection.encoding.ordinal()];
        encoder.snapshotBegin(scratch, 0, io.tickwire.codecs.sbe.Channel.BARS, sub.symbol.name, stream.tf,
            config.epoch(), stream.seq, rows);
        barScratch.clear().symbol(sub.symbol.name).tf(stream.tf);
        int newest = -1;
        for (int k = from, written = 0; k < stream.series.size() && written < rows; k++)
        {
            if (stream.series.lastSeqAt(k) > sinceSeq)
            {
                encoder.snapshotBar(stream.series.get(k, barScratch));
                newest = k;
                written++;
            }
        }
        sendNew(sub.connection, encoder.snapshotEnd());
        return newest;
    }

    private void reset(final Subscription sub, final ResetReason reason)
    {
        final WireEncoder encoder = encoders[sub.connection.encoding.ordinal()];
        sendNew(sub.connection, encoder.encodeReset(scratch, 0, channelCode(sub.channel), sub.symbol.name,
            sub.bars == null ? null : sub.bars.tf, reason));
    }

    private static io.tickwire.codecs.sbe.Channel channelCode(final int channel)
    {
        return switch (channel)
        {
            case Subscription.TRADES -> io.tickwire.codecs.sbe.Channel.TRADES;
            case Subscription.QUOTES -> io.tickwire.codecs.sbe.Channel.QUOTES;
            default -> io.tickwire.codecs.sbe.Channel.BARS;
        };
    }

    private void unsubscribe(final HubCommand.Unsubscribe request)
    {
        final Connection connection = request.connection();
        for (final String name : request.symbols())
        {
            final Subscription sub = connection.subscriptions.remove(key(request.channel(), name, request.tf()));
            if (sub != null)
            {
                detach(sub);
            }
        }
        sendNew(connection, encoders[connection.encoding.ordinal()].encodeAck(scratch, 0, request.id()));
    }

    private void error(final Connection connection, final long id, final ErrorCode code, final String message)
    {
        sendNew(connection, encoders[connection.encoding.ordinal()].encodeError(scratch, 0, id, code, message));
    }

    /** Updates were dropped upstream: every subscriber gets a reset and a fresh snapshot of what the hub holds. */
    private void resynchronise()
    {
        metrics.resync();
        for (final Connection connection : connections)
        {
            if (connection.closing)
            {
                continue;
            }
            for (final Subscription sub : connection.subscriptions.values())
            {
                reset(sub, ResetReason.RESYNC);
                switch (sub.channel)
                {
                    case Subscription.TRADES -> tradeSnapshot(sub);
                    case Subscription.QUOTES -> quoteSnapshot(sub);
                    default -> barSnapshot(sub);
                }
                if (sub.channel != Subscription.TRADES)
                {
                    markDirty(sub);
                }
            }
        }
    }

    /**
     * Symbols seen through the ring; read it on the hub's thread only (in a {@link HubCommand.Task}).
     *
     * @return the directory.
     */
    SymbolDirectory symbols()
    {
        return directory;
    }
}
