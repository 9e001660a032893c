package io.tickwire.persist.redis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.redis.RedisTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis dying under a connected writer and reader: a private {@code redis-server} on a free port (never the shared
 * one on 6379) is killed and started again.
 */
@Timeout(60)
class RedisOutageTest
{
    private static final long TS = 1_709_285_400_000_000_000L;

    private Process server;
    private Path dir;

    @AfterEach
    void tearDown() throws IOException
    {
        stop();
        if (dir != null)
        {
            try (var files = Files.walk(dir))
            {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void shouldFailFastWhileRedisIsDownAndRecoverWhenItReturns() throws Exception
    {
        final int port = RedisTestSupport.closedPort();
        dir = Files.createTempDirectory("tickwire-redis-outage");
        start(port);
        try (RedisStore store = RedisStore.fromUrl("redis://127.0.0.1:" + port + "/15");
            RedisPriceSink sink = new RedisPriceSink(store))
        {
            final CacheMetrics metrics = new CacheMetrics();
            final RedisPriceReader reader = new RedisPriceReader(store, metrics);
            final TradeBatch batch = new TradeBatch(4);
            trade(batch, 7, "AAPL", TS, 150_00000000L, 0, 0);
            sink.open();
            sink.write(batch);
            assertThat(reader.latest(List.of("AAPL"))).containsKey("AAPL");

            stop();
            final long startNs = System.nanoTime();
            assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> reader.latest(List.of("AAPL"))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(sink::lastWrittenSeq).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(2));
            assertThat(metrics.errors()).isEqualTo(1);

            start(port);
            // A fresh, empty Redis: the position is gone, so the writer is told to start from the beginning.
            assertThat(sink.lastWrittenSeq()).isEqualTo(-1L);
            sink.write(batch);
            assertThat(sink.lastWrittenSeq()).isEqualTo(7L);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true)
            {
                try
                {
                    assertThat(reader.latest(List.of("AAPL"))).containsKey("AAPL");
                    break;
                }
                catch (final StoreUnavailableException ex)
                {
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        throw ex;
                    }
                    Thread.sleep(100); // the shared connection reconnects in the background
                }
            }
        }
    }

    private void start(final int port) throws Exception
    {
        final ProcessBuilder builder;
        try
        {
            builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
            server = builder.start();
        }
        catch (final IOException ex)
        {
            Assumptions.abort("redis-server is not installed: " + ex.getMessage());
            return;
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port))
            {
                socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                if (socket.getInputStream().read() == '+')
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadlineNs > 0 || !server.isAlive())
                {
                    throw new IllegalStateException("private redis-server did not start on " + port, ex);
                }
                Thread.sleep(50);
            }
        }
    }

    private void stop() throws IOException
    {
        if (server != null)
        {
            server.destroyForcibly();
            try
            {
                server.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
            server = null;
        }
    }
}
