package io.tickwire.persist;

import java.util.ArrayList;
import java.util.List;

import io.tickwire.engine.bars.Symbols;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Interns the few distinct symbol and exchange names a writer sees, each with a dense id (0, 1, 2… in order of
 * first sight), so that filling batches allocates nothing once they are known and sinks can keep per-symbol state
 * in arrays instead of hash maps.
 * <p>
 * Packed words are looked up in primitive-keyed maps (no boxing, no garbage) behind a two-entry cache of the most
 * recent names, which a batch of one symbol with an exchange hits every time.
 */
final class StringCache
{
    private final Long2ObjectHashMap<Name> singleWord = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Long2ObjectHashMap<Name>> twoWords = new Long2ObjectHashMap<>();
    private final List<Name> byId = new ArrayList<>();
    // The two most recent distinct names: a batch alternates symbol and exchange lookups.
    private long recentWord0 = -1;
    private long recentWord1 = -1;
    private Name recent;
    private long olderWord0 = -1;
    private long olderWord1 = -1;
    private Name older;

    /** An interned name and its dense id. */
    record Name(String text, int id)
    {
    }

    Name name(final long word0, final long word1)
    {
        if (word0 == recentWord0 && word1 == recentWord1)
        {
            return recent;
        }
        final Name name = word0 == olderWord0 && word1 == olderWord1 ? older : lookup(word0, word1);
        olderWord0 = recentWord0;
        olderWord1 = recentWord1;
        older = recent;
        recentWord0 = word0;
        recentWord1 = word1;
        recent = name;
        return name;
    }

    String symbol(final long word0, final long word1)
    {
        return name(word0, word1).text();
    }

    /** The name with a dense id, or null for an id never handed out. */
    String byId(final int id)
    {
        return id >= 0 && id < byId.size() ? byId.get(id).text() : null;
    }

    private Name lookup(final long word0, final long word1)
    {
        if (word1 == 0)
        {
            Name name = singleWord.get(word0);
            if (name == null)
            {
                name = fresh(Symbols.unpack(word0, 0));
                singleWord.put(word0, name);
            }
            return name;
        }
        Long2ObjectHashMap<Name> second = twoWords.get(word0);
        if (second == null)
        {
            second = new Long2ObjectHashMap<>();
            twoWords.put(word0, second);
        }
        Name name = second.get(word1);
        if (name == null)
        {
            name = fresh(Symbols.unpack(word0, word1));
            second.put(word1, name);
        }
        return name;
    }

    private Name fresh(final String text)
    {
        final Name name = new Name(text, byId.size());
        byId.add(name);
        return name;
    }
}
