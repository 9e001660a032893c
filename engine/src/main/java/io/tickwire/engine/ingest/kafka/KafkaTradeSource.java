package io.tickwire.engine.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.journal.SourcePositions;
import io.tickwire.engine.ring.TradeEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trades and quotes from Kafka, exactly once into the journal. Offsets are never auto-committed: the journal is the
 * source of truth. On every partition assignment the consumer seeks to the journaled offset + 1 (or the group's
 * committed offset when that is further, i.e. another instance of the group got further; or the beginning), so a
 * kill -9 at any moment neither loses nor double-counts a record. Offsets of records handed to the sink (journaled
 * or rejected) are committed asynchronously every second and synchronously on revocation, for the other members of
 * the group only.
 * <p>
 * Each record is parsed by {@link KafkaRecordParser}; invalid ones are counted by reason and forwarded to the DLQ
 * topic with headers {@code tickwire.reason}, {@code tickwire.topic}, {@code tickwire.partition},
 * {@code tickwire.offset}. Broker outages are retried by kafka-clients; one line is logged when the broker becomes
 * unreachable and one when it is back.
 * <p>
 * Not thread-safe: confined to the ingest thread (the counters may be read from any thread).
 */
public final class KafkaTradeSource implements TradeSource
{
    /** Source id of the trades topic in the journal. */
    public static final int TRADES_SOURCE_ID = 1;
    /** Source id of the quotes topic in the journal. */
    public static final int QUOTES_SOURCE_ID = 2;
    /** DLQ header: the reject reason label. */
    public static final String HEADER_REASON = "tickwire.reason";
    /** DLQ header: the topic of the rejected record. */
    public static final String HEADER_TOPIC = "tickwire.topic";
    /** DLQ header: its partition. */
    public static final String HEADER_PARTITION = "tickwire.partition";
    /** DLQ header: its offset. */
    public static final String HEADER_OFFSET = "tickwire.offset";
    /** DLQ header: the original value length when the forwarded value was truncated. */
    public static final String HEADER_LENGTH = "tickwire.length";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTradeSource.class);
    private static final long COMMIT_INTERVAL_NS = 1_000_000_000L;
    private static final long HEALTH_INTERVAL_NS = 1_000_000_000L;
    private static final int MAX_POLL_RECORDS = 10_000;

    private final KafkaSourceConfig config;
    private final KafkaRecordParser parser = new KafkaRecordParser();
    private final TradeEvent event = new TradeEvent();
    private final SourcePositions delivered = new SourcePositions();
    private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
    private final AtomicLongArray totals = new AtomicLongArray(3);
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new java.util.HashMap<>();
    private final Duration pollTimeout;
    private KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private KafkaProducer<byte[], byte[]> dlq;
    private Iterator<ConsumerRecord<ByteBuffer, ByteBuffer>> pending;
    private byte[] scratch = new byte[256];
    private long nextCommitNs;
    private long nextHealthNs;
    private boolean reachable = true;
    private boolean everConnected;
    private MetricName connectionCount;
    private String lastError;

    /**
     * A source; nothing connects before {@link #resumeAfter(SourcePositions)}.
     *
     * @param config topics, group and DLQ.
     */
    public KafkaTradeSource(final KafkaSourceConfig config)
    {
        this.config = config;
        this.pollTimeout = Duration.ofMillis(config.pollTimeoutMs());
    }

    @Override
    public void resumeAfter(final SourcePositions positions)
    {
        positions.forEach(delivered::put);
        consumer = new KafkaConsumer<>(consumerProperties());
        if (config.dlqTopic() != null)
        {
            dlq = new KafkaProducer<>(producerProperties());
        }
        if (config.groupId() == null)
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : topics())
            {
                for (final PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30)))
                {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            seekAfterDelivered(partitions, false);
        }
        else
        {
            consumer.subscribe(topics(), new Rebalance());
        }
        LOG.info("kafka source: bootstrap={} topics={} group={} instance={} dlq={} resuming after {} journaled " +
            "position(s)", config.bootstrap(), topics(), config.groupId(), config.instanceId(), config.dlqTopic(),
            positions.size());
    }

    private List<String> topics()
    {
        return config.quotesTopic() == null ? List.of(config.tradesTopic()) :
            List.of(config.tradesTopic(), config.quotesTopic());
    }

    private int sourceId(final String topic)
    {
        return topic.equals(config.tradesTopic()) ? TRADES_SOURCE_ID : QUOTES_SOURCE_ID;
    }

    @Override
    public int poll(final Sink sink, final long nowNs, final int limit)
    {
        if (pending == null || !pending.hasNext())
        {
            pending = null;
            maintain(nowNs);
            final ConsumerRecords<ByteBuffer, ByteBuffer> records;
            try
            {
                records = consumer.poll(pollTimeout);
            }
            catch (final WakeupException ex)
            {
                return 0;
            }
            catch (final KafkaException ex)
            {
                logOnce("kafka poll failed (retrying): " + ex);
                return 0;
            }
            if (records.isEmpty())
            {
                return 0;
            }
            pending = records.iterator();
        }
        int work = 0;
        while (work < limit && pending.hasNext())
        {
            onRecord(pending.next(), sink);
            work++;
        }
        return work;
    }

    private void onRecord(final ConsumerRecord<ByteBuffer, ByteBuffer> record, final Sink sink)
    {
        // Single writer (this thread): a plain read and an ordered write instead of a locked increment per record.
        totals.lazySet(0, totals.get(0) + 1);
        final String topic = record.topic();
        final int sourceId = sourceId(topic);
        // Keys and values are uncopied views of the fetch buffer (ByteBufferDeserializer): parsed in place.
        final ByteBuffer value = record.value();
        final RejectReason reason;
        if (value == null)
        {
            reason = parser.parse(null, 0, 0, sourceId == QUOTES_SOURCE_ID, event);
        }
        else if (value.hasArray())
        {
            reason = parser.parse(value.array(), value.arrayOffset() + value.position(), value.remaining(),
                sourceId == QUOTES_SOURCE_ID, event);
        }
        else
        {
            final int length = value.remaining();
            if (length <= KafkaRecordParser.MAX_VALUE_BYTES && length > scratch.length)
            {
                scratch = new byte[length];
            }
            if (length <= scratch.length)
            {
                value.duplicate().get(scratch, 0, length);
            }
            reason = parser.parse(scratch, 0, length, sourceId == QUOTES_SOURCE_ID, event);
        }
        delivered.put(sourceId, record.partition(), record.offset());
        if (reason == null)
        {
            event.sourceId = sourceId;
            event.partition = record.partition();
            event.sourceOffset = record.offset();
            totals.lazySet(1, totals.get(1) + 1);
            sink.onEvent(event);
        }
        else
        {
            rejected.lazySet(reason.ordinal(), rejected.get(reason.ordinal()) + 1);
            sink.onRejected(reason);
            forwardToDlq(record, reason);
        }
    }

    private void forwardToDlq(final ConsumerRecord<ByteBuffer, ByteBuffer> record, final RejectReason reason)
    {
        if (dlq == null)
        {
            return;
        }
        final int valueLength = record.value() == null ? 0 : record.value().remaining();
        final boolean truncated = valueLength > KafkaRecordParser.MAX_VALUE_BYTES;
        final byte[] value = copyOf(record.value(), KafkaRecordParser.MAX_VALUE_BYTES);
        final ProducerRecord<byte[], byte[]> out =
            new ProducerRecord<>(config.dlqTopic(), copyOf(record.key(), Integer.MAX_VALUE), value);
        out.headers().add(HEADER_REASON, reason.label().getBytes(StandardCharsets.US_ASCII));
        out.headers().add(HEADER_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        out.headers().add(HEADER_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.US_ASCII));
        out.headers().add(HEADER_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.US_ASCII));
        if (truncated)
        {
            out.headers().add(HEADER_LENGTH,
                Integer.toString(valueLength).getBytes(StandardCharsets.US_ASCII));
        }
        try
        {
            dlq.send(out, (metadata, ex) ->
            {
                if (ex == null)
                {
                    totals.incrementAndGet(2);
                }
                else
                {
                    logOnce("DLQ send failed: " + ex);
                }
            });
        }
        catch (final KafkaException ex)
        {
            logOnce("DLQ send failed: " + ex);
        }
    }

    private static byte[] copyOf(final ByteBuffer buffer, final int maxLength)
    {
        if (buffer == null)
        {
            return null;
        }
        final byte[] bytes = new byte[Math.min(buffer.remaining(), maxLength)];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Periodic off-path work: group commits and the reachability log. */
    private void maintain(final long nowNs)
    {
        if (config.groupId() != null && nowNs - nextCommitNs >= 0)
        {
            nextCommitNs = nowNs + COMMIT_INTERVAL_NS;
            collectCommits(consumer.assignment());
            if (!toCommit.isEmpty())
            {
                try
                {
                    consumer.commitAsync(new java.util.HashMap<>(toCommit), null);
                }
                catch (final KafkaException ex)
                {
                    logOnce("offset commit failed: " + ex);
                }
                toCommit.clear();
            }
        }
        if (nowNs - nextHealthNs >= 0)
        {
            nextHealthNs = nowNs + HEALTH_INTERVAL_NS;
            checkReachable();
        }
    }

    private void checkReachable()
    {
        if (connectionCount == null)
        {
            for (final Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet())
            {
                final MetricName name = entry.getKey();
                if (name.name().equals("connection-count") && name.group().equals("consumer-metrics"))
                {
                    connectionCount = name;
                }
            }
            if (connectionCount == null)
            {
                return;
            }
        }
        final Metric metric = consumer.metrics().get(connectionCount);
        final boolean connected = metric != null && ((Number)metric.metricValue()).doubleValue() > 0;
        if (connected && !reachable)
        {
            LOG.info("kafka broker reachable again at {}; ingest resumes", config.bootstrap());
        }
        else if (!connected && reachable && everConnected)
        {
            LOG.warn("kafka broker unreachable at {}; retrying until it is back", config.bootstrap());
        }
        everConnected |= connected;
        reachable = connected || !everConnected;
    }

    private void collectCommits(final Collection<TopicPartition> partitions)
    {
        for (final TopicPartition tp : partitions)
        {
            final long offset = delivered.get(sourceId(tp.topic()), tp.partition());
            if (offset != SourcePositions.NONE)
            {
                toCommit.put(tp, new OffsetAndMetadata(offset + 1));
            }
        }
    }

    private void seekAfterDelivered(final Collection<TopicPartition> partitions, final boolean useCommitted)
    {
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        if (useCommitted && !partitions.isEmpty())
        {
            try
            {
                committed = consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(30));
            }
            catch (final KafkaException ex)
            {
                logOnce("reading committed offsets failed; using the journal's alone: " + ex);
            }
        }
        final List<TopicPartition> fromBeginning = new ArrayList<>();
        for (final TopicPartition tp : partitions)
        {
            final long journaled = delivered.get(sourceId(tp.topic()), tp.partition());
            long next = journaled == SourcePositions.NONE ? -1 : journaled + 1;
            final OffsetAndMetadata groupOffset = committed.get(tp);
            if (groupOffset != null && groupOffset.offset() > next)
            {
                next = groupOffset.offset();
            }
            if (next < 0)
            {
                fromBeginning.add(tp);
            }
            else
            {
                consumer.seek(tp, next);
            }
        }
        if (!fromBeginning.isEmpty())
        {
            consumer.seekToBeginning(fromBeginning);
        }
        pending = null;
    }

    private void logOnce(final String message)
    {
        if (!message.equals(lastError))
        {
            lastError = message;
            LOG.warn(message);
        }
    }

    /**
     * Records received, whatever their fate.
     *
     * @return count.
     */
    public long records()
    {
        return totals.get(0);
    }

    /**
     * Records parsed into valid trades or quotes and handed to the sink.
     *
     * @return count.
     */
    public long accepted()
    {
        return totals.get(1);
    }

    /**
     * Records the DLQ topic acknowledged.
     *
     * @return count.
     */
    public long forwardedToDlq()
    {
        return totals.get(2);
    }

    /**
     * Records rejected for a reason.
     *
     * @param reason the reason.
     * @return count.
     */
    public long rejected(final RejectReason reason)
    {
        return rejected.get(reason.ordinal());
    }

    /**
     * Records rejected for any reason.
     *
     * @return count.
     */
    public long rejectedTotal()
    {
        long sum = 0;
        for (int i = 0; i < rejected.length(); i++)
        {
            sum += rejected.get(i);
        }
        return sum;
    }

    @Override
    public void close()
    {
        if (consumer != null)
        {
            if (config.groupId() != null)
            {
                collectCommits(consumer.assignment());
                try
                {
                    consumer.commitSync(toCommit, Duration.ofSeconds(5));
                }
                catch (final KafkaException ex)
                {
                    LOG.warn("final offset commit failed: {}", ex.toString());
                }
            }
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
        if (dlq != null)
        {
            dlq.close(Duration.ofSeconds(5));
            dlq = null;
        }
    }

    private Properties consumerProperties()
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Large polls: fewer consumer round trips per record when catching up (docs/performance.md, Kafka).
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tickwire-ingest");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        // The OS's autotuned socket receive buffer instead of kafka-clients' fixed 64 KiB (which also turns
        // autotuning off): +8 % trades/s catching up from a pre-loaded topic, no effect on a live one's latency.
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, "-1");
        if (config.groupId() != null)
        {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            if (config.instanceId() != null)
            {
                props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
            }
        }
        return props;
    }

    private Properties producerProperties()
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tickwire-dlq");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** Seeks each newly assigned partition just after what this instance journaled; commits what it gives up. */
    private final class Rebalance implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            pending = null;
            collectCommits(partitions);
            if (!toCommit.isEmpty())
            {
                try
                {
                    consumer.commitSync(toCommit, Duration.ofSeconds(5));
                }
                catch (final KafkaException ex)
                {
                    logOnce("offset commit on revocation failed: " + ex);
                }
                toCommit.clear();
            }
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
            seekAfterDelivered(partitions, true);
            final Set<TopicPartition> sorted = new java.util.TreeSet<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            sorted.addAll(partitions);
            LOG.info("kafka partitions assigned: {}", sorted);
        }
    }
}
