package io.tickwire.engine.output;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.tickwire.engine.ring.EngineRing;

/**
 * The second ring: the engine thread publishes {@link UpdateEvent}s (through {@link OutputPublisher}) and each
 * downstream consumer (gateway, Kafka aggregates producer, …) reads them on its own thread, in order, without the
 * engine knowing who they are. Consumers park when idle; none of them busy-spins.
 * <p>
 * Build with every consumer, then {@link #publisher()} is the engine's listener. {@link #close()} drains and
 * stops; idempotent.
 */
public final class OutputRing implements AutoCloseable
{
    private final Disruptor<UpdateEvent> disruptor;
    private final OutputPublisher publisher;
    private boolean closed;

    /**
     * Builds and starts the ring, its consumers on plain daemon threads named {@code tickwire-output}.
     *
     * @param size      slots, a power of two.
     * @param consumers one handler per consumer, each on its own thread.
     */
    public OutputRing(final int size, final List<EventHandler<UpdateEvent>> consumers)
    {
        this(size, consumers, runnable ->
        {
            final Thread thread = new Thread(runnable, "tickwire-output");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Builds and starts the ring.
     *
     * @param size          slots, a power of two.
     * @param consumers     one handler per consumer, each on its own thread.
     * @param threadFactory makes each consumer's thread (e.g. one whose thread-local buffer caches the consumer's
     *                      allocator uses).
     */
    public OutputRing(
        final int size,
        final List<EventHandler<UpdateEvent>> consumers,
        final ThreadFactory threadFactory)
    {
        disruptor = new Disruptor<>(UpdateEvent::new, size, threadFactory, ProducerType.SINGLE, EngineRing.blocking());
        for (final EventHandler<UpdateEvent> consumer : consumers)
        {
            disruptor.handleEventsWith(consumer);
        }
        final RingBuffer<UpdateEvent> ring = disruptor.start();
        publisher = new OutputPublisher(ring);
    }

    /**
     * The engine's listener into this ring.
     *
     * @return the publisher.
     */
    public OutputPublisher publisher()
    {
        return publisher;
    }

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
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
        }
    }
}
