package io.tickwire.codecs;

/**
 * The encodings a WebSocket client may choose with {@code ?encoding=} (SPEC §6).
 */
public enum WireEncoding
{
    /** One JSON object per text frame; the default. */
    JSON("json", false),
    /** One MessagePack map per binary frame, with the JSON keys. */
    MSGPACK("msgpack", true),
    /** One SBE message (schema {@code tickwire-schema.xml}) per binary frame. */
    SBE("sbe", true);

    private static final WireEncoding[] VALUES = values();

    private final String queryValue;
    private final boolean binary;

    WireEncoding(final String queryValue, final boolean binary)
    {
        this.queryValue = queryValue;
        this.binary = binary;
    }

    /**
     * The value of {@code ?encoding=} that selects this encoding.
     *
     * @return such as {@code msgpack}.
     */
    public String queryValue()
    {
        return queryValue;
    }

    /**
     * Whether frames are WebSocket binary frames rather than text frames.
     *
     * @return true for MessagePack and SBE.
     */
    public boolean isBinary()
    {
        return binary;
    }

    /**
     * A new encoder of this encoding; encoders keep scratch state, so hold one per thread.
     *
     * @return a fresh encoder.
     */
    public WireEncoder newEncoder()
    {
        switch (this)
        {
            case MSGPACK:
                return new MsgPackWireEncoder();
            case SBE:
                return new SbeWireEncoder();
            default:
                return new JsonWireEncoder();
        }
    }

    /**
     * A new decoder of this encoding, for clients and tests; one per thread.
     *
     * @return a fresh decoder.
     */
    public WireDecoder newDecoder()
    {
        switch (this)
        {
            case MSGPACK:
                return new MsgPackWireDecoder();
            case SBE:
                return new SbeWireDecoder();
            default:
                return new JsonWireDecoder();
        }
    }

    /**
     * The encoding named by a query value, without allocating.
     *
     * @param text such as {@code sbe}; {@code null} means the default.
     * @return the encoding, {@link #JSON} for {@code null}, or {@code null} when the text names none.
     */
    public static WireEncoding fromQueryValue(final CharSequence text)
    {
        if (text == null)
        {
            return JSON;
        }
        for (final WireEncoding encoding : VALUES)
        {
            if (WireMessages.contentEquals(encoding.queryValue, text))
            {
                return encoding;
            }
        }
        return null;
    }
}
