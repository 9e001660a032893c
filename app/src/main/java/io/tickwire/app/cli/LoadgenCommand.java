package io.tickwire.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickwire.app.config.Durations;
import io.tickwire.app.loadgen.LatencyPlot;
import io.tickwire.app.loadgen.LoadGenerator;
import io.tickwire.app.loadgen.LoadgenOptions;
import io.tickwire.app.loadgen.LoadgenResult;
import io.tickwire.codecs.WireEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire loadgen} (SPEC §5): many WebSocket clients from one process, tick-to-client latency from
 * {@code ri} in an HdrHistogram, throughput and bytes per message. Progress goes to stderr, the summary to stdout;
 * its last line has every figure as {@code key=value}.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "WebSocket load and latency client: N connections, latency percentiles from ri (HdrHistogram).")
public final class LoadgenCommand implements Callable<Integer>
{
    private static final Pattern SYMBOL = Pattern.compile("\"symbol\"\\s*:\\s*\"([^\"]+)\"");
    private static final int CLIENTS_PER_SOURCE_ADDRESS = 5_000;

    @Option(names = "--url", required = true, paramLabel = "ws://HOST:PORT/ws", description = "Server endpoint.")
    private URI url;

    @Option(names = "--clients", required = true, paramLabel = "N", description = "Connections to open.")
    private int clients;

    @Option(names = "--symbols", defaultValue = "10", paramLabel = "K",
        description = "Symbols per client, spread over GET /api/symbols (default: ${DEFAULT-VALUE}).")
    private int symbolsPerClient;

    @Option(names = "--channel", defaultValue = "trades", paramLabel = "trades|bars",
        description = "Channel (default: ${DEFAULT-VALUE}).")
    private String channel;

    @Option(names = "--tf", defaultValue = "1s",
        description = "Timeframe of the bars channel (default: ${DEFAULT-VALUE}).")
    private String tf;

    @Option(names = "--encoding", defaultValue = "json", paramLabel = "json|msgpack|sbe",
        description = "Wire encoding (default: ${DEFAULT-VALUE}).")
    private String encoding;

