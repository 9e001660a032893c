package io.tickwire.persist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import io.tickwire.engine.journal.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTradeWriterTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final WriterSettings FAST = new WriterSettings(1_000, Duration.ofMillis(5), Duration.ofMillis(2),
        Duration.ofMillis(20));

    @TempDir
    Path dir;

    private Journal journal;
    private JournalFixture feed;
    private Path positions;

    @BeforeEach
    void openJournal()
    {
        journal = new Journal(dir.resolve("journal"));
        feed = new JournalFixture(journal);
        positions = dir.resolve("positions");
    }

    @AfterEach
    void closeJournal()
    {
        journal.close();
    }

    @Test
    void shouldWriteEveryJournaledRowExactlyOnceInSeqOrderIncludingQuotes()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(5_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(4_999, WAIT)).isTrue();
            final long last = feed.append(2_345); // rows journaled while the writer runs
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsWritten()).isEqualTo(last + 1);
            assertThat(writer.metrics().state()).isEqualTo(WriterMetrics.State.RUNNING);
            assertThat(writer.metrics().errors()).isZero();
        }
        assertThat(sink.seqs()).isEqualTo(range(0, 7_344));
        assertThat(sink.violations()).isZero();
        final List<InMemoryTradeSink.Row> rows = sink.rows();
        assertThat(rows).filteredOn(row -> !row.trade()).hasSize(7_345 / 5);
        assertThat(rows.get(2).symbol()).isEqualTo("BTC-USD");
        assertThat(rows.get(3).symbol()).isEqualTo("VERYLONGSYMBOL.X");
        assertThat(rows.get(0).exchange()).isEqualTo("XNAS");
        assertThat(sink.isClosed()).as("close() closes the sink").isTrue();
    }

    @Test
    void shouldResumeFromThePositionHintAfterARestartWithoutRewritingOrMissingRows()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(3_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(2_999, WAIT)).isTrue();
        }
        assertThat(positions.resolve("mem.pos")).content()
            .contains("journalIndex=" + feed.lastIndex(), "seq=2999");
        final long last = feed.append(2_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).as("the hint seeks past the stored rows").isZero();
            assertThat(writer.metrics().rowsWritten()).isEqualTo(2_000);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldResumeByScanningTheJournalWhenThereIsNoHint() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(3_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(2_999, WAIT)).isTrue();
        }
        Files.delete(positions.resolve("mem.pos"));
        final long last = feed.append(2_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).isEqualTo(3_000);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldScanFromTheJournalStartWhenTheHintIsAheadOfTheStore()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        final long last = feed.append(4_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
        }
        sink.truncateAfter(1_499); // the store was restored from an older backup: the hint says 3999
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).isEqualTo(1_500);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldSkipWhatTheStoreHoldsWhenTheHintLagsBehindItAfterACrash() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(3_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(2_999, WAIT)).isTrue();
        }
        // kill -9 after the store committed seqs 1000..2999 but before the hint moved past seq 999
        final InMemoryTradeSink.Row row999 = sink.rows().get(999);
        Files.writeString(positions.resolve("mem.pos"), "journalIndex=" + row999.index() + "\nseq=999\n");
        final long last = feed.append(1_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).isEqualTo(2_000);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldScanWhenTheHintNamesAnIndexTheJournalDoesNotHoldOrIsTorn() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(1_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(999, WAIT)).isTrue();
        }
        Files.writeString(positions.resolve("mem.pos"), "journalIndex=" + (feed.lastIndex() + 50_000) + "\nseq=999\n");
        long last = feed.append(500);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).isEqualTo(1_000);
        }
        Files.writeString(positions.resolve("mem.pos"), "journalIndex=12"); // torn by a crash mid-write
        last = feed.append(500);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().rowsSkipped()).isEqualTo(1_500);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldWriteEveryRowExactlyOnceThroughRandomStoreFailuresWhileTheJournalGrows() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        final Random random = new Random(42);
        final AtomicLong appended = new AtomicLong(-1);
        final Thread ingest = new Thread(() ->
        {
            final JournalFixture fixture = new JournalFixture(journal); // the appender belongs to this thread
            for (int i = 0; i < 40; i++)
            {
                appended.set(fixture.append(500));
                LockSupport.parkNanos(2_000_000);
            }
        }, "test-ingest");
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink,
            FAST.withBatchRows(700).withBatchDelay(Duration.ofMillis(1)), positions))
        {
            writer.start();
            ingest.start();
            while (ingest.isAlive())
            {
                switch (random.nextInt(5))
                {
                    case 0 -> sink.failWrites(1 + random.nextInt(3));
                    case 1 -> sink.landThenThrow(1);
                    case 2 -> sink.landPartThenThrow(1 + random.nextInt(600));
                    case 3 -> sink.failLastWrittenSeq(1 + random.nextInt(2));
                    default -> sink.failOpens(1);
                }
                Thread.sleep(5);
            }
            ingest.join();
            assertThat(writer.awaitSeq(appended.get(), WAIT)).isTrue();
            assertThat(writer.metrics().errors()).isPositive();
        }
        assertThat(appended.get()).isEqualTo(19_999);
        assertThat(sink.violations()).isZero();
        assertThat(sink.seqs()).isEqualTo(range(0, 19_999));
    }

    @Test
    void shouldRetryAFailingStoreWithBackoffAndCatchUpWithoutDuplicates()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(2_500);
        sink.failWrites(3);
        sink.failLastWrittenSeq(2); // the re-check fails too: the writer opens the store again
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(2_499, WAIT)).isTrue();
            final WriterMetrics metrics = writer.metrics();
            assertThat(metrics.errors()).isEqualTo(5);
            assertThat(metrics.lastError()).startsWith("IOException").doesNotContain("hunter2");
            assertThat(metrics.state()).isEqualTo(WriterMetrics.State.RUNNING);
            assertThat(sink.opens()).as("opened again after lastWrittenSeq failed").isGreaterThan(1);
        }
        assertThat(sink.seqs()).isEqualTo(range(0, 2_499));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldNotWaitForAStoreThatIsDownAtStartAndCatchUpWhenItComesBack() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        sink.down(true);
        feed.append(1_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            final long beforeNs = System.nanoTime();
            writer.start();
            assertThat(System.nanoTime() - beforeNs).as("start() returns at once").isLessThan(500_000_000L);
            await(() -> writer.metrics().errors() >= 3);
            assertThat(writer.metrics().state()).isEqualTo(WriterMetrics.State.RETRYING);
            assertThat(writer.metrics().lastError()).contains("refused").doesNotContain("s3cret");
            assertThat(writer.durableJournalIndex()).as("nothing known durable: keep the journal").isEqualTo(-1);
            Thread.sleep(20);
            assertThat(writer.metrics().lagNanos()).as("lag grows while the store is down").isPositive();
            final long last = feed.append(500);
            sink.down(false);
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().state()).isEqualTo(WriterMetrics.State.RUNNING);
            await(() -> writer.metrics().lagNanos() == 0);
            assertThat(writer.metrics().lagP99Nanos()).isPositive();
            assertThat(writer.durableJournalIndex()).isEqualTo(feed.lastIndex());
        }
        assertThat(sink.seqs()).isEqualTo(range(0, 1_499));
    }

    @Test
    void shouldNotWriteABatchAgainWhenItLandedBeforeTheWriteFailed()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        sink.landThenThrow(2);
        final long last = feed.append(2_222);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().errors()).isEqualTo(2);
            assertThat(writer.metrics().rowsWritten()).isEqualTo(last + 1);
        }
        assertThat(sink.violations()).isZero();
        assertThat(sink.seqs()).isEqualTo(range(0, last));
    }

    @Test
    void shouldWriteOnlyTheRestWhenPartOfAFailedBatchLanded()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        sink.landPartThenThrow(337);
        final long last = feed.append(2_500);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
        }
        assertThat(sink.violations()).isZero();
        assertThat(sink.seqs()).isEqualTo(range(0, last));
        assertThat(sink.batchSizes().getFirst()).isEqualTo(337);
    }

    @Test
    void shouldWriteAgainWhatTheStoreLostAfterConfirmingIt() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        feed.append(2_000);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(1_999, WAIT)).isTrue();
            sink.truncateAfter(999); // the store lost confirmed rows, then a write fails
            sink.failWrites(1);
            final long last = feed.append(100);
            await(() -> sink.seqs().size() == (int)(last + 1));
        }
        assertThat(sink.seqs()).isEqualTo(range(0, 2_099));
        assertThat(sink.violations()).isZero();
    }

    @Test
    void shouldCapEveryBatchAtBatchRows()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        final long last = feed.append(10_500);
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            writer.start();
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.metrics().batchesWritten()).isEqualTo(11);
        }
        assertThat(sink.batchSizes()).hasSize(11).allMatch(size -> size == 1_000 || size == 500);
        assertThat(sink.batchSizes().getLast()).isEqualTo(500);
    }

    @Test
    void shouldHoldTheFirstRowOfABatchAtMostBatchDelayAndGatherRowsMeanwhile() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        final WriterSettings settings = FAST.withBatchDelay(Duration.ofMillis(300));
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, settings, positions))
        {
            writer.start();
            await(() -> writer.metrics().state() == WriterMetrics.State.RUNNING);
            final long appendedNs = System.nanoTime();
            feed.append(1);
            Thread.sleep(50);
            feed.append(2);
            assertThat(writer.awaitSeq(2, WAIT)).isTrue();
            final long waitedNs = sink.batchWrittenAtNs().getFirst() - appendedNs;
            assertThat(waitedNs).as("not written before the delay").isGreaterThanOrEqualTo(290_000_000L);
            assertThat(waitedNs).as("written once the delay is over").isLessThan(5_000_000_000L);
        }
        assertThat(sink.batchSizes()).containsExactly(3);
    }

    @Test
    void shouldReportTheJournalIndexOfTheLastStoredRow()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        try (JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions))
        {
            assertThat(writer.durableJournalIndex()).isEqualTo(-1);
            writer.start();
            final long last = feed.append(1_234);
            assertThat(writer.awaitSeq(last, WAIT)).isTrue();
            assertThat(writer.durableJournalIndex()).isEqualTo(feed.lastIndex());
            assertThat(writer.metrics().lastWrittenSeq()).isEqualTo(last);
        }
    }

    @Test
    void shouldCloseIdempotentlyAndPromptlyWhileBackingOffOnADownStore() throws Exception
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("slow");
        sink.down(true);
        feed.append(10);
        final WriterSettings settings = FAST.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5));
        final JournalTradeWriter writer = new JournalTradeWriter(journal, sink, settings, positions);
        writer.start();
        await(() -> writer.metrics().errors() >= 1);
        assertThat(threadNamed("writer-slow")).as("thread named after the sink").isTrue();
        final long beforeNs = System.nanoTime();
        writer.close();
        assertThat(System.nanoTime() - beforeNs).as("close does not wait out the backoff").isLessThan(1_000_000_000L);
        writer.close();
        assertThat(sink.isClosed()).isTrue();
        assertThat(writer.metrics().state()).isEqualTo(WriterMetrics.State.STOPPED);
        assertThat(threadNamed("writer-slow")).isFalse();
    }

    @Test
    void shouldCloseTheSinkWhenClosedBeforeStart()
    {
        final InMemoryTradeSink sink = new InMemoryTradeSink("mem");
        final JournalTradeWriter writer = new JournalTradeWriter(journal, sink, FAST, positions);
        writer.close();
        writer.close();
        assertThat(sink.isClosed()).isTrue();
        assertThat(sink.opens()).isZero();
    }

    private static List<Long> range(final long from, final long toInclusive)
    {
        return LongStream.rangeClosed(from, toInclusive).boxed().toList();
    }

    private static boolean threadNamed(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadlineNs).as("condition within " + WAIT).isNegative();
            Thread.sleep(2);
        }
    }
}
