package io.tickwire.codecs;

import java.util.Arrays;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reusable holder of one client control message (SPEC §6), filled by {@link ControlMessageParser}:
 * {@code {"op":"subscribe","id":1,"channel":"bars","symbols":["AAPL"],"tf":"1m","snapshot":100,"conflate":0,
 * "timing":false,"resume":{"AAPL":1041}}}, {@code unsubscribe} with the same stream keys, {@code ping} with
 * {@code t}. Absent optional values read as {@link #NOT_SET} / {@link WireMessages#NO_VALUE} / {@code null} so the
 * gateway applies its per-channel defaults (snapshot 100 bars, 0 trades).
 * <p>
 * Symbols are kept as bytes; {@link #symbol(int)} and {@link #resumeSymbol(int)} return a view that the next call
 * of either repoints. Not thread-safe: one per thread; storage grows to the largest message seen, then no
 * allocation.
 */
public final class ControlMessage
{
    /** Absent {@code snapshot}. */
    public static final int NOT_SET = -1;

    private static final int INITIAL_SYMBOLS = 16;

    private final StringBuilder errorMessage = new StringBuilder(128);
    private final AsciiSequence view = new AsciiSequence();
    private final UnsafeBuffer viewBuffer = new UnsafeBuffer(new byte[0]);
    private ControlParseResult result;
    private ControlOp op;
    private long id;
    private Channel channel;
    private Timeframe tf;
    private int snapshot;
    private long conflateMs;
    private boolean timing;
    private long clientTime;
    private byte[] symbolBytes = new byte[INITIAL_SYMBOLS * WireMessages.MAX_SYMBOL_LENGTH];
    private byte[] symbolLengths = new byte[INITIAL_SYMBOLS];
    private int symbolCount;
    private byte[] resumeBytes = new byte[INITIAL_SYMBOLS * WireMessages.MAX_SYMBOL_LENGTH];
    private byte[] resumeLengths = new byte[INITIAL_SYMBOLS];
    private long[] resumeSeqs = new long[INITIAL_SYMBOLS];
    private int resumeCount;

    /**
     * Creates an empty holder.
     */
    public ControlMessage()
    {
        clear();
    }

    /**
     * Forgets the last message.
     *
     * @return this.
     */
    public ControlMessage clear()
    {
        result = null;
        errorMessage.setLength(0);
        op = null;
        id = WireMessages.NO_VALUE;
        channel = null;
        tf = null;
        snapshot = NOT_SET;
        conflateMs = 0;
        timing = false;
        clientTime = WireMessages.NO_VALUE;
        symbolCount = 0;
        resumeCount = 0;
        return this;
    }

    /**
     * Outcome of the last parse.
     *
     * @return {@link ControlParseResult#OK} or why the message is refused.
     */
    public ControlParseResult result()
    {
        return result;
    }

    /**
     * A reason for a human, naming the key and what it accepts, for the error message sent back.
     *
     * @return empty after {@link ControlParseResult#OK}; a view valid until the next parse.
     */
    public CharSequence errorMessage()
    {
        return errorMessage;
    }

    /**
     * The operation.
     *
     * @return the op, or {@code null} when absent or unknown.
     */
    public ControlOp op()
    {
        return op;
    }

    /**
     * The client's request id, to echo in the ack, error or pong; set even when the message is refused, if the id
     * itself was readable.
     *
     * @return id &gt;= 0, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long id()
    {
        return id;
    }

    /**
     * The channel.
     *
     * @return the channel, or {@code null} when absent.
     */
    public Channel channel()
    {
        return channel;
    }

    /**
     * The timeframe of a bars subscription.
     *
     * @return the timeframe, or {@code null} when absent.
     */
    public Timeframe tf()
    {
        return tf;
    }

    /**
     * How many recent bars or trades the client wants first.
     *
     * @return 0 to {@link WireMessages#MAX_SNAPSHOT_ROWS}, or {@link #NOT_SET} for the channel's default.
     */
    public int snapshot()
    {
        return snapshot;
    }

    /**
     * Conflation interval; 0 sends every update.
     *
     * @return milliseconds, 0 when absent.
     */
    public long conflateMs()
    {
        return conflateMs;
    }

    /**
     * Whether data messages should carry {@code ri}.
     *
     * @return false when absent.
     */
    public boolean timing()
    {
        return timing;
    }

    /**
     * The {@code t} of a ping, to echo in the pong.
     *
     * @return the client's value, or {@link WireMessages#NO_VALUE} when absent.
     */
    public long clientTime()
    {
        return clientTime;
    }

    /**
     * Number of symbols in {@code symbols}.
     *
     * @return 0 to {@link ControlMessageParser#MAX_SYMBOLS}.
     */
    public int symbolCount()
    {
        return symbolCount;
    }

    /**
     * A symbol of {@code symbols}, valid per SPEC §3.
     *
     * @param index 0 to {@link #symbolCount()} - 1.
     * @return a view, repointed by the next call of this or {@link #resumeSymbol(int)}.
     */
    public CharSequence symbol(final int index)
    {
        checkIndex(index, symbolCount);
        return view(symbolBytes, index, symbolLengths[index]);
    }

    /**
     * A symbol of {@code symbols} as a new string, for a subscription table keyed by {@link String}.
     *
     * @param index 0 to {@link #symbolCount()} - 1.
     * @return the symbol.
     */
    public String symbolString(final int index)
    {
        return symbol(index).toString();
    }

    /**
     * Number of entries in {@code resume}.
     *
     * @return 0 or more.
     */
    public int resumeCount()
    {
        return resumeCount;
    }

    /**
     * The symbol of a {@code resume} entry.
     *
     * @param index 0 to {@link #resumeCount()} - 1.
     * @return a view, repointed by the next call of this or {@link #symbol(int)}.
     */
    public CharSequence resumeSymbol(final int index)
    {
        checkIndex(index, resumeCount);
        return view(resumeBytes, index, resumeLengths[index]);
    }

    /**
     * The last sequence the client saw for a {@code resume} entry.
     *
     * @param index 0 to {@link #resumeCount()} - 1.
     * @return seq &gt;= 0.
     */
    public long resumeSeq(final int index)
    {
        checkIndex(index, resumeCount);
        return resumeSeqs[index];
    }

    /**
     * The last sequence the client saw for a symbol, when {@code resume} names it.
     *
     * @param symbol such as {@code AAPL}.
     * @return seq, or {@link WireMessages#NO_VALUE} when not named (the first entry wins for duplicates).
     */
    public long resumeSeq(final CharSequence symbol)
    {
        for (int i = 0; i < resumeCount; i++)
        {
            if (sameSymbol(resumeBytes, i, resumeLengths[i], symbol))
            {
                return resumeSeqs[i];
            }
        }
        return WireMessages.NO_VALUE;
    }

    private CharSequence view(final byte[] bytes, final int index, final int length)
    {
        viewBuffer.wrap(bytes);
        return view.wrap(viewBuffer, index * WireMessages.MAX_SYMBOL_LENGTH, length);
    }

    private static boolean sameSymbol(final byte[] bytes, final int index, final int length, final CharSequence symbol)
    {
        if (symbol.length() != length)
        {
            return false;
        }
        final int base = index * WireMessages.MAX_SYMBOL_LENGTH;
        for (int i = 0; i < length; i++)
        {
            if (bytes[base + i] != symbol.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static void checkIndex(final int index, final int count)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("index " + index + " of " + count);
        }
    }

    // Filling, by the parser.

    StringBuilder errorMessageBuilder()
    {
        return errorMessage;
    }

    void result(final ControlParseResult result)
    {
        this.result = result;
    }

    void op(final ControlOp op)
    {
        this.op = op;
    }

    void id(final long id)
    {
        this.id = id;
    }

    void channel(final Channel channel)
    {
        this.channel = channel;
    }

    void tf(final Timeframe tf)
    {
        this.tf = tf;
    }

    void snapshot(final int snapshot)
    {
        this.snapshot = snapshot;
    }

    void conflateMs(final long conflateMs)
    {
        this.conflateMs = conflateMs;
    }

    void timing(final boolean timing)
    {
        this.timing = timing;
    }

    void clientTime(final long clientTime)
    {
        this.clientTime = clientTime;
    }

    /** Adds a symbol already validated as ASCII of at most 16 characters. */
    void addSymbol(final CharSequence symbol)
    {
        if (symbolCount == symbolLengths.length)
        {
            symbolLengths = Arrays.copyOf(symbolLengths, symbolCount * 2);
            symbolBytes = Arrays.copyOf(symbolBytes, symbolCount * 2 * WireMessages.MAX_SYMBOL_LENGTH);
        }
        store(symbolBytes, symbolCount, symbol);
        symbolLengths[symbolCount++] = (byte)symbol.length();
    }

    /** Adds a resume entry whose symbol is already validated. */
    void addResume(final CharSequence symbol, final long seq)
    {
        if (resumeCount == resumeLengths.length)
        {
            resumeLengths = Arrays.copyOf(resumeLengths, resumeCount * 2);
            resumeSeqs = Arrays.copyOf(resumeSeqs, resumeCount * 2);
            resumeBytes = Arrays.copyOf(resumeBytes, resumeCount * 2 * WireMessages.MAX_SYMBOL_LENGTH);
        }
        store(resumeBytes, resumeCount, symbol);
        resumeSeqs[resumeCount] = seq;
        resumeLengths[resumeCount++] = (byte)symbol.length();
    }

    private static void store(final byte[] bytes, final int index, final CharSequence symbol)
    {
        final int base = index * WireMessages.MAX_SYMBOL_LENGTH;
        for (int i = 0; i < symbol.length(); i++)
        {
            bytes[base + i] = (byte)symbol.charAt(i);
        }
    }
}
