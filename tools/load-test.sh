#!/usr/bin/env bash
# Load test of `topchef serve` with wrk, on 127.0.0.1 only, bounded in time.
#
#   tools/load-test.sh [--duration S] [--connections N] [--threads N] [--preload "N ..."] [--no-build]
#                      [--ratio-rounds N] [--repeat N]
#
# Builds the release binary (scratch path .build-http-release), then for each preload size starts a
# server on a fresh temporary data directory, registers a service with the typical job's schema
# (../shared/bench/typical-job.json, or $TOPCHEF_TYPICAL_JOB), submits that many jobs, queues 10,000
# jobs on a second service, and measures side by side:
#   GET /                              the ceiling of the HTTP stack
#   GET /jobs/<id>                     a job read
#   GET /services/<id>/queue           with 10,000 jobs queued
#   POST /services/<id>/jobs           validated and durable (fsync'd group commits)
#   full job cycle                     submit, take (jobs/next), PATCH WORKING, PATCH results + COMPLETED
# and prints one table. Every wrk run is bounded by --duration (default 10 s). With --repeat N the five
# cases run N times in turn on the same server and each row gives the medians (req/s, p50, p99) and every
# run's req/s: the host's speed drifts by a quarter within minutes, so one run of a case says little (each
# round's submissions stay, so later rounds run on more jobs than the row says). With --ratio-rounds N it
# then alternates 3 s runs of GET / and POST N times on the same server and prints
# POST's share of GET / per pair and the median.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
connections=64
threads=2
preloads="10000"
build=1
ratio_rounds=0
repeat=1
port="${TOPCHEF_LOAD_PORT:-5099}"
typical="${TOPCHEF_TYPICAL_JOB:-$repo/../shared/bench/typical-job.json}"
scratch="${TOPCHEF_SCRATCH:-$repo/.build-http-release}"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --preload) preloads="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --ratio-rounds) ratio_rounds="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "--repeat takes a whole number of runs, at least 1" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[[ -f "$typical" ]] || { echo "no typical job at $typical (set TOPCHEF_TYPICAL_JOB)" >&2; exit 2; }

if [[ $build == 1 ]]; then
    (cd "$repo" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product topchef >&2)
fi
binary="$scratch/release/topchef"
[[ -x "$binary" ]] || { echo "no release binary at $binary" >&2; exit 2; }

# shellcheck source=serve-helpers.sh
source "$repo/tools/serve-helpers.sh"
make_workspace load

"$repo/tools/typical-job-bodies.py" "$typical" "$work"

export TOPCHEF_WRK_DIR="$repo/tools/wrk"
export TOPCHEF_BODY_FILE="$work/job.json"
base="http://127.0.0.1:$port"

start_server() {
    start_topchef "$binary" "$port" "$work/data" "$work/server.log"
    server_pid=$served_pid
    wait_for_topchef "$base" "$work/server.log" || exit 1
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

register() {
    register_service "$base" "$work/service.json" || exit 1
}

preload() { # service count
    local per_thread=$(( ($2 + threads - 1) / threads ))
    local markers="$work/preload"
    rm -rf "$markers" && mkdir -p "$markers"
    TOPCHEF_PRELOAD_DIR="$markers" TOPCHEF_PRELOAD_PER_THREAD=$per_thread wrk -t "$threads" -c "$connections" \
        -d 900s -s "$repo/tools/wrk/preload.lua" "$base/services/$1/jobs" >/dev/null &
    local wrk_pid=$!
    while [[ $(find "$markers" -name 'done.*' | wc -l) -lt $threads ]] && kill -0 "$wrk_pid" 2>/dev/null; do
        sleep 0.2
    done
    kill -INT "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid" 2>/dev/null || true
}

# Each case's runs on the current server, one line per run: "<req/s> <p50> <p99> <errors> <cycles/s>".
declare -A case_runs
case_labels=()

run_case() { # label script url
    local label="$1" script="$2" url="$3"
    local output result cycles
    output="$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$repo/tools/wrk/$script" "$url")"
    result="$(grep '^RESULT' <<<"$output" | head -1)"
    cycles="$(grep '^CYCLES' <<<"$output" | awk '{print $2}' || true)"
    read -r _ rps p50 p99 _ errors <<<"$result"
    [[ -v "case_runs[$label]" ]] || case_labels+=("$label")
    case_runs[$label]+="$rps $p50 $p99 $errors ${cycles:--}"$'\n'
}

