package io.tickwire.engine.bars;

/**
 * An immutable copy of a {@link BarView}, for assertions on what the engine published or holds.
 *
 * @param symbolId dense symbol id.
 * @param tf       timeframe index.
 * @param start    window start, epoch nanoseconds.
 * @param open     open mantissa.
 * @param high     high mantissa.
 * @param low      low mantissa.
 * @param close    close mantissa.
 * @param volume   summed volume.
 * @param count    trades included.
 * @param vwap     vwap mantissa.
 * @param rev      revision.
 * @param isFinal  whether published final.
 * @param seq      stream sequence of the update, 0 when read from the store.
 */
public record RecordedBar(
    int symbolId,
    int tf,
    long start,
    long open,
    long high,
    long low,
    long close,
    long volume,
    long count,
    long vwap,
    int rev,
    boolean isFinal,
    long seq)
{
    /**
     * Copies a view.
     *
     * @param view the flyweight, valid now.
     * @return the copy.
     */
    public static RecordedBar of(final BarView view)
    {
        return new RecordedBar(view.symbolId(), view.tfIndex(), view.start(), view.open(), view.high(), view.low(),
            view.close(), view.volume(), view.count(), view.vwap(), view.rev(), view.isFinal(), view.seq());
    }

    /**
     * The same bar without its stream sequence, for comparing state regardless of how it was published.
     *
     * @return a copy with seq 0.
     */
    public RecordedBar withoutSeq()
    {
        return new RecordedBar(symbolId, tf, start, open, high, low, close, volume, count, vwap, rev, isFinal, 0);
    }

    /**
     * The OHLCV content only: no seq, rev or final flag.
     *
     * @return a copy with seq 0, rev 0 and final false.
     */
    public RecordedBar content()
    {
        return new RecordedBar(symbolId, tf, start, open, high, low, close, volume, count, vwap, 0, false, 0);
    }
}
