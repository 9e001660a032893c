package io.tickwire.gateway;

import io.tickwire.codecs.TradeMessage;

/**
 * The last {@code capacity} trades of one symbol with contiguous stream seqs, for resume and trade snapshots; a
 * ring whose arrays grow on demand. A seq that does not follow the last one (updates were dropped upstream) clears
 * it, so what it holds is always gap-free. Not thread-safe: owned by the hub.
 */
final class TradeBuffer
{
    private final int capacity;
    private long[] ts = new long[8];
    private long[] price = new long[8];
    private long[] volume = new long[8];
    private long[] received = new long[8];
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
        if (count == ts.length && ts.length < capacity)
        {
            grow();
        }
        final int i;
        if (count < ts.length)
        {
            i = (head + count) % ts.length;
            count++;
        }
        else
        {
            i = head;
            head = (head + 1) % ts.length;
        }
        ts[i] = tsNs;
        price[i] = px;
        volume[i] = vol;
        received[i] = receivedNs;
        lastSeq = seq;
    }

    private void grow()
    {
        final int length = Math.min(capacity, ts.length * 2);
        ts = copy(ts, length);
        price = copy(price, length);
        volume = copy(volume, length);
        received = copy(received, length);
        head = 0;
    }

    private long[] copy(final long[] array, final int length)
    {
        final long[] out = new long[length];
        for (int k = 0; k < count; k++)
        {
            out[k] = array[(head + k) % array.length];
        }
        return out;
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
        final int i = (head + k) % ts.length;
        out.set(ts[i], price[i], volume[i]);
        out.seq(lastSeq - count + 1 + k);
        out.receiveNanos(received[i]);
        return out;
    }
}
