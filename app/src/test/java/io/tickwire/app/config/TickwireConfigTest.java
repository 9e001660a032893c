package io.tickwire.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickwireConfigTest
{
    @Test
    void shouldUseDefaultsWhenNothingIsSet()
    {
        final TickwireConfig config = TickwireConfig.conclude(Map.of(), Map.of(), null);
        assertThat(config.getInt(Settings.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.graceNs()).isEqualTo(5_000_000_000L);
        assertThat(config.timeframes().toString()).isEqualTo("1s,1m,5m,1h,1d");
        assertThat(config.get(Settings.KAFKA_BOOTSTRAP)).isNull();
    }

    @Test
    void shouldLetCommandLineBeatEnvironmentBeatFileBeatDefault(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("tickwire.properties");
        Files.writeString(file, "http.port=1001\nTICKWIRE_GRACE=1s\ntimeframes=1m\nbar.history=50\n");
        final TickwireConfig config = TickwireConfig.conclude(
            Map.of("TICKWIRE_HTTP_PORT", "1003"),
            Map.of("TICKWIRE_HTTP_PORT", "1002", "TICKWIRE_GRACE", "2s"),
            file);
        assertThat(config.getInt(Settings.HTTP_PORT)).isEqualTo(1003);
        assertThat(config.graceNs()).isEqualTo(2_000_000_000L);
        assertThat(config.timeframes().toString()).isEqualTo("1m");
        assertThat(config.barHistory()).isEqualTo(50);
        assertThat(config.describe().get("http.port")).isEqualTo("1003 (cli)");
        assertThat(config.describe().get("grace")).isEqualTo("2s (env)");
        assertThat(config.describe().get("bar.history")).isEqualTo("50 (file)");
    }

    @Test
    void shouldStopWithOneLineNamingTheKeyAndWhatItAccepts()
    {
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of(), Map.of("TICKWIRE_GRACE", "five"), null))
            .isInstanceOf(TickwireConfig.ConfigException.class)
            .hasMessage("TICKWIRE_GRACE=five is invalid (from env): accepts " + Durations.ACCEPTS);
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of("http.port", "65536"), Map.of(), null))
            .hasMessageStartingWith("TICKWIRE_HTTP_PORT=65536 is invalid (from cli): accepts a port number");
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of(), Map.of("TICKWIRE_TIMEFRAMES", "1s,2s"), null))
            .hasMessageContaining("TICKWIRE_TIMEFRAMES=1s,2s is invalid");
    }

    @Test
    void shouldNeverEchoASecret()
    {
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of(), Map.of("TICKWIRE_JWT_SECRET", "short"), null))
            .hasMessageStartingWith("TICKWIRE_JWT_SECRET=*** is invalid");
        final TickwireConfig config = TickwireConfig.conclude(Map.of(),
            Map.of("TICKWIRE_JWT_SECRET", "0123456789abcdef0123456789abcdef"), null);
        assertThat(config.describe().get("jwt.secret")).isEqualTo("*** (env)");
    }

    @Test
    void shouldRefuseUnknownKeysAndImpossibleCombinations(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("typo.properties");
        Files.writeString(file, "http.prot=9000\n");
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of(), Map.of(), file))
            .hasMessageContaining("unknown key 'http.prot'");
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of("auth.mode", "jwt"), Map.of(), null))
            .hasMessageContaining("needs TICKWIRE_JWT_SECRET or TICKWIRE_JWT_JWKS_URL");
        assertThatThrownBy(() -> TickwireConfig.conclude(Map.of("grace", "1h", "bar.history", "16"), Map.of(), null))
            .hasMessageContaining("TICKWIRE_BAR_HISTORY=16 is too small for 1s bars");
    }
}
