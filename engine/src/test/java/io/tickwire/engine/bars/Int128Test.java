package io.tickwire.engine.bars;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Int128} against {@link BigInteger}: sums of products modulo 2^128 and half-even division.
 */
class Int128Test
{
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    private static BigInteger unsigned(final long word)
    {
        return word >= 0 ? BigInteger.valueOf(word) : BigInteger.valueOf(word).add(TWO_64);
    }

    private static BigInteger value(final long high, final long low)
    {
        return unsigned(high).shiftLeft(64).add(unsigned(low));
    }

    private static long expectedQuotient(final BigInteger dividend, final long divisor)
    {
        return new BigDecimal(dividend).divide(BigDecimal.valueOf(divisor), 0, RoundingMode.HALF_EVEN)
            .longValueExact();
    }

    private static long quotient(final BigInteger dividend, final long divisor)
    {
        return Int128.divideRoundHalfEven(dividend.shiftRight(64).longValue(), dividend.longValue(), divisor);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Long, Long>>> marketProducts()
    {
        final Arbitrary<Long> prices = Arbitraries.oneOf(
            Arbitraries.longs().between(1, 1_000_000_000_000_000_000L),
            Arbitraries.longs().between(1_000_000_000_000_000_000L - 1_000, 1_000_000_000_000_000_000L));
        final Arbitrary<Long> volumes = Arbitraries.oneOf(
            Arbitraries.longs().between(1, 1_000_000_000_000L),
            Arbitraries.longs().between(1_000_000_000_000L - 1_000, 1_000_000_000_000L));
        return Combinators.combine(prices, volumes).as(Tuple::of).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void shouldSumMarketProductsExactly(@ForAll("marketProducts") final List<Tuple.Tuple2<Long, Long>> products)
    {
        long high = 0;
        long low = 0;
        BigInteger expected = BigInteger.ZERO;
        for (final Tuple.Tuple2<Long, Long> product : products)
        {
            final long a = product.get1();
            final long b = product.get2();
            high = Int128.addProductHigh(high, low, a, b);
            low = Int128.addProductLow(low, a, b);
            expected = expected.add(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
        }
        assertThat(value(high, low)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void shouldSumAnyNonNegativeProductsModulo2To128(
        @ForAll @Size(max = 50) final List<@LongRange(min = 0) Long> factors,
        @ForAll final long startHigh,
        @ForAll final long startLow)
    {
        long high = startHigh;
        long low = startLow;
        BigInteger expected = value(startHigh, startLow);
        for (int i = 0; i + 1 < factors.size(); i += 2)
        {
            final long a = factors.get(i);
            final long b = factors.get(i + 1);
            high = Int128.addProductHigh(high, low, a, b);
            low = Int128.addProductLow(low, a, b);
            expected = expected.add(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))).mod(TWO_128);
        }
        assertThat(value(high, low)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Long> divisors()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(1, 1_000),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.longs().between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE),
            Arbitraries.integers().between(1, 62).map(k -> 1L << k),
            Arbitraries.integers().between(1, 62).map(k -> (1L << k) - 1),
            Arbitraries.integers().between(1, 62).map(k -> (1L << k) + 1),
            Arbitraries.longs().between(1_000_000_000_000L, 1_000_000_000_000_000L));
    }

    @Provide
    Arbitrary<Long> quotients()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(0, 1_000),
            Arbitraries.longs().between(0, Long.MAX_VALUE - 1),
            Arbitraries.longs().between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE - 1),
            Arbitraries.longs().between(1, 1_000_000_000_000_000_000L));
    }

    @Property(tries = 3_000)
    void shouldDivideRoundingHalfToEven(
        @ForAll("divisors") final long divisor,
        @ForAll("quotients") final long q,
        @ForAll @LongRange(min = 0) final long anyRemainder)
    {
        final long remainder = anyRemainder % divisor;
        final BigInteger dividend = BigInteger.valueOf(q).multiply(BigInteger.valueOf(divisor))
            .add(BigInteger.valueOf(remainder));

        assertThat(quotient(dividend, divisor)).isEqualTo(expectedQuotient(dividend, divisor));
    }

    @Property(tries = 1_000)
    void shouldRoundExactHalvesToTheEvenQuotient(
        @ForAll("divisors") final long anyDivisor,
        @ForAll("quotients") final long q)
    {
        final long divisor = anyDivisor == 1 ? 2 : anyDivisor & ~1L;
        final BigInteger dividend = BigInteger.valueOf(q).multiply(BigInteger.valueOf(divisor))
            .add(BigInteger.valueOf(divisor / 2));

        final long expected = (q & 1) == 0 ? q : q + 1;
        assertThat(quotient(dividend, divisor)).isEqualTo(expected);
        assertThat(quotient(dividend.subtract(BigInteger.ONE), divisor)).isEqualTo(q);
        assertThat(quotient(dividend.add(BigInteger.ONE), divisor)).isEqualTo(q + 1);
    }

    @Property(tries = 500)
    void shouldReturnTheDividendForDivisorOne(@ForAll("quotients") final long low)
    {
        assertThat(Int128.divideRoundHalfEven(0, low, 1)).isEqualTo(low);
    }

    @Property(tries = 500)
    void shouldDivideVwapSumsOfMarketTrades(@ForAll("marketProducts") final List<Tuple.Tuple2<Long, Long>> trades)
    {
        long high = 0;
        long low = 0;
        long volume = 0;
        for (final Tuple.Tuple2<Long, Long> trade : trades)
        {
            high = Int128.addProductHigh(high, low, trade.get1(), trade.get2());
            low = Int128.addProductLow(low, trade.get1(), trade.get2());
            volume += trade.get2();
        }
        if (volume > 0)
        {
            assertThat(Int128.divideRoundHalfEven(high, low, volume))
                .isEqualTo(expectedQuotient(value(high, low), volume));
        }
    }

    @Example
    void shouldHandleDivisorsNearTwoToThe63()
    {
        final long max = Long.MAX_VALUE;
        // (2^63 - 2) * (2^63 - 1) + (2^62 - 1): just under half, rounds down.
        BigInteger dividend = BigInteger.valueOf(max - 1).multiply(BigInteger.valueOf(max))
            .add(BigInteger.valueOf(max / 2));
        assertThat(quotient(dividend, max)).isEqualTo(max - 1);
        // One more is over half: rounds up to 2^63 - 1.
        dividend = dividend.add(BigInteger.ONE);
        assertThat(quotient(dividend, max)).isEqualTo(max);
        // The largest remainder on the largest quotient that still rounds into 63 bits.
        dividend = BigInteger.valueOf(max - 1).multiply(BigInteger.valueOf(max)).add(BigInteger.valueOf(max - 1));
        assertThat(quotient(dividend, max)).isEqualTo(max);
        assertThat(quotient(BigInteger.ZERO, max)).isZero();
        assertThat(quotient(BigInteger.valueOf(max / 2), max)).isZero();
        assertThat(quotient(BigInteger.valueOf(max / 2 + 1), max)).isEqualTo(1);
    }

    @Example
    void shouldRoundSmallTiesToEven()
    {
        assertThat(Int128.divideRoundHalfEven(0, 1, 2)).isZero();
        assertThat(Int128.divideRoundHalfEven(0, 3, 2)).isEqualTo(2);
        assertThat(Int128.divideRoundHalfEven(0, 5, 2)).isEqualTo(2);
        assertThat(Int128.divideRoundHalfEven(0, 7, 2)).isEqualTo(4);
        assertThat(Int128.divideRoundHalfEven(0, 4, 3)).isEqualTo(1);
        assertThat(Int128.divideRoundHalfEven(0, 5, 3)).isEqualTo(2);
        assertThat(Int128.divideRoundHalfEven(0, -1L, 1L << 62)).isEqualTo(4);
    }
}
