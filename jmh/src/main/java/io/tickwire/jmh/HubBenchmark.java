package io.tickwire.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.output.OutputPublisher;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.gateway.EngineStats;
import io.tickwire.gateway.GatewayConfig;
import io.tickwire.gateway.GatewayHub;
import io.tickwire.gateway.GatewayMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway hub costs per trade before any client is attached: the engine publishes each trade and its five
 * bar changes into the output ring ({@link OutputPublisher}, as in {@code serve}), and the hub applies them —
 * the trade buffer for resume, the latest state and the recent bars of every stream — on the same thread, one trade
 * (six updates, one batch) at a time, as it sees them when it keeps up. No subscriber, so nothing is encoded or
 * sent: this is the floor every update pays whatever the fan-out.
 * <p>
 * {@code consumer=none} runs the same engine and publisher with nobody reading the ring: the difference between the
 * two scores is the hub's own cost. Trades per second; {@code -prof gc} must show ≈ 0 B/op. Steady state: the
 * set-up grows every symbol's trade buffer to its capacity first (in a server that takes the first 10,000 trades of
 * each symbol, minutes of the long tail), and the trial checks that the hub applied every update published.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class HubBenchmark
{
    private static final int RING_SIZE = 1 << 16;

    /** Who reads the output ring: the gateway hub, or nobody (the engine and publisher alone). */
    @Param({"hub", "none"})
    public String consumer;

    private final TradeEvent event = new TradeEvent();
    private BenchTrades trades;
    private BarEngine engine;
    private RingBuffer<UpdateEvent> ring;
    /** The gateway's production defaults: bar history, trade buffer capacity. */
    private final GatewayConfig config = GatewayConfig.defaults(0, "bench");
    private GatewayHub hub;
    private long nextTrade;
    private long consumed = -1;
    /** Updates the set-up gave the hub besides the engine's. */
    private long fakeUpdates;

    /** Builds the tape, the engine publishing into a ring, and the hub; then one lap so every stream has state. */
    @Setup(Level.Trial)
    public void setUp()
    {
        trades = new BenchTrades();
        final Timeframes timeframes = Timeframes.parse(BenchTrades.TIMEFRAMES);
        // No gating sequence: the publisher never finds the ring full, and the benchmark reads each update right
        // after it is published.
        ring = RingBuffer.createSingleProducer(UpdateEvent::new, RING_SIZE, new YieldingWaitStrategy());
        engine = new BarEngine(timeframes, BenchTrades.GRACE_NS, Integer.parseInt(BenchTrades.HISTORY),
            BenchTrades.MAX_SYMBOLS, new OutputPublisher(ring));
        final String[] names = new String[timeframes.count()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = timeframes.name(i);
        }
        if ("hub".equals(consumer))
        {
            final BarEngine symbols = engine;
            hub = new GatewayHub(config, timeframes, id -> symbols.symbols().name(id),
                new GatewayMetrics(EngineStats.none(), names, () -> 0));
        }
        for (int i = 0; i < BenchTrades.COUNT / BenchTrades.BATCH; i++)
        {
            applyBatch();
        }
        if (hub != null)
        {
            fillTradeBuffers();
        }
    }

    /**
     * Gives every symbol's trade stream a full buffer's worth of trades with seqs 1…capacity, which grows each buffer
     * to its capacity; the engine's next trade of the symbol does not follow them, so the buffer starts over (keeping
     * its array) as after any gap.
     */
    private void fillTradeBuffers()
    {
        final UpdateEvent fake = new UpdateEvent();
        fake.kind = UpdateEvent.KIND_TRADE;
        final int capacity = config.tradeBuffer();
        long sequence = consumed;
        for (int id = 0; id < engine.symbols().size(); id++)
        {
            fake.symbolId = id;
            for (int k = 1; k <= capacity; k++)
            {
                fake.seq = k;
                fake.tsNs = k;
                fake.price = 100_000_000L;
                fake.volume = 1;
                hub.onEvent(fake, ++sequence, true);
            }
        }
        fakeUpdates = sequence - consumed;
    }

    /** Applies {@link BenchTrades#BATCH} trades, each followed by the hub's batch of its updates. */
    @Benchmark
    @OperationsPerInvocation(BenchTrades.BATCH)
    public void applyBatch()
    {
        final BenchTrades trades = this.trades;
        final BarEngine engine = this.engine;
        final TradeEvent event = this.event;
        final GatewayHub hub = this.hub;
        long n = nextTrade;
        for (int i = 0; i < BenchTrades.BATCH; i++)
        {
            trades.fill(n++, event);
            engine.onTrade(event);
            final long cursor = ring.getCursor();
            if (hub != null)
            {
                for (long s = consumed + 1; s <= cursor; s++)
                {
                    hub.onEvent(ring.get(s), s, s == cursor);
                }
            }
            consumed = cursor;
        }
        nextTrade = n;
    }

    /**
     * Checks that every trade reached the engine and, with the hub, every update reached the hub.
     *
     * @throws IllegalStateException when trades or updates went missing.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        BenchTrades.closeAndCheck(engine, nextTrade);
        if (hub != null && hub.updates() != consumed + 1 + fakeUpdates)
        {
            throw new IllegalStateException("published " + (consumed + 1) + " updates, hub applied " +
                (hub.updates() - fakeUpdates));
        }
    }
}
