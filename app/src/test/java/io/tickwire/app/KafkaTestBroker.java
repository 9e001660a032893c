package io.tickwire.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real broker the Kafka integration tests run against ({@code scripts/kafka.sh start}, which
 * {@code scripts/test.sh} runs): its address, fresh topics, a plain producer and a reader of whole topics.
 */
final class KafkaTestBroker
{
    static final String BOOTSTRAP = System.getProperty("tickwire.kafka.bootstrap", "127.0.0.1:9092");

    private KafkaTestBroker()
    {
    }

    /** Skips the test when no broker answers, unless -Dtickwire.kafka.required=true (scripts/test.sh) fails it. */
    static void require()
    {
        final String[] hostPort = BOOTSTRAP.split(",")[0].split(":");
        boolean up;
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            up = true;
        }
        catch (final IOException ex)
        {
            up = false;
        }
        if (!up && Boolean.getBoolean("tickwire.kafka.required"))
        {
            throw new IllegalStateException("no Kafka broker at " + BOOTSTRAP + " (scripts/kafka.sh start)");
        }
        assumeTrue(up, "no Kafka broker at " + BOOTSTRAP + "; run scripts/kafka.sh start");
    }

    static String createTopic(final String prefix, final int partitions) throws ExecutionException, InterruptedException
    {
        final String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(props))
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1)
                .configs(Map.of("max.message.bytes", Integer.toString(4 << 20))))).all().get();
        }
        return name;
    }

    /** Creates a fixed-name topic (e.g. aggregates-1m) when a reused broker lacks it. */
    static void ensureTopic(final String name, final int partitions) throws InterruptedException
    {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(props))
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1))).all().get();
        }
        catch (final ExecutionException ex)
        {
            if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException))
            {
                throw new IllegalStateException("cannot create topic " + name, ex.getCause());
            }
        }
    }

    static KafkaProducer<byte[], byte[]> producer()
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    static void send(final KafkaProducer<byte[], byte[]> producer, final String topic, final byte[] key,
        final byte[] value) throws ExecutionException, InterruptedException
    {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Every record of a topic, from the beginning to the end offsets of the moment. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final String topic)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        final List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - deadline < 0 &&
                partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)))
            {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
