package io.tickwire.gateway;

import java.util.List;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.tickwire.codecs.WireEncoding;

/**
 * Checks a {@code /ws} upgrade request before Netty's handshake: the path is exactly {@code /ws}, the client's IP is
 * within its connection-attempt rate, {@code ?encoding=} names an encoding and, when auth is on, the token is valid;
 * otherwise it answers 404, 429, 400 or 401 problem+json, and the upgrade never happens. The chosen encoding and the
 * token's principal are left on the channel for the session handler. Other requests pass through.
 */
final class WebSocketUpgradeGuard extends ChannelInboundHandlerAdapter
{
    /** The encoding a connection chose. */
    static final AttributeKey<WireEncoding> ENCODING = AttributeKey.valueOf("tickwire.encoding");

    private final GatewayAuth auth;

    WebSocketUpgradeGuard(final GatewayAuth auth)
    {
        this.auth = auth;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof FullHttpRequest request && request.uri().startsWith("/ws"))
        {
            final QueryStringDecoder query = new QueryStringDecoder(request.uri());
            if (!"/ws".equals(query.path()))
            {
                refuse(ctx, request, Problems.problem(HttpResponseStatus.NOT_FOUND, null, "no such path"));
                return;
            }
            final long waitNs = auth.wsConnectLimiter().acquire(GatewayAuth.ip(ctx.channel().remoteAddress()),
                System.nanoTime());
            if (waitNs > 0)
            {
                refuse(ctx, request, GatewayAuth.tooMany(waitNs, "WebSocket connection attempts",
                    auth.wsConnectPerSecond()));
                return;
            }
            final List<String> values = query.parameters().get("encoding");
            final WireEncoding encoding = WireEncoding.fromQueryValue(values == null ? null : values.get(0));
            if (encoding == null || (values != null && values.size() > 1))
            {
                refuse(ctx, request, Problems.problem(HttpResponseStatus.BAD_REQUEST, "encoding",
                    "\"encoding\" must be one of json, msgpack, sbe"));
                return;
            }
            final Principal principal;
            try
            {
                principal = auth.authenticate(request, query);
            }
            catch (final TokenException ex)
            {
                refuse(ctx, request, GatewayAuth.unauthorized(ex));
                return;
            }
            ctx.channel().attr(ENCODING).set(encoding);
            ctx.channel().attr(GatewayAuth.PRINCIPAL).set(principal);
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(final ChannelHandlerContext ctx, final FullHttpRequest request,
        final io.netty.handler.codec.http.FullHttpResponse response)
    {
        ReferenceCountUtil.release(request);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
