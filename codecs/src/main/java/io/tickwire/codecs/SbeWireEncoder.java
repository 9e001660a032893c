package io.tickwire.codecs;

import java.nio.ByteOrder;

import io.tickwire.codecs.sbe.AckEncoder;
import io.tickwire.codecs.sbe.BarUpdateEncoder;
import io.tickwire.codecs.sbe.BooleanType;
import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ErrorEncoder;
import io.tickwire.codecs.sbe.MessageHeaderEncoder;
import io.tickwire.codecs.sbe.PongEncoder;
import io.tickwire.codecs.sbe.QuoteUpdateEncoder;
import io.tickwire.codecs.sbe.ResetEncoder;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.SnapshotEncoder;
import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.codecs.sbe.TradeUpdateEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
 * SBE binary frames of SPEC §6 through the generated flyweights of {@code tickwire-schema.xml}: one message with
 * its 8-byte header per frame. Instants stay nanoseconds and prices int64 mantissas (exponent -8). A delta sets
 * only its presence bits and writes the null value in the other fields, so an SBE frame keeps its fixed size
 * (the win is in parsing, not in bytes). A field present with an empty value (an empty quote side) is also null.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class SbeWireEncoder implements WireEncoder
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final ErrorEncoder error = new ErrorEncoder();
    private final PongEncoder pong = new PongEncoder();
    private final ResetEncoder reset = new ResetEncoder();
    private final TradeUpdateEncoder trade = new TradeUpdateEncoder();
    private final QuoteUpdateEncoder quote = new QuoteUpdateEncoder();
    private final BarUpdateEncoder bar = new BarUpdateEncoder();
    private final SnapshotEncoder snapshot = new SnapshotEncoder();
    private final UnsafeBuffer text = new UnsafeBuffer(new byte[WireMessages.MAX_ERROR_MESSAGE_BYTES]);
    private final SnapshotRows rows = new SnapshotRows();
    private CharSequence snapshotEpoch;
    private SnapshotEncoder.BarsEncoder barRows;
    private SnapshotEncoder.TradesEncoder tradeRows;
    private SnapshotEncoder.QuotesEncoder quoteRows;

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.SBE;
    }

    @Override
    public int encodeAck(final MutableDirectBuffer dst, final int offset, final long id)
    {
        ack.wrapAndApplyHeader(dst, offset, header).id(id);
        return HEADER_LENGTH + ack.encodedLength();
    }

    @Override
    public int encodeError(
        final MutableDirectBuffer dst,
        final int offset,
        final long id,
        final ErrorCode code,
        final CharSequence message)
    {
        final int length = Texts.utf8Length(message, WireMessages.MAX_ERROR_MESSAGE_BYTES);
        Texts.putUtf8(message, length, text, 0);
        error.wrapAndApplyHeader(dst, offset, header).id(id).code(code).putMessage(text, 0, length);
        return HEADER_LENGTH + error.encodedLength();
    }

    @Override
    public int encodePong(
        final MutableDirectBuffer dst, final int offset, final long id, final long clientTime, final long serverNanos)
    {
        pong.wrapAndApplyHeader(dst, offset, header).id(id).clientTime(clientTime).serverNanos(serverNanos);
        return HEADER_LENGTH + pong.encodedLength();
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
        reset.wrapAndApplyHeader(dst, offset, header)
            .channel(channel)
            .tf(channel == Channel.BARS ? WireMessages.barTimeframe(tf) : Timeframe.NULL_VAL)
            .reason(reason)
            .symbol(symbol);
        return HEADER_LENGTH + reset.encodedLength();
    }

    @Override
    public int encodeTrade(final MutableDirectBuffer dst, final int offset, final TradeMessage message, final int flags)
    {
        trade.wrapAndApplyHeader(dst, offset, header)
            .seq(message.seq())
            .tsNanos(message.tsNanos())
            .receiveNanos((flags & TIMING) != 0 ? message.receiveNanos() : NO_VALUE)
            .volume(message.volume())
            .symbol(message.symbol())
            .price().mantissa(message.price());
        return HEADER_LENGTH + trade.encodedLength();
    }

    @Override
    public int encodeQuote(
        final MutableDirectBuffer dst, final int offset, final QuoteMessage message, final int presence)
    {
        final long receiveNanos = (presence & TIMING) != 0 ? message.receiveNanos() : NO_VALUE;
        quote.wrapAndApplyHeader(dst, offset, header)
            .seq(message.seq())
            .tsNanos(message.tsNanos())
            .receiveNanos(receiveNanos)
            .bidSize((presence & QUOTE_BID_SIZE) != 0 ? message.bidSize() : NO_VALUE)
            .askSize((presence & QUOTE_ASK_SIZE) != 0 ? message.askSize() : NO_VALUE)
            .symbol(message.symbol());
        quote.bid().mantissa((presence & QUOTE_BID) != 0 ? message.bid() : NO_VALUE);
        quote.ask().mantissa((presence & QUOTE_ASK) != 0 ? message.ask() : NO_VALUE);
        final int mask = (presence & QUOTE_ALL) | (receiveNanos != NO_VALUE ? TIMING : 0);
        quote.buffer().putShort(
            quote.offset() + QuoteUpdateEncoder.presenceEncodingOffset(), (short)mask, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH + quote.encodedLength();
    }

    @Override
    public int encodeBar(final MutableDirectBuffer dst, final int offset, final BarMessage message, final int presence)
    {
        final long receiveNanos = (presence & TIMING) != 0 ? message.receiveNanos() : NO_VALUE;
        final boolean isFinalPresent = (presence & BAR_FINAL) != 0;
        bar.wrapAndApplyHeader(dst, offset, header)
            .seq(message.seq())
            .startNanos(message.startNanos())
            .receiveNanos(receiveNanos)
            .volume((presence & BAR_VOLUME) != 0 ? message.volume() : NO_VALUE)
            .tradeCount((presence & BAR_COUNT) != 0 ? message.count() : NO_VALUE)
            .rev((presence & BAR_REV) != 0 ? message.rev() : BarMessage.NO_REV)
            .tf(WireMessages.barTimeframe(message.tf()))
            .finalFlag(isFinalPresent ? finalFlag(message.isFinal()) : BooleanType.NULL_VAL)
            .symbol(message.symbol());
        bar.open().mantissa((presence & BAR_OPEN) != 0 ? message.open() : NO_VALUE);
        bar.high().mantissa((presence & BAR_HIGH) != 0 ? message.high() : NO_VALUE);
        bar.low().mantissa((presence & BAR_LOW) != 0 ? message.low() : NO_VALUE);
        bar.close().mantissa((presence & BAR_CLOSE) != 0 ? message.close() : NO_VALUE);
        bar.vwap().mantissa((presence & BAR_VWAP) != 0 ? message.vwap() : NO_VALUE);
        final int mask = (presence & BAR_ALL) | (receiveNanos != NO_VALUE ? TIMING : 0);
        bar.buffer().putShort(
            bar.offset() + BarUpdateEncoder.presenceEncodingOffset(), (short)mask, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH + bar.encodedLength();
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
        snapshotEpoch = epoch;
        snapshot.wrapAndApplyHeader(dst, offset, header)
            .seq(seq)
            .channel(channel)
            .tf(channel == Channel.BARS ? WireMessages.barTimeframe(tf) : Timeframe.NULL_VAL)
            .symbol(symbol);
        // SBE groups come in schema order, bars, trades, quotes: open the channel's group and leave the ones
        // after it for snapshotEnd, which also writes the epoch because variable data comes last.
        barRows = snapshot.barsCount(channel == Channel.BARS ? rowCount : 0);
        if (channel != Channel.BARS)
        {
            tradeRows = snapshot.tradesCount(channel == Channel.TRADES ? rowCount : 0);
        }
        if (channel == Channel.QUOTES)
        {
            quoteRows = snapshot.quotesCount(rowCount);
        }
    }

    @Override
    public void snapshotBar(final BarMessage message)
    {
        rows.next(Channel.BARS);
        final SnapshotEncoder.BarsEncoder row = barRows.next()
            .startNanos(message.startNanos())
            .volume(message.volume())
            .tradeCount(message.count());
        row.open().mantissa(message.open());
        row.high().mantissa(message.high());
        row.low().mantissa(message.low());
        row.close().mantissa(message.close());
        row.vwap().mantissa(message.vwap());
    }

    @Override
    public void snapshotTrade(final TradeMessage message)
    {
        rows.next(Channel.TRADES);
        tradeRows.next()
            .tsNanos(message.tsNanos())
            .volume(message.volume())
            .price().mantissa(message.price());
    }

    @Override
    public void snapshotQuote(final QuoteMessage message)
    {
        rows.next(Channel.QUOTES);
        final SnapshotEncoder.QuotesEncoder row = quoteRows.next()
            .tsNanos(message.tsNanos())
            .bidSize(message.bidSize())
            .askSize(message.askSize());
        row.bid().mantissa(message.bid());
        row.ask().mantissa(message.ask());
    }

    @Override
    public int snapshotEnd()
    {
        final Channel channel = rows.channel();
        rows.end();
        if (channel == Channel.BARS)
        {
            snapshot.tradesCount(0);
        }
        if (channel != Channel.QUOTES)
        {
            snapshot.quotesCount(0);
        }
        snapshot.epoch(snapshotEpoch);
        snapshotEpoch = null;
        return HEADER_LENGTH + snapshot.encodedLength();
    }

    private static BooleanType finalFlag(final boolean isFinal)
    {
        return isFinal ? BooleanType.TRUE : BooleanType.FALSE;
    }
}
