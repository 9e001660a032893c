package io.tickwire.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of {@code tickwire serve} at random moments, restarts, and a check that nothing was lost or counted
 * twice: the journal holds the synthetic tape exactly once in order, and the recovered bars equal those of an
 * uninterrupted offline run over the same trades.
 */
class CrashRecoveryIT
{
    private static final long TRADES = 400_000;
    private static final String SYMBOLS = "50";
    private static final String SEED = "7";

    @Test
    @Timeout(1800)
    void shouldLeaveTheSameBarsAsAnUninterruptedRunAfterRandomKills(@TempDir final Path dir) throws Exception
    {
        final int kills = Integer.getInteger("tickwire.kills", 4);
        // About two seconds of tape per kill round, so that every kill can land mid-stream.
        final String rate = Long.toString(TRADES / (2L * kills));
        final Path data = dir.resolve("data");
        final Path log = dir.resolve("serve.log");
        // The tape is paced by the wall clock from now on, so kills land mid-stream; after each restart the feed
        // catches up at full speed from the journaled position.
        final long origin = (System.currentTimeMillis() / 1000 + 1) * 1_000_000_000L;
        final String[] serve = {"serve", "--data-dir", data.toString(),
            "--set", "feed.count=" + TRADES, "--set", "feed.origin=" + origin, "--set", "feed.rate=" + rate,
            "--set", "feed.symbols=" + SYMBOLS, "--set", "feed.seed=" + SEED,
            "--set", "checkpoint.events=40000", "--set", "checkpoint.interval=250ms",
            "--set", "engine.cpu=none", "--set", "stats.interval=1s"};

        final Random random = new Random();
        final long seed = random.nextLong();
        random.setSeed(seed);
        final Path killLog = dir.resolve("kills.txt");
        for (int kill = 0; kill < kills; kill++)
        {
            final TickwireProcess process = TickwireProcess.start(log, serve);
            assertThat(process.awaitLog("\"event\":\"ready\"", 60_000)).as("serve became ready").isTrue();
            Thread.sleep(50 + random.nextInt(700));
            process.kill9();
            Files.writeString(killLog, "kill " + kill + " seed " + seed + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(log, Files.readString(log).replace("\"event\":\"ready\"", "\"event\":\"was-ready\""));
        }

        final TickwireProcess last = TickwireProcess.start(log, serve);
        assertThat(last.awaitLog("\"event\":\"feed_exhausted\"", 120_000)).as("feed finished").isTrue();
        // 143 = 128 + SIGTERM: the JVM's status after a clean, hook-driven stop.
        assertThat(last.terminate()).isIn(0, 143);

        // The kills must have landed mid-stream: restarts that resumed from a partial journal.
        final java.util.regex.Matcher resumed = java.util.regex.Pattern
            .compile("\"replayed\":(\\d+).*?\"arrival_seq\":(-?\\d+)").matcher(Files.readString(log));
        int midStreamRestarts = 0;
        while (resumed.find())
        {
            final long arrivalSeq = Long.parseLong(resumed.group(2));
            if (arrivalSeq > 0 && arrivalSeq < TRADES - 1)
            {
                midStreamRestarts++;
            }
        }
        assertThat(midStreamRestarts).as("restarts after a mid-stream kill").isGreaterThanOrEqualTo(kills / 2);

        final Path journal = dir.resolve("journal.csv");
        final Path tape = dir.resolve("tape.csv");
        assertThat(TickwireProcess.run(dir.resolve("journal.log"), "journal", "--data-dir", data.toString(),
            "--out", journal.toString())).isZero();
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", SEED, "--symbols", SYMBOLS,
            "--rate", rate, "--origin", Long.toString(origin), "--count", Long.toString(TRADES),
            "--out", tape.toString())).isZero();
        final List<String> journaled = Files.readAllLines(journal);
        assertThat(journaled).hasSize((int)TRADES + 1);
        assertThat(journaled).as("journal = tape, each trade once, in order (kill seed %d)", seed)
            .isEqualTo(Files.readAllLines(tape));

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
