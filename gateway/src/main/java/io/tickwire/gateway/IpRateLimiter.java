package io.tickwire.gateway;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per client IP, {@code perSecond} tokens a second and as many in the bucket, lock-free: each bucket is
 * one {@link AtomicLong} holding its theoretical arrival time (GCRA, the token bucket as a single instant). Event loops
 * call {@link #acquire}; the gateway's tick calls {@link #sweep} to forget full buckets, so the map holds only IPs
 * active in the last second. When {@link #MAX_TRACKED} IPs are tracked at once, new IPs are refused until the sweep
 * frees room: memory stays bounded under an address-rotating flood. Thread-safe.
 */
final class IpRateLimiter
{
    /** Most IPs tracked at once. */
    static final int MAX_TRACKED = 100_000;
    private static final long SECOND_NS = 1_000_000_000L;

    private final long intervalNs;
    private final long toleranceNs;
    private final ConcurrentHashMap<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();

    /**
     * A limiter.
     *
     * @param perSecond tokens per second and bucket size; 0 means unlimited.
     */
    IpRateLimiter(final int perSecond)
    {
        this.intervalNs = perSecond <= 0 ? 0 : SECOND_NS / perSecond;
        this.toleranceNs = perSecond <= 0 ? 0 : SECOND_NS - intervalNs;
    }

    /**
     * Takes a token for an IP.
     *
     * @param ip    the client.
     * @param nowNs {@link System#nanoTime()}.
     * @return 0 when allowed, else the nanoseconds until a token is available (at least 1).
     */
    long acquire(final InetAddress ip, final long nowNs)
    {
        if (intervalNs == 0)
        {
            return 0;
        }
        AtomicLong bucket = buckets.get(ip);
        if (bucket == null)
        {
            if (buckets.size() >= MAX_TRACKED)
            {
                return SECOND_NS;
            }
            bucket = buckets.computeIfAbsent(ip, k -> new AtomicLong(nowNs));
        }
        while (true)
        {
            final long tat = bucket.get();
            final long start = tat - nowNs < 0 ? nowNs : tat;
            if (start - nowNs > toleranceNs)
            {
                return Math.max(1, start - toleranceNs - nowNs);
            }
            if (bucket.compareAndSet(tat, start + intervalNs))
            {
                return 0;
            }
        }
    }

    /**
     * Forgets the buckets that are full again (nothing to remember about those IPs).
     *
     * @param nowNs {@link System#nanoTime()}.
     */
    void sweep(final long nowNs)
    {
        buckets.values().removeIf(bucket -> bucket.get() - nowNs <= 0);
    }

    int tracked()
    {
        return buckets.size();
    }
}
