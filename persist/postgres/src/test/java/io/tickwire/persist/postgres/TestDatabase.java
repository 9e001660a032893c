package io.tickwire.persist.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The real local PostgreSQL the tests use: {@code -Dtickwire.postgres.url} or {@code TICKWIRE_POSTGRES_TEST_URL},
 * default {@code postgresql://tickwire:tickwire@127.0.0.1:5432/tickwire_test} (created by
 * {@code scripts/postgres-setup.sh}). Each test gets a fresh schema, so tests do not see each other.
 */
final class TestDatabase
{
    static final String DEFAULT_URL = "postgresql://tickwire:tickwire@127.0.0.1:5432/tickwire_test";

    private TestDatabase()
    {
    }

    static String baseUrl()
    {
        final String property = System.getProperty("tickwire.postgres.url");
        if (property != null && !property.isBlank())
        {
            return property;
        }
        final String env = System.getenv("TICKWIRE_POSTGRES_TEST_URL");
        return env != null && !env.isBlank() ? env : DEFAULT_URL;
    }

    /**
     * A store on a freshly emptied schema; skips the test when the database does not answer.
     *
     * @param schema schema name for this test.
     * @param extra  extra URL query parameters, "" for none.
     * @return the store.
     * @throws SQLException when the schema cannot be reset.
     */
    static PostgresStore freshStore(final String schema, final String extra) throws SQLException
    {
        final PostgresUrl base = PostgresUrl.parse(baseUrl());
        final Properties props = new Properties();
        if (base.user() != null)
        {
            props.setProperty("user", base.user());
        }
        if (base.password() != null)
        {
            props.setProperty("password", base.password());
        }
        props.setProperty("connectTimeout", "2");
        Connection connection = null;
        try
        {
            connection = DriverManager.getConnection(base.jdbcUrl(), props);
        }
        catch (final SQLException ex)
        {
            final String message = "PostgreSQL is not answering at " + base + " (" + ex.getMessage() + "); run "
                + "scripts/postgres-setup.sh to create it";
            // scripts/test.sh starts every store and sets this: a missing server is then a failure, not a skip.
            if (Boolean.getBoolean("tickwire.stores.required"))
            {
                throw new IllegalStateException(message, ex);
            }
            assumeTrue(false, message);
        }
        try (Connection c = connection; Statement st = c.createStatement())
        {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        }
        final String url = baseUrl();
        final String sep = url.contains("?") ? "&" : "?";
        return PostgresStore.fromUrl(url + sep + "currentSchema=" + schema + "&timescale=off"
            + (extra.isEmpty() ? "" : "&" + extra));
    }
}
