package io.tickwire.persist.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly once through kill -9: a child JVM writes batches through {@link PostgresTradeSink} and is killed with
 * SIGKILL at a random instant, again and again; after every kill the store holds each seq 0..lastWrittenSeq exactly
 * once and daily_ohlc counts exactly the stored trades.
 */
@Timeout(120)
class PostgresTradeSinkKillTest
{
    private static final int ROUNDS = Integer.getInteger("tickwire.kills", 4);

    @Test
    void shouldHoldEverySeqExactlyOnceAfterEachKillNine() throws Exception
    {
        try (PostgresStore store = TestDatabase.freshStore("t_kill", ""))
        {
            store.migrate();
            final String url = TestDatabase.baseUrl() + (TestDatabase.baseUrl().contains("?") ? "&" : "?")
                + "currentSchema=t_kill&timescale=off";
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long previous = -1;
            for (int round = 0; round < ROUNDS; round++)
            {
                final Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillNineWriter.class.getName(), url).redirectErrorStream(true)
                    .redirectOutput(new File("target/kill-nine-writer.log")).start();
                final long lastBefore = lastWrittenSeq(store);
                // Kill once it has written something beyond the previous round, at a random instant.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (lastWrittenSeq(store) == lastBefore && System.nanoTime() < deadline && child.isAlive())
                {
                    Thread.sleep(20);
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 150));
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

                final long last = lastWrittenSeq(store);
                assertThat(last).as("round %d moved on", round).isGreaterThan(previous);
                assertThat(one(store, "SELECT count(*) || '|' || count(DISTINCT seq) || '|' || coalesce(min(seq), -1) "
                    + "|| '|' || coalesce(max(seq), -1) FROM trades"))
                    .isEqualTo((last + 1) + "|" + (last + 1) + "|0|" + last);
                assertThat(one(store, "SELECT coalesce(sum(trade_count), 0)::text FROM daily_ohlc"))
                    .isEqualTo(Long.toString(last + 1));
                previous = last;
            }
        }
    }

    private static long lastWrittenSeq(final PostgresStore store) throws Exception
    {
        final String seq = one(store, "SELECT coalesce(max(seq), -1)::text FROM writer_positions");
        return Long.parseLong(seq);
    }

    private static String one(final PostgresStore store, final String sql) throws Exception
    {
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            rs.next();
            return rs.getString(1);
        }
    }
}
