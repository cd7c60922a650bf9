#!/usr/bin/env python3
"""CPU split between the engine, the channel simulators, postgres, the load generator and the rest of the machine,
from /proc.

  cpu-sample.py snap FILE                  saves per-process CPU ticks and the machine's totals
  cpu-sample.py diff FILE1 FILE2 [ENGINE_PID [SIMULATORS_PID]]
                                           prints the CPU used between two snapshots, in % of one core, one group
                                           after the other: "engine N%, simulators N%, postgres N%, wrk N%,
                                           pgbench N%, other programs N%, kernel and exited processes (n) N%; machine
                                           busy ..." (a group below 0.5% is left out, except postgres and the groups
                                           whose PID is given; ENGINE_PID may be '' when only SIMULATORS_PID is), and
                                           writes "OTHER REST" to FILE2.rest: the % used by other programs (not
                                           engine, simulators, postgres, wrk or pgbench), and by the kernel and
                                           processes that exited in between
"""
import json
import os
import sys
import time

# the engine and the simulators are java processes told apart by their PID, the others by their command name
BY_PID = ("engine", "simulators")
BY_NAME = ("postgres", "wrk", "pgbench")


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
        kernel = pid == "2" or fields[1] == "2"  # kernel threads are children of kthreadd
        procs[pid] = [comm, int(fields[11]) + int(fields[12]), kernel]  # utime + stime
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return {"t": time.time(), "procs": procs, "cpu": cpu}


def diff(a, b, engine_pid, simulators_pid):
    hz = os.sysconf("SC_CLK_TCK")
    secs = b["t"] - a["t"]
    used = {g: 0 for g in BY_PID + BY_NAME + ("other programs",)}
    pids = {engine_pid: "engine", simulators_pid: "simulators"}
    pids.pop(None, None)
    for pid, (comm, ticks, kernel) in b["procs"].items():
        before = a["procs"].get(pid)
        if before and before[0] != comm:
            continue
        group = pids.get(pid) or (comm if comm in BY_NAME else None)
        if group is None and not kernel:
            group = "other programs"
        if group:  # a process started in between counts whole
            used[group] += ticks - (before[1] if before else 0)
    pct = {g: 100.0 * t / hz / secs for g, t in used.items()}
    d = [y - x for x, y in zip(a["cpu"], b["cpu"])]
    ncpu = os.cpu_count()
    busy = 100.0 * (sum(d) - d[3] - d[4]) / sum(d) * ncpu  # all but idle and iowait
    rest = max(0.0, busy - sum(pct.values()))
    gone = sum(1 for pid, p in a["procs"].items() if pid not in b["procs"] and not p[2])
    shown = {"postgres"} | set(pids.values())
    parts = ["%s %.0f%%" % (g, p) for g, p in pct.items() if p >= 0.5 or g in shown]
    print("%s, kernel and exited processes (%d) %.0f%%; machine busy %.0f%% of %d00%%, iowait %.0f%% (%.0f s)"
          % (", ".join(parts), gone, rest, busy, ncpu, 100.0 * d[4] / sum(d) * ncpu, secs))
    return pct["other programs"], rest


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snap(), f)
    else:
        other, rest = diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])),
                           (sys.argv[4] if len(sys.argv) > 4 else None) or None,
                           (sys.argv[5] if len(sys.argv) > 5 else None) or None)
        with open(sys.argv[3] + ".rest", "w") as f:
            f.write("%.0f %.0f\n" % (other, rest))
