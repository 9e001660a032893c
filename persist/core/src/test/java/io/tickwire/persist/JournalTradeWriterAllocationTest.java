package io.tickwire.persist;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.tickwire.engine.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTradeWriterAllocationTest
{
    @Test
    void shouldAllocateAlmostNothingPerRowOnTheWriterThreadInSteadyState(@TempDir final Path dir) throws Exception
    {
        final CountingSink sink = new CountingSink();
        final WriterSettings settings = new WriterSettings(10_000, Duration.ofMillis(5), Duration.ofMillis(2),
            Duration.ofMillis(20));
        try (Journal journal = new Journal(dir.resolve("journal"));
            JournalTradeWriter writer = new JournalTradeWriter(journal, sink, settings, dir.resolve("positions")))
        {
            final JournalFixture feed = new JournalFixture(journal);
            writer.start();
            assertThat(writer.awaitSeq(feed.append(50_000), Duration.ofSeconds(30))).isTrue(); // warm-up
            final long threadId = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("writer-counting")).findFirst().orElseThrow().threadId();
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long before = threads.getThreadAllocatedBytes(threadId);
            final int rows = 100_000;
            assertThat(writer.awaitSeq(feed.append(rows), Duration.ofSeconds(30))).isTrue();
            final long bytesPerRow = (threads.getThreadAllocatedBytes(threadId) - before) / rows;
            // Per batch (not per row): the position hint file and its path strings.
            assertThat(bytesPerRow).as("bytes allocated per row written").isLessThan(8);
        }
    }

    /** Keeps only a count and the last seq, so that the writer thread's allocations are the writer's own. */
    private static final class CountingSink implements TradeSink
    {
        private volatile long last = -1;

        @Override
        public String name()
        {
            return "counting";
        }

        @Override
        public void open()
        {
        }

        @Override
        public long lastWrittenSeq()
        {
            return last;
        }

        @Override
        public void write(final TradeBatch batch)
        {
            long checksum = 0;
            for (int i = 0; i < batch.size(); i++)
            {
                checksum += batch.price(i) + batch.symbol(i).length() + batch.exchange(i).length();
            }
            assertThat(checksum).isPositive();
            last = batch.lastSeq();
        }

        @Override
        public void close()
        {
        }
    }
}
