package io.tickwire.app.loadgen;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;
import io.tickwire.codecs.DecodedMessage;
import io.tickwire.codecs.WireDecoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessageType;
import io.tickwire.codecs.WireMessages;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One load-generator connection: after the handshake it subscribes its symbols with {@code timing:true}; then it
 * decodes every frame and records, for each data message, receive time − {@code ri} (the engine's receive instant of
 * the causing trade, same host clock) in microseconds.
 * <p>
 * Coordinated omission: {@code ri} is stamped by the server, independently of this client, so a stalled client or
 * a queue anywhere on the path delays messages without removing them from the record: they arrive late and count
 * late. The one way a sample can vanish is server-side conflation under back-pressure on an unconflated stream; it
 * shows as a seq gap, and each skipped update is recorded with the latency of the update that superseded it (a
 * lower bound, since it was older). On conflated streams ({@code conflate > 0}) skipping is the contract and the
 * figure is the age of what the client holds. Final bars are not timed (see {@code channelRead0}); a data message
 * without a usable {@code ri} (absent or 0) is counted as untimed.
 * <p>
 * Not thread-safe: runs on its channel's event loop; decoders and recorders are per loop thread.
 */
final class LoadClientHandler extends SimpleChannelInboundHandler<WebSocketFrame>
{
    private final LoadStats stats;
    private final FastThreadLocal<LoopState> loopState;
    private final String subscribe;
    private final String[] symbols;
    private final long[] lastSeq;
    private final boolean correctGaps;
    private final Semaphore connecting;
    private final Runnable onSettled;
    private final boolean subscribeLate;
    private volatile ChannelHandlerContext handshakeContext;
    private boolean settled;
    private boolean handshaked;
    private volatile boolean stopping;

    LoadClientHandler(
        final LoadStats stats,
        final FastThreadLocal<LoopState> loopState,
        final LoadgenOptions options,
        final List<String> symbols,
        final Semaphore connecting,
        final Runnable onSettled)
    {
        this.stats = stats;
        this.loopState = loopState;
        this.symbols = symbols.toArray(new String[0]);
        this.lastSeq = new long[this.symbols.length];
        Arrays.fill(lastSeq, -1);
        this.correctGaps = options.unconflated();
        this.connecting = connecting;
        this.onSettled = onSettled;
        this.subscribeLate = options.subscribeLate();
        this.subscribe = subscribeMessage(options, symbols);
    }

    static String subscribeMessage(final LoadgenOptions options, final List<String> symbols)
    {
        final StringBuilder sb = new StringBuilder(64 + symbols.size() * 12);
        sb.append("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"").append(options.channel()).append("\",\"symbols\":[");
        for (int i = 0; i < symbols.size(); i++)
        {
            sb.append(i == 0 ? "\"" : ",\"").append(symbols.get(i)).append('"');
        }
        sb.append(']');
        if ("bars".equals(options.channel()))
        {
            sb.append(",\"tf\":\"").append(options.tf()).append('"');
        }
        if (options.snapshot() >= 0)
        {
            sb.append(",\"snapshot\":").append(options.snapshot());
        }
        return sb.append(",\"conflate\":").append(options.conflateMs()).append(",\"timing\":true}").toString();
    }

    /** With {@code subscribeLate}: sends the subscribe now, if the handshake completed; any thread. */
    void subscribeNow()
    {
        final ChannelHandlerContext ctx = handshakeContext;
        if (subscribeLate && ctx != null)
        {
            ctx.channel().eventLoop().execute(() -> ctx.writeAndFlush(new TextWebSocketFrame(subscribe)));
        }
    }

