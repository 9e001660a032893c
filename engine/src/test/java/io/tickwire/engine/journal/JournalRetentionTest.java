package io.tickwire.engine.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRetentionTest
{
    @Test
    void shouldDeleteOnlyDailyFilesBeforeTheRetentionAndTheCheckpointedIndex(@TempDir final Path dir) throws Exception
    {
        try (Journal journal = new Journal(dir))
        {
            final TradeEvent event = new TradeEvent();
            event.kind = TradeEvent.KIND_TRADE;
            event.symbolWord0 = 'A';
            event.price = 1;
            event.volume = 1;
            final long index = journal.writer().append(event);

            // A daily file from 2020 stands for journal days long past (Chronicle names files by UTC day).
            final Path old = Files.writeString(dir.resolve("20200101L.cq4"), "old cycle");

            assertThat(journal.deleteBefore(-1, 1)).as("nothing without a checkpoint").isZero();
            assertThat(old).exists();
            assertThat(journal.deleteBefore(index, 2)).isEqualTo(1);
            assertThat(old).doesNotExist();
            assertThat(journal.deleteBefore(index, 2)).as("today's file is never deleted").isZero();

            try (Journal.Reader reader = journal.reader())
            {
                final TradeEvent read = new TradeEvent();
                assertThat(reader.next(read)).as("today's file still readable").isTrue();
                assertThat(read.journalIndex).isEqualTo(index);
            }
        }
    }
}
