"""Hand-computed cases for the bars oracle (SPEC §3, §4, §5).

Run:  cd tests/oracle && python3 -m unittest -v test_oracle
"""

import os
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal, ROUND_HALF_EVEN, getcontext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bars_oracle as bo  # noqa: E402
import compare_bars  # noqa: E402
import gen_trades  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def run(csv_text, tfs="1s,1m,5m,1h,1d", grace="5s"):
    bars, stats, rejects = bo.compute(csv_text.encode("utf-8"), bo.parse_tfs(tfs), bo.parse_duration(grace))
    return bars, stats, rejects


def by_key(bars):
    return {(b[0], b[1], b[2]): b for b in bars}


BASE = "2024-03-01T12:00:"


class Semantics(unittest.TestCase):

    def test_spec_example_late_misses_1s_joins_1m(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "30Z,AAPL,100,1\n"
               + BASE + "50Z,AAPL,101,1\n"
               + BASE + "40Z,AAPL,99,1\n")        # 10 s behind max: watermark 12:00:45
        bars, stats, _ = run(csv, "1s,1m")
        k = by_key(bars)
        self.assertNotIn(("AAPL", "1s", "2024-03-01T12:00:40Z"), k)
        self.assertEqual(k[("AAPL", "1m", "2024-03-01T12:00:00Z")],
                         ("AAPL", "1m", "2024-03-01T12:00:00Z", "100", "101", "99", "101", "3", "3", "100"))
        self.assertEqual(stats, {"trades": 3, "accepted": 3, "late": 1, "rejected": 0, "bars": 3})

    def test_open_close_event_time_not_arrival(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "02Z,X,20,1\n"
               + BASE + "01Z,X,10,1\n"            # earlier ts arrives later: it is the open
               + BASE + "03Z,X,30,1\n"
               + BASE + "02.5Z,X,25,1\n")         # not the close
        bars, stats, _ = run(csv, "1m")
        self.assertEqual(bars, [("X", "1m", "2024-03-01T12:00:00Z", "10", "30", "10", "30", "4", "4", "21.25")])
        self.assertEqual(stats["late"], 0)

    def test_equal_timestamps_arrival_order(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "05Z,X,10,1\n"
               + BASE + "05Z,X,20,1\n"
               + "1709294405000000000,X,15,1\n")  # same instant as epoch ns
        bars, _, _ = run(csv, "1s")
        self.assertEqual(bars, [("X", "1s", "2024-03-01T12:00:05Z", "10", "20", "10", "15", "3", "3", "15")])

    def test_equal_ts_earlier_than_open(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "05Z,X,10,1\n"
               + BASE + "04Z,X,7,1\n"
               + BASE + "04Z,X,8,1\n"             # same ts as the open, later arrival: not open
               + BASE + "05Z,X,11,1\n")           # same ts as close, later arrival: new close
        bars, _, _ = run(csv, "1m")
        self.assertEqual(bars[0][3], "7")
        self.assertEqual(bars[0][6], "11")

    def test_boundaries(self):
        csv = ("ts,symbol,price,volume\n"
               "2024-03-01T23:59:59.999999999Z,X,1,1\n"
               "2024-03-02T00:00:00Z,X,2,1\n"
               "2024-03-02T00:00:00.000000001Z,X,3,1\n")
        bars, stats, _ = run(csv, "1s,1m,5m,1h,1d")
        k = by_key(bars)
        for tf, prev in (("1s", "2024-03-01T23:59:59Z"), ("1m", "2024-03-01T23:59:00Z"),
                         ("5m", "2024-03-01T23:55:00Z"), ("1h", "2024-03-01T23:00:00Z"),
                         ("1d", "2024-03-01T00:00:00Z")):
            self.assertEqual(k[("X", tf, prev)][3:9], ("1", "1", "1", "1", "1", "1"))
            self.assertEqual(k[("X", tf, "2024-03-02T00:00:00Z")][3:9], ("2", "3", "2", "3", "2", "2"))
        self.assertEqual(stats["bars"], 10)

    def test_other_timeframes_alignment(self):
        csv = ("ts,symbol,price,volume\n"
               "2024-03-01T03:59:59Z,X,1,1\n"
               "2024-03-01T04:00:00Z,X,2,1\n"
               "2024-03-01T04:14:59Z,X,3,1\n"
               "2024-03-01T04:15:04Z,X,4,1\n"
               "2024-03-01T04:15:05Z,X,5,1\n")
        bars, _, _ = run(csv, "5s,15m,4h")
        starts = [(b[1], b[2]) for b in bars]
        self.assertEqual(starts, [
            ("5s", "2024-03-01T03:59:55Z"), ("5s", "2024-03-01T04:00:00Z"), ("5s", "2024-03-01T04:14:55Z"),
            ("5s", "2024-03-01T04:15:00Z"), ("5s", "2024-03-01T04:15:05Z"),
            ("15m", "2024-03-01T03:45:00Z"), ("15m", "2024-03-01T04:00:00Z"), ("15m", "2024-03-01T04:15:00Z"),
            ("4h", "2024-03-01T00:00:00Z"), ("4h", "2024-03-01T04:00:00Z")])

    def test_negative_ts_floor(self):
        csv = ("ts,symbol,price,volume\n"
               "-1,X,1,1\n"
               "-1000000001,X,2,1\n"
               "1969-12-31T23:59:59.5Z,X,3,1\n"
               "0,X,4,1\n")
        bars, stats, _ = run(csv, "1s,1d", "10s")
        k = by_key(bars)
        self.assertEqual(k[("X", "1s", "1969-12-31T23:59:59Z")][3:9], ("3", "3", "1", "1", "2", "2"))
        self.assertEqual(k[("X", "1s", "1969-12-31T23:59:58Z")][3:9], ("2", "2", "2", "2", "1", "1"))
        self.assertEqual(k[("X", "1s", "1970-01-01T00:00:00Z")][3:9], ("4", "4", "4", "4", "1", "1"))
        self.assertEqual(k[("X", "1d", "1969-12-31T00:00:00Z")][3:9], ("2", "3", "1", "1", "3", "3"))
        self.assertEqual(stats["rejected"], 0)

    def test_vwap_half_even(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "01Z,A,0.00000001,1\n" + BASE + "01Z,A,0.00000002,1\n"   # 1.5e-8 -> 2e-8
               + BASE + "02Z,A,0.00000002,1\n" + BASE + "02Z,A,0.00000003,1\n"   # 2.5e-8 -> 2e-8
               + BASE + "03Z,A,0.00000001,2\n" + BASE + "03Z,A,0.00000002,1\n"   # 1.333e-8 -> 1e-8
               + BASE + "04Z,A,0.00000001,1\n" + BASE + "04Z,A,0.00000002,2\n"   # 1.667e-8 -> 2e-8
               + BASE + "05Z,A,1.00000001,1\n" + BASE + "05Z,A,1.00000002,1\n"   # 1.000000015 -> 1.00000002
               + BASE + "06Z,A,2.00000002,1\n" + BASE + "06Z,A,2.00000003,1\n")  # -> 2.00000002
        bars, _, _ = run(csv, "1s", "1h")
        self.assertEqual([b[9] for b in bars],
                         ["0.00000002", "0.00000002", "0.00000001", "0.00000002", "1.00000002", "2.00000002"])

    def test_overflow_sized_sums(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "01Z,BIG,10000000000,1000000000000\n"
               + BASE + "01.1Z,BIG,10000000000,1000000000000\n"
               + BASE + "01.2Z,BIG,0.00000001,1\n"
               + BASE + "01.3Z,BIG,9999999999.99999999,999999999999\n")
        bars, _, _ = run(csv, "1s")
        getcontext().prec = 80
        num = (Decimal("10000000000") * 1000000000000 * 2 + Decimal("0.00000001")
               + Decimal("9999999999.99999999") * 999999999999)
        den = Decimal(2000000000000 + 1 + 999999999999)
        expect = (num / den).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_EVEN)
        self.assertEqual(bars, [("BIG", "1s", "2024-03-01T12:00:01Z", "10000000000", "10000000000",
                                 "0.00000001", "9999999999.99999999", "3000000000000", "4",
                                 bo.format_scaled(int(expect * bo.SCALE)))])
        # remainder 1/3 of the last unit: rounds down
        self.assertEqual(bars[0][9], "9999999999.99666666")
        self.assertGreater(2 * 10 ** 18 * 10 ** 12, 2 ** 63)

    def test_overflow_sized_exact_tie(self):
        # (10^10 + 9999999999.99999999) / 2 = 9999999999.999999995: a tie, odd last digit -> up
        csv = ("ts,symbol,price,volume\n"
               + BASE + "01Z,BIG,10000000000,1000000000000\n"
               + BASE + "01Z,BIG,9999999999.99999999,1000000000000\n"
               # (9999999999.99999998 + 9999999999.99999999) / 2: tie, even last digit -> down
               + BASE + "02Z,BIG,9999999999.99999998,1000000000000\n"
               + BASE + "02Z,BIG,9999999999.99999999,1000000000000\n")
        bars, _, _ = run(csv, "1s")
        self.assertEqual([(b[7], b[9]) for b in bars], [("2000000000000", "10000000000"),
                                                         ("2000000000000", "9999999999.99999998")])

    def test_grace_zero_edge(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "10Z,X,1,1\n"
               + BASE + "10Z,X,2,1\n"                       # equal to max: never late
               + BASE + "09.999999999Z,X,3,1\n")            # 1s window end == watermark: late
        bars, stats, _ = run(csv, "1s,1m", "0s")
        k = by_key(bars)
        self.assertNotIn(("X", "1s", "2024-03-01T12:00:09Z"), k)
        self.assertEqual(k[("X", "1s", "2024-03-01T12:00:10Z")][3:9], ("1", "2", "1", "2", "2", "2"))
        self.assertEqual(k[("X", "1m", "2024-03-01T12:00:00Z")][3:9], ("3", "3", "1", "2", "3", "3"))
        self.assertEqual(stats["late"], 1)

    def test_lateness_edge_with_grace(self):
        # max 12:00:15, grace 5s -> watermark 12:00:10.  Window [09,10) ends at 10 <= 10: late.
        # Window [10,11) ends at 11 > 10: on time.
        csv = ("ts,symbol,price,volume\n"
               + BASE + "15Z,X,1,1\n"
               + BASE + "09.5Z,X,2,1\n"
               + BASE + "10Z,X,3,1\n")
        bars, stats, _ = run(csv, "1s", "5s")
        self.assertEqual([b[2] for b in bars], ["2024-03-01T12:00:10Z", "2024-03-01T12:00:15Z"])
        self.assertEqual(stats["late"], 1)

    def test_watermark_uses_max_before_this_trade(self):
        # the first trade of a symbol is never late; a jump forward never makes itself late
        csv = ("ts,symbol,price,volume\n"
               + BASE + "00Z,X,1,1\n"
               + "2024-03-01T13:00:00Z,X,2,1\n")
        _, stats, _ = run(csv, "1s", "0s")
        self.assertEqual(stats["late"], 0)

    def test_late_for_all_tfs_still_accepted_counted_once(self):
        csv = ("ts,symbol,price,volume\n"
               "2024-03-02T12:00:00Z,X,1,1\n"
               "2024-03-01T12:00:00Z,X,2,1\n")    # a day late: late for 1s..1d
        bars, stats, _ = run(csv)
        self.assertEqual(stats, {"trades": 2, "accepted": 2, "late": 1, "rejected": 0, "bars": 5})
        self.assertTrue(all(b[2].startswith("2024-03-02") for b in bars))

    def test_watermark_per_symbol(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "00Z,A,1,1\n"
               + "2024-03-01T18:00:00Z,B,1,1\n"
               + BASE + "01Z,A,2,1\n")
        _, stats, _ = run(csv, "1s", "0s")
        self.assertEqual(stats["late"], 0)

    def test_rejected_rows_never_move_watermark(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "00Z,X,1,1\n"
               + "2024-03-05T00:00:00Z,X,0,1\n"          # bad price, far future
               + "2024-03-05T00:00:00Z,X,1,0\n"          # bad volume, far future
               + "2024-03-05T00:00:00Z,x,1,1\n"          # bad symbol (other symbol anyway)
               + "2024-03-05T00:00:00Z,X,1\n"            # field count
               + BASE + "01Z,X,2,1\n")
        bars, stats, _ = run(csv, "1s", "0s")
        self.assertEqual(stats, {"trades": 6, "accepted": 2, "late": 0, "rejected": 4, "bars": 2})

    def test_late_counts_only_requested_tfs(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "50Z,X,1,1\n"
               + BASE + "40Z,X,2,1\n")
        self.assertEqual(run(csv, "1m")[1]["late"], 0)
        self.assertEqual(run(csv, "1s")[1]["late"], 1)

    def test_columns_any_order_and_optional(self):
        csv = ("trade_id,volume,exchange,price,bid,symbol,ask,ts\n"
               "t1,5,XNAS,100.50,100.4,AAPL,100.6," + BASE + "00Z\n"
               ",7,,100.25,,AAPL,," + BASE + "00.5Z\n")
        bars, stats, _ = run(csv, "1s")
        self.assertEqual(bars, [("AAPL", "1s", "2024-03-01T12:00:00Z", "100.5", "100.5", "100.25", "100.25",
                                 "12", "2", "100.35416667")])
        self.assertEqual(stats["rejected"], 0)

    def test_sort_order(self):
        csv = ("ts,symbol,price,volume\n"
               + BASE + "00Z,B,1,1\n"
               + BASE + "00Z,A/B,1,1\n"
               + BASE + "00Z,A,1,1\n"
               + "2024-03-01T11:59:59Z,A,1,1\n")
        bars, _, _ = run(csv, "1d,1s")
        self.assertEqual([(b[0], b[1], b[2]) for b in bars], [
            ("A", "1s", "2024-03-01T11:59:59Z"), ("A", "1s", "2024-03-01T12:00:00Z"),
            ("A", "1d", "2024-03-01T00:00:00Z"),
            ("A/B", "1s", "2024-03-01T12:00:00Z"), ("A/B", "1d", "2024-03-01T00:00:00Z"),
            ("B", "1s", "2024-03-01T12:00:00Z"), ("B", "1d", "2024-03-01T00:00:00Z")])

    def test_header_only_and_missing_column(self):
        bars, stats, _ = run("ts,symbol,price,volume\n")
        self.assertEqual((bars, stats["trades"], stats["bars"]), ([], 0, 0))
        with self.assertRaises(bo.UsageError):
            run("ts,symbol,volume\n" + BASE + "00Z,X,1\n")
        with self.assertRaises(bo.UsageError):
            run("")


