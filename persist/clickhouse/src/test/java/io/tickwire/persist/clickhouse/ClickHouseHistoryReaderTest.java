package io.tickwire.persist.clickhouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.URL;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class ClickHouseHistoryReaderTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final long T0 = 28_333_333L * MINUTE;

    @BeforeEach
    void cleanDatabase() throws Exception
    {
        ClickHouseTestSupport.assumeServer();
        ClickHouseTestSupport.dropDatabase();
    }

    @Test
    void shouldReturnTheLatestBarsInRangeOldestFirst() throws Exception
    {
        final List<BarRecord> bars = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            bars.add(ClickHouseBarSinkTest.bar("SOL", "1m", T0 + i * MINUTE, 100 + i, 0));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(bars);
            sink.write(List.of(ClickHouseBarSinkTest.bar("SOL", "5m", T0, 1, 0),
                ClickHouseBarSinkTest.bar("SOLX", "1m", T0 + 50 * MINUTE, 1, 0)));

            // to is exclusive, from inclusive; the latest `limit` of the range, oldest first
            assertThat(reader.bars("SOL", "1m", T0 + 10 * MINUTE, T0 + 60 * MINUTE, 5))
                .isEqualTo(bars.subList(55, 60));
            assertThat(reader.bars("SOL", "1m", T0 + 10 * MINUTE, T0 + 60 * MINUTE, 1000))
                .isEqualTo(bars.subList(10, 60));
            assertThat(reader.bars("SOL", "1m", T0 + 10 * MINUTE, T0 + 10 * MINUTE + 1, 1000))
                .isEqualTo(bars.subList(10, 11));
            // far-future upper bound: the narrowed first query finds nothing and the full range answers
            assertThat(reader.bars("SOL", "1m", 0, Long.MAX_VALUE, 3)).isEqualTo(bars.subList(97, 100));
            assertThat(reader.bars("SOL", "5m", Long.MIN_VALUE, Long.MAX_VALUE, 3)).hasSize(1);
            assertThat(reader.bars("SOL", "1h", Long.MIN_VALUE, Long.MAX_VALUE, 3)).isEmpty();
        }
    }

    @Test
    void shouldFindTheLatestBarsOfAGappySeries() throws Exception
    {
        final List<BarRecord> bars = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            bars.add(ClickHouseBarSinkTest.bar("GAP", "1m", T0 + i * 100 * MINUTE, 100 + i, 0));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(bars);
            assertThat(reader.bars("GAP", "1m", T0, T0 + 1000 * MINUTE, 4)).isEqualTo(bars.subList(6, 10));
        }
    }

    @Test
    void shouldReturnTheLatestTradesOrderedByTimeThenSeq() throws Exception
    {
        final TradeBatch batch = new TradeBatch(64);
        final List<TradeRecord> expected = new ArrayList<>();
        final long[] ts = {5, 1, 3, 3, 3, 9, 7, 2};
        for (int i = 0; i < ts.length; i++)
        {
            batch.add(trade("ADA", 100 + i, T0 + ts[i], 1_00000000L + i, 1 + i, "", ""));
            expected.add(new TradeRecord("ADA", T0 + ts[i], 100 + i, 1_00000000L + i, 1 + i, "", ""));
        }
        batch.add(trade("ADAX", 200, T0 + 4, 1, 1, "", ""));
        expected.sort((a, b) -> a.tsNs() != b.tsNs() ? Long.compare(a.tsNs(), b.tsNs()) : Long.compare(a.seq(),
            b.seq()));
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseTradeSink sink = store.tradeSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(batch);
            assertThat(reader.trades("ADA", T0, T0 + 100, 100)).isEqualTo(expected);
            // ts 1, 2, 3(seq 102), 3(103), 3(104), 5, 7, 9: the latest four, oldest first
            assertThat(reader.trades("ADA", T0, T0 + 100, 4)).isEqualTo(expected.subList(4, 8));
            // from inclusive, to exclusive
            assertThat(reader.trades("ADA", T0 + 3, T0 + 7, 100)).isEqualTo(expected.subList(2, 6));
        }
    }

    @Test
    void shouldAnswerNothingForInvalidSymbolsOrTimeframes() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(List.of(ClickHouseBarSinkTest.bar("SOL", "1m", T0, 1, 0)));
            assertThat(reader.bars("SOL' OR '1'='1", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(reader.bars("SOL", "1m' OR '1'='1", Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(reader.bars("sol", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(reader.trades("X\\' OR 1=1 --", Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(reader.bars("SOL", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 0)).isEmpty();
            assertThat(reader.bars("SOL", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10)).hasSize(1);
        }
    }

    @Test
    void shouldThrowStoreUnavailableWhenTheServerIsDownOrTheTablesAreMissing()
    {
        try (ClickHouseStore down = ClickHouseStore.fromUrl("http://127.0.0.1:1/?connect_timeout_ms=200");
            ClickHouseHistoryReader reader = down.historyReader())
        {
            assertThrows(StoreUnavailableException.class, () -> reader.bars("SOL", "1m", 0, 1, 10));
            assertThrows(StoreUnavailableException.class, () -> reader.trades("SOL", 0, 1, 10));
        }
        try (ClickHouseStore empty = ClickHouseStore.fromUrl(URL); ClickHouseHistoryReader reader =
            empty.historyReader())
        {
            assertThrows(StoreUnavailableException.class, () -> reader.bars("SOL", "1m", 0, 1, 10));
        }
    }

    @Test
    void shouldAnswerTenThousandOfAYearOfMinuteBarsQuickly() throws Exception
    {
        final int year = 525_600;
        final List<BarRecord> bars = new ArrayList<>(year);
        for (int i = 0; i < year; i++)
        {
            bars.add(ClickHouseBarSinkTest.bar("YEAR", "1m", T0 + i * MINUTE, 100 + (i % 1000), 0));
        }
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(bars);
            final long from = T0;
            final long to = T0 + year * MINUTE;
            final long[] narrowMs = new long[7];
            final long[] fullMs = new long[7];
            for (int run = 0; run < narrowMs.length; run++)
            {
                long start = System.nanoTime();
                final List<BarRecord> latest = reader.bars("YEAR", "1m", from, to, 10_000);
                narrowMs[run] = (System.nanoTime() - start) / 1_000_000;
                assertThat(latest).hasSize(10_000);
                assertThat(latest.getFirst()).isEqualTo(bars.get(year - 10_000));
                assertThat(latest.getLast()).isEqualTo(bars.get(year - 1));
                start = System.nanoTime();
                // an unbounded upper end cannot be narrowed: the whole year is sorted
                final List<BarRecord> unbounded = reader.bars("YEAR", "1m", from, Long.MAX_VALUE, 10_000);
                fullMs[run] = (System.nanoTime() - start) / 1_000_000;
                assertThat(unbounded).isEqualTo(latest);
            }
            Arrays.sort(narrowMs);
            Arrays.sort(fullMs);
            System.out.printf("clickhouse history: 10,000 of 525,600 1m bars: median %d ms (range bounded), "
                + "%d ms (unbounded), runs %s / %s%n", narrowMs[3], fullMs[3], Arrays.toString(narrowMs),
                Arrays.toString(fullMs));
            // a sanity bound for a noisy shared machine; the figure that matters is printed above
            assertThat(narrowMs[3]).isLessThan(1000);
        }
    }
}
