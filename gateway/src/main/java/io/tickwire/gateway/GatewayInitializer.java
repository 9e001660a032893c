package io.tickwire.gateway;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Builds each connection's pipeline, one concern per handler: HTTP codec, request aggregation (bodies ≤ 1 MiB),
 * silence detection, the {@code /ws} upgrade check (path, encoding, connection rate, token), Netty's WebSocket
 * handshake and control frames (frames ≤ 64 KiB, else 1009), fragment aggregation, the WebSocket session, the
 * {@code /api} guard (request rate, token, entitlements, dev tokens), and the HTTP API.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel>
{
    private static final WebSocketViolations VIOLATIONS = new WebSocketViolations();

    private final GatewayHub hub;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final Supplier<Boolean> ready;
    private final GatewayAuth auth;
    private final StoreReads stores;

    GatewayInitializer(final GatewayHub hub, final GatewayConfig config, final GatewayMetrics metrics,
        final Supplier<Boolean> ready, final GatewayAuth auth, final StoreReads stores)
    {
        this.stores = stores;
        this.auth = auth;
        this.hub = hub;
        this.config = config;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    protected void initChannel(final SocketChannel ch)
    {
        final ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregate", new BoundedHttpAggregator());
        p.addLast("idle", new IdleStateHandler(config.idleTimeoutNs(), 0, 0, TimeUnit.NANOSECONDS));
        p.addLast("upgrade-guard", new WebSocketUpgradeGuard(auth));
        p.addLast("ws-violations", VIOLATIONS);
        p.addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .checkStartsWith(true)
            .maxFramePayloadLength(GatewayConfig.MAX_FRAME_BYTES)
            // WebSocketViolations answers them, half-closing: the decoder would close the socket after its answer.
            .closeOnProtocolViolation(false)
            .allowExtensions(false)
            .handshakeTimeoutMillis(10_000)
            .build()));
        p.addLast("ws-aggregate", new WebSocketFrameAggregator(GatewayConfig.MAX_FRAME_BYTES));
        p.addLast("ws-session", new WebSocketSessionHandler(hub, config, metrics));
        p.addLast("api-guard", new ApiGuard(auth, metrics));
        p.addLast("api", new HttpApiHandler(hub, metrics, ready, stores));
    }
}
