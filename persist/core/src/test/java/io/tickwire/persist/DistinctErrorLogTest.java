package io.tickwire.persist;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DistinctErrorLogTest
{
    @Test
    void shouldLogEachDistinctFailureOncePerOutage()
    {
        final DistinctErrorLog log = new DistinctErrorLog(LoggerFactory.getLogger(DistinctErrorLogTest.class), "t");
        assertThat(log.onFailure("write", "IOException: refused")).isTrue();
        for (int i = 0; i < 1_000; i++)
        {
            assertThat(log.onFailure("write", "IOException: refused")).isFalse();
        }
        assertThat(log.onFailure("open", "IOException: refused")).isTrue();
        assertThat(log.failures()).isEqualTo(1_002);
        log.onRecovered();
        assertThat(log.failures()).isZero();
        assertThat(log.onFailure("write", "IOException: refused")).as("a new outage is logged").isTrue();
    }

    @Test
    void shouldKeepCredentialsOutOfFailureMessages()
    {
        final Exception error = new IOException("insert into http://writer:Sup3r@db:8123/?user=w&password=Sup3r " +
            "failed", new SQLException("FATAL: password authentication failed; token=abc.def"));
        final String text = DistinctErrorLog.describe(error);
        assertThat(text).doesNotContain("Sup3r").doesNotContain("abc.def").doesNotContain("writer:")
            .contains("IOException", "SQLException", "db:8123", "password authentication failed");
    }
}
