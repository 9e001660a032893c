package io.tickwire.gateway;

import io.tickwire.codecs.BarMessage;

/**
 * The recent bars of one symbol × timeframe, oldest first, at most {@code capacity}: the source of bar snapshots,
 * of resume ("what changed since seq") and of {@code /api/historical}. The array grows on demand up to twice the
 * capacity and is compacted when full, so a new bar costs O(1) amortised; a correction of an older bar is found
 * from the newest backwards. Not thread-safe: owned by the hub.
 * <p>
 * One row per bar, its fields adjacent in one array: the hub rewrites the newest row on every bar update (five per
 * trade with the default timeframes), and a row of {@value #STRIDE} longs spans two or three cache lines where a
 * column per field touched eleven.
 */
final class BarSeries
{
    private static final int START = 0;
    private static final int OPEN = 1;
    private static final int HIGH = 2;
    private static final int LOW = 3;
    private static final int CLOSE = 4;
    private static final int VOLUME = 5;
    private static final int COUNT = 6;
    private static final int VWAP = 7;
    private static final int LAST_SEQ = 8;
    /** Revision shifted left by one, final in the low bit. */
    private static final int FLAGS = 9;
    /** Longs per row. */
    private static final int STRIDE = 10;
    private static final int INITIAL_ROWS = 16;

    private final int capacity;
    private long[] rows = new long[INITIAL_ROWS * STRIDE];
    /** First row kept. */
    private int from;
    /** One past the last row kept. */
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
        while (i >= from && rows[i * STRIDE + START] > t)
        {
            i--;
        }
        if (i >= from && rows[i * STRIDE + START] == t)
        {
            store(i, bar, seq);
            return;
        }
        if (i < from && size() >= capacity)
        {
            return; // older than everything kept: nothing to show it in
        }
        if (to == rowsHeld())
        {
            final int relative = i - from;
            makeRoom();
            i = relative + from;
        }
        final int at = i + 1;
        System.arraycopy(rows, at * STRIDE, rows, (at + 1) * STRIDE, (to - at) * STRIDE);
        to++;
        store(at, bar, seq);
        if (size() > capacity)
        {
            from++;
        }
    }

    private int rowsHeld()
    {
        return rows.length / STRIDE;
    }

    private void makeRoom()
    {
        final int n = size();
        if (rowsHeld() < 2 * capacity)
        {
            final int length = Math.min(2 * capacity + 1, Math.max(INITIAL_ROWS, rowsHeld() * 2));
            final long[] copy = new long[length * STRIDE];
            System.arraycopy(rows, from * STRIDE, copy, 0, n * STRIDE);
            rows = copy;
        }
        else
        {
            System.arraycopy(rows, from * STRIDE, rows, 0, n * STRIDE);
        }
        to = n;
        from = 0;
    }

    private void store(final int i, final BarMessage bar, final long seq)
    {
        final long[] rows = this.rows;
        final int at = i * STRIDE;
        rows[at + START] = bar.startNanos();
        rows[at + OPEN] = bar.open();
        rows[at + HIGH] = bar.high();
        rows[at + LOW] = bar.low();
        rows[at + CLOSE] = bar.close();
        rows[at + VOLUME] = bar.volume();
        rows[at + COUNT] = bar.count();
        rows[at + VWAP] = bar.vwap();
        rows[at + LAST_SEQ] = seq;
        rows[at + FLAGS] = ((long)bar.rev() << 1) | (bar.isFinal() ? 1 : 0);
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
        final long[] rows = this.rows;
        final int at = (from + k) * STRIDE;
        final long flags = rows[at + FLAGS];
        return out.set(rows[at + START], rows[at + OPEN], rows[at + HIGH], rows[at + LOW], rows[at + CLOSE],
            rows[at + VOLUME], rows[at + COUNT], rows[at + VWAP], (flags & 1) != 0, (int)(flags >>> 1));
    }

    long startAt(final int k)
    {
        return rows[(from + k) * STRIDE + START];
    }

    long lastSeqAt(final int k)
    {
        return rows[(from + k) * STRIDE + LAST_SEQ];
    }
}
