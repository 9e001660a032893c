package io.tickwire.engine.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarLayout;
import io.tickwire.engine.bars.BarListener;
import io.tickwire.engine.bars.BarStore;
import io.tickwire.engine.bars.TestTrades;
import io.tickwire.engine.bars.Timeframes;
import io.tickwire.engine.feed.SyntheticTrades;
import io.tickwire.engine.ring.TradeEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery from checkpoint + journal (SPEC §8): the recovered engine holds exactly the state of an engine that
 * applied every journaled trade once, whichever checkpoint (or none) it starts from.
 */
class RecoveryTest
{
    private static final String FINGERPRINT = "tf=1s,1m,5m,1h,1d grace=5s history=16";
    private static final long GRACE = 5 * TestTrades.SECOND;
    private static final int TRADES = 3_000;
    private static final int SOURCE = 7;

    private final SyntheticTrades market = new SyntheticTrades(42, 12, 20, TestTrades.ns("2024-03-15T14:00:00Z"));
    private final TradeEvent event = new TradeEvent();
    private final long[] journalIndexes = new long[TRADES + 500];

    @TempDir
    private Path dir;
    private Path checkpoints;
    private Journal journal;
    private BarEngine expected;
    private SourcePositions expectedPositions;

    @BeforeEach
    void journalTrades()
    {
        checkpoints = dir.resolve("checkpoints");
        journal = new Journal(dir.resolve("journal"));
        final Journal.Writer writer = journal.writer();
        expected = newEngine();
        expectedPositions = new SourcePositions();
        for (int n = 0; n < TRADES; n++)
        {
            journalIndexes[n] = writer.append(fill(n));
            apply(expected, expectedPositions, n);
        }
        assertThat(expected.counters().late()).as("the tape has late trades").isGreaterThan(0);
    }

    @AfterEach
    void close()
    {
        journal.close();
        expected.close();
    }

    private static BarEngine newEngine()
    {
        return new BarEngine(Timeframes.parse(Timeframes.DEFAULT), GRACE, 16, 64, BarListener.NONE);
    }

    private TradeEvent fill(final long n)
    {
        market.fill(n, event);
        event.sourceId = SOURCE;
        event.partition = (int)(n % 3);
        event.sourceOffset = 1_000 + n;
        event.arrivalSeq = n;
        event.receivedNs = event.tsNs + 1_000_000;
        return event;
    }

    private void apply(final BarEngine engine, final SourcePositions positions, final long n)
    {
        fill(n);
        event.journalIndex = journalIndexes[(int)n];
        engine.onEvent(event);
        positions.put(event.sourceId, event.partition, event.sourceOffset);
    }

    /** Applies the first {@code trades} trades to a fresh engine and writes a checkpoint of it. */
    private Path checkpointAfter(final int trades, final String fingerprint) throws IOException
    {
        try (BarEngine engine = newEngine())
        {
            final SourcePositions positions = new SourcePositions();
            for (int n = 0; n < trades; n++)
            {
                apply(engine, positions, n);
            }
            final long journalIndex = trades == 0 ? -1 : journalIndexes[trades - 1];
            return new Checkpoint().capture(engine, fingerprint, journalIndex, trades - 1, positions)
                .writeTo(checkpoints);
        }
    }

    private static Map<Long, Long> asMap(final SourcePositions positions)
    {
        final Map<Long, Long> map = new HashMap<>();
        positions.forEach((sourceId, partition, offset) -> map.put(((long)sourceId << 32) | partition, offset));
        return map;
    }

    private static void assertSameState(final BarEngine actual, final BarEngine reference)
    {
        assertThat(actual.symbols().size()).isEqualTo(reference.symbols().size());
        final BarStore actualStore = actual.store();
        final BarStore referenceStore = reference.store();
        for (int id = 0; id < reference.symbols().size(); id++)
        {
            final String symbol = reference.symbols().name(id);
            assertThat(actual.symbols().name(id)).isEqualTo(symbol);
            final UnsafeBuffer actualBlock = actualStore.block(id);
            final UnsafeBuffer referenceBlock = referenceStore.block(id);
            final byte[] actualHeader = new byte[BarLayout.SYMBOL_HEADER_LENGTH];
            final byte[] referenceHeader = new byte[BarLayout.SYMBOL_HEADER_LENGTH];
            actualBlock.getBytes(0, actualHeader);
            referenceBlock.getBytes(0, referenceHeader);
            assertThat(actualHeader).as("symbol header of %s", symbol).isEqualTo(referenceHeader);
            for (int tf = 0; tf < reference.timeframes().count(); tf++)
            {
                final int series = referenceStore.seriesOffset(tf);
                assertThat(actualBlock.getLong(series + BarLayout.SEQ_OFFSET))
                    .as("bar stream seq of %s %s", symbol, reference.timeframes().name(tf))
                    .isEqualTo(referenceBlock.getLong(series + BarLayout.SEQ_OFFSET));
                assertThat(actualBlock.getLong(series + BarLayout.PENDING_FINAL_END_OFFSET))
                    .isEqualTo(referenceBlock.getLong(series + BarLayout.PENDING_FINAL_END_OFFSET));
                assertThat(TestTrades.held(actual, id, tf)).as("bars of %s %s", symbol, reference.timeframes().name(tf))
                    .isEqualTo(TestTrades.held(reference, id, tf));
            }
        }
    }

