package io.tickwire.persist.postgres;

import static io.tickwire.persist.postgres.Trades.DAY0_NS;
import static io.tickwire.persist.postgres.Trades.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeRecord;

/**
 * The TimescaleDB flavour against a real TimescaleDB: PGlite with the extension, started by
 * {@code scripts/timescale.sh start} on 127.0.0.1:5433 (override with {@code -Dtickwire.timescale.url}). It serves
 * one connection at a time, so the store runs with a pool of one.
 */
@Timeout(120)
class TimescaleStoreTest
{
    /**
     * pglite serves one session shared by every connection in turn: no COPY sub-protocol ({@code copy=off}), no
     * startup parameters (so no {@code currentSchema}: tests use {@code public}), and named prepared statements
     * outlive a connection ({@code prepareThreshold=0}).
     */
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres"
        + "&password=postgres&sslmode=disable&prepareThreshold=0&pool_size=1&copy=off&connect_timeout_ms=10000";
    private static final String SCHEMA = "public";

    private PostgresStore store;

    @BeforeEach
    void setUp() throws Exception
    {
        final String url = System.getProperty("tickwire.timescale.url", DEFAULT_URL);
        final PostgresUrl parsed = PostgresUrl.parse(url);
        final String hostPort = parsed.jdbcUrl().substring("jdbc:postgresql://".length()).split("/")[0];
        final String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        final int port = hostPort.contains(":")
            ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
        assumeTrue(answers(host, port), "TimescaleDB (pglite) is not answering on " + hostPort
            + "; start it with scripts/timescale.sh start");
        store = PostgresStore.fromUrl(url);
        try (Connection c = store.connection(); Statement st = c.createStatement())
        {
            st.execute("DROP MATERIALIZED VIEW IF EXISTS daily_ohlc CASCADE");
            for (final String table : List.of("trades", "bars", "writer_positions", "portfolio_positions", "reports",
                "schema_version"))
            {
                st.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        }
    }

    @AfterEach
    void tearDown()
    {
        if (store != null)
        {
            store.close();
        }
    }

    @Test
    void shouldMigrateToAHypertableWithCompressionAndAContinuousAggregate() throws Exception
    {
        assertThat(store.migrate()).isEqualTo(Migrations.Flavour.TIMESCALE);
        try (Connection c = store.connection())
        {
            assertThat(Migrations.migrate(c, true)).isEqualTo(Migrations.Flavour.TIMESCALE);
        }

        assertThat(query("SELECT version || '|' || flavour || '|' || script FROM schema_version ORDER BY version"))
            .containsExactly("1|TIMESCALE|V1__core_tables.sql", "2|TIMESCALE|timescale/V2__trades_and_daily_ohlc.sql");
        assertThat(query("SELECT hypertable_name || '|' || compression_enabled FROM timescaledb_information.hypertables"
            + " WHERE hypertable_schema = '" + SCHEMA + "'")).containsExactly("trades|true");
        assertThat(query("SELECT d.time_interval::text FROM timescaledb_information.dimensions d "
            + "WHERE d.hypertable_schema = '" + SCHEMA + "' AND d.hypertable_name = 'trades'"))
            .containsExactly("1 day");
        assertThat(query("SELECT attname || '|' || coalesce(segmentby_column_index, 0) "
            + "FROM timescaledb_information.compression_settings WHERE hypertable_schema = '" + SCHEMA + "' "
            + "AND segmentby_column_index IS NOT NULL")).containsExactly("symbol|1");
        assertThat(query("SELECT view_name || '|' || materialized_only FROM "
            + "timescaledb_information.continuous_aggregates WHERE view_schema = '" + SCHEMA + "'"))
            .containsExactly("daily_ohlc|false");
        assertThat(query("SELECT j.proc_name::text FROM timescaledb_information.jobs j WHERE j.hypertable_schema = '"
            + SCHEMA + "' ORDER BY 1")).isNotEmpty();
    }

    @Test
    void shouldWriteAndReadABatchThroughOneConnection() throws Exception
    {
        final TradeBatch batch = new TradeBatch(16);
        final Trades trades = new Trades();
        trades.add(batch, 1, DAY0_NS + 5_000, "BTCUSD", 105 * SCALE, 1)
            .add(batch, 2, DAY0_NS + 1_000, "BTCUSD", 999_999_999_999_999_999L, 2)
            .add(batch, 3, DAY0_NS + 9_000, "BTCUSD", 1, 3)
            .add(batch, 4, DAY0_NS + Trades.NS_PER_DAY, "BTCUSD", 200 * SCALE, 4);
        try (PostgresTradeSink sink = store.tradeSink())
        {
            sink.open();
            assertThat(sink.flavour()).isEqualTo(Migrations.Flavour.TIMESCALE);
            sink.write(batch);
            sink.write(batch);
            assertThat(sink.lastWrittenSeq()).isEqualTo(4);
        }

        final PostgresHistoryReader reader = store.historyReader();
        assertThat(reader.trades("BTCUSD", Long.MIN_VALUE, Long.MAX_VALUE, 3)).extracting(TradeRecord::seq)
            .containsExactly(1L, 3L, 4L);
        assertThat(reader.trades("BTCUSD", DAY0_NS, DAY0_NS + 2_000, 10))
            .containsExactly(new TradeRecord("BTCUSD", DAY0_NS + 1_000, 2, 999_999_999_999_999_999L, 2, "XNAS", "t2"));
        assertThat(query("SELECT to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') || '|' || open || '|' || high || '|' "
            + "|| low || '|' || close || '|' || volume || '|' || trade_count FROM daily_ohlc ORDER BY day"))
            .containsExactly(
                "2026-03-01|9999999999.99999999|9999999999.99999999|0.00000001|0.00000001|6|3",
                "2026-03-02|200.00000000|200.00000000|200.00000000|200.00000000|4|1");

        try (PostgresBarSink bars = store.barSink())
        {
            bars.open();
            bars.write(List.of(PostgresBarSinkTest.bar("BTCUSD", 0, 100, 1),
                PostgresBarSinkTest.bar("BTCUSD", 0, 90, 0)));
            assertThat(reader.bars("BTCUSD", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10)).extracting(BarRecord::close)
                .containsExactly(100 * SCALE);
        }
    }

    private List<String> query(final String sql) throws SQLException
    {
        final List<String> out = new ArrayList<>();
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            while (rs.next())
            {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean answers(final String host, final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
