#!/usr/bin/env python3
"""CPU split between java, postgres, wrk, pgbench and the rest, from /proc.

  cpu-sample.py snap FILE        saves per-process CPU ticks and the machine's totals
  cpu-sample.py diff FILE1 FILE2 prints CPU used between the two snapshots, in % of one core
"""
import json
import os
import sys
import time

GROUPS = ("java", "postgres", "wrk", "pgbench")


def snap():
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        procs[pid] = [comm, int(fields[11]) + int(fields[12])]  # utime + stime
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return {"t": time.time(), "procs": procs, "cpu": cpu}


def diff(a, b):
    hz = os.sysconf("SC_CLK_TCK")
    secs = b["t"] - a["t"]
    used = {g: 0 for g in GROUPS + ("other",)}
    for pid, (comm, ticks) in b["procs"].items():
        before = a["procs"].get(pid)
        if before and before[0] == comm:
            group = comm if comm in GROUPS else "other"
            used[group] += ticks - before[1]
    parts = ["%s %.0f%%" % (g, 100.0 * t / hz / secs) for g, t in used.items() if t or g in ("java", "postgres")]
    d = [y - x for x, y in zip(a["cpu"], b["cpu"])]
    busy = 100.0 * (sum(d) - d[3] - d[4]) / sum(d) * os.cpu_count()  # minus idle and iowait
    print("%s; machine busy %.0f%% of %d00%%, iowait %.0f%% (over %.0f s)"
          % (", ".join(parts), busy, os.cpu_count(), 100.0 * d[4] / sum(d) * os.cpu_count(), secs))


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snap(), f)
    else:
        diff(*(json.load(open(p)) for p in sys.argv[2:4]))
