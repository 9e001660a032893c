package io.tickwire.engine.ring;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Disruptor ring between one ingest source (the single producer) and the engine, whose handler runs on its
 * own thread, pinned to a configured CPU. Slots are preallocated {@link TradeEvent}s.
 * <p>
 * The producer side ({@link #ringBuffer()}) belongs to one thread; {@link #remainingCapacity()} may be read from
 * any thread.
 */
public final class EngineRing implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineRing.class);

    private final Disruptor<TradeEvent> disruptor;
    private final RingBuffer<TradeEvent> ringBuffer;
    private boolean closed;

    /**
     * Builds and starts the ring.
     *
     * @param size        slots, a power of two.
     * @param waitStrategy how the engine thread waits: {@code busy-spin}, {@code yield}, {@code sleep} or
     *                     {@code block}.
     * @param engineCpu   CPU choice for the engine thread (see {@link CpuPinning}).
     * @param handler     the engine handler.
     */
    public EngineRing(
        final int size,
        final String waitStrategy,
        final int engineCpu,
        final EventHandler<TradeEvent> handler)
    {
        disruptor = new Disruptor<>(TradeEvent::new, size, runnable -> newEngineThread(runnable, engineCpu),
            ProducerType.SINGLE, waitStrategy(waitStrategy));
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        ringBuffer = disruptor.start();
    }

    /**
     * Maps a configured name to a Disruptor wait strategy.
     *
     * @param name {@code busy-spin}, {@code yield}, {@code sleep} or {@code block}.
     * @return the strategy.
     * @throws IllegalArgumentException for other names.
     */
    public static WaitStrategy waitStrategy(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinWaitStrategy();
            case "yield":
                return new YieldingWaitStrategy();
            case "sleep":
                // Spin briefly, then yield, then park 50 µs: little CPU when idle, sub-100 µs wake-up.
                return new SleepingWaitStrategy(200, 50_000);
            case "block":
                return blocking();
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name +
                    "' (accepts busy-spin, yield, sleep, block)");
        }
    }

    /**
     * The blocking strategy of the engine and output rings: the consumer sleeps on a condition and the producer
     * signals only when a consumer is asleep (an atomic flag per publish, no lock). On a small virtualised host a
     * timed park costs ~20 µs of CPU, so spinning, yielding or sleeping consumers took a third of a core each even
     * at 10k trades/s; this one costs CPU only per wake-up. The 1 ms timeout bounds a missed wake-up.
     *
     * @return a new strategy.
     */
    public static WaitStrategy blocking()
    {
        return new LiteTimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS);
    }

    private static Thread newEngineThread(final Runnable runnable, final int engineCpu)
    {
        final Thread thread = new Thread(() ->
        {
            CpuPinning.pinCurrentThread("engine", engineCpu);
            runnable.run();
        }, "tickwire-engine");
        thread.setDaemon(true);
        return thread;
    }

    /**
     * The producer side; confined to the single producer thread.
     *
     * @return the ring buffer.
     */
    public RingBuffer<TradeEvent> ringBuffer()
    {
        return ringBuffer;
    }

    /**
     * Free slots, for metrics.
     *
     * @return slots the producer may claim without waiting.
     */
    public long remainingCapacity()
    {
        return ringBuffer.remainingCapacity();
    }

    /**
     * Waits until every published event has been applied, then stops the engine thread. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            disruptor.shutdown(30, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            LOG.atWarn().addKeyValue("event", "ring_drain_timeout").log("ring did not drain in 30 s; halting");
            disruptor.halt();
        }
    }

    private static final class LoggingExceptionHandler implements ExceptionHandler<TradeEvent>
    {
        private String lastMessage;

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final TradeEvent event)
        {
            // Record each distinct error once; the engine keeps going with the next event.
            final String message = ex.toString();
            if (!message.equals(lastMessage))
            {
                lastMessage = message;
                LOG.atError().addKeyValue("event", "engine_error").addKeyValue("sequence", sequence).setCause(ex)
                    .log("engine failed on an event; continuing with the next");
            }
            if (ex instanceof Error error)
            {
                throw error;
            }
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            LOG.atError().addKeyValue("event", "engine_start_error").setCause(ex).log("engine start failed");
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.atError().addKeyValue("event", "engine_shutdown_error").setCause(ex).log("engine stop failed");
        }
    }
}
