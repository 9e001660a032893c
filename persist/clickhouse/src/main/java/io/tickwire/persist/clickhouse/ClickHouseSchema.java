package io.tickwire.persist.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Tickwire's ClickHouse schema, created idempotently ({@code IF NOT EXISTS}) by every sink's {@code open()}. The SQL
 * runs on ClickHouse 18.16 (the only server installable on the project's machines) and on current servers; TTL
 * clauses are added only when {@code SELECT version()} reports 19.6 or newer. Tables (in database {@code tickwire}
 * unless the URL names another):
 * <ul>
 *   <li>{@code trades}: MergeTree, PARTITION BY UTC day of {@code ts}, ORDER BY (symbol, ts). {@code ts} is epoch
 *   nanoseconds in an Int64 (18.16 has no DateTime64); {@code seq} is the journal's arrival seq, the exactly-once
 *   key; {@code source} is 0 for live journal rows, 1 for backfill; {@code late_1m} is 1 for a trade that SPEC
 *   section 4 leaves out of its 1-minute bar (computed by {@link ClickHouseTradeSink}). TTL 90 days.</li>
 *   <li>{@code ohlc_1m}: AggregatingMergeTree of 1-minute states, filled by the materialized view
 *   {@code ohlc_1m_mv} from every insert into {@code trades}, rows with {@code late_1m = 1} excepted. Open and close
 *   are {@code argMin}/{@code argMax} of the price over the tuple (ts, seq): event time first, arrival order between
 *   equal timestamps, never insert order. TTL 2 years.</li>
 *   <li>{@code ohlc_1m_merged}: a plain view finishing those states with the *Merge functions.</li>
 *   <li>{@code bars}: ReplacingMergeTree(rev), ORDER BY (symbol, tf, start): the engine's final bars of every
 *   timeframe; read with FINAL, the highest rev wins. TTL 2 years.</li>
 * </ul>
 * A schema created before {@code late_1m} existed is upgraded by {@link #create()}: the column is added (18.16 has
 * no {@code ADD COLUMN IF NOT EXISTS}, so {@code system.columns} is asked first) and a materialized view without
 * the {@code late_1m} filter is dropped and created again ({@code ohlc_1m}'s rows are kept).
 * <p>
 * Thread-safe.
 */
public final class ClickHouseSchema
{
    /** Days a trade is kept when the server supports TTL. */
    public static final int TRADES_TTL_DAYS = 90;
    /** Years 1-minute aggregates and bars are kept when the server supports TTL. */
    public static final int OHLC_TTL_YEARS = 2;

    /** Index of the materialized view's statement in {@link #statements(String, boolean)}. */
    static final int MATERIALIZED_VIEW = 3;
    private static final String LATE_1M = "late_1m";
    private static final String SECONDS = "toDateTime(intDiv(%s, 1000000000), 'UTC')";

    private final ClickHouseConnection connection;
    private volatile String serverVersion;

    ClickHouseSchema(final ClickHouseConnection connection)
    {
        this.connection = connection;
    }

    /**
     * Creates the database, tables and views that are missing; harmless when they all exist.
     *
     * @throws Exception when the server cannot be reached or refuses a statement.
     */
    public void create() throws Exception
    {
        final String version = connection.queryText("SELECT version()").trim();
        serverVersion = version;
        final List<String> statements = statements(connection.database(), supportsTtl(version));
        // One upgrade at a time per client: two sinks of one store opening together must not drop the view the
        // other has just created while it writes.
        synchronized (connection)
        {
            // 18.16 analyses the view's SELECT even when the view exists: the column must be there first
            for (int i = 0; i < MATERIALIZED_VIEW; i++)
            {
                connection.execute(statements.get(i));
            }
            upgrade();
            for (int i = MATERIALIZED_VIEW; i < statements.size(); i++)
            {
                connection.execute(statements.get(i));
            }
        }
    }

    /**
     * Brings a schema created before {@code late_1m} existed up to date: adds the column to {@code trades}, then
     * drops a materialized view that does not filter on it (the next statement creates it again). Idempotent; a
     * concurrent upgrade from another process is harmless (the column's second {@code ADD} fails and the column is
     * then found present).
     */
    private void upgrade() throws Exception
    {
        final String database = connection.database();
        if (!hasLateColumn(database))
        {
            try
            {
                connection.execute("ALTER TABLE " + database + ".trades ADD COLUMN " + LATE_1M + " UInt8");
            }
            catch (final Exception e)
            {
                if (!hasLateColumn(database))
                {
                    throw e;
                }
            }
        }
        final String view = connection.queryText("SELECT create_table_query FROM system.tables WHERE database = '"
            + database + "' AND name = 'ohlc_1m_mv'");
        if (!view.isBlank() && !view.contains(LATE_1M))
        {
            // Inserts landing between this drop and the create that follows would miss ohlc_1m: sinks upgrade in
            // open(), before their first write.
            connection.execute("DROP TABLE IF EXISTS " + database + ".ohlc_1m_mv");
        }
    }

    private boolean hasLateColumn(final String database) throws Exception
    {
        return !"0".equals(connection.queryText("SELECT count() FROM system.columns WHERE database = '" + database
            + "' AND table = 'trades' AND name = '" + LATE_1M + "'").trim());
    }

    /**
     * The server version read by the last {@link #create()}.
     *
     * @return e.g. {@code 18.16.1}, or null before the first create.
     */
    public String serverVersion()
    {
        return serverVersion;
    }

    /**
     * Whether a server version understands MergeTree TTL clauses (19.6 and newer).
     *
     * @param version as {@code SELECT version()} answers, e.g. {@code 18.16.1}.
     * @return true when TTL may be used.
     */
    public static boolean supportsTtl(final String version)
    {
        final String[] parts = version.trim().split("\\.");
        try
        {
            final int major = Integer.parseInt(parts[0]);
            final int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 19 || (major == 19 && minor >= 6);
        }
        catch (final NumberFormatException e)
        {
            return false;
        }
    }

    /**
     * The DDL statements, in order.
     *
     * @param database database name, a plain identifier.
     * @param ttl      whether to add TTL clauses.
     * @return statements, each idempotent.
     */
    public static List<String> statements(final String database, final boolean ttl)
    {
        if (!ClickHouseUrl.isIdentifier(database))
        {
            throw new IllegalArgumentException("database '" + database + "' is not a plain identifier");
        }
        final String db = database + ".";
        final List<String> sql = new ArrayList<>();
        sql.add("CREATE DATABASE IF NOT EXISTS " + database);
        sql.add("CREATE TABLE IF NOT EXISTS " + db + "trades ("
            + "symbol String, ts Int64, seq UInt64, price Decimal(18, 8), volume UInt64, exchange String, "
            + "trade_id String, source UInt8, late_1m UInt8) "
            + "ENGINE = MergeTree PARTITION BY toYYYYMMDD(" + SECONDS.formatted("ts") + ") ORDER BY (symbol, ts)"
            + (ttl ? " TTL " + SECONDS.formatted("ts") + " + INTERVAL " + TRADES_TTL_DAYS + " DAY" : ""));
        sql.add("CREATE TABLE IF NOT EXISTS " + db + "ohlc_1m ("
            + "symbol String, start Int64, "
            + "open_state AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, UInt64)), "
            + "high_state AggregateFunction(max, Decimal(18, 8)), "
            + "low_state AggregateFunction(min, Decimal(18, 8)), "
            + "close_state AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, UInt64)), "
            + "volume_state AggregateFunction(sum, UInt64), "
            + "count_state AggregateFunction(count), "
            + "pv_state AggregateFunction(sum, Decimal(38, 8))) "
            + "ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(" + SECONDS.formatted("start") + ") "
            + "ORDER BY (symbol, start)"
            + (ttl ? " TTL " + SECONDS.formatted("start") + " + INTERVAL " + OHLC_TTL_YEARS + " YEAR" : ""));
        // price x volume in Decimal128: 18.16 checks Decimal64 overflow (10^10 x 10^12 needs 31 digits) and would
        // fail the whole insert into trades.
        sql.add("CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + "ohlc_1m_mv TO " + db + "ohlc_1m AS SELECT "
            + "symbol, intDiv(ts, 60000000000) * 60000000000 AS start, "
            + "argMinState(price, (ts, seq)) AS open_state, "
            + "maxState(price) AS high_state, "
            + "minState(price) AS low_state, "
            + "argMaxState(price, (ts, seq)) AS close_state, "
            + "sumState(volume) AS volume_state, "
            + "countState() AS count_state, "
            + "sumState(CAST(price AS Decimal(38, 8)) * volume) AS pv_state "
            + "FROM " + db + "trades WHERE late_1m = 0 GROUP BY symbol, start");
        sql.add("CREATE VIEW IF NOT EXISTS " + db + "ohlc_1m_merged AS SELECT "
            + "symbol, start, "
            + "argMinMerge(open_state) AS open, "
            + "maxMerge(high_state) AS high, "
            + "minMerge(low_state) AS low, "
            + "argMaxMerge(close_state) AS close, "
            + "sumMerge(volume_state) AS volume, "
            + "countMerge(count_state) AS count, "
            + "sumMerge(pv_state) AS pv, "
            + "pv / volume AS vwap "
            + "FROM " + db + "ohlc_1m GROUP BY symbol, start");
        sql.add("CREATE TABLE IF NOT EXISTS " + db + "bars ("
            + "symbol String, tf String, start Int64, open Decimal(18, 8), high Decimal(18, 8), "
            + "low Decimal(18, 8), close Decimal(18, 8), volume UInt64, count UInt64, vwap Decimal(18, 8), "
            + "rev UInt32, seq UInt64) "
            + "ENGINE = ReplacingMergeTree(rev) PARTITION BY toYYYYMM(" + SECONDS.formatted("start") + ") "
            + "ORDER BY (symbol, tf, start)"
            + (ttl ? " TTL " + SECONDS.formatted("start") + " + INTERVAL " + OHLC_TTL_YEARS + " YEAR" : ""));
        return sql;
    }
}
