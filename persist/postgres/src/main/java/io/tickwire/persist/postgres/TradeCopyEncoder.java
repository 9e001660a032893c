package io.tickwire.persist.postgres;

import java.sql.SQLException;

import org.postgresql.copy.CopyIn;

import io.tickwire.persist.TradeBatch;

/**
 * Encodes the trades of a batch in PostgreSQL's binary COPY format into one reused buffer and streams it to a
 * {@link CopyIn}. Prices go out as exact {@code numeric} values built from the mantissas (never via a double);
 * the event time goes out twice: as {@code timestamptz} truncated to microseconds and exactly as {@code ts_ns}.
 * <p>
 * Row layout (all integers big-endian): int16 field count 9, then per field an int32 length and the value:
 * <pre>
 *   ts        int64  microseconds since 2000-01-01 UTC
 *   ts_ns     int64  epoch ns
 *   seq       int64
 *   symbol    UTF-8
 *   exchange  UTF-8
 *   trade_id  UTF-8
 *   price     numeric: int16 ndigits=5, int16 weight=2, int16 sign, int16 dscale=8, 5 x int16 base-10000 digits
 *   volume    int64
 *   source    int16  0 live, 1 backfill
 * </pre>
 * Not thread-safe: owned by the sink's writer thread.
 */
final class TradeCopyEncoder
{
    /** The COPY statement the encoding matches. */
    static final String COPY_SQL = "COPY trades (ts, ts_ns, seq, symbol, exchange, trade_id, price, volume, source) "
        + "FROM STDIN (FORMAT binary)";

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte)0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long SCALE = 100_000_000L;
    private static final int NUMERIC_POS = 0x0000;
    private static final int NUMERIC_NEG = 0x4000;
    private static final int FIELDS = 9;
    /** Flush when less than this is left; a row of short strings takes about 150 bytes. */
    private static final int HEADROOM = 1024;

    private final byte[] buffer;
    private final int source;
    private int position;

    /**
     * An encoder with its buffer.
     *
     * @param bufferBytes size of the reused buffer.
     * @param source      value of the {@code source} column: 0 live journal, 1 backfill.
     */
    TradeCopyEncoder(final int bufferBytes, final int source)
    {
        buffer = new byte[Math.max(bufferBytes, 4 * HEADROOM)];
        this.source = source;
    }

    /**
     * Streams the trades of a batch with {@code seq > afterSeq}, skipping quotes.
     *
     * @param in       an open COPY in the sink's transaction.
     * @param batch    the batch.
     * @param fromRow  first row to consider.
     * @return rows sent.
     * @throws SQLException when the server refuses.
     */
    int encode(final CopyIn in, final TradeBatch batch, final int fromRow) throws SQLException
    {
        position = 0;
        putBytes(HEADER);
        int rows = 0;
        final int size = batch.size();
        for (int i = fromRow; i < size; i++)
        {
            if (!batch.isTrade(i))
            {
                continue;
            }
            if (buffer.length - position < HEADROOM)
            {
                flush(in);
            }
            row(in, batch, i);
            rows++;
        }
        putShort(-1);
        flush(in);
        return rows;
    }

    private void row(final CopyIn in, final TradeBatch batch, final int i) throws SQLException
    {
        final long price = batch.price(i);
        if (price == Long.MIN_VALUE)
        {
            // numeric(20,8) holds every other mantissa (|price| < 10^12); this one has no absolute value.
            throw new SQLException("price mantissa " + price + " of seq " + batch.seq(i) + " cannot be stored",
                "22003");
        }
        final long tsNs = batch.tsNs(i);
        putShort(FIELDS);
        putInt(8);
        putLong(Math.floorDiv(tsNs, 1000L) - PG_EPOCH_MICROS);
        putInt(8);
        putLong(tsNs);
        putInt(8);
        putLong(batch.seq(i));
        putText(in, batch.symbol(i));
        putText(in, batch.exchange(i));
        putAscii(in, batch.tradeIdBytes(), batch.tradeIdOffset(i), batch.tradeIdLength(i));
        putNumeric(price);
        putInt(8);
        putLong(batch.volume(i));
        putInt(2);
        putShort(source);
    }

    /**
     * Writes a scale-8 mantissa as numeric with a fixed shape: three integer groups and two fraction groups of
     * four decimal digits. The server strips the leading and trailing zero groups.
     */
    private void putNumeric(final long mantissa)
    {
        final long abs = Math.abs(mantissa);
        final long integer = abs / SCALE;
        final long fraction = abs % SCALE;
        putInt(18);
        putShort(5);
        putShort(2);
        putShort(mantissa < 0 ? NUMERIC_NEG : NUMERIC_POS);
        putShort(8);
        putShort((int)(integer / 100_000_000L));
        putShort((int)(integer / 10_000L % 10_000L));
        putShort((int)(integer % 10_000L));
        putShort((int)(fraction / 10_000L));
        putShort((int)(fraction % 10_000L));
    }

    /** A text field from ASCII bytes (trade ids), without a String in between. */
    private void putAscii(final CopyIn in, final byte[] source, final int offset, final int count) throws SQLException
    {
        if (buffer.length - position < 4 + count + HEADROOM)
        {
            flush(in);
        }
        putInt(count);
        System.arraycopy(source, offset, buffer, position, count);
        position += count;
    }

    private void putText(final CopyIn in, final String text) throws SQLException
    {
        final int length = text.length();
        if (buffer.length - position < 4 + 3 * length + HEADROOM)
        {
            flush(in);
            if (buffer.length - position < 4 + 3 * length)
            {
                throw new SQLException("a text field of " + length + " characters does not fit the COPY buffer");
            }
        }
        final int lengthAt = position;
        position += 4;
        for (int k = 0; k < length; k++)
        {
            final char c = text.charAt(k);
            if (c < 0x80)
            {
                buffer[position++] = (byte)c;
            }
            else if (c < 0x800)
            {
                buffer[position++] = (byte)(0xC0 | (c >> 6));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                buffer[position++] = (byte)(0xE0 | (c >> 12));
                buffer[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        final int bytes = position - lengthAt - 4;
        buffer[lengthAt] = (byte)(bytes >>> 24);
        buffer[lengthAt + 1] = (byte)(bytes >>> 16);
        buffer[lengthAt + 2] = (byte)(bytes >>> 8);
        buffer[lengthAt + 3] = (byte)bytes;
    }

    private void flush(final CopyIn in) throws SQLException
    {
        if (position > 0)
        {
            in.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }

    private void putBytes(final byte[] bytes)
    {
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void putShort(final int value)
    {
        buffer[position++] = (byte)(value >>> 8);
        buffer[position++] = (byte)value;
    }

    private void putInt(final int value)
    {
        buffer[position++] = (byte)(value >>> 24);
        buffer[position++] = (byte)(value >>> 16);
        buffer[position++] = (byte)(value >>> 8);
        buffer[position++] = (byte)value;
    }

    private void putLong(final long value)
    {
        putInt((int)(value >>> 32));
        putInt((int)value);
    }
}
