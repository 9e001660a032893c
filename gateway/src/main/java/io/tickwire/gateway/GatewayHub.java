package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import com.lmax.disruptor.EventHandler;
import io.netty.buffer.ByteBuf;
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
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The gateway's consumer of the engine's output ring, and the single owner of every stream and subscription: it
 * keeps per symbol × timeframe the recent bars and the latest bar, per symbol the last trade, the last quote and a
 * buffer of recent trades, and fans each update out to the subscribed connections.
 * <p>
 * Fan-out: each update is encoded at most once per (encoding, timing) and the same pooled frame goes to every
 * in-sync unconflated subscriber as a retained duplicate. Conflated subscribers cost nothing per update: the stream
 * is queued once, and at each flush instant (aligned to a grid of the conflation interval, so that the subscribers
 * of a stream flush together) the delta from the state they hold to the latest is encoded once per (held state,
 * encoding, timing) and shared the same way. A subscriber whose connection is over its high-water mark falls back
 * to conflation; a connection that stays unwritable beyond the grace is closed with 4008. Everything a connection
 * gets in one batch leaves in one {@code writeAndFlush}.
 * <p>
 * Dropped updates (the output ring never waits): each stream notices its own seq jump. A trades stream's live
 * subscribers get {@code reset} (RESYNC) and a fresh snapshot; bar and quote updates carry their whole state, so
 * their subscribers just get the delta from what they hold; nothing else is touched.
 * <p>
 * Threading: the hub's state is touched by one thread at a time. Ownership passes by an atomic flag between the
 * output ring's thread (which holds it for a batch of updates) and the housekeeping tick (which runs only while the
 * ring thread is idle), so that a subscribe is answered even when no trade flows. Event loops only enqueue
 * {@link HubCommand}s; the hub never waits on an event loop.
 */
public final class GatewayHub implements EventHandler<UpdateEvent>
{
    private static final int DEFAULT_BAR_SNAPSHOT = 100;
    private static final int MAX_BAR_SNAPSHOT = 1000;
    private static final long CONFLATION_SCAN_NS = 1_000_000L;
    /** Trades have no delta: any non-zero mask. */
    private static final int TRADE_MASK = 1;

