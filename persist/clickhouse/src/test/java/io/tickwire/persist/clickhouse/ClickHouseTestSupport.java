package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;
import io.tickwire.persist.TradeBatch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shared plumbing of the tests that run against a real ClickHouse server (scripts/clickhouse.sh start). They use
 * their own database, {@code tickwire_test}, dropped before each test, so a running demo in {@code tickwire} is never
 * touched. Independent checks go through the JDK's HTTP client, not through the code under test.
 */
final class ClickHouseTestSupport
{
    static final String HTTP = System.getProperty("tickwire.clickhouse.test.http", "http://127.0.0.1:8123");
    static final String DATABASE = "tickwire_test";
    static final String URL = HTTP + "/?database=" + DATABASE;

    private static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClickHouseTestSupport()
    {
    }

    /** Skips the calling test unless a server answers /ping. */
    static void assumeServer()
    {
        boolean answering;
        try
        {
            final HttpResponse<String> ping = HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(HTTP + "/ping"))
                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            answering = ping.statusCode() == 200 && ping.body().startsWith("Ok");
        }
        catch (final IOException e)
        {
            answering = false;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            answering = false;
        }
        // scripts/test.sh starts every store and sets this: a missing server is then a failure, not a skip.
        if (!answering && Boolean.getBoolean("tickwire.stores.required"))
        {
            throw new IllegalStateException("no ClickHouse server answers " + HTTP
                + "/ping (scripts/clickhouse.sh start)");
        }
        assumeTrue(answering, "no ClickHouse server answers " + HTTP + "/ping: start one with scripts/clickhouse.sh "
            + "start (skipping the ClickHouse integration tests)");
    }

    /** Runs SQL over plain HTTP and returns the TabSeparated answer. */
    static String sql(final String statement) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(HTTP + "/"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse refused '" + statement + "': " + response.body());
        }
        return response.body();
    }

    static void dropDatabase() throws IOException, InterruptedException
    {
        sql("DROP DATABASE IF EXISTS " + DATABASE);
    }

    /** A trade event as the journal would hand it to a writer. */
    static TradeEvent trade(final String symbol, final long seq, final long tsNs, final long price, final long volume,
        final String exchange, final String tradeId)
    {
        final TradeEvent event = new TradeEvent();
        event.kind = TradeEvent.KIND_TRADE;
        event.arrivalSeq = seq;
        event.tsNs = tsNs;
        event.receivedNs = tsNs;
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        event.price = price;
        event.volume = volume;
        event.exchange = exchange.isEmpty() ? 0 : Symbols.pack(exchange, 0, exchange.length(), 0);
        final byte[] id = tradeId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, event.tradeId, 0, id.length);
        event.tradeIdLength = id.length;
        return event;
    }

    /** A quote event (to be skipped by the trade sink). */
    static TradeEvent quote(final String symbol, final long seq, final long tsNs)
    {
        final TradeEvent event = new TradeEvent();
        event.kind = TradeEvent.KIND_QUOTE;
        event.arrivalSeq = seq;
        event.tsNs = tsNs;
        event.symbolWord0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        event.symbolWord1 = Symbols.pack(symbol, 0, symbol.length(), 1);
        event.bid = 100_00000000L;
        event.ask = 101_00000000L;
        event.bidSize = 5;
        event.askSize = 7;
        return event;
    }

    static TradeBatch batch(final TradeEvent... events)
    {
        final TradeBatch batch = new TradeBatch(Math.max(1, events.length));
        for (final TradeEvent event : events)
        {
            batch.add(event);
        }
        return batch;
    }

    /**
     * Sends an insert whose chunked body is exactly {@code body}, then closes the request stream as a killed client
     * would (FIN without the terminating chunk) and waits for the server's answer or hang-up.
     */
    static void sendChunkedAndHangUp(final String query, final byte[] body) throws Exception
    {
        final URI uri = URI.create(HTTP);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort()))
        {
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            final InputStream in = socket.getInputStream();
            in.readAllBytes();
        }
    }
}
