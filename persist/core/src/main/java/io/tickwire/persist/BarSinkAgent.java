package io.tickwire.persist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tickwire.engine.bars.Timeframes;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link BarSink}'s side of the {@link BarWriter}: a bounded queue filled by the output-ring thread and
 * drained by this agent's own thread in batches, with retry and backoff, plus reconciliation from the engine's
 * memory whenever the queue overflowed or the ring dropped updates (and once at start).
 * <p>
 * {@link #offer} and {@link #markReconcile} run on the ring thread and never block; everything else runs on the
 * agent thread.
 */
final class BarSinkAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(BarWriter.class);

    /**
     * A final bar with the receipt time of the event that caused it (for lag).
     *
     * @param bar        the bar.
     * @param receivedNs wall clock, epoch ns.
     */
    record QueuedBar(BarRecord bar, long receivedNs)
    {
    }

    private final BarSink sink;
    private final FinalBarSource engineBars;
    private final String role;
    private final WriterMetrics metrics;
    private final DistinctErrorLog errorLog;
    private final Backoff backoff;
    private final int batchRows;
    private final long batchDelayNs;
    private final OneToOneConcurrentArrayQueue<QueuedBar> queue;
    private final AtomicBoolean reconcileNeeded = new AtomicBoolean(true);
    private final AtomicLong droppedFloorNs = new AtomicLong(Long.MAX_VALUE);

    // Agent thread only.
    private final List<BarRecord> batch = new ArrayList<>();
    private final LongArrayList batchReceivedNs = new LongArrayList();
    private final List<BarRecord> reconciled = new ArrayList<>();
    private boolean open;
    private long batchStartNs;
    private boolean flushNow;
    private boolean reconcilePending;
    private long reconcileFloorNs = Long.MAX_VALUE;

    BarSinkAgent(final BarSink sink, final FinalBarSource engineBars, final WriterSettings settings,
        final int queueCapacity)
    {
        this.sink = sink;
        this.engineBars = engineBars;
        this.role = "bar-writer-" + sink.name();
        this.metrics = new WriterMetrics(sink.name());
        this.errorLog = new DistinctErrorLog(LOG, role);
        this.backoff = new Backoff(settings);
        this.batchRows = settings.batchRows();
        this.batchDelayNs = settings.batchDelay().toNanos();
        this.queue = new OneToOneConcurrentArrayQueue<>(queueCapacity);
    }

    WriterMetrics metrics()
    {
        return metrics;
    }

    /**
     * Queues a final bar; when the queue is full the bar is dropped and the store reconciled later. Ring thread.
     *
     * @param bar the bar.
     */
    void offer(final QueuedBar bar)
    {
        if (!queue.offer(bar))
        {
            droppedFloorNs.accumulateAndGet(bar.bar().startNs(), Math::min);
            reconcileNeeded.set(true);
            metrics.onDropped();
        }
    }

    /** The ring dropped updates this writer never saw: reconcile. Ring thread. */
    void markReconcile()
    {
        reconcileNeeded.set(true);
    }

    @Override
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        if (backoff.waiting(nowNs))
        {
            return 0;
        }
        if (!open)
        {
            try
            {
                sink.open();
            }
            catch (final Exception ex)
            {
                return fail("open", ex, nowNs);
            }
            open = true;
        }
        if (!batch.isEmpty() && flushNow)
        {
            // A batch whose write failed goes first, as it was.
            return write(nowNs);
        }
        if (reconcileNeeded.getAndSet(false))
        {
            reconcilePending = true;
            reconcileFloorNs = Math.min(reconcileFloorNs, droppedFloorNs.getAndSet(Long.MAX_VALUE));
        }
        if (reconcilePending)
        {
            return reconcile(nowNs);
        }
        int work = 0;
        QueuedBar next;
        while (batch.size() < batchRows && (next = queue.poll()) != null)
        {
            if (batch.isEmpty())
            {
                batchStartNs = nowNs;
                metrics.pending(next.receivedNs());
            }
            batch.add(next.bar());
            batchReceivedNs.addLong(next.receivedNs());
            work++;
        }
        if (!batch.isEmpty() && (batch.size() >= batchRows || nowNs - batchStartNs >= batchDelayNs))
        {
            work += write(nowNs);
        }
        return work;
    }

    private int write(final long nowNs)
    {
        try
        {
            sink.write(batch);
        }
        catch (final Exception ex)
        {
            flushNow = true;
            open = false; // connect again before the retry: open() is idempotent
            return fail("write", ex, nowNs);
        }
        final long nowEpochNs = metrics.nowEpochNs();
        for (int i = 0; i < batchReceivedNs.size(); i++)
        {
            metrics.recordLag(nowEpochNs - batchReceivedNs.getLong(i));
        }
        metrics.onWritten(batch.size(), 1);
        metrics.caughtUp();
        batch.clear();
        batchReceivedNs.clear();
        flushNow = false;
        onStoreAnswered();
        return 1;
    }

    /**
     * Writes again every final bar in engine memory that the store may lack: per timeframe, those starting at or
     * after the store's newest start minus one timeframe length (bars of other symbols finalised a little later),
     * and at or after the oldest bar dropped from the queue.
     */
    private int reconcile(final long nowNs)
    {
        reconciled.clear();
        try
        {
            for (final String tf : engineBars.timeframes())
            {
                final long newestNs = sink.newestBarStart(tf);
                final long lengthNs = Math.max(0, Timeframes.lengthNs(tf));
                final long fromNs = Math.min(newestNs == Long.MIN_VALUE ? Long.MIN_VALUE :
                    Math.max(Long.MIN_VALUE + lengthNs, newestNs) - lengthNs, reconcileFloorNs);
                engineBars.forEachFinalBar(tf, fromNs, reconciled::add);
            }
            for (int from = 0; from < reconciled.size(); from += batchRows)
            {
                sink.write(reconciled.subList(from, Math.min(reconciled.size(), from + batchRows)));
                metrics.onWritten(Math.min(batchRows, reconciled.size() - from), 1);
            }
        }
        catch (final Exception ex)
        {
            reconciled.clear();
            open = false;
            return fail("reconcile", ex, nowNs);
        }
        LOG.info("{} reconciled {} final bars from engine memory", role, reconciled.size());
        reconciled.clear();
        reconcilePending = false;
        reconcileFloorNs = Long.MAX_VALUE;
        metrics.onReconciled();
        onStoreAnswered();
        return 1;
    }

    private void onStoreAnswered()
    {
        backoff.reset();
        if (metrics.state() != WriterMetrics.State.RUNNING)
        {
            metrics.state(WriterMetrics.State.RUNNING);
        }
        errorLog.onRecovered();
    }

    private int fail(final String action, final Exception ex, final long nowNs)
    {
        final String message = DistinctErrorLog.describe(ex);
        metrics.onError(message);
        errorLog.onFailure(action, message);
        metrics.state(WriterMetrics.State.RETRYING);
        backoff.failed(nowNs);
        return 0;
    }

    @Override
    public void onClose()
    {
        sink.close();
        metrics.caughtUp();
        metrics.state(WriterMetrics.State.STOPPED);
    }

    @Override
    public String roleName()
    {
        return role;
    }
}
