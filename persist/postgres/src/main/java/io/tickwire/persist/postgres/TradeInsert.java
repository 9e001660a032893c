package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.tickwire.persist.TradeBatch;

/**
 * The fallback to COPY ({@code copy=off}): one {@code INSERT … SELECT FROM unnest(…)} of column arrays per batch,
 * for servers that do not speak the COPY sub-protocol (the pglite TimescaleDB used in tests crashes on
 * {@code COPY FROM STDIN}). Same rows, same exact prices (mantissas scaled on the server), slower; allocates the
 * column arrays per batch.
 * <p>
 * Not thread-safe: owned by the sink's writer thread.
 */
final class TradeInsert
{
    private static final String INSERT = """
        INSERT INTO trades (ts, ts_ns, seq, symbol, exchange, trade_id, price, volume, source)
        SELECT to_timestamp(0) + u.us * INTERVAL '1 microsecond', u.ts_ns, u.seq, u.symbol, u.exchange, u.trade_id,
               u.price * 0.00000001, u.volume, %d
        FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])
             AS u(us, ts_ns, seq, symbol, exchange, trade_id, price, volume)""";

    private TradeInsert()
    {
    }

    /**
     * Inserts the trades of a batch from a row on, skipping quotes, on the caller's transaction.
     *
     * @param connection connection inside the sink's transaction.
     * @param batch      the batch.
     * @param fromRow    first row to consider.
     * @param source     value of the {@code source} column: 0 live journal, 1 backfill.
     * @return rows inserted.
     * @throws SQLException when the server refuses.
     */
    static int insert(final Connection connection, final TradeBatch batch, final int fromRow, final int source)
        throws SQLException
    {
        int n = 0;
        for (int i = fromRow; i < batch.size(); i++)
        {
            if (batch.isTrade(i))
            {
                n++;
            }
        }
        if (n == 0)
        {
            return 0;
        }
        final long[] micros = new long[n];
        final long[] tsNs = new long[n];
        final long[] seq = new long[n];
        final String[] symbol = new String[n];
        final String[] exchange = new String[n];
        final String[] tradeId = new String[n];
        final long[] price = new long[n];
        final long[] volume = new long[n];
        int k = 0;
        for (int i = fromRow; i < batch.size(); i++)
        {
            if (!batch.isTrade(i))
            {
                continue;
            }
            tsNs[k] = batch.tsNs(i);
            micros[k] = Math.floorDiv(tsNs[k], 1000L);
            seq[k] = batch.seq(i);
            symbol[k] = batch.symbol(i);
            exchange[k] = batch.exchange(i);
            tradeId[k] = batch.tradeId(i);
            price[k] = batch.price(i);
            volume[k] = batch.volume(i);
            k++;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(source)))
        {
            insert.setObject(1, micros);
            insert.setObject(2, tsNs);
            insert.setObject(3, seq);
            insert.setArray(4, connection.createArrayOf("text", symbol));
            insert.setArray(5, connection.createArrayOf("text", exchange));
            insert.setArray(6, connection.createArrayOf("text", tradeId));
            insert.setObject(7, price);
            insert.setObject(8, volume);
            return insert.executeUpdate();
        }
    }
}
