package io.tickwire.app.loadgen;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * What one run measured. Latencies are in microseconds; counts of messages and bytes cover the measured window
 * (after the warm-up) only.
 *
 * @param clients          connections asked for.
 * @param connected        connections whose handshake completed.
 * @param openAtEnd        connections still open when the measurement ended.
 * @param failed           connections that never completed their handshake.
 * @param disconnects      connections closed by the server or the network after their handshake.
 * @param messages         frames received in the window.
 * @param dataMessages     trade, bar and quote messages in the window.
 * @param payloadBytes     WebSocket payload bytes received in the window (frame headers not counted).
 * @param skippedUpdates   updates missing between consecutive seqs of a stream in the window.
 * @param decodeFailures   frames the decoder refused.
 * @param serverErrors     {@code error} messages received.
 * @param resets           {@code reset} messages received.
 * @param untimed          data messages in the window without a usable {@code ri} (absent or 0).
 * @param finals           final bars in the window (counted, not timed: their {@code ri} is their last trade's).
 * @param windowNs         length of the measured window, nanoseconds.
 * @param connectNs        time to settle every connection attempt, nanoseconds.
 * @param latencyUs        receive time − {@code ri}, microseconds.
 * @param firstError       the first error seen, or null.
 */
public record LoadgenResult(
    int clients,
    int connected,
    int openAtEnd,
    int failed,
    int disconnects,
    long messages,
    long dataMessages,
    long payloadBytes,
    long skippedUpdates,
    long decodeFailures,
    long serverErrors,
    long resets,
    long untimed,
    long finals,
    long windowNs,
    long connectNs,
    Histogram latencyUs,
    String firstError)
{
    /**
     * Frames per second over the window.
     *
     * @return messages per second.
     */
    public double messagesPerSecond()
    {
        return windowNs <= 0 ? 0 : messages * 1e9 / windowNs;
    }

    /**
     * Mean payload bytes per frame.
     *
     * @return bytes per message, 0 without messages.
     */
    public double bytesPerMessage()
    {
        return messages == 0 ? 0 : (double)payloadBytes / messages;
    }

    /**
     * The latency at a percentile.
     *
     * @param percentile 0..100.
     * @return microseconds, 0 without samples.
     */
    public long percentileUs(final double percentile)
    {
        return latencyUs.getTotalCount() == 0 ? 0 : latencyUs.getValueAtPercentile(percentile);
    }

    /**
     * A percentile for the summary: {@code n/a} without samples, so that no figure is made up.
     *
     * @param percentile 0..100.
     * @return microseconds as text.
     */
    private String figure(final double percentile)
    {
        return latencyUs.getTotalCount() == 0 ? "n/a" : Long.toString(latencyUs.getValueAtPercentile(percentile));
    }

    /**
     * The summary, several lines; the last one has every figure as {@code key=value}.
     *
     * @return the text, ending with a newline.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(512);
        sb.append(String.format(Locale.ROOT,
            "loadgen: clients=%d connected=%d open=%d failed=%d disconnects=%d connect_ms=%d%n",
            clients, connected, openAtEnd, failed, disconnects, connectNs / 1_000_000));
        sb.append(String.format(Locale.ROOT,
            "loadgen: window=%.1fs messages=%d data=%d msgs/s=%.0f bytes/msg=%.1f skipped=%d decode_failures=%d " +
            "server_errors=%d resets=%d untimed=%d finals=%d%n",
            windowNs / 1e9, messages, dataMessages, messagesPerSecond(), bytesPerMessage(), skippedUpdates,
            decodeFailures, serverErrors, resets, untimed, finals));
        if (firstError != null)
        {
            sb.append("loadgen: first error: ").append(firstError).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT,
            "loadgen: latency_us samples=%d p50=%d p90=%d p99=%d p999=%d max=%d mean=%.0f%n",
            latencyUs.getTotalCount(), percentileUs(50), percentileUs(90), percentileUs(99), percentileUs(99.9),
            latencyUs.getTotalCount() == 0 ? 0 : latencyUs.getMaxValue(),
            latencyUs.getTotalCount() == 0 ? 0.0 : latencyUs.getMean()));
        sb.append(String.format(Locale.ROOT,
            "loadgen: clients=%d connected=%d failed=%d disconnects=%d msgs/s=%.0f data/s=%.0f bytes/msg=%.1f " +
            "resets=%d skipped=%d samples=%d p50=%s p90=%s p99=%s p999=%s max=%s%n",
            clients, connected, failed, disconnects, messagesPerSecond(),
            windowNs <= 0 ? 0 : dataMessages * 1e9 / windowNs, bytesPerMessage(), resets, skippedUpdates,
            latencyUs.getTotalCount(), figure(50), figure(90), figure(99), figure(99.9), figure(100)));
        return sb.toString();
    }
}
