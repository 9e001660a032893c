package io.tickwire.gateway;

import io.tickwire.codecs.BarMessage;

/**
 * The recent bars of one symbol × timeframe, oldest first, at most {@code capacity}: the source of bar snapshots,
 * of resume ("what changed since seq") and of {@code /api/historical}. Arrays grow on demand up to twice the
 * capacity and are compacted when full, so a new bar costs O(1) amortised; a correction of an older bar is found
 * from the newest backwards. Not thread-safe: owned by the hub.
 */
final class BarSeries
{
    private final int capacity;
    private long[] start = new long[16];
    private long[] open = new long[16];
    private long[] high = new long[16];
    private long[] low = new long[16];
    private long[] close = new long[16];
    private long[] volume = new long[16];
    private long[] count = new long[16];
    private long[] vwap = new long[16];
    private long[] lastSeq = new long[16];
    private int[] rev = new int[16];
    private boolean[] isFinal = new boolean[16];
    private int from;
    private int to;

    BarSeries(final int capacity)
    {
        this.capacity = capacity;
    }

    int size()
    {
        return to - from;
    }

    /** Stores the bar's values (found by its start, or inserted in order) with the stream seq that changed it. */
    void put(final BarMessage bar, final long seq)
    {
        final long t = bar.startNanos();
        int i = to - 1;
        while (i >= from && start[i] > t)
        {
            i--;
        }
        if (i >= from && start[i] == t)
        {
            store(i, bar, seq);
            return;
        }
        if (i < from && size() >= capacity)
        {
            return; // older than everything kept: nothing to show it in
        }
        if (to == start.length)
        {
            final int relative = i - from;
            makeRoom();
            i = relative + from;
        }
        final int at = i + 1;
        shiftRight(at);
        to++;
        store(at, bar, seq);
        if (size() > capacity)
        {
            from++;
        }
    }

    private void makeRoom()
    {
        final int n = size();
        if (start.length < 2 * capacity)
        {
            final int length = Math.min(2 * capacity + 1, Math.max(16, start.length * 2));
            start = grow(start, length);
            open = grow(open, length);
            high = grow(high, length);
            low = grow(low, length);
            close = grow(close, length);
            volume = grow(volume, length);
            count = grow(count, length);
            vwap = grow(vwap, length);
            lastSeq = grow(lastSeq, length);
            final int[] r = new int[length];
            System.arraycopy(rev, from, r, 0, n);
            rev = r;
            final boolean[] f = new boolean[length];
            System.arraycopy(isFinal, from, f, 0, n);
            isFinal = f;
        }
        else
        {
            compact(start);
            compact(open);
            compact(high);
            compact(low);
            compact(close);
            compact(volume);
            compact(count);
            compact(vwap);
            compact(lastSeq);
            System.arraycopy(rev, from, rev, 0, n);
            System.arraycopy(isFinal, from, isFinal, 0, n);
        }
        to = n;
        from = 0;
    }

    private long[] grow(final long[] array, final int length)
    {
        final long[] copy = new long[length];
        System.arraycopy(array, from, copy, 0, size());
        return copy;
    }

    private void compact(final long[] array)
    {
        System.arraycopy(array, from, array, 0, size());
    }

    private void shiftRight(final int at)
    {
        final int n = to - at;
        if (n > 0)
        {
            System.arraycopy(start, at, start, at + 1, n);
            System.arraycopy(open, at, open, at + 1, n);
            System.arraycopy(high, at, high, at + 1, n);
            System.arraycopy(low, at, low, at + 1, n);
            System.arraycopy(close, at, close, at + 1, n);
            System.arraycopy(volume, at, volume, at + 1, n);
            System.arraycopy(count, at, count, at + 1, n);
            System.arraycopy(vwap, at, vwap, at + 1, n);
            System.arraycopy(lastSeq, at, lastSeq, at + 1, n);
            System.arraycopy(rev, at, rev, at + 1, n);
            System.arraycopy(isFinal, at, isFinal, at + 1, n);
        }
    }

    private void store(final int i, final BarMessage bar, final long seq)
    {
        start[i] = bar.startNanos();
        open[i] = bar.open();
        high[i] = bar.high();
        low[i] = bar.low();
        close[i] = bar.close();
        volume[i] = bar.volume();
        count[i] = bar.count();
        vwap[i] = bar.vwap();
        rev[i] = bar.rev();
        isFinal[i] = bar.isFinal();
        lastSeq[i] = seq;
    }

    /**
     * Reads the k-th bar, 0 = oldest kept.
     *
     * @param k   index below {@link #size()}.
     * @param out filled with the bar values (symbol, tf, seq untouched).
     * @return {@code out}.
     */
    BarMessage get(final int k, final BarMessage out)
    {
        final int i = from + k;
        return out.set(start[i], open[i], high[i], low[i], close[i], volume[i], count[i], vwap[i], isFinal[i], rev[i]);
    }

    long startAt(final int k)
    {
        return start[from + k];
    }

    long lastSeqAt(final int k)
    {
        return lastSeq[from + k];
    }
}
