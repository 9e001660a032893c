package io.tickwire.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.codecs.WireMessages;

/**
 * Verifies compact JWS tokens (RFC 7515/7519): HS256 against a shared secret and RS256 against JWKS keys; nothing
 * else. Refuses {@code alg: none} and every other algorithm, a {@code crit} header, a wrong signature, a token past
 * {@code exp} or before {@code nbf} (with {@link #LEEWAY_SECONDS} leeway either way), a token without {@code exp},
 * and anything malformed. The signature is checked before any claim is read. Thread-safe.
 */
final class JwtVerifier
{
    /** Clock skew tolerated on {@code exp} and {@code nbf}. */
    static final long LEEWAY_SECONDS = 10;
    /** Longest token accepted, in characters. */
    static final int MAX_TOKEN_CHARS = 8192;
    static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] hsKey;
    private final JwksKeys jwks;

    /**
     * A verifier.
     *
     * @param hsKey HS256 key bytes, or {@code null} to refuse HS256.
     * @param jwks  RS256 keys, or {@code null} to refuse RS256.
     */
    JwtVerifier(final byte[] hsKey, final JwksKeys jwks)
    {
        this.hsKey = hsKey == null ? null : hsKey.clone();
        this.jwks = jwks;
    }

    /**
     * Verifies a token.
     *
     * @param token      the compact serialization.
     * @param nowSeconds current epoch seconds.
     * @return who it names and what it may see.
     * @throws TokenException with a client-safe reason when the token is refused.
     */
    Principal verify(final String token, final long nowSeconds) throws TokenException
    {
        if (token == null || token.isEmpty())
        {
            throw new TokenException("missing token: send Authorization: Bearer <jwt> or ?token=<jwt>");
        }
        if (token.length() > MAX_TOKEN_CHARS)
        {
            throw new TokenException("malformed token: longer than " + MAX_TOKEN_CHARS + " characters");
        }
        final int dot1 = token.indexOf('.');
        final int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == token.length() - 1 || token.indexOf('.', dot2 + 1) >= 0)
        {
            throw new TokenException("malformed token: not three base64url parts");
        }
        final JsonNode header = object(decode(token, 0, dot1), "header");
        final JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual())
        {
            throw new TokenException("malformed token: header has no alg");
        }
        if (header.has("crit"))
        {
            throw new TokenException("unsupported token: crit header");
        }
        final byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
        final byte[] signature = decode(token, dot2 + 1, token.length());
        switch (alg.asText())
        {
            case "HS256" -> verifyHs256(signingInput, signature);
            case "RS256" -> verifyRs256(header, signingInput, signature);
            default -> throw new TokenException("unsupported alg " + printable(alg.asText()) + ": HS256 or RS256");
        }
        return claims(object(decode(token, dot1 + 1, dot2), "payload"), nowSeconds);
    }

    private void verifyHs256(final byte[] signingInput, final byte[] signature) throws TokenException
    {
        if (hsKey == null)
        {
            throw new TokenException("unsupported alg HS256: this server verifies RS256 only");
        }
        final byte[] expected;
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hsKey, "HmacSHA256"));
            expected = mac.doFinal(signingInput);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
        if (!MessageDigest.isEqual(expected, signature))
        {
            throw new TokenException("bad signature");
        }
    }

    private void verifyRs256(final JsonNode header, final byte[] signingInput, final byte[] signature)
        throws TokenException
    {
        if (jwks == null)
        {
            throw new TokenException("unsupported alg RS256: this server verifies HS256 only");
        }
        final JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual())
        {
            throw new TokenException("malformed token: kid is not a string");
        }
        final RSAPublicKey key = jwks.find(kid == null ? null : kid.asText());
        if (key == null)
        {
            throw new TokenException("unknown signing key (kid)");
        }
        try
        {
            final Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signingInput);
            if (!verifier.verify(signature))
            {
                throw new TokenException("bad signature");
            }
        }
        catch (final InvalidKeyException | java.security.SignatureException ex)
        {
            throw new TokenException("bad signature");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA256withRSA unavailable", ex);
        }
    }

    private static Principal claims(final JsonNode payload, final long nowSeconds) throws TokenException
    {
        final JsonNode exp = payload.get("exp");
        if (exp == null || !exp.isNumber())
        {
            throw new TokenException("malformed token: exp (expiry, epoch seconds) is required");
        }
        final long expSeconds = exp.asLong();
        if (nowSeconds - LEEWAY_SECONDS >= expSeconds)
        {
            throw new TokenException("token expired");
        }
        final JsonNode nbf = payload.get("nbf");
        if (nbf != null)
        {
            if (!nbf.isNumber())
            {
                throw new TokenException("malformed token: nbf is not a number");
            }
            if (nowSeconds + LEEWAY_SECONDS < nbf.asLong())
            {
                throw new TokenException("token not yet valid (nbf)");
            }
        }
        final JsonNode sub = payload.get("sub");
        if (sub != null && !sub.isTextual())
        {
            throw new TokenException("malformed token: sub is not a string");
        }
        final JsonNode symbols = payload.get("symbols");
        Set<String> entitled = null;
        if (symbols != null && !symbols.isNull())
        {
            if (!symbols.isArray())
            {
                throw new TokenException("malformed token: symbols is not an array of strings");
            }
            entitled = new HashSet<>();
            for (final JsonNode symbol : symbols)
            {
                if (!symbol.isTextual() || !WireMessages.isValidSymbol(symbol.asText()))
                {
                    throw new TokenException("malformed token: symbols holds something that is not a symbol");
                }
                entitled.add(symbol.asText());
            }
            entitled = Set.copyOf(entitled);
        }
        return new Principal(sub == null ? null : sub.asText(), entitled, expSeconds);
    }

    private static byte[] decode(final String token, final int from, final int to) throws TokenException
    {
        for (int i = from; i < to; i++)
        {
            final char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'))
            {
                throw new TokenException("malformed token: not base64url");
            }
        }
        try
        {
            return Base64.getUrlDecoder().decode(token.substring(from, to));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new TokenException("malformed token: not base64url");
        }
    }

    private static JsonNode object(final byte[] json, final String part) throws TokenException
    {
        try
        {
            final JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject())
            {
                throw new TokenException("malformed token: " + part + " is not a JSON object");
            }
            return node;
        }
        catch (final IOException ex)
        {
            throw new TokenException("malformed token: " + part + " is not JSON");
        }
    }

    private static String printable(final String alg)
    {
        return alg.length() <= 16 && alg.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? alg : "(unprintable)";
    }
}
