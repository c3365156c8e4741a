#!/usr/bin/env python3
"""What a durable flush costs on this disk right now, as LMDB does it per commit.

Durable-write figures on a VM depend more on the host's disk than on our code, and drift by a factor of
two within an hour. Run this next to any benchmark of the event store and report both.

  python3 tools/flush-latency.py [DIRECTORY]   (default: the system's temporary directory)

Prints the mean time of: a 16 KiB write plus fdatasync (growing the file / overwriting written blocks),
and the pair LMDB does per commit (data pages + fdatasync, then the meta page + fdatasync).
"""
import os
import sys
import tempfile
import time

directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
page = b"x" * (16 << 10)
rounds = 1000


def measure(name, prezero, pair):
    path = os.path.join(directory, f"flush-latency-{os.getpid()}.dat")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if prezero:
            os.write(fd, b"\0" * (len(page) * rounds + 4096))
        os.fsync(fd)
        start = time.perf_counter()
        for index in range(rounds):
            os.pwrite(fd, page, 4096 + index * len(page))
            os.fdatasync(fd)
            if pair:
                os.pwrite(fd, page[:4096], 0)
                os.fdatasync(fd)
        elapsed = (time.perf_counter() - start) / rounds
        print(f"{name:<44} {elapsed * 1e6:7.0f} µs")
    finally:
        os.close(fd)
        os.remove(path)


measure("write + fdatasync, growing the file", False, False)
measure("write + fdatasync, over written blocks", True, False)
measure("LMDB commit pair, growing the file", False, True)
measure("LMDB commit pair, over written blocks", True, True)
