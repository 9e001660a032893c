package io.tickwire.engine.ingest;

import io.tickwire.codecs.FixedPoint;

/**
 * The value rules of SPEC §3 for fields already parsed to numbers. Stateless and thread-safe.
 */
public final class TradeValidator
{
    /** Largest price: 10^10, as a mantissa. */
    public static final long MAX_PRICE = 10_000_000_000L * FixedPoint.SCALE;

    /** Largest volume: 10^12. */
    public static final long MAX_VOLUME = 1_000_000_000_000L;

    /**
     * Earliest valid ts: windows of up to a day must have a start a long can hold, so the first day of the range
     * of a long of nanoseconds (September 1677) is refused.
     */
    public static final long MIN_TS = Long.MIN_VALUE + 86_400_000_000_000L;

    private TradeValidator()
    {
    }

    /**
     * Whether a price mantissa is valid.
     *
     * @param price mantissa, or {@link FixedPoint#INVALID}.
     * @return true for 0 &lt; price &le; 10^10.
     */
    public static boolean isValidPrice(final long price)
    {
        return price > 0 && price <= MAX_PRICE;
    }

    /**
     * Whether an event time is valid.
     *
     * @param tsNs epoch nanoseconds, or {@code Timestamps.INVALID}.
     * @return true for ts &ge; {@link #MIN_TS}.
     */
    public static boolean isValidTimestamp(final long tsNs)
    {
        return tsNs >= MIN_TS;
    }

    /**
     * Whether a volume is valid.
     *
     * @param volume the volume.
     * @return true for 1 &le; volume &le; 10^12.
     */
    public static boolean isValidVolume(final long volume)
    {
        return volume >= 1 && volume <= MAX_VOLUME;
    }

    /**
     * Parses a volume: a plain integer literal (optional {@code +}, digits only; no fraction, no exponent).
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return the volume, or -1 when not an integer in 1 to 10^12.
     */
    public static long parseVolume(final CharSequence text, final int start, final int end)
    {
        int i = start;
        if (i < end && text.charAt(i) == '+')
        {
            i++;
        }
        if (i >= end || end - i > 19)
        {
            return -1;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > MAX_VOLUME)
            {
                return -1;
            }
        }
        return isValidVolume(value) ? value : -1;
    }
}
