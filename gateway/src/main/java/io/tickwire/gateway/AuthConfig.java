package io.tickwire.gateway;

import java.net.URI;

/**
 * The gateway's authentication and per-IP rate-limit settings, resolved by the caller.
 *
 * @param mode               off, dev or jwt.
 * @param hsSecret           HS256 secret (UTF-8 bytes of it are the key); in dev mode {@code null} means a random
 *                           per-process secret; in jwt mode {@code null} means no HS256.
 * @param jwksUrl            JWKS of the RS256 keys (jwt mode), or {@code null} for no RS256.
 * @param jwksRefreshNs      how often the JWKS is fetched again.
 * @param apiPerSecond       {@code /api} requests one IP may make per second (bucket of one second); 0: unlimited.
 * @param wsConnectPerSecond {@code /ws} upgrade attempts one IP may make per second; 0: unlimited.
 */
public record AuthConfig(
    AuthMode mode,
    String hsSecret,
    URI jwksUrl,
    long jwksRefreshNs,
    int apiPerSecond,
    int wsConnectPerSecond)
{
    /** Default JWKS refresh period: 5 minutes. */
    public static final long DEFAULT_JWKS_REFRESH_NS = 300_000_000_000L;

    /**
     * Everything open and unlimited: what the gateway did before auth existed.
     *
     * @return the open configuration.
     */
    public static AuthConfig off()
    {
        return new AuthConfig(AuthMode.OFF, null, null, DEFAULT_JWKS_REFRESH_NS, 0, 0);
    }

    @Override
    public String toString()
    {
        // Never print the secret (SPEC §10).
        return "AuthConfig[mode=" + mode + ", hsSecret=" + (hsSecret == null ? "unset" : "***") + ", jwksUrl=" +
            jwksUrl + ", jwksRefreshNs=" + jwksRefreshNs + ", apiPerSecond=" + apiPerSecond +
            ", wsConnectPerSecond=" + wsConnectPerSecond + "]";
    }
}
