package io.tickwire.codecs;

/**
 * The server-to-client message types of SPEC §6, named by their JSON {@code type} text.
 */
public enum WireMessageType
{
    /** A control message was accepted. */
    ACK("ack"),
    /** A control message was refused. */
    ERROR("error"),
    /** Recent history of one stream. */
    SNAPSHOT("snapshot"),
    /** A bar, whole or as a delta. */
    BAR("bar"),
    /** A trade. */
    TRADE("trade"),
    /** A quote, whole or as a delta. */
    QUOTE("quote"),
    /** Answer to a ping. */
    PONG("pong"),
    /** A stream restarts; a snapshot follows. */
    RESET("reset");

    private static final WireMessageType[] VALUES = values();

    private final String text;

    WireMessageType(final String text)
    {
        this.text = text;
    }

    /**
     * The JSON {@code type} value.
     *
     * @return such as {@code bar}.
     */
    public String text()
    {
        return text;
    }

    /**
     * The type named by its JSON text, without allocating.
     *
     * @param text such as {@code pong}.
     * @return the type, or {@code null}.
     */
    public static WireMessageType fromText(final CharSequence text)
    {
        for (final WireMessageType type : VALUES)
        {
            if (WireMessages.contentEquals(type.text, text))
            {
                return type;
            }
        }
        return null;
    }
}
