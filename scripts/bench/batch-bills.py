#!/usr/bin/env python3
"""Issues bills through the signed batch API and hands their payment codes to scripts/bench/pay-cycles.lua.

  batch-bills.py PREFIX THREADS PER_THREAD TAG

Issues THREADS x PER_THREAD bills with POST /api/v1/orders/batch (1,000 per call, two calls in flight), each signed
as API.md says, and writes PREFIX.<thread>.dat: one 20-digit payment code per line, a disjoint share per wrk thread.
Prints "issued N bills in S s". Fails unless every bill of every batch comes back CREATED.

Reads BENCH_HOST, BENCH_PORT, BENCH_UNIT, BENCH_ITEM, BENCH_AMOUNT_FEN and BENCH_DUE_DATE from the environment,
like gen-requests.py (same body, same signing rule).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import secrets
import sys
import threading
import time

PATH = "/api/v1/orders/batch"
HOST = os.environ.get("BENCH_HOST", "127.0.0.1")
PORT = int(os.environ.get("BENCH_PORT", "18080"))
UNIT = os.environ.get("BENCH_UNIT", "HZ-TRAFFIC")
ITEM = os.environ.get("BENCH_ITEM", "FINE-TRAFFIC")
AMOUNT = int(os.environ.get("BENCH_AMOUNT_FEN", "20000"))
DUE = os.environ["BENCH_DUE_DATE"]
SECRET = ("demo-secret-" + UNIT).encode()
BATCH = 1000
WORKERS = 2


def signed_headers(body):
    ts = int(time.time())
    nonce = secrets.token_hex(16)
    canonical = "POST\n%s\n%d\n%s\n%s" % (PATH, ts, nonce, hashlib.sha256(body).hexdigest())
    sig = base64.b64encode(hmac.digest(SECRET, canonical.encode(), "sha256")).decode()
    return {"Content-Type": "application/json", "X-GovClear-Unit": UNIT, "X-GovClear-Timestamp": str(ts),
            "X-GovClear-Nonce": nonce, "X-GovClear-Signature": sig}


def bill(no):
    return {"unitOrderNo": no, "lines": [{"itemCode": ITEM, "amountFen": AMOUNT}],
            "payer": {"name": "张三", "idNumber": "330106199001011234", "phone": "13800138000"},
            "dueDate": DUE, "description": "bench"}


def issue(batches, codes, errors):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
    for start, nos in batches:
        body = json.dumps({"orders": [bill(no) for no in nos]}, ensure_ascii=False,
                          separators=(",", ":")).encode()
        try:
            conn.request("POST", PATH, body=body, headers=signed_headers(body))
            resp = conn.getresponse()
            answer = resp.read()
        except (OSError, http.client.HTTPException) as e:
            errors.append("batch at %d: %s" % (start, e))
            return
        if resp.status != 200:
            errors.append("batch at %d: HTTP %d %s" % (start, resp.status, answer[:300]))
            return
        results = json.loads(answer)["results"]
        bad = [r for r in results if r.get("status") != "CREATED"]
        if bad or len(results) != len(nos):
            errors.append("batch at %d: %d of %d not CREATED, e.g. %s" % (start, len(bad), len(nos), bad[:1]))
            return
        codes[start:start + len(nos)] = [r["paymentCode"] for r in results]
    conn.close()


def main():
    prefix, threads, per_thread, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    total = threads * per_thread
    nos = ["P%s-%08d" % (tag, i) for i in range(total)]
    batches = [(i, nos[i:i + BATCH]) for i in range(0, total, BATCH)]
    codes = [None] * total
    errors = []
    t0 = time.time()
    workers = [threading.Thread(target=issue, args=(batches[w::WORKERS], codes, errors)) for w in range(WORKERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors or None in codes:
        sys.exit("batch-bills: " + ("; ".join(errors[:3]) or "some bills have no payment code"))
    for t in range(threads):
        with open("%s.%d.dat" % (prefix, t), "w") as f:
            f.write("".join(c + "\n" for c in codes[t * per_thread:(t + 1) * per_thread]))
    print("issued %d bills in %.1f s" % (total, time.time() - t0))


if __name__ == "__main__":
    main()
