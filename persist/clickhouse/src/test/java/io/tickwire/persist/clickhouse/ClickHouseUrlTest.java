package io.tickwire.persist.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseUrlTest
{
    @Test
    void shouldDefaultUserDatabaseAndPort()
    {
        final ClickHouseUrl url = ClickHouseUrl.parse("http://127.0.0.1");
        assertThat(url.endpoint()).isEqualTo("http://127.0.0.1:8123");
        assertThat(url.user()).isEqualTo("default");
        assertThat(url.password()).isEmpty();
        assertThat(url.database()).isEqualTo("tickwire");
        assertThat(ClickHouseUrl.parse("https://ch.example.com/").endpoint()).isEqualTo("https://ch.example.com:8443");
    }

    @Test
    void shouldDecodeCredentialsAndParameters()
    {
        final ClickHouseUrl url = ClickHouseUrl.parse(
            "http://writer:p%40ss%3Aword@ch:9123/?database=tickwire_test&connect_timeout_ms=250&socket_timeout_ms=5000");
        assertThat(url.endpoint()).isEqualTo("http://ch:9123");
        assertThat(url.user()).isEqualTo("writer");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.database()).isEqualTo("tickwire_test");
        assertThat(url.connectTimeoutMs()).isEqualTo(250);
        assertThat(url.socketTimeoutMs()).isEqualTo(5000);
        assertThat(url.toString()).doesNotContain("p@ss").contains("writer", "tickwire_test");
    }

    @Test
    void shouldRefuseMalformedUrlsWithoutPrintingThePassword()
    {
        assertThatThrownBy(() -> ClickHouseUrl.parse("tcp://ch:9000")).hasMessageContaining("http://");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://u:secret@ch:x")).hasMessageContaining("bad port")
            .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://ch/?database=a;DROP")).hasMessageContaining("database");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://ch/tickwire")).hasMessageContaining("?database=");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://ch/?compress=1")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> ClickHouseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
