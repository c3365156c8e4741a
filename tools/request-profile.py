#!/usr/bin/env python3
"""Where a request's server CPU goes, by thread group and by phase, from a `perf record -g` of `topchef serve`.

    tools/request-profile.py PERF_DATA REQUESTS [--frequency HZ]

PERF_DATA is a recording of the server (`perf record -F HZ -g -p PID`) while wrk loaded one route, and
REQUESTS the number of requests served while it recorded; `tools/request-profile.sh` makes both.

Prints µs of CPU per request for NIO's event loops, the Swift task pool and the log's writer thread; then
the pool's samples by the handler's phase (parse, validate, broker, ...), and the writer's by what it was
doing (flushes, page writes, stamping, projections, ...). A pool sample goes to the innermost frame that
names a phase, so a phase includes what it calls (malloc, retain and release inside the parser count as
parsing). perf slows the server by a fifth or so: compare phases with each other, and take the totals per
thread group from `tools/request-cost.sh`, which needs no perf.
"""
import argparse
import collections
import re
import subprocess
import sys

# Handler phases on the task pool, matched against each frame from the innermost outwards.
POOL_RULES = [
    (r"collectBody", "body collect"),
    (r"JSONParser|10JSONSchema6Reader", "parse"),
    (r"isValid|Evaluator|CompiledSchema", "validate"),
    (r"FieldReader|compactText|RequestObject", "fields and compact text"),
    (r"Decider", "decide"),
    (r"DomainEventCodec", "encode event"),
    (r"PreparedAppend|EventRecordBody|streamIndexKey|streamField", "prepare append"),
    (r"GroupCommitWriter.*submit|10EventStore09LMDBEventB0C6append", "queue the append"),
    (r"JSONOutput|jobDetail", "JSON answer"),
    (r"Response.*json|HTTPFields", "response headers and body"),
    (r"Projection.*read|ProjectionState", "projection read"),
    (r"submitJob|decideAndAppend|Broker", "broker, other"),
    (r"JobsForServiceController", "handler, other"),
    (r"HotRouteResponder|ErrorMiddleware|MethodOverride", "responders"),
    (r"NIOAsyncWriter|NIOAsyncChannelOutboundWriter|ResponseWriter|writeResponse", "response write"),
    (r"HTTPChannelHandler|handleHTTP|ApplicationProtocol", "connection loop"),
    (r"swift_job_run|_dispatch_worker_thread|swift::runJob", "runtime and scheduling"),
]

# What the writer thread was doing.
WRITER_RULES = [
    (r"fdatasync", "fdatasync (data pages' writeback and flush)"),
    (r"vfs_fsync_range|generic_write_sync|file_write_and_wait", "meta page's synchronous write"),
    (r"pwrite", "pwrite (LMDB's page writes into the page cache)"),
    (r"writev", "writev"),
    (r"ProjectionC5apply|ProjectionState", "projection apply"),
    (r"sha256|SHA256", "SHA-256"),
    (r"mdb_", "LMDB"),
    (r"futex", "futex"),
    (r"malloc|_int_free|cfree", "malloc and free"),
    (r"EventRecordCodec|LMDBEventB0C6record", "stamping records"),
]


def group_of(name):
    if name.startswith("NIO-"):
        return "event loops"
    if name.startswith("topchef-writer"):
        return "writer"
    return "task pool"


def phase(frames):
    """The handler phase of a pool sample: the innermost frame that names one."""
    for frame in frames:
        for pattern, label in POOL_RULES:
            if re.search(pattern, frame):
                return label
    return "other"


def activity(frames):
    """The writer's activity in a sample: the first rule, in order, that any frame matches (a flush's stack
    also holds the kernel's writeback functions that the meta page's synchronous write shares)."""
    for pattern, label in WRITER_RULES:
        if any(re.search(pattern, frame) for frame in frames):
            return label
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("perf_data")
    parser.add_argument("requests", type=float, help="requests served while perf recorded")
    parser.add_argument("--frequency", type=float, default=2999, help="perf record -F (default 2999)")
    args = parser.parse_args()
    per_request = 1e6 / args.frequency / args.requests

    groups = collections.Counter()
    pool = collections.Counter()
    writer = collections.Counter()
    script = subprocess.run(
        ["perf", "script", "-i", args.perf_data, "-F", "comm,tid,ip,sym"], capture_output=True, text=True, check=True
    ).stdout
    for block in script.split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        group = group_of(lines[0].rsplit(None, 1)[0])
        frames = [parts[1] if len(parts) > 1 else "" for parts in (line.split(None, 1) for line in lines[1:])]
        groups[group] += 1
        if group == "task pool":
            pool[phase(frames)] += 1
        elif group == "writer":
            writer[activity(frames)] += 1

    print("µs of CPU per request, by thread group:")
    for group, count in groups.most_common():
        print(f"  {count * per_request:7.2f}  {group}")
    for title, counter in (("task pool, by phase", pool), ("writer thread, by activity", writer)):
        if not counter:
            continue
        print(f"{title}:")
        for label, count in counter.most_common():
            print(f"  {count * per_request:7.2f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
