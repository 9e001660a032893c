package io.tickwire.engine.bars;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.engine.ring.TradeEvent;

/**
 * Builders for trade events and readers of engine state shared by the engine tests.
 */
public final class TestTrades
{
    /** One second in nanoseconds. */
    public static final long SECOND = 1_000_000_000L;
    /** One minute in nanoseconds. */
    public static final long MINUTE = 60 * SECOND;
    /** One day in nanoseconds. */
    public static final long DAY = 86_400 * SECOND;

    private TestTrades()
    {
    }

    /**
     * Epoch nanoseconds of an ISO-8601 instant.
     *
     * @param iso such as {@code 2024-01-02T00:00:00Z}.
     * @return nanoseconds.
     */
    public static long ns(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }

    /**
     * Mantissa of a decimal price.
     *
     * @param decimal such as {@code 101.25}.
     * @return mantissa at scale 10^8.
     */
    public static long px(final String decimal)
    {
        final long mantissa = FixedPoint.parse(decimal);
        if (mantissa == FixedPoint.INVALID)
        {
            throw new IllegalArgumentException(decimal);
        }
        return mantissa;
    }

    /**
     * Fills a trade whose receipt time equals its event time, as in a live feed.
     *
     * @param into     the event.
     * @param symbol   the symbol.
     * @param tsNs     event time.
     * @param price    mantissa.
     * @param volume   volume.
     * @return {@code into}.
     */
    public static TradeEvent trade(
        final TradeEvent into,
        final String symbol,
        final long tsNs,
        final long price,
        final long volume)
    {
        return trade(into, symbol, tsNs, price, volume, tsNs);
    }

    /**
     * Fills a trade.
     *
     * @param into       the event.
     * @param symbol     the symbol.
     * @param tsNs       event time.
     * @param price      mantissa.
     * @param volume     volume.
     * @param receivedNs wall clock at receipt.
     * @return {@code into}.
     */
    public static TradeEvent trade(
        final TradeEvent into,
        final String symbol,
        final long tsNs,
        final long price,
        final long volume,
        final long receivedNs)
    {
        into.clearOptional();
        into.kind = TradeEvent.KIND_TRADE;
        into.tsNs = tsNs;
        into.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        into.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        into.price = price;
        into.volume = volume;
        into.receivedNs = receivedNs;
        return into;
    }

    /**
     * Every bar an engine holds for a symbol and timeframe, oldest first.
     *
     * @param engine   the engine.
     * @param symbolId dense id.
     * @param tf       timeframe index.
     * @return copies with seq 0.
     */
    public static List<RecordedBar> held(final BarEngine engine, final int symbolId, final int tf)
    {
        final BarView view = new BarView();
        final List<RecordedBar> bars = new ArrayList<>();
        for (int k = engine.barCount(symbolId, tf) - 1; k >= 0; k--)
        {
            bars.add(RecordedBar.of(engine.bar(symbolId, tf, k, view)));
        }
        return bars;
    }
}
