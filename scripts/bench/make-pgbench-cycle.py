#!/usr/bin/env python3
"""Writes the pgbench scripts for one payment cycle from the engine's own SQL.

  make-pgbench-cycle.py SRC_MAIN_JAVA OUTDIR

SRC_MAIN_JAVA is src/main/java/io/govclear. Each statement is read from the Java source (the string expression passed
to preparedQuery/query in the named method: literals, text blocks and String constants joined with +), so pgbench
always runs the current SQL, in the order and transaction shape of one cycle:

  checkout (POST /api/v1/bills/{code}/payments)      notify (POST /callbacks/{channel})
    bill by code, open attempt?, nextval,              INSERT channel_callback
    INSERT attempt (autocommit each)                   attempt by payment id
    [precreate at the channel over HTTP]               BEGIN; lock FOR UPDATE; attempt → SUCCEEDED; bill → PAID;
    BEGIN; attempt → PENDING; COMMIT                          paid attempt on the bill; ledger posting; COMMIT
    attempt by payment id                              UPDATE channel_callback (outcome)

Writes OUTDIR/cycle-alipay.pgbench.sql and OUTDIR/cycle-wechat.pgbench.sql (the same statements; variables a_* or
w_* hold the channel's values), OUTDIR/cycle-vars.sql (a query that prints the -D options: values sampled from the
last cycle the engine completed on each channel, so sizes and shapes are the engine's) and prints the statements
with where they came from. Fails when a statement's parameters no longer match the mapping below.

Differences from the engine, all small: the engine's nextval is a simple-protocol query (pgbench -M prepared
prepares it); timestamps are now() instead of parameters; payment ids and idempotency keys are built in SQL; pgbench's
bills have 19-digit payment codes (pgbench integers), issued by the bench script as copies of an engine-issued bill.
pgbench variables: -D lo (first bill number) and -D clients (number of clients); k = lo + client_id + clients * i
numbers the bill a transaction pays, its payment code is 10^18 + k.
"""
import os
import re
import sys

# (what, file, method, {param: pgbench expression}, \gset prefix); "{p}" is the channel's variable prefix.
# BEGIN/COMMIT and comments are plain strings.
CYCLE = [
    "-- checkout: POST /api/v1/bills/{paymentCode}/payments",
    ("the bill by payment code (OrderService.findPublic)", "order/repository/OrderRepository.java",
     "findByCode", {1: ":code"}, "o_"),
    ("an open attempt on this channel to reuse? (PaymentService.checkout)", "payment/repository/AttemptRepository.java",
     "findOpen", {1: ":o_id", 2: ":{p}channel"}, None),
    ("the attempt id (PaymentService.create)", "payment/repository/AttemptRepository.java", "nextId", {}, "seq_"),
    ("the CREATED attempt", "payment/repository/AttemptRepository.java", "insert",
     {1: ":seq_id", 2: "('GC' || :{p}day || lpad(:seq_id::text, 12, '0'))", 3: ":o_id", 4: ":{p}channel",
      5: ":{p}principal", 6: ":{p}late_fee", 7: ":{p}amount", 8: ":{p}routing", 9: "(now() + interval '15 minutes')",
      10: "(now() + interval '5 seconds')", 11: "now()"}, "at_"),
    "-- (the adapter creates the trade at the channel: signed HTTP call and signed answer, not in pgbench)",
    "BEGIN;",
    ("CREATED -> PENDING with the payUrl (PaymentService.precreate)", "payment/repository/AttemptRepository.java",
     "transition", {1: ":seq_id", 2: ":st_created", 3: ":st_pending", 4: "now()", 5: "NULL", 6: ":{p}pay_url",
                    7: "NULL", 8: ":v_false", 9: ":src_precreate", 10: "NULL"}, None),
    "COMMIT;",
    ("the attempt as answered (PaymentService.attempt)", "payment/repository/AttemptRepository.java",
     "findByPaymentId", {1: ":at_payment_id"}, None),
    "-- notify: POST /callbacks/{alipay|wechat-pay}",
    ("stored raw first (CallbackService.receive)", "payment/service/CallbackService.java", "receive",
     {1: ":{p}channel", 2: "now()", 3: ":{p}headers", 4: ":{p}body"}, "cb_"),
    "-- (signature verification, for WeChat Pay also AES-GCM decryption: not in pgbench)",
    ("whose attempt is it (CallbackService.receive -> PaymentService.attempt)",
     "payment/repository/AttemptRepository.java", "findByPaymentId", {1: ":at_payment_id"}, None),
    "BEGIN;",
    ("attempt and bill locked (PaymentService.apply)", "payment/repository/AttemptRepository.java", "lock",
     {1: ":at_payment_id"}, None),
    ("PENDING -> SUCCEEDED (PaymentService.succeed)", "payment/repository/AttemptRepository.java", "transition",
     {1: ":seq_id", 2: ":st_pending", 3: ":st_succeeded", 4: "now()", 5: ":{p}trade_no", 6: "NULL", 7: "now()",
      8: ":v_false", 9: ":src_notify", 10: ":{p}succeeded_detail"}, None),
    ("the bill UNPAID -> PAID, with history and audit", "order/repository/OrderRepository.java", "transition",
     {1: ":o_id", 2: ":st_unpaid", 3: ":st_paid", 4: "now()", 5: ":{p}order_reason", 6: ":{p}actor_type",
      7: ":{p}actor", 8: ":{p}action", 9: ":code"}, None),
    ("which attempt paid the bill", "order/repository/OrderRepository.java", "recordPayment",
     {1: ":o_id", 2: ":seq_id", 3: "now()"}, None),
    ("the ledger posting (LedgerService.post)", "ledger/LedgerService.java", "post",
     {1: "('payment:' || :at_payment_id)", 2: ":{p}entry_type", 3: ":{p}bdate", 4: ":code", 5: ":{p}entry_descr",
      6: "now()", 7: ":{p}line_nos", 8: ":{p}accounts", 9: ":{p}debits", 10: ":{p}credits"}, None),
    "COMMIT;",
    ("the notify's outcome (CallbackService.record)", "payment/service/CallbackService.java", "record",
     {1: ":cb_id", 2: ":v_true", 3: ":at_payment_id", 4: ":{p}notify_id", 5: ":{p}outcome", 6: ":{p}cb_detail",
      7: "now()"}, None),
]

