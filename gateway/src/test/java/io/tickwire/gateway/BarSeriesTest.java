package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tickwire.codecs.BarMessage;
import io.tickwire.codecs.TradeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BarSeriesTest
{
    @Test
    void shouldKeepTheNewestBarsInOrderThroughInsertsCorrectionsAndCompaction()
    {
        final Random random = new Random(3);
        final int capacity = 50;
        final BarSeries series = new BarSeries(capacity);
        final TreeMap<Long, Long> reference = new TreeMap<>();
        final BarMessage bar = new BarMessage();
        long newest = 1000;
        for (long seq = 1; seq <= 5000; seq++)
        {
            final long t = random.nextInt(4) == 0 ? newest - random.nextInt(20) : (newest += 1 + random.nextInt(3));
            if (reference.size() == capacity && t < reference.firstKey() && !reference.containsKey(t))
            {
                series.put(bar.set(t, 1, 1, 1, 1, seq, 1, 1, false, 0), seq);
                continue; // older than everything kept: ignored
            }
            series.put(bar.set(t, 1, 1, 1, 1, seq, 1, 1, false, 0), seq);
            reference.put(t, seq);
            while (reference.size() > capacity)
            {
                reference.pollFirstEntry();
            }
            assertThat(series.size()).isEqualTo(reference.size());
        }
        final List<Long> starts = new ArrayList<>();
        int k = 0;
        for (final Map.Entry<Long, Long> entry : reference.entrySet())
        {
            starts.add(series.startAt(k));
            assertThat(series.get(k, bar).volume()).isEqualTo(entry.getValue());
            assertThat(series.lastSeqAt(k)).isEqualTo(entry.getValue());
            k++;
        }
        assertThat(starts).containsExactlyElementsOf(reference.keySet());
    }

    @Test
    void shouldReadBackEveryFieldOfEveryBarAsStored()
    {
        final BarSeries series = new BarSeries(4);
        final BarMessage bar = new BarMessage();
        for (int i = 0; i < 6; i++)
        {
            final long t = 60_000_000_000L * (i + 1);
            series.put(bar.set(t, 100 + i, 200 + i, 50 + i, 150 + i, 1000 + i, 10 + i, 120 + i, i % 2 == 0, i), 7 + i);
        }
        // A correction of a kept bar replaces all of its fields.
        series.put(bar.set(60_000_000_000L * 4, 1, 2, 3, 4, 5, 6, 7, true, 9), 99);
        assertThat(series.size()).isEqualTo(4);
        final BarMessage out = new BarMessage();
        for (int k = 0; k < 4; k++)
        {
            final int i = k + 2;
            series.get(k, out);
            if (i == 3)
            {
                assertThat(new long[] {out.startNanos(), out.open(), out.high(), out.low(), out.close(), out.volume(),
                    out.count(), out.vwap(), out.rev(), series.lastSeqAt(k)})
                    .containsExactly(60_000_000_000L * 4, 1, 2, 3, 4, 5, 6, 7, 9, 99);
                assertThat(out.isFinal()).isTrue();
                continue;
            }
            assertThat(new long[] {out.startNanos(), out.open(), out.high(), out.low(), out.close(), out.volume(),
                out.count(), out.vwap(), out.rev(), series.lastSeqAt(k)})
                .containsExactly(60_000_000_000L * (i + 1), 100 + i, 200 + i, 50 + i, 150 + i, 1000 + i, 10 + i,
                    120 + i, i, 7 + i);
            assertThat(out.isFinal()).isEqualTo(i % 2 == 0);
        }
    }

    @Test
    void shouldHoldTheLastTradesWithContiguousSeqsAndForgetThemOnAGap()
    {
        final TradeBuffer buffer = new TradeBuffer(100);
        for (long seq = 1; seq <= 250; seq++)
        {
            buffer.add(seq, seq * 10, seq * 100, seq, 0);
        }
        assertThat(buffer.size()).isEqualTo(100);
        assertThat(buffer.firstSeq()).isEqualTo(151);
        final TradeMessage trade = new TradeMessage();
        for (int k = 0; k < 100; k++)
        {
            buffer.get(k, trade);
            assertThat(trade.seq()).isEqualTo(151 + k);
            assertThat(trade.volume()).isEqualTo(151 + k);
        }
        buffer.add(300, 1, 1, 1, 0);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.firstSeq()).isEqualTo(300);
    }
}
