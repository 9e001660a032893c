package io.tickwire.persist;

import java.time.Duration;
import java.util.Objects;

/**
 * Batching and retry settings shared by the store writers ({@link JournalTradeWriter}, {@link BarWriter}).
 * Validated once at construction; immutable and thread-safe.
 *
 * @param batchRows  most rows per store write, 1 to {@value #MAX_BATCH_ROWS} (a ClickHouse insert of at most
 *                   {@code max_insert_block_size} = 1,048,576 rows is one atomic block).
 * @param batchDelay longest time the first row of a batch waits for more rows before the batch is written.
 * @param minBackoff first wait after a failed store call; doubles per consecutive failure.
 * @param maxBackoff cap of the doubling wait.
 */
public record WriterSettings(int batchRows, Duration batchDelay, Duration minBackoff, Duration maxBackoff)
{
    /** Largest accepted batch: one ClickHouse insert must stay one atomic block. */
    public static final int MAX_BATCH_ROWS = 1_000_000;
    /** Default rows per batch. */
    public static final int DEFAULT_BATCH_ROWS = 250_000;
    /** Default longest wait of a batch's first row. */
    public static final Duration DEFAULT_BATCH_DELAY = Duration.ofMillis(200);
    /** Default first retry wait. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest retry wait. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * Validates the settings.
     *
     * @param batchRows  most rows per store write.
     * @param batchDelay longest wait of a batch's first row, zero or more.
     * @param minBackoff first retry wait, more than zero.
     * @param maxBackoff longest retry wait, at least minBackoff.
     * @throws IllegalArgumentException naming the setting and what it accepts.
     */
    public WriterSettings
    {
        Objects.requireNonNull(batchDelay, "batchDelay");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (batchRows < 1 || batchRows > MAX_BATCH_ROWS)
        {
            throw new IllegalArgumentException("batchRows must be 1.." + MAX_BATCH_ROWS +
                " (one ClickHouse insert must stay one atomic block), was " + batchRows);
        }
        if (batchDelay.isNegative())
        {
            throw new IllegalArgumentException("batchDelay must be zero or more, was " + batchDelay);
        }
        if (minBackoff.isNegative() || minBackoff.isZero())
        {
            throw new IllegalArgumentException("minBackoff must be more than zero, was " + minBackoff);
        }
        if (maxBackoff.compareTo(minBackoff) < 0)
        {
            throw new IllegalArgumentException("maxBackoff must be at least minBackoff (" + minBackoff + "), was " +
                maxBackoff);
        }
    }

    /**
     * The defaults: 250,000 rows, 200 ms, backoff 100 ms doubling to 5 s.
     *
     * @return default settings.
     */
    public static WriterSettings defaults()
    {
        return new WriterSettings(DEFAULT_BATCH_ROWS, DEFAULT_BATCH_DELAY, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /**
     * The same settings with another batch size.
     *
     * @param rows most rows per store write.
     * @return new settings.
     */
    public WriterSettings withBatchRows(final int rows)
    {
        return new WriterSettings(rows, batchDelay, minBackoff, maxBackoff);
    }

    /**
     * The same settings with another batch delay.
     *
     * @param delay longest wait of a batch's first row.
     * @return new settings.
     */
    public WriterSettings withBatchDelay(final Duration delay)
    {
        return new WriterSettings(batchRows, delay, minBackoff, maxBackoff);
    }

    /**
     * The same settings with other retry waits.
     *
     * @param min first retry wait.
     * @param max longest retry wait.
     * @return new settings.
     */
    public WriterSettings withBackoff(final Duration min, final Duration max)
    {
        return new WriterSettings(batchRows, batchDelay, min, max);
    }
}
