package io.tickwire.app;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tickwire.codecs.Timestamps;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.TradeEncoder;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.ingest.kafka.KafkaSourceConfig;
import io.tickwire.engine.ingest.kafka.KafkaTradeSource;
import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka ingest against a real broker: JSON from an outside client and SBE from {@code tickwire produce} give the
 * same bars as the CSV path; a topic salted with garbage loses no valid trade and dead-letters every invalid one.
 */
class KafkaIngestIT
{
    private static final int TRADES = 20_000;

    @BeforeEach
    void broker()
    {
        KafkaTestBroker.require();
    }

    @Test
    @Timeout(300)
    void shouldGiveTheSameBarsFromJsonAndSbeTopicsAsFromTheFile(@TempDir final Path dir) throws Exception
    {
        final Path tape = dir.resolve("tape.csv");
        final long origin = 1_732_500_000_000_000_000L;
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", "11", "--symbols", "40",
            "--origin", Long.toString(origin), "--count", Integer.toString(TRADES), "--out", tape.toString()))
            .isZero();
        final Path fileBars = dir.resolve("file.csv");
        final Path fileLog = dir.resolve("file.log");
        assertThat(TickwireProcess.run(fileLog, "bars", "--trades", tape.toString(), "--out", fileBars.toString()))
            .isZero();

        // JSON the way an outside client (kcat) would write it: the CSV's own decimal text, ISO or epoch times.
        final String jsonTopic = KafkaTestBroker.createTopic("it-json", 1);
        final List<String> rows = Files.readAllLines(tape);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestBroker.producer())
        {
            for (int i = 1; i < rows.size(); i++)
            {
                // arrival_seq,source,partition,offset,ts,symbol,price,volume,bid,ask,exchange
                final String[] f = rows.get(i).split(",", -1);
                final long ts = Long.parseLong(f[4]);
                final String time = switch (i % 3)
                {
                    case 0 -> "\"" + Timestamps.toIso(ts) + "\"";
                    case 1 -> f[4];
                    default -> ts % 1_000_000 == 0 ? Long.toString(ts / 1_000_000) : f[4];
                };
                final String json = "{\"symbol\":\"" + f[5] + "\",\"price\":" + f[6] + ",\"volume\":" + f[7] +
                    ",\"bid_price\":" + f[8] + ",\"ask_price\":" + f[9] + ",\"timestamp\":" + time +
                    ",\"exchange\":\"" + f[10] + "\"}";
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(jsonTopic,
                    f[5].getBytes(StandardCharsets.US_ASCII), json.getBytes(StandardCharsets.US_ASCII)));
            }
            producer.flush();
        }
        final Path jsonBars = dir.resolve("json.csv");
        final Path jsonLog = dir.resolve("json.log");
        assertThat(TickwireProcess.run(jsonLog, "bars", "--kafka", KafkaTestBroker.BOOTSTRAP, "--topic", jsonTopic,
            "--idle", "2s", "--out", jsonBars.toString())).isZero();

        final String sbeTopic = KafkaTestBroker.createTopic("it-sbe", 1);
        assertThat(TickwireProcess.run(dir.resolve("produce.log"), "produce", "--bootstrap",
            KafkaTestBroker.BOOTSTRAP, "--topic", sbeTopic, "--from", tape.toString(), "--rate", "0",
            "--format", "sbe")).isZero();
        assertThat(Files.readString(dir.resolve("produce.log"))).contains("produced=" + TRADES + " acked=" + TRADES);
        final Path sbeBars = dir.resolve("sbe.csv");
        final Path sbeLog = dir.resolve("sbe.log");
        assertThat(TickwireProcess.run(sbeLog, "bars", "--kafka", KafkaTestBroker.BOOTSTRAP, "--topic", sbeTopic,
            "--idle", "2s", "--out", sbeBars.toString())).isZero();

        final List<String> expected = Files.readAllLines(fileBars);
        assertThat(expected.size()).isGreaterThan(100);
        assertThat(Files.readAllLines(jsonBars)).as("JSON topic bars = file bars").isEqualTo(expected);
        assertThat(Files.readAllLines(sbeBars)).as("SBE topic bars = file bars").isEqualTo(expected);
        final String summary = "trades=" + TRADES + " accepted=" + TRADES;
        assertThat(Files.readString(fileLog)).contains(summary);
        assertThat(Files.readString(jsonLog)).contains(summary);
        assertThat(Files.readString(sbeLog)).contains(summary);
    }

    @Test
    @Timeout(300)
    void shouldCountEveryValidTradeAndDeadLetterEveryInvalidOne() throws Exception
    {
        final String topic = KafkaTestBroker.createTopic("it-salted", 2);
        final String dlqTopic = KafkaTestBroker.createTopic("it-salted-dlq", 1);
        final Random random = new Random(5);
        final long baseTs = 1_732_500_000_000_000_000L;
        final Map<String, String> expectedReason = new HashMap<>();
        int valid = 0;
        long volume = 0;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestBroker.producer())
        {
            final List<byte[]> values = new ArrayList<>();
            final List<String> reasons = new ArrayList<>();
            for (int i = 0; i < 2000; i++)
            {
                final long ts = baseTs + i * 1_000_000L;
                final int v = 1 + random.nextInt(100);
                if (i % 10 != 3)
                {
                    values.add(i % 2 == 0 ? sbeTrade("SYM" + (i % 7), 100_00000000L + i, v, ts) : json(
                        "{\"symbol\":\"SYM" + (i % 7) + "\",\"price\":100.5,\"volume\":" + v + ",\"timestamp\":" + ts +
                        "}"));
                    reasons.add(null);
                    valid++;
                    volume += v;
                    continue;
                }
                switch ((i / 10) % 7)
                {
                    case 0 ->
                    {
                        final byte[] junk = new byte[1 + random.nextInt(200)];
                        random.nextBytes(junk);
                        junk[0] = (byte)0xFF;
                        values.add(junk);
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                    case 1 ->
                    {
                        final byte[] whole = sbeTrade("TRUNC", 1_00000000L, 5, ts);
                        values.add(java.util.Arrays.copyOf(whole, 10 + random.nextInt(whole.length - 11)));
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                    case 2 ->
                    {
                        values.add(json("{\"symbol\":\"A\",\"price\":\"100.5\",\"volume\":1,\"timestamp\":" + ts +
                            "}"));
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                    case 3 ->
                    {
                        values.add(json("{\"symbol\":\"A\",\"price\":NaN,\"volume\":1,\"timestamp\":" + ts + "}"));
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                    case 4 ->
                    {
                        values.add(json("{\"symbol\":\"A\",\"price\":100.5,\"volume\":-4,\"timestamp\":" + ts +
                            "}"));
                        reasons.add(RejectReason.BAD_VOLUME.label());
                    }
                    case 5 ->
                    {
                        values.add(json("{\"symbol\":\"A\",\"price\":1,\"volume\":1,\"timestamp\":" + ts +
                            ",\"venue\":\"X\"}"));
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                    default ->
                    {
                        final byte[] big = new byte[1 << 20];
                        java.util.Arrays.fill(big, (byte)' ');
                        big[0] = '{';
                        values.add(big);
                        reasons.add(RejectReason.MALFORMED.label());
                    }
                }
            }
            for (int i = 0; i < values.size(); i++)
            {
                final byte[] key = ("K" + (i % 5)).getBytes(StandardCharsets.US_ASCII);
                final var metadata = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key,
                    values.get(i))).get();
                if (reasons.get(i) != null)
                {
                    expectedReason.put(metadata.partition() + "/" + metadata.offset(), reasons.get(i));
                }
            }
        }

        final long[] accepted = {0, 0};
        final int[] rejectedSeen = {0};
        final TradeSource.Sink sink = new TradeSource.Sink()
        {
            @Override
            public void onEvent(final TradeEvent event)
            {
                accepted[0]++;
                accepted[1] += event.volume;
            }

            @Override
            public void onRejected(final RejectReason reason)
            {
                rejectedSeen[0]++;
            }
        };
        final int total = valid + expectedReason.size();
        final KafkaTradeSource source = new KafkaTradeSource(new KafkaSourceConfig(KafkaTestBroker.BOOTSTRAP, topic,
            null, "it-salted-" + System.nanoTime(), dlqTopic, 20, null));
        try (source)
        {
            source.resumeAfter(new SourcePositions());
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (source.records() < total && System.nanoTime() - deadline < 0)
            {
                source.poll(sink, System.currentTimeMillis() * 1_000_000L, 512);
            }
        }
        assertThat(accepted[0]).as("valid trades counted exactly").isEqualTo(valid);
        assertThat(accepted[1]).as("their volume").isEqualTo(volume);
        assertThat(rejectedSeen[0]).isEqualTo(expectedReason.size());
        assertThat(source.rejectedTotal()).isEqualTo(expectedReason.size());
        assertThat(source.forwardedToDlq()).isEqualTo(expectedReason.size());

        final Map<String, String> dead = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : KafkaTestBroker.readAll(dlqTopic))
        {
            assertThat(header(record, KafkaTradeSource.HEADER_TOPIC)).isEqualTo(topic);
            dead.put(header(record, KafkaTradeSource.HEADER_PARTITION) + "/" +
                header(record, KafkaTradeSource.HEADER_OFFSET), header(record, KafkaTradeSource.HEADER_REASON));
        }
        assertThat(dead).as("every invalid record in the DLQ with its reason").isEqualTo(expectedReason);
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name)
    {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] json(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sbeTrade(final String symbol, final long price, final long volume, final long ts)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN));
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.tsNanos(ts).volume(volume).symbol(symbol).exchange("");
        encoder.price().mantissa(price);
        encoder.bid().mantissa(Long.MIN_VALUE);
        encoder.ask().mantissa(Long.MIN_VALUE);
        encoder.tradeId("");
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
