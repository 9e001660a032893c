package io.tickwire.engine.ingest;

import java.nio.charset.StandardCharsets;

import io.tickwire.engine.bars.Symbols;
import io.tickwire.engine.ring.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.tickwire.engine.bars.TestTrades.ns;
import static io.tickwire.engine.bars.TestTrades.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@code bars} command's CSV input (SPEC §5): header handling, one rejection reason per bad required field,
 * and optional fields that never reject a row.
 */
class CsvTradeFormatTest
{
    private static final String HEADER = "ts,symbol,price,volume";

    private final TradeEvent event = new TradeEvent();

    private static long symbol(final String text)
    {
        return Symbols.pack(text, 0, text.length(), 0);
    }

    private RejectReason parse(final String header, final String row)
    {
        return CsvTradeFormat.fromHeader(header).parse(row, event);
    }

    private String tradeId()
    {
        return new String(event.tradeId, 0, event.tradeIdLength, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldParseARowOfTheMinimalHeader()
    {
        assertThat(parse(HEADER, "2024-01-02T03:04:05.123456789Z,AAPL,187.25,100")).isNull();

        assertThat(event.kind).isEqualTo(TradeEvent.KIND_TRADE);
        assertThat(event.tsNs).isEqualTo(ns("2024-01-02T03:04:05.123456789Z"));
        assertThat(event.symbolWord0).isEqualTo(symbol("AAPL"));
        assertThat(event.symbolWord1).isZero();
        assertThat(event.price).isEqualTo(px("187.25"));
        assertThat(event.volume).isEqualTo(100);
        assertThat(event.bid).isZero();
        assertThat(event.ask).isZero();
        assertThat(event.exchange).isZero();
        assertThat(event.tradeIdLength).isZero();
    }

    @Test
    void shouldAcceptColumnsInAnyOrderAndIgnoreUnknownOnes()
    {
        final CsvTradeFormat format = CsvTradeFormat.fromHeader("note,volume,trade_id,price,venue,symbol,ask,ts,bid");

        assertThat(format.parse("x,42,T-1,10.5,anything,BRK.B,10.6,1700000000000000000,10.4", event)).isNull();
        assertThat(event.volume).isEqualTo(42);
        assertThat(event.price).isEqualTo(px("10.5"));
        assertThat(event.symbolWord0).isEqualTo(symbol("BRK.B"));
        assertThat(event.tsNs).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(event.bid).isEqualTo(px("10.4"));
        assertThat(event.ask).isEqualTo(px("10.6"));
        assertThat(tradeId()).isEqualTo("T-1");
    }

    @Test
    void shouldMatchHeaderNamesWhateverTheirCaseAndSurroundingBlanks()
    {
        assertThat(parse("TS, Symbol ,PRICE,Volume,Trade_ID", "0,A,1,1,X")).isNull();
        assertThat(tradeId()).isEqualTo("X");
    }

    @Test
    void shouldIgnoreAByteOrderMarkBeforeTheHeader()
    {
        assertThat(parse("\uFEFFts,symbol,price,volume", "1,A,1,1")).isNull();
        assertThat(event.tsNs).isEqualTo(1);
    }

    @Test
    void shouldIgnoreACarriageReturnLeftOnTheHeader()
    {
        assertThat(parse("ts,symbol,price,volume\r", "1,A,1,7")).isNull();
        assertThat(event.volume).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "symbol", "price", "volume"})
    void shouldRefuseAHeaderWithoutARequiredColumn(final String missing)
    {
        final String header = String.join(",", "bid", HEADER.replace(missing, "other"));

        assertThatIllegalArgumentException().isThrownBy(() -> CsvTradeFormat.fromHeader(header))
            .withMessageContaining("'" + missing + "'")
            .withMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts,symbol,price,volume,price", "ts,symbol,price,volume,TS",
        "ts,symbol,price,volume,bid,Bid", "ts,symbol,price,volume,trade_id,trade_id"})
    void shouldRefuseAHeaderThatRepeatsAColumn(final String header)
    {
        assertThatIllegalArgumentException().isThrownBy(() -> CsvTradeFormat.fromHeader(header))
            .withMessageContaining("more than once");
    }

