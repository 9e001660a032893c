package io.tickwire.persist.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One PostgreSQL (or TimescaleDB) database: a HikariCP pool shared by the trade sink(s), the bar sink and the
 * history reader made from it, and the schema migrations run once on first use.
 * <p>
 * The pool is closed when the store and every sink made from it have been closed (reference counted), so the
 * owner may close them in any order. Thread-safe.
 */
public final class PostgresStore implements AutoCloseable
{
    /** Writer name used by {@link #tradeSink()}. */
    public static final String DEFAULT_WRITER = "trades";
    /** pgjdbc socket timeout: longest wait for any server reply, seconds (a URL's socketTimeout wins). */
    public static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final PostgresUrl url;
    private final HikariDataSource pool;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean closedByOwner;
    private volatile Migrations.Flavour flavour;

    /**
     * A store for a database; connects lazily, so a database that is down does not stop construction.
     *
     * @param url the resolved URL.
     */
    public PostgresStore(final PostgresUrl url)
    {
        this.url = url;
        final HikariConfig config = new HikariConfig();
        config.setPoolName("tickwire-postgres");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null)
        {
            config.setUsername(url.user());
        }
        if (url.password() != null)
        {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(url.poolSize());
        config.setMinimumIdle(Math.min(1, url.poolSize()));
        config.setConnectionTimeout(url.connectTimeoutMs());
        config.setValidationTimeout(Math.max(250, url.connectTimeoutMs() / 2));
        config.setInitializationFailTimeout(-1);
        // pgjdbc's own connect timeout is in seconds; a dead host fails within the pool's timeout either way.
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, url.connectTimeoutMs() / 1000)));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A server that stops answering mid-call must not hang a writer or reader thread forever.
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "tickwire");
        pool = new HikariDataSource(config);
    }

    /**
     * A store from {@code TICKWIRE_POSTGRES_URL}.
     *
     * @param url {@code postgresql://user:pass@host:port/db} or {@code jdbc:postgresql://...}; see
     *            {@link PostgresUrl}.
     * @return the store.
     * @throws IllegalArgumentException when the URL is malformed.
     */
    public static PostgresStore fromUrl(final String url)
    {
        return new PostgresStore(PostgresUrl.parse(url));
    }

    /**
     * The resolved URL.
     *
     * @return url.
     */
    public PostgresUrl url()
    {
        return url;
    }

    /**
     * Brings the schema up to date once per store; later calls return the remembered flavour.
     *
     * @return the schema's flavour.
     * @throws SQLException when the database cannot be reached or a migration fails.
     */
    public Migrations.Flavour migrate() throws SQLException
    {
        Migrations.Flavour known = flavour;
        if (known != null)
        {
            return known;
        }
        synchronized (this)
        {
            known = flavour;
            if (known == null)
            {
                try (Connection connection = pool.getConnection())
                {
                    known = Migrations.migrate(connection, url.timescaleAllowed());
                }
                flavour = known;
            }
            return known;
        }
    }

    /**
     * A trade sink recording its position under {@link #DEFAULT_WRITER}.
     *
     * @return a new sink sharing this store's pool.
     */
    public PostgresTradeSink tradeSink()
    {
        return tradeSink(DEFAULT_WRITER);
    }

    /**
     * A trade sink recording its position under a writer name (one per journal).
     *
     * @param writer writer name, the key of {@code writer_positions}.
     * @return a new sink sharing this store's pool.
     */
    public PostgresTradeSink tradeSink(final String writer)
    {
        retain();
        return new PostgresTradeSink(this, writer, url.partitionsAhead(), url.copy(), 0);
    }

    /**
     * A trade sink for {@code tickwire backfill}: rows marked {@code source = 1}, position under {@code backfill}
     * (its own journal and seq space, never mixed with the live writer's).
     *
     * @return a new sink sharing this store's pool.
     */
    public PostgresTradeSink backfillSink()
    {
        retain();
        return new PostgresTradeSink(this, "backfill", url.partitionsAhead(), url.copy(), 1);
    }

    /**
     * A bar sink.
     *
     * @return a new sink sharing this store's pool.
     */
    public PostgresBarSink barSink()
    {
        retain();
        return new PostgresBarSink(this);
    }

    /**
     * A history reader; it lives as long as the store.
     *
     * @return a new reader sharing this store's pool.
     */
    public PostgresHistoryReader historyReader()
    {
        return new PostgresHistoryReader(this);
    }

    /**
     * A pooled connection.
     *
     * @return connection; close it to return it.
     * @throws SQLException when none is available within the connect timeout.
     */
    Connection connection() throws SQLException
    {
        return pool.getConnection();
    }

    void retain()
    {
        if (references.getAndIncrement() <= 0)
        {
            references.decrementAndGet();
            throw new IllegalStateException("postgres store is closed");
        }
    }

    void release()
    {
        if (references.decrementAndGet() == 0)
        {
            pool.close();
        }
    }

    /** Drops the owner's reference; the pool closes once every sink is closed too. Idempotent. */
    @Override
    public void close()
    {
        if (!closedByOwner)
        {
            synchronized (this)
            {
                if (closedByOwner)
                {
                    return;
                }
                closedByOwner = true;
            }
            release();
        }
    }
}
