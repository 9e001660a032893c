package io.tickwire.codecs;

import org.agrona.MutableDirectBuffer;

/**
 * Exact decimals as longs scaled by 10^8 ("mantissas"): parsing from text and printing back, never through a
 * binary float.
 * <p>
 * Parsing is by value: {@code 1.50000000000} is 150000000 because its value has at most 8 fractional digits,
 * while {@code 1.000000001} is {@link #INVALID}. An optional exponent ({@code 1.5e2}) is accepted for the same
 * reason; NaN, infinities, blanks, more than 18 significant digits (any valid price has fewer: the largest,
 * 10^10, is 10^18 as a mantissa) and anything whose value does not fit a long mantissa are {@link #INVALID}.
 * Printing is plain: no exponent, no trailing zeros, no trailing dot. Stateless and thread-safe.
 */
public final class FixedPoint
{
    /** Fractional digits carried by a mantissa. */
    public static final int SCALE_DIGITS = 8;

    /** 10^8: the mantissa of 1. */
    public static final long SCALE = 100_000_000L;

    /** Returned by the parsers for text that is not an exactly representable decimal. */
    public static final long INVALID = Long.MIN_VALUE;

    /** Longest text {@link #put(long, MutableDirectBuffer, int)} writes: sign, 11 integer digits, dot, 8. */
    public static final int MAX_TEXT_LENGTH = 1 + 11 + 1 + SCALE_DIGITS;

    private static final int MAX_SIGNIFICANT_DIGITS = 18;
    private static final int MAX_EXPONENT_DIGITS = 4;
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private FixedPoint()
    {
    }

    /**
     * Parses a whole char sequence.
     *
     * @param text decimal text such as {@code 150.25}, {@code -0.5}, {@code 1e-8}.
     * @return the mantissa at scale 10^8, or {@link #INVALID}.
     */
    public static long parse(final CharSequence text)
    {
        return text == null ? INVALID : parse(text, 0, text.length());
    }

    /**
     * Parses {@code text[start, end)} without allocating.
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return the mantissa at scale 10^8, or {@link #INVALID}.
     */
    public static long parse(final CharSequence text, final int start, final int end)
    {
        int i = start;
        if (i >= end)
        {
            return INVALID;
        }

        boolean negative = false;
        final char sign = text.charAt(i);
        if (sign == '-' || sign == '+')
        {
            negative = sign == '-';
            i++;
        }

        // Digits are gathered into an unscaled value with leading and trailing zeros dropped, so that long
        // but exact inputs such as 000150.2500000000 still parse; the decimal point only moves the exponent.
        long unscaled = 0;
        int significantDigits = 0;
        int pendingZeros = 0;
        int exponent = 0;
        int digitCount = 0;
        boolean seenDot = false;
        for (; i < end; i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                digitCount++;
                if (seenDot)
                {
                    exponent--;
                }
                if (c == '0')
                {
                    if (significantDigits > 0)
                    {
                        pendingZeros++;
                    }
                    continue;
                }
                if (significantDigits + pendingZeros + 1 > MAX_SIGNIFICANT_DIGITS)
                {
                    return INVALID;
                }
                unscaled = unscaled * POWERS_OF_TEN[pendingZeros + 1] + (c - '0');
                significantDigits += pendingZeros + 1;
                pendingZeros = 0;
            }
            else if (c == '.' && !seenDot)
            {
                seenDot = true;
            }
            else
            {
                break;
            }
        }
        if (digitCount == 0)
        {
            return INVALID;
        }
        // Trailing zeros that were not folded in raise the exponent instead.
        exponent += pendingZeros;

