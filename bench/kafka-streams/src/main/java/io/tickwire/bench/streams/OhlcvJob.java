package io.tickwire.bench.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ingest.kafka.KafkaRecordParser;
import io.tickwire.engine.ring.TradeEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The roadmap's Kafka Streams job (week 5): trades keyed by symbol, 1-minute tumbling windows by event time with a
 * grace period (Tickwire's default 5 s), an OHLCV aggregate in an in-memory window store (retention 5 min, changelog
 * on, as the roadmap's "state store for recovery"), results to an output topic. Used only as the baseline of
 * {@code scripts/bench.sh kafka}; not part of Tickwire.
 * <p>
 * Record values are decoded by Tickwire's own {@link KafkaRecordParser} (SBE or JSON, per record), so both sides pay
 * the same parse and the comparison is about what runs around it. Two variants: {@code roadmap} (default) is the
 * roadmap's code as written, re-keying by the trade's symbol with {@code map(...)} before {@code groupByKey()}, which
 * makes Kafka Streams route every trade through a repartition topic; {@code keyed} trusts that the record key already
 * is the symbol and skips the re-keying: the kinder baseline.
 * <p>
 * Usage: {@code OhlcvJob BOOTSTRAP TOPIC EXPECTED_RECORDS [THREADS] [TIMEOUT_S] [RUN] [roadmap|keyed]}. Counts every record it reads (valid
 * or not) and, once EXPECTED_RECORDS have gone through, prints
 * {@code streams: records=N seconds=S rate=R/s} where S runs from the first record read to the last one reaching the
 * aggregation.
 */
public final class OhlcvJob
{
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong VALID = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong GROUPED = new AtomicLong();
    private static volatile long firstNs;
    private static volatile long lastNs;

    private OhlcvJob()
    {
    }

    /** A decoded trade: its symbol (the roadmap re-keys by it) and what the aggregate needs. */
    record Trade(String symbol, long tsNs, long price, long volume)
    {
    }

    /** Open, high, low, close (fixed point 10^-8), volume and trade count of one symbol's window. */
    static final class Ohlcv
    {
        long openTs = Long.MAX_VALUE;
        long closeTs = Long.MIN_VALUE;
        long open;
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long close;
        long volume;
        long count;

        Ohlcv update(final Trade t)
        {
            if (t.tsNs() < openTs)
            {
                openTs = t.tsNs();
                open = t.price();
            }
            if (t.tsNs() >= closeTs)
            {
                closeTs = t.tsNs();
                close = t.price();
            }
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            volume += t.volume();
            count++;
            return this;
        }
    }

    /** Decodes a value with KafkaRecordParser; null for a rejected record or a quote. */
    static final class TradeDeserializer implements Deserializer<Trade>
    {
        private final KafkaRecordParser parser = new KafkaRecordParser();
        private final TradeEvent event = new TradeEvent();

        @Override
        public Trade deserialize(final String topic, final byte[] data)
        {
            if (data == null || parser.parse(data, data.length, false, event) != null ||
                event.kind != TradeEvent.KIND_TRADE)
            {
                return null;
            }
            return new Trade(Symbols.unpack(event.symbolWord0, event.symbolWord1), event.tsNs, event.price,
                event.volume);
        }
    }

    /** A trade on the repartition topic the roadmap's re-keying creates: symbol, then ts, price, volume. */
    static final class TradeSerde implements Serde<Trade>
    {
        @Override
        public Serializer<Trade> serializer()
        {
            return (topic, t) ->
            {
                if (t == null)
                {
                    return null;
                }
                final byte[] symbol = t.symbol().getBytes(StandardCharsets.US_ASCII);
                return ByteBuffer.allocate(1 + symbol.length + 24).put((byte)symbol.length).put(symbol)
                    .putLong(t.tsNs()).putLong(t.price()).putLong(t.volume()).array();
            };
        }

        @Override
        public Deserializer<Trade> deserializer()
        {
            return (topic, data) ->
            {
                if (data == null)
                {
                    return null;
                }
                final ByteBuffer b = ByteBuffer.wrap(data);
                final byte[] symbol = new byte[b.get()];
                b.get(symbol);
                return new Trade(new String(symbol, StandardCharsets.US_ASCII), b.getLong(), b.getLong(), b.getLong());
            };
        }
    }

    static final class OhlcvSerde implements Serde<Ohlcv>
    {
        @Override
        public Serializer<Ohlcv> serializer()
        {
            return (topic, o) ->
            {
                if (o == null)
                {
                    return null;
                }
                return ByteBuffer.allocate(64).putLong(o.openTs).putLong(o.closeTs).putLong(o.open).putLong(o.high)
                    .putLong(o.low).putLong(o.close).putLong(o.volume).putLong(o.count).array();
            };
        }

        @Override
        public Deserializer<Ohlcv> deserializer()
        {
            return (topic, data) ->
            {
                if (data == null)
                {
                    return null;
                }
                final ByteBuffer b = ByteBuffer.wrap(data);
                final Ohlcv o = new Ohlcv();
                o.openTs = b.getLong();
                o.closeTs = b.getLong();
                o.open = b.getLong();
                o.high = b.getLong();
                o.low = b.getLong();
                o.close = b.getLong();
                o.volume = b.getLong();
                o.count = b.getLong();
                return o;
            };
        }
    }

    /** Event time: the trade's own timestamp (milliseconds for Streams); the partition time for rejects. */
    static final class TradeTime implements TimestampExtractor
    {
        @Override
        public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime)
        {
            if (record.value() instanceof Trade t)
            {
                return t.tsNs() / 1_000_000L;
            }
            return partitionTime >= 0 ? partitionTime : record.timestamp();
        }
    }

    /**
     * Runs the job until the expected number of records went through, then prints the rate.
     *
     * @param args bootstrap, topic, expected records, optional stream threads and timeout in seconds.
     * @throws Exception on setup failure.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length < 3)
        {
            System.err.println("usage: OhlcvJob BOOTSTRAP TOPIC EXPECTED_RECORDS [THREADS] [TIMEOUT_S] [RUN] [roadmap|keyed]");
            System.exit(2);
        }
        final String bootstrap = args[0];
        final String topic = args[1];
        final long expected = Long.parseLong(args[2]);
        final int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        final long timeoutS = args.length > 4 ? Long.parseLong(args[4]) : 600;
        final String outTopic = topic + "-streams-1m";
        final String appId = "tickwire-bench-streams-" + topic + (args.length > 5 ? "-" + args[5] : "");
        final boolean roadmap = args.length <= 6 || !"keyed".equals(args[6]);
        final Path stateDir = Files.createTempDirectory("tickwire-streams-");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
        {
            final Set<String> existing = admin.listTopics().names().get();
            if (!existing.contains(outTopic))
            {
                final int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().size();
                admin.createTopics(List.of(new NewTopic(outTopic, partitions, (short)1))).all().get();
            }
        }

        final Serde<Ohlcv> ohlcvSerde = new OhlcvSerde();
        final Serde<Trade> tradeSerde = Serdes.serdeFrom((t, v) -> null, new TradeDeserializer());
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<String, Trade> trades = builder
            .stream(topic, Consumed.with(Serdes.String(), tradeSerde).withTimestampExtractor(new TradeTime()))
            .peek((k, v) -> counted())
            .filter((k, v) -> k != null && v != null)
            .peek((k, v) -> ACCEPTED.incrementAndGet());
        // The roadmap's job re-keys by the trade's symbol (map, then groupByKey), which makes Kafka Streams write
        // every trade to a repartition topic and read it back; "keyed" trusts the record key and skips that. The
        // repartition is spelled out (the same single topic groupByKey would create) so that the clock stops only
        // when every trade came back out of it into the aggregation, not when it was written to it.
        final KStream<String, Trade> bySymbol = roadmap
            ? trades.map((k, v) -> new KeyValue<>(v.symbol(), v))
                .repartition(Repartitioned.with(Serdes.String(), new TradeSerde()))
            : trades;
        bySymbol
            .peek((k, v) -> grouped())
            .groupByKey(Grouped.with(Serdes.String(), new TradeSerde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(5)))
            .aggregate(
                Ohlcv::new,
                (key, trade, ohlcv) ->
                {
                    VALID.incrementAndGet();
                    return ohlcv.update(trade);
                },
                Materialized.<String, Ohlcv>as(Stores.inMemoryWindowStore("ohlcv-store",
                        Duration.ofMinutes(5), Duration.ofMinutes(1), false))
                    .withKeySerde(Serdes.String())
                    .withValueSerde(ohlcvSerde))
            .toStream()
            .map((windowed, ohlcv) -> new KeyValue<>(windowed.key(), ohlcv))
            .to(outTopic, Produced.with(Serdes.String(), ohlcvSerde));

        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // The same socket tuning as Tickwire's consumer (the OS's autotuned receive buffer), so that it is not what
        // the comparison measures.
        props.put(StreamsConfig.consumerPrefix("receive.buffer.bytes"), -1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);

        final long startNs = System.nanoTime();
        final KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(ex ->
        {
            ex.printStackTrace();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> System.err.println("streams state " + before + " -> " + now));
        streams.start();
        while ((COUNT.get() < expected || GROUPED.get() < ACCEPTED.get()) &&
            System.nanoTime() - startNs < timeoutS * 1_000_000_000L &&
            streams.state() != KafkaStreams.State.ERROR && streams.state() != KafkaStreams.State.NOT_RUNNING &&
            streams.state() != KafkaStreams.State.PENDING_ERROR)
        {
            Thread.sleep(5);
        }
        final long count = COUNT.get();
        final long end = count >= expected && GROUPED.get() >= ACCEPTED.get() ? lastNs : System.nanoTime();
        final double seconds = (end - firstNs) / 1e9;
        System.out.printf("streams: records=%d aggregated=%d seconds=%.3f rate=%.0f/s threads=%d variant=%s%s%n", count,
            VALID.get(), seconds, count / seconds, threads, roadmap ? "roadmap" : "keyed",
            count >= expected ? "" : " TIMEOUT");
        System.out.flush();
        streams.close(Duration.ofSeconds(10));
        streams.cleanUp();
        try (var paths = Files.walk(stateDir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        System.exit(count >= expected ? 0 : 1);
    }

    private static void counted()
    {
        final long n = COUNT.incrementAndGet();
        if (n == 1)
        {
            firstNs = System.nanoTime();
        }
    }

    /** A trade reached the aggregation (after the repartition topic, for the roadmap variant): the clock's end. */
    private static void grouped()
    {
        GROUPED.incrementAndGet();
        lastNs = System.nanoTime();
    }
}
