package io.tickwire.persist.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tickwire.persist.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class RedisStoreTest
{
    @Test
    void shouldRejectAnUnusableUrlWithoutRepeatingIt()
    {
        for (final String url : List.of("http://h:1", "redis://", "localhost:6379", "redis://u:s3cret@h:1/x"))
        {
            assertThatThrownBy(() -> RedisStore.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TICKWIRE_REDIS_URL")
                .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void shouldNameItsTargetWithoutCredentials()
    {
        try (RedisStore store = RedisStore.fromUrl("redis://user:s3cret@127.0.0.1:6390/3"))
        {
            assertThat(store.target()).isEqualTo("redis://127.0.0.1:6390/3");
            assertThat(store.commandTimeout()).isEqualTo(RedisStore.DEFAULT_COMMAND_TIMEOUT);
        }
        try (RedisStore tls = RedisStore.fromUrl("rediss://h.example:6380"))
        {
            assertThat(tls.target()).isEqualTo("rediss://h.example:6380/0");
        }
    }

    @Test
    void shouldFailFastOnAClosedPortAndBackOffBeforeTryingAgain() throws Exception
    {
        try (RedisStore store = RedisStore.fromUrl("redis://127.0.0.1:" + RedisTestSupport.closedPort()))
        {
            final long startNs = System.nanoTime();
            assertThatThrownBy(store::shared).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("unreachable");
            assertThatThrownBy(store::shared).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("retrying shortly");
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldGiveUpOnAServerThatNeverAnswers() throws Exception
    {
        final ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final Thread acceptor = Thread.ofVirtual().start(() ->
        {
            try
            {
                while (true)
                {
                    accepted.add(silent.accept());
                }
            }
            catch (final IOException ex)
            {
                // closed at the end of the test
            }
        });
        try (RedisStore store = RedisStore.fromUrl("redis://127.0.0.1:" + silent.getLocalPort(),
            Duration.ofMillis(300)))
        {
            final long startNs = System.nanoTime();
            assertThatThrownBy(store::shared).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(3));
        }
        finally
        {
            silent.close();
            acceptor.join(1_000);
            for (final Socket socket : accepted)
            {
                socket.close();
            }
        }
    }

    @Test
    void shouldAnswerOnTheSelectedDatabase() throws Exception
    {
        try (RedisStore store = RedisTestSupport.cleanStore())
        {
            store.ping();
            RedisTestSupport.sync(store).set("tickwire:test:db", "15");
            final String other = "redis://" + RedisTestSupport.HOST + ":" + RedisTestSupport.PORT + "/14";
            try (RedisStore db14 = RedisStore.fromUrl(other))
            {
                assertThat(RedisTestSupport.sync(db14).get("tickwire:test:db")).isNull();
            }
            assertThat(RedisTestSupport.sync(store).get("tickwire:test:db")).isEqualTo("15");
        }
    }
}
