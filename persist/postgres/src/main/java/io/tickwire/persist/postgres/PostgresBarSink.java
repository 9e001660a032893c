package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.BarSink;

/**
 * Upserts the engine's final bars and corrections into {@code bars}, keeping the highest rev per
 * (symbol, tf, start): a write with a lower rev than the stored one changes nothing, so writing again is harmless.
 * One statement per call (unnest of column arrays); a list holding the same bar twice is folded first, because one
 * upsert statement may not touch a row twice. Prices are exact: mantissas are scaled on the server.
 * <p>
 * Not thread-safe: one writer agent drives it.
 */
public final class PostgresBarSink implements BarSink
{
    private static final String UPSERT = """
        INSERT INTO bars AS b (symbol, tf, start, open, high, low, close, volume, count, vwap, rev, seq)
        SELECT u.symbol, u.tf, to_timestamp(0) + u.start_us * INTERVAL '1 microsecond',
               u.o * 0.00000001, u.h * 0.00000001, u.l * 0.00000001, u.c * 0.00000001,
               u.v, u.n, u.w * 0.00000001, u.rev, u.seq
        FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::bigint[])
             AS u(symbol, tf, start_us, o, h, l, c, v, n, w, rev, seq)
        ON CONFLICT (symbol, tf, start) DO UPDATE SET
            open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
            volume = excluded.volume, count = excluded.count, vwap = excluded.vwap, rev = excluded.rev,
            seq = excluded.seq, updated_at = now()
        WHERE excluded.rev >= b.rev""";
    private static final String NEWEST = "SELECT (extract(epoch FROM max(start)) * 1000000)::bigint FROM bars "
        + "WHERE tf = ?";

    private record Key(String symbol, String tf, long startNs)
    {
    }

    private final PostgresStore store;
    private boolean closed;

    PostgresBarSink(final PostgresStore store)
    {
        this.store = store;
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
        store.migrate();
    }

    /**
     * Start of the newest stored bar of a timeframe over all symbols.
     *
     * @param tf timeframe name.
     * @return epoch ns, or Long.MIN_VALUE when none.
     * @throws SQLException when the database cannot answer.
     */
    @Override
    public long newestBarStart(final String tf) throws SQLException
    {
        try (Connection connection = store.connection();
            PreparedStatement query = connection.prepareStatement(NEWEST))
        {
            query.setString(1, tf);
            try (ResultSet rs = query.executeQuery())
            {
                if (rs.next())
                {
                    final long micros = rs.getLong(1);
                    if (!rs.wasNull())
                    {
                        return micros * 1000L;
                    }
                }
                return Long.MIN_VALUE;
            }
        }
    }

    /**
     * Upserts bars keeping the highest rev; bar starts are whole microseconds (timeframes are whole seconds).
     *
     * @param bars bars in emission order.
     * @throws SQLException when the database refuses or is unreachable.
     */
    @Override
    public void write(final List<BarRecord> bars) throws SQLException
    {
        if (bars.isEmpty())
        {
            return;
        }
        final Map<Key, BarRecord> latest = new LinkedHashMap<>();
        for (final BarRecord bar : bars)
        {
            final Key key = new Key(bar.symbol(), bar.tf(), bar.startNs());
            final BarRecord held = latest.get(key);
            if (held == null || bar.rev() >= held.rev())
            {
                latest.put(key, bar);
            }
        }
        final int n = latest.size();
        final String[] symbols = new String[n];
        final String[] tfs = new String[n];
        final int[] revs = new int[n];
        final long[][] columns = new long[9][n];
        int k = 0;
        for (final BarRecord bar : latest.values())
        {
            symbols[k] = bar.symbol();
            tfs[k] = bar.tf();
            columns[0][k] = Math.floorDiv(bar.startNs(), 1000L);
            columns[1][k] = bar.open();
            columns[2][k] = bar.high();
            columns[3][k] = bar.low();
            columns[4][k] = bar.close();
            columns[5][k] = bar.volume();
            columns[6][k] = bar.count();
            columns[7][k] = bar.vwap();
            columns[8][k] = bar.seq();
            revs[k] = bar.rev();
            k++;
        }
        try (Connection connection = store.connection();
            PreparedStatement upsert = connection.prepareStatement(UPSERT))
        {
            upsert.setArray(1, connection.createArrayOf("text", symbols));
            upsert.setArray(2, connection.createArrayOf("text", tfs));
            for (int c = 0; c < 8; c++)
            {
                upsert.setObject(3 + c, columns[c]);
            }
            upsert.setObject(11, revs);
            upsert.setObject(12, columns[8]);
            upsert.executeUpdate();
        }
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
}
