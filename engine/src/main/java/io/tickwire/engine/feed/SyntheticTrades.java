package io.tickwire.engine.feed;

import io.tickwire.codecs.FixedPoint;
import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;

/**
 * A deterministic synthetic market: trade {@code n} is a pure function of (seed, symbols, rate, origin, n), so a
 * feed can resume at any position and a test can regenerate exactly the trades a killed process journaled.
 * <p>
 * The tape has a skewed symbol mix (a few busy names, a long tail), bursts (blocks of trades at ten times the
 * rate; optional, for benchmarks that ask for a steady rate), prices that drift in waves with noise, mostly small
 * lots with occasional block trades, about 2% of trades out of order within the grace and 0.2% beyond it.
 * Stateless after construction and thread-safe.
 */
public final class SyntheticTrades
{
    private static final String[] NAMES = {
        "AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V", "BRK.B", "BTC-USD", "ETH-USD", "EUR/USD",
        "XOM", "UNH", "JNJ", "WMT", "MA", "PG", "HD", "AVGO", "CVX", "KO", "PEP", "COST", "ADBE", "CRM", "NFLX", "AMD",
        "INTC", "ORCL", "CSCO", "BAC", "DIS", "NKE", "MCD", "T", "VZ", "IBM", "QCOM", "ES:CME", "NQ:CME", "GBP/USD",
    };
    private static final String[] EXCHANGES = {"NASDAQ", "NYSE", "ARCA", "BATS"};
    private static final int BLOCK_TRADES = 1024;
    private static final double[] BLOCK_PACE = {
        1, 1, 1, 1, 1, 1, 1, 1, 0.1, 0.1, 0.1, 0.1, 1, 1, 1.5, 1.5, 1, 1, 1, 1, 1, 1, 0.1, 0.1, 1, 1, 2, 2, 1, 1, 1, 1,
    };
    private static final int PICK_BITS = 16;
    private static final double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
    /** π/2 in three parts, fdlibm's (the first two of 33 significant bits), for a Cody-Waite reduction. */
    private static final double PI_OVER_2_HI = 0x1.921fb544p0;
    private static final double PI_OVER_2_MID = 0x1.0b4611a6p-34;
    private static final double PI_OVER_2_LO = 0x1.3198a2e037073p-69;

    private final long seed;
    private final long originNs;
    private final String[] symbols;
    private final long[] words0;
    private final long[] words1;
    private final long[] basePriceCents;
    private final double[] phases;
    private final int[] symbolByPick = new int[1 << PICK_BITS];
    private final long[] blockStartNs = new long[BLOCK_PACE.length + 1];
    private final double[] blockPace = new double[BLOCK_PACE.length];
    private final double tradeIntervalNs;

    /**
     * A market.
     *
     * @param seed          any value; the same seed gives the same tape.
     * @param symbolCount   distinct symbols, at least 1.
     * @param ratePerSecond average trades per second of event time.
     * @param originNs      event time of trade 0, epoch nanoseconds.
     */
    public SyntheticTrades(final long seed, final int symbolCount, final long ratePerSecond, final long originNs)
    {
        this(seed, symbolCount, ratePerSecond, originNs, true);
    }

    /**
     * A market, with or without its bursts.
     *
     * @param seed          any value; the same seed gives the same tape.
     * @param symbolCount   distinct symbols, at least 1.
     * @param ratePerSecond average trades per second of event time.
     * @param originNs      event time of trade 0, epoch nanoseconds.
     * @param bursts        false: every trade one interval after the one before (a steady rate); the symbols, prices
     *                      and disorder stay as they are.
     */
    public SyntheticTrades(
        final long seed,
        final int symbolCount,
        final long ratePerSecond,
        final long originNs,
        final boolean bursts)
    {
        this.seed = seed;
        this.originNs = originNs;
        this.symbols = new String[symbolCount];
        this.words0 = new long[symbolCount];
        this.words1 = new long[symbolCount];
        this.basePriceCents = new long[symbolCount];
        this.phases = new double[symbolCount];
        for (int i = 0; i < symbolCount; i++)
        {
            final String name = i < NAMES.length ? NAMES[i] : String.format("SYM%05d", i);
            symbols[i] = name;
            words0[i] = Symbols.pack(name, 0, name.length(), 0);
            words1[i] = Symbols.pack(name, 0, name.length(), 1);
            final long h = mix(seed ^ (0x5EED_0000L + i));
            basePriceCents[i] = name.startsWith("BTC") ? 6_500_000 : name.contains("/") ? 110 :
                1_000 + Math.floorMod(h, 90_000);
            phases[i] = (h >>> 11) * 0x1.0p-53 * 2 * Math.PI;
        }

        // Zipf-like weights w(i) = 1 / (i + 1)^0.8, laid out in a lookup table indexed by 16 random bits.
        final double[] cumulative = new double[symbolCount];
        double total = 0;
        for (int i = 0; i < symbolCount; i++)
        {
            total += 1 / StrictMath.pow(i + 1, 0.8);
            cumulative[i] = total;
        }
        int symbol = 0;
        for (int pick = 0; pick < symbolByPick.length; pick++)
        {
            final double at = (pick + 0.5) / symbolByPick.length * total;
            while (symbol < symbolCount - 1 && cumulative[symbol] < at)
            {
                symbol++;
            }
            symbolByPick[pick] = symbol;
        }

        tradeIntervalNs = 1e9 / ratePerSecond;
        for (int b = 0; b < BLOCK_PACE.length; b++)
        {
            blockPace[b] = bursts ? BLOCK_PACE[b] : 1;
            blockStartNs[b + 1] = blockStartNs[b] + (long)(BLOCK_TRADES * tradeIntervalNs * blockPace[b]);
        }
    }

