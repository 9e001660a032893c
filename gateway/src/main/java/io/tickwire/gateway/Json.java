package io.tickwire.gateway;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;

/**
 * Small JSON writing helpers for the HTTP API (the hot path uses the codecs' encoders instead). Stateless.
 */
final class Json
{
    private Json()
    {
    }

    static StringBuilder string(final CharSequence text, final StringBuilder sb)
    {
        sb.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    /** A fixed-point price as a JSON number, or null when absent. */
    static StringBuilder price(final long mantissa, final StringBuilder sb)
    {
        if (mantissa == FixedPoint.INVALID)
        {
            return sb.append("null");
        }
        return FixedPoint.append(mantissa, sb);
    }

    /** An instant as an ISO-8601 UTC string. */
    static StringBuilder instant(final long epochNanos, final StringBuilder sb)
    {
        sb.append('"');
        Timestamps.appendIso(epochNanos, sb);
        return sb.append('"');
    }
}
