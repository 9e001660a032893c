package io.tickwire.engine.ingest;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.RingBuffer;
import io.tickwire.engine.bars.EngineCounters;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.CpuPinning;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The single producer of the engine ring: polls a {@link TradeSource}, validates each event (SPEC §3), gives it
 * the next arrival sequence, appends it to the journal and only then publishes it to the ring, so that the engine
 * never holds a trade the journal could lose. Also publishes a clock tick every {@code clockTickNs} for wall-clock
 * finalisation and checkpoints.
 * <p>
 * Runs on its own (optionally pinned) thread; nothing here allocates per event.
 */
public final class IngestAgent implements Agent, TradeSource.Sink
{
    private static final int POLL_LIMIT = 512;

    private final TradeSource source;
    private final Journal journal;
    private final RingBuffer<TradeEvent> ring;
    private final EpochNanoClock clock;
    private final long clockTickNs;
    private final int cpu;
    private final EngineCounters counters;
    private final AtomicLong publishedArrivalSeq = new AtomicLong(-1);
    private final SourcePositions resumeFrom;
    private Journal.Writer writer;
    private long arrivalSeq;
    private long nextTickNs;
    private long nowNs;

    /**
     * An agent continuing after a recovery.
     *
     * @param source      where events come from.
     * @param journal     the journal to append to.
     * @param ring        the engine ring's producer side.
     * @param clock       wall clock.
     * @param clockTickNs interval of clock ticks.
     * @param cpu         CPU choice for this thread (see {@link CpuPinning}).
     * @param arrivalSeq  arrival sequence of the last journaled event, -1 when none.
     * @param resumeFrom  positions the journal holds, for the source to resume after.
     */
    public IngestAgent(
        final TradeSource source,
        final Journal journal,
        final RingBuffer<TradeEvent> ring,
        final EpochNanoClock clock,
        final long clockTickNs,
        final int cpu,
        final long arrivalSeq,
        final SourcePositions resumeFrom)
    {
        this.source = source;
        this.journal = journal;
        this.ring = ring;
        this.clock = clock;
        this.clockTickNs = clockTickNs;
        this.cpu = cpu;
        this.arrivalSeq = arrivalSeq;
        this.resumeFrom = resumeFrom;
        this.counters = new EngineCounters(0);
        this.publishedArrivalSeq.lazySet(arrivalSeq);
    }

    @Override
    public void onStart()
    {
        CpuPinning.pinCurrentThread(roleName(), cpu);
        // The Chronicle appender is confined to the thread that creates it: this one.
        writer = journal.writer();
        source.resumeAfter(resumeFrom);
        nextTickNs = clock.nanoTime();
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = 0;
        if (nowNs - nextTickNs >= 0)
        {
            nextTickNs = nowNs + clockTickNs;
            publishClockTick(nowNs);
            work++;
        }
        return work + source.poll(this, nowNs, POLL_LIMIT);
    }

    @Override
    public void onEvent(final TradeEvent event)
    {
        final RejectReason reason = validate(event);
        if (reason != null)
        {
            counters.onRejected(reason);
            return;
        }
        event.arrivalSeq = ++arrivalSeq;
        event.receivedNs = nowNs;
        writer.append(event);

        final long sequence = ring.next();
        try
        {
            ring.get(sequence).copyFrom(event);
        }
        finally
        {
            ring.publish(sequence);
        }
        publishedArrivalSeq.lazySet(arrivalSeq);
    }

    @Override
    public void onRejected(final RejectReason reason)
    {
        counters.onRejected(reason);
    }

    private void publishClockTick(final long nowNs)
    {
        final long sequence = ring.next();
        try
        {
            final TradeEvent tick = ring.get(sequence);
            tick.kind = TradeEvent.KIND_CLOCK;
            tick.tsNs = nowNs;
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /**
     * The value rules of SPEC §3 for an event a source has parsed.
     *
     * @param event trade or quote.
     * @return null when valid, else the reason.
     */
    public static RejectReason validate(final TradeEvent event)
    {
        if (!TradeValidator.isValidTimestamp(event.tsNs))
        {
            return RejectReason.BAD_TIMESTAMP;
        }
        if (event.symbolWord0 == 0)
        {
            return RejectReason.BAD_SYMBOL;
        }
        if (event.kind == TradeEvent.KIND_TRADE)
        {
            if (!TradeValidator.isValidPrice(event.price))
            {
                return RejectReason.BAD_PRICE;
            }
            if (!TradeValidator.isValidVolume(event.volume))
            {
                return RejectReason.BAD_VOLUME;
            }
        }
        else if (event.kind == TradeEvent.KIND_QUOTE)
        {
            if (!TradeValidator.isValidPrice(event.bid) || !TradeValidator.isValidPrice(event.ask))
            {
                return RejectReason.BAD_PRICE;
            }
            if (event.bidSize < 0 || event.askSize < 0)
            {
                return RejectReason.BAD_VOLUME;
            }
        }
        else
        {
            return RejectReason.MALFORMED;
        }
        return null;
    }

    @Override
    public void onClose()
    {
        source.close();
    }

    @Override
    public String roleName()
    {
        return "ingest";
    }

    /**
     * Whether the source is exhausted (finite tapes only).
     *
     * @return true once nothing more will come.
     */
    public boolean isSourceExhausted()
    {
        return source.isExhausted();
    }

    /**
     * Arrival sequence of the last event published to the ring.
     *
     * @return sequence, -1 when none.
     */
    public long publishedArrivalSeq()
    {
        return publishedArrivalSeq.get();
    }

    /**
     * Inputs rejected at ingest, by reason.
     *
     * @return counters of which only the rejected ones move.
     */
    public EngineCounters counters()
    {
        return counters;
    }
}
