package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.Timeframe;

/**
 * Constants of the WebSocket protocol (SPEC §6) shared by every encoding: presence bits for deltas, sentinels,
 * limits, the text of channels and timeframes, and the unit conversions from engine nanoseconds to wire units.
 * <p>
 * Presence bits are the same numbers in the SBE sets {@code BarFields} and {@code QuoteFields}, so the SBE
 * encoder writes a mask unchanged. Stateless and thread-safe.
 */
public final class WireMessages
{
    /** An absent long: id, client time, receive instant, or price ({@link FixedPoint#INVALID}). */
    public static final long NO_VALUE = Long.MIN_VALUE;

    /** Bar open price present. */
    public static final int BAR_OPEN = 1;
    /** Bar high price present. */
    public static final int BAR_HIGH = 1 << 1;
    /** Bar low price present. */
    public static final int BAR_LOW = 1 << 2;
    /** Bar close price present. */
    public static final int BAR_CLOSE = 1 << 3;
    /** Bar volume present. */
    public static final int BAR_VOLUME = 1 << 4;
    /** Bar trade count ({@code n}) present. */
    public static final int BAR_COUNT = 1 << 5;
    /** Bar VWAP present. */
    public static final int BAR_VWAP = 1 << 6;
    /** Bar final flag present. */
    public static final int BAR_FINAL = 1 << 7;
    /** Bar revision present. */
    public static final int BAR_REV = 1 << 8;
    /** Every bar field: a whole bar, as sent for a new {@code t}. */
    public static final int BAR_ALL = (1 << 9) - 1;

    /** Quote bid price present. */
    public static final int QUOTE_BID = 1;
    /** Quote bid size present. */
    public static final int QUOTE_BID_SIZE = 1 << 1;
    /** Quote ask price present. */
    public static final int QUOTE_ASK = 1 << 2;
    /** Quote ask size present. */
    public static final int QUOTE_ASK_SIZE = 1 << 3;
    /** Every quote field. */
    public static final int QUOTE_ALL = (1 << 4) - 1;

    /** In a presence mask or trade flags: add {@code ri}, the engine receive instant (subscription timing:true). */
    public static final int TIMING = 1 << 15;

    /** Longest symbol, in ASCII characters (SPEC §3). */
    public static final int MAX_SYMBOL_LENGTH = 16;

    /** Error messages are cut to this many UTF-8 bytes on every encoding. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 512;

    /** Longest epoch text. */
    public static final int MAX_EPOCH_LENGTH = 64;

    /** Most rows in one snapshot (SPEC §6: 1,000 bars, 10,000 buffered trades). */
    public static final int MAX_SNAPSHOT_ROWS = 10_000;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private static final String[] TIMEFRAME_TEXT = {"1s", "5s", "1m", "5m", "15m", "1h", "4h", "1d"};
    private static final Timeframe[] TIMEFRAMES = {
        Timeframe.SEC_1, Timeframe.SEC_5, Timeframe.MIN_1, Timeframe.MIN_5,
        Timeframe.MIN_15, Timeframe.HOUR_1, Timeframe.HOUR_4, Timeframe.DAY_1};
    private static final String[] CHANNEL_TEXT = {"trades", "quotes", "bars"};
    private static final Channel[] CHANNELS = {Channel.TRADES, Channel.QUOTES, Channel.BARS};

    private WireMessages()
    {
    }

    /**
     * Wire text of a timeframe.
     *
     * @param tf a timeframe other than {@code NULL_VAL}.
     * @return such as {@code 1m}; {@code null} for {@code NULL_VAL} or {@code null}.
     */
    public static String timeframeText(final Timeframe tf)
    {
        for (int i = 0; i < TIMEFRAMES.length; i++)
        {
            if (TIMEFRAMES[i] == tf)
            {
                return TIMEFRAME_TEXT[i];
            }
        }
        return null;
    }

