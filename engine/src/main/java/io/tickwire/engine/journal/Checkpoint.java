package io.tickwire.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.tickwire.engine.bars.BarEngine;
import io.tickwire.engine.bars.BarLayout;
import io.tickwire.engine.bars.BarStore;
import io.tickwire.engine.bars.SymbolTable;
import io.tickwire.engine.bars.Symbols;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A consistent image of the engine's state after the event at journal index {@code journalIndex}: symbols in id
 * order, each symbol's header and each series' header and bars, the arrival sequence and source positions.
 * Captured on the engine thread into a reusable buffer (a memory copy, no I/O), written by another thread to
 * {@code checkpoint-<arrivalSeq>.bin} through a temporary file, fsync and an atomic rename, so that a kill -9 at
 * any instant leaves either the previous or the new checkpoint whole. A CRC32C guards the content.
 * <p>
 * Not thread-safe: capture on the engine thread, then hand the instance to one writer.
 */
public final class Checkpoint
{
    private static final long MAGIC = 0x3130_5450_4B43_5754L; // "TWCKPT01"
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".bin";
    private static final int KEEP = 2;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 20);
    private int length;
    private long journalIndex;
    private long arrivalSeq;

    /**
     * Copies the engine's state; on the engine thread, between events.
     *
     * @param engine       the engine.
     * @param fingerprint  configuration the state depends on (timeframes, grace, history).
     * @param journalIndex index of the last event applied, -1 when none.
     * @param arrivalSeq   arrival sequence of the last event applied.
     * @param positions    source positions of the events applied.
     * @return this.
     */
    public Checkpoint capture(
        final BarEngine engine,
        final String fingerprint,
        final long journalIndex,
        final long arrivalSeq,
        final SourcePositions positions)
    {
        this.journalIndex = journalIndex;
        this.arrivalSeq = arrivalSeq;
        final BarStore store = engine.store();
        final SymbolTable symbols = engine.symbols();
        int position = 0;
        buffer.putLong(position, MAGIC);
        position += Long.BYTES;
        position += buffer.putStringAscii(position, fingerprint);
        buffer.putLong(position, journalIndex);
        position += Long.BYTES;
        buffer.putLong(position, arrivalSeq);
        position += Long.BYTES;

        buffer.putInt(position, positions.size());
        position += Integer.BYTES;
        final int[] cursor = {position};
        positions.forEach((sourceId, partition, offset) ->
        {
            buffer.putInt(cursor[0], sourceId);
            buffer.putInt(cursor[0] + 4, partition);
            buffer.putLong(cursor[0] + 8, offset);
            cursor[0] += 16;
        });
        position = cursor[0];

        final int symbolCount = symbols.size();
        buffer.putInt(position, symbolCount);
        position += Integer.BYTES;
        for (int id = 0; id < symbolCount; id++)
        {
            position += buffer.putStringAscii(position, symbols.name(id));
            final UnsafeBuffer block = store.block(id);
            buffer.putBytes(position, block, 0, BarLayout.SYMBOL_HEADER_LENGTH);
            position += BarLayout.SYMBOL_HEADER_LENGTH;
            for (int tf = 0; tf < store.timeframes(); tf++)
            {
                final int seriesOffset = store.seriesOffset(tf);
                final int size = BarStore.size(block, seriesOffset);
                buffer.putBytes(position, block, seriesOffset, BarLayout.SERIES_HEADER_LENGTH);
                position += BarLayout.SERIES_HEADER_LENGTH;
                for (int k = size - 1; k >= 0; k--)
                {
                    buffer.putBytes(position, block, store.nthNewestOffset(block, seriesOffset, k),
                        BarLayout.BAR_LENGTH);
                    position += BarLayout.BAR_LENGTH;
                }
            }
        }
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteBuffer().duplicate().limit(position).position(0));
        buffer.putLong(position, crc.getValue());
        length = position + Long.BYTES;
        return this;
    }

    /**
     * Journal index of the last event in the image.
     *
     * @return index, -1 when none.
     */
    public long journalIndex()
    {
        return journalIndex;
    }

    /**
     * Arrival sequence of the last event in the image.
     *
     * @return sequence.
     */
    public long arrivalSeq()
    {
        return arrivalSeq;
    }

    /**
     * Bytes of the captured image.
     *
     * @return length.
     */
    public int length()
    {
        return length;
    }

    /**
     * Writes the captured image durably and drops checkpoints older than the previous one.
     *
     * @param directory where checkpoints live.
     * @return the file written.
     * @throws IOException when the file cannot be written.
     */
    public Path writeTo(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path temporary = directory.resolve(PREFIX + "tmp");
        final Path target = directory.resolve(String.format("%s%020d%s", PREFIX, arrivalSeq, SUFFIX));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer bytes = buffer.byteBuffer().duplicate().limit(length).position(0);
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        final List<Path> files = list(directory);
        for (int i = 0; i < files.size() - KEEP; i++)
        {
            Files.deleteIfExists(files.get(i));
        }
        return target;
    }

    /**
     * Loads the newest intact checkpoint whose fingerprint matches into an engine with empty state.
     *
     * @param directory   where checkpoints live.
     * @param fingerprint the running configuration's.
     * @param engine      the engine to fill.
     * @param positions   filled with the checkpoint's source positions.
     * @return what was loaded, or null when no usable checkpoint exists.
     * @throws IOException when the directory cannot be read.
     */
    public static Loaded load(
        final Path directory,
        final String fingerprint,
        final BarEngine engine,
        final SourcePositions positions) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return null;
        }
        final List<Path> files = list(directory);
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            final byte[] bytes = Files.readAllBytes(file);
            final UnsafeBuffer image = new UnsafeBuffer(bytes);
            if (!isIntact(image) || !fingerprint.equals(fingerprintOf(image)))
            {
                continue;
            }
            return restore(image, engine, positions, file);
        }
        return null;
    }

    private static boolean isIntact(final UnsafeBuffer image)
    {
        final int length = image.capacity();
        if (length < 2 * Long.BYTES || image.getLong(0) != MAGIC)
        {
            return false;
        }
        final CRC32C crc = new CRC32C();
        crc.update(image.byteArray(), 0, length - Long.BYTES);
        return crc.getValue() == image.getLong(length - Long.BYTES);
    }

    private static String fingerprintOf(final UnsafeBuffer image)
    {
        final int length = image.getInt(Long.BYTES);
        if (length < 0 || length > 4096)
        {
            return "";
        }
        return image.getStringAscii(Long.BYTES);
    }

    private static Loaded restore(
        final UnsafeBuffer image,
        final BarEngine engine,
        final SourcePositions positions,
        final Path file)
    {
        int position = Long.BYTES;
        position += Integer.BYTES + image.getInt(position);
        final long journalIndex = image.getLong(position);
        position += Long.BYTES;
        final long arrivalSeq = image.getLong(position);
        position += Long.BYTES;

        final int positionCount = image.getInt(position);
        position += Integer.BYTES;
        for (int i = 0; i < positionCount; i++)
        {
            positions.put(image.getInt(position), image.getInt(position + 4), image.getLong(position + 8));
            position += 16;
        }

        final BarStore store = engine.store();
        final int symbolCount = image.getInt(position);
        position += Integer.BYTES;
        for (int id = 0; id < symbolCount; id++)
        {
            final String name = image.getStringAscii(position);
            position += Integer.BYTES + name.length();
            final int assigned = engine.symbols().intern(
                Symbols.pack(name, 0, name.length(), 0), Symbols.pack(name, 0, name.length(), 1));
            if (assigned != id)
            {
                throw new IllegalStateException("checkpoint symbol " + name + " restored as id " + assigned);
            }
            final UnsafeBuffer block = store.block(id);
            block.putBytes(0, image, position, BarLayout.SYMBOL_HEADER_LENGTH);
            position += BarLayout.SYMBOL_HEADER_LENGTH;
            for (int tf = 0; tf < store.timeframes(); tf++)
            {
                final int seriesOffset = store.seriesOffset(tf);
                block.putBytes(seriesOffset, image, position, BarLayout.SERIES_HEADER_LENGTH);
                position += BarLayout.SERIES_HEADER_LENGTH;
                final int size = BarStore.size(block, seriesOffset);
                block.putInt(seriesOffset + BarLayout.NEWEST_OFFSET, Math.max(0, size - 1));
                for (int slot = 0; slot < size; slot++)
                {
                    block.putBytes(store.barOffset(seriesOffset, slot), image, position, BarLayout.BAR_LENGTH);
                    position += BarLayout.BAR_LENGTH;
                }
            }
        }
        return new Loaded(file, journalIndex, arrivalSeq, symbolCount);
    }

    private static List<Path> list(final Path directory) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : stream)
            {
                files.add(file);
            }
        }
        // Zero-padded arrival sequences sort by name.
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /**
     * What {@link #load} restored.
     *
     * @param file         the checkpoint file.
     * @param journalIndex index of the last event in it, -1 when none.
     * @param arrivalSeq   arrival sequence of the last event in it.
     * @param symbols      symbols restored.
     */
    public record Loaded(Path file, long journalIndex, long arrivalSeq, int symbols)
    {
        /**
         * Describes the checkpoint for logs.
         *
         * @return a short text.
         */
        public String describe()
        {
            return file.getFileName() + " journalIndex=" + journalIndex + " arrivalSeq=" + arrivalSeq +
                " symbols=" + symbols;
        }
    }
}
