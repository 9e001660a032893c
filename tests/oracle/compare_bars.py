#!/usr/bin/env python3
"""Bar-for-bar comparison of two `bars` output files.

Usage:
    compare_bars.py A.csv B.csv [--label-a engine] [--label-b oracle] [--max N]

Exact string equality per field (the output format is canonical: plain decimals,
fixed ISO start), row for row in file order (so the sort order is checked too).
Prints a readable report of the first difference (and a keyed summary of what is
missing, extra or changed), exits 0 when identical, 1 on any difference, 2 on
usage errors or unreadable files.
"""

import sys

EXPECTED_HEADER = ["symbol", "tf", "start", "open", "high", "low", "close", "volume", "count", "vwap"]


def _read(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [l[:-1] if l.endswith("\r") else l for l in lines]


def compare_files(path_a, path_b, label_a="A", label_b="B", max_listed=10):
    """Returns (rc, report)."""
    a, b = _read(path_a), _read(path_b)
    out = []
    if not a or not b:
        out.append("empty file: %s" % (path_a if not a else path_b))
        return 1, "\n".join(out)
    ha, hb = a[0].split(","), b[0].split(",")
    if ha != hb:
        out.append("header differs:\n  %s: %s\n  %s: %s" % (label_a, a[0], label_b, b[0]))
        return 1, "\n".join(out)
    if ha != EXPECTED_HEADER:
        out.append("note: header is not the SPEC header %s" % ",".join(EXPECTED_HEADER))
    header = ha
    ra, rb = a[1:], b[1:]

    first = None
    for i in range(max(len(ra), len(rb))):
        la = ra[i] if i < len(ra) else None
        lb = rb[i] if i < len(rb) else None
        if la != lb:
            first = i
            break
    if first is None:
        return 0, "identical: %d bars" % len(ra)

    lineno = first + 2
    la = ra[first] if first < len(ra) else None
    lb = rb[first] if first < len(rb) else None
    out.append("first difference at line %d:" % lineno)
    out.append("  %-7s %s" % (label_a + ":", la if la is not None else "<end of file>"))
    out.append("  %-7s %s" % (label_b + ":", lb if lb is not None else "<end of file>"))
    if la is not None and lb is not None:
        fa, fb = la.split(","), lb.split(",")
        if len(fa) != len(fb):
            out.append("  field count differs: %d vs %d" % (len(fa), len(fb)))
        for j in range(max(len(fa), len(fb))):
            va = fa[j] if j < len(fa) else "<missing>"
            vb = fb[j] if j < len(fb) else "<missing>"
            if va != vb:
                name = header[j] if j < len(header) else "#%d" % j
                out.append("  %-7s %s=%r  vs  %r" % ("", name, va, vb))

    # keyed summary: bars by (symbol, tf, start)
    def keyed(rows):
        d = {}
        for r in rows:
            f = r.split(",")
            d.setdefault(tuple(f[:3]), r)
        return d
    ka, kb = keyed(ra), keyed(rb)
    only_a = [k for k in ka if k not in kb]
    only_b = [k for k in kb if k not in ka]
    changed = [k for k in ka if k in kb and ka[k] != kb[k]]
    out.append("summary: %s has %d bars, %s has %d; only in %s: %d, only in %s: %d, different: %d" % (
        label_a, len(ra), label_b, len(rb), label_a, len(only_a), label_b, len(only_b), len(changed)))
    for title, keys, src in (("only in " + label_a, only_a, ka), ("only in " + label_b, only_b, kb)):
        if keys:
            out.append("  %s (first %d):" % (title, min(max_listed, len(keys))))
            for k in keys[:max_listed]:
                out.append("    " + src[k])
    if changed:
        out.append("  different (first %d):" % min(max_listed, len(changed)))
        for k in changed[:max_listed]:
            out.append("    %-7s %s" % (label_a + ":", ka[k]))
            out.append("    %-7s %s" % (label_b + ":", kb[k]))
    if not only_a and not only_b and not changed:
        out.append("  same set of bars: only the order differs")
    return 1, "\n".join(out)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    pos, labels, max_listed = [], ["A", "B"], 10
    i = 0
    try:
        while i < len(argv):
            if argv[i] in ("--label-a", "--label-b", "--max"):
                val = argv[i + 1]
                if argv[i] == "--max":
                    max_listed = int(val)
                else:
                    labels[0 if argv[i] == "--label-a" else 1] = val
                i += 2
                continue
            if argv[i] in ("-h", "--help"):
                print(__doc__.strip())
                return 0
            pos.append(argv[i])
            i += 1
    except (IndexError, ValueError):
        pos = []
    if len(pos) != 2:
        sys.stderr.write("usage: compare_bars.py A.csv B.csv [--label-a NAME] [--label-b NAME] [--max N]\n")
        return 2
    try:
        rc, report = compare_files(pos[0], pos[1], labels[0], labels[1], max_listed)
    except OSError as e:
        sys.stderr.write("compare_bars: %s: %s\n" % (e.filename, e.strerror))
        return 2
    print(report)
    return rc


if __name__ == "__main__":
    sys.exit(main())
