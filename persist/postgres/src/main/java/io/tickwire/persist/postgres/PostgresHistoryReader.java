package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.HistoryReader;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeRecord;

/**
 * Reads bars and trades back for the history endpoints. Each query takes the newest {@code limit} rows in the
 * range from an index, newest first, and returns them oldest first. Prices come back as exact mantissas (scaled on
 * the server, never via a double). Any failure, including no connection within the store's connect timeout,
 * becomes a {@link StoreUnavailableException} so that the caller falls back quickly.
 * <p>
 * Thread-safe: each call borrows its own pooled connection.
 */
public final class PostgresHistoryReader implements HistoryReader
{
    /** Longest a read may run on the server, seconds. */
    static final int QUERY_TIMEOUT_SECONDS = 5;

    private static final String BARS = """
        SELECT (extract(epoch FROM start) * 1000000)::bigint,
               (open * 100000000)::bigint, (high * 100000000)::bigint, (low * 100000000)::bigint,
               (close * 100000000)::bigint, volume, count, (vwap * 100000000)::bigint, rev, seq
        FROM bars
        WHERE symbol = ? AND tf = ? AND start >= ? AND start < ?
        ORDER BY start DESC
        LIMIT ?""";
    /** ts bounds let the planner prune partitions or chunks; ts_ns bounds are the exact ones. */
    private static final String TRADES = """
        SELECT ts_ns, seq, (price * 100000000)::bigint, volume, exchange, trade_id
        FROM trades
        WHERE symbol = ? AND ts >= ? AND ts < ? AND ts_ns >= ? AND ts_ns < ?
        ORDER BY ts_ns DESC, seq DESC
        LIMIT ?""";
    /** 0001-01-01 and 9999-12-31 in epoch microseconds: bounds outside are clamped to what timestamptz holds. */
    private static final long MIN_MICROS = -62_135_596_800_000_000L;
    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    private final PostgresStore store;

    PostgresHistoryReader(final PostgresStore store)
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
     * Final bars, see {@link HistoryReader#bars}.
     *
     * @param symbol symbol.
     * @param tf     timeframe name.
     * @param fromNs inclusive lower bound on the start, epoch ns.
     * @param toNs   exclusive upper bound on the start, epoch ns.
     * @param limit  most bars.
     * @return bars oldest first.
     * @throws StoreUnavailableException when the database cannot answer.
     */
    @Override
    public List<BarRecord> bars(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit) throws StoreUnavailableException
    {
        if (limit <= 0 || fromNs >= toNs)
        {
            return List.of();
        }
        try (Connection connection = store.connection();
            PreparedStatement query = connection.prepareStatement(BARS))
        {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.setString(1, symbol);
            query.setString(2, tf);
            // Starts are whole microseconds: start >= fromNs <=> start_us >= ceil(fromNs / 1000), same for toNs.
            query.setObject(3, timestamp(Math.ceilDiv(fromNs, 1000L)));
            query.setObject(4, timestamp(Math.ceilDiv(toNs, 1000L)));
            query.setInt(5, limit);
            final List<BarRecord> bars = new ArrayList<>(Math.min(limit, 4096));
            try (ResultSet rs = query.executeQuery())
            {
                while (rs.next())
                {
                    bars.add(new BarRecord(symbol, tf, rs.getLong(1) * 1000L, rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getInt(9),
                        rs.getLong(10)));
                }
            }
            Collections.reverse(bars);
            return bars;
        }
        catch (final SQLException ex)
        {
            throw new StoreUnavailableException("postgres: bars " + symbol + " " + tf + " failed: " + ex.getMessage(),
                ex);
        }
    }

    /**
     * Trades, see {@link HistoryReader#trades}.
     *
     * @param symbol symbol.
     * @param fromNs inclusive, epoch ns.
     * @param toNs   exclusive, epoch ns.
     * @param limit  most trades.
     * @return trades oldest first by (ts, seq).
     * @throws StoreUnavailableException when the database cannot answer.
     */
    @Override
    public List<TradeRecord> trades(final String symbol, final long fromNs, final long toNs, final int limit)
        throws StoreUnavailableException
    {
        if (limit <= 0 || fromNs >= toNs)
        {
            return List.of();
        }
        try (Connection connection = store.connection();
            PreparedStatement query = connection.prepareStatement(TRADES))
        {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.setString(1, symbol);
            // ts = floor(ts_ns / 1000) microseconds, so these bounds contain every row the exact bounds admit.
            query.setObject(2, timestamp(Math.floorDiv(fromNs, 1000L)));
            query.setObject(3, timestamp(Math.floorDiv(toNs - 1, 1000L) + 1));
            query.setLong(4, fromNs);
            query.setLong(5, toNs);
            query.setInt(6, limit);
            final List<TradeRecord> trades = new ArrayList<>(Math.min(limit, 4096));
            try (ResultSet rs = query.executeQuery())
            {
                while (rs.next())
                {
                    trades.add(new TradeRecord(symbol, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)));
                }
            }
            Collections.reverse(trades);
            return trades;
        }
        catch (final SQLException ex)
        {
            throw new StoreUnavailableException("postgres: trades " + symbol + " failed: " + ex.getMessage(), ex);
        }
    }

    private static OffsetDateTime timestamp(final long epochMicros)
    {
        final long micros = Math.max(MIN_MICROS, Math.min(MAX_MICROS, epochMicros));
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
            .atOffset(ZoneOffset.UTC);
    }
}
