package io.tickwire.codecs;

import java.nio.charset.StandardCharsets;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static io.tickwire.codecs.WireFixtures.START_NANOS;
import static io.tickwire.codecs.WireFixtures.price;
import static io.tickwire.codecs.WireFixtures.sampleBar;
import static io.tickwire.codecs.WireFixtures.sampleBarAfterTrade;
import static io.tickwire.codecs.WireFixtures.sampleQuote;
import static io.tickwire.codecs.WireFixtures.sampleTrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes per message in each encoding, printed as the table of {@code docs/wire-encodings.md}, and the size
 * relations the delta scheme promises.
 */
class WireMessageSizesTest
{
    /** The roadmap's full price update, for comparison. */
    private static final String ROADMAP_JSON = "{\"type\":\"price_update\",\"symbol\":\"AAPL\",\"price\":150.25," +
        "\"volume\":1000,\"bid_price\":150.24,\"ask_price\":150.26,\"timestamp\":\"2024-01-15T10:30:00.000Z\"," +
        "\"exchange\":\"NASDAQ\"}";

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);

    @Test
    void shouldSendDeltaBarsSmallerThanWholeOnesInTextEncodings()
    {
        final BarMessage full = sampleBar();
        final BarMessage next = sampleBarAfterTrade();
        final int delta = next.changedFields(full);
        final QuoteMessage quote = sampleQuote();
        final QuoteMessage quoteNext = new QuoteMessage().copyFrom(quote).seq(quote.seq() + 1)
            .set(START_NANOS + 1_600_000_000L, quote.bid(), quote.bidSize(), price("150.27"), 200);
        final int quoteDelta = quoteNext.changedFields(quote);

        final StringBuilder table = new StringBuilder()
            .append("| message | json | msgpack | sbe |\n| --- | ---: | ---: | ---: |\n");
        final int[][] sizes = new int[8][];
        sizes[0] = row(table, "bar, whole", e -> e.encodeBar(buffer, 0, full, WireMessages.BAR_ALL));
        sizes[1] = row(table, "bar, delta c+v+n+vw", e -> e.encodeBar(buffer, 0, next, delta));
        sizes[2] = row(table, "bar, whole + ri", e -> e.encodeBar(buffer, 0, full.receiveNanos(
            WireFixtures.RECEIVE_NANOS), WireMessages.BAR_ALL | WireMessages.TIMING));
        sizes[3] = row(table, "trade", e -> e.encodeTrade(buffer, 0, sampleTrade(), 0));
        sizes[4] = row(table, "quote, whole", e -> e.encodeQuote(buffer, 0, quote, WireMessages.QUOTE_ALL));
        sizes[5] = row(table, "quote, delta a+as", e -> e.encodeQuote(buffer, 0, quoteNext, quoteDelta));
        sizes[6] = row(table, "ack", e -> e.encodeAck(buffer, 0, 1));
        sizes[7] = row(table, "snapshot, 100 bars 1m", e ->
        {
            e.snapshotBegin(buffer, 0, Channel.BARS, "AAPL", Timeframe.MIN_1, "20240115T103000Z-1", 1042, 100);
            final BarMessage bar = new BarMessage().copyFrom(full);
            for (int i = 0; i < 100; i++)
            {
                e.snapshotBar(bar.startNanos(START_NANOS + i * 60_000_000_000L));
            }
            return e.snapshotEnd();
        });
        table.append("| roadmap price_update (JSON) | ")
            .append(ROADMAP_JSON.getBytes(StandardCharsets.UTF_8).length).append(" | | |\n");
        System.out.print(table);

        for (int encoding = 0; encoding < 2; encoding++)
        {
            assertThat(sizes[1][encoding]).isLessThan(sizes[0][encoding]);
            assertThat(sizes[5][encoding]).isLessThan(sizes[4][encoding]);
        }
        assertThat(sizes[1][2]).isEqualTo(sizes[0][2]);
        assertThat(sizes[3][1]).isLessThan(sizes[3][0]);
    }

    private interface Encode
    {
        int apply(WireEncoder encoder);
    }

    private static int[] row(final StringBuilder table, final String name, final Encode encode)
    {
        final int[] sizes = new int[3];
        table.append("| ").append(name);
        for (final WireEncoding encoding : WireEncoding.values())
        {
            sizes[encoding.ordinal()] = encode.apply(encoding.newEncoder());
            table.append(" | ").append(sizes[encoding.ordinal()]);
        }
        table.append(" |\n");
        return sizes;
    }
}
