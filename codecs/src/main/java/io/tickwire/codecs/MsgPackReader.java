package io.tickwire.codecs;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import static io.tickwire.codecs.MsgPackWriter.FALSE;
import static io.tickwire.codecs.MsgPackWriter.FLOAT64;
import static io.tickwire.codecs.MsgPackWriter.INT16;
import static io.tickwire.codecs.MsgPackWriter.INT32;
import static io.tickwire.codecs.MsgPackWriter.INT64;
import static io.tickwire.codecs.MsgPackWriter.INT8;
import static io.tickwire.codecs.MsgPackWriter.NIL;
import static io.tickwire.codecs.MsgPackWriter.TRUE;
import static io.tickwire.codecs.MsgPackWriter.UINT16;
import static io.tickwire.codecs.MsgPackWriter.UINT32;
import static io.tickwire.codecs.MsgPackWriter.UINT64;
import static io.tickwire.codecs.MsgPackWriter.UINT8;

/**
 * Bounds-checked MessagePack pull reader over a buffer. Every method returns false on bad or truncated input and
 * records the first reason instead of throwing; lengths are checked against the bytes left before use, so a
 * hostile length cannot cause a large allocation or an out-of-bounds read. Not thread-safe; no allocation.
 */
final class MsgPackReader
{
    private static final int FLOAT32 = 0xCA;
    private static final int STR8 = 0xD9;
    private static final int STR16 = 0xDA;
    private static final int STR32 = 0xDB;
    private static final int ARRAY16 = 0xDC;
    private static final int ARRAY32 = 0xDD;
    private static final int MAP16 = 0xDE;
    private static final int MAP32 = 0xDF;

    private DirectBuffer buffer;
    private int position;
    private int limit;
    private String error;
    private long longValue;
    private double doubleValue;
    private boolean isDouble;
    private boolean booleanValue;
    private int count;

    MsgPackReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.error = null;
        return this;
    }

    String error()
    {
        return error;
    }

    boolean fail(final String reason)
    {
        if (error == null)
        {
            error = reason;
        }
        return false;
    }

    boolean atEnd()
    {
        return position == limit;
    }

    /** Length read by the last header or string call. */
    int count()
    {
        return count;
    }

    long longValue()
    {
        return longValue;
    }

    double doubleValue()
    {
        return doubleValue;
    }

    /** Whether the last number read was a float. */
    boolean isDouble()
    {
        return isDouble;
    }

    boolean booleanValue()
    {
        return booleanValue;
    }

    private int peekByte()
    {
        return position < limit ? buffer.getByte(position) & 0xFF : -1;
    }

    private boolean need(final long bytes)
    {
        return limit - position >= bytes || fail("truncated");
    }

    boolean readMapHeader()
    {
        final int b = peekByte();
        if (b >= 0x80 && b <= 0x8F)
        {
            position++;
            count = b & 0x0F;
            return true;
        }
        if (b == MAP16 || b == MAP32)
        {
            return readLength(b == MAP16 ? 2 : 4) || fail("truncated");
        }
        return fail("expected a map");
    }

    boolean readArrayHeader()
    {
        final int b = peekByte();
        if (b >= 0x90 && b <= 0x9F)
        {
            position++;
            count = b & 0x0F;
            return true;
        }
        if (b == ARRAY16 || b == ARRAY32)
        {
            return readLength(b == ARRAY16 ? 2 : 4) || fail("truncated");
        }
        return fail("expected an array");
    }

    /** After a one-byte format: a big-endian unsigned length of {@code width} bytes into {@link #count()}. */
    private boolean readLength(final int width)
    {
        if (limit - position < 1 + width)
        {
            return false;
        }
        position++;
        final long length = width == 1 ? buffer.getByte(position) & 0xFFL :
            width == 2 ? buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFFL :
            buffer.getInt(position, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        position += width;
        // Each element takes at least one byte, and a string its length: more than what is left is a lie.
        if (length > limit - position)
        {
            return fail("length exceeds the frame");
        }
        count = (int)length;
        return true;
    }

    /** Reads a string, UTF-8 decoded, into {@code dst} (cleared first). */
    boolean readString(final StringBuilder dst, final int maxBytes)
    {
        dst.setLength(0);
        final int b = peekByte();
        if (b >= 0xA0 && b <= 0xBF)
        {
            position++;
            count = b & 0x1F;
            if (!need(count))
            {
                return false;
            }
        }
        else if (b == STR8 || b == STR16 || b == STR32)
        {
            if (!readLength(b == STR8 ? 1 : b == STR16 ? 2 : 4))
            {
                return fail("truncated");
            }
        }
        else
        {
            return fail("expected a string");
        }
        if (count > maxBytes)
        {
            return fail("string too long");
        }
        final boolean valid = Texts.appendUtf8(buffer, position, count, dst);
        position += count;
        return valid || fail("invalid UTF-8");
    }

    boolean consumeNil()
    {
        if (peekByte() == NIL)
        {
            position++;
            return true;
        }
        return false;
    }

    boolean readBoolean()
    {
        final int b = peekByte();
        if (b == TRUE || b == FALSE)
        {
            position++;
            booleanValue = b == TRUE;
            return true;
        }
        return fail("expected a boolean");
    }

    /** Reads an integer of any width that fits a long into {@link #longValue()}. */
    boolean readLong()
    {
        return readNumber(false);
    }

    /** Reads an integer or a float into {@link #longValue()} or {@link #doubleValue()} ({@link #isDouble()}). */
    boolean readNumber()
    {
        return readNumber(true);
    }

    private boolean readNumber(final boolean floatsAllowed)
    {
        final int b = peekByte();
        isDouble = false;
        if (b >= 0 && (b <= 0x7F || b >= 0xE0))
        {
            position++;
            longValue = (byte)b;
            return true;
        }
        final int width;
        switch (b)
        {
            case UINT8:
            case INT8:
                width = 1;
                break;
            case UINT16:
            case INT16:
                width = 2;
                break;
            case UINT32:
            case INT32:
            case FLOAT32:
                width = 4;
                break;
            case UINT64:
            case INT64:
            case FLOAT64:
                width = 8;
                break;
            default:
                return fail(floatsAllowed ? "expected a number" : "expected an integer");
        }
        if ((b == FLOAT32 || b == FLOAT64) && !floatsAllowed)
        {
            return fail("expected an integer");
        }
        if (!need(1 + width))
        {
            return false;
        }
        final int at = position + 1;
        position += 1 + width;
        switch (b)
        {
            case UINT8:
                longValue = buffer.getByte(at) & 0xFFL;
                return true;
            case INT8:
                longValue = buffer.getByte(at);
                return true;
            case UINT16:
                longValue = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFFL;
                return true;
            case INT16:
                longValue = buffer.getShort(at, ByteOrder.BIG_ENDIAN);
                return true;
            case UINT32:
                longValue = buffer.getInt(at, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                return true;
            case INT32:
                longValue = buffer.getInt(at, ByteOrder.BIG_ENDIAN);
                return true;
            case UINT64:
                longValue = buffer.getLong(at, ByteOrder.BIG_ENDIAN);
                return longValue >= 0 || fail("integer out of range");
            case INT64:
                longValue = buffer.getLong(at, ByteOrder.BIG_ENDIAN);
                return true;
            case FLOAT32:
                isDouble = true;
                doubleValue = buffer.getFloat(at, ByteOrder.BIG_ENDIAN);
                return true;
            default:
                isDouble = true;
                doubleValue = buffer.getDouble(at, ByteOrder.BIG_ENDIAN);
                return true;
        }
    }

    /**
     * Skips one value of any type.
     *
     * @param depth how many more levels of maps and arrays are allowed.
     */
    boolean skipValue(final int depth)
    {
        final int b = peekByte();
        if (b < 0)
        {
            return fail("truncated");
        }
        if (b <= 0x7F || b >= 0xE0 || b == NIL || b == TRUE || b == FALSE)
        {
            position++;
            return true;
        }
        if ((b >= 0x80 && b <= 0x8F) || b == MAP16 || b == MAP32)
        {
            return readMapHeader() && skipElements(2L * count, depth);
        }
        if ((b >= 0x90 && b <= 0x9F) || b == ARRAY16 || b == ARRAY32)
        {
            return readArrayHeader() && skipElements(count, depth);
        }
        if ((b >= 0xA0 && b <= 0xBF) || b == STR8 || b == STR16 || b == STR32)
        {
            final int width = b >= 0xA0 && b <= 0xBF ? 0 : b == STR8 ? 1 : b == STR16 ? 2 : 4;
            return skipSized(width, b & 0x1F, 0);
        }
        switch (b)
        {
            case 0xC4: // bin 8, 16, 32
            case 0xC5:
            case 0xC6:
                return skipSized(1 << (b - 0xC4), 0, 0);
            case 0xC7: // ext 8, 16, 32: length then a type byte
            case 0xC8:
            case 0xC9:
                return skipSized(1 << (b - 0xC7), 0, 1);
            case 0xD4: // fixext 1, 2, 4, 8, 16: a type byte then the data
            case 0xD5:
            case 0xD6:
            case 0xD7:
            case 0xD8:
                return need(2L + (1 << (b - 0xD4))) && advance(2 + (1 << (b - 0xD4)));
            default:
                return readNumber(true);
        }
    }

    private boolean skipSized(final int lengthWidth, final int fixLength, final int extra)
    {
        if (lengthWidth == 0)
        {
            return need(1L + fixLength) && advance(1 + fixLength);
        }
        if (!readLength(lengthWidth))
        {
            return fail("truncated");
        }
        return need((long)count + extra) && advance(count + extra);
    }

    private boolean skipElements(final long elements, final int depth)
    {
        if (depth <= 0)
        {
            return fail("nested too deeply");
        }
        for (long i = 0; i < elements; i++)
        {
            if (!skipValue(depth - 1))
            {
                return false;
            }
        }
        return true;
    }

    private boolean advance(final int bytes)
    {
        position += bytes;
        return true;
    }
}
