package io.tickwire.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tickwire.app.config.Durations;
import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.OptionalDecimal8Encoder;
import io.tickwire.codecs.sbe.TradeEncoder;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ingest.CsvTradeFormat;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire produce}: publishes trades to Kafka, synthetic ({@link SyntheticTrades}) or read from a CSV
 * ({@link CsvTradeFormat}, invalid rows skipped and counted), as SBE {@code Trade} messages or JSON objects with the
 * roadmap's fields; the record key is the symbol. Shows a progress bar on a terminal; prints one summary line.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Publish trades to Kafka, synthetic or from a CSV, as SBE or JSON (key = symbol).")
public final class ProduceCommand implements Callable<Integer>
{
    private static final long PROGRESS_INTERVAL_NS = 200_000_000L;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap.")
    private String bootstrap;

    @Option(names = "--topic", defaultValue = "trades", description = "Topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "N",
        description = "Trades per second; 0 = as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--symbols", defaultValue = "100", paramLabel = "N",
        description = "Synthetic symbols (default: ${DEFAULT-VALUE}).")
    private int symbols;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic feed seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--origin", paramLabel = "EPOCH_NS",
        description = "Event time of synthetic trade 0 (default: now).")
    private Long origin;

    @ArgGroup(exclusive = true)
    private Amount amount;

    @Option(names = "--format", defaultValue = "sbe", paramLabel = "sbe|json",
        description = "Record value format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--from", paramLabel = "IN.csv",
        description = "Trades from a CSV (the columns of tickwire bars) instead of the synthetic feed.")
    private Path from;

    private final PrintStream err;
    private final UnsafeBuffer sbeBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder encoder = new TradeEncoder();
    private final StringBuilder json = new StringBuilder(256);
    private final byte[] symbolBytes = new byte[Symbols.MAX_LENGTH];

    /** How much to send: a count or a duration. */
    static final class Amount
    {
        @Option(names = "--count", paramLabel = "N", description = "Trades to send (default: all / no end).")
        private Long count;

        @Option(names = "--duration", paramLabel = "D", description = "How long to send, e.g. 30s.")
        private String duration;
    }

    /**
     * A command reporting on a stream.
     *
     * @param err where progress, the summary and errors go.
     */
    public ProduceCommand(final PrintStream err)
    {
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final boolean sbe;
        if ("sbe".equals(format) || "json".equals(format))
        {
            sbe = "sbe".equals(format);
        }
        else
        {
            return usage("--format must be sbe or json, not " + format);
        }
        final long count = amount != null && amount.count != null ? amount.count : Long.MAX_VALUE;
        long durationNs = Long.MAX_VALUE;
        if (amount != null && amount.duration != null)
        {
            try
            {
                durationNs = Durations.parseNs(amount.duration);
            }
            catch (final IllegalArgumentException | ArithmeticException ex)
            {
                return usage("--duration: " + ex.getMessage());
            }
        }
        if (rate < 0 || symbols < 1 || symbols > 100_000 || count < 0)
        {
            return usage("--rate must be >= 0, --symbols 1 to 100000, --count >= 0");
        }

        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tickwire-produce");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");

        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstError = new AtomicReference<>();
        final boolean terminal = System.console() != null;
        final ProgressBar bar = new ProgressBar(err, terminal);
        final TradeEvent trade = new TradeEvent();
        long sent = 0;
        long skipped = 0;
        long bytes = 0;
        final long startNs = System.nanoTime();
        long nextProgressNs = startNs;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
            BufferedReader csv = from == null ? null : Files.newBufferedReader(from, StandardCharsets.UTF_8))
        {
            final CsvTradeFormat csvFormat;
            final SyntheticTrades synthetic;
            if (csv != null)
            {
                final String headerRow = csv.readLine();
                if (headerRow == null)
                {
                    return usage("--from " + from + " is empty: it needs a header row");
                }
                try
                {
                    csvFormat = CsvTradeFormat.fromHeader(headerRow);
                }
                catch (final IllegalArgumentException ex)
                {
                    return usage("--from " + from + ": " + ex.getMessage());
                }
                synthetic = null;
            }
            else
            {
                csvFormat = null;
                synthetic = new SyntheticTrades(seed, symbols, rate == 0 ? 1_000_000 : rate,
                    origin != null ? origin : System.currentTimeMillis() * 1_000_000L);
            }
            final long periodNs = rate == 0 ? 0 : 1_000_000_000L / rate;
            while (sent < count && failed.get() == 0)
            {
                final long nowNs = System.nanoTime();
                if (nowNs - startNs >= durationNs)
                {
                    break;
                }
                if (csv != null)
                {
                    final String line = csv.readLine();
                    if (line == null)
                    {
                        break;
                    }
                    if (line.isBlank())
                    {
                        continue;
                    }
                    if (csvFormat.parse(line, trade) != null)
                    {
                        skipped++;
                        continue;
                    }
                }
                else
                {
                    synthetic.fill(sent, trade);
                }
                if (periodNs > 0)
                {
                    final long dueNs = startNs + sent * periodNs;
                    while (dueNs - System.nanoTime() > 0)
                    {
                        Thread.sleep(0, 200_000);
                    }
                }
                final byte[] value = sbe ? encodeSbe(trade) : encodeJson(trade);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, symbolKey(trade), value), (metadata, ex) ->
                {
                    if (ex == null)
                    {
                        acked.incrementAndGet();
                    }
                    else
                    {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, ex);
                    }
                });
                sent++;
                if (terminal && nowNs - nextProgressNs >= 0)
                {
                    nextProgressNs = nowNs + PROGRESS_INTERVAL_NS;
                    progress(bar, sent, count, durationNs, nowNs - startNs);
                }
            }
            producer.flush();
        }
        catch (final NoSuchFileException ex)
        {
            return usage(ex.getFile() + ": no such file or directory");
        }
        catch (final KafkaException ex)
        {
            err.println("tickwire produce: " + ex.getMessage());
            return 1;
        }
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        if (terminal)
        {
            err.print("\r\033[K");
        }
        err.printf("produced=%d acked=%d failed=%d skipped=%d bytes=%d seconds=%.2f rate=%.0f/s topic=%s format=%s%n",
            sent, acked.get(), failed.get(), skipped, bytes, seconds, acked.get() / seconds, topic, format);
        if (failed.get() > 0)
        {
            err.println("tickwire produce: " + firstError.get());
            return 1;
        }
        return 0;
    }

    private static void progress(final ProgressBar bar, final long sent, final long count, final long durationNs,
        final long elapsedNs)
    {
        final double fraction = count != Long.MAX_VALUE ? (double)sent / count :
            durationNs != Long.MAX_VALUE ? (double)elapsedNs / durationNs : -1;
        bar.draw(fraction, sent + " trades " + Math.round(sent / Math.max(1e-9, elapsedNs / 1e9)) + "/s");
    }

    private byte[] symbolKey(final TradeEvent trade)
    {
        final int length = symbolLength(trade);
        final byte[] key = new byte[length];
        System.arraycopy(symbolBytes, 0, key, 0, length);
        return key;
    }

    private int symbolLength(final TradeEvent trade)
    {
        int length = 0;
        for (int word = 0; word < 2; word++)
        {
            long packed = word == 0 ? trade.symbolWord0 : trade.symbolWord1;
            for (int i = 0; i < 8 && packed != 0; i++)
            {
                symbolBytes[length++] = (byte)packed;
                packed >>>= 8;
            }
        }
        return length;
    }

    private byte[] encodeSbe(final TradeEvent trade)
    {
        encoder.wrapAndApplyHeader(sbeBuffer, 0, header)
            .tsNanos(trade.tsNs)
            .volume(trade.volume);
        encoder.price().mantissa(trade.price);
        encoder.bid().mantissa(trade.bid > 0 ? trade.bid : OptionalDecimal8Encoder.mantissaNullValue());
        encoder.ask().mantissa(trade.ask > 0 ? trade.ask : OptionalDecimal8Encoder.mantissaNullValue());
        final int symbolLength = symbolLength(trade);
        for (int i = 0; i < TradeEncoder.symbolLength(); i++)
        {
            encoder.symbol(i, i < symbolLength ? symbolBytes[i] : 0);
        }
        long exchange = trade.exchange;
        for (int i = 0; i < TradeEncoder.exchangeLength(); i++)
        {
            encoder.exchange(i, (byte)exchange);
            exchange >>>= 8;
        }
        encoder.putTradeId(trade.tradeId, 0, trade.tradeIdLength);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final byte[] value = new byte[length];
        sbeBuffer.getBytes(0, value);
        return value;
    }

    private byte[] encodeJson(final TradeEvent trade)
    {
        json.setLength(0);
        final int symbolLength = symbolLength(trade);
        json.append("{\"symbol\":\"");
        for (int i = 0; i < symbolLength; i++)
        {
            json.append((char)symbolBytes[i]);
        }
        json.append("\",\"price\":");
        FixedPoint.append(trade.price, json);
        json.append(",\"volume\":").append(trade.volume);
        if (trade.bid > 0)
        {
            FixedPoint.append(trade.bid, json.append(",\"bid_price\":"));
        }
        if (trade.ask > 0)
        {
            FixedPoint.append(trade.ask, json.append(",\"ask_price\":"));
        }
        Timestamps.appendIso(trade.tsNs, json.append(",\"timestamp\":\"")).append('"');
        if (trade.exchange != 0)
        {
            json.append(",\"exchange\":\"");
            long exchange = trade.exchange;
            while (exchange != 0)
            {
                json.append((char)(exchange & 0xFF));
                exchange >>>= 8;
            }
            json.append('"');
        }
        if (trade.tradeIdLength > 0)
        {
            json.append(",\"trade_id\":\"");
            for (int i = 0; i < trade.tradeIdLength; i++)
            {
                final char c = (char)trade.tradeId[i];
                json.append(c == '"' || c == '\\' ? "\\" : "").append(c);
            }
            json.append('"');
        }
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private int usage(final String reason)
    {
        err.println("tickwire produce: " + reason);
        return 2;
    }
}
