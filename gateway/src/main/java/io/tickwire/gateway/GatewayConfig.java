package io.tickwire.gateway;

/**
 * The gateway's settings, resolved by the caller (the app maps {@code TICKWIRE_*} keys onto it).
 *
 * @param port              TCP port of HTTP and {@code /ws}; 0 picks a free one.
 * @param epoch             the engine incarnation named in snapshots.
 * @param barHistory        recent bars kept per symbol × timeframe for snapshots and history.
 * @param tradeBuffer       recent trades kept per symbol for resume.
 * @param maxSubscriptions  subscriptions one connection may hold.
 * @param controlPerSecond  control messages one connection may send per second.
 * @param highWaterBytes    outbound bytes queued on a connection above which its streams conflate.
 * @param slowGraceNs       how long a connection may stay above the high-water mark before 4008.
 * @param pingIntervalNs    server WebSocket ping period.
 * @param idleTimeoutNs     a connection silent this long is closed.
 * @param tickNs            period of the hub's housekeeping tick (conflation flushes, commands when idle).
 */
public record GatewayConfig(
    int port,
    String epoch,
    int barHistory,
    int tradeBuffer,
    int maxSubscriptions,
    int controlPerSecond,
    int highWaterBytes,
    long slowGraceNs,
    long pingIntervalNs,
    long idleTimeoutNs,
    long tickNs)
{
    /** Client frames larger than this close the connection with 1009 (SPEC §6). */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** HTTP request bodies larger than this are refused with 413 (SPEC §7). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Most bars in one {@code /api/historical} answer. */
    public static final int MAX_HISTORY_LIMIT = 10_000;

    /**
     * The SPEC defaults on a port.
     *
     * @param port  TCP port.
     * @param epoch engine incarnation.
     * @return defaults: 1,000 bars, 10,000 trades, 5,000 subscriptions, 50 messages/s, 1 MiB high water, 10 s
     *         grace, pings every 15 s, 30 s idle timeout, 2 ms tick.
     */
    public static GatewayConfig defaults(final int port, final String epoch)
    {
        return new GatewayConfig(port, epoch, 1000, 10_000, 5_000, 50, 1024 * 1024,
            10_000_000_000L, 15_000_000_000L, 30_000_000_000L, 2_000_000L);
    }
}
