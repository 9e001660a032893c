package io.tickwire.engine.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

import io.tickwire.engine.ring.TradeEvent;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The trade journal: a Chronicle Queue under {@code DATA_DIR/journal} holding every accepted trade and quote with
 * its arrival sequence and source position ({@link JournalRecord}). It is appended before the engine sees an
 * event, so it is the replay source after a crash and the spool that store writers tail.
 * <p>
 * The queue is safe across threads and processes; each {@link Writer} and {@link Reader} is confined to the thread
 * that uses it. {@link #close()} is idempotent.
 */
public final class Journal implements AutoCloseable
{
    private final ChronicleQueue queue;
    private final Path directory;
    private final List<JournalPretoucher> pretouchers = new ArrayList<>();
    private boolean closed;

    /**
     * Opens or creates the journal in a directory.
     *
     * @param directory the queue's folder.
     */
    public Journal(final Path directory)
    {
        this.directory = directory;
        this.queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(LargeRollCycles.LARGE_DAILY)
            .build();
    }

    /**
     * A writer for the calling thread.
     *
     * @return a new writer.
     */
    public Writer writer()
    {
        final Writer writer = new Writer(queue.createAppender(),
            new JournalPretoucher("journal-pretouch-" + directory.getFileName()));
        synchronized (this)
        {
            pretouchers.add(writer.pretoucher);
        }
        return writer;
    }

    /**
     * A reader for the calling thread, positioned at the start.
     *
     * @return a new reader.
     */
    public Reader reader()
    {
        return new Reader(queue.createTailer());
    }

    /**
     * Index of the last excerpt, or -1 when the journal is empty.
     *
     * @return a Chronicle index.
     */
    public long lastIndex()
    {
        final long last = queue.lastIndex();
        return last < 0 ? -1 : last;
    }

    /**
     * Deletes the journal's daily files that lie wholly before both a retention horizon and an index that must
     * stay readable (the newest checkpoint's): the journal is a replay source and a spool, not an archive.
     *
     * @param keepIndex  journal index that must remain readable, or -1 to keep everything.
     * @param retainDays whole days kept before today (UTC), at least 1.
     * @return files deleted.
     * @throws IOException when the directory cannot be listed.
     */
    public int deleteBefore(final long keepIndex, final int retainDays) throws IOException
    {
        if (keepIndex < 0)
        {
            return 0;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final int keepCycle = rollCycle.toCycle(keepIndex);
        final long todayCycle = Math.floorDiv(System.currentTimeMillis(), rollCycle.lengthInMillis());
        final long horizon = Math.min(keepCycle, todayCycle - Math.max(1, retainDays));
        final DateTimeFormatter format = new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .toFormatter().withZone(ZoneOffset.UTC);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SingleChronicleQueue.SUFFIX))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final String stem = name.substring(0, name.length() - SingleChronicleQueue.SUFFIX.length());
                final long cycle;
                try
                {
                    cycle = Math.floorDiv(Instant.from(format.parse(stem)).toEpochMilli(), rollCycle.lengthInMillis());
                }
                catch (final DateTimeException ex)
                {
                    continue; // not a cycle file of this roll cycle
                }
                if (cycle < horizon && Files.deleteIfExists(file))
                {
                    deleted++;
                }
            }
        }
        if (deleted > 0 && queue instanceof SingleChronicleQueue single)
        {
            single.refreshDirectoryListing();
        }
        return deleted;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            synchronized (this)
            {
                pretouchers.forEach(JournalPretoucher::close);
            }
            queue.close();
        }
    }

    /** Appends events; confined to one thread. */
    public static final class Writer
    {
        private final ExcerptAppender appender;
        final JournalPretoucher pretoucher;
        private int cycle = Integer.MIN_VALUE;
        private File file;

        Writer(final ExcerptAppender appender, final JournalPretoucher pretoucher)
        {
            this.appender = appender;
            this.pretoucher = pretoucher;
        }

        /**
         * Appends an event and records its journal index in it.
         *
         * @param event trade or quote, with its arrival sequence and source position set.
         * @return the journal index.
         */
        public long append(final TradeEvent event)
        {
            final long position;
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                JournalRecord.write(event, bytes);
                position = bytes.writePosition();
            }
            if (appender.cycle() != cycle)
            {
                cycle = appender.cycle();
                file = appender.currentFile();
            }
            pretoucher.advanced(file, position);
            final long index = appender.lastIndexAppended();
            event.journalIndex = index;
            return index;
        }
    }

    /** Reads events in journal order; confined to one thread. */
    public static final class Reader implements AutoCloseable
    {
        private final ExcerptTailer tailer;

        Reader(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * Positions the reader just after an index, or at the start for -1.
         *
         * @param index last index already applied, or -1.
         * @return false when the index is not in the journal.
         */
        public boolean seekAfter(final long index)
        {
            if (index < 0)
            {
                tailer.toStart();
                return true;
            }
            if (!tailer.moveToIndex(index))
            {
                return false;
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                return dc.isPresent();
            }
        }

        /**
         * Reads the next event.
         *
         * @param into the event to fill; its journalIndex is set.
         * @return false at the end of the journal.
         */
        public boolean next(final TradeEvent into)
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return false;
                    }
                    if (dc.isData() && JournalRecord.read(dc.wire().bytes(), into))
                    {
                        into.journalIndex = dc.index();
                        return true;
                    }
                }
            }
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }
}
