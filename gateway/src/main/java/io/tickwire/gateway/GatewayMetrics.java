package io.tickwire.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tickwire.codecs.WireEncoding;

/**
 * The gateway's Prometheus metrics (SPEC §10) in a registry of its own: WebSocket connections, messages and bytes by
 * encoding, tick-to-send latency, slow-consumer and rate-limit closes, HTTP requests, the engine's counters through
 * {@link EngineStats}, and the JVM. Updating a counter is lock-free and allocation-free; thread-safe.
 */
public final class GatewayMetrics
{
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AtomicInteger connections = new AtomicInteger();
    private final CounterDataPoint[] messages = new CounterDataPoint[WireEncoding.values().length];
    private final CounterDataPoint[] bytes = new CounterDataPoint[WireEncoding.values().length];
    private final Histogram tickToSend;
    private final CounterDataPoint slowClosed;
    private final CounterDataPoint rateLimited;
    private final CounterDataPoint resyncs;
    private final CounterDataPoint hubWrites;
    private final Counter httpRequests;

    /**
     * Registers every metric.
     *
     * @param engine     the engine's counters.
     * @param timeframes timeframe names, by index, for the late counter's label.
     * @param hubUpdates updates the hub consumed from the output ring.
     */
    public GatewayMetrics(final EngineStats engine, final String[] timeframes, final LongSupplier hubUpdates)
    {
        GaugeWithCallback.builder().name("tickwire_ws_connections").help("Open WebSocket connections")
            .callback(cb -> cb.call(connections.get())).register(registry);
        final Counter messageCounter = Counter.builder().name("tickwire_ws_messages_total")
            .help("WebSocket messages sent, by encoding").labelNames("encoding").register(registry);
        final Counter byteCounter = Counter.builder().name("tickwire_ws_bytes_total")
            .help("WebSocket bytes sent (frames with headers), by encoding").labelNames("encoding").register(registry);
        hubWrites = Counter.builder().name("tickwire_ws_hub_writes_total")
            .help("Batches of messages the hub handed to the event loops, one per connection and pass "
                + "(messages / batches = how well fan-out coalesces)")
            .register(registry).labelValues();
        for (final WireEncoding encoding : WireEncoding.values())
        {
            messages[encoding.ordinal()] = messageCounter.labelValues(encoding.queryValue());
            bytes[encoding.ordinal()] = byteCounter.labelValues(encoding.queryValue());
        }
        tickToSend = Histogram.builder().name("tickwire_tick_to_send_seconds")
            .help("From the engine's receipt of the causing trade to the gateway's hand-off of the update to the "
                + "event loops (wall clock)")
            .classicUpperBounds(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                0.25, 0.5, 1, 2.5)
            .classicOnly().register(registry);
        final Counter closes = Counter.builder().name("tickwire_ws_closes_total")
            .help("WebSocket connections closed by the server, by reason").labelNames("reason").register(registry);
        slowClosed = closes.labelValues("slow_consumer");
        rateLimited = closes.labelValues("rate_limited");
        resyncs = Counter.builder().name("tickwire_ws_resyncs_total")
            .help("Trade subscriptions reset (RESYNC) because the output ring dropped updates of their stream")
            .register(registry)
            .labelValues();
        httpRequests = Counter.builder().name("tickwire_http_requests_total").help("HTTP requests by path and status")
            .labelNames("path", "status").register(registry);
        CounterWithCallback.builder().name("tickwire_trades_ingested_total").help("Trades accepted by the engine")
            .callback(cb -> cb.call(engine.ingested())).register(registry);
        CounterWithCallback.builder().name("tickwire_trades_rejected_total").help("Trades rejected, by reason")
            .labelNames("reason").callback(cb ->
            {
                for (int i = 0; i < engine.rejectReasons().size(); i++)
                {
                    cb.call(engine.rejected(i), engine.rejectReasons().get(i));
                }
            }).register(registry);
        CounterWithCallback.builder().name("tickwire_trades_late_total")
            .help("Trades beyond the grace for a timeframe, by timeframe").labelNames("tf").callback(cb ->
            {
                for (int i = 0; i < timeframes.length; i++)
                {
                    cb.call(engine.late(i), timeframes[i]);
                }
            }).register(registry);
        GaugeWithCallback.builder().name("tickwire_ring_remaining_capacity").help("Free slots in the engine ring")
            .callback(cb -> cb.call(engine.ringRemainingCapacity())).register(registry);
        CounterWithCallback.builder().name("tickwire_output_dropped_total")
            .help("Updates the output ring dropped because a consumer fell a whole ring behind")
            .callback(cb -> cb.call(engine.outputDropped())).register(registry);
        CounterWithCallback.builder().name("tickwire_gateway_updates_total")
            .help("Updates the gateway consumed from the output ring")
            .callback(cb -> cb.call(hubUpdates.getAsLong())).register(registry);
        StoreMetrics.register(registry, engine);
        JvmMetrics.builder().register(registry);
    }

    /** A connection completed its WebSocket handshake. */
    void connectionOpened()
    {
        connections.incrementAndGet();
    }

    /** A WebSocket connection closed. */
    void connectionClosed()
    {
        connections.decrementAndGet();
    }

    /**
     * Open WebSocket connections.
     *
     * @return count.
     */
    public int connections()
    {
        return connections.get();
    }

    void sent(final WireEncoding encoding, final int frameBytes)
    {
        messages[encoding.ordinal()].inc();
        bytes[encoding.ordinal()].inc(frameBytes);
    }

    void sent(final WireEncoding encoding, final int frames, final int frameBytes)
    {
        hubWrites.inc();
        messages[encoding.ordinal()].inc(frames);
        bytes[encoding.ordinal()].inc(frameBytes);
    }

    void tickToSend(final long nanos)
    {
        tickToSend.observe(Math.max(0, nanos) / 1e9);
    }

    void slowConsumerClosed()
    {
        slowClosed.inc();
    }

    /**
     * Connections closed with 4008 so far.
     *
     * @return count.
     */
    public long slowConsumerCloses()
    {
        return slowClosed.getLongValue();
    }

    void rateLimitClosed()
    {
        rateLimited.inc();
    }

    void resync(final int subscriptions)
    {
        resyncs.inc(subscriptions);
    }

    /**
     * Trade subscriptions reset (RESYNC) after dropped updates so far.
     *
     * @return count.
     */
    long resyncs()
    {
        return resyncs.getLongValue();
    }

    void httpRequest(final String path, final int status)
    {
        httpRequests.labelValues(path, Integer.toString(status)).inc();
    }

    /**
     * The Prometheus text exposition of every metric.
     *
     * @return UTF-8 bytes.
     */
    byte[] scrape()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            writer.write(out, registry.scrape());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return out.toByteArray();
    }

    /**
     * Content type of {@link #scrape()}.
     *
     * @return such as {@code text/plain; version=0.0.4; charset=utf-8}.
     */
    String contentType()
    {
        return writer.getContentType();
    }
}
