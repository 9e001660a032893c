package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.List;

import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.redis.RedisTestSupport.MINUTE_NS;
import static io.tickwire.persist.redis.RedisTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class RedisHistoryReaderTest
{
    private RedisStore store;
    private CacheMetrics metrics;
    private RedisHistoryReader reader;
    private List<BarRecord> written;

    @BeforeEach
    void setUp() throws Exception
    {
        store = RedisTestSupport.cleanStore();
        metrics = new CacheMetrics();
        reader = new RedisHistoryReader(store, metrics);
        written = RedisTestSupport.minuteBars("AAPL", 10);
        try (RedisBarSink sink = new RedisBarSink(store, 6, Duration.ofMinutes(5)))
        {
            sink.write(written); // keeps minutes 4 to 9
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
    void shouldReturnTheLatestLimitBarsInRangeOldestFirst() throws Exception
    {
        final List<BarRecord> bars = reader.bars("AAPL", "1m", T0 + 2 * MINUTE_NS, T0 + 8 * MINUTE_NS, 3);

        assertThat(bars).containsExactly(written.get(5), written.get(6), written.get(7));
        assertThat(metrics.barHits()).isEqualTo(1);
        assertThat(metrics.barMisses()).isZero();
    }

    @Test
    void shouldTreatFromAsInclusiveAndToAsExclusive() throws Exception
    {
        final List<BarRecord> bars = reader.bars("AAPL", "1m", T0 + 5 * MINUTE_NS, T0 + 7 * MINUTE_NS, 100);
        assertThat(bars).containsExactly(written.get(5), written.get(6));

        final List<BarRecord> within = reader.bars("AAPL", "1m", T0 + 5 * MINUTE_NS - 1, T0 + 7 * MINUTE_NS + 1,
            100);
        assertThat(within).containsExactly(written.get(5), written.get(6), written.get(7));
    }

    @Test
    void shouldHitWhenTheCacheReachesBackToFromEvenWithFewerBarsThanLimit() throws Exception
    {
        final List<BarRecord> bars = reader.bars("AAPL", "1m", T0 + 4 * MINUTE_NS, Long.MAX_VALUE, 500);

        assertThat(bars).containsExactlyElementsOf(written.subList(4, 10));
        assertThat(metrics.barHits()).isEqualTo(1);
    }

    @Test
    void shouldMissWhenTheRangeStartsBeforeTheOldestCachedBar() throws Exception
    {
        final StoreUnavailableException miss = catchMiss(() ->
            reader.bars("AAPL", "1m", T0 + 3 * MINUTE_NS, Long.MAX_VALUE, 500));

        assertThat(RedisHistoryReader.isNotCached(miss)).isTrue();
        assertThat(reader.lookup("AAPL", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 500).hit()).isFalse();
        assertThat(reader.lookup("AAPL", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 6).hit()).isTrue();
        assertThat(metrics.barMisses()).isEqualTo(2);
        assertThat(metrics.barHits()).isEqualTo(1);
        assertThat(metrics.errors()).isZero();
    }

    @Test
    void shouldMissWhenNothingIsCachedAndNeverServeTrades() throws Exception
    {
        assertThat(RedisHistoryReader.isNotCached(catchMiss(() ->
            reader.bars("MSFT", "1m", T0, Long.MAX_VALUE, 10)))).isTrue();
        assertThat(RedisHistoryReader.isNotCached(catchMiss(() ->
            reader.trades("AAPL", T0, Long.MAX_VALUE, 10)))).isTrue();
        assertThat(metrics.barMisses()).isEqualTo(1);
    }

    @Test
    void shouldFailFastAndCountAnErrorWhenRedisIsDown() throws Exception
    {
        try (RedisStore down = RedisStore.fromUrl("redis://127.0.0.1:" + RedisTestSupport.closedPort() + "/15"))
        {
            final RedisHistoryReader dead = new RedisHistoryReader(down, metrics);
            final long startNs = System.nanoTime();
            final StoreUnavailableException ex = catchMiss(() -> dead.bars("AAPL", "1m", T0, Long.MAX_VALUE, 10));
            assertThat(RedisHistoryReader.isNotCached(ex)).isFalse();
            assertThatThrownBy(() -> dead.bars("AAPL", "1m", T0, Long.MAX_VALUE, 10))
                .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(2));
            assertThat(metrics.errors()).isEqualTo(2);
            assertThat(metrics.barMisses()).isEqualTo(2);
        }
    }

    private interface Call
    {
        void run() throws StoreUnavailableException;
    }

    private static StoreUnavailableException catchMiss(final Call call)
    {
        try
        {
            call.run();
        }
        catch (final StoreUnavailableException ex)
        {
            return ex;
        }
        throw new AssertionError("expected a StoreUnavailableException");
    }
}
