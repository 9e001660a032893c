#!/usr/bin/env python3
"""Hostile WebSocket clients against a Tickwire gateway, for `scripts/bench.sh ws-abuse` (issue 4's abuse check).

Usage: ws-abuse.py HOST PORT DURATION_S SECRET   (the gateway in jwt mode with that HS256 secret)

Runs, side by side and over and over until DURATION_S has passed, one kind of abuse per task, and checks that the
server answers each with its SPEC code (SPEC 6, 9, 11):

  malformed       a valid connection sending invalid JSON (20/s)       -> error BAD_REQUEST each time
  unknown-op      {"op":"explode"} (20/s)                              -> error BAD_REQUEST each time
  big-frame       one 1 MiB text frame                                 -> close 1009
  subscribe-flood 1,000 subscribes in a second                         -> error RATE_LIMITED, then close 4029
  never-reads     subscribes to every symbol's trades, never reads     -> close 4008 (slow consumer) or reset once
                  its buffers pass the high-water mark (at a slow feed: left open, counted as expected)
  expired         a token whose exp has passed                         -> HTTP 401 before the upgrade
  alg-none        an unsigned token (alg none)                         -> HTTP 401
  bad-signature   a token signed with another secret                   -> HTTP 401
  other-symbols   a token entitled to one symbol, subscribing another  -> error FORBIDDEN

Only the Python standard library. Prints one line per kind, then a total:
  abuse: kind=K attempts=N expected=N unexpected=N [last_unexpected=...]
  abuse: total attempts=N expected=N unexpected=N
Exit 0 when every outcome was the expected one, 1 otherwise.
"""
import asyncio
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import urllib.request


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(secret: str, exp_in_s: int, symbols=None, alg="HS256") -> str:
    header = {"alg": alg, "typ": "JWT"}
    claims = {"sub": "abuse", "exp": int(time.time()) + exp_in_s}
    if symbols is not None:
        claims["symbols"] = symbols
    signing = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    if alg == "none":
        return signing + "."
    sig = hmac.new(secret.encode(), signing.encode(), hashlib.sha256).digest()
    return signing + "." + b64url(sig)


class Closed(Exception):
    def __init__(self, code, reason=""):
        super().__init__("close %s %s" % (code, reason))
        self.code = code


