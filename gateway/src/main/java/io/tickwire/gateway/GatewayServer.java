package io.tickwire.gateway;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Netty server: HTTP and {@code /ws} on one port, epoll when the native transport loads, NIO
 * otherwise; plus the hub's housekeeping tick. {@link #start()} binds; {@link #close()} stops accepting, closes
 * connections and waits briefly for the event loops. The hub (the output-ring consumer) is created with the server
 * and must be among the output ring's consumers.
 */
public final class GatewayServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayConfig config;
    private final GatewayHub hub;
    private final GatewayMetrics metrics;
    private final int threads;
    private final AuthConfig authConfig;
    private final StoreReads stores;
    private GatewayAuth auth;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private ScheduledExecutorService ticker;
    private volatile boolean ready;

    /**
     * A server around a hub.
     *
     * @param config  port and limits.
     * @param hub     the output-ring consumer holding the streams.
     * @param metrics the metrics the hub also writes to.
     * @param threads event-loop threads; 0 for Netty's default (2 × cores).
     */
    public GatewayServer(final GatewayConfig config, final GatewayHub hub, final GatewayMetrics metrics,
        final int threads)
    {
        this(config, hub, metrics, threads, AuthConfig.off());
    }

    /**
     * A server around a hub, with authentication and per-IP rate limits.
     *
     * @param config  port and limits.
     * @param hub     the output-ring consumer holding the streams.
     * @param metrics the metrics the hub also writes to.
     * @param threads event-loop threads; 0 for Netty's default (2 × cores).
     * @param auth    auth mode, keys and per-IP limits.
     */
    public GatewayServer(final GatewayConfig config, final GatewayHub hub, final GatewayMetrics metrics,
        final int threads, final AuthConfig auth)
    {
        this(config, hub, metrics, threads, auth, StoreReads.none());
    }

    /**
     * A server around a hub, with authentication, per-IP rate limits and the stores the HTTP API falls back to.
     *
     * @param config  port and limits.
     * @param hub     the output-ring consumer holding the streams.
     * @param metrics the metrics the hub also writes to.
     * @param threads event-loop threads; 0 for Netty's default (2 × cores).
     * @param auth    auth mode, keys and per-IP limits.
     * @param stores  history stores for {@code /api/historical}, {@code /api/trades} and {@code /api/prices}.
     */
    public GatewayServer(final GatewayConfig config, final GatewayHub hub, final GatewayMetrics metrics,
        final int threads, final AuthConfig auth, final StoreReads stores)
    {
        this.stores = stores;
        this.authConfig = auth;
        this.config = config;
        this.hub = hub;
        this.metrics = metrics;
        this.threads = threads;
    }

    /**
     * Binds the port and starts serving; readiness ({@code /ready}) follows.
     *
     * @return this.
     * @throws InterruptedException when interrupted while binding.
     */
    public GatewayServer start() throws InterruptedException
    {
        auth = new GatewayAuth(authConfig);
        auth.start();
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerSocketChannel> type =
            epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(threads, io);
        final int high = config.highWaterBytes();
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(boss, workers)
            .channel(type)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
            .childHandler(new GatewayInitializer(hub, config, metrics, () -> ready, auth, stores));
        try
        {
            serverChannel = bootstrap.bind(config.port()).sync().channel();
        }
        catch (final Exception ex)
        {
            close();
            throw ex;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            // The tick runs the hub's housekeeping while no update flows, allocating frames: a FastThreadLocalThread
            // gets the pooled allocator's thread cache and recycled buffer objects, as the output ring's thread does.
            final Thread thread = new FastThreadLocalThread(runnable, "tickwire-gateway-tick");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, config.tickNs(), config.tickNs(), TimeUnit.NANOSECONDS);
        ticker.scheduleWithFixedDelay(auth::sweep, 1, 1, TimeUnit.SECONDS);
        ready = true;
        LOG.atInfo().addKeyValue("event", "gateway_started").addKeyValue("port", port())
            .addKeyValue("transport", epoll ? "epoll" : "nio").addKeyValue("auth", authConfig.mode().name()
            .toLowerCase(Locale.ROOT)).log("gateway listening on {}", port());
        return this;
    }

    private void tick()
    {
        try
        {
            hub.tick();
        }
        catch (final Exception ex)
        {
            LOG.atError().addKeyValue("event", "gateway_tick_error").setCause(ex).log("gateway tick failed");
        }
    }

    /**
     * The bound port (useful when configured as 0).
     *
     * @return port.
     */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /**
     * Whether the server uses the native epoll transport.
     *
     * @return true with epoll, false with NIO.
     */
    public static boolean isEpoll()
    {
        return Epoll.isAvailable();
    }

    /**
     * The metrics.
     *
     * @return metrics.
     */
    public GatewayMetrics metrics()
    {
        return metrics;
    }

    @Override
    public void close()
    {
        ready = false;
        if (serverChannel != null)
        {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (ticker != null)
        {
            ticker.shutdownNow();
        }
        if (workers != null)
        {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null)
        {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (auth != null)
        {
            auth.close();
        }
    }
}
