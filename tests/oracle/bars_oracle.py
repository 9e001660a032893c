#!/usr/bin/env python3
"""Independent reference implementation of Tickwire's offline `bars` semantics.

Written from the project's SPEC.md (shared/SPEC.md) sections 3, 4 and 5 only (never from the
Java engine), so that a randomized differential test can hold the engine to
the contract.  Standard library only; no binary floating point anywhere:
prices are integers at scale 10^8, instants are integer nanoseconds, sums are
Python ints (unbounded), vwap is rounded half-even with integer arithmetic.

Usage:
    bars_oracle.py IN.csv OUT.csv [--tf 1s,1m,5m,1h,1d] [--grace 5s] [--rejects FILE]

Writes OUT.csv in the `bars` output format and prints
    trades=N accepted=N late=N rejected=N bars=N
to stderr.  Exit 0; exit 2 with a one-line reason on unusable arguments, an
unreadable input, a missing header or a missing/duplicated column.

Every choice made where SPEC is silent is listed in tests/oracle/README.md.
"""

import datetime
import re
import sys

SCALE = 10 ** 8                      # price fixed-point scale
MAX_PRICE = 10 ** 10 * SCALE         # 10^10 at scale 10^8
MAX_VOLUME = 10 ** 12
LONG_MIN = -(2 ** 63)
# The engine holds window starts in a signed 64-bit long: a ts whose 1d window would start below it is refused.
TS_MIN = LONG_MIN + 86400 * 10 ** 9
LONG_MAX = 2 ** 63 - 1
NS = 10 ** 9

TIMEFRAMES = {
    "1s": 1 * NS,
    "5s": 5 * NS,
    "1m": 60 * NS,
    "5m": 300 * NS,
    "15m": 900 * NS,
    "1h": 3600 * NS,
    "4h": 4 * 3600 * NS,
    "1d": 86400 * NS,
}
DEFAULT_TFS = "1s,1m,5m,1h,1d"
DEFAULT_GRACE = "5s"

REQUIRED = ("ts", "symbol", "price", "volume")
OPTIONAL = ("bid", "ask", "exchange", "trade_id")

OUT_HEADER = "symbol,tf,start,open,high,low,close,volume,count,vwap"

# All patterns ASCII-only and matched with fullmatch (no `$`-before-newline trap,
# no Unicode digits sneaking in through \d).
_SYMBOL_RE = re.compile(r"[A-Z0-9._:/\-]{1,16}", re.ASCII)
_DECIMAL_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?", re.ASCII)
_INT_RE = re.compile(r"[0-9]+", re.ASCII)
_EPOCH_RE = re.compile(r"(-?)([0-9]+)", re.ASCII)
_ISO_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?Z",
    re.ASCII,
)
_DURATION_RE = re.compile(r"([0-9]+)(ns|us|ms|s|m|h|d)", re.ASCII)
_DURATION_UNIT = {
    "ns": 1, "us": 10 ** 3, "ms": 10 ** 6, "s": NS, "m": 60 * NS, "h": 3600 * NS, "d": 86400 * NS,
}
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_EPOCH_DT = datetime.datetime(1970, 1, 1)


class UsageError(Exception):
    """Unusable arguments or input structure: exit 2 with a one-line reason."""


# --------------------------------------------------------------------------- parsing

def _int_of_digits(digits):
    """int() of an ASCII digit string, guarded against absurd lengths (Python's
    int/str conversion limit).  Returns None when longer than 30 significant digits:
    every caller's bound is far below 10^30."""
    stripped = digits.lstrip("0")
    if len(stripped) > 30:
        return None
    return int(stripped) if stripped else 0


def valid_symbol(s):
    return _SYMBOL_RE.fullmatch(s) is not None


def parse_price(s):
    """Price string -> scaled int (10^8), or None when invalid.

    Accepted: digits, optionally '.' and at least one fractional digit.  The VALUE
    must be representable at scale 10^8 (so '1.000000000' is fine, '1.000000001'
    is not), 0 < value <= 10^10.  No sign, no exponent, no NaN/Infinity, no
    surrounding whitespace."""
    m = _DECIMAL_RE.fullmatch(s)
    if m is None:
        return None
    ip = _int_of_digits(m.group(1))
    if ip is None:
        return None
    frac = m.group(2) or ""
    if len(frac) > 8:
        if frac[8:].strip("0"):
            return None
        frac = frac[:8]
    scaled = ip * SCALE + int(frac.ljust(8, "0"))
    if scaled <= 0 or scaled > MAX_PRICE:
        return None
    return scaled


def parse_volume(s):
    """Volume string -> int, or None.  Plain ASCII digits only, 1..10^12."""
    if _INT_RE.fullmatch(s) is None:
        return None
    v = _int_of_digits(s)
    if v is None or v < 1 or v > MAX_VOLUME:
        return None
    return v


