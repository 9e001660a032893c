package io.tickwire.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The small file {@code <positionDir>/<sink>.pos} that remembers the journal index and arrival seq of the last
 * row a store confirmed, so that a restarted writer seeks instead of scanning the journal. Only a hint: the store's
 * own {@link TradeSink#lastWrittenSeq()} decides what is written, so a missing, stale or torn file costs a scan,
 * never a lost or doubled row. Rewritten through a temporary file and an atomic rename.
 * <p>
 * Not thread-safe: owned by one writer thread.
 */
final class PositionHint
{
    /**
     * A remembered position.
     *
     * @param journalIndex journal index of the last durable row.
     * @param seq          its arrival seq.
     */
    record Position(long journalIndex, long seq)
    {
    }

    private final Path directory;
    private final Path file;
    private final Path temporary;
    private boolean directoryReady;

    PositionHint(final Path directory, final String sinkName)
    {
        final String stem = sinkName.replaceAll("[^A-Za-z0-9._-]", "_");
        this.directory = directory;
        this.file = directory.resolve(stem + ".pos");
        this.temporary = directory.resolve(stem + ".pos.tmp");
    }

    Path file()
    {
        return file;
    }

    /**
     * Reads the hint.
     *
     * @return the position, or null when there is no readable hint.
     */
    Position read()
    {
        try
        {
            final String text = Files.readString(file, StandardCharsets.US_ASCII);
            long index = Long.MIN_VALUE;
            long seq = Long.MIN_VALUE;
            for (final String line : text.split("\n"))
            {
                final int equals = line.indexOf('=');
                if (equals < 0)
                {
                    continue;
                }
                final String key = line.substring(0, equals).trim();
                final long value = Long.parseLong(line.substring(equals + 1).trim());
                if (key.equals("journalIndex"))
                {
                    index = value;
                }
                else if (key.equals("seq"))
                {
                    seq = value;
                }
            }
            return index >= 0 && seq >= 0 ? new Position(index, seq) : null;
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return null; // torn or foreign file: scan instead
        }
    }

    /**
     * Replaces the hint.
     *
     * @param journalIndex journal index of the last durable row.
     * @param seq          its arrival seq.
     * @throws IOException when the directory cannot be written.
     */
    void write(final long journalIndex, final long seq) throws IOException
    {
        if (!directoryReady)
        {
            Files.createDirectories(directory);
            directoryReady = true;
        }
        Files.writeString(temporary, "journalIndex=" + journalIndex + "\nseq=" + seq + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
