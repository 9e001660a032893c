package io.tickwire.persist;

/**
 * The latest price of a symbol as a cache holds it. Prices are mantissas at scale 10^8; an absent bid or ask is
 * {@code Long.MIN_VALUE}.
 *
 * @param symbol symbol.
 * @param price  last trade price mantissa.
 * @param bid    bid mantissa, or Long.MIN_VALUE.
 * @param ask    ask mantissa, or Long.MIN_VALUE.
 * @param tsNs   event time of the last trade, epoch ns.
 * @param seq    arrival seq of the last trade.
 */
public record PriceRecord(String symbol, long price, long bid, long ask, long tsNs, long seq)
{
}