async def handshake(host, port, tok):
    """Opens a socket and upgrades; returns (reader, writer) or raises with the HTTP status line."""
    reader, writer = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(("GET /ws?encoding=json&token=%s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                  % (tok, host, port, key)).encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status + " ":
        writer.close()
        raise ConnectionRefusedError(status)
    return reader, writer


def frame(payload: bytes, opcode=0x1) -> bytes:
    """A masked client frame (FIN set)."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 65536 else \
        (int.from_bytes(payload, "big") ^ int.from_bytes((mask * (n // 4 + 1))[:n], "big")).to_bytes(n, "big")
    return head + mask + masked


async def read_message(reader):
    """Next text message as a dict; raises Closed on a close frame."""
    while True:
        b0, b1 = await reader.readexactly(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", await reader.readexactly(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", await reader.readexactly(8))[0]
        payload = await reader.readexactly(n)
        opcode = b0 & 0x0F
        if opcode == 0x8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            raise Closed(code, payload[2:].decode(errors="replace"))
        if opcode == 0x1:
            return json.loads(payload)


async def until(reader, predicate, timeout):
    """Reads messages until predicate(msg) holds; returns the message. Raises Closed or TimeoutError."""
    async def loop():
        while True:
            msg = await read_message(reader)
            if predicate(msg):
                return msg
    return await asyncio.wait_for(loop(), timeout)


class Tally:
    def __init__(self, kind):
        self.kind, self.attempts, self.expected, self.unexpected, self.last = kind, 0, 0, 0, ""
        self.closed = 0

    def ok(self):
        self.attempts += 1
        self.expected += 1

    def bad(self, what):
        self.attempts += 1
        self.unexpected += 1
        self.last = str(what)[:120]


async def repeat(deadline, tally, attempt, pause):
    while time.monotonic() < deadline:
        try:
            if await attempt():
                tally.ok()
            else:
                tally.bad("wrong answer")
        except Exception as ex:  # every other outcome is an unexpected one, named in the summary
            tally.bad(repr(ex))
        await asyncio.sleep(pause)


def is_error(code):
    return lambda m: m.get("type") == "error" and m.get("code") == code


async def main():
    host, port, duration, secret = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    deadline = time.monotonic() + duration
    good = token(secret, 3600)
    request = urllib.request.Request("http://%s:%d/api/symbols" % (host, port),
                                     headers={"Authorization": "Bearer " + good})
    with urllib.request.urlopen(request, timeout=10) as answer:
        listed = json.load(answer)
    symbols = [entry if isinstance(entry, str) else entry.get("symbol") for entry in listed]
    symbol, other = symbols[0], symbols[1]
    tallies = {}

    def tally(kind):
        return tallies.setdefault(kind, Tally(kind))

    async def kept_connection(kind, message, code):
        """One connection sending bad control messages at 20/s, each answered with an error."""
        t = tally(kind)
        while time.monotonic() < deadline:
            try:
                reader, writer = await handshake(host, port, good)
                while time.monotonic() < deadline:
                    writer.write(frame(message))
                    await writer.drain()
                    await until(reader, is_error(code), 5)
                    t.ok()
                    await asyncio.sleep(0.05)
                writer.close()
            except Exception as ex:
                t.bad(repr(ex))
                await asyncio.sleep(0.5)

    async def big_frame():
        reader, writer = await handshake(host, port, good)
        try:
            writer.write(frame(b"x" * (1 << 20)))
            await writer.drain()
            await until(reader, lambda m: False, 10)
        except Closed as closed:
            return closed.code == 1009
        except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
            return False
        finally:
            writer.close()
        return False

    async def subscribe_flood():
        """Reads while it floods, as a client would: the server may drop the socket once its close frame is out."""
        reader, writer = await handshake(host, port, good)
        outcome = {"limited": False, "close": None}

        async def read_all():
            try:
                while True:
                    msg = await read_message(reader)
                    if msg.get("type") == "error" and msg.get("code") == "RATE_LIMITED":
                        outcome["limited"] = True
            except Closed as closed:
                outcome["close"] = closed.code
            except (ConnectionResetError, asyncio.IncompleteReadError):
                pass

        reading = asyncio.ensure_future(read_all())
        try:
            for i in range(1000):
                writer.write(frame(json.dumps({"op": "subscribe", "id": i, "channel": "trades",
                                               "symbols": [symbol], "snapshot": 0}).encode()))
                if i % 50 == 0:
                    await writer.drain()
                    await asyncio.sleep(0.05)
                if reading.done():
                    break
            await writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            pass  # sent after the server's close: expected
        try:
            await asyncio.wait_for(reading, 10)
        finally:
            writer.close()
        return outcome["limited"] and outcome["close"] == 4029

    async def never_reads():
        """Subscribes to every trade of the symbols, then stops reading; expects to be dropped."""
        reader, writer = await handshake(host, port, good)
        try:
            writer.write(frame(json.dumps({"op": "subscribe", "id": 1, "channel": "trades", "conflate": 0,
                                           "symbols": symbols, "snapshot": 0}).encode()))
            await writer.drain()
            # Not reading: the server's buffer fills, its streams conflate, and after the grace (10 s) it closes.
            await asyncio.sleep(16)
            await until(reader, lambda m: False, 20)
        except Closed as closed:
            tally("never-reads").closed += 1
            return closed.code == 4008
        except (ConnectionResetError, asyncio.IncompleteReadError):
            tally("never-reads").closed += 1
            return True  # forced close after the close frame could not be flushed
        except asyncio.TimeoutError:
            # Still open 36 s on: the feed is too slow to fill the buffers past the high-water mark in that time,
            # so there was nothing to drop it for.
            return True
        finally:
            writer.close()
        return False

    async def refused(tok):
        try:
            reader, writer = await handshake(host, port, tok)
            writer.close()
            return False
        except ConnectionRefusedError as ex:
            return " 401 " in str(ex) + " "

    async def forbidden():
        reader, writer = await handshake(host, port, token(secret, 3600, [other]))
        symbol_not_entitled = symbol
        try:
            writer.write(frame(json.dumps({"op": "subscribe", "id": 7, "channel": "trades",
                                           "symbols": [symbol_not_entitled]}).encode()))
            await writer.drain()
            msg = await until(reader, lambda m: m.get("type") == "error", 5)
            return msg.get("code") == "FORBIDDEN"
        finally:
            writer.close()

    tasks = [
        kept_connection("malformed", b"{not json", "BAD_REQUEST"),
        kept_connection("unknown-op", b'{"op":"explode","id":1}', "BAD_REQUEST"),
        repeat(deadline, tally("big-frame"), big_frame, 0.5),
        repeat(deadline, tally("subscribe-flood"), subscribe_flood, 0.5),
        repeat(deadline, tally("expired"), lambda: refused(token(secret, -3600)), 0.2),
        repeat(deadline, tally("alg-none"), lambda: refused(token(secret, 3600, alg="none")), 0.2),
        repeat(deadline, tally("bad-signature"), lambda: refused(token("another secret, at least 32 characters!",
                                                                           3600)), 0.2),
        repeat(deadline, tally("other-symbols"), forbidden, 0.2),
    ]
    # Several never-reading clients at once, so that their buffers together matter.
    tasks += [repeat(deadline, tally("never-reads"), never_reads, 0.1) for _ in range(5)]
    await asyncio.gather(*tasks)

    total = Tally("total")
    for t in tallies.values():
        total.attempts += t.attempts
        total.expected += t.expected
        total.unexpected += t.unexpected
        print("abuse: kind=%s attempts=%d expected=%d unexpected=%d%s%s" % (
            t.kind, t.attempts, t.expected, t.unexpected, " closed_by_server=%d" % t.closed if t.closed else "",
            " last_unexpected=%r" % t.last if t.unexpected else ""))
    print("abuse: total attempts=%d expected=%d unexpected=%d" % (total.attempts, total.expected, total.unexpected))
    return 0 if total.unexpected == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
