#!/usr/bin/env bash
# Times the provenance tools on synthetic logs: replay and verify on a log of EVENTS events (default 1 million),
# export to each format on a log of JOBS jobs (default 1 million, about 3.5 million events). Builds topchef in
# release first. Needs a few GB of free disk under WORK (default: a new directory under /tmp, removed at the
# end unless KEEP=1). Uses hyperfine when it is installed (apt-get install hyperfine), `time` otherwise.
#
# Exports go under OUT (default WORK); OUT=/dev/shm/... takes the disk out of the figures. hyperfine reports
# user and system CPU time as well as wall time: on a shared machine, CPU time is the steadier figure.
#
#   tools/provenance-bench.sh                 # the README's figures
#   EVENTS=100000 JOBS=100000 tools/provenance-bench.sh
#   OUT=/dev/shm/bench tools/provenance-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
JOBS=${JOBS:-1000000}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d /tmp/topchef-provenance-bench.XXXXXX)}
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK" "$OUT"' EXIT

swift build -c release --product topchef
BIN="$(swift build -c release --show-bin-path)/topchef"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== generating logs in $WORK"
"$BIN" generate-log --data-dir "$WORK/events" --events "$EVENTS"
"$BIN" generate-log --data-dir "$WORK/jobs" --jobs "$JOBS"

measure() { # name, prepare command, command
    if command -v hyperfine >/dev/null; then
        hyperfine --runs "$RUNS" --prepare "$2" --command-name "$1" "$3"
    else
        eval "$2"
        /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB" bash -c "$3"
    fi
}

echo "== replay and verify: $EVENTS events"
measure replay true "$BIN replay --data-dir $WORK/events"
measure verify true "$BIN verify --data-dir $WORK/events"
# Each command also reports its own rate once:
"$BIN" replay --data-dir "$WORK/events" | tail -2
"$BIN" verify --data-dir "$WORK/events"

echo "== export: $JOBS jobs"
for format in jsonl csv sqlite; do
    measure "export $format" "rm -rf $OUT/out.$format" "$BIN export --data-dir $WORK/jobs --format $format --out $OUT/out.$format"
done
for format in jsonl csv sqlite; do
    rm -rf "$OUT/out.$format"
    "$BIN" export --data-dir "$WORK/jobs" --format "$format" --out "$OUT/out.$format"
done
