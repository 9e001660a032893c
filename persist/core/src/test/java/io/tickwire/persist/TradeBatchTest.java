package io.tickwire.persist;

import java.lang.management.ManagementFactory;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TradeBatchTest
{
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "BTC-USD", "VERYLONGSYMBOL.X", "ETH-USD"};

    @Test
    void shouldAllocateNothingPerRowOnceItsSymbolsAndExchangesAreKnown()
    {
        final TradeBatch batch = new TradeBatch(1_000);
        final TradeEvent[] events = new TradeEvent[SYMBOLS.length * 2];
        for (int i = 0; i < events.length; i++)
        {
            final String symbol = SYMBOLS[i % SYMBOLS.length];
            final String exchange = i < SYMBOLS.length ? "XNAS" : "BATS";
            final TradeEvent event = new TradeEvent();
            event.kind = TradeEvent.KIND_TRADE;
            event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
            event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
            event.exchange = Symbols.pack(exchange, 0, exchange.length(), 0);
            event.price = 100;
            event.volume = 1;
            events[i] = event;
        }
        fill(batch, events); // learns the names
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++)
        {
            fill(batch, events);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for 20,000 interleaved rows").isLessThan(1_024);
        assertThat(batch.symbol(3)).isEqualTo("VERYLONGSYMBOL.X");
        assertThat(batch.exchange(3)).isEqualTo("XNAS");
        assertThat(batch.exchange(SYMBOLS.length)).isEqualTo("BATS");
    }

    private static void fill(final TradeBatch batch, final TradeEvent[] events)
    {
        batch.clear();
        for (int i = 0; i < batch.capacity(); i++)
        {
            events[i % events.length].arrivalSeq = i;
            batch.add(events[i % events.length]);
        }
    }
}
