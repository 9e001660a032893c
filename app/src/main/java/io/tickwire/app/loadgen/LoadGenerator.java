package io.tickwire.app.loadgen;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.FastThreadLocal;
import io.tickwire.app.loadgen.LoadClientHandler.LoopState;
import org.HdrHistogram.Histogram;

/**
 * Opens many WebSocket connections from one process on a few Netty event loops (epoll when the native transport
 * loads), subscribes each to its share of the symbols with {@code timing:true}, and measures tick-to-client
 * latency and throughput over a window that follows a warm-up. Connections are opened with a bounded number of
 * handshakes in flight, so the server's accept backlog is never flooded.
 * <p>
 * Not thread-safe: one run per instance, driven by the calling thread.
 */
public final class LoadGenerator
{
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;
    private static final long CONNECT_TIMEOUT_MS = 30_000;
    private static final int MAX_FRAME_BYTES = 16 << 20;

    private final LoadgenOptions options;
    private final PrintStream progress;

    /**
     * A generator for one run.
     *
     * @param options  what to do.
     * @param progress where a line per second goes while it runs (not the summary).
     */
    public LoadGenerator(final LoadgenOptions options, final PrintStream progress)
    {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Connects, warms up, measures, disconnects.
     *
     * @return the measurement.
     * @throws InterruptedException when interrupted.
     */
    public LoadgenResult run() throws InterruptedException
    {
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), ioFactory);
        final LoadStats stats = new LoadStats();
        final FastThreadLocal<LoopState> loopState = new FastThreadLocal<>()
        {
            @Override
            protected LoopState initialValue()
            {
                return new LoopState(options.encoding(), stats.newRecorder());
            }
        };
        final URI uri = URI.create(options.url() + (options.url().getQuery() == null ? "?" : "&") + "encoding=" +
            options.encoding().queryValue());
        final InetSocketAddress remote = new InetSocketAddress(uri.getHost(), port(uri));
        final Bootstrap bootstrap = new Bootstrap().group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)CONNECT_TIMEOUT_MS);
        // No UTF-8 pass over text frames: every frame is decoded next anyway (an undecodable one is counted), and the
        // pass was ~3 % of the load generator's CPU, which shares the cores with the server it measures.
        final WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri).maxFramePayloadLength(MAX_FRAME_BYTES).handshakeTimeoutMillis(CONNECT_TIMEOUT_MS)
            .withUTF8Validator(false).build();
        progress.printf(Locale.ROOT, "loadgen: %d clients -> %s, %d symbols each of %d, %s%s, %s, %d %s threads%n",
            options.clients(), uri, options.symbolsPerClient(), options.symbols().size(), options.channel(),
            "bars".equals(options.channel()) ? " " + options.tf() : "", "conflate " + options.conflateMs() + " ms",
            options.threads(), epoll ? "epoll" : "nio");

        final Semaphore connecting = new Semaphore(options.maxConnecting());
        final CountDownLatch settled = new CountDownLatch(options.clients());
        final List<LoadClientHandler> handlers = new ArrayList<>(options.clients());
        final List<InetSocketAddress> sources = new ArrayList<>();
        for (final String address : options.sourceAddresses())
        {
            sources.add(new InetSocketAddress(address, 0));
        }
        try
        {
            final long connectStartNs = System.nanoTime();
            long nextProgressNs = connectStartNs + PROGRESS_INTERVAL_NS;
            for (int i = 0; i < options.clients(); i++)
            {
                while (!connecting.tryAcquire(100, TimeUnit.MILLISECONDS))
                {
                    nextProgressNs = connectProgress(stats, i, nextProgressNs);
                }
                nextProgressNs = connectProgress(stats, i, nextProgressNs);
                final LoadClientHandler handler = new LoadClientHandler(stats, loopState, options,
                    symbolsOf(i), connecting, settled::countDown);
                handlers.add(handler);
                final Bootstrap one = bootstrap.clone().handler(new ChannelInitializer<Channel>()
                {
                    @Override
                    protected void initChannel(final Channel ch)
                    {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                            new WebSocketClientProtocolHandler(wsConfig),
                            new WebSocketFrameAggregator(MAX_FRAME_BYTES), handler);
                    }
                });
                (sources.isEmpty() ? one.connect(remote) : one.connect(remote, sources.get(i % sources.size())))
                    .addListener(future ->
                    {
                        if (!future.isSuccess())
                        {
                            stats.error("connect: " + future.cause());
                            handler.connectFailed();
                        }
                    });
            }
            if (!settled.await(CONNECT_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS))
            {
                stats.error("some handshakes did not settle in time");
            }
            final long connectNs = System.nanoTime() - connectStartNs;
            progress.printf(Locale.ROOT, "loadgen: connected %d, failed %d in %d ms%n", stats.handshaked.get(),
                stats.failed.get(), TimeUnit.NANOSECONDS.toMillis(connectNs));
            if (options.subscribeLate())
            {
                for (final LoadClientHandler handler : handlers)
                {
                    handler.subscribeNow();
                }
            }

            final long warmupEndNs = System.nanoTime() + options.warmupNs();
            while (System.nanoTime() - warmupEndNs < 0)
            {
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(warmupEndNs - System.nanoTime());
                Thread.sleep(Math.max(1, Math.min(1000, leftMs)));
            }
            stats.drainInto(null);
            final long messages0 = stats.messages.sum();
            final long data0 = stats.dataMessages.sum();
            final long bytes0 = stats.payloadBytes.sum();
            final long skipped0 = stats.skippedUpdates.sum();
            final long untimed0 = stats.untimed.sum();
            final long finals0 = stats.finals.sum();
            final Histogram total = new Histogram(LoadStats.SIGNIFICANT_DIGITS);
            final Histogram interval = new Histogram(LoadStats.SIGNIFICANT_DIGITS);
            final long windowStartNs = System.nanoTime();
            long lastNs = windowStartNs;
            long lastMessages = messages0;
            while (true)
            {
                final long nowNs = System.nanoTime();
                final long remainingNs = windowStartNs + options.durationNs() - nowNs;
                if (remainingNs <= 0)
                {
                    break;
                }
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(remainingNs, PROGRESS_INTERVAL_NS))));
                interval.reset();
                stats.drainInto(interval);
                total.add(interval);
                final long afterNs = System.nanoTime();
                final long messages = stats.messages.sum();
                progress.printf(Locale.ROOT, "loadgen: t=%.0fs open=%d disconnects=%d msgs/s=%.0f p99=%dus max=%dus%n",
                    (afterNs - windowStartNs) / 1e9, stats.open.get(), stats.disconnects.get(),
                    (messages - lastMessages) * 1e9 / Math.max(1, afterNs - lastNs),
                    interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99),
                    interval.getTotalCount() == 0 ? 0 : interval.getMaxValue());
                lastNs = afterNs;
                lastMessages = messages;
            }
            stats.drainInto(total);
            final long windowNs = System.nanoTime() - windowStartNs;
            final int openAtEnd = stats.open.get();
            final LoadgenResult result = new LoadgenResult(options.clients(), stats.handshaked.get(), openAtEnd,
                stats.failed.get(), stats.disconnects.get(), stats.messages.sum() - messages0,
                stats.dataMessages.sum() - data0, stats.payloadBytes.sum() - bytes0,
                stats.skippedUpdates.sum() - skipped0, stats.decodeFailures.sum(), stats.serverErrors.sum(),
                stats.resets.sum(), stats.untimed.sum() - untimed0, stats.finals.sum() - finals0, windowNs,
                connectNs, total, stats.firstError());
            return result;
        }
        finally
        {
            for (final LoadClientHandler handler : handlers)
            {
                handler.stopping();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private long connectProgress(final LoadStats stats, final int started, final long nextProgressNs)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - nextProgressNs < 0)
        {
            return nextProgressNs;
        }
        progress.printf(Locale.ROOT, "loadgen: connecting: started %d, connected %d, failed %d%n", started,
            stats.handshaked.get(), stats.failed.get());
        return nowNs + PROGRESS_INTERVAL_NS;
    }

    /**
     * The symbols of client {@code client}: consecutive runs of the list, so that the subscriptions cover every
     * symbol evenly.
     *
     * @param client index of the client.
     * @return its symbols.
     */
    List<String> symbolsOf(final int client)
    {
        final List<String> all = options.symbols();
        final int k = Math.min(options.symbolsPerClient(), all.size());
        final List<String> mine = new ArrayList<>(k);
        final long first = (long)client * k;
        for (int j = 0; j < k; j++)
        {
            mine.add(all.get((int)((first + j) % all.size())));
        }
        return mine;
    }

    private static int port(final URI uri)
    {
        if (uri.getPort() > 0)
        {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme()) ? 443 : 80;
    }
}
