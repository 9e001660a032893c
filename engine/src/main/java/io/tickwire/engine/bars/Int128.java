package io.tickwire.engine.bars;

/**
 * Unsigned 128-bit arithmetic on (high, low) long pairs: enough to sum price × volume exactly (each product is
 * below 10^18 × 10^12 = 10^30 &lt; 2^100) and to divide the sum by total volume with half-even rounding.
 * <p>
 * Stateless and thread-safe; allocation-free.
 */
public final class Int128
{
    private static final long BASE = 1L << 32;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    private Int128()
    {
    }

    /**
     * Low word of {@code (high, low) + a × b} for non-negative {@code a} and {@code b}.
     *
     * @param low the sum's low word.
     * @param a   first factor, &ge; 0.
     * @param b   second factor, &ge; 0.
     * @return the new low word.
     */
    public static long addProductLow(final long low, final long a, final long b)
    {
        return low + a * b;
    }

    /**
     * High word of {@code (high, low) + a × b} for non-negative {@code a} and {@code b}.
     *
     * @param high the sum's high word.
     * @param low  the sum's low word, before the addition.
     * @param a    first factor, &ge; 0.
     * @param b    second factor, &ge; 0.
     * @return the new high word.
     */
    public static long addProductHigh(final long high, final long low, final long a, final long b)
    {
        final long productLow = a * b;
        final long carry = Long.compareUnsigned(low + productLow, low) < 0 ? 1 : 0;
        return high + Math.multiplyHigh(a, b) + carry;
    }

    /**
     * {@code (high, low) / divisor} rounded half to even, for a quotient that fits in 63 bits.
     *
     * @param high    dividend high word, unsigned, less than {@code divisor}.
     * @param low     dividend low word, unsigned.
     * @param divisor positive.
     * @return the rounded quotient.
     */
    public static long divideRoundHalfEven(final long high, final long low, final long divisor)
    {
        // Knuth's algorithm D for a 2-word by 1-word division in base 2^32 (Hacker's Delight, divlu).
        final int shift = Long.numberOfLeadingZeros(divisor);
        final long v = divisor << shift;
        final long vn1 = v >>> 32;
        final long vn0 = v & LOW_32;
        final long un32 = (high << shift) | (shift == 0 ? 0 : low >>> (64 - shift));
        final long un10 = low << shift;
        final long un1 = un10 >>> 32;
        final long un0 = un10 & LOW_32;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, BASE) >= 0 || Long.compareUnsigned(q1 * vn0, BASE * rhat + un1) > 0)
        {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, BASE) >= 0)
            {
                break;
            }
        }

        final long un21 = un32 * BASE + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, BASE) >= 0 || Long.compareUnsigned(q0 * vn0, BASE * rhat + un0) > 0)
        {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, BASE) >= 0)
            {
                break;
            }
        }

        final long quotient = q1 * BASE + q0;
        final long remainder = (un21 * BASE + un0 - q0 * v) >>> shift;
        // Compare 2r with the divisor without overflowing: r against divisor - r.
        final int half = Long.compareUnsigned(remainder, divisor - remainder);
        if (half > 0 || (half == 0 && (quotient & 1) == 1))
        {
            return quotient + 1;
        }
        return quotient;
    }
}
