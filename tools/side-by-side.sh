#!/usr/bin/env bash
# A/B of two `topchef` binaries under the same host conditions: both serve at once, each on its own fresh
# data directory, and one wrk each (-t1 -c64) loads them for the same seconds, so that the host's drift
# (±25-35 % within minutes on the 2-core VM) hits both alike. Prints B's throughput over A's per round
# and the median; a ratio above 1 means B serves more in the same CPU.
#
#   tools/side-by-side.sh A_BINARY B_BINARY [--case post|get] [--duration S] [--rounds N]
#
# Use it to decide whether a change helps; use tools/load-test.sh for the figures of one build.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 2 ]] || { sed -n '2,9p' "$0"; exit 2; }
binaries=("$1" "$2")
shift 2
case_name=post
duration=6
rounds=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --case) case_name="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for binary in "${binaries[@]}"; do [[ -x "$binary" ]] || { echo "no executable at $binary" >&2; exit 2; }; done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
case "$case_name" in
    post) script=submit.lua ;;
    get) script=get.lua ;;
    *) echo "--case is post or get" >&2; exit 2 ;;
esac

work="$(mktemp -d /tmp/topchef-side-by-side.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
"$repo/tools/typical-job-bodies.py" "${TOPCHEF_TYPICAL_JOB:-$repo/../shared/bench/typical-job.json}" "$work"
# shellcheck source=serve-helpers.sh
source "$repo/tools/serve-helpers.sh"
export TOPCHEF_WRK_DIR="$repo/tools/wrk" TOPCHEF_BODY_FILE="$work/job.json"

ratios=()
for round in $(seq 1 "$rounds"); do
    pids=()
    urls=()
    for side in 0 1; do
        start_topchef "${binaries[$side]}" $((5180 + side)) "$work/data$side" "$work/server$side.log"
        pids+=("$served_pid")
    done
    for side in 0 1; do
        base="http://127.0.0.1:$((5180 + side))"
        wait_for_topchef "$base" "$work/server$side.log" || exit 1
        service="$(register_service "$base" "$work/service.json")" || exit 1
        if [[ "$case_name" == post ]]; then urls+=("$base/services/$service/jobs"); else urls+=("$base/"); fi
    done
    wrk -t1 -c64 -d"${duration}s" -s "$repo/tools/wrk/$script" "${urls[0]}" >"$work/wrk0.out" 2>&1 &
    first=$!
    wrk -t1 -c64 -d"${duration}s" -s "$repo/tools/wrk/$script" "${urls[1]}" >"$work/wrk1.out" 2>&1 &
    second=$!
    wait "$first" "$second"
    a="$(awk '/^RESULT/ {print $2}' "$work/wrk0.out")"
    b="$(awk '/^RESULT/ {print $2}' "$work/wrk1.out")"
    ratio="$(python3 -c "print(f'{$b / $a:.3f}')")"
    ratios+=("$ratio")
    echo "round $round: A $a req/s, B $b req/s, B/A $ratio"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
done
python3 -c "import statistics, sys; print('median B/A', f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "${ratios[@]}"
