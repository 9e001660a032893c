package io.tickwire.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.WireMessages;

/**
 * The HTTP API on an event loop: {@code /health}, {@code /ready}, {@code /metrics}, {@code /} and the market-data
 * part of SPEC §7. Parameters are checked here (a client's mistake is a 4xx problem+json naming the parameter,
 * never a 500); answers that read market state run as tasks on the hub, which hands the response back to the loop.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final String PLACEHOLDER = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Tickwire"
        + "</title></head><body><h1>Tickwire</h1><p>This build has no dashboard (it was built without npm).</p>"
        + "<p>Live data: WebSocket "
        + "<code>/ws</code>; HTTP <code>/api/symbols</code>, <code>/api/prices?symbols=…</code>, "
        + "<code>/api/historical?symbol=…&amp;tf=1m</code>; <code>/metrics</code>, <code>/health</code>, "
        + "<code>/ready</code>.</p></body></html>";
    private static final int DEFAULT_LIMIT = 500;
    private static final DashboardAssets DASHBOARD = new DashboardAssets();

    private final GatewayHub hub;
    private final GatewayMetrics metrics;
    private final Supplier<Boolean> ready;

    HttpApiHandler(final GatewayHub hub, final GatewayMetrics metrics, final Supplier<Boolean> ready)
    {
        this.hub = hub;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final String path = query.path();
        if (!request.decoderResult().isSuccess())
        {
            respond(ctx, keepAlive, "bad", Problems.problem(HttpResponseStatus.BAD_REQUEST, null, "malformed request"));
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method()))
        {
            final FullHttpResponse response = Problems.problem(HttpResponseStatus.METHOD_NOT_ALLOWED, null,
                "only GET is served on " + path);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            respond(ctx, keepAlive, "other", response);
            return;
        }
        switch (path)
        {
            case "/health" -> respond(ctx, keepAlive, path,
                Problems.json(HttpResponseStatus.OK, "{\"status\":\"up\"}"));
            case "/ready" -> respond(ctx, keepAlive, path, ready.get()
                ? Problems.json(HttpResponseStatus.OK, "{\"status\":\"ready\"}")
                : Problems.json(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"status\":\"not ready\"}"));
            case "/metrics" -> respond(ctx, keepAlive, path,
                Problems.response(HttpResponseStatus.OK, metrics.contentType(), metrics.scrape()));
            case "/", "/index.html" -> respond(ctx, keepAlive, "/", DASHBOARD.isComplete() ?
                asset(DASHBOARD.find("/")) : Problems.response(HttpResponseStatus.OK, "text/html; charset=utf-8",
                PLACEHOLDER.getBytes(StandardCharsets.UTF_8)));
            case "/api/symbols" -> onHub(ctx, keepAlive, path, this::symbols);
            case "/api/prices" -> prices(ctx, keepAlive, query);
            case "/api/historical" -> historical(ctx, keepAlive, query);
            default ->
            {
                final DashboardAssets.Asset asset = DASHBOARD.find(path);
                respond(ctx, keepAlive, asset != null ? "/" : "other", asset != null ? asset(asset) :
                    Problems.problem(HttpResponseStatus.NOT_FOUND, null, "no such path: " + path));
            }
        }
    }

    private static FullHttpResponse asset(final DashboardAssets.Asset asset)
    {
        final FullHttpResponse response = Problems.response(HttpResponseStatus.OK, asset.contentType(), asset.bytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return response;
    }

    private void onHub(final ChannelHandlerContext ctx, final boolean keepAlive, final String route,
        final Supplier<FullHttpResponse> work)
    {
        hub.submit(new HubCommand.Task(() ->
        {
            final FullHttpResponse response = work.get();
            ctx.executor().execute(() -> respond(ctx, keepAlive, route, response));
        }));
    }

    private void respond(final ChannelHandlerContext ctx, final boolean keepAlive, final String route,
        final FullHttpResponse response)
    {
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

    private static String single(final QueryStringDecoder query, final String name)
    {
        final List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private FullHttpResponse symbols()
    {
        final StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append('[');
        boolean first = true;
        for (final SymbolState symbol : hub.symbols().all())
        {
            sb.append(first ? "" : ",").append("{\"symbol\":");
            Json.string(symbol.name, sb).append(",\"price\":");
            if (symbol.hasTrade)
            {
                Json.price(symbol.lastTrade.price(), sb).append(",\"ts\":");
                Json.instant(symbol.lastTrade.tsNanos(), sb);
            }
            else
            {
                sb.append("null,\"ts\":null");
            }
            sb.append('}');
            first = false;
        }
        return Problems.json(HttpResponseStatus.OK, sb.append(']').toString());
    }

    private void prices(final ChannelHandlerContext ctx, final boolean keepAlive, final QueryStringDecoder query)
    {
        final String route = "/api/prices";
        final String list = single(query, "symbols");
        if (list == null || list.isEmpty())
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbols",
                "\"symbols\" is required: a comma-separated list such as AAPL,MSFT"));
            return;
        }
        final List<String> names = new ArrayList<>();
        for (final String name : list.split(",", -1))
        {
            if (!WireMessages.isValidSymbol(name))
            {
                respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbols",
                    "bad symbol \"" + name + "\": 1-16 characters from A-Z 0-9 . _ : / -"));
                return;
            }
            if (names.size() == 1000)
            {
                respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbols",
                    "at most 1000 symbols per request"));
                return;
            }
            names.add(name);
        }
        onHub(ctx, keepAlive, route, () ->
        {
            final List<String> unknown = new ArrayList<>();
            final StringBuilder sb = new StringBuilder(128 * names.size());
            sb.append('[');
            for (final String name : names)
            {
                final SymbolState symbol = hub.symbols().find(name);
                if (symbol == null)
                {
                    unknown.add(name);
                    continue;
                }
                sb.append(sb.length() > 1 ? "," : "").append("{\"symbol\":");
                Json.string(name, sb).append(",\"price\":");
                Json.price(symbol.hasTrade ? symbol.lastTrade.price() : WireMessages.NO_VALUE, sb);
                sb.append(",\"bid\":");
                Json.price(symbol.hasQuote ? symbol.quote.bid() : WireMessages.NO_VALUE, sb);
                sb.append(",\"ask\":");
                Json.price(symbol.hasQuote ? symbol.quote.ask() : WireMessages.NO_VALUE, sb);
                sb.append(",\"ts\":");
                if (symbol.hasTrade)
                {
                    Json.instant(symbol.lastTrade.tsNanos(), sb);
                }
                else
                {
                    sb.append("null");
                }
                sb.append(",\"seq\":").append(symbol.hasTrade ? symbol.tradeSeq : 0).append('}');
            }
            if (!unknown.isEmpty())
            {
                return Problems.problem(HttpResponseStatus.NOT_FOUND, "symbols",
                    "unknown symbol(s): " + String.join(",", unknown));
            }
            return Problems.json(HttpResponseStatus.OK, sb.append(']').toString());
        });
    }

    private void historical(final ChannelHandlerContext ctx, final boolean keepAlive,
        final QueryStringDecoder query)
    {
        final String route = "/api/historical";
        final String symbol = single(query, "symbol");
        final String tf = single(query, "tf");
        if (symbol == null || !WireMessages.isValidSymbol(symbol))
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "symbol",
                "\"symbol\" is required: 1-16 characters from A-Z 0-9 . _ : / -"));
            return;
        }
        final int tfIndex = tf == null ? -1 : hub.timeframes().indexOf(tf);
        if (tfIndex < 0)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "tf",
                "\"tf\" is required and must be one of " + hub.timeframes()));
            return;
        }
        final long from;
        final long to;
        try
        {
            from = instant(single(query, "from"), Long.MIN_VALUE);
        }
        catch (final IllegalArgumentException ex)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "from",
                "\"from\" must be an ISO-8601 UTC instant such as 2024-01-15T10:30:00Z, or epoch milliseconds"));
            return;
        }
        try
        {
            to = instant(single(query, "to"), Long.MAX_VALUE);
        }
        catch (final IllegalArgumentException ex)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "to",
                "\"to\" must be an ISO-8601 UTC instant such as 2024-01-15T10:30:00Z, or epoch milliseconds"));
            return;
        }
        if (from > to)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "from",
                "\"from\" is after \"to\""));
            return;
        }
        final int limit;
        final String limitText = single(query, "limit");
        try
        {
            limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
        }
        catch (final NumberFormatException ex)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "limit",
                "\"limit\" must be an integer from 1 to " + GatewayConfig.MAX_HISTORY_LIMIT));
            return;
        }
        if (limit < 1 || limit > GatewayConfig.MAX_HISTORY_LIMIT)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "limit",
                "\"limit\" must be an integer from 1 to " + GatewayConfig.MAX_HISTORY_LIMIT));
            return;
        }
        onHub(ctx, keepAlive, route, () -> bars(symbol, tf, tfIndex, from, to, limit));
    }

    private FullHttpResponse bars(final String name, final String tf, final int tfIndex, final long from,
        final long to, final int limit)
    {
        final SymbolState symbol = hub.symbols().find(name);
        if (symbol == null)
        {
            return Problems.problem(HttpResponseStatus.NOT_FOUND, "symbol", "unknown symbol " + name);
        }
        final BarSeries series = symbol.bars[tfIndex].series;
        int last = series.size() - 1;
        while (last >= 0 && series.startAt(last) > to)
        {
            last--;
        }
        int first = last + 1;
        while (first > 0 && last - first + 1 < limit && series.startAt(first - 1) >= from)
        {
            first--;
        }
        final StringBuilder sb = new StringBuilder(160 * (last - first + 2));
        sb.append("{\"symbol\":");
        Json.string(name, sb).append(",\"tf\":");
        Json.string(tf, sb).append(",\"bars\":[");
        final BarMessage bar = new BarMessage();
        for (int k = first; k <= last; k++)
        {
            series.get(k, bar);
            sb.append(k > first ? "," : "").append("{\"t\":");
            Json.instant(bar.startNanos(), sb).append(",\"o\":");
            Json.price(bar.open(), sb).append(",\"h\":");
            Json.price(bar.high(), sb).append(",\"l\":");
            Json.price(bar.low(), sb).append(",\"c\":");
            Json.price(bar.close(), sb).append(",\"v\":").append(bar.volume()).append(",\"n\":").append(bar.count())
                .append(",\"vw\":");
            Json.price(bar.vwap(), sb).append(",\"final\":").append(bar.isFinal()).append('}');
        }
        return Problems.json(HttpResponseStatus.OK, sb.append("]}").toString());
    }

    private static long instant(final String text, final long absent)
    {
        if (text == null || text.isEmpty())
        {
            return absent;
        }
        try
        {
            if (text.chars().allMatch(Character::isDigit) && text.length() <= 15)
            {
                return Long.parseLong(text) * 1_000_000L;
            }
            final Instant instant = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }
}
