package io.tickwire.engine.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalPretoucherTest
{
    private static final int RECORDS = 200_000;

    @Test
    void shouldTouchPagesAheadOfTheWriterWithoutChangingWhatTheJournalHolds(@TempDir final Path dir)
        throws Exception
    {
        try (Journal journal = new Journal(dir))
        {
            final Journal.Writer writer = journal.writer();
            final TradeEvent event = new TradeEvent();
            event.kind = TradeEvent.KIND_TRADE;
            event.symbolWord0 = 'A';
            for (int i = 1; i <= RECORDS; i++)
            {
                event.arrivalSeq = i;
                event.price = i;
                event.volume = i;
                writer.append(event);
            }

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writer.pretoucher.touchedUpTo() <= 30L << 20 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertThat(writer.pretoucher.touchedUpTo()).as("pages touched ahead of the ~25 MB written")
                .isGreaterThan(30L << 20);

            try (Journal.Reader reader = journal.reader())
            {
                final TradeEvent read = new TradeEvent();
                for (int i = 1; i <= RECORDS; i++)
                {
                    assertThat(reader.next(read)).as("record %d", i).isTrue();
                    assertThat(read.arrivalSeq).isEqualTo(i);
                    assertThat(read.price).isEqualTo(i);
                    assertThat(read.volume).isEqualTo(i);
                }
                assertThat(reader.next(read)).as("nothing after the last record").isFalse();
            }
        }
    }
}
