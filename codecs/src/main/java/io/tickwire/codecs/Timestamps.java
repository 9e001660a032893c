package io.tickwire.codecs;

/**
 * Instants as UTC nanoseconds since the Unix epoch: parsing ISO-8601 UTC text ({@code 2024-03-01T09:30:00.5Z},
 * up to 9 fractional digits, {@code Z} required) and integer epoch nanoseconds, and printing ISO-8601 back.
 * <p>
 * Parsing never allocates and never throws for bad text: it returns {@link #INVALID}. Stateless, thread-safe.
 */
public final class Timestamps
{
    /** Returned by the parsers for text that is not a valid instant. */
    public static final long INVALID = Long.MIN_VALUE;

    /** Nanoseconds per second. */
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Nanoseconds per day. */
    public static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

    private static final int MAX_FRACTION_DIGITS = 9;
    private static final int MAX_EPOCH_DIGITS = 19;

    private Timestamps()
    {
    }

    /**
     * Parses either form, telling them apart by the {@code T} of ISO-8601.
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return epoch nanoseconds, or {@link #INVALID}.
     */
    public static long parse(final CharSequence text, final int start, final int end)
    {
        if (end - start >= 20 && text.charAt(start + 10) == 'T')
        {
            return parseIso(text, start, end);
        }
        return parseEpochNanos(text, start, end);
    }

    /**
     * Parses a whole char sequence, either form.
     *
     * @param text the characters.
     * @return epoch nanoseconds, or {@link #INVALID}.
     */
    public static long parse(final CharSequence text)
    {
        return parse(text, 0, text.length());
    }

    /**
     * Parses an integer count (optional leading minus, no plus) of nanoseconds since the epoch.
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return epoch nanoseconds, or {@link #INVALID}.
     */
    public static long parseEpochNanos(final CharSequence text, final int start, final int end)
    {
        int i = start;
        boolean negative = false;
        if (i < end && text.charAt(i) == '-')
        {
            negative = true;
            i++;
        }
        if (i >= end || end - i > MAX_EPOCH_DIGITS)
        {
            return INVALID;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            value = value * 10 + (c - '0');
            if (value < 0)
            {
                return INVALID;
            }
        }
        return negative ? -value : value;
    }

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.fffffffff]Z}.
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return epoch nanoseconds, or {@link #INVALID}.
     */
    public static long parseIso(final CharSequence text, final int start, final int end)
    {
        final int length = end - start;
        if (length < 20 || text.charAt(end - 1) != 'Z' ||
            text.charAt(start + 4) != '-' || text.charAt(start + 7) != '-' || text.charAt(start + 10) != 'T' ||
            text.charAt(start + 13) != ':' || text.charAt(start + 16) != ':')
        {
            return INVALID;
        }
        final int year = digits(text, start, 4);
        final int month = digits(text, start + 5, 2);
        final int day = digits(text, start + 8, 2);
        final int hour = digits(text, start + 11, 2);
        final int minute = digits(text, start + 14, 2);
        final int second = digits(text, start + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
            hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        {
            return INVALID;
        }

        long fractionNanos = 0;
        int i = start + 19;
        if (i < end - 1)
        {
            if (text.charAt(i) != '.')
            {
                return INVALID;
            }
            i++;
            final int fractionDigits = end - 1 - i;
            if (fractionDigits < 1 || fractionDigits > MAX_FRACTION_DIGITS)
            {
                return INVALID;
            }
            final int value = digits(text, i, fractionDigits);
            if (value < 0)
            {
                return INVALID;
            }
            fractionNanos = value;
            for (int pad = fractionDigits; pad < MAX_FRACTION_DIGITS; pad++)
            {
                fractionNanos *= 10;
            }
        }

        final long epochSecond = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        final long high = Math.multiplyHigh(epochSecond, NANOS_PER_SECOND);
        final long nanos = epochSecond * NANOS_PER_SECOND;
        if ((high != 0 || nanos < 0) && (high != -1 || nanos >= 0))
        {
            return INVALID; // outside the years a long of nanoseconds can hold (about 1677 to 2262)
        }
        final long result = nanos + fractionNanos;
        if (nanos > 0 && result < 0)
        {
            return INVALID;
        }
        return result;
    }

    /**
     * Appends ISO-8601 UTC text; the fraction is printed only when non-zero, without trailing zeros.
     *
     * @param epochNanos the instant.
     * @param sb         destination.
     * @return {@code sb}.
     */
    public static StringBuilder appendIso(final long epochNanos, final StringBuilder sb)
    {
        final long epochSecond = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        final long days = Math.floorDiv(epochSecond, 86_400L);
        final int secondOfDay = (int)Math.floorMod(epochSecond, 86_400L);

        // Civil-from-days (Howard Hinnant), valid for the whole range of a long of nanoseconds.
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append('T');
        pad(sb, secondOfDay / 3600, 2).append(':');
        pad(sb, (secondOfDay / 60) % 60, 2).append(':');
        pad(sb, secondOfDay % 60, 2);
        if (fraction != 0)
        {
            int digits = MAX_FRACTION_DIGITS;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            sb.append('.');
            pad(sb, fraction, digits);
        }
        return sb.append('Z');
    }

    /**
     * ISO-8601 UTC text of an instant.
     *
     * @param epochNanos the instant.
     * @return text such as {@code 2024-03-01T09:30:00Z}.
     */
    public static String toIso(final long epochNanos)
    {
        return appendIso(epochNanos, new StringBuilder(30)).toString();
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
     *
     * @param year  e.g. 2024.
     * @param month 1 to 12.
     * @param day   1 to 31.
     * @return days since the epoch, negative before it.
     */
    public static long daysFromCivil(final long year, final int month, final int day)
    {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yearOfEra = y - era * 400;
        final long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(final int year, final int month)
    {
        switch (month)
        {
            case 2:
                final boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static int digits(final CharSequence text, final int from, final int count)
    {
        int value = 0;
        for (int i = from; i < from + count; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder pad(final StringBuilder sb, final long value, final int width)
    {
        long limit = 1;
        for (int i = 1; i < width; i++)
        {
            limit *= 10;
        }
        for (long l = limit; l > 1 && value < l; l /= 10)
        {
            sb.append('0');
        }
        return sb.append(value);
    }
}
