package io.tickwire.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issues the HS256 tokens of dev mode ({@code POST /api/auth/token}), signed with the key the verifier checks.
 * Thread-safe.
 */
final class DevTokens
{
    /** Default lifetime: one hour. */
    static final long DEFAULT_TTL_SECONDS = 3600;
    /** Longest lifetime: one day. */
    static final long MAX_TTL_SECONDS = 86_400;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;

    DevTokens(final byte[] key)
    {
        this.key = key.clone();
    }

    /**
     * A signed token.
     *
     * @param subject    the {@code sub} claim.
     * @param symbols    entitlements, or {@code null} for all.
     * @param ttlSeconds lifetime.
     * @param nowSeconds issue instant, epoch seconds.
     * @return the compact serialization.
     */
    String issue(final String subject, final List<String> symbols, final long ttlSeconds, final long nowSeconds)
    {
        final ObjectNode claims = JwtVerifier.JSON.createObjectNode();
        claims.put("sub", subject).put("iat", nowSeconds).put("exp", nowSeconds + ttlSeconds);
        if (symbols != null)
        {
            final ArrayNode array = claims.putArray("symbols");
            symbols.forEach(array::add);
        }
        final String signingInput = HEADER + "." + B64.encodeToString(claims.toString()
            .getBytes(StandardCharsets.UTF_8));
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(
                StandardCharsets.US_ASCII)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    /**
     * Parses a lifetime such as {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d} or a plain number of seconds.
     *
     * @param text the value.
     * @return seconds, from 1 to {@link #MAX_TTL_SECONDS}.
     * @throws IllegalArgumentException when unreadable or out of range.
     */
    static long ttlSeconds(final String text)
    {
        if (text == null || text.isEmpty() || text.length() > 12)
        {
            throw new IllegalArgumentException(text);
        }
        final char unit = text.charAt(text.length() - 1);
        final long scale = switch (unit)
        {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            default -> 0;
        };
        final String digits = scale == 0 ? text : text.substring(0, text.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException(text);
        }
        final long seconds = Long.parseLong(digits) * (scale == 0 ? 1 : scale);
        if (seconds < 1 || seconds > MAX_TTL_SECONDS)
        {
            throw new IllegalArgumentException(text);
        }
        return seconds;
    }
}
