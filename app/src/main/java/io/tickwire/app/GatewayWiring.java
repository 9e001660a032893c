package io.tickwire.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.EventHandler;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.gateway.AuthConfig;
import io.tickwire.gateway.AuthMode;
import io.tickwire.gateway.EngineStats;
import io.tickwire.gateway.GatewayConfig;
import io.tickwire.gateway.GatewayHub;
import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.GatewayServer;

/**
 * Connects the gateway to an engine node: the hub becomes an output-ring consumer before the node starts, the
 * server binds after the node is ready, and {@code /metrics} reads the node's counters through {@link EngineStats}.
 */
public final class GatewayWiring implements AutoCloseable
{
    private final GatewayServer server;
    private final GatewayHub hub;
    private boolean started;

    private GatewayWiring(final GatewayServer server, final GatewayHub hub)
    {
        this.server = server;
        this.hub = hub;
    }

    /**
     * Builds the gateway for a node that has not started yet and adds its hub to the output-ring consumers.
     *
     * @param config    resolved configuration.
     * @param node      the node, started later with {@code consumers}.
     * @param consumers the output-ring consumers being gathered.
     * @param stores    the stores the HTTP API reads older data from, and whose writers {@code /metrics} reports.
     * @return the wiring; {@link #start()} it once the node is ready.
     */
    public static GatewayWiring attach(final TickwireConfig config, final EngineNode node,
        final List<EventHandler<UpdateEvent>> consumers, final StoreWiring stores)
    {
        final Timeframes timeframes = config.timeframes();
        final GatewayConfig defaults = GatewayConfig.defaults(config.getInt(Settings.HTTP_PORT),
            Long.toString(System.currentTimeMillis(), 36));
        final GatewayConfig gatewayConfig = new GatewayConfig(defaults.port(), defaults.epoch(),
            config.getInt(Settings.WS_BAR_HISTORY), config.getInt(Settings.WS_TRADE_BUFFER),
            config.getInt(Settings.WS_MAX_SUBSCRIPTIONS), config.getInt(Settings.WS_CONTROL_RATE),
            config.getInt(Settings.WS_HIGH_WATER), config.getDurationNs(Settings.WS_SLOW_GRACE),
            defaults.pingIntervalNs(), defaults.idleTimeoutNs(), defaults.tickNs());
        final String[] tfNames = new String[timeframes.count()];
        for (int i = 0; i < tfNames.length; i++)
        {
            tfNames[i] = timeframes.name(i);
        }
        final GatewayHub[] hubRef = new GatewayHub[1];
        final GatewayMetrics metrics = new GatewayMetrics(new NodeStats(node, stores), tfNames,
            () -> hubRef[0].updates());
        // The engine exists once the node starts, before the output ring's thread does (Thread.start orders it).
        final GatewayHub hub = new GatewayHub(gatewayConfig, timeframes, id -> node.engine().symbols().name(id),
            metrics);
        hubRef[0] = hub;
        consumers.add(hub);
        final String jwks = config.get(Settings.JWT_JWKS_URL);
        final AuthConfig auth = new AuthConfig(AuthMode.of(config.get(Settings.AUTH_MODE)),
            config.get(Settings.JWT_SECRET), jwks == null ? null : URI.create(jwks),
            config.getDurationNs(Settings.JWT_JWKS_REFRESH), config.getInt(Settings.API_RATE),
            config.getInt(Settings.WS_CONNECT_RATE));
        return new GatewayWiring(new GatewayServer(gatewayConfig, hub, metrics,
            config.getInt(Settings.GATEWAY_THREADS), auth, stores.reads()), hub);
    }

    /**
     * The hub: the engine's recent state as the gateway holds it.
     *
     * @return the hub.
     */
    public GatewayHub hub()
    {
        return hub;
    }

    /**
     * Binds the HTTP and WebSocket port.
     *
     * @throws InterruptedException when interrupted while binding.
     */
    public void start() throws InterruptedException
    {
        server.start();
        started = true;
    }

    @Override
    public void close()
    {
        if (started)
        {
            server.close();
        }
    }

    /** The node's counters as the gateway's metrics read them. */
    private static final class NodeStats implements EngineStats
    {
        private static final RejectReason[] REASONS = RejectReason.values();
        private final EngineNode node;
        private final StoreWiring stores;
        private final List<String> reasons = new ArrayList<>();

        NodeStats(final EngineNode node, final StoreWiring stores)
        {
            this.node = node;
            this.stores = stores;
            for (final RejectReason reason : REASONS)
            {
                reasons.add(reason.name().toLowerCase(java.util.Locale.ROOT));
            }
        }

        @Override
        public long ingested()
        {
            return node.engine().counters().accepted();
        }

        @Override
        public List<String> rejectReasons()
        {
            return reasons;
        }

        @Override
        public long rejected(final int reasonIndex)
        {
            return node.engine().counters().rejected(REASONS[reasonIndex]) +
                node.ingest().counters().rejected(REASONS[reasonIndex]);
        }

        @Override
        public long late(final int tfIndex)
        {
            return node.engine().counters().lateFor(tfIndex);
        }

        @Override
        public long ringRemainingCapacity()
        {
            return node.ring().remainingCapacity();
        }

        @Override
        public long outputDropped()
        {
            return node.output() == null ? 0 : node.output().publisher().dropped();
        }

        @Override
        public List<StoreWriter> writers()
        {
            return stores.writers();
        }

        @Override
        public long cacheHits()
        {
            return stores.cacheMetrics().hits();
        }

        @Override
        public long cacheMisses()
        {
            return stores.cacheMetrics().misses();
        }
    }
}
