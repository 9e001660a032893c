package io.tickwire.persist.postgres;

import java.nio.charset.StandardCharsets;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.TradeBatch;

/** Builds journaled events for tests, the way the writer fills a batch. */
final class Trades
{
    static final long NS_PER_DAY = 86_400_000_000_000L;
    /** 2026-03-01T00:00:00Z. */
    static final long DAY0_NS = 20_513L * NS_PER_DAY;
    static final long SCALE = 100_000_000L;

    private final TradeEvent event = new TradeEvent();

    Trades add(final TradeBatch batch, final long seq, final long tsNs, final String symbol, final long price,
        final long volume)
    {
        fill(seq, tsNs, symbol, price, volume);
        if (!batch.add(event))
        {
            throw new IllegalStateException("batch full");
        }
        return this;
    }

    Trades addWithTradeId(final TradeBatch batch, final long seq, final long tsNs, final String symbol,
        final long price, final String tradeId)
    {
        fill(seq, tsNs, symbol, price, 1);
        final byte[] id = tradeId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, event.tradeId, 0, id.length);
        event.tradeIdLength = id.length;
        if (!batch.add(event))
        {
            throw new IllegalStateException("batch full");
        }
        return this;
    }

    Trades addQuote(final TradeBatch batch, final long seq, final long tsNs, final String symbol)
    {
        fill(seq, tsNs, symbol, 0, 0);
        event.kind = TradeEvent.KIND_QUOTE;
        event.bid = 100 * SCALE;
        event.ask = 101 * SCALE;
        if (!batch.add(event))
        {
            throw new IllegalStateException("batch full");
        }
        return this;
    }

    private void fill(final long seq, final long tsNs, final String symbol, final long price, final long volume)
    {
        event.clearOptional();
        event.kind = TradeEvent.KIND_TRADE;
        event.arrivalSeq = seq;
        event.journalIndex = 1000 + seq;
        event.tsNs = tsNs;
        event.receivedNs = tsNs;
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        event.price = price;
        event.volume = volume;
        event.exchange = Symbols.pack("XNAS", 0, 4, 0);
        final byte[] id = ("t" + seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, event.tradeId, 0, id.length);
        event.tradeIdLength = id.length;
    }
}
