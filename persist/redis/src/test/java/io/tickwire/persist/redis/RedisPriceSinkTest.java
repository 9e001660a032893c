package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;
import io.tickwire.persist.PriceRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.redis.RedisTestSupport.quote;
import static io.tickwire.persist.redis.RedisTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class RedisPriceSinkTest
{
    private static final long TS = 1_709_285_400_123_456_789L; // 2024-03-01T09:30:00.123456789Z

    private RedisStore store;
    private RedisPriceSink sink;

    @BeforeEach
    void setUp() throws Exception
    {
        store = RedisTestSupport.cleanStore();
        sink = new RedisPriceSink(store);
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
    void shouldKeepOnlyTheLastUpdateOfEachSymbolInABatch() throws Exception
    {
        final TradeBatch batch = new TradeBatch(16);
        trade(batch, 10, "AAPL", TS, 150_25000000L, 0, 0);
        trade(batch, 11, "MSFT", TS + 1, 410_00000000L, 409_99000000L, 410_01000000L);
        trade(batch, 12, "AAPL", TS + 2, 150_50000000L, 150_49000000L, 150_51000000L);
        quote(batch, 13, "AAPL", TS + 3, 150_48000000L, 150_52000000L);
        trade(batch, 14, "MSFT", TS + 4, 410_12345678L, 0, 0);

        sink.write(batch);

        final RedisCommands<String, String> redis = RedisTestSupport.sync(store);
        final Map<String, String> aapl = redis.hgetall("price:AAPL");
        assertThat(aapl).containsEntry("price", "150.5")
            .containsEntry("bid", "150.48")
            .containsEntry("ask", "150.52")
            .containsEntry("ts", "2024-03-01T09:30:00.123456791Z")
            .containsEntry("ts_ns", Long.toString(TS + 2))
            .containsEntry("seq", "12");
        final Map<String, String> msft = redis.hgetall("price:MSFT");
        assertThat(msft).containsEntry("price", "410.12345678")
            .containsEntry("bid", "409.99")
            .containsEntry("ask", "410.01")
            .containsEntry("seq", "14");
    }

    @Test
    void shouldSendOneHsetPerSymbolAndThePositionInOneTransaction() throws Exception
    {
        final TradeBatch batch = new TradeBatch(1_000);
        for (int i = 0; i < 1_000; i++)
        {
            trade(batch, i + 1, "S" + (i % 7), TS + i, 100_00000000L + i, 0, 0);
        }

        final List<String> commands;
        try (RedisTestSupport.Monitor monitor = new RedisTestSupport.Monitor())
        {
            sink.write(batch);
            commands = monitor.commandsUntilExec();
        }

        assertThat(commands).first().isEqualTo("MULTI");
        assertThat(commands).last().isEqualTo("EXEC");
        assertThat(commands).filteredOn("HSET"::equals).hasSize(7);
        assertThat(commands).filteredOn("PEXPIRE"::equals).hasSize(7);
        assertThat(commands).filteredOn("SET"::equals).hasSize(1);
        assertThat(commands).hasSize(7 + 7 + 1 + 2);
        assertThat(RedisTestSupport.sync(store).get("tickwire:writer:redis")).isEqualTo("1000");
        // i = 993 is the last row of S6 (i % 7 == 6)
        assertThat(RedisTestSupport.sync(store).hget("price:S6", "price")).isEqualTo("100.00000993");
    }

    @Test
    void shouldExpirePricesAfterFiveSecondsAndRefreshTheTtlOnWrite() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trade(batch, 1, "AAPL", TS, 150_00000000L, 0, 0);
        sink.write(batch);
        final RedisCommands<String, String> redis = RedisTestSupport.sync(store);
        assertThat(redis.pttl("price:AAPL")).isBetween(4_000L, 5_000L);

        Thread.sleep(600);
        assertThat(redis.pttl("price:AAPL")).isLessThan(4_500L);
        batch.clear();
        trade(batch, 2, "AAPL", TS + 1, 151_00000000L, 0, 0);
        sink.write(batch);
        assertThat(redis.pttl("price:AAPL")).isGreaterThan(4_500L);
        assertThat(redis.ttl("tickwire:writer:redis")).isEqualTo(-1L);
    }

    @Test
    void shouldExpireAPriceNobodyRefreshes() throws Exception
    {
        try (RedisPriceSink quick = new RedisPriceSink(store, Duration.ofMillis(200)))
        {
            final TradeBatch batch = new TradeBatch(4);
            trade(batch, 1, "AAPL", TS, 150_00000000L, 0, 0);
            quick.write(batch);
            assertThat(RedisTestSupport.sync(store).exists("price:AAPL")).isEqualTo(1L);
            Thread.sleep(400);
            assertThat(RedisTestSupport.sync(store).exists("price:AAPL")).isZero();
        }
    }

    @Test
    void shouldNotPutBackPricesThatWouldHaveExpiredAlready() throws Exception
    {
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        final long laterNs = nowNs + 6_000_000_000L;
        try (RedisPriceSink replaying = new RedisPriceSink(store, RedisPriceSink.DEFAULT_TTL, () -> laterNs))
        {
            final TradeBatch batch = new TradeBatch(4);
            trade(batch, 1, "AAPL", TS, 150_00000000L, 0, 0); // received at nowNs: 6 s before the sink's clock
            replaying.write(batch);

            final RedisCommands<String, String> redis = RedisTestSupport.sync(store);
            assertThat(redis.exists("price:AAPL")).isZero();
            assertThat(replaying.staleSymbolsSkipped()).isEqualTo(1L);
            assertThat(replaying.lastWrittenSeq()).isEqualTo(1L);
        }
    }

    @Test
    void shouldReportTheLastSeqOfTheLastBatchWritten() throws Exception
    {
        assertThat(sink.lastWrittenSeq()).isEqualTo(-1L);
        final TradeBatch batch = new TradeBatch(4);
        trade(batch, 41, "AAPL", TS, 150_00000000L, 0, 0);
        quote(batch, 42, "MSFT", TS, 409_00000000L, 410_00000000L);
        sink.write(batch);
        assertThat(sink.lastWrittenSeq()).isEqualTo(42L);

        try (RedisPriceSink restarted = new RedisPriceSink(store))
        {
            restarted.open();
            assertThat(restarted.lastWrittenSeq()).isEqualTo(42L);
        }
    }

    @Test
    void shouldKeepTheLastTradeWhenALaterBatchHasOnlyQuotes() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trade(batch, 1, "AAPL", TS, 150_00000000L, 0, 0);
        sink.write(batch);
        batch.clear();
        quote(batch, 2, "AAPL", TS + 5, 149_90000000L, 150_10000000L);
        sink.write(batch);

        final Map<String, String> aapl = RedisTestSupport.sync(store).hgetall("price:AAPL");
        assertThat(aapl).containsEntry("price", "150").containsEntry("seq", "1")
            .containsEntry("bid", "149.9").containsEntry("ask", "150.1");
    }

    @Test
    void shouldServeHitsAndCountMissesPerSymbol() throws Exception
    {
        final TradeBatch batch = new TradeBatch(4);
        trade(batch, 1, "AAPL", TS, 150_25000000L, 150_24000000L, 0);
        quote(batch, 2, "QONLY", TS, 9_00000000L, 10_00000000L);
        sink.write(batch);

        final CacheMetrics metrics = new CacheMetrics();
        final RedisPriceReader reader = new RedisPriceReader(store, metrics);
        final Map<String, PriceRecord> prices = reader.latest(List.of("AAPL", "QONLY", "NOPE"));

        assertThat(prices).containsOnlyKeys("AAPL");
        assertThat(prices.get("AAPL")).isEqualTo(
            new PriceRecord("AAPL", 150_25000000L, 150_24000000L, Long.MIN_VALUE, TS, 1));
        assertThat(metrics.priceHits()).isEqualTo(1);
        assertThat(metrics.priceMisses()).isEqualTo(2);
        assertThat(reader.latest(Collections.emptyList())).isEmpty();
        assertThat(metrics.hits()).isEqualTo(1);
        assertThat(metrics.misses()).isEqualTo(2);
    }

    @Test
    void shouldFailFastWhenRedisIsDown() throws Exception
    {
        try (RedisStore down = RedisStore.fromUrl("redis://127.0.0.1:" + RedisTestSupport.closedPort() + "/15");
            RedisPriceSink dead = new RedisPriceSink(down))
        {
            final long startNs = System.nanoTime();
            assertThatThrownBy(dead::open).isInstanceOf(StoreUnavailableException.class);
            final TradeBatch batch = new TradeBatch(4);
            trade(batch, 1, "AAPL", TS, 150_00000000L, 0, 0);
            assertThatThrownBy(() -> dead.write(batch)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(dead::lastWrittenSeq).isInstanceOf(StoreUnavailableException.class);

            final CacheMetrics metrics = new CacheMetrics();
            assertThatThrownBy(() -> new RedisPriceReader(down, metrics).latest(List.of("AAPL", "MSFT")))
                .isInstanceOf(StoreUnavailableException.class);
            assertThat(metrics.priceMisses()).isEqualTo(2);
            assertThat(metrics.errors()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
