package io.tickwire.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS256 keys of a JWKS URL, fetched on a thread of its own ({@code tickwire-jwks}) at start, every refresh
 * period, and (at most every {@link #MIN_REFETCH_NS}) when a token names an unknown {@code kid}. Event loops only
 * read the published map: they never wait for a fetch. A failed fetch keeps the keys already held.
 */
final class JwksKeys implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    private static final long MIN_REFETCH_NS = 30_000_000_000L;
    private static final int MAX_BYTES = 1024 * 1024;
    private static final int MIN_MODULUS_BITS = 2048;

    private final URI url;
    private final long refreshNs;
    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final AtomicLong lastFetchNs = new AtomicLong(System.nanoTime() - MIN_REFETCH_NS);
    private volatile Map<String, RSAPublicKey> keys = Map.of();

    JwksKeys(final URI url, final long refreshNs)
    {
        this.url = url;
        this.refreshNs = refreshNs;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "tickwire-jwks");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Fetches the keys once on the calling thread (not an event loop), then schedules the refreshes.
     */
    void start()
    {
        refresh();
        executor.scheduleWithFixedDelay(this::refresh, refreshNs, refreshNs, TimeUnit.NANOSECONDS);
    }

    /**
     * The key a token names. Any thread; never blocks. An unknown {@code kid} asks for an early refresh.
     *
     * @param kid the token's {@code kid}, or {@code null}: then the key without kid, or the only key.
     * @return the key, or {@code null}.
     */
    RSAPublicKey find(final String kid)
    {
        final Map<String, RSAPublicKey> held = keys;
        RSAPublicKey key = held.get(kid == null ? "" : kid);
        if (key == null && kid == null && held.size() == 1)
        {
            key = held.values().iterator().next();
        }
        if (key == null)
        {
            final long now = System.nanoTime();
            final long last = lastFetchNs.get();
            if (now - last >= MIN_REFETCH_NS && lastFetchNs.compareAndSet(last, now))
            {
                executor.execute(this::refresh);
            }
        }
        return key;
    }

    private void refresh()
    {
        lastFetchNs.set(System.nanoTime());
        try
        {
            final HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
            final byte[] body;
            try (InputStream in = response.body())
            {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (response.statusCode() != 200 || body.length > MAX_BYTES)
            {
                LOG.atWarn().addKeyValue("event", "jwks_fetch_failed").addKeyValue("url", url)
                    .addKeyValue("status", response.statusCode()).log("JWKS fetch failed; keeping {} keys",
                    keys.size());
                return;
            }
            keys = parse(JwtVerifier.JSON.readTree(body));
            LOG.atInfo().addKeyValue("event", "jwks_loaded").addKeyValue("url", url).addKeyValue("keys", keys.size())
                .log("JWKS loaded: {} RS256 keys", keys.size());
        }
        catch (final IOException | IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            LOG.atWarn().addKeyValue("event", "jwks_fetch_failed").addKeyValue("url", url)
                .addKeyValue("error", ex.toString()).log("JWKS fetch failed; keeping {} keys", keys.size());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The usable RS256 keys of a JWKS document: RSA, not marked for another use or algorithm, modulus ≥ 2048 bits.
     *
     * @param jwks the parsed document.
     * @return keys by kid ({@code ""} for a key without kid).
     */
    static Map<String, RSAPublicKey> parse(final JsonNode jwks)
    {
        final Map<String, RSAPublicKey> out = new HashMap<>();
        final JsonNode list = jwks == null ? null : jwks.get("keys");
        if (list == null || !list.isArray())
        {
            throw new IllegalArgumentException("JWKS has no keys array");
        }
        for (final JsonNode jwk : list)
        {
            if (!"RSA".equals(jwk.path("kty").asText()) || jwk.has("use") && !"sig".equals(jwk.path("use").asText())
                || jwk.has("alg") && !"RS256".equals(jwk.path("alg").asText()))
            {
                continue;
            }
            try
            {
                final BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
                final BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
                if (n.bitLength() < MIN_MODULUS_BITS)
                {
                    continue;
                }
                final RSAPublicKey key = (RSAPublicKey)KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(n, e));
                out.put(jwk.path("kid").asText(""), key);
            }
            catch (final IllegalArgumentException | GeneralSecurityException ex)
            {
                LOG.atWarn().addKeyValue("event", "jwks_key_skipped").addKeyValue("kid", jwk.path("kid").asText(""))
                    .log("JWKS key skipped: unreadable RSA modulus or exponent");
            }
        }
        return Map.copyOf(out);
    }

    @Override
    public void close()
    {
        executor.shutdownNow();
        client.shutdownNow();
    }
}
