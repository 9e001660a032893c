package io.tickwire.persist;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double of a store (writer unit tests only; the real stores are tested against real servers): keeps rows
 * in memory, detects rows written twice or out of order, and can be told to fail in the ways real stores do.
 * Thread-safe: the writer thread writes, the test thread inspects.
 */
final class InMemoryTradeSink implements TradeSink
{
    /**
     * One stored row.
     *
     * @param seq      arrival seq.
     * @param trade    trade or quote.
     * @param symbol   symbol.
     * @param exchange exchange.
     * @param index    journal index.
     */
    record Row(long seq, boolean trade, String symbol, String exchange, long index)
    {
    }

    private final String name;
    private final List<Row> rows = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<Long> batchWrittenAtNs = new ArrayList<>();
    private int failOpens;
    private int failWrites;
    private int landThenThrow;
    private int partialRows;
    private int failLastWrittenSeq;
    private boolean down;
    private int opens;
    private int violations;
    private boolean closed;

    InMemoryTradeSink(final String name)
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
        opens++;
        if (down || failOpens > 0)
        {
            failOpens = Math.max(0, failOpens - 1);
            throw new IOException("connect to http://tickwire:s3cret@localhost:8123 refused");
        }
    }

    @Override
    public synchronized long lastWrittenSeq() throws IOException
    {
        if (down || failLastWrittenSeq > 0)
        {
            failLastWrittenSeq = Math.max(0, failLastWrittenSeq - 1);
            throw new IOException("connection reset");
        }
        return rows.isEmpty() ? -1 : rows.getLast().seq();
    }

    @Override
    public synchronized void write(final TradeBatch batch) throws IOException
    {
        if (down || failWrites > 0)
        {
            failWrites = Math.max(0, failWrites - 1);
            throw new IOException("insert failed: password=hunter2 rejected");
        }
        final int keep = partialRows > 0 ? Math.min(partialRows, batch.size()) : batch.size();
        for (int i = 0; i < keep; i++)
        {
            final long last = rows.isEmpty() ? -1 : rows.getLast().seq();
            if (batch.seq(i) <= last)
            {
                violations++;
            }
            rows.add(new Row(batch.seq(i), batch.isTrade(i), batch.symbol(i), batch.exchange(i),
                batch.journalIndex(i)));
        }
        batchSizes.add(keep);
        batchWrittenAtNs.add(System.nanoTime());
        if (partialRows > 0)
        {
            partialRows = 0;
            throw new IOException("connection lost mid-batch");
        }
        if (landThenThrow > 0)
        {
            landThenThrow--;
            throw new SocketTimeoutException("read timed out (after the commit)");
        }
    }

    @Override
    public synchronized void close()
    {
        closed = true;
    }

    synchronized void failOpens(final int times)
    {
        failOpens = times;
    }

    synchronized void failWrites(final int times)
    {
        failWrites = times;
    }

    synchronized void landThenThrow(final int times)
    {
        landThenThrow = times;
    }

    synchronized void landPartThenThrow(final int rowsThatLand)
    {
        partialRows = rowsThatLand;
    }

    synchronized void failLastWrittenSeq(final int times)
    {
        failLastWrittenSeq = times;
    }

    synchronized void down(final boolean isDown)
    {
        down = isDown;
    }

    /** Simulates a store that lost its newest rows (restored from an older backup). */
    synchronized void truncateAfter(final long seq)
    {
        rows.removeIf(row -> row.seq() > seq);
    }

    synchronized void preload(final long upToSeq)
    {
        for (long seq = 0; seq <= upToSeq; seq++)
        {
            rows.add(new Row(seq, true, "?", "", -1));
        }
    }

    synchronized List<Long> seqs()
    {
        return rows.stream().map(Row::seq).toList();
    }

    synchronized List<Row> rows()
    {
        return List.copyOf(rows);
    }

    synchronized List<Integer> batchSizes()
    {
        return List.copyOf(batchSizes);
    }

    synchronized List<Long> batchWrittenAtNs()
    {
        return List.copyOf(batchWrittenAtNs);
    }

    synchronized int opens()
    {
        return opens;
    }

    synchronized int violations()
    {
        return violations;
    }

    synchronized boolean isClosed()
    {
        return closed;
    }
}
