package io.tickwire.codecs;

import java.util.List;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.Timeframe;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.ExpandableArrayBuffer;

import static io.tickwire.codecs.WireMessages.BAR_ALL;
import static io.tickwire.codecs.WireMessages.NO_VALUE;
import static io.tickwire.codecs.WireMessages.QUOTE_ALL;
import static io.tickwire.codecs.WireMessages.TIMING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random messages through every encoding: decode(encode(x)) == x, previous + delta == full, MessagePack equals
 * JSON as a JavaScript client sees them. Instants are whole milliseconds and receive instants whole microseconds,
 * the wire resolution of JSON and MessagePack; prices span the whole SPEC range (up to 10^10), except for the
 * exact MessagePack round trip, which holds below 2^26 (see {@link DecimalDoubles}).
 */
class WirePropertyTest
{
    private static final long MAX_PRICE = 1_000_000_000_000_000_000L;
    private static final long MAX_EXACT_DOUBLE_PRICE = (1L << 26) * FixedPoint.SCALE - 1;
    private static final String SYMBOL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/-";

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer jsonBuffer = new ExpandableArrayBuffer(256);
    private final DecodedMessage decoded = new DecodedMessage();

    @Provide
    Arbitrary<BarMessage> bars()
    {
        return bars(MAX_PRICE);
    }

    @Provide
    Arbitrary<BarMessage> barsForDoubles()
    {
        return bars(MAX_EXACT_DOUBLE_PRICE);
    }

    private static Arbitrary<BarMessage> bars(final long maxPrice)
    {
        final Arbitrary<long[]> prices = Arbitraries.longs().between(1, maxPrice).array(long[].class).ofSize(5);
        final Arbitrary<Tuple.Tuple3<Boolean, Integer, Long>> flags = Combinators.combine(
            Arbitraries.of(true, false), Arbitraries.integers().between(0, 1_000), receiveNanos()).as(Tuple::of);
        return Combinators.combine(symbols(), Arbitraries.of(Timeframe.class).filter(tf -> tf != Timeframe.NULL_VAL),
            sequences(), instants(), prices, volumes(), Arbitraries.longs().between(1, 1_000_000_000L), flags)
            .as((symbol, tf, seq, start, p, volume, count, f) -> new BarMessage().symbol(symbol).tf(tf).seq(seq)
                .set(start, p[0], p[1], p[2], p[3], volume, count, p[4], f.get1(), f.get2())
                .receiveNanos(f.get3()));
    }

    @Provide
    Arbitrary<QuoteMessage> quotes()
    {
        final Arbitrary<Long> price = Arbitraries.longs().between(1, MAX_PRICE).injectNull(0.1)
            .map(p -> p == null ? NO_VALUE : p);
        return Combinators.combine(symbols(), sequences(), instants(), price, volumes(), price, volumes(),
            receiveNanos())
            .as((symbol, seq, ts, bid, bidSize, ask, askSize, ri) -> new QuoteMessage().symbol(symbol).seq(seq)
                .set(ts, bid, bidSize, ask, askSize).receiveNanos(ri));
    }

    @Provide
    Arbitrary<TradeMessage> trades()
    {
        return Combinators.combine(symbols(), sequences(), instants(), Arbitraries.longs().between(1, MAX_PRICE),
            volumes(), receiveNanos())
            .as((symbol, seq, ts, price, volume, ri) -> new TradeMessage().symbol(symbol).seq(seq)
                .set(ts, price, volume).receiveNanos(ri));
    }

    private static Arbitrary<String> symbols()
    {
        return Arbitraries.strings().withChars(SYMBOL_CHARS).ofMinLength(1).ofMaxLength(16);
    }

    private static Arbitrary<Long> sequences()
    {
        return Arbitraries.longs().between(0, 1L << 53);
    }

    /** Whole milliseconds between 1970 and 2100, in nanoseconds. */
    private static Arbitrary<Long> instants()
    {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(ms -> ms * 1_000_000L);
    }

    /** Whole microseconds, in nanoseconds. */
    private static Arbitrary<Long> receiveNanos()
    {
        return Arbitraries.longs().between(0, 4_102_444_800_000_000L).map(us -> us * 1_000L);
    }

    private static Arbitrary<Long> volumes()
    {
        return Arbitraries.longs().between(1, 1_000_000_000_000L);
    }

    @Provide
    Arbitrary<WireEncoding> exactEncodings()
    {
        return Arbitraries.of(WireEncoding.JSON, WireEncoding.SBE);
    }

