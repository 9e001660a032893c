#!/usr/bin/env python3
"""Randomized trade CSV generator for the bars differential test.

Usage:
    gen_trades.py --seed S --rows N --out F.csv [--symbols K] [--invalid-rate R]

Deterministic for a given (seed, rows, symbols, invalid-rate).  Mixes, per file:
  * in-order trades, trades out of order within and beyond the grace, very late trades;
  * equal timestamps (same symbol, same ts, different arrival) and exact duplicate rows;
  * trades exactly on 1s/5s/1m/5m/15m/1h/4h/1d window starts and 1 ns before them;
  * trades at the lateness edge: window end == (max ts - g) for g in {0,2,5,30}s;
  * a UTC midnight crossing (with a trade exactly at 00:00:00 when the clock crosses it);
  * a symbol that lives around the Unix epoch (negative instants, floor alignment) while the
    others live decades later (per-symbol watermark);
  * prices 0.00000001 .. 10000000000 (extremes included), volumes 1 .. 10^12 (extremes
    included, so Σ price×volume far exceeds 2^63); a tiny-price symbol whose vwaps hit exact
    half-way ties (half-even rounding);
  * ISO-8601 (0..9 fractional digits, padded or minimal) and epoch-nanosecond ts, mixed;
  * column order shuffled per file; optional bid/ask/exchange/trade_id sometimes present
    (values sometimes empty);
  * ~5-10% invalid rows of every kind (symbol, price, volume, ts, field count).  Invalid rows
    frequently carry a far-future ts so that an engine that lets rejected rows move the
    watermark is caught.

Only inputs whose validity is unambiguous under SPEC §3/§5 are generated (see README.md).
"""

import argparse
import random
import sys

NS = 10 ** 9
SCALE = 10 ** 8
MAX_PRICE = 10 ** 10 * SCALE
MAX_VOLUME = 10 ** 12
TF_NS = {"1s": NS, "5s": 5 * NS, "1m": 60 * NS, "5m": 300 * NS, "15m": 900 * NS,
         "1h": 3600 * NS, "4h": 14400 * NS, "1d": 86400 * NS}
DAY = 86400 * NS

SYMBOL_POOL = ["AAPL", "BTC/USD", "ES:H4", "BRK.B", "X_Y-Z", "A", "ABCDEFGHIJKLMNOP",
               "0700.HK", "EUR/USD", "MSFT", "Z9", "SPX-W"]
ROLES = ["normal", "extreme", "tiny", "epoch", "normal", "normal", "extreme", "normal"]

