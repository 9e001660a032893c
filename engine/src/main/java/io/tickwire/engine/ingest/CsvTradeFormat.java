package io.tickwire.engine.ingest;

import java.util.Locale;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;

/**
 * Trades as CSV (SPEC §5): a header row naming the columns, required {@code ts,symbol,price,volume}, optional
 * {@code bid,ask,exchange,trade_id}, any order, other columns ignored. Fields are split on every comma, without
 * quoting or trimming (no valid field contains a comma). ts is ISO-8601 UTC with {@code Z} and up to 9 fractional
 * digits, or integer epoch nanoseconds.
 * <p>
 * Only ts, symbol, price and volume can reject a row (SPEC §4); an unusable optional field is left out of the
 * trade. Parsing a row allocates nothing. Not thread-safe.
 */
public final class CsvTradeFormat
{
    private static final String[] REQUIRED = {"ts", "symbol", "price", "volume"};

    private final int columns;
    private final int tsColumn;
    private final int symbolColumn;
    private final int priceColumn;
    private final int volumeColumn;
    private final int bidColumn;
    private final int askColumn;
    private final int exchangeColumn;
    private final int tradeIdColumn;
    private final int[] fieldStarts;
    private final int[] fieldEnds;

    private CsvTradeFormat(final String[] names)
    {
        columns = names.length;
        tsColumn = indexOf(names, "ts");
        symbolColumn = indexOf(names, "symbol");
        priceColumn = indexOf(names, "price");
        volumeColumn = indexOf(names, "volume");
        bidColumn = indexOf(names, "bid");
        askColumn = indexOf(names, "ask");
        exchangeColumn = indexOf(names, "exchange");
        tradeIdColumn = indexOf(names, "trade_id");
        fieldStarts = new int[columns];
        fieldEnds = new int[columns];
    }

    /**
     * Reads the header row.
     *
     * @param header the first line, without its line terminator; a UTF-8 byte order mark is ignored.
     * @return the format.
     * @throws IllegalArgumentException with a one-line reason for a missing or repeated column.
     */
    public static CsvTradeFormat fromHeader(final String header)
    {
        final String line = header.startsWith("\uFEFF") ? header.substring(1) : header;
        final String[] names = line.split(",", -1);
        for (int i = 0; i < names.length; i++)
        {
            names[i] = names[i].trim().toLowerCase(Locale.ROOT);
        }
        for (final String known : new String[]{"ts", "symbol", "price", "volume", "bid", "ask", "exchange",
            "trade_id"})
        {
            if (indexOf(names, known) != lastIndexOf(names, known))
            {
                throw new IllegalArgumentException("column '" + known + "' appears more than once in the header");
            }
        }
        for (final String required : REQUIRED)
        {
            if (indexOf(names, required) < 0)
            {
                throw new IllegalArgumentException("missing column '" + required + "' (the header must name " +
                    "ts,symbol,price,volume; bid,ask,exchange,trade_id are optional)");
            }
        }
        return new CsvTradeFormat(names);
    }

    /**
     * Parses a data row into a trade.
     *
     * @param line the row, without its line terminator.
     * @param into the event to fill (kind, ts, symbol, price, volume and optional fields).
     * @return null when the row is a valid trade, else why it is rejected.
     */
    public RejectReason parse(final CharSequence line, final TradeEvent into)
    {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r')
        {
            length--;
        }
        int field = 0;
        int start = 0;
        for (int i = 0; i <= length; i++)
        {
            if (i == length || line.charAt(i) == ',')
            {
                if (field == columns)
                {
                    return RejectReason.MALFORMED;
                }
                fieldStarts[field] = start;
                fieldEnds[field] = i;
                field++;
                start = i + 1;
            }
        }
        if (field != columns)
        {
            return RejectReason.MALFORMED;
        }

        into.clearOptional();
        into.kind = TradeEvent.KIND_TRADE;
        into.tsNs = Timestamps.parse(line, fieldStarts[tsColumn], fieldEnds[tsColumn]);
        if (!TradeValidator.isValidTimestamp(into.tsNs))
        {
            return RejectReason.BAD_TIMESTAMP;
        }
        final int symbolStart = fieldStarts[symbolColumn];
        final int symbolEnd = fieldEnds[symbolColumn];
        if (!Symbols.isValid(line, symbolStart, symbolEnd))
        {
            return RejectReason.BAD_SYMBOL;
        }
        into.symbolWord0 = Symbols.pack(line, symbolStart, symbolEnd, 0);
        into.symbolWord1 = Symbols.pack(line, symbolStart, symbolEnd, 1);
        into.price = FixedPoint.parse(line, fieldStarts[priceColumn], fieldEnds[priceColumn]);
        if (!TradeValidator.isValidPrice(into.price))
        {
            return RejectReason.BAD_PRICE;
        }
        into.volume = TradeValidator.parseVolume(line, fieldStarts[volumeColumn], fieldEnds[volumeColumn]);
        if (into.volume < 0)
        {
            return RejectReason.BAD_VOLUME;
        }

        into.bid = optionalPrice(line, bidColumn);
        into.ask = optionalPrice(line, askColumn);
        if (exchangeColumn >= 0)
        {
            into.exchange = packedAscii(line, fieldStarts[exchangeColumn], fieldEnds[exchangeColumn]);
        }
        if (tradeIdColumn >= 0)
        {
            final int idStart = fieldStarts[tradeIdColumn];
            final int idLength = fieldEnds[tradeIdColumn] - idStart;
            if (idLength <= TradeEvent.MAX_TRADE_ID_LENGTH && isPrintableAscii(line, idStart, idStart + idLength))
            {
                for (int i = 0; i < idLength; i++)
                {
                    into.tradeId[i] = (byte)line.charAt(idStart + i);
                }
                into.tradeIdLength = idLength;
            }
        }
        return null;
    }

    private long optionalPrice(final CharSequence line, final int column)
    {
        if (column < 0)
        {
            return 0;
        }
        final long price = FixedPoint.parse(line, fieldStarts[column], fieldEnds[column]);
        return TradeValidator.isValidPrice(price) ? price : 0;
    }

    private static long packedAscii(final CharSequence line, final int start, final int end)
    {
        if (end - start > 8 || !isPrintableAscii(line, start, end))
        {
            return 0;
        }
        long packed = 0;
        for (int i = end - 1; i >= start; i--)
        {
            packed = (packed << 8) | line.charAt(i);
        }
        return packed;
    }

    private static boolean isPrintableAscii(final CharSequence line, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final char c = line.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(final String[] names, final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(final String[] names, final String name)
    {
        for (int i = names.length - 1; i >= 0; i--)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
