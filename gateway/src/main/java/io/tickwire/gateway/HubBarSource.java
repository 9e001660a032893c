package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.tickwire.codecs.BarMessage;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.FinalBarSource;

/**
 * The final bars the gateway hub holds (the engine's recent bars, as the output ring delivered them), for store
 * writers and the aggregates producer to reconcile from after they missed bars. The copy is taken by a task on
 * the hub thread, so it is consistent and never touches the engine thread; the caller waits for it.
 */
public final class HubBarSource implements FinalBarSource
{
    private static final long TIMEOUT_SECONDS = 30;

    private final GatewayHub hub;

    /**
     * A source over a hub.
     *
     * @param hub the running hub.
     */
    public HubBarSource(final GatewayHub hub)
    {
        this.hub = hub;
    }

    @Override
    public List<String> timeframes()
    {
        final Timeframes timeframes = hub.timeframes();
        final List<String> names = new ArrayList<>(timeframes.count());
        for (int i = 0; i < timeframes.count(); i++)
        {
            names.add(timeframes.name(i));
        }
        return names;
    }

    @Override
    public void forEachFinalBar(final String tf, final long fromStartNs, final Consumer<BarRecord> sink)
    {
        final int tfIndex = hub.timeframes().indexOf(tf);
        if (tfIndex < 0)
        {
            return;
        }
        final CompletableFuture<List<BarRecord>> copy = new CompletableFuture<>();
        hub.submit(new HubCommand.Task(() ->
        {
            final List<BarRecord> bars = new ArrayList<>();
            final BarMessage bar = new BarMessage();
            for (final SymbolState symbol : hub.symbols().all())
            {
                final BarSeries series = symbol.bars[tfIndex].series;
                for (int k = 0; k < series.size(); k++)
                {
                    if (series.startAt(k) < fromStartNs)
                    {
                        continue;
                    }
                    series.get(k, bar);
                    if (bar.isFinal())
                    {
                        bars.add(new BarRecord(symbol.name, tf, bar.startNanos(), bar.open(), bar.high(), bar.low(),
                            bar.close(), bar.volume(), bar.count(), bar.vwap(), bar.rev(), bar.seq()));
                    }
                }
            }
            copy.complete(bars);
        }));
        try
        {
            copy.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach(sink);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("the gateway hub did not hand over its bars in " + TIMEOUT_SECONDS
                + " s", ex);
        }
    }
}
