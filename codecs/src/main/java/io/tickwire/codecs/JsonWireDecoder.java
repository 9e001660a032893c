package io.tickwire.codecs;

import org.agrona.DirectBuffer;

/**
 * Decodes JSON server messages (SPEC §6) strictly: one object, keys in any order, unknown keys skipped, known
 * keys with the wrong kind of value refused, prices parsed exactly as decimals, nothing after the object.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class JsonWireDecoder implements WireDecoder
{
    private static final int MAX_TEXT_CHARS = 1024;
    private static final int MAX_SKIP_DEPTH = 16;

    private final JsonReader reader = new JsonReader();
    private final StringBuilder key = new StringBuilder(16);
    private final StringBuilder text = new StringBuilder(64);
    private final AsciiSequence number = new AsciiSequence();
    private final long[] row = new long[8];
    private long priceValue;

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.JSON;
    }

    @Override
    public boolean decode(final DirectBuffer buffer, final int offset, final int length, final DecodedMessage out)
    {
        out.clear();
        reader.wrap(buffer, offset, length);
        if (!reader.expect('{', "expected an object"))
        {
            return out.fail(reader.error());
        }
        if (!reader.consume('}'))
        {
            do
            {
                if (!reader.readString(key, MAX_TEXT_CHARS) || !reader.expect(':', "expected ':'"))
                {
                    return out.fail(reader.error());
                }
                final WireField field = WireField.fromText(key);
                if (field == null)
                {
                    if (!reader.skipValue(MAX_SKIP_DEPTH))
                    {
                        return out.fail(reader.error());
                    }
                }
                else if (!readValue(field, out))
                {
                    if (out.failure() == null)
                    {
                        out.fail(reader.error());
                    }
                    return false;
                }
            }
            while (reader.consume(','));
            if (!reader.expect('}', "expected ',' or '}'"))
            {
                return out.fail(reader.error());
            }
        }
        if (!reader.atEnd())
        {
            return out.fail("characters after the object");
        }
        return out.finish();
    }

    private boolean readValue(final WireField field, final DecodedMessage out)
    {
        switch (field.kind)
        {
            case TEXT:
                return reader.readString(text, MAX_TEXT_CHARS) && out.putText(field, text);
            case INTEGER:
                if (reader.consumeNull())
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
        if (reader.consumeNull())
        {
            priceValue = WireMessages.NO_VALUE;
            return true;
        }
        if (!reader.readNumber())
        {
            return false;
        }
        final int start = reader.numberStart();
        priceValue = FixedPoint.parse(number.wrap(reader.buffer(), start, reader.numberEnd() - start));
        return priceValue != FixedPoint.INVALID || reader.fail("price is not a decimal with at most 8 decimals");
    }

    private boolean readRows(final WireField field, final DecodedMessage out)
    {
        if (!out.beginRows(field) || !reader.expect('[', "expected an array of rows"))
        {
            return false;
        }
        if (reader.consume(']'))
        {
            return true;
        }
        final WireField.Kind[] kinds = field.rowKinds();
        do
        {
            if (!reader.expect('[', "expected a row array"))
            {
                return false;
            }
            for (int j = 0; j < kinds.length; j++)
            {
                if (j > 0 && !reader.expect(',', "row too short"))
                {
                    return false;
                }
                if (kinds[j] == WireField.Kind.PRICE)
                {
                    if (!readPrice())
                    {
                        return false;
                    }
                    row[j] = priceValue;
                }
                else if (reader.consumeNull())
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
            if (!reader.expect(']', "row too long") || !out.appendRow(row, kinds.length))
            {
                return false;
            }
        }
        while (reader.consume(','));
        return reader.expect(']', "expected ',' or ']'");
    }
}
