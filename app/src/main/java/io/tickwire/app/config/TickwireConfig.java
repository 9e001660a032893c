package io.tickwire.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.ring.CpuPinning;

/**
 * The resolved configuration: for each {@link Settings} key the command line wins over the environment, which
 * wins over the config file, which wins over the default. {@link #conclude} validates every value once and
 * freezes the result; a bad value stops start-up with one line naming the key and what it accepts.
 * <p>
 * Immutable after {@link #conclude}; thread-safe.
 */
public final class TickwireConfig
{
    private final Map<Setting, String> values;
    private final Map<Setting, String> origins;

    private TickwireConfig(final Map<Setting, String> values, final Map<Setting, String> origins)
    {
        this.values = values;
        this.origins = origins;
    }

    /**
     * Resolves and validates every key.
     *
     * @param commandLine key=value pairs from the command line, keyed by property or environment name.
     * @param environment the process environment.
     * @param configFile  a properties file keyed by property or environment name, or null.
     * @return the frozen configuration.
     * @throws ConfigException naming the first bad key and what it accepts.
     */
    public static TickwireConfig conclude(
        final Map<String, String> commandLine,
        final Map<String, String> environment,
        final Path configFile)
    {
        final Properties file = new Properties();
        if (configFile != null)
        {
            try (Reader reader = Files.newBufferedReader(configFile))
            {
                file.load(reader);
            }
            catch (final IOException ex)
            {
                throw new ConfigException("--config " + configFile + ": cannot read (" + ex.getMessage() + ")");
            }
            for (final String key : file.stringPropertyNames())
            {
                if (find(key) == null)
                {
                    throw new ConfigException("--config " + configFile + ": unknown key '" + key + "'");
                }
            }
        }
        for (final String key : commandLine.keySet())
        {
            if (find(key) == null)
            {
                throw new ConfigException("--set " + key + ": unknown key");
            }
        }

        final Map<Setting, String> values = new LinkedHashMap<>();
        final Map<Setting, String> origins = new LinkedHashMap<>();
        for (final Setting setting : Settings.ALL)
        {
            String value = setting.defaultValue();
            String origin = "default";
            final String fromFile = file.getProperty(setting.property(), file.getProperty(setting.env()));
            if (fromFile != null)
            {
                value = fromFile.trim();
                origin = "file";
            }
            final String fromEnv = environment.get(setting.env());
            if (fromEnv != null && !fromEnv.isEmpty())
            {
                value = fromEnv.trim();
                origin = "env";
            }
            final String fromCli = commandLine.containsKey(setting.property()) ?
                commandLine.get(setting.property()) : commandLine.get(setting.env());
            if (fromCli != null)
            {
                value = fromCli.trim();
                origin = "cli";
            }
            if (value != null && value.isEmpty())
            {
                value = null;
            }
            if (value != null && !setting.check().test(value))
            {
                throw new ConfigException(setting.env() + "=" + (setting.secret() ? "***" : value) +
                    " is invalid (from " + origin + "): accepts " + setting.accepts());
            }
            values.put(setting, value);
            origins.put(setting, origin);
        }
        final TickwireConfig config = new TickwireConfig(Collections.unmodifiableMap(values), origins);
        config.checkCombinations();
        return config;
    }

    private void checkCombinations()
    {
        if ("jwt".equals(get(Settings.AUTH_MODE)) && get(Settings.JWT_SECRET) == null &&
            get(Settings.JWT_JWKS_URL) == null)
        {
            throw new ConfigException("TICKWIRE_AUTH_MODE=jwt needs TICKWIRE_JWT_SECRET or TICKWIRE_JWT_JWKS_URL");
        }
        final Timeframes timeframes = timeframes();
        for (int tf = 0; tf < timeframes.count(); tf++)
        {
            final long needed = io.tickwire.engine.bars.BarEngine.minimumHistory(graceNs(), timeframes.lengthNs(tf));
            if (barHistory() < needed)
            {
                throw new ConfigException("TICKWIRE_BAR_HISTORY=" + barHistory() + " is too small for " +
                    timeframes.name(tf) + " bars with TICKWIRE_GRACE=" + get(Settings.GRACE) + ": accepts at least " +
                    needed);
            }
        }
    }

    private static Setting find(final String key)
    {
        for (final Setting setting : Settings.ALL)
        {
            if (setting.property().equals(key) || setting.env().equals(key))
            {
                return setting;
            }
        }
        return null;
    }

    /**
     * The value of a key.
     *
     * @param setting the key.
     * @return the value, or null when unset.
     */
    public String get(final Setting setting)
    {
        return values.get(setting);
    }

    /**
     * An integer value.
     *
     * @param setting the key.
     * @return the value.
     */
    public int getInt(final Setting setting)
    {
        return Integer.parseInt(values.get(setting));
    }

    /**
     * A long value.
     *
     * @param setting the key.
     * @return the value.
     */
    public long getLong(final Setting setting)
    {
        return Long.parseLong(values.get(setting));
    }

    /**
     * A duration value.
     *
     * @param setting the key.
     * @return nanoseconds.
     */
    public long getDurationNs(final Setting setting)
    {
        return Durations.parseNs(values.get(setting));
    }

    /**
     * A CPU choice.
     *
     * @param setting the key.
     * @return a CPU number, {@link CpuPinning#NONE} or {@link CpuPinning#AUTO}.
     */
    public int getCpu(final Setting setting)
    {
        final String value = values.get(setting);
        return switch (value)
        {
            case "none" -> CpuPinning.NONE;
            case "auto" -> CpuPinning.AUTO;
            default -> Integer.parseInt(value);
        };
    }

    /**
     * The timeframes.
     *
     * @return the parsed set.
     */
    public Timeframes timeframes()
    {
        return Timeframes.parse(values.get(Settings.TIMEFRAMES));
    }

    /**
     * The grace.
     *
     * @return nanoseconds.
     */
    public long graceNs()
    {
        return getDurationNs(Settings.GRACE);
    }

    /**
     * Bars kept per series.
     *
     * @return count.
     */
    public int barHistory()
    {
        return getInt(Settings.BAR_HISTORY);
    }

    /**
     * The data directory.
     *
     * @return its path.
     */
    public Path dataDir()
    {
        return Path.of(values.get(Settings.DATA_DIR));
    }

    /**
     * Every key with its value (secrets masked) and origin, for the start-up log.
     *
     * @return property name to "value (origin)".
     */
    public Map<String, String> describe()
    {
        final Map<String, String> description = new LinkedHashMap<>();
        for (final Setting setting : Settings.ALL)
        {
            final String value = values.get(setting);
            description.put(setting.property(), value == null ? "unset" :
                (setting.secret() ? "***" : value) + " (" + origins.get(setting) + ")");
        }
        return description;
    }

    /** A configuration value that stops start-up, with a one-line message. */
    public static final class ConfigException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        /**
         * An error.
         *
         * @param message one line naming the key and what it accepts.
         */
        public ConfigException(final String message)
        {
            super(message);
        }
    }
}
