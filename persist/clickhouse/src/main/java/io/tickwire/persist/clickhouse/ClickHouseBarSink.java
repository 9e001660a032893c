package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.clickhouse.client.api.DataStreamWriter;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.BarSink;

/**
 * Upserts the engine's final bars and corrections into {@code bars} (ReplacingMergeTree(rev)) with one RowBinary
 * insert per call. Writing a bar again is harmless: readers use FINAL, which keeps the highest rev per
 * (symbol, tf, start).
 * <p>
 * Not thread-safe: driven by one writer agent.
 */
public final class ClickHouseBarSink implements BarSink
{
    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final ClickHouseConnection connection;
    private final ClickHouseSchema schema;
    private final String table;
    private final RowBinaryBuffer buffer = new RowBinaryBuffer(INITIAL_BUFFER_BYTES);
    private final DataStreamWriter bodyWriter = this::writeBody;
    private boolean closed;

    ClickHouseBarSink(final ClickHouseConnection connection)
    {
        this.connection = connection.retain();
        this.schema = new ClickHouseSchema(connection);
        this.table = connection.database() + ".bars";
    }

    @Override
    public String name()
    {
        return "clickhouse";
    }

    @Override
    public void open() throws Exception
    {
        schema.create();
    }

    @Override
    public long newestBarStart(final String tf) throws Exception
    {
        if (Timeframes.lengthNs(tf) <= 0)
        {
            throw new IllegalArgumentException("unknown timeframe '" + tf + "' (accepts " + Timeframes.SUPPORTED + ")");
        }
        final String sql = "SELECT count(), max(start) FROM " + table + " WHERE tf = '" + tf + "'";
        return connection.query(sql, reader ->
        {
            if (!reader.hasRow())
            {
                throw new IOException("ClickHouse answered nothing to " + sql);
            }
            final long count = reader.readUnsignedLong();
            final long max = reader.readLong();
            return count == 0 ? Long.MIN_VALUE : max;
        });
    }

    @Override
    public void write(final List<BarRecord> bars) throws Exception
    {
        if (bars.isEmpty())
        {
            return;
        }
        final RowBinaryBuffer out = buffer;
        out.clear();
        for (int i = 0, n = bars.size(); i < n; i++)
        {
            final BarRecord bar = bars.get(i);
            out.putString(bar.symbol())
                .putString(bar.tf())
                .putInt64(bar.startNs())
                .putInt64(bar.open())
                .putInt64(bar.high())
                .putInt64(bar.low())
                .putInt64(bar.close())
                .putInt64(bar.volume())
                .putInt64(bar.count())
                .putInt64(bar.vwap())
                .putUInt32(bar.rev())
                .putInt64(bar.seq());
        }
        connection.insertRowBinary(table, bodyWriter);
    }

    private void writeBody(final OutputStream out) throws IOException
    {
        buffer.writeTo(out);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            connection.release();
        }
    }
}
