package io.tickwire.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.gateway.GatewayFixture.SECOND;
import static io.tickwire.gateway.GatewayFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiTest
{
    private static GatewayFixture gw;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception
    {
        gw = new GatewayFixture(GatewayFixture.config());
        gw.trade("AAPL", T0 + 100_000_000L, 150_25000000L, 10);
        gw.trade("AAPL", T0 + SECOND, 150_50000000L, 20);
        gw.trade("AAPL", T0 + 61 * SECOND, 151_00000000L, 5);
        gw.trade("MSFT", T0 + 2 * SECOND, 400_00000000L, 1);
        final long deadline = System.currentTimeMillis() + 5000;
        while (!get("/api/prices?symbols=MSFT").body().contains("400") && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop()
    {
        gw.close();
    }

    private static HttpResponse<String> get(final String path) throws Exception
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(final HttpResponse<String> response, final int status, final String parameter)
    {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        if (parameter != null)
        {
            assertThat(response.body()).contains("\"parameter\":\"" + parameter + "\"");
        }
    }

    @Test
    void shouldAnswerHealthReadyAndServeTheBundledDashboard() throws Exception
    {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").body()).contains("ready");
        final HttpResponse<String> page = get("/");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Tickwire</title>").contains("dashboard.js")
            .doesNotContain("https://");
        for (final String asset : new String[]{"/dashboard.js", "/dashboard.css",
            "/vendor/lightweight-charts.standalone.production.js", "/vendor/msgpack.min.js"})
        {
            assertThat(get(asset).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void shouldServeLatestPricesAndSymbols() throws Exception
    {
        final HttpResponse<String> prices = get("/api/prices?symbols=AAPL,MSFT");
        assertThat(prices.statusCode()).isEqualTo(200);
        assertThat(prices.body()).contains("{\"symbol\":\"AAPL\",\"price\":151,").contains("\"seq\":3")
            .contains("\"symbol\":\"MSFT\",\"price\":400,");
        assertThat(get("/api/symbols").body()).contains("\"symbol\":\"AAPL\"").contains("\"symbol\":\"MSFT\"")
            .contains("\"ts\":\"2023-11-14T22:14:21Z\"");
    }

    @Test
    void shouldServeHistoricalBarsOldestFirstWithinRangeAndLimit() throws Exception
    {
        final HttpResponse<String> all = get("/api/historical?symbol=AAPL&tf=1s");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body())
            .startsWith("{\"symbol\":\"AAPL\",\"tf\":\"1s\",\"bars\":[{\"t\":\"2023-11-14T22:13:20Z\"")
            .contains("\"o\":150.25,\"h\":150.25,\"l\":150.25,\"c\":150.25,\"v\":10,\"n\":1,\"vw\":150.25");
        final HttpResponse<String> latest = get("/api/historical?symbol=AAPL&tf=1s&limit=1");
        assertThat(latest.body()).contains("\"t\":\"2023-11-14T22:14:21Z\"").doesNotContain("22:13:20");
        final HttpResponse<String> range = get(
            "/api/historical?symbol=AAPL&tf=1s&from=2023-11-14T22:13:21Z&to=2023-11-14T22:13:21Z");
        assertThat(range.body()).contains("\"c\":150.5").doesNotContain("150.25").doesNotContain("\"c\":151");
    }

    @Test
    void shouldAnswerProblemJsonNamingTheParameter() throws Exception
    {
        assertProblem(get("/api/prices"), 400, "symbols");
        assertProblem(get("/api/prices?symbols=aapl"), 400, "symbols");
        assertProblem(get("/api/prices?symbols=NOPE"), 404, "symbols");
        assertProblem(get("/api/historical?tf=1s"), 400, "symbol");
        assertProblem(get("/api/historical?symbol=AAPL&tf=2m"), 400, "tf");
        assertProblem(get("/api/historical?symbol=AAPL&tf=1s&limit=0"), 400, "limit");
        assertProblem(get("/api/historical?symbol=AAPL&tf=1s&limit=10001"), 400, "limit");
        assertProblem(get("/api/historical?symbol=AAPL&tf=1s&limit=x"), 400, "limit");
        assertProblem(get("/api/historical?symbol=AAPL&tf=1s&from=yesterday"), 400, "from");
        assertProblem(get("/api/historical?symbol=AAPL&tf=1s&from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z"),
            400, "from");
        assertProblem(get("/api/historical?symbol=ZZZ&tf=1s"), 404, "symbol");
        assertProblem(get("/api/nope"), 404, null);
        assertProblem(get("/ws?encoding=xml"), 400, "encoding");
        final HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            gw.port() + "/api/prices")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertProblem(post, 405, null);
        final HttpResponse<String> huge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + gw.port() + "/api/prices")).version(HttpClient.Version.HTTP_1_1)
            // Expect: 100-continue lets the server refuse before the body is sent; without it the 413 races the
            // client's upload, which then sees the connection close instead of the answer.
            .expectContinue(true)
            .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2 * 1024 * 1024))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertProblem(huge, 413, null);
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception
    {
        final HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("tickwire_ws_connections ").contains("tickwire_ws_messages_total")
            .contains("tickwire_ws_hub_writes_total")
            .contains("tickwire_tick_to_send_seconds_bucket").contains("tickwire_trades_late_total{tf=\"1m\"}")
            .contains("jvm_memory_used_bytes");
    }
}
