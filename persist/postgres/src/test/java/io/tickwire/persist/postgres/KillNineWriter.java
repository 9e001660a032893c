package io.tickwire.persist.postgres;

import java.sql.SQLException;

import io.tickwire.persist.TradeBatch;

/**
 * A child process for {@link PostgresTradeSinkKillTest}: resumes at {@code lastWrittenSeq() + 1} and writes batches
 * of trades until it is killed. Trade n has seq n, so the store must hold exactly seqs 0..lastWrittenSeq.
 */
public final class KillNineWriter
{
    private KillNineWriter()
    {
    }

    /** As the writer agent does: open is retried until it succeeds (a cold JVM's first connection can be slow). */
    private static void openRetrying(final PostgresTradeSink sink) throws Exception
    {
        final long deadlineNs = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                sink.open();
                return;
            }
            catch (final SQLException ex)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw ex;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Entry point.
     *
     * @param args URL of the store.
     * @throws Exception when the store fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Trades trades = new Trades();
        final TradeBatch batch = new TradeBatch(500);
        try (PostgresStore store = PostgresStore.fromUrl(args[0]); PostgresTradeSink sink = store.tradeSink())
        {
            openRetrying(sink);
            long seq = sink.lastWrittenSeq() + 1;
            System.out.println("resuming at " + seq);
            System.out.flush();
            while (true)
            {
                batch.clear();
                for (int i = 0; i < 500; i++, seq++)
                {
                    // Event times go back and forth across midnight so daily_ohlc has work on two days.
                    final long tsNs = Trades.DAY0_NS + Trades.NS_PER_DAY - 50_000 + (seq * 7_919) % 100_000;
                    trades.add(batch, seq, tsNs, seq % 2 == 0 ? "BTCUSD" : "ETHUSD", Trades.SCALE + seq, 1);
                }
                sink.write(batch);
            }
        }
    }
}
