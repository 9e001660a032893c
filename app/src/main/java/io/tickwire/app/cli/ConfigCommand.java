package io.tickwire.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import io.tickwire.app.config.Setting;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tickwire config}: validates and prints the resolved configuration, or the table of every key for
 * docs/configuration.md.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Validate and print the resolved configuration (or --markdown: the table of keys).")
public final class ConfigCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--markdown", description = "Print every key with its default as a Markdown table.")
    private boolean markdown;

    @Override
    public Integer call()
    {
        if (markdown)
        {
            System.out.println("| Environment | Property | Default | Accepts | Meaning |");
            System.out.println("|---|---|---|---|---|");
            for (final Setting setting : Settings.ALL)
            {
                System.out.println("| `" + setting.env() + "` | `" + setting.property() + "` | " +
                    (setting.defaultValue() == null ? "unset" : "`" + setting.defaultValue() + "`") + " | " +
                    setting.accepts() + " | " + setting.description() + " |");
            }
            return 0;
        }
        try
        {
            for (final Map.Entry<String, String> entry : configOptions.conclude().describe().entrySet())
            {
                System.out.println(entry.getKey() + " = " + entry.getValue());
            }
            return 0;
        }
        catch (final TickwireConfig.ConfigException ex)
        {
            System.err.println("tickwire config: " + ex.getMessage());
            return 2;
        }
    }
}
