package io.tickwire.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.RingBuffer;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.CpuPinning;
import io.tickwire.engine.ring.EngineHandler;
import io.tickwire.engine.ring.EngineRing;
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
 * Ring → bar state: the production path from the ingest side's ring to the engine's off-heap bars. The benchmark
 * thread is the single producer (claim a slot, fill it, publish it, as {@code IngestAgent} does); the production
 * {@link EngineRing} runs {@link EngineHandler} and {@link BarEngine} on its own engine thread. The score is trades
 * per second <em>applied by the engine</em>: after publishing a batch the producer waits until no more than
 * {@link #maxInFlight} trades are waiting in the ring, enough work queued that the engine is not starved when the
 * producer loses its core for a few milliseconds, and few enough that the trades counted but not yet applied when
 * an iteration ends (at most {@code maxInFlight}: 16,384 is 0.2% of a 2 s iteration at 4M trades/s) do not
 * flatter the score. They are drained before the next iteration, and the trial checks at the end that the engine
 * accepted every trade counted.
 * <p>
 * CPU use: with {@code busy-spin} the engine thread spins on one core while the producer runs on the other, so
 * both cores of a 2-core machine stay busy while an iteration runs. That is acceptable inside JMH only (a
 * deployment on 2 cores spins at most one thread); the producer at least parks, rather than spins, whenever it is
 * far enough ahead. With {@code yield} the engine yields when idle, which it rarely is here.
 * <p>
 * Compare with {@link PlainLoopBenchmark}: the same trades applied by the same engine without a ring. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} counts every thread, the engine's included, and must be ≈ 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EngineBenchmark
{
    private static final long PARK_NS = 20_000;

    /** How the engine thread waits for trades. */
    @Param({"busy-spin", "yield"})
    public String waitStrategy;

    /** Bars kept per symbol and timeframe (also sizes the off-heap state: 1,000 symbols × 5 series × history). */
    @Param({BenchTrades.HISTORY})
    public int history;

    /** Ring slots: the production default. */
    @Param({"65536"})
    public int ringSize;

    /**
     * Most trades published but not yet applied at the end of an invocation: the engine's cushion against the
     * producer being descheduled, and the bound on trades counted but not applied when an iteration ends.
     */
    @Param({"16384"})
    public int maxInFlight;

    private BenchTrades trades;
    private BarEngine engine;
    private EngineHandler handler;
    private EngineRing ring;
    private RingBuffer<TradeEvent> ringBuffer;
    private long nextTrade;

    /** Builds the tape, the engine and the ring, then pushes one lap through so every symbol has its state. */
    @Setup(Level.Trial)
    public void setUp()
    {
        trades = new BenchTrades();
        engine = BenchTrades.newEngine(history);
        // No checkpoints: checkpoint cost belongs to its own benchmark, not to the ring.
        handler = new EngineHandler(engine, new SourcePositions(), -1, -1, null, Long.MAX_VALUE, Long.MAX_VALUE);
        ring = new EngineRing(ringSize, waitStrategy, CpuPinning.NONE, handler);
        ringBuffer = ring.ringBuffer();
        if (maxInFlight < 0 || maxInFlight + BenchTrades.BATCH > ringSize)
        {
            throw new IllegalArgumentException("maxInFlight must be 0 to ringSize - " + BenchTrades.BATCH);
        }
        for (int i = 0; i < BenchTrades.COUNT / BenchTrades.BATCH; i++)
        {
            publishBatch();
        }
        awaitApplied(nextTrade - 1);
    }

    /**
     * Publishes {@link BenchTrades#BATCH} trades, then waits until at most {@link #maxInFlight} of the trades
     * published are not yet applied.
     */
    @Benchmark
    @OperationsPerInvocation(BenchTrades.BATCH)
    public void publishBatch()
    {
        final RingBuffer<TradeEvent> ringBuffer = this.ringBuffer;
        final BenchTrades trades = this.trades;
        long n = nextTrade;
        for (int i = 0; i < BenchTrades.BATCH; i++)
        {
            final long sequence = ringBuffer.next();
            trades.fill(n++, ringBuffer.get(sequence));
            ringBuffer.publish(sequence);
        }
        nextTrade = n;
        awaitApplied(n - 1 - maxInFlight);
    }

    /** Lets the engine apply everything published, so that each iteration starts with an empty ring. */
    @TearDown(Level.Iteration)
    public void drain()
    {
        awaitApplied(nextTrade - 1);
    }

    /**
     * Stops the ring, checks that the engine applied every trade published, and frees the bar state.
     *
     * @throws IllegalStateException when trades were counted that the engine did not accept.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        ring.close();
        BenchTrades.closeAndCheck(engine, nextTrade);
    }

    private void awaitApplied(final long arrivalSeq)
    {
        while (handler.appliedArrivalSeq() < arrivalSeq)
        {
            // Park rather than spin: the engine has maxInFlight trades (milliseconds of work) queued, and on 2 shared
            // cores a second spinning thread starves it whenever a third thread (JIT, GC, a neighbour) wants a core.
            LockSupport.parkNanos(PARK_NS);
        }
    }
}
