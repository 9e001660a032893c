package io.tickwire.persist.clickhouse;

import java.util.Arrays;

import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.TradeBatch;
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

/**
 * {@code late_1m} against a real server: trades late for their minute (SPEC section 4, grace 5 s unless stated) stay
 * in {@code trades} flagged 1 and out of {@code ohlc_1m}, and the flags do not depend on how the stream was cut into
 * batches, sinks, failures and retries.
 */
@Timeout(60)
class ClickHouseLateTradeTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    /** A minute boundary. */
    private static final long T0 = 1_700_000_040L * SECOND;

    @BeforeEach
    void cleanDatabase() throws Exception
    {
        ClickHouseTestSupport.assumeServer();
        ClickHouseTestSupport.dropDatabase();
    }

    @Test
    void shouldFlagATradeLateForItsMinuteAndLeaveItOutOfOhlc1mOnly() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch(
                trade("LATE", 1, T0 + 10 * SECOND, 100_00000000L, 1, "", ""),
                trade("LATE", 2, T0 + MINUTE + 20 * SECOND, 102_00000000L, 2, "", ""),
                // watermark T0 + 75 s has passed the end of minute T0: late, 10 s before that end
                trade("LATE", 3, T0 + 50 * SECOND, 999_00000000L, 50, "", ""),
                // another symbol far ahead changes nothing for LATE; nor does a quote far ahead
                trade("AHEAD", 4, T0 + 10 * MINUTE, 5_00000000L, 1, "", ""),
                quote("LATE", 5, T0 + 10 * MINUTE)));
            sink.write(batch(
                // 3 s out of order, inside the grace
                trade("LATE", 6, T0 + MINUTE + 17 * SECOND, 101_00000000L, 3, "", ""),
                trade("LATE", 7, T0 + 2 * MINUTE + 2 * SECOND, 104_00000000L, 4, "", ""),
                // in the previous minute, whose end (T0 + 120 s) the watermark (T0 + 117 s) has not reached
                trade("LATE", 8, T0 + MINUTE + 59 * SECOND, 103_00000000L, 5, "", ""),
                trade("LATE", 9, T0 + 2 * MINUTE + 5 * SECOND, 105_00000000L, 6, "", ""),
                // the watermark is now T0 + 120 s, exactly the end of minute T0 + 1m: late (end <= watermark)
                trade("LATE", 10, T0 + MINUTE + 30 * SECOND, 998_00000000L, 60, "", "")));
        }
        assertThat(flags()).isEqualTo("1\t0\n2\t0\n3\t1\n4\t0\n6\t0\n7\t0\n8\t0\n9\t0\n10\t1\n");
        assertThat(sql("SELECT start, open, high, low, close, volume, count FROM " + DATABASE
            + ".ohlc_1m_merged WHERE symbol = 'LATE' ORDER BY start")).isEqualTo(
            T0 + "\t100.00000000\t100.00000000\t100.00000000\t100.00000000\t1\t1\n"
            + (T0 + MINUTE) + "\t101.00000000\t103.00000000\t101.00000000\t103.00000000\t10\t3\n"
            + (T0 + 2 * MINUTE) + "\t104.00000000\t105.00000000\t104.00000000\t105.00000000\t10\t2\n");
    }

    @Test
    void shouldReloadTheLiveStateFromTheStoreInANewSink() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch(trade("RELOAD", 1, T0 + 10 * MINUTE, 100_00000000L, 1, "", "")));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink live = store.tradeSink())
        {
            live.open();
            live.write(batch(trade("RELOAD", 2, T0 + 30 * SECOND, 100_00000000L, 1, "", ""),
                trade("RELOAD", 3, T0 + 10 * MINUTE - 2 * SECOND, 100_00000000L, 1, "", "")));
        }
        assertThat(flags()).isEqualTo("1\t0\n2\t1\n3\t0\n");
    }

    @Test
    void shouldScopeABackfillSinksStateToItsOwnRun() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink live = store.tradeSink();
            ClickHouseTradeSink backfill = store.backfillSink())
        {
            live.open();
            live.write(batch(trade("RUN", 1, T0 + 10 * MINUTE, 100_00000000L, 1, "", "")));
            // an earlier backfill run of later history
            backfill.open();
            backfill.write(batch(trade("RUN", 100, T0 + 5 * MINUTE, 1_00000000L, 1, "", "")));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink backfill = store.backfillSink())
        {
            backfill.open();
            // a new run (new engine) over older history: neither the live rows nor the earlier run make it late
            backfill.write(batch(trade("RUN", 101, T0, 1_00000000L, 1, "", "")));
            backfill.write(batch(trade("RUN", 102, T0 - 2 * MINUTE, 1_00000000L, 1, "", "")));
            // within the run the state is reloaded after a failure: rows 101.. only
            sql("RENAME TABLE " + DATABASE + ".trades TO " + DATABASE + ".trades_away");
            final TradeBatch retried = batch(trade("RUN", 103, T0 + 2 * MINUTE, 1_00000000L, 1, "", ""),
                trade("RUN", 104, T0 + 30 * SECOND, 1_00000000L, 1, "", ""));
            assertThrows(Exception.class, () -> backfill.write(retried));
            sql("RENAME TABLE " + DATABASE + ".trades_away TO " + DATABASE + ".trades");
            backfill.write(batch(trade("RUN", 103, T0 + 10 * SECOND, 1_00000000L, 1, "", ""),
                trade("RUN", 104, T0 - 3 * MINUTE + 10 * SECOND, 1_00000000L, 1, "", "")));
        }
        assertThat(flags()).isEqualTo("1\t0\n100\t0\n101\t0\n102\t1\n103\t0\n104\t1\n");
    }

    @Test
    void shouldGiveTheSameFlagsWhenAFailedWriteIsRetried() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch(trade("RETRY", 1, T0, 100_00000000L, 1, "", "")));
            // seq 2 is not late after seq 1; after an attempt that had already seen seq 3 it would be
            final TradeBatch batch = batch(
                trade("RETRY", 2, T0 + 10 * SECOND, 100_00000000L, 1, "", ""),
                trade("RETRY", 3, T0 + 5 * MINUTE, 100_00000000L, 1, "", ""),
                trade("RETRY", 4, T0 + 20 * SECOND, 100_00000000L, 1, "", ""));
            sql("RENAME TABLE " + DATABASE + ".trades TO " + DATABASE + ".trades_away");
            assertThrows(Exception.class, () -> sink.write(batch));
            sql("RENAME TABLE " + DATABASE + ".trades_away TO " + DATABASE + ".trades");
            assertThat(sink.lastWrittenSeq()).isEqualTo(1);
            sink.write(batch);
        }
        assertThat(flags()).isEqualTo("1\t0\n2\t0\n3\t0\n4\t1\n");
    }

    @Test
    void shouldGiveTheSameFlagsWhenResumingAfterABodyCutAtARowBoundary() throws Exception
    {
        final TradeEvent[] events = {
            trade("CUT", 0, T0 + 3 * MINUTE, 100_00000000L, 1, "", ""),
            trade("CUT", 1, T0 + 3 * MINUTE + 30 * SECOND, 100_00000000L, 1, "", ""),
            trade("CUT", 2, T0 + 2 * MINUTE + 50 * SECOND, 100_00000000L, 1, "", ""),
            trade("CUT", 3, T0 + 3 * MINUTE + 50 * SECOND, 100_00000000L, 1, "", ""),
            trade("CUT", 4, T0 + 3 * MINUTE + 10 * SECOND, 100_00000000L, 1, "", ""),
            trade("CUT", 5, T0 + 2 * MINUTE + 59 * SECOND, 100_00000000L, 1, "", ""),
        };
        final String expected = "0\t0\n1\t0\n2\t1\n3\t0\n4\t0\n5\t1\n";
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch(events));
        }
        assertThat(flags()).isEqualTo(expected);
        ClickHouseTestSupport.dropDatabase();

        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink())
        {
            sink.open();
            // a writer killed after sending rows 0..2 of the batch: they are stored; its successor resumes at 3
            sink.encode(batch(Arrays.copyOf(events, 3)));
            final byte[] body = Arrays.copyOf(sink.buffer().bytes(), sink.buffer().length());
            ClickHouseTestSupport.sendChunkedAndHangUp("INSERT INTO " + DATABASE + ".trades FORMAT RowBinary", body);
            final long resumeAfter = sink.lastWrittenSeq();
            assertThat(resumeAfter).isIn(-1L, 2L);
            sink.write(batch(Arrays.copyOfRange(events, (int)resumeAfter + 1, events.length)));
        }
        assertThat(flags()).isEqualTo(expected);
    }

    @Test
    void shouldApplyTheStoresGrace() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL, 0); ClickHouseTradeSink sink = store.tradeSink())
        {
            assertThat(sink.graceNs()).isZero();
            sink.open();
            // one nanosecond out of order across a minute boundary: late with no grace, not with the default 5 s
            sink.write(batch(trade("G", 1, T0, 100_00000000L, 1, "", ""),
                trade("G", 2, T0 - 1, 100_00000000L, 1, "", "")));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.backfillSink())
        {
            assertThat(sink.graceNs()).isEqualTo(ClickHouseTradeSink.DEFAULT_GRACE_NS);
            sink.open();
            sink.write(batch(trade("G", 11, T0, 100_00000000L, 1, "", ""),
                trade("G", 12, T0 - 1, 100_00000000L, 1, "", "")));
        }
        assertThat(flags()).isEqualTo("1\t0\n2\t1\n11\t0\n12\t0\n");
        assertThrows(IllegalArgumentException.class, () -> ClickHouseStore.fromUrl(URL, -1));
    }

    private static String flags() throws Exception
    {
        return sql("SELECT seq, late_1m FROM " + DATABASE + ".trades ORDER BY seq");
    }
}
