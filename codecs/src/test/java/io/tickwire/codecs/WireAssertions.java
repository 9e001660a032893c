package io.tickwire.codecs;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a MessagePack frame with a JSON frame as a JavaScript client would see them: same keys in the same
 * order, same strings and booleans, and numbers that {@code JSON.parse} and a MessagePack decoder turn into the
 * same double.
 */
final class WireAssertions
{
    static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WireAssertions()
    {
    }

    static JsonNode parseJson(final String json)
    {
        try
        {
            return JSON.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("not JSON: " + json, ex);
        }
    }

    static Value unpack(final byte[] msgpack)
    {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(msgpack))
        {
            final Value value = unpacker.unpackValue();
            assertThat(unpacker.hasNext()).as("bytes after the value").isFalse();
            return value;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("not MessagePack", ex);
        }
    }

    static void assertSameAsJson(final byte[] msgpack, final String json)
    {
        assertSame(unpack(msgpack), parseJson(json), "$");
    }

    private static void assertSame(final Value actual, final JsonNode expected, final String path)
    {
        if (expected.isObject())
        {
            assertThat(actual.isMapValue()).as(path + " is a map").isTrue();
            final MapValue map = actual.asMapValue();
            assertThat(map.size()).as(path + " size").isEqualTo(expected.size());
            final Iterator<Map.Entry<String, JsonNode>> fields = expected.properties().iterator();
            for (final Map.Entry<Value, Value> entry : map.entrySet())
            {
                final Map.Entry<String, JsonNode> field = fields.next();
                assertThat(entry.getKey().asStringValue().asString()).as(path + " key order").isEqualTo(field.getKey());
                assertSame(entry.getValue(), field.getValue(), path + "." + field.getKey());
            }
        }
        else if (expected.isArray())
        {
            assertThat(actual.isArrayValue()).as(path + " is an array").isTrue();
            final ArrayValue array = actual.asArrayValue();
            assertThat(array.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < array.size(); i++)
            {
                assertSame(array.get(i), expected.get(i), path + "[" + i + "]");
            }
        }
        else if (expected.isTextual())
        {
            assertThat(actual.isStringValue()).as(path + " is a string").isTrue();
            assertThat(actual.asStringValue().asString()).as(path).isEqualTo(expected.textValue());
        }
        else if (expected.isBoolean())
        {
            assertThat(actual.isBooleanValue()).as(path + " is a boolean").isTrue();
            assertThat(actual.asBooleanValue().getBoolean()).as(path).isEqualTo(expected.booleanValue());
        }
        else if (expected.isNull())
        {
            assertThat(actual.isNilValue()).as(path + " is nil").isTrue();
        }
        else if (expected.isIntegralNumber())
        {
            assertThat(actual.isIntegerValue()).as(path + " is an integer").isTrue();
            assertThat(actual.asIntegerValue().toBigInteger()).as(path).isEqualTo(expected.bigIntegerValue());
        }
        else
        {
            // What JSON.parse gives for the exact decimal text: the nearest double.
            final double fromJson = Double.parseDouble(expected.decimalValue().toPlainString());
            final double fromMsgPack = actual.isFloatValue() ? actual.asFloatValue().toDouble() :
                actual.asIntegerValue().toLong();
            assertThat(fromMsgPack).as(path).isEqualTo(fromJson);
        }
    }
}