    @Option(names = "--duration", defaultValue = "30s", paramLabel = "D",
        description = "Measured window after the warm-up (default: ${DEFAULT-VALUE}).")
    private String duration;

    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "D",
        description = "Discarded time after every client connected (default: ${DEFAULT-VALUE}).")
    private String warmup;

    @Option(names = "--conflate", defaultValue = "0", paramLabel = "MS",
        description = "conflate of the subscription; 0 = every update (default: ${DEFAULT-VALUE}).")
    private int conflateMs;

    @Option(names = "--snapshot", defaultValue = "-1", paramLabel = "N",
        description = "snapshot of the subscription (default: the server's, 100 bars / 0 trades).")
    private int snapshot;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
        description = "Client event-loop threads (default: the number of cores, at most 4).")
    private int threads;

    @Option(names = "--source-ips", defaultValue = "-1", paramLabel = "N",
        description = "Spread connections over local addresses 127.0.0.1..N when the server is on loopback, for more " +
            "ephemeral ports (default: one per " + CLIENTS_PER_SOURCE_ADDRESS + " clients; 0 = the OS chooses).")
    private int sourceIps;

    @Option(names = "--max-connecting", defaultValue = "256", paramLabel = "N",
        description = "Handshakes in flight at once (default: ${DEFAULT-VALUE}).")
    private int maxConnecting;

    @Option(names = "--subscribe-after-connect",
        description = "Subscribe every client only once all of them have connected (default: each right after its " +
            "handshake).")
    private boolean subscribeLate;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the percentile distribution (µs) here.")
    private Path hgrm;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw latency by percentile as a PNG.")
    private Path plot;

    private final PrintStream out;
    private final PrintStream err;

    /** A command printing its summary on stdout and progress on stderr. */
    public LoadgenCommand()
    {
        this(System.out, System.err);
    }

    /**
     * A command with its own streams (tests).
     *
     * @param out where the summary goes.
     * @param err where progress and errors go.
     */
    public LoadgenCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final WireEncoding wireEncoding;
        switch (encoding)
        {
            case "json" -> wireEncoding = WireEncoding.JSON;
            case "msgpack" -> wireEncoding = WireEncoding.MSGPACK;
            case "sbe" -> wireEncoding = WireEncoding.SBE;
            default ->
            {
                return usage("--encoding must be json, msgpack or sbe, not " + encoding);
            }
        }
        if (!"trades".equals(channel) && !"bars".equals(channel))
        {
            return usage("--channel must be trades or bars, not " + channel);
        }
        if (!"ws".equals(url.getScheme()) || url.getHost() == null)
        {
            return usage("--url must be ws://HOST:PORT/ws, not " + url);
        }
        if (clients < 1 || symbolsPerClient < 1 || conflateMs < 0 || conflateMs > 60_000 || maxConnecting < 1 ||
            snapshot > 10_000)
        {
            return usage("--clients and --symbols must be >= 1, --conflate 0..60000, --snapshot <= 10000, " +
                "--max-connecting >= 1");
        }
        final long durationNs;
        final long warmupNs;
        try
        {
            durationNs = Durations.parseNs(duration);
            warmupNs = Durations.parseNs(warmup);
        }
        catch (final IllegalArgumentException | ArithmeticException ex)
        {
            return usage("--duration/--warmup: " + ex.getMessage());
        }
        final List<String> symbols;
        try
        {
            symbols = fetchSymbols();
        }
        catch (final IOException ex)
        {
            err.println("tickwire loadgen: cannot read the symbols from the server: " + ex);
            return 1;
        }
        if (symbols.isEmpty())
        {
            err.println("tickwire loadgen: the server knows no symbol yet (GET /api/symbols is empty)");
            return 1;
        }
        final int loopThreads = threads > 0 ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
        final LoadgenOptions options = new LoadgenOptions(url, clients, symbolsPerClient, channel, tf, wireEncoding,
            snapshot, conflateMs, warmupNs, durationNs, loopThreads, sourceAddresses(), maxConnecting, symbols,
            subscribeLate);
        final LoadgenResult result = new LoadGenerator(options, err).run();
        final String title = String.format(Locale.ROOT, "tickwire loadgen: %d clients, %s%s, %s, conflate %d ms",
            clients, channel, "bars".equals(channel) ? " " + tf : "", encoding, conflateMs);
        if (hgrm != null)
        {
            try (PrintStream file = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8))
            {
                file.println("# " + title + "; latency = receive - ri, microseconds");
                result.latencyUs().outputPercentileDistribution(file, 5, 1.0);
            }
        }
        if (plot != null)
        {
            LatencyPlot.write(result.latencyUs(), title, plot);
        }
        out.print(result.describe());
        out.flush();
        return result.connected() == 0 ? 1 : 0;
    }

    private List<String> fetchSymbols() throws IOException, InterruptedException
    {
        final URI api = URI.create("http://" + url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 80) +
            "/api/symbols");
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final HttpRequest.Builder request = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30)).GET();
        // Against a server with authentication, the token of the WebSocket URL (?token=…) reads the symbols too.
        final String token = queryParameter(url.getRawQuery(), "token");
        if (token != null)
        {
            request.header("Authorization", "Bearer " + URLDecoder.decode(token, StandardCharsets.UTF_8));
        }
        final HttpResponse<String> response = http.send(request.build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200)
        {
            throw new IOException("GET " + api + " answered " + response.statusCode());
        }
        final List<String> symbols = new ArrayList<>();
        final Matcher matcher = SYMBOL.matcher(response.body());
        while (matcher.find())
        {
            symbols.add(matcher.group(1));
        }
        return symbols;
    }

    private static String queryParameter(final String query, final String name)
    {
        if (query == null)
        {
            return null;
        }
        for (final String pair : query.split("&"))
        {
            if (pair.startsWith(name + "="))
            {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private List<String> sourceAddresses() throws IOException
    {
        final List<String> addresses = new ArrayList<>();
        if (!InetAddress.getByName(url.getHost()).isLoopbackAddress())
        {
            return addresses;
        }
        final int count = sourceIps >= 0 ? sourceIps : (clients > CLIENTS_PER_SOURCE_ADDRESS
            ? (clients + CLIENTS_PER_SOURCE_ADDRESS - 1) / CLIENTS_PER_SOURCE_ADDRESS : 0);
        for (int i = 1; i <= Math.min(count, 254); i++)
        {
            addresses.add("127.0.0." + i);
        }
        return addresses;
    }

    private int usage(final String reason)
    {
        err.println("tickwire loadgen: " + reason);
        return 2;
    }
}
