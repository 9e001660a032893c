package io.tickwire.engine.bars;

import io.tickwire.engine.ring.TradeEvent;

/**
 * What the engine publishes, in order, on the engine thread: each accepted trade and quote, and each change of a
 * bar (an update while open, its finalisation, and corrections after it). Downstream consumers (gateway, writers,
 * Kafka producer) attach here, typically by copying into a ring of their own; the engine does not know them.
 * <p>
 * Implementations must not block and should not allocate: they run on the hot path.
 */
public interface BarListener
{
    /** A listener that ignores everything. */
    BarListener NONE = new BarListener()
    {
    };

    /**
     * An accepted trade, published before the bar updates it causes.
     *
     * @param symbolId dense symbol id.
     * @param trade    the trade, valid during the call.
     * @param seq      sequence on the symbol's trades stream.
     * @param lateMask bit i set when the trade was late for timeframe i and left out of it.
     */
    default void onTrade(int symbolId, TradeEvent trade, long seq, int lateMask)
    {
    }

    /**
     * An accepted quote.
     *
     * @param symbolId dense symbol id.
     * @param quote    the quote, valid during the call.
     * @param seq      sequence on the symbol's quotes stream.
     */
    default void onQuote(int symbolId, TradeEvent quote, long seq)
    {
    }

    /**
     * The latest trade of a symbol as held in the engine's state, published only by
     * {@link BarEngine#publishState()} to prime a consumer; it is not a new trade.
     *
     * @param symbolId dense symbol id.
     * @param tsNs     the trade's event time.
     * @param price    its price.
     * @param volume   its volume.
     * @param bid      latest bid, 0 when none.
     * @param ask      latest ask, 0 when none.
     * @param tradeSeq the symbol's trades stream sequence.
     */
    default void onLastTrade(int symbolId, long tsNs, long price, long volume, long bid, long ask, long tradeSeq)
    {
    }

    /**
     * A bar changed, became final, or was corrected after being final ({@code bar.rev() > 0}).
     *
     * @param bar the bar, valid during the call.
     */
    default void onBar(BarView bar)
    {
    }
}
