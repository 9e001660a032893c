package io.tickwire.app;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} with all three stores, killed with -9 twice while its writers are writing, then run to the end of
 * its tape: ClickHouse and PostgreSQL hold every trade exactly once, their final 1m bars (and ClickHouse's
 * {@code ohlc_1m}) equal the offline bars of the same trades, and Redis holds every symbol's latest price. Real
 * servers on their usual ports (scripts/test.sh starts them); each run in its own database, schema and Redis db.
 */
class StoresIT
{
    private static final long TRADES = 240_000;
    private static final int SYMBOLS = 40;
    private static final String SEED = "11";
    private static final String CH = System.getProperty("tickwire.clickhouse.http", "http://127.0.0.1:8123");
    private static final String PG = System.getProperty("tickwire.postgres.jdbc",
        "jdbc:postgresql://127.0.0.1:5432/tickwire_test");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Timeout(600)
    void shouldHoldEveryTradeOnceAndTheEngineBarsInEveryStoreAfterKills(@TempDir final Path dir) throws Exception
    {
        StoreServers.require();
        final String run = "it" + Long.toString(System.nanoTime() & 0xFFFFFFFL, 36);
        final String chDatabase = "tickwire_" + run;
        try (Connection pg = DriverManager.getConnection(PG, "tickwire", "tickwire");
            Statement st = pg.createStatement())
        {
            st.execute("CREATE SCHEMA " + run);
        }
        final int redisDb = 14;
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/" + redisDb);
            StatefulRedisConnection<String, String> redis = client.connect())
        {
            redis.sync().flushdb();
        }

        final Path tape = dir.resolve("tape.csv");
        final long origin = (System.currentTimeMillis() / 1000 + 1) * 1_000_000_000L;
        // 20 s of tape: the two killed runs (each ready + 1.5-3 s) must end before it does, even where a JVM takes
        // seconds to start, so that the last run writes the last prices. Prices expire 5 s after their last write: had
        // a killed run written them, they could be gone by the time the last run reports the feed finished.
        final String rate = "12000";
        assertThat(TickwireProcess.run(dir.resolve("synth.log"), "synth", "--seed", SEED, "--symbols",
            Integer.toString(SYMBOLS), "--rate", rate, "--origin", Long.toString(origin), "--count",
            Long.toString(TRADES), "--out", tape.toString())).isZero();
        final String[] serve = {"serve", "--data-dir", dir.resolve("data").toString(),
            "--set", "feed.count=" + TRADES, "--set", "feed.origin=" + origin, "--set", "feed.rate=" + rate,
            "--set", "feed.symbols=" + SYMBOLS, "--set", "feed.seed=" + SEED, "--set", "timeframes=1s,1m",
            "--set", "checkpoint.interval=250ms", "--set", "engine.cpu=none", "--set", "stats.interval=1s",
            "--set", "writer.batch.rows=20000", "--set", "writer.batch.delay=100ms",
            "--set", "clickhouse.url=" + CH + "/?database=" + chDatabase,
            "--set", "postgres.url=postgresql://tickwire:tickwire@127.0.0.1:5432/tickwire_test?currentSchema=" + run,
            "--set", "redis.url=redis://127.0.0.1:6379/" + redisDb};

        final Random random = new Random();
        final Path log = dir.resolve("serve.log");
        for (int kill = 0; kill < 2; kill++)
        {
            final TickwireProcess process = TickwireProcess.start(log, serve);
            assertThat(process.awaitLog("\"event\":\"ready\"", 60_000)).as("serve became ready").isTrue();
            Thread.sleep(1_500 + random.nextInt(1_500));
            process.kill9();
            Files.writeString(log, Files.readString(log).replace("\"event\":\"ready\"", "\"event\":\"was-ready\"")
                .replace("\"event\":\"feed_exhausted\"", "\"event\":\"was-feed_exhausted\""));
        }
        final TickwireProcess last = TickwireProcess.start(log, serve);
        assertThat(last.awaitLog("\"event\":\"feed_exhausted\"", 120_000)).as("feed finished").isTrue();

