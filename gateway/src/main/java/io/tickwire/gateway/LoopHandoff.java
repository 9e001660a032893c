package io.tickwire.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * The hub's hand-off of written output to one event loop: what a batch (or conflation pass) gives the connections
 * of that loop goes over in tasks of up to {@link #MAX_BATCH} connections, not one task per connection. Per
 * connection that saves the cross-thread write task, its queueing and the loop's wake-up, and moves the
 * per-channel pipeline work off the hub thread, which also has to keep up with the engine's updates.
 * <p>
 * Bytes handed over but not yet given to Netty are invisible to the channel's writability, so each connection
 * counts them ({@link Connection#handedBytes}, {@link Connection#transferredBytes}) and the hub's back-pressure
 * adds them to what Netty holds.
 * <p>
 * Batches are pooled: the loop returns a batch once written and the hub reuses it, so steady state allocates
 * nothing. The hub fills one batch at a time ({@link #add}, then {@link #dispatch}); the loop owns a dispatched
 * batch until it hands it back.
 */
final class LoopHandoff
{
    /**
     * Connections per task: a loop runs a task whole, so a task as long as a whole pass (thousands of connections)
     * would hold back its reads, accepts and handshakes; between tasks the loop gets to its I/O.
     */
    static final int MAX_BATCH = 32;
    private static final int POOL = 256;

    private final EventLoop loop;
    private final OneToOneConcurrentArrayQueue<Batch> free = new OneToOneConcurrentArrayQueue<>(POOL);
    /** Hub: the batch being filled, or null. */
    private Batch filling;
    /** Hub: already in the hub's list of hand-offs to dispatch. */
    boolean pending;

    LoopHandoff(final EventLoop loop)
    {
        this.loop = loop;
    }

    /** Hub: queues a write of {@code out} (ownership passes) to the connection, whose channel is on this loop. */
    void add(final Connection connection, final ByteBuf out)
    {
        if (filling == null)
        {
            final Batch pooled = free.poll();
            filling = pooled != null ? pooled : new Batch();
        }
        connection.handedBytes += out.readableBytes();
        filling.add(connection, out);
        if (filling.size == MAX_BATCH)
        {
            dispatch();
        }
    }

    /** Hub: hands the batch being filled to the loop. */
    void dispatch()
    {
        final Batch batch = filling;
        filling = null;
        if (batch != null)
        {
            loop.execute(batch);
        }
    }

    /** Writes and flushes on the event loop, then goes back to the pool. */
    private final class Batch implements Runnable
    {
        private final Connection[] connections = new Connection[MAX_BATCH];
        private final ByteBuf[] buffers = new ByteBuf[MAX_BATCH];
        private int size;

        void add(final Connection connection, final ByteBuf out)
        {
            connections[size] = connection;
            buffers[size] = out;
            size++;
        }

        @Override
        public void run()
        {
            try
            {
                for (int i = 0; i < size; i++)
                {
                    final Connection connection = connections[i];
                    final ByteBuf out = buffers[i];
                    buffers[i] = null;
                    connections[i] = null;
                    final int bytes = out.readableBytes();
                    final Channel channel = connection.channel;
                    try
                    {
                        // On the loop: Netty takes it now (its writability counts it from here on); a closed
                        // channel fails the write and releases the buffer.
                        channel.writeAndFlush(out, channel.voidPromise());
                    }
                    finally
                    {
                        connection.transferred(bytes);
                    }
                }
            }
            finally
            {
                for (int i = 0; i < size; i++)
                {
                    if (buffers[i] != null)
                    {
                        connections[i].transferred(buffers[i].readableBytes());
                        buffers[i].release();
                        buffers[i] = null;
                        connections[i] = null;
                    }
                }
                size = 0;
                // A full pool (more batches in flight than it holds) lets this one go to the collector.
                free.offer(this);
            }
        }
    }
}
