package io.tickwire.codecs;

import org.agrona.DirectBuffer;

/**
 * A reusable {@link CharSequence} view of ASCII bytes in a buffer, so that text fields of a record can be handed
 * to {@link FixedPoint} and {@link Timestamps} without copying or allocating.
 * <p>
 * Not thread-safe: wrap, use, rewrap.
 */
public final class AsciiSequence implements CharSequence
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Points this view at {@code buffer[offset, offset + length)}.
     *
     * @param buffer holding ASCII text.
     * @param offset of the first byte.
     * @param length in bytes.
     * @return this.
     */
    public AsciiSequence wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        return (char)(buffer.getByte(offset + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return new AsciiSequence().wrap(buffer, offset + start, end - start);
    }

    @Override
    public String toString()
    {
        return buffer.getStringWithoutLengthAscii(offset, length);
    }
}
