package io.tickwire.persist.clickhouse;

/**
 * Tickwire's ClickHouse store built from {@code TICKWIRE_CLICKHOUSE_URL} (see {@link ClickHouseUrl} for the form,
 * e.g. {@code http://default:secret@127.0.0.1:8123/?database=tickwire}): one HTTP client shared by the live trade
 * sink, a backfill trade sink, the bar sink and the history reader. Building it does not connect; the sinks'
 * {@code open()} does and creates the schema.
 * <p>
 * Thread-safe. Closing the store and every sink or reader taken from it closes the client; each close is
 * idempotent.
 */
public final class ClickHouseStore implements AutoCloseable
{
    private final ClickHouseConnection connection;
    private final ClickHouseSchema schema;
    private final long graceNs;
    private boolean closed;

    private ClickHouseStore(final ClickHouseConnection connection, final long graceNs)
    {
        this.connection = connection;
        this.schema = new ClickHouseSchema(connection);
        this.graceNs = graceNs;
    }

    /**
     * A store for a URL, with the default grace of 5 s ({@link ClickHouseTradeSink#DEFAULT_GRACE_NS}).
     *
     * @param url {@code http[s]://[user[:password]@]host[:port][/][?database=NAME]}.
     * @return the store; nothing is connected yet.
     * @throws IllegalArgumentException naming what is wrong, when the URL is malformed.
     */
    public static ClickHouseStore fromUrl(final String url)
    {
        return fromUrl(url, ClickHouseTradeSink.DEFAULT_GRACE_NS);
    }

    /**
     * A store for a URL whose trade sinks mark trades late for their 1-minute bar with the engine's grace
     * ({@code TICKWIRE_GRACE}), so that {@code ohlc_1m} equals the engine's 1m bars.
     *
     * @param url     {@code http[s]://[user[:password]@]host[:port][/][?database=NAME]}.
     * @param graceNs the engine's grace, &ge; 0.
     * @return the store; nothing is connected yet.
     * @throws IllegalArgumentException naming what is wrong, when the URL is malformed or the grace negative.
     */
    public static ClickHouseStore fromUrl(final String url, final long graceNs)
    {
        if (graceNs < 0)
        {
            throw new IllegalArgumentException("grace must be >= 0 ns, not " + graceNs);
        }
        return new ClickHouseStore(new ClickHouseConnection(ClickHouseUrl.parse(url)), graceNs);
    }

    /**
     * The grace the trade sinks apply to {@code late_1m}.
     *
     * @return ns.
     */
    public long graceNs()
    {
        return graceNs;
    }

    /**
     * The parsed URL (its {@code toString} hides the password).
     *
     * @return URL.
     */
    public ClickHouseUrl url()
    {
        return connection.url();
    }

    /**
     * The schema of this store's database.
     *
     * @return schema.
     */
    public ClickHouseSchema schema()
    {
        return schema;
    }

    /**
     * A sink for the live journal's trades ({@code source = 0}); its {@code lastWrittenSeq()} sees only those rows.
     *
     * @return a new sink sharing this store's client.
     */
    public ClickHouseTradeSink tradeSink()
    {
        return new ClickHouseTradeSink(connection, ClickHouseTradeSink.SOURCE_LIVE, graceNs);
    }

    /**
     * A sink for backfilled trades ({@code source = 1}): counted in {@code ohlc_1m} (unless late for 1m by the same
     * rule as live trades, over the backfill rows only), invisible to the live sink's resume point.
     *
     * @return a new sink sharing this store's client.
     */
    public ClickHouseTradeSink backfillSink()
    {
        return new ClickHouseTradeSink(connection, ClickHouseTradeSink.SOURCE_BACKFILL, graceNs);
    }

    /**
     * A sink for final bars.
     *
     * @return a new sink sharing this store's client.
     */
    public ClickHouseBarSink barSink()
    {
        return new ClickHouseBarSink(connection);
    }

    /**
     * The read side.
     *
     * @return a new reader sharing this store's client.
     */
    public ClickHouseHistoryReader historyReader()
    {
        return new ClickHouseHistoryReader(connection);
    }

    ClickHouseConnection connection()
    {
        return connection;
    }

    /** Releases the store's hold on the client; never throws. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            connection.release();
        }
    }
}
