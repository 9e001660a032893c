package io.tickwire.gateway;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.TradeMessage;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.engine.bars.BarView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.gateway.GatewayFixture.SECOND;
import static io.tickwire.gateway.GatewayFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output ring never waits: when the hub falls a whole ring behind, updates are dropped and the next one carries
 * {@code gapBefore}. Only the streams that lost updates are repaired, each as its channel needs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayGapTest
{
    private static final long PRICE = 100_00000000L;
    private static final long MS = 1_000_000L;
    /** Output ring slots: each trade publishes 3 updates (trade, 1s bar, 1m bar). */
    private static final int RING = 64;

    @Test
    void shouldResetOnlyTheTradeStreamsThatLostTradesAndLeaveOtherStreamsAlone() throws Exception
    {
        try (GatewayFixture gw = new GatewayFixture(GatewayFixture.config(), AuthConfig.off(), RING))
        {
            gw.trade("AAPL", T0, PRICE, 1);
            gw.trade("MSFT", T0, PRICE, 1);
            awaitConsumed(gw, 6);

            final TestClient aaplTrades = new TestClient(gw.port(), WireEncoding.JSON);
            aaplTrades.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\"]}");
            final TestClient msftTrades = new TestClient(gw.port(), WireEncoding.MSGPACK);
            msftTrades.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"MSFT\"]}");
            final TestClient aaplBars = new TestClient(gw.port(), WireEncoding.SBE);
            aaplBars.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"1s\"}");
            aaplBars.send("{\"op\":\"subscribe\",\"id\":2,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"1m\","
                + "\"conflate\":20}");
            assertThat(aaplTrades.await(c -> c.events.contains("snapshot trades AAPL 0"), 5000)).isTrue();
            assertThat(msftTrades.await(c -> c.events.contains("snapshot trades MSFT 0"), 5000)).isTrue();
            assertThat(aaplBars.await(c -> c.events.stream().filter(e -> e.startsWith("snapshot")).count() == 2,
                5000)).isTrue();

            // The hub stops consuming; 40 AAPL trades (120 updates) overflow the 64-slot ring.
            gw.pause();
            long ts = T0 + SECOND;
            for (int i = 0; i < 40; i++)
            {
                ts += 10 * MS;
                gw.trade("AAPL", ts, PRICE + i * MS, 1 + i);
            }
            gw.resume();
            awaitConsumed(gw, 6 + RING);
            assertThat(gw.hub.gaps()).isZero();

            // The next update carries gapBefore; AAPL's trade seq jumps, MSFT's does not.
            gw.trade("AAPL", ts + 10 * MS, PRICE + 77 * MS, 7);
            gw.trade("MSFT", ts, PRICE + MS, 2);
            gw.trade("AAPL", ts + 20 * MS, PRICE + 78 * MS, 8);
            final int aapl = gw.engine.symbols().find("AAPL");
            awaitConsumed(gw, 6 + RING + 9);
            assertThat(gw.hub.gaps()).isEqualTo(1);

            // The AAPL trades client got the 22 trades the ring kept (seq 2..23; 24..41 were dropped), then reset
            // RESYNC and a fresh snapshot at the jumped seq 42, then live trades again (43).
            assertThat(aaplTrades.await(c -> lastTradeSeq(c, "AAPL") == 43, 5000)).as("%s", aaplTrades.events)
                .isTrue();
            synchronized (aaplTrades)
            {
                assertThat(aaplTrades.events).containsExactly("ack", "snapshot trades AAPL 0",
                    "reset AAPL RESYNC", "snapshot trades AAPL 0");
                final List<Long> seqs = aaplTrades.trades.get("AAPL").stream().map(TradeMessage::seq).toList();
                assertThat(seqs).hasSize(23).startsWith(2L, 3L).contains(23L).endsWith(23L, 43L);
                assertThat(aaplTrades.trades.get("AAPL").get(22).price()).isEqualTo(PRICE + 78 * MS);
            }
            assertThat(gw.metrics.resyncs()).isEqualTo(1);

            // The MSFT client lost nothing: no reset, no second snapshot, its trade in sequence.
            assertThat(msftTrades.await(c -> lastTradeSeq(c, "MSFT") == 2, 5000)).isTrue();
            synchronized (msftTrades)
            {
                assertThat(msftTrades.events).containsExactly("ack", "snapshot trades MSFT 0");
            }

            // The AAPL bars client (live 1s, conflated 1m): no reset, no snapshot; the bars updated after the gap
            // carry their whole state, so it holds the engine's latest bar of each stream.
            assertThat(aaplBars.await(c -> holdsEngineLatestBar(gw, c, aapl, 0, "AAPL|1s") &&
                holdsEngineLatestBar(gw, c, aapl, 1, "AAPL|1m"), 5000)).as("%s", aaplBars.bars).isTrue();
            synchronized (aaplBars)
            {
                assertThat(aaplBars.events).noneMatch(e -> e.startsWith("reset") || e.startsWith("undecodable") ||
                    e.startsWith("delta"));
                assertThat(aaplBars.events.stream().filter(e -> e.startsWith("snapshot")).count()).isEqualTo(2);
            }
            assertThat(gw.metrics.resyncs()).isEqualTo(1);
        }
    }

    private static long lastTradeSeq(final TestClient client, final String symbol)
    {
        final Long seq = client.lastSeq.get("trades|" + symbol);
        final List<TradeMessage> trades = client.trades.get(symbol);
        return seq == null || trades == null || trades.isEmpty() ? -1 : seq;
    }

    private static boolean holdsEngineLatestBar(final GatewayFixture gw, final TestClient client, final int id,
        final int tf, final String key)
    {
        final TreeMap<Long, BarMessage> held = client.bars.get(key);
        if (held == null)
        {
            return false;
        }
        final BarView view = new BarView();
        gw.engine.bar(id, tf, gw.engine.barCount(id, tf) - 1, view);
        final BarMessage bar = held.get(view.start());
        return bar != null && bar.open() == view.open() && bar.high() == view.high() && bar.low() == view.low() &&
            bar.close() == view.close() && bar.volume() == view.volume() && bar.count() == view.count() &&
            bar.vwap() == view.vwap();
    }

    /** Waits until the hub has consumed at least {@code updates} updates and then no more for 100 ms. */
    private static void awaitConsumed(final GatewayFixture gw, final long updates) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5 * SECOND;
        long seen = -1;
        while (System.nanoTime() < deadline)
        {
            final long now = gw.hub.updates();
            if (now >= updates && now == seen)
            {
                return;
            }
            seen = now;
            Thread.sleep(100);
        }
        throw new AssertionError("hub consumed " + gw.hub.updates() + " updates, expected " + updates);
    }
}