    /** Marks the end of the run, so that the closes that follow are not counted as disconnects. */
    void stopping()
    {
        stopping = true;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
        {
            handshaked = true;
            stats.handshaked.incrementAndGet();
            stats.open.incrementAndGet();
            handshakeContext = ctx;
            settle();
            if (!subscribeLate)
            {
                ctx.writeAndFlush(new TextWebSocketFrame(subscribe));
            }
        }
        else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            stats.error("handshake timeout");
            fail(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame))
        {
            return;
        }
        final LoopState state = loopState.get();
        final long nowUs = state.clock.nanoTime() / 1000;
        final ByteBuf content = frame.content();
        final int length = content.readableBytes();
        stats.messages.increment();
        stats.payloadBytes.add(length);
        final UnsafeBuffer buffer = state.wrap(content, length);
        final DecodedMessage msg = state.message;
        if (!state.decoder.decode(buffer, 0, length, msg))
        {
            stats.decodeFailures.increment();
            stats.error("undecodable frame: " + msg.failure());
            return;
        }
        final long seq;
        final long receiveNanos;
        final CharSequence symbol;
        switch (msg.type())
        {
            case TRADE:
                seq = msg.trade().seq();
                receiveNanos = msg.trade().receiveNanos();
                symbol = msg.trade().symbol();
                break;
            case BAR:
                seq = msg.bar().seq();
                // A final bar was caused by time (watermark or wall clock past end + grace), not by a new trade: its
                // ri is its last trade's, so its age measures the grace period, not delivery. Counted, not timed.
                receiveNanos = msg.bar().isFinal() ? WireMessages.NO_VALUE : msg.bar().receiveNanos();
                if (msg.bar().isFinal())
                {
                    stats.finals.increment();
                }
                symbol = msg.bar().symbol();
                break;
            case QUOTE:
                seq = msg.quote().seq();
                receiveNanos = msg.quote().receiveNanos();
                symbol = msg.quote().symbol();
                break;
            case SNAPSHOT:
                lastSeq[indexOf(msg.symbol())] = msg.seq();
                return;
            case RESET:
                stats.resets.increment();
                lastSeq[indexOf(msg.symbol())] = -1;
                return;
            case ERROR:
                stats.serverErrors.increment();
                stats.error("server error " + msg.errorCode() + ": " + msg.message());
                return;
            default:
                return;
        }
        stats.dataMessages.increment();
        final int index = indexOf(symbol);
        final long skipped = index >= 0 && lastSeq[index] >= 0 ? seq - lastSeq[index] - 1 : 0;
        if (index >= 0)
        {
            lastSeq[index] = seq;
        }
        if (receiveNanos == WireMessages.NO_VALUE || receiveNanos <= 0)
        {
            if (receiveNanos != WireMessages.NO_VALUE || msg.type() != WireMessageType.BAR || !msg.bar().isFinal())
            {
                stats.untimed.increment();
            }
            return;
        }
        long latencyUs = nowUs - receiveNanos / 1000;
        if (latencyUs < 0)
        {
            stats.negativeLatencies.increment();
            latencyUs = 0;
        }
        state.recorder.recordValue(latencyUs);
        if (skipped > 0)
        {
            stats.skippedUpdates.add(skipped);
            if (correctGaps)
            {
                state.recorder.recordValueWithCount(latencyUs, skipped);
            }
        }
    }

    private int indexOf(final CharSequence symbol)
    {
        if (symbol == null)
        {
            return -1;
        }
        for (int i = 0; i < symbols.length; i++)
        {
            if (symbols[i].contentEquals(symbol))
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (handshaked)
        {
            stats.open.decrementAndGet();
            if (!stopping)
            {
                stats.disconnects.incrementAndGet();
            }
        }
        else
        {
            fail(ctx);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        stats.error((handshaked ? "connection: " : "handshake: ") + cause);
        if (!handshaked)
        {
            fail(ctx);
        }
        ctx.close();
    }

    private void fail(final ChannelHandlerContext ctx)
    {
        connectFailed();
        ctx.close();
    }

    /** Counts a connection that never completed its handshake, once; called on the channel's event loop. */
    void connectFailed()
    {
        if (!settled)
        {
            stats.failed.incrementAndGet();
            settle();
        }
    }

    private void settle()
    {
        if (!settled)
        {
            settled = true;
            connecting.release();
            onSettled.run();
        }
    }

    /** What each event-loop thread owns: decoder, message holder, clock, recorder, scratch. */
    static final class LoopState
    {
        final WireDecoder decoder;
        final DecodedMessage message = new DecodedMessage();
        final EpochNanoClock clock = new SystemEpochNanoClock();
        final Recorder recorder;
        final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        private byte[] scratch = new byte[4096];

        LoopState(final WireEncoding encoding, final Recorder recorder)
        {
            this.decoder = encoding.newDecoder();
            this.recorder = recorder;
        }

        UnsafeBuffer wrap(final ByteBuf content, final int length)
        {
            if (content.hasMemoryAddress())
            {
                view.wrap(content.memoryAddress() + content.readerIndex(), length);
            }
            else if (content.hasArray())
            {
                view.wrap(content.array(), content.arrayOffset() + content.readerIndex(), length);
            }
            else
            {
                if (scratch.length < length)
                {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                content.getBytes(content.readerIndex(), scratch, 0, length);
                view.wrap(scratch, 0, length);
            }
            return view;
        }
    }
}
