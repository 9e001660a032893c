package io.tickwire.persist;

import java.util.List;
import java.util.function.Consumer;

/**
 * The engine's in-memory final bars, read by {@link BarWriter} to reconcile a store after it missed bars (at start,
 * after a full queue, or after an output-ring gap). Implemented by the app over the engine's bar store.
 * <p>
 * Called from the bar writers' threads while the engine keeps running: implementations must be safe to call from
 * any thread and must never block the engine thread (read a published snapshot or a consistent copy).
 */
public interface FinalBarSource
{
    /**
     * Timeframe names the engine keeps, e.g. {@code 1s}, {@code 1m}.
     *
     * @return names, shortest first.
     */
    List<String> timeframes();

    /**
     * Hands over every final bar (at its highest rev) of one timeframe, over all symbols, whose window starts at
     * or after a bound. Bars still open are not included.
     *
     * @param tf          timeframe name.
     * @param fromStartNs inclusive lower bound on the window start, epoch ns; {@code Long.MIN_VALUE} for all.
     * @param sink        receives each bar, on the calling thread.
     */
    void forEachFinalBar(String tf, long fromStartNs, Consumer<BarRecord> sink);
}
