package io.tickwire.codecs;

import java.util.Arrays;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;

import static io.tickwire.codecs.WireMessages.BAR_CLOSE;
import static io.tickwire.codecs.WireMessages.BAR_COUNT;
import static io.tickwire.codecs.WireMessages.BAR_FINAL;
import static io.tickwire.codecs.WireMessages.BAR_HIGH;
import static io.tickwire.codecs.WireMessages.BAR_LOW;
import static io.tickwire.codecs.WireMessages.BAR_OPEN;
import static io.tickwire.codecs.WireMessages.BAR_REV;
import static io.tickwire.codecs.WireMessages.BAR_VOLUME;
import static io.tickwire.codecs.WireMessages.BAR_VWAP;
import static io.tickwire.codecs.WireMessages.NO_VALUE;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK_SIZE;
import static io.tickwire.codecs.WireMessages.QUOTE_BID;
import static io.tickwire.codecs.WireMessages.QUOTE_BID_SIZE;
import static io.tickwire.codecs.WireMessages.TIMING;

/**
 * Reusable holder of one decoded server message of any type, filled by a {@link WireDecoder}. Read
 * {@link #type()} first: a bar, trade or quote is in {@link #bar()}, {@link #trade()}, {@link #quote()}; the
 * other types use the scalar accessors; snapshot rows are read with {@link #snapshotBar(int, BarMessage)} and
 * friends. Units are the engine's whatever the encoding: instants in epoch ns (a JSON or MessagePack {@code t}
 * in ms becomes ms × 10^6), prices mantissas at scale 10^8; {@link WireMessages#NO_VALUE} marks an absent long.
 * <p>
 * Not thread-safe. Decoding reuses the holder's storage; snapshot rows grow it once to the largest snapshot.
 */
public final class DecodedMessage
{
    private static final int MAX_COLUMNS = 8;
    private static final ErrorCode[] ERROR_CODES = ErrorCode.values();
    private static final ResetReason[] RESET_REASONS = ResetReason.values();

    private final BarMessage bar = new BarMessage();
    private final TradeMessage trade = new TradeMessage();
    private final QuoteMessage quote = new QuoteMessage();
    private final StringBuilder symbol = new StringBuilder(WireMessages.MAX_SYMBOL_LENGTH);
    private final StringBuilder epoch = new StringBuilder(WireMessages.MAX_EPOCH_LENGTH);
    private final StringBuilder message = new StringBuilder(WireMessages.MAX_ERROR_MESSAGE_BYTES);
    private final long[] values = new long[WireField.values().length];
    private final long[][] columns = new long[MAX_COLUMNS][16];
    private WireMessageType type;
    private Channel channel;
    private Timeframe tf;
    private ErrorCode errorCode;
    private ResetReason reason;
    private WireField rowsField;
    private int rowCount;
    private int seen;
    private String failure;

    /**
     * Creates an empty holder.
     */
    public DecodedMessage()
    {
        clear();
    }

    /**
     * Forgets the last message.
     *
     * @return this.
     */
    public DecodedMessage clear()
    {
        type = null;
        channel = null;
        tf = null;
        errorCode = null;
        reason = null;
        rowsField = null;
        rowCount = 0;
        seen = 0;
        failure = null;
        symbol.setLength(0);
        epoch.setLength(0);
        message.setLength(0);
        Arrays.fill(values, NO_VALUE);
        bar.clear();
        trade.clear();
        quote.clear();
        return this;
    }

    /**
     * Type of the last message decoded.
     *
     * @return the type, or {@code null} when the last decode failed.
     */
    public WireMessageType type()
    {
        return type;
    }

    /**
     * Why the last decode failed.
     *
     * @return a constant reason, or {@code null} after a success.
     */
    public String failure()
    {
        return failure;
    }

    /**
     * The bar of a {@link WireMessageType#BAR} message; its presence tells which fields it carried.
     *
     * @return the holder, valid until the next decode.
     */
    public BarMessage bar()
    {
        return bar;
    }

    /**
     * The trade of a {@link WireMessageType#TRADE} message.
     *
     * @return the holder, valid until the next decode.
     */
    public TradeMessage trade()
    {
        return trade;
    }

    /**
     * The quote of a {@link WireMessageType#QUOTE} message; its presence tells which fields it carried.
     *
     * @return the holder, valid until the next decode.
     */
    public QuoteMessage quote()
    {
        return quote;
    }

    /**
     * Request id of an ack, error or pong.
     *
     * @return the id, or {@link WireMessages#NO_VALUE}.
     */
    public long id()
    {
        return values[WireField.ID.ordinal()];
    }

