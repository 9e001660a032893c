package io.tickwire.persist;

/**
 * One stored trade, as the history read side returns it. Prices are mantissas at scale 10^8.
 *
 * @param symbol   symbol.
 * @param tsNs     event time, epoch ns.
 * @param seq      arrival sequence.
 * @param price    price mantissa.
 * @param volume   volume.
 * @param exchange exchange, "" when absent.
 * @param tradeId  trade id, "" when absent.
 */
public record TradeRecord(String symbol, long tsNs, long seq, long price, long volume, String exchange,
    String tradeId)
{
}
