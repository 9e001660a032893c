package io.tickwire.persist.clickhouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The resolved form of {@code TICKWIRE_CLICKHOUSE_URL}:
 * {@code http[s]://[user[:password]@]host[:port][/][?database=NAME&connect_timeout_ms=N&socket_timeout_ms=N]}.
 * User and password are percent-decoded; the user defaults to {@code default} with an empty password, the port to
 * 8123 (8443 for https), the database to {@code tickwire}. The database must be a plain identifier
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) because every statement names it; tests use {@code tickwire_test}.
 *
 * @param endpoint         {@code scheme://host:port} handed to the client.
 * @param user             user name.
 * @param password         password, may be empty.
 * @param database         database holding the tables.
 * @param connectTimeoutMs TCP connect timeout: reads must fail fast when the server is down.
 * @param socketTimeoutMs  socket read timeout of one request.
 */
public record ClickHouseUrl(String endpoint, String user, String password, String database, long connectTimeoutMs,
    long socketTimeoutMs)
{
    /** Database used when the URL names none. */
    public static final String DEFAULT_DATABASE = "tickwire";
    /** Default connect timeout, ms. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 1000;
    /** Default socket timeout, ms: generous, an insert of a million rows takes seconds on a busy server. */
    public static final long DEFAULT_SOCKET_TIMEOUT_MS = 60_000;

    /**
     * Parses a URL.
     *
     * @param url the URL.
     * @return the resolved form.
     * @throws IllegalArgumentException naming what is wrong, when the URL is malformed.
     */
    public static ClickHouseUrl parse(final String url)
    {
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL is empty; expected http://host:8123");
        }
        final String trimmed = url.trim();
        final int schemeEnd = trimmed.indexOf("://");
        final String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme))
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(trimmed)
                + "' must start with http:// or https://");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        String query = "";
        final int q = rest.indexOf('?');
        if (q >= 0)
        {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        final int slash = rest.indexOf('/');
        if (slash >= 0)
        {
            final String path = rest.substring(slash + 1);
            if (!path.isEmpty())
            {
                throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(trimmed)
                    + "' has a path; name the database with ?database=NAME");
            }
            rest = rest.substring(0, slash);
        }
        String user = "default";
        String password = "";
        final int at = rest.lastIndexOf('@');
        if (at >= 0)
        {
            final String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            final int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
            password = colon < 0 ? "" : decode(credentials.substring(colon + 1));
        }
        final String hostPort = hostAndPort(rest, "https".equals(scheme) ? 8443 : 8123, trimmed);

        String database = DEFAULT_DATABASE;
        long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        long socketTimeoutMs = DEFAULT_SOCKET_TIMEOUT_MS;
        for (final String pair : query.split("&"))
        {
            if (pair.isEmpty())
            {
                continue;
            }
            final int eq = pair.indexOf('=');
            final String key = eq < 0 ? pair : pair.substring(0, eq);
            final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (key)
            {
                case "database":
                    database = value;
                    break;
                case "connect_timeout_ms":
                    connectTimeoutMs = positive(key, value, trimmed);
                    break;
                case "socket_timeout_ms":
                    socketTimeoutMs = positive(key, value, trimmed);
                    break;
                default:
                    throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(trimmed)
                        + "' has an unknown parameter '" + key
                        + "' (accepts database, connect_timeout_ms, socket_timeout_ms)");
            }
        }
        if (!isIdentifier(database))
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL database '" + database
                + "' must match [A-Za-z_][A-Za-z0-9_]*");
        }
        return new ClickHouseUrl(scheme + "://" + hostPort, user, password, database, connectTimeoutMs,
            socketTimeoutMs);
    }

    /**
     * The URL without its password, for logs.
     *
     * @return a printable form.
     */
    public String redacted()
    {
        return endpoint + " (user " + user + ", database " + database + ")";
    }

    @Override
    public String toString()
    {
        return redacted();
    }

    /**
     * Whether a name is a plain SQL identifier, safe to splice into statements unquoted.
     *
     * @param name the name.
     * @return true for {@code [A-Za-z_][A-Za-z0-9_]*}.
     */
    public static boolean isIdentifier(final String name)
    {
        if (name == null || name.isEmpty() || name.length() > 64)
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9'))
            {
                return false;
            }
        }
        return true;
    }

    private static String hostAndPort(final String location, final int defaultPort, final String url)
    {
        if (location.isEmpty())
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(url) + "' has no host");
        }
        final int colon = location.lastIndexOf(':');
        final boolean bracketed = location.endsWith("]");
        if (colon < 0 || bracketed)
        {
            return location + ":" + defaultPort;
        }
        final String port = location.substring(colon + 1);
        final long value;
        try
        {
            value = Long.parseLong(port);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(url) + "' has a bad port '"
                + port + "'", e);
        }
        if (value < 1 || value > 65535 || colon == 0)
        {
            throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(url) + "' has a bad host or port");
        }
        return location;
    }

    private static long positive(final String key, final String value, final String url)
    {
        try
        {
            final long parsed = Long.parseLong(value);
            if (parsed > 0)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new IllegalArgumentException("TICKWIRE_CLICKHOUSE_URL '" + redact(url) + "': " + key
            + " must be a positive integer, not '" + value + "'");
    }

    private static String decode(final String text)
    {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redact(final String url)
    {
        final int schemeEnd = url.indexOf("://");
        final int at = url.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return url;
        }
        final String credentials = url.substring(schemeEnd + 3, at);
        final int colon = credentials.indexOf(':');
        final String user = colon < 0 ? credentials : credentials.substring(0, colon);
        return url.substring(0, schemeEnd + 3) + user + (colon < 0 ? "" : ":***") + url.substring(at);
    }
}
