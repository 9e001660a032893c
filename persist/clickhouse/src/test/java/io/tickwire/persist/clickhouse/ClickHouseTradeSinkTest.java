package io.tickwire.persist.clickhouse;

import java.util.Arrays;

import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.DATABASE;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.URL;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.batch;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.quote;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.sql;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class ClickHouseTradeSinkTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MAX_PRICE = 9_999_999_999_99999999L;

    @BeforeEach
    void cleanDatabase() throws Exception
    {
        ClickHouseTestSupport.assumeServer();
        ClickHouseTestSupport.dropDatabase();
    }

    @Test
    void shouldReadBackEveryTradeExactlyAndSkipQuotes() throws Exception
    {
        final TradeBatch batch = batch(
            trade("BTC-USD", 10, T0, 1L, 1, "CBASE", "t-1"),
            quote("BTC-USD", 11, T0 + 1),
            trade("BTC-USD", 12, T0 + 2, MAX_PRICE, 1_000_000_000_000L, "", ""),
            trade("A.B_C:D/E-012345", 13, T0 + 3, 123_45678901L, 42, "X", "tab\tand\\slash'quote"),
            trade("BTC-USD", 14, T0 + 2, 50_000_12345678L, 7, "NYSE", "id-with-32-chars-0123456789abcde"));
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(batch);
            assertThat(sink.rowsWritten()).isEqualTo(4);

            assertThat(reader.trades("BTC-USD", T0, T0 + 10, 100)).containsExactly(
                new TradeRecord("BTC-USD", T0, 10, 1L, 1, "CBASE", "t-1"),
                new TradeRecord("BTC-USD", T0 + 2, 12, MAX_PRICE, 1_000_000_000_000L, "", ""),
                new TradeRecord("BTC-USD", T0 + 2, 14, 50_000_12345678L, 7, "NYSE",
                    "id-with-32-chars-0123456789abcde"));
            assertThat(reader.trades("A.B_C:D/E-012345", T0, T0 + 10, 100)).containsExactly(
                new TradeRecord("A.B_C:D/E-012345", T0 + 3, 13, 123_45678901L, 42, "X", "tab\tand\\slash'quote"));
        }
        // checked independently of the reader: decimals exact to 8 places, source 0, quotes absent
        assertThat(sql("SELECT seq, toString(price), volume, source FROM " + DATABASE + ".trades ORDER BY seq"))
            .isEqualTo("""
                10\t0.00000001\t1\t0
                12\t9999999999.99999999\t1000000000000\t0
                13\t123.45678901\t42\t0
                14\t50000.12345678\t7\t0
                """);
    }

    @Test
    void shouldReportTheHighestLiveSeqAndIgnoreBackfill() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink live = store.tradeSink();
            ClickHouseTradeSink backfill = store.backfillSink())
        {
            live.open();
            assertThat(live.lastWrittenSeq()).isEqualTo(-1);
            live.write(batch(trade("ETH", 0, T0, 1_00000000L, 1, "", "")));
            assertThat(live.lastWrittenSeq()).isZero();
            live.write(batch(trade("ETH", 1, T0 + 1, 1_00000000L, 1, "", ""), quote("ETH", 2, T0 + 2)));
            assertThat(live.lastWrittenSeq()).isEqualTo(1);

            backfill.open();
            backfill.write(batch(trade("ETH", 900, T0 - 5, 2_00000000L, 3, "", "")));
            assertThat(live.lastWrittenSeq()).isEqualTo(1);
            assertThat(backfill.lastWrittenSeq()).isEqualTo(900);
        }
        assertThat(sql("SELECT source, count() FROM " + DATABASE + ".trades GROUP BY source ORDER BY source"))
            .isEqualTo("0\t2\n1\t1\n");
    }

    @Test
    void shouldWriteEveryRowOnceWhenResumingAfterABodyCutAtARowBoundary() throws Exception
    {
        final int rows = 1000;
        final int cut = 400;
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            final TradeBatch first = new TradeBatch(rows);
            for (int i = 0; i < rows; i++)
            {
                first.add(trade("CUT", i, T0 + i, 1_00000000L + i, 1, "", ""));
            }
            final TradeBatch prefix = new TradeBatch(cut);
            for (int i = 0; i < cut; i++)
            {
                prefix.add(trade("CUT", i, T0 + i, 1_00000000L + i, 1, "", ""));
            }
            sink.encode(prefix);
            final byte[] body = Arrays.copyOf(sink.buffer().bytes(), sink.buffer().length());
            // A writer killed mid-request: the body stops after `cut` whole rows and the socket closes (FIN).
            ClickHouseTestSupport.sendChunkedAndHangUp("INSERT INTO " + DATABASE + ".trades FORMAT RowBinary", body);

            final long resumeAfter = sink.lastWrittenSeq();
            // 18.16 stores the rows it received; a server that refuses a cut body stores none. Both resume cleanly.
            assertThat(resumeAfter).isIn(-1L, (long)cut - 1);
            final TradeBatch rest = new TradeBatch(rows);
            for (int i = (int)resumeAfter + 1; i < rows; i++)
            {
                rest.add(trade("CUT", i, T0 + i, 1_00000000L + i, 1, "", ""));
            }
            sink.write(rest);
            assertThat(sink.lastWrittenSeq()).isEqualTo(rows - 1);
        }
        assertThat(sql("SELECT count(), uniqExact(seq), min(seq), max(seq) FROM " + DATABASE + ".trades"))
            .isEqualTo(rows + "\t" + rows + "\t0\t" + (rows - 1) + "\n");
        assertThat(sql("SELECT countMerge(count_state) FROM " + DATABASE + ".ohlc_1m")).isEqualTo(rows + "\n");
    }

    @Test
    void shouldStoreNothingOfABodyCutInsideARow() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            final TradeBatch batch = new TradeBatch(100);
            for (int i = 0; i < 100; i++)
            {
                batch.add(trade("CUT", i, T0 + i, 1_00000000L, 1, "", ""));
            }
            sink.encode(batch);
            final byte[] body = Arrays.copyOf(sink.buffer().bytes(), sink.buffer().length() - 3);
            ClickHouseTestSupport.sendChunkedAndHangUp("INSERT INTO " + DATABASE + ".trades FORMAT RowBinary", body);
            assertThat(sink.lastWrittenSeq()).isEqualTo(-1);
        }
    }

    @Test
    void shouldFailTheWriteWhenTheServerIsDown()
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl("http://127.0.0.1:1/?database=" + DATABASE
            + "&connect_timeout_ms=200"); ClickHouseTradeSink sink = store.tradeSink())
        {
            assertThrows(Exception.class, () -> sink.write(batch(trade("ETH", 0, T0, 1_00000000L, 1, "", ""))));
            assertThrows(Exception.class, sink::lastWrittenSeq);
        }
    }
}
