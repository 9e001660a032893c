package io.tickwire.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.DecodedMessage;
import io.tickwire.codecs.QuoteMessage;
import io.tickwire.codecs.TradeMessage;
import io.tickwire.codecs.WireDecoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessageType;
import io.tickwire.codecs.WireMessages;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A WebSocket client written from SPEC §6 alone, on {@code java.net.http.WebSocket}: decodes every frame with the
 * codecs' decoders and applies snapshots and deltas as a trading UI would. Thread-safe: the listener thread writes,
 * the test thread reads under the same lock.
 */
final class TestClient implements WebSocket.Listener
{
    final WireEncoding encoding;
    final WebSocket socket;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final List<String> events = new ArrayList<>();
    /** Bars held per "SYMBOL|tf", by start. */
    final Map<String, TreeMap<Long, BarMessage>> bars = new HashMap<>();
    /** Trades received per symbol, in order. */
    final Map<String, List<TradeMessage>> trades = new HashMap<>();
    final Map<String, QuoteMessage> quotes = new HashMap<>();
    final Map<String, Long> lastSeq = new HashMap<>();
    private final WireDecoder decoder;
    private final DecodedMessage decoded = new DecodedMessage();
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private StringBuilder text = new StringBuilder();

    TestClient(final int port, final WireEncoding encoding) throws Exception
    {
        this.encoding = encoding;
        this.decoder = encoding.newDecoder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?encoding=" + encoding.queryValue()), this)
            .get(5, TimeUnit.SECONDS);
    }

    void send(final String json) throws Exception
    {
        socket.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        text.append(data);
        if (last)
        {
            final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            text = new StringBuilder();
            onFrame(bytes, bytes.length);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        if (pending.remaining() < data.remaining())
        {
            final ByteBuffer grown = ByteBuffer.allocate((pending.position() + data.remaining()) * 2);
            pending.flip();
            grown.put(pending);
            pending = grown;
        }
        pending.put(data);
        if (last)
        {
            final byte[] bytes = new byte[pending.position()];
            pending.flip();
            pending.get(bytes);
            pending.clear();
            onFrame(bytes, bytes.length);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closed.complete(-1);
    }

    private synchronized void onFrame(final byte[] bytes, final int length)
    {
        if (!decoder.decode(new UnsafeBuffer(bytes), 0, length, decoded))
        {
            events.add("undecodable: " + decoded.failure());
            notifyAll();
            return;
        }
        final WireMessageType type = decoded.type();
        switch (type)
        {
            case SNAPSHOT -> onSnapshot();
            case BAR ->
            {
                final BarMessage update = decoded.bar();
                final String key = update.symbol() + "|" + WireMessages.timeframeText(update.tf());
                final TreeMap<Long, BarMessage> held = bars.computeIfAbsent(key, k -> new TreeMap<>());
                final BarMessage bar = held.computeIfAbsent(update.startNanos(), t -> new BarMessage());
                if (!bar.applyUpdate(update))
                {
                    events.add("delta for a bar not held: " + update);
                }
                lastSeq.put("bars|" + key, update.seq());
            }
            case TRADE ->
            {
                final TradeMessage trade = new TradeMessage().copyFrom(decoded.trade());
                trades.computeIfAbsent(trade.symbol().toString(), k -> new ArrayList<>()).add(trade);
                lastSeq.put("trades|" + trade.symbol(), trade.seq());
            }
            case QUOTE ->
            {
                final QuoteMessage update = decoded.quote();
                final QuoteMessage held = quotes.computeIfAbsent(update.symbol().toString(), k -> new QuoteMessage());
                held.applyUpdate(update);
            }
            case ERROR -> events.add("error " + decoded.errorCode() + " " + decoded.message());
            case RESET -> events.add("reset " + decoded.symbol() + " " + decoded.reason());
            default -> events.add(type.name().toLowerCase());
        }
        notifyAll();
    }

    private void onSnapshot()
    {
        final String symbol = decoded.symbol().toString();
        events.add("snapshot " + WireMessages.channelText(decoded.channel()) + " " + symbol + " " +
            decoded.rowCount());
        switch (decoded.channel())
        {
            case BARS ->
            {
                final String key = symbol + "|" + WireMessages.timeframeText(decoded.tf());
                final TreeMap<Long, BarMessage> held = bars.computeIfAbsent(key, k -> new TreeMap<>());
                for (int row = 0; row < decoded.rowCount(); row++)
                {
                    final BarMessage bar = decoded.snapshotBar(row, new BarMessage());
                    held.put(bar.startNanos(), bar);
                }
                lastSeq.put("bars|" + key, decoded.seq());
            }
            case TRADES ->
            {
                final List<TradeMessage> list = trades.computeIfAbsent(symbol, k -> new ArrayList<>());
                for (int row = 0; row < decoded.rowCount(); row++)
                {
                    list.add(decoded.snapshotTrade(row, new TradeMessage()));
                }
                lastSeq.put("trades|" + symbol, decoded.seq());
            }
            default ->
            {
                if (decoded.rowCount() > 0)
                {
                    quotes.put(symbol, decoded.snapshotQuote(0, new QuoteMessage()));
                }
            }
        }
    }

    synchronized boolean await(final Predicate<TestClient> condition, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.test(this))
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return true;
    }

    synchronized boolean hasEvent(final String prefix)
    {
        return events.stream().anyMatch(e -> e.startsWith(prefix));
    }

    void abort()
    {
        socket.abort();
    }
}
