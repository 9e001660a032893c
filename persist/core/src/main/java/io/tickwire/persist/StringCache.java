package io.tickwire.persist;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.tickwire.engine.bars.Symbols;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Interns the few distinct symbol, exchange and trade-id strings a writer sees, so that filling batches allocates
 * nothing once they are known. Trade ids are usually unique, so they bypass the cache beyond a bound.
 * <p>
 * Packed words are looked up in primitive-keyed maps (no boxing, no garbage) behind a two-entry cache of the most
 * recent names, which a batch of one symbol with an exchange hits every time.
 */
final class StringCache
{
    private static final int MAX_IDS = 4096;

    private final Long2ObjectHashMap<String> singleWord = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Long2ObjectHashMap<String>> twoWords = new Long2ObjectHashMap<>();
    private final Map<String, String> ids = new HashMap<>();
    // The two most recent distinct names: a batch alternates symbol and exchange lookups.
    private long recentWord0 = -1;
    private long recentWord1 = -1;
    private String recent;
    private long olderWord0 = -1;
    private long olderWord1 = -1;
    private String older;

    String symbol(final long word0, final long word1)
    {
        if (word0 == recentWord0 && word1 == recentWord1)
        {
            return recent;
        }
        final String name = word0 == olderWord0 && word1 == olderWord1 ? older : lookup(word0, word1);
        olderWord0 = recentWord0;
        olderWord1 = recentWord1;
        older = recent;
        recentWord0 = word0;
        recentWord1 = word1;
        recent = name;
        return name;
    }

    private String lookup(final long word0, final long word1)
    {
        if (word1 == 0)
        {
            String name = singleWord.get(word0);
            if (name == null)
            {
                name = Symbols.unpack(word0, 0);
                singleWord.put(word0, name);
            }
            return name;
        }
        Long2ObjectHashMap<String> second = twoWords.get(word0);
        if (second == null)
        {
            second = new Long2ObjectHashMap<>();
            twoWords.put(word0, second);
        }
        String name = second.get(word1);
        if (name == null)
        {
            name = Symbols.unpack(word0, word1);
            second.put(word1, name);
        }
        return name;
    }

    String ascii(final byte[] bytes, final int length)
    {
        final String fresh = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        if (ids.size() >= MAX_IDS)
        {
            return fresh;
        }
        return ids.computeIfAbsent(fresh, k -> k);
    }
}
