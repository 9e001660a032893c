package io.tickwire.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.tickwire.codecs.WireMessages;

/**
 * Guards {@code /api/*} before the API handler: the per-IP request limit (429 with Retry-After), the dev-mode token
 * endpoint {@code POST /api/auth/token} (404 in other modes), the token (401) and the symbol entitlements of
 * {@code /api/prices} and {@code /api/historical} (403). Everything else passes through untouched. On the event loop;
 * never blocks. The token is never logged nor echoed.
 */
final class ApiGuard extends ChannelInboundHandlerAdapter
{
    /** The symbols the current request's principal is entitled to, null for all; set per request. */
    static final AttributeKey<Set<String>> ENTITLED = AttributeKey.valueOf("tickwire.entitled");

    /** Where dev mode issues tokens. */
    static final String TOKEN_PATH = "/api/auth/token";
    private static final int MAX_TOKEN_SYMBOLS = 10_000;

    private final GatewayAuth auth;
    private final GatewayMetrics metrics;

    ApiGuard(final GatewayAuth auth, final GatewayMetrics metrics)
    {
        this.auth = auth;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith("/api"))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final String path;
        try
        {
            path = query.path();
            query.parameters();
        }
        catch (final IllegalArgumentException ex)
        {
            // Bad percent-encoding: answered here, so that no /api request skips the checks below.
            answer(ctx, request, "/api", Problems.problem(HttpResponseStatus.BAD_REQUEST, null,
                "malformed request URI"));
            return;
        }
        if (!path.startsWith("/api/"))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final long waitNs = auth.apiLimiter().acquire(GatewayAuth.ip(ctx.channel().remoteAddress()), System.nanoTime());
        if (waitNs > 0)
        {
            answer(ctx, request, "/api", GatewayAuth.tooMany(waitNs, "API requests", auth.apiPerSecond()));
            return;
        }
        if (TOKEN_PATH.equals(path))
        {
            answer(ctx, request, TOKEN_PATH, issue(request));
            return;
        }
        final Principal principal;
        try
        {
            principal = auth.authenticate(request, query);
        }
        catch (final TokenException ex)
        {
            answer(ctx, request, "/api", GatewayAuth.unauthorized(ex));
            return;
        }
        final List<String> forbidden = principal.forbidden(requestedSymbols(path, query));
        if (!forbidden.isEmpty())
        {
            answer(ctx, request, "/api", Problems.problem(HttpResponseStatus.FORBIDDEN,
                "/api/prices".equals(path) ? "symbols" : "symbol",
                "not entitled to " + String.join(",", forbidden)));
            return;
        }
        // What this request's principal may see, for the handler to filter lists by (null: every symbol).
        ctx.channel().attr(ENTITLED).set(principal.symbols());
        ctx.fireChannelRead(msg);
    }

    /** The well-formed symbol names a market-data request asks for (the API handler judges the rest). */
    private static List<String> requestedSymbols(final String path, final QueryStringDecoder query)
    {
        final String name = switch (path)
        {
            case "/api/prices" -> "symbols";
            case "/api/historical", "/api/trades" -> "symbol";
            default -> null;
        };
        final List<String> values = name == null ? null : query.parameters().get(name);
        if (values == null || values.isEmpty())
        {
            return List.of();
        }
        // The API handler reads the last value of a repeated parameter: so does this check.
        final List<String> out = new ArrayList<>();
        for (final String symbol : values.get(values.size() - 1).split(",", -1))
        {
            if (WireMessages.isValidSymbol(symbol))
            {
                out.add(symbol);
            }
        }
        return out;
    }

    private FullHttpResponse issue(final FullHttpRequest request)
    {
        final DevTokens tokens = auth.devTokens();
        if (tokens == null)
        {
            return Problems.problem(HttpResponseStatus.NOT_FOUND, null,
                "no such path: " + TOKEN_PATH + " (tokens are issued only in dev auth mode)");
        }
        if (!HttpMethod.POST.equals(request.method()))
        {
            final FullHttpResponse response = Problems.problem(HttpResponseStatus.METHOD_NOT_ALLOWED, null,
                "only POST is served on " + TOKEN_PATH);
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            return response;
        }
        String subject = "dev";
        List<String> symbols = null;
        long ttl = DevTokens.DEFAULT_TTL_SECONDS;
        if (request.content().isReadable())
        {
            final JsonNode body;
            try
            {
                body = JwtVerifier.JSON.readTree(ByteBufUtil.getBytes(request.content()));
            }
            catch (final IOException ex)
            {
                return Problems.problem(HttpResponseStatus.BAD_REQUEST, null, "the body is not JSON");
            }
            if (body != null && !body.isMissingNode() && !body.isNull())
            {
                if (!body.isObject())
                {
                    return Problems.problem(HttpResponseStatus.BAD_REQUEST, null,
                        "the body must be a JSON object {\"sub\":…,\"symbols\":[…],\"ttl\":\"1h\"}");
                }
                final JsonNode sub = body.get("sub");
                if (sub != null)
                {
                    if (!sub.isTextual() || sub.asText().isEmpty() || sub.asText().length() > 128)
                    {
                        return Problems.problem(HttpResponseStatus.BAD_REQUEST, "sub",
                            "\"sub\" must be a string of 1 to 128 characters");
                    }
                    subject = sub.asText();
                }
                final JsonNode list = body.get("symbols");
                if (list != null && !list.isNull())
                {
                    if (!list.isArray() || list.size() > MAX_TOKEN_SYMBOLS)
                    {
                        return Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbols",
                            "\"symbols\" must be an array of at most " + MAX_TOKEN_SYMBOLS + " symbols");
                    }
                    symbols = new ArrayList<>();
                    for (final JsonNode symbol : list)
                    {
                        if (!symbol.isTextual() || !WireMessages.isValidSymbol(symbol.asText()))
                        {
                            return Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbols",
                                "bad symbol: 1-16 characters from A-Z 0-9 . _ : / -");
                        }
                        symbols.add(symbol.asText());
                    }
                }
                final JsonNode ttlNode = body.get("ttl");
                if (ttlNode != null && !ttlNode.isNull())
                {
                    try
                    {
                        ttl = DevTokens.ttlSeconds(ttlNode.isIntegralNumber() ? ttlNode.asText() :
                            ttlNode.isTextual() ? ttlNode.asText() : "");
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        return Problems.problem(HttpResponseStatus.BAD_REQUEST, "ttl",
                            "\"ttl\" must be a duration such as 90s, 30m, 1h or 1d, at most 1d");
                    }
                }
            }
        }
        final String token = tokens.issue(subject, symbols, ttl, System.currentTimeMillis() / 1000);
        return Problems.json(HttpResponseStatus.OK, "{\"token\":\"" + token + "\",\"token_type\":\"Bearer\"," +
            "\"expires_in\":" + ttl + "}");
    }

    private void answer(final ChannelHandlerContext ctx, final FullHttpRequest request, final String route,
        final FullHttpResponse response)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        ReferenceCountUtil.release(request);
        metrics.httpRequest(route, response.status().code());
        if (keepAlive)
        {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
