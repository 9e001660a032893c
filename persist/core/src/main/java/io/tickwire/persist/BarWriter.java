package io.tickwire.persist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import com.lmax.disruptor.EventHandler;
import io.tickwire.engine.output.UpdateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output-ring consumer that persists the engine's final bars and corrections ({@code isFinal}, any rev) into
 * {@link BarSink}s. The ring thread only converts each final bar to a {@link BarRecord} and offers it to one
 * bounded queue per sink; each sink has its own thread ({@code bar-writer-<sink name>}) that writes in batches with
 * retry and backoff, so a slow or failing store stalls only itself and never the ring (which never waits for its
 * consumers either).
 * <p>
 * At least once, shown once: bar upserts keep the highest rev per (symbol, tf, start), so writing a bar again is
 * harmless. Whatever a sink may have missed is written again from the engine's memory ({@link FinalBarSource}):
 * once at start (bars finalised while the process was down or just before a crash), when its queue was full, and
 * when the ring flags a gap ({@code gapBefore}) because this consumer fell a whole ring behind.
 * <p>
 * The sink threads start with {@link #start()} or, when this writer is an output-ring consumer, when the ring
 * starts. {@link #close()} stops them and closes the sinks; idempotent.
 */
public final class BarWriter implements EventHandler<UpdateEvent>, AutoCloseable
{
    /** Bars queued per sink before the writer drops and reconciles instead. */
    public static final int DEFAULT_QUEUE_CAPACITY = 131_072;

    private static final Logger LOG = LoggerFactory.getLogger(BarWriter.class);

    private final BarSinkAgent[] agents;
    private final AgentThread[] threads;
    private final List<WriterMetrics> metrics;
    private final IntFunction<String> symbolName;
    private final IntFunction<String> tfName;
    private String lastEventError;

    /**
     * A writer for some sinks, not yet started.
     *
     * @param sinks      the bar stores; owned (and closed) by this writer from now on.
     * @param symbolName symbol name of a dense symbol id (safe to call on the ring thread).
     * @param tfName     timeframe name of a timeframe index, e.g. from {@code Timeframes.name(int)}.
     * @param engineBars the engine's final bars, for reconciliation.
     * @param settings   batching and backoff.
     */
    public BarWriter(final List<BarSink> sinks, final IntFunction<String> symbolName, final IntFunction<String> tfName,
        final FinalBarSource engineBars, final WriterSettings settings)
    {
        this(sinks, symbolName, tfName, engineBars, settings, DEFAULT_QUEUE_CAPACITY);
    }

    BarWriter(final List<BarSink> sinks, final IntFunction<String> symbolName, final IntFunction<String> tfName,
        final FinalBarSource engineBars, final WriterSettings settings, final int queueCapacity)
    {
        Objects.requireNonNull(engineBars, "engineBars");
        Objects.requireNonNull(settings, "settings");
        this.symbolName = Objects.requireNonNull(symbolName, "symbolName");
        this.tfName = Objects.requireNonNull(tfName, "tfName");
        this.agents = new BarSinkAgent[sinks.size()];
        this.threads = new AgentThread[sinks.size()];
        final List<WriterMetrics> all = new ArrayList<>();
        for (int i = 0; i < agents.length; i++)
        {
            agents[i] = new BarSinkAgent(sinks.get(i), engineBars, settings, queueCapacity);
            threads[i] = new AgentThread(agents[i], LOG);
            all.add(agents[i].metrics());
        }
        this.metrics = Collections.unmodifiableList(all);
    }

    /** Starts one thread per sink; returns at once (the stores are opened on those threads). Idempotent. */
    public void start()
    {
        for (final AgentThread thread : threads)
        {
            thread.start();
        }
    }

    /**
     * One set of counters per sink, in the order the sinks were given.
     *
     * @return metrics, readable from any thread.
     */
    public List<WriterMetrics> metrics()
    {
        return metrics;
    }

    /** Starts the sink threads when the output ring starts this consumer. */
    @Override
    public void onStart()
    {
        start();
    }

    /**
     * Converts a final bar and offers it to every sink's queue; never blocks and never throws (the ring would stop
     * this consumer).
     *
     * @param event      the update.
     * @param sequence   ring sequence.
     * @param endOfBatch whether last of the ring's batch.
     */
    @Override
    public void onEvent(final UpdateEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.gapBefore)
        {
            for (final BarSinkAgent agent : agents)
            {
                agent.markReconcile();
            }
        }
        if (event.kind != UpdateEvent.KIND_BAR || !event.isFinal)
        {
            return;
        }
        try
        {
            final BarRecord bar = new BarRecord(symbolName.apply(event.symbolId), tfName.apply(event.tfIndex),
                event.tsNs, event.open, event.high, event.low, event.close, event.barVolume, event.count,
                event.barVolume == 0 ? 0 : event.vwap(), event.rev, event.seq);
            final BarSinkAgent.QueuedBar queued = new BarSinkAgent.QueuedBar(bar, event.receivedNs);
            for (final BarSinkAgent agent : agents)
            {
                agent.offer(queued);
            }
        }
        catch (final Exception ex)
        {
            // A bar that cannot be converted is not lost for good: reconciliation reads the engine's memory.
            for (final BarSinkAgent agent : agents)
            {
                agent.markReconcile();
            }
            final String message = DistinctErrorLog.describe(ex);
            if (!message.equals(lastEventError))
            {
                lastEventError = message;
                LOG.warn("bar writer could not convert a final bar (symbol id {}, tf index {}): {}", event.symbolId,
                    event.tfIndex, message);
            }
        }
    }

    /** Stops the sink threads (after their store calls in flight) and closes the sinks; idempotent. */
    @Override
    public void close()
    {
        for (final AgentThread thread : threads)
        {
            thread.close();
        }
    }
}
