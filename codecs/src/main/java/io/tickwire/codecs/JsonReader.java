package io.tickwire.codecs;

import org.agrona.DirectBuffer;

/**
 * Strict RFC 8259 tokenizer over a buffer, for the small JSON objects Tickwire reads (control messages, server
 * messages on the client side). Pull style: the caller asks for the value it expects; every method returns false
 * on bad input and records the first reason and byte position instead of throwing. Strings decode escapes and
 * UTF-8 into a caller's {@link StringBuilder} with a length bound; nesting is bounded when skipping.
 * Not thread-safe; no allocation.
 */
final class JsonReader
{
    static final int END = -1;

    private final StringBuilder discard = new StringBuilder(2);
    private DirectBuffer buffer;
    private int start;
    private int position;
    private int limit;
    private String error;
    private int errorPosition;
    private int numberStart;
    private int numberEnd;
    private boolean numberIsInteger;
    private long longValue;
    private boolean booleanValue;

    JsonReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        this.limit = offset + length;
        this.error = null;
        this.errorPosition = -1;
        return this;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /** First failure reason, or null. */
    String error()
    {
        return error;
    }

    /** Byte index of the first failure from the start of the text, or -1. */
    int errorPosition()
    {
        return errorPosition;
    }

    boolean fail(final String reason)
    {
        if (error == null)
        {
            error = reason;
            errorPosition = position - start;
        }
        return false;
    }

