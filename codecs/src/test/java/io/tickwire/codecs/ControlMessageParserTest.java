package io.tickwire.codecs;

import java.nio.charset.StandardCharsets;

import io.tickwire.codecs.sbe.Channel;
import io.tickwire.codecs.sbe.ErrorCode;
import io.tickwire.codecs.sbe.Timeframe;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ControlMessageParserTest
{
    private static final String SUBSCRIBE =
        "{\"op\":\"subscribe\",\"id\":1,\"channel\":\"bars\",\"symbols\":[\"AAPL\"]," +
        "\"tf\":\"1m\",\"snapshot\":100,\"conflate\":0,\"timing\":false,\"resume\":{\"AAPL\":1041}}";

    private final ControlMessageParser parser = new ControlMessageParser();
    private final ControlMessage message = new ControlMessage();

    private ControlParseResult parse(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, message);
    }

    @Test
    void shouldParseTheSpecSubscribeExample()
    {
        assertThat(parse(SUBSCRIBE)).isEqualTo(ControlParseResult.OK);

        assertThat(message.op()).isEqualTo(ControlOp.SUBSCRIBE);
        assertThat(message.id()).isEqualTo(1);
        assertThat(message.channel()).isEqualTo(Channel.BARS);
        assertThat(message.symbolCount()).isEqualTo(1);
        assertThat(message.symbol(0).toString()).isEqualTo("AAPL");
        assertThat(message.tf()).isEqualTo(Timeframe.MIN_1);
        assertThat(message.snapshot()).isEqualTo(100);
        assertThat(message.conflateMs()).isZero();
        assertThat(message.timing()).isFalse();
        assertThat(message.resumeCount()).isEqualTo(1);
        assertThat(message.resumeSymbol(0).toString()).isEqualTo("AAPL");
        assertThat(message.resumeSeq(0)).isEqualTo(1041);
        assertThat(message.resumeSeq("AAPL")).isEqualTo(1041);
        assertThat(message.resumeSeq("MSFT")).isEqualTo(WireMessages.NO_VALUE);
        assertThat(message.errorMessage().toString()).isEmpty();
    }

    @Test
    void shouldParseUnsubscribeAndPingWithDefaults()
    {
        assertThat(parse("{\"op\":\"unsubscribe\",\"id\":2,\"channel\":\"bars\",\"symbols\":[\"AAPL\"],\"tf\":\"1m\"}"))
            .isEqualTo(ControlParseResult.OK);
        assertThat(message.op()).isEqualTo(ControlOp.UNSUBSCRIBE);
        assertThat(message.snapshot()).isEqualTo(ControlMessage.NOT_SET);

        assertThat(parse(" {\n\t\"op\" : \"ping\" , \"id\" : 3 , \"t\" : 1705314600123 } "))
            .isEqualTo(ControlParseResult.OK);
        assertThat(message.op()).isEqualTo(ControlOp.PING);
        assertThat(message.id()).isEqualTo(3);
        assertThat(message.clientTime()).isEqualTo(1_705_314_600_123L);

        assertThat(parse("{\"op\":\"ping\"}")).isEqualTo(ControlParseResult.OK);
        assertThat(message.id()).isEqualTo(WireMessages.NO_VALUE);
        assertThat(message.clientTime()).isEqualTo(WireMessages.NO_VALUE);
    }

    @Test
    void shouldParseManySymbolsWithEscapesAndEveryAllowedCharacter()
    {
        assertThat(parse("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"BRK.B\",\"EUR\\/USD\"," +
            "\"ES:CME_1-A\",\"\\u0041APL\",\"0123456789ABCDEF\"],\"timing\":true,\"conflate\":250}"))
            .isEqualTo(ControlParseResult.OK);

        assertThat(message.symbolCount()).isEqualTo(5);
        assertThat(message.symbolString(1)).isEqualTo("EUR/USD");
        assertThat(message.symbolString(2)).isEqualTo("ES:CME_1-A");
        assertThat(message.symbolString(3)).isEqualTo("AAPL");
        assertThat(message.symbolString(4)).isEqualTo("0123456789ABCDEF");
        assertThat(message.timing()).isTrue();
        assertThat(message.conflateMs()).isEqualTo(250);
        assertThat(message.tf()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "[]", "null", "\"op\"", "{", "{\"op\"", "{\"op\":", "{\"op\":\"ping\"", "{\"op\":\"ping\",}",
        "{\"op\":\"ping\"}}", "{\"op\":\"ping\"} x", "{'op':'ping'}", "{op:\"ping\"}", "{\"op\":\"ping\" \"id\":1}",
        "{\"op\":\"ping\",\"id\":01}", "{\"op\":\"ping\",\"id\":1.}", "{\"op\":\"ping\",\"id\":-}",
        "{\"op\":\"ping\",\"id\":+1}", "{\"op\":\"ping\",\"t\":1e}", "{\"op\":\"pi\nng\"}", "{\"op\":\"ping\\x\"}",
        "{\"op\":\"ping\\u12\"}", "{\"op\":\"ping\",\"timing\":tru}", "{\"op\":\"ping\",\"timing\":nul}",
        "{\"op\":\"subscribe\",\"symbols\":[\"A\",]}", "{\"op\":\"subscribe\",\"symbols\":[\"A\"}",
        "{\"op\":\"subscribe\",\"resume\":{\"A\"1}}", "{\"op\":\"subscribe\",\"resume\":{\"A\":1,}}",
        "\ufeff{\"op\":\"ping\"}"})
    void shouldRefuseMalformedJsonWithReason(final String json)
    {
        assertThat(parse(json)).isEqualTo(ControlParseResult.MALFORMED);
        assertThat(message.result().errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(message.errorMessage().toString()).startsWith("malformed JSON at byte ");
    }

    @Test
    void shouldRefuseInvalidUtf8InStrings()
    {
        final byte[] bytes = "{\"op\":\"ping\",\"x\":\"\u0000\u0000\"}".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 4] = (byte)0xC0;
        bytes[bytes.length - 3] = (byte)0x80;

        assertThat(parser.parse(bytes, 0, bytes.length, message)).isEqualTo(ControlParseResult.MALFORMED);
    }

    @Test
    void shouldRefuseUnknownOpButKeepTheIdForTheReply()
    {
        assertThat(parse("{\"op\":\"subscribe_all\",\"id\":9}")).isEqualTo(ControlParseResult.UNKNOWN_OP);
        assertThat(message.id()).isEqualTo(9);
        assertThat(message.errorMessage().toString())
            .isEqualTo("unknown op \"subscribe_all\" (accepts subscribe, unsubscribe, ping)");
        assertThat(message.result().errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRefuseMissingOp()
    {
        assertThat(parse("{\"id\":4}")).isEqualTo(ControlParseResult.MISSING_FIELD);
        assertThat(message.errorMessage().toString()).isEqualTo("\"op\" is required");
        assertThat(parse("{}")).isEqualTo(ControlParseResult.MISSING_FIELD);
    }

    @Test
    void shouldRefuseWrongTypesNamingTheKey()
    {
        assertRefused("{\"op\":1}", ControlParseResult.WRONG_TYPE, "\"op\" must be a string");
        assertRefused("{\"op\":\"ping\",\"id\":\"1\"}", ControlParseResult.WRONG_TYPE, "\"id\" must be an integer");
        assertRefused("{\"op\":\"ping\",\"id\":1.5}", ControlParseResult.WRONG_TYPE, "\"id\" must be an integer");
        assertRefused("{\"op\":\"ping\",\"id\":1e3}", ControlParseResult.WRONG_TYPE, "\"id\" must be an integer");
        assertRefused("{\"op\":\"ping\",\"t\":null}", ControlParseResult.WRONG_TYPE, "\"t\" must be an integer");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"bars\",\"symbols\":\"AAPL\",\"tf\":\"1m\"}",
            ControlParseResult.WRONG_TYPE, "\"symbols\" must be an array of strings");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"bars\",\"symbols\":[\"AAPL\",7],\"tf\":\"1m\"}",
            ControlParseResult.WRONG_TYPE, "\"symbols\" must be an array of strings");
        assertRefused("{\"op\":\"subscribe\",\"channel\":[\"bars\"],\"symbols\":[\"AAPL\"]}",
            ControlParseResult.WRONG_TYPE, "\"channel\" must be a string");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"timing\":\"true\"}",
            ControlParseResult.WRONG_TYPE, "\"timing\" must be true or false");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"resume\":[1]}",
            ControlParseResult.WRONG_TYPE, "\"resume\" must be an object");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"resume\":{\"A\":\"1\"}}",
            ControlParseResult.WRONG_TYPE, "resume values must be integers");
    }

    @Test
    void shouldRefuseValuesOutOfRange()
    {
        assertRefused("{\"op\":\"ping\",\"id\":-1}", ControlParseResult.BAD_VALUE, "\"id\" must be an integer");
        assertRefused("{\"op\":\"ping\",\"id\":9223372036854775808}", ControlParseResult.BAD_VALUE,
            "\"id\" must be an integer");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"news\",\"symbols\":[\"A\"]}", ControlParseResult.BAD_VALUE,
            "\"channel\" must be trades, quotes or bars");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"bars\",\"symbols\":[\"A\"],\"tf\":\"2m\"}",
            ControlParseResult.BAD_VALUE, "\"tf\" must be one of");
        assertRefused(
            "{\"op\":\"subscribe\",\"channel\":\"bars\",\"symbols\":[\"A\"],\"tf\":\"1m\",\"snapshot\":10001}",
            ControlParseResult.BAD_VALUE, "\"snapshot\" must be an integer 0..10000");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"conflate\":-5}",
            ControlParseResult.BAD_VALUE, "\"conflate\" must be an integer");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[]}", ControlParseResult.BAD_VALUE,
            "\"symbols\" must not be empty");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"tf\":\"1m\"}",
            ControlParseResult.BAD_VALUE, "\"tf\" applies only to the bars channel");
    }

    @Test
    void shouldRefuseMissingStreamKeys()
    {
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"A\"]}", ControlParseResult.MISSING_FIELD,
            "\"channel\" is required");
        assertRefused("{\"op\":\"unsubscribe\",\"channel\":\"quotes\"}", ControlParseResult.MISSING_FIELD,
            "\"symbols\" is required");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"bars\",\"symbols\":[\"A\"]}",
            ControlParseResult.MISSING_FIELD, "\"tf\" is required for the bars channel");
    }

    @Test
    void shouldRefuseBadSymbolsWithTheirPosition()
    {
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"AAPL\",\"aapl\"]}",
            ControlParseResult.BAD_SYMBOL, "bad symbol \"aapl\" at symbols[1]");
        assertThat(message.result().errorCode()).isEqualTo(ErrorCode.BAD_SYMBOL);
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"\"]}",
            ControlParseResult.BAD_SYMBOL, "bad symbol \"\" at symbols[0]");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"ABCDEFGHIJKLMNOPQ\"]}",
            ControlParseResult.BAD_SYMBOL, "bad symbol \"ABCDEFGHIJKLMNOPQ\"");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A B\"]}",
            ControlParseResult.BAD_SYMBOL, "bad symbol");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"\\u0000\\n\"]}",
            ControlParseResult.BAD_SYMBOL, "bad symbol \"??\"");
        assertRefused("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"A\"],\"resume\":{\"a\":1}}",
            ControlParseResult.BAD_SYMBOL, "bad symbol \"a\" in resume");
    }

    @Test
    void shouldRefuseUnknownAndDuplicateFields()
    {
        assertRefused("{\"op\":\"ping\",\"id\":1,\"symbol\":{\"nested\":[1,2,{\"x\":null}]}}",
            ControlParseResult.UNKNOWN_FIELD, "unknown field \"symbol\"");
        assertThat(message.id()).isEqualTo(1);
        assertRefused("{\"op\":\"ping\",\"op\":\"ping\"}", ControlParseResult.DUPLICATE_FIELD,
            "duplicate field \"op\"");
    }

    @Test
    void shouldReportTheFirstProblemAndTheIdWhereverItStands()
    {
        assertRefused("{\"op\":\"nope\",\"channel\":\"x\",\"id\":77}", ControlParseResult.UNKNOWN_OP, "unknown op");
        assertThat(message.id()).isEqualTo(77);
    }

    @Test
    void shouldRefuseTooManySymbolsAsTooManySubscriptions()
    {
        final StringBuilder json = new StringBuilder("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[");
        for (int i = 0; i <= ControlMessageParser.MAX_SYMBOLS; i++)
        {
            json.append(i == 0 ? "" : ",").append("\"S").append(i).append('"');
        }
        json.append("]}");

        assertRefused(json.toString(), ControlParseResult.TOO_MANY_SYMBOLS, "more than 5000 symbols");
        assertThat(message.result().errorCode()).isEqualTo(ErrorCode.TOO_MANY_SUBSCRIPTIONS);
        assertThat(message.symbolCount()).isEqualTo(ControlMessageParser.MAX_SYMBOLS);
    }

    @Test
    void shouldAcceptExactlyTheSymbolLimit()
    {
        final StringBuilder json = new StringBuilder("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[");
        for (int i = 0; i < ControlMessageParser.MAX_SYMBOLS; i++)
        {
            json.append(i == 0 ? "" : ",").append("\"S").append(i).append('"');
        }
        json.append("]}");

        assertThat(parse(json.toString())).isEqualTo(ControlParseResult.OK);
        assertThat(message.symbolCount()).isEqualTo(ControlMessageParser.MAX_SYMBOLS);
        assertThat(message.symbolString(4_999)).isEqualTo("S4999");
    }

    @Test
    void shouldRefuseOversizedFramesAndDeepNesting()
    {
        final String huge = "{\"op\":\"ping\",\"x\":\"" + "a".repeat(ControlMessageParser.MAX_MESSAGE_BYTES) + "\"}";
        assertThat(parse(huge)).isEqualTo(ControlParseResult.TOO_LARGE);

        final String deep = "{\"op\":\"ping\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThat(parse(deep)).isEqualTo(ControlParseResult.MALFORMED);
        assertThat(message.errorMessage().toString()).contains("nested too deeply");

        final String longString = "{\"op\":\"" + "p".repeat(1_000) + "\"}";
        assertThat(parse(longString)).isEqualTo(ControlParseResult.MALFORMED);
        assertThat(message.errorMessage().toString()).contains("string too long");
    }

    @Test
    void shouldReuseTheHolderWithoutLeakingThePreviousMessage()
    {
        assertThat(parse(SUBSCRIBE)).isEqualTo(ControlParseResult.OK);
        assertThat(parse("{\"op\":\"ping\"}")).isEqualTo(ControlParseResult.OK);

        assertThat(message.symbolCount()).isZero();
        assertThat(message.resumeCount()).isZero();
        assertThat(message.channel()).isNull();
        assertThat(message.id()).isEqualTo(WireMessages.NO_VALUE);
    }

    @Test
    void shouldNotAllocateWhenParsingInSteadyState()
    {
        final byte[] bytes = SUBSCRIBE.getBytes(StandardCharsets.UTF_8);
        final byte[] bad = "{\"op\":\"subscribe\",\"id\":5,\"channel\":\"bars\",\"symbols\":[\"aapl\"]}"
            .getBytes(StandardCharsets.UTF_8);

        final long allocated = Allocations.bytesAllocatedBy(() ->
        {
            for (int i = 0; i < 1_000; i++)
            {
                parser.parse(bytes, 0, bytes.length, message);
                parser.parse(bad, 0, bad.length, message);
            }
        });

        assertThat(allocated).isLessThan(1_024);
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnArbitraryBytes(@ForAll @Size(max = 200) final byte[] bytes)
    {
        final ControlParseResult result = parser.parse(bytes, 0, bytes.length, message);

        assertThat(result).isNotNull();
        assertThat(result == ControlParseResult.OK || message.errorMessage().length() > 0).isTrue();
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnMutationsOfAValidMessage(
        @ForAll @IntRange(min = 0, max = 200) final int position,
        @ForAll final byte replacement,
        @ForAll @IntRange(min = 0, max = 200) final int cut)
    {
        final byte[] bytes = SUBSCRIBE.getBytes(StandardCharsets.UTF_8);
        bytes[position % bytes.length] = replacement;
        final int length = Math.min(bytes.length, cut);

        final ControlParseResult result = parser.parse(bytes, 0, length, message);

        assertThat(result).isNotNull();
        assertThat(result == ControlParseResult.OK || message.errorMessage().length() > 0).isTrue();
    }

    private void assertRefused(final String json, final ControlParseResult result, final String messagePrefix)
    {
        assertThat(parse(json)).as(json).isEqualTo(result);
        assertThat(message.errorMessage().toString()).as(json).startsWith(messagePrefix);
    }
}
