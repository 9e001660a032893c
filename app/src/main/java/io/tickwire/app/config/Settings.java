package io.tickwire.app.config;

import java.util.List;
import java.util.regex.Pattern;

import io.tickwire.engine.bars.Timeframes;

/**
 * Every configuration key Tickwire reads, each in this one place with its default (SPEC §9). The generated table
 * in docs/configuration.md comes from here ({@code tickwire config --markdown}).
 */
public final class Settings
{
    private static final Pattern URL = Pattern.compile("^[a-z][a-z0-9+.-]*://\\S+$");
    private static final Pattern TOPIC = Pattern.compile("^[A-Za-z0-9._-]{1,249}$");
    private static final Pattern HOST_PORTS = Pattern.compile("^[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*$");

    /** HTTP and WebSocket port. */
    public static final Setting HTTP_PORT = new Setting("http.port", "TICKWIRE_HTTP_PORT", "8080",
        "a port number 0-65535", v -> isIntIn(v, 0, 65535), false,
        "HTTP and WebSocket listen port; 0: any free port (logged in the gateway_started event)");
    /** Gateway event-loop threads. */
    public static final Setting GATEWAY_THREADS = new Setting("gateway.threads", "TICKWIRE_GATEWAY_THREADS", "0",
        "an integer from 0 to 256", v -> isIntIn(v, 0, 256), false,
        "Netty event-loop threads of the gateway; 0: twice the available processors");
    /** Gateway bars per stream. */
    public static final Setting WS_BAR_HISTORY = new Setting("ws.bar.history", "TICKWIRE_WS_BAR_HISTORY", "1000",
        "an integer from 16 to 100000", v -> isIntIn(v, 16, 100_000), false,
        "Recent bars the gateway keeps per symbol and timeframe, for snapshots, resume and /api/historical");
    /** Gateway trades per symbol. */
    public static final Setting WS_TRADE_BUFFER = new Setting("ws.trade.buffer", "TICKWIRE_WS_TRADE_BUFFER", "10000",
        "an integer from 0 to 1000000", v -> isIntIn(v, 0, 1_000_000), false,
        "Recent trades the gateway keeps per symbol for resume and trade snapshots");
    /** Subscriptions per connection. */
    public static final Setting WS_MAX_SUBSCRIPTIONS = new Setting("ws.max.subscriptions",
        "TICKWIRE_WS_MAX_SUBSCRIPTIONS", "5000", "an integer from 1 to 100000", v -> isIntIn(v, 1, 100_000), false,
        "Subscriptions one WebSocket connection may hold (TOO_MANY_SUBSCRIPTIONS beyond)");
    /** Control messages per second per connection. */
    public static final Setting WS_CONTROL_RATE = new Setting("ws.control.rate", "TICKWIRE_WS_CONTROL_RATE", "50",
        "an integer from 1 to 100000", v -> isIntIn(v, 1, 100_000), false,
        "Control messages a WebSocket client may send per second (RATE_LIMITED and close 4029 beyond)");
    /** Outbound high-water mark. */
    public static final Setting WS_HIGH_WATER = new Setting("ws.high.water", "TICKWIRE_WS_HIGH_WATER", "1048576",
        "bytes, an integer from 65536 to 1073741824", v -> isIntIn(v, 65_536, 1 << 30), false,
        "Outbound bytes queued per connection above which its streams conflate (latest state per stream)");
    /** Slow-consumer grace. */
    public static final Setting WS_SLOW_GRACE = new Setting("ws.slow.grace", "TICKWIRE_WS_SLOW_GRACE", "10s",
        Durations.ACCEPTS, Settings::isPositiveDuration, false,
        "How long a connection may stay over its high-water mark before it is closed with 4008 slow consumer");
    /** Data directory: journal, checkpoints, feed origin. */
    public static final Setting DATA_DIR = new Setting("data.dir", "TICKWIRE_DATA_DIR", "./data",
        "a directory path", v -> !v.isBlank(), false, "Journal, checkpoints and local state");
    /** Kafka bootstrap servers; unset = synthetic feed. */
    public static final Setting KAFKA_BOOTSTRAP = new Setting("kafka.bootstrap", "TICKWIRE_KAFKA_BOOTSTRAP", null,
        "HOST:PORT[,HOST:PORT...]", v -> HOST_PORTS.matcher(v).matches(), false,
        "Kafka bootstrap servers; unset runs the embedded synthetic feed");
    /** Kafka trades topic. */
    public static final Setting KAFKA_TOPIC = new Setting("kafka.topic", "TICKWIRE_KAFKA_TOPIC", "trades",
        "a Kafka topic name", Settings::isTopic, false, "Topic of trades (SBE or JSON values, key = symbol)");
    /** Kafka quotes topic. */
    public static final Setting KAFKA_QUOTES_TOPIC = new Setting("kafka.quotes.topic", "TICKWIRE_KAFKA_QUOTES_TOPIC",
        "quotes", "a Kafka topic name, or none", v -> v.equals("none") || isTopic(v), false,
        "Topic of quotes; none: trades only");
    /** Kafka consumer group. */
    public static final Setting KAFKA_GROUP = new Setting("kafka.group", "TICKWIRE_KAFKA_GROUP", "tickwire",
        "a consumer group id", v -> !v.isBlank(), false,
        "Consumer group; engine instances sharing it split the partitions");
    /** Kafka static group membership id. */
    public static final Setting KAFKA_INSTANCE_ID = new Setting("kafka.instance.id", "TICKWIRE_KAFKA_INSTANCE_ID", null,
        "a group instance id, or none", v -> !v.isBlank(), false,
        "Static group member id; unset: host name + data directory (stable across restarts); none: dynamic");
    /** Kafka dead-letter topic. */
    public static final Setting KAFKA_DLQ_TOPIC = new Setting("kafka.dlq.topic", "TICKWIRE_KAFKA_DLQ_TOPIC",
        "trades-dlq", "a Kafka topic name, or none", v -> v.equals("none") || isTopic(v), false,
        "Where invalid records go with their reason in headers; none: counted only");
    /** Timeframes published to Kafka. */
    public static final Setting KAFKA_AGGREGATES = new Setting("kafka.aggregates", "TICKWIRE_KAFKA_AGGREGATES", "1m",
        "a comma-separated list of " + Timeframes.SUPPORTED + ", or none", v -> v.equals("none") || isTimeframes(v),
        false, "Final bars and corrections of these timeframes go to aggregates-<tf> (SBE Bar, key = symbol)");
    /** Kafka poll timeout. */
    public static final Setting KAFKA_POLL_TIMEOUT = new Setting("kafka.poll.timeout", "TICKWIRE_KAFKA_POLL_TIMEOUT",
        "20ms", Durations.ACCEPTS, Settings::isPositiveDuration, false,
        "Longest one Kafka poll waits on the ingest thread (clock ticks wait behind it)");
    /** ClickHouse HTTP URL; unset = off. */
    public static final Setting CLICKHOUSE_URL = new Setting("clickhouse.url", "TICKWIRE_CLICKHOUSE_URL", null,
        "an http(s):// URL", v -> URL.matcher(v).matches(), true, "ClickHouse HTTP endpoint; unset: writer off");
    /** Redis URL; unset = off. */
    public static final Setting REDIS_URL = new Setting("redis.url", "TICKWIRE_REDIS_URL", null,
        "a redis:// URL", v -> URL.matcher(v).matches(), true, "Redis endpoint; unset: cache off");
    /** PostgreSQL JDBC URL; unset = off. */
    public static final Setting POSTGRES_URL = new Setting("postgres.url", "TICKWIRE_POSTGRES_URL", null,
        "a jdbc:postgresql:// or postgresql:// URL", v -> v.startsWith("jdbc:postgresql://") ||
        v.startsWith("postgresql://") || v.startsWith("postgres://"), true, "PostgreSQL endpoint; unset: writer off");
    /** Store writers' batch size. */
    public static final Setting WRITER_BATCH_ROWS = new Setting("writer.batch.rows", "TICKWIRE_WRITER_BATCH_ROWS",
        "250000", "an integer from 1 to 1000000", v -> isIntIn(v, 1, 1_000_000), false,
        "Most rows a store writer sends in one batch (one ClickHouse insert, one PostgreSQL transaction)");
    /** Store writers' batch delay. */
    public static final Setting WRITER_BATCH_DELAY = new Setting("writer.batch.delay", "TICKWIRE_WRITER_BATCH_DELAY",
        "200ms", Durations.ACCEPTS, Settings::isPositiveDuration, false,
        "Longest a journaled row waits for its batch to fill before the writer sends it");
    /** Store read pool. */
    public static final Setting STORE_READ_THREADS = new Setting("store.read.threads",
        "TICKWIRE_STORE_READ_THREADS", "4", "an integer from 1 to 64", v -> isIntIn(v, 1, 64), false,
        "Threads answering /api/historical and /api/trades from the stores (never the event loops)");
    /** Timeframes computed. */
    public static final Setting TIMEFRAMES = new Setting("timeframes", "TICKWIRE_TIMEFRAMES", Timeframes.DEFAULT,
        "a comma-separated list of " + Timeframes.SUPPORTED, Settings::isTimeframes, false,
        "Bar timeframes computed");
    /** Allowed lateness. */
    public static final Setting GRACE = new Setting("grace", "TICKWIRE_GRACE", "5s", Durations.ACCEPTS,
        Settings::isDuration, false, "Allowed lateness behind each symbol's largest timestamp");
    /** Authentication mode. */
    public static final Setting AUTH_MODE = new Setting("auth.mode", "TICKWIRE_AUTH_MODE", "off", "off, dev or jwt",
        v -> v.equals("off") || v.equals("dev") || v.equals("jwt"), false,
        "Authentication of /ws and /api: off, open; dev, tokens from POST /api/auth/token; jwt, HS256 and/or RS256 "
        + "tokens (docs/gateway.md)");
    /** HS256 secret. */
    public static final Setting JWT_SECRET = new Setting("jwt.secret", "TICKWIRE_JWT_SECRET", null,
        "at least 32 characters", v -> v.length() >= 32, true,
        "HS256 secret: jwt mode verifies tokens with it, dev mode signs and verifies with it (unset in dev: random "
        + "per process)");
    /** JWKS URL. */
    public static final Setting JWT_JWKS_URL = new Setting("jwt.jwks.url", "TICKWIRE_JWT_JWKS_URL", null,
        "an http(s):// URL", v -> URL.matcher(v).matches(), false, "JWKS for RS256 tokens in jwt mode");
    /** JWKS refresh period. */
    public static final Setting JWT_JWKS_REFRESH = new Setting("jwt.jwks.refresh", "TICKWIRE_JWT_JWKS_REFRESH", "5m",
        Durations.ACCEPTS, v -> isPositiveDuration(v) && Durations.parseNs(v) >= 1_000_000_000L, false,
        "How often the JWKS is fetched again (also, at most every 30 s, when a token names an unknown kid)");
    /** API requests per second per IP. */
    public static final Setting API_RATE = new Setting("api.rate", "TICKWIRE_API_RATE", "100",
        "an integer from 0 to 1000000", v -> isIntIn(v, 0, 1_000_000), false,
        "/api requests one client IP may make per second, in bursts of as many (429 with Retry-After beyond); 0: "
        + "unlimited");
    /** WebSocket connection attempts per second per IP. */
    public static final Setting WS_CONNECT_RATE = new Setting("ws.connect.rate", "TICKWIRE_WS_CONNECT_RATE", "50",
        "an integer from 0 to 1000000", v -> isIntIn(v, 0, 1_000_000), false,
        "/ws upgrade attempts one client IP may make per second, in bursts of as many (429 before the upgrade "
        + "beyond); 0: unlimited (load tests from one host)");
    /** Engine thread CPU. */
    public static final Setting ENGINE_CPU = new Setting("engine.cpu", "TICKWIRE_ENGINE_CPU", "auto",
        "none, auto (the last CPU) or a CPU number", Settings::isCpu, false, "CPU the engine thread is pinned to");
    /** Ingest thread CPU. */
    public static final Setting INGEST_CPU = new Setting("ingest.cpu", "TICKWIRE_INGEST_CPU", "none",
        "none, auto (the last CPU) or a CPU number", Settings::isCpu, false, "CPU the ingest thread is pinned to");
    /** Engine wait strategy. */
    public static final Setting ENGINE_WAIT = new Setting("engine.wait", "TICKWIRE_ENGINE_WAIT", "block",
        "busy-spin, yield, sleep or block", v -> List.of("busy-spin", "yield", "sleep", "block").contains(v), false,
        "How the engine thread waits for trades (busy-spin takes a whole core)");
    /** Ring slots. */
    public static final Setting RING_SIZE = new Setting("ring.size", "TICKWIRE_RING_SIZE", "65536",
        "a power of two from 1024 to 16777216", v -> isIntIn(v, 1024, 1 << 24) && Integer.bitCount(
        Integer.parseInt(v)) == 1, false, "Slots in the ingest-to-engine ring");
    /** Output ring slots. */
    public static final Setting OUTPUT_RING_SIZE = new Setting("output.ring.size", "TICKWIRE_OUTPUT_RING_SIZE",
        "1048576", "a power of two from 1024 to 16777216", v -> isIntIn(v, 1024, 1 << 24) && Integer.bitCount(
        Integer.parseInt(v)) == 1, false,
        "Slots in the engine-to-gateway output ring (six updates per trade; a consumer behind by more drops updates)");
    /** Bars kept per symbol and timeframe. */
    public static final Setting BAR_HISTORY = new Setting("bar.history", "TICKWIRE_BAR_HISTORY", "1000",
        "an integer from 16 to 100000", v -> isIntIn(v, 16, 100_000), false,
        "Bars kept in memory per symbol and timeframe (current one included), for snapshots");
    /** Most symbols. */
    public static final Setting MAX_SYMBOLS = new Setting("max.symbols", "TICKWIRE_MAX_SYMBOLS", "100000",
        "an integer from 1 to 10000000", v -> isIntIn(v, 1, 10_000_000), false,
        "Most distinct symbols accepted; trades for more are rejected as too_many_symbols");
    /** Journal retention. */
    public static final Setting JOURNAL_RETENTION_DAYS = new Setting("journal.retention.days",
        "TICKWIRE_JOURNAL_RETENTION_DAYS", "2", "an integer from 1 to 3650", v -> isIntIn(v, 1, 3650), false,
        "Whole days of journal kept before today (UTC); older daily files go once a checkpoint covers them");
    /** Checkpoint interval. */
    public static final Setting CHECKPOINT_INTERVAL = new Setting("checkpoint.interval",
        "TICKWIRE_CHECKPOINT_INTERVAL", "10s", Durations.ACCEPTS, Settings::isPositiveDuration, false,
        "Wall time between checkpoints of the bar state");
    /** Checkpoint every N events. */
    public static final Setting CHECKPOINT_EVENTS = new Setting("checkpoint.events", "TICKWIRE_CHECKPOINT_EVENTS",
        "2000000", "an integer from 1000 to 1000000000", v -> isIntIn(v, 1000, 1_000_000_000), false,
        "Events between checkpoints, whichever of interval and count comes first");
    /** Clock tick. */
    public static final Setting CLOCK_TICK = new Setting("clock.tick", "TICKWIRE_CLOCK_TICK", "100ms",
        Durations.ACCEPTS, Settings::isPositiveDuration, false,
        "Interval of the wall-clock ticks that finalise idle bars");
    /** Stats log interval. */
    public static final Setting STATS_INTERVAL = new Setting("stats.interval", "TICKWIRE_STATS_INTERVAL", "10s",
        Durations.ACCEPTS, Settings::isPositiveDuration, false, "Interval of the stats log line");
    /** Synthetic feed seed. */
    public static final Setting FEED_SEED = new Setting("feed.seed", "TICKWIRE_FEED_SEED", "42", "an integer",
        Settings::isLong, false, "Seed of the synthetic feed");
    /** Synthetic feed symbols. */
    public static final Setting FEED_SYMBOLS = new Setting("feed.symbols", "TICKWIRE_FEED_SYMBOLS", "100",
        "an integer from 1 to 100000", v -> isIntIn(v, 1, 100_000), false, "Symbols in the synthetic feed");
    /** Synthetic feed rate. */
    public static final Setting FEED_RATE = new Setting("feed.rate", "TICKWIRE_FEED_RATE", "500",
        "an integer from 1 to 100000000", v -> isIntIn(v, 1, 100_000_000), false,
        "Average trades per second of the synthetic feed (bursts run at 10x)");
    /** Synthetic feed bursts. */
    public static final Setting FEED_BURSTS = new Setting("feed.bursts", "TICKWIRE_FEED_BURSTS", "true",
        "true or false", v -> v.equals("true") || v.equals("false"), false,
        "Whether the synthetic feed has its bursts (blocks at 10x the rate); false: a steady rate");
    /** Synthetic feed count. */
    public static final Setting FEED_COUNT = new Setting("feed.count", "TICKWIRE_FEED_COUNT", null,
        "a positive integer", v -> isLong(v) && Long.parseLong(v) > 0, false,
        "Trades the synthetic feed emits before it stops; unset: no end");
    /** Synthetic feed origin. */
    public static final Setting FEED_ORIGIN = new Setting("feed.origin", "TICKWIRE_FEED_ORIGIN", null,
        "epoch nanoseconds", Settings::isLong, false,
        "Event time of synthetic trade 0; unset: the first start's time, kept in DATA_DIR/feed-origin");

