package io.tickwire.engine.bars;

import java.util.Arrays;

/**
 * The ordered set of timeframes an engine computes, e.g. {@code 1s,1m,5m,1h,1d}: names and lengths in
 * nanoseconds, indexed densely so that bar state can be laid out per (symbol, timeframe index).
 * <p>
 * Immutable and thread-safe. Timeframes are kept in ascending length, the order of {@code bars} output.
 */
public final class Timeframes
{
    /** Every timeframe Tickwire supports, shortest first. */
    public static final String SUPPORTED = "1s,5s,1m,5m,15m,1h,4h,1d";

    /** The default set when none is configured. */
    public static final String DEFAULT = "1s,1m,5m,1h,1d";

    private final String[] names;
    private final long[] lengthsNs;

    private Timeframes(final String[] names, final long[] lengthsNs)
    {
        this.names = names;
        this.lengthsNs = lengthsNs;
    }

    /**
     * Parses a comma-separated list of supported timeframe names; duplicates collapse and order follows length.
     *
     * @param list such as {@code 1m,1s}.
     * @return the set.
     * @throws IllegalArgumentException naming what is accepted, for an empty list or an unknown name.
     */
    public static Timeframes parse(final String list)
    {
        final String[] supported = SUPPORTED.split(",");
        final boolean[] chosen = new boolean[supported.length];
        int count = 0;
        for (final String raw : list.split(",", -1))
        {
            final String name = raw.trim();
            final int index = Arrays.asList(supported).indexOf(name);
            if (index < 0)
            {
                throw new IllegalArgumentException("unknown timeframe '" + name + "' (accepts a comma-separated " +
                    "list of " + SUPPORTED + ")");
            }
            if (!chosen[index])
            {
                chosen[index] = true;
                count++;
            }
        }
        final String[] names = new String[count];
        final long[] lengths = new long[count];
        int next = 0;
        for (int i = 0; i < supported.length; i++)
        {
            if (chosen[i])
            {
                names[next] = supported[i];
                lengths[next] = lengthNs(supported[i]);
                next++;
            }
        }
        return new Timeframes(names, lengths);
    }

    /**
     * Length in nanoseconds of a supported timeframe name.
     *
     * @param name such as {@code 15m}.
     * @return its length, or -1 when the name is not supported.
     */
    public static long lengthNs(final String name)
    {
        if (name == null || name.length() < 2)
        {
            return -1;
        }
        final long unit;
        switch (name.charAt(name.length() - 1))
        {
            case 's':
                unit = 1_000_000_000L;
                break;
            case 'm':
                unit = 60_000_000_000L;
                break;
            case 'h':
                unit = 3_600_000_000_000L;
                break;
            case 'd':
                unit = 86_400_000_000_000L;
                break;
            default:
                return -1;
        }
        final String count = name.substring(0, name.length() - 1);
        for (final String supported : SUPPORTED.split(","))
        {
            if (supported.equals(name))
            {
                return Long.parseLong(count) * unit;
            }
        }
        return -1;
    }

    /**
     * Number of timeframes in this set.
     *
     * @return at least 1.
     */
    public int count()
    {
        return names.length;
    }

    /**
     * Name of the timeframe at an index.
     *
     * @param index 0 to count - 1, shortest first.
     * @return such as {@code 1m}.
     */
    public String name(final int index)
    {
        return names[index];
    }

    /**
     * Window length of the timeframe at an index.
     *
     * @param index 0 to count - 1.
     * @return nanoseconds.
     */
    public long lengthNs(final int index)
    {
        return lengthsNs[index];
    }

    /**
     * Index of a timeframe name in this set.
     *
     * @param name such as {@code 1m}.
     * @return its index, or -1 when not in this set.
     */
    public int indexOf(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString()
    {
        return String.join(",", names);
    }
}