    /**
     * Code of an error.
     *
     * @return the code.
     */
    public ErrorCode errorCode()
    {
        return errorCode;
    }

    /**
     * Text of an error.
     *
     * @return a view valid until the next decode.
     */
    public CharSequence message()
    {
        return message;
    }

    /**
     * The ping's {@code t} echoed by a pong, in the client's own units.
     *
     * @return the value, or {@link WireMessages#NO_VALUE}.
     */
    public long clientTime()
    {
        return values[WireField.T.ordinal()];
    }

    /**
     * Server clock of a pong ({@code st}).
     *
     * @return epoch nanoseconds (µs precision from JSON and MessagePack).
     */
    public long serverNanos()
    {
        return values[WireField.ST.ordinal()];
    }

    /**
     * Channel of a snapshot or reset.
     *
     * @return the channel.
     */
    public Channel channel()
    {
        return channel;
    }

    /**
     * Symbol of a snapshot or reset.
     *
     * @return a view valid until the next decode.
     */
    public CharSequence symbol()
    {
        return symbol;
    }

    /**
     * Timeframe of a bars snapshot or reset.
     *
     * @return the timeframe, or {@code null} for other channels.
     */
    public Timeframe tf()
    {
        return tf;
    }

    /**
     * Reason of a reset.
     *
     * @return the reason.
     */
    public ResetReason reason()
    {
        return reason;
    }

    /**
     * Epoch of a snapshot.
     *
     * @return a view valid until the next decode.
     */
    public CharSequence epoch()
    {
        return epoch;
    }

    /**
     * Sequence of a snapshot: that of the last update it includes.
     *
     * @return seq.
     */
    public long seq()
    {
        return values[WireField.SEQ.ordinal()];
    }

    /**
     * Rows in a snapshot.
     *
     * @return 0 or more.
     */
    public int rowCount()
    {
        return rowCount;
    }

    /**
     * Reads a row of a bars snapshot: start, prices, volume, count; symbol and tf from the snapshot.
     *
     * @param row index, 0 to {@link #rowCount()} - 1.
     * @param out filled with the row, all bar fields marked present, not final, rev 0.
     * @return {@code out}.
     */
    public BarMessage snapshotBar(final int row, final BarMessage out)
    {
        out.clear().symbol(symbol).tf(tf).seq(NO_VALUE);
        return out.set(columns[0][row], columns[1][row], columns[2][row], columns[3][row], columns[4][row],
            columns[5][row], columns[6][row], columns[7][row], false, 0);
    }

    /**
     * Reads a row of a trades snapshot.
     *
     * @param row index, 0 to {@link #rowCount()} - 1.
     * @param out filled with instant, price and volume; symbol from the snapshot.
     * @return {@code out}.
     */
    public TradeMessage snapshotTrade(final int row, final TradeMessage out)
    {
        out.clear().symbol(symbol);
        return out.set(columns[0][row], columns[1][row], columns[2][row]);
    }

    /**
     * Reads a row of a quotes snapshot.
     *
     * @param row index, 0 to {@link #rowCount()} - 1.
     * @param out filled with instant, prices and sizes; symbol from the snapshot.
     * @return {@code out}.
     */
    public QuoteMessage snapshotQuote(final int row, final QuoteMessage out)
    {
        out.clear().symbol(symbol);
        return out.set(columns[0][row], columns[1][row], columns[2][row], columns[3][row], columns[4][row]);
    }

    // Filling, by the decoders of this package.

    boolean fail(final String reason)
    {
        type = null;
        failure = reason;
        return false;
    }

    boolean mark(final WireField field)
    {
        if ((seen & field.bit()) != 0)
        {
            return fail("duplicate key");
        }
        seen |= field.bit();
        return true;
    }

    boolean putText(final WireField field, final CharSequence text)
    {
        if (!mark(field))
        {
            return false;
        }
        switch (field)
        {
            case TYPE:
                type = WireMessageType.fromText(text);
                return type != null || fail("unknown type");
            case CODE:
                errorCode = errorCode(text);
                return errorCode != null || fail("unknown error code");
            case MESSAGE:
                message.setLength(0);
                message.append(text);
                return true;
            case CHANNEL:
                channel = WireMessages.channel(text);
                return channel != null || fail("unknown channel");
            case SYMBOL:
                symbol.setLength(0);
                symbol.append(text);
                return WireMessages.isValidSymbol(text) || fail("invalid symbol");
            case TF:
                tf = WireMessages.timeframe(text);
                return tf != null || fail("unknown timeframe");
            case REASON:
                reason = resetReason(text);
                return reason != null || fail("unknown reset reason");
            case EPOCH:
                epoch.setLength(0);
                epoch.append(text);
                return text.length() <= WireMessages.MAX_EPOCH_LENGTH || fail("epoch too long");
            default:
                return fail("text where a number was expected");
        }
    }

