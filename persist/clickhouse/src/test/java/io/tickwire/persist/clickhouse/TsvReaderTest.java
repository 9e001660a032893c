package io.tickwire.persist.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsvReaderTest
{
    @Test
    void shouldReadDecimalsWithOrWithoutTrailingZeros() throws IOException
    {
        final TsvReader reader = reader("1.50000000\t1.5\t7\t0.00000001\t-2.25\t9999999999.99999999\n");
        assertThat(reader.hasRow()).isTrue();
        assertThat(reader.readDecimal8()).isEqualTo(150_000_000L);
        assertThat(reader.readDecimal8()).isEqualTo(150_000_000L);
        assertThat(reader.readDecimal8()).isEqualTo(700_000_000L);
        assertThat(reader.readDecimal8()).isEqualTo(1L);
        assertThat(reader.readDecimal8()).isEqualTo(-225_000_000L);
        assertThat(reader.readDecimal8()).isEqualTo(999_999_999_999_999_999L);
        assertThat(reader.hasRow()).isFalse();
    }

    @Test
    void shouldUnescapeStringsAndReadIntegers() throws IOException
    {
        final TsvReader reader = reader("a\\tb\\\\c\\'d\\n\t-42\t18446744073709551615\t\n");
        assertThat(reader.readString()).isEqualTo("a\tb\\c'd\n");
        assertThat(reader.readLong()).isEqualTo(-42);
        assertThat(reader.readUnsignedLong()).isEqualTo(-1L);
        assertThat(reader.readString()).isEmpty();
        assertThat(reader.hasRow()).isFalse();
    }

    @Test
    void shouldRefuseMalformedNumbers() throws IOException
    {
        assertThatThrownBy(() -> reader("12x\n").readLong()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader("\t").readLong()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader("1.123456789\n").readDecimal8()).isInstanceOf(IOException.class);
    }

    private static TsvReader reader(final String text)
    {
        return new TsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
