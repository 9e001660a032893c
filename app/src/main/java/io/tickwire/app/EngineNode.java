package io.tickwire.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.ingest.IngestAgent;
import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.journal.CheckpointWriter;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.journal.Recovery;
import io.tickwire.engine.output.OutputRing;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.engine.ring.EngineHandler;
import io.tickwire.engine.ring.EngineRing;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine half of {@code tickwire serve}, wired: journal, recovery (checkpoint + journal tail), the ring and
 * its engine thread, the ingest agent with its source, and the checkpoint writer. Later modules (gateway, writers,
 * Kafka) attach as consumers of the output ring, or tail the journal.
 * <p>
 * Start and stop from one thread; {@link #close()} is idempotent and leaves a final checkpoint.
 */
public final class EngineNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineNode.class);

    private final TickwireConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Journal journal;
    private BarEngine engine;
    private EngineRing ring;
    private EngineHandler handler;
    private IngestAgent ingest;
    private AgentRunner ingestRunner;
    private AgentRunner checkpointRunner;
    private Recovery recovery;
    private OutputRing output;
    private LongSupplier journalReadersFloor = () -> Long.MAX_VALUE;

    /**
     * A node for a configuration; nothing runs until {@link #start}.
     *
     * @param config the concluded configuration.
     */
    public EngineNode(final TickwireConfig config)
    {
        this.config = config;
    }

    /**
     * Recovers the state and starts the threads.
     *
     * @param source    where trades come from (see {@link Sources}).
     * @param consumers downstream consumers of the output ring (gateway, Kafka aggregates…), may be empty.
     * @return this.
     * @throws IOException when the data directory cannot be used.
     */
    public EngineNode start(final TradeSource source, final List<EventHandler<UpdateEvent>> consumers)
        throws IOException
    {
        final Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        journal = new Journal(dataDir.resolve("journal"));
        engine = new BarEngine(config.timeframes(), config.graceNs(), config.barHistory(),
            config.getInt(Settings.MAX_SYMBOLS), BarListener.NONE);

        final String fingerprint = fingerprint(config);
        final Path checkpointDir = dataDir.resolve("checkpoints");
        recovery = new Recovery().recover(engine, fingerprint, checkpointDir, journal);
        if (!consumers.isEmpty())
        {
            output = new OutputRing(config.getInt(Settings.OUTPUT_RING_SIZE), consumers, EngineNode::outputThread);
            engine.listener(output.publisher());
            // Consumers start empty: hand them what recovery rebuilt before new trades flow.
            engine.publishState();
        }

        final ErrorHandler errors = ex -> LOG.atError().addKeyValue("event", "agent_error").setCause(ex)
            .log("agent failed; it keeps running");
        final CheckpointWriter checkpoints = new CheckpointWriter(checkpointDir, fingerprint, journal,
            config.getInt(Settings.JOURNAL_RETENTION_DAYS));
        checkpoints.retainFrom(journalReadersFloor);
        checkpointRunner = new AgentRunner(new SleepingMillisIdleStrategy(5), errors, null, checkpoints);
        AgentRunner.startOnThread(checkpointRunner);

        handler = new EngineHandler(engine, recovery.positions(), recovery.journalIndex(), recovery.arrivalSeq(),
            checkpoints, config.getLong(Settings.CHECKPOINT_EVENTS),
            config.getDurationNs(Settings.CHECKPOINT_INTERVAL));
        ring = new EngineRing(config.getInt(Settings.RING_SIZE), config.get(Settings.ENGINE_WAIT),
            config.getCpu(Settings.ENGINE_CPU), handler);

        ingest = new IngestAgent(source, journal, ring.ringBuffer(), new SystemEpochNanoClock(),
            config.getDurationNs(Settings.CLOCK_TICK), config.getCpu(Settings.INGEST_CPU), recovery.arrivalSeq(),
            recovery.positions());
        // Idle, the ingest thread parks at once, 100 µs growing to 1 ms: on two cores only one thread may spin, and on
        // a virtualised host each timed park costs ~20 µs of CPU, so short parks cost more than they save.
        ingestRunner = new AgentRunner(new BackoffIdleStrategy(0, 0, 100_000, 1_000_000), errors, null, ingest);
        AgentRunner.startOnThread(ingestRunner);
        return this;
    }

    /**
     * Keeps the journal readable from the position of its slowest other reader (store writers tail it); set before
     * {@link #start}.
     *
     * @param floor journal index still needed, -1 for everything, Long.MAX_VALUE for no constraint.
     */
    public void retainJournalFrom(final LongSupplier floor)
    {
        this.journalReadersFloor = floor;
    }

    /**
     * The journal, for its other readers (store writers); open once {@link #start} returned.
     *
     * @return the journal.
     */
    public Journal journal()
    {
        return journal;
    }

    /**
     * Event time of synthetic trade 0: configured, or fixed at the first start and kept in the data directory so
     * that a restarted feed continues the same tape.
     *
     * @param config  the configuration.
     * @param dataDir the data directory.
     * @return epoch nanoseconds.
     * @throws IOException when the origin file cannot be read or written.
     */
    public static long feedOrigin(final TickwireConfig config, final Path dataDir) throws IOException
    {
        if (config.get(Settings.FEED_ORIGIN) != null)
        {
            return config.getLong(Settings.FEED_ORIGIN);
        }
        final Path file = dataDir.resolve("feed-origin");
        if (Files.exists(file))
        {
            return Long.parseLong(Files.readString(file).trim());
        }
        final long origin = System.currentTimeMillis() / 1000 * 1_000_000_000L;
        final Path temporary = dataDir.resolve("feed-origin.tmp");
        Files.writeString(temporary, Long.toString(origin));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return origin;
    }

    /**
     * What the checkpointed state depends on: a checkpoint taken under another fingerprint is ignored and the
     * journal replayed whole instead.
     *
     * @param config the configuration.
     * @return a short text.
     */
    public static String fingerprint(final TickwireConfig config)
    {
        return "tf=" + config.timeframes() + ";graceNs=" + config.graceNs() + ";history=" + config.barHistory();
    }

    /**
     * What recovery found.
     *
     * @return the recovery.
     */
    public Recovery recovery()
    {
        return recovery;
    }

    /**
     * The engine; its state belongs to the engine thread.
     *
     * @return the engine.
     */
    public BarEngine engine()
    {
        return engine;
    }

    /**
     * The output ring, for its drop counter.
     *
     * @return the ring, or null when no consumer is attached.
     */
    public OutputRing output()
    {
        return output;
    }

    /**
     * The ring, for its remaining capacity.
     *
     * @return the ring.
     */
    public EngineRing ring()
    {
        return ring;
    }

    /**
     * The ingest agent, for its counters and progress.
     *
     * @return the agent.
     */
    public IngestAgent ingest()
    {
        return ingest;
    }

    /**
     * The engine handler, for the applied arrival sequence.
     *
     * @return the handler.
     */
    public EngineHandler handler()
    {
        return handler;
    }

    /**
     * Stops taking trades: nothing more is journaled once this returns (the journal's other readers can then catch
     * up with a journal that no longer grows). Idempotent; {@link #close()} calls it first.
     */
    public void stopIngest()
    {
        if (ingestRunner != null)
        {
            ingestRunner.close();
        }
    }

    /**
     * Stops ingest, drains the ring into the engine, writes a final checkpoint and closes the journal.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        stopIngest();
        if (ring != null)
        {
            ring.close();
        }
        if (output != null)
        {
            output.close();
        }
        if (checkpointRunner != null)
        {
            checkpointRunner.close();
        }
        if (handler != null)
        {
            try
            {
                handler.finalCheckpoint();
            }
            catch (final IOException ex)
            {
                LOG.atError().addKeyValue("event", "final_checkpoint_failed").setCause(ex)
                    .log("final checkpoint failed; the next start replays more of the journal");
            }
        }
        if (journal != null)
        {
            journal.close();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    /**
     * An output-ring consumer's thread: a Netty {@link FastThreadLocalThread}, because the gateway hub allocates its
     * outgoing frames on it. On any other thread Netty 4.2's pooled allocator keeps no thread cache and its recycler
     * makes a new buffer object per frame (measured: 14 % of the hub's CPU in allocation at 50k trades/s).
     */
    private static Thread outputThread(final Runnable runnable)
    {
        final Thread thread = new FastThreadLocalThread(runnable, "tickwire-output");
        thread.setDaemon(true);
        return thread;
    }
}
