package io.tickwire.engine.bars;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.tickwire.engine.ring.TradeEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.tickwire.engine.bars.BarLayout.CLOSE_OFFSET;
import static io.tickwire.engine.bars.BarLayout.COUNT_OFFSET;
import static io.tickwire.engine.bars.BarLayout.FLAGS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.MAX_TS_OFFSET;
import static io.tickwire.engine.bars.BarLayout.OPEN_OFFSET;
import static io.tickwire.engine.bars.BarLayout.PENDING_FINAL_END_OFFSET;
import static io.tickwire.engine.bars.BarLayout.REV_OFFSET;
import static io.tickwire.engine.bars.BarLayout.START_OFFSET;
import static io.tickwire.engine.bars.BarLayout.VOLUME_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The off-heap ring per symbol × timeframe: start order on insertion, wrap-around, eviction of the oldest bar, and
 * release of the memory on an idempotent close.
 */
class BarStoreTest
{
    private static final int CAPACITY = 4;

    /** Inserts a bar the way the engine does, marking it so that moves can be checked; false when refused. */
    private static boolean insert(final BarStore store, final UnsafeBuffer block, final int tf, final long start)
    {
        final int seriesOffset = store.seriesOffset(tf);
        final int size = BarStore.size(block, seriesOffset);
        int newer = 0;
        while (newer < size && block.getLong(store.nthNewestOffset(block, seriesOffset, newer) + START_OFFSET) > start)
        {
            newer++;
        }
        if (newer == store.capacity())
        {
            return false;
        }
        final int offset = store.insert(block, seriesOffset, newer, start);
        assertThat(block.getLong(offset + START_OFFSET)).isEqualTo(start);
        assertThat(block.getLong(offset + OPEN_OFFSET)).isZero();
        assertThat(block.getLong(offset + CLOSE_OFFSET)).isZero();
        assertThat(block.getLong(offset + COUNT_OFFSET)).isZero();
        assertThat(block.getInt(offset + REV_OFFSET)).isZero();
        assertThat(block.getInt(offset + FLAGS_OFFSET)).isZero();
        block.putLong(offset + OPEN_OFFSET, start * 10 + tf);
        block.putLong(offset + CLOSE_OFFSET, -start);
        block.putLong(offset + VOLUME_OFFSET, start + 7);
        block.putInt(offset + FLAGS_OFFSET, 1);
        return true;
    }

    /** Starts held, oldest first, after checking each record still carries its marks. */
    private static List<Long> starts(final BarStore store, final UnsafeBuffer block, final int tf)
    {
        final int seriesOffset = store.seriesOffset(tf);
        final List<Long> starts = new ArrayList<>();
        for (int k = BarStore.size(block, seriesOffset) - 1; k >= 0; k--)
        {
            final int offset = store.nthNewestOffset(block, seriesOffset, k);
            final long start = block.getLong(offset + START_OFFSET);
            assertThat(block.getLong(offset + OPEN_OFFSET)).as("open mark of %d", start).isEqualTo(start * 10 + tf);
            assertThat(block.getLong(offset + CLOSE_OFFSET)).isEqualTo(-start);
            assertThat(block.getLong(offset + VOLUME_OFFSET)).isEqualTo(start + 7);
            starts.add(start);
        }
        return starts;
    }

    @Test
    void shouldKeepStartOrderWhenABarIsInsertedInTheMiddle()
    {
        try (BarStore store = new BarStore(1, CAPACITY))
        {
            final UnsafeBuffer block = store.block(0);
            insert(store, block, 0, 10);
            insert(store, block, 0, 20);
            insert(store, block, 0, 40);
            insert(store, block, 0, 30);

            assertThat(starts(store, block, 0)).containsExactly(10L, 20L, 30L, 40L);
        }
    }

    @Test
    void shouldDropTheOldestBarWhenFullAndWrapAroundTheRing()
    {
        try (BarStore store = new BarStore(1, CAPACITY))
        {
            final UnsafeBuffer block = store.block(0);
            for (long start = 10; start <= 40; start += 10)
            {
                insert(store, block, 0, start);
            }
            insert(store, block, 0, 50);
            assertThat(starts(store, block, 0)).containsExactly(20L, 30L, 40L, 50L);

            // The newest bar now sits in slot 0: this insertion shifts it across the end of the ring.
            insert(store, block, 0, 45);
            assertThat(starts(store, block, 0)).containsExactly(30L, 40L, 45L, 50L);
            insert(store, block, 0, 35);
            assertThat(starts(store, block, 0)).containsExactly(35L, 40L, 45L, 50L);
            for (long start = 60; start <= 130; start += 10)
            {
                insert(store, block, 0, start);
            }
            assertThat(starts(store, block, 0)).containsExactly(100L, 110L, 120L, 130L);
            assertThat(insert(store, block, 0, 90)).isFalse();
        }
    }

