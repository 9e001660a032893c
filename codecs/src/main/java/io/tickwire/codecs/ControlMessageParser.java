package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Parses client control messages (SPEC §6) strictly and safely: RFC 8259 JSON, one object, known keys only, each
 * with its JSON type and range, symbols per SPEC §3, bounded sizes (frame, strings, {@value #MAX_SYMBOLS}
 * symbols, nesting). Every outcome is a {@link ControlParseResult} plus a human-readable reason in
 * {@link ControlMessage#errorMessage()}; no input makes it throw.
 * <p>
 * After a broken value the parse stops (MALFORMED). After a well-formed but unacceptable value it reads on to the
 * end, so that the {@code id} for the error reply is known wherever it stands; the first problem is reported.
 * Not thread-safe: one per thread. No allocation once the holder has grown to the largest message.
 */
public final class ControlMessageParser
{
    /** Largest control message accepted, in bytes: the WebSocket frame limit. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    /** Most symbols, or resume entries, in one message: the per-connection subscription limit. */
    public static final int MAX_SYMBOLS = 5_000;

    /** Largest {@code conflate} accepted, in milliseconds. */
    public static final long MAX_CONFLATE_MS = 60_000;

    private static final int MAX_STRING_CHARS = 256;
    private static final int MAX_ECHO_CHARS = 32;
    private static final int MAX_SKIP_DEPTH = 8;

    /** The keys of a control message; bit i of {@code seen} is key i. */
    private enum Key
    {
        OP("op"), ID("id"), CHANNEL("channel"), SYMBOLS("symbols"), TF("tf"), SNAPSHOT("snapshot"),
        CONFLATE("conflate"), TIMING("timing"), RESUME("resume"), T("t");

        private static final Key[] VALUES = values();

        private final String text;

        Key(final String text)
        {
            this.text = text;
        }

        static Key fromText(final CharSequence text)
        {
            for (final Key key : VALUES)
            {
                if (WireMessages.contentEquals(key.text, text))
                {
                    return key;
                }
            }
            return null;
        }
    }

    private final JsonReader reader = new JsonReader();
    private final UnsafeBuffer arrayBuffer = new UnsafeBuffer(new byte[0]);
    private final StringBuilder text = new StringBuilder(MAX_STRING_CHARS);
    private ControlMessage out;
    private int seen;

    /**
     * Parses a control message held in a byte array.
     *
     * @param bytes  UTF-8 JSON.
     * @param offset first byte.
     * @param length bytes.
     * @param out    cleared, then filled.
     * @return the outcome, also in {@link ControlMessage#result()}.
     */
    public ControlParseResult parse(final byte[] bytes, final int offset, final int length, final ControlMessage out)
    {
        arrayBuffer.wrap(bytes);
        return parse(arrayBuffer, offset, length, out);
    }

    /**
     * Parses a control message held in a buffer.
     *
     * @param buffer UTF-8 JSON.
     * @param offset first byte.
     * @param length bytes.
     * @param out    cleared, then filled.
     * @return the outcome, also in {@link ControlMessage#result()}.
     */
    public ControlParseResult parse(
        final DirectBuffer buffer, final int offset, final int length, final ControlMessage out)
    {
        this.out = out.clear();
        out.result(ControlParseResult.OK);
        seen = 0;
        if (length > MAX_MESSAGE_BYTES)
        {
            return refuse(ControlParseResult.TOO_LARGE, "control message larger than 65536 bytes");
        }
        reader.wrap(buffer, offset, length);
        if (!reader.expect('{', "expected a JSON object") || !readMembers())
        {
            return malformed();
        }
        if (!reader.atEnd())
        {
            reader.fail("characters after the object");
            return malformed();
        }
        if (out.result() == ControlParseResult.OK)
        {
            checkRequired();
        }
        return out.result();
    }

    private boolean readMembers()
    {
        if (reader.consume('}'))
        {
            return true;
        }
        do
        {
            if (!reader.readString(text, MAX_STRING_CHARS) || !reader.expect(':', "expected ':'"))
            {
                return false;
            }
            final Key key = Key.fromText(text);
            if (key == null)
            {
                if (problem(ControlParseResult.UNKNOWN_FIELD, "unknown field "))
                {
                    echo(text);
                }
                if (!reader.skipValue(MAX_SKIP_DEPTH))
                {
                    return false;
                }
                continue;
            }
            if ((seen & (1 << key.ordinal())) != 0)
            {
                if (problem(ControlParseResult.DUPLICATE_FIELD, "duplicate field "))
                {
                    echo(text);
                }
                if (!reader.skipValue(MAX_SKIP_DEPTH))
                {
                    return false;
                }
                continue;
            }
            seen |= 1 << key.ordinal();
            if (!readValue(key))
            {
                return false;
            }
        }
        while (reader.consume(','));
        return reader.expect('}', "expected ',' or '}'");
    }

    /** Reads one value; false only for broken JSON, a value of the wrong type or range is a recorded problem. */
    private boolean readValue(final Key key)
    {
        switch (key)
        {
            case OP:
                return readOp();
            case ID:
                if (!readInteger(key, "\"id\" must be an integer 0..2^63-1"))
                {
                    return reader.error() == null;
                }
                if (reader.longValue() < 0)
                {
                    problem(ControlParseResult.BAD_VALUE, "\"id\" must be an integer 0..2^63-1");
                    return true;
                }
                out.id(reader.longValue());
                return true;
            case CHANNEL:
                return readChannel();
            case SYMBOLS:
                return readSymbols();
            case TF:
                return readTimeframe();
            case SNAPSHOT:
                return readBoundedInteger(
                    key, WireMessages.MAX_SNAPSHOT_ROWS, "\"snapshot\" must be an integer 0..10000");
            case CONFLATE:
                return readBoundedInteger(key, MAX_CONFLATE_MS, "\"conflate\" must be an integer 0..60000 (ms)");
            case TIMING:
                if (!isNext('t') && !isNext('f'))
                {
                    return wrongType("\"timing\" must be true or false");
                }
                if (!reader.readBoolean())
                {
                    return false;
                }
                out.timing(reader.booleanValue());
                return true;
            case RESUME:
                return readResume();
            case T:
                if (readInteger(key, "\"t\" must be an integer"))
                {
                    out.clientTime(reader.longValue());
                    return true;
                }
                return reader.error() == null;
            default:
                return true;
        }
    }

    private boolean readOp()
    {
        if (!isNext('"'))
        {
            return wrongType("\"op\" must be a string");
        }
        if (!reader.readString(text, MAX_STRING_CHARS))
        {
            return false;
        }
        final ControlOp op = ControlOp.fromText(text);
        if (op == null)
        {
            if (problem(ControlParseResult.UNKNOWN_OP, "unknown op "))
            {
                echo(text);
                errorMessage().append(" (accepts subscribe, unsubscribe, ping)");
            }
        }
        out.op(op);
        return true;
    }

    private boolean readChannel()
    {
        if (!isNext('"'))
        {
            return wrongType("\"channel\" must be a string");
        }
        if (!reader.readString(text, MAX_STRING_CHARS))
        {
            return false;
        }
        final Channel channel = WireMessages.channel(text);
        if (channel == null)
        {
            problem(ControlParseResult.BAD_VALUE, "\"channel\" must be trades, quotes or bars");
        }
        out.channel(channel);
        return true;
    }

    private boolean readTimeframe()
    {
        if (!isNext('"'))
        {
            return wrongType("\"tf\" must be a string");
        }
        if (!reader.readString(text, MAX_STRING_CHARS))
        {
            return false;
        }
        final Timeframe tf = WireMessages.timeframe(text);
        if (tf == null)
        {
            problem(ControlParseResult.BAD_VALUE, "\"tf\" must be one of 1s 5s 1m 5m 15m 1h 4h 1d");
        }
        out.tf(tf);
        return true;
    }

    private boolean readSymbols()
    {
        if (!isNext('['))
        {
            return wrongType("\"symbols\" must be an array of strings");
        }
        reader.consume('[');
        if (reader.consume(']'))
        {
            return true;
        }
        int index = 0;
        do
        {
            if (!isNext('"'))
            {
                if (!wrongType("\"symbols\" must be an array of strings"))
                {
                    return false;
                }
            }
            else
            {
                if (!reader.readString(text, MAX_STRING_CHARS))
                {
                    return false;
                }
                addSymbol(index);
            }
            index++;
        }
        while (reader.consume(','));
        return reader.expect(']', "expected ',' or ']'");
    }

    private void addSymbol(final int index)
    {
        if (index >= MAX_SYMBOLS)
        {
            if (index == MAX_SYMBOLS)
            {
                problem(ControlParseResult.TOO_MANY_SYMBOLS, "more than 5000 symbols in one message");
            }
        }
        else if (!WireMessages.isValidSymbol(text))
        {
            if (problem(ControlParseResult.BAD_SYMBOL, "bad symbol "))
            {
                echo(text);
                errorMessage().append(" at symbols[").append(index)
                    .append("] (1-16 characters of A-Z 0-9 . _ : / -)");
            }
        }
        else
        {
            out.addSymbol(text);
        }
    }

    private boolean readResume()
    {
        if (!isNext('{'))
        {
            return wrongType("\"resume\" must be an object of symbol: seq");
        }
        reader.consume('{');
        if (reader.consume('}'))
        {
            return true;
        }
        int index = 0;
        do
        {
            if (!reader.readString(text, MAX_STRING_CHARS) || !reader.expect(':', "expected ':'"))
            {
                return false;
            }
            final boolean validSymbol = WireMessages.isValidSymbol(text);
            if (!validSymbol && problem(ControlParseResult.BAD_SYMBOL, "bad symbol "))
            {
                echo(text);
                errorMessage().append(" in resume (1-16 characters of A-Z 0-9 . _ : / -)");
            }
            if (index == MAX_SYMBOLS)
            {
                problem(ControlParseResult.TOO_MANY_SYMBOLS, "more than 5000 resume entries in one message");
            }
            // Reading a number leaves text alone, so the symbol is still there to store after its value.
            if (!isNumberNext())
            {
                if (!wrongType("resume values must be integers (the last seq seen)"))
                {
                    return false;
                }
            }
            else if (!reader.readNumber())
            {
                return false;
            }
            else if (!reader.numberIsInteger() || !reader.integerValue() || reader.longValue() < 0)
            {
                problem(ControlParseResult.BAD_VALUE, "resume values must be integers 0..2^63-1");
            }
            else if (validSymbol && index < MAX_SYMBOLS)
            {
                out.addResume(text, reader.longValue());
            }
            index++;
        }
        while (reader.consume(','));
        return reader.expect('}', "expected ',' or '}'");
    }

    private boolean readBoundedInteger(final Key key, final long max, final String rule)
    {
        if (!readInteger(key, rule))
        {
            return reader.error() == null;
        }
        final long value = reader.longValue();
        if (value < 0 || value > max)
        {
            problem(ControlParseResult.BAD_VALUE, rule);
            return true;
        }
        if (key == Key.SNAPSHOT)
        {
            out.snapshot((int)value);
        }
        else
        {
            out.conflateMs(value);
        }
        return true;
    }

    /**
     * Reads an integer into {@code reader.longValue()}.
     *
     * @return true with a value; false with a recorded problem (reader error null) or broken JSON (error set).
     */
    private boolean readInteger(final Key key, final String rule)
    {
        if (!isNumberNext())
        {
            wrongType(rule);
            return false;
        }
        if (!reader.readNumber())
        {
            return false;
        }
        if (!reader.numberIsInteger())
        {
            problem(ControlParseResult.WRONG_TYPE, rule);
            return false;
        }
        if (!reader.integerValue())
        {
            problem(ControlParseResult.BAD_VALUE, rule);
            return false;
        }
        return true;
    }

    /** Records a wrong type and skips the value; false only when skipping finds broken JSON. */
    private boolean wrongType(final String rule)
    {
        problem(ControlParseResult.WRONG_TYPE, rule);
        return reader.skipValue(MAX_SKIP_DEPTH);
    }

    private void checkRequired()
    {
        final ControlOp op = out.op();
        if (op == null)
        {
            problem(ControlParseResult.MISSING_FIELD, "\"op\" is required");
            return;
        }
        if (op == ControlOp.PING)
        {
            return;
        }
        if (out.channel() == null)
        {
            problem(ControlParseResult.MISSING_FIELD, "\"channel\" is required");
        }
        else if ((seen & (1 << Key.SYMBOLS.ordinal())) == 0)
        {
            problem(ControlParseResult.MISSING_FIELD, "\"symbols\" is required");
        }
        else if (out.symbolCount() == 0)
        {
            problem(ControlParseResult.BAD_VALUE, "\"symbols\" must not be empty");
        }
        else if (out.channel() == Channel.BARS && out.tf() == null)
        {
            problem(ControlParseResult.MISSING_FIELD, "\"tf\" is required for the bars channel");
        }
        else if (out.channel() != Channel.BARS && out.tf() != null)
        {
            problem(ControlParseResult.BAD_VALUE, "\"tf\" applies only to the bars channel");
        }
    }

    private boolean isNext(final char c)
    {
        return reader.peek() == c;
    }

    private boolean isNumberNext()
    {
        final int c = reader.peek();
        return c == '-' || (c >= '0' && c <= '9');
    }

    /**
     * Records a problem unless an earlier one is already recorded.
     *
     * @return true when this one was recorded (so its message may be completed).
     */
    private boolean problem(final ControlParseResult result, final String message)
    {
        if (out.result() != ControlParseResult.OK)
        {
            return false;
        }
        out.result(result);
        errorMessage().setLength(0);
        errorMessage().append(message);
        return true;
    }

    private StringBuilder errorMessage()
    {
        return out.errorMessageBuilder();
    }

    /** Appends client text to the error message quoted, printable ASCII only and cut short, as it goes back out. */
    private void echo(final CharSequence value)
    {
        final StringBuilder sb = errorMessage().append('"');
        final int length = Math.min(value.length(), MAX_ECHO_CHARS);
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (value.length() > MAX_ECHO_CHARS)
        {
            sb.append("...");
        }
        sb.append('"');
    }

    private ControlParseResult malformed()
    {
        out.result(ControlParseResult.MALFORMED);
        final StringBuilder sb = errorMessage();
        sb.setLength(0);
        sb.append("malformed JSON at byte ").append(reader.errorPosition()).append(": ").append(reader.error());
        return ControlParseResult.MALFORMED;
    }

    private ControlParseResult refuse(final ControlParseResult result, final String message)
    {
        problem(result, message);
        return result;
    }
}
