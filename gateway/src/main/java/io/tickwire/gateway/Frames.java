package io.tickwire.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.agrona.DirectBuffer;

/**
 * Builds complete server-to-client WebSocket frames (RFC 6455 §5.2: FIN, opcode, unmasked length, payload) in one
 * pooled buffer, so that one encoded update can be written to many channels as retained duplicates without a
 * {@code WebSocketFrame} object per subscriber: Netty's frame encoder lets plain {@code ByteBuf}s pass unchanged.
 * Stateless and thread-safe.
 */
public final class Frames
{
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private Frames()
    {
    }

    /**
     * A whole frame holding {@code length} bytes of {@code payload}.
     *
     * @param alloc   allocator.
     * @param binary  binary frame (MessagePack, SBE) or text frame (JSON).
     * @param payload the encoded message; must be array-backed (an expandable array buffer).
     * @param length  payload bytes.
     * @return a buffer the caller owns (refCnt 1).
     */
    public static ByteBuf frame(
        final ByteBufAllocator alloc, final boolean binary, final DirectBuffer payload, final int length)
    {
        final ByteBuf out = alloc.directBuffer(length + 10);
        return write(out, binary, payload, length);
    }

    /**
     * Appends a whole frame holding {@code length} bytes of {@code payload} to {@code out}.
     *
     * @param out     where the frame goes; grows as needed.
     * @param binary  binary frame (MessagePack, SBE) or text frame (JSON).
     * @param payload the encoded message; must be array-backed (an expandable array buffer).
     * @param length  payload bytes.
     * @return {@code out}.
     */
    public static ByteBuf write(final ByteBuf out, final boolean binary, final DirectBuffer payload, final int length)
    {
        out.writeByte(FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (length < 126)
        {
            out.writeByte(length);
        }
        else if (length <= 0xFFFF)
        {
            out.writeByte(126);
            out.writeShort(length);
        }
        else
        {
            out.writeByte(127);
            out.writeLong(length);
        }
        out.writeBytes(payload.byteArray(), 0, length);
        return out;
    }
}
