package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable, reused byte buffer holding rows in ClickHouse's RowBinary format:
 * <pre>
 *   Int64 / UInt64 / Decimal64   8 bytes little-endian (Decimal64(8): the price mantissa at scale 10^8 as is)
 *   UInt32                       4 bytes little-endian
 *   UInt8                        1 byte
 *   String                       LEB128 varint byte length, then the bytes (UTF-8)
 * </pre>
 * A whole batch is encoded before the insert request starts, so an encoding problem can never leave a truncated
 * stream behind (18.16 commits a body cut at a row boundary as if it were complete). It grows to the largest batch
 * seen and is then reused: no allocation per row, except for a string holding non-ASCII characters.
 * <p>
 * Not thread-safe: owned by one sink.
 */
final class RowBinaryBuffer
{
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
        ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int length;

    RowBinaryBuffer(final int initialCapacity)
    {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    void clear()
    {
        length = 0;
    }

    int length()
    {
        return length;
    }

    byte[] bytes()
    {
        return bytes;
    }

    void writeTo(final OutputStream out) throws IOException
    {
        out.write(bytes, 0, length);
    }

    RowBinaryBuffer putInt64(final long value)
    {
        ensure(8);
        LONG_LE.set(bytes, length, value);
        length += 8;
        return this;
    }

    RowBinaryBuffer putUInt32(final int value)
    {
        ensure(4);
        INT_LE.set(bytes, length, value);
        length += 4;
        return this;
    }

    RowBinaryBuffer putUInt8(final int value)
    {
        ensure(1);
        bytes[length++] = (byte)value;
        return this;
    }

    /** A String column from ASCII bytes (trade ids), without a String in between. */
    RowBinaryBuffer putAscii(final byte[] source, final int offset, final int count)
    {
        putVarUInt(count);
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
        return this;
    }

    RowBinaryBuffer putString(final String value)
    {
        final int chars = value.length();
        boolean ascii = true;
        for (int i = 0; i < chars; i++)
        {
            if (value.charAt(i) >= 0x80)
            {
                ascii = false;
                break;
            }
        }
        if (!ascii)
        {
            final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            putVarUInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }
        putVarUInt(chars);
        ensure(chars);
        for (int i = 0; i < chars; i++)
        {
            bytes[length + i] = (byte)value.charAt(i);
        }
        length += chars;
        return this;
    }

    private void putVarUInt(final int value)
    {
        ensure(5);
        int rest = value;
        while ((rest & ~0x7F) != 0)
        {
            bytes[length++] = (byte)((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[length++] = (byte)rest;
    }

    private void ensure(final int more)
    {
        final int needed = length + more;
        if (needed > bytes.length)
        {
            if (needed < 0)
            {
                throw new IllegalStateException("RowBinary buffer above 2 GiB: batches must stay below 1M rows");
            }
            bytes = Arrays.copyOf(bytes, (int)Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
        }
    }
}