def parse_ts(s):
    """ts string -> epoch nanoseconds (int within signed 64-bit), or None.

    Either ISO-8601 UTC `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` (uppercase T and Z,
    seconds required, real calendar date, hours 00-23, minutes/seconds 00-59) or
    an integer count of epoch nanoseconds (optional leading '-')."""
    m = _EPOCH_RE.fullmatch(s)
    if m is not None:
        v = _int_of_digits(m.group(2))
        if v is None:
            return None
        if m.group(1):
            v = -v
        if v < TS_MIN or v > LONG_MAX:
            return None
        return v
    m = _ISO_RE.fullmatch(s)
    if m is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    frac = m.group(7) or ""
    if hour > 23 or minute > 59 or second > 59:
        return None
    try:
        ordinal = datetime.date(year, month, day).toordinal()
    except ValueError:
        return None
    days = ordinal - _EPOCH_ORDINAL
    v = ((days * 86400 + hour * 3600 + minute * 60 + second) * NS) + int(frac.ljust(9, "0"))
    if v < TS_MIN or v > LONG_MAX:
        return None
    return v


def parse_duration(s):
    """'5s', '0s', '500ms', '2m' ... -> nanoseconds."""
    m = _DURATION_RE.fullmatch(s.strip())
    if m is None:
        raise UsageError("bad --grace %r: expected a non-negative duration like 5s, 500ms, 0s" % s)
    return int(m.group(1)) * _DURATION_UNIT[m.group(2)]


def parse_tfs(s):
    """'1s,1m' -> list of timeframe names, deduplicated, sorted by length."""
    names = [t.strip() for t in s.split(",")]
    if not names or any(not t for t in names):
        raise UsageError("bad --tf %r: expected a comma-separated list of %s" % (s, " ".join(TIMEFRAMES)))
    for t in names:
        if t not in TIMEFRAMES:
            raise UsageError("bad --tf: unknown timeframe %r (supported: %s)" % (t, " ".join(TIMEFRAMES)))
    return sorted(set(names), key=lambda t: TIMEFRAMES[t])


# --------------------------------------------------------------------------- formatting

def format_scaled(n):
    """Scaled (10^8) positive int -> plain decimal, no exponent, no trailing zeros/dot."""
    if n < 0:
        return "-" + format_scaled(-n)
    ip, fp = divmod(n, SCALE)
    if fp == 0:
        return str(ip)
    return "%d.%s" % (ip, ("%08d" % fp).rstrip("0"))


