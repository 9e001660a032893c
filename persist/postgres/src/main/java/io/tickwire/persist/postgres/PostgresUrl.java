package io.tickwire.persist.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The resolved form of {@code TICKWIRE_POSTGRES_URL}. Accepted forms:
 * <ul>
 *   <li>{@code postgresql://user:pass@host:port/db?k=v} (also {@code postgres://}); user and password are
 *   percent-decoded;</li>
 *   <li>{@code jdbc:postgresql://host:port/db?user=u&password=p&k=v}, handed to pgjdbc as is.</li>
 * </ul>
 * Tickwire's own query parameters are taken out before the URL reaches pgjdbc: {@code pool_size} (default 4),
 * {@code partitions_ahead} (days of trade partitions created ahead, default 7), {@code connect_timeout_ms}
 * (default 1000: reads must fail fast when the database is down) and {@code timescale} ({@code auto}, the default,
 * uses TimescaleDB when the extension is available; {@code off} keeps plain PostgreSQL) and {@code copy}
 * ({@code on}, the default, writes trades with binary COPY; {@code off} with a multi-row INSERT, for servers
 * without the COPY sub-protocol such as the pglite TimescaleDB used in tests).
 *
 * @param jdbcUrl          URL for pgjdbc, without Tickwire's parameters.
 * @param user             user, or null when the URL carries it (jdbc form).
 * @param password         password, or null when the URL carries it.
 * @param poolSize         most pooled connections.
 * @param partitionsAhead  days of partitions created ahead of today.
 * @param connectTimeoutMs how long a caller waits for a connection.
 * @param timescaleAllowed false when {@code timescale=off}.
 * @param copy             false when {@code copy=off}.
 */
public record PostgresUrl(String jdbcUrl, String user, String password, int poolSize, int partitionsAhead,
    long connectTimeoutMs, boolean timescaleAllowed, boolean copy)
{
    /** Default pool size. */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** Default days of trade partitions created ahead. */
    public static final int DEFAULT_PARTITIONS_AHEAD = 7;
    /** Default connection timeout, ms. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 1000;

    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    /**
     * Parses a URL in either accepted form.
     *
     * @param url the URL.
     * @return the resolved form.
     * @throws IllegalArgumentException naming what is wrong, when the URL is malformed.
     */
    public static PostgresUrl parse(final String url)
    {
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("TICKWIRE_POSTGRES_URL is empty; expected postgresql://user:pass@host"
                + ":port/db or jdbc:postgresql://host:port/db?user=u&password=p");
        }
        final String trimmed = url.trim();
        final String rest;
        final boolean jdbc;
        if (trimmed.startsWith(JDBC_PREFIX))
        {
            rest = trimmed.substring(JDBC_PREFIX.length());
            jdbc = true;
        }
        else if (trimmed.startsWith("postgresql://"))
        {
            rest = trimmed.substring("postgresql://".length());
            jdbc = false;
        }
        else if (trimmed.startsWith("postgres://"))
        {
            rest = trimmed.substring("postgres://".length());
            jdbc = false;
        }
        else
        {
            throw new IllegalArgumentException("TICKWIRE_POSTGRES_URL '" + redact(trimmed) + "' must start with "
                + "postgresql://, postgres:// or jdbc:postgresql://");
        }

        final int q = rest.indexOf('?');
        final String location = q < 0 ? rest : rest.substring(0, q);
        final String query = q < 0 ? "" : rest.substring(q + 1);

        String user = null;
        String password = null;
        String hostAndDb = location;
        if (!jdbc)
        {
            final int at = location.lastIndexOf('@');
            if (at >= 0)
            {
                final String info = location.substring(0, at);
                hostAndDb = location.substring(at + 1);
                final int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
        }
        if (hostAndDb.isEmpty() || hostAndDb.startsWith("/"))
        {
            throw new IllegalArgumentException("TICKWIRE_POSTGRES_URL '" + redact(trimmed) + "' names no host");
        }

        int poolSize = DEFAULT_POOL_SIZE;
        int partitionsAhead = DEFAULT_PARTITIONS_AHEAD;
        long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        boolean timescale = true;
        boolean copy = true;
        final StringBuilder passOn = new StringBuilder();
        if (!query.isEmpty())
        {
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
                    case "pool_size":
                        poolSize = positiveInt(key, value, 1, 64);
                        break;
                    case "partitions_ahead":
                        partitionsAhead = positiveInt(key, value, 0, 366);
                        break;
                    case "connect_timeout_ms":
                        connectTimeoutMs = positiveInt(key, value, 250, 600_000);
                        break;
                    case "timescale":
                        timescale = "auto".equalsIgnoreCase(value) || onOff(key, value);
                        break;
                    case "copy":
                        copy = onOff(key, value);
                        break;
                    default:
                        passOn.append(passOn.isEmpty() ? '?' : '&').append(pair);
                        break;
                }
            }
        }
        return new PostgresUrl(JDBC_PREFIX + hostAndDb + passOn, user, password, poolSize, partitionsAhead,
            connectTimeoutMs, timescale, copy);
    }

    /**
     * The URL with any password masked, for logs.
     *
     * @return printable form.
     */
    @Override
    public String toString()
    {
        return "PostgresUrl[" + redact(jdbcUrl) + ", user=" + user + ", poolSize=" + poolSize + ", partitionsAhead="
            + partitionsAhead + ", connectTimeoutMs=" + connectTimeoutMs + ", timescale="
            + (timescaleAllowed ? "auto" : "off") + ", copy=" + (copy ? "on" : "off") + "]";
    }

    private static int positiveInt(final String key, final String value, final int min, final int max)
    {
        try
        {
            final int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new IllegalArgumentException("TICKWIRE_POSTGRES_URL parameter " + key + " accepts an integer in ["
            + min + ", " + max + "], not '" + value + "'");
    }

    private static boolean onOff(final String key, final String value)
    {
        return switch (value.toLowerCase(Locale.ROOT))
        {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("TICKWIRE_POSTGRES_URL parameter " + key + " accepts "
                + ("timescale".equals(key) ? "auto or off" : "on or off") + ", not '" + value + "'");
        };
    }

    private static String decode(final String text)
    {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redact(final String url)
    {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@");
    }
}
