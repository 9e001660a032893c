package io.tickwire.persist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.lmax.disruptor.EventHandler;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.output.OutputRing;
import io.tickwire.engine.output.UpdateEvent;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.persist.JournalTradeWriterTest.await;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BarWriterTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long BASE_NS = 1_700_000_040L * SECOND; // a minute boundary
    private static final long PRICE = 100_000_000L;
    private static final List<String> TFS = List.of("1s", "1m");
    private static final int RING_SIZE = 1 << 16; // the engine never waits: a small ring would drop updates
    private static final WriterSettings FAST = new WriterSettings(1_000, Duration.ofMillis(5), Duration.ofMillis(2),
        Duration.ofMillis(20));

    @Test
    void shouldWriteEveryFinalBarFromTheOutputRingToEverySink() throws Exception
    {
        final Timeframes timeframes = Timeframes.parse("1s,1m");
        final AtomicReference<BarEngine> engineRef = new AtomicReference<>();
        final InMemoryBarSink first = new InMemoryBarSink("first");
        final InMemoryBarSink second = new InMemoryBarSink("second");
        final ListFinalBarSource expected = new ListFinalBarSource(TFS);
        final CountDownLatch done = new CountDownLatch(1);
        final EventHandler<UpdateEvent> recorder = (event, sequence, endOfBatch) ->
        {
            if (event.kind == UpdateEvent.KIND_BAR && event.isFinal)
            {
                expected.add(record(event, engineRef.get().symbols().name(event.symbolId),
                    timeframes.name(event.tfIndex)));
            }
            else if (event.kind == UpdateEvent.KIND_TRADE && engineRef.get().symbols().name(event.symbolId)
                .equals("STOP"))
            {
                done.countDown();
            }
        };
        final BarWriter writer = new BarWriter(List.of(first, second), id -> engineRef.get().symbols().name(id),
            timeframes::name, new ListFinalBarSource(TFS), FAST);
        try (writer; OutputRing ring = new OutputRing(RING_SIZE, List.of(recorder, writer));
            BarEngine engine = new BarEngine(timeframes, 0, 16, 10, ring.publisher()))
        {
            engineRef.set(engine);
            for (int i = 0; i < 260; i++) // 130 s of trades every 500 ms, two symbols
            {
                engine.onTrade(trade("AAPL", BASE_NS + i * SECOND / 2, 100 + i % 3, 1 + i % 2));
                engine.onTrade(trade("MSFT", BASE_NS + i * SECOND / 2, 200 + i % 5, 3));
            }
            engine.onTrade(trade("STOP", BASE_NS, 1, 1));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            final int finalBars = expectedBars(expected).size();
            assertThat(finalBars).as("1s and 1m bars of two symbols").isGreaterThan(250);
            await(() -> first.bars().size() == finalBars && second.bars().size() == finalBars);
            await(() -> first.bars().equals(expectedBars(expected)) && second.bars().equals(expectedBars(expected)));
            assertThat(writer.metrics()).extracting(WriterMetrics::name).containsExactly("first", "second");
            assertThat(writer.metrics().getFirst().errors()).isZero();
        }
        final BarRecord aapl = first.bars().stream()
            .filter(bar -> bar.symbol().equals("AAPL") && bar.tf().equals("1s") && bar.startNs() == BASE_NS)
            .findFirst().orElseThrow();
        // Trades at +0 ms (100 × 1) and +500 ms (101 × 2) make the bar that starts at BASE.
        assertThat(aapl.open()).isEqualTo(100 * PRICE);
        assertThat(aapl.close()).isEqualTo(101 * PRICE);
        assertThat(aapl.volume()).isEqualTo(3);
        assertThat(aapl.count()).isEqualTo(2);
        assertThat(aapl.vwap()).isEqualTo(10_066_666_667L); // 302 / 3 rounded half-even to 8 decimals
        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isTrue();
    }

    @Test
    void shouldKeepWritingToAHealthySinkWhileAnotherIsDown() throws Exception
    {
        final InMemoryBarSink down = new InMemoryBarSink("down");
        final InMemoryBarSink healthy = new InMemoryBarSink("healthy");
        down.down(true);
        try (BarWriter writer = new BarWriter(List.of(down, healthy), id -> "S" + id, TFS::get,
            new ListFinalBarSource(TFS), FAST))
        {
            writer.start();
            for (int i = 0; i < 100; i++)
            {
                writer.onEvent(finalBar(i % 4, 0, BASE_NS + i / 4 * SECOND, 0), i, true);
            }
            await(() -> healthy.bars().size() == 100);
            final WriterMetrics downMetrics = writer.metrics().getFirst();
            await(() -> downMetrics.errors() >= 3);
            assertThat(downMetrics.state()).isEqualTo(WriterMetrics.State.RETRYING);
            assertThat(downMetrics.lastError()).contains("down unreachable");
            assertThat(downMetrics.lagNanos()).isNotNegative();
            await(() -> writer.metrics().get(1).rowsWritten() == 100);
            assertThat(writer.metrics().get(1).errors()).isZero();
            assertThat(down.bars()).isEmpty();

            down.down(false);
            await(() -> down.bars().size() == 100);
            await(() -> downMetrics.state() == WriterMetrics.State.RUNNING);
            assertThat(down.bars()).isEqualTo(healthy.bars());
        }
    }

    @Test
    void shouldDropWhenASinkQueueIsFullAndReconcileFromEngineMemory() throws Exception
    {
        final InMemoryBarSink slow = new InMemoryBarSink("slow");
        final ListFinalBarSource engineBars = new ListFinalBarSource(TFS);
        final CountDownLatch release = slow.hold();
        try (BarWriter writer = new BarWriter(List.of(slow), id -> "S" + id, TFS::get, engineBars, FAST, 8))
        {
            writer.start();
            final UpdateEvent firstBar = finalBar(0, 1, BASE_NS, 0);
            engineBars.add(record(firstBar, "S0", "1m"));
            writer.onEvent(firstBar, 0, true);
            await(() -> slow.writesEntered() == 1); // the sink thread is stuck in a write
            for (int i = 1; i <= 60; i++)
            {
                final UpdateEvent event = finalBar(i % 3, 1, BASE_NS + i / 3 * MINUTE, 0);
                engineBars.add(record(event, "S" + (i % 3), "1m"));
                writer.onEvent(event, i, true); // never blocks
            }
            final WriterMetrics metrics = writer.metrics().getFirst();
            assertThat(metrics.rowsDropped()).isGreaterThan(40);
            release.countDown();
            await(() -> slow.bars().size() == 61);
            await(() -> metrics.reconciles() >= 2); // at start, then after the overflow
            final List<BarRecord> all = new ArrayList<>();
            engineBars.forEachFinalBar("1m", Long.MIN_VALUE, all::add);
            assertThat(slow.bars()).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void shouldReconcileFromEngineMemoryWhenTheRingReportsAGap() throws Exception
    {
        final InMemoryBarSink sink = new InMemoryBarSink("mem");
        final ListFinalBarSource engineBars = new ListFinalBarSource(TFS);
        try (BarWriter writer = new BarWriter(List.of(sink), id -> "S" + id, TFS::get, engineBars, FAST))
        {
            writer.start();
            final WriterMetrics metrics = writer.metrics().getFirst();
            await(() -> metrics.reconciles() == 1); // the one at start, with nothing to write
            for (int i = 0; i < 10; i++)
            {
                // Finalised while this consumer was a whole ring behind: it never sees them.
                engineBars.add(record(finalBar(i, 0, BASE_NS + SECOND, 0), "S" + i, "1s"));
            }
            final UpdateEvent trade = new UpdateEvent();
            trade.kind = UpdateEvent.KIND_TRADE;
            trade.gapBefore = true;
            writer.onEvent(trade, 11, true);
            // The reconcile is counted once its bars are written: wait for both, then check nothing more happened.
            await(() -> sink.bars().size() == 10 && metrics.reconciles() >= 2);
            assertThat(metrics.reconciles()).isEqualTo(2);
        }
    }

    @Test
    void shouldReconcileAtStartFromTheStoresNewestBarMinusOneTimeframe() throws Exception
    {
        final InMemoryBarSink sink = new InMemoryBarSink("mem");
        final ListFinalBarSource engineBars = new ListFinalBarSource(TFS);
        sink.put(record(finalBar(0, 1, BASE_NS + 2 * MINUTE, 0), "S0", "1m"));
        for (int m = 0; m < 4; m++)
        {
            engineBars.add(record(finalBar(0, 1, BASE_NS + m * MINUTE, 1), "S0", "1m"));
            engineBars.add(record(finalBar(1, 0, BASE_NS + m * SECOND, 0), "S1", "1s"));
        }
        try (BarWriter writer = new BarWriter(List.of(sink), id -> "S" + id, TFS::get, engineBars, FAST))
        {
            writer.start();
            await(() -> writer.metrics().getFirst().reconciles() == 1);
            assertThat(writer.metrics().getFirst().rowsWritten()).isEqualTo(3 + 4);
        }
        assertThat(sink.bars()).filteredOn(bar -> bar.tf().equals("1m")).extracting(BarRecord::startNs)
            .containsExactly(BASE_NS + MINUTE, BASE_NS + 2 * MINUTE, BASE_NS + 3 * MINUTE);
        assertThat(sink.bars()).filteredOn(bar -> bar.tf().equals("1m")).extracting(BarRecord::rev)
            .containsOnly(1);
        assertThat(sink.bars()).filteredOn(bar -> bar.tf().equals("1s")).hasSize(4);
    }

    @Test
    void shouldCloseEverySinkOnceAndIgnoreUpdatesThatAreNotFinalBars()
    {
        final InMemoryBarSink sink = new InMemoryBarSink("mem");
        final BarWriter writer = new BarWriter(List.of(sink), id -> "S" + id, TFS::get,
            new ListFinalBarSource(TFS), FAST);
        final UpdateEvent open = finalBar(0, 0, BASE_NS, 0);
        open.isFinal = false;
        writer.onEvent(open, 0, true);
        writer.close();
        writer.close();
        assertThat(sink.isClosed()).isTrue();
        assertThat(writer.metrics().getFirst().rowsDropped()).isZero();
        assertThat(writer.metrics().getFirst().state()).isEqualTo(WriterMetrics.State.STOPPED);
    }

    private static List<BarRecord> expectedBars(final ListFinalBarSource source)
    {
        final InMemoryBarSink sorted = new InMemoryBarSink("expected");
        for (final String tf : TFS)
        {
            source.forEachFinalBar(tf, Long.MIN_VALUE, sorted::put);
        }
        return sorted.bars();
    }

    private static BarRecord record(final UpdateEvent event, final String symbol, final String tf)
    {
        return new BarRecord(symbol, tf, event.tsNs, event.open, event.high, event.low, event.close,
            event.barVolume, event.count, event.vwap(), event.rev, event.seq);
    }

    private static UpdateEvent finalBar(final int symbolId, final int tfIndex, final long startNs, final int rev)
    {
        final UpdateEvent event = new UpdateEvent();
        event.kind = UpdateEvent.KIND_BAR;
        event.symbolId = symbolId;
        event.tfIndex = tfIndex;
        event.tsNs = startNs;
        event.open = 100 * PRICE;
        event.high = 102 * PRICE;
        event.low = 99 * PRICE;
        event.close = 101 * PRICE;
        event.barVolume = 10;
        event.count = 4;
        event.pvHigh = 0;
        event.pvLow = 1_005 * PRICE;
        event.isFinal = true;
        event.rev = rev;
        event.seq = startNs / SECOND;
        event.receivedNs = System.currentTimeMillis() * 1_000_000L;
        return event;
    }

    private static TradeEvent trade(final String symbol, final long tsNs, final long price, final long volume)
    {
        final TradeEvent trade = new TradeEvent();
        trade.kind = TradeEvent.KIND_TRADE;
        trade.tsNs = tsNs;
        trade.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        trade.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        trade.price = price * PRICE;
        trade.volume = volume;
        trade.receivedNs = System.currentTimeMillis() * 1_000_000L;
        return trade;
    }
}
