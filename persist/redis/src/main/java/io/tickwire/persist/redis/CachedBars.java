package io.tickwire.persist.redis;

import java.util.List;

import io.tickwire.persist.BarRecord;

/**
 * What the Redis cache holds for one bar request.
 *
 * @param bars bars found, oldest first.
 * @param hit  true when they are the complete answer to the request; otherwise the caller asks the next store.
 */
public record CachedBars(List<BarRecord> bars, boolean hit)
{
}
