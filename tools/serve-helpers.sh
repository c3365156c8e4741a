# Shared by the load scripts (load-test.sh, request-cost.sh, request-profile.sh, side-by-side.sh); source it,
# do not run it.

# Starts `BINARY serve` on 127.0.0.1:PORT over a fresh DATA_DIR, logging to LOG; sets `served_pid`.
# Extra arguments go to `serve`.
#   start_topchef BINARY PORT DATA_DIR LOG [serve options...]
start_topchef() {
    local binary="$1" port="$2" data="$3" log="$4"
    shift 4
    rm -rf "$data"
    "$binary" serve --host 127.0.0.1 --port "$port" --data-dir "$data" --log-level warning "$@" >"$log" 2>&1 &
    served_pid=$!
}

# Waits up to 10 s for the server at BASE to answer `GET /`; on failure prints LOG and returns 1.
#   wait_for_topchef BASE LOG
wait_for_topchef() {
    local base="$1" log="$2"
    for _ in $(seq 1 200); do
        curl -sf -o /dev/null "$base/" && return 0
        sleep 0.05
    done
    echo "the server at $base did not start:" >&2
    cat "$log" >&2
    return 1
}

# Registers the service described by the JSON file SERVICE_JSON at BASE and prints its id (from Location).
#   register_service BASE SERVICE_JSON
register_service() {
    local base="$1" service_json="$2" id
    id="$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' --data-binary "@$service_json" \
        "$base/services" | tr -d '\r' | awk -F/ 'tolower($0) ~ /^location:/ {print $NF}')"
    [[ -n "$id" ]] || { echo "the server at $base did not register the service" >&2; return 1; }
    echo "$id"
}

# Creates the scratch directory `$work` (/tmp/topchef-LABEL.XXXXXX) and, however the script exits, stops the
# server whose pid is in `$server_pid` (if any) and removes the directory. Sets both variables.
#   make_workspace LABEL
make_workspace() {
    work="$(mktemp -d "/tmp/topchef-$1.XXXXXX")"
    server_pid=""
    trap remove_workspace EXIT
}

# What make_workspace's exit trap runs.
remove_workspace() {
    if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
