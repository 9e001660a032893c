package io.tickwire.app;

import java.io.IOException;
import java.nio.file.Path;

import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.feed.SyntheticFeed;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ingest.TradeSource;
import io.tickwire.engine.ingest.kafka.KafkaSourceConfig;
import io.tickwire.engine.ingest.kafka.KafkaTradeSource;

/**
 * Chooses where {@code serve} takes its trades from: Kafka when {@code TICKWIRE_KAFKA_BOOTSTRAP} is set, else the
 * embedded synthetic feed.
 */
public final class Sources
{
    private Sources()
    {
    }

    /**
     * The configured source.
     *
     * @param config  the configuration.
     * @param dataDir the data directory (the synthetic feed keeps its origin there).
     * @return a source, not yet resumed.
     * @throws IOException when the data directory cannot be used.
     */
    public static TradeSource create(final TickwireConfig config, final Path dataDir) throws IOException
    {
        final String bootstrap = config.get(Settings.KAFKA_BOOTSTRAP);
        return bootstrap == null ? syntheticFeed(config, dataDir) :
            new KafkaTradeSource(kafka(config, bootstrap, dataDir));
    }

    /**
     * The Kafka source's configuration from the settings.
     *
     * @param config    the configuration.
     * @param bootstrap bootstrap servers.
     * @param dataDir   the data directory: with the host name, the default static member id, since the journal
     *                  there is what makes an engine instance.
     * @return topics, group, DLQ and poll timeout.
     */
    public static KafkaSourceConfig kafka(final TickwireConfig config, final String bootstrap, final Path dataDir)
    {
        String instanceId = config.get(Settings.KAFKA_INSTANCE_ID);
        if (instanceId == null)
        {
            String host;
            try
            {
                host = java.net.InetAddress.getLocalHost().getHostName();
            }
            catch (final java.net.UnknownHostException ex)
            {
                host = "localhost";
            }
            instanceId = "tickwire-" + host + "-" +
                Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
        }
        else if (instanceId.equals("none"))
        {
            instanceId = null;
        }
        final String quotes = config.get(Settings.KAFKA_QUOTES_TOPIC);
        final String dlq = config.get(Settings.KAFKA_DLQ_TOPIC);
        return new KafkaSourceConfig(bootstrap, config.get(Settings.KAFKA_TOPIC),
            quotes.equals("none") ? null : quotes, config.get(Settings.KAFKA_GROUP), dlq.equals("none") ? null : dlq,
            Math.max(1, config.getDurationNs(Settings.KAFKA_POLL_TIMEOUT) / 1_000_000), instanceId);
    }

    private static TradeSource syntheticFeed(final TickwireConfig config, final Path dataDir) throws IOException
    {
        final long origin = EngineNode.feedOrigin(config, dataDir);
        final SyntheticTrades trades = new SyntheticTrades(config.getLong(Settings.FEED_SEED),
            config.getInt(Settings.FEED_SYMBOLS), config.getLong(Settings.FEED_RATE), origin,
            Boolean.parseBoolean(config.get(Settings.FEED_BURSTS)));
        final String count = config.get(Settings.FEED_COUNT);
        return new SyntheticFeed(trades, count == null ? Long.MAX_VALUE : Long.parseLong(count));
    }
}
