package io.tickwire.codecs;

import java.nio.charset.StandardCharsets;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.MutableDirectBuffer;

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
 * JSON text frames of SPEC §6: ASCII/UTF-8 bytes, keys in a fixed order, prices as exact plain decimals (at most
 * 8 fractional digits, no exponent), {@code t} in epoch ms, {@code ri} and {@code st} in epoch µs. Constant
 * fragments are pre-encoded so a message is a handful of {@code putBytes} and number prints.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class JsonWireEncoder implements WireEncoder
{
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] PONG = ascii("{\"type\":\"pong\"");
    private static final byte[] RESET = ascii("{\"type\":\"reset\",\"channel\":");
    private static final byte[] TRADE = ascii("{\"type\":\"trade\",\"symbol\":");
    private static final byte[] QUOTE = ascii("{\"type\":\"quote\",\"symbol\":");
    private static final byte[] BAR = ascii("{\"type\":\"bar\",\"symbol\":");
    private static final byte[] SNAPSHOT = ascii("{\"type\":\"snapshot\",\"channel\":");

    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] CODE = ascii(",\"code\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] T = ascii(",\"t\":");
    private static final byte[] ST = ascii(",\"st\":");
    private static final byte[] SYMBOL = ascii(",\"symbol\":");
    private static final byte[] TF = ascii(",\"tf\":");
    private static final byte[] REASON = ascii(",\"reason\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] EPOCH = ascii(",\"epoch\":");
    private static final byte[] P = ascii(",\"p\":");
    private static final byte[] V = ascii(",\"v\":");
    private static final byte[] RI = ascii(",\"ri\":");
    private static final byte[] B = ascii(",\"b\":");
    private static final byte[] BS = ascii(",\"bs\":");
    private static final byte[] A = ascii(",\"a\":");
    private static final byte[] AS = ascii(",\"as\":");
    private static final byte[] O = ascii(",\"o\":");
    private static final byte[] H = ascii(",\"h\":");
    private static final byte[] L = ascii(",\"l\":");
    private static final byte[] C = ascii(",\"c\":");
    private static final byte[] N = ascii(",\"n\":");
    private static final byte[] VW = ascii(",\"vw\":");
    private static final byte[] FINAL = ascii(",\"final\":");
    private static final byte[] REV = ascii(",\"rev\":");
    private static final byte[] BARS_ROWS = ascii(",\"bars\":[");
    private static final byte[] TRADES_ROWS = ascii(",\"trades\":[");
    private static final byte[] QUOTES_ROWS = ascii(",\"quotes\":[");
    private static final byte[] SNAPSHOT_END = ascii("]}");

    private static final byte[][] TIMEFRAME_TEXT = quotedTexts(Timeframe.values());
    private static final byte[][] CHANNEL_TEXT = quotedTexts(Channel.values());
    private static final byte[][] ERROR_CODE_TEXT = quotedTexts(ErrorCode.values());
    private static final byte[][] RESET_REASON_TEXT = quotedTexts(ResetReason.values());

    private final JsonWriter out = new JsonWriter();
    private final SnapshotRows rows = new SnapshotRows();

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.JSON;
    }

    @Override
    public int encodeAck(final MutableDirectBuffer dst, final int offset, final long id)
    {
        out.wrap(dst, offset).raw(ACK);
        optionalLong(ID, id);
        return out.rawByte('}').position() - offset;
    }

    @Override
    public int encodeError(
        final MutableDirectBuffer dst,
        final int offset,
        final long id,
        final ErrorCode code,
        final CharSequence message)
    {
        out.wrap(dst, offset).raw(ERROR);
        optionalLong(ID, id);
        out.raw(CODE).raw(ERROR_CODE_TEXT[code.ordinal()])
            .raw(MESSAGE).string(message, WireMessages.MAX_ERROR_MESSAGE_BYTES);
        return out.rawByte('}').position() - offset;
    }

    @Override
    public int encodePong(
        final MutableDirectBuffer dst, final int offset, final long id, final long clientTime, final long serverNanos)
    {
        out.wrap(dst, offset).raw(PONG);
        optionalLong(ID, id);
        optionalLong(T, clientTime);
        out.raw(ST).longValue(WireMessages.toEpochMicros(serverNanos));
        return out.rawByte('}').position() - offset;
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
        out.wrap(dst, offset).raw(RESET).raw(CHANNEL_TEXT[channel.ordinal()]).raw(SYMBOL).string(symbol);
        if (channel == Channel.BARS)
        {
            out.raw(TF).raw(TIMEFRAME_TEXT[WireMessages.barTimeframe(tf).ordinal()]);
        }
        out.raw(REASON).raw(RESET_REASON_TEXT[reason.ordinal()]);
        return out.rawByte('}').position() - offset;
    }

    @Override
    public int encodeTrade(final MutableDirectBuffer dst, final int offset, final TradeMessage trade, final int flags)
    {
        out.wrap(dst, offset).raw(TRADE).string(trade.symbol())
            .raw(SEQ).longValue(trade.seq())
            .raw(T).longValue(WireMessages.toEpochMillis(trade.tsNanos()))
            .raw(P).price(trade.price())
            .raw(V).longValue(trade.volume());
        timing(flags, trade.receiveNanos());
        return out.rawByte('}').position() - offset;
    }

    @Override
    public int encodeQuote(
        final MutableDirectBuffer dst, final int offset, final QuoteMessage quote, final int presence)
    {
        out.wrap(dst, offset).raw(QUOTE).string(quote.symbol())
            .raw(SEQ).longValue(quote.seq())
            .raw(T).longValue(WireMessages.toEpochMillis(quote.tsNanos()));
        if ((presence & QUOTE_BID) != 0)
        {
            out.raw(B).price(quote.bid());
        }
        if ((presence & QUOTE_BID_SIZE) != 0)
        {
            out.raw(BS).longOrNull(quote.bidSize());
        }
        if ((presence & QUOTE_ASK) != 0)
        {
            out.raw(A).price(quote.ask());
        }
        if ((presence & QUOTE_ASK_SIZE) != 0)
        {
            out.raw(AS).longOrNull(quote.askSize());
        }
        timing(presence, quote.receiveNanos());
        return out.rawByte('}').position() - offset;
    }

    @Override
    public int encodeBar(final MutableDirectBuffer dst, final int offset, final BarMessage bar, final int presence)
    {
        out.wrap(dst, offset).raw(BAR).string(bar.symbol())
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
            out.raw(V).longOrNull(bar.volume());
        }
        if ((presence & BAR_COUNT) != 0)
        {
            out.raw(N).longOrNull(bar.count());
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
            out.raw(REV).longOrNull(bar.rev() == BarMessage.NO_REV ? NO_VALUE : bar.rev());
        }
        timing(presence, bar.receiveNanos());
        return out.rawByte('}').position() - offset;
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
        out.wrap(dst, offset).raw(SNAPSHOT).raw(CHANNEL_TEXT[channel.ordinal()]).raw(SYMBOL).string(symbol);
        if (channel == Channel.BARS)
        {
            out.raw(TF).raw(TIMEFRAME_TEXT[WireMessages.barTimeframe(tf).ordinal()]);
        }
        out.raw(EPOCH).string(epoch).raw(SEQ).longValue(seq);
        out.raw(channel == Channel.BARS ? BARS_ROWS : channel == Channel.TRADES ? TRADES_ROWS : QUOTES_ROWS);
    }

    @Override
    public void snapshotBar(final BarMessage bar)
    {
        rowStart(rows.next(Channel.BARS)).longValue(WireMessages.toEpochMillis(bar.startNanos()))
            .rawByte(',').price(bar.open())
            .rawByte(',').price(bar.high())
            .rawByte(',').price(bar.low())
            .rawByte(',').price(bar.close())
            .rawByte(',').longOrNull(bar.volume())
            .rawByte(',').longOrNull(bar.count())
            .rawByte(',').price(bar.vwap())
            .rawByte(']');
    }

    @Override
    public void snapshotTrade(final TradeMessage trade)
    {
        rowStart(rows.next(Channel.TRADES)).longValue(WireMessages.toEpochMillis(trade.tsNanos()))
            .rawByte(',').price(trade.price())
            .rawByte(',').longOrNull(trade.volume())
            .rawByte(']');
    }

    @Override
    public void snapshotQuote(final QuoteMessage quote)
    {
        rowStart(rows.next(Channel.QUOTES)).longValue(WireMessages.toEpochMillis(quote.tsNanos()))
            .rawByte(',').price(quote.bid())
            .rawByte(',').longOrNull(quote.bidSize())
            .rawByte(',').price(quote.ask())
            .rawByte(',').longOrNull(quote.askSize())
            .rawByte(']');
    }

    @Override
    public int snapshotEnd()
    {
        final int offset = rows.end();
        return out.raw(SNAPSHOT_END).position() - offset;
    }

    private JsonWriter rowStart(final int index)
    {
        if (index > 0)
        {
            out.rawByte(',');
        }
        return out.rawByte('[');
    }

    private void optionalLong(final byte[] key, final long value)
    {
        if (value != NO_VALUE)
        {
            out.raw(key).longValue(value);
        }
    }

    private void timing(final int flags, final long receiveNanos)
    {
        if ((flags & TIMING) != 0 && receiveNanos != NO_VALUE)
        {
            out.raw(RI).longValue(WireMessages.toEpochMicros(receiveNanos));
        }
    }

    private static byte[][] quotedTexts(final Enum<?>[] values)
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
            texts[value.ordinal()] = text == null ? ascii("null") : ascii('"' + text + '"');
        }
        return texts;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
