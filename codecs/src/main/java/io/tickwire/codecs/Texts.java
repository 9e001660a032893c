package io.tickwire.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Text chores the codecs share without allocating: UTF-8 length and writing with a byte budget, hashing a
 * {@link CharSequence} by content, and debug printing of prices. Stateless.
 */
final class Texts
{
    private static final byte REPLACEMENT = (byte)'?';

    private Texts()
    {
    }

    /**
     * UTF-8 length of the longest prefix of whole code points of {@code text} that fits {@code maxBytes};
     * unpaired surrogates count as one byte because {@link #putUtf8} writes them as {@code '?'}.
     */
    static int utf8Length(final CharSequence text, final int maxBytes)
    {
        int bytes = 0;
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            final int width;
            if (c < 0x80)
            {
                width = 1;
            }
            else if (c < 0x800)
            {
                width = 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                width = 4;
            }
            else if (Character.isSurrogate(c))
            {
                width = 1;
            }
            else
            {
                width = 3;
            }
            if (bytes + width > maxBytes)
            {
                break;
            }
            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }
        return bytes;
    }

    /**
     * Writes exactly {@code byteLength} bytes of {@code text} as UTF-8, where {@code byteLength} came from
     * {@link #utf8Length(CharSequence, int)}.
     *
     * @return the bytes written, equal to {@code byteLength}.
     */
    static int putUtf8(final CharSequence text, final int byteLength, final MutableDirectBuffer dst, final int offset)
    {
        int position = offset;
        final int limit = offset + byteLength;
        for (int i = 0; position < limit; i++)
        {
            final char c = text.charAt(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                codePoint = Character.toCodePoint(c, text.charAt(++i));
            }
            else if (Character.isSurrogate(c))
            {
                codePoint = REPLACEMENT;
            }
            position += putCodePoint(codePoint, dst, position);
        }
        return position - offset;
    }

    /**
     * Writes one code point as UTF-8.
     *
     * @return bytes written, 1 to 4.
     */
    static int putCodePoint(final int codePoint, final MutableDirectBuffer dst, final int offset)
    {
        if (codePoint < 0x80)
        {
            dst.putByte(offset, (byte)codePoint);
            return 1;
        }
        if (codePoint < 0x800)
        {
            dst.putByte(offset, (byte)(0xC0 | (codePoint >> 6)));
            dst.putByte(offset + 1, (byte)(0x80 | (codePoint & 0x3F)));
            return 2;
        }
        if (codePoint < 0x10000)
        {
            dst.putByte(offset, (byte)(0xE0 | (codePoint >> 12)));
            dst.putByte(offset + 1, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
            dst.putByte(offset + 2, (byte)(0x80 | (codePoint & 0x3F)));
            return 3;
        }
        dst.putByte(offset, (byte)(0xF0 | (codePoint >> 18)));
        dst.putByte(offset + 1, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
        dst.putByte(offset + 2, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
        dst.putByte(offset + 3, (byte)(0x80 | (codePoint & 0x3F)));
        return 4;
    }

    /**
     * Writes ASCII text byte for byte; characters above 0x7F become {@code '?'}.
     *
     * @return bytes written.
     */
    static int putAscii(final CharSequence text, final MutableDirectBuffer dst, final int offset)
    {
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            dst.putByte(offset + i, c < 0x80 ? (byte)c : REPLACEMENT);
        }
        return length;
    }

    /**
     * Decodes strict UTF-8 (no overlong forms, no surrogates) and appends it.
     *
     * @return false, with {@code dst} partly appended, when the bytes are not valid UTF-8.
     */
    static boolean appendUtf8(final DirectBuffer src, final int offset, final int length, final StringBuilder dst)
    {
        int i = offset;
        final int limit = offset + length;
        while (i < limit)
        {
            final int lead = src.getByte(i++) & 0xFF;
            if (lead < 0x80)
            {
                dst.append((char)lead);
                continue;
            }
            final int extra;
            final int min;
            int codePoint;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                extra = 1;
                min = 0x80;
                codePoint = lead & 0x1F;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                extra = 2;
                min = 0x800;
                codePoint = lead & 0x0F;
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                extra = 3;
                min = 0x10000;
                codePoint = lead & 0x07;
            }
            else
            {
                return false;
            }
            if (limit - i < extra)
            {
                return false;
            }
            for (int k = 0; k < extra; k++)
            {
                final int b = src.getByte(i++) & 0xFF;
                if ((b & 0xC0) != 0x80)
                {
                    return false;
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
            }
            if (codePoint < min || codePoint > Character.MAX_CODE_POINT ||
                (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE))
            {
                return false;
            }
            dst.appendCodePoint(codePoint);
        }
        return true;
    }

    static int hash(final CharSequence text)
    {
        int hash = 0;
        for (int i = 0; i < text.length(); i++)
        {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    static StringBuilder appendPrice(final StringBuilder sb, final long mantissa)
    {
        return mantissa == WireMessages.NO_VALUE ? sb.append("absent") : FixedPoint.append(mantissa, sb);
    }
}
