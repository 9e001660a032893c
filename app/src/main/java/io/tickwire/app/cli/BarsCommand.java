package io.tickwire.app.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tickwire.app.config.Durations;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.ingest.CsvTradeFormat;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ring.TradeEvent;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire bars}: offline bars from a CSV of trades through the engine's own code path (the same
 * {@link BarEngine#onTrade} the live ring drives), so the bars equal those served live for the same trades in the
 * same order. With {@code --kafka} the trades come from a topic read from the beginning ({@link KafkaBars}).
 */
@Command(name = "bars", mixinStandardHelpOptions = true,
    description = "Compute bars from a CSV of trades, offline, through the engine code path.")
public final class BarsCommand implements Callable<Integer>
{
    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    /** Where the trades come from: a CSV or a Kafka topic. */
    static final class Input
    {
        @Option(names = "--trades", required = true, paramLabel = "IN.csv",
            description = "Trades: header naming ts,symbol,price,volume (+ optional bid,ask,exchange,trade_id).")
        private Path trades;

        @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT",
            description = "Read --topic from the beginning instead (SBE or JSON records), until --idle.")
        private String kafka;
    }

    @Option(names = "--topic", defaultValue = "trades", description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--idle", paramLabel = "DURATION", defaultValue = "5s",
        description = "With --kafka: stop after this long without a record (default: ${DEFAULT-VALUE}).")
    private String idle;

    private Path trades;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Where to write the bars.")
    private Path out;

    @Option(names = "--tf", paramLabel = "LIST", defaultValue = Timeframes.DEFAULT,
        description = "Timeframes among " + Timeframes.SUPPORTED + " (default: ${DEFAULT-VALUE}).")
    private String timeframes;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5s",
        description = "Allowed lateness (default: ${DEFAULT-VALUE}).")
    private String grace;

    @Option(names = "--rejects", paramLabel = "FILE",
        description = "Write rejected rows as line,reason,row.")
    private Path rejects;

    private final PrintStream err;

    /**
     * A command reporting on a stream.
     *
     * @param err where the summary and errors go.
     */
    public BarsCommand(final PrintStream err)
    {
        this.err = err;
    }

    @Override
    public Integer call() throws IOException
    {
        final Timeframes tfs;
        final long graceNs;
        try
        {
            tfs = Timeframes.parse(timeframes);
            graceNs = Durations.parseNs(grace);
        }
        catch (final IllegalArgumentException | ArithmeticException ex)
        {
            return usage("--tf/--grace: " + ex.getMessage());
        }

        int history = 3;
        for (int tf = 0; tf < tfs.count(); tf++)
        {
            history = Math.max(history, BarEngine.minimumHistory(graceNs, tfs.lengthNs(tf)));
        }
        if (history > 1_000_000)
        {
            return usage("--grace " + grace + " keeps more than a million " + tfs.name(0) + " windows open");
        }

        final BarRows rows = new BarRows();
        if (input.kafka != null)
        {
            final long idleNs;
            try
            {
                idleNs = Durations.parseNs(idle);
            }
            catch (final IllegalArgumentException | ArithmeticException ex)
            {
                return usage("--idle: " + ex.getMessage());
            }
            return KafkaBars.run(input.kafka, topic, idleNs, tfs, graceNs, history, rows, out, err);
        }
        trades = input.trades;
        long dataRows = 0;
        long rejected = 0;
        try (BarEngine engine = new BarEngine(tfs, graceNs, history, Integer.MAX_VALUE - 8, rows);
            BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(trades),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)), 1 << 16);
            Writer rejectsOut = rejects == null ? Writer.nullWriter() : Files.newBufferedWriter(rejects))
        {
            final String header = reader.readLine();
            if (header == null)
            {
                return usage("--trades " + trades + " is empty: it needs a header row");
            }
            final CsvTradeFormat format;
            try
            {
                format = CsvTradeFormat.fromHeader(header);
            }
            catch (final IllegalArgumentException ex)
            {
                return usage("--trades " + trades + ": " + ex.getMessage());
            }
            if (rejects != null)
            {
                rejectsOut.write("line,reason,row\n");
            }

            final TradeEvent trade = new TradeEvent();
            long lineNumber = 1;
            String line;
            while ((line = reader.readLine()) != null)
            {
                lineNumber++;
                if (line.isBlank())
                {
                    continue;
                }
                dataRows++;
                RejectReason reason = line.indexOf('\uFFFD') >= 0 ? RejectReason.MALFORMED : format.parse(line, trade);
                if (reason == null)
                {
                    trade.arrivalSeq = dataRows;
                    if (!engine.onTrade(trade))
                    {
                        reason = RejectReason.TOO_MANY_SYMBOLS;
                    }
                }
                if (reason != null)
                {
                    rejected++;
                    if (rejects != null)
                    {
                        rejectsOut.write(lineNumber + "," + reason.label() + "," + line + "\n");
                    }
                }
            }
            engine.finaliseAll();

            try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out),
                StandardCharsets.US_ASCII), 1 << 16))
            {
                rows.writeCsv(engine.symbols(), tfs, writer);
            }
            err.println("trades=" + dataRows + " accepted=" + engine.counters().accepted() + " late=" +
                engine.counters().late() + " rejected=" + rejected + " bars=" + rows.size());
            return 0;
        }
        catch (final NoSuchFileException ex)
        {
            return usage(ex.getFile() + ": no such file or directory");
        }
        catch (final CharacterCodingException ex)
        {
            return usage("--trades " + trades + ": not text");
        }
    }

    private int usage(final String reason)
    {
        err.println("tickwire bars: " + reason);
        return 2;
    }
}