CONSTANTS = {"st_created": "CREATED", "st_pending": "PENDING", "st_succeeded": "SUCCEEDED", "st_unpaid": "UNPAID",
             "st_paid": "PAID", "src_precreate": "PRECREATE", "src_notify": "NOTIFY", "v_true": "true",
             "v_false": "false"}

# Values of the last cycle the engine completed on a channel; one row per variable, printed as -D<prefix><name>=value
VARS_SQL = r"""
SELECT '-D' || p.prefix || kv.key || '=' || kv.value
FROM (VALUES ('a_', 'ALIPAY'), ('w_', 'WECHAT_PAY')) AS p(prefix, channel)
CROSS JOIN LATERAL (
    SELECT a.channel, substr(a.payment_id, 3, 6) AS day, a.principal_fen AS principal, a.late_fee_fen AS late_fee,
           a.amount_fen AS amount, a.routing_reason AS routing, a.pay_url, a.channel_trade_no AS trade_no,
           s.detail AS succeeded_detail, c.headers::text AS headers, '\x' || encode(c.body, 'hex') AS body,
           c.notify_id, c.outcome, c.detail AS cb_detail, h.reason AS order_reason, ev.actor_type, ev.actor,
           ev.action, e.entry_type, e.business_date AS bdate, e.description AS entry_descr,
           l.line_nos, l.accounts, l.debits, l.credits
    FROM payment_attempt a
    JOIN attempt_status_change s ON s.attempt_id = a.id AND s.to_status = 'SUCCEEDED'
    JOIN channel_callback c ON c.payment_id = a.payment_id AND c.outcome = 'PAID'
    JOIN payment_order o ON o.id = a.order_id
    JOIN order_status_change h ON h.order_id = o.id AND h.to_status = 'PAID'
    JOIN audit_event ev ON ev.subject_type = 'ORDER' AND ev.subject_id = o.payment_code AND ev.action = 'ORDER_PAID'
    JOIN journal_entry e ON e.idempotency_key = 'payment:' || a.payment_id
    CROSS JOIN LATERAL (
        SELECT array_agg(line_no ORDER BY line_no)::text AS line_nos, array_agg(account ORDER BY line_no)::text
               AS accounts, array_agg(debit_fen ORDER BY line_no)::text AS debits,
               array_agg(credit_fen ORDER BY line_no)::text AS credits
        FROM journal_line WHERE entry_id = e.id) l
    WHERE a.channel = p.channel AND a.status = 'SUCCEEDED'
    ORDER BY a.id DESC LIMIT 1) AS v
CROSS JOIN LATERAL jsonb_each_text(to_jsonb(v)) AS kv
"""

