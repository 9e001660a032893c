package io.tickwire.persist.postgres;

import static io.tickwire.persist.postgres.Trades.DAY0_NS;
import static io.tickwire.persist.postgres.Trades.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeRecord;

@Timeout(60)
class PostgresTradeSinkTest
{
    private PostgresStore store;
    private PostgresTradeSink sink;
    private final Trades trades = new Trades();

    @BeforeEach
    void setUp() throws Exception
    {
        store = TestDatabase.freshStore("t_trade_sink", "partitions_ahead=2");
        sink = store.tradeSink("journal-a");
        sink.open();
    }

    @AfterEach
    void tearDown()
    {
        if (sink != null)
        {
            sink.close();
        }
        if (store != null)
        {
            store.close();
        }
    }

    @Test
    void shouldCreateDayPartitionsAndStoreExactPricesForBatchSpanningMidnight() throws Exception
    {
        final TradeBatch batch = new TradeBatch(16);
        final long midnight = DAY0_NS + Trades.NS_PER_DAY;
        trades.add(batch, 1, midnight - 1, "BTCUSD", 1, 5)
            .add(batch, 2, midnight, "BTCUSD", 999_999_999_999_999_999L, 7)
            .add(batch, 3, midnight + 123_456_789L, "ETHUSD", 250_012_345_678L, 1)
            .add(batch, 4, midnight + 1_000, "BTCUSD", -1, 2);

        sink.write(batch);

        assertThat(sink.lastWrittenSeq()).isEqualTo(4);
        assertThat(partitionsOf("trades")).contains("trades_p20260301", "trades_p20260302");
        final List<String> rows = query("SELECT seq || '|' || ts_ns || '|' || price || '|' || volume || '|' "
            + "|| symbol || '|' || exchange || '|' || trade_id || '|' || tableoid::regclass || '|' "
            + "|| (ts = to_timestamp(0) + (ts_ns / 1000) * INTERVAL '1 microsecond') FROM trades ORDER BY seq");
        assertThat(rows).containsExactly(
            "1|" + (midnight - 1) + "|0.00000001|5|BTCUSD|XNAS|t1|trades_p20260301|true",
            "2|" + midnight + "|9999999999.99999999|7|BTCUSD|XNAS|t2|trades_p20260302|true",
            "3|" + (midnight + 123_456_789L) + "|2500.12345678|1|ETHUSD|XNAS|t3|trades_p20260302|true",
            "4|" + (midnight + 1_000) + "|-0.00000001|2|BTCUSD|XNAS|t4|trades_p20260302|true");
        assertThat(query("SELECT writer || '|' || seq || '|' || journal_index FROM writer_positions"))
            .containsExactly("journal-a|4|1004");
    }

    @Test
    void shouldStoreTheSameExactRowsWithInsertWhenCopyIsOff() throws Exception
    {
        sink.close();
        store.close();
        store = TestDatabase.freshStore("t_trade_sink", "copy=off");
        sink = store.tradeSink("journal-a");
        sink.open();
        final TradeBatch batch = new TradeBatch(16);
        final long midnight = DAY0_NS + Trades.NS_PER_DAY;
        trades.add(batch, 1, midnight - 1, "BTCUSD", 1, 5)
            .add(batch, 2, midnight, "BTCUSD", 999_999_999_999_999_999L, 7)
            .addQuote(batch, 3, midnight, "BTCUSD")
            .add(batch, 4, midnight + 1_000, "BTCUSD", -1, 2);

        sink.write(batch);
        sink.write(batch);

        assertThat(sink.lastWrittenSeq()).isEqualTo(4);
        assertThat(query("SELECT seq || '|' || ts_ns || '|' || price || '|' || volume || '|' || trade_id || '|' "
            + "|| tableoid::regclass || '|' || (ts = to_timestamp(0) + (ts_ns / 1000) * INTERVAL '1 microsecond') "
            + "FROM trades ORDER BY seq")).containsExactly(
                "1|" + (midnight - 1) + "|0.00000001|5|t1|trades_p20260301|true",
                "2|" + midnight + "|9999999999.99999999|7|t2|trades_p20260302|true",
                "4|" + (midnight + 1_000) + "|-0.00000001|2|t4|trades_p20260302|true");
        assertThat(query("SELECT open || '|' || close || '|' || trade_count FROM daily_ohlc ORDER BY day"))
            .containsExactly("0.00000001|0.00000001|1", "9999999999.99999999|-0.00000001|2");
    }

    @Test
    void shouldRoundTripEveryPriceExactlyThroughBinaryCopy() throws Exception
    {
        final long[] edges = {0, 1, -1, 9_999, 10_000, 99_999_999, 100_000_000, 100_000_001, 999_999_999_999L,
            1_000_000_000_000L, 999_999_999_999_999_999L, -999_999_999_999_999_999L, 123_456_789_012_345_678L};
        final Random random = new Random(42);
        final TradeBatch batch = new TradeBatch(2_000);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < batch.capacity(); i++)
        {
            final long price = i < edges.length ? edges[i]
                : (random.nextLong() % 1_000_000_000_000_000_000L) / (1L << random.nextInt(60));
            trades.add(batch, i, DAY0_NS + i, "BTCUSD", price, 1);
            expected.add(i + "|" + BigDecimal.valueOf(price, 8).toPlainString());
        }
        sink.write(batch);

