package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;

/**
 * Bookkeeping of a snapshot being written row by row: the channel fixes the kind of row, the announced count
 * must be met exactly. Misuse is a programming error and throws {@link IllegalStateException}. Not thread-safe.
 */
final class SnapshotRows
{
    private Channel channel;
    private int expected;
    private int written;
    private int offset;
    private boolean open;

    void begin(final Channel channel, final CharSequence epoch, final int rowCount, final int offset)
    {
        if (epoch.length() > WireMessages.MAX_EPOCH_LENGTH)
        {
            throw new IllegalArgumentException("epoch longer than " + WireMessages.MAX_EPOCH_LENGTH + " characters");
        }
        if (channel == null || channel == Channel.NULL_VAL)
        {
            throw new IllegalArgumentException("a snapshot needs a channel");
        }
        if (rowCount < 0 || rowCount > WireMessages.MAX_SNAPSHOT_ROWS)
        {
            throw new IllegalArgumentException("snapshot rows must be 0.." + WireMessages.MAX_SNAPSHOT_ROWS);
        }
        this.channel = channel;
        this.expected = rowCount;
        this.written = 0;
        this.offset = offset;
        this.open = true;
    }

    /**
     * Claims the next row.
     *
     * @return its index, from 0.
     */
    int next(final Channel rowChannel)
    {
        if (!open || rowChannel != channel)
        {
            throw new IllegalStateException("no " + rowChannel + " snapshot in progress");
        }
        if (written == expected)
        {
            throw new IllegalStateException("more snapshot rows than the " + expected + " announced");
        }
        return written++;
    }

    /**
     * Closes the snapshot.
     *
     * @return the offset it began at.
     */
    int end()
    {
        if (!open)
        {
            throw new IllegalStateException("no snapshot in progress");
        }
        open = false;
        if (written != expected)
        {
            throw new IllegalStateException("snapshot has " + written + " rows, " + expected + " announced");
        }
        return offset;
    }

    Channel channel()
    {
        return channel;
    }

    int expected()
    {
        return expected;
    }
}
