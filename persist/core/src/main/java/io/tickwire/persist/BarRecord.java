package io.tickwire.persist;

/**
 * One final bar or correction as the engine emitted it. Prices are mantissas at scale 10^8.
 *
 * @param symbol  symbol.
 * @param tf      timeframe name, e.g. {@code 1m}.
 * @param startNs window start, epoch ns.
 * @param open    open mantissa.
 * @param high    high mantissa.
 * @param low     low mantissa.
 * @param close   close mantissa.
 * @param volume  volume.
 * @param count   trade count.
 * @param vwap    VWAP mantissa, exact with half-even rounding.
 * @param rev     revision: 0 for the first final bar, +1 per correction.
 * @param seq     per-symbol update sequence of the engine.
 */
public record BarRecord(String symbol, String tf, long startNs, long open, long high, long low, long close,
    long volume, long count, long vwap, int rev, long seq)
{
}