def format_start(ns):
    """Window start (whole seconds for every supported tf) -> YYYY-MM-DDTHH:MM:SSZ.
    Sub-second starts (not reachable with supported tfs) get the shortest fraction."""
    secs, sub = divmod(ns, NS)
    dt = _EPOCH_DT + datetime.timedelta(seconds=secs)
    base = "%04d-%02d-%02dT%02d:%02d:%02d" % (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
    if sub:
        base += "." + ("%09d" % sub).rstrip("0")
    return base + "Z"


def round_half_even_div(num, den):
    """num/den rounded half-even to an int (num >= 0, den > 0)."""
    q, r = divmod(num, den)
    twice = 2 * r
    if twice > den or (twice == den and q % 2 == 1):
        q += 1
    return q


# --------------------------------------------------------------------------- engine

class Bar(object):
    __slots__ = ("open_key", "open", "close_key", "close", "high", "low", "volume", "count", "pv")

    def __init__(self, key, price, volume):
        self.open_key = key
        self.open = price
        self.close_key = key
        self.close = price
        self.high = price
        self.low = price
        self.volume = volume
        self.count = 1
        self.pv = price * volume

    def add(self, key, price, volume):
        # key = (ts, arrival index): unique and totally ordered.
        if key < self.open_key:
            self.open_key, self.open = key, price
        if key > self.close_key:
            self.close_key, self.close = key, price
        if price > self.high:
            self.high = price
        if price < self.low:
            self.low = price
        self.volume += volume
        self.count += 1
        self.pv += price * volume

    def vwap(self):
        return round_half_even_div(self.pv, self.volume)


def _read_lines(data):
    """bytes -> list of (line_number, text or None-if-undecodable) for non-blank lines.
    Splits on LF, strips one trailing CR.  A UTF-8 BOM at the start is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out = []
    for i, raw in enumerate(data.split(b"\n"), 1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if raw == b"":
            continue                     # blank lines (incl. after the final LF) are not rows
        try:
            out.append((i, raw.decode("utf-8")))
        except UnicodeDecodeError:
            out.append((i, None))
    return out


def parse_header(text):
    names = [n.strip().lower() for n in text.split(",")]
    index = {}
    for pos, name in enumerate(names):
        if name in REQUIRED or name in OPTIONAL:
            if name in index:
                raise UsageError("duplicate column %r in header" % name)
            index[name] = pos
        # unknown columns are ignored (but still count toward the field count)
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise UsageError("missing column%s: %s (required: %s)" % (
            "s" if len(missing) > 1 else "", ",".join(missing), ",".join(REQUIRED)))
    return len(names), index


def compute(data, tfs, grace_ns):
    """data: bytes of the CSV.  Returns (bars, stats, rejects) where bars is the
    sorted list of output rows (tuples of strings), stats a dict with
    trades/accepted/late/rejected/bars, rejects a list of (line, reason)."""
    lines = _read_lines(data)
    if not lines:
        raise UsageError("input has no header row")
    hline, htext = lines[0]
    if htext is None:
        raise UsageError("header row is not valid UTF-8")
    nfields, idx = parse_header(htext)
    i_ts, i_sym, i_px, i_vol = idx["ts"], idx["symbol"], idx["price"], idx["volume"]

    tf_lens = [(t, TIMEFRAMES[t]) for t in tfs]
    bars = {t: {} for t in tfs}          # tf -> {(symbol, start): Bar}
    max_ts = {}                          # symbol -> largest accepted ts so far
    trades = accepted = late = 0
    rejects = []

    for arrival, (lineno, text) in enumerate(lines[1:]):
        trades += 1
        if text is None:
            rejects.append((lineno, "not valid UTF-8"))
            continue
        fields = text.split(",")
        if len(fields) != nfields:
            rejects.append((lineno, "expected %d fields, got %d" % (nfields, len(fields))))
            continue
        ts = parse_ts(fields[i_ts])
        if ts is None:
            rejects.append((lineno, "bad ts %r" % fields[i_ts]))
            continue
        sym = fields[i_sym]
        if not valid_symbol(sym):
            rejects.append((lineno, "bad symbol %r" % sym))
            continue
        price = parse_price(fields[i_px])
        if price is None:
            rejects.append((lineno, "bad price %r" % fields[i_px]))
            continue
        vol = parse_volume(fields[i_vol])
        if vol is None:
            rejects.append((lineno, "bad volume %r" % fields[i_vol]))
            continue

        accepted += 1
        prev_max = max_ts.get(sym)
        watermark = None if prev_max is None else prev_max - grace_ns
        key = (ts, arrival)
        was_late = False
        for t, length in tf_lens:
            start = ts - (ts % length)   # Python % floors: correct for negative ts too
            end = start + length
            if watermark is not None and end <= watermark:
                was_late = True
                continue
            book = bars[t]
            b = book.get((sym, start))
            if b is None:
                book[(sym, start)] = Bar(key, price, vol)
            else:
                b.add(key, price, vol)
        if was_late:
            late += 1
        if prev_max is None or ts > prev_max:
            max_ts[sym] = ts

    rows = []
    for t, length in tf_lens:
        for (sym, start), b in bars[t].items():
            rows.append(((sym, length, start), (
                sym, t, format_start(start), format_scaled(b.open), format_scaled(b.high),
                format_scaled(b.low), format_scaled(b.close), str(b.volume), str(b.count),
                format_scaled(b.vwap()))))
    rows.sort(key=lambda r: r[0])
    out = [r[1] for r in rows]
    stats = {"trades": trades, "accepted": accepted, "late": late,
             "rejected": trades - accepted, "bars": len(out)}
    return out, stats, rejects


def summary_line(stats):
    return "trades=%d accepted=%d late=%d rejected=%d bars=%d" % (
        stats["trades"], stats["accepted"], stats["late"], stats["rejected"], stats["bars"])


def render(bars):
    return OUT_HEADER + "\n" + "".join(",".join(r) + "\n" for r in bars)


# --------------------------------------------------------------------------- CLI

USAGE = "usage: bars_oracle.py IN.csv OUT.csv [--tf 1s,1m,5m,1h,1d] [--grace 5s] [--rejects FILE]"


def parse_args(argv):
    positional = []
    opts = {"tf": DEFAULT_TFS, "grace": DEFAULT_GRACE, "rejects": None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        if a.startswith("--"):
            name, eq, val = a[2:].partition("=")
            if name not in opts:
                raise UsageError("unknown option %s" % a)
            if not eq:
                i += 1
                if i >= len(argv):
                    raise UsageError("option --%s needs a value" % name)
                val = argv[i]
            opts[name] = val
        else:
            positional.append(a)
        i += 1
    if len(positional) != 2:
        raise UsageError(USAGE)
    return positional[0], positional[1], opts


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        inp, outp, opts = parse_args(argv)
        tfs = parse_tfs(opts["tf"])
        grace = parse_duration(opts["grace"])
        try:
            with open(inp, "rb") as f:
                data = f.read()
        except OSError as e:
            raise UsageError("cannot read %s: %s" % (inp, e.strerror))
        bars, stats, rejects = compute(data, tfs, grace)
    except UsageError as e:
        sys.stderr.write("bars_oracle: %s\n" % e)
        return 2
    with open(outp, "w", newline="\n") as f:
        f.write(render(bars))
    if opts["rejects"]:
        with open(opts["rejects"], "w") as f:
            for lineno, reason in rejects:
                f.write("%d,%s\n" % (lineno, reason))
    sys.stderr.write(summary_line(stats) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
