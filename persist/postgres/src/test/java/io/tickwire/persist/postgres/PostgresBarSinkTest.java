package io.tickwire.persist.postgres;

import static io.tickwire.persist.postgres.Trades.DAY0_NS;
import static io.tickwire.persist.postgres.Trades.SCALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tickwire.persist.BarRecord;

@Timeout(60)
class PostgresBarSinkTest
{
    private static final long MINUTE_NS = 60_000_000_000L;

    private PostgresStore store;
    private PostgresBarSink sink;
    private PostgresHistoryReader reader;

    @BeforeEach
    void setUp() throws Exception
    {
        store = TestDatabase.freshStore("t_bar_sink", "");
        sink = store.barSink();
        sink.open();
        reader = store.historyReader();
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
    void shouldKeepTheHighestRevWhateverTheWriteOrder() throws Exception
    {
        sink.write(List.of(bar("BTCUSD", 0, 100, 0), bar("BTCUSD", 0, 101, 2)));
        sink.write(List.of(bar("BTCUSD", 0, 102, 1)));
        sink.write(List.of(bar("BTCUSD", 0, 103, 2), bar("BTCUSD", 0, 99, 0)));

        final List<BarRecord> bars = reader.bars("BTCUSD", "1m", DAY0_NS, DAY0_NS + MINUTE_NS, 10);
        assertThat(bars).containsExactly(bar("BTCUSD", 0, 103, 2));
    }

    @Test
    void shouldStoreExactPricesAndEveryField() throws Exception
    {
        final BarRecord extreme = new BarRecord("ETHUSD", "1m", DAY0_NS + MINUTE_NS, 1, 999_999_999_999_999_999L,
            -1, 123_456_789_012_345_678L, Long.MAX_VALUE, 42, 987_654_321L, 3, 77);
        sink.write(List.of(extreme));

        assertThat(reader.bars("ETHUSD", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 1)).containsExactly(extreme);
    }

    @Test
    void shouldReportTheNewestStartPerTimeframe() throws Exception
    {
        assertThat(sink.newestBarStart("1m")).isEqualTo(Long.MIN_VALUE);
        sink.write(List.of(bar("BTCUSD", 3, 1, 0), bar("ETHUSD", 7, 1, 0), bar("BTCUSD", 5, 1, 0),
            new BarRecord("BTCUSD", "1h", DAY0_NS + 100 * MINUTE_NS, SCALE, SCALE, SCALE, SCALE, 1, 1, SCALE, 0, 1)));

        assertThat(sink.newestBarStart("1m")).isEqualTo(DAY0_NS + 7 * MINUTE_NS);
        assertThat(sink.newestBarStart("1h")).isEqualTo(DAY0_NS + 100 * MINUTE_NS);
        assertThat(sink.newestBarStart("5m")).isEqualTo(Long.MIN_VALUE);
    }

    static BarRecord bar(final String symbol, final int minute, final long close, final int rev)
    {
        return new BarRecord(symbol, "1m", DAY0_NS + minute * MINUTE_NS, 100 * SCALE, 110 * SCALE, 90 * SCALE,
            close * SCALE, 1000 + minute, 10, 100 * SCALE + 5, rev, 10L * minute + rev);
    }
}
