package io.tickwire.app.loadgen;

import java.net.URI;
import java.util.List;

import io.tickwire.codecs.WireEncoding;

/**
 * What one {@link LoadGenerator} run does, validated by the command line.
 *
 * @param url             the server's {@code ws://HOST:PORT/ws} (without {@code ?encoding=}).
 * @param clients         connections to open.
 * @param symbolsPerClient symbols each connection subscribes.
 * @param channel         {@code trades} or {@code bars}.
 * @param tf              timeframe for {@code bars}, else ignored.
 * @param encoding        wire encoding asked with {@code ?encoding=}.
 * @param snapshot        {@code snapshot} of the subscribe, or -1 to leave the server's default.
 * @param conflateMs      {@code conflate} of the subscribe, milliseconds; 0 sends every update.
 * @param warmupNs        measured time discarded after all clients connected, nanoseconds.
 * @param durationNs      measured time after the warm-up, nanoseconds.
 * @param threads         client event-loop threads.
 * @param sourceAddresses local addresses the connections are spread over (empty: the OS chooses), so that
 *                        more than one range of ephemeral ports is available on loopback.
 * @param maxConnecting   handshakes in flight at once while connecting.
 * @param symbols         the symbols to spread the subscriptions over.
 * @param subscribeLate   true: every client subscribes only once all have connected (or failed), so that the
 *                        connect phase does not compete with the data of the clients already connected; false:
 *                        each subscribes as soon as its handshake is complete.
 */
public record LoadgenOptions(
    URI url,
    int clients,
    int symbolsPerClient,
    String channel,
    String tf,
    WireEncoding encoding,
    int snapshot,
    int conflateMs,
    long warmupNs,
    long durationNs,
    int threads,
    List<String> sourceAddresses,
    int maxConnecting,
    List<String> symbols,
    boolean subscribeLate)
{
    /**
     * Whether every update is sent, so a seq gap means an update the server conflated away under back-pressure.
     *
     * @return true when {@code conflate} is 0.
     */
    public boolean unconflated()
    {
        return conflateMs == 0;
    }
}
