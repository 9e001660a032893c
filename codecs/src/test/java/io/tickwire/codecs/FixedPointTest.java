package io.tickwire.codecs;

import java.math.BigDecimal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixedPointTest
{
    @Test
    void shouldParseByValueIncludingTrailingZerosAndExponents()
    {
        assertThat(FixedPoint.parse("150.25")).isEqualTo(15_025_000_000L);
        assertThat(FixedPoint.parse("0.00000001")).isEqualTo(1L);
        assertThat(FixedPoint.parse("1.50000000000")).isEqualTo(150_000_000L);
        assertThat(FixedPoint.parse("0001.5")).isEqualTo(150_000_000L);
        assertThat(FixedPoint.parse("1.5e2")).isEqualTo(15_000_000_000L);
        assertThat(FixedPoint.parse("15E-1")).isEqualTo(150_000_000L);
        assertThat(FixedPoint.parse(".5")).isEqualTo(50_000_000L);
        assertThat(FixedPoint.parse("-2")).isEqualTo(-200_000_000L);
        assertThat(FixedPoint.parse("10000000000")).isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void shouldRejectTextThatIsNotAnExactScaledDecimal()
    {
        for (final String bad : new String[]{"", "-", ".", "abc", "NaN", "Infinity", "1.000000001", "1e400", "1e-9",
            "1..2", "1.2.3", " 1", "1 ", "1e", "1e+", "0x10", "100000000000000000000", "92233720368.54775808"})
        {
            assertThat(FixedPoint.parse(bad)).as(bad).isEqualTo(FixedPoint.INVALID);
        }
    }

    @Test
    void shouldPrintEveryLongButParseOnlyEighteenSignificantDigits()
    {
        assertThat(FixedPoint.toString(Long.MAX_VALUE)).isEqualTo("92233720368.54775807");
        assertThat(FixedPoint.parse("92233720368.54775807")).isEqualTo(FixedPoint.INVALID);
    }

    @Test
    void shouldPrintPlainWithoutTrailingZeros()
    {
        assertThat(FixedPoint.toString(15_000_000_000L)).isEqualTo("150");
        assertThat(FixedPoint.toString(15_025_000_000L)).isEqualTo("150.25");
        assertThat(FixedPoint.toString(1L)).isEqualTo("0.00000001");
        assertThat(FixedPoint.toString(0L)).isEqualTo("0");
        assertThat(FixedPoint.toString(-150_000_000L)).isEqualTo("-1.5");
        assertThat(FixedPoint.toString(Long.MIN_VALUE)).isEqualTo("-92233720368.54775808");
    }

    @Property(tries = 2000)
    void shouldRoundTripEveryMantissaThroughBothPrinters(
        @ForAll @LongRange(min = -1_000_000_000_000_000_000L, max = 1_000_000_000_000_000_000L) final long mantissa)
    {
        final String text = FixedPoint.toString(mantissa);
        assertThat(text).isEqualTo(new BigDecimal(mantissa).movePointLeft(8).stripTrailingZeros().toPlainString());
        assertThat(FixedPoint.parse(text)).isEqualTo(mantissa);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[FixedPoint.MAX_TEXT_LENGTH]);
        final int length = FixedPoint.put(mantissa, buffer, 0);
        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo(text);
        assertThat(FixedPoint.parse(new AsciiSequence().wrap(buffer, 0, length), 0, length))
            .isEqualTo(mantissa);
    }

    @Property(tries = 1000)
    void shouldConvertToTheDoubleWhoseShortestTextIsTheDecimal(
        @ForAll @LongRange(min = 1, max = (1L << 26) * FixedPoint.SCALE) final long mantissa)
    {
        final double value = FixedPoint.toDouble(mantissa);
        assertThat(new BigDecimal(Double.toString(value)).compareTo(BigDecimal.valueOf(mantissa, 8))).isZero();
    }
}
