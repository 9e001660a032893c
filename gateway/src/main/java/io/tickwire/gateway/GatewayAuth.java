package io.tickwire.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;

/**
 * The gateway's authentication state: the mode, the token verifier (and its JWKS), the dev-mode token issuer and the
 * per-IP limiters of {@code /api} requests and {@code /ws} upgrades. Shared by every connection; thread-safe.
 * Tokens are read from {@code Authorization: Bearer …} or {@code ?token=…} and are never logged.
 */
final class GatewayAuth implements AutoCloseable
{
    /** The principal of a WebSocket connection, set before its upgrade. */
    static final AttributeKey<Principal> PRINCIPAL = AttributeKey.valueOf("tickwire.principal");

    private final AuthMode mode;
    private final JwtVerifier verifier;
    private final DevTokens devTokens;
    private final JwksKeys jwks;
    private final IpRateLimiter api;
    private final IpRateLimiter wsConnect;
    private final int apiPerSecond;
    private final int wsConnectPerSecond;

    GatewayAuth(final AuthConfig config)
    {
        this.mode = config.mode();
        this.api = new IpRateLimiter(config.apiPerSecond());
        this.wsConnect = new IpRateLimiter(config.wsConnectPerSecond());
        this.apiPerSecond = config.apiPerSecond();
        this.wsConnectPerSecond = config.wsConnectPerSecond();
        byte[] hsKey = config.hsSecret() == null ? null : config.hsSecret().getBytes(StandardCharsets.UTF_8);
        switch (mode)
        {
            case OFF ->
            {
                verifier = null;
                devTokens = null;
                jwks = null;
            }
            case DEV ->
            {
                if (hsKey == null)
                {
                    hsKey = new byte[32];
                    new SecureRandom().nextBytes(hsKey);
                }
                verifier = new JwtVerifier(hsKey, null);
                devTokens = new DevTokens(hsKey);
                jwks = null;
            }
            default ->
            {
                if (hsKey == null && config.jwksUrl() == null)
                {
                    throw new IllegalArgumentException("auth mode jwt needs an HS256 secret or a JWKS URL");
                }
                jwks = config.jwksUrl() == null ? null : new JwksKeys(config.jwksUrl(), config.jwksRefreshNs());
                verifier = new JwtVerifier(hsKey, jwks);
                devTokens = null;
            }
        }
    }

    /** Fetches the JWKS once when there is one; call before serving, not on an event loop. */
    void start()
    {
        if (jwks != null)
        {
            jwks.start();
        }
    }

    AuthMode mode()
    {
        return mode;
    }

    /** The dev-mode issuer, or {@code null} outside dev mode. */
    DevTokens devTokens()
    {
        return devTokens;
    }

    IpRateLimiter apiLimiter()
    {
        return api;
    }

    IpRateLimiter wsConnectLimiter()
    {
        return wsConnect;
    }

    int apiPerSecond()
    {
        return apiPerSecond;
    }

    int wsConnectPerSecond()
    {
        return wsConnectPerSecond;
    }

    /** Forgets idle rate-limit buckets; called periodically off the event loops. */
    void sweep()
    {
        final long now = System.nanoTime();
        api.sweep(now);
        wsConnect.sweep(now);
    }

    /**
     * Authenticates a request when the mode asks for it.
     *
     * @param request the request.
     * @param query   its decoded URI.
     * @return the principal; with auth off, one that may see everything.
     * @throws TokenException when the token is missing or refused.
     */
    Principal authenticate(final FullHttpRequest request, final QueryStringDecoder query) throws TokenException
    {
        if (mode == AuthMode.OFF)
        {
            return new Principal(null, null, Long.MAX_VALUE);
        }
        return verifier.verify(token(request, query), System.currentTimeMillis() / 1000);
    }

    private static String token(final FullHttpRequest request, final QueryStringDecoder query)
    {
        final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null)
        {
            final String trimmed = header.trim();
            return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : "";
        }
        final List<String> values = query.parameters().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The client's IP, for the rate limits.
     *
     * @param address the channel's remote address.
     * @return the IP, or the loopback address when the channel has none (embedded channels).
     */
    static InetAddress ip(final SocketAddress address)
    {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ?
            inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    /**
     * 401 problem+json with {@code WWW-Authenticate: Bearer}.
     *
     * @param ex why.
     * @return the response.
     */
    static FullHttpResponse unauthorized(final TokenException ex)
    {
        final FullHttpResponse response = Problems.problem(HttpResponseStatus.UNAUTHORIZED, "token", ex.getMessage());
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        return response;
    }

    /**
     * 429 problem+json with {@code Retry-After} in whole seconds.
     *
     * @param waitNs    nanoseconds until the next token.
     * @param what      what was limited, for the detail.
     * @param perSecond the limit.
     * @return the response.
     */
    static FullHttpResponse tooMany(final long waitNs, final String what, final int perSecond)
    {
        final FullHttpResponse response = Problems.problem(HttpResponseStatus.TOO_MANY_REQUESTS, null,
            "more than " + perSecond + " " + what + " per second from this address");
        final long seconds = Math.max(1, (waitNs + 999_999_999L) / 1_000_000_000L);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        return response;
    }

    @Override
    public void close()
    {
        if (jwks != null)
        {
            jwks.close();
        }
    }
}