    @Property(tries = 300)
    void shouldHoldTheNewestBarsInStartOrderWhateverTheInsertionOrder(
        @ForAll @Size(max = 40) @UniqueElements final List<@IntRange(min = -50, max = 50) Integer> starts,
        @ForAll @IntRange(min = 1, max = 6) final int capacity)
    {
        try (BarStore store = new BarStore(2, capacity))
        {
            final UnsafeBuffer block = store.block(3);
            final TreeSet<Long> expected = new TreeSet<>();
            final TreeSet<Long> expectedOther = new TreeSet<>();
            for (final int raw : starts)
            {
                final long start = raw * 1_000L;
                final boolean refused = expected.size() == capacity && start < expected.first();
                assertThat(insert(store, block, 0, start)).isEqualTo(!refused);
                if (!refused)
                {
                    expected.add(start);
                    if (expected.size() > capacity)
                    {
                        expected.pollFirst();
                    }
                }
                final long other = -start;
                if (insert(store, block, 1, other))
                {
                    expectedOther.add(other);
                    if (expectedOther.size() > capacity)
                    {
                        expectedOther.pollFirst();
                    }
                }
                assertThat(starts(store, block, 0)).containsExactlyElementsOf(expected);
            }
            assertThat(starts(store, block, 1)).containsExactlyElementsOf(expectedOther);
            assertThat(store.blockOrNull(0)).isNull();
        }
    }

    @Test
    void shouldInitialiseNewBlocksAlignedAndEmptyAndKeepThemWhenIdsGrow()
    {
        try (BarStore store = new BarStore(3, CAPACITY))
        {
            final UnsafeBuffer first = store.block(0);
            insert(store, first, 2, 77);
            assertThat(first.addressOffset() % 64).isZero();
            assertThat(first.getLong(MAX_TS_OFFSET)).isEqualTo(Long.MIN_VALUE);
            for (int tf = 0; tf < 3; tf++)
            {
                assertThat(first.getLong(store.seriesOffset(tf) + PENDING_FINAL_END_OFFSET)).isEqualTo(Long.MAX_VALUE);
            }
            assertThat(BarStore.size(first, store.seriesOffset(0))).isZero();

            final UnsafeBuffer far = store.block(1_000);
            assertThat(store.idLimit()).isGreaterThan(1_000);
            assertThat(store.block(0)).isSameAs(first);
            assertThat(starts(store, first, 2)).containsExactly(77L);
            assertThat(store.blockOrNull(999)).isNull();
            assertThat(store.blockOrNull(1_000)).isSameAs(far);
            assertThat(store.blockOrNull(5_000)).isNull();
            assertThat(far.addressOffset()).isNotEqualTo(first.addressOffset());
            assertThat(store.blockLength()).isEqualTo(BarLayout.symbolBlockLength(3, CAPACITY));
        }
    }

    @Test
    void shouldFreeItsMemoryOnCloseAndTolerateASecondClose()
    {
        for (final String hugePages : new String[]{"true", "false"})
        {
            System.setProperty(BarStore.HUGE_PAGES_PROPERTY, hugePages);
            try
            {
                final BarStore store = new BarStore(5, 2_000);
                final int symbols = 32;
                for (int id = 0; id < symbols; id++)
                {
                    insert(store, store.block(id), id % 5, id);
                }
                assertThat(store.reservedBytes()).as("hugepages=%s", hugePages)
                    .isGreaterThanOrEqualTo((long)symbols * store.blockLength());

                store.close();
                assertThat(store.reservedBytes()).as("bytes still held after close").isZero();
                assertThat(store.blockOrNull(0)).isNull();
                store.close();
                assertThat(store.reservedBytes()).isZero();
            }
            finally
            {
                System.clearProperty(BarStore.HUGE_PAGES_PROPERTY);
            }
        }
    }

    @Test
    void shouldCloseTheEngineStoreIdempotently()
    {
        final BarEngine engine = new BarEngine(Timeframes.parse(Timeframes.DEFAULT), 0, 3, 4, BarListener.NONE);
        engine.onTrade(TestTrades.trade(new TradeEvent(), "AAPL", 1, 1, 1));
        engine.close();
        engine.close();
        assertThat(engine.store().blockOrNull(0)).isNull();
    }
}
