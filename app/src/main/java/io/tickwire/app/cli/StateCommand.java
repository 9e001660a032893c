package io.tickwire.app.cli;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tickwire.app.EngineNode;
import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.BarView;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.journal.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tickwire state}: rebuilds the engine state from a data directory exactly as {@code serve} does at start
 * (newest checkpoint, then the journal tail) and writes every bar it holds in the {@code bars} CSV format.
 */
@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Recover the bar state from checkpoint + journal and write the bars held as CSV.")
public final class StateCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV to write.")
    private Path out;

    @Override
    public Integer call() throws Exception
    {
        final TickwireConfig config;
        try
        {
            config = configOptions.conclude();
        }
        catch (final TickwireConfig.ConfigException ex)
        {
            System.err.println("tickwire state: " + ex.getMessage());
            return 2;
        }
        final Path dataDir = config.dataDir();
        try (Journal journal = new Journal(dataDir.resolve("journal"));
            BarEngine engine = new BarEngine(config.timeframes(), config.graceNs(), config.barHistory(),
                config.getInt(Settings.MAX_SYMBOLS), BarListener.NONE))
        {
            final Recovery recovery = new Recovery().recover(engine, EngineNode.fingerprint(config),
                dataDir.resolve("checkpoints"), journal);
            final BarRows rows = new BarRows();
            final BarView view = new BarView();
            for (int id = 0; id < engine.symbols().size(); id++)
            {
                for (int tf = 0; tf < engine.timeframes().count(); tf++)
                {
                    for (int k = engine.barCount(id, tf) - 1; k >= 0; k--)
                    {
                        rows.add(engine.bar(id, tf, k, view));
                    }
                }
            }
            try (Writer writer = new BufferedWriter(Files.newBufferedWriter(out), 1 << 16))
            {
                rows.writeCsv(engine.symbols(), engine.timeframes(), writer);
            }
            System.err.println("accepted=" + engine.counters().accepted() + " bars=" + rows.size() +
                " checkpoint=" + (recovery.checkpoint() == null ? "none" : recovery.checkpoint().describe()) +
                " replayed=" + recovery.replayed());
        }
        return 0;
    }
}
