package io.tickwire.codecs;

import java.math.BigDecimal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalDoublesTest
{
    /** Below this many mantissa units (2^26 in price) doubles are spaced closer than 10^-8. */
    private static final long UNIQUE_LIMIT = (1L << 26) * FixedPoint.SCALE;

    @Property(tries = 3000)
    void shouldGiveTheDoubleThatJavaScriptParsesFromTheDecimalText(
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000_000L) final long mantissa)
    {
        final String text = BigDecimal.valueOf(mantissa, 8).toPlainString();

        assertThat(DecimalDoubles.toDouble(mantissa)).isEqualTo(Double.parseDouble(text));
        assertThat(DecimalDoubles.toDouble(-mantissa)).isEqualTo(-Double.parseDouble(text));
    }

    @Property(tries = 3000)
    void shouldRecoverTheMantissaWhereDoublesAreDenseEnough(
        @ForAll @LongRange(min = 1, max = UNIQUE_LIMIT - 1) final long mantissa)
    {
        assertThat(DecimalDoubles.toMantissa(DecimalDoubles.toDouble(mantissa))).isEqualTo(mantissa);
    }

    @Property(tries = 2000)
    void shouldRecoverTheNearestMantissaAboveThat(
        @ForAll @LongRange(min = UNIQUE_LIMIT, max = 1_000_000_000_000_000_000L) final long mantissa)
    {
        final double value = DecimalDoubles.toDouble(mantissa);
        final long recovered = DecimalDoubles.toMantissa(value);

        // Exact: the recovered mantissa is the one nearest to the double's exact value.
        final BigDecimal exact = new BigDecimal(value).movePointRight(8);
        assertThat(exact.subtract(BigDecimal.valueOf(recovered)).abs()).isLessThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(DecimalDoubles.toDouble(recovered)).isEqualTo(value);
    }

    @Test
    void shouldHandleEdgesWithoutThrowing()
    {
        assertThat(DecimalDoubles.toDouble(1L << 53)).isEqualTo(Double.parseDouble("90071992.54740992"));
        assertThat(DecimalDoubles.toDouble((1L << 53) + 1)).isEqualTo(Double.parseDouble("90071992.54740993"));
        assertThat(DecimalDoubles.toDouble(Long.MAX_VALUE)).isEqualTo(Double.parseDouble("92233720368.54775807"));
        assertThat(DecimalDoubles.toMantissa(Double.NaN)).isEqualTo(FixedPoint.INVALID);
        assertThat(DecimalDoubles.toMantissa(Double.POSITIVE_INFINITY)).isEqualTo(FixedPoint.INVALID);
        assertThat(DecimalDoubles.toMantissa(1e12)).isEqualTo(FixedPoint.INVALID);
        assertThat(DecimalDoubles.toMantissa(150.25)).isEqualTo(15_025_000_000L);
        assertThat(DecimalDoubles.toMantissa(0.00000001)).isEqualTo(1);
        assertThat(DecimalDoubles.toMantissa(-2.5)).isEqualTo(-250_000_000L);
    }
}
