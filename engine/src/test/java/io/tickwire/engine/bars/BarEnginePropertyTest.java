package io.tickwire.engine.bars;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tickwire.engine.ingest.TradeValidator;
import io.tickwire.engine.ring.TradeEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import static io.tickwire.engine.bars.TestTrades.SECOND;
import static io.tickwire.engine.bars.TestTrades.ns;
import static io.tickwire.engine.bars.TestTrades.trade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test: random small tapes (three symbols, timestamps clustered on window boundaries, out of order
 * within and beyond the grace) through {@link BarEngine} and through a plain reference model of SPEC §4 written
 * with maps and BigDecimal. Every bar the engine ever publishes is collected from its listener; after
 * {@link BarEngine#finaliseAll()} the last publication of each bar must equal the model's bar.
 * <p>
 * The same tape also runs through one engine per timeframe with the smallest history the engine accepts, so that
 * ring eviction is exercised at its limit.
 */
class BarEnginePropertyTest
{
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "BTC-USD"};
    private static final String TIMEFRAMES = "1s,5s,1m";

    /** One input step: a trade, optionally preceded by a wall-clock tick. */
    record Step(
        int symbol,
        long advanceNs,
        long backNs,
        int snap,
        long price,
        long volume,
        boolean tick,
        long tickAdvanceNs)
    {
    }

    /** A bar's identity, independent of symbol ids and timeframe indexes. */
    record Key(String symbol, long lengthNs, long start)
    {
    }

    /** What the model expects of a bar. */
    record Expected(long open, long high, long low, long close, long volume, long count, long vwap)
    {
        static Expected of(final RecordedBar bar)
        {
            return new Expected(bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.count(),
                bar.vwap());
        }
    }

    /** The reference model: SPEC §4 as literally as it reads. */
    static final class Model
    {
        private final long graceNs;
        private final long[] lengthsNs;
        private final Map<String, Long> maxTs = new HashMap<>();
        private final Map<Key, List<long[]>> included = new HashMap<>();
        private final List<Integer> lateMasks = new ArrayList<>();
        private long arrival;

        Model(final long graceNs, final long[] lengthsNs)
        {
            this.graceNs = graceNs;
            this.lengthsNs = lengthsNs;
        }

        void onTrade(final String symbol, final long ts, final long price, final long volume)
        {
            final Long max = maxTs.get(symbol);
            int lateMask = 0;
            for (int tf = 0; tf < lengthsNs.length; tf++)
            {
                final long start = Math.floorDiv(ts, lengthsNs[tf]) * lengthsNs[tf];
                final long end = start + lengthsNs[tf];
                if (max != null && end <= max - graceNs)
                {
                    lateMask |= 1 << tf;
                }
                else
                {
                    included.computeIfAbsent(new Key(symbol, lengthsNs[tf], start), k -> new ArrayList<>())
                        .add(new long[]{ts, arrival, price, volume});
                }
            }
            lateMasks.add(lateMask);
            maxTs.put(symbol, max == null ? ts : Math.max(max, ts));
            arrival++;
        }

        Map<Key, Expected> bars()
        {
            final Map<Key, Expected> bars = new HashMap<>();
            included.forEach((key, trades) ->
            {
                long[] first = trades.getFirst();
                long[] last = trades.getFirst();
                long high = Long.MIN_VALUE;
                long low = Long.MAX_VALUE;
                BigInteger volume = BigInteger.ZERO;
                BigDecimal pv = BigDecimal.ZERO;
                for (final long[] t : trades)
                {
                    if (t[0] < first[0] || (t[0] == first[0] && t[1] < first[1]))
                    {
                        first = t;
                    }
                    if (t[0] > last[0] || (t[0] == last[0] && t[1] > last[1]))
                    {
                        last = t;
                    }
                    high = Math.max(high, t[2]);
                    low = Math.min(low, t[2]);
                    volume = volume.add(BigInteger.valueOf(t[3]));
                    pv = pv.add(BigDecimal.valueOf(t[2], 8).multiply(BigDecimal.valueOf(t[3])));
                }
                final BigDecimal vwap = pv.divide(new BigDecimal(volume), 8, RoundingMode.HALF_EVEN);
                bars.put(key, new Expected(first[2], high, low, last[2], volume.longValueExact(), trades.size(),
                    vwap.unscaledValue().longValueExact()));
            });
            return bars;
        }
    }

    /** An engine under test with what it published. */
    static final class Run
    {
        final BarEngine engine;
        final RecordingListener listener = new RecordingListener();
        final Map<Key, List<RecordedBar>> updates = new HashMap<>();

        Run(final String timeframes, final long graceNs, final int history)
        {
            engine = new BarEngine(Timeframes.parse(timeframes), graceNs, history, 8, listener);
        }

        void collect()
        {
            for (final RecordedBar bar : listener.bars)
            {
                final Key key = new Key(engine.symbols().name(bar.symbolId()),
                    engine.timeframes().lengthNs(bar.tf()), bar.start());
                updates.computeIfAbsent(key, k -> new ArrayList<>()).add(bar);
            }
        }

        Map<Key, Expected> lastPublished()
        {
            final Map<Key, Expected> last = new HashMap<>();
            updates.forEach((key, list) -> last.put(key, Expected.of(list.getLast())));
            return last;
        }
    }

    @Provide
    Arbitrary<List<Step>> tapes()
    {
        final Arbitrary<Integer> symbol = Arbitraries.integers().between(0, SYMBOLS.length - 1);
        final Arbitrary<Long> advance = Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.longs().between(0, 300_000_000L)),
            Tuple.of(3, Arbitraries.just(0L)),
            Tuple.of(2, Arbitraries.longs().between(0, 3 * SECOND)));
        final Arbitrary<Long> back = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(0L)),
            Tuple.of(3, Arbitraries.longs().between(0, 7 * SECOND)),
            Tuple.of(1, Arbitraries.longs().between(0, 20 * SECOND)));
        final Arbitrary<Integer> snap = Arbitraries.integers().between(0, 6);
        final Arbitrary<Long> price = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.longs().between(1, 5)),
            Tuple.of(3, Arbitraries.longs().between(99_00000000L, 101_00000000L)),
            Tuple.of(1, Arbitraries.longs().between(TradeValidator.MAX_PRICE - 10, TradeValidator.MAX_PRICE)));
        final Arbitrary<Long> volume = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.longs().between(1, 3)),
            Tuple.of(2, Arbitraries.longs().between(1, 1_000_000)),
            Tuple.of(1, Arbitraries.longs().between(TradeValidator.MAX_VOLUME - 5, TradeValidator.MAX_VOLUME)));
        final Arbitrary<Boolean> tick = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
        final Arbitrary<Long> tickAdvance = Arbitraries.longs().between(0, 8 * SECOND);
        return Combinators.combine(symbol, advance, back, snap, price, volume, tick, tickAdvance).as(Step::new)
            .list().ofMinSize(1).ofMaxSize(200).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Long> graces()
    {
        return Arbitraries.of(0L, SECOND - 1, SECOND, 1_500_000_000L, 2 * SECOND, 5 * SECOND);
    }

    @Provide
    Arbitrary<Long> origins()
    {
        return Arbitraries.of(ns("2024-03-15T14:29:50Z"), -15 * SECOND, 0L);
    }

    private static long timestamp(final long cursor, final Step step)
    {
        final long ts = cursor - step.backNs();
        return switch (step.snap())
        {
            case 0 -> ts - Math.floorMod(ts, SECOND);
            case 1 -> ts - Math.floorMod(ts, SECOND) - 1;
            case 2 -> ts - Math.floorMod(ts, 5 * SECOND);
            case 3 -> ts - Math.floorMod(ts, 60 * SECOND);
            default -> ts;
        };
    }

    /**
     * Feeds a tape to the engines and the model.
     *
     * @return the model.
     */
    private static Model feed(
        final List<Step> tape,
        final long origin,
        final long graceNs,
        final boolean withClock,
        final List<Run> runs,
        final long[] lengthsNs)
    {
        final Model model = new Model(graceNs, lengthsNs);
        final TradeEvent event = new TradeEvent();
        long cursor = origin;
        long wallNs = origin;
        for (final Step step : tape)
        {
            cursor += step.advanceNs();
            wallNs = Math.max(wallNs, cursor + 100_000_000L); // a live feed, 100 ms behind
            if (withClock && step.tick())
            {
                wallNs += step.tickAdvanceNs();
                for (final Run run : runs)
                {
                    run.engine.onClock(wallNs);
                }
            }
            final long ts = timestamp(cursor, step);
            final String symbol = SYMBOLS[step.symbol()];
            for (final Run run : runs)
            {
                assertThat(run.engine.onTrade(trade(event, symbol, ts, step.price(), step.volume(), wallNs))).isTrue();
            }
            model.onTrade(symbol, ts, step.price(), step.volume());
        }
        for (final Run run : runs)
        {
            run.engine.finaliseAll();
            run.collect();
        }
        return model;
    }

    private static List<Run> engines(final long graceNs, final long[] lengthsNs)
    {
        int history = 0;
        for (final long lengthNs : lengthsNs)
        {
            history = Math.max(history, BarEngine.minimumHistory(graceNs, lengthNs));
        }
        final List<Run> runs = new ArrayList<>();
        runs.add(new Run(TIMEFRAMES, graceNs, history));
        for (final String tf : TIMEFRAMES.split(","))
        {
            runs.add(new Run(tf, graceNs, BarEngine.minimumHistory(graceNs, Timeframes.lengthNs(tf))));
        }
        return runs;
    }

    private static long[] lengths()
    {
        final Timeframes timeframes = Timeframes.parse(TIMEFRAMES);
        final long[] lengthsNs = new long[timeframes.count()];
        for (int tf = 0; tf < lengthsNs.length; tf++)
        {
            lengthsNs[tf] = timeframes.lengthNs(tf);
        }
        return lengthsNs;
    }

    private static Map<Key, Expected> only(final Map<Key, Expected> bars, final long lengthNs)
    {
        final Map<Key, Expected> selected = new HashMap<>();
        bars.forEach((key, bar) ->
        {
            if (key.lengthNs() == lengthNs)
            {
                selected.put(key, bar);
            }
        });
        return selected;
    }

    private static void assertMatchesModel(final List<Run> runs, final Model model, final long[] lengthsNs)
    {
        final Map<Key, Expected> expected = model.bars();
        final Run all = runs.getFirst();
        assertThat(all.lastPublished()).isEqualTo(expected);
        assertThat(all.listener.trades).extracting(RecordingListener.Trade::lateMask)
            .containsExactlyElementsOf(model.lateMasks);
        final EngineCounters counters = all.engine.counters();
        assertThat(counters.accepted()).isEqualTo(model.lateMasks.size());
        assertThat(counters.late()).isEqualTo(model.lateMasks.stream().filter(m -> m != 0).count());
        for (int tf = 0; tf < lengthsNs.length; tf++)
        {
            final int bit = 1 << tf;
            assertThat(counters.lateFor(tf)).isEqualTo(model.lateMasks.stream().filter(m -> (m & bit) != 0).count());
            final Run single = runs.get(tf + 1);
            assertThat(single.lastPublished()).as("engine of %s alone", lengthsNs[tf])
                .isEqualTo(only(expected, lengthsNs[tf]));
            assertThat(single.engine.counters().windowsDropped()).isZero();
        }
        for (final Run run : runs)
        {
            assertSeqRisesByOnePerStream(run);
            run.engine.close();
        }
    }

    private static void assertSeqRisesByOnePerStream(final Run run)
    {
        final Map<Long, Long> lastSeq = new HashMap<>();
        for (final RecordedBar bar : run.listener.bars)
        {
            final long stream = ((long)bar.symbolId() << 32) | bar.tf();
            final long previous = lastSeq.getOrDefault(stream, 0L);
            assertThat(bar.seq()).as("seq on stream %s", stream).isEqualTo(previous + 1);
            lastSeq.put(stream, bar.seq());
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void shouldMatchReferenceModelAndPublishEachBarFinalOnce(
        @ForAll("tapes") final List<Step> tape,
        @ForAll("graces") final long graceNs,
        @ForAll("origins") final long origin)
    {
        final long[] lengthsNs = lengths();
        final List<Run> runs = engines(graceNs, lengthsNs);
        final Model model = feed(tape, origin, graceNs, false, runs, lengthsNs);

        for (final Run run : runs)
        {
            run.updates.forEach((key, list) ->
            {
                assertThat(list.getLast().isFinal()).as("%s ends final", key).isTrue();
                assertThat(list).as("%s: one final publication, rev 0", key)
                    .filteredOn(RecordedBar::isFinal).hasSize(1).allMatch(b -> b.rev() == 0);
            });
            assertThat(run.engine.counters().corrections()).isZero();
        }
        assertMatchesModel(runs, model, lengthsNs);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void shouldMatchReferenceModelWhateverTheWallClockFinalisesAndCorrect(
        @ForAll("tapes") final List<Step> tape,
        @ForAll("graces") final long graceNs,
        @ForAll("origins") final long origin)
    {
        final long[] lengthsNs = lengths();
        final List<Run> runs = engines(graceNs, lengthsNs);
        final Model model = feed(tape, origin, graceNs, true, runs, lengthsNs);

        for (final Run run : runs)
        {
            final long[] corrections = {0};
            run.updates.forEach((key, list) ->
            {
                boolean sentFinal = false;
                int rev = 0;
                for (final RecordedBar bar : list)
                {
                    if (sentFinal)
                    {
                        assertThat(bar.isFinal()).as("%s stays final", key).isTrue();
                        assertThat(bar.rev()).as("%s corrections count up by one", key).isEqualTo(++rev);
                    }
                    else
                    {
                        assertThat(bar.rev()).as("%s has rev 0 until final", key).isZero();
                        sentFinal = bar.isFinal();
                    }
                }
                assertThat(sentFinal).as("%s ends final", key).isTrue();
                corrections[0] += rev;
            });
            assertThat(run.engine.counters().corrections()).isEqualTo(corrections[0]);
        }
        assertMatchesModel(runs, model, lengthsNs);
    }
}
