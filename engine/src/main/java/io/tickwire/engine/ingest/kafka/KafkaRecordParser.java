package io.tickwire.engine.ingest.kafka;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.Timestamps;
import io.tickwire.codecs.sbe.MessageHeaderDecoder;
import io.tickwire.codecs.sbe.QuoteDecoder;
import io.tickwire.codecs.sbe.TradeDecoder;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ingest.IngestAgent;
import io.tickwire.engine.ingest.RejectReason;
import io.tickwire.engine.ingest.TradeValidator;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns one Kafka record value into a trade or quote, detecting the format per record: an SBE {@code Trade} or
 * {@code Quote} message (codecs schema, message header first) or a flat JSON object with the roadmap's fields.
 * <p>
 * JSON trades: {@code symbol} (string), {@code price} (number), {@code volume} (integer), {@code timestamp}
 * (ISO-8601 UTC string, or an integer epoch count whose unit follows from its magnitude, see
 * {@link #epochToNanos(long)}), optional {@code bid_price}, {@code ask_price} (numbers), {@code exchange},
 * {@code trade_id} (strings). JSON quotes (records of the quotes topic): {@code symbol, bid_price, bid_size,
 * ask_price, ask_size, timestamp}. Any other field, a duplicate field, a wrong type or trailing bytes make the record
 * malformed. Decimals are parsed exactly from the JSON text by {@link FixedPoint}, never through a double.
 * <p>
 * Not thread-safe: owned by the ingest thread; allocates nothing per record.
 */
public final class KafkaRecordParser
{
    /** Largest record value parsed; larger ones are rejected unread. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final long UNIT_SECONDS_BELOW = 100_000_000_000L;
    private static final long UNIT_MILLIS_BELOW = 100_000_000_000_000L;
    private static final long UNIT_MICROS_BELOW = 100_000_000_000_000_000L;

    private static final int F_SYMBOL = 0;
    private static final int F_PRICE = 1;
    private static final int F_VOLUME = 2;
    private static final int F_BID = 3;
    private static final int F_ASK = 4;
    private static final int F_TIMESTAMP = 5;
    private static final int F_EXCHANGE = 6;
    private static final int F_TRADE_ID = 7;
    private static final int F_BID_SIZE = 8;
    private static final int F_ASK_SIZE = 9;
    private static final String[] FIELD_NAMES =
        {"symbol", "price", "volume", "bid_price", "ask_price", "timestamp", "exchange", "trade_id", "bid_size",
            "ask_size"};
    private static final byte[][] FIELD_BYTES = new byte[FIELD_NAMES.length][];

    private static final int T_STRING = 1;
    private static final int T_NUMBER = 2;
    private static final int T_OTHER = 3;

    static
    {
        for (int i = 0; i < FIELD_NAMES.length; i++)
        {
            FIELD_BYTES[i] = FIELD_NAMES[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final QuoteDecoder quoteDecoder = new QuoteDecoder();
    private final ByteText text = new ByteText();
    private final int[] valueStart = new int[FIELD_NAMES.length];
    private final int[] valueEnd = new int[FIELD_NAMES.length];
    private final int[] valueType = new int[FIELD_NAMES.length];
    private final boolean[] valueEscaped = new boolean[FIELD_NAMES.length];
    private byte[] bytes;
    private int pos;
    private int limit;
    private boolean lastEscaped;

    /**
     * Parses and validates one record value (SPEC §3).
     *
     * @param value   the record value; may be null.
     * @param length  bytes of the value to read (its length).
     * @param isQuote whether a JSON value is a quote (records of the quotes topic); SBE says so itself.
     * @param into    the event to fill; its source position is left to the caller.
     * @return null when the record is a valid trade or quote, else why it is rejected.
     */
    public RejectReason parse(final byte[] value, final int length, final boolean isQuote, final TradeEvent into)
    {
        return parse(value, 0, length, isQuote, into);
    }

    /**
     * Parses and validates one record value lying at an offset in an array (e.g. a Kafka fetch buffer, uncopied).
     *
     * @param value   the array holding the value; may be null.
     * @param offset  where the value starts in it.
     * @param length  bytes of the value.
     * @param isQuote whether a JSON value is a quote (records of the quotes topic); SBE says so itself.
     * @param into    the event to fill; its source position is left to the caller.
     * @return null when the record is a valid trade or quote, else why it is rejected.
     */
    public RejectReason parse(final byte[] value, final int offset, final int length, final boolean isQuote,
        final TradeEvent into)
    {
        if (value == null || length == 0 || length > MAX_VALUE_BYTES)
        {
            return RejectReason.MALFORMED;
        }
        into.clearOptional();
        final RejectReason reason = isSbe(value, offset, length) ? parseSbe(value, offset, length, into) :
            parseJson(value, offset, length, isQuote, into);
        return reason != null ? reason : IngestAgent.validate(into);
    }

    /**
     * Whether a value starts with a message header of the codecs schema naming a Trade or a Quote.
     *
     * @param value  bytes.
     * @param length length.
     * @return true for SBE.
     */
    boolean isSbe(final byte[] value, final int length)
    {
        return isSbe(value, 0, length);
    }

    private boolean isSbe(final byte[] value, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        buffer.wrap(value, offset, length);
        header.wrap(buffer, 0);
        final int templateId = header.templateId();
        return header.schemaId() == TradeDecoder.SCHEMA_ID &&
            (templateId == TradeDecoder.TEMPLATE_ID || templateId == QuoteDecoder.TEMPLATE_ID);
    }

    private RejectReason parseSbe(final byte[] value, final int offset, final int length, final TradeEvent into)
    {
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == TradeDecoder.TEMPLATE_ID)
        {
            final int varHeader = TradeDecoder.tradeIdHeaderLength();
            if (blockLength < TradeDecoder.BLOCK_LENGTH || bodyOffset + blockLength + varHeader > length)
            {
                return RejectReason.MALFORMED;
            }
            tradeDecoder.wrap(buffer, bodyOffset, blockLength, version);
            final int idLength = tradeDecoder.tradeIdLength();
            if (bodyOffset + blockLength + varHeader + idLength != length)
            {
                return RejectReason.MALFORMED;
            }
            into.kind = TradeEvent.KIND_TRADE;
            into.tsNs = tradeDecoder.tsNanos();
            into.price = tradeDecoder.price().mantissa();
            into.volume = tradeDecoder.volume();
            into.bid = optionalMantissa(tradeDecoder.bid().mantissa());
            into.ask = optionalMantissa(tradeDecoder.ask().mantissa());
            final int symbolOffset = offset + bodyOffset + TradeDecoder.symbolEncodingOffset();
            if (!packSymbol(value, symbolOffset, symbolOffset + TradeDecoder.symbolLength(), into))
            {
                return RejectReason.BAD_SYMBOL;
            }
            into.exchange = packedAscii(value, offset + bodyOffset + TradeDecoder.exchangeEncodingOffset(),
                TradeDecoder.exchangeLength());
            final int idOffset = offset + bodyOffset + blockLength + varHeader;
            if (idLength <= TradeEvent.MAX_TRADE_ID_LENGTH && isPrintable(value, idOffset, idOffset + idLength))
            {
                System.arraycopy(value, idOffset, into.tradeId, 0, idLength);
                into.tradeIdLength = idLength;
            }
            return null;
        }
        if (blockLength < QuoteDecoder.BLOCK_LENGTH || bodyOffset + blockLength != length)
        {
            return RejectReason.MALFORMED;
        }
        quoteDecoder.wrap(buffer, bodyOffset, blockLength, version);
        into.kind = TradeEvent.KIND_QUOTE;
        into.tsNs = quoteDecoder.tsNanos();
        into.bid = quoteDecoder.bid().mantissa();
        into.ask = quoteDecoder.ask().mantissa();
        into.bidSize = quoteDecoder.bidSize();
        into.askSize = quoteDecoder.askSize();
        final int symbolOffset = offset + bodyOffset + QuoteDecoder.symbolEncodingOffset();
        if (!packSymbol(value, symbolOffset, symbolOffset + QuoteDecoder.symbolLength(), into))
        {
            return RejectReason.BAD_SYMBOL;
        }
        return null;
    }

    private static long optionalMantissa(final long mantissa)
    {
        return TradeValidator.isValidPrice(mantissa) ? mantissa : 0;
    }

    private boolean packSymbol(final byte[] value, final int start, final int max, final TradeEvent into)
    {
        int end = start;
        while (end < max && value[end] != 0)
        {
            end++;
        }
        text.wrap(value);
        if (!Symbols.isValid(text, start, end))
        {
            return false;
        }
        into.symbolWord0 = Symbols.pack(text, start, end, 0);
        into.symbolWord1 = Symbols.pack(text, start, end, 1);
        return true;
    }

    // ---- JSON ----------------------------------------------------------------------------------------------------

    private RejectReason parseJson(final byte[] value, final int offset, final int length, final boolean isQuote,
        final TradeEvent into)
    {
        bytes = value;
        pos = offset;
        limit = offset + length;
        text.wrap(value);
        for (int i = 0; i < FIELD_NAMES.length; i++)
        {
            valueType[i] = 0;
        }
        if (!scanObject())
        {
            return RejectReason.MALFORMED;
        }
        if (isQuote)
        {
            return quoteFromFields(into);
        }
        if (valueType[F_BID_SIZE] != 0 || valueType[F_ASK_SIZE] != 0)
        {
            return RejectReason.MALFORMED;
        }
        into.kind = TradeEvent.KIND_TRADE;
        final RejectReason common = symbolAndTime(into);
        if (common != null)
        {
            return common;
        }
        if (valueType[F_PRICE] != T_NUMBER)
        {
            return valueType[F_PRICE] == 0 ? RejectReason.BAD_PRICE : RejectReason.MALFORMED;
        }
        into.price = FixedPoint.parse(text, valueStart[F_PRICE], valueEnd[F_PRICE]);
        if (!TradeValidator.isValidPrice(into.price))
        {
            return RejectReason.BAD_PRICE;
        }
        if (valueType[F_VOLUME] != T_NUMBER)
        {
            return valueType[F_VOLUME] == 0 ? RejectReason.BAD_VOLUME : RejectReason.MALFORMED;
        }
        into.volume = TradeValidator.parseVolume(text, valueStart[F_VOLUME], valueEnd[F_VOLUME]);
        if (into.volume < 0)
        {
            return RejectReason.BAD_VOLUME;
        }
        if (!optionalNumberTypes(F_BID) || !optionalNumberTypes(F_ASK) ||
            !optionalStringType(F_EXCHANGE) || !optionalStringType(F_TRADE_ID))
        {
            return RejectReason.MALFORMED;
        }
        into.bid = valueType[F_BID] == T_NUMBER ?
            optionalMantissa(FixedPoint.parse(text, valueStart[F_BID], valueEnd[F_BID])) : 0;
        into.ask = valueType[F_ASK] == T_NUMBER ?
            optionalMantissa(FixedPoint.parse(text, valueStart[F_ASK], valueEnd[F_ASK])) : 0;
        if (valueType[F_EXCHANGE] == T_STRING && !valueEscaped[F_EXCHANGE])
        {
            final int start = valueStart[F_EXCHANGE];
            final int exchangeLength = valueEnd[F_EXCHANGE] - start;
            into.exchange = exchangeLength <= 8 ? packedAscii(value, start, exchangeLength) : 0;
        }
        if (valueType[F_TRADE_ID] == T_STRING && !valueEscaped[F_TRADE_ID])
        {
            final int start = valueStart[F_TRADE_ID];
            final int idLength = valueEnd[F_TRADE_ID] - start;
            if (idLength <= TradeEvent.MAX_TRADE_ID_LENGTH && isPrintable(value, start, start + idLength))
            {
                System.arraycopy(value, start, into.tradeId, 0, idLength);
                into.tradeIdLength = idLength;
            }
        }
        return null;
    }

    private RejectReason quoteFromFields(final TradeEvent into)
    {
        if (valueType[F_PRICE] != 0 || valueType[F_VOLUME] != 0 || valueType[F_EXCHANGE] != 0 ||
            valueType[F_TRADE_ID] != 0)
        {
            return RejectReason.MALFORMED;
        }
        into.kind = TradeEvent.KIND_QUOTE;
        final RejectReason common = symbolAndTime(into);
        if (common != null)
        {
            return common;
        }
        if (valueType[F_BID] != T_NUMBER || valueType[F_ASK] != T_NUMBER)
        {
            return valueType[F_BID] == 0 || valueType[F_ASK] == 0 ? RejectReason.BAD_PRICE : RejectReason.MALFORMED;
        }
        into.bid = FixedPoint.parse(text, valueStart[F_BID], valueEnd[F_BID]);
        into.ask = FixedPoint.parse(text, valueStart[F_ASK], valueEnd[F_ASK]);
        if (!TradeValidator.isValidPrice(into.bid) || !TradeValidator.isValidPrice(into.ask))
        {
            return RejectReason.BAD_PRICE;
        }
        into.bidSize = quoteSize(F_BID_SIZE);
        into.askSize = quoteSize(F_ASK_SIZE);
        if (into.bidSize < 0 || into.askSize < 0)
        {
            return RejectReason.BAD_VOLUME;
        }
        return null;
    }

    private long quoteSize(final int field)
    {
        if (valueType[field] != T_NUMBER)
        {
            return -1;
        }
        final int start = valueStart[field];
        if (valueEnd[field] - start == 1 && bytes[start] == '0')
        {
            return 0;
        }
        return TradeValidator.parseVolume(text, start, valueEnd[field]);
    }

    private RejectReason symbolAndTime(final TradeEvent into)
    {
        if (valueType[F_SYMBOL] != T_STRING)
        {
            return valueType[F_SYMBOL] == 0 ? RejectReason.BAD_SYMBOL : RejectReason.MALFORMED;
        }
        final int start = valueStart[F_SYMBOL];
        final int end = valueEnd[F_SYMBOL];
        if (valueEscaped[F_SYMBOL] || !Symbols.isValid(text, start, end))
        {
            return RejectReason.BAD_SYMBOL;
        }
        into.symbolWord0 = Symbols.pack(text, start, end, 0);
        into.symbolWord1 = Symbols.pack(text, start, end, 1);

        final int type = valueType[F_TIMESTAMP];
        if (type == T_STRING)
        {
            into.tsNs = valueEscaped[F_TIMESTAMP] ? Timestamps.INVALID :
                Timestamps.parse(text, valueStart[F_TIMESTAMP], valueEnd[F_TIMESTAMP]);
        }
        else if (type == T_NUMBER)
        {
            into.tsNs = epochToNanos(parseNonNegativeLong(valueStart[F_TIMESTAMP], valueEnd[F_TIMESTAMP]));
        }
        else
        {
            return type == 0 ? RejectReason.BAD_TIMESTAMP : RejectReason.MALFORMED;
        }
        return TradeValidator.isValidTimestamp(into.tsNs) ? null : RejectReason.BAD_TIMESTAMP;
    }

    /**
     * The unit rule for integer epoch timestamps, by magnitude: below 10^11 seconds, below 10^14 milliseconds,
     * below 10^17 microseconds, else nanoseconds. Every instant from 1973-03-03 to 5138-11-16 reads the same in all
     * four units; negative values (before 1970) are refused.
     *
     * @param epoch a non-negative epoch count, or -1 when it was not a plain integer.
     * @return epoch nanoseconds, or {@link Timestamps#INVALID}.
     */
    public static long epochToNanos(final long epoch)
    {
        if (epoch < 0)
        {
            return Timestamps.INVALID;
        }
        if (epoch < UNIT_SECONDS_BELOW)
        {
            return epoch * 1_000_000_000L;
        }
        if (epoch < UNIT_MILLIS_BELOW)
        {
            return epoch * 1_000_000L;
        }
        if (epoch < UNIT_MICROS_BELOW)
        {
            return epoch * 1_000L;
        }
        return epoch;
    }

    private long parseNonNegativeLong(final int start, final int end)
    {
        if (end - start > 19 || end == start)
        {
            return -1;
        }
        long result = 0;
        for (int i = start; i < end; i++)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            result = result * 10 + digit;
            if (result < 0)
            {
                return -1;
            }
        }
        return result;
    }

    private boolean optionalNumberTypes(final int field)
    {
        return valueType[field] == 0 || valueType[field] == T_NUMBER;
    }

    private boolean optionalStringType(final int field)
    {
        return valueType[field] == 0 || valueType[field] == T_STRING;
    }

    /** One flat object: string keys among the known fields, scalar values, no duplicates, nothing after it. */
    private boolean scanObject()
    {
        skipWhitespace();
        if (!consume('{'))
        {
            return false;
        }
        skipWhitespace();
        if (consume('}'))
        {
            return atEnd();
        }
        while (true)
        {
            skipWhitespace();
            if (pos >= limit || bytes[pos] != '"')
            {
                return false;
            }
            final int keyStart = pos + 1;
            if (!scanString())
            {
                return false;
            }
            final int field = lastEscaped ? -1 : fieldIndex(keyStart, pos - 1);
            if (field < 0 || valueType[field] != 0)
            {
                return false;
            }
            skipWhitespace();
            if (!consume(':'))
            {
                return false;
            }
            skipWhitespace();
            if (!scanValue(field))
            {
                return false;
            }
            skipWhitespace();
            if (consume(','))
            {
                continue;
            }
            return consume('}') && atEnd();
        }
    }

    private boolean atEnd()
    {
        skipWhitespace();
        return pos == limit;
    }

    private boolean scanValue(final int field)
    {
        if (pos >= limit)
        {
            return false;
        }
        final byte b = bytes[pos];
        if (b == '"')
        {
            final int start = pos + 1;
            if (!scanString())
            {
                return false;
            }
            valueStart[field] = start;
            valueEnd[field] = pos - 1;
            valueType[field] = T_STRING;
            valueEscaped[field] = lastEscaped;
            return true;
        }
        if (b == '-' || (b >= '0' && b <= '9'))
        {
            final int start = pos;
            if (!scanNumber())
            {
                return false;
            }
            valueStart[field] = start;
            valueEnd[field] = pos;
            valueType[field] = T_NUMBER;
            return true;
        }
        if (literal("true") || literal("false") || literal("null"))
        {
            valueType[field] = T_OTHER;
            return true;
        }
        return false;
    }

    private boolean literal(final String word)
    {
        final int length = word.length();
        if (limit - pos < length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[pos + i] != word.charAt(i))
            {
                return false;
            }
        }
        pos += length;
        return true;
    }

    /** RFC 8259 number grammar; leaves pos after it. */
    private boolean scanNumber()
    {
        consume('-');
        if (pos >= limit)
        {
            return false;
        }
        if (bytes[pos] == '0')
        {
            pos++;
        }
        else if (!digits())
        {
            return false;
        }
        if (consume('.') && !digits())
        {
            return false;
        }
        if (pos < limit && (bytes[pos] == 'e' || bytes[pos] == 'E'))
        {
            pos++;
            if (!consume('+'))
            {
                consume('-');
            }
            return digits();
        }
        return true;
    }

    private boolean digits()
    {
        final int start = pos;
        while (pos < limit && bytes[pos] >= '0' && bytes[pos] <= '9')
        {
            pos++;
        }
        return pos > start;
    }

    /** From an opening quote to after the closing one; control characters refused, escapes skipped over. */
    private boolean scanString()
    {
        pos++;
        lastEscaped = false;
        while (pos < limit)
        {
            final int b = bytes[pos] & 0xFF;
            if (b == '"')
            {
                pos++;
                return true;
            }
            if (b < 0x20)
            {
                return false;
            }
            if (b == '\\')
            {
                lastEscaped = true;
                pos++;
                if (pos >= limit)
                {
                    return false;
                }
                final byte e = bytes[pos];
                if (e == 'u')
                {
                    if (limit - pos < 5)
                    {
                        return false;
                    }
                    for (int i = 1; i <= 4; i++)
                    {
                        if (Character.digit(bytes[pos + i], 16) < 0)
                        {
                            return false;
                        }
                    }
                    pos += 4;
                }
                else if ("\"\\/bfnrt".indexOf(e) < 0)
                {
                    return false;
                }
            }
            pos++;
        }
        return false;
    }

    private int fieldIndex(final int start, final int end)
    {
        final int length = end - start;
        for (int f = 0; f < FIELD_BYTES.length; f++)
        {
            final byte[] name = FIELD_BYTES[f];
            if (name.length == length && java.util.Arrays.equals(bytes, start, end, name, 0, length))
            {
                return f;
            }
        }
        return -1;
    }

    private void skipWhitespace()
    {
        while (pos < limit)
        {
            final byte b = bytes[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
            {
                return;
            }
            pos++;
        }
    }

    private boolean consume(final char c)
    {
        if (pos < limit && bytes[pos] == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private static long packedAscii(final byte[] value, final int start, final int maxLength)
    {
        long packed = 0;
        int end = start;
        while (end < start + maxLength && value[end] != 0)
        {
            end++;
        }
        if (!isPrintable(value, start, end))
        {
            return 0;
        }
        for (int i = end - 1; i >= start; i--)
        {
            packed = (packed << 8) | (value[i] & 0xFF);
        }
        return packed;
    }

    private static boolean isPrintable(final byte[] value, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            if (value[i] < 0x21 || value[i] > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes read as Latin-1 characters, so the CharSequence parsers of codecs and bars apply without copying. */
    static final class ByteText implements CharSequence
    {
        private byte[] bytes = new byte[0];

        ByteText wrap(final byte[] bytes)
        {
            this.bytes = bytes;
            return this;
        }

        @Override
        public int length()
        {
            return bytes.length;
        }

        @Override
        public char charAt(final int index)
        {
            return (char)(bytes[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(final int start, final int end)
        {
            return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString()
        {
            return subSequence(0, bytes.length).toString();
        }
    }
}
