/**
 * The Redis cache (SPEC 8): write-through sinks for the latest prices ({@code price:{SYMBOL}}) and recent final
 * bars ({@code bars:{SYMBOL}:{tf}}), the cache warmer, and the counted read side the HTTP API tries first.
 */
package io.tickwire.persist.redis;
