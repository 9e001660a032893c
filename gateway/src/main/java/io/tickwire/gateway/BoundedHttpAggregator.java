package io.tickwire.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates HTTP requests up to {@link GatewayConfig#MAX_BODY_BYTES}; a larger one is answered 413 as
 * problem+json (SPEC §7) and the connection closed, since the rest of its body would still be on the wire.
 */
final class BoundedHttpAggregator extends HttpObjectAggregator
{
    BoundedHttpAggregator()
    {
        super(GatewayConfig.MAX_BODY_BYTES);
    }

    @Override
    protected Object newContinueResponse(
        final HttpMessage start,
        final int maxContentLength,
        final ChannelPipeline pipeline)
    {
        // An oversized request sent with Expect: 100-continue is refused before its body: as problem+json too.
        final Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full &&
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.equals(full.status()))
        {
            full.release();
            final FullHttpResponse problem = Problems.problem(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null,
                "request body larger than " + GatewayConfig.MAX_BODY_BYTES + " bytes");
            problem.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return problem;
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
        throws Exception
    {
        if (!(oversized instanceof HttpRequest))
        {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        final FullHttpResponse response = Problems.problem(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null,
            "request body larger than " + GatewayConfig.MAX_BODY_BYTES + " bytes");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
