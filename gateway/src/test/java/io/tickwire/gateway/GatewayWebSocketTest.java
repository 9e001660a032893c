package io.tickwire.gateway;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.TradeMessage;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.engine.bars.BarView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.tickwire.gateway.GatewayFixture.SECOND;
import static io.tickwire.gateway.GatewayFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayWebSocketTest
{
    private static final long PRICE = 100_00000000L;

    @ParameterizedTest
    @EnumSource(WireEncoding.class)
    void shouldLeaveTheClientHoldingExactlyTheEnginesBarsAfterSnapshotAndDeltas(final WireEncoding encoding)
        throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            final Random random = new Random(7);
            long ts = T0;
            for (int i = 0; i < 40; i++)
            {
                ts += random.nextInt(3) * SECOND / 2;
                gw.trade("AAPL", ts, PRICE + random.nextInt(1000) * 1_000_000L, 1 + random.nextInt(100));
            }
            final TestClient client = new TestClient(gw.port(), encoding);
            client.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"1s\"}");
            client.send("{\"op\":\"subscribe\",\"id\":2,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"1m\","
                + "\"snapshot\":10,\"timing\":true}");
            final TestClient conflated = new TestClient(gw.port(), encoding);
            conflated.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],"
                + "\"tf\":\"1s\",\"conflate\":30}");
            conflated.send("{\"op\":\"subscribe\",\"id\":2,\"channel\":\"quotes\",\"symbols\":[\"AAPL\"]}");
            client.send("{\"op\":\"subscribe\",\"id\":3,\"channel\":\"quotes\",\"symbols\":[\"AAPL\"]}");
            assertThat(client.await(c -> c.events.stream().filter(e -> e.startsWith("snapshot")).count() == 3,
                5000)).isTrue();
            assertThat(conflated.await(c -> c.events.stream().filter(e -> e.startsWith("snapshot")).count() == 2,
                5000)).isTrue();
            for (int i = 0; i < 400; i++)
            {
                final boolean late = random.nextInt(10) == 0;
                final long at = late ? ts - SECOND - random.nextInt(1000) * 1_000_000L : (ts += random.nextInt(4)
                    * SECOND / 4);
                gw.trade("AAPL", at, PRICE + random.nextInt(1000) * 1_000_000L, 1 + random.nextInt(100));
                if (i % 3 == 0)
                {
                    final long bid = PRICE + random.nextInt(5) * 1_000_000L;
                    gw.quote("AAPL", ts, bid, 1 + random.nextInt(3), bid + 1_000_000L, 1 + random.nextInt(3));
                }
                if (i % 50 == 0)
                {
                    Thread.sleep(5);
                }
            }
            final int id = gw.engine.symbols().find("AAPL");
            final boolean same = client.await(c -> holdsEngineBars(gw, c, id, 0, "AAPL|1s") &&
                holdsEngineBars(gw, c, id, 1, "AAPL|1m"), 10_000);
            assertThat(same).as("client bars %s", client.bars.get("AAPL|1s")).isTrue();
            assertThat(conflated.await(c -> holdsEngineBars(gw, c, id, 0, "AAPL|1s"), 10_000)).isTrue();
            final long bid = PRICE + 7_000_000L;
            gw.quote("AAPL", ts, bid, 9, bid + 1_000_000L, 4);
            for (final TestClient c : List.of(client, conflated))
            {
                assertThat(c.await(x -> x.quotes.get("AAPL") != null && x.quotes.get("AAPL").bid() == bid &&
                    x.quotes.get("AAPL").bidSize() == 9 && x.quotes.get("AAPL").ask() == bid + 1_000_000L &&
                    x.quotes.get("AAPL").askSize() == 4, 5000)).isTrue();
            }
            assertThat(client.events).noneMatch(e -> e.startsWith("delta for a bar not held"))
                .noneMatch(e -> e.startsWith("error")).noneMatch(e -> e.startsWith("undecodable"));
        }
    }

    private static boolean holdsEngineBars(final GatewayFixture gw, final TestClient client, final int id,
        final int tf, final String key)
    {
        final TreeMap<Long, BarMessage> held = client.bars.get(key);
        if (held == null)
        {
            return false;
        }
        final BarView view = new BarView();
        for (int k = gw.engine.barCount(id, tf) - 1; k >= 0; k--)
        {
            gw.engine.bar(id, tf, k, view);
            final BarMessage bar = held.get(view.start());
            if (bar == null || bar.open() != view.open() || bar.high() != view.high() || bar.low() != view.low() ||
                bar.close() != view.close() || bar.volume() != view.volume() || bar.count() != view.count() ||
                bar.vwap() != view.vwap())
            {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldReplayMissedTradesOnResumeAndResetWhenTheyAreNoLongerBuffered() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            for (int i = 1; i <= 10; i++)
            {
                gw.trade("AAPL", T0 + i * SECOND, PRICE + i, i);
            }
            final TestClient first = new TestClient(gw.port(), WireEncoding.MSGPACK);
            first.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"],\"snapshot\":5}");
            assertThat(first.await(c -> c.hasEvent("snapshot trades AAPL 5"), 5000)).isTrue();
            for (int i = 11; i <= 13; i++)
            {
                gw.trade("AAPL", T0 + i * SECOND, PRICE + i, i);
            }
            assertThat(first.await(c -> Long.valueOf(13).equals(c.lastSeq.get("trades|AAPL")), 5000)).isTrue();
            first.abort();
            for (int i = 14; i <= 17; i++)
            {
                gw.trade("AAPL", T0 + i * SECOND, PRICE + i, i);
            }
            final TestClient second = new TestClient(gw.port(), WireEncoding.SBE);
            second.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"],"
                + "\"resume\":{\"AAPL\":13}}");
            assertThat(second.await(c -> Long.valueOf(17).equals(c.lastSeq.get("trades|AAPL")), 5000)).isTrue();
            synchronized (second)
            {
                assertThat(second.trades.get("AAPL")).extracting(TradeMessage::seq).containsExactly(14L, 15L, 16L,
                    17L);
                assertThat(second.trades.get("AAPL")).extracting(TradeMessage::volume).containsExactly(14L, 15L,
                    16L, 17L);
                assertThat(second.events).noneMatch(e -> e.startsWith("snapshot") || e.startsWith("reset"));
            }
            for (int i = 18; i <= 120; i++)
            {
                gw.trade("AAPL", T0 + i * SECOND, PRICE + i, i);
            }
            final TestClient third = new TestClient(gw.port(), WireEncoding.JSON);
            third.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"],"
                + "\"resume\":{\"AAPL\":20}}");
            assertThat(third.await(c -> c.hasEvent("snapshot trades AAPL"), 5000)).isTrue();
            synchronized (third)
            {
                assertThat(third.events).containsSubsequence("reset AAPL RESUME_GAP", "snapshot trades AAPL 0");
            }
        }
    }

    @Test
    void shouldCloseASlowReaderWith4008WithoutHurtingAnotherClient() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            gw.trade("AAPL", T0, PRICE, 1);
            final TestClient good = new TestClient(gw.port(), WireEncoding.JSON);
            good.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"]}");
            try (RawWebSocket slow = new RawWebSocket(gw.port()))
            {
                slow.sendText("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"]}");
                assertThat(good.await(c -> c.hasEvent("snapshot trades AAPL"), 5000)).isTrue();
                Thread.sleep(100);
                int sent = 1;
                final long deadline = System.currentTimeMillis() + 20_000;
                while (gw.metrics.slowConsumerCloses() == 0 && System.currentTimeMillis() < deadline)
                {
                    for (int i = 0; i < 500; i++)
                    {
                        sent++;
                        gw.trade("AAPL", T0 + sent * 1_000_000L, PRICE + sent, 1);
                    }
                    Thread.sleep(20);
                }
                assertThat(gw.metrics.slowConsumerCloses()).isEqualTo(1);
                assertThat(gw.ring.publisher().dropped()).isZero();
                assertThat(slow.readUntilClose(30_000)).isEqualTo(4008);
                final long last = sent;
                gw.trade("AAPL", T0 + (sent + 1) * 1_000_000L, PRICE, 1);
                assertThat(good.await(c -> Long.valueOf(last + 1).equals(c.lastSeq.get("trades|AAPL")), 10_000))
                    .isTrue();
                assertThat(good.closed).isNotDone();
            }
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysSilentAndKeepOneThatAnswersPings() throws Exception
    {
        final GatewayConfig c = GatewayFixture.config();
        final GatewayConfig fast = new GatewayConfig(0, c.epoch(), c.barHistory(), c.tradeBuffer(),
            c.maxSubscriptions(), c.controlPerSecond(), c.highWaterBytes(), c.slowGraceNs(), 100_000_000L,
            400_000_000L, c.tickNs());
        try (GatewayFixture gw = new GatewayFixture(fast); RawWebSocket silent = new RawWebSocket(gw.port()))
        {
            final TestClient alive = new TestClient(gw.port(), WireEncoding.JSON);
            assertThat(silent.readUntilClose(5_000)).isEqualTo(1001);
            Thread.sleep(600);
            assertThat(alive.closed).isNotDone();
        }
    }

    @Test
    void shouldCloseWith1009OnAFrameOver64KiB() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            final TestClient client = new TestClient(gw.port(), WireEncoding.JSON);
            client.socket.sendText("x".repeat(70 * 1024), true);
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void shouldLetAClientStillSendingAOneMiBFrameReadItsClose1009() throws Exception
    {
        // The server refuses the frame from its header, while the client is still writing the rest. Had the server
        // closed its socket at once, the rest would meet a reset that can destroy the close frame in flight.
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                try (RawWebSocket client = new RawWebSocket(gw.port()))
                {
                    client.sendText("x".repeat(1 << 20));
                    assertThat(client.readUntilClose(5_000)).as("attempt %d", attempt).isEqualTo(1009);
                }
            }
        }
    }

    @Test
    void shouldAnswerRateLimitedAndClose4029BeyondFiftyControlMessagesPerSecond() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            final TestClient client = new TestClient(gw.port(), WireEncoding.JSON);
            // Stop sending once refused: a send racing the server's close would end in a client-side error (-1).
            for (int i = 0; i < 60 && !client.closed.isDone() && !client.hasEvent("error RATE_LIMITED"); i++)
            {
                client.send("{\"op\":\"ping\",\"id\":" + i + "}");
            }
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4029);
            assertThat(client.hasEvent("error RATE_LIMITED")).isTrue();
        }
    }

    @Test
    void shouldAnswerBadRequestAndBadSymbolAndKeepTheConnection() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            gw.trade("AAPL", T0, PRICE, 1);
            final TestClient client = new TestClient(gw.port(), WireEncoding.MSGPACK);
            client.send("{\"op\":\"subscribe\",");
            client.send("{\"op\":\"launch\",\"id\":4}");
            client.send("{\"op\":\"subscribe\",\"id\":5,\"channel\":\"trades\",\"symbols\":[\"NOPE\"]}");
            client.send("{\"op\":\"subscribe\",\"id\":6,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"4h\"}");
            client.send("{\"op\":\"ping\",\"id\":7,\"t\":123}");
            assertThat(client.await(c -> c.events.size() >= 5, 5000)).isTrue();
            synchronized (client)
            {
                assertThat(client.events).extracting(e -> e.split(" ")[0] + (e.startsWith("error") ?
                    " " + e.split(" ")[1] : "")).containsExactlyInAnyOrder("error BAD_REQUEST",
                    "error BAD_REQUEST", "error BAD_SYMBOL", "error BAD_REQUEST", "pong");
            }
            assertThat(client.closed).isNotDone();
        }
    }

    @Test
    void shouldRefuseMoreSubscriptionsThanTheLimit() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            final StringBuilder symbols = new StringBuilder();
            for (int i = 0; i < 101; i++)
            {
                final String symbol = "S" + i;
                gw.trade(symbol, T0, PRICE, 1);
                symbols.append(i == 0 ? "" : ",").append('"').append(symbol).append('"');
            }
            final TestClient client = new TestClient(gw.port(), WireEncoding.JSON);
            // The hub learns symbols from the output ring: wait until it knows the last one, not a fixed time.
            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final java.net.URI last = java.net.URI.create("http://127.0.0.1:" + gw.port() + "/api/prices?symbols=S100");
            final long deadline = System.currentTimeMillis() + 10_000;
            while (http.send(java.net.http.HttpRequest.newBuilder(last).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() != 200 &&
                System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
            client.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[" + symbols + "]}");
            assertThat(client.await(c -> c.hasEvent("error TOO_MANY_SUBSCRIPTIONS"), 5000)).isTrue();
            final Map<String, List<TradeMessage>> none = client.trades;
            assertThat(none).isEmpty();
        }
    }
}
