package io.tickwire.app.config;

/**
 * Durations as written in configuration and on the command line: an integer and a unit, {@code ns us ms s m h d}
 * (e.g. {@code 5s}, {@code 250ms}, {@code 1h}); a bare {@code 0} is zero.
 */
public final class Durations
{
    /** What a duration value accepts, for error messages. */
    public static final String ACCEPTS = "a duration such as 5s, 250ms, 2m, 1h (units ns us ms s m h d)";

    private Durations()
    {
    }

    /**
     * Parses a duration.
     *
     * @param text such as {@code 5s}.
     * @return nanoseconds.
     * @throws IllegalArgumentException naming what is accepted.
     */
    public static long parseNs(final String text)
    {
        final String value = text.trim();
        if ("0".equals(value))
        {
            return 0;
        }
        int split = 0;
        while (split < value.length() && Character.isDigit(value.charAt(split)))
        {
            split++;
        }
        if (split == 0 || split > 15)
        {
            throw new IllegalArgumentException(ACCEPTS);
        }
        final long amount = Long.parseLong(value.substring(0, split));
        final long unitNs = switch (value.substring(split))
        {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException(ACCEPTS);
        };
        return Math.multiplyExact(amount, unitNs);
    }
}
