package io.tickwire.persist.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;

/**
 * Upserts final bars into {@code bars:{SYMBOL}:{tf}} sorted sets, one round trip per call: the bars are grouped by
 * key and each group is one call of a Lua script that, per bar, keeps whatever is stored at the same start when its
 * rev is higher and otherwise replaces it (ZREMRANGEBYSCORE of that start, then ZADD), then trims the key to the
 * newest {@code maxBarsPerKey} bars, refreshes its TTL and raises {@code tickwire:bars:newest:{tf}}.
 * <p>
 * Scores are window starts in epoch milliseconds: integers below 2^53, so exact as doubles (bar starts are whole
 * seconds). Not thread-safe: used by one writer at a time on its own connection.
 */
final class BarUpserter
{
    /** Most bars per script call, so that one call never holds Redis for long. */
    static final int MAX_BARS_PER_CALL = 256;

    static final String SCRIPT = String.join("\n",
        "local key = KEYS[1]",
        "local ttl = ARGV[2]",
        "local written = 0",
        "for i = 4, #ARGV, 3 do",
        "  local score = ARGV[i]",
        "  local rev = tonumber(ARGV[i + 1])",
        "  local current = redis.call('ZRANGEBYSCORE', key, score, score)",
        "  local keep = false",
        "  for _, member in ipairs(current) do",
        "    local stored = tonumber(string.match(member, '\"rev\":(%d+)'))",
        "    if stored ~= nil and stored > rev then keep = true end",
        "  end",
        "  if not keep then",
        "    if #current > 0 then redis.call('ZREMRANGEBYSCORE', key, score, score) end",
        "    redis.call('ZADD', key, score, ARGV[i + 2])",
        "    written = written + 1",
        "  end",
        "end",
        "redis.call('ZREMRANGEBYRANK', key, 0, -tonumber(ARGV[1]) - 1)",
        "redis.call('EXPIRE', key, ttl)",
        "local newest = redis.call('GET', KEYS[2])",
        "if newest == false or tonumber(ARGV[3]) > tonumber(newest) then",
        "  redis.call('SET', KEYS[2], ARGV[3], 'EX', ttl)",
        "else",
        "  redis.call('EXPIRE', KEYS[2], ttl)",
        "end",
        "return written");

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final RedisStore store;
    private final String maxBarsPerKey;
    private final String ttlSeconds;
    private final StringBuilder scratch = new StringBuilder(256);
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private String sha;

    BarUpserter(final RedisStore store, final int maxBarsPerKey, final long ttlSeconds)
    {
        if (maxBarsPerKey < 1 || ttlSeconds < 1)
        {
            throw new IllegalArgumentException("bars per key and TTL must be positive");
        }
        this.store = store;
        this.maxBarsPerKey = Integer.toString(maxBarsPerKey);
        this.ttlSeconds = Long.toString(ttlSeconds);
    }

    /**
     * Upserts bars in one pipelined round trip.
     *
     * @param connection a dedicated connection with automatic flushing off.
     * @param bars       bars in emission order.
     * @return bars stored (new or replacing one of no higher rev); the rest met a higher rev.
     * @throws StoreUnavailableException when Redis refused or did not answer in time.
     */
    long upsert(final StatefulRedisConnection<String, String> connection, final List<BarRecord> bars)
        throws StoreUnavailableException
    {
        if (bars.isEmpty())
        {
            return 0;
        }
        final List<String[]> keys = new ArrayList<>();
        final List<String[]> args = new ArrayList<>();
        group(bars, keys, args);
        try
        {
            return run(connection, keys, args);
        }
        catch (final StoreUnavailableException ex)
        {
            if (!(ex.getCause() instanceof RedisNoScriptException))
            {
                throw ex;
            }
            sha = null; // Redis restarted or SCRIPT FLUSH: load again and retry once.
            return run(connection, keys, args);
        }
    }

    private long run(final StatefulRedisConnection<String, String> connection, final List<String[]> keys,
        final List<String[]> args) throws StoreUnavailableException
    {
        final RedisAsyncCommands<String, String> async = connection.async();
        if (sha == null)
        {
            final RedisFuture<String> load = async.scriptLoad(SCRIPT);
            connection.flushCommands();
            sha = store.await(load, store.writeDeadlineNs(), "SCRIPT LOAD");
        }
        final List<RedisFuture<Long>> calls = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++)
        {
            calls.add(async.evalsha(sha, ScriptOutputType.INTEGER, keys.get(i), args.get(i)));
        }
        connection.flushCommands();
        final long deadlineNs = store.writeDeadlineNs();
        long written = 0;
        StoreUnavailableException first = null;
        for (final RedisFuture<Long> call : calls)
        {
            try
            {
                written += store.await(call, deadlineNs, "bar upsert");
            }
            catch (final StoreUnavailableException ex)
            {
                if (first == null)
                {
                    first = ex;
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
        return written;
    }

    private void group(final List<BarRecord> bars, final List<String[]> keys, final List<String[]> args)
    {
        groups.clear();
        for (final BarRecord bar : bars)
        {
            final String key = RedisKeys.bars(bar.symbol(), bar.tf());
            Group group = groups.get(key);
            if (group == null || group.count == MAX_BARS_PER_CALL)
            {
                if (group != null)
                {
                    group.flushTo(keys, args);
                }
                group = new Group(key, RedisKeys.newestBar(bar.tf()));
                groups.put(key, group);
            }
            final long startMs = Math.floorDiv(bar.startNs(), NANOS_PER_MILLI);
            group.maxStartMs = Math.max(group.maxStartMs, startMs);
            group.values.add(Long.toString(startMs));
            group.values.add(Integer.toString(bar.rev()));
            scratch.setLength(0);
            group.values.add(BarJson.append(bar, scratch).toString());
            group.count++;
        }
        for (final Group group : groups.values())
        {
            group.flushTo(keys, args);
        }
        groups.clear();
    }

    private final class Group
    {
        private final String[] keys;
        private final List<String> values = new ArrayList<>();
        private long maxStartMs = Long.MIN_VALUE;
        private int count;

        private Group(final String key, final String newestKey)
        {
            keys = new String[] {key, newestKey};
            values.add(maxBarsPerKey);
            values.add(ttlSeconds);
            values.add(""); // the group's newest start, known once all its bars are in
        }

        private void flushTo(final List<String[]> allKeys, final List<String[]> allArgs)
        {
            values.set(2, Long.toString(maxStartMs));
            allKeys.add(keys);
            allArgs.add(values.toArray(new String[0]));
        }
    }
}