    /**
     * Timeframe named by wire text, without allocating.
     *
     * @param text such as {@code 15m}.
     * @return the timeframe, or {@code null} when the text names none.
     */
    public static Timeframe timeframe(final CharSequence text)
    {
        for (int i = 0; i < TIMEFRAME_TEXT.length; i++)
        {
            if (contentEquals(TIMEFRAME_TEXT[i], text))
            {
                return TIMEFRAMES[i];
            }
        }
        return null;
    }

    /**
     * Wire text of a channel.
     *
     * @param channel a channel other than {@code NULL_VAL}.
     * @return {@code trades}, {@code quotes} or {@code bars}; {@code null} otherwise.
     */
    public static String channelText(final Channel channel)
    {
        for (int i = 0; i < CHANNELS.length; i++)
        {
            if (CHANNELS[i] == channel)
            {
                return CHANNEL_TEXT[i];
            }
        }
        return null;
    }

    /**
     * Channel named by wire text, without allocating.
     *
     * @param text such as {@code bars}.
     * @return the channel, or {@code null} when the text names none.
     */
    public static Channel channel(final CharSequence text)
    {
        for (int i = 0; i < CHANNEL_TEXT.length; i++)
        {
            if (contentEquals(CHANNEL_TEXT[i], text))
            {
                return CHANNELS[i];
            }
        }
        return null;
    }

    /**
     * Whether text is a valid symbol: 1-16 characters from {@code A-Z 0-9 . _ : / -} (SPEC §3).
     *
     * @param text candidate.
     * @return true when valid.
     */
    public static boolean isValidSymbol(final CharSequence text)
    {
        final int length = text == null ? 0 : text.length();
        if (length < 1 || length > MAX_SYMBOL_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (!isSymbolChar(text.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a character may appear in a symbol.
     *
     * @param c character.
     * @return true for {@code A-Z 0-9 . _ : / -}.
     */
    public static boolean isSymbolChar(final int c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    }

    /**
     * Engine instant to the wire's {@code t} of bars, trades and quotes.
     *
     * @param epochNanos UTC nanoseconds since the epoch.
     * @return epoch milliseconds, rounded toward negative infinity.
     */
    public static long toEpochMillis(final long epochNanos)
    {
        return Math.floorDiv(epochNanos, NANOS_PER_MILLI);
    }

    /**
     * Engine instant to the wire's {@code ri} and {@code st}.
     *
     * @param epochNanos UTC nanoseconds since the epoch.
     * @return epoch microseconds, rounded toward negative infinity.
     */
    public static long toEpochMicros(final long epochNanos)
    {
        return Math.floorDiv(epochNanos, NANOS_PER_MICRO);
    }

    /**
     * Wire {@code t} back to engine nanoseconds, saturating instead of overflowing.
     *
     * @param epochMillis epoch milliseconds.
     * @return epoch nanoseconds.
     */
    public static long millisToNanos(final long epochMillis)
    {
        return saturatingMultiply(epochMillis, NANOS_PER_MILLI);
    }

    /**
     * Wire {@code ri} / {@code st} back to engine nanoseconds, saturating instead of overflowing.
     *
     * @param epochMicros epoch microseconds.
     * @return epoch nanoseconds.
     */
    public static long microsToNanos(final long epochMicros)
    {
        return saturatingMultiply(epochMicros, NANOS_PER_MICRO);
    }

    private static long saturatingMultiply(final long value, final long factor)
    {
        final long high = Math.multiplyHigh(value, factor);
        final long low = value * factor;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0))
        {
            return low;
        }
        return value < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
    }

    /** The timeframe of a bars stream; a missing one is a programming error of the caller. */
    static Timeframe barTimeframe(final Timeframe tf)
    {
        if (tf == null || tf == Timeframe.NULL_VAL)
        {
            throw new IllegalArgumentException("a bars stream needs a timeframe");
        }
        return tf;
    }

    static boolean contentEquals(final String expected, final CharSequence text)
    {
        if (text == null || text.length() != expected.length())
        {
            return false;
        }
        for (int i = 0; i < expected.length(); i++)
        {
            if (expected.charAt(i) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
