package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeSink;

/**
 * Writes journaled trades to {@code trades} with binary COPY, one transaction per batch: lock this writer's row of
 * {@code writer_positions}, COPY the trades above the stored seq (INSERT them with {@code copy=off}), merge
 * {@code daily_ohlc} (plain flavour only; a continuous aggregate does it under TimescaleDB), move the position to
 * the batch's last seq and journal index, commit. The position and the rows commit together, so
 * {@link #lastWrittenSeq()} is exact through a kill -9 and a batch is never stored twice: rows at or below the
 * stored seq are skipped even when a batch is written again.
 * <p>
 * Quotes are not stored here. Not thread-safe: one writer agent drives it; it holds one pooled connection only
 * while a call runs.
 */
public final class PostgresTradeSink implements TradeSink
{
    private static final String LOCK_POSITION = """
        INSERT INTO writer_positions (writer, seq, journal_index) VALUES (?, -1, -1)
        ON CONFLICT (writer) DO NOTHING""";
    private static final String READ_POSITION_FOR_UPDATE =
        "SELECT seq FROM writer_positions WHERE writer = ? FOR UPDATE";
    private static final String READ_POSITION = "SELECT seq FROM writer_positions WHERE writer = ?";
    private static final String MOVE_POSITION = """
        UPDATE writer_positions SET seq = ?, journal_index = ?, updated_at = now() WHERE writer = ?""";
    private static final String NO_PARTITION = "23514";

    private final PostgresStore store;
    private final String writer;
    private final TradePartitions partitions;
    private final TradeCopyEncoder encoder;
    private final int source;
    private final DailyOhlcBatch daily = new DailyOhlcBatch();
    private final boolean useCopy;
    private Migrations.Flavour flavour;
    private Runnable beforeCommit;
    private boolean closed;

    PostgresTradeSink(final PostgresStore store, final String writer, final int partitionsAhead, final boolean useCopy,
        final int source)
    {
        this.source = source;
        this.encoder = new TradeCopyEncoder(256 * 1024, source);
        this.store = store;
        this.writer = writer;
        this.partitions = new TradePartitions(partitionsAhead);
        this.useCopy = useCopy;
    }

    /**
     * Store name.
     *
     * @return {@code postgres}.
     */
    @Override
    public String name()
    {
        return "postgres";
    }

    /**
     * Runs the migrations (once per store).
     *
     * @throws SQLException when the database cannot be reached or the schema cannot be created.
     */
    @Override
    public void open() throws SQLException
    {
        flavour = store.migrate();
    }

    /**
     * The flavour found by {@link #open()}.
     *
     * @return flavour, or null before open.
     */
    public Migrations.Flavour flavour()
    {
        return flavour;
    }

    /**
     * The seq stored in {@code writer_positions} for this writer.
     *
     * @return seq, or -1 when nothing was written.
     * @throws SQLException when the database cannot answer.
     */
    @Override
    public long lastWrittenSeq() throws SQLException
    {
        try (Connection connection = store.connection();
            PreparedStatement read = connection.prepareStatement(READ_POSITION))
        {
            read.setString(1, writer);
            try (ResultSet rs = read.executeQuery())
            {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /**
     * Writes a batch in one transaction; see the class comment.
     *
     * @param batch rows in seq order.
     * @throws SQLException when the database refuses or is unreachable; nothing of the batch is then stored.
     */
    @Override
    public void write(final TradeBatch batch) throws SQLException
    {
        if (batch.isEmpty())
        {
            return;
        }
        if (flavour == null)
        {
            open();
        }
        try (Connection connection = store.connection())
        {
            if (flavour == Migrations.Flavour.PLAIN)
            {
                partitions.ensure(connection, batch, 0, System.currentTimeMillis());
            }
            connection.setAutoCommit(false);
            boolean committed = false;
            try
            {
                final long stored = lockPosition(connection);
                final int fromRow = firstRowAbove(batch, stored);
                if (fromRow < batch.size())
                {
                    if (useCopy)
                    {
                        copy(connection, batch, fromRow);
                    }
                    else
                    {
                        TradeInsert.insert(connection, batch, fromRow, source);
                    }
                    if (flavour == Migrations.Flavour.PLAIN)
                    {
                        daily.fold(batch, fromRow);
                        daily.merge(connection);
                    }
                    movePosition(connection, batch.lastSeq(), batch.journalIndex(batch.size() - 1));
                    if (beforeCommit != null)
                    {
                        beforeCommit.run();
                    }
                }
                connection.commit();
                committed = true;
            }
            catch (final SQLException ex)
            {
                if (NO_PARTITION.equals(ex.getSQLState()))
                {
                    partitions.forget();
                }
                throw ex;
            }
            finally
            {
                if (!committed)
                {
                    rollbackQuietly(connection);
                }
                resetQuietly(connection);
            }
        }
    }

    /**
     * Test hook run inside the batch's transaction just before commit; a hook that throws aborts the batch.
     *
     * @param hook hook, or null for none.
     */
    void beforeCommit(final Runnable hook)
    {
        beforeCommit = hook;
    }

    /** Releases this sink's hold on the shared pool. Idempotent; never throws. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            store.release();
        }
    }

    private long lockPosition(final Connection connection) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(LOCK_POSITION))
        {
            insert.setString(1, writer);
            insert.executeUpdate();
        }
        try (PreparedStatement read = connection.prepareStatement(READ_POSITION_FOR_UPDATE))
        {
            read.setString(1, writer);
            try (ResultSet rs = read.executeQuery())
            {
                if (!rs.next())
                {
                    throw new SQLException("writer_positions row for " + writer + " vanished");
                }
                return rs.getLong(1);
            }
        }
    }

    private void movePosition(final Connection connection, final long seq, final long journalIndex)
        throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement(MOVE_POSITION))
        {
            update.setLong(1, seq);
            update.setLong(2, journalIndex);
            update.setString(3, writer);
            update.executeUpdate();
        }
    }

    private static int firstRowAbove(final TradeBatch batch, final long stored)
    {
        final int size = batch.size();
        int i = 0;
        while (i < size && batch.seq(i) <= stored)
        {
            i++;
        }
        return i;
    }

    private void copy(final Connection connection, final TradeBatch batch, final int fromRow) throws SQLException
    {
        final CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(TradeCopyEncoder.COPY_SQL);
        try
        {
            encoder.encode(copy, batch, fromRow);
            copy.endCopy();
        }
        finally
        {
            if (copy.isActive())
            {
                copy.cancelCopy();
            }
        }
    }

    /** Rolls back after a failure that is already being thrown; a second failure must not hide the first. */
    private static void rollbackQuietly(final Connection connection)
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException ignored)
        {
            // the connection is broken; the pool discards it and the server aborts the transaction
        }
    }

    private static void resetQuietly(final Connection connection)
    {
        try
        {
            connection.setAutoCommit(true);
        }
        catch (final SQLException ignored)
        {
            // as above
        }
    }
}
