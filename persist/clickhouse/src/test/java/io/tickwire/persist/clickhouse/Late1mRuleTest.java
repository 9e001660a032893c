package io.tickwire.persist.clickhouse;

import org.junit.jupiter.api.Test;

import static io.tickwire.persist.clickhouse.ClickHouseTradeSink.isLate1m;
import static org.assertj.core.api.Assertions.assertThat;

class Late1mRuleTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long GRACE = 5 * SECOND;
    private static final long T0 = 1_700_000_040L * SECOND;

    @Test
    void shouldCallATradeLateExactlyWhenItsMinuteEndsAtOrBeforeTheWatermark()
    {
        // minute [T0, T0 + 1m); watermark = max before - grace
        assertThat(isLate1m(T0, T0 + MINUTE + GRACE, GRACE)).isTrue();
        assertThat(isLate1m(T0 + MINUTE - 1, T0 + MINUTE + GRACE, GRACE)).isTrue();
        assertThat(isLate1m(T0 + MINUTE - 1, T0 + MINUTE + GRACE - 1, GRACE)).isFalse();
        assertThat(isLate1m(T0 + MINUTE, T0 + MINUTE + GRACE, GRACE)).isFalse();
        assertThat(isLate1m(T0 - 1, T0, 0)).isTrue();
        assertThat(isLate1m(T0 - 1, T0, 1)).isFalse();
    }

    @Test
    void shouldNeverCallTheFirstTradeOfASymbolLate()
    {
        assertThat(isLate1m(0, Long.MIN_VALUE, GRACE)).isFalse();
        assertThat(isLate1m(T0, Long.MIN_VALUE, 0)).isFalse();
    }

    @Test
    void shouldSaturateInsteadOfOverflowing()
    {
        // the last window's end saturates at Long.MAX_VALUE, the watermark at Long.MIN_VALUE
        assertThat(isLate1m(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, 0)).isFalse();
        assertThat(isLate1m(Long.MAX_VALUE - 1, Long.MAX_VALUE, 0)).isTrue();
        assertThat(isLate1m(T0, T0 + MINUTE, Long.MAX_VALUE)).isFalse();
    }
}
