package io.tickwire.gateway;

import io.tickwire.codecs.TradeMessage;

/**
 * The last {@code capacity} trades of one symbol with contiguous stream seqs, for resume and trade snapshots; a
 * ring whose arrays grow on demand. A seq that does not follow the last one (updates were dropped upstream) clears
 * it, so what it holds is always gap-free. Not thread-safe: owned by the hub.
 */
final class TradeBuffer
{
    /** Longs per trade in {@link #data}: ts, price, volume, receive instant (one cache line for one trade). */
    private static final int STRIDE = 4;

    private final int capacity;
    /** Ring of trades, interleaved: a trade's four fields are adjacent. */
    private long[] data = new long[8 * STRIDE];
    /** Slots in {@link #data}. */
    private int slots = 8;
    private int head;
    private int count;
    private long lastSeq = -1;

    TradeBuffer(final int capacity)
    {
        this.capacity = capacity;
    }

    void clear()
    {
        head = 0;
        count = 0;
        lastSeq = -1;
    }

    void add(final long seq, final long tsNs, final long px, final long vol, final long receivedNs)
    {
        if (capacity == 0)
        {
            return;
        }
        if (count > 0 && seq != lastSeq + 1)
        {
            clear();
        }
        if (count == slots && slots < capacity)
        {
            grow();
        }
        final int i;
        if (count < slots)
        {
            i = wrap(head + count);
            count++;
        }
        else
        {
            i = head;
            head = wrap(head + 1);
        }
        final int at = i * STRIDE;
        data[at] = tsNs;
        data[at + 1] = px;
        data[at + 2] = vol;
        data[at + 3] = receivedNs;
        lastSeq = seq;
    }

    private int wrap(final int slot)
    {
        return slot >= slots ? slot - slots : slot;
    }

    private void grow()
    {
        final int length = Math.min(capacity, slots * 2);
        final long[] out = new long[length * STRIDE];
        for (int k = 0; k < count; k++)
        {
            System.arraycopy(data, wrap(head + k) * STRIDE, out, k * STRIDE, STRIDE);
        }
        data = out;
        slots = length;
        head = 0;
    }

    int size()
    {
        return count;
    }

    /** Seq of the oldest trade held, or -1 when empty. */
    long firstSeq()
    {
        return count == 0 ? -1 : lastSeq - count + 1;
    }

    long lastSeq()
    {
        return lastSeq;
    }

    /** Reads the k-th trade held, 0 = oldest, with its seq and receive instant. */
    TradeMessage get(final int k, final TradeMessage out)
    {
        final int at = wrap(head + k) * STRIDE;
        out.set(data[at], data[at + 1], data[at + 2]);
        out.seq(lastSeq - count + 1 + k);
        out.receiveNanos(data[at + 3]);
        return out;
    }
}
