package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.MutableDirectBuffer;

import static io.tickwire.codecs.WireMessages.BAR_ALL;
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
import static io.tickwire.codecs.WireMessages.QUOTE_ALL;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK;
import static io.tickwire.codecs.WireMessages.QUOTE_ASK_SIZE;
import static io.tickwire.codecs.WireMessages.QUOTE_BID;
import static io.tickwire.codecs.WireMessages.QUOTE_BID_SIZE;
import static io.tickwire.codecs.WireMessages.TIMING;

/**
 * MessagePack binary frames of SPEC §6: one map per message with the JSON keys in the JSON order. Integers take
 * their smallest form; prices are integers when whole, else the float64 nearest to the decimal (what a
 * JavaScript client gets from the JSON text too); absent prices are nil. {@code t} in epoch ms, {@code ri} and
 * {@code st} in epoch µs; snapshot rows are arrays.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class MsgPackWireEncoder implements WireEncoder
{
    private static final byte[] TYPE = MsgPackWriter.fixStr("type");
    private static final byte[] ACK = MsgPackWriter.fixStr("ack");
    private static final byte[] ERROR = MsgPackWriter.fixStr("error");
    private static final byte[] PONG = MsgPackWriter.fixStr("pong");
    private static final byte[] RESET = MsgPackWriter.fixStr("reset");
    private static final byte[] TRADE = MsgPackWriter.fixStr("trade");
    private static final byte[] QUOTE = MsgPackWriter.fixStr("quote");
    private static final byte[] BAR = MsgPackWriter.fixStr("bar");
    private static final byte[] SNAPSHOT = MsgPackWriter.fixStr("snapshot");

    private static final byte[] ID = MsgPackWriter.fixStr("id");
    private static final byte[] CODE = MsgPackWriter.fixStr("code");
    private static final byte[] MESSAGE = MsgPackWriter.fixStr("message");
    private static final byte[] T = MsgPackWriter.fixStr("t");
    private static final byte[] ST = MsgPackWriter.fixStr("st");
    private static final byte[] CHANNEL = MsgPackWriter.fixStr("channel");
    private static final byte[] SYMBOL = MsgPackWriter.fixStr("symbol");
    private static final byte[] TF = MsgPackWriter.fixStr("tf");
    private static final byte[] REASON = MsgPackWriter.fixStr("reason");
    private static final byte[] SEQ = MsgPackWriter.fixStr("seq");
    private static final byte[] EPOCH = MsgPackWriter.fixStr("epoch");
    private static final byte[] P = MsgPackWriter.fixStr("p");
    private static final byte[] V = MsgPackWriter.fixStr("v");
    private static final byte[] RI = MsgPackWriter.fixStr("ri");
    private static final byte[] B = MsgPackWriter.fixStr("b");
    private static final byte[] BS = MsgPackWriter.fixStr("bs");
    private static final byte[] A = MsgPackWriter.fixStr("a");
    private static final byte[] AS = MsgPackWriter.fixStr("as");
    private static final byte[] O = MsgPackWriter.fixStr("o");
    private static final byte[] H = MsgPackWriter.fixStr("h");
    private static final byte[] L = MsgPackWriter.fixStr("l");
    private static final byte[] C = MsgPackWriter.fixStr("c");
    private static final byte[] N = MsgPackWriter.fixStr("n");
    private static final byte[] VW = MsgPackWriter.fixStr("vw");
    private static final byte[] FINAL = MsgPackWriter.fixStr("final");
    private static final byte[] REV = MsgPackWriter.fixStr("rev");
    private static final byte[] BARS_ROWS = MsgPackWriter.fixStr("bars");
    private static final byte[] TRADES_ROWS = MsgPackWriter.fixStr("trades");
    private static final byte[] QUOTES_ROWS = MsgPackWriter.fixStr("quotes");

    private static final byte[][] TIMEFRAME_TEXT = texts(Timeframe.values());
    private static final byte[][] CHANNEL_TEXT = texts(Channel.values());
    private static final byte[][] ERROR_CODE_TEXT = texts(ErrorCode.values());
    private static final byte[][] RESET_REASON_TEXT = texts(ResetReason.values());

    private final MsgPackWriter out = new MsgPackWriter();
    private final SnapshotRows rows = new SnapshotRows();

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.MSGPACK;
    }

    @Override
    public int encodeAck(final MutableDirectBuffer dst, final int offset, final long id)
    {
        out.wrap(dst, offset).mapHeader(1 + present(id)).raw(TYPE).raw(ACK);
        optionalLong(ID, id);
        return out.position() - offset;
    }

    @Override
    public int encodeError(
        final MutableDirectBuffer dst,
        final int offset,
        final long id,
        final ErrorCode code,
        final CharSequence message)
    {
        out.wrap(dst, offset).mapHeader(3 + present(id)).raw(TYPE).raw(ERROR);
        optionalLong(ID, id);
        out.raw(CODE).raw(ERROR_CODE_TEXT[code.ordinal()])
            .raw(MESSAGE).string(message, WireMessages.MAX_ERROR_MESSAGE_BYTES);
        return out.position() - offset;
    }

    @Override
    public int encodePong(
        final MutableDirectBuffer dst, final int offset, final long id, final long clientTime, final long serverNanos)
    {
        out.wrap(dst, offset).mapHeader(2 + present(id) + present(clientTime)).raw(TYPE).raw(PONG);
        optionalLong(ID, id);
        optionalLong(T, clientTime);
        out.raw(ST).longValue(WireMessages.toEpochMicros(serverNanos));
        return out.position() - offset;
    }

    @Override
    public int encodeReset(
        final MutableDirectBuffer dst,
        final int offset,
        final Channel channel,
        final CharSequence symbol,
        final Timeframe tf,
        final ResetReason reason)
    {
        final boolean bars = channel == Channel.BARS;
        out.wrap(dst, offset).mapHeader(bars ? 5 : 4).raw(TYPE).raw(RESET)
            .raw(CHANNEL).raw(CHANNEL_TEXT[channel.ordinal()])
            .raw(SYMBOL).string(symbol);
        if (bars)
        {
            out.raw(TF).raw(TIMEFRAME_TEXT[WireMessages.barTimeframe(tf).ordinal()]);
        }
        out.raw(REASON).raw(RESET_REASON_TEXT[reason.ordinal()]);
        return out.position() - offset;
    }

    @Override
    public int encodeTrade(final MutableDirectBuffer dst, final int offset, final TradeMessage trade, final int flags)
    {
        final int timing = timing(flags, trade.receiveNanos());
        out.wrap(dst, offset).mapHeader(6 + timing).raw(TYPE).raw(TRADE)
            .raw(SYMBOL).string(trade.symbol())
            .raw(SEQ).longValue(trade.seq())
            .raw(T).longValue(WireMessages.toEpochMillis(trade.tsNanos()))
            .raw(P).price(trade.price())
            .raw(V).longValue(trade.volume());
        writeTiming(timing, trade.receiveNanos());
        return out.position() - offset;
    }

    @Override
    public int encodeQuote(
        final MutableDirectBuffer dst, final int offset, final QuoteMessage quote, final int presence)
    {
        final int timing = timing(presence, quote.receiveNanos());
        out.wrap(dst, offset).mapHeader(4 + Integer.bitCount(presence & QUOTE_ALL) + timing).raw(TYPE).raw(QUOTE)
            .raw(SYMBOL).string(quote.symbol())
            .raw(SEQ).longValue(quote.seq())
            .raw(T).longValue(WireMessages.toEpochMillis(quote.tsNanos()));
        if ((presence & QUOTE_BID) != 0)
        {
            out.raw(B).price(quote.bid());
        }
        if ((presence & QUOTE_BID_SIZE) != 0)
        {
            out.raw(BS).longOrNil(quote.bidSize());
        }
        if ((presence & QUOTE_ASK) != 0)
        {
            out.raw(A).price(quote.ask());
        }
        if ((presence & QUOTE_ASK_SIZE) != 0)
        {
            out.raw(AS).longOrNil(quote.askSize());
        }
        writeTiming(timing, quote.receiveNanos());
        return out.position() - offset;
    }

    @Override
    public int encodeBar(final MutableDirectBuffer dst, final int offset, final BarMessage bar, final int presence)
    {
        final int timing = timing(presence, bar.receiveNanos());
        out.wrap(dst, offset).mapHeader(5 + Integer.bitCount(presence & BAR_ALL) + timing).raw(TYPE).raw(BAR)
            .raw(SYMBOL).string(bar.symbol())
            .raw(TF).raw(TIMEFRAME_TEXT[WireMessages.barTimeframe(bar.tf()).ordinal()])
            .raw(SEQ).longValue(bar.seq())
            .raw(T).longValue(WireMessages.toEpochMillis(bar.startNanos()));
        if ((presence & BAR_OPEN) != 0)
        {
            out.raw(O).price(bar.open());
        }
        if ((presence & BAR_HIGH) != 0)
        {
            out.raw(H).price(bar.high());
        }
        if ((presence & BAR_LOW) != 0)
        {
            out.raw(L).price(bar.low());
        }
        if ((presence & BAR_CLOSE) != 0)
        {
            out.raw(C).price(bar.close());
        }
        if ((presence & BAR_VOLUME) != 0)
        {
            out.raw(V).longOrNil(bar.volume());
        }
        if ((presence & BAR_COUNT) != 0)
        {
            out.raw(N).longOrNil(bar.count());
        }
        if ((presence & BAR_VWAP) != 0)
        {
            out.raw(VW).price(bar.vwap());
        }
        if ((presence & BAR_FINAL) != 0)
        {
            out.raw(FINAL).bool(bar.isFinal());
        }
        if ((presence & BAR_REV) != 0)
        {
            out.raw(REV).longOrNil(bar.rev() == BarMessage.NO_REV ? NO_VALUE : bar.rev());
        }
        writeTiming(timing, bar.receiveNanos());
        return out.position() - offset;
    }

    @Override
    public void snapshotBegin(
        final MutableDirectBuffer dst,
        final int offset,
        final Channel channel,
        final CharSequence symbol,
        final Timeframe tf,
        final CharSequence epoch,
        final long seq,
        final int rowCount)
    {
        rows.begin(channel, epoch, rowCount, offset);
        final boolean bars = channel == Channel.BARS;
        out.wrap(dst, offset).mapHeader(bars ? 7 : 6).raw(TYPE).raw(SNAPSHOT)
            .raw(CHANNEL).raw(CHANNEL_TEXT[channel.ordinal()])
            .raw(SYMBOL).string(symbol);
        if (bars)
        {
            out.raw(TF).raw(TIMEFRAME_TEXT[WireMessages.barTimeframe(tf).ordinal()]);
        }
        out.raw(EPOCH).string(epoch)
            .raw(SEQ).longValue(seq)
            .raw(bars ? BARS_ROWS : channel == Channel.TRADES ? TRADES_ROWS : QUOTES_ROWS)
            .arrayHeader(rowCount);
    }

    @Override
    public void snapshotBar(final BarMessage bar)
    {
        rows.next(Channel.BARS);
        out.arrayHeader(8).longValue(WireMessages.toEpochMillis(bar.startNanos()))
            .price(bar.open())
            .price(bar.high())
            .price(bar.low())
            .price(bar.close())
            .longOrNil(bar.volume())
            .longOrNil(bar.count())
            .price(bar.vwap());
    }

    @Override
    public void snapshotTrade(final TradeMessage trade)
    {
        rows.next(Channel.TRADES);
        out.arrayHeader(3).longValue(WireMessages.toEpochMillis(trade.tsNanos()))
            .price(trade.price())
            .longOrNil(trade.volume());
    }

    @Override
    public void snapshotQuote(final QuoteMessage quote)
    {
        rows.next(Channel.QUOTES);
        out.arrayHeader(5).longValue(WireMessages.toEpochMillis(quote.tsNanos()))
            .price(quote.bid())
            .longOrNil(quote.bidSize())
            .price(quote.ask())
            .longOrNil(quote.askSize());
    }

    @Override
    public int snapshotEnd()
    {
        return out.position() - rows.end();
    }

    private void optionalLong(final byte[] key, final long value)
    {
        if (value != NO_VALUE)
        {
            out.raw(key).longValue(value);
        }
    }

    private void writeTiming(final int timing, final long receiveNanos)
    {
        if (timing != 0)
        {
            out.raw(RI).longValue(WireMessages.toEpochMicros(receiveNanos));
        }
    }

    private static int timing(final int flags, final long receiveNanos)
    {
        return (flags & TIMING) != 0 && receiveNanos != NO_VALUE ? 1 : 0;
    }

    private static int present(final long value)
    {
        return value != NO_VALUE ? 1 : 0;
    }

    private static byte[][] texts(final Enum<?>[] values)
    {
        final byte[][] texts = new byte[values.length][];
        for (final Enum<?> value : values)
        {
            String text = value.name();
            if (value instanceof Timeframe)
            {
                text = WireMessages.timeframeText((Timeframe)value);
            }
            else if (value instanceof Channel)
            {
                text = WireMessages.channelText((Channel)value);
            }
            texts[value.ordinal()] = text == null ? new byte[]{(byte)MsgPackWriter.NIL} : MsgPackWriter.fixStr(text);
        }
        return texts;
    }
}
