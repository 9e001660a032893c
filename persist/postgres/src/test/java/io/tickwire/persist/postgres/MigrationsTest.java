package io.tickwire.persist.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MigrationsTest
{
    private PostgresStore store;

    @BeforeEach
    void setUp() throws Exception
    {
        store = TestDatabase.freshStore("t_migrations", "");
    }

    @AfterEach
    void tearDown()
    {
        if (store != null)
        {
            store.close();
        }
    }

    @Test
    void shouldRecordEachVersionOnceWhenRunTwice() throws Exception
    {
        try (Connection c = store.connection())
        {
            assertThat(Migrations.migrate(c, false)).isEqualTo(Migrations.Flavour.PLAIN);
            final List<String> first = query(c, "SELECT version || '|' || flavour || '|' || script || '|' "
                + "|| installed_at FROM schema_version ORDER BY version");
            assertThat(Migrations.migrate(c, false)).isEqualTo(Migrations.Flavour.PLAIN);
            final List<String> second = query(c, "SELECT version || '|' || flavour || '|' || script || '|' "
                + "|| installed_at FROM schema_version ORDER BY version");

            assertThat(second).isEqualTo(first).hasSize(Migrations.FILES.size());
            assertThat(query(c, "SELECT version || '|' || description FROM schema_version ORDER BY version"))
                .containsExactly("1|core tables", "2|trades and daily ohlc");
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void shouldCreateEveryTableOfThePlainFlavour() throws Exception
    {
        assertThat(store.migrate()).isEqualTo(Migrations.Flavour.PLAIN);
        try (Connection c = store.connection())
        {
            assertThat(query(c, "SELECT relname::text || '|' || relkind::text FROM pg_class WHERE relnamespace = "
                + "current_schema()::regnamespace AND relkind IN ('r', 'p') ORDER BY 1")).containsExactly(
                    "bars|r", "daily_ohlc|r", "portfolio_positions|r", "reports|r", "schema_version|r", "trades|p",
                    "writer_positions|r");
            assertThat(query(c, "SELECT indexrelid::regclass::text || '|' || am.amname FROM pg_index i "
                + "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
                + "WHERE i.indrelid = 'trades'::regclass ORDER BY 1"))
                .containsExactly("trades_symbol_ts|btree", "trades_ts_brin|brin");
        }
    }

    @Test
    void shouldNotRaceWhenTwoInstancesMigrateAtOnce() throws Exception
    {
        try (PostgresStore other = PostgresStore.fromUrl(store.url().jdbcUrl()
            + "&user=" + store.url().user() + "&password=" + store.url().password()))
        {
            final CompletableFuture<Migrations.Flavour> a = CompletableFuture.supplyAsync(() -> migrate(store));
            final CompletableFuture<Migrations.Flavour> b = CompletableFuture.supplyAsync(() -> migrate(other));
            assertThat(a.get()).isEqualTo(Migrations.Flavour.PLAIN);
            assertThat(b.get()).isEqualTo(Migrations.Flavour.PLAIN);
        }
        try (Connection c = store.connection())
        {
            assertThat(query(c, "SELECT count(*)::text FROM schema_version")).containsExactly("2");
        }
    }

    private static Migrations.Flavour migrate(final PostgresStore s)
    {
        try
        {
            return s.migrate();
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> query(final Connection c, final String sql) throws SQLException
    {
        final List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            while (rs.next())
            {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
