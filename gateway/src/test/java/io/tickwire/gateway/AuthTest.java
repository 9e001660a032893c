package io.tickwire.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.tickwire.gateway.GatewayFixture.SECOND;
import static io.tickwire.gateway.GatewayFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication over real sockets: tokens refused with 401 before the upgrade, HS256 and RS256 (JWKS served by a
 * local HTTP server) accepted, entitlements (FORBIDDEN, 403), the dev-mode token endpoint, per-IP limits (429).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTest
{
    private static final String SECRET = "a-test-secret-of-at-least-32-characters!";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpServer jwksServer;
    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static GatewayFixture jwt;
    private static GatewayFixture dev;
    private static GatewayFixture open;
    private static GatewayFixture limited;

    @BeforeAll
    static void start() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        otherRsa = generator.generateKeyPair();
        final RSAPublicKey pub = (RSAPublicKey)rsa.getPublic();
        final byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" +
            unsigned(pub.getModulus()) + "\",\"e\":\"" + unsigned(pub.getPublicExponent()) + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks.json", exchange ->
        {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(jwks);
            }
        });
        jwksServer.start();
        final URI jwksUrl = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
        jwt = fixture(new AuthConfig(AuthMode.JWT, SECRET, jwksUrl, AuthConfig.DEFAULT_JWKS_REFRESH_NS, 0, 0));
        dev = fixture(new AuthConfig(AuthMode.DEV, null, null, AuthConfig.DEFAULT_JWKS_REFRESH_NS, 0, 0));
        open = fixture(AuthConfig.off());
        limited = fixture(new AuthConfig(AuthMode.OFF, null, null, AuthConfig.DEFAULT_JWKS_REFRESH_NS, 5, 3));
        final String token = hs256(SECRET, claims(300, null));
        final long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline &&
            (get(jwt, "/api/prices?symbols=MSFT", token).statusCode() != 200 ||
            !get(dev, "/health", null).body().contains("up")))
        {
            Thread.sleep(10);
        }
    }

    private static GatewayFixture fixture(final AuthConfig auth) throws Exception
    {
        final GatewayFixture fixture = new GatewayFixture(GatewayFixture.config(), auth);
        fixture.trade("AAPL", T0 + 100_000_000L, 150_25000000L, 10);
        fixture.trade("MSFT", T0 + SECOND, 400_00000000L, 1);
        return fixture;
    }

    @AfterAll
    static void stop()
    {
        for (final GatewayFixture fixture : new GatewayFixture[] {jwt, dev, open, limited})
        {
            if (fixture != null)
            {
                fixture.close();
            }
        }
        if (jwksServer != null)
        {
            jwksServer.stop(0);
        }
    }

    @Test
    void shouldRefuseBadTokensWith401BeforeTheUpgrade() throws Exception
    {
        final long now = System.currentTimeMillis() / 1000;
        final String[] bad = {
            "",
            "garbage",
            "a.b.c",
            "a.b",
            hs256(SECRET, claims(-60, null)),                                           // expired
            token("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(300, null), ""),         // unsigned
            token("{\"alg\":\"none\"}", claims(300, null), "c2ln"),
            token("{\"alg\":\"HS512\"}", claims(300, null), "c2ln"),                    // unknown alg
            hs256("another-secret-of-at-least-32-characters", claims(300, null)),       // wrongly signed
            hs256(SECRET, "{\"sub\":\"x\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now + 120) + "}"), // not yet
            hs256(SECRET, "{\"sub\":\"x\"}"),                                           // no exp
            hs256(SECRET, "{\"sub\":\"x\",\"exp\":\"soon\"}"),
            hs256(SECRET, "{\"exp\":" + (now + 300) + ",\"symbols\":\"AAPL\"}"),       // symbols not an array
            tamper(hs256(SECRET, claims(300, null))),
            rs256(otherRsa.getPrivate(), "k1", claims(300, null)),                      // wrong RSA key
            rs256(rsa.getPrivate(), "unknown", claims(300, null)),                      // unknown kid
            rs256(rsa.getPrivate(), "k1", claims(-60, null)),                           // RS256 expired
        };
        assertThat(upgrade(jwt.port(), "/ws?encoding=json", null).status).isEqualTo(401);
        for (final String token : bad)
        {
            final Reply viaHeader = upgrade(jwt.port(), "/ws?encoding=json", token);
            assertThat(viaHeader.status).as(token).isEqualTo(401);
            assertThat(viaHeader.head).contains("application/problem+json")
                .containsIgnoringCase("WWW-Authenticate: Bearer");
            if (!token.isEmpty())
            {
                assertThat(viaHeader.head).doesNotContain(token);
            }
            assertThat(upgrade(jwt.port(), "/ws?encoding=json&token=" + token, null).status).as(token).isEqualTo(401);
        }
    }

    @Test
    void shouldUpgradeWithValidHs256AndRs256Tokens() throws Exception
    {
        final String hs = hs256(SECRET, claims(300, null));
        assertThat(upgrade(jwt.port(), "/ws?encoding=json", hs).status).isEqualTo(101);
        assertThat(upgrade(jwt.port(), "/ws?encoding=msgpack&token=" + hs, null).status).isEqualTo(101);
        final String rs = rs256(rsa.getPrivate(), "k1", claims(300, null));
        assertThat(upgrade(jwt.port(), "/ws?encoding=json", rs).status).isEqualTo(101);
        // Expired within the leeway still passes.
        assertThat(upgrade(jwt.port(), "/ws?encoding=json", hs256(SECRET, claims(-2, null))).status).isEqualTo(101);
    }

    @Test
    void shouldCloseASocketWith1008WhenItsTokenExpiresAndKeepOneWhoseTokenIsValid() throws Exception
    {
        final long now = System.currentTimeMillis() / 1000;
        // Valid for the upgrade thanks to the leeway, expired (leeway included) about two seconds later.
        final long exp = now - JwtVerifier.LEEWAY_SECONDS + 2;
        final String expiring = hs256(SECRET, "{\"sub\":\"x\",\"exp\":" + exp + "}");
        try (RawWebSocket soon = new RawWebSocket(jwt.port(), "/ws?encoding=json&token=" + expiring);
            RawWebSocket valid = new RawWebSocket(jwt.port(), "/ws?encoding=json&token=" + hs256(SECRET,
                claims(300, null))))
        {
            assertThat(soon.readUntilClose(6000)).as("close code at expiry").isEqualTo(1008);
            assertThat(valid.readUntilClose(500)).as("still open: read timed out").isEqualTo(-2);
        }
    }

    @Test
    void shouldGuardTheApiAndLeaveHealthOpen() throws Exception
    {
        assertProblem(get(jwt, "/api/symbols", null), 401);
        assertProblem(get(jwt, "/api/prices?symbols=AAPL", "not.a.token"), 401);
        // A query the decoder cannot read must not slip past the guard.
        assertThat(upgrade(jwt.port(), "/api/symbols?x=%zz", null).status).isEqualTo(400);
        assertThat(get(jwt, "/api/symbols", hs256(SECRET, claims(300, null))).statusCode()).isEqualTo(200);
        assertThat(get(jwt, "/api/symbols", rs256(rsa.getPrivate(), "k1", claims(300, null))).statusCode())
            .isEqualTo(200);
        assertThat(get(jwt, "/api/symbols?token=" + hs256(SECRET, claims(300, null)), null).statusCode())
            .isEqualTo(200);
        for (final String path : new String[] {"/health", "/ready", "/metrics", "/"})
        {
            assertThat(get(jwt, path, null).statusCode()).as(path).isEqualTo(200);
        }
        assertProblem(post(jwt, "{}"), 404);
        assertProblem(post(open, "{}"), 404);
    }

    @Test
    void shouldForbidSymbolsOutsideTheEntitlements() throws Exception
    {
        final String token = hs256(SECRET, claims(300, "[\"AAPL\"]"));
        assertThat(get(jwt, "/api/prices?symbols=AAPL", token).statusCode()).isEqualTo(200);
        final HttpResponse<String> prices = get(jwt, "/api/prices?symbols=AAPL,MSFT", token);
        assertProblem(prices, 403);
        assertThat(prices.body()).contains("MSFT").contains("\"parameter\":\"symbols\"");
        assertProblem(get(jwt, "/api/historical?symbol=MSFT&tf=1m", token), 403);
        assertThat(get(jwt, "/api/historical?symbol=AAPL&tf=1m", token).statusCode()).isEqualTo(200);
        // The symbol list shows only what the token is entitled to.
        final HttpResponse<String> listed = get(jwt, "/api/symbols", token);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"AAPL\"").doesNotContain("\"MSFT\"");
        assertThat(get(jwt, "/api/symbols", hs256(SECRET, claims(300, null))).body()).contains("\"AAPL\"")
            .contains("\"MSFT\"");

        final Messages messages = new Messages();
        final WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(
            URI.create("ws://127.0.0.1:" + jwt.port() + "/ws?encoding=json&token=" + token), messages)
            .get(5, TimeUnit.SECONDS);
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"trades\",\"symbols\":[\"AAPL\",\"MSFT\"]}", true);
        final String refused = messages.take();
        assertThat(refused).contains("\"type\":\"error\"").contains("\"id\":1").contains("FORBIDDEN").contains("MSFT");
        ws.sendText("{\"op\":\"subscribe\",\"id\":2,\"channel\":\"trades\",\"symbols\":[\"AAPL\"]}", true);
        assertThat(messages.take()).contains("\"type\":\"ack\"").contains("\"id\":2");
        ws.abort();
    }

    @Test
    void shouldIssueDevTokensOnlyInDevMode() throws Exception
    {
        assertProblem(get(dev, "/api/symbols", null), 401);
        assertThat(upgrade(dev.port(), "/ws?encoding=json", null).status).isEqualTo(401);

        final HttpResponse<String> issued = post(dev, "");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.headers().firstValue("cache-control")).hasValue("no-store");
        final String all = tokenOf(issued.body());
        assertThat(upgrade(dev.port(), "/ws?encoding=json&token=" + all, null).status).isEqualTo(101);
        assertThat(get(dev, "/api/prices?symbols=AAPL,MSFT", all).statusCode()).isEqualTo(200);

        final HttpResponse<String> restricted = post(dev, "{\"sub\":\"alice\",\"symbols\":[\"AAPL\"],\"ttl\":\"10m\"}");
        assertThat(restricted.body()).contains("\"expires_in\":600");
        final String aapl = tokenOf(restricted.body());
        assertThat(get(dev, "/api/prices?symbols=AAPL", aapl).statusCode()).isEqualTo(200);
        assertProblem(get(dev, "/api/prices?symbols=MSFT", aapl), 403);

        assertProblem(post(dev, "{\"ttl\":\"forever\"}"), 400);
        assertProblem(post(dev, "{\"symbols\":\"AAPL\"}"), 400);
        assertProblem(post(dev, "not json"), 400);
        assertProblem(get(dev, "/api/auth/token", null), 405);
        // A token from another process's (random) secret is refused.
        assertProblem(get(dev, "/api/symbols", hs256(SECRET, claims(300, null))), 401);
    }

    @Test
    void shouldRateLimitApiRequestsAndConnectionAttemptsPerIp() throws Exception
    {
        int ok = 0;
        HttpResponse<String> throttled = null;
        for (int i = 0; i < 20 && throttled == null; i++)
        {
            final HttpResponse<String> response = get(limited, "/api/symbols", null);
            if (response.statusCode() == 429)
            {
                throttled = response;
            }
            else
            {
                ok++;
            }
        }
        assertThat(throttled).isNotNull();
        assertThat(ok).isBetween(4, 6);
        assertProblem(throttled, 429);
        assertThat(throttled.headers().firstValue("retry-after")).isPresent();
        assertThat(Integer.parseInt(throttled.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 2);
        assertThat(get(limited, "/health", null).statusCode()).isEqualTo(200);

        int upgraded = 0;
        Reply refused = null;
        for (int i = 0; i < 20 && refused == null; i++)
        {
            final Reply reply = upgrade(limited.port(), "/ws?encoding=json", null);
            if (reply.status == 429)
            {
                refused = reply;
            }
            else
            {
                assertThat(reply.status).isEqualTo(101);
                upgraded++;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(upgraded).isBetween(2, 4);
        assertThat(refused.head).containsIgnoringCase("Retry-After").contains("application/problem+json");
    }

    private static void assertProblem(final HttpResponse<String> response, final int status)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    private static HttpResponse<String> get(final GatewayFixture gw, final String path, final String token)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final GatewayFixture gw, final String body) throws Exception
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/api/auth/token"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenOf(final String body)
    {
        final int start = body.indexOf("\"token\":\"") + 9;
        return body.substring(start, body.indexOf('"', start));
    }

    private static String claims(final long expiresInSeconds, final String symbols)
    {
        final long now = System.currentTimeMillis() / 1000;
        return "{\"sub\":\"tester\",\"iat\":" + now + ",\"exp\":" + (now + expiresInSeconds) +
            (symbols == null ? "" : ",\"symbols\":" + symbols) + "}";
    }

    private static String token(final String header, final String payload, final String signature)
    {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." +
            B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    private static String hs256(final String secret, final String payload) throws Exception
    {
        final String input = token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, "");
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + B64.encodeToString(mac.doFinal(input.substring(0, input.length() - 1)
            .getBytes(StandardCharsets.US_ASCII)));
    }

    private static String rs256(final PrivateKey key, final String kid, final String payload) throws Exception
    {
        final String input = token("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", payload, "");
        final Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(input.substring(0, input.length() - 1).getBytes(StandardCharsets.US_ASCII));
        return input + B64.encodeToString(signer.sign());
    }

    /** Changes the payload of a signed token, keeping its signature. */
    private static String tamper(final String token)
    {
        final String[] parts = token.split("\\.");
        final long now = System.currentTimeMillis() / 1000;
        return parts[0] + "." + B64.encodeToString(("{\"sub\":\"admin\",\"exp\":" + (now + 300) + "}")
            .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String unsigned(final BigInteger value)
    {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1)
        {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }

    /** The response head of a raw upgrade request (the status tells whether the upgrade happened). */
    private record Reply(int status, String head)
    {
    }

    private static Reply upgrade(final int port, final String target, final String bearer) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))
            {
                final int b = in.read();
                if (b < 0)
                {
                    throw new IOException("closed before the response head ended: " + head);
                }
                head.append((char)b);
            }
            return new Reply(Integer.parseInt(head.substring(9, 12)), head.toString());
        }
    }

    /** Collects text messages of a WebSocket. */
    private static final class Messages implements WebSocket.Listener
    {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        String take() throws InterruptedException
        {
            final String message = queue.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a message within 5 s").isNotNull();
            return message;
        }
    }
}