print_row='
import statistics, sys
jobs, label, lines = sys.argv[1:4]
runs = [line.split() for line in lines.splitlines() if line.strip()]
median = lambda column: statistics.median(float(run[column]) for run in runs)
row = f"| {jobs:<9} | {label:<34} | {median(0):>10.0f} | {median(1):>8.2f} | {median(2):>8.2f} | {sum(int(run[3]) for run in runs):>6} |"
if runs[0][4] != "-":
    row += f" {median(4):.0f} cycles/s"
if len(runs) > 1:
    row += " runs: " + " ".join(run[0] for run in runs)
print(row)
'

print_cases() { # one row per case: the medians of its runs, and each run's req/s when there are several
    local label
    for label in "${case_labels[@]}"; do
        python3 -c "$print_row" "$jobs_label" "$label" "${case_runs[$label]}"
    done
    case_runs=()
    case_labels=()
}

ratio_lines=()
ratio_pairs() { # service
    local ratios=() get post
    for _ in $(seq 1 "$ratio_rounds"); do
        get="$(wrk -t "$threads" -c "$connections" -d 3s --timeout 5s -s "$repo/tools/wrk/get.lua" "$base/" |
            awk '/^RESULT/ {print $2}')"
        post="$(wrk -t "$threads" -c "$connections" -d 3s --timeout 5s -s "$repo/tools/wrk/submit.lua" \
            "$base/services/$1/jobs" | awk '/^RESULT/ {print $2}')"
        ratios+=("$(python3 -c "print(f'{$post / $get:.2f}')")")
    done
    ratio_lines+=("$count jobs: POST / GET / in $ratio_rounds alternating pairs of 3 s runs: ${ratios[*]}; median $(
        python3 -c 'import statistics, sys; print(f"{statistics.median(map(float, sys.argv[1:])):.2f}")' "${ratios[@]}")")
}

echo "# topchef load test: $(nproc) cores, wrk -t$threads -c$connections -d${duration}s, 127.0.0.1:$port"
echo
printf '| %-9s | %-34s | %10s | %8s | %8s | %6s |\n' "jobs" "case" "req/s" "p50 ms" "p99 ms" "errors"
printf '|%s|%s|%s|%s|%s|%s|\n' "-----------" "------------------------------------" "------------" "----------" "----------" "--------"
for count in $preloads; do
    start_server
    service="$(register)"
    queue_service="$(register)"
    preload "$service" "$count"
    preload "$queue_service" 10000
    # Let the preload's writes reach the disk first: otherwise the kernel's writeback of a gigabyte of
    # dirty pages competes with the measured commits, and the figures measure the preload.
    sync
    job="$(curl -sf "$base/services/$service/jobs?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')"
    jobs_label="$count"
    export TOPCHEF_SERVICE="$service"
    for _ in $(seq 1 "$repeat"); do
        run_case "GET /" get.lua "$base/"
        run_case "GET /jobs/<id>" get.lua "$base/jobs/$job"
        run_case "GET /services/<id>/queue (10k)" get.lua "$base/services/$queue_service/queue"
        run_case "POST /services/<id>/jobs" submit.lua "$base/services/$service/jobs"
        run_case "job cycle (4 requests)" cycle.lua "$base/"
    done
    print_cases
    if (( ratio_rounds > 0 )); then ratio_pairs "$service"; fi
    stop_server
done
if (( ${#ratio_lines[@]} > 0 )); then
    echo
    printf '%s\n' "${ratio_lines[@]}"
fi
