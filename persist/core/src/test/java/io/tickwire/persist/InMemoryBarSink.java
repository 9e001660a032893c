package io.tickwire.persist;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of a bar store (writer unit tests only): an upsert keeping the highest rev per (symbol, tf, start),
 * a count of every bar written, and switches to fail or to hold writes. Thread-safe.
 */
final class InMemoryBarSink implements BarSink
{
    private final String name;
    private final Map<String, BarRecord> bars = new HashMap<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private boolean down;
    private int barsWritten;
    private final AtomicInteger writesEntered = new AtomicInteger();
    private volatile CountDownLatch gate;
    private boolean closed;

    InMemoryBarSink(final String name)
    {
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public synchronized void open() throws IOException
    {
        if (down)
        {
            throw new IOException(name + " unreachable");
        }
    }

    @Override
    public synchronized long newestBarStart(final String tf) throws IOException
    {
        if (down)
        {
            throw new IOException(name + " unreachable");
        }
        return bars.values().stream().filter(bar -> bar.tf().equals(tf)).mapToLong(BarRecord::startNs).max()
            .orElse(Long.MIN_VALUE);
    }

    @Override
    public void write(final List<BarRecord> batch) throws Exception
    {
        writesEntered.incrementAndGet();
        final CountDownLatch hold = gate;
        if (hold != null)
        {
            hold.await();
        }
        synchronized (this)
        {
            if (down)
            {
                throw new IOException(name + " unreachable");
            }
            for (final BarRecord bar : batch)
            {
                bars.merge(bar.symbol() + "/" + bar.tf() + "/" + bar.startNs(), bar,
                    (old, fresh) -> fresh.rev() >= old.rev() ? fresh : old);
            }
            barsWritten += batch.size();
            batchSizes.add(batch.size());
        }
    }

    @Override
    public synchronized void close()
    {
        closed = true;
    }

    synchronized void down(final boolean isDown)
    {
        down = isDown;
    }

    /** Holds every write until the returned latch is released. */
    CountDownLatch hold()
    {
        gate = new CountDownLatch(1);
        return gate;
    }

    int writesEntered()
    {
        return writesEntered.get();
    }

    synchronized void put(final BarRecord bar)
    {
        bars.put(bar.symbol() + "/" + bar.tf() + "/" + bar.startNs(), bar);
    }

    synchronized List<BarRecord> bars()
    {
        return bars.values().stream()
            .sorted((a, b) -> a.tf().equals(b.tf()) ? a.symbol().equals(b.symbol()) ?
                Long.compare(a.startNs(), b.startNs()) : a.symbol().compareTo(b.symbol()) : a.tf().compareTo(b.tf()))
            .toList();
    }

    synchronized int barsWritten()
    {
        return barsWritten;
    }

    synchronized boolean isClosed()
    {
        return closed;
    }
}
