package io.tickwire.engine.ingest.kafka;

/**
 * What a {@link KafkaTradeSource} consumes and where it sends rejects.
 *
 * @param bootstrap     bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}.
 * @param tradesTopic   topic of trades (source id {@link KafkaTradeSource#TRADES_SOURCE_ID}).
 * @param quotesTopic   topic of quotes (source id {@link KafkaTradeSource#QUOTES_SOURCE_ID}), null for none.
 * @param groupId       consumer group; null reads every partition from the beginning without a group (replay).
 * @param dlqTopic      where invalid records go with their reason, null for none.
 * @param pollTimeoutMs longest a poll waits for records, milliseconds.
 * @param instanceId    static group membership id (stable across restarts of one engine instance, so that a
 *                      restart after kill -9 takes its partitions back at once instead of after the session
 *                      timeout); null for dynamic membership.
 */
public record KafkaSourceConfig(
    String bootstrap,
    String tradesTopic,
    String quotesTopic,
    String groupId,
    String dlqTopic,
    long pollTimeoutMs,
    String instanceId)
{
    /**
     * A replay of one topic from the beginning, without a group or a DLQ (offline {@code bars --kafka}).
     *
     * @param bootstrap bootstrap servers.
     * @param topic     topic of trades.
     * @return the configuration.
     */
    public static KafkaSourceConfig replay(final String bootstrap, final String topic)
    {
        return new KafkaSourceConfig(bootstrap, topic, null, null, null, 100, null);
    }
}
