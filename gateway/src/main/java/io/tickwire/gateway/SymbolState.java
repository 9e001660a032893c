package io.tickwire.gateway;

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
    /** The latest quote; swapped with {@link #previousQuote} on each update (no copy). */
    QuoteMessage quote = new QuoteMessage();
    QuoteMessage previousQuote = new QuoteMessage();
    final BarStream[] bars;
    final Stream tradeStream = new Stream(Subscription.TRADES);
    final Stream quoteStream = new Stream(Subscription.QUOTES);
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