        assertThat(query("SELECT seq || '|' || price FROM trades ORDER BY seq")).containsExactlyElementsOf(expected);
        assertThat(store.historyReader().trades("BTCUSD", Long.MIN_VALUE, Long.MAX_VALUE, 5_000))
            .extracting(TradeRecord::price)
            .containsExactly(IntStream.range(0, batch.size()).mapToLong(batch::price).boxed()
                .toArray(Long[]::new));
    }

    @Test
    void shouldCreatePartitionsAheadOfToday() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trades.add(batch, 1, DAY0_NS, "BTCUSD", SCALE, 1);
        sink.write(batch);

        final long today = Math.floorDiv(System.currentTimeMillis(), 86_400_000L);
        assertThat(partitionsOf("trades")).contains(TradePartitions.partitionName(today),
            TradePartitions.partitionName(today + 1), TradePartitions.partitionName(today + 2));
    }

    @Test
    void shouldStoreOnlyTradesAndStillAdvanceOverQuotes() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trades.add(batch, 10, DAY0_NS, "BTCUSD", SCALE, 1).addQuote(batch, 11, DAY0_NS + 5, "BTCUSD");
        sink.write(batch);

        assertThat(query("SELECT seq::text FROM trades")).containsExactly("10");
        assertThat(sink.lastWrittenSeq()).isEqualTo(11);
    }

    @Test
    void shouldAdvanceLastWrittenSeqOnlyWhenTheBatchCommits() throws Exception
    {
        final TradeBatch first = new TradeBatch(4);
        trades.add(first, 1, DAY0_NS, "BTCUSD", SCALE, 1);
        sink.write(first);

        final TradeBatch second = new TradeBatch(4);
        trades.add(second, 2, DAY0_NS + 1, "BTCUSD", 2 * SCALE, 1).add(second, 3, DAY0_NS + 2, "BTCUSD", SCALE, 1);
        final AtomicLong seenInsideTransaction = new AtomicLong(Long.MIN_VALUE);
        final List<String> rowsInsideTransaction = new ArrayList<>();
        sink.beforeCommit(() ->
        {
            try
            {
                seenInsideTransaction.set(sink.lastWrittenSeq());
                rowsInsideTransaction.addAll(query("SELECT count(*)::text FROM trades"));
            }
            catch (final SQLException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        sink.write(second);

        assertThat(seenInsideTransaction.get()).isEqualTo(1);
        assertThat(rowsInsideTransaction).containsExactly("1");
        assertThat(sink.lastWrittenSeq()).isEqualTo(3);
        assertThat(query("SELECT count(*)::text FROM trades")).containsExactly("3");
    }

    @Test
    void shouldLeaveNothingWhenTheServerRefusesARowMidCopy() throws Exception
    {
        final TradeBatch first = new TradeBatch(4);
        trades.add(first, 1, DAY0_NS, "BTCUSD", SCALE, 1);
        sink.write(first);

        // About 600 KB of COPY data: the rows before the bad one have already been streamed to the server.
        final TradeBatch bad = new TradeBatch(6_000);
        for (int i = 0; i < bad.capacity(); i++)
        {
            if (i == 5_000)
            {
                trades.addWithTradeId(bad, 2 + i, DAY0_NS + 10 + i, "BTCUSD", SCALE, "nul\0byte");
            }
            else
            {
                trades.add(bad, 2 + i, DAY0_NS + 10 + i, "BTCUSD", SCALE + i, 1);
            }
        }
        assertThatThrownBy(() -> sink.write(bad)).isInstanceOf(SQLException.class)
            .hasMessageContaining("0x00");

        assertThat(sink.lastWrittenSeq()).isEqualTo(1);
        assertThat(query("SELECT count(*)::text FROM trades")).containsExactly("1");
        assertThat(query("SELECT trade_count::text FROM daily_ohlc")).containsExactly("1");
    }

    @Test
    void shouldRefuseAPriceOutsideNumeric18And8LeavingNothing() throws Exception
    {
        final TradeBatch first = new TradeBatch(4);
        trades.add(first, 1, DAY0_NS, "BTCUSD", SCALE, 1);
        sink.write(first);

        final TradeBatch bad = new TradeBatch(2000);
        for (int i = 0; i < 1999; i++)
        {
            final long price = i == 1000 ? Long.MIN_VALUE : SCALE + i;
            trades.add(bad, 2 + i, DAY0_NS + 10 + i, "BTCUSD", price, 1);
        }
        assertThatThrownBy(() -> sink.write(bad)).isInstanceOf(SQLException.class)
            .hasMessageContaining("seq 1002 cannot be stored");

        assertThat(sink.lastWrittenSeq()).isEqualTo(1);
        assertThat(query("SELECT count(*)::text FROM trades")).containsExactly("1");
        assertThat(query("SELECT trade_count::text FROM daily_ohlc")).containsExactly("1");
    }

    @Test
    void shouldLeaveNothingWhenTheBatchDiesJustBeforeCommit() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trades.add(batch, 1, DAY0_NS, "BTCUSD", SCALE, 1).add(batch, 2, DAY0_NS + 1, "BTCUSD", SCALE, 1);
        sink.beforeCommit(() ->
        {
            throw new IllegalStateException("killed before commit");
        });
        assertThatThrownBy(() -> sink.write(batch)).hasMessage("killed before commit");

        assertThat(sink.lastWrittenSeq()).isEqualTo(-1);
        assertThat(query("SELECT count(*)::text FROM trades")).containsExactly("0");
        assertThat(query("SELECT count(*)::text FROM daily_ohlc")).containsExactly("0");

        sink.beforeCommit(null);
        sink.write(batch);
        assertThat(sink.lastWrittenSeq()).isEqualTo(2);
        assertThat(query("SELECT count(*)::text FROM trades")).containsExactly("2");
    }

    @Test
    void shouldSkipRowsAlreadyStoredWhenABatchIsWrittenAgain() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trades.add(batch, 1, DAY0_NS, "BTCUSD", SCALE, 1).add(batch, 2, DAY0_NS + 1, "BTCUSD", SCALE, 1);
        sink.write(batch);
        sink.write(batch);
        trades.add(batch, 3, DAY0_NS + 2, "BTCUSD", SCALE, 1);
        sink.write(batch);

        assertThat(query("SELECT seq::text FROM trades ORDER BY seq")).containsExactly("1", "2", "3");
        assertThat(query("SELECT volume || '|' || trade_count FROM daily_ohlc")).containsExactly("3|3");
    }

    @Test
    void shouldKeepOneWriterPositionPerJournal() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trades.add(batch, 7, DAY0_NS, "BTCUSD", SCALE, 1);
        sink.write(batch);
        try (PostgresTradeSink other = store.tradeSink("journal-b"))
        {
            other.open();
            assertThat(other.lastWrittenSeq()).isEqualTo(-1);
        }
        assertThat(sink.lastWrittenSeq()).isEqualTo(7);
    }

    @Test
    void shouldPickDailyOpenAndCloseByEventTimeNotArrival() throws Exception
    {
        final long day1 = DAY0_NS + Trades.NS_PER_DAY;
        final TradeBatch batch = new TradeBatch(16);
        // Arrival order (seq) differs from event order (ts): the open is the earliest ts, the close the latest.
        trades.add(batch, 1, DAY0_NS + 5_000, "BTCUSD", 105 * SCALE, 1)
            .add(batch, 2, DAY0_NS + 1_000, "BTCUSD", 101 * SCALE, 2)
            .add(batch, 3, DAY0_NS + 9_000, "BTCUSD", 109 * SCALE, 3)
            .add(batch, 4, DAY0_NS + 7_000, "BTCUSD", 90 * SCALE, 4)
            .add(batch, 5, day1 + 1, "BTCUSD", 200 * SCALE, 5);
        sink.write(batch);
        batch.clear();
        // A later batch brings a trade earlier than the stored open and one equal in ts to the stored close.
        trades.add(batch, 6, DAY0_NS + 500, "BTCUSD", 100 * SCALE, 10)
            .add(batch, 7, DAY0_NS + 9_000, "BTCUSD", 111 * SCALE, 20)
            .add(batch, 8, DAY0_NS + 3_000, "BTCUSD", 150 * SCALE, 30);
        sink.write(batch);

        assertThat(query("SELECT to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') || '|' || open || '|' || high || '|' "
            + "|| low || '|' || close || '|' || volume || '|' || trade_count FROM daily_ohlc ORDER BY day"))
            .containsExactly(
                "2026-03-01|100.00000000|150.00000000|90.00000000|111.00000000|70|7",
                "2026-03-02|200.00000000|200.00000000|200.00000000|200.00000000|5|1");
        assertThat(query("SELECT open || '|' || close FROM daily_ohlc WHERE day = '2026-03-01 00:00:00+00'"))
            .containsExactly(query("SELECT (SELECT price FROM trades WHERE ts_ns < " + (DAY0_NS + Trades.NS_PER_DAY)
                + " ORDER BY ts_ns, seq LIMIT 1) || '|' || (SELECT price FROM trades WHERE ts_ns < "
                + (DAY0_NS + Trades.NS_PER_DAY) + " ORDER BY ts_ns DESC, seq DESC LIMIT 1)").toArray(new String[0]));
    }

    @Test
    void shouldReportTheStoreUnreachableWhenTheDatabaseIsDown()
    {
        try (PostgresStore down = PostgresStore.fromUrl("postgresql://tickwire:tickwire@127.0.0.1:1/tickwire_test");
            PostgresTradeSink downSink = down.tradeSink())
        {
            final long start = System.nanoTime();
            assertThatThrownBy(downSink::open).isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - start) / 1_000_000L).isLessThan(3_000L);
        }
    }

    private List<String> partitionsOf(final String table) throws SQLException
    {
        return query("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            + "WHERE i.inhparent = '" + table + "'::regclass ORDER BY 1");
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
}
