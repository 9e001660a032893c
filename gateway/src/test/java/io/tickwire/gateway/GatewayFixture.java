package io.tickwire.gateway;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.output.OutputRing;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.engine.ring.TradeEvent;

/**
 * A real engine, output ring, hub and server on a free port. The test thread plays the engine thread: it feeds
 * trades straight into the {@link BarEngine}, which publishes to the ring the hub consumes.
 */
final class GatewayFixture implements AutoCloseable
{
    static final long SECOND = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * SECOND;

    final GatewayConfig config;
    final GatewayHub hub;
    final GatewayMetrics metrics;
    final OutputRing ring;
    final BarEngine engine;
    final GatewayServer server;
    private final TradeEvent event = new TradeEvent();
    private volatile CountDownLatch paused;

    GatewayFixture(final GatewayConfig config) throws Exception
    {
        this(config, AuthConfig.off());
    }

    GatewayFixture(final GatewayConfig config, final AuthConfig auth) throws Exception
    {
        this(config, auth, 1 << 16);
    }

    /**
     * With an output ring of {@code ringSize} slots whose consumer (the hub) can be held back with {@link #pause()},
     * so that a test can make the ring overflow and drop updates as under overload.
     */
    GatewayFixture(final GatewayConfig config, final AuthConfig auth, final int ringSize) throws Exception
    {
        this.config = config;
        final Timeframes timeframes = Timeframes.parse("1s,1m");
        final BarEngine[] engineRef = new BarEngine[1];
        final GatewayHub[] hubRef = new GatewayHub[1];
        metrics = new GatewayMetrics(EngineStats.none(), new String[] {"1s", "1m"}, () -> hubRef[0].updates());
        hub = new GatewayHub(config, timeframes, id -> engineRef[0].symbols().name(id), metrics);
        hubRef[0] = hub;
        engine = new BarEngine(timeframes, 2 * SECOND, 64, 1000, BarListener.NONE);
        engineRef[0] = engine;
        final EventHandler<UpdateEvent> gated = (update, sequence, endOfBatch) ->
        {
            final CountDownLatch gate = paused;
            if (gate != null)
            {
                gate.await();
            }
            hub.onEvent(update, sequence, endOfBatch);
        };
        ring = new OutputRing(ringSize, List.of(gated));
        engine.listener(ring.publisher());
        server = new GatewayServer(config, hub, metrics, 2, auth).start();
    }

    static GatewayConfig config()
    {
        final GatewayConfig d = GatewayConfig.defaults(0, "test-epoch");
        return new GatewayConfig(0, d.epoch(), 200, 64, 100, 50, 64 * 1024, 300_000_000L, d.pingIntervalNs(),
            d.idleTimeoutNs(), d.tickNs());
    }

    /** Holds the hub back: the next update waits in the ring's consumer until {@link #resume()}. */
    void pause()
    {
        paused = new CountDownLatch(1);
    }

    /** Lets the hub consume again. */
    void resume()
    {
        final CountDownLatch gate = paused;
        paused = null;
        if (gate != null)
        {
            gate.countDown();
        }
    }

    int port()
    {
        return server.port();
    }

    void trade(final String symbol, final long tsNs, final long price, final long volume)
    {
        event.clearOptional();
        event.kind = TradeEvent.KIND_TRADE;
        event.tsNs = tsNs;
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        event.price = price;
        event.volume = volume;
        event.receivedNs = System.currentTimeMillis() * 1_000_000L;
        engine.onTrade(event);
    }

    void quote(final String symbol, final long tsNs, final long bid, final long bidSize, final long ask,
        final long askSize)
    {
        event.clearOptional();
        event.kind = TradeEvent.KIND_QUOTE;
        event.tsNs = tsNs;
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        event.bid = bid;
        event.bidSize = bidSize;
        event.ask = ask;
        event.askSize = askSize;
        event.receivedNs = System.currentTimeMillis() * 1_000_000L;
        engine.onQuote(event);
    }

    @Override
    public void close()
    {
        resume();
        server.close();
        ring.close();
        engine.close();
    }
}
