package io.tickwire.engine.bars;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Symbol interning to dense ids and the two-word packing of symbols.
 */
class SymbolTableTest
{
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/-";

    private static String name(final int i)
    {
        // Base-41 digits over the symbol alphabet, so that names differ in every position, not only a suffix.
        final StringBuilder sb = new StringBuilder("S");
        int rest = i;
        do
        {
            sb.append(ALPHABET.charAt(rest % ALPHABET.length()));
            rest /= ALPHABET.length();
        }
        while (rest > 0);
        return sb.toString();
    }

    private static int intern(final SymbolTable table, final String symbol)
    {
        return table.intern(Symbols.pack(symbol, 0, symbol.length(), 0), Symbols.pack(symbol, 0, symbol.length(), 1));
    }

    @Test
    void shouldInternOneHundredThousandSymbolsToDenseIdsInOrderOfFirstSight()
    {
        final int count = 100_000;
        final SymbolTable table = new SymbolTable(count);
        for (int i = 0; i < count; i++)
        {
            assertThat(intern(table, name(i))).isEqualTo(i);
        }
        assertThat(table.size()).isEqualTo(count);
        for (int i = count - 1; i >= 0; i--)
        {
            final String symbol = name(i);
            assertThat(intern(table, symbol)).isEqualTo(i);
            assertThat(table.find(symbol)).isEqualTo(i);
            assertThat(table.name(i)).isEqualTo(symbol);
        }
        assertThat(table.size()).isEqualTo(count);

        assertThat(intern(table, "NEW")).isEqualTo(SymbolTable.FULL);
        assertThat(table.find("NEW")).isEqualTo(-1);
        assertThat(intern(table, name(12_345))).isEqualTo(12_345);
        assertThat(table.size()).isEqualTo(count);
        assertThat(table.capacity()).isEqualTo(count);
    }

    @Test
    void shouldFindNothingForUnknownOrInvalidSymbols()
    {
        final SymbolTable table = new SymbolTable(4);
        intern(table, "AAPL");

        assertThat(table.find("AAPL")).isZero();
        assertThat(table.find("MSFT")).isEqualTo(-1);
        assertThat(table.find("aapl")).isEqualTo(-1);
        assertThat(table.find("")).isEqualTo(-1);
        assertThat(table.find((String)null)).isEqualTo(-1);
        assertThat(table.find("AAPL.TOO.LONG.SYMB")).isEqualTo(-1);
        assertThat(table.find(0, 0)).isEqualTo(-1);
    }

    @Test
    void shouldBeFullAtOnceWithNoCapacity()
    {
        assertThat(intern(new SymbolTable(0), "A")).isEqualTo(SymbolTable.FULL);
    }

    @Test
    void shouldTellSymbolsThatShareTheirFirstEightCharactersApart()
    {
        final SymbolTable table = new SymbolTable(8);
        assertThat(intern(table, "ABCDEFGH")).isZero();
        assertThat(intern(table, "ABCDEFGHI")).isEqualTo(1);
        assertThat(intern(table, "ABCDEFGHIJKLMNOP")).isEqualTo(2);
        assertThat(table.name(1)).isEqualTo("ABCDEFGHI");
        assertThat(table.find("ABCDEFGH")).isZero();
    }

    @Provide
    Arbitrary<String> symbols()
    {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(16);
    }

    @Property(tries = 1_000)
    void shouldRoundTripEveryValidSymbolThroughItsPackedForm(@ForAll("symbols") final String symbol)
    {
        assertThat(Symbols.isValid(symbol)).isTrue();
        final long word0 = Symbols.pack(symbol, 0, symbol.length(), 0);
        final long word1 = Symbols.pack(symbol, 0, symbol.length(), 1);

        assertThat(Symbols.unpack(word0, word1)).isEqualTo(symbol);
        assertThat(word1 == 0).isEqualTo(symbol.length() <= 8);
    }

    @Property(tries = 500)
    void shouldPackASymbolInsideLongerTextLikeTheSymbolAlone(
        @ForAll("symbols") final String symbol,
        @ForAll("symbols") final String before)
    {
        final String text = before + "," + symbol + ",1";
        final int start = before.length() + 1;
        final int end = start + symbol.length();

        assertThat(Symbols.isValid(text, start, end)).isTrue();
        assertThat(Symbols.pack(text, start, end, 0)).isEqualTo(Symbols.pack(symbol, 0, symbol.length(), 0));
        assertThat(Symbols.pack(text, start, end, 1)).isEqualTo(Symbols.pack(symbol, 0, symbol.length(), 1));
    }

    @Property(tries = 500)
    void shouldPackDistinctSymbolsToDistinctWords(
        @ForAll("symbols") final String a,
        @ForAll("symbols") final String b)
    {
        final boolean samePacking = Symbols.pack(a, 0, a.length(), 0) == Symbols.pack(b, 0, b.length(), 0) &&
            Symbols.pack(a, 0, a.length(), 1) == Symbols.pack(b, 0, b.length(), 1);
        assertThat(samePacking).isEqualTo(a.equals(b));
    }

    @Test
    void shouldRefuseSymbolsOutsideTheSyntax()
    {
        assertThat(Symbols.isValid("")).isFalse();
        assertThat(Symbols.isValid((String)null)).isFalse();
        assertThat(Symbols.isValid("ABCDEFGHIJKLMNOPQ")).isFalse();
        assertThat(Symbols.isValid("ABCDEFGHIJKLMNOP")).isTrue();
        for (final char c : "abz !#$%&'()*+,;<=>?@[\\]^`{|}~\u00c4\u0000\t".toCharArray())
        {
            assertThat(Symbols.isValid("A" + c)).as("symbol with %s", (int)c).isFalse();
        }
    }
}
