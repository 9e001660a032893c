package io.tickwire.engine.output;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputRingTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldDeliverTradesAndBarUpdatesInEngineOrderToEveryConsumer() throws Exception
    {
        final List<String> first = new ArrayList<>();
        final List<String> second = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(2);
        final EventHandler<UpdateEvent> a = recorder(first, done);
        final EventHandler<UpdateEvent> b = recorder(second, done);
        try (OutputRing ring = new OutputRing(1024, List.of(a, b));
            BarEngine engine = new BarEngine(Timeframes.parse("1s,1m"), 5 * SECOND, 16, 10, ring.publisher()))
        {
            engine.onTrade(trade("AAPL", 10 * SECOND, 100, 2));
            engine.onTrade(trade("AAPL", 10 * SECOND + 1, 102, 1));
            engine.onTrade(trade("AAPL", 20 * SECOND, 101, 1)); // finalises the 10 s bar by watermark
            engine.onTrade(trade("STOP", 20 * SECOND, 1, 1));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first).isEqualTo(second);
        assertThat(first).startsWith("trade AAPL 1",
            "bar AAPL tf0 seq1 final=false v=2", "bar AAPL tf1 seq1 final=false v=2",
            "trade AAPL 2", "bar AAPL tf0 seq2 final=false v=3", "bar AAPL tf1 seq2 final=false v=3",
            "trade AAPL 3", "bar AAPL tf0 seq3 final=false v=1", "bar AAPL tf1 seq3 final=false v=4",
            "bar AAPL tf0 seq4 final=true v=3");
    }

    @Test
    void shouldStampEachBarUpdateWithTheReceiptTimeOfTheEventThatCausedIt() throws Exception
    {
        final List<Long> barReceipts = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final EventHandler<UpdateEvent> consumer = (event, sequence, endOfBatch) ->
        {
            if (event.kind == UpdateEvent.KIND_BAR && event.symbolId == 0)
            {
                barReceipts.add(event.receivedNs);
            }
            else if (event.kind == UpdateEvent.KIND_TRADE && event.symbolId == 1)
            {
                done.countDown();
            }
        };
        try (OutputRing ring = new OutputRing(1024, List.of(consumer));
            BarEngine engine = new BarEngine(Timeframes.parse("1s"), 0, 16, 10, ring.publisher()))
        {
            final TradeEvent first = trade("AAPL", 10 * SECOND, 100, 1);
            first.receivedNs = 111;
            engine.onTrade(first);
            final TradeEvent second = trade("AAPL", 11 * SECOND, 100, 1);
            second.receivedNs = 222;
            engine.onTrade(second); // updates the 11 s bar, finalises the 10 s bar by watermark
            engine.onClock(12 * SECOND + 333); // finalises the 11 s bar by wall clock
            engine.onTrade(trade("STOP", 20 * SECOND, 1, 1));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(barReceipts).containsExactly(111L, 222L, 222L, 12 * SECOND + 333);
    }

    @Test
    void shouldDropAndFlagAGapRatherThanWaitWhenConsumersFallAWholeRingBehind()
    {
        final RingBuffer<UpdateEvent> ring = RingBuffer.createSingleProducer(UpdateEvent::new, 4);
        ring.addGatingSequences(new com.lmax.disruptor.Sequence(-1)); // a consumer that never reads
        final OutputPublisher publisher = new OutputPublisher(ring);
        try (BarEngine engine = new BarEngine(Timeframes.parse("1s"), 0, 16, 10, publisher))
        {
            for (int i = 0; i < 5; i++)
            {
                engine.onTrade(trade("AAPL", (10 + i) * SECOND, 100, 1));
            }
        }
        assertThat(publisher.dropped()).isGreaterThan(0);
    }

    private static EventHandler<UpdateEvent> recorder(final List<String> into, final CountDownLatch done)
    {
        return (event, sequence, endOfBatch) ->
        {
            final String symbol = event.symbolId == 0 ? "AAPL" : "STOP";
            if (event.kind == UpdateEvent.KIND_TRADE)
            {
                if ("STOP".equals(symbol))
                {
                    done.countDown();
                    return;
                }
                into.add("trade " + symbol + " " + event.seq);
            }
            else if (event.kind == UpdateEvent.KIND_BAR && event.symbolId == 0)
            {
                into.add("bar " + symbol + " tf" + event.tfIndex + " seq" + event.seq + " final=" + event.isFinal +
                    " v=" + event.barVolume);
            }
        };
    }

    private static TradeEvent trade(final String symbol, final long tsNs, final long price, final long volume)
    {
        final TradeEvent trade = new TradeEvent();
        trade.kind = TradeEvent.KIND_TRADE;
        trade.tsNs = tsNs;
        trade.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        trade.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        trade.price = price * 100_000_000L;
        trade.volume = volume;
        return trade;
    }
}
