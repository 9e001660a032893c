package io.tickwire.gateway;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.tickwire.codecs.WireEncoding;

/**
 * One WebSocket client. The channel and encoding are fixed at the handshake; the subscriptions and back-pressure
 * state are owned by the hub thread only; the event loop never touches them.
 */
final class Connection
{
    private static final VarHandle TRANSFERRED;

    static
    {
        try
        {
            TRANSFERRED = MethodHandles.lookup().findVarHandle(Connection.class, "transferredBytes", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Channel channel;
    final WireEncoding encoding;
    final Map<String, Subscription> subscriptions = new HashMap<>();
    /** Hub: when the channel was first seen unwritable in the current episode, or -1. */
    long unwritableSinceNs = -1;
    /** Hub: flush pending at the end of this batch. */
    boolean touched;
    /**
     * Hub: the frames for this connection in the current batch, written with one {@code writeAndFlush} at its end
     * (one event-loop task per connection and batch). A single shared frame is held as a retained duplicate
     * ({@link #outShared}); from the second frame on they are gathered into one pooled buffer of this connection.
     */
    ByteBuf out;
    /** Hub: {@link #out} is a retained duplicate of a shared frame, not this connection's own buffer. */
    boolean outShared;
    /** Hub: messages in {@link #out}, counted in the metrics when the batch is written. */
    int outMessages;
    /** Hub: the conflation pass that last asked whether this connection is backlogged, and the answer. */
    long backlogPass = -1;
    boolean backlogged;
    /** Hub: the hand-off to this connection's event loop, once looked up. */
    LoopHandoff handoff;
    /** Hub: bytes handed to the event loop for this connection so far. */
    long handedBytes;
    /** Event loop (written), hub (read): of {@link #handedBytes}, those given to Netty so far. */
    @SuppressWarnings("unused")
    private volatile long transferredBytes;
    /** Hub: closed or being closed; nothing more is written. */
    boolean closing;

    Connection(final Channel channel, final WireEncoding encoding)
    {
        this.channel = channel;
        this.encoding = encoding;
    }

    /** Event loop: {@code bytes} of the handed-over output went to Netty (or were dropped with a closed channel). */
    void transferred(final long bytes)
    {
        // One writer (the channel's loop): an ordered store is enough, no read-modify-write.
        TRANSFERRED.setRelease(this, (long)TRANSFERRED.getOpaque(this) + bytes);
    }

    /** Hub: bytes handed to the event loop that Netty does not hold yet, so its writability does not count them. */
    long inHandoff()
    {
        return handedBytes - (long)TRANSFERRED.getAcquire(this);
    }
}
