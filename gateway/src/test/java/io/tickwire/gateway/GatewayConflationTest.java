package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.engine.bars.BarView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.gateway.GatewayFixture.SECOND;
import static io.tickwire.gateway.GatewayFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conflated subscribers of one stream flush together and share one encoding per held state; those that hold
 * something else (a late joiner) get their own. Either way every one ends holding the engine's state.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayConflationTest
{
    private static final long PRICE = 100_00000000L;
    private static final String SUBSCRIBE =
        "{\"op\":\"subscribe\",\"id\":%d,\"channel\":\"%s\",\"symbols\":[\"AAPL\"]%s,\"conflate\":%d%s}";

    @Test
    void shouldLeaveEveryConflatedClientHoldingTheLatestStateWhetherItSharesAFlushOrNot() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config()))
        {
            final Random random = new Random(11);
            long ts = T0;
            gw.trade("AAPL", ts, PRICE, 1);
            gw.quote("AAPL", ts, PRICE, 1, PRICE + 1_000_000L, 1);
            final List<TestClient> clients = new ArrayList<>();
            final WireEncoding[] encodings = {WireEncoding.JSON, WireEncoding.JSON, WireEncoding.MSGPACK,
                WireEncoding.SBE, WireEncoding.SBE};
            for (int c = 0; c < encodings.length; c++)
            {
                clients.add(subscribed(gw, encodings[c], c % 2 == 0, 40));
            }
            long bid = PRICE;
            long bidSize = 1;
            TestClient late = null;
            for (int i = 0; i < 600; i++)
            {
                ts += random.nextInt(4) * SECOND / 8;
                gw.trade("AAPL", ts, PRICE + random.nextInt(1000) * 1_000_000L, 1 + random.nextInt(100));
                if (i % 4 == 0)
                {
                    bid = PRICE + random.nextInt(5) * 1_000_000L;
                    bidSize = 1 + random.nextInt(3);
                    gw.quote("AAPL", ts, bid, bidSize, bid + 1_000_000L, 2);
                }
                if (i % 20 == 0)
                {
                    Thread.sleep(7);
                }
                if (i == 300)
                {
                    // Joins with a snapshot: it holds another state than the others at its first flushes.
                    late = subscribed(gw, WireEncoding.JSON, true, 25);
                    clients.add(late);
                }
            }
            final int id = gw.engine.symbols().find("AAPL");
            final long lastTradeSeq = 601;
            for (final TestClient client : clients)
            {
                final long expectedBid = bid;
                final long expectedBidSize = bidSize;
                // Snapshot rows carry no final flag (SPEC §6): the late joiner holds its older rows as not final.
                final boolean finals = client != late;
                assertThat(client.await(c -> holdsEngineBars(gw, c, id, finals) && lastTradeSeq(c) == lastTradeSeq &&
                    holdsQuote(c.quotes.get("AAPL"), expectedBid, expectedBidSize), 10_000))
                    .as("%s client: %s; trade seq %d, quote %s", client.encoding, client.events, lastTradeSeq(client),
                        client.quotes.get("AAPL")).isTrue();
                synchronized (client)
                {
                    assertThat(client.events).noneMatch(e -> e.startsWith("reset") || e.startsWith("undecodable") ||
                        e.startsWith("delta") || e.startsWith("error"));
                    // Conflated: far fewer trades than the 600 published.
                    assertThat(client.trades.get("AAPL").size()).isLessThan(300);
                }
            }
            assertThat(late).isNotNull();
        }
    }

    private static TestClient subscribed(final GatewayFixture gw, final WireEncoding encoding, final boolean timing,
        final int conflateMs) throws Exception
    {
        final TestClient client = new TestClient(gw.port(), encoding);
        final String t = timing ? ",\"timing\":true" : "";
        client.send(String.format(SUBSCRIBE, 1, "bars", ",\"tf\":\"1s\"", conflateMs, t));
        client.send(String.format(SUBSCRIBE, 2, "quotes", "", conflateMs, t));
        client.send(String.format(SUBSCRIBE, 3, "trades", "", conflateMs, t));
        assertThat(client.await(c -> c.events.stream().filter(e -> e.startsWith("snapshot")).count() == 3, 5000))
            .isTrue();
        return client;
    }

    private static boolean holdsQuote(final QuoteMessage quote, final long bid, final long bidSize)
    {
        return quote != null && quote.bid() == bid && quote.bidSize() == bidSize && quote.ask() == bid + 1_000_000L &&
            quote.askSize() == 2;
    }

    private static long lastTradeSeq(final TestClient client)
    {
        final Long seq = client.lastSeq.get("trades|AAPL");
        return seq == null ? -1 : seq;
    }

    private static boolean holdsEngineBars(final GatewayFixture gw, final TestClient client, final int id,
        final boolean finals)
    {
        final TreeMap<Long, BarMessage> held = client.bars.get("AAPL|1s");
        if (held == null)
        {
            return false;
        }
        final BarView view = new BarView();
        for (int k = gw.engine.barCount(id, 0) - 1; k >= 0; k--)
        {
            gw.engine.bar(id, 0, k, view);
            final BarMessage bar = held.get(view.start());
            if (bar == null || bar.open() != view.open() || bar.high() != view.high() || bar.low() != view.low() ||
                bar.close() != view.close() || bar.volume() != view.volume() || bar.count() != view.count() ||
                bar.vwap() != view.vwap() || finals && bar.isFinal() != view.isFinal())
            {
                return false;
            }
        }
        return true;
    }
}
