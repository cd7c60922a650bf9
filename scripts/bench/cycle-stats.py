#!/usr/bin/env python3
"""Figures and bookkeeping for scripts/bench-payments.sh, from pay-cycles.lua's records and the engine's database.

  cycle-stats.py measure REC_PREFIX WRK_RESULT ATTEMPTS_CSV   key=value lines for the measured phase
  cycle-stats.py account ATTEMPTS_CSV REC_PREFIX...           checks every phase's pay calls against the database
  cycle-stats.py paid REC_PREFIX                              prints the paymentIds whose pay call answered 200

ATTEMPTS_CSV (psql \\copy, no header): payment_id, channel, status, succeeded_us, received_us, processed_us, source,
payment_code;
times in microseconds since the epoch. succeeded_us is when the engine began applying the success (the attempt's
SUCCEEDED history row; the transaction starts then), processed_us when it had committed it (channel_callback
.processed_at, stamped right after the commit, before the answer to the channel; for a success found by a query
rather than a notify, and for a bank's confirm, succeeded_us), received_us when the notify came in, source NOTIFY,
QUERY or BANK_CONFIRM.

pay -> PAID is processed_us minus the moment the pay call was sent: the payer pays, the channel (simulator) sends the
signed notify, the engine verifies it and commits attempt SUCCEEDED, bill PAID and the ledger posting. The load
generator and the engine read the same clock (CLOCK_REALTIME on one machine).
"""
import csv
import glob
import sys

CHANNELS = ("ALIPAY", "WECHAT_PAY", "UNIONPAY", "BANK_ICBC", "BANK_ABC")
# how a success was learned without a query: a notify, or a bank's confirm call
DIRECT = ("NOTIFY", "BANK_CONFIRM")


def records(prefix):
    """checkouts [(channel, status, sent, answered, pid)], pays {pid: [sent, status or None, answered]}, channel_of
    {pid: channel}, lost, and the payment codes of bank counter calls sent but never answered"""
    checkouts, pays, channel_of, lost, counters = [], {}, {}, 0, set()
    for path in sorted(glob.glob(prefix + ".*.rec")):
        with open(path) as f:
            for line in f:
                r = line.split()
                if not r:
                    continue
                if r[0] == "K":
                    counters.add(r[1])
                elif r[0] == "C":
                    counters.discard(r[1])
                    checkouts.append((r[2], int(r[3]), int(r[4]), int(r[5]), r[6]))
                    if r[6] != "-":
                        channel_of[r[6]] = r[2]
                elif r[0] == "P":
                    pays[r[1]] = [int(r[2]), None, None]
                elif r[0] == "Q" and r[1] in pays:
                    pays[r[1]][1:] = [int(r[2]), int(r[3])]
                elif r[0] == "X":
                    lost += 1
    return checkouts, pays, channel_of, lost, counters