    private final GatewayConfig config;
    private final Timeframes timeframes;
    private final Timeframe[] wireTimeframes;
    private final IntFunction<String> symbolNames;
    private final GatewayMetrics metrics;
    private final AtomicBoolean owned = new AtomicBoolean();
    private final Queue<HubCommand> commands = new ConcurrentLinkedQueue<>();
    private final HubOutput output;
    private final Conflation conflation;
    private final ByteBuf[] shared = new ByteBuf[HubOutput.VARIANTS];
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final BarMessage barScratch = new BarMessage();
    private final TradeMessage tradeScratch = new TradeMessage();
    private final List<Subscription> dirty = new ArrayList<>();
    private final SymbolDirectory directory;
    private boolean ringOwns;
    private int batchEvents;
    private long lastSlowCheckNs;
    private long lastConflationNs;
    private volatile long ringHousekeepingNs;
    private volatile long updates;
    private volatile long gaps;

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
        this.output = new HubOutput(config, metrics);
        this.directory = new SymbolDirectory(config, timeframes, wireTimeframes, symbolNames);
        this.lastConflationNs = System.nanoTime();
        this.conflation = new Conflation(output, lastConflationNs);
        this.ringHousekeepingNs = lastConflationNs - config.tickNs();
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
     * Updates that arrived flagged {@code gapBefore} (the output ring dropped updates before them); readable from
     * any thread.
     *
     * @return count.
     */
    public long gaps()
    {
        return gaps;
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
            // The tick holds the hub only for a short housekeeping pass while the ring was idle: spin briefly, then
            // yield the core rather than burn it.
            int spins = 0;
            while (!owned.compareAndSet(false, true))
            {
                if (++spins < 100)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    Thread.yield();
                }
            }
            ringOwns = true;
        }
        try
        {
            apply(event);
            if (!endOfBatch && (++batchEvents & 255) == 0)
            {
                // A long batch (a backlog) must not hold back writes, subscribes and conflation flushes until its end.
                final long nowNs = System.nanoTime();
                if (nowNs - ringHousekeepingNs >= CONFLATION_SCAN_NS)
                {
                    housekeeping(nowNs);
                    ringHousekeepingNs = nowNs;
                }
            }
        }
        finally
        {
            if (endOfBatch)
            {
                try
                {
                    final long nowNs = System.nanoTime();
                    housekeeping(nowNs);
                    ringHousekeepingNs = nowNs;
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
     * thread has not done so within the last tick (it does at the end of every batch while updates flow) and is not
     * holding the hub; returns at once otherwise.
     */
    void tick()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - ringHousekeepingNs < config.tickNs() || !owned.compareAndSet(false, true))
        {
            return;
        }
        try
        {
            housekeeping(nowNs);
        }
        finally
        {
            owned.set(false);
        }
    }

    private void housekeeping(final long nowNs)
    {
        HubCommand command;
        while ((command = commands.poll()) != null)
        {
            run(command);
        }
        flushDirty(nowNs);
        if (nowNs - lastConflationNs >= CONFLATION_SCAN_NS)
        {
            lastConflationNs = nowNs;
            conflation.flush(nowNs);
        }
        if (nowNs - lastSlowCheckNs > 50_000_000L)
        {
            lastSlowCheckNs = nowNs;
            checkSlow(nowNs);
        }
        output.flushTouched();
    }

    // ------------------------------------------------------------------ updates from the engine

    private void apply(final UpdateEvent event)
    {
        updates++;
        if (event.gapBefore)
        {
            gaps++;
        }
        final SymbolState symbol = directory.get(event.symbolId);
        switch (event.kind)
        {
            case UpdateEvent.KIND_TRADE:
            {
                // A seq jump: the ring dropped trades of this symbol (gapBefore says only that something was dropped).
                final boolean gap = event.seq != symbol.tradeSeq + 1;
                symbol.trades.add(event.seq, event.tsNs, event.price, event.volume, event.receivedNs);
                symbol.lastTrade.set(event.tsNs, event.price, event.volume).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasTrade = true;
                symbol.tradeSeq = event.seq;
                symbol.tradeStream.seq = event.seq;
                if (gap && !symbol.tradeStream.live.isEmpty())
                {
                    resetTrades(symbol);
                    if (!symbol.tradeStream.conflated.isEmpty())
                    {
                        conflation.enqueue(symbol.tradeStream);
                    }
                }
                else
                {
                    fanOut(symbol.tradeStream, symbol, TRADE_MASK, false, event.receivedNs);
                }
                break;
            }
            case UpdateEvent.KIND_LAST_TRADE:
                symbol.trades.clear();
                symbol.lastTrade.set(event.tsNs, event.price, event.volume).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasTrade = true;
                symbol.tradeSeq = event.seq;
                symbol.tradeStream.seq = event.seq;
                break;
            case UpdateEvent.KIND_QUOTE:
            {
                final QuoteMessage before = symbol.quote;
                symbol.quote = symbol.previousQuote;
                symbol.previousQuote = before;
                final boolean hadQuote = symbol.hasQuote;
                symbol.quote.set(event.tsNs, event.bid, event.bidSize, event.ask, event.askSize).seq(event.seq)
                    .receiveNanos(event.receivedNs);
                symbol.hasQuote = true;
                symbol.quoteSeq = event.seq;
                symbol.quoteStream.seq = event.seq;
                final int mask = symbol.quoteStream.live.isEmpty() ? 0 :
                    HubOutput.quoteMask(symbol.quote, hadQuote ? symbol.previousQuote : null);
                fanOut(symbol.quoteStream, symbol, mask, hadQuote, event.receivedNs);
                break;
            }
            case UpdateEvent.KIND_BAR:
            {
                final BarStream stream = symbol.bars[event.tfIndex];
                final boolean hadBar = stream.hasLatest;
                final BarMessage before = stream.latest;
                stream.latest = stream.previous;
                stream.previous = before;
                stream.latest.set(event.tsNs, event.open, event.high, event.low, event.close, event.barVolume,
                    event.count, event.vwap(), event.isFinal, event.rev).seq(event.seq).receiveNanos(event.receivedNs);
                stream.hasLatest = true;
                stream.seq = event.seq;
                stream.series.put(stream.latest, event.seq);
                final int mask = stream.live.isEmpty() ? 0 :
                    HubOutput.barMask(stream.latest, hadBar ? stream.previous : null);
                fanOut(stream, symbol, mask, hadBar, event.receivedNs);
                break;
            }
            default:
                break;
        }
    }

    /**
     * One update of a stream to its subscribers: the shared frame to every in-sync live subscriber; a live one that
     * cannot take it (unwritable, or already behind) remembers what it holds and goes dirty; the conflated ones are
     * served later, all together, by queueing the stream once.
     *
     * @param mask        the fields that changed against the stream's previous state (bars, quotes); 0 = nothing to
     *                    send to an in-sync client.
     * @param hadPrevious the stream had a state before this update.
     */
    private void fanOut(
        final Stream stream,
        final SymbolState symbol,
        final int mask,
        final boolean hadPrevious,
        final long receivedNs)
    {
        if (!stream.conflated.isEmpty())
        {
            conflation.enqueue(stream);
        }
        final List<Subscription> subscribers = stream.live;
        if (subscribers.isEmpty())
        {
            return;
        }
        final boolean single = subscribers.size() == 1;
        boolean sent = false;
        for (int i = 0; i < subscribers.size(); i++)
        {
            final Subscription sub = subscribers.get(i);
            final Connection connection = sub.connection;
            if (connection.closing)
            {
                continue;
            }
            if (sub.inSync && output.writable(connection))
            {
                if (mask == 0)
                {
                    continue;
                }
                if (single)
                {
                    // One reader: encode straight into its connection's batch, no shared frame to allocate.
                    output.sendNew(connection, encode(stream, symbol, mask, connection.encoding, sub.timing));
                }
                else
                {
                    output.append(connection, sharedFrame(stream, symbol, mask, connection.encoding, sub.timing), 1);
                }
                sent = true;
            }
            else
            {
                if (sub.inSync)
                {
                    sub.inSync = false;
                    holdPrevious(sub, hadPrevious);
                }
                markDirty(sub);
            }
        }
        endFanOut(receivedNs, sent);
    }

    /** A live subscriber falls out of sync: it holds the stream's state before the current update. */
    private static void holdPrevious(final Subscription sub, final boolean hadPrevious)
    {
        switch (sub.channel)
        {
            case Subscription.TRADES -> sub.sentSeq = sub.stream.seq - 1;
            case Subscription.QUOTES ->
            {
                sub.hasLast = hadPrevious;
                sub.lastQuote.copyFrom(sub.symbol.previousQuote);
            }
            default ->
            {
                sub.hasLast = hadPrevious;
                sub.lastBar.copyFrom(sub.bars.previous);
                sub.sentSeq = hadPrevious ? sub.bars.previous.seq() : 0;
            }
        }
    }

    /** The current update of a stream as a frame of one variant, encoded once per update and variant. */
    private ByteBuf sharedFrame(
        final Stream stream,
        final SymbolState symbol,
        final int mask,
        final WireEncoding encoding,
        final boolean timing)
    {
        final int variant = HubOutput.variant(encoding, timing);
        ByteBuf frame = shared[variant];
        if (frame == null)
        {
            frame = output.frame(encoding, encode(stream, symbol, mask, encoding, timing));
            shared[variant] = frame;
        }
        return frame;
    }

    /** Encodes the current update of a stream into the output scratch; returns its length. */
    private int encode(
        final Stream stream,
        final SymbolState symbol,
        final int mask,
        final WireEncoding encoding,
        final boolean timing)
    {
        final WireEncoder encoder = output.encoder(encoding);
        final int flags = timing ? WireMessages.TIMING : 0;
        return switch (stream.channel)
        {
            case Subscription.TRADES -> encoder.encodeTrade(output.scratch, 0, symbol.lastTrade, flags);
            case Subscription.QUOTES -> encoder.encodeQuote(output.scratch, 0, symbol.quote, mask | flags);
            default -> encoder.encodeBar(output.scratch, 0, ((BarStream)stream).latest, mask | flags);
        };
    }

    private void endFanOut(final long receivedNs, final boolean sent)
    {
        for (int i = 0; i < HubOutput.VARIANTS; i++)
        {
            if (shared[i] != null)
            {
                shared[i].release();
                shared[i] = null;
            }
        }
        if (sent)
        {
            metrics.tickToSend(clock.nanoTime() - receivedNs);
        }
    }

    /**
     * Trades of a symbol were dropped before the current one: its live subscribers get {@code reset} (RESYNC) and a
     * fresh snapshot (SPEC §6) instead of the trade, which the snapshot's seq includes. Conflated trade subscribers
     * see a seq jump, as conflation does anyway, and other streams are not touched.
     */
    private void resetTrades(final SymbolState symbol)
    {
        final List<Subscription> subscribers = symbol.tradeStream.live;
        int reset = 0;
        for (int i = 0; i < subscribers.size(); i++)
        {
            final Subscription sub = subscribers.get(i);
            if (sub.connection.closing)
            {
                continue;
            }
            reset(sub, ResetReason.RESYNC);
            tradeSnapshot(sub);
            sub.sentSeq = symbol.tradeSeq;
            sub.inSync = true;
            reset++;
        }
        metrics.resync(reset);
    }

    private void markDirty(final Subscription sub)
    {
        if (!sub.dirty)
        {
            sub.dirty = true;
            dirty.add(sub);
        }
    }

    /** A subscription has something to catch up on: a live one goes dirty, a conflated one queues its stream. */
    private void schedule(final Subscription sub)
    {
        if (sub.conflateNs == 0)
        {
            markDirty(sub);
        }
        else
        {
            conflation.wake(sub.stream);
        }
    }

    // ------------------------------------------------------------------ catching up: live subscribers out of sync

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
            if (output.writable(sub.connection))
            {
                output.sendLatest(sub);
                sub.dirty = false;
                sub.inSync = true;
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
    // ------------------------------------------------------------------ back-pressure

    private void checkSlow(final long nowNs)
    {
        int kept = 0;
        for (int i = 0; i < output.slow.size(); i++)
        {
            final Connection connection = output.slow.get(i);
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
            output.slow.set(kept++, connection);
        }
        for (int i = output.slow.size() - 1; i >= kept; i--)
        {
            output.slow.remove(i);
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
            case HubCommand.Register register ->
            {
                // Nothing to do until it subscribes.
            }
            case HubCommand.Disconnect disconnect -> disconnect(disconnect.connection());
            case HubCommand.Subscribe subscribe -> subscribe(subscribe);
            case HubCommand.Unsubscribe unsubscribe -> unsubscribe(unsubscribe);
            case HubCommand.Task task -> task.work().run();
        }
    }

    private void disconnect(final Connection connection)
    {
        connection.closing = true;
        for (final Subscription sub : connection.subscriptions.values())
        {
            detach(sub);
        }
        connection.subscriptions.clear();
    }

    private void detach(final Subscription sub)
    {
        sub.removed = true;
        (sub.conflateNs == 0 ? sub.stream.live : sub.stream.conflated).remove(sub);
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
        output.sendNew(connection, output.encoder(connection.encoding).encodeAck(output.scratch, 0, request.id()));
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
            final Stream stream = switch (channel)
            {
                case Subscription.TRADES -> symbol.tradeStream;
                case Subscription.QUOTES -> symbol.quoteStream;
                default -> symbol.bars[tfIndex];
            };
            final Subscription sub = new Subscription(connection, channel, symbol, stream, request.timing(),
                conflateNs, key, request.snapshot());
            sub.nextFlushNs = conflation.dueNow();
            connection.subscriptions.put(key, sub);
            (conflateNs == 0 ? stream.live : stream.conflated).add(sub);
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
                schedule(sub);
            }
        }
    }

    private void startTrades(final Subscription sub, final Long resume)
    {
        final SymbolState symbol = sub.symbol;
        final Connection connection = sub.connection;
        final WireEncoder encoder = output.encoder(connection.encoding);
        sub.inSync = true;
        // Whatever follows (snapshot, replay, or nothing) leaves the client up to date with the latest trade.
        sub.sentSeq = symbol.tradeSeq;
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
                    output.sendNew(connection,
                        encoder.encodeTrade(output.scratch, 0, buffer.get(k, tradeScratch), timing));
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
        final WireEncoder encoder = output.encoder(sub.connection.encoding);
        encoder.snapshotBegin(output.scratch, 0, io.tickwire.codecs.sbe.Channel.TRADES, symbol.name, null,
            config.epoch(), symbol.tradeSeq, rows);
        tradeScratch.clear().symbol(symbol.name);
        for (int k = buffer.size() - rows; k < buffer.size(); k++)
        {
            encoder.snapshotTrade(buffer.get(k, tradeScratch));
        }
        output.sendNew(sub.connection, encoder.snapshotEnd());
    }

    private void startQuotes(final Subscription sub)
    {
        quoteSnapshot(sub);
    }

    private void quoteSnapshot(final Subscription sub)
    {
        final SymbolState symbol = sub.symbol;
        final WireEncoder encoder = output.encoder(sub.connection.encoding);
        final int rows = symbol.hasQuote ? 1 : 0;
        encoder.snapshotBegin(output.scratch, 0, io.tickwire.codecs.sbe.Channel.QUOTES, symbol.name, null,
            config.epoch(), symbol.quoteSeq, rows);
        if (rows == 1)
        {
            encoder.snapshotQuote(symbol.quote);
        }
        output.sendNew(sub.connection, encoder.snapshotEnd());
        // The client now holds the latest quote; the next update goes out as the delta from it.
        sub.inSync = false;
        sub.hasLast = symbol.hasQuote;
        sub.lastQuote.copyFrom(symbol.quote);
        sub.sentSeq = symbol.quoteSeq;
    }

    private void startBars(final Subscription sub, final Long resume)
    {
        final BarStream stream = sub.bars;
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
        final WireEncoder encoder = output.encoder(sub.connection.encoding);
        encoder.snapshotBegin(output.scratch, 0, io.tickwire.codecs.sbe.Channel.BARS, sub.symbol.name, stream.tf,
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
        output.sendNew(sub.connection, encoder.snapshotEnd());
        return newest;
    }

    private void reset(final Subscription sub, final ResetReason reason)
    {
        final WireEncoder encoder = output.encoder(sub.connection.encoding);
        output.sendNew(sub.connection, encoder.encodeReset(output.scratch, 0, channelCode(sub.channel), sub.symbol.name,
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
        output.sendNew(connection, output.encoder(connection.encoding).encodeAck(output.scratch, 0, request.id()));
    }

    private void error(final Connection connection, final long id, final ErrorCode code, final String message)
    {
        output.sendNew(connection,
            output.encoder(connection.encoding).encodeError(output.scratch, 0, id, code, message));
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
