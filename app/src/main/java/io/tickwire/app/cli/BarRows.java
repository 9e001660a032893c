package io.tickwire.app.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.BarView;
import io.tickwire.engine.bars.SymbolTable;
import io.tickwire.engine.bars.Timeframes;

/**
 * Bars collected for CSV output in the {@code bars} format of SPEC §5: header
 * {@code symbol,tf,start,open,high,low,close,volume,count,vwap}, rows sorted by symbol, timeframe length and start,
 * start in ISO-8601 UTC, decimals plain. As a {@link BarListener} it keeps each bar when it is first published
 * final, which is how the offline command sees every bar exactly once.
 */
public final class BarRows implements BarListener
{
    /** The CSV header. */
    public static final String HEADER = "symbol,tf,start,open,high,low,close,volume,count,vwap";

    private final List<long[]> rows = new ArrayList<>();

    @Override
    public void onBar(final BarView bar)
    {
        if (bar.isFinal() && bar.rev() == 0)
        {
            add(bar);
        }
    }

    /**
     * Keeps a copy of a bar.
     *
     * @param bar the bar.
     */
    public void add(final BarView bar)
    {
        rows.add(new long[]{bar.symbolId(), bar.tfIndex(), bar.start(), bar.open(), bar.high(), bar.low(),
            bar.close(), bar.volume(), bar.count(), bar.vwap()});
    }

    /**
     * Bars kept.
     *
     * @return count.
     */
    public int size()
    {
        return rows.size();
    }

    /**
     * Writes the header and every bar in output order.
     *
     * @param symbols    names by id.
     * @param timeframes the engine's timeframes, shortest first.
     * @param out        destination.
     * @throws IOException when writing fails.
     */
    public void writeCsv(final SymbolTable symbols, final Timeframes timeframes, final Writer out) throws IOException
    {
        rows.sort(Comparator.<long[], String>comparing(row -> symbols.name((int)row[0]))
            .thenComparingLong(row -> row[1])
            .thenComparingLong(row -> row[2]));
        out.write(HEADER);
        out.write('\n');
        final StringBuilder line = new StringBuilder(160);
        for (final long[] row : rows)
        {
            line.setLength(0);
            line.append(symbols.name((int)row[0])).append(',').append(timeframes.name((int)row[1])).append(',');
            Timestamps.appendIso(row[2], line).append(',');
            FixedPoint.append(row[3], line).append(',');
            FixedPoint.append(row[4], line).append(',');
            FixedPoint.append(row[5], line).append(',');
            FixedPoint.append(row[6], line).append(',');
            line.append(row[7]).append(',').append(row[8]).append(',');
            FixedPoint.append(row[9], line).append('\n');
            out.append(line);
        }
    }
}