class Validation(unittest.TestCase):

    def test_symbols(self):
        for s in ("A", "AAPL", "BTC/USD", "ES:H4", "BRK.B", "X_Y-Z", "0700", "ABCDEFGHIJKLMNOP"):
            self.assertTrue(bo.valid_symbol(s), s)
        for s in ("", "aapl", "Aapl", "ABCDEFGHIJKLMNOPQ", "AA PL", "AAPL$", "\u00c4", "AAPL\n", "A,B", " A"):
            self.assertFalse(bo.valid_symbol(s), repr(s))

    def test_prices(self):
        ok = {"1": 10 ** 8, "0.00000001": 1, "10000000000": 10 ** 18, "10000000000.00000000": 10 ** 18,
              "1.000000000": 10 ** 8, "100.50": 10050000000, "007": 7 * 10 ** 8}
        for s, v in ok.items():
            self.assertEqual(bo.parse_price(s), v, s)
        for s in ("0", "0.0", "-5", "10000000000.00000001", "10000000001", "1.123456789", "1.000000001",
                  "abc", "NaN", "Infinity", "-Infinity", "1e400", "1e2", "", " 1", "1.", ".5", "+1",
                  "1.2.3", "\u0661", "9" * 5000):
            self.assertIsNone(bo.parse_price(s), repr(s))

    def test_volumes(self):
        for s, v in (("1", 1), ("100", 100), ("1000000000000", 10 ** 12)):
            self.assertEqual(bo.parse_volume(s), v)
        for s in ("0", "1000000000001", "1.5", "-3", "abc", "", "NaN", "1e3", "+5", "9" * 5000):
            self.assertIsNone(bo.parse_volume(s), repr(s))

    def test_timestamps(self):
        ok = {"2024-03-01T00:00:00Z": 1709251200 * bo.NS,
              "2024-03-01T00:00:00.123456789Z": 1709251200 * bo.NS + 123456789,
              "2024-03-01T00:00:00.1Z": 1709251200 * bo.NS + 100000000,
              "2024-02-29T00:00:00Z": 1709164800 * bo.NS,
              "1970-01-01T00:00:00Z": 0, "1969-12-31T23:59:59.999999999Z": -1,
              "1709251200000000000": 1709251200 * bo.NS, "-5": -5, "0": 0,
              "9223372036854775807": 2 ** 63 - 1, "-9223285636854775808": -(2 ** 63) + 86400 * 10 ** 9,
              "2262-04-11T23:47:16.854775807Z": 2 ** 63 - 1}
        for s, v in ok.items():
            self.assertEqual(bo.parse_ts(s), v, s)
        for s in ("2024-13-01T00:00:00Z", "2024-03-01T00:00:00", "2024-03-01T00:00:00.1234567891Z",
                  "2023-02-29T00:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01T00:60:00Z",
                  "2024-03-01T00:00:60Z", "2024-03-01T00:00:00.Z", "2024-03-01T00:00:00+00:00",
                  "2024-03-01", "abc", "", "12.5", "9223372036854775808", "-9223372036854775809", "-9223372036854775808",
                  "-9223285636854775809",
                  "2262-04-11T23:47:16.854775808Z", "1677-01-01T00:00:00Z", "2024-03-01T00:00Z",
                  "2024-03-01 00:00:00Z", "2024-03-01t00:00:00z", "1e18", "+5", "0000-01-01T00:00:00Z"):
            self.assertIsNone(bo.parse_ts(s), repr(s))

    def test_format_scaled(self):
        self.assertEqual(bo.format_scaled(1), "0.00000001")
        self.assertEqual(bo.format_scaled(10 ** 18), "10000000000")
        self.assertEqual(bo.format_scaled(150000000), "1.5")
        self.assertEqual(bo.format_scaled(10 ** 8 * 123 + 10), "123.0000001")

    def test_round_half_even(self):
        self.assertEqual(bo.round_half_even_div(3, 2), 2)
        self.assertEqual(bo.round_half_even_div(5, 2), 2)
        self.assertEqual(bo.round_half_even_div(7, 2), 4)
        self.assertEqual(bo.round_half_even_div(4, 3), 1)
        self.assertEqual(bo.round_half_even_div(5, 3), 2)

    def test_rejects_with_bad_rows_of_every_kind(self):
        rows = ["2024-03-01T00:00:00Z,aapl,1,1", "2024-03-01T00:00:00Z,AAPL,NaN,1",
                "2024-03-01T00:00:00Z,AAPL,1,1.5", "2024-13-01T00:00:00Z,AAPL,1,1",
                "2024-03-01T00:00:00Z,AAPL,1", "2024-03-01T00:00:00Z,AAPL,1,1,1",
                "2024-03-01T00:00:00Z,AAPL,,1", "2024-03-01T00:00:00Z,AAPL,1,",
                ",AAPL,1,1", "2024-03-01T00:00:00Z,AAPL,1e400,1"]
        _, stats, rejects = run("ts,symbol,price,volume\n" + "\n".join(rows) + "\n")
        self.assertEqual(stats, {"trades": 10, "accepted": 0, "late": 0, "rejected": 10, "bars": 0})
        self.assertEqual([r[0] for r in rejects], list(range(2, 12)))


