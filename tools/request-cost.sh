#!/usr/bin/env bash
# What one request costs the server, in CPU time, for GET / and for a durable job submission.
#
#   tools/request-cost.sh [--binary PATH] [--duration S] [--rounds N] [-- extra serve options]
#
# Starts `topchef serve` (release build in .build unless --binary) on 127.0.0.1 with a fresh data
# directory, registers a service with ../shared/bench/typical-job.json's schema, and for each case runs
# wrk (-t2 -c64, bounded by --duration, default 8 s). From the middle of each run it reads the server's
# CPU time per thread (/proc/PID/task/*/stat) and its context switches, and prints per request: the
# server's CPU in µs, split into the event loops (NIO-*), the task pool, and the log's writer thread;
# and context switches; and the machine's idle and stolen CPU (%) meanwhile. Throughput figures on a shared 2-core machine drift by ±25 % between runs; CPU
# per request moves less, and it says where a request's cost goes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="$repo/.build/release/topchef"
duration=8
rounds=1
port="${TOPCHEF_LOAD_PORT:-5098}"
typical="${TOPCHEF_TYPICAL_JOB:-$repo/../shared/bench/typical-job.json}"
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[[ -x "$binary" ]] || { echo "no binary at $binary (swift build -c release --product topchef)" >&2; exit 2; }
(( duration >= 6 )) || { echo "--duration must be at least 6 s (the sample is the middle 4 s)" >&2; exit 2; }

# shellcheck source=serve-helpers.sh
source "$repo/tools/serve-helpers.sh"
make_workspace cost

"$repo/tools/typical-job-bodies.py" "$typical" "$work"

# Per-thread CPU ticks and the sum of context switches, one snapshot.
snapshot() {
    local pid=$1
    for task in /proc/"$pid"/task/*; do
        local name ticks
        name="$(cat "$task/comm")"
        # Fields 14 and 15 (utime, stime) counted after the ")" that ends the command name.
        ticks="$(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')"
        printf '%s\t%s\n' "$name" "$ticks"
    done
    cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ {s += $2} END {printf "switches\t%d\n", s}'
    # The whole machine: idle and stolen (by the hypervisor) ticks, to tell a busy host from a slow server.
    head -1 /proc/stat | awk '{printf "idle\t%d\nsteal\t%d\nall\t%d\n", $5 + $6, $9, $2+$3+$4+$5+$6+$7+$8+$9}'
}

base="http://127.0.0.1:$port"
export TOPCHEF_WRK_DIR="$repo/tools/wrk" TOPCHEF_BODY_FILE="$work/job.json"
hz="$(getconf CLK_TCK)"
echo "# topchef request cost: $(nproc) cores, wrk -t2 -c64 -d${duration}s, $binary"
printf '| %-6s | %8s | %7s | %9s | %7s | %7s | %7s | %9s | %5s | %5s |\n' case "req/s" "p99 ms" "µs/req" loops pool writer \
    "switches" "idle%" "steal%"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' -------- ---------- --------- ----------- --------- --------- --------- \
    ----------- ------- -------
for _ in $(seq 1 "$rounds"); do
    start_topchef "$binary" "$port" "$work/data" "$work/server.log" "${extra[@]}"
    server_pid=$served_pid
    wait_for_topchef "$base" "$work/server.log" || exit 1
    service="$(register_service "$base" "$work/service.json")" || exit 1
    for case in "GET get.lua $base/" "POST submit.lua $base/services/$service/jobs"; do
        read -r label script url <<<"$case"
        wrk -t2 -c64 -d"${duration}s" -s "$repo/tools/wrk/$script" "$url" >"$work/wrk.out" 2>&1 &
        wrk_pid=$!
        sleep 2
        snapshot "$server_pid" >"$work/before"
        start="$(date +%s.%N)"
        sleep 4
        snapshot "$server_pid" >"$work/after"
        end="$(date +%s.%N)"
        wait "$wrk_pid"
        read -r _ rps _ p99 _ _ <<<"$(grep '^RESULT' "$work/wrk.out")"
        python3 - "$work/before" "$work/after" "$start" "$end" "$rps" "$hz" "$label" "$p99" <<'PY'
import sys
def load(path):
    groups = {"loops": 0, "pool": 0, "writer": 0, "switches": 0, "idle": 0, "steal": 0, "all": 0}
    for line in open(path):
        name, value = line.rstrip("\n").split("\t")
        value = int(value)
        if name in ("switches", "idle", "steal", "all"): groups[name] += value
        elif name.startswith("NIO-"): groups["loops"] += value
        elif name.startswith("topchef-writer"): groups["writer"] += value
        else: groups["pool"] += value
    return groups
before, after = load(sys.argv[1]), load(sys.argv[2])
seconds = float(sys.argv[4]) - float(sys.argv[3])
rps, hz, label, p99 = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7], sys.argv[8]
per = lambda key: (after[key] - before[key]) / hz / seconds / rps * 1e6
total = per("loops") + per("pool") + per("writer")
switches = (after["switches"] - before["switches"]) / seconds / rps
machine = after["all"] - before["all"]
idle = (after["idle"] - before["idle"]) / machine * 100
steal = (after["steal"] - before["steal"]) / machine * 100
print(f"| {label:<6} | {rps:8.0f} | {p99:>7} | {total:9.1f} | {per('loops'):7.1f} | {per('pool'):7.1f} | "
      f"{per('writer'):7.1f} | {switches:9.2f} | {idle:5.1f} | {steal:5.1f} |")
PY
    done
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
