package io.tickwire.gateway;

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
    /** Hub: closed or being closed; nothing more is written. */
    boolean closing;

    Connection(final Channel channel, final WireEncoding encoding)
    {
        this.channel = channel;
        this.encoding = encoding;
    }
}
