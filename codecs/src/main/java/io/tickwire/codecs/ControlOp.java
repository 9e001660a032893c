package io.tickwire.codecs;

/**
 * Operations a client may send in a control message (SPEC §6), named by their JSON {@code op} text.
 */
public enum ControlOp
{
    /** Start streams, optionally with a snapshot and resume points. */
    SUBSCRIBE("subscribe"),
    /** Stop streams. */
    UNSUBSCRIBE("unsubscribe"),
    /** Ask for a pong. */
    PING("ping");

    private static final ControlOp[] VALUES = values();

    private final String text;

    ControlOp(final String text)
    {
        this.text = text;
    }

    /**
     * The JSON {@code op} value.
     *
     * @return such as {@code subscribe}.
     */
    public String text()
    {
        return text;
    }

    /**
     * The operation named by its JSON text, without allocating.
     *
     * @param text such as {@code ping}.
     * @return the operation, or {@code null}.
     */
    public static ControlOp fromText(final CharSequence text)
    {
        for (final ControlOp op : VALUES)
        {
            if (WireMessages.contentEquals(op.text, text))
            {
                return op;
            }
        }
        return null;
    }
}
