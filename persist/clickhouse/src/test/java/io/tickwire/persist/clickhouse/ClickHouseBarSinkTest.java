package io.tickwire.persist.clickhouse;

import java.util.List;

import io.tickwire.persist.BarRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.DATABASE;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.URL;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class ClickHouseBarSinkTest
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
    void shouldKeepTheHighestRevUnderFinalWhateverTheWriteOrder() throws Exception
    {
        final BarRecord rev0 = bar("BTC", "1m", T0, 100, 0);
        final BarRecord rev2 = bar("BTC", "1m", T0, 300, 2);
        final BarRecord rev1 = bar("BTC", "1m", T0, 200, 1);
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(List.of(rev0));
            sink.write(List.of(rev2));
            sink.write(List.of(rev1, rev0));
            assertThat(reader.bars("BTC", "1m", T0, T0 + MINUTE, 10)).containsExactly(rev2);
        }
        assertThat(sql("SELECT count() FROM " + DATABASE + ".bars")).isEqualTo("4\n");
        assertThat(sql("SELECT rev, toString(close) FROM " + DATABASE + ".bars FINAL")).isEqualTo("2\t300.00000000\n");
    }

    @Test
    void shouldReportTheNewestBarStartPerTimeframe() throws Exception
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink())
        {
            sink.open();
            assertThat(sink.newestBarStart("1m")).isEqualTo(Long.MIN_VALUE);
            sink.write(List.of(bar("BTC", "1m", T0, 1, 0), bar("ETH", "1m", T0 + 2 * MINUTE, 1, 0),
                bar("BTC", "1h", T0 - 60 * MINUTE, 1, 0)));
            assertThat(sink.newestBarStart("1m")).isEqualTo(T0 + 2 * MINUTE);
            assertThat(sink.newestBarStart("1h")).isEqualTo(T0 - 60 * MINUTE);
            assertThat(sink.newestBarStart("5m")).isEqualTo(Long.MIN_VALUE);
            assertThrows(IllegalArgumentException.class, () -> sink.newestBarStart("1m' OR 1=1 --"));
        }
    }

    @Test
    void shouldStoreExtremeValuesExactly() throws Exception
    {
        final BarRecord extreme = new BarRecord("Z9.-_:/ABCDEFGHI", "1d", 0, 1L, 9_999_999_999_99999999L, 1L,
            9_999_999_999_99999999L, Long.MAX_VALUE, 123_456_789L, 5_000_000_000_00000001L, Integer.MAX_VALUE,
            Long.MAX_VALUE);
        try (ClickHouseStore store = ClickHouseStore.fromUrl(URL); ClickHouseBarSink sink = store.barSink();
            ClickHouseHistoryReader reader = store.historyReader())
        {
            sink.open();
            sink.write(List.of(extreme));
            assertThat(reader.bars(extreme.symbol(), "1d", 0, 1, 1)).containsExactly(extreme);
        }
    }

    static BarRecord bar(final String symbol, final String tf, final long start, final long close, final int rev)
    {
        final long price = close * 1_00000000L;
        return new BarRecord(symbol, tf, start, price - 1, price + 1, price - 2, price, 10 + rev, 3 + rev, price, rev,
            start / MINUTE + rev);
    }
}
