package io.tickwire.gateway;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The stores' part of {@code /metrics} (SPEC §10): per-writer rows, errors and lag, and the cache hit ratio.
 * Values are read from the writers' own thread-safe counters at scrape time.
 */
final class StoreMetrics
{
    private static final double NANOS_PER_SECOND = 1e9;

    private StoreMetrics()
    {
    }

    static void register(final PrometheusRegistry registry, final EngineStats engine)
    {
        CounterWithCallback.builder().name("tickwire_writer_rows_total")
            .help("Rows a store writer has made durable, by store and kind (trades, bars)")
            .labelNames("store", "kind").callback(cb ->
            {
                for (final EngineStats.StoreWriter w : engine.writers())
                {
                    cb.call(w.metrics().rowsWritten(), w.store(), w.kind());
                }
            }).register(registry);
        CounterWithCallback.builder().name("tickwire_writer_errors_total")
            .help("Failed store calls of a writer (each retried with backoff), by store and kind")
            .labelNames("store", "kind").callback(cb ->
            {
                for (final EngineStats.StoreWriter w : engine.writers())
                {
                    cb.call(w.metrics().errors(), w.store(), w.kind());
                }
            }).register(registry);
        GaugeWithCallback.builder().name("tickwire_writer_lag_seconds")
            .help("Age of the oldest row a store has not confirmed yet (0 when caught up), by store and kind")
            .labelNames("store", "kind").callback(cb ->
            {
                for (final EngineStats.StoreWriter w : engine.writers())
                {
                    cb.call(w.metrics().lagNanos() / NANOS_PER_SECOND, w.store(), w.kind());
                }
            }).register(registry);
        GaugeWithCallback.builder().name("tickwire_writer_lag_p99_seconds")
            .help("p99 since start of the time from receipt to durable in the store, by store and kind")
            .labelNames("store", "kind").callback(cb ->
            {
                for (final EngineStats.StoreWriter w : engine.writers())
                {
                    cb.call(w.metrics().lagP99Nanos() / NANOS_PER_SECOND, w.store(), w.kind());
                }
            }).register(registry);
        CounterWithCallback.builder().name("tickwire_cache_requests_total")
            .help("Cache (Redis) lookups of prices and bars, by result (hit, miss)").labelNames("result")
            .callback(cb ->
            {
                cb.call(engine.cacheHits(), "hit");
                cb.call(engine.cacheMisses(), "miss");
            }).register(registry);
        GaugeWithCallback.builder().name("tickwire_cache_hit_ratio")
            .help("Cache hits over lookups since start (NaN before the first lookup)")
            .callback(cb ->
            {
                final long hits = engine.cacheHits();
                final long total = hits + engine.cacheMisses();
                cb.call(total == 0 ? Double.NaN : (double)hits / total);
            }).register(registry);
    }
}
