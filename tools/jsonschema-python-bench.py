#!/usr/bin/env python3
"""Validations per second of Python's jsonschema (Draft4Validator.is_valid) on the typical job.

The Swift figure comes from the JSONSchemaBenchmarks benchmark on the same schema and instance
(shared/bench/typical-job.json), so the README can give the ratio on one machine.

Usage: tools/jsonschema-python-bench.py [path/to/typical-job.json] [--seconds N]
"""
import argparse
import json
import os
import time

import jsonschema


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    default_case = os.path.join(here, "..", "..", "shared", "bench", "typical-job.json")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", default=default_case)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure (default 5)")
    args = parser.parse_args()

    with open(args.case) as handle:
        case = json.load(handle)
    validator = jsonschema.Draft4Validator(case["schema"])
    instance = case["instance"]
    assert validator.is_valid(instance), "the typical instance must be valid"

    for _ in range(1000):  # warm up
        validator.is_valid(instance)
    count = 0
    start = time.perf_counter()
    deadline = start + args.seconds
    while time.perf_counter() < deadline:
        for _ in range(1000):
            validator.is_valid(instance)
        count += 1000
    elapsed = time.perf_counter() - start

    start = time.perf_counter()
    compiles = 0
    while time.perf_counter() - start < 1.0:
        jsonschema.Draft4Validator(case["schema"]).is_valid(instance)
        compiles += 1
    compile_elapsed = time.perf_counter() - start

    version = getattr(jsonschema, "__version__", "?")
    print(f"python jsonschema {version}: Draft4Validator.is_valid {count / elapsed:,.0f} validations/s")
    print(f"python jsonschema {version}: construct + first is_valid {compile_elapsed / compiles * 1e6:,.1f} µs")


if __name__ == "__main__":
    main()