class Cli(unittest.TestCase):

    def _run(self, args):
        return subprocess.run([sys.executable, os.path.join(HERE, "bars_oracle.py")] + args,
                              capture_output=True, text=True)

    def test_cli_end_to_end(self):
        with tempfile.TemporaryDirectory() as d:
            inp, out = os.path.join(d, "in.csv"), os.path.join(d, "out.csv")
            with open(inp, "w") as f:
                f.write("ts,symbol,price,volume\r\n" + BASE + "00Z,X,1.50,2\r\n" + BASE + "00Z,bad,1,1\r\n")
            p = self._run([inp, out, "--tf", "1m", "--grace", "0s"])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr.strip().splitlines()[-1], "trades=2 accepted=1 late=0 rejected=1 bars=1")
            with open(out) as f:
                self.assertEqual(f.read(), bo.OUT_HEADER + "\nX,1m,2024-03-01T12:00:00Z,1.5,1.5,1.5,1.5,2,1,1.5\n")

    def test_cli_exit_2(self):
        with tempfile.TemporaryDirectory() as d:
            inp, out = os.path.join(d, "in.csv"), os.path.join(d, "out.csv")
            with open(inp, "w") as f:
                f.write("ts,symbol,price\n" + BASE + "00Z,X,1\n")
            p = self._run([inp, out])
            self.assertEqual(p.returncode, 2)
            self.assertEqual(len(p.stderr.strip().splitlines()), 1)
            self.assertIn("volume", p.stderr)
            with open(inp, "w") as f:
                f.write("ts,symbol,price,volume\n")
            self.assertEqual(self._run([inp, out, "--tf", "2m"]).returncode, 2)
            self.assertEqual(self._run([inp, out, "--grace", "five"]).returncode, 2)
            self.assertEqual(self._run([inp]).returncode, 2)


