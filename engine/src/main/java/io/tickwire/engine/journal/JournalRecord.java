package io.tickwire.engine.journal;

import io.tickwire.engine.ring.TradeEvent;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Binary layout of one journal excerpt, written and read field by field so that nothing is allocated:
 * <pre>
 *    0 arrivalSeq    long      56 bid          long
 *    8 kind          int       64 ask          long
 *   12 tradeIdLength int       72 bidSize      long
 *   16 tsNs          long      80 askSize      long
 *   24 symbolWord0   long      88 exchange     long
 *   32 symbolWord1   long      96 sourceId     int   100 partition int
 *   40 price         long     104 sourceOffset long
 *   48 volume        long     112 receivedNs   long
 *  120 tradeId       tradeIdLength bytes
 * </pre>
 */
public final class JournalRecord
{
    /** Bytes before the variable-length trade id. */
    public static final int FIXED_LENGTH = 120;

    private JournalRecord()
    {
    }

    /**
     * Writes an event at the bytes' write position.
     *
     * @param event the trade or quote.
     * @param bytes destination.
     */
    public static void write(final TradeEvent event, final Bytes<?> bytes)
    {
        bytes.writeLong(event.arrivalSeq);
        bytes.writeInt(event.kind);
        bytes.writeInt(event.tradeIdLength);
        bytes.writeLong(event.tsNs);
        bytes.writeLong(event.symbolWord0);
        bytes.writeLong(event.symbolWord1);
        bytes.writeLong(event.price);
        bytes.writeLong(event.volume);
        bytes.writeLong(event.bid);
        bytes.writeLong(event.ask);
        bytes.writeLong(event.bidSize);
        bytes.writeLong(event.askSize);
        bytes.writeLong(event.exchange);
        bytes.writeInt(event.sourceId);
        bytes.writeInt(event.partition);
        bytes.writeLong(event.sourceOffset);
        bytes.writeLong(event.receivedNs);
        bytes.write(event.tradeId, 0, event.tradeIdLength);
    }

    /**
     * Reads an event from the bytes' read position.
     *
     * @param bytes source.
     * @param into  the event to fill.
     * @return false when the excerpt is too short to be a record.
     */
    public static boolean read(final Bytes<?> bytes, final TradeEvent into)
    {
        if (bytes.readRemaining() < FIXED_LENGTH)
        {
            return false;
        }
        into.arrivalSeq = bytes.readLong();
        into.kind = bytes.readInt();
        final int tradeIdLength = bytes.readInt();
        into.tsNs = bytes.readLong();
        into.symbolWord0 = bytes.readLong();
        into.symbolWord1 = bytes.readLong();
        into.price = bytes.readLong();
        into.volume = bytes.readLong();
        into.bid = bytes.readLong();
        into.ask = bytes.readLong();
        into.bidSize = bytes.readLong();
        into.askSize = bytes.readLong();
        into.exchange = bytes.readLong();
        into.sourceId = bytes.readInt();
        into.partition = bytes.readInt();
        into.sourceOffset = bytes.readLong();
        into.receivedNs = bytes.readLong();
        if (tradeIdLength < 0 || tradeIdLength > TradeEvent.MAX_TRADE_ID_LENGTH ||
            bytes.readRemaining() < tradeIdLength)
        {
            return false;
        }
        bytes.read(into.tradeId, 0, tradeIdLength);
        into.tradeIdLength = tradeIdLength;
        return true;
    }
}
