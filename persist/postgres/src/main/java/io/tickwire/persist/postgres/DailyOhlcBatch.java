package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tickwire.persist.TradeBatch;

/**
 * Folds the trades of one batch into one daily OHLC row per (symbol, UTC day) and merges those rows into
 * {@code daily_ohlc} inside the sink's transaction. Open and close are chosen by event time (ts_ns, then seq),
 * never by arrival, both within the batch and against the stored row, so out-of-order trades land right.
 * Prices stay exact: mantissas go to the server as bigint and are scaled there by an exact numeric product.
 * <p>
 * Not thread-safe: owned by the sink's writer thread. Allocates a little per batch (one entry per symbol and day).
 */
final class DailyOhlcBatch
{
    static final long NS_PER_DAY = 86_400_000_000_000L;

    private static final String UPSERT = """
        INSERT INTO daily_ohlc AS d (symbol, day, open, high, low, close, volume, trade_count,
                                     open_ts_ns, open_seq, close_ts_ns, close_seq)
        SELECT u.symbol, to_timestamp(u.day * 86400),
               u.o * 0.00000001, u.h * 0.00000001, u.l * 0.00000001, u.c * 0.00000001,
               u.v, u.n, u.ots, u.oseq, u.cts, u.cseq
        FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
             AS u(symbol, day, o, h, l, c, v, n, ots, oseq, cts, cseq)
        ON CONFLICT (symbol, day) DO UPDATE SET
            open        = CASE WHEN (excluded.open_ts_ns, excluded.open_seq) < (d.open_ts_ns, d.open_seq)
                               THEN excluded.open ELSE d.open END,
            open_ts_ns  = CASE WHEN (excluded.open_ts_ns, excluded.open_seq) < (d.open_ts_ns, d.open_seq)
                               THEN excluded.open_ts_ns ELSE d.open_ts_ns END,
            open_seq    = CASE WHEN (excluded.open_ts_ns, excluded.open_seq) < (d.open_ts_ns, d.open_seq)
                               THEN excluded.open_seq ELSE d.open_seq END,
            close       = CASE WHEN (excluded.close_ts_ns, excluded.close_seq) > (d.close_ts_ns, d.close_seq)
                               THEN excluded.close ELSE d.close END,
            close_ts_ns = CASE WHEN (excluded.close_ts_ns, excluded.close_seq) > (d.close_ts_ns, d.close_seq)
                               THEN excluded.close_ts_ns ELSE d.close_ts_ns END,
            close_seq   = CASE WHEN (excluded.close_ts_ns, excluded.close_seq) > (d.close_ts_ns, d.close_seq)
                               THEN excluded.close_seq ELSE d.close_seq END,
            high        = GREATEST(d.high, excluded.high),
            low         = LEAST(d.low, excluded.low),
            volume      = d.volume + excluded.volume,
            trade_count = d.trade_count + excluded.trade_count""";

    private record Key(String symbol, long day)
    {
    }

    private static final class Day
    {
        long open;
        long openTsNs;
        long openSeq;
        long high;
        long low;
        long close;
        long closeTsNs;
        long closeSeq;
        long volume;
        long count;
    }

    private final Map<Key, Day> days = new HashMap<>();
    private final List<Key> order = new ArrayList<>();

    /**
     * Folds the trades of a batch from a row on, replacing what an earlier batch left.
     *
     * @param batch   the batch.
     * @param fromRow first row to fold.
     */
    void fold(final TradeBatch batch, final int fromRow)
    {
        days.clear();
        order.clear();
        final int size = batch.size();
        for (int i = fromRow; i < size; i++)
        {
            if (!batch.isTrade(i))
            {
                continue;
            }
            final long tsNs = batch.tsNs(i);
            final long seq = batch.seq(i);
            final long price = batch.price(i);
            final Key key = new Key(batch.symbol(i), Math.floorDiv(tsNs, NS_PER_DAY));
            Day day = days.get(key);
            if (day == null)
            {
                day = new Day();
                day.open = price;
                day.openTsNs = tsNs;
                day.openSeq = seq;
                day.high = price;
                day.low = price;
                day.close = price;
                day.closeTsNs = tsNs;
                day.closeSeq = seq;
                days.put(key, day);
                order.add(key);
            }
            else
            {
                if (tsNs < day.openTsNs || (tsNs == day.openTsNs && seq < day.openSeq))
                {
                    day.open = price;
                    day.openTsNs = tsNs;
                    day.openSeq = seq;
                }
                if (tsNs > day.closeTsNs || (tsNs == day.closeTsNs && seq > day.closeSeq))
                {
                    day.close = price;
                    day.closeTsNs = tsNs;
                    day.closeSeq = seq;
                }
                day.high = Math.max(day.high, price);
                day.low = Math.min(day.low, price);
            }
            day.volume += batch.volume(i);
            day.count++;
        }
    }

    /**
     * Rows folded by the last {@link #fold}.
     *
     * @return count of (symbol, day) rows.
     */
    int size()
    {
        return order.size();
    }

    /**
     * Merges the folded rows into daily_ohlc on the caller's connection and transaction.
     *
     * @param connection connection inside the sink's transaction.
     * @throws SQLException when the server refuses.
     */
    void merge(final Connection connection) throws SQLException
    {
        final int n = order.size();
        if (n == 0)
        {
            return;
        }
        final String[] symbols = new String[n];
        final long[][] columns = new long[11][n];
        for (int k = 0; k < n; k++)
        {
            final Key key = order.get(k);
            final Day day = days.get(key);
            symbols[k] = key.symbol();
            columns[0][k] = key.day();
            columns[1][k] = day.open;
            columns[2][k] = day.high;
            columns[3][k] = day.low;
            columns[4][k] = day.close;
            columns[5][k] = day.volume;
            columns[6][k] = day.count;
            columns[7][k] = day.openTsNs;
            columns[8][k] = day.openSeq;
            columns[9][k] = day.closeTsNs;
            columns[10][k] = day.closeSeq;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT))
        {
            upsert.setArray(1, connection.createArrayOf("text", symbols));
            for (int c = 0; c < columns.length; c++)
            {
                upsert.setObject(c + 2, columns[c]);
            }
            upsert.executeUpdate();
        }
    }
}
