package io.tickwire.app.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ring.TradeEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire synth}: writes the synthetic feed's tape as CSV, the same trades {@code serve} emits for the same
 * seed, symbols, rate and origin, in the columns of {@code tickwire journal}.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Write the synthetic feed's trades as CSV (for tests and offline runs).")
public final class SynthCommand implements Callable<Integer>
{
    @Option(names = "--seed", defaultValue = "42", description = "Feed seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--symbols", defaultValue = "100", description = "Symbols (default: ${DEFAULT-VALUE}).")
    private int symbols;

    @Option(names = "--rate", defaultValue = "2000", description = "Trades per second (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--origin", required = true, paramLabel = "EPOCH_NS", description = "Event time of trade 0.")
    private long origin;

    @Option(names = "--count", required = true, description = "Trades to write.")
    private long count;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV to write.")
    private Path out;

    @Override
    public Integer call() throws IOException
    {
        final SyntheticTrades trades = new SyntheticTrades(seed, symbols, rate, origin);
        final TradeEvent trade = new TradeEvent();
        try (Writer writer = new BufferedWriter(Files.newBufferedWriter(out), 1 << 16))
        {
            writer.write(JournalCommand.HEADER);
            final StringBuilder line = new StringBuilder(160);
            for (long n = 0; n < count; n++)
            {
                trades.fill(n, trade);
                trade.arrivalSeq = n;
                line.setLength(0);
                JournalCommand.appendRow(trade, line);
                writer.append(line);
            }
        }
        return 0;
    }
}
