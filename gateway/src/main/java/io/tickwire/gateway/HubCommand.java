package io.tickwire.gateway;

import java.util.List;
import java.util.Map;

/**
 * What event loops ask of the hub; queued (lock-free) and run on the hub's thread, so that every piece of stream and
 * subscription state has exactly one owner. Allocation here is per control message, never per update.
 */
sealed interface HubCommand
{
    /** A WebSocket handshake completed. */
    record Register(Connection connection) implements HubCommand
    {
    }

    /** The channel closed: forget its subscriptions. */
    record Disconnect(Connection connection) implements HubCommand
    {
    }

    /** A parsed, syntactically valid subscribe. */
    record Subscribe(
        Connection connection,
        long id,
        int channel,
        String tf,
        int snapshot,
        long conflateMs,
        boolean timing,
        List<String> symbols,
        Map<String, Long> resume) implements HubCommand
    {
    }

    /** A parsed, syntactically valid unsubscribe. */
    record Unsubscribe(Connection connection, long id, int channel, String tf, List<String> symbols)
        implements HubCommand
    {
    }

    /** Work that reads hub state (an HTTP query); it must not block. */
    record Task(Runnable work) implements HubCommand
    {
    }
}
