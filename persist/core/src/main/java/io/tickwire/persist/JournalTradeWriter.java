package io.tickwire.persist;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal into one {@link TradeSink} on its own thread ({@code writer-<sink name>}), in batches, with
 * retry and backoff, so that the store receives every journaled trade and quote exactly once.
 * <p>
 * Exactly once rests on three things. The store's {@link TradeSink#lastWrittenSeq()} is the only truth about what
 * it holds; the writer asks it at start and after every failure and skips journal rows at or below it. A write is
 * atomic or idempotent per seq. And after a failed write the writer asks again before retrying and drops what
 * landed, so a write that committed and then timed out (or a kill -9 between a commit and anything else) never
 * shows a row twice. A small hint file ({@code <positionDir>/<name>.pos}) only saves a journal scan at start.
 * <p>
 * The engine never waits on a store: the writer reads the journal, which the ingest thread has already written; a
 * store that is down stalls this writer only, which keeps its place and catches up in full batches. Nothing is
 * allocated per row in steady state (one reused {@link TradeBatch} and {@link TradeEvent}).
 * <p>
 * Thread-safety: {@link #start()}, {@link #close()}, {@link #metrics()}, {@link #durableJournalIndex()} and
 * {@link #awaitSeq} may be called from any thread; the sink and the journal reader are used by the writer thread
 * only.
 */
public final class JournalTradeWriter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalTradeWriter.class);
    private static final long NO_SEQ = Long.MIN_VALUE;
    private static final int MIN_READ_PER_PASS = 65_536;
    private static final long READ_AHEAD_PARK_NS = 50_000;
    private static final long AWAIT_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int REOPEN_EVERY_FAILED_WRITES = 3;

    private enum Phase
    {
        /** Call sink.open(), then go to {@link #afterOpen}. */
        OPEN,
        /** Ask the store for lastWrittenSeq and position the reader. */
        RESUME,
        /** Fill the batch from the journal and write it when full or due. */
        FILL,
        /** After a failed write: ask lastWrittenSeq again and drop what landed. */
        RECHECK
    }

    private final Journal journal;
    private final TradeSink sink;
    private final String role;
    private final WriterSettings settings;
    private final PositionHint hint;
    private final WriterMetrics metrics;
    private final DistinctErrorLog errorLog;
    private final Backoff backoff;
    private final AgentThread thread;
    private final long batchDelayNs;
    private final int readPerPass;
    private volatile long durableJournalIndex = -1;

    // One thread that makes the store call, so that reading the next batch from the journal overlaps it.
    private final ExecutorService io;

    // Writer thread only.
    private TradeBatch batch;
    // The other batch: filled ahead from the journal while a write is in flight, then swapped in.
    private TradeBatch ahead;
    private boolean readingAhead;
    private final TradeEvent event = new TradeEvent();
    private Journal.Reader reader;
    private Phase phase = Phase.OPEN;
    private Phase afterOpen = Phase.RESUME;
    private long storeSeq = -1;
    private long lastReadSeq = NO_SEQ;
    private long batchStartNs;
    private boolean flushNow;
    private int failedWrites;
    private boolean hintUnverified;
    private boolean checkJournalStart;
    private boolean warnedGap;
    private boolean warnedStoreAhead;
    private boolean warnedHint;
    private boolean warnedHintWrite;

    /**
     * A writer, not yet started.
     *
     * @param journal     the journal to tail; must stay open until this writer is closed.
     * @param sink        the store; owned (and closed) by this writer from now on.
     * @param settings    batching and backoff.
     * @param positionDir where the position hint file is kept (created when missing).
     */
    public JournalTradeWriter(final Journal journal, final TradeSink sink, final WriterSettings settings,
        final Path positionDir)
    {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.role = "writer-" + sink.name();
        this.hint = new PositionHint(Objects.requireNonNull(positionDir, "positionDir"), sink.name());
        this.metrics = new WriterMetrics(sink.name());
        this.errorLog = new DistinctErrorLog(LOG, role);
        this.backoff = new Backoff(settings);
        this.batch = new TradeBatch(settings.batchRows());
        this.ahead = new TradeBatch(settings.batchRows());
        this.io = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name(role + "-io").factory());
        this.batchDelayNs = settings.batchDelay().toNanos();
        this.readPerPass = Math.max(settings.batchRows(), MIN_READ_PER_PASS);
        this.thread = new AgentThread(new Loop(), LOG);
    }

    /** Starts the writer thread; returns at once (the store is opened on that thread). Idempotent. */
    public void start()
    {
        thread.start();
    }

    /**
     * This writer's counters.
     *
     * @return metrics, readable from any thread.
     */
    public WriterMetrics metrics()
    {
        return metrics;
    }

    /**
     * Journal index of the newest row known to be in the store. Journal retention must keep this index and
     * everything after it (the writer resumes after it).
     *
     * @return a journal index, or -1 when none is known yet (keep the whole journal).
     */
    public long durableJournalIndex()
    {
        return durableJournalIndex;
    }

    /**
     * Waits until the store holds every row up to an arrival seq (for tests and benchmarks).
     *
     * @param seq     arrival seq.
     * @param timeout longest wait.
     * @return true once the store holds it, false on timeout or interrupt.
     */
    public boolean awaitSeq(final long seq, final Duration timeout)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (metrics.lastWrittenSeq() < seq)
        {
            if (System.nanoTime() - deadlineNs >= 0 || Thread.currentThread().isInterrupted())
            {
                return false;
            }
            LockSupport.parkNanos(AWAIT_PARK_NS);
        }
        return true;
    }

    /** Stops the writer thread (after the store call in flight, if any) and closes the sink; idempotent. */
    @Override
    public void close()
    {
        thread.close();
    }

    private final class Loop implements Agent
    {
        @Override
        public void onStart()
        {
            // The Chronicle tailer is confined to the thread that creates it: this one.
            reader = journal.reader();
            metrics.state(WriterMetrics.State.STARTING);
            estimateLagBeforeTheStoreAnswers();
        }

        @Override
        public int doWork()
        {
            final long nowNs = System.nanoTime();
            if (backoff.waiting(nowNs))
            {
                return 0;
            }
            try
            {
                return switch (phase)
                {
                    case OPEN -> open(nowNs);
                    case RESUME -> resume(nowNs);
                    case RECHECK -> recheck(nowNs);
                    case FILL -> fillAndWrite(nowNs);
                };
            }
            catch (final Exception ex)
            {
                // Not a store failure (those are handled where they happen): the journal could not be read.
                // Start over from the store's position after a backoff; nothing is written twice.
                batch.clear();
                phase = Phase.RESUME;
                return fail("journal read", ex, nowNs);
            }
        }

        @Override
        public void onClose()
        {
            if (reader != null)
            {
                try
                {
                    reader.close();
                }
                catch (final Exception ex)
                {
                    LOG.debug("{} journal reader close failed", role, ex);
                }
            }
            io.shutdownNow();
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

    private int open(final long nowNs)
    {
        try
        {
            sink.open();
        }
        catch (final Exception ex)
        {
            return fail("open", ex, nowNs);
        }
        phase = afterOpen;
        return 1;
    }

    private int resume(final long nowNs)
    {
        final long last;
        try
        {
            last = sink.lastWrittenSeq();
        }
        catch (final Exception ex)
        {
            return reopenAfter("lastWrittenSeq", ex, nowNs, Phase.RESUME);
        }
        position(last);
        backoff.reset();
        errorLog.onRecovered();
        metrics.state(WriterMetrics.State.RUNNING);
        phase = Phase.FILL;
        LOG.info("{} resumes after seq {} ({})", role, last,
            hintUnverified ? "from the position hint" : "scanning the journal from its start");
        return 1;
    }

    /**
     * Places the reader so that the next rows read are those after the store's last seq: through the hint when it
     * is not ahead of the store, else from the journal's start; rows at or below the store's seq are skipped.
     */
    private void position(final long last)
    {
        storeSeq = last;
        metrics.lastWrittenSeq(last);
        batch.clear();
        metrics.caughtUp();
        flushNow = false;
        warnedGap = false;
        warnedStoreAhead = false;
        final PositionHint.Position position = hint.read();
        if (position != null && position.seq() <= last && reader.seekAfter(position.journalIndex()))
        {
            lastReadSeq = position.seq();
            hintUnverified = true;
            checkJournalStart = false;
            durableJournalIndex = position.journalIndex();
            return;
        }
        if (position != null && !warnedHint)
        {
            warnedHint = true;
            LOG.info("{} position hint {} not usable (store holds up to seq {}): scanning the journal", role,
                position, last);
        }
        seekToStart();
    }

    private void seekToStart()
    {
        reader.seekAfter(-1);
        lastReadSeq = NO_SEQ;
        hintUnverified = false;
        checkJournalStart = true;
        // Unknown until the scan passes the store's last row: keep the whole journal meanwhile.
        durableJournalIndex = -1;
    }

    private int fillAndWrite(final long nowNs)
    {
        int work = 0;
        if (batch.size() < batch.capacity())
        {
            work = fill(nowNs);
        }
        if (batch.isEmpty())
        {
            return work;
        }
        if (flushNow || batch.size() == batch.capacity() || nowNs - batchStartNs >= batchDelayNs)
        {
            return work + write(nowNs);
        }
        return work;
    }

    private int fill(final long nowNs)
    {
        int read = 0;
        long skipped = 0;
        long skippedIndex = -1;
        while (read < readPerPass && batch.size() < batch.capacity())
        {
            if (!reader.next(event))
            {
                if (storeSeq >= 0 && (lastReadSeq == NO_SEQ || lastReadSeq < storeSeq) && !warnedStoreAhead)
                {
                    warnedStoreAhead = true;
                    LOG.warn("{} store holds rows up to seq {} but the journal ends at seq {}: was the journal " +
                        "reset? Rows journaled with seq <= {} will not be written", role, storeSeq,
                        lastReadSeq == NO_SEQ ? "(empty)" : lastReadSeq, storeSeq);
                }
                break;
            }
            read++;
            final long seq = event.arrivalSeq;
            if (lastReadSeq != NO_SEQ && seq != lastReadSeq + 1)
            {
                if (hintUnverified)
                {
                    // The hint names an index whose successor does not carry the next seq: another journal.
                    LOG.warn("{} position hint does not match the journal (seq {} after hint seq {}): scanning",
                        role, seq, lastReadSeq);
                    seekToStart();
                    continue;
                }
                if (!warnedGap)
                {
                    warnedGap = true;
                    LOG.warn("{} journal seq jumps from {} to {} at index {}", role, lastReadSeq, seq,
                        event.journalIndex);
                }
            }
            hintUnverified = false;
            lastReadSeq = seq;
            if (checkJournalStart)
            {
                checkJournalStart = false;
                if (seq > storeSeq + 1)
                {
                    LOG.warn("{} the journal starts at seq {} but the store holds rows only up to seq {}: " +
                        "rows {}..{} are no longer journaled and will be missing from the store", role, seq,
                        storeSeq, storeSeq + 1, seq - 1);
                }
            }
            if (seq <= storeSeq)
            {
                skipped++;
                skippedIndex = event.journalIndex;
                continue;
            }
            if (batch.isEmpty())
            {
                batchStartNs = nowNs;
                if (!readingAhead)
                {
                    metrics.pending(event.receivedNs);
                }
            }
            batch.add(event);
        }
        if (skipped > 0)
        {
            metrics.onSkipped(skipped);
            if (skippedIndex > durableJournalIndex)
            {
                durableJournalIndex = skippedIndex;
            }
        }
        return read;
    }

    private int write(final long nowNs)
    {
        final TradeBatch inFlight = batch;
        final Future<?> call = io.submit(() ->
        {
            sink.write(inFlight);
            return null;
        });
        final Exception readFailure = readAhead(call);
        Exception failure = null;
        try
        {
            call.get();
        }
        catch (final ExecutionException ex)
        {
            failure = ex.getCause() instanceof Exception cause ? cause : ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            failure = ex;
        }
        if (failure != null || readFailure != null)
        {
            // What was read ahead is dropped: the reader goes back to just after the batch in flight, and the
            // failure is handled exactly as without read-ahead.
            ahead.clear();
            if (reader.seekAfter(inFlight.journalIndex(inFlight.size() - 1)))
            {
                lastReadSeq = inFlight.lastSeq();
            }
            else
            {
                seekToStart();
            }
        }
        if (failure != null)
        {
            // A store that keeps refusing writes while it still answers lastWrittenSeq() may hold a broken
            // write connection: every few failures, connect again (open() is idempotent) before the re-check.
            failedWrites++;
            if (failedWrites % REOPEN_EVERY_FAILED_WRITES == 0)
            {
                phase = Phase.OPEN;
                afterOpen = Phase.RECHECK;
            }
            else
            {
                phase = Phase.RECHECK;
            }
            return fail("write", failure, nowNs);
        }
        markDurable(inFlight.size(), 1);
        inFlight.clear();
        flushNow = false;
        failedWrites = 0;
        onStoreAnswered();
        if (readFailure != null)
        {
            // As a journal read failure without read-ahead: doWork starts over from the store's position.
            throw new IllegalStateException("journal read failed while the store wrote", readFailure);
        }
        // The batch read ahead becomes the one being filled.
        batch = ahead;
        ahead = inFlight;
        if (!batch.isEmpty())
        {
            metrics.pending(batch.receivedNs(0));
        }
        return 1;
    }

    /**
     * While the store call runs, fills the other batch from the journal (journal reads and the store's work
     * overlap; the store calls themselves stay one at a time, in seq order). Returns once the call has finished.
     */
    private Exception readAhead(final Future<?> call)
    {
        final TradeBatch inFlight = batch;
        ahead.clear();
        batch = ahead;
        readingAhead = true;
        Exception failure = null;
        try
        {
            while (!call.isDone())
            {
                int read = 0;
                if (failure == null && batch.size() < batch.capacity())
                {
                    try
                    {
                        read = fill(System.nanoTime());
                    }
                    catch (final Exception ex)
                    {
                        failure = ex;
                    }
                }
                if (read == 0)
                {
                    LockSupport.parkNanos(READ_AHEAD_PARK_NS);
                }
            }
        }
        finally
        {
            readingAhead = false;
            batch = inFlight;
        }
        return failure;
    }

    /**
     * After a failed write the store may hold none, part or all of the batch: ask it, drop what landed and
     * write the rest.
     */
    private int recheck(final long nowNs)
    {
        final long last;
        try
        {
            last = sink.lastWrittenSeq();
        }
        catch (final Exception ex)
        {
            return reopenAfter("lastWrittenSeq", ex, nowNs, Phase.RECHECK);
        }
        phase = Phase.FILL;
        if (last < storeSeq)
        {
            LOG.warn("{} store now holds rows only up to seq {} after confirming seq {} (data lost on the store " +
                "side?): writing again from seq {}", role, last, storeSeq, last + 1);
            durableJournalIndex = -1;
            position(last);
            return 1;
        }
        if (batch.isEmpty())
        {
            return 1;
        }
        final int size = batch.size();
        if (last >= batch.lastSeq())
        {
            // The failed write landed (e.g. a timeout after the commit).
            markDurable(size, 1);
            batch.clear();
            failedWrites = 0;
            advanceStoreSeq(last);
            onStoreAnswered();
            return 1;
        }
        if (last >= batch.firstSeq())
        {
            // Part landed (an idempotent, non-atomic store): keep the rest by reading it again from the journal.
            int landed = 0;
            while (landed < size && batch.seq(landed) <= last)
            {
                landed++;
            }
            final long resumeIndex = batch.journalIndex(landed - 1);
            final long resumeSeq = batch.seq(landed - 1);
            markDurable(landed, 0);
            batch.clear();
            advanceStoreSeq(last);
            if (reader.seekAfter(resumeIndex))
            {
                lastReadSeq = resumeSeq;
            }
            else
            {
                seekToStart();
            }
        }
        // Otherwise nothing landed: the same rows go again.
        flushNow = true;
        return 1;
    }

    private void advanceStoreSeq(final long last)
    {
        if (last > storeSeq)
        {
            storeSeq = last;
            metrics.lastWrittenSeq(last);
        }
    }

    /**
     * Rows 0..count-1 of the batch are in the store: count them, record their lag, publish the new position (last,
     * so that a thread that sees it also sees the counts) and move the hint.
     */
    private void markDurable(final int count, final int batches)
    {
        final long nowEpochNs = metrics.nowEpochNs();
        for (int i = 0; i < count; i++)
        {
            metrics.recordLag(nowEpochNs - batch.receivedNs(i));
        }
        final long seq = batch.seq(count - 1);
        final long index = batch.journalIndex(count - 1);
        storeSeq = Math.max(storeSeq, seq);
        durableJournalIndex = index;
        metrics.onWritten(count, batches);
        if (count < batch.size())
        {
            metrics.pending(batch.receivedNs(count));
        }
        else
        {
            metrics.caughtUp();
        }
        metrics.lastWrittenSeq(storeSeq);
        try
        {
            hint.write(index, seq);
        }
        catch (final IOException ex)
        {
            if (!warnedHintWrite)
            {
                warnedHintWrite = true;
                LOG.warn("{} cannot write its position hint {} (restarts will scan the journal): {}", role,
                    hint.file(), DistinctErrorLog.describe(ex));
            }
        }
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

    private int reopenAfter(final String action, final Exception ex, final long nowNs, final Phase next)
    {
        phase = Phase.OPEN;
        afterOpen = next;
        return fail(action, ex, nowNs);
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

    /**
     * Before the store first answers, the oldest row it lacks is unknown; assume it is the one after the hint (or
     * the journal's first) so that a store that is down at start shows a growing lag rather than none.
     */
    private void estimateLagBeforeTheStoreAnswers()
    {
        try
        {
            final PositionHint.Position position = hint.read();
            if (position == null || !reader.seekAfter(position.journalIndex()))
            {
                reader.seekAfter(-1);
            }
            if (reader.next(event))
            {
                metrics.pending(event.receivedNs);
            }
        }
        catch (final Exception ex)
        {
            LOG.debug("{} could not peek at the journal before the store answered", role, ex);
        }
    }

    @Override
    public String toString()
    {
        return role + " " + settings;
    }
}
