package io.tickwire.jmh;

import java.util.concurrent.TimeUnit;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.DecodedMessage;
import io.tickwire.codecs.FixedPoint;
import io.tickwire.codecs.WireDecoder;
import io.tickwire.codecs.WireEncoder;
import io.tickwire.codecs.WireEncoding;
import io.tickwire.codecs.WireMessages;
import io.tickwire.codecs.sbe.Timeframe;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's per-message codec work for one live bar update in each wire encoding: encode a whole bar, encode
 * a delta (close, volume, count and VWAP changed, the common case while a bar is open), decode both as a client
 * does. {@link #copyWholeBar} is the plain baseline: moving the already-encoded bytes, the floor of any encoder.
 * Nanoseconds per operation; run with {@code -prof gc} to see ≈ 0 B/op (encoders and decoders reuse everything).
 * <p>
 * The bar's seq and close change on every call so that nothing can be hoisted out of the loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CodecBenchmark
{
    private static final long START_NANOS = 1_705_314_600_000_000_000L;
    private static final int DELTA = WireMessages.BAR_CLOSE | WireMessages.BAR_VOLUME | WireMessages.BAR_COUNT |
        WireMessages.BAR_VWAP;

    /** Wire encoding: {@code json}, {@code msgpack} or {@code sbe}. */
    @Param({"json", "msgpack", "sbe"})
    public String encoding;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer wholeFrame = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer deltaFrame = new UnsafeBuffer(new byte[4096]);
    private final BarMessage bar = new BarMessage();
    private final DecodedMessage decoded = new DecodedMessage();
    private WireEncoder encoder;
    private WireDecoder decoder;
    private int wholeLength;
    private int deltaLength;
    private long seq;

    /** Builds the codecs and one encoded whole and delta frame for the decode benchmarks. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final WireEncoding wireEncoding = WireEncoding.fromQueryValue(encoding);
        if (wireEncoding == null)
        {
            throw new IllegalArgumentException("unknown encoding " + encoding);
        }
        encoder = wireEncoding.newEncoder();
        decoder = wireEncoding.newDecoder();
        bar.symbol("AAPL").tf(Timeframe.MIN_1).seq(1043).set(START_NANOS, FixedPoint.parse("150.25"),
            FixedPoint.parse("150.5"), FixedPoint.parse("150.1"), FixedPoint.parse("150.3"), 12_345, 42,
            FixedPoint.parse("150.31234567"), false, 0);
        wholeLength = encoder.encodeBar(wholeFrame, 0, bar, WireMessages.BAR_ALL);
        deltaLength = encoder.encodeBar(deltaFrame, 0, bar, DELTA);
        if (!decoder.decode(wholeFrame, 0, wholeLength, decoded) ||
            !decoder.decode(deltaFrame, 0, deltaLength, decoded))
        {
            throw new IllegalStateException("frames do not decode: " + decoded.failure());
        }
    }

    private BarMessage nextBar()
    {
        final long n = ++seq;
        return bar.seq(n).set(START_NANOS, bar.open(), bar.high(), bar.low(), 15_030_000_000L + (n & 1023),
            12_345 + n, 42 + n, bar.vwap(), false, 0);
    }

    /**
     * Encodes a whole bar, as for a new bar or a new subscriber.
     *
     * @return bytes written.
     */
    @Benchmark
    public int encodeWholeBar()
    {
        return encoder.encodeBar(buffer, 0, nextBar(), WireMessages.BAR_ALL);
    }

    /**
     * Encodes a delta with close, volume, count and VWAP.
     *
     * @return bytes written.
     */
    @Benchmark
    public int encodeDeltaBar()
    {
        return encoder.encodeBar(buffer, 0, nextBar(), DELTA);
    }

    /**
     * Decodes a whole bar as a client does.
     *
     * @param blackhole sink for the decoded close.
     */
    @Benchmark
    public void decodeWholeBar(final Blackhole blackhole)
    {
        blackhole.consume(decoder.decode(wholeFrame, 0, wholeLength, decoded));
        blackhole.consume(decoded.bar().close());
    }

    /**
     * Decodes a delta bar as a client does.
     *
     * @param blackhole sink for the decoded close.
     */
    @Benchmark
    public void decodeDeltaBar(final Blackhole blackhole)
    {
        blackhole.consume(decoder.decode(deltaFrame, 0, deltaLength, decoded));
        blackhole.consume(decoded.bar().close());
    }

    /**
     * Baseline: copies an encoded whole bar, what any encoder costs at least.
     *
     * @return bytes copied.
     */
    @Benchmark
    public int copyWholeBar()
    {
        buffer.putBytes(0, wholeFrame, 0, wholeLength);
        return wholeLength;
    }
}
