/**
 * The gateway: Netty WebSocket fan-out (SPEC 6) and the market-data HTTP API (SPEC 7).
 */
package io.tickwire.gateway;
