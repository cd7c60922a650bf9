#!/usr/bin/env python3
"""CPU of one JVM split by thread kind, from /proc/PID/task (thread names are cut to 15 characters there).

  jvm-threads.py snap FILE PID      saves per-thread CPU ticks
  jvm-threads.py diff FILE1 FILE2   prints the split in % of one core, e.g.
                                    "event loops 80%, workers 45%, JIT 3%, GC 2%, other 1%"

In GovClear the Vert.x event loops run the engine's reactive paths (checkout, callbacks, the HTTP clients of the
adapters and of the simulators' notifiers); the workers (executor-thread) run blocking endpoints, which are mostly the
channel simulators (gateway/API calls and the payer's pay call, including their RSA signing).
"""
import json
import os
import sys
import time

KINDS = (("vert.x-eventloo", "event loops"), ("executor-thread", "workers"), ("C1 CompilerThre", "JIT"),
         ("C2 CompilerThre", "JIT"), ("GC Thread", "GC"), ("G1 ", "GC"), ("VM Thread", "GC"))


def snap(pid):
    threads = {}
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = [comm, int(fields[11]) + int(fields[12])]
    return {"t": time.time(), "threads": threads}


def kind(comm):
    for prefix, name in KINDS:
        if comm.startswith(prefix):
            return name
    return "other"


def diff(a, b):
    hz = os.sysconf("SC_CLK_TCK")
    secs = b["t"] - a["t"]
    used = {}
    for tid, (comm, ticks) in b["threads"].items():
        before = a["threads"].get(tid, [comm, 0])[1]
        used[kind(comm)] = used.get(kind(comm), 0) + ticks - before
    order = ["event loops", "workers", "JIT", "GC", "other"]
    print(", ".join("%s %.0f%%" % (k, 100.0 * used.get(k, 0) / hz / secs) for k in order))


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snap(sys.argv[3]), f)
    else:
        diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])))
