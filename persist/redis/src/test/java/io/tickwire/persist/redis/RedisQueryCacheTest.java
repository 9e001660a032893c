package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.List;

import io.tickwire.persist.BarRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisQueryCacheTest
{
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void shouldServeAStoredAnswerUntilItExpiresAndCountHitsAndMisses() throws Exception
    {
        try (RedisStore store = RedisTestSupport.cleanStore())
        {
            final CacheMetrics metrics = new CacheMetrics();
            final RedisQueryCache cache = new RedisQueryCache(store, metrics, Duration.ofMillis(300));
            final List<BarRecord> bars = List.of(
                new BarRecord("AAPL", "1m", 10 * MINUTE, 1_00000000L, 2_00000000L, 1L, 1_50000000L, 7, 3,
                    1_23456789L, 0, 11),
                new BarRecord("AAPL", "1m", 11 * MINUTE, 9_999_999_999_99999999L, 9_999_999_999_99999999L, 1L,
                    1L, 1_000_000_000_000L, 1, 1L, 2, 12));
            assertThat(cache.bars("AAPL", "1m", 0, 12 * MINUTE, 500)).isNull();
            cache.putBars("AAPL", "1m", 0, 12 * MINUTE, 500, bars);
            cache.putBars("AAPL", "1m", 0, 13 * MINUTE, 500, List.of());
            Thread.sleep(50);
            assertThat(cache.bars("AAPL", "1m", 0, 12 * MINUTE, 500)).isEqualTo(bars);
            assertThat(cache.bars("AAPL", "1m", 0, 13 * MINUTE, 500)).as("an empty answer is cached too").isEmpty();
            assertThat(cache.bars("AAPL", "1m", 0, 12 * MINUTE, 499)).as("other arguments: another entry").isNull();
            assertThat(metrics.barHits()).isEqualTo(2);
            assertThat(metrics.barMisses()).isEqualTo(2);
            Thread.sleep(400);
            assertThat(cache.bars("AAPL", "1m", 0, 12 * MINUTE, 500)).as("expired").isNull();
        }
    }

    @Test
    void shouldMissWithoutThrowingWhenRedisIsDown()
    {
        try (RedisStore down = RedisStore.fromUrl("redis://127.0.0.1:1/0", Duration.ofMillis(300)))
        {
            final CacheMetrics metrics = new CacheMetrics();
            final RedisQueryCache cache = new RedisQueryCache(down, metrics);
            assertThat(cache.bars("AAPL", "1m", 0, MINUTE, 10)).isNull();
            cache.putBars("AAPL", "1m", 0, MINUTE, 10, List.of());
            assertThat(metrics.barMisses()).isEqualTo(1);
        }
    }
}
