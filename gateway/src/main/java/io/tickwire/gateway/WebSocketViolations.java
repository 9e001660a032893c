package io.tickwire.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Answers a WebSocket protocol violation found by Netty's frame decoder (a frame over 64 KiB by its header, a bad
 * opcode, an unmasked frame) with its close code, and then half-closes, as every other close of the gateway does.
 * <p>
 * It sits before Netty's protocol handler, which would otherwise close the socket at once. The client is typically
 * still sending the rest of an oversized frame at that point. A closed socket answers those bytes with a reset, which
 * fails the client's write and can destroy the close frame in flight: {@code ws-abuse} saw that in 1 of 81 attempts
 * under load. After the violation, the decoder discards whatever else arrives.
 */
@ChannelHandler.Sharable
final class WebSocketViolations extends ChannelInboundHandlerAdapter
{
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof CorruptedWebSocketFrameException violation)
        {
            final WebSocketCloseStatus status = violation.closeStatus();
            WebSocketSessionHandler.closeWith(ctx.channel(), status.code(),
                status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ?
                    "frame larger than " + GatewayConfig.MAX_FRAME_BYTES + " bytes" : status.reasonText());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
