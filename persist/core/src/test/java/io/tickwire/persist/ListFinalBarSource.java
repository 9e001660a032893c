package io.tickwire.persist;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The engine's memory as a test sees it: the final bars it holds, at their latest rev. Thread-safe. */
final class ListFinalBarSource implements FinalBarSource
{
    private final List<String> timeframes;
    private final List<BarRecord> bars = new CopyOnWriteArrayList<>();

    ListFinalBarSource(final List<String> timeframes)
    {
        this.timeframes = timeframes;
    }

    void add(final BarRecord bar)
    {
        bars.removeIf(old -> old.symbol().equals(bar.symbol()) && old.tf().equals(bar.tf()) &&
            old.startNs() == bar.startNs());
        bars.add(bar);
    }

    @Override
    public List<String> timeframes()
    {
        return timeframes;
    }

    @Override
    public void forEachFinalBar(final String tf, final long fromStartNs, final Consumer<BarRecord> sink)
    {
        for (final BarRecord bar : bars)
        {
            if (bar.tf().equals(tf) && bar.startNs() >= fromStartNs)
            {
                sink.accept(bar);
            }
        }
    }
}
