package io.tickwire.gateway;

import java.util.Locale;

/**
 * How {@code /ws} and {@code /api} authenticate (SPEC §9, {@code TICKWIRE_AUTH_MODE}).
 */
public enum AuthMode
{
    /** Everything is open. */
    OFF,
    /** HS256 tokens issued by {@code POST /api/auth/token} (this process's secret); for the embedded dashboard. */
    DEV,
    /** HS256 tokens signed with the configured secret and/or RS256 tokens verified against a JWKS. */
    JWT;

    /**
     * The mode a configuration value names.
     *
     * @param value {@code off}, {@code dev} or {@code jwt}, any case.
     * @return the mode.
     * @throws IllegalArgumentException for anything else.
     */
    public static AuthMode of(final String value)
    {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
