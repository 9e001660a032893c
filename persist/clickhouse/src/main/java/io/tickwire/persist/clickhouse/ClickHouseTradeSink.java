package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.OutputStream;

import com.clickhouse.client.api.DataStreamWriter;
import io.tickwire.persist.TradeBatch;
import io.tickwire.persist.TradeSink;
import org.agrona.collections.Object2LongHashMap;

/**
 * Writes the trades of each {@link TradeBatch} (quotes are skipped) into {@code trades} with one RowBinary insert
 * per batch, encoded by hand into a reused buffer before the request starts.
 * <p>
 * Exactly once: {@link #lastWrittenSeq()} is {@code max(seq)} of this sink's source read back from the table. A
 * batch of at most a million rows is one insert block, so the server stores all of it or none of it when the insert
 * fails; and when a body is cut short at a row boundary (18.16 then stores what it received: the client died in
 * the middle of a request), what it stores is a prefix of the batch in seq order, so resuming at
 * {@code lastWrittenSeq() + 1} still writes every row once.
 * <p>
 * Lateness: each trade row carries {@code late_1m}, 1 when SPEC section 4 leaves the trade out of its 1-minute bar,
 * so that {@code ohlc_1m} (whose materialized view skips those rows) equals the engine's 1m bars. Per symbol the
 * sink keeps the largest ts of the trades before the row (quotes do not count); the trade is late when its
 * minute's end is at or before that maximum minus the grace. That state always describes exactly the stored trades
 * in its scope, which are those up to {@link #lastWrittenSeq()}: it is loaded from the table ({@code max(ts)} per
 * symbol) before the first write and again after any write that failed or any {@link #encode} outside
 * {@link #write} (the store then holds a prefix of the batch, and the writer resends the rest), and it advances only
 * by rows whose insert then succeeds. The scope of a live sink is every live row ({@code source = 0}): the engine's
 * state spans the whole journal. The scope of a backfill sink is the backfill rows from the first seq this sink
 * instance was given: one backfill run uses one sink and computes its bars with a fresh engine, and its seqs
 * continue after every earlier run's, so an earlier run's rows (perhaps of later times) must not make this run's
 * trades late.
 * <p>
 * Not thread-safe: driven by one writer agent.
 */
public final class ClickHouseTradeSink implements TradeSink
{
    /** {@code source} of rows from the live journal: the only ones {@link #lastWrittenSeq()} of a live sink sees. */
    public static final int SOURCE_LIVE = 0;
    /** {@code source} of backfilled rows. */
    public static final int SOURCE_BACKFILL = 1;

    /** Grace of SPEC section 4 when none is configured: 5 s. */
    public static final long DEFAULT_GRACE_NS = 5_000_000_000L;

    private static final int INITIAL_BUFFER_BYTES = 1 << 20;
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long NO_TRADE = Long.MIN_VALUE;

    private final ClickHouseConnection connection;
    private final ClickHouseSchema schema;
    private final int source;
    private final String table;
    private final String lastSeqQuery;
    private final String maxTsQuery;
    private final long graceNs;
    private final Object2LongHashMap<String> maxTsBySymbol = new Object2LongHashMap<>(NO_TRADE);
    // The same state by the batch's dense symbol id (no hashing per row); entries are taken from the map on first
    // use and written back to it whenever another batch instance (another id space) comes along.
    private long[] maxTsById = new long[256];
    private boolean[] resolved = new boolean[256];
    private int resolvedHigh;
    private TradeBatch idSpace;
    private boolean lateStateCurrent;
    /** Backfill only: seq of the first row this instance encoded, the start of its lateness scope; -1 before. */
    private long scopeFirstSeq = -1;
    private final RowBinaryBuffer buffer = new RowBinaryBuffer(INITIAL_BUFFER_BYTES);
    private final DataStreamWriter bodyWriter = this::writeBody;
    private long rowsWritten;
    private boolean closed;

    ClickHouseTradeSink(final ClickHouseConnection connection, final int source, final long graceNs)
    {
        if (source != SOURCE_LIVE && source != SOURCE_BACKFILL)
        {
            throw new IllegalArgumentException("source must be 0 (live) or 1 (backfill), not " + source);
        }
        if (graceNs < 0)
        {
            throw new IllegalArgumentException("grace must be >= 0 ns, not " + graceNs);
        }
        this.connection = connection.retain();
        this.schema = new ClickHouseSchema(connection);
        this.source = source;
        this.table = connection.database() + ".trades";
        this.lastSeqQuery = "SELECT count(), max(seq) FROM " + table + " WHERE source = " + source;
        this.maxTsQuery = "SELECT symbol, max(ts) FROM " + table + " WHERE source = " + source
            + (source == SOURCE_BACKFILL ? " AND seq >= %d" : "") + " GROUP BY symbol";
        this.graceNs = graceNs;
    }

    @Override
    public String name()
    {
        return "clickhouse";
    }

    /**
     * The {@code source} value this sink writes.
     *
     * @return {@link #SOURCE_LIVE} or {@link #SOURCE_BACKFILL}.
     */
    public int source()
    {
        return source;
    }

    /**
     * The grace of the lateness rule.
     *
     * @return ns, &ge; 0.
     */
    public long graceNs()
    {
        return graceNs;
    }

    /**
     * Trade rows inserted by this sink since it was built.
     *
     * @return rows.
     */
    public long rowsWritten()
    {
        return rowsWritten;
    }

    @Override
    public void open() throws Exception
    {
        schema.create();
        lateStateCurrent = false;
    }