    /**
     * When trade {@code n} is due in event time, before any out-of-order displacement: the feed emits it once the
     * wall clock reaches this instant.
     *
     * @param n trade position, &ge; 0.
     * @return epoch nanoseconds.
     */
    public long dueNs(final long n)
    {
        final long period = n / (BLOCK_TRADES * BLOCK_PACE.length);
        final int block = (int)((n / BLOCK_TRADES) % BLOCK_PACE.length);
        final long within = n % BLOCK_TRADES;
        return originNs + period * blockStartNs[BLOCK_PACE.length] + blockStartNs[block] +
            (long)(within * tradeIntervalNs * blockPace[block]);
    }

    /**
     * Fills an event with trade {@code n}; allocation-free.
     *
     * @param n    trade position, &ge; 0.
     * @param into the event; its source position is set to (sourceId unchanged, partition 0, offset n).
     */
    public void fill(final long n, final TradeEvent into)
    {
        final long h = mix(seed + n * 0x9E37_79B9_7F4A_7C15L);
        final long h2 = mix(h);
        final int symbol = symbolByPick[(int)(h >>> (64 - PICK_BITS))];

        long ts = dueNs(n);
        final int disorder = (int)Math.floorMod(h2, 1000L);
        if (disorder < 20)
        {
            ts -= Math.floorMod(h2 >>> 10, 3_000_000_000L);
        }
        else if (disorder >= 998)
        {
            ts -= 6_000_000_000L + Math.floorMod(h2 >>> 10, 14_000_000_000L);
        }

        final double seconds = (ts - originNs) / 1e9;
        final double wave = 1 + 0.02 * sine(2 * Math.PI * seconds / 600 + phases[symbol]) +
            0.008 * sine(2 * Math.PI * seconds / 37 + 2 * phases[symbol]) +
            0.002 * (((h >>> 20) & 0xFFFF) / 32_768.0 - 1);
        final long cents = Math.max(1, Math.round(basePriceCents[symbol] * wave));
        final long spreadCents = Math.max(1, cents / 10_000);

        long volume = 1 + Math.floorMod(h2 >>> 30, 500L);
        if (Math.floorMod(h2 >>> 45, 50L) == 0)
        {
            volume *= 100;
        }

        into.clearOptional();
        into.kind = TradeEvent.KIND_TRADE;
        into.tsNs = ts;
        into.symbolWord0 = words0[symbol];
        into.symbolWord1 = words1[symbol];
        into.price = cents * (FixedPoint.SCALE / 100);
        into.volume = volume;
        into.bid = (cents - spreadCents) * (FixedPoint.SCALE / 100);
        into.ask = (cents + spreadCents) * (FixedPoint.SCALE / 100);
        final String exchange = EXCHANGES[(int)((h2 >>> 60) & 3)];
        into.exchange = Symbols.pack(exchange, 0, exchange.length(), 0);
        into.partition = 0;
        into.sourceOffset = n;
    }

    /**
     * Symbol names in id order of this market.
     *
     * @param index 0 to symbols - 1.
     * @return the name.
     */
    public String symbol(final int index)
    {
        return symbols[index];
    }

    /**
     * Number of symbols.
     *
     * @return count.
     */
    public int symbolCount()
    {
        return symbols.length;
    }

    private static long mix(final long value)
    {
        // SplitMix64 finaliser: a cheap, well-distributed hash of a counter.
        long z = value + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /**
     * sin(x), the same on every JVM and without allocating: {@code StrictMath.sin} allocates its argument
     * reduction's scratch array for |x| &gt; π/4 (here: every call, two per trade on the ingest thread). The quadrant
     * is taken out here with a three-part π/2, which leaves StrictMath arguments within π/4 that it evaluates
     * directly. Plain double arithmetic, so as deterministic as StrictMath; not bit-identical to it for large x (the
     * reduction loses ~1e-9 rad at a year of seconds), which a price wave does not need.
     */
    static double sine(final double x)
    {
        final double quadrant = Math.rint(x * TWO_OVER_PI);
        final double r = ((x - quadrant * PI_OVER_2_HI) - quadrant * PI_OVER_2_MID) - quadrant * PI_OVER_2_LO;
        return switch ((int)((long)quadrant & 3))
        {
            case 0 -> StrictMath.sin(r);
            case 1 -> StrictMath.cos(r);
            case 2 -> -StrictMath.sin(r);
            default -> -StrictMath.cos(r);
        };
    }
}
