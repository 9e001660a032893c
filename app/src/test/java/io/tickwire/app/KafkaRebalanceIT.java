package io.tickwire.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out path: two {@code serve} instances in one consumer group share a four-partition topic while trades
 * are being produced. A second instance joins (the group rebalances and splits the partitions), journals
 * some trades, later leaves (they move back). Across both journals every (partition, offset) of the topic is held
 * exactly once.
 */
class KafkaRebalanceIT
{
    private static final long TRADES = 120_000;

    @Test
    @Timeout(600)
    void shouldJournalEveryRecordOnceAcrossTheGroupWhenAnInstanceJoinsAndLeaves(@TempDir final Path dir)
        throws Exception
    {
        KafkaTestBroker.require();
        final String topic = KafkaTestBroker.createTopic("it-rebalance", 4);
        final Path tape = dir.resolve("tape.csv");
        final long origin = (System.currentTimeMillis() / 1000 - 3600) * 1_000_000_000L;
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", "21", "--symbols", "40",
            "--rate", "100000", "--origin", Long.toString(origin), "--count", Long.toString(TRADES),
            "--out", tape.toString())).isZero();

        final Path dataA = dir.resolve("a");
        final Path dataB = dir.resolve("b");
        final TickwireProcess a = TickwireProcess.start(dir.resolve("a.log"), serve(dataA, topic));
        assertThat(a.awaitLog("kafka partitions assigned", 60_000)).as("instance a assigned").isTrue();
        // Produced only once a consumes, so that all ~24 s of trades lie after a's start-up and b joins while they
        // flow (a CI run failed with b journaling nothing, as a join after the last trade would; its logs were lost).
        final TickwireProcess producer = TickwireProcess.start(dir.resolve("produce.log"), "produce", "--bootstrap",
            KafkaTestBroker.BOOTSTRAP, "--topic", topic, "--from", tape.toString(), "--rate", "5000",
            "--format", "sbe");

        // The producer runs ~24 s: b joins while trades still flow, journals some, then leaves.
        final TickwireProcess b = TickwireProcess.start(dir.resolve("b.log"), serve(dataB, topic));
        assertThat(b.awaitLog("kafka partitions assigned", 60_000)).as("instance b assigned").isTrue();
        final long joinDeadline = System.currentTimeMillis() + 30_000;
        while (journal(dir, dataB, "b").size() < 2 && System.currentTimeMillis() < joinDeadline)
        {
            Thread.sleep(1_000);
        }
        Thread.sleep(2_000);
        assertThat(b.terminate()).as("b stops cleanly, committing what it journaled").isIn(0, 143);
        assertThat(producer.awaitExit(120_000)).as("produce finished").isZero();

        final long deadline = System.currentTimeMillis() + 120_000;
        List<String> journalA = List.of();
        List<String> journalB = journal(dir, dataB, "b");
        while (System.currentTimeMillis() < deadline)
        {
            journalA = journal(dir, dataA, "a");
            if (journalA.size() - 1 + journalB.size() - 1 >= TRADES)
            {
                break;
            }
            Thread.sleep(2_000);
        }
        assertThat(a.terminate()).isIn(0, 143);
        journalA = journal(dir, dataA, "a");

        assertThat(journalB.size() - 1).as("b journaled trades while it held partitions").isPositive();
        final List<String> held = new ArrayList<>();
        held.addAll(positions(journalA));
        held.addAll(positions(journalB));
        final Set<String> produced = new HashSet<>();
        for (final ConsumerRecord<byte[], byte[]> record : KafkaTestBroker.readAll(topic))
        {
            produced.add(record.partition() + ":" + record.offset());
        }
        assertThat(produced).hasSize((int)TRADES);
        assertThat(held).as("no (partition, offset) journaled twice across the group").doesNotHaveDuplicates();
        assertThat(new HashSet<>(held)).as("every record journaled by one instance").isEqualTo(produced);
    }

    private static String[] serve(final Path data, final String topic)
    {
        return new String[] {"serve", "--data-dir", data.toString(),
            "--set", "kafka.bootstrap=" + KafkaTestBroker.BOOTSTRAP, "--set", "kafka.topic=" + topic,
            "--set", "kafka.quotes.topic=none", "--set", "kafka.group=" + topic, "--set", "kafka.dlq.topic=none",
            "--set", "kafka.instance.id=none", "--set", "kafka.aggregates=none",
            "--set", "engine.cpu=none", "--set", "stats.interval=1s"};
    }

    private static List<String> journal(final Path dir, final Path data, final String name) throws Exception
    {
        final Path out = dir.resolve("journal-" + name + ".csv");
        assertThat(TickwireProcess.run(dir.resolve("journal-" + name + ".log"), "journal", "--data-dir",
            data.toString(), "--out", out.toString())).isZero();
        return Files.readAllLines(out);
    }

    /** "partition:offset" of each journaled row (rows: arrival seq, source id, partition, offset, ...). */
    private static List<String> positions(final List<String> journal)
    {
        final List<String> positions = new ArrayList<>();
        for (final String row : journal.subList(1, journal.size()))
        {
            final String[] cells = row.split(",", 5);
            positions.add(cells[2] + ":" + cells[3]);
        }
        return positions;
    }
}
