package io.tickwire.app;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.codecs.sbe.BarDecoder;
import io.tickwire.codecs.sbe.BooleanType;
import io.tickwire.codecs.sbe.MessageHeaderDecoder;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} consuming Kafka publishes its final 1m bars to {@code aggregates-1m} as SBE {@code Bar} messages
 * keyed by symbol, equal to the offline bars over the same trades.
 */
class KafkaAggregatesIT
{
    @Test
    @Timeout(300)
    void shouldPublishFinalOneMinuteBarsEqualToTheOfflineBars(@TempDir final Path dir) throws Exception
    {
        KafkaTestBroker.require();
        KafkaTestBroker.ensureTopic("aggregates-1m", 2);
        final String topic = KafkaTestBroker.createTopic("it-agg", 1);
        final Random random = new Random();
        final String symbol = "AG" + Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36).toUpperCase();
        final long minute = 60_000_000_000L;
        final long start = (System.currentTimeMillis() * 1_000_000L / minute - 120) * minute;
        final Path csv = dir.resolve("trades.csv");
        final List<String> rows = new ArrayList<>();
        rows.add("ts,symbol,price,volume");
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestBroker.producer())
        {
            for (int i = 0; i < 300; i++)
            {
                final long ts = start + i * 1_000_000_000L;
                final String price = (100 + random.nextInt(50)) + "." + random.nextInt(100);
                final int volume = 1 + random.nextInt(1000);
                rows.add(ts + "," + symbol + "," + price + "," + volume);
                producer.send(new ProducerRecord<>(topic, symbol.getBytes(StandardCharsets.US_ASCII),
                    ("{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"volume\":" + volume +
                    ",\"timestamp\":" + ts + "}").getBytes(StandardCharsets.US_ASCII)));
            }
        }
        Files.write(csv, rows);
        final Path offline = dir.resolve("bars.csv");
        assertThat(TickwireProcess.run(dir.resolve("bars.log"), "bars", "--trades", csv.toString(), "--tf", "1m",
            "--out", offline.toString())).isZero();
        final List<String> expected = Files.readAllLines(offline).subList(1, 6);

        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final TickwireProcess serve = TickwireProcess.start(dir.resolve("serve.log"), "serve",
            "--data-dir", dir.resolve("data").toString(), "--set", "http.port=" + port,
            "--set", "kafka.bootstrap=" + KafkaTestBroker.BOOTSTRAP, "--set", "kafka.topic=" + topic,
            "--set", "kafka.quotes.topic=none", "--set", "kafka.dlq.topic=none", "--set", "kafka.group=" + topic,
            "--set", "kafka.aggregates=1m", "--set", "engine.cpu=none", "--set", "stats.interval=1s");
        final TreeMap<Long, String> published = new TreeMap<>();
        try
        {
            final boolean applied = serve.awaitLog("\"applied_arrival_seq\":299,", 60_000);
            final String log = Files.readString(dir.resolve("serve.log"));
            assertThat(applied).as("every trade applied: %s", log.substring(Math.max(0, log.length() - 3000)))
                .isTrue();
            final long deadline = System.currentTimeMillis() + 60_000;
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final BarDecoder bar = new BarDecoder();
            while (published.size() < expected.size() && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(1000);
                for (final ConsumerRecord<byte[], byte[]> record : KafkaTestBroker.readAll("aggregates-1m"))
                {
                    if (!symbol.equals(new String(record.key(), StandardCharsets.US_ASCII)))
                    {
                        continue;
                    }
                    bar.wrapAndApplyHeader(new UnsafeBuffer(record.value()), 0, header);
                    assertThat(bar.tf()).isEqualTo(Timeframe.MIN_1);
                    assertThat(bar.finalFlag()).isEqualTo(BooleanType.TRUE);
                    published.put(bar.startNanos(), String.join(",", bar.symbol(), "1m",
                        Timestamps.toIso(bar.startNanos()), FixedPoint.toString(bar.open().mantissa()),
                        FixedPoint.toString(bar.high().mantissa()), FixedPoint.toString(bar.low().mantissa()),
                        FixedPoint.toString(bar.close().mantissa()), Long.toString(bar.volume()),
                        Long.toString(bar.tradeCount()), FixedPoint.toString(bar.vwap().mantissa())));
                }
            }
        }
        finally
        {
            serve.terminate();
        }
        assertThat(new ArrayList<>(published.values())).as("aggregates-1m = offline 1m bars").isEqualTo(expected);
    }
}
