package io.tickwire.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare-socket WebSocket client with tiny socket buffers: for a reader that stops reading (the server must see its
 * own outbound buffer fill), and for a writer still sending a frame when the server answers. Reads frames only when
 * asked.
 */
final class RawWebSocket implements AutoCloseable
{
    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    RawWebSocket(final int port) throws IOException
    {
        this(port, "/ws?encoding=json");
    }

    RawWebSocket(final int port, final String target) throws IOException
    {
        socket.setReceiveBufferSize(4096);
        // Small on the way out too: a large frame is still being written when the server answers its header.
        socket.setSendBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed during handshake: " + headers);
            }
            headers.append((char)b);
        }
        if (!headers.toString().startsWith("HTTP/1.1 101"))
        {
            throw new IOException("no upgrade: " + headers);
        }
    }

    void sendText(final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126)
        {
            frame.write(0x80 | payload.length);
        }
        else if (payload.length < 65_536)
        {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        else
        {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                frame.write((int)((long)payload.length >>> shift) & 0xFF);
            }
        }
        final byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Reads frames until the stream ends or a close frame arrives.
     *
     * @return the close code, or -1 when the stream ended without one.
     */
    int readUntilClose(final long timeoutMs) throws IOException
    {
        socket.setSoTimeout((int)timeoutMs);
        try
        {
            while (true)
            {
                final int b0 = in.read();
                if (b0 < 0)
                {
                    return -1;
                }
                long length = in.read() & 0x7F;
                if (length == 126)
                {
                    length = (in.read() << 8) | in.read();
                }
                else if (length == 127)
                {
                    length = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        length = (length << 8) | in.read();
                    }
                }
                final byte[] payload = in.readNBytes((int)length);
                if ((b0 & 0x0F) == 0x8)
                {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        }
        catch (final SocketTimeoutException ex)
        {
            return -2;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
