package io.tickwire.app.cli;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tickwire.app.config.TickwireConfig;
import io.tickwire.codecs.FixedPoint;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.ring.TradeEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tickwire journal}: dumps the journal as CSV in journal order, with arrival sequence and source position;
 * the file is valid input for {@code tickwire bars}.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Dump the journal as CSV (valid input for `tickwire bars`).")
public final class JournalCommand implements Callable<Integer>
{
    /** Columns of a dumped journal, also written by {@code tickwire synth}. */
    public static final String HEADER = "arrival_seq,source,partition,offset,ts,symbol,price,volume,bid,ask,exchange\n";

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
            System.err.println("tickwire journal: " + ex.getMessage());
            return 2;
        }
        final TradeEvent event = new TradeEvent();
        long rows = 0;
        try (Journal journal = new Journal(config.dataDir().resolve("journal"));
            Journal.Reader reader = journal.reader();
            Writer writer = new BufferedWriter(Files.newBufferedWriter(out), 1 << 16))
        {
            writer.write(HEADER);
            final StringBuilder line = new StringBuilder(160);
            while (reader.next(event))
            {
                if (event.kind == TradeEvent.KIND_TRADE)
                {
                    line.setLength(0);
                    appendRow(event, line);
                    writer.append(line);
                    rows++;
                }
            }
        }
        System.err.println("trades=" + rows);
        return 0;
    }

    /**
     * Appends a trade as a CSV row of {@link #HEADER}.
     *
     * @param trade the trade.
     * @param line  destination.
     */
    public static void appendRow(final TradeEvent trade, final StringBuilder line)
    {
        line.append(trade.arrivalSeq).append(',').append(trade.sourceId).append(',').append(trade.partition)
            .append(',').append(trade.sourceOffset).append(',').append(trade.tsNs).append(',')
            .append(Symbols.unpack(trade.symbolWord0, trade.symbolWord1)).append(',');
        FixedPoint.append(trade.price, line).append(',').append(trade.volume).append(',');
        if (trade.bid > 0)
        {
            FixedPoint.append(trade.bid, line);
        }
        line.append(',');
        if (trade.ask > 0)
        {
            FixedPoint.append(trade.ask, line);
        }
        line.append(',').append(Symbols.unpack(trade.exchange, 0)).append('\n');
    }
}