    /** Every key, in documentation order. */
    public static final List<Setting> ALL = List.of(HTTP_PORT, GATEWAY_THREADS, WS_BAR_HISTORY,
        WS_TRADE_BUFFER, WS_MAX_SUBSCRIPTIONS, WS_CONTROL_RATE, WS_HIGH_WATER, WS_SLOW_GRACE,
        DATA_DIR, KAFKA_BOOTSTRAP, KAFKA_TOPIC, KAFKA_QUOTES_TOPIC, KAFKA_GROUP, KAFKA_INSTANCE_ID, KAFKA_DLQ_TOPIC,
        KAFKA_AGGREGATES, KAFKA_POLL_TIMEOUT, CLICKHOUSE_URL, REDIS_URL,
        POSTGRES_URL, WRITER_BATCH_ROWS, WRITER_BATCH_DELAY, STORE_READ_THREADS, TIMEFRAMES, GRACE, AUTH_MODE,
        JWT_SECRET, JWT_JWKS_URL,
        JWT_JWKS_REFRESH, API_RATE, WS_CONNECT_RATE, ENGINE_CPU, INGEST_CPU, ENGINE_WAIT,
        RING_SIZE, OUTPUT_RING_SIZE, BAR_HISTORY, MAX_SYMBOLS, JOURNAL_RETENTION_DAYS, CHECKPOINT_INTERVAL,
        CHECKPOINT_EVENTS,
        CLOCK_TICK, STATS_INTERVAL,
        FEED_SEED, FEED_SYMBOLS, FEED_RATE, FEED_BURSTS, FEED_COUNT, FEED_ORIGIN);

    private Settings()
    {
    }

    private static boolean isIntIn(final String value, final long min, final long max)
    {
        return isLong(value) && Long.parseLong(value) >= min && Long.parseLong(value) <= max;
    }

    private static boolean isLong(final String value)
    {
        try
        {
            Long.parseLong(value.trim());
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static boolean isDuration(final String value)
    {
        try
        {
            Durations.parseNs(value);
            return true;
        }
        catch (final IllegalArgumentException | ArithmeticException ex)
        {
            return false;
        }
    }

    private static boolean isPositiveDuration(final String value)
    {
        return isDuration(value) && Durations.parseNs(value) > 0;
    }

    private static boolean isTimeframes(final String value)
    {
        try
        {
            Timeframes.parse(value);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static boolean isTopic(final String value)
    {
        return TOPIC.matcher(value).matches();
    }

    private static boolean isCpu(final String value)
    {
        return value.equals("none") || value.equals("auto") || isIntIn(value, 0, 4095);
    }
}
