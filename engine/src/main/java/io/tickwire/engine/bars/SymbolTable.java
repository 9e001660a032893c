package io.tickwire.engine.bars;

import java.util.Arrays;

/**
 * Interns packed symbols ({@link Symbols#pack}) to dense ids 0, 1, 2… in order of first sight, with an
 * open-addressing table so that a lookup allocates nothing; only a new symbol allocates its name.
 * <p>
 * Not thread-safe: owned by the engine thread. {@link #name(int)} may be read by others for ids they received
 * through a ring, which orders the write of the name before the read.
 */
public final class SymbolTable
{
    /** Returned by {@link #intern} when the table holds {@link #capacity()} symbols already. */
    public static final int FULL = -1;

    private final int maxSymbols;
    private long[] keys0;
    private long[] keys1;
    private int[] ids;
    private int mask;
    private volatile String[] names;
    private int size;

    /**
     * A table that accepts up to {@code maxSymbols} symbols.
     *
     * @param maxSymbols the most symbols ever interned.
     */
    public SymbolTable(final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        allocate(64);
        names = new String[64];
    }

    /**
     * The id of a packed symbol, assigning the next id on first sight.
     *
     * @param word0 characters 0 to 7.
     * @param word1 characters 8 to 15.
     * @return the id, or {@link #FULL}.
     */
    public int intern(final long word0, final long word1)
    {
        final int existing = find(word0, word1);
        if (existing >= 0)
        {
            return existing;
        }
        if (size == maxSymbols)
        {
            return FULL;
        }
        if ((size + 1) * 2 > ids.length)
        {
            rehash(ids.length * 2);
        }
        final int id = size++;
        insert(word0, word1, id);
        if (id == names.length)
        {
            names = Arrays.copyOf(names, names.length * 2);
        }
        names[id] = Symbols.unpack(word0, word1);
        return id;
    }

    /**
     * The id of a packed symbol without assigning one.
     *
     * @param word0 characters 0 to 7.
     * @param word1 characters 8 to 15.
     * @return the id, or -1 when unknown.
     */
    public int find(final long word0, final long word1)
    {
        int slot = hash(word0, word1) & mask;
        while (true)
        {
            final int id = ids[slot];
            if (id < 0)
            {
                return -1;
            }
            if (keys0[slot] == word0 && keys1[slot] == word1)
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * The id of a symbol given as text; allocates nothing.
     *
     * @param symbol the symbol.
     * @return the id, or -1 when unknown or invalid.
     */
    public int find(final String symbol)
    {
        if (!Symbols.isValid(symbol))
        {
            return -1;
        }
        return find(Symbols.pack(symbol, 0, symbol.length(), 0), Symbols.pack(symbol, 0, symbol.length(), 1));
    }

    /**
     * The symbol of an id.
     *
     * @param id from {@link #intern}.
     * @return its text.
     */
    public String name(final int id)
    {
        return names[id];
    }

    /**
     * Number of interned symbols.
     *
     * @return ids in use are 0 to size - 1.
     */
    public int size()
    {
        return size;
    }

    /**
     * The most symbols this table accepts.
     *
     * @return its capacity.
     */
    public int capacity()
    {
        return maxSymbols;
    }

    private void allocate(final int slots)
    {
        keys0 = new long[slots];
        keys1 = new long[slots];
        ids = new int[slots];
        Arrays.fill(ids, -1);
        mask = slots - 1;
    }

    private void rehash(final int slots)
    {
        final long[] oldKeys0 = keys0;
        final long[] oldKeys1 = keys1;
        final int[] oldIds = ids;
        allocate(slots);
        for (int i = 0; i < oldIds.length; i++)
        {
            if (oldIds[i] >= 0)
            {
                insert(oldKeys0[i], oldKeys1[i], oldIds[i]);
            }
        }
    }

    private void insert(final long word0, final long word1, final int id)
    {
        int slot = hash(word0, word1) & mask;
        while (ids[slot] >= 0)
        {
            slot = (slot + 1) & mask;
        }
        keys0[slot] = word0;
        keys1[slot] = word1;
        ids[slot] = id;
    }

    private static int hash(final long word0, final long word1)
    {
        long h = word0 * 0x9E3779B97F4A7C15L + word1;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int)(h ^ (h >>> 32));
    }
}
