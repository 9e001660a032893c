package io.tickwire.persist.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

/**
 * One client-v2 {@link Client} (HTTP, pooled connections) shared by the sinks and the reader of a
 * {@link ClickHouseStore}, restricted to what works on ClickHouse 18.16 as well as on current servers: statements,
 * queries read as raw TabSeparated with server compression off, and RowBinary inserts. Every statement names its
 * database explicitly: 18.16 ignores the client's database header.
 * <p>
 * The client's own retries are off: a retried insert whose first attempt reached the server but lost its answer
 * would store the rows twice. The writer agents retry instead, after asking the store where it stands.
 * <p>
 * Thread-safe. Reference counted: the store and every sink or reader built on it hold one reference; the client
 * closes when the last is released.
 */
final class ClickHouseConnection
{
    private final ClickHouseUrl url;
    private final Client client;
    // wait_end_of_query: the server buffers the answer, so a failure half-way is an HTTP error, not an error text
    // appended to a 200 answer that a TSV parser might half-read.
    private final QuerySettings tsv = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated)
        .waitEndOfQuery(true);
    private final InsertSettings insertSettings = new InsertSettings();
    private final AtomicInteger references = new AtomicInteger(1);
    private final long requestTimeoutMs;

    ClickHouseConnection(final ClickHouseUrl url)
    {
        this.url = url;
        this.requestTimeoutMs = url.socketTimeoutMs() + url.connectTimeoutMs() + 1000;
        client = new Client.Builder()
            .addEndpoint(url.endpoint())
            .setUsername(url.user())
            .setPassword(url.password())
            .compressServerResponse(false)
            .compressClientRequest(false)
            .useHttpCompression(false)
            .setMaxRetries(0)
            .setConnectTimeout(url.connectTimeoutMs(), ChronoUnit.MILLIS)
            .setSocketTimeout(url.socketTimeoutMs(), ChronoUnit.MILLIS)
            .setClientName("tickwire")
            .build();
    }

    ClickHouseUrl url()
    {
        return url;
    }

    String database()
    {
        return url.database();
    }

    ClickHouseConnection retain()
    {
        references.incrementAndGet();
        return this;
    }

    void release()
    {
        if (references.decrementAndGet() == 0)
        {
            client.close();
        }
    }

    /**
     * Runs a statement that returns nothing (DDL).
     */
    void execute(final String sql) throws Exception
    {
        final CommandResponse response = await(client.execute(sql));
        closeQuietly(response);
    }

    /**
     * Runs a query and returns its whole TabSeparated answer (small answers only).
     */
    String queryText(final String sql) throws Exception
    {
        final QueryResponse response = await(client.query(sql, tsv));
        try (InputStream in = response.getInputStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        finally
        {
            closeQuietly(response);
        }
    }

    /**
     * Runs a query and hands its TabSeparated answer to a parser.
     */
    <T> T query(final String sql, final TsvParser<T> parser) throws Exception
    {
        final QueryResponse response = await(client.query(sql, tsv));
        try (InputStream in = response.getInputStream())
        {
            return parser.parse(new TsvReader(in));
        }
        finally
        {
            closeQuietly(response);
        }
    }

    /**
     * Inserts RowBinary rows, written by {@code writer}, into {@code table} (already qualified by the database).
     */
    void insertRowBinary(final String table, final DataStreamWriter writer) throws Exception
    {
        final InsertResponse response = await(client.insert(table, writer, ClickHouseFormat.RowBinary,
            insertSettings));
        response.close();
    }

    private static void closeQuietly(final AutoCloseable response)
    {
        try
        {
            response.close();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Exception ignored)
        {
            // the answer was read in full; a failure to release it changes nothing
        }
    }

    private <T> T await(final CompletableFuture<T> future) throws Exception
    {
        try
        {
            return future.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException e)
        {
            final Throwable cause = e.getCause();
            if (cause instanceof Exception exception)
            {
                throw exception;
            }
            throw e;
        }
        catch (final TimeoutException e)
        {
            future.cancel(true);
            throw new IOException("ClickHouse request timed out after " + requestTimeoutMs + " ms", e);
        }
    }

    /**
     * Reads a TabSeparated answer into a result.
     *
     * @param <T> result type.
     */
    @FunctionalInterface
    interface TsvParser<T>
    {
        T parse(TsvReader reader) throws IOException;
    }
}
