package io.tickwire.persist.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.api.sync.RedisCommands;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.BarRecord;
import io.tickwire.persist.StoreUnavailableException;
import io.tickwire.persist.TradeBatch;
import org.junit.jupiter.api.Assumptions;

/** Shared fixtures: the real Redis on 127.0.0.1:6379, logical DB 15 only, and small data builders. */
final class RedisTestSupport
{
    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    static final int DB = 15;
    static final String URL = "redis://" + HOST + ":" + PORT + "/" + DB;
    static final long MINUTE_NS = 60_000_000_000L;
    static final long T0 = 1_700_000_040_000_000_000L; // a whole minute

    private RedisTestSupport()
    {
    }

    /**
     * A store on DB 15, emptied; skips the test when Redis does not answer. Its read timeout is generous (2 s)
     * because the build shares two cores with other builds; the fail-fast tests use the default.
     */
    static RedisStore cleanStore()
    {
        final RedisStore store = RedisStore.fromUrl(URL, Duration.ofSeconds(2));
        try
        {
            final RedisCommands<String, String> sync = store.shared().sync();
            sync.ping();
            sync.flushdb(); // DB 15 only: the URL selects it
        }
        catch (final StoreUnavailableException ex)
        {
            store.close();
            final String message = "Redis is not answering on " + HOST + ":" + PORT +
                " (start redis-server; scripts/test.sh does): " + ex.getMessage();
            // scripts/test.sh starts every store and sets this: a missing server is then a failure, not a skip.
            if (Boolean.getBoolean("tickwire.stores.required"))
            {
                throw new IllegalStateException(message, ex);
            }
            Assumptions.abort(message);
        }
        return store;
    }

    static RedisCommands<String, String> sync(final RedisStore store) throws StoreUnavailableException
    {
        return store.shared().sync();
    }

    static int closedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    static void trade(final TradeBatch batch, final long seq, final String symbol, final long tsNs, final long price,
        final long bid, final long ask)
    {
        final TradeEvent event = event(seq, symbol, tsNs);
        event.kind = TradeEvent.KIND_TRADE;
        event.price = price;
        event.volume = 100;
        event.bid = bid;
        event.ask = ask;
        batch.add(event);
    }

    static void quote(final TradeBatch batch, final long seq, final String symbol, final long tsNs, final long bid,
        final long ask)
    {
        final TradeEvent event = event(seq, symbol, tsNs);
        event.kind = TradeEvent.KIND_QUOTE;
        event.bid = bid;
        event.bidSize = 10;
        event.ask = ask;
        event.askSize = 20;
        batch.add(event);
    }

    private static TradeEvent event(final long seq, final String symbol, final long tsNs)
    {
        final TradeEvent event = new TradeEvent();
        event.clearOptional();
        event.arrivalSeq = seq;
        event.tsNs = tsNs;
        event.receivedNs = System.currentTimeMillis() * 1_000_000L; // received now, whatever the event time
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        return event;
    }

    static BarRecord bar(final String symbol, final String tf, final long startNs, final long close, final int rev)
    {
        return new BarRecord(symbol, tf, startNs, close - 100, close + 200, close - 300, close, 1_000 + rev, 7,
            close + 5, rev, 42 + rev);
    }

    static List<BarRecord> minuteBars(final String symbol, final int count)
    {
        final List<BarRecord> bars = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            bars.add(bar(symbol, "1m", T0 + i * MINUTE_NS, 150_00000000L + i, 0));
        }
        return bars;
    }

    /**
     * Watches Redis with MONITOR over a raw socket and collects the commands issued on DB 15, so tests can see
     * exactly what a sink sent.
     */
    static final class Monitor implements AutoCloseable
    {
        private final Socket socket;
        private final BufferedReader in;

        Monitor() throws IOException
        {
            socket = new Socket();
            socket.connect(new InetSocketAddress(HOST, PORT), 1_000);
            socket.setSoTimeout(3_000);
            final OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            final String ok = in.readLine();
            if (!"+OK".equals(ok))
            {
                throw new IOException("MONITOR refused: " + ok);
            }
        }

        /** Command names (upper case) sent on DB 15 up to and including the first EXEC. */
        List<String> commandsUntilExec() throws IOException
        {
            final List<String> commands = new ArrayList<>();
            while (true)
            {
                final String line = in.readLine();
                if (line == null)
                {
                    return commands;
                }
                final int db = line.indexOf("[" + DB + " ");
                final int quote = line.indexOf('"', Math.max(0, line.indexOf(']')));
                if (db < 0 || quote < 0)
                {
                    continue;
                }
                final String name = line.substring(quote + 1, line.indexOf('"', quote + 1)).toUpperCase();
                commands.add(name);
                if (name.equals("EXEC"))
                {
                    return commands;
                }
            }
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