    @Test
    void shouldRefuseAnEmptyHeader()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> CsvTradeFormat.fromHeader(""));
    }

    @Test
    void shouldAcceptACrLfLineEnding()
    {
        assertThat(parse(HEADER, "1,A,1.5,300\r")).isNull();
        assertThat(event.volume).isEqualTo(300);

        assertThat(parse(HEADER + ",trade_id", "1,A,1.5,300,ID-9\r")).isNull();
        assertThat(tradeId()).isEqualTo("ID-9");

        assertThat(parse("symbol,volume,price,ts", "A,1,1,2024-01-01T00:00:00Z\r")).isNull();
        assertThat(event.tsNs).isEqualTo(ns("2024-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "2024-01-02T03:04:05", "2024-01-02 03:04:05Z", "2024-13-02T03:04:05Z",
        "2024-02-30T03:04:05Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05.1234567891Z", "2024-01-02T03:04:05.Z",
        "2024-01-02T03:04:05+01:00", "1.5", "1e9", "99999999999999999999", "-", " 1"})
    void shouldRejectABadTimestamp(final String ts)
    {
        assertThat(parse(HEADER, ts + ",AAPL,1,1")).isEqualTo(RejectReason.BAD_TIMESTAMP);
    }

    @Test
    void shouldAcceptTimestampsInBothForms()
    {
        assertThat(parse(HEADER, "-1,A,1,1")).isNull();
        assertThat(event.tsNs).isEqualTo(-1);
        assertThat(parse(HEADER, "1969-12-31T23:59:59.5Z,A,1,1")).isNull();
        assertThat(event.tsNs).isEqualTo(-500_000_000L);
        assertThat(parse(HEADER, "2024-02-29T23:59:59.000000001Z,A,1,1")).isNull();
        assertThat(event.tsNs).isEqualTo(ns("2024-02-29T23:59:59.000000001Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aapl", "AAPL ", " AAPL", "AA PL", "ABCDEFGHIJKLMNOPQ", "AAPL!", "\u00c4PPL", "A\"B"})
    void shouldRejectABadSymbol(final String symbol)
    {
        assertThat(parse(HEADER, "1," + symbol + ",1,1")).isEqualTo(RejectReason.BAD_SYMBOL);
    }

    @Test
    void shouldAcceptEverySymbolCharacterUpToSixteen()
    {
        assertThat(parse(HEADER, "1,AZ09._:/-BTCUSDT,1,1")).isNull();
        assertThat(Symbols.unpack(event.symbolWord0, event.symbolWord1)).isEqualTo("AZ09._:/-BTCUSDT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "-0.5", "0.000000001", "1.123456789", "10000000000.00000001",
        "10000000001", "abc", "NaN", "Infinity", "1.2.3", "$5", " 5", "1e-9", "1e11"})
    void shouldRejectABadPrice(final String price)
    {
        assertThat(parse(HEADER, "1,A," + price + ",1")).isEqualTo(RejectReason.BAD_PRICE);
    }

    @Test
    void shouldAcceptPricesAtTheLimitsOfSectionThree()
    {
        assertThat(parse(HEADER, "1,A,10000000000,1")).isNull();
        assertThat(event.price).isEqualTo(10_000_000_000L * 100_000_000L);
        assertThat(parse(HEADER, "1,A,0.00000001,1")).isNull();
        assertThat(event.price).isEqualTo(1);
        assertThat(parse(HEADER, "1,A,1.50000000000,1")).isNull();
        assertThat(event.price).isEqualTo(150_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "1.5", "1.0", "1e3", "1000000000001", "99999999999999999999", "abc",
        " 1", "0x10"})
    void shouldRejectABadVolume(final String volume)
    {
        assertThat(parse(HEADER, "1,A,1," + volume)).isEqualTo(RejectReason.BAD_VOLUME);
    }

    @Test
    void shouldAcceptVolumesAtTheLimitsOfSectionThree()
    {
        assertThat(parse(HEADER, "1,A,1,1000000000000")).isNull();
        assertThat(event.volume).isEqualTo(1_000_000_000_000L);
        assertThat(parse(HEADER, "1,A,1,1")).isNull();
        assertThat(event.volume).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,A,1", "1,A,1,1,1", "", "1"})
    void shouldRejectARowWithTheWrongNumberOfFieldsAsMalformed(final String row)
    {
        assertThat(parse(HEADER, row)).isEqualTo(RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {",,,", "abc,-1,X-EXCHANGE-9,trade id with spaces", "0,NaN,,\u00e9t\u00e9",
        "-5,10000000001,VERYLONGEXCHANGE,0123456789012345678901234567890123456789", "1.123456789,1e400,NY SE,\t"})
    void shouldNeverRejectARowForItsOptionalFields(final String bidAskExchangeTradeId)
    {
        final CsvTradeFormat format = CsvTradeFormat.fromHeader(HEADER + ",bid,ask,exchange,trade_id");

        assertThat(format.parse("1,A,1,1," + bidAskExchangeTradeId, event)).isNull();
        assertThat(event.bid).isZero();
        assertThat(event.ask).isZero();
        assertThat(event.exchange).isZero();
        assertThat(event.tradeIdLength).isZero();
    }

    @Test
    void shouldKeepValidOptionalFields()
    {
        final CsvTradeFormat format = CsvTradeFormat.fromHeader(HEADER + ",bid,ask,exchange,trade_id");

        assertThat(format.parse("1,A,1,1,0.99,1.01,NASDAQGS,0123456789abcdef0123456789ABCDEF", event)).isNull();
        assertThat(event.bid).isEqualTo(px("0.99"));
        assertThat(event.ask).isEqualTo(px("1.01"));
        assertThat(event.exchange).isEqualTo(symbol("NASDAQGS"));
        assertThat(tradeId()).isEqualTo("0123456789abcdef0123456789ABCDEF");
    }

    @Test
    void shouldNotCarryOptionalFieldsOverToTheNextRow()
    {
        final CsvTradeFormat format = CsvTradeFormat.fromHeader(HEADER + ",bid,ask,exchange,trade_id");
        assertThat(format.parse("1,A,1,1,0.99,1.01,NYSE,T1", event)).isNull();

        assertThat(format.parse("2,A,1,1,,,,", event)).isNull();
        assertThat(event.bid).isZero();
        assertThat(event.ask).isZero();
        assertThat(event.exchange).isZero();
        assertThat(event.tradeIdLength).isZero();
    }

    @Test
    void shouldReportTheRejectionOfARequiredFieldEvenWhenOptionalFieldsAreFine()
    {
        final CsvTradeFormat format = CsvTradeFormat.fromHeader(HEADER + ",bid,ask");

        assertThat(format.parse("1,A,0,1,0.99,1.01", event)).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(format.parse("1,A,1,0,0.99,1.01", event)).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(format.parse("x,A,1,1,0.99,1.01", event)).isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(format.parse("1,a,1,1,0.99,1.01", event)).isEqualTo(RejectReason.BAD_SYMBOL);
    }
}