    private void decode(final WireEncoding encoding, final int length)
    {
        assertThat(encoding.newDecoder().decode(buffer, 0, length, decoded))
            .as("decoded %s, failure=%s", encoding, decoded.failure()).isTrue();
    }

    @Property(tries = 400)
    void shouldDecodeWhatWasEncodedExactlyInJsonAndSbe(
        @ForAll("exactEncodings") final WireEncoding encoding,
        @ForAll("bars") final BarMessage bar,
        @ForAll final boolean timing)
    {
        assertBarRoundTrip(encoding, bar, timing);
    }

    @Property(tries = 400)
    void shouldDecodeWhatWasEncodedInMsgPackForPricesDoublesTellApart(
        @ForAll("barsForDoubles") final BarMessage bar, @ForAll final boolean timing)
    {
        assertBarRoundTrip(WireEncoding.MSGPACK, bar, timing);
    }

    private void assertBarRoundTrip(final WireEncoding encoding, final BarMessage bar, final boolean timing)
    {
        final int presence = BAR_ALL | (timing ? TIMING : 0);
        decode(encoding, encoding.newEncoder().encodeBar(buffer, 0, bar, presence));

        final BarMessage expected = new BarMessage().copyFrom(bar).receiveNanos(timing ? bar.receiveNanos() : NO_VALUE);
        expected.presence(presence);
        assertThat(decoded.bar()).isEqualTo(expected);
    }

    @Property(tries = 400)
    void shouldRebuildFullBarFromPreviousPlusDeltaWithRandomMask(
        @ForAll("exactEncodings") final WireEncoding encoding,
        @ForAll("bars") final BarMessage previous,
        @ForAll("bars") final BarMessage changes,
        @ForAll @IntRange(min = 0, max = BAR_ALL) final int changedMask)
    {
        final BarMessage next = merge(previous, changes, changedMask);
        final WireEncoder encoder = encoding.newEncoder();
        final BarMessage client = new BarMessage();

        decode(encoding, encoder.encodeBar(buffer, 0, previous, BAR_ALL));
        assertThat(client.applyUpdate(decoded.bar())).isTrue();
        final int mask = next.changedFields(previous);
        final int deltaLength = encoder.encodeBar(buffer, 0, next, mask);
        decode(encoding, deltaLength);
        assertThat(decoded.bar().presence()).isEqualTo(mask);
        assertThat(client.applyUpdate(decoded.bar())).isTrue();

        assertThat(client).isEqualTo(next.receiveNanos(NO_VALUE));
        assertThat(deltaLength).isLessThanOrEqualTo(encoder.encodeBar(buffer, 0, next, BAR_ALL));
    }

    @Property(tries = 300)
    void shouldRebuildFullQuoteFromPreviousPlusDelta(
        @ForAll("exactEncodings") final WireEncoding encoding,
        @ForAll("quotes") final QuoteMessage previous,
        @ForAll("quotes") final QuoteMessage changes,
        @ForAll @IntRange(min = 0, max = QUOTE_ALL) final int changedMask)
    {
        final QuoteMessage next = new QuoteMessage().copyFrom(previous).seq(changes.seq())
            .receiveNanos(changes.receiveNanos());
        next.set(changes.tsNanos(),
            (changedMask & WireMessages.QUOTE_BID) != 0 ? changes.bid() : previous.bid(),
            (changedMask & WireMessages.QUOTE_BID_SIZE) != 0 ? changes.bidSize() : previous.bidSize(),
            (changedMask & WireMessages.QUOTE_ASK) != 0 ? changes.ask() : previous.ask(),
            (changedMask & WireMessages.QUOTE_ASK_SIZE) != 0 ? changes.askSize() : previous.askSize());
        final WireEncoder encoder = encoding.newEncoder();
        final QuoteMessage client = new QuoteMessage();

        decode(encoding, encoder.encodeQuote(buffer, 0, previous, QUOTE_ALL | TIMING));
        assertThat(client.applyUpdate(decoded.quote())).isTrue();
        decode(encoding, encoder.encodeQuote(buffer, 0, next, next.changedFields(previous) | TIMING));
        assertThat(client.applyUpdate(decoded.quote())).isTrue();

        next.presence(QUOTE_ALL | TIMING);
        assertThat(client).isEqualTo(next);
    }