    boolean putLong(final WireField field, final long value)
    {
        if (!mark(field))
        {
            return false;
        }
        values[field.ordinal()] = value;
        return true;
    }

    boolean putBoolean(final WireField field, final boolean value)
    {
        return putLong(field, value ? 1 : 0);
    }

    boolean beginRows(final WireField field)
    {
        if (rowsField != null)
        {
            return fail("more than one row array");
        }
        if (!mark(field))
        {
            return false;
        }
        rowsField = field;
        rowCount = 0;
        return true;
    }

    /** Appends a row whose first {@code width} values are in {@code row}. */
    boolean appendRow(final long[] row, final int width)
    {
        if (rowCount == WireMessages.MAX_SNAPSHOT_ROWS)
        {
            return fail("too many snapshot rows");
        }
        if (rowCount == columns[0].length)
        {
            final int capacity = Math.min(WireMessages.MAX_SNAPSHOT_ROWS, rowCount * 2);
            for (int j = 0; j < MAX_COLUMNS; j++)
            {
                columns[j] = Arrays.copyOf(columns[j], capacity);
            }
        }
        for (int j = 0; j < width; j++)
        {
            columns[j][rowCount] = row[j];
        }
        rowCount++;
        return true;
    }

    /** Row storage for the SBE decoder, which knows the count up front. */
    void rowCount(final int count)
    {
        if (columns[0].length < count)
        {
            for (int j = 0; j < MAX_COLUMNS; j++)
            {
                columns[j] = Arrays.copyOf(columns[j], count);
            }
        }
        rowCount = count;
    }

    void row(final int row, final int column, final long value)
    {
        columns[column][row] = value;
    }

    void type(final WireMessageType type)
    {
        this.type = type;
    }

    void scalars(final long id, final long seq, final long clientTime, final long serverNanos)
    {
        values[WireField.ID.ordinal()] = id;
        values[WireField.SEQ.ordinal()] = seq;
        values[WireField.T.ordinal()] = clientTime;
        values[WireField.ST.ordinal()] = serverNanos;
    }

    void stream(final Channel channel, final Timeframe tf, final ResetReason reason, final ErrorCode errorCode)
    {
        this.channel = channel;
        this.tf = tf;
        this.reason = reason;
        this.errorCode = errorCode;
    }

    StringBuilder symbolBuilder()
    {
        return symbol;
    }

    StringBuilder epochBuilder()
    {
        return epoch;
    }

    StringBuilder messageBuilder()
    {
        return message;
    }

    /**
     * Checks the keys that the type requires and moves the values into the holders, converting wire units
     * (ms, µs) to nanoseconds. Called by the key-value decoders after the last key.
     */
    boolean finish()
    {
        if (type == null)
        {
            return fail("no type");
        }
        switch (type)
        {
            case ACK:
                return true;
            case ERROR:
                return require(WireField.CODE.bit() | WireField.MESSAGE.bit());
            case PONG:
                if (value(WireField.ST) != NO_VALUE)
                {
                    values[WireField.ST.ordinal()] = WireMessages.microsToNanos(value(WireField.ST));
                }
                return require(WireField.ST.bit());
            case RESET:
                return require(WireField.CHANNEL.bit() | WireField.SYMBOL.bit() | WireField.REASON.bit()) &&
                    requireTimeframeForBars();
            case TRADE:
                return finishTrade();
            case QUOTE:
                return finishQuote();
            case BAR:
                return finishBar();
            case SNAPSHOT:
                return finishSnapshot();
            default:
                return fail("unknown type");
        }
    }

    private boolean finishTrade()
    {
        if (!require(WireField.SYMBOL.bit() | WireField.SEQ.bit() | WireField.T.bit() | WireField.P.bit() |
            WireField.V.bit()))
        {
            return false;
        }
        trade.symbol(symbol).seq(value(WireField.SEQ)).receiveNanos(receiveNanos());
        trade.set(WireMessages.millisToNanos(value(WireField.T)), value(WireField.P), value(WireField.V));
        return true;
    }

