package io.tickwire.app;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;

import com.lmax.disruptor.EventHandler;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.codecs.sbe.BarEncoder;
import io.tickwire.codecs.sbe.BooleanType;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.persist.FinalBarSource;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output-ring consumer sending final bars and their corrections ({@code final:true}, any rev) of the configured
 * timeframes to {@code aggregates-<tf>} as SBE {@code Bar} messages keyed by symbol. At least once: after a restart
 * the bars the journal replay finalises again may be sent again; consumers keep the highest rev per
 * (symbol, tf, start).
 * <p>
 * Runs on its own output-ring consumer thread; one encode and one small array per sent bar. The output ring never
 * waits for a consumer: when this one missed updates (a gap), it sends again, from the gateway hub's copy, every
 * final bar from one window before the newest it had sent, so no final bar is missing from the topic.
 */
public final class AggregatesProducer implements EventHandler<UpdateEvent>, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AggregatesProducer.class);
    private static final String TOPIC_PREFIX = "aggregates-";

    private final KafkaProducer<byte[], byte[]> producer;
    private final IntFunction<String> symbolNames;
    private final String[] topicByTf;
    private final Timeframe[] codeByTf;
    private final Timeframes timeframes;
    private final FinalBarSource engineBars;
    private final long[] newestSentStart;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final BarEncoder encoder = new BarEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long sent;
    private long resent;
    private String lastError;

    private AggregatesProducer(final String bootstrap, final Timeframes timeframes, final List<String> published,
        final IntFunction<String> symbolNames, final FinalBarSource engineBars)
    {
        this.symbolNames = symbolNames;
        this.timeframes = timeframes;
        this.engineBars = engineBars;
        this.newestSentStart = new long[timeframes.count()];
        java.util.Arrays.fill(newestSentStart, Long.MIN_VALUE);
        this.topicByTf = new String[timeframes.count()];
        this.codeByTf = new Timeframe[timeframes.count()];
        for (int tf = 0; tf < timeframes.count(); tf++)
        {
            final String name = timeframes.name(tf);
            if (published.contains(name))
            {
                topicByTf[tf] = TOPIC_PREFIX + name;
            }
            codeByTf[tf] = code(name);
        }
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tickwire-aggregates");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props);
    }

    /**
     * Adds the producer to the output-ring consumers when Kafka is configured and aggregates are not {@code none}.
     *
     * @param config    the configuration.
     * @param node       the engine node (symbol names are read from its engine when bars arrive).
     * @param engineBars the engine's recent final bars, to send again after a gap.
     * @param consumers  the consumer list passed to {@link EngineNode#start}.
     * @return the producer to close at shutdown, or null when off.
     */
    public static AggregatesProducer attach(final TickwireConfig config, final EngineNode node,
        final FinalBarSource engineBars, final List<EventHandler<UpdateEvent>> consumers)
    {
        final String bootstrap = config.get(Settings.KAFKA_BOOTSTRAP);
        final String list = config.get(Settings.KAFKA_AGGREGATES);
        if (bootstrap == null || list.equals("none"))
        {
            return null;
        }
        final List<String> published = List.of(list.split(","));
        final AggregatesProducer producer = new AggregatesProducer(bootstrap, config.timeframes(), published,
            id -> node.engine().symbols().name(id), engineBars);
        consumers.add(producer);
        LOG.info("aggregates: final bars of {} to {}<tf>", published, TOPIC_PREFIX);
        return producer;
    }

    @Override
    public void onEvent(final UpdateEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.gapBefore)
        {
            resendAfterGap();
        }
        if (event.kind != UpdateEvent.KIND_BAR || !event.isFinal || topicByTf[event.tfIndex] == null)
        {
            return;
        }
        send(symbolNames.apply(event.symbolId), event.tfIndex, event.tsNs, event.open, event.high, event.low,
            event.close, event.barVolume, event.count, event.vwap(), event.seq, event.rev);
    }

    /** Sends again every final bar the hub holds from one window before the newest sent, per published tf. */
    private void resendAfterGap()
    {
        for (int tf = 0; tf < topicByTf.length; tf++)
        {
            if (topicByTf[tf] == null)
            {
                continue;
            }
            final int tfIndex = tf;
            final long from = newestSentStart[tf] == Long.MIN_VALUE ? Long.MIN_VALUE
                : newestSentStart[tf] - timeframes.lengthNs(tf);
            try
            {
                engineBars.forEachFinalBar(timeframes.name(tf), from, bar ->
                {
                    send(bar.symbol(), tfIndex, bar.startNs(), bar.open(), bar.high(), bar.low(), bar.close(),
                        bar.volume(), bar.count(), bar.vwap(), bar.seq(), bar.rev());
                    resent++;
                });
            }
            catch (final IllegalStateException ex)
            {
                logOnce("aggregates: resending after a gap failed: " + ex.getMessage());
            }
        }
    }

    private void send(final String symbol, final int tfIndex, final long startNs, final long open, final long high,
        final long low, final long close, final long volume, final long count, final long vwap, final long seq,
        final int rev)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .startNanos(startNs)
            .volume(volume)
            .tradeCount(count)
            .seq(seq)
            .rev(rev)
            .tf(codeByTf[tfIndex])
            .finalFlag(BooleanType.TRUE)
            .symbol(symbol);
        encoder.open().mantissa(open);
        encoder.high().mantissa(high);
        encoder.low().mantissa(low);
        encoder.close().mantissa(close);
        encoder.vwap().mantissa(vwap);
        final byte[] value = new byte[MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()];
        buffer.getBytes(0, value);
        newestSentStart[tfIndex] = Math.max(newestSentStart[tfIndex], startNs);
        try
        {
            producer.send(new ProducerRecord<>(topicByTf[tfIndex],
                symbol.getBytes(java.nio.charset.StandardCharsets.US_ASCII), value), (metadata, ex) ->
                {
                    if (ex != null)
                    {
                        logOnce("aggregates send failed: " + ex);
                    }
                });
            sent++;
        }
        catch (final KafkaException ex)
        {
            logOnce("aggregates send failed: " + ex);
        }
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
     * Bars handed to the producer.
     *
     * @return count (read on the consumer thread or after close).
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Bars sent again after gaps.
     *
     * @return count (read on the consumer thread or after close).
     */
    public long resent()
    {
        return resent;
    }

    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(5));
    }

    private static Timeframe code(final String name)
    {
        return switch (name)
        {
            case "1s" -> Timeframe.SEC_1;
            case "5s" -> Timeframe.SEC_5;
            case "1m" -> Timeframe.MIN_1;
            case "5m" -> Timeframe.MIN_5;
            case "15m" -> Timeframe.MIN_15;
            case "1h" -> Timeframe.HOUR_1;
            case "4h" -> Timeframe.HOUR_4;
            case "1d" -> Timeframe.DAY_1;
            default -> Timeframe.NULL_VAL;
        };
    }
}
