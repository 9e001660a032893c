package io.tickwire.persist.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest
{
    @Test
    void shouldTakeUserAndPasswordFromThePostgresqlForm()
    {
        final PostgresUrl url =
            PostgresUrl.parse("postgresql://tick%40wire:p%3Ass@db.local:6543/ticks?sslmode=disable");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/ticks?sslmode=disable");
        assertThat(url.user()).isEqualTo("tick@wire");
        assertThat(url.password()).isEqualTo("p:ss");
        assertThat(url.poolSize()).isEqualTo(PostgresUrl.DEFAULT_POOL_SIZE);
        assertThat(url.partitionsAhead()).isEqualTo(PostgresUrl.DEFAULT_PARTITIONS_AHEAD);
        assertThat(url.timescaleAllowed()).isTrue();
        assertThat(url.copy()).isTrue();
        assertThat(url.toString()).doesNotContain("p:ss");
    }

    @Test
    void shouldPassTheJdbcFormOnWithoutTickwireParameters()
    {
        final PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5433/t?user=u&pool_size=1"
            + "&password=secret&timescale=off&partitions_ahead=3&connect_timeout_ms=500&copy=off");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/t?user=u&password=secret");
        assertThat(url.user()).isNull();
        assertThat(url.poolSize()).isEqualTo(1);
        assertThat(url.partitionsAhead()).isEqualTo(3);
        assertThat(url.connectTimeoutMs()).isEqualTo(500);
        assertThat(url.timescaleAllowed()).isFalse();
        assertThat(url.copy()).isFalse();
        assertThat(url.toString()).doesNotContain("secret");
    }

    @Test
    void shouldAcceptThePostgresSchemeWithoutCredentials()
    {
        assertThat(PostgresUrl.parse("postgres://localhost/tickwire").jdbcUrl())
            .isEqualTo("jdbc:postgresql://localhost/tickwire");
    }

    @Test
    void shouldRefuseOtherSchemesAndBadParametersNamingTheKey()
    {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://h/db")).hasMessageContaining("TICKWIRE_POSTGRES_URL");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?pool_size=0"))
            .hasMessageContaining("pool_size");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?timescale=maybe"))
            .hasMessageContaining("timescale");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?copy=yes")).hasMessageContaining("copy");
        assertThatThrownBy(() -> PostgresUrl.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