    private boolean finishQuote()
    {
        if (!require(WireField.SYMBOL.bit() | WireField.SEQ.bit() | WireField.T.bit()))
        {
            return false;
        }
        quote.symbol(symbol).seq(value(WireField.SEQ)).receiveNanos(receiveNanos());
        quote.tsNanos(WireMessages.millisToNanos(value(WireField.T)));
        quote.bid(value(WireField.B));
        quote.bidSize(value(WireField.BS));
        quote.ask(value(WireField.A));
        quote.askSize(value(WireField.AS));
        int presence = timingBit();
        presence |= has(WireField.B) ? QUOTE_BID : 0;
        presence |= has(WireField.BS) ? QUOTE_BID_SIZE : 0;
        presence |= has(WireField.A) ? QUOTE_ASK : 0;
        presence |= has(WireField.AS) ? QUOTE_ASK_SIZE : 0;
        quote.presence(presence);
        return true;
    }

    private boolean finishBar()
    {
        if (!require(WireField.SYMBOL.bit() | WireField.TF.bit() | WireField.SEQ.bit() | WireField.T.bit()))
        {
            return false;
        }
        bar.symbol(symbol).tf(tf).seq(value(WireField.SEQ)).receiveNanos(receiveNanos());
        bar.startNanos(WireMessages.millisToNanos(value(WireField.T)));
        bar.open(value(WireField.O));
        bar.high(value(WireField.H));
        bar.low(value(WireField.L));
        bar.close(value(WireField.C));
        bar.volume(value(WireField.V));
        bar.count(value(WireField.N));
        bar.vwap(value(WireField.VW));
        bar.isFinal(has(WireField.FINAL) && value(WireField.FINAL) == 1);
        final long rev = value(WireField.REV);
        if (has(WireField.REV) && (rev < 0 || rev > Integer.MAX_VALUE))
        {
            return fail("rev out of range");
        }
        bar.rev(has(WireField.REV) ? (int)rev : BarMessage.NO_REV);
        int presence = timingBit();
        presence |= has(WireField.O) ? BAR_OPEN : 0;
        presence |= has(WireField.H) ? BAR_HIGH : 0;
        presence |= has(WireField.L) ? BAR_LOW : 0;
        presence |= has(WireField.C) ? BAR_CLOSE : 0;
        presence |= has(WireField.V) ? BAR_VOLUME : 0;
        presence |= has(WireField.N) ? BAR_COUNT : 0;
        presence |= has(WireField.VW) ? BAR_VWAP : 0;
        presence |= has(WireField.FINAL) ? BAR_FINAL : 0;
        presence |= has(WireField.REV) ? BAR_REV : 0;
        bar.presence(presence);
        return true;
    }

    private boolean finishSnapshot()
    {
        if (!require(WireField.CHANNEL.bit() | WireField.SYMBOL.bit() | WireField.EPOCH.bit() |
            WireField.SEQ.bit()) || !requireTimeframeForBars())
        {
            return false;
        }
        final WireField expected = channel == Channel.BARS ? WireField.BARS :
            channel == Channel.TRADES ? WireField.TRADES : WireField.QUOTES;
        if (rowsField != expected)
        {
            return fail("snapshot rows do not match its channel");
        }
        // Row instants travel in ms.
        for (int i = 0; i < rowCount; i++)
        {
            columns[0][i] = WireMessages.millisToNanos(columns[0][i]);
        }
        return true;
    }

    private boolean requireTimeframeForBars()
    {
        return channel != Channel.BARS || require(WireField.TF.bit());
    }

    private boolean require(final int fields)
    {
        return (seen & fields) == fields || fail("missing key");
    }

    private boolean has(final WireField field)
    {
        return (seen & field.bit()) != 0;
    }

    private long value(final WireField field)
    {
        return values[field.ordinal()];
    }

    private long receiveNanos()
    {
        final long ri = value(WireField.RI);
        return ri == NO_VALUE ? NO_VALUE : WireMessages.microsToNanos(ri);
    }

    private int timingBit()
    {
        return value(WireField.RI) != NO_VALUE ? TIMING : 0;
    }

    private static ErrorCode errorCode(final CharSequence text)
    {
        for (final ErrorCode code : ERROR_CODES)
        {
            if (code != ErrorCode.NULL_VAL && WireMessages.contentEquals(code.name(), text))
            {
                return code;
            }
        }
        return null;
    }

    private static ResetReason resetReason(final CharSequence text)
    {
        for (final ResetReason reason : RESET_REASONS)
        {
            if (reason != ResetReason.NULL_VAL && WireMessages.contentEquals(reason.name(), text))
            {
                return reason;
            }
        }
        return null;
    }
}