def attempts(path):
    out = {}
    with open(path) as f:
        for pid, channel, status, succeeded, received, processed, source, code in csv.reader(f):
            out[pid] = (channel, status, int(succeeded) if succeeded else None, int(received) if received else None,
                        int(processed) if processed else None, source, code)
    return out


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[max(0, -(-len(values) * p // 100) - 1)]


def ms(us):
    return "%.2f" % (us / 1000.0)


def measure(prefix, result_path, csv_path):
    result = dict(line.rstrip("\n").split("=", 1) for line in open(result_path) if "=" in line)
    duration = int(result["duration_us"])
    checkouts, pays, channel_of, lost, _ = records(prefix)
    db = attempts(csv_path)
    start = min(c[2] for c in checkouts)
    out = {"duration_s": "%.2f" % (duration / 1e6)}
    for ch in (None,) + CHANNELS:  # PAID commits within the window, of any cycle
        paid = sum(1 for a in db.values() if a[1] == "SUCCEEDED" and start <= a[4] < start + duration
                   and (ch is None or a[0] == ch))
        out[("" if ch is None else ch.lower() + "_") + "db_paid_per_s"] = "%.0f" % (paid / (duration / 1e6))
    for ch in (None,) + CHANNELS:
        tag = "" if ch is None else ch.lower() + "_"
        co = [c for c in checkouts if ch is None or c[0] == ch]
        ok_pays = {pid: p for pid, p in pays.items() if p[1] == 200 and (ch is None or channel_of.get(pid) == ch)}
        done = {pid: p for pid, p in ok_pays.items() if db.get(pid, ("", ""))[1] == "SUCCEEDED"}
        out[tag + "cycles"] = len(ok_pays)
        out[tag + "rate"] = "%.0f" % (len(ok_pays) / (duration / 1e6))
        out[tag + "not_paid"] = len(ok_pays) - len(done)
        out[tag + "checkout_p50"] = ms(pct([c[3] - c[2] for c in co if c[1] == 201], 50))
        out[tag + "checkout_p99"] = ms(pct([c[3] - c[2] for c in co if c[1] == 201], 99))
        out[tag + "pay_call_p50"] = ms(pct([p[2] - p[0] for p in ok_pays.values()], 50))
        out[tag + "pay_call_p99"] = ms(pct([p[2] - p[0] for p in ok_pays.values()], 99))
        to_paid = [db[pid][4] - p[0] for pid, p in done.items()]
        for q in (50, 90, 99):
            out[tag + "paid_p%d" % q] = ms(pct(to_paid, q))
        out[tag + "paid_max"] = ms(max(to_paid) if to_paid else float("nan"))
        out[tag + "notify_p50"] = ms(pct([db[pid][3] - p[0] for pid, p in done.items() if db[pid][3]], 50))
        out[tag + "notify_p99"] = ms(pct([db[pid][3] - p[0] for pid, p in done.items() if db[pid][3]], 99))
        out[tag + "apply_p50"] = ms(pct([db[pid][4] - db[pid][3] for pid in done if db[pid][3]], 50))
        out[tag + "apply_p99"] = ms(pct([db[pid][4] - db[pid][3] for pid in done if db[pid][3]], 99))
        out[tag + "by_query"] = sum(1 for pid in done if db[pid][5] not in DIRECT)
    out["bad_checkouts"] = sum(1 for c in checkouts if c[1] != 201)
    out["bad_pays"] = sum(1 for p in pays.values() if p[1] is not None and p[1] != 200)
    out["unanswered"] = lost + sum(1 for p in pays.values() if p[1] is None)
    for k, v in out.items():
        print("%s=%s" % (k, v))


def account(csv_path, prefixes):
    db = attempts(csv_path)
    paid_calls, unanswered, counters = set(), set(), set()
    for prefix in prefixes:
        _, pays, _, _, unanswered_counters = records(prefix)
        paid_calls |= {pid for pid, p in pays.items() if p[1] == 200}
        unanswered |= {pid for pid, p in pays.items() if p[1] is None}
        counters |= unanswered_counters
    succeeded = {pid for pid, a in db.items() if a[1] == "SUCCEEDED"}
    # a teller call that wrk stopped waiting for may well have been confirmed: its bill's bank attempt counts
    unanswered |= {pid for pid, a in db.items() if a[6] in counters and a[0].startswith("BANK_")}
    lost = paid_calls - succeeded
    unexplained = succeeded - paid_calls - unanswered
    print("succeeded=%d" % len(succeeded))
    print("paid_calls=%d" % len(paid_calls))
    print("unanswered_pays=%d" % len(unanswered))
    print("unanswered_paid=%d" % len(succeeded & unanswered))
    print("lost=%d" % len(lost))
    print("lost_example=%s" % (sorted(lost)[0] if lost else ""))
    print("unexplained=%d" % len(unexplained))
    print("by_query=%d" % sum(1 for pid in succeeded if db[pid][5] not in DIRECT))


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "paid":
        print("".join(pid + "\n" for pid, p in records(sys.argv[2])[1].items() if p[1] == 200), end="")
    else:
        account(sys.argv[2], sys.argv[3:])
