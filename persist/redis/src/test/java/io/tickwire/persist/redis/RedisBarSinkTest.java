package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.api.sync.RedisCommands;
import io.tickwire.persist.BarRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.redis.RedisTestSupport.MINUTE_NS;
import static io.tickwire.persist.redis.RedisTestSupport.T0;
import static io.tickwire.persist.redis.RedisTestSupport.bar;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class RedisBarSinkTest
{
    private RedisStore store;
    private RedisBarSink sink;

    @BeforeEach
    void setUp() throws Exception
    {
        store = RedisTestSupport.cleanStore();
        sink = new RedisBarSink(store);
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
    void shouldStoreTheHistoricalApiShapeScoredByStartMillis() throws Exception
    {
        sink.write(List.of(new BarRecord("AAPL", "1m", 1_709_285_400_000_000_000L, 150_25000000L, 151_00000000L,
            150_00000000L, 150_50000000L, 1_200, 7, 150_61234567L, 0, 1042)));

        final RedisCommands<String, String> redis = RedisTestSupport.sync(store);
        assertThat(redis.zrangeWithScores("bars:AAPL:1m", 0, -1)).singleElement().satisfies(member ->
        {
            assertThat(member.getValue()).isEqualTo("{\"t\":\"2024-03-01T09:30:00Z\",\"o\":150.25,\"h\":151,"
                + "\"l\":150,\"c\":150.5,\"v\":1200,\"n\":7,\"vw\":150.61234567,\"final\":true,\"rev\":0,"
                + "\"seq\":1042}");
            assertThat(member.getScore()).isEqualTo(1_709_285_400_000.0);
        });
        assertThat(redis.ttl("bars:AAPL:1m")).isBetween(86_000L, 86_400L);
    }

    @Test
    void shouldKeepTheHighestRevOfEachBar() throws Exception
    {
        sink.write(List.of(bar("AAPL", "1m", T0, 150_00000000L, 1)));
        sink.write(List.of(bar("AAPL", "1m", T0, 149_00000000L, 0))); // a stale retry: ignored
        assertThat(closes("AAPL")).containsExactly("150");

        sink.write(List.of(bar("AAPL", "1m", T0, 152_00000000L, 2), bar("AAPL", "1m", T0, 151_00000000L, 1)));
        assertThat(closes("AAPL")).containsExactly("152");

        sink.write(List.of(bar("AAPL", "1m", T0, 152_00000000L, 2))); // at least once: same rev again
        assertThat(RedisTestSupport.sync(store).zcard("bars:AAPL:1m")).isEqualTo(1L);
    }

    @Test
    void shouldTrimEachKeyToTheNewestBars() throws Exception
    {
        try (RedisBarSink small = new RedisBarSink(store, 5, Duration.ofMinutes(10)))
        {
            final List<BarRecord> bars = new ArrayList<>();
            for (int i = 7; i >= 0; i--)
            {
                bars.add(bar("AAPL", "1m", T0 + i * MINUTE_NS, 100_00000000L + i * 100_000_000L, 0));
            }
            small.write(bars);
            assertThat(closes("AAPL")).containsExactly("103", "104", "105", "106", "107");
            assertThat(RedisTestSupport.sync(store).ttl("bars:AAPL:1m")).isBetween(590L, 600L);
        }
    }

    @Test
    void shouldReportTheNewestBarStartPerTimeframe() throws Exception
    {
        assertThat(sink.newestBarStart("1m")).isEqualTo(Long.MIN_VALUE);
        sink.write(List.of(bar("AAPL", "1m", T0 + 5 * MINUTE_NS, 1_00000000L, 0),
            bar("MSFT", "1m", T0 + 9 * MINUTE_NS, 1_00000000L, 0),
            bar("MSFT", "1h", T0, 1_00000000L, 0)));
        sink.write(List.of(bar("AAPL", "1m", T0 + 2 * MINUTE_NS, 1_00000000L, 1)));

        assertThat(sink.newestBarStart("1m")).isEqualTo(T0 + 9 * MINUTE_NS);
        assertThat(sink.newestBarStart("1h")).isEqualTo(T0);
        assertThat(sink.newestBarStart("1d")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldWarmTheCacheFromTheEnginesFinalBars() throws Exception
    {
        final List<BarRecord> bars = new ArrayList<>();
        for (final String symbol : List.of("AAPL", "MSFT", "BRK.B"))
        {
            bars.addAll(RedisTestSupport.minuteBars(symbol, 3_000));
        }
        final long taken = new RedisCacheWarmer(store).warm(bars);

        assertThat(taken).isEqualTo(9_000L);
        assertThat(RedisTestSupport.sync(store).zcard("bars:BRK.B:1m")).isEqualTo(1_000L);
        assertThat(sink.newestBarStart("1m")).isEqualTo(T0 + 2_999 * MINUTE_NS);
        final List<BarRecord> cached = new RedisHistoryReader(store, new CacheMetrics())
            .bars("MSFT", "1m", Long.MIN_VALUE, Long.MAX_VALUE, 1_000);
        assertThat(cached).hasSize(1_000);
        assertThat(cached.get(0)).isEqualTo(RedisTestSupport.minuteBars("MSFT", 3_000).get(2_000));
        assertThat(cached.get(999)).isEqualTo(RedisTestSupport.minuteBars("MSFT", 3_000).get(2_999));
    }

    private List<String> closes(final String symbol) throws Exception
    {
        final List<String> closes = new ArrayList<>();
        for (final BarRecord bar : new RedisHistoryReader(store, new CacheMetrics())
            .lookup(symbol, "1m", Long.MIN_VALUE, Long.MAX_VALUE, 10_000).bars())
        {
            closes.add(io.tickwire.codecs.FixedPoint.toString(bar.close()));
        }
        return closes;
    }
}
