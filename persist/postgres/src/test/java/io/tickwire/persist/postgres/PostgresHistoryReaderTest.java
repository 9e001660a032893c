package io.tickwire.persist.postgres;

import static io.tickwire.persist.postgres.Trades.DAY0_NS;
import static io.tickwire.persist.postgres.Trades.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeRecord;

@Timeout(60)
class PostgresHistoryReaderTest
{
    private static final long MINUTE_NS = 60_000_000_000L;

    private PostgresStore store;
    private PostgresHistoryReader reader;

    @BeforeEach
    void setUp() throws Exception
    {
        store = TestDatabase.freshStore("t_history", "");
        store.migrate();
        reader = store.historyReader();
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
    void shouldReturnTheLatestBarsInRangeOldestFirst() throws Exception
    {
        final List<BarRecord> written = new ArrayList<>();
        for (int m = 0; m < 20; m++)
        {
            written.add(PostgresBarSinkTest.bar("BTCUSD", m, 100 + m, 0));
            written.add(PostgresBarSinkTest.bar("ETHUSD", m, 200 + m, 0));
        }
        try (PostgresBarSink sink = store.barSink())
        {
            sink.write(written);
        }

        final List<BarRecord> bars = reader.bars("BTCUSD", "1m", DAY0_NS + 5 * MINUTE_NS, DAY0_NS + 15 * MINUTE_NS, 4);
        assertThat(bars).extracting(BarRecord::close).containsExactly(111 * SCALE, 112 * SCALE, 113 * SCALE,
            114 * SCALE);
        assertThat(reader.bars("BTCUSD", "1m", DAY0_NS + 5 * MINUTE_NS, DAY0_NS + 15 * MINUTE_NS, 100)).hasSize(10)
            .first().extracting(BarRecord::startNs).isEqualTo(DAY0_NS + 5 * MINUTE_NS);
        assertThat(reader.bars("BTCUSD", "1m", DAY0_NS + 5 * MINUTE_NS + 1, DAY0_NS + 6 * MINUTE_NS + 1, 100))
            .extracting(BarRecord::startNs).containsExactly(DAY0_NS + 6 * MINUTE_NS);
        assertThat(reader.bars("BTCUSD", "5m", Long.MIN_VALUE, Long.MAX_VALUE, 100)).isEmpty();
        assertThat(reader.bars("BTCUSD", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 0)).isEmpty();
    }

    @Test
    void shouldReturnTheLatestTradesInRangeOldestFirstByTsThenSeq() throws Exception
    {
        final TradeBatch batch = new TradeBatch(64);
        final Trades trades = new Trades();
        // Same microsecond, different nanoseconds; and two trades with equal ts ordered by seq.
        trades.add(batch, 1, DAY0_NS + 2_000, "BTCUSD", 1 * SCALE, 1)
            .add(batch, 2, DAY0_NS + 1_999, "BTCUSD", 2 * SCALE, 1)
            .add(batch, 3, DAY0_NS + 1_001, "BTCUSD", 3 * SCALE, 1)
            .add(batch, 4, DAY0_NS + 2_000, "BTCUSD", 4 * SCALE, 1)
            .add(batch, 5, DAY0_NS + 1_500, "ETHUSD", 5 * SCALE, 1)
            .add(batch, 6, DAY0_NS + Trades.NS_PER_DAY + 7, "BTCUSD", 6 * SCALE, 1);
        try (PostgresTradeSink sink = store.tradeSink())
        {
            sink.open();
            sink.write(batch);
        }

        assertThat(reader.trades("BTCUSD", Long.MIN_VALUE, Long.MAX_VALUE, 100)).extracting(TradeRecord::seq)
            .containsExactly(3L, 2L, 1L, 4L, 6L);
        assertThat(reader.trades("BTCUSD", Long.MIN_VALUE, Long.MAX_VALUE, 3)).extracting(TradeRecord::seq)
            .containsExactly(1L, 4L, 6L);
        assertThat(reader.trades("BTCUSD", DAY0_NS + 1_002, DAY0_NS + 2_000, 100)).extracting(TradeRecord::seq)
            .containsExactly(2L);
        assertThat(reader.trades("BTCUSD", DAY0_NS + 1_001, DAY0_NS + 2_001, 100)).extracting(TradeRecord::seq)
            .containsExactly(3L, 2L, 1L, 4L);
        assertThat(reader.trades("BTCUSD", DAY0_NS, DAY0_NS + 1_500, 100).getFirst())
            .isEqualTo(new TradeRecord("BTCUSD", DAY0_NS + 1_001, 3, 3 * SCALE, 1, "XNAS", "t3"));
    }

    @Test
    void shouldFailFastWithStoreUnavailableWhenTheDatabaseIsDown()
    {
        try (PostgresStore down = PostgresStore.fromUrl("postgresql://tickwire:tickwire@127.0.0.1:1/tickwire_test"))
        {
            final PostgresHistoryReader downReader = down.historyReader();
            final long start = System.nanoTime();
            assertThatThrownBy(() -> downReader.bars("BTCUSD", "1m", 0, Long.MAX_VALUE, 10))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("postgres");
            assertThatThrownBy(() -> downReader.trades("BTCUSD", 0, Long.MAX_VALUE, 10))
                .isInstanceOf(StoreUnavailableException.class);
            assertThat((System.nanoTime() - start) / 1_000_000L).isLessThan(4_000L);
        }
    }
}