INVALID_SYMBOLS = ["aapl", "Aapl", "AAPL$", "AA PL", "AAPL#", "ABCDEFGHIJKLMNOPQ", "",
                   "AAPL;", "*", "AAPL+", "\u00c4APL", "AAPL@X", "AB\tC", "AAPL\\", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
INVALID_PRICES = ["0", "0.0", "0.00000000", "-5", "-0.01", "10000000000.00000001", "10000000001",
                  "20000000000", "1.123456789", "0.000000001", "1.000000001", "abc", "NaN", "nan",
                  "Infinity", "-Infinity", "inf", "1e400", "", "1.2.3", "0x10", "--1",
                  "99999999999999999999999999999999999999"]
INVALID_VOLUMES = ["0", "1000000000001", "1.5", "-3", "abc", "", "NaN", "Infinity",
                   "99999999999999999999999", "0.5", "-1000000000000", "1 000", "00"]
INVALID_TS = ["2024-13-01T00:00:00Z", "2024-03-01T00:00:00", "2024-03-01T00:00:00.1234567891Z",
              "2024-02-30T00:00:00Z", "2023-02-29T12:00:00Z", "2024-03-01T25:00:00Z",
              "2024-03-01T12:61:00Z", "2024-03-01T12:00:61Z", "abc", "", "2024-03-01T00:00:00.Z",
              "2024-03-01T00:00:00+00:00", "2024-03-01", "12.5", "99999999999999999999",
              "9223372036854775808", "-9223372036854775809", "2024-3-1T00:00:00Z", "1e18", "NaN",
              "2263-01-01T00:00:00Z", "1677-01-01T00:00:00Z", "2024-00-10T00:00:00Z",
              "2024-03-00T00:00:00Z", "T", "2024-03-01T00:00:00.123456789012Z"]


def floor_to(ts, length):
    return ts - (ts % length)


def fmt_price(scaled, rng, allow_padding=True):
    ip, fp = divmod(scaled, SCALE)
    s = str(ip)
    frac = ("%08d" % fp).rstrip("0") if fp else ""
    r = rng.random()
    if allow_padding and r < 0.08:
        # pad with trailing zeros up to 8 digits ('1.50000000', '100.0')
        frac = frac.ljust(rng.randint(max(1, len(frac)), 8), "0")
    elif allow_padding and r < 0.10:
        # beyond 8 digits but only zeros: value still representable ('1.000000000')
        frac = frac.ljust(rng.randint(9, 10), "0")
    return s + ("." + frac if frac else "")


def fmt_ts(ts, rng):
    if rng.random() < 0.45:
        return str(ts)
    secs, sub = divmod(ts, NS)
    # days-from-civil inverse (proleptic Gregorian), no datetime needed for negatives
    days, sod = divmod(secs, 86400)
    y, m, d = civil_from_days(days)
    base = "%04d-%02d-%02dT%02d:%02d:%02d" % (y, m, d, sod // 3600, (sod // 60) % 60, sod % 60)
    digits = "%09d" % sub
    need = len(digits.rstrip("0")) if sub else 0
    if need == 0 and rng.random() < 0.6:
        n = 0
    else:
        n = rng.randint(max(need, 1), 9)
    return base + ("." + digits[:n] if n else "") + "Z"


def civil_from_days(z):
    # Howard Hinnant's algorithm
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (1 if m <= 2 else 0), m, d)


class Sym(object):
    def __init__(self, name, role, rng, offset):
        self.name = name
        self.role = role
        self.offset = offset            # added to the global clock
        self.max_ts = None              # max ts of VALID rows emitted so far
        self.last_ts = None
        if role == "tiny":
            self.price = rng.randint(1, 9)
            self.tick = 1
        elif role == "extreme":
            self.price = rng.choice([1, MAX_PRICE, 10 ** rng.randint(0, 18)])
            self.tick = 1
        else:
            self.price = int(10 ** rng.uniform(8, 13))      # 1 .. 100000
            self.tick = 10 ** rng.randint(0, 7)             # 0.00000001 .. 0.1
            self.price = max(self.tick, self.price - self.price % self.tick)

    def next_price(self, rng):
        r = rng.random()
        if self.role == "tiny":
            self.price = rng.randint(1, 4)
            return self.price
        if self.role == "extreme" and r < 0.5:
            return rng.choice([1, 1, MAX_PRICE, MAX_PRICE, MAX_PRICE - 1, 2,
                               int(10 ** rng.uniform(0, 18))])
        if r < 0.01:
            return rng.choice([1, MAX_PRICE])
        step = max(self.tick, (self.price // 1000 // self.tick) * self.tick)
        self.price += rng.choice([-1, 0, 1]) * step * rng.randint(0, 3)
        self.price = min(max(self.price, self.tick), MAX_PRICE)
        return self.price

    def next_volume(self, rng):
        r = rng.random()
        if self.role == "tiny":
            return rng.randint(1, 3)
        if self.role == "extreme" and r < 0.5:
            return rng.choice([MAX_VOLUME, MAX_VOLUME, MAX_VOLUME - 1, 1, int(10 ** rng.uniform(0, 12))])
        if r < 0.70:
            return rng.randint(1, 1000)
        if r < 0.90:
            return max(1, int(10 ** rng.uniform(0, 12)))
        if r < 0.95:
            return MAX_VOLUME
        return 1


def clock_sequence(crng, rows, mean_step, midnight):
    """The global clock for every row: mostly exponential steps, sometimes standing still,
    sometimes snapping to the next 1s/5s/1m/5m/15m/1h boundary.  Shifted by a whole number
    of hours so that UTC midnight falls in the second half of the file when possible (it
    falls somewhere in the file unless the whole file spans less than one hour boundary, in
    which case the second half is moved forward to start at midnight), and the first clock
    value at or after midnight is set to exactly 00:00:00."""
    hour = TF_NS["1h"]
    rel = []
    c = crng.randint(0, hour - 1)
    for _ in range(rows):
        r = crng.random()
        if r < 0.10:
            pass                                        # same instant
        elif r < 0.94:
            c += int(crng.expovariate(1.0 / mean_step))
        else:
            tf = crng.choices(["1s", "5s", "1m", "5m", "15m", "1h"], [60, 15, 15, 6, 3, 1])[0]
            c = floor_to(c, TF_NS[tf]) + TF_NS[tf]     # snap to the next boundary
        rel.append(c)
    if not rel:
        return rel
    mid = rows // 2
    h = floor_to(rel[mid], hour) + hour                 # first hour boundary after the middle
    if h > rel[-1]:
        h = floor_to(rel[-1], hour)                     # any hour boundary inside the file
        if h <= rel[0]:
            h = rel[mid] + 1                            # none: open a gap at the middle row
            gap = floor_to(h, hour) + hour - rel[mid]
            rel = rel[:mid] + [x + gap for x in rel[mid:]]
            h = rel[mid]
    clocks = [x + midnight - h for x in rel]
    for i, x in enumerate(clocks):
        if x >= midnight:
            clocks[i] = midnight                        # a trade exactly at 00:00:00
            break
    return clocks


def quantize(ts, rng):
    r = rng.random()
    if r < 0.40:
        return floor_to(ts, NS)
    if r < 0.60:
        return floor_to(ts, 10 ** 6)
    if r < 0.70:
        return floor_to(ts, 10 ** 3)
    return ts


def generate(seed, rows, nsym, invalid_rate=None):
    rng = random.Random(seed)
    if invalid_rate is None:
        invalid_rate = rng.uniform(0.05, 0.10)
    names = rng.sample(SYMBOL_POOL, min(nsym, len(SYMBOL_POOL)))
    roles = ROLES[:]
    rng.shuffle(roles)
    if nsym >= 2 and "epoch" not in roles[:nsym]:
        roles[rng.randrange(nsym)] = "epoch"

    mean_step = rng.choice([20 * 10 ** 6, 200 * 10 ** 6, 1 * NS, 3 * NS])
    midnight = rng.randint(18262, 21900) * DAY          # 2020 .. 2029
    clocks = clock_sequence(random.Random(seed * 7919 + 1), rows, mean_step, midnight)
    syms = []
    for i, n in enumerate(names):
        role = roles[i % len(roles)]
        offset = -midnight if role == "epoch" else 0     # the epoch symbol straddles 1970-01-01
        syms.append(Sym(n, role, rng, offset))
    weights = [rng.choice([1, 3, 10, 10]) for _ in syms]

    cols = ["ts", "symbol", "price", "volume"] + [c for c in ("bid", "ask", "exchange", "trade_id")
                                                    if rng.random() < 0.4]
    rng.shuffle(cols)
    out = [",".join(cols)]
    prev_fields = None

    for clock in clocks:
        s = rng.choices(syms, weights)[0]
        base = quantize(clock + s.offset, rng)      # midnight is aligned: quantize keeps it

        # ---- pick the trade's ts
        r = rng.random()
        if s.max_ts is None or r < 0.66:
            ts = base
        elif r < 0.74:
            ts = quantize(base - rng.randint(0, 5 * NS), rng)            # within default grace
        elif r < 0.80:
            ts = quantize(base - rng.randint(5 * NS, 90 * NS), rng)      # beyond grace
        elif r < 0.81:
            ts = base - rng.randint(90 * NS, 2 * 3600 * NS)              # very late
        elif r < 0.87:
            ts = s.last_ts                                               # equal ts
        elif r < 0.93:
            tf = rng.choice(list(TF_NS))
            ts = floor_to(base - rng.randint(0, 600 * NS), TF_NS[tf])    # on a boundary
            if rng.random() < 0.3:
                ts -= 1                                                  # last ns of a window
        else:
            g = rng.choice([0, 2, 5, 30]) * NS                           # lateness edge
            tf = rng.choice(["1s", "5s", "1m", "5m", "1s", "1s"])
            w = floor_to(s.max_ts - g, TF_NS[tf])
            ts = w - 1 if rng.random() < 0.5 else w

        price = s.next_price(rng)
        vol = s.next_volume(rng)
        fields = {
            "ts": fmt_ts(ts, rng),
            "symbol": s.name,
            "price": fmt_price(price, rng),
            "volume": str(vol),
            "bid": "" if rng.random() < 0.1 else fmt_price(max(1, price - s.tick), rng, False),
            "ask": "" if rng.random() < 0.1 else fmt_price(min(MAX_PRICE, price + s.tick), rng, False),
            "exchange": rng.choice(["XNAS", "NYSE", "BINANCE", "CME", "", "X"]),
            "trade_id": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
                                for _ in range(rng.randint(1, 32))),
        }

        if rng.random() < invalid_rate:
            out.append(corrupt(fields, cols, s, ts, rng))
            continue
        if prev_fields is not None and rng.random() < 0.01:
            fields = prev_fields                                          # exact duplicate row
            out.append(",".join(fields[c] for c in cols))
            continue
        out.append(",".join(fields[c] for c in cols))
        prev_fields = fields
        s.last_ts = ts
        s.max_ts = ts if s.max_ts is None else max(s.max_ts, ts)
    return "\n".join(out) + "\n"


def corrupt(fields, cols, s, ts, rng):
    f = dict(fields)
    if rng.random() < 0.5:
        # a far-future (but well-formed) ts: if rejected rows moved the watermark,
        # the following valid trades of this symbol would turn late.
        f["ts"] = fmt_ts(ts + rng.randint(3600, 3 * 86400) * NS, rng)
    kind = rng.choice(["symbol", "price", "volume", "ts", "fields"])
    if kind == "symbol":
        f["symbol"] = rng.choice(INVALID_SYMBOLS)
    elif kind == "price":
        f["price"] = rng.choice(INVALID_PRICES)
    elif kind == "volume":
        f["volume"] = rng.choice(INVALID_VOLUMES)
    elif kind == "ts":
        f["ts"] = rng.choice(INVALID_TS)
    values = [f[c] for c in cols]
    if kind == "fields":
        if rng.random() < 0.5 and len(values) > 1:
            del values[rng.randrange(len(values))]
        else:
            values.insert(rng.randrange(len(values) + 1), rng.choice(["", "x", "1", "XNAS"]))
    return ",".join(values)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--symbols", type=int, default=4)
    ap.add_argument("--invalid-rate", type=float, default=None)
    a = ap.parse_args(argv)
    if a.rows < 0 or a.symbols < 1:
        ap.error("--rows must be >= 0 and --symbols >= 1")
    text = generate(a.seed, a.rows, a.symbols, a.invalid_rate)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
