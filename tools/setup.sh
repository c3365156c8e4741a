#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test TopChef: the LMDB and SQLite C libraries and
# jemalloc (the server's allocator). Safe to run again: it does nothing when all three are present.
set -euo pipefail
packages=()
pkg-config --exists lmdb 2>/dev/null || packages+=(liblmdb-dev)
pkg-config --exists sqlite3 2>/dev/null || packages+=(libsqlite3-dev)
pkg-config --exists jemalloc 2>/dev/null || packages+=(libjemalloc-dev)
if [ ${#packages[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${packages[@]}" pkg-config
fi