    @Property(tries = 300)
    void shouldRoundTripTradesInEveryEncoding(@ForAll("trades") final TradeMessage trade)
    {
        for (final WireEncoding encoding : WireEncoding.values())
        {
            if (encoding == WireEncoding.MSGPACK && trade.price() > MAX_EXACT_DOUBLE_PRICE)
            {
                continue;
            }
            decode(encoding, encoding.newEncoder().encodeTrade(buffer, 0, trade, TIMING));
            assertThat(decoded.trade()).as(encoding.name()).isEqualTo(trade);
        }
    }

    @Property(tries = 200)
    void shouldRoundTripBarsSnapshots(
        @ForAll("exactEncodings") final WireEncoding encoding,
        @ForAll @Size(max = 40) final List<@From("bars") BarMessage> bars)
    {
        final WireEncoder encoder = encoding.newEncoder();
        encoder.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "epoch-1", 99, bars.size());
        for (final BarMessage bar : bars)
        {
            encoder.snapshotBar(bar);
        }
        decode(encoding, encoder.snapshotEnd());

        assertThat(decoded.rowCount()).isEqualTo(bars.size());
        final BarMessage row = new BarMessage();
        for (int i = 0; i < bars.size(); i++)
        {
            final BarMessage bar = bars.get(i);
            decoded.snapshotBar(i, row);
            assertThat(new long[]{row.startNanos(), row.open(), row.high(), row.low(), row.close(), row.volume(),
                row.count(), row.vwap()}).containsExactly(bar.startNanos(), bar.open(), bar.high(), bar.low(),
                bar.close(), bar.volume(), bar.count(), bar.vwap());
        }
    }

    @Property(tries = 300)
    void shouldMatchJsonAsJavaScriptSeesItInMsgPack(
        @ForAll("bars") final BarMessage bar,
        @ForAll("quotes") final QuoteMessage quote,
        @ForAll("trades") final TradeMessage trade,
        @ForAll @IntRange(min = 0, max = BAR_ALL) final int barMask,
        @ForAll @IntRange(min = 0, max = QUOTE_ALL) final int quoteMask)
    {
        final JsonWireEncoder json = new JsonWireEncoder();
        final MsgPackWireEncoder msgpack = new MsgPackWireEncoder();

        final int barPresence = barMask | TIMING;
        assertSame(json.encodeBar(jsonBuffer, 0, bar, barPresence), msgpack.encodeBar(buffer, 0, bar, barPresence));
        assertSame(json.encodeQuote(jsonBuffer, 0, quote, quoteMask), msgpack.encodeQuote(buffer, 0, quote, quoteMask));
        assertSame(json.encodeTrade(jsonBuffer, 0, trade, TIMING), msgpack.encodeTrade(buffer, 0, trade, TIMING));
        json.snapshotBegin(jsonBuffer, 0, Channel.TRADES, "AAPL", null, "e", 5, 1);
        json.snapshotTrade(trade);
        msgpack.snapshotBegin(buffer, 0, Channel.TRADES, "AAPL", null, "e", 5, 1);
        msgpack.snapshotTrade(trade);
        assertSame(json.snapshotEnd(), msgpack.snapshotEnd());
    }

    private void assertSame(final int jsonLength, final int msgpackLength)
    {
        WireAssertions.assertSameAsJson(
            WireFixtures.bytes(buffer, msgpackLength), WireFixtures.text(jsonBuffer, jsonLength));
    }

    private static BarMessage merge(final BarMessage previous, final BarMessage changes, final int mask)
    {
        final BarMessage next = new BarMessage().copyFrom(previous).seq(changes.seq());
        return next.set(previous.startNanos(),
            (mask & WireMessages.BAR_OPEN) != 0 ? changes.open() : previous.open(),
            (mask & WireMessages.BAR_HIGH) != 0 ? changes.high() : previous.high(),
            (mask & WireMessages.BAR_LOW) != 0 ? changes.low() : previous.low(),
            (mask & WireMessages.BAR_CLOSE) != 0 ? changes.close() : previous.close(),
            (mask & WireMessages.BAR_VOLUME) != 0 ? changes.volume() : previous.volume(),
            (mask & WireMessages.BAR_COUNT) != 0 ? changes.count() : previous.count(),
            (mask & WireMessages.BAR_VWAP) != 0 ? changes.vwap() : previous.vwap(),
            (mask & WireMessages.BAR_FINAL) != 0 ? changes.isFinal() : previous.isFinal(),
            (mask & WireMessages.BAR_REV) != 0 ? changes.rev() : previous.rev());
    }
}
