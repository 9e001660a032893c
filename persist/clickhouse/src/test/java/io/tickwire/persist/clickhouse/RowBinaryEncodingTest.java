package io.tickwire.persist.clickhouse;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import io.tickwire.persist.TradeBatch;
import org.junit.jupiter.api.Test;

import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.batch;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.quote;
import static io.tickwire.persist.clickhouse.ClickHouseTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;

class RowBinaryEncodingTest
{
    @Test
    void shouldEncodeATradeAsRowBinaryInColumnOrder()
    {
        try (ClickHouseStore store = ClickHouseStore.fromUrl("http://127.0.0.1:1");
            ClickHouseTradeSink sink = store.backfillSink())
        {
            final int rows = sink.encode(batch(quote("AB", 1, 5), trade("AB", 0x0102, 0x0A0B, 1L, 300, "X", "")));
            assertThat(rows).isEqualTo(1);
            final byte[] encoded = Arrays.copyOf(sink.buffer().bytes(), sink.buffer().length());
            assertThat(encoded).containsExactly(
                2, 'A', 'B',                                   // symbol: varint length + bytes
                0x0B, 0x0A, 0, 0, 0, 0, 0, 0,                  // ts Int64 LE
                0x02, 0x01, 0, 0, 0, 0, 0, 0,                  // seq UInt64 LE
                1, 0, 0, 0, 0, 0, 0, 0,                        // price Decimal(18, 8): the mantissa, LE
                (byte)0x2C, 0x01, 0, 0, 0, 0, 0, 0,            // volume 300
                1, 'X',                                        // exchange
                0,                                             // trade_id ""
                1,                                             // source: backfill
                0);                                            // late_1m: the symbol's first trade
        }
    }

    @Test
    void shouldEncodeLongStringsWithAMultiByteLength()
    {
        final RowBinaryBuffer buffer = new RowBinaryBuffer(16);
        buffer.putString("x".repeat(300));
        assertThat(buffer.length()).isEqualTo(302);
        assertThat(Arrays.copyOf(buffer.bytes(), 2)).containsExactly((byte)0xAC, 0x02);
        buffer.clear();
        buffer.putString("é");
        assertThat(Arrays.copyOf(buffer.bytes(), buffer.length())).containsExactly(2, (byte)0xC3, (byte)0xA9);
    }

    @Test
    void shouldNotAllocatePerRowOnceTheBufferHasGrown()
    {
        final TradeBatch batch = new TradeBatch(50_000);
        for (int i = 0; i < 50_000; i++)
        {
            batch.add(trade("SYM" + (i % 16), i, 1_700_000_000_000_000_000L + i, 1_00000000L + i, 1 + i % 100, "EXCH",
                "T" + (i % 1000)));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (ClickHouseStore store = ClickHouseStore.fromUrl("http://127.0.0.1:1");
            ClickHouseTradeSink sink = store.tradeSink())
        {
            for (int warm = 0; warm < 20; warm++)
            {
                sink.encode(batch);
            }
            final long thread = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(thread);
            sink.encode(batch);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated).as("bytes allocated encoding 50,000 rows").isLessThan(1024);
        }
    }
}
