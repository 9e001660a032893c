package io.tickwire.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of {@code tickwire serve} consuming a real Kafka topic while {@code tickwire produce} is still writing to
 * it, restarts, and a check that nothing was lost or counted twice: the journal holds each (partition, offset) once,
 * in order, and the recovered bars equal those of an uninterrupted offline run over the same trades.
 */
class KafkaCrashRecoveryIT
{
    /** Trades in the run: 150k by default, 1M under {@code scripts/test.sh --full} (the scale). */
    private static final long TRADES = Long.getLong("tickwire.kafka.crash.trades", 150_000);
    /** The producer's rate, so that it is still writing while serve is killed and restarted. */
    private static final int PRODUCE_RATE = Integer.getInteger("tickwire.kafka.crash.rate", 10_000);
    private static final String SEED = "9";
    private static final String SYMBOLS = "50";

    @Test
    @Timeout(900)
    void shouldJournalEachOffsetOnceAndLeaveTheSameBarsAfterRandomKills(@TempDir final Path dir) throws Exception
    {
        KafkaTestBroker.require();
        final String topic = KafkaTestBroker.createTopic("it-crash", 1);
        final Path tape = dir.resolve("tape.csv");
        final long origin = (System.currentTimeMillis() / 1000 - 3600) * 1_000_000_000L;
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", SEED, "--symbols", SYMBOLS,
            "--rate", "100000", "--origin", Long.toString(origin), "--count", Long.toString(TRADES),
            "--out", tape.toString())).isZero();

        final Path data = dir.resolve("data");
        final String[] serve = {"serve", "--data-dir", data.toString(),
            "--set", "kafka.bootstrap=" + KafkaTestBroker.BOOTSTRAP, "--set", "kafka.topic=" + topic,
            "--set", "kafka.quotes.topic=none", "--set", "kafka.group=" + topic, "--set", "kafka.dlq.topic=none",
            "--set", "checkpoint.events=20000", "--set", "checkpoint.interval=250ms",
            "--set", "engine.cpu=none", "--set", "stats.interval=1s"};

        // The producer keeps writing (by default 10k trades/s for ~15 s) while serve is killed and restarted.
        final TickwireProcess producer = TickwireProcess.start(dir.resolve("produce.log"), "produce", "--bootstrap",
            KafkaTestBroker.BOOTSTRAP, "--topic", topic, "--from", tape.toString(),
            "--rate", Integer.toString(PRODUCE_RATE), "--format", "sbe");
        final Random random = new Random();
        final long seed = random.nextLong();
        random.setSeed(seed);
        final Path log = dir.resolve("serve.log");
        final int kills = Integer.getInteger("tickwire.kills", 4);
        for (int kill = 0; kill < kills; kill++)
        {
            final TickwireProcess process = TickwireProcess.start(log, serve);
            assertThat(process.awaitLog("\"event\":\"ready\"", 60_000)).as("serve became ready").isTrue();
            assertThat(process.awaitLog("kafka partitions assigned", 60_000)).as("partition assigned").isTrue();
            Thread.sleep(300 + random.nextInt(1200));
            process.kill9();
            Files.writeString(dir.resolve("kills.txt"), "kill " + kill + " seed " + seed + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(log, Files.readString(log).replace("\"event\":\"ready\"", "\"event\":\"was-ready\"")
                .replace("kafka partitions assigned", "kafka partitions were assigned"));
        }
        assertThat(producer.awaitExit(120_000 + TRADES * 1000 / PRODUCE_RATE)).as("produce finished").isZero();

        final Path finalLog = dir.resolve("serve-final.log");
        final TickwireProcess last = TickwireProcess.start(finalLog, serve);
        assertThat(last.awaitLog("\"applied_arrival_seq\":" + (TRADES - 1) + ",", 120_000))
            .as("every trade applied").isTrue();
        assertThat(last.terminate()).isIn(0, 143);

        final Matcher resumed = Pattern.compile("\"replayed\":(\\d+).*?\"arrival_seq\":(-?\\d+)")
            .matcher(Files.readString(log));
        int midStreamRestarts = 0;
        final StringBuilder restarts = new StringBuilder();
        while (resumed.find())
        {
            final long arrivalSeq = Long.parseLong(resumed.group(2));
            restarts.append(arrivalSeq).append(' ');
            if (arrivalSeq > 0 && arrivalSeq < TRADES - 1)
            {
                midStreamRestarts++;
            }
        }
        // A kill can land before the first fetch of a run (nothing new journaled); at least some must land mid-stream.
        assertThat(midStreamRestarts).as("restarts after a mid-stream kill: %s", restarts)
            .isGreaterThanOrEqualTo(Math.max(1, kills / 4));

        final Path journal = dir.resolve("journal.csv");
        assertThat(TickwireProcess.run(dir.resolve("journal.log"), "journal", "--data-dir", data.toString(),
            "--out", journal.toString())).isZero();
        final List<String> journaled = Files.readAllLines(journal);
        final List<String> expected = Files.readAllLines(tape);
        assertThat(journaled).hasSize((int)TRADES + 1);
        // Tape rows are "n,0,0,n,..." (synthetic source); journal rows "n,1,0,offset,..." (trades topic, offset n).
        final List<String> asTape = journaled.stream().map(row -> row.replaceFirst("^(\\d+),1,0,", "$1,0,0,"))
            .toList();
        assertThat(asTape).as("journal = tape: each (partition, offset) once, in order (kill seed %d)", seed)
            .isEqualTo(expected);

        final Path recovered = dir.resolve("state.csv");
        final Path offline = dir.resolve("bars.csv");
        assertThat(TickwireProcess.run(dir.resolve("state.log"), "state", "--data-dir", data.toString(),
            "--out", recovered.toString())).isZero();
        assertThat(TickwireProcess.run(dir.resolve("bars.log"), "bars", "--trades", tape.toString(),
            "--out", offline.toString())).isZero();
        assertThat(Files.readAllLines(recovered)).as("recovered bars = offline bars (kill seed %d)", seed)
            .isEqualTo(Files.readAllLines(offline));
    }
}
