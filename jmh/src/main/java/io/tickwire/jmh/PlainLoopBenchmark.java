package io.tickwire.jmh;

import java.util.concurrent.TimeUnit;

import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.ring.TradeEvent;
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
 * The physical limit of {@link EngineBenchmark}: the same trades applied in the same order to the same engine
 * configuration by one thread in the plainest loop, one reused event, no ring, no handler, no second thread.
 * Trades per second; run with {@code -prof gc} for ≈ 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PlainLoopBenchmark
{
    /** Bars kept per symbol and timeframe (also sizes the off-heap state: 1,000 symbols × 5 series × history). */
    @Param({BenchTrades.HISTORY})
    public int history;

    private final TradeEvent event = new TradeEvent();
    private BenchTrades trades;
    private BarEngine engine;
    private long nextTrade;

    /** Builds the tape and the engine, then applies one lap so every symbol has its state, as the ring does. */
    @Setup(Level.Trial)
    public void setUp()
    {
        trades = new BenchTrades();
        engine = BenchTrades.newEngine(history);
        for (int i = 0; i < BenchTrades.COUNT / BenchTrades.BATCH; i++)
        {
            applyBatch();
        }
    }

    /** Applies {@link BenchTrades#BATCH} trades. */
    @Benchmark
    @OperationsPerInvocation(BenchTrades.BATCH)
    public void applyBatch()
    {
        final BenchTrades trades = this.trades;
        final BarEngine engine = this.engine;
        final TradeEvent event = this.event;
        long n = nextTrade;
        for (int i = 0; i < BenchTrades.BATCH; i++)
        {
            trades.fill(n++, event);
            engine.onTrade(event);
        }
        nextTrade = n;
    }

    /**
     * Checks that the engine accepted every trade and frees the bar state.
     *
     * @throws IllegalStateException when trades were counted that the engine did not accept.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        BenchTrades.closeAndCheck(engine, nextTrade);
    }
}