TOKEN = re.compile(r'\s+|//[^\n]*|/\*.*?\*/|"""[ \t]*\n(?P<block>.*?)(?<!\\)"""|"(?P<str>(?:\\.|[^"\\])*)"'
                   r'|(?P<id>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op>[+(),;])', re.S)
ESCAPES = {"n": "\n", "t": "\t", "s": " ", '"': '"', "'": "'", "\\": "\\", "\n": "", "r": "\r", "b": "\b",
           "f": "\f", "0": "\0"}


def unescape(s):
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], s, flags=re.S)


def text_block(raw):
    """A Java text block's value: incidental indentation and trailing spaces stripped, then escapes."""
    lines = raw.split("\n")
    closing_alone = lines[-1].strip() == ""  # the closing """ on a line of its own counts for the indentation
    significant = [l for l in lines if l.strip()] + ([lines[-1]] if closing_alone else [])
    indent = min(len(l) - len(l.lstrip()) for l in significant)
    out = [l[indent:].rstrip() for l in lines]
    return unescape("\n".join(out))


def expression(src, pos, constants):
    """Evaluates a String expression (literals, text blocks, constants, +) from pos up to , ) or ;"""
    value = ""
    while True:
        m = TOKEN.match(src, pos)
        if not m:
            raise ValueError("cannot read the Java expression at: " + src[pos:pos + 80])
        pos = m.end()
        if m.group("block") is not None:
            value += text_block(m.group("block"))
        elif m.group("str") is not None:
            value += unescape(m.group("str"))
        elif m.group("id"):
            if m.group("id") not in constants:
                raise ValueError("not a String constant of the file: " + m.group("id"))
            value += constants[m.group("id")]
        elif m.group("op") in (")", ",", ";"):
            return value
        # whitespace, comments and + need nothing


def constants_of(src):
    constants = {}
    for m in re.finditer(r"static\s+final\s+String\s+([A-Z_][A-Z0-9_]*)\s*=", src):
        try:
            constants[m.group(1)] = expression(src, m.end(), constants)
        except ValueError:
            pass  # not a plain text constant
    return constants


def statement(root, path, method):
    src = open(os.path.join(root, path), encoding="utf-8").read()
    decl = re.search(r"^[ \t]*(?!return\b)[\w<>\[\]., ?]+\s%s\s*\([^;{]*\)\s*\{" % re.escape(method), src, re.M)
    if not decl:
        sys.exit("make-pgbench-cycle: no method %s in %s" % (method, path))
    call = re.compile(r"\b(?:preparedQuery|query)\s*\(").search(src, decl.end())
    if not call:
        sys.exit("make-pgbench-cycle: no query in %s.%s" % (path, method))
    return expression(src, call.end(), constants_of(src)).strip()


def main():
    root, outdir = sys.argv[1], sys.argv[2]
    listing = []
    scripts = {"a_": [], "w_": []}
    for step in CYCLE:
        if isinstance(step, str):
            for lines in scripts.values():
                lines.append(step)
            continue
        what, path, method, params, gset = step
        sql = statement(root, path, method)
        used = {int(n) for n in re.findall(r"\$(\d+)", sql)}
        if used != set(params):
            sys.exit("make-pgbench-cycle: %s.%s now uses parameters %s; scripts/bench/make-pgbench-cycle.py maps %s. "
                     "Update the mapping." % (path, method, sorted(used), sorted(params)))
        listing.append("-- %s: %s.%s\n%s;\n" % (what, path, method, sql))
        for prefix, lines in scripts.items():
            bench_sql = re.sub(r"\$(\d+)", lambda p: params[int(p.group(1))].replace("{p}", prefix), sql)
            lines.append("-- %s (%s)\n%s" % (what, method, bench_sql) + (" \\gset " + gset if gset else ";"))
    head = ["-- generated by scripts/bench/make-pgbench-cycle.py from the engine's SQL: one payment cycle",
            "\\set i :i + 1", "\\set k :lo + :client_id + :clients * (:i - 1)", "\\set code 1000000000000000000 + :k"]
    for prefix, name in (("a_", "alipay"), ("w_", "wechat")):
        with open(os.path.join(outdir, "cycle-%s.pgbench.sql" % name), "w", encoding="utf-8") as f:
            f.write("\n".join(head + scripts[prefix]) + "\n")
    with open(os.path.join(outdir, "cycle-vars.sql"), "w", encoding="utf-8") as f:
        f.write(VARS_SQL.strip() + "\n")
        for name, value in CONSTANTS.items():
            f.write("UNION ALL SELECT '-D%s=%s'\n" % (name, value))
        f.write(";\n")
    print("\n".join(listing))


if __name__ == "__main__":
    main()
