package io.tickwire.engine.bars;

/**
 * Byte layout of the off-heap bar state, one block per symbol:
 * <pre>
 *   symbol block := symbol header (128 B) · series header[0..tf) (64 B each) · ring[0] · ring[1] · …
 *   ring         := bar[0] · … · bar[capacity - 1]  (newest at the series header's NEWEST)
 *
 *   symbol header                      series header                 bar record (96 B)
 *    0 maxTs           long             0 size            int         0 start     8 open    16 high
 *    8 lastPrice       long             4 newest slot     int        24 low      32 close   40 volume
 *   16 lastVolume      long             8 bar stream seq  long       48 count    56 pvLow   64 pvHigh
 *   24 lastTs          long            16 pendingFinalEnd long       72 openTs   80 closeTs
 *   32 lastBid         long                                          88 rev int  92 flags int
 *   40 lastAsk         long
 *   48 trade seq       long
 *   56 last arrival (wall clock) long
 *   64 quote seq       long
 *   72 bid size        long
 *   80 ask size        long
 *   88 last quote ts   long
 * </pre>
 * pv is the unsigned 128-bit sum of price mantissa × volume. pendingFinalEnd is the smallest window end among the
 * series' bars not yet final, or Long.MAX_VALUE when there are none. The headers every trade reads and writes are
 * contiguous (one or two pages per symbol) so that a trade touches few pages besides its newest bars.
 */
public final class BarLayout
{
    /** Symbol header: largest ts seen, the watermark's base. */
    public static final int MAX_TS_OFFSET = 0;
    /** Symbol header: price of the latest trade by (ts, arrival). */
    public static final int LAST_PRICE_OFFSET = 8;
    /** Symbol header: volume of the latest trade. */
    public static final int LAST_VOLUME_OFFSET = 16;
    /** Symbol header: ts of the latest trade. */
    public static final int LAST_TS_OFFSET = 24;
    /** Symbol header: latest bid seen (trade or quote), 0 when none. */
    public static final int LAST_BID_OFFSET = 32;
    /** Symbol header: latest ask seen (trade or quote), 0 when none. */
    public static final int LAST_ASK_OFFSET = 40;
    /** Symbol header: updates published on the symbol's trades stream. */
    public static final int TRADE_SEQ_OFFSET = 48;
    /** Symbol header: wall-clock epoch nanoseconds when the symbol last received a trade. */
    public static final int LAST_ARRIVAL_WALL_OFFSET = 56;
    /** Symbol header: updates published on the symbol's quotes stream. */
    public static final int QUOTE_SEQ_OFFSET = 64;
    /** Symbol header: size at the latest quote's bid. */
    public static final int BID_SIZE_OFFSET = 72;
    /** Symbol header: size at the latest quote's ask. */
    public static final int ASK_SIZE_OFFSET = 80;
    /** Symbol header: ts of the latest quote. */
    public static final int LAST_QUOTE_TS_OFFSET = 88;
    /** Symbol header length. */
    public static final int SYMBOL_HEADER_LENGTH = 128;

    /** Series header: bars held, up to the capacity. */
    public static final int SIZE_OFFSET = 0;
    /** Series header: ring slot of the newest bar. */
    public static final int NEWEST_OFFSET = 4;
    /** Series header: updates published on the (bars, symbol, tf) stream. */
    public static final int SEQ_OFFSET = 8;
    /** Series header: smallest window end among bars not yet final. */
    public static final int PENDING_FINAL_END_OFFSET = 16;
    /** Series header length. */
    public static final int SERIES_HEADER_LENGTH = 64;

    /** Bar: window start, epoch nanoseconds. */
    public static final int START_OFFSET = 0;
    /** Bar: open price mantissa. */
    public static final int OPEN_OFFSET = 8;
    /** Bar: high price mantissa. */
    public static final int HIGH_OFFSET = 16;
    /** Bar: low price mantissa. */
    public static final int LOW_OFFSET = 24;
    /** Bar: close price mantissa. */
    public static final int CLOSE_OFFSET = 32;
    /** Bar: summed volume. */
    public static final int VOLUME_OFFSET = 40;
    /** Bar: trades included. */
    public static final int COUNT_OFFSET = 48;
    /** Bar: low word of Σ price × volume. */
    public static final int PV_LOW_OFFSET = 56;
    /** Bar: high word of Σ price × volume. */
    public static final int PV_HIGH_OFFSET = 64;
    /** Bar: ts of the open trade. */
    public static final int OPEN_TS_OFFSET = 72;
    /** Bar: ts of the close trade. */
    public static final int CLOSE_TS_OFFSET = 80;
    /** Bar: revision, incremented by each change after the bar was published final. */
    public static final int REV_OFFSET = 88;
    /** Bar: flag bits, see {@link #FLAG_FINAL}. */
    public static final int FLAGS_OFFSET = 92;
    /** Bar record length. */
    public static final int BAR_LENGTH = 96;

    /** Flag bit: the bar has been published final. */
    public static final int FLAG_FINAL = 1;

    private BarLayout()
    {
    }

    /**
     * Length of one symbol block.
     *
     * @param timeframes series per symbol.
     * @param capacity   bars per ring.
     * @return bytes.
     */
    public static int symbolBlockLength(final int timeframes, final int capacity)
    {
        return SYMBOL_HEADER_LENGTH + timeframes * (SERIES_HEADER_LENGTH + capacity * BAR_LENGTH);
    }
}
