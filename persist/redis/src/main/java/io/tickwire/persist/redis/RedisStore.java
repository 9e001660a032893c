package io.tickwire.persist.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickwire.persist.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis endpoint ({@code TICKWIRE_REDIS_URL}): one Lettuce client, a shared auto-flushing connection for the
 * readers, and dedicated manually flushed connections for the writers (a pipelined MULTI/EXEC needs a connection
 * of its own: transaction state and the flush mode belong to the connection).
 * <p>
 * Nothing waits long on Redis: reads time out after {@link #commandTimeout()} (default 500 ms); a writer's pipelined
 * batch, thousands of commands off the real-time path, after {@link #writeTimeout()} (default 5 s, also Lettuce's
 * own backstop for every command); connecting gives up after one second; a connection that dropped rejects
 * commands at once while it reconnects in the background; and after a failed connect the next attempt waits
 * {@link #RECONNECT_BACKOFF}, so that a dead Redis costs each reader a failed call, not a connect timeout.
 * Thread-safe.
 */
public final class RedisStore implements AutoCloseable
{
    /** Default command timeout. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

    /** Default timeout of a writer's pipelined round trip. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);

    /** Connect timeout for new connections, unless the command timeout is longer. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** How long after a failed connect the shared connection is not tried again. */
    public static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private final RedisClient client;
    private final String target;
    private final Duration commandTimeout;
    private final long commandTimeoutNs;
    private final Duration writeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object connectLock = new Object();
    private volatile StatefulRedisConnection<String, String> shared;
    private long nextConnectAttemptNs;
    private boolean downLogged;

    private RedisStore(final RedisURI uri, final Duration commandTimeout)
    {
        this.commandTimeout = commandTimeout;
        this.commandTimeoutNs = commandTimeout.toNanos();
        this.writeTimeout =
            commandTimeout.compareTo(DEFAULT_WRITE_TIMEOUT) > 0 ? commandTimeout : DEFAULT_WRITE_TIMEOUT;
        this.target = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ':' + uri.getPort() + '/' +
            uri.getDatabase();
        uri.setTimeout(commandTimeout);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder()
                .connectTimeout(commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? commandTimeout : CONNECT_TIMEOUT)
                .keepAlive(true)
                .build())
            .timeoutOptions(TimeoutOptions.enabled(writeTimeout))
            .build());
    }

    /**
     * A store for {@code redis://[user:pass@]host:port[/db]} or {@code rediss://…} (TLS), with the default command
     * timeout. Does not connect yet.
     *
     * @param url the URL.
     * @return the store.
     * @throws IllegalArgumentException when the URL is not one of those forms; the message never repeats it, as it
     *                                  may carry a password.
     */
    public static RedisStore fromUrl(final String url)
    {
        return fromUrl(url, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * A store for {@code redis://[user:pass@]host:port[/db]} or {@code rediss://…} (TLS). Does not connect yet.
     *
     * @param url            the URL.
     * @param commandTimeout how long a read may take; writers get the larger of it and
     *                       {@link #DEFAULT_WRITE_TIMEOUT}.
     * @return the store.
     * @throws IllegalArgumentException when the URL is not one of those forms or the timeout is not positive.
     */
    public static RedisStore fromUrl(final String url, final Duration commandTimeout)
    {
        final String accepted = "TICKWIRE_REDIS_URL must look like redis://[user:pass@]host:port[/db] or rediss://…";
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://")))
        {
            throw new IllegalArgumentException(accepted);
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero())
        {
            throw new IllegalArgumentException("Redis command timeout must be positive");
        }
        final RedisURI uri;
        try
        {
            uri = RedisURI.create(url);
        }
        catch (final IllegalArgumentException | RedisException ex)
        {
            throw new IllegalArgumentException(accepted);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getDatabase() < 0)
        {
            throw new IllegalArgumentException(accepted);
        }
        return new RedisStore(uri, commandTimeout);
    }

    /**
     * Where this store points, without credentials, for logs and metrics.
     *
     * @return e.g. {@code redis://127.0.0.1:6379/0}.
     */
    public String target()
    {
        return target;
    }

    /**
     * The command timeout.
     *
     * @return timeout.
     */
    public Duration commandTimeout()
    {
        return commandTimeout;
    }

    /**
     * The timeout of a writer's pipelined round trip.
     *
     * @return timeout.
     */
    public Duration writeTimeout()
    {
        return writeTimeout;
    }

    /**
     * The shared connection for reads, connecting on first use and again after it was lost for good. Commands on
     * it flush as they are issued; issue several before awaiting any of them to pipeline.
     *
     * @return an open connection.
     * @throws StoreUnavailableException when Redis cannot be reached or a recent attempt failed.
     */
    public StatefulRedisConnection<String, String> shared() throws StoreUnavailableException
    {
        final StatefulRedisConnection<String, String> current = shared;
        if (current != null && current.isOpen())
        {
            return current;
        }
        synchronized (connectLock)
        {
            if (shared != null && shared.isOpen())
            {
                return shared;
            }
            if (closed.get())
            {
                throw new StoreUnavailableException("redis store " + target + " is closed", null);
            }
            final long nowNs = System.nanoTime();
            if (shared == null && nextConnectAttemptNs != 0 && nextConnectAttemptNs - nowNs > 0)
            {
                throw new StoreUnavailableException("redis " + target + " unreachable (retrying shortly)", null);
            }
            try
            {
                final StatefulRedisConnection<String, String> fresh = client.connect();
                shared = fresh;
                nextConnectAttemptNs = 0;
                if (downLogged)
                {
                    LOG.info("redis {} reachable again", target);
                }
                downLogged = false;
                return fresh;
            }
            catch (final RedisException ex)
            {
                shared = null;
                nextConnectAttemptNs = nowNs + RECONNECT_BACKOFF.toNanos();
                if (!downLogged)
                {
                    LOG.warn("redis {} unreachable: {}", target, ex.getMessage());
                    downLogged = true;
                }
                throw new StoreUnavailableException("redis " + target + " unreachable", ex);
            }
        }
    }

    /**
     * Checks that Redis answers a PING within the read timeout, e.g. for readiness.
     *
     * @throws StoreUnavailableException when it does not.
     */
    public void ping() throws StoreUnavailableException
    {
        try
        {
            await(shared().async().ping(), deadlineNs(), "PING");
        }
        catch (final RedisException ex)
        {
            throw new StoreUnavailableException("redis " + target + ": PING failed", ex);
        }
    }

    /**
     * A new connection owned by one writer, with automatic flushing off: the caller queues commands and calls
     * {@code flushCommands()} once per round trip. The caller closes it.
     *
     * @return an open connection.
     * @throws StoreUnavailableException when Redis cannot be reached.
     */
    public StatefulRedisConnection<String, String> openDedicated() throws StoreUnavailableException
    {
        if (closed.get())
        {
            throw new StoreUnavailableException("redis store " + target + " is closed", null);
        }
        try
        {
            final StatefulRedisConnection<String, String> connection = client.connect();
            connection.setAutoFlushCommands(false);
            return connection;
        }
        catch (final RedisException ex)
        {
            throw new StoreUnavailableException("redis " + target + " unreachable", ex);
        }
    }

    /**
     * Waits for a command issued on a connection of this store until a deadline.
     *
     * @param future     the command.
     * @param deadlineNs {@link System#nanoTime()} by which it must have answered.
     * @param what       what was asked, for the message.
     * @param <T>        result type.
     * @return the result.
     * @throws StoreUnavailableException on an error reply, a timeout, a dropped connection or an interrupt.
     */
    <T> T await(final Future<T> future, final long deadlineNs, final String what) throws StoreUnavailableException
    {
        try
        {
            final long leftNs = Math.max(0, deadlineNs - System.nanoTime());
            return future.get(leftNs, TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            throw new StoreUnavailableException("redis " + target + ": " + what + " failed: " + cause.getMessage(),
                cause);
        }
        catch (final TimeoutException ex)
        {
            future.cancel(false);
            throw new StoreUnavailableException("redis " + target + ": " + what + " timed out", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("redis " + target + ": " + what + " interrupted", ex);
        }
    }

    /**
     * A deadline one command timeout from now, for reads.
     *
     * @return {@link System#nanoTime()} based deadline.
     */
    long deadlineNs()
    {
        return System.nanoTime() + commandTimeoutNs;
    }

    /**
     * A deadline one write timeout from now, for a writer's pipelined round trip.
     *
     * @return {@link System#nanoTime()} based deadline.
     */
    long writeDeadlineNs()
    {
        return System.nanoTime() + writeTimeout.toNanos();
    }

    /** Closes the shared connection and shuts the client down; idempotent, never throws. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        synchronized (connectLock)
        {
            closeQuietly(shared);
            shared = null;
        }
        try
        {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        catch (final RedisException ex)
        {
            LOG.warn("redis {} client shutdown: {}", target, ex.getMessage());
        }
    }

    static void closeQuietly(final StatefulRedisConnection<String, String> connection)
    {
        if (connection == null)
        {
            return;
        }
        try
        {
            connection.close();
        }
        catch (final RedisException ex)
        {
            LOG.debug("redis connection close: {}", ex.getMessage());
        }
    }
}
