package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.tickwire.codecs.sbe.Timeframe;
import io.tickwire.engine.bars.Timeframes;

/**
 * The symbols the hub has seen through the output ring, by engine id and by name, each with its state created on
 * first sight. Not thread-safe: owned by the hub.
 */
final class SymbolDirectory
{
    private final GatewayConfig config;
    private final Timeframes timeframes;
    private final Timeframe[] wireTimeframes;
    private final IntFunction<String> names;
    private final Map<String, SymbolState> byName = new HashMap<>();
    private SymbolState[] byId = new SymbolState[64];

    SymbolDirectory(final GatewayConfig config, final Timeframes timeframes, final Timeframe[] wireTimeframes,
        final IntFunction<String> names)
    {
        this.config = config;
        this.timeframes = timeframes;
        this.wireTimeframes = wireTimeframes;
        this.names = names;
    }

    /** The state of an id received through the ring, created on first sight. */
    SymbolState get(final int id)
    {
        if (id >= byId.length)
        {
            final SymbolState[] grown = new SymbolState[Math.max(id + 1, byId.length * 2)];
            System.arraycopy(byId, 0, grown, 0, byId.length);
            byId = grown;
        }
        SymbolState symbol = byId[id];
        if (symbol == null)
        {
            final String name = names.apply(id);
            final BarStream[] bars = new BarStream[timeframes.count()];
            for (int tf = 0; tf < bars.length; tf++)
            {
                bars[tf] = new BarStream(name, timeframes.name(tf), wireTimeframes[tf], config.barHistory());
            }
            symbol = new SymbolState(id, name, config.tradeBuffer(), bars);
            byId[id] = symbol;
            byName.put(name, symbol);
        }
        return symbol;
    }

    /** The state of a symbol by name, or {@code null} when never seen. */
    SymbolState find(final String name)
    {
        return byName.get(name);
    }

    /** Every symbol seen, in id order. */
    List<SymbolState> all()
    {
        final List<SymbolState> out = new ArrayList<>(byName.size());
        for (final SymbolState symbol : byId)
        {
            if (symbol != null)
            {
                out.add(symbol);
            }
        }
        return out;
    }
}
