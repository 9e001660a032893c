package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads ClickHouse's TabSeparated output field by field without building intermediate strings for numbers. Fields
 * end at a tab, rows at a newline. Decimals are read as mantissas at scale 10^8 whether or not the server prints
 * trailing zeros (18.16 does, servers from 21.9 do not). Strings are unescaped ({@code \t \n \\ \'} and friends).
 * <p>
 * Not thread-safe: one per query.
 */
final class TsvReader
{
    private static final int SCALE_DIGITS = 8;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] text = new byte[64];

    TsvReader(final InputStream in)
    {
        this.in = in;
    }

    /**
     * Whether another row follows.
     */
    boolean hasRow() throws IOException
    {
        return fill();
    }

    long readLong() throws IOException
    {
        return readScaled(0);
    }

    /**
     * Reads an unsigned 64-bit integer into a long (two's complement above Long.MAX_VALUE).
     */
    long readUnsignedLong() throws IOException
    {
        long value = 0;
        int digits = 0;
        int b = next();
        while (b >= '0' && b <= '9')
        {
            value = value * 10 + (b - '0');
            digits++;
            b = next();
        }
        endField(b, digits);
        return value;
    }

    /**
     * Reads a decimal as a mantissa at scale 10^8.
     */
    long readDecimal8() throws IOException
    {
        return readScaled(SCALE_DIGITS);
    }

    /** An optionally signed decimal with at most {@code scale} fraction digits, as a mantissa at that scale. */
    private long readScaled(final int scale) throws IOException
    {
        boolean negative = false;
        long value = 0;
        int digits = 0;
        int b = next();
        if (b == '-')
        {
            negative = true;
            b = next();
        }
        while (b >= '0' && b <= '9')
        {
            value = value * 10 + (b - '0');
            digits++;
            b = next();
        }
        int fraction = 0;
        if (scale > 0 && b == '.')
        {
            b = next();
            while (b >= '0' && b <= '9')
            {
                if (fraction == scale)
                {
                    throw new IOException("ClickHouse answered a decimal with more than " + scale + " fraction digits");
                }
                value = value * 10 + (b - '0');
                fraction++;
                digits++;
                b = next();
            }
        }
        for (int i = fraction; i < scale; i++)
        {
            value *= 10;
        }
        endField(b, digits);
        return negative ? -value : value;
    }

    String readString() throws IOException
    {
        int length = 0;
        int b = next();
        while (b != '\t' && b != '\n' && b != -1)
        {
            if (b == '\\')
            {
                b = unescape(next());
            }
            if (length == text.length)
            {
                final byte[] larger = new byte[text.length * 2];
                System.arraycopy(text, 0, larger, 0, length);
                text = larger;
            }
            text[length++] = (byte)b;
            b = next();
        }
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }

    private static int unescape(final int b) throws IOException
    {
        switch (b)
        {
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case '0':
                return 0;
            case -1:
                throw new IOException("ClickHouse answer ends inside an escape");
            default:
                return b;
        }
    }

    private static void endField(final int b, final int digits) throws IOException
    {
        if (digits == 0 || (b != '\t' && b != '\n' && b != -1))
        {
            throw new IOException("ClickHouse answered a malformed number (next byte " + b + ")");
        }
    }

    private int next() throws IOException
    {
        if (position == limit && !fill())
        {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    private boolean fill() throws IOException
    {
        if (position < limit)
        {
            return true;
        }
        final int read = in.read(buffer, 0, buffer.length);
        if (read <= 0)
        {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