class Tools(unittest.TestCase):

    def test_generator_deterministic_and_mixed(self):
        a = gen_trades.generate(7, 2000, 5)
        self.assertEqual(a, gen_trades.generate(7, 2000, 5))
        self.assertEqual(len(a.strip("\n").split("\n")), 2001)
        bars, stats, _ = bo.compute(a.encode(), bo.parse_tfs("1s,1m,5m,1h,1d"), bo.parse_duration("5s"))
        self.assertTrue(0.03 * 2000 <= stats["rejected"] <= 0.12 * 2000, stats)
        self.assertGreater(stats["late"], 0)
        self.assertGreater(stats["bars"], 0)

    def test_bruteforce_cross_check(self):
        """Re-derive the bars of generated files a second, deliberately naive way (quadratic
        watermark scan, sort-based open/close, Fraction/Decimal vwap) and compare."""
        from fractions import Fraction
        for seed, tfs, grace in ((11, "1s,1m,5m,1h,1d", "5s"), (12, "1s,5s,15m,4h", "0s"),
                                 (13, "1m,1d", "30s"), (14, "1s,1m", "2s")):
            text = gen_trades.generate(seed, 1500, 1 + seed % 6)
            tf_list = bo.parse_tfs(tfs)
            g = bo.parse_duration(grace)
            lines = text.strip("\n").split("\n")
            cols = lines[0].split(",")
            trades = []                       # (symbol, ts, arrival, Decimal price, volume)
            for n, line in enumerate(lines[1:]):
                f = line.split(",")
                if len(f) != len(cols):
                    continue
                r = dict(zip(cols, f))
                if (bo.parse_ts(r["ts"]) is None or not bo.valid_symbol(r["symbol"])
                        or bo.parse_price(r["price"]) is None or bo.parse_volume(r["volume"]) is None):
                    continue
                trades.append((r["symbol"], bo.parse_ts(r["ts"]), n, Decimal(r["price"]), int(r["volume"])))
            expect = []
            late_ids = set()
            groups = {}
            for i, (sym, ts, n, px, vol) in enumerate(trades):
                before = [t[1] for t in trades[:i] if t[0] == sym]
                for tf in tf_list:
                    length = bo.TIMEFRAMES[tf]
                    start = (ts // length) * length
                    if before and start + length <= max(before) - g:
                        late_ids.add(i)
                        continue
                    groups.setdefault((sym, length, start, tf), []).append((ts, n, px, vol))
            for (sym, length, start, tf) in sorted(groups):
                g_ = sorted(groups[(sym, length, start, tf)])
                pv = sum(Fraction(px) * v for _, _, px, v in g_)
                vol = sum(v for *_, v in g_)
                q = pv / vol * 10 ** 8
                fl = q.numerator // q.denominator
                rem = q - fl
                if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2):
                    fl += 1
                def plain(d):
                    return format(d.normalize(), "f")
                expect.append((sym, tf, bo.format_start(start), plain(g_[0][2]),
                               plain(max(x[2] for x in g_)), plain(min(x[2] for x in g_)),
                               plain(g_[-1][2]), str(vol), str(len(g_)), bo.format_scaled(fl)))
            bars, stats, _ = bo.compute(text.encode(), tf_list, g)
            self.assertEqual(bars, expect, seed)
            self.assertEqual(stats["late"], len(late_ids))
            self.assertEqual(stats["accepted"], len(trades))

    def test_compare(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.csv"), os.path.join(d, "b.csv")
            with open(a, "w") as f:
                f.write(bo.OUT_HEADER + "\nX,1s,2024-03-01T12:00:00Z,1,1,1,1,1,1,1\n")
            with open(b, "w") as f:
                f.write(bo.OUT_HEADER + "\nX,1s,2024-03-01T12:00:00Z,1,1,1,1,1,1,1.0\n")
            self.assertEqual(compare_bars.compare_files(a, a)[0], 0)
            rc, report = compare_bars.compare_files(a, b)
            self.assertEqual(rc, 1)
            self.assertIn("vwap", report)


if __name__ == "__main__":
    unittest.main()
