package io.tickwire.codecs;

import org.agrona.DirectBuffer;

/**
 * Reads one server-to-client frame of one encoding into a {@link DecodedMessage}: the client side of SPEC §6,
 * for tests, the load generator and Java clients. Bad input is a false result with
 * {@link DecodedMessage#failure()}, never an exception. Keys a decoder does not know are skipped, so newer servers
 * may add keys.
 * <p>
 * Not thread-safe: one per thread. Decoding does not allocate once the holder has grown to the largest snapshot.
 */
public interface WireDecoder
{
    /**
     * The encoding this decoder reads.
     *
     * @return the encoding.
     */
    WireEncoding encoding();

    /**
     * Decodes one frame.
     *
     * @param buffer holding the frame.
     * @param offset first byte of the frame.
     * @param length frame length in bytes.
     * @param out    cleared, then filled.
     * @return true when {@code out} holds a message; false with {@code out.failure()} otherwise.
     */
    boolean decode(DirectBuffer buffer, int offset, int length, DecodedMessage out);
}
