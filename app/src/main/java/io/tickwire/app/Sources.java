package io.tickwire.app;

import java.io.IOException;
import java.nio.file.Path;

import io.tickwire.app.config.Settings;
import io.tickwire.app.config.TickwireConfig;
import io.tickwire.engine.feed.SyntheticFeed;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ingest.TradeSource;

/**
 * Chooses where {@code serve} takes its trades from: the embedded synthetic feed unless an external source is
 * configured.
 */
public final class Sources
{
    private Sources()
    {
    }

    /**
     * The configured source.
     *
     * @param config  the configuration.
     * @param dataDir the data directory (the synthetic feed keeps its origin there).
     * @return a source, not yet resumed.
     * @throws IOException when the data directory cannot be used.
     */
    public static TradeSource create(final TickwireConfig config, final Path dataDir) throws IOException
    {
        return syntheticFeed(config, dataDir);
    }

    private static TradeSource syntheticFeed(final TickwireConfig config, final Path dataDir) throws IOException
    {
        final long origin = EngineNode.feedOrigin(config, dataDir);
        final SyntheticTrades trades = new SyntheticTrades(config.getLong(Settings.FEED_SEED),
            config.getInt(Settings.FEED_SYMBOLS), config.getLong(Settings.FEED_RATE), origin);
        final String count = config.get(Settings.FEED_COUNT);
        return new SyntheticFeed(trades, count == null ? Long.MAX_VALUE : Long.parseLong(count));
    }
}
