package io.tickwire.persist.clickhouse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.DATABASE;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.URL;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.batch;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.sql;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ClickHouseSchemaTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final long T0 = 1_700_000_040L * 1_000_000_000L;

    @BeforeEach
    void cleanDatabase() throws Exception
    {
        ClickHouseTestSupport.assumeServer();
        ClickHouseTestSupport.dropDatabase();
    }

    @Test
    void shouldCreateTheSchemaTwiceWithoutError() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL))
        {
            store.schema().create();
            store.schema().create();
            assertThat(store.schema().serverVersion()).matches("\\d+\\.\\d+.*");
        }
        assertThat(sql("SELECT name, engine FROM system.tables WHERE database = '" + DATABASE + "' ORDER BY name"))
            .isEqualTo("""
                bars\tReplacingMergeTree
                ohlc_1m\tAggregatingMergeTree
                ohlc_1m_merged\tView
                ohlc_1m_mv\tMaterializedView
                trades\tMergeTree
                """);
    }

    @Test
    void shouldUpgradeASchemaCreatedBeforeLate1mAndKeepItsAggregates() throws Exception
    {
        // the schema as it was before late_1m, with one trade already aggregated
        final String db = DATABASE + ".";
        sql("CREATE DATABASE " + DATABASE);
        for (final String statement : ClickHouseSchema.statements(DATABASE, false))
        {
            sql(statement.replace(", late_1m UInt8)", ")").replace(" WHERE late_1m = 0", ""));
        }
        sql("INSERT INTO " + db + "trades VALUES ('UPG', " + T0 + ", 1, 100, 1, '', '', 0)");
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.open();
            sink.write(batch(
                trade("UPG", 2, T0 + MINUTE + 20_000_000_000L, 101_00000000L, 1, "", ""),
                trade("UPG", 3, T0 + 10_000_000_000L, 999_00000000L, 1, "", "")));
        }
        assertThat(sql("SELECT name, type FROM system.columns WHERE database = '" + DATABASE
            + "' AND table = 'trades' AND name = 'late_1m'")).isEqualTo("late_1m\tUInt8\n");
        assertThat(sql("SELECT seq, late_1m FROM " + db + "trades ORDER BY seq")).isEqualTo("1\t0\n2\t0\n3\t1\n");
        assertThat(sql("SELECT start, count FROM " + db + "ohlc_1m_merged WHERE symbol = 'UPG' ORDER BY start"))
            .isEqualTo(T0 + "\t1\n" + (T0 + MINUTE) + "\t1\n");
    }

    @Test
    void shouldPickOpenAndCloseByEventTimeWhenTradesArriveOutOfOrder() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            // Arrival order (seq) differs from event time; two inserts make two parts, merged only at read time.
            sink.write(batch(
                trade("OOO", 1, T0 + 30_000_000_000L, 105_00000000L, 1, "", ""),
                trade("OOO", 2, T0 + 10_000_000_000L, 101_00000000L, 2, "", ""),
                trade("OOO", 3, T0 + 50_000_000_000L, 103_00000000L, 3, "", "")));
            sink.write(batch(
                trade("OOO", 4, T0 + 10_000_000_000L, 99_00000000L, 4, "", ""),
                trade("OOO", 5, T0 + 5_000_000_000L, 100_00000000L, 5, "", ""),
                trade("OOO", 6, T0 + 50_000_000_000L, 104_00000000L, 6, "", ""),
                trade("OOO", 7, T0 + MINUTE + 1, 200_00000000L, 7, "", "")));
        }
        // minute T0: open = ts +5 s (seq 5, arrived late); close = ts +50 s, seq 6 beats seq 3 at the same ts
        assertThat(sql("SELECT start, open, high, low, close, volume, count, pv, vwap FROM " + DATABASE
            + ".ohlc_1m_merged WHERE symbol = 'OOO' ORDER BY start"))
            .isEqualTo(T0 + "\t100.00000000\t105.00000000\t99.00000000\t104.00000000\t21\t6\t2136.00000000"
                + "\t101.71428571\n"
                + (T0 + MINUTE) + "\t200.00000000\t200.00000000\t200.00000000\t200.00000000\t7\t1\t1400.00000000"
                + "\t200.00000000\n");
        // the same answer straight from the states, as docs/persistence.md documents for filtered reads
        assertThat(sql("SELECT argMinMerge(open_state), argMaxMerge(close_state) FROM " + DATABASE + ".ohlc_1m "
            + "WHERE symbol = 'OOO' AND start = " + T0 + " GROUP BY symbol, start"))
            .isEqualTo("100.00000000\t104.00000000\n");
    }

    @Test
    void shouldAggregateExtremePricesAndVolumesWithoutOverflow() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch(
                trade("BIG", 1, T0, 9_999_999_999_99999999L, 1_000_000_000_000L, "", ""),
                trade("BIG", 2, T0 + 1, 9_999_999_999_99999999L, 1_000_000_000_000L, "", ""),
                trade("BIG", 3, T0 + 2, 1L, 1, "", "")));
        }
        assertThat(sql("SELECT open, close, high, low, volume, count, pv FROM " + DATABASE
            + ".ohlc_1m_merged WHERE symbol = 'BIG'"))
            .isEqualTo("9999999999.99999999\t0.00000001\t9999999999.99999999\t0.00000001\t2000000000001\t3"
                + "\t19999999999999999980000.00000001\n");
    }
}
