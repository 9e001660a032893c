package io.tickwire.codecs;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.ResetReason;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the server-to-client messages of SPEC §6 in one encoding, so that the gateway holds one encoder per
 * encoding and per thread. Each call writes one whole frame payload at {@code offset} and returns its length in
 * bytes; an expandable buffer grows as needed, a fixed one must have room (else {@link IndexOutOfBoundsException}).
 * <p>
 * Units in: instants are epoch nanoseconds and prices mantissas at scale 10^8, whatever the encoding; the
 * encoding converts ({@code t} to ms, {@code ri}/{@code st} to µs for JSON and MessagePack; SBE keeps ns).
 * Deltas: the caller chooses the presence mask ({@code WireMessages.BAR_*}, {@code QUOTE_*}), e.g. with
 * {@link BarMessage#changedFields(BarMessage)}; a new bar must be sent with {@link WireMessages#BAR_ALL}.
 * {@link WireMessages#TIMING} in a mask or in trade flags adds {@code ri}.
 * <p>
 * Not thread-safe: an encoder keeps scratch state (snapshot in progress, flyweights); one per thread. Steady-state
 * calls do not allocate.
 */
public interface WireEncoder
{
    /**
     * The encoding this encoder writes.
     *
     * @return the encoding.
     */
    WireEncoding encoding();

    /**
     * {@code {"type":"ack","id":…}}.
     *
     * @param dst    destination.
     * @param offset where the frame starts.
     * @param id     the request's id, or {@link WireMessages#NO_VALUE} when it had none (then left out).
     * @return bytes written.
     */
    int encodeAck(MutableDirectBuffer dst, int offset, long id);

    /**
     * {@code {"type":"error","id":…,"code":…,"message":…}}.
     *
     * @param dst     destination.
     * @param offset  where the frame starts.
     * @param id      the request's id, or {@link WireMessages#NO_VALUE} (then left out).
     * @param code    error code.
     * @param message reason for a human; cut to {@link WireMessages#MAX_ERROR_MESSAGE_BYTES} bytes of UTF-8.
     * @return bytes written.
     */
    int encodeError(MutableDirectBuffer dst, int offset, long id, ErrorCode code, CharSequence message);

    /**
     * {@code {"type":"pong","id":…,"t":…,"st":…}}.
     *
     * @param dst         destination.
     * @param offset      where the frame starts.
     * @param id          the ping's id, or {@link WireMessages#NO_VALUE} (then left out).
     * @param clientTime  the ping's {@code t} echoed unchanged, or {@link WireMessages#NO_VALUE} (then left out).
     * @param serverNanos server clock, epoch ns; {@code st} in µs.
     * @return bytes written.
     */
    int encodePong(MutableDirectBuffer dst, int offset, long id, long clientTime, long serverNanos);

    /**
     * {@code {"type":"reset","channel":…,"symbol":…,"tf":…,"reason":…}}; {@code tf} only for bars.
     *
     * @param dst     destination.
     * @param offset  where the frame starts.
     * @param channel the stream's channel.
     * @param symbol  the stream's symbol.
     * @param tf      the stream's timeframe for {@link Channel#BARS}, else {@code null}.
     * @param reason  why the stream restarts.
     * @return bytes written.
     */
    int encodeReset(
        MutableDirectBuffer dst, int offset, Channel channel, CharSequence symbol, Timeframe tf, ResetReason reason);

    /**
     * {@code {"type":"trade","symbol":…,"seq":…,"t":…,"p":…,"v":…[,"ri":…]}}.
     *
     * @param dst    destination.
     * @param offset where the frame starts.
     * @param trade  the trade.
     * @param flags  {@link WireMessages#TIMING} to add {@code ri}, else 0.
     * @return bytes written.
     */
    int encodeTrade(MutableDirectBuffer dst, int offset, TradeMessage trade, int flags);

    /**
     * {@code {"type":"quote","symbol":…,"seq":…,"t":…[,"b":…][,"bs":…][,"a":…][,"as":…][,"ri":…]}}.
     *
     * @param dst      destination.
     * @param offset   where the frame starts.
     * @param quote    the quote.
     * @param presence {@code QUOTE_*} bits of the fields to send, plus {@link WireMessages#TIMING}.
     * @return bytes written.
     */
    int encodeQuote(MutableDirectBuffer dst, int offset, QuoteMessage quote, int presence);

    /**
     * {@code {"type":"bar","symbol":…,"tf":…,"seq":…,"t":…[,"o":…]…[,"final":…][,"rev":…][,"ri":…]}}.
     *
     * @param dst      destination.
     * @param offset   where the frame starts.
     * @param bar      the bar.
     * @param presence {@code BAR_*} bits of the fields to send ({@link WireMessages#BAR_ALL} for a new bar),
     *                 plus {@link WireMessages#TIMING}.
     * @return bytes written.
     */
    int encodeBar(MutableDirectBuffer dst, int offset, BarMessage bar, int presence);

    /**
     * Starts {@code {"type":"snapshot","channel":…,"symbol":…[,"tf":…],"epoch":…,"seq":…,"<channel>":[…]}};
     * exactly {@code rowCount} rows of the channel's kind follow, then {@link #snapshotEnd()}.
     *
     * @param dst      destination.
     * @param offset   where the frame starts.
     * @param channel  the stream's channel: rows are bars, trades or quotes.
     * @param symbol   the stream's symbol.
     * @param tf       the timeframe for {@link Channel#BARS}, else {@code null}.
     * @param epoch    engine incarnation, ASCII, up to {@link WireMessages#MAX_EPOCH_LENGTH} characters.
     * @param seq      sequence of the last update the snapshot includes.
     * @param rowCount rows to follow, 0 to {@link WireMessages#MAX_SNAPSHOT_ROWS}.
     */
    void snapshotBegin(
        MutableDirectBuffer dst,
        int offset,
        Channel channel,
        CharSequence symbol,
        Timeframe tf,
        CharSequence epoch,
        long seq,
        int rowCount);

    /**
     * Appends a bar row {@code [t,o,h,l,c,v,n,vw]} to a bars snapshot.
     *
     * @param bar the bar; its start and the eight values are used.
     */
    void snapshotBar(BarMessage bar);

    /**
     * Appends a trade row {@code [t,p,v]} to a trades snapshot.
     *
     * @param trade the trade; instant, price and volume are used.
     */
    void snapshotTrade(TradeMessage trade);

    /**
     * Appends a quote row {@code [t,b,bs,a,as]} to a quotes snapshot.
     *
     * @param quote the quote; instant, prices and sizes are used.
     */
    void snapshotQuote(QuoteMessage quote);

    /**
     * Finishes the snapshot begun by {@link #snapshotBegin}.
     *
     * @return bytes written since {@code offset}.
     * @throws IllegalStateException when fewer or more rows than announced were appended.
     */
    int snapshotEnd();
}
