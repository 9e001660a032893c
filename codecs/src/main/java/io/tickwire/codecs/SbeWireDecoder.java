package io.tickwire.codecs;

import java.nio.ByteOrder;

import io.tickwire.codecs.sbe.AckDecoder;
import io.tickwire.codecs.sbe.BarUpdateDecoder;
import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ErrorDecoder;
import io.tickwire.codecs.sbe.MessageHeaderDecoder;
import io.tickwire.codecs.sbe.PongDecoder;
import io.tickwire.codecs.sbe.QuoteUpdateDecoder;
import io.tickwire.codecs.sbe.ResetDecoder;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.SnapshotDecoder;
import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.codecs.sbe.TradeUpdateDecoder;
import org.agrona.DirectBuffer;

import static io.tickwire.codecs.WireMessages.BAR_ALL;
import static io.tickwire.codecs.WireMessages.BAR_FINAL;
import static io.tickwire.codecs.WireMessages.NO_VALUE;
import static io.tickwire.codecs.WireMessages.QUOTE_ALL;
import static io.tickwire.codecs.WireMessages.TIMING;

/**
 * Decodes SBE server frames (SPEC §6) with the generated flyweights, checking every length against the frame
 * first so that a short or hostile frame is a failed result, never a read past the frame or an exception.
 * Instants stay nanoseconds. A delta's presence set becomes the holder's presence; the null fields it leaves
 * out become {@link WireMessages#NO_VALUE}, as in the other decoders.
 * <p>
 * Not thread-safe: one per thread. No allocation per message.
 */
