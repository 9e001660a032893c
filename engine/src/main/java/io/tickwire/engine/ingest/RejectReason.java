package io.tickwire.engine.ingest;

/**
 * Why an input was refused. Each reason has a stable label used in metrics, logs and DLQ headers.
 */
public enum RejectReason
{
    /** Not a record at all: wrong field count, undecodable bytes, wrong types. */
    MALFORMED("malformed"),
    /** Symbol missing, longer than 16 characters, or outside {@code A-Z 0-9 . _ : / -}. */
    BAD_SYMBOL("bad_symbol"),
    /** Price missing, unparsable, not &gt; 0, above 10^10 or with more than 8 fractional digits. */
    BAD_PRICE("bad_price"),
    /** Volume missing, unparsable, not an integer, or outside 1 to 10^12. */
    BAD_VOLUME("bad_volume"),
    /** Timestamp missing or neither ISO-8601 UTC nor integer epoch nanoseconds. */
    BAD_TIMESTAMP("bad_timestamp"),
    /** The engine already holds its configured maximum of symbols. */
    TOO_MANY_SYMBOLS("too_many_symbols");

    private final String label;

    RejectReason(final String label)
    {
        this.label = label;
    }

    /**
     * Stable lower-case label.
     *
     * @return e.g. {@code bad_price}.
     */
    public String label()
    {
        return label;
    }
}
