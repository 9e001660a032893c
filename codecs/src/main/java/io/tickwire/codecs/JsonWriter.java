package io.tickwire.codecs;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight that appends JSON tokens to a buffer: pre-encoded fragments, escaped strings, integers and exact
 * decimals (via {@link FixedPoint}), without allocating. An expandable buffer grows as needed; a fixed one must
 * have room. Not thread-safe.
 */
final class JsonWriter
{
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private MutableDirectBuffer buffer;
    private int position;

    JsonWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.position = offset;
        return this;
    }

    int position()
    {
        return position;
    }

    JsonWriter raw(final byte[] bytes)
    {
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    JsonWriter rawByte(final char c)
    {
        buffer.putByte(position++, (byte)c);
        return this;
    }

    JsonWriter longValue(final long value)
    {
        position += buffer.putLongAscii(position, value);
        return this;
    }

    /** A long, or {@code null} for {@link WireMessages#NO_VALUE}. */
    JsonWriter longOrNull(final long value)
    {
        return value == WireMessages.NO_VALUE ? raw(NULL) : longValue(value);
    }

    /** An exact decimal for a mantissa at scale 10^8, or {@code null} for {@link WireMessages#NO_VALUE}. */
    JsonWriter price(final long mantissa)
    {
        if (mantissa == WireMessages.NO_VALUE)
        {
            return raw(NULL);
        }
        position += FixedPoint.put(mantissa, buffer, position);
        return this;
    }

    JsonWriter bool(final boolean value)
    {
        return raw(value ? TRUE : FALSE);
    }

    JsonWriter string(final CharSequence text)
    {
        return string(text, Integer.MAX_VALUE);
    }

    /**
     * A quoted string, escaped per RFC 8259, of the longest prefix of whole code points of {@code text} whose
     * UTF-8 form fits {@code maxUtf8Bytes}; unpaired surrogates become {@code '?'}.
     */
    JsonWriter string(final CharSequence text, final int maxUtf8Bytes)
    {
        final int utf8Bytes = Texts.utf8Length(text, maxUtf8Bytes);
        buffer.putByte(position++, (byte)'"');
        int consumed = 0;
        for (int i = 0; consumed < utf8Bytes; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                consumed++;
                escapeAscii(c);
            }
            else
            {
                int codePoint = c;
                if (Character.isHighSurrogate(c) && i + 1 < text.length() &&
                    Character.isLowSurrogate(text.charAt(i + 1)))
                {
                    codePoint = Character.toCodePoint(c, text.charAt(++i));
                }
                else if (Character.isSurrogate(c))
                {
                    codePoint = '?'; // an unpaired surrogate has no UTF-8 form
                }
                final int width = Texts.putCodePoint(codePoint, buffer, position);
                position += width;
                consumed += width;
            }
        }
        buffer.putByte(position++, (byte)'"');
        return this;
    }

    private void escapeAscii(final char c)
    {
        if (c == '"' || c == '\\')
        {
            buffer.putByte(position++, (byte)'\\');
            buffer.putByte(position++, (byte)c);
        }
        else if (c < 0x20)
        {
            buffer.putByte(position++, (byte)'\\');
            switch (c)
            {
                case '\n':
                    buffer.putByte(position++, (byte)'n');
                    break;
                case '\r':
                    buffer.putByte(position++, (byte)'r');
                    break;
                case '\t':
                    buffer.putByte(position++, (byte)'t');
                    break;
                default:
                    buffer.putByte(position++, (byte)'u');
                    buffer.putByte(position++, (byte)'0');
                    buffer.putByte(position++, (byte)'0');
                    buffer.putByte(position++, HEX[c >> 4]);
                    buffer.putByte(position++, HEX[c & 0xF]);
                    break;
            }
        }
        else
        {
            buffer.putByte(position++, (byte)c);
        }
    }
}
