package io.tickwire.engine.bars;

/**
 * Symbol syntax (1 to 16 characters from {@code A-Z 0-9 . _ : / -}) and its packing into two longs, eight ASCII
 * bytes each, little-endian, zero-padded: the allocation-free form in which symbols travel through the ring.
 * <p>
 * Stateless and thread-safe.
 */
public final class Symbols
{
    /** Longest symbol accepted. */
    public static final int MAX_LENGTH = 16;

    private static final boolean[] ALLOWED = new boolean[128];

    static
    {
        for (char c = 'A'; c <= 'Z'; c++)
        {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++)
        {
            ALLOWED[c] = true;
        }
        for (final char c : new char[]{'.', '_', ':', '/', '-'})
        {
            ALLOWED[c] = true;
        }
    }

    private Symbols()
    {
    }

    /**
     * Whether a character may appear in a symbol.
     *
     * @param c the character.
     * @return true for {@code A-Z 0-9 . _ : / -}.
     */
    public static boolean isAllowed(final char c)
    {
        return c < 128 && ALLOWED[c];
    }

    /**
     * Whether {@code text[start, end)} is a valid symbol.
     *
     * @param text  the characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @return true when valid.
     */
    public static boolean isValid(final CharSequence text, final int start, final int end)
    {
        final int length = end - start;
        if (length < 1 || length > MAX_LENGTH)
        {
            return false;
        }
        for (int i = start; i < end; i++)
        {
            if (!isAllowed(text.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a string is a valid symbol.
     *
     * @param symbol the text, may be null.
     * @return true when valid.
     */
    public static boolean isValid(final String symbol)
    {
        return symbol != null && isValid(symbol, 0, symbol.length());
    }

    /**
     * Packs characters 0 to 7 (word 0) or 8 to 15 (word 1) of a valid symbol.
     *
     * @param text  a valid symbol's characters.
     * @param start first index, inclusive.
     * @param end   last index, exclusive.
     * @param word  0 or 1.
     * @return the packed word.
     */
    public static long pack(final CharSequence text, final int start, final int end, final int word)
    {
        long packed = 0;
        final int from = start + word * 8;
        final int to = Math.min(end, from + 8);
        for (int i = to - 1; i >= from; i--)
        {
            packed = (packed << 8) | (text.charAt(i) & 0xFF);
        }
        return packed;
    }

    /**
     * Unpacks a symbol; allocates, so only for the first sight of a symbol or off the hot path.
     *
     * @param word0 characters 0 to 7.
     * @param word1 characters 8 to 15.
     * @return the symbol text.
     */
    public static String unpack(final long word0, final long word1)
    {
        final StringBuilder sb = new StringBuilder(MAX_LENGTH);
        appendWord(sb, word0);
        appendWord(sb, word1);
        return sb.toString();
    }

    private static void appendWord(final StringBuilder sb, final long word)
    {
        long rest = word;
        while (rest != 0)
        {
            sb.append((char)(rest & 0xFF));
            rest >>>= 8;
        }
    }
}