    /** Skips whitespace and returns the next byte, unsigned, without consuming it; {@link #END} at the end. */
    int peek()
    {
        while (position < limit)
        {
            final byte b = buffer.getByte(position);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return b & 0xFF;
            }
            position++;
        }
        return END;
    }

    /** Consumes {@code c} when it is the next token; no failure otherwise. */
    boolean consume(final char c)
    {
        if (peek() == c)
        {
            position++;
            return true;
        }
        return false;
    }

    boolean expect(final char c, final String reason)
    {
        return consume(c) || fail(reason);
    }

    /** True when only whitespace remains. */
    boolean atEnd()
    {
        return peek() == END;
    }

    /**
     * Reads a string token into {@code dst} (cleared first), or only checks it when {@code dst} is null.
     *
     * @param maxChars longest accepted decoded length, in UTF-16 chars.
     */
    boolean readString(final StringBuilder dst, final int maxChars)
    {
        final StringBuilder text = dst == null ? discard : dst;
        text.setLength(0);
        if (!consume('"'))
        {
            return fail("expected a string");
        }
        int chars = 0;
        while (position < limit)
        {
            final int b = buffer.getByte(position++) & 0xFF;
            if (b == '"')
            {
                return true;
            }
            if (chars++ >= maxChars)
            {
                return fail("string too long");
            }
            if (b == '\\')
            {
                if (!readEscape(text))
                {
                    return false;
                }
            }
            else if (b < 0x20)
            {
                return fail("control character in string");
            }
            else if (b < 0x80)
            {
                text.append((char)b);
            }
            else if (!readUtf8(b, text))
            {
                return false;
            }
            if (dst == null)
            {
                text.setLength(0); // checked, not kept
            }
        }
        return fail("unterminated string");
    }

    private boolean readEscape(final StringBuilder dst)
    {
        if (position >= limit)
        {
            return fail("unterminated string");
        }
        final int e = buffer.getByte(position++);
        switch (e)
        {
            case '"':
            case '\\':
            case '/':
                dst.append((char)e);
                return true;
            case 'b':
                dst.append('\b');
                return true;
            case 'f':
                dst.append('\f');
                return true;
            case 'n':
                dst.append('\n');
                return true;
            case 'r':
                dst.append('\r');
                return true;
            case 't':
                dst.append('\t');
                return true;
            case 'u':
                if (limit - position < 4)
                {
                    return fail("bad \\u escape");
                }
                int c = 0;
                for (int i = 0; i < 4; i++)
                {
                    final int digit = Character.digit(buffer.getByte(position++), 16);
                    if (digit < 0)
                    {
                        return fail("bad \\u escape");
                    }
                    c = (c << 4) | digit;
                }
                dst.append((char)c);
                return true;
            default:
                return fail("bad escape");
        }
    }

    /** Decodes one multi-byte UTF-8 sequence led by {@code lead}, rejecting overlong forms and surrogates. */
    private boolean readUtf8(final int lead, final StringBuilder dst)
    {
        final int extra;
        int codePoint;
        final int min;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            extra = 1;
            codePoint = lead & 0x1F;
            min = 0x80;
        }
        else if (lead >= 0xE0 && lead <= 0xEF)
        {
            extra = 2;
            codePoint = lead & 0x0F;
            min = 0x800;
        }
        else if (lead >= 0xF0 && lead <= 0xF4)
        {
            extra = 3;
            codePoint = lead & 0x07;
            min = 0x10000;
        }
        else
        {
            return fail("invalid UTF-8");
        }
        if (limit - position < extra)
        {
            return fail("invalid UTF-8");
        }
        for (int i = 0; i < extra; i++)
        {
            final int b = buffer.getByte(position++) & 0xFF;
            if ((b & 0xC0) != 0x80)
            {
                return fail("invalid UTF-8");
            }
            codePoint = (codePoint << 6) | (b & 0x3F);
        }
        if (codePoint < min || codePoint > Character.MAX_CODE_POINT ||
            (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE))
        {
            return fail("invalid UTF-8");
        }
        dst.appendCodePoint(codePoint);
        return true;
    }

    /**
     * Reads a number token and remembers where it is ({@link #numberStart()}, {@link #numberEnd()}) and whether
     * it is written as an integer (no fraction, no exponent).
     */
    boolean readNumber()
    {
        peek();
        numberStart = position;
        if (position < limit && buffer.getByte(position) == '-')
        {
            position++;
        }
        if (position >= limit)
        {
            return fail("expected a number");
        }
        final byte first = buffer.getByte(position);
        if (first == '0')
        {
            position++;
        }
        else if (first >= '1' && first <= '9')
        {
            skipDigits();
        }
        else
        {
            return fail("expected a number");
        }
        numberIsInteger = true;
        if (position < limit && buffer.getByte(position) == '.')
        {
            position++;
            numberIsInteger = false;
            if (skipDigits() == 0)
            {
                return fail("digit expected after '.'");
            }
        }
        if (position < limit && (buffer.getByte(position) == 'e' || buffer.getByte(position) == 'E'))
        {
            position++;
            numberIsInteger = false;
            if (position < limit && (buffer.getByte(position) == '+' || buffer.getByte(position) == '-'))
            {
                position++;
            }
            if (skipDigits() == 0)
            {
                return fail("digit expected in exponent");
            }
        }
        numberEnd = position;
        return true;
    }

    private int skipDigits()
    {
        final int from = position;
        while (position < limit)
        {
            final byte b = buffer.getByte(position);
            if (b < '0' || b > '9')
            {
                break;
            }
            position++;
        }
        return position - from;
    }

    int numberStart()
    {
        return numberStart;
    }

    int numberEnd()
    {
        return numberEnd;
    }

    boolean numberIsInteger()
    {
        return numberIsInteger;
    }

    /**
     * Reads an integer token (no fraction, no exponent) that fits a long; the value is {@link #longValue()}.
     */
    boolean readLong()
    {
        if (!readNumber())
        {
            return false;
        }
        if (!numberIsInteger)
        {
            return fail("expected an integer");
        }
        return integerValue() || fail("integer out of range");
    }

    /**
     * After {@link #readNumber()} of an integer token: converts it into {@link #longValue()}.
     *
     * @return false, recording nothing, when it does not fit a long.
     */
    boolean integerValue()
    {
        final boolean negative = buffer.getByte(numberStart) == '-';
        long value = 0;
        for (int i = negative ? numberStart + 1 : numberStart; i < numberEnd; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            // Accumulate negatively so that Long.MIN_VALUE parses too.
            if (value < (Long.MIN_VALUE + digit) / 10)
            {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE)
        {
            return false;
        }
        longValue = negative ? value : -value;
        return true;
    }

    long longValue()
    {
        return longValue;
    }

    /** Reads {@code true} or {@code false}; the value is {@link #booleanValue()}. */
    boolean readBoolean()
    {
        final int c = peek();
        if (c == 't' && literal("true"))
        {
            booleanValue = true;
            return true;
        }
        if (c == 'f' && literal("false"))
        {
            booleanValue = false;
            return true;
        }
        return fail("expected true or false");
    }

    boolean booleanValue()
    {
        return booleanValue;
    }

    /** Consumes {@code null} when it is the next token; no failure otherwise. */
    boolean consumeNull()
    {
        return peek() == 'n' && literal("null");
    }

    private boolean literal(final String word)
    {
        if (limit - position < word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if (buffer.getByte(position + i) != word.charAt(i))
            {
                return false;
            }
        }
        position += word.length();
        return true;
    }

    /**
     * Skips one value of any kind, checking its syntax.
     *
     * @param depth how many more levels of objects and arrays are allowed.
     */
    boolean skipValue(final int depth)
    {
        final int c = peek();
        switch (c)
        {
            case '"':
                return readString(null, Integer.MAX_VALUE);
            case 't':
            case 'f':
                return readBoolean();
            case 'n':
                return consumeNull() || fail("bad literal");
            case '[':
                return skipArray(depth);
            case '{':
                return skipObject(depth);
            default:
                return readNumber();
        }
    }

    private boolean skipArray(final int depth)
    {
        if (depth <= 0)
        {
            return fail("nested too deeply");
        }
        position++;
        if (consume(']'))
        {
            return true;
        }
        do
        {
            if (!skipValue(depth - 1))
            {
                return false;
            }
        }
        while (consume(','));
        return expect(']', "expected ',' or ']'");
    }

    private boolean skipObject(final int depth)
    {
        if (depth <= 0)
        {
            return fail("nested too deeply");
        }
        position++;
        if (consume('}'))
        {
            return true;
        }
        do
        {
            if (!readString(null, Integer.MAX_VALUE) || !expect(':', "expected ':'") ||
                !skipValue(depth - 1))
            {
                return false;
            }
        }
        while (consume(','));
        return expect('}', "expected ',' or '}'");
    }
}
