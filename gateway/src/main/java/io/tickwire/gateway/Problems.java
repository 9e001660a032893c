package io.tickwire.gateway;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * HTTP responses: JSON bodies and RFC 9457 problem details naming the parameter at fault. Stateless.
 */
final class Problems
{
    private Problems()
    {
    }

    static FullHttpResponse json(final HttpResponseStatus status, final String body)
    {
        return response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse response(final HttpResponseStatus status, final String contentType, final byte[] body)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /**
     * A problem+json response.
     *
     * @param status    HTTP status.
     * @param parameter the query parameter at fault, or {@code null}.
     * @param detail    what is wrong and what is accepted.
     * @return the response.
     */
    static FullHttpResponse problem(final HttpResponseStatus status, final String parameter, final String detail)
    {
        final StringBuilder sb = new StringBuilder(128);
        sb.append("{\"type\":\"about:blank\",\"title\":");
        Json.string(status.reasonPhrase(), sb);
        sb.append(",\"status\":").append(status.code()).append(",\"detail\":");
        Json.string(detail, sb);
        if (parameter != null)
        {
            sb.append(",\"parameter\":");
            Json.string(parameter, sb);
        }
        sb.append('}');
        return response(status, "application/problem+json", sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
