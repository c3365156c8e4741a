#!/usr/bin/env bash
# Where one request's server CPU goes, by thread group and by phase: records `topchef serve` with
# `perf record -g` for exactly the length of a wrk run on one route, then prints tools/request-profile.py's
# breakdown (µs per request for the event loops, the task pool by handler phase, the writer by activity).
#
#   tools/request-profile.sh [--binary PATH] [--case post|get] [--duration S] [--keep FILE]
#
# Needs perf (linux-perf) and wrk. A release build in .build unless --binary. --keep saves the recording.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="$repo/.build/release/topchef"
case_name=post
duration=6
keep=""
port="${TOPCHEF_LOAD_PORT:-5096}"
frequency=2999
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --case) case_name="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[[ -x "$binary" ]] || { echo "no binary at $binary (swift build -c release --product topchef)" >&2; exit 2; }
[[ "$case_name" == post || "$case_name" == get ]] || { echo "--case is post or get" >&2; exit 2; }

# shellcheck source=serve-helpers.sh
source "$repo/tools/serve-helpers.sh"
make_workspace profile

"$repo/tools/typical-job-bodies.py" "$repo/../shared/bench/typical-job.json" "$work" >/dev/null
base="http://127.0.0.1:$port"
start_topchef "$binary" "$port" "$work/data" "$work/server.log"
server_pid=$served_pid
wait_for_topchef "$base" "$work/server.log"
service="$(register_service "$base" "$work/service.json")"
export TOPCHEF_WRK_DIR="$repo/tools/wrk" TOPCHEF_BODY_FILE="$work/job.json"
if [[ "$case_name" == post ]]; then
    script=submit.lua url="$base/services/$service/jobs"
else
    script=get.lua url="$base/"
fi
recording="${keep:-$work/perf.data}"
# perf records the server for as long as wrk runs, so wrk's request count is the recording's.
perf record -q -F "$frequency" -g -p "$server_pid" -o "$recording" -- \
    wrk -t2 -c64 -d"${duration}s" -s "$repo/tools/wrk/$script" "$url" >"$work/wrk.out" 2>&1
read -r _ rps _ p99 requests _ <<<"$(grep '^RESULT' "$work/wrk.out")"
echo "# $case_name under perf: $rps requests/s, p99 $p99 ms, $requests requests ($binary)"
"$repo/tools/request-profile.py" "$recording" "$requests" --frequency "$frequency"
