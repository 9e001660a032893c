package io.tickwire.persist.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseSchemaStatementsTest
{
    @Test
    void shouldAddTtlOnlyForServersThatSupportIt()
    {
        assertThat(ClickHouseSchema.supportsTtl("18.16.1")).isFalse();
        assertThat(ClickHouseSchema.supportsTtl("19.5.3.8")).isFalse();
        assertThat(ClickHouseSchema.supportsTtl("19.6.2.11")).isTrue();
        assertThat(ClickHouseSchema.supportsTtl("24.8.4.13")).isTrue();
        assertThat(ClickHouseSchema.supportsTtl("garbage")).isFalse();
        assertThat(String.join("\n", ClickHouseSchema.statements("tickwire", false))).doesNotContain("TTL");
        assertThat(String.join("\n", ClickHouseSchema.statements("tickwire", true)))
            .contains("INTERVAL 90 DAY", "INTERVAL 2 YEAR");
    }

    @Test
    void shouldRefuseADatabaseNameThatIsNotAPlainIdentifier()
    {
        assertThatThrownBy(() -> ClickHouseSchema.statements("tickwire; DROP TABLE x", false))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
