#!/usr/bin/env python3
"""Pre-signs bills for scripts/bench/issue-bills.lua (wrk cannot compute HMAC in Lua).

  gen-requests.py gen   PREFIX THREADS PER_THREAD TAG   writes PREFIX.meta.lua and PREFIX.<thread>.dat
  gen-requests.py probe                                 sends one signed bill with urllib, prints "status body"

Both read BENCH_HOST, BENCH_PORT, BENCH_UNIT, BENCH_ITEM, BENCH_AMOUNT_FEN and BENCH_DUE_DATE from the
environment. Each .dat file holds fixed-width records "timestamp(10) signature(44) nonce(32) unitOrderNo\\n";
everything else of the request is constant and lives in the .meta.lua file, so wrk only slices and concatenates.
"""
import base64
import hashlib
import hmac
import os
import secrets
import sys
import time
import urllib.error
import urllib.request

PATH = "/api/v1/orders"
HOST = os.environ.get("BENCH_HOST", "127.0.0.1")
PORT = os.environ.get("BENCH_PORT", "18080")
UNIT = os.environ.get("BENCH_UNIT", "HZ-TRAFFIC")
ITEM = os.environ.get("BENCH_ITEM", "FINE-TRAFFIC")
AMOUNT = int(os.environ.get("BENCH_AMOUNT_FEN", "20000"))
DUE = os.environ["BENCH_DUE_DATE"]
SECRET = ("demo-secret-" + UNIT).encode()

# The body is BODY_A + unitOrderNo + BODY_B (compact JSON, UTF-8), so its length is fixed per file.
BODY_A = b'{"unitOrderNo":"'
BODY_B = ('","lines":[{"itemCode":"%s","amountFen":%d}],'
          '"payer":{"name":"张三","idNumber":"330106199001011234","phone":"13800138000"},'
          '"dueDate":"%s","description":"bench"}' % (ITEM, AMOUNT, DUE)).encode()


def sign(ts, nonce, body):
    canonical = "POST\n%s\n%d\n%s\n%s" % (PATH, ts, nonce, hashlib.sha256(body).hexdigest())
    return base64.b64encode(hmac.digest(SECRET, canonical.encode(), "sha256")).decode()


def lua_str(b):
    """A Lua quoted string literal for these bytes (long brackets would turn CR LF into LF)."""
    out = []
    for c in b:
        ch = chr(c)
        if ch in '\\"':
            out.append("\\" + ch)
        elif c == 13:
            out.append("\\r")
        elif c == 10:
            out.append("\\n")
        else:
            out.append(ch if c < 128 else "\\%d" % c)
    return '"' + "".join(out) + '"'


def gen(prefix, threads, per_thread, tag):
    ts = int(time.time())
    no_len = None
    for t in range(threads):
        recs = []
        for i in range(per_thread):
            no = "B%s-%d-%08d" % (tag, t, i)
            nonce = secrets.token_hex(16)  # 32 chars of [0-9a-f]
            body = BODY_A + no.encode() + BODY_B
            recs.append("%d%s%s%s\n" % (ts, sign(ts, nonce, body), nonce, no))
        no_len = len(no)
        with open("%s.%d.dat" % (prefix, t), "w") as f:
            f.write("".join(recs))
    body_len = len(BODY_A) + no_len + len(BODY_B)
    head = ("POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "X-GovClear-Unit: %s\r\nX-GovClear-Timestamp: " % (PATH, HOST, PORT, body_len, UNIT)).encode()
    with open(prefix + ".meta.lua", "w") as f:
        f.write("return {\n  rec = %d, nolen = %d,\n" % (10 + 44 + 32 + no_len + 1, no_len))
        f.write("  h_ts = %s,\n" % lua_str(head))
        f.write("  h_sig = %s,\n" % lua_str(b"\r\nX-GovClear-Signature: "))
        f.write("  h_nonce = %s,\n" % lua_str(b"\r\nX-GovClear-Nonce: "))
        f.write("  h_body = %s,\n" % lua_str(b"\r\n\r\n" + BODY_A))
        f.write("  tail = %s,\n}\n" % lua_str(BODY_B))


def probe():
    ts = int(time.time())
    nonce = secrets.token_hex(16)
    body = BODY_A + ("Bprobe-%d" % ts).encode() + BODY_B
    req = urllib.request.Request("http://%s:%s%s" % (HOST, PORT, PATH), data=body, method="POST", headers={
        "Content-Type": "application/json", "X-GovClear-Unit": UNIT, "X-GovClear-Timestamp": str(ts),
        "X-GovClear-Nonce": nonce, "X-GovClear-Signature": sign(ts, nonce, body)})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            print(resp.status, resp.read().decode())
    except urllib.error.HTTPError as e:
        print(e.code, e.read().decode())


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        probe()