        // Redis first: prices expire 5 s after their last write.
        final Map<String, String> lastPrice = lastPriceBySymbol(tape);
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/" + redisDb);
            StatefulRedisConnection<String, String> redis = client.connect())
        {
            final long deadline = System.currentTimeMillis() + 4_000;
            Map<String, String> cached = Map.of();
            while (System.currentTimeMillis() < deadline)
            {
                cached = new HashMap<>();
                for (final String symbol : lastPrice.keySet())
                {
                    final String price = redis.sync().hget("price:" + symbol, "price");
                    if (price != null)
                    {
                        cached.put(symbol, decimal(price));
                    }
                }
                if (cached.equals(lastPrice))
                {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(cached).as("price:{SYMBOL} of every symbol = its last trade").isEqualTo(lastPrice);
        }

        final long deadline = System.currentTimeMillis() + 120_000;
        String chCounts = "";
        long pgCount = -1;
        while (System.currentTimeMillis() < deadline)
        {
            chCounts = clickhouse("SELECT count(), uniqExact(seq), min(seq), max(seq) FROM " + chDatabase
                + ".trades WHERE source = 0");
            pgCount = pgLong("SELECT count(*) FROM " + run + ".trades");
            if (chCounts.startsWith(TRADES + "\t") && pgCount == TRADES)
            {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(chCounts).as("ClickHouse: every trade once").isEqualTo(TRADES + "\t" + TRADES + "\t0\t"
            + (TRADES - 1));
        assertThat(pgCount).as("PostgreSQL: every trade").isEqualTo(TRADES);
        assertThat(pgLong("SELECT count(DISTINCT seq) FROM " + run + ".trades")).as("PostgreSQL: once")
            .isEqualTo(TRADES);

        final Path offline = dir.resolve("bars.csv");
        assertThat(TickwireProcess.run(dir.resolve("bars.log"), "bars", "--trades", tape.toString(), "--tf", "1m",
            "--out", offline.toString())).isZero();
        final Set<String> expected = offlineBars(offline);
        // The tape lasts 20 s: when a minute ends late in it, the event-time watermark never passes that minute's end
        // plus the 5 s grace, and its bars become final only by the wall clock a few seconds after the feed ended.
        // Serve keeps running until both stores hold them (or the deadline passes and the assertions below say so).
        final long barsDeadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < barsDeadline &&
            (Long.parseLong(clickhouse("SELECT count() FROM " + chDatabase + ".bars FINAL WHERE tf = '1m'").trim()) <
                expected.size() - SYMBOLS ||
            pgLong("SELECT count(*) FROM " + run + ".bars WHERE tf = '1m'") < expected.size() - SYMBOLS))
        {
            Thread.sleep(250);
        }
        assertThat(last.terminate()).isIn(0, 143);
        final Set<String> chBars = rows(clickhouse("SELECT symbol, start, open, high, low, close, volume, count, vwap"
            + " FROM " + chDatabase + ".bars FINAL WHERE tf = '1m'"));
        final Set<String> chOhlc = rows(clickhouse("SELECT symbol, start, open, high, low, close, volume, count"
            + " FROM " + chDatabase + ".ohlc_1m_merged"));
        final Set<String> pgBars = pgRows("SELECT symbol, (extract(epoch FROM start) * 1000000)::bigint * 1000, "
            + "open, high, low, close, volume, count, vwap FROM " + run + ".bars WHERE tf = '1m'");
        // The last window of each symbol may still be open when serve stops; every final bar stored must match.
        assertThat(expected).containsAll(chBars);
        assertThat(expected).containsAll(pgBars);
        assertThat(chBars.size()).as("ClickHouse final 1m bars").isGreaterThanOrEqualTo(expected.size() - SYMBOLS);
        assertThat(pgBars).as("PostgreSQL bars = ClickHouse bars").isEqualTo(chBars);
        assertThat(withoutVwap(expected)).as("ohlc_1m (materialized view over trades) = engine bars")
            .isEqualTo(chOhlc);

        clickhouse("DROP DATABASE IF EXISTS " + chDatabase);
        try (Connection pg = DriverManager.getConnection(PG, "tickwire", "tickwire");
            Statement st = pg.createStatement())
        {
            st.execute("DROP SCHEMA " + run + " CASCADE");
        }
    }

    private static Map<String, String> lastPriceBySymbol(final Path tape) throws Exception
    {
        final List<String> lines = Files.readAllLines(tape);
        final String[] header = lines.get(0).split(",");
        final int symbol = List.of(header).indexOf("symbol");
        final int price = List.of(header).indexOf("price");
        final Map<String, String> last = new HashMap<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            final String[] cells = line.split(",", -1);
            last.put(cells[symbol], decimal(cells[price]));
        }
        return last;
    }

    /** Offline bars as "symbol|start ns|o|h|l|c|v|n|vwap". */
    private static Set<String> offlineBars(final Path csv) throws Exception
    {
        final Set<String> bars = new HashSet<>();
        final List<String> lines = Files.readAllLines(csv);
        for (final String line : lines.subList(1, lines.size()))
        {
            final String[] c = line.split(",", -1);
            final Instant start = Instant.parse(c[2]);
            bars.add(String.join("|", c[0], Long.toString(start.getEpochSecond() * 1_000_000_000L + start.getNano()),
                decimal(c[3]), decimal(c[4]), decimal(c[5]), decimal(c[6]), c[7], c[8], decimal(c[9])));
        }
        return bars;
    }

    private static Set<String> withoutVwap(final Set<String> bars)
    {
        final Set<String> out = new HashSet<>();
        for (final String bar : bars)
        {
            out.add(bar.substring(0, bar.lastIndexOf('|')));
        }
        return out;
    }

    private static Set<String> rows(final String tsv)
    {
        final Set<String> rows = new HashSet<>();
        for (final String line : tsv.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] c = line.split("\t", -1);
            final StringBuilder row = new StringBuilder(c[0]).append('|').append(c[1]);
            for (int i = 2; i < c.length; i++)
            {
                row.append('|').append(decimal(c[i]));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static Set<String> pgRows(final String sql) throws Exception
    {
        final StringBuilder tsv = new StringBuilder();
        try (Connection pg = DriverManager.getConnection(PG, "tickwire", "tickwire");
            Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            final int columns = rs.getMetaData().getColumnCount();
            while (rs.next())
            {
                for (int i = 1; i <= columns; i++)
                {
                    tsv.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                tsv.append('\n');
            }
        }
        return rows(tsv.toString());
    }

    private static long pgLong(final String sql) throws Exception
    {
        try (Connection pg = DriverManager.getConnection(PG, "tickwire", "tickwire");
            Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String decimal(final String text)
    {
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private static String clickhouse(final String sql) throws Exception
    {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(CH + "/"))
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IllegalStateException("ClickHouse: " + response.body());
        }
        return response.body().trim();
    }
}