public final class SbeWireDecoder implements WireDecoder
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int VAR_LENGTH_HEADER = 2;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final ErrorDecoder error = new ErrorDecoder();
    private final PongDecoder pong = new PongDecoder();
    private final ResetDecoder reset = new ResetDecoder();
    private final TradeUpdateDecoder trade = new TradeUpdateDecoder();
    private final QuoteUpdateDecoder quote = new QuoteUpdateDecoder();
    private final BarUpdateDecoder bar = new BarUpdateDecoder();
    private final SnapshotDecoder snapshot = new SnapshotDecoder();

    @Override
    public WireEncoding encoding()
    {
        return WireEncoding.SBE;
    }

    @Override
    public boolean decode(final DirectBuffer buffer, final int offset, final int length, final DecodedMessage out)
    {
        out.clear();
        final int end = offset + length;
        if (length < HEADER_LENGTH)
        {
            return out.fail("shorter than the SBE header");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return out.fail("unknown schema");
        }
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + HEADER_LENGTH;
        if (body + blockLength > end)
        {
            return out.fail("truncated");
        }
        switch (header.templateId())
        {
            case AckDecoder.TEMPLATE_ID:
                return fits(blockLength, AckDecoder.BLOCK_LENGTH, out) && decodeAck(buffer, body, blockLength, version,
                    out);
            case ErrorDecoder.TEMPLATE_ID:
                return fits(blockLength, ErrorDecoder.BLOCK_LENGTH, out) &&
                    decodeError(buffer, body, blockLength, version, end, out);
            case PongDecoder.TEMPLATE_ID:
                return fits(blockLength, PongDecoder.BLOCK_LENGTH, out) &&
                    decodePong(buffer, body, blockLength, version, out);
            case ResetDecoder.TEMPLATE_ID:
                return fits(blockLength, ResetDecoder.BLOCK_LENGTH, out) &&
                    decodeReset(buffer, body, blockLength, version, out);
            case TradeUpdateDecoder.TEMPLATE_ID:
                return fits(blockLength, TradeUpdateDecoder.BLOCK_LENGTH, out) &&
                    decodeTrade(buffer, body, blockLength, version, out);
            case QuoteUpdateDecoder.TEMPLATE_ID:
                return fits(blockLength, QuoteUpdateDecoder.BLOCK_LENGTH, out) &&
                    decodeQuote(buffer, body, blockLength, version, out);
            case BarUpdateDecoder.TEMPLATE_ID:
                return fits(blockLength, BarUpdateDecoder.BLOCK_LENGTH, out) &&
                    decodeBar(buffer, body, blockLength, version, out);
            case SnapshotDecoder.TEMPLATE_ID:
                return fits(blockLength, SnapshotDecoder.BLOCK_LENGTH, out) &&
                    decodeSnapshot(buffer, body, blockLength, version, end, out);
            default:
                return out.fail("unknown template");
        }
    }

    private static boolean fits(final int actingBlockLength, final int schemaBlockLength, final DecodedMessage out)
    {
        return actingBlockLength >= schemaBlockLength || out.fail("block shorter than the schema's");
    }

    private boolean decodeAck(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        ack.wrap(buffer, body, blockLength, version);
        out.scalars(ack.id(), NO_VALUE, NO_VALUE, NO_VALUE);
        out.type(WireMessageType.ACK);
        return true;
    }

    private boolean decodeError(
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int end,
        final DecodedMessage out)
    {
        error.wrap(buffer, body, blockLength, version);
        final ErrorCode code = errorCode(error.codeRaw());
        if (code == null)
        {
            return out.fail("unknown error code");
        }
        final int at = error.limit();
        if (at + VAR_LENGTH_HEADER > end)
        {
            return out.fail("truncated");
        }
        final int textLength = error.messageLength();
        if (at + VAR_LENGTH_HEADER + textLength > end)
        {
            return out.fail("truncated");
        }
        final StringBuilder message = out.messageBuilder();
        message.setLength(0);
        if (!Texts.appendUtf8(buffer, at + VAR_LENGTH_HEADER, textLength, message))
        {
            return out.fail("invalid UTF-8");
        }
        out.scalars(error.id(), NO_VALUE, NO_VALUE, NO_VALUE);
        out.stream(null, null, null, code);
        out.type(WireMessageType.ERROR);
        return true;
    }

    private boolean decodePong(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        pong.wrap(buffer, body, blockLength, version);
        out.scalars(pong.id(), NO_VALUE, pong.clientTime(), pong.serverNanos());
        out.type(WireMessageType.PONG);
        return true;
    }

    private boolean decodeReset(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        reset.wrap(buffer, body, blockLength, version);
        final Channel channel = channel(reset.channelRaw());
        final ResetReason reason = resetReason(reset.reasonRaw());
        final Timeframe tf = timeframe(reset.tfRaw());
        if (channel == null || reason == null || (channel == Channel.BARS && tf == null))
        {
            return out.fail("bad channel, timeframe or reason");
        }
        reset.getSymbol(out.symbolBuilder());
        if (!WireMessages.isValidSymbol(out.symbolBuilder()))
        {
            return out.fail("invalid symbol");
        }
        out.stream(channel, channel == Channel.BARS ? tf : null, reason, null);
        out.type(WireMessageType.RESET);
        return true;
    }

    private boolean decodeTrade(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        trade.wrap(buffer, body, blockLength, version);
        final StringBuilder symbol = out.symbolBuilder();
        trade.getSymbol(symbol);
        if (!WireMessages.isValidSymbol(symbol))
        {
            return out.fail("invalid symbol");
        }
        out.trade().symbol(symbol).seq(trade.seq()).receiveNanos(trade.receiveNanos())
            .set(trade.tsNanos(), trade.price().mantissa(), trade.volume());
        out.type(WireMessageType.TRADE);
        return true;
    }

    private boolean decodeQuote(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        quote.wrap(buffer, body, blockLength, version);
        final StringBuilder symbol = out.symbolBuilder();
        quote.getSymbol(symbol);
        if (!WireMessages.isValidSymbol(symbol))
        {
            return out.fail("invalid symbol");
        }
        final int presenceOffset = body + QuoteUpdateDecoder.presenceEncodingOffset();
        final int presence = buffer.getShort(presenceOffset, ByteOrder.LITTLE_ENDIAN) & (QUOTE_ALL | TIMING);
        final QuoteMessage message = out.quote();
        message.symbol(symbol).seq(quote.seq()).receiveNanos(quote.receiveNanos());
        message.tsNanos(quote.tsNanos());
        message.bid(quote.bid().mantissa());
        message.bidSize(quote.bidSize());
        message.ask(quote.ask().mantissa());
        message.askSize(quote.askSize());
        message.presence(presence);
        out.type(WireMessageType.QUOTE);
        return true;
    }

    private boolean decodeBar(
        final DirectBuffer buffer, final int body, final int blockLength, final int version, final DecodedMessage out)
    {
        bar.wrap(buffer, body, blockLength, version);
        final StringBuilder symbol = out.symbolBuilder();
        bar.getSymbol(symbol);
        final Timeframe tf = timeframe(bar.tfRaw());
        if (!WireMessages.isValidSymbol(symbol) || tf == null)
        {
            return out.fail("invalid symbol or timeframe");
        }
        final int presenceOffset = body + BarUpdateDecoder.presenceEncodingOffset();
        final int presence = buffer.getShort(presenceOffset, ByteOrder.LITTLE_ENDIAN) & (BAR_ALL | TIMING);
        final short finalFlag = bar.finalFlagRaw();
        if ((presence & BAR_FINAL) != 0 && finalFlag != 0 && finalFlag != 1)
        {
            return out.fail("bad final flag");
        }
        final BarMessage message = out.bar();
        message.symbol(symbol).tf(tf).seq(bar.seq()).startNanos(bar.startNanos()).receiveNanos(bar.receiveNanos());
        message.open(bar.open().mantissa());
        message.high(bar.high().mantissa());
        message.low(bar.low().mantissa());
        message.close(bar.close().mantissa());
        message.volume(bar.volume());
        message.count(bar.tradeCount());
        message.vwap(bar.vwap().mantissa());
        message.isFinal((presence & BAR_FINAL) != 0 && finalFlag == 1);
        message.rev(bar.rev());
        message.presence(presence);
        out.type(WireMessageType.BAR);
        return true;
    }

    private boolean decodeSnapshot(
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int end,
        final DecodedMessage out)
    {
        snapshot.wrap(buffer, body, blockLength, version);
        final Channel channel = channel(snapshot.channelRaw());
        final Timeframe tf = timeframe(snapshot.tfRaw());
        if (channel == null || (channel == Channel.BARS && tf == null))
        {
            return out.fail("bad channel or timeframe");
        }
        snapshot.getSymbol(out.symbolBuilder());
        if (!WireMessages.isValidSymbol(out.symbolBuilder()))
        {
            return out.fail("invalid symbol");
        }
        out.scalars(NO_VALUE, snapshot.seq(), NO_VALUE, NO_VALUE);
        out.stream(channel, channel == Channel.BARS ? tf : null, null, null);

        final int barRows = groupCount(buffer, snapshot.limit(), end, SnapshotDecoder.BarsDecoder.sbeBlockLength());
        if (barRows < 0 || (barRows > 0 && channel != Channel.BARS))
        {
            return out.fail(barRows < 0 ? "truncated" : "snapshot rows do not match its channel");
        }
        final SnapshotDecoder.BarsDecoder bars = snapshot.bars();
        out.rowCount(barRows);
        for (int i = 0; i < barRows; i++)
        {
            bars.next();
            out.row(i, 0, bars.startNanos());
            out.row(i, 1, bars.open().mantissa());
            out.row(i, 2, bars.high().mantissa());
            out.row(i, 3, bars.low().mantissa());
            out.row(i, 4, bars.close().mantissa());
            out.row(i, 5, bars.volume());
            out.row(i, 6, bars.tradeCount());
            out.row(i, 7, bars.vwap().mantissa());
        }

        final int tradeRows = groupCount(buffer, snapshot.limit(), end, SnapshotDecoder.TradesDecoder.sbeBlockLength());
        if (tradeRows < 0 || (tradeRows > 0 && channel != Channel.TRADES))
        {
            return out.fail(tradeRows < 0 ? "truncated" : "snapshot rows do not match its channel");
        }
        final SnapshotDecoder.TradesDecoder trades = snapshot.trades();
        if (channel == Channel.TRADES)
        {
            out.rowCount(tradeRows);
        }
        for (int i = 0; i < tradeRows; i++)
        {
            trades.next();
            out.row(i, 0, trades.tsNanos());
            out.row(i, 1, trades.price().mantissa());
            out.row(i, 2, trades.volume());
        }

        final int quoteRows = groupCount(buffer, snapshot.limit(), end, SnapshotDecoder.QuotesDecoder.sbeBlockLength());
        if (quoteRows < 0 || (quoteRows > 0 && channel != Channel.QUOTES))
        {
            return out.fail(quoteRows < 0 ? "truncated" : "snapshot rows do not match its channel");
        }
        final SnapshotDecoder.QuotesDecoder quotes = snapshot.quotes();
        if (channel == Channel.QUOTES)
        {
            out.rowCount(quoteRows);
        }
        for (int i = 0; i < quoteRows; i++)
        {
            quotes.next();
            out.row(i, 0, quotes.tsNanos());
            out.row(i, 1, quotes.bid().mantissa());
            out.row(i, 2, quotes.bidSize());
            out.row(i, 3, quotes.ask().mantissa());
            out.row(i, 4, quotes.askSize());
        }

        final int at = snapshot.limit();
        if (at + VAR_LENGTH_HEADER > end)
        {
            return out.fail("truncated");
        }
        final int epochLength = snapshot.epochLength();
        if (epochLength > WireMessages.MAX_EPOCH_LENGTH || at + VAR_LENGTH_HEADER + epochLength > end)
        {
            return out.fail("bad epoch length");
        }
        snapshot.getEpoch(out.epochBuilder());
        out.type(WireMessageType.SNAPSHOT);
        return true;
    }

    /**
     * Row count of the group whose header is at {@code at}, once its header and rows are known to lie inside the
     * frame and its block holds the schema's fields.
     *
     * @return the count, or -1 when the group does not fit or is malformed.
     */
    private static int groupCount(final DirectBuffer buffer, final int at, final int end, final int schemaBlockLength)
    {
        if (at + GROUP_HEADER_LENGTH > end)
        {
            return -1;
        }
        final int blockLength = buffer.getShort(at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(at + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (blockLength < schemaBlockLength || count > WireMessages.MAX_SNAPSHOT_ROWS ||
            at + GROUP_HEADER_LENGTH + (long)blockLength * count > end)
        {
            return -1;
        }
        return count;
    }

    private static Timeframe timeframe(final short raw)
    {
        return raw >= Timeframe.SEC_1.value() && raw <= Timeframe.DAY_1.value() ? Timeframe.get(raw) : null;
    }

    private static Channel channel(final short raw)
    {
        return raw >= Channel.TRADES.value() && raw <= Channel.BARS.value() ? Channel.get(raw) : null;
    }

    private static ErrorCode errorCode(final short raw)
    {
        return raw >= ErrorCode.BAD_REQUEST.value() && raw <= ErrorCode.TOO_MANY_SUBSCRIPTIONS.value() ?
            ErrorCode.get(raw) : null;
    }

    private static ResetReason resetReason(final short raw)
    {
        return raw >= ResetReason.RESUME_GAP.value() && raw <= ResetReason.RESYNC.value() ? ResetReason.get(raw) : null;
    }
}
