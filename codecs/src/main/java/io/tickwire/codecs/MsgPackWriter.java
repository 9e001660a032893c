package io.tickwire.codecs;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight that appends MessagePack values to a buffer, big-endian as the format requires, always in the
 * smallest form (fixint, fixstr, fixmap...), without allocating. Not thread-safe.
 */
final class MsgPackWriter
{
    static final int NIL = 0xC0;
    static final int FALSE = 0xC2;
    static final int TRUE = 0xC3;
    static final int FLOAT64 = 0xCB;
    static final int UINT8 = 0xCC;
    static final int UINT16 = 0xCD;
    static final int UINT32 = 0xCE;
    static final int UINT64 = 0xCF;
    static final int INT8 = 0xD0;
    static final int INT16 = 0xD1;
    static final int INT32 = 0xD2;
    static final int INT64 = 0xD3;
    static final int STR8 = 0xD9;
    static final int STR16 = 0xDA;
    static final int ARRAY16 = 0xDC;
    static final int MAP16 = 0xDE;
    static final int FIXSTR = 0xA0;
    static final int FIXARRAY = 0x90;
    static final int FIXMAP = 0x80;

    private MutableDirectBuffer buffer;
    private int position;

    MsgPackWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.position = offset;
        return this;
    }

    int position()
    {
        return position;
    }

    /** Pre-encoded bytes, such as a key made by {@link #fixStr(String)}. */
    MsgPackWriter raw(final byte[] bytes)
    {
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    MsgPackWriter mapHeader(final int entries)
    {
        if (entries <= 15)
        {
            buffer.putByte(position++, (byte)(FIXMAP | entries));
        }
        else
        {
            buffer.putByte(position++, (byte)MAP16);
            buffer.putShort(position, (short)entries, ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        return this;
    }

    MsgPackWriter arrayHeader(final int elements)
    {
        if (elements <= 15)
        {
            buffer.putByte(position++, (byte)(FIXARRAY | elements));
        }
        else
        {
            buffer.putByte(position++, (byte)ARRAY16);
            buffer.putShort(position, (short)elements, ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        return this;
    }

    MsgPackWriter nil()
    {
        buffer.putByte(position++, (byte)NIL);
        return this;
    }

    MsgPackWriter bool(final boolean value)
    {
        buffer.putByte(position++, (byte)(value ? TRUE : FALSE));
        return this;
    }

    MsgPackWriter longValue(final long value)
    {
        if (value >= 0)
        {
            if (value <= 0x7F)
            {
                buffer.putByte(position++, (byte)value);
            }
            else if (value <= 0xFF)
            {
                buffer.putByte(position++, (byte)UINT8);
                buffer.putByte(position++, (byte)value);
            }
            else if (value <= 0xFFFF)
            {
                buffer.putByte(position++, (byte)UINT16);
                buffer.putShort(position, (short)value, ByteOrder.BIG_ENDIAN);
                position += 2;
            }
            else if (value <= 0xFFFF_FFFFL)
            {
                buffer.putByte(position++, (byte)UINT32);
                buffer.putInt(position, (int)value, ByteOrder.BIG_ENDIAN);
                position += 4;
            }
            else
            {
                buffer.putByte(position++, (byte)UINT64);
                buffer.putLong(position, value, ByteOrder.BIG_ENDIAN);
                position += 8;
            }
        }
        else if (value >= -32)
        {
            buffer.putByte(position++, (byte)value);
        }
        else if (value >= Byte.MIN_VALUE)
        {
            buffer.putByte(position++, (byte)INT8);
            buffer.putByte(position++, (byte)value);
        }
        else if (value >= Short.MIN_VALUE)
        {
            buffer.putByte(position++, (byte)INT16);
            buffer.putShort(position, (short)value, ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        else if (value >= Integer.MIN_VALUE)
        {
            buffer.putByte(position++, (byte)INT32);
            buffer.putInt(position, (int)value, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        else
        {
            buffer.putByte(position++, (byte)INT64);
            buffer.putLong(position, value, ByteOrder.BIG_ENDIAN);
            position += 8;
        }
        return this;
    }

    /** A long, or nil for {@link WireMessages#NO_VALUE}. */
    MsgPackWriter longOrNil(final long value)
    {
        return value == WireMessages.NO_VALUE ? nil() : longValue(value);
    }

    MsgPackWriter float64(final double value)
    {
        buffer.putByte(position++, (byte)FLOAT64);
        buffer.putDouble(position, value, ByteOrder.BIG_ENDIAN);
        position += 8;
        return this;
    }

    /**
     * A price: an integer when whole (smaller, and JavaScript makes the same number of it), else the float64
     * nearest to the decimal, which is what {@code JSON.parse} makes of the JSON text; nil when absent.
     */
    MsgPackWriter price(final long mantissa)
    {
        if (mantissa == WireMessages.NO_VALUE)
        {
            return nil();
        }
        if (mantissa % FixedPoint.SCALE == 0)
        {
            return longValue(mantissa / FixedPoint.SCALE);
        }
        return float64(DecimalDoubles.toDouble(mantissa));
    }

    /** A string of the longest prefix of whole code points of {@code text} whose UTF-8 fits the budget. */
    MsgPackWriter string(final CharSequence text, final int maxUtf8Bytes)
    {
        final int length = Texts.utf8Length(text, maxUtf8Bytes);
        strHeader(length);
        position += Texts.putUtf8(text, length, buffer, position);
        return this;
    }

    MsgPackWriter string(final CharSequence text)
    {
        return string(text, 0xFFFF);
    }

    private void strHeader(final int length)
    {
        if (length <= 31)
        {
            buffer.putByte(position++, (byte)(FIXSTR | length));
        }
        else if (length <= 0xFF)
        {
            buffer.putByte(position++, (byte)STR8);
            buffer.putByte(position++, (byte)length);
        }
        else
        {
            buffer.putByte(position++, (byte)STR16);
            buffer.putShort(position, (short)length, ByteOrder.BIG_ENDIAN);
            position += 2;
        }
    }

    /**
     * Pre-encodes a short ASCII string (a key or a constant value) as a fixstr.
     *
     * @param text at most 31 ASCII characters.
     * @return header and bytes.
     */
    static byte[] fixStr(final String text)
    {
        final byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        if (chars.length > 31)
        {
            throw new IllegalArgumentException("fixstr holds at most 31 bytes: " + text);
        }
        final byte[] encoded = new byte[chars.length + 1];
        encoded[0] = (byte)(FIXSTR | chars.length);
        System.arraycopy(chars, 0, encoded, 1, chars.length);
        return encoded;
    }
}
