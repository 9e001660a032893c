package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.HistoryReader;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeRecord;

/**
 * Reads bars from {@code bars FINAL} and trades from {@code trades}, as TabSeparated text (the only answer format
 * client-v2 reads from 18.16). Values are spliced into the SQL only after validation: a symbol must pass
 * {@link Symbols#isValid(String)} (characters {@code A-Z 0-9 . _ : / -}, none of which can end a quoted literal) and
 * a timeframe must be one of {@link Timeframes#SUPPORTED}; anything else has no rows, so the answer is empty.
 * <p>
 * Thread-safe: called from a blocking executor; each call parses its own answer.
 */
public final class ClickHouseHistoryReader implements HistoryReader, AutoCloseable
{
    private final ClickHouseConnection connection;
    private final String database;
    private volatile boolean closed;

    ClickHouseHistoryReader(final ClickHouseConnection connection)
    {
        this.connection = connection.retain();
        this.database = connection.database();
    }

    @Override
    public String name()
    {
        return "clickhouse";
    }

    @Override
    public List<BarRecord> bars(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit) throws StoreUnavailableException
    {
        final long lengthNs = Timeframes.lengthNs(tf);
        if (!Symbols.isValid(symbol) || lengthNs <= 0 || limit <= 0 || fromNs >= toNs)
        {
            return Collections.emptyList();
        }
        // The newest `limit` bars. 18.16 cannot read a MergeTree backwards, so a plain ORDER BY start DESC LIMIT
        // would merge (FINAL) and sort every bar of the range: ~0.5 s for a year of 1m bars. Windows are at least
        // lengthNs apart, so the limit x lengthNs before the newest bar hold at most `limit` bars, and when they hold
        // exactly `limit` those are the answer. First guess: the newest bar is just before toNs (or now, for an
        // open-ended range). Otherwise ask for the newest start, then widen the window 4x at a time (gappy series)
        // until it holds `limit` bars or covers the whole range.
        final long spanNs = limit <= Long.MAX_VALUE / lengthNs ? limit * lengthNs : Long.MAX_VALUE;
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        final long guessTo = toNs > nowNs + lengthNs ? nowNs + lengthNs : toNs;
        final long guessFrom = windowFrom(guessTo, spanNs);
        if (guessFrom > fromNs)
        {
            final List<BarRecord> recent = queryBars(symbol, tf, guessFrom, toNs, limit);
            if (recent.size() == limit)
            {
                return recent;
            }
        }
        final long[] extent = extent(symbol, tf, fromNs, toNs);
        final long rows = extent[0];
        final long oldestStart = extent[1];
        final long newestStart = extent[2];
        if (rows == 0)
        {
            return Collections.emptyList();
        }
        long windowNs = spanNs;
        while (true)
        {
            final long from = windowFrom(newestStart + 1, windowNs);
            if (rows <= limit || from <= oldestStart || windowNs == Long.MAX_VALUE)
            {
                return queryBars(symbol, tf, fromNs, toNs, limit);
            }
            if (from != guessFrom)
            {
                final List<BarRecord> recent = queryBars(symbol, tf, from, toNs, limit);
                if (recent.size() == limit)
                {
                    return recent;
                }
            }
            windowNs = windowNs <= Long.MAX_VALUE / 4 ? windowNs * 4 : Long.MAX_VALUE;
        }
    }

    private static long windowFrom(final long toNs, final long spanNs)
    {
        return toNs >= Long.MIN_VALUE + spanNs ? toNs - spanNs : Long.MIN_VALUE;
    }

    /**
     * Rows (revisions included), oldest and newest start of a series in a range, without FINAL.
     */
    private long[] extent(final String symbol, final String tf, final long fromNs, final long toNs)
        throws StoreUnavailableException
    {
        final String sql = "SELECT count(), min(start), max(start) FROM " + database + ".bars WHERE symbol = '"
            + symbol + "' AND tf = '" + tf + "' AND start >= " + fromNs + " AND start < " + toNs;
        try
        {
            return connection.query(sql, reader ->
            {
                if (!reader.hasRow())
                {
                    throw new IOException("ClickHouse answered nothing to " + sql);
                }
                return new long[]{reader.readUnsignedLong(), reader.readLong(), reader.readLong()};
            });
        }
        catch (final Exception e)
        {
            throw new StoreUnavailableException("clickhouse: extent of " + symbol + " " + tf + " from "
                + connection.url().redacted(), e);
        }
    }

    private List<BarRecord> queryBars(final String symbol, final String tf, final long fromNs, final long toNs,
        final int limit) throws StoreUnavailableException
    {
        final String sql = "SELECT start, open, high, low, close, volume, count, vwap, rev, seq FROM ("
            + "SELECT start, open, high, low, close, volume, count, vwap, rev, seq FROM " + database + ".bars FINAL "
            + "WHERE symbol = '" + symbol + "' AND tf = '" + tf + "' AND start >= " + fromNs + " AND start < " + toNs
            + " ORDER BY start DESC LIMIT " + limit + ") ORDER BY start";
        try
        {
            return connection.query(sql, reader ->
            {
                final List<BarRecord> bars = new ArrayList<>(Math.min(limit, 16_384));
                while (reader.hasRow())
                {
                    bars.add(new BarRecord(symbol, tf, reader.readLong(), reader.readDecimal8(), reader.readDecimal8(),
                        reader.readDecimal8(), reader.readDecimal8(), reader.readUnsignedLong(),
                        reader.readUnsignedLong(), reader.readDecimal8(), (int)reader.readUnsignedLong(),
                        reader.readUnsignedLong()));
                }
                return bars;
            });
        }
        catch (final Exception e)
        {
            throw new StoreUnavailableException("clickhouse: bars of " + symbol + " " + tf + " from "
                + connection.url().redacted(), e);
        }
    }

    @Override
    public List<TradeRecord> trades(final String symbol, final long fromNs, final long toNs, final int limit)
        throws StoreUnavailableException
    {
        if (!Symbols.isValid(symbol) || limit <= 0 || fromNs >= toNs)
        {
            return Collections.emptyList();
        }
        final String sql = "SELECT ts, seq, price, volume, exchange, trade_id FROM ("
            + "SELECT ts, seq, price, volume, exchange, trade_id FROM " + database + ".trades "
            + "WHERE symbol = '" + symbol + "' AND ts >= " + fromNs + " AND ts < " + toNs
            + " ORDER BY ts DESC, seq DESC LIMIT " + limit + ") ORDER BY ts, seq";
        try
        {
            return connection.query(sql, reader ->
            {
                final List<TradeRecord> trades = new ArrayList<>(Math.min(limit, 16_384));
                while (reader.hasRow())
                {
                    trades.add(new TradeRecord(symbol, reader.readLong(), reader.readUnsignedLong(),
                        reader.readDecimal8(), reader.readUnsignedLong(), reader.readString(), reader.readString()));
                }
                return trades;
            });
        }
        catch (final Exception e)
        {
            throw new StoreUnavailableException("clickhouse: trades of " + symbol + " from "
                + connection.url().redacted(), e);
        }
    }

    /** Releases this reader's hold on the shared client; never throws. */
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
