package io.tickwire.codecs;

/**
 * Exact conversions between price mantissas (scale 10^8) and IEEE doubles, for encodings whose numbers are
 * doubles (MessagePack float64, JavaScript). {@link #toDouble(long)} returns the double nearest to the decimal
 * value, the very number {@code JSON.parse} gives for the decimal text; {@link #toMantissa(double)} returns the
 * mantissa nearest to a double. Neither allocates. Stateless and thread-safe.
 * <p>
 * A double cannot tell apart every 8-decimal price above 2^26 (about 67 million): there its spacing exceeds
 * 10^-8, so the round trip mantissa → double → mantissa is exact only for |price| &lt; 2^26. JSON text and SBE
 * are exact everywhere.
 */
public final class DecimalDoubles
{
    /** Mantissas up to 2^53 convert exactly to doubles, so one correctly rounded division is exact. */
    private static final long EXACT_LIMIT = 1L << 53;
    /** Beyond 2^62 the split into a double and a small remainder below could overflow; prices never get there. */
    private static final long SPLIT_LIMIT = 1L << 62;
    private static final double SCALE = 1e8;
    private static final double LONG_LIMIT = 0x1p63;

    private DecimalDoubles()
    {
    }

    /**
     * The double nearest to {@code mantissa / 10^8}, ties to even: what a correctly rounding parser makes of the
     * decimal text.
     *
     * @param mantissa value at scale 10^8.
     * @return the nearest double.
     */
    public static double toDouble(final long mantissa)
    {
        if (mantissa == Long.MIN_VALUE)
        {
            return -0x1p63 / SCALE;
        }
        final long magnitude = Math.abs(mantissa);
        final double value = magnitude <= EXACT_LIMIT || magnitude >= SPLIT_LIMIT ?
            (double)magnitude / SCALE : nearestQuotient(magnitude);
        return mantissa < 0 ? -value : value;
    }

    /**
     * Above 2^53 the mantissa itself rounds when converted, so the first quotient may be off by an ulp: compare
     * it and its neighbours by their exact residuals and keep the nearest.
     */
    private static double nearestQuotient(final long magnitude)
    {
        final double high = (double)magnitude;
        final long low = magnitude - (long)high; // exact: |low| <= ulp(high) / 2 <= 512
        final double guess = high / SCALE;
        double best = guess;
        double bestError = Math.abs(residual(high, low, guess));
        final double below = Math.nextDown(guess);
        final double above = Math.nextUp(guess);
        final double errorBelow = Math.abs(residual(high, low, below));
        final double errorAbove = Math.abs(residual(high, low, above));
        if (errorBelow < bestError || (errorBelow == bestError && isEven(below)))
        {
            best = below;
            bestError = errorBelow;
        }
        if (errorAbove < bestError || (errorAbove == bestError && isEven(above)))
        {
            best = above;
        }
        return best;
    }

    /**
     * {@code (high + low) - candidate * 10^8} exactly: the fused multiply-add is exact because the true difference
     * is small and a multiple of the candidate's ulp times 2^8, and adding the small integer {@code low} is exact.
     */
    private static double residual(final double high, final long low, final double candidate)
    {
        return Math.fma(-candidate, SCALE, high) + low;
    }

    private static boolean isEven(final double value)
    {
        return (Double.doubleToRawLongBits(value) & 1) == 0;
    }

    /**
     * The mantissa nearest to {@code value * 10^8}, ties to even; the inverse of {@link #toDouble(long)} for
     * |price| &lt; 2^26.
     *
     * @param value a finite double.
     * @return mantissa at scale 10^8, or {@link FixedPoint#INVALID} for NaN, infinities and out-of-range values.
     */
    public static long toMantissa(final double value)
    {
        if (!(Math.abs(value) * SCALE < LONG_LIMIT))
        {
            return FixedPoint.INVALID;
        }
        // hi + lo is the exact product (TwoProduct with a fused multiply-add).
        final double hi = value * SCALE;
        final double lo = Math.fma(value, SCALE, -hi);
        final double rounded = Math.rint(hi);
        final double fraction = (hi - rounded) + lo;
        final long mantissa = (long)rounded + (long)Math.rint(fraction);
        return mantissa == FixedPoint.INVALID ? FixedPoint.INVALID : mantissa;
    }
}
