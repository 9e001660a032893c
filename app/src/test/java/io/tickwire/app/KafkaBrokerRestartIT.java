package io.tickwire.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The broker stopped and restarted while {@code produce} writes and {@code serve} consumes: ingest resumes by
 * itself and nothing is lost or doubled. Runs only against a broker that {@code scripts/kafka.sh} started (the one
 * {@code scripts/test.sh} starts), since only that one may be stopped.
 */
class KafkaBrokerRestartIT
{
    private static final long TRADES = 100_000;

    @Test
    @Timeout(600)
    void shouldResumeByItselfAfterTheBrokerRestarts(@TempDir final Path dir) throws Exception
    {
        KafkaTestBroker.require();
        assumeTrue(kafkaScript(dir, "status").contains("running (pid"),
            "the broker was not started by scripts/kafka.sh: it must not be stopped");
        final String topic = KafkaTestBroker.createTopic("it-restart", 1);
        final Path tape = dir.resolve("tape.csv");
        final long origin = (System.currentTimeMillis() / 1000 - 3600) * 1_000_000_000L;
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", "3", "--symbols", "20",
            "--rate", "100000", "--origin", Long.toString(origin), "--count", Long.toString(TRADES),
            "--out", tape.toString())).isZero();

        final Path data = dir.resolve("data");
        final TickwireProcess producer = TickwireProcess.start(dir.resolve("produce.log"), "produce", "--bootstrap",
            KafkaTestBroker.BOOTSTRAP, "--topic", topic, "--from", tape.toString(), "--rate", "10000",
            "--format", "sbe");
        final int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path log = dir.resolve("serve.log");
        final TickwireProcess serve = TickwireProcess.start(log, "serve", "--data-dir", data.toString(),
            "--set", "http.port=" + port, "--set", "kafka.bootstrap=" + KafkaTestBroker.BOOTSTRAP,
            "--set", "kafka.topic=" + topic, "--set", "kafka.quotes.topic=none", "--set", "kafka.dlq.topic=none",
            "--set", "kafka.group=" + topic, "--set", "kafka.aggregates=none", "--set", "engine.cpu=none",
            "--set", "stats.interval=1s");
        try
        {
            assertThat(serve.awaitLog("kafka partitions assigned", 60_000)).isTrue();
            Thread.sleep(2000);
            assertThat(kafkaScript(dir, "stop")).contains("stopped");
            Thread.sleep(3000);
            kafkaScript(dir, "start");
            assertThat(producer.awaitExit(180_000)).as("produce finished despite the outage").isZero();
            assertThat(serve.awaitLog("\"applied_arrival_seq\":" + (TRADES - 1) + ",", 120_000))
                .as("every trade applied after the restart").isTrue();
        }
        finally
        {
            serve.terminate();
        }
        final String serveLog = Files.readString(log);
        assertThat(serveLog).contains("kafka broker unreachable").contains("kafka broker reachable again");

        final Path journal = dir.resolve("journal.csv");
        assertThat(TickwireProcess.run(dir.resolve("journal.log"), "journal", "--data-dir", data.toString(),
            "--out", journal.toString())).isZero();
        final List<String> asTape = Files.readAllLines(journal).stream()
            .map(row -> row.replaceFirst("^(\\d+),1,0,", "$1,0,0,")).toList();
        assertThat(asTape).as("journal = tape: nothing lost or doubled").isEqualTo(Files.readAllLines(tape));
    }

    private static String kafkaScript(final Path dir, final String command) throws Exception
    {
        final Path out = dir.resolve("kafka-" + command + ".log");
        final Process process = new ProcessBuilder(TickwireProcess.repo().resolve("scripts/kafka.sh").toString(),
            command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/kafka.sh " + command + " did not finish");
        }
        return Files.readString(out);
    }
}
