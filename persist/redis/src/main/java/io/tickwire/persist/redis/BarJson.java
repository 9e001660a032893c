package io.tickwire.persist.redis;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.persist.BarRecord;

/**
 * The cached form of a final bar: the {@code /api/historical} bar object (SPEC 7) plus {@code rev} and {@code seq},
 * e.g. {@code {"t":"2024-03-01T09:30:00Z","o":150.25,"h":151,"l":150,"c":150.5,"v":1200,"n":7,"vw":150.61,
 * "final":true,"rev":0,"seq":1042}}. Prices are plain decimals printed from the mantissas (never a binary float),
 * so the text is exactly what the HTTP API prints for the same bar. Stateless.
 */
final class BarJson
{
    private BarJson()
    {
    }

    /**
     * Appends the member text of a bar.
     *
     * @param bar the bar.
     * @param sb  destination.
     * @return {@code sb}.
     */
    static StringBuilder append(final BarRecord bar, final StringBuilder sb)
    {
        sb.append("{\"t\":\"");
        Timestamps.appendIso(bar.startNs(), sb).append("\",\"o\":");
        FixedPoint.append(bar.open(), sb).append(",\"h\":");
        FixedPoint.append(bar.high(), sb).append(",\"l\":");
        FixedPoint.append(bar.low(), sb).append(",\"c\":");
        FixedPoint.append(bar.close(), sb).append(",\"v\":").append(bar.volume()).append(",\"n\":")
            .append(bar.count()).append(",\"vw\":");
        FixedPoint.append(bar.vwap(), sb).append(",\"final\":true,\"rev\":").append(bar.rev()).append(",\"seq\":")
            .append(bar.seq()).append('}');
        return sb;
    }

    /**
     * Parses member text written by {@link #append}.
     *
     * @param symbol the symbol of the key.
     * @param tf     the timeframe of the key.
     * @param text   the member.
     * @return the bar.
     * @throws IllegalArgumentException when the text is not such a member.
     */
    static BarRecord parse(final String symbol, final String tf, final String text)
    {
        long startNs = Long.MIN_VALUE;
        long open = FixedPoint.INVALID;
        long high = FixedPoint.INVALID;
        long low = FixedPoint.INVALID;
        long close = FixedPoint.INVALID;
        long vwap = FixedPoint.INVALID;
        long volume = -1;
        long count = -1;
        long rev = 0;
        long seq = -1;
        final int length = text.length();
        if (length < 2 || text.charAt(0) != '{' || text.charAt(length - 1) != '}')
        {
            throw new IllegalArgumentException("not a cached bar: " + text);
        }
        int i = 1;
        while (i < length - 1)
        {
            if (text.charAt(i) != '"')
            {
                throw new IllegalArgumentException("not a cached bar: " + text);
            }
            final int nameEnd = text.indexOf('"', i + 1);
            if (nameEnd < 0 || nameEnd + 1 >= length || text.charAt(nameEnd + 1) != ':')
            {
                throw new IllegalArgumentException("not a cached bar: " + text);
            }
            final String name = text.substring(i + 1, nameEnd);
            int valueStart = nameEnd + 2;
            int valueEnd;
            if (valueStart < length && text.charAt(valueStart) == '"')
            {
                valueStart++;
                valueEnd = text.indexOf('"', valueStart);
                if (valueEnd < 0)
                {
                    throw new IllegalArgumentException("not a cached bar: " + text);
                }
                i = valueEnd + 1;
            }
            else
            {
                valueEnd = valueStart;
                while (valueEnd < length - 1 && text.charAt(valueEnd) != ',')
                {
                    valueEnd++;
                }
                i = valueEnd;
            }
            switch (name)
            {
                case "t" -> startNs = Timestamps.parseIso(text, valueStart, valueEnd);
                case "o" -> open = FixedPoint.parse(text, valueStart, valueEnd);
                case "h" -> high = FixedPoint.parse(text, valueStart, valueEnd);
                case "l" -> low = FixedPoint.parse(text, valueStart, valueEnd);
                case "c" -> close = FixedPoint.parse(text, valueStart, valueEnd);
                case "vw" -> vwap = FixedPoint.parse(text, valueStart, valueEnd);
                case "v" -> volume = Timestamps.parseEpochNanos(text, valueStart, valueEnd);
                case "n" -> count = Timestamps.parseEpochNanos(text, valueStart, valueEnd);
                case "rev" -> rev = Timestamps.parseEpochNanos(text, valueStart, valueEnd);
                case "seq" -> seq = Timestamps.parseEpochNanos(text, valueStart, valueEnd);
                default ->
                {
                    // "final" and fields a later version may add.
                }
            }
            if (i < length - 1)
            {
                if (text.charAt(i) != ',')
                {
                    throw new IllegalArgumentException("not a cached bar: " + text);
                }
                i++;
            }
        }
        if (startNs == Timestamps.INVALID || open == FixedPoint.INVALID || high == FixedPoint.INVALID ||
            low == FixedPoint.INVALID || close == FixedPoint.INVALID || vwap == FixedPoint.INVALID || volume < 0 ||
            count < 0 || rev < 0 || rev > Integer.MAX_VALUE || seq == Timestamps.INVALID)
        {
            throw new IllegalArgumentException("not a cached bar: " + text);
        }
        return new BarRecord(symbol, tf, startNs, open, high, low, close, volume, count, vwap, (int)rev, seq);
    }
}
