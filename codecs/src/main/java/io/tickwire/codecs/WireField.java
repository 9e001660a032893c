package io.tickwire.codecs;

/**
 * The keys of the JSON and MessagePack server messages, each with the kind of value it carries, so that both
 * text-keyed decoders share one table. Package-private: the wire contract is {@link WireEncoder}'s javadoc.
 */
enum WireField
{
    TYPE("type", Kind.TEXT),
    ID("id", Kind.INTEGER),
    CODE("code", Kind.TEXT),
    MESSAGE("message", Kind.TEXT),
    CHANNEL("channel", Kind.TEXT),
    SYMBOL("symbol", Kind.TEXT),
    TF("tf", Kind.TEXT),
    REASON("reason", Kind.TEXT),
    EPOCH("epoch", Kind.TEXT),
    SEQ("seq", Kind.INTEGER),
    T("t", Kind.INTEGER),
    ST("st", Kind.INTEGER),
    RI("ri", Kind.INTEGER),
    P("p", Kind.PRICE),
    V("v", Kind.INTEGER),
    B("b", Kind.PRICE),
    BS("bs", Kind.INTEGER),
    A("a", Kind.PRICE),
    AS("as", Kind.INTEGER),
    O("o", Kind.PRICE),
    H("h", Kind.PRICE),
    L("l", Kind.PRICE),
    C("c", Kind.PRICE),
    N("n", Kind.INTEGER),
    VW("vw", Kind.PRICE),
    FINAL("final", Kind.BOOLEAN),
    REV("rev", Kind.INTEGER),
    BARS("bars", Kind.ROWS),
    TRADES("trades", Kind.ROWS),
    QUOTES("quotes", Kind.ROWS);

    /** What a value is made of on the wire. */
    enum Kind
    {
        TEXT, INTEGER, PRICE, BOOLEAN, ROWS
    }

    /** Element kinds of a bar row {@code [t,o,h,l,c,v,n,vw]}. */
    static final Kind[] BAR_ROW = {
        Kind.INTEGER, Kind.PRICE, Kind.PRICE, Kind.PRICE, Kind.PRICE, Kind.INTEGER, Kind.INTEGER, Kind.PRICE};
    /** Element kinds of a trade row {@code [t,p,v]}. */
    static final Kind[] TRADE_ROW = {Kind.INTEGER, Kind.PRICE, Kind.INTEGER};
    /** Element kinds of a quote row {@code [t,b,bs,a,as]}. */
    static final Kind[] QUOTE_ROW = {Kind.INTEGER, Kind.PRICE, Kind.INTEGER, Kind.PRICE, Kind.INTEGER};

    private static final WireField[] VALUES = values();
    /** Open-addressing table keyed by the text's hash: decoders look up every key, so one probe, not 30 compares. */
    private static final WireField[] BY_HASH = new WireField[128];

    static
    {
        for (final WireField field : VALUES)
        {
            int slot = slot(field.text);
            while (BY_HASH[slot] != null)
            {
                slot = (slot + 1) & (BY_HASH.length - 1);
            }
            BY_HASH[slot] = field;
        }
    }

    final String text;
    final Kind kind;

    WireField(final String text, final Kind kind)
    {
        this.text = text;
        this.kind = kind;
    }

    int bit()
    {
        return 1 << ordinal();
    }

    Kind[] rowKinds()
    {
        return this == BARS ? BAR_ROW : this == TRADES ? TRADE_ROW : QUOTE_ROW;
    }

    static WireField fromText(final CharSequence text)
    {
        for (int slot = slot(text); BY_HASH[slot] != null; slot = (slot + 1) & (BY_HASH.length - 1))
        {
            if (WireMessages.contentEquals(BY_HASH[slot].text, text))
            {
                return BY_HASH[slot];
            }
        }
        return null;
    }

    private static int slot(final CharSequence text)
    {
        final int hash = Texts.hash(text);
        return (hash ^ (hash >>> 7)) & (BY_HASH.length - 1);
    }
}
