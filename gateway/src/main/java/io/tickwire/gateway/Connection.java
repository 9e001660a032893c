package io.tickwire.gateway;

import java.util.HashMap;
import java.util.Map;

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
    /** Hub: closed or being closed; nothing more is written. */
    boolean closing;

    Connection(final Channel channel, final WireEncoding encoding)
    {
        this.channel = channel;
        this.encoding = encoding;
    }
}
