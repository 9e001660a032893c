package io.tickwire.app.cli;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import io.tickwire.app.AggregatesProducer;
import io.tickwire.app.EngineNode;
import io.tickwire.app.StoreWiring;
import io.tickwire.app.GatewayWiring;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.app.Sources;
import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.gateway.HubBarSource;
import io.tickwire.engine.bars.EngineCounters;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.journal.Recovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tickwire serve}: the main job. Without configuration it runs the embedded default: the synthetic feed
 * through journal, ring and bar engine, with JSON logs and periodic stats. SIGTERM or Ctrl-C stops it cleanly
 * with a final checkpoint; a kill -9 loses nothing (the next start replays the journal).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the engine: ingest, journal, bars (embedded synthetic feed unless Kafka is configured).")
public final class ServeCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    private ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception
    {
        final TickwireConfig config;
        try
        {
            config = configOptions.conclude();
        }
        catch (final TickwireConfig.ConfigException ex)
        {
            System.err.println("tickwire serve: " + ex.getMessage());
            return 2;
        }
        LOG.atInfo().addKeyValue("event", "config").addKeyValue("config", config.describe())
            .log("resolved configuration");

        final long startNs = System.nanoTime();
        Files.createDirectories(config.dataDir());
        final TradeSource source = Sources.create(config, config.dataDir());
        final List<EventHandler<UpdateEvent>> consumers = new ArrayList<>();
        final EngineNode node = new EngineNode(config);
        final StoreWiring stores = StoreWiring.open(config);
        final GatewayWiring gateway = GatewayWiring.attach(config, node, consumers, stores);
        final HubBarSource engineBars = new HubBarSource(gateway.hub());
        final AggregatesProducer aggregates = AggregatesProducer.attach(config, node, engineBars, consumers);
        stores.attachBarWriter(node, config, engineBars, consumers);
        node.retainJournalFrom(stores::journalFloor);
        node.start(source, consumers);
        stores.start(node, config.dataDir(), engineBars);
        final Recovery recovery = node.recovery();
        LOG.atInfo().addKeyValue("event", "ready")
            .addKeyValue("checkpoint", recovery.checkpoint() == null ? "none" : recovery.checkpoint().describe())
            .addKeyValue("replayed", recovery.replayed())
            .addKeyValue("recovery_ms", TimeUnit.NANOSECONDS.toMillis(recovery.durationNs()))
            .addKeyValue("ready_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs))
            .addKeyValue("arrival_seq", recovery.arrivalSeq())
            .log("engine ready: recovered {} journaled events after checkpoint", recovery.replayed());
        try
        {
            gateway.start();
        }
        catch (final Exception ex)
        {
            System.err.println("tickwire serve: cannot serve HTTP/WebSocket on TICKWIRE_HTTP_PORT=" +
                config.get(Settings.HTTP_PORT) + ": " + ex);
            stores.close();
            node.close();
            if (aggregates != null)
            {
                aggregates.close();
            }
            return 2;
        }

        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            LOG.atInfo().addKeyValue("event", "stopping").log("stopping: draining the ring, final checkpoint");
            gateway.close();
            // Writers read the journal the node closes: stop ingest, let them catch up, then stop them.
            node.stopIngest();
            stores.drain(node.ingest().publishedArrivalSeq());
            stores.close();
            node.close();
            if (aggregates != null)
            {
                aggregates.close();
            }
            LOG.atInfo().addKeyValue("event", "stopped").log("stopped");
            stopped.countDown();
        }, "tickwire-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        reportUntilStopped(config, node, stopped);
        return 0;
    }

    private static void reportUntilStopped(
        final TickwireConfig config,
        final EngineNode node,
        final CountDownLatch stopped) throws InterruptedException
    {
        final long intervalMs = TimeUnit.NANOSECONDS.toMillis(config.getDurationNs(Settings.STATS_INTERVAL));
        final EngineCounters counters = node.engine().counters();
        final EngineCounters ingestCounters = node.ingest().counters();
        long lastAccepted = counters.accepted();
        long lastNs = System.nanoTime();
        boolean exhaustedReported = false;
        while (!stopped.await(Math.min(intervalMs, 200), TimeUnit.MILLISECONDS))
        {
            final long nowNs = System.nanoTime();
            final long applied = node.handler().appliedArrivalSeq();
            if (!exhaustedReported && node.ingest().isSourceExhausted() &&
                applied == node.ingest().publishedArrivalSeq())
            {
                exhaustedReported = true;
                LOG.atInfo().addKeyValue("event", "feed_exhausted").addKeyValue("arrival_seq", applied)
                    .log("synthetic feed exhausted; every trade applied");
            }
            if (TimeUnit.NANOSECONDS.toMillis(nowNs - lastNs) < intervalMs)
            {
                continue;
            }
            final long accepted = counters.accepted();
            long rejected = counters.rejected();
            for (final RejectReason reason : RejectReason.values())
            {
                rejected += ingestCounters.rejected(reason);
            }
            LOG.atInfo().addKeyValue("event", "stats")
                .addKeyValue("accepted", accepted)
                .addKeyValue("trades_per_s", (accepted - lastAccepted) * 1_000_000_000L / Math.max(1, nowNs - lastNs))
                .addKeyValue("late", counters.late())
                .addKeyValue("rejected", rejected)
                .addKeyValue("bar_updates", counters.barUpdates())
                .addKeyValue("corrections", counters.corrections())
                .addKeyValue("symbols", node.engine().symbols().size())
                .addKeyValue("ring_remaining", node.ring().remainingCapacity())
                .addKeyValue("applied_arrival_seq", applied)
                .addKeyValue("published_arrival_seq", node.ingest().publishedArrivalSeq())
                .log("stats");
            lastAccepted = accepted;
            lastNs = nowNs;
        }
    }
}