        if (i < end)
        {
            final char e = text.charAt(i);
            if (e != 'e' && e != 'E')
            {
                return INVALID;
            }
            i++;
            boolean negativeExponent = false;
            if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+'))
            {
                negativeExponent = text.charAt(i) == '-';
                i++;
            }
            if (i >= end || end - i > MAX_EXPONENT_DIGITS)
            {
                return INVALID;
            }
            int written = 0;
            for (; i < end; i++)
            {
                final char c = text.charAt(i);
                if (c < '0' || c > '9')
                {
                    return INVALID;
                }
                written = written * 10 + (c - '0');
            }
            exponent += negativeExponent ? -written : written;
        }

        return scale(unscaled, exponent, negative);
    }

    private static long scale(final long unscaled, final int exponent, final boolean negative)
    {
        if (unscaled == 0)
        {
            return 0;
        }
        final int shift = exponent + SCALE_DIGITS;
        if (shift < 0)
        {
            return INVALID; // more than 8 significant fractional digits
        }
        if (shift >= POWERS_OF_TEN.length)
        {
            return INVALID;
        }
        final long factor = POWERS_OF_TEN[shift];
        final long high = Math.multiplyHigh(unscaled, factor);
        final long value = unscaled * factor;
        if (high != 0 || value < 0)
        {
            return INVALID;
        }
        return negative ? -value : value;
    }

    /**
     * Writes the plain decimal text of a mantissa as ASCII.
     *
     * @param mantissa value at scale 10^8.
     * @param dst      destination buffer with room for {@link #MAX_TEXT_LENGTH} bytes.
     * @param offset   where to start writing.
     * @return bytes written.
     */
    public static int put(final long mantissa, final MutableDirectBuffer dst, final int offset)
    {
        int position = offset;
        if (mantissa < 0)
        {
            dst.putByte(position++, (byte)'-');
        }
        // Work on the negative magnitude so that Long.MIN_VALUE needs no special case.
        final long negativeMagnitude = mantissa < 0 ? mantissa : -mantissa;
        final long integerPart = -(negativeMagnitude / SCALE);
        long fraction = -(negativeMagnitude % SCALE);

        position += dst.putLongAscii(position, integerPart);
        if (fraction != 0)
        {
            int digits = SCALE_DIGITS;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            dst.putByte(position++, (byte)'.');
            for (int i = digits - 1; i >= 0; i--)
            {
                dst.putByte(position + i, (byte)('0' + fraction % 10));
                fraction /= 10;
            }
            position += digits;
        }
        return position - offset;
    }

    /**
     * Appends the plain decimal text of a mantissa.
     *
     * @param mantissa value at scale 10^8.
     * @param sb       destination.
     * @return {@code sb}.
     */
    public static StringBuilder append(final long mantissa, final StringBuilder sb)
    {
        if (mantissa < 0)
        {
            sb.append('-');
        }
        final long negativeMagnitude = mantissa < 0 ? mantissa : -mantissa;
        sb.append(-(negativeMagnitude / SCALE));
        long fraction = -(negativeMagnitude % SCALE);
        if (fraction != 0)
        {
            int digits = SCALE_DIGITS;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            sb.append('.');
            final int at = sb.length();
            for (int i = 0; i < digits; i++)
            {
                sb.append('0');
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                sb.setCharAt(at + i, (char)('0' + fraction % 10));
                fraction /= 10;
            }
        }
        return sb;
    }

    /**
     * The plain decimal text of a mantissa.
     *
     * @param mantissa value at scale 10^8.
     * @return text such as {@code 150.25}.
     */
    public static String toString(final long mantissa)
    {
        return append(mantissa, new StringBuilder(MAX_TEXT_LENGTH)).toString();
    }

    /**
     * The nearest double, for encodings whose numbers are IEEE doubles (MessagePack, JavaScript). Up to a price of
     * 2^26 (mantissa 2^26 × 10^8) the double's shortest decimal text is the mantissa's decimal text; above it a
     * double cannot tell every 8-decimal price apart.
     *
     * @param mantissa value at scale 10^8.
     * @return mantissa / 10^8 correctly rounded.
     */
    public static double toDouble(final long mantissa)
    {
        return (double)mantissa / SCALE;
    }
}
