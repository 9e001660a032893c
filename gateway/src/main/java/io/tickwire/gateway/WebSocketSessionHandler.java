package io.tickwire.gateway;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tickwire.codecs.ControlMessage;
import io.tickwire.codecs.ControlOp;
import io.tickwire.codecs.ControlParseResult;
import io.tickwire.codecs.WireEncoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessages;
import io.tickwire.codecs.sbe.ErrorCode;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * One WebSocket connection's control side, on its event loop: registers the connection with the hub when the
 * handshake completes, reads the client's control frames (parse, rate limit, ping → pong, subscribe / unsubscribe
 * → hub), pings the client and closes it when silent. Data frames are written by the hub, not here. Never blocks.
 */
final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter
{
    private static final long FORCED_CLOSE_MS = 5_000;
    private static final long WINDOW_NS = 1_000_000_000L;
    private static final EpochNanoClock CLOCK = new SystemEpochNanoClock();

    private final GatewayHub hub;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private Connection connection;
    private ScheduledFuture<?> pinger;
    private ScheduledFuture<?> expiry;
    private long windowStartNs;
    private int inWindow;
    private boolean closing;

    WebSocketSessionHandler(final GatewayHub hub, final GatewayConfig config, final GatewayMetrics metrics)
    {
        this.hub = hub;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            final WireEncoding encoding = ctx.channel().attr(WebSocketUpgradeGuard.ENCODING).get();
            connection = new Connection(ctx.channel(), encoding == null ? WireEncoding.JSON : encoding);
            metrics.connectionOpened();
            hub.submit(new HubCommand.Register(connection));
            final long period = config.pingIntervalNs();
            pinger = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new PingWebSocketFrame()), period, period, TimeUnit.NANOSECONDS);
            closeAtExpiry(ctx);
        }
        else if (evt instanceof IdleStateEvent)
        {
            if (connection != null)
            {
                closeWith(ctx.channel(), 1001, "idle timeout");
            }
            else
            {
                ctx.close();
            }
        }
        else
        {
            super.userEventTriggered(ctx, evt);
        }
    }

    /**
     * A socket must not outlive its token: at {@code exp} (plus the leeway the upgrade allowed) the client gets
     * {@code error UNAUTHORIZED} and close 1008, and reconnects with a fresh token (the dashboard does).
     */
    private void closeAtExpiry(final ChannelHandlerContext ctx)
    {
        final Principal principal = ctx.channel().attr(GatewayAuth.PRINCIPAL).get();
        if (principal == null)
        {
            return;
        }
        final long delayNs = TimeUnit.SECONDS.toNanos(principal.expiresAtSeconds() + JwtVerifier.LEEWAY_SECONDS) -
            CLOCK.nanoTime();
        expiry = ctx.executor().schedule(() ->
        {
            if (connection != null && !closing)
            {
                closing = true;
                sendError(ctx, WireMessages.NO_VALUE, ErrorCode.UNAUTHORIZED, "token expired");
                closeWith(ctx.channel(), 1008, "token expired");
            }
        }, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (!(msg instanceof WebSocketFrame))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        try
        {
            if (connection == null || closing)
            {
                return;
            }
            if (!withinRate(ctx))
            {
                return;
            }
            if (msg instanceof TextWebSocketFrame text)
            {
                onControl(ctx, text.content());
            }
            else if (msg instanceof BinaryWebSocketFrame)
            {
                sendError(ctx, WireMessages.NO_VALUE, ErrorCode.BAD_REQUEST,
                    "control messages are JSON text frames");
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    private boolean withinRate(final ChannelHandlerContext ctx)
    {
        final long now = System.nanoTime();
        if (now - windowStartNs >= WINDOW_NS)
        {
            windowStartNs = now;
            inWindow = 0;
        }
        if (++inWindow <= config.controlPerSecond())
        {
            return true;
        }
        closing = true;
        metrics.rateLimitClosed();
        sendError(ctx, WireMessages.NO_VALUE, ErrorCode.RATE_LIMITED,
            "more than " + config.controlPerSecond() + " control messages in a second");
        closeWith(ctx.channel(), 4029, "rate limited");
        return false;
    }

    private void onControl(final ChannelHandlerContext ctx, final ByteBuf content)
    {
        final LoopCodecs codecs = LoopCodecs.current();
        final int length = content.readableBytes();
        if (codecs.input.length < length)
        {
            codecs.input = new byte[Math.max(length, codecs.input.length * 2)];
        }
        content.getBytes(content.readerIndex(), codecs.input, 0, length);
        final ControlMessage message = codecs.message;
        final ControlParseResult result = codecs.parser.parse(codecs.input, 0, length, message);
        if (result != ControlParseResult.OK)
        {
            sendError(ctx, message.id(), result.errorCode(), message.errorMessage());
            return;
        }
        if (message.op() == ControlOp.PING)
        {
            final WireEncoder encoder = codecs.encoders[connection.encoding.ordinal()];
            final long nowNs = CLOCK.nanoTime();
            write(ctx, encoder.encodePong(codecs.scratch, 0, message.id(), message.clientTime(), nowNs));
            return;
        }
        final List<String> symbols = new ArrayList<>(message.symbolCount());
        for (int i = 0; i < message.symbolCount(); i++)
        {
            symbols.add(message.symbolString(i));
        }
        final int channel = GatewayHub.channelOf(message);
        final String tf = message.tf() == null ? null : WireMessages.timeframeText(message.tf());
        if (message.op() == ControlOp.SUBSCRIBE)
        {
            final Principal principal = ctx.channel().attr(GatewayAuth.PRINCIPAL).get();
            final List<String> forbidden = principal == null ? List.of() : principal.forbidden(symbols);
            if (!forbidden.isEmpty())
            {
                // Refused whole, like BAD_SYMBOL: nothing of this subscribe is applied.
                sendError(ctx, message.id(), ErrorCode.FORBIDDEN, "not entitled to " + String.join(",", forbidden));
                return;
            }
            Map<String, Long> resume = null;
            if (message.resumeCount() > 0)
            {
                resume = new HashMap<>();
                for (int i = 0; i < message.resumeCount(); i++)
                {
                    resume.put(message.resumeSymbol(i).toString(), message.resumeSeq(i));
                }
            }
            hub.submit(new HubCommand.Subscribe(connection, message.id(), channel, tf, message.snapshot(),
                message.conflateMs() == ControlMessage.NOT_SET ? 0 : message.conflateMs(), message.timing(),
                symbols, resume));
        }
        else
        {
            hub.submit(new HubCommand.Unsubscribe(connection, message.id(), channel, tf, symbols));
        }
    }

    private void sendError(final ChannelHandlerContext ctx, final long id, final ErrorCode code,
        final CharSequence reason)
    {
        final LoopCodecs codecs = LoopCodecs.current();
        write(ctx, codecs.encoders[connection.encoding.ordinal()].encodeError(codecs.scratch, 0, id, code, reason));
    }

    private void write(final ChannelHandlerContext ctx, final int length)
    {
        final ByteBuf frame = Frames.frame(ctx.alloc(), connection.encoding.isBinary(),
            LoopCodecs.current().scratch, length);
        metrics.sent(connection.encoding, frame.readableBytes());
        ctx.channel().writeAndFlush(frame, ctx.channel().voidPromise());
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (pinger != null)
        {
            pinger.cancel(false);
        }
        if (expiry != null)
        {
            expiry.cancel(false);
        }
        if (connection != null)
        {
            metrics.connectionClosed();
            hub.submit(new HubCommand.Disconnect(connection));
            connection = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof ClosedChannelException)
        {
            return;
        }
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException)
        {
            closeWith(ctx.channel(), 1009, "frame larger than 65536 bytes");
            return;
        }
        ctx.close();
    }

    /**
     * Sends a close frame and closes the channel once it is written, or after 5 s if the peer does not read.
     *
     * @param channel the connection.
     * @param code    WebSocket close code.
     * @param reason  close reason.
     */
    static void closeWith(final Channel channel, final int code, final String reason)
    {
        if (!channel.isActive())
        {
            return;
        }
        // Half-close after the close frame rather than close: closing a socket whose client is still sending makes
        // the kernel answer with a reset, which can destroy the close frame (and the error before it) in flight.
        // The client's own close, or the forced close below, ends the connection.
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(future ->
        {
            if (channel instanceof DuplexChannel duplex && future.isSuccess())
            {
                duplex.shutdownOutput();
            }
            else
            {
                channel.close();
            }
        });
        channel.eventLoop().schedule(() -> channel.close(), FORCED_CLOSE_MS, TimeUnit.MILLISECONDS);
    }
}
