package io.tickwire.codecs;

import java.time.Instant;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest
{
    @Test
    void shouldParseIsoWithUpToNineFractionalDigits()
    {
        assertThat(Timestamps.parse("1970-01-01T00:00:00Z")).isZero();
        assertThat(Timestamps.parse("2024-02-29T23:59:59.123456789Z")).isEqualTo(
            Instant.parse("2024-02-29T23:59:59.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L);
        assertThat(Timestamps.parse("2024-03-01T00:00:00.5Z")).isEqualTo(1_709_251_200_500_000_000L);
        assertThat(Timestamps.parse("1969-12-31T23:59:59.9Z")).isEqualTo(-100_000_000L);
    }

    @Test
    void shouldParseEpochNanoseconds()
    {
        assertThat(Timestamps.parse("1709251200500000000")).isEqualTo(1_709_251_200_500_000_000L);
        assertThat(Timestamps.parse("-5")).isEqualTo(-5L);
    }

    @Test
    void shouldRejectMalformedInstants()
    {
        for (final String bad : new String[]{"", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567891Z",
            "2024-01-01 00:00:00Z", "2024-01-01T00:00:00+01:00", "3000-01-01T00:00:00Z", "12a",
            "99999999999999999999", "1.5"})
        {
            assertThat(Timestamps.parse(bad)).as(bad).isEqualTo(Timestamps.INVALID);
        }
    }

    @Property(tries = 2000)
    void shouldPrintWhatJavaTimePrintsAndParseItBack(
        @ForAll @LongRange(min = -9_000_000_000_000_000_000L, max = 9_000_000_000_000_000_000L) final long nanos)
    {
        final String iso = Timestamps.toIso(nanos);
        final Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
            Math.floorMod(nanos, 1_000_000_000L));
        assertThat(Instant.parse(iso)).isEqualTo(instant);
        assertThat(Timestamps.parse(iso)).isEqualTo(nanos);
    }
}
