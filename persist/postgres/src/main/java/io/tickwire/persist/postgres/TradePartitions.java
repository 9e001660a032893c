package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import io.tickwire.persist.TradeBatch;

/**
 * Creates the daily partitions of {@code trades} (plain flavour) before rows need them: one for every UTC day a
 * batch touches and for today plus the next {@code daysAhead} days. Partition {@code trades_pYYYYMMDD} holds
 * {@code [day 00:00 UTC, next day 00:00 UTC)}.
 * <p>
 * Partitions are created in their own short transaction, not in the batch's: creating a partition locks the parent
 * table, and holding that lock for the whole COPY would stall readers. An empty partition is harmless, so this
 * does not weaken the batch's all-or-nothing write. Days known to exist are remembered, so a steady stream causes
 * no DDL; {@link #forget()} drops that memory after a failure (e.g. someone dropped an old partition).
 * <p>
 * Not thread-safe: owned by the sink's writer thread. Concurrent instances are serialised by an advisory lock.
 */
final class TradePartitions
{
    private static final long LOCK_KEY = Migrations.LOCK_KEY + 1;

    private final int daysAhead;
    private final Set<Long> known = new HashSet<>();
    private long[] wanted = new long[16];
    private int wantedCount;

    /**
     * Partitions created ahead.
     *
     * @param daysAhead days after today to create.
     */
    TradePartitions(final int daysAhead)
    {
        this.daysAhead = daysAhead;
    }

    /**
     * Makes sure every day of a batch, and today plus the days ahead, has a partition.
     *
     * @param connection a connection in auto-commit mode, left so.
     * @param batch      the batch about to be written.
     * @param fromRow    first row that will be written.
     * @param nowMs      wall clock, epoch ms.
     * @return partitions created.
     * @throws SQLException when the server refuses.
     */
    int ensure(final Connection connection, final TradeBatch batch, final int fromRow, final long nowMs)
        throws SQLException
    {
        wantedCount = 0;
        final long today = Math.floorDiv(nowMs, 86_400_000L);
        for (long day = today; day <= today + daysAhead; day++)
        {
            want(day);
        }
        long lastDay = Long.MIN_VALUE;
        final int size = batch.size();
        for (int i = fromRow; i < size; i++)
        {
            final long day = Math.floorDiv(batch.tsNs(i), DailyOhlcBatch.NS_PER_DAY);
            if (day != lastDay && batch.isTrade(i))
            {
                want(day);
                lastDay = day;
            }
        }
        if (wantedCount == 0)
        {
            return 0;
        }
        connection.setAutoCommit(false);
        try
        {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)"))
            {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            try (Statement st = connection.createStatement())
            {
                for (int k = 0; k < wantedCount; k++)
                {
                    st.execute(createSql(wanted[k]));
                }
            }
            connection.commit();
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            throw ex;
        }
        finally
        {
            connection.setAutoCommit(true);
        }
        final int created = wantedCount;
        for (int k = 0; k < wantedCount; k++)
        {
            known.add(wanted[k]);
        }
        wantedCount = 0;
        return created;
    }

    /** Forgets which partitions exist, so the next {@link #ensure} checks them all again. */
    void forget()
    {
        known.clear();
    }

    /**
     * Name of a day's partition.
     *
     * @param epochDay days since 1970-01-01.
     * @return table name.
     */
    static String partitionName(final long epochDay)
    {
        return "trades_p" + LocalDate.ofEpochDay(epochDay).toString().replace("-", "");
    }

    private static String createSql(final long epochDay)
    {
        final LocalDate day = LocalDate.ofEpochDay(epochDay);
        return "CREATE TABLE IF NOT EXISTS " + partitionName(epochDay) + " PARTITION OF trades FOR VALUES FROM ('"
            + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
    }

    private void want(final long day)
    {
        if (known.contains(day))
        {
            return;
        }
        for (int k = 0; k < wantedCount; k++)
        {
            if (wanted[k] == day)
            {
                return;
            }
        }
        if (wantedCount == wanted.length)
        {
            wanted = Arrays.copyOf(wanted, wantedCount * 2);
        }
        wanted[wantedCount++] = day;
    }
}
