package io.tickwire.persist;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.tickwire.engine.bars.Symbols;

/**
 * Interns the few distinct symbol, exchange and trade-id strings a writer sees, so that filling batches allocates
 * nothing once they are known. Trade ids are usually unique, so they bypass the cache beyond a bound.
 */
final class StringCache
{
    private static final int MAX_IDS = 4096;

    private final Map<Long, String> singleWord = new HashMap<>();
    private final Map<String, String> others = new HashMap<>();
    private long lastWord0 = -1;
    private long lastWord1 = -1;
    private String last;

    String symbol(final long word0, final long word1)
    {
        if (word0 == lastWord0 && word1 == lastWord1)
        {
            return last;
        }
        String name;
        if (word1 == 0)
        {
            name = singleWord.get(word0);
            if (name == null)
            {
                name = Symbols.unpack(word0, 0);
                singleWord.put(word0, name);
            }
        }
        else
        {
            final String fresh = Symbols.unpack(word0, word1);
            name = others.computeIfAbsent(fresh, k -> k);
        }
        lastWord0 = word0;
        lastWord1 = word1;
        last = name;
        return name;
    }

    String ascii(final byte[] bytes, final int length)
    {
        final String fresh = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        if (others.size() >= MAX_IDS)
        {
            return fresh;
        }
        return others.computeIfAbsent(fresh, k -> k);
    }
}
