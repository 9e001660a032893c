package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;

import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.TradeMessage;

/**
 * What the hub holds for one symbol: the trade buffer, the last trade and quote with their stream seqs, the bar
 * streams per timeframe and the subscribers of the trades and quotes streams. Not thread-safe: owned by the hub.
 */
final class SymbolState
{
    final int id;
    final String name;
    final TradeBuffer trades;
    final TradeMessage lastTrade = new TradeMessage();
    final QuoteMessage quote = new QuoteMessage();
    final QuoteMessage previousQuote = new QuoteMessage();
    final BarStream[] bars;
    final List<Subscription> tradeSubscribers = new ArrayList<>();
    final List<Subscription> quoteSubscribers = new ArrayList<>();
    boolean hasTrade;
    boolean hasQuote;
    long tradeSeq;
    long quoteSeq;

    SymbolState(final int id, final String name, final int tradeBuffer, final BarStream[] bars)
    {
        this.id = id;
        this.name = name;
        this.trades = new TradeBuffer(tradeBuffer);
        this.bars = bars;
        lastTrade.symbol(name);
        quote.symbol(name);
        previousQuote.symbol(name);
    }
}
