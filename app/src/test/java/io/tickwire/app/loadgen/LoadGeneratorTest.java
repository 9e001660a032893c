package io.tickwire.app.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import io.tickwire.app.EngineNode;
import io.tickwire.app.GatewayWiring;
import io.tickwire.app.Sources;
import io.tickwire.app.StoreWiring;
import io.tickwire.app.cli.LoadgenCommand;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.output.UpdateEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tickwire loadgen} against a real in-process server (engine with its synthetic feed + gateway on a loopback
 * port): a smoke test of the load generator, not a benchmark.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadGeneratorTest
{
    @TempDir
    Path dir;

    private EngineNode node;
    private GatewayWiring gateway;
    private int port;

    @BeforeEach
    void startServer() throws Exception
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final TickwireConfig config = TickwireConfig.conclude(Map.of("http.port", Integer.toString(port),
            "data.dir", dir.resolve("data").toString(), "feed.symbols", "50", "feed.rate", "2000",
            "engine.cpu", "none"), Map.of(), null);
        Files.createDirectories(config.dataDir());
        final List<EventHandler<UpdateEvent>> consumers = new ArrayList<>();
        node = new EngineNode(config);
        gateway = GatewayWiring.attach(config, node, consumers, StoreWiring.open(config));
        node.start(Sources.create(config, config.dataDir()), consumers);
        gateway.start();
        Thread.sleep(500); // every symbol of the feed has traded once, so /api/symbols lists them
    }

    @AfterEach
    void stopServer()
    {
        if (gateway != null)
        {
            gateway.close();
        }
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void shouldConnectTwentyClientsAndReportSanePercentiles() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Path hgrm = dir.resolve("latency.hgrm");
        final Path png = dir.resolve("latency.png");
        final int code = new CommandLine(new LoadgenCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
            .execute("--url", "ws://127.0.0.1:" + port + "/ws", "--clients", "20", "--symbols", "5",
                "--encoding", "msgpack", "--warmup", "500ms", "--duration", "2s", "--hgrm", hgrm.toString(),
                "--plot", png.toString());

        final String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(summary + err.toString(StandardCharsets.UTF_8)).isZero();
        final String last = summary.lines().reduce((a, b) -> b).orElseThrow();
        final Map<String, Long> f = figures(last);
        assertThat(f.get("clients")).isEqualTo(20);
        assertThat(f.get("connected")).isEqualTo(20);
        assertThat(f.get("failed")).isZero();
        assertThat(f.get("disconnects")).isZero();
        assertThat(f.get("msgs/s")).isPositive();
        assertThat(f.get("p50")).isPositive().isLessThanOrEqualTo(f.get("p99"));
        assertThat(f.get("p99")).isLessThanOrEqualTo(f.get("p999"));
        assertThat(f.get("p999")).isLessThanOrEqualTo(f.get("max"));
        // Same host, same clock: a tick reaches a client within seconds even on a loaded CI machine.
        assertThat(f.get("max")).isLessThan(TimeUnit.SECONDS.toMicros(10));
        assertThat(Files.readString(hgrm)).contains("Percentile").contains("#[Max");
        final byte[] image = Files.readAllBytes(png);
        assertThat(image).hasSizeGreaterThan(1000);
        assertThat(image[1]).isEqualTo((byte)'P');
    }

    @Test
    void shouldSubscribeEveryClientOnceAllHaveConnectedWhenAsked() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = new CommandLine(new LoadgenCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
            .execute("--url", "ws://127.0.0.1:" + port + "/ws", "--clients", "20", "--symbols", "5",
                "--channel", "bars", "--tf", "1s", "--conflate", "100", "--subscribe-after-connect",
                "--warmup", "500ms", "--duration", "2s");

        final String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(summary + err.toString(StandardCharsets.UTF_8)).isZero();
        final Map<String, Long> f = figures(summary.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(f.get("connected")).isEqualTo(20);
        assertThat(f.get("disconnects")).isZero();
        // Every client got bar updates: at least one per client over the 2 s window.
        assertThat(f.get("msgs/s") * 2).isGreaterThanOrEqualTo(20);
        assertThat(f.get("samples")).isPositive();
    }

    private static Map<String, Long> figures(final String line)
    {
        final Map<String, Long> map = new HashMap<>();
        for (final String kv : line.substring(line.indexOf(' ') + 1).split(" "))
        {
            final int eq = kv.indexOf('=');
            map.put(kv.substring(0, eq), Math.round(Double.parseDouble(kv.substring(eq + 1))));
        }
        return map;
    }
}
