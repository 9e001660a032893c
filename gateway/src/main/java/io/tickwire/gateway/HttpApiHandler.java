package io.tickwire.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import io.tickwire.codecs.TradeMessage;
import io.tickwire.codecs.WireMessages;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.PriceRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeRecord;

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
    private static final String PARTIAL_HEADER = "X-Tickwire-Partial";
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final DashboardAssets DASHBOARD = new DashboardAssets();

    private final GatewayHub hub;
    private final GatewayMetrics metrics;
    private final Supplier<Boolean> ready;
    private final StoreReads stores;

    HttpApiHandler(final GatewayHub hub, final GatewayMetrics metrics, final Supplier<Boolean> ready,
        final StoreReads stores)
    {
        this.hub = hub;
        this.metrics = metrics;
        this.ready = ready;
        this.stores = stores;
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
            case "/api/symbols" ->
            {
                final Set<String> entitled = ctx.channel().attr(ApiGuard.ENTITLED).get();
                onHub(ctx, keepAlive, path, () -> symbols(entitled));
            }
            case "/api/prices" -> prices(ctx, keepAlive, query);
            case "/api/historical" -> historical(ctx, keepAlive, query);
            case "/api/trades" -> trades(ctx, keepAlive, query);
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

    /** Every known symbol with its last price; only those the caller is entitled to (null: all). */
    private FullHttpResponse symbols(final Set<String> entitled)
    {
        final StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append('[');
        boolean first = true;
        for (final SymbolState symbol : hub.symbols().all())
        {
            if (entitled != null && !entitled.contains(symbol.name))
            {
                continue;
            }
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
        if (!stores.hasPriceCache() || !stores.submit(() -> pricesOnHub(ctx, keepAlive, names,
            stores.prices(names))))
        {
            pricesOnHub(ctx, keepAlive, names, Map.of());
        }
    }

    /** Answers from the cache where it holds the symbol (SPEC §7: Redis, else engine state), else from the hub. */
    private void pricesOnHub(final ChannelHandlerContext ctx, final boolean keepAlive, final List<String> names,
        final Map<String, PriceRecord> cached)
    {
        onHub(ctx, keepAlive, "/api/prices", () ->
        {
            final List<String> unknown = new ArrayList<>();
            final StringBuilder sb = new StringBuilder(128 * names.size());
            sb.append('[');
            for (final String name : names)
            {
                final PriceRecord hit = cached.get(name);
                if (hit != null)
                {
                    priceJson(sb, name, hit.price(), hit.bid(), hit.ask(), hit.tsNs(), hit.seq());
                    continue;
                }
                final SymbolState symbol = hub.symbols().find(name);
                if (symbol == null)
                {
                    unknown.add(name);
                    continue;
                }
                priceJson(sb, name, symbol.hasTrade ? symbol.lastTrade.price() : WireMessages.NO_VALUE,
                    symbol.hasQuote ? symbol.quote.bid() : WireMessages.NO_VALUE,
                    symbol.hasQuote ? symbol.quote.ask() : WireMessages.NO_VALUE,
                    symbol.hasTrade ? symbol.lastTrade.tsNanos() : WireMessages.NO_VALUE,
                    symbol.hasTrade ? symbol.tradeSeq : 0);
            }
            if (!unknown.isEmpty())
            {
                return Problems.problem(HttpResponseStatus.NOT_FOUND, "symbols",
                    "unknown symbol(s): " + String.join(",", unknown));
            }
            return Problems.json(HttpResponseStatus.OK, sb.append(']').toString());
        });
    }

    private static void priceJson(final StringBuilder sb, final String name, final long price, final long bid,
        final long ask, final long tsNs, final long seq)
    {
        sb.append(sb.length() > 1 ? "," : "").append("{\"symbol\":");
        Json.string(name, sb).append(",\"price\":");
        Json.price(price, sb).append(",\"bid\":");
        Json.price(bid, sb).append(",\"ask\":");
        Json.price(ask, sb).append(",\"ts\":");
        if (tsNs == WireMessages.NO_VALUE)
        {
            sb.append("null");
        }
        else
        {
            Json.instant(tsNs, sb);
        }
        sb.append(",\"seq\":").append(seq).append('}');
    }

    private void historical(final ChannelHandlerContext ctx, final boolean keepAlive,
        final QueryStringDecoder query)
    {
        final String route = "/api/historical";
        final Range range = range(ctx, keepAlive, route, query);
        if (range == null)
        {
            return;
        }
        final String tf = single(query, "tf");
        final int tfIndex = tf == null ? -1 : hub.timeframes().indexOf(tf);
        if (tfIndex < 0)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, "tf",
                "\"tf\" is required and must be one of " + hub.timeframes()));
            return;
        }
        hub.submit(new HubCommand.Task(() -> historyOnHub(ctx, keepAlive, range.symbol(), tf, tfIndex, range.from(),
            range.to(), range.limit())));
    }

    /**
     * On the hub: the engine's bars in range. When they do not fill the limit and memory does not reach back to
     * {@code from}, the stores are asked (on their pool) for the bars strictly older than the oldest in memory, so
     * the two never overlap; memory wins for anything it holds, since only it has the open bar and the latest rev.
     */
    private void historyOnHub(final ChannelHandlerContext ctx, final boolean keepAlive, final String name,
        final String tf, final int tfIndex, final long from, final long to, final int limit)
    {
        final String route = "/api/historical";
        final SymbolState symbol = hub.symbols().find(name);
        final List<BarRow> recent = new ArrayList<>();
        boolean coversFrom = false;
        if (symbol != null)
        {
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
            coversFrom = first > 0 || series.size() > 0 && series.startAt(0) <= from;
            final BarMessage bar = new BarMessage();
            for (int k = first; k <= last; k++)
            {
                series.get(k, bar);
                recent.add(new BarRow(bar.startNanos(), bar.open(), bar.high(), bar.low(), bar.close(),
                    bar.volume(), bar.count(), bar.vwap(), bar.isFinal()));
            }
        }
        if (!stores.hasBarStores() || recent.size() >= limit || coversFrom)
        {
            final FullHttpResponse response = symbol == null
                ? Problems.problem(HttpResponseStatus.NOT_FOUND, "symbol", "unknown symbol " + name)
                : Problems.json(HttpResponseStatus.OK, barsJson(name, tf, recent));
            ctx.executor().execute(() -> respond(ctx, keepAlive, route, response));
            return;
        }
        final long storeTo = recent.isEmpty() ? (to == Long.MAX_VALUE ? to : to + 1) : recent.get(0).t();
        final Runnable fromStores = () ->
        {
            FullHttpResponse response;
            try
            {
                final List<BarRecord> older = stores.bars(name, tf, from, storeTo, limit - recent.size());
                final List<BarRow> merged = new ArrayList<>(older.size() + recent.size());
                for (final BarRecord b : older)
                {
                    if (b.startNs() >= from && b.startNs() < storeTo)
                    {
                        merged.add(new BarRow(b.startNs(), b.open(), b.high(), b.low(), b.close(), b.volume(),
                            b.count(), b.vwap(), true));
                    }
                }
                merged.addAll(recent);
                final List<BarRow> latest = merged.subList(Math.max(0, merged.size() - limit), merged.size());
                response = symbol == null && latest.isEmpty()
                    ? Problems.problem(HttpResponseStatus.NOT_FOUND, "symbol", "unknown symbol " + name)
                    : Problems.json(HttpResponseStatus.OK, barsJson(name, tf, latest));
            }
            catch (final StoreUnavailableException ex)
            {
                response = partialOrUnavailable(name, tf, recent);
            }
            final FullHttpResponse answer = response;
            ctx.executor().execute(() -> respond(ctx, keepAlive, route, answer));
        };
        if (!stores.submit(fromStores))
        {
            final FullHttpResponse response = partialOrUnavailable(name, tf, recent);
            ctx.executor().execute(() -> respond(ctx, keepAlive, route, response));
        }
    }

    /** The stores cannot answer: what memory holds, flagged as partial, or 503 when memory holds nothing. */
    private static FullHttpResponse partialOrUnavailable(final String name, final String tf,
        final List<BarRow> recent)
    {
        if (recent.isEmpty())
        {
            return unavailable("history stores are unavailable and the engine holds no bars in that range");
        }
        final FullHttpResponse response = Problems.json(HttpResponseStatus.OK, barsJson(name, tf, recent));
        response.headers().set(PARTIAL_HEADER, "stores unavailable; bars from engine memory only");
        return response;
    }

    private static FullHttpResponse unavailable(final String detail)
    {
        final FullHttpResponse response = Problems.problem(HttpResponseStatus.SERVICE_UNAVAILABLE, null, detail);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return response;
    }

    private static String barsJson(final String name, final String tf, final List<BarRow> bars)
    {
        final StringBuilder sb = new StringBuilder(160 * (bars.size() + 1));
        sb.append("{\"symbol\":");
        Json.string(name, sb).append(",\"tf\":");
        Json.string(tf, sb).append(",\"bars\":[");
        boolean first = true;
        for (final BarRow bar : bars)
        {
            sb.append(first ? "" : ",").append("{\"t\":");
            Json.instant(bar.t(), sb).append(",\"o\":");
            Json.price(bar.o(), sb).append(",\"h\":");
            Json.price(bar.h(), sb).append(",\"l\":");
            Json.price(bar.l(), sb).append(",\"c\":");
            Json.price(bar.c(), sb).append(",\"v\":").append(bar.v()).append(",\"n\":").append(bar.n())
                .append(",\"vw\":");
            Json.price(bar.vw(), sb).append(",\"final\":").append(bar.isFinal()).append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }

    /** {@code GET /api/trades}: raw trades from the stores (ClickHouse, then PostgreSQL), else the hub's buffer. */
    private void trades(final ChannelHandlerContext ctx, final boolean keepAlive, final QueryStringDecoder query)
    {
        final String route = "/api/trades";
        final Range range = range(ctx, keepAlive, route, query);
        if (range == null)
        {
            return;
        }
        final String symbol = range.symbol();
        final long from = range.from();
        final long to = range.to();
        final int limit = range.limit();
        final long toExclusive = to == Long.MAX_VALUE ? to : to + 1;
        if (!stores.hasTradeStores() || !stores.submit(() ->
        {
            try
            {
                final List<TradeRecord> trades = stores.trades(symbol, from, toExclusive, limit);
                final FullHttpResponse response = Problems.json(HttpResponseStatus.OK, tradesJson(symbol, trades));
                ctx.executor().execute(() -> respond(ctx, keepAlive, route, response));
            }
            catch (final StoreUnavailableException ex)
            {
                onHub(ctx, keepAlive, route, () -> tradesFromHub(symbol, from, to, limit, true));
            }
        }))
        {
            onHub(ctx, keepAlive, route, () -> tradesFromHub(symbol, from, to, limit, stores.hasTradeStores()));
        }
    }

    /** The hub's per-symbol trade buffer (recent trades only), flagged as partial when stores were meant to answer. */
    private FullHttpResponse tradesFromHub(final String name, final long from, final long to, final int limit,
        final boolean storesFailed)
    {
        final SymbolState symbol = hub.symbols().find(name);
        final List<TradeRecord> trades = new ArrayList<>();
        if (symbol != null)
        {
            final TradeMessage trade = new TradeMessage();
            for (int k = symbol.trades.size() - 1; k >= 0 && trades.size() < limit; k--)
            {
                symbol.trades.get(k, trade);
                if (trade.tsNanos() >= from && trade.tsNanos() <= to)
                {
                    trades.add(new TradeRecord(name, trade.tsNanos(), trade.seq(), trade.price(), trade.volume(),
                        "", ""));
                }
            }
            trades.sort(Comparator.comparingLong(TradeRecord::tsNs).thenComparingLong(TradeRecord::seq));
        }
        if (storesFailed && trades.isEmpty())
        {
            return unavailable("trade stores are unavailable and the engine holds no recent trades in that range");
        }
        if (symbol == null)
        {
            return Problems.problem(HttpResponseStatus.NOT_FOUND, "symbol", "unknown symbol " + name);
        }
        final FullHttpResponse response = Problems.json(HttpResponseStatus.OK, tradesJson(name, trades));
        if (storesFailed)
        {
            response.headers().set(PARTIAL_HEADER, "stores unavailable; recent trades from engine memory only");
        }
        return response;
    }

    private static String tradesJson(final String name, final List<TradeRecord> trades)
    {
        final StringBuilder sb = new StringBuilder(96 * (trades.size() + 1));
        sb.append("{\"symbol\":");
        Json.string(name, sb).append(",\"trades\":[");
        boolean first = true;
        for (final TradeRecord trade : trades)
        {
            sb.append(first ? "" : ",").append("{\"ts\":");
            Json.instant(trade.tsNs(), sb).append(",\"price\":");
            Json.price(trade.price(), sb).append(",\"volume\":").append(trade.volume());
            sb.append(",\"seq\":").append(trade.seq());
            if (!trade.exchange().isEmpty())
            {
                sb.append(",\"exchange\":");
                Json.string(trade.exchange(), sb);
            }
            if (!trade.tradeId().isEmpty())
            {
                sb.append(",\"trade_id\":");
                Json.string(trade.tradeId(), sb);
            }
            sb.append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }

    private static long parameterInstant(final QueryStringDecoder query, final String name, final long absent)
        throws BadParameter
    {
        try
        {
            return instant(single(query, name), absent);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadParameter(name, "\"" + name
                + "\" must be an ISO-8601 UTC instant such as 2024-01-15T10:30:00Z, or epoch milliseconds");
        }
    }

    private static int parameterLimit(final QueryStringDecoder query) throws BadParameter
    {
        final String text = single(query, "limit");
        final String message = "\"limit\" must be an integer from 1 to " + GatewayConfig.MAX_HISTORY_LIMIT;
        try
        {
            final int limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
            if (limit < 1 || limit > GatewayConfig.MAX_HISTORY_LIMIT)
            {
                throw new BadParameter("limit", message);
            }
            return limit;
        }
        catch (final NumberFormatException ex)
        {
            throw new BadParameter("limit", message);
        }
    }

    /** The request's symbol, range and limit, or null once a 400 naming the parameter has been sent. */
    private Range range(final ChannelHandlerContext ctx, final boolean keepAlive, final String route,
        final QueryStringDecoder query)
    {
        try
        {
            return Range.parse(query);
        }
        catch (final BadParameter ex)
        {
            respond(ctx, keepAlive, route, Problems.problem(HttpResponseStatus.BAD_REQUEST, ex.parameter,
                ex.getMessage()));
            return null;
        }
    }

    /** The symbol, time range and limit shared by {@code /api/historical} and {@code /api/trades}. */
    private record Range(String symbol, long from, long to, int limit)
    {
        static Range parse(final QueryStringDecoder query) throws BadParameter
        {
            final String symbol = single(query, "symbol");
            if (symbol == null || !WireMessages.isValidSymbol(symbol))
            {
                throw new BadParameter("symbol", "\"symbol\" is required: 1-16 characters from A-Z 0-9 . _ : / -");
            }
            final long from = parameterInstant(query, "from", Long.MIN_VALUE);
            final long to = parameterInstant(query, "to", Long.MAX_VALUE);
            if (from > to)
            {
                throw new BadParameter("from", "\"from\" is after \"to\"");
            }
            return new Range(symbol, from, to, parameterLimit(query));
        }
    }

    /** One bar as the API shows it. */
    private record BarRow(long t, long o, long h, long l, long c, long v, long n, long vw, boolean isFinal)
    {
    }

    /** A query parameter a client got wrong. */
    private static final class BadParameter extends Exception
    {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final String parameter;

        BadParameter(final String parameter, final String message)
        {
            super(message, null, false, false);
            this.parameter = parameter;
        }
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
