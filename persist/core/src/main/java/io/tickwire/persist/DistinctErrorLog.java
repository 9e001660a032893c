package io.tickwire.persist;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;

/**
 * Logs each distinct failure of one writer once per outage, so a store that is down for an hour costs a handful
 * of WARN lines instead of one per retry; every failure is still counted in {@link WriterMetrics}. Messages are
 * scrubbed of credentials (URL user info, {@code password=}-style parameters) before they are logged or kept.
 * <p>
 * Not thread-safe: owned by one writer thread.
 */
final class DistinctErrorLog
{
    private static final int MAX_DISTINCT = 64;
    private static final int MAX_MESSAGE_LENGTH = 400;
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
        "(?i)((?:password|passwd|pwd|secret|token|auth|apikey|api_key|access_key)[\"']?\\s*[=:]\\s*)[^&;,\\s\"']+");

    private final Logger log;
    private final String role;
    private final Set<String> seen = new HashSet<>();
    private long failures;

    DistinctErrorLog(final Logger log, final String role)
    {
        this.log = log;
        this.role = role;
    }

    /**
     * Records a failure: logged at WARN when this outage has not shown it yet.
     *
     * @param action  what the writer was doing, e.g. {@code write}.
     * @param message the scrubbed message (see {@link #describe}).
     * @return true when it was logged.
     */
    boolean onFailure(final String action, final String message)
    {
        failures++;
        final String key = action + ": " + message;
        if (seen.size() < MAX_DISTINCT && seen.add(key))
        {
            log.warn("{} {} failed, retrying with backoff (further identical failures are counted, not logged): {}",
                role, action, message);
            return true;
        }
        return false;
    }

    /** The store answered again: log the end of the outage and forget its messages, so the next one is logged. */
    void onRecovered()
    {
        if (failures > 0)
        {
            log.info("{} store reachable again after {} failed attempts", role, failures);
            failures = 0;
            seen.clear();
        }
    }

    /**
     * Failures since the last recovery.
     *
     * @return count.
     */
    long failures()
    {
        return failures;
    }

    /**
     * A short, credential-free description of a failure: its type and message, and its root cause's.
     *
     * @param error the failure.
     * @return text safe to log and to show in metrics.
     */
    static String describe(final Throwable error)
    {
        final StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
        if (error.getMessage() != null)
        {
            text.append(": ").append(error.getMessage());
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        if (root != error)
        {
            text.append(" (cause ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null)
            {
                text.append(": ").append(root.getMessage());
            }
            text.append(')');
        }
        return scrub(text.toString());
    }

    /**
     * Removes credentials from a message and caps its length.
     *
     * @param message raw text.
     * @return scrubbed text.
     */
    static String scrub(final String message)
    {
        String clean = USER_INFO.matcher(message).replaceAll("***@");
        clean = SECRET_PARAMETER.matcher(clean).replaceAll("$1***");
        clean = clean.replace('\n', ' ').replace('\r', ' ');
        return clean.length() <= MAX_MESSAGE_LENGTH ? clean : clean.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}
