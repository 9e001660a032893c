package io.tickwire.persist;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.journal.Journal;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.SystemEpochNanoClock;

/** Appends trades and quotes to a real journal with gap-free arrival seqs, as the ingest thread does. */
final class JournalFixture
{
    static final String[] SYMBOLS = {"AAPL", "MSFT", "BTC-USD", "VERYLONGSYMBOL.X"};

    private final Journal.Writer writer;
    private final TradeEvent event = new TradeEvent();
    private long nextSeq;
    private long lastIndex = -1;

    JournalFixture(final Journal journal)
    {
        this(journal, 0);
    }

    JournalFixture(final Journal journal, final long firstSeq)
    {
        this.writer = journal.writer();
        this.nextSeq = firstSeq;
    }

    /**
     * Appends rows; every fifth is a quote.
     *
     * @param count rows.
     * @return seq of the last row appended.
     */
    long append(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long seq = nextSeq++;
            final String symbol = SYMBOLS[(int)(seq % SYMBOLS.length)];
            event.clearOptional();
            event.kind = seq % 5 == 4 ? TradeEvent.KIND_QUOTE : TradeEvent.KIND_TRADE;
            event.tsNs = 1_700_000_000_000_000_000L + seq * 1_000_000L;
            event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
            event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
            if (event.kind == TradeEvent.KIND_TRADE)
            {
                event.price = (100 + seq % 7) * 100_000_000L;
                event.volume = 1 + seq % 3;
                event.exchange = Symbols.pack("XNAS", 0, 4, 0);
            }
            else
            {
                event.price = 0;
                event.volume = 0;
                event.bid = 99 * 100_000_000L;
                event.ask = 101 * 100_000_000L;
                event.bidSize = 10;
                event.askSize = 12;
            }
            event.arrivalSeq = seq;
            event.partition = 0;
            event.sourceOffset = seq;
            event.receivedNs = SystemEpochNanoClock.INSTANCE.nanoTime();
            lastIndex = writer.append(event);
        }
        return nextSeq - 1;
    }

    long lastIndex()
    {
        return lastIndex;
    }
}
