package io.tickwire.codecs;

import java.nio.charset.StandardCharsets;

import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sample messages and small conversions shared by the codec tests.
 */
final class WireFixtures
{
    /** 2024-01-15T10:30:00Z. */
    static final long START_NANOS = 1_705_314_600_000_000_000L;
    static final long RECEIVE_NANOS = 1_705_314_612_345_678_000L;

    private WireFixtures()
    {
    }

    static long price(final String decimal)
    {
        return FixedPoint.parse(decimal);
    }

    /** AAPL 1m bar, open, as in the docs. */
    static BarMessage sampleBar()
    {
        return new BarMessage().symbol("AAPL").tf(Timeframe.MIN_1).seq(1043)
            .set(START_NANOS, price("150.25"), price("150.5"), price("150.1"), price("150.3"), 12_345, 42,
                price("150.31234567"), false, 0);
    }

    /** The sample bar after one more trade: close, volume, count and vwap changed. */
    static BarMessage sampleBarAfterTrade()
    {
        return new BarMessage().copyFrom(sampleBar()).seq(1044)
            .set(START_NANOS, price("150.25"), price("150.5"), price("150.1"), price("150.28"), 12_445, 43,
                price("150.31202781"), false, 0);
    }

    static TradeMessage sampleTrade()
    {
        return new TradeMessage().symbol("AAPL").seq(77_001).set(START_NANOS + 1_250_000_000L, price("150.25"), 1000);
    }

    static QuoteMessage sampleQuote()
    {
        return new QuoteMessage().symbol("AAPL").seq(5_501)
            .set(START_NANOS + 1_500_000_000L, price("150.24"), 300, price("150.26"), 500);
    }

    static String text(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    static UnsafeBuffer wrap(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    static ExpandableArrayBuffer buffer()
    {
        return new ExpandableArrayBuffer(64);
    }
}