    @Override
    public long lastWrittenSeq() throws Exception
    {
        return connection.query(lastSeqQuery, reader ->
        {
            if (!reader.hasRow())
            {
                throw new IOException("ClickHouse answered nothing to " + lastSeqQuery);
            }
            final long count = reader.readUnsignedLong();
            final long max = reader.readUnsignedLong();
            return count == 0 ? -1 : max;
        });
    }

    @Override
    public void write(final TradeBatch batch) throws Exception
    {
        if (!lateStateCurrent)
        {
            loadLateState();
        }
        final int rows = encode(batch);
        if (rows > 0)
        {
            connection.insertRowBinary(table, bodyWriter);
            rowsWritten += rows;
        }
        // reached only when the rows are stored: the state now describes the store again
        lateStateCurrent = true;
    }

    /**
     * Replaces the lateness state by the store's: the largest ts per symbol of the stored rows in this sink's scope.
     * The store holds exactly the trades up to {@link #lastWrittenSeq()} (a failed insert leaves a prefix of its
     * batch at most), so this is the state the next row, {@code lastWrittenSeq() + 1}, must see.
     *
     * @throws Exception when the store cannot answer.
     */
    void loadLateState() throws Exception
    {
        maxTsBySymbol.clear();
        forgetIds();
        if (source == SOURCE_BACKFILL && scopeFirstSeq < 0)
        {
            // a backfill run that has written nothing yet starts empty, like its engine
            lateStateCurrent = true;
            return;
        }
        final String query = source == SOURCE_BACKFILL ? maxTsQuery.formatted(scopeFirstSeq) : maxTsQuery;
        connection.query(query, reader ->
        {
            while (reader.hasRow())
            {
                final String symbol = reader.readString();
                maxTsBySymbol.put(symbol, reader.readLong());
            }
            return null;
        });
        lateStateCurrent = true;
    }

    /**
     * Whether a trade is late for its 1-minute bar (SPEC section 4).
     *
     * @param tsNs        the trade's event time.
     * @param maxTsBefore largest ts of the symbol's earlier trades, {@link Long#MIN_VALUE} when none.
     * @param graceNs     grace.
     * @return true when its minute ends at or before {@code maxTsBefore - graceNs}.
     */
    static boolean isLate1m(final long tsNs, final long maxTsBefore, final long graceNs)
    {
        if (maxTsBefore == NO_TRADE)
        {
            return false;
        }
        // saturating, as the engine's arithmetic is
        final long watermark = maxTsBefore - graceNs > maxTsBefore ? Long.MIN_VALUE : maxTsBefore - graceNs;
        final long start = tsNs - Math.floorMod(tsNs, MINUTE_NS);
        final long end = start + MINUTE_NS < start ? Long.MAX_VALUE : start + MINUTE_NS;
        return end <= watermark;
    }

    /**
     * Encodes the batch's trades as RowBinary rows of {@code trades}, in column order, computing {@code late_1m}
     * from the lateness state and advancing it. The state is then considered ahead of the store until
     * {@link #write} has stored the rows; called on its own (tests, the benchmark), the next write reloads it.
     *
     * @param batch the batch.
     * @return trade rows encoded.
     */
    int encode(final TradeBatch batch)
    {
        lateStateCurrent = false;
        if (batch != idSpace)
        {
            flushIds();
            idSpace = batch;
        }
        final RowBinaryBuffer out = buffer;
        out.clear();
        int rows = 0;
        final int size = batch.size();
        for (int i = 0; i < size; i++)
        {
            if (!batch.isTrade(i))
            {
                continue;
            }
            if (scopeFirstSeq < 0)
            {
                scopeFirstSeq = batch.seq(i);
            }
            final String symbol = batch.symbol(i);
            final int id = batch.symbolId(i);
            final long ts = batch.tsNs(i);
            if (id >= resolved.length)
            {
                grow(id);
            }
            if (!resolved[id])
            {
                resolved[id] = true;
                resolvedHigh = Math.max(resolvedHigh, id + 1);
                maxTsById[id] = maxTsBySymbol.getValue(symbol);
            }
            final long maxTsBefore = maxTsById[id];
            if (ts > maxTsBefore)
            {
                maxTsById[id] = ts;
            }
            out.putString(symbol)
                .putInt64(ts)
                .putInt64(batch.seq(i))
                .putInt64(batch.price(i))
                .putInt64(batch.volume(i))
                .putString(batch.exchange(i))
                .putAscii(batch.tradeIdBytes(), batch.tradeIdOffset(i), batch.tradeIdLength(i))
                .putUInt8(source)
                .putUInt8(isLate1m(ts, maxTsBefore, graceNs) ? 1 : 0);
            rows++;
        }
        return rows;
    }

    /** Writes the id-indexed state back into the by-name map (before another id space is used). */
    private void flushIds()
    {
        if (idSpace != null)
        {
            for (int id = 0; id < resolvedHigh; id++)
            {
                if (resolved[id])
                {
                    maxTsBySymbol.put(idSpace.symbolName(id), maxTsById[id]);
                }
            }
        }
        forgetIds();
    }

    private void forgetIds()
    {
        java.util.Arrays.fill(resolved, 0, resolvedHigh, false);
        resolvedHigh = 0;
    }

    private void grow(final int id)
    {
        final int length = Math.max(id + 1, resolved.length * 2);
        maxTsById = java.util.Arrays.copyOf(maxTsById, length);
        resolved = java.util.Arrays.copyOf(resolved, length);
    }

    RowBinaryBuffer buffer()
    {
        return buffer;
    }

    private void writeBody(final OutputStream out) throws IOException
    {
        buffer.writeTo(out);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            connection.release();
        }
    }
}
