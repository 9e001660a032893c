package io.tickwire.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import picocli.CommandLine.Option;

/**
 * The configuration options every long-running command shares: a config file, {@code --set KEY=VALUE} for any
 * key, and {@code --data-dir} as a shorthand.
 */
public final class ConfigOptions
{
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of configuration keys.")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Set any key (property or TICKWIRE_* name); wins over environment and file.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Shorthand for --set data.dir=DIR.")
    private Path dataDir;

    /**
     * Resolves the configuration.
     *
     * @return the concluded configuration.
     * @throws TickwireConfig.ConfigException for a bad value.
     */
    public TickwireConfig conclude()
    {
        final Map<String, String> commandLine = new LinkedHashMap<>(overrides);
        if (dataDir != null)
        {
            commandLine.put(Settings.DATA_DIR.property(), dataDir.toString());
        }
        return TickwireConfig.conclude(commandLine, System.getenv(), configFile);
    }
}
