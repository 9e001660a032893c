package io.tickwire.app;

import java.io.PrintStream;

import io.tickwire.app.cli.BackfillCommand;
import io.tickwire.app.cli.BarsCommand;
import io.tickwire.app.cli.ConfigCommand;
import io.tickwire.app.cli.JournalCommand;
import io.tickwire.app.cli.LoadgenCommand;
import io.tickwire.app.cli.ProduceCommand;
import io.tickwire.app.cli.ServeCommand;
import io.tickwire.app.cli.StateCommand;
import io.tickwire.app.cli.SynthCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/tickwire}: one entry point, one subcommand per job. Unusable arguments exit 2 with a one-line
 * reason.
 */
@Command(name = "tickwire", mixinStandardHelpOptions = true, version = "tickwire 0.1.0",
    description = "Low-latency market-data engine: trades in, exact OHLCV bars out.",
    subcommands = {ServeCommand.class, BarsCommand.class, ProduceCommand.class, SynthCommand.class,
        JournalCommand.class, StateCommand.class, ConfigCommand.class, LoadgenCommand.class, BackfillCommand.class})
public final class Main implements Runnable
{
    /**
     * Runs a command line and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(System.err, args));
    }

    /**
     * Runs a command line.
     *
     * @param err  where errors and summaries go.
     * @param args the arguments.
     * @return the exit code.
     */
    public static int run(final PrintStream err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new Main(), new CommandFactory(err));
        commandLine.setParameterExceptionHandler((ex, arguments) ->
        {
            final String name = ex.getCommandLine().getCommandName();
            err.println(("tickwire".equals(name) ? "tickwire: " : "tickwire " + name + ": ") + ex.getMessage() +
                " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            err.println("tickwire " + cmd.getCommandName() + ": " + ex);
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }

    private record CommandFactory(PrintStream err) implements CommandLine.IFactory
    {
        @Override
        public <K> K create(final Class<K> type) throws Exception
        {
            if (type == BarsCommand.class)
            {
                return type.cast(new BarsCommand(err));
            }
            if (type == ProduceCommand.class)
            {
                return type.cast(new ProduceCommand(err));
            }
            if (type == BackfillCommand.class)
            {
                return type.cast(new BackfillCommand(err));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
