package io.tickwire.persist.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations without a framework: SQL files {@code db/migration/V<n>__<what>.sql} on the class
 * path, applied in order, each in its own transaction, each recorded in {@code schema_version}. Running again
 * applies only what is missing; a session advisory lock keeps two instances from racing.
 * <p>
 * The schema has two flavours, chosen once when the first migration runs and recorded in every
 * {@code schema_version} row: {@link Flavour#TIMESCALE} when the {@code timescaledb} extension is available (and
 * not switched off), else {@link Flavour#PLAIN}. A version with a file under {@code db/migration/timescale/} uses
 * that file in the TimescaleDB flavour.
 */
public final class Migrations
{
    /** Which schema a database holds. */
    public enum Flavour
    {
        /** Plain PostgreSQL: trades partitioned by day, daily_ohlc maintained by the writer. */
        PLAIN,
        /** TimescaleDB: trades a hypertable, daily_ohlc a continuous aggregate. */
        TIMESCALE
    }

    /** The migrations, in order. Add new files at the end; never edit one that has shipped. */
    static final List<String> FILES = List.of(
        "V1__core_tables.sql",
        "V2__trades_and_daily_ohlc.sql");

    /** Advisory lock key: "tickwire" in ASCII. */
    static final long LOCK_KEY = 0x7469636b77697265L;

    private static final String CREATE_VERSION_TABLE = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version      integer     PRIMARY KEY,
            description  text        NOT NULL,
            flavour      text        NOT NULL,
            script       text        NOT NULL,
            installed_at timestamptz NOT NULL DEFAULT now()
        )""";

    private Migrations()
    {
    }

    /**
     * Brings the schema up to date. Idempotent; safe to call from several instances at once.
     *
     * @param connection       a connection in auto-commit mode; left in auto-commit mode.
     * @param timescaleAllowed false to stay on plain PostgreSQL even when TimescaleDB is available.
     * @return the flavour of the schema.
     * @throws SQLException when a migration fails; that migration is rolled back, earlier ones stay.
     */
    public static Flavour migrate(final Connection connection, final boolean timescaleAllowed) throws SQLException
    {
        connection.setAutoCommit(true);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)"))
        {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
        }
        try
        {
            try (Statement st = connection.createStatement())
            {
                st.execute(CREATE_VERSION_TABLE);
            }
            final Flavour flavour = flavour(connection, timescaleAllowed);
            final Set<Integer> applied = appliedVersions(connection);
            for (final String file : FILES)
            {
                final int version = version(file);
                if (!applied.contains(version))
                {
                    apply(connection, flavour, file, version);
                }
            }
            return flavour;
        }
        finally
        {
            connection.setAutoCommit(true);
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)"))
            {
                unlock.setLong(1, LOCK_KEY);
                unlock.execute();
            }
        }
    }

    /**
     * The flavour recorded by an earlier migration, or the one a first migration would choose.
     *
     * @param connection       connection.
     * @param timescaleAllowed false to never choose TimescaleDB.
     * @return flavour.
     * @throws SQLException when the database cannot answer.
     */
    static Flavour flavour(final Connection connection, final boolean timescaleAllowed) throws SQLException
    {
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT flavour FROM schema_version ORDER BY version LIMIT 1"))
        {
            if (rs.next())
            {
                return Flavour.valueOf(rs.getString(1));
            }
        }
        if (!timescaleAllowed)
        {
            return Flavour.PLAIN;
        }
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'"))
        {
            return rs.next() ? Flavour.TIMESCALE : Flavour.PLAIN;
        }
    }

    private static Set<Integer> appliedVersions(final Connection connection) throws SQLException
    {
        final Set<Integer> versions = new HashSet<>();
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT version FROM schema_version"))
        {
            while (rs.next())
            {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private static void apply(final Connection connection, final Flavour flavour, final String file, final int version)
        throws SQLException
    {
        String script = null;
        if (flavour == Flavour.TIMESCALE)
        {
            script = resource("db/migration/timescale/" + file);
        }
        final String path = script != null ? "timescale/" + file : file;
        if (script == null)
        {
            script = resource("db/migration/" + file);
        }
        if (script == null)
        {
            throw new SQLException("migration " + file + " is missing from the class path");
        }
        connection.setAutoCommit(false);
        try
        {
            try (Statement st = connection.createStatement())
            {
                st.execute(script);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, description, flavour, script) VALUES (?, ?, ?, ?)"))
            {
                insert.setInt(1, version);
                insert.setString(2, description(file));
                insert.setString(3, flavour.name());
                insert.setString(4, path);
                insert.executeUpdate();
            }
            connection.commit();
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            throw new SQLException("migration " + path + " failed: " + ex.getMessage(), ex.getSQLState(), ex);
        }
        finally
        {
            connection.setAutoCommit(true);
        }
    }

    static int version(final String file)
    {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    private static String description(final String file)
    {
        return file.substring(file.indexOf("__") + 2, file.length() - ".sql".length()).replace('_', ' ');
    }

    private static String resource(final String path)
    {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path))
        {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
