package io.tickwire.codecs;

import org.agrona.DirectBuffer;

/**
 * Decodes MessagePack server messages (SPEC §6): one map, keys in any order, unknown keys skipped. Prices may be
 * integers (whole) or floats; a float becomes the nearest mantissa ({@link DecimalDoubles#toMantissa(double)}),
 * which is exact for prices below 2^26.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class MsgPackWireDecoder implements WireDecoder
{
    private static final int MAX_TEXT_BYTES = 2048;
    private static final int MAX_SKIP_DEPTH = 16;
    private static final long MAX_WHOLE_PRICE = Long.MAX_VALUE / FixedPoint.SCALE;

    private final MsgPackReader reader = new MsgPackReader();
    private final StringBuilder key = new StringBuilder(16);
    private final StringBuilder text = new StringBuilder(64);
    private final long[] row = new long[8];
    private long priceValue;

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.MSGPACK;
    }

    @Override
    public boolean decode(final DirectBuffer buffer, final int offset, final int length, final DecodedMessage out)
    {
        out.clear();
        reader.wrap(buffer, offset, length);
        if (!reader.readMapHeader())
        {
            return out.fail(reader.error());
        }
        final int entries = reader.count();
        for (int i = 0; i < entries; i++)
        {
            if (!reader.readString(key, MAX_TEXT_BYTES))
            {
                return out.fail(reader.error());
            }
            final WireField field = WireField.fromText(key);
            final boolean valid = field == null ? reader.skipValue(MAX_SKIP_DEPTH) : readValue(field, out);
            if (!valid)
            {
                if (out.failure() == null)
                {
                    out.fail(reader.error());
                }
                return false;
            }
        }
        if (!reader.atEnd())
        {
            return out.fail("bytes after the map");
        }
        return out.finish();
    }

    private boolean readValue(final WireField field, final DecodedMessage out)
    {
        switch (field.kind)
        {
            case TEXT:
                return reader.readString(text, MAX_TEXT_BYTES) && out.putText(field, text);
            case INTEGER:
                if (reader.consumeNil())
                {
                    return out.putLong(field, WireMessages.NO_VALUE);
                }
                return reader.readLong() && out.putLong(field, reader.longValue());
            case PRICE:
                return readPrice() && out.putLong(field, priceValue);
            case BOOLEAN:
                return reader.readBoolean() && out.putBoolean(field, reader.booleanValue());
            case ROWS:
                return readRows(field, out);
            default:
                return out.fail("unknown field kind");
        }
    }

    private boolean readPrice()
    {
        if (reader.consumeNil())
        {
            priceValue = WireMessages.NO_VALUE;
            return true;
        }
        if (!reader.readNumber())
        {
            return false;
        }
        if (reader.isDouble())
        {
            priceValue = DecimalDoubles.toMantissa(reader.doubleValue());
            return priceValue != FixedPoint.INVALID || reader.fail("price out of range");
        }
        final long whole = reader.longValue();
        if (Math.abs(whole) > MAX_WHOLE_PRICE)
        {
            return reader.fail("price out of range");
        }
        priceValue = whole * FixedPoint.SCALE;
        return true;
    }

    private boolean readRows(final WireField field, final DecodedMessage out)
    {
        if (!out.beginRows(field) || !reader.readArrayHeader())
        {
            return false;
        }
        final int rows = reader.count();
        final WireField.Kind[] kinds = field.rowKinds();
        for (int i = 0; i < rows; i++)
        {
            if (!reader.readArrayHeader())
            {
                return false;
            }
            if (reader.count() != kinds.length)
            {
                return reader.fail("row of the wrong length");
            }
            for (int j = 0; j < kinds.length; j++)
            {
                if (kinds[j] == WireField.Kind.PRICE)
                {
                    if (!readPrice())
                    {
                        return false;
                    }
                    row[j] = priceValue;
                }
                else if (reader.consumeNil())
                {
                    row[j] = WireMessages.NO_VALUE;
                }
                else if (reader.readLong())
                {
                    row[j] = reader.longValue();
                }
                else
                {
                    return false;
                }
            }
            if (!out.appendRow(row, kinds.length))
            {
                return false;
            }
        }
        return true;
    }
}