    private Recovery recover(final BarEngine engine) throws IOException
    {
        return new Recovery().recover(engine, FINGERPRINT, checkpoints, journal);
    }

    @Test
    void shouldRecoverFromCheckpointAndJournalTheStateOfAnEngineThatAppliedEveryTrade() throws IOException
    {
        final int k = 1_234;
        checkpointAfter(k, FINGERPRINT);

        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.checkpoint()).isNotNull();
            assertThat(recovery.checkpoint().arrivalSeq()).isEqualTo(k - 1);
            assertThat(recovery.checkpoint().journalIndex()).isEqualTo(journalIndexes[k - 1]);
            assertThat(recovery.replayed()).isEqualTo(TRADES - k);
            assertThat(recovery.journalIndex()).isEqualTo(journalIndexes[TRADES - 1]).isEqualTo(journal.lastIndex());
            assertThat(recovery.arrivalSeq()).isEqualTo(TRADES - 1);
            assertThat(asMap(recovery.positions())).isEqualTo(asMap(expectedPositions)).hasSize(3);
            assertThat(recovery.positions().get(SOURCE, 2)).isEqualTo(1_000 + TRADES - 1);
            assertSameState(recovered, expected);

            // The restored rings keep working: more trades give the same state on both engines.
            final Journal.Writer writer = journal.writer();
            final SourcePositions positions = recovery.positions();
            for (int n = TRADES; n < TRADES + 500; n++)
            {
                journalIndexes[n] = writer.append(fill(n));
                apply(expected, expectedPositions, n);
                apply(recovered, positions, n);
            }
            assertSameState(recovered, expected);
            assertThat(asMap(positions)).isEqualTo(asMap(expectedPositions));
        }
    }

    @Test
    void shouldReplayTheWholeJournalWithoutAnyCheckpoint() throws IOException
    {
        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.checkpoint()).isNull();
            assertThat(recovery.replayed()).isEqualTo(TRADES);
            assertThat(recovery.arrivalSeq()).isEqualTo(TRADES - 1);
            assertThat(asMap(recovery.positions())).isEqualTo(asMap(expectedPositions));
            assertSameState(recovered, expected);
            assertThat(recovered.counters().accepted()).isEqualTo(expected.counters().accepted());
            assertThat(recovered.counters().late()).isEqualTo(expected.counters().late());
        }
    }

    @Test
    void shouldReplayNothingAfterACheckpointOfTheWholeJournal() throws IOException
    {
        checkpointAfter(TRADES, FINGERPRINT);
        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.replayed()).isZero();
            assertThat(recovery.arrivalSeq()).isEqualTo(TRADES - 1);
            assertThat(asMap(recovery.positions())).isEqualTo(asMap(expectedPositions));
            assertSameState(recovered, expected);
        }
    }

    @Test
    void shouldIgnoreACheckpointTakenUnderAnotherFingerprint() throws IOException
    {
        checkpointAfter(1_000, FINGERPRINT);
        checkpointAfter(2_000, "tf=1s grace=0s history=3");

        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.checkpoint()).isNotNull();
            assertThat(recovery.checkpoint().arrivalSeq()).isEqualTo(999);
            assertThat(recovery.replayed()).isEqualTo(TRADES - 1_000);
            assertSameState(recovered, expected);
        }
        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = new Recovery().recover(recovered, "another configuration", checkpoints, journal);

            assertThat(recovery.checkpoint()).isNull();
            assertThat(recovery.replayed()).isEqualTo(TRADES);
            assertSameState(recovered, expected);
        }
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestIsTruncated() throws IOException
    {
        checkpointAfter(1_000, FINGERPRINT);
        final Path newest = checkpointAfter(2_000, FINGERPRINT);
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.checkpoint()).isNotNull();
            assertThat(recovery.checkpoint().arrivalSeq()).isEqualTo(999);
            assertThat(recovery.replayed()).isEqualTo(TRADES - 1_000);
            assertSameState(recovered, expected);
            assertThat(asMap(recovery.positions())).isEqualTo(asMap(expectedPositions));
        }
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenABitOfTheNewestFlips() throws IOException
    {
        checkpointAfter(1_000, FINGERPRINT);
        final Path newest = checkpointAfter(2_000, FINGERPRINT);
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 3] ^= 0x10;
        Files.write(newest, bytes);

        try (BarEngine recovered = newEngine())
        {
            final Recovery recovery = recover(recovered);

            assertThat(recovery.checkpoint().arrivalSeq()).isEqualTo(999);
            assertSameState(recovered, expected);
        }
    }

    @Test
    void shouldKeepOnlyTheTwoNewestCheckpoints() throws IOException
    {
        checkpointAfter(500, FINGERPRINT);
        checkpointAfter(1_000, FINGERPRINT);
        final Path newest = checkpointAfter(1_500, FINGERPRINT);

        try (var files = Files.list(checkpoints))
        {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                .containsExactly("checkpoint-00000000000000000999.bin", newest.getFileName().toString());
        }
    }
}
