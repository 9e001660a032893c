package io.tickwire.persist;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WriterSettingsTest
{
    @Test
    void shouldDefaultToFiftyThousandRowsTwoHundredMillisAndBackoffFromAHundredMillisToFiveSeconds()
    {
        final WriterSettings settings = WriterSettings.defaults();
        assertThat(settings.batchRows()).isEqualTo(250_000);
        assertThat(settings.batchDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.minBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRejectBatchesAClickHouseInsertCouldSplitAndNonsensicalWaits()
    {
        final WriterSettings ok = WriterSettings.defaults();
        assertThat(ok.withBatchRows(1_000_000).batchRows()).isEqualTo(1_000_000);
        assertThatIllegalArgumentException().isThrownBy(() -> ok.withBatchRows(1_000_001))
            .withMessageContaining("batchRows must be 1..1000000");
        assertThatIllegalArgumentException().isThrownBy(() -> ok.withBatchRows(0));
        assertThatIllegalArgumentException().isThrownBy(() -> ok.withBatchDelay(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> ok.withBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> ok.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .withMessageContaining("maxBackoff");
    }

    @Test
    void shouldDoubleTheBackoffUpToTheMaximumAndStartAgainAfterASuccess()
    {
        final Backoff backoff = new Backoff(WriterSettings.defaults());
        final long[] waitsMs = new long[8];
        for (int i = 0; i < waitsMs.length; i++)
        {
            waitsMs[i] = backoff.next() / 1_000_000;
        }
        assertThat(waitsMs).containsExactly(100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(100_000_000L);
    }

    @Test
    void shouldHoldAttemptsBackUntilTheWaitAfterAFailureIsOver()
    {
        final Backoff backoff = new Backoff(WriterSettings.defaults());
        assertThat(backoff.waiting(0)).as("nothing failed").isFalse();
        backoff.failed(1_000);
        assertThat(backoff.waiting(1_000 + 99_999_999L)).as("inside the first 100 ms wait").isTrue();
        assertThat(backoff.waiting(1_000 + 100_000_000L)).as("the wait is over").isFalse();
        backoff.failed(2_000_000_000L);
        assertThat(backoff.waiting(2_000_000_000L + 199_999_999L)).as("the second wait doubled").isTrue();
        assertThat(backoff.waiting(2_000_000_000L + 200_000_000L)).isFalse();
    }
}
