#!/usr/bin/env bash
# run-bench.sh [BUILDDIR] - build (if needed) and run the benchmarks, then
# print a summary block.  BUILDDIR defaults to build-bench, set up as a
# release build when it does not exist.  bench-rows, then bench-route (the
# route rows at 100,000 routes; NIO_BENCH_ROUTE=0 leaves it out), then
# bench-addr (the address rows at 20,000 addresses; NIO_BENCH_ADDR=0 leaves
# it out), then bench-neigh (the neighbour rows at 50,000 neighbours and
# ResolveIpNetEntry2; NIO_BENCH_NEIGH=0 leaves it out).  Needs root (bench-rows makes a
# network namespace of its own); exits 77 (skipped) otherwise.  Figures
# never fail the run: bench/README.md says what each one means.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build-bench}

if [ "$(id -u)" != 0 ]; then
    echo "skipped: bench-rows needs root (it unshares a network namespace and adds 5000 interfaces to it)"
    exit 77
fi

# --------------------------------------------------------------- build
if [ "${NIO_BENCH_NO_BUILD:-0}" != 1 ]; then
    if [ ! -f "$build/build.ninja" ]; then
        meson setup "$build" "$src" -Dbuildtype=release -Dbench=true || exit 1
    fi
    ninja -C "$build" bench/bench-rows || {
        echo "run-bench.sh: cannot build bench/bench-rows in $build (configured with -Dbench=false?)" >&2
        exit 1
    }
    if [ "${NIO_BENCH_ROUTE:-1}" != 0 ]; then
        ninja -C "$build" bench/bench-route || {
            echo "run-bench.sh: cannot build bench/bench-route in $build" >&2
            exit 1
        }
    fi
    if [ "${NIO_BENCH_ADDR:-1}" != 0 ]; then
        ninja -C "$build" bench/bench-addr || {
            echo "run-bench.sh: cannot build bench/bench-addr in $build" >&2
            exit 1
        }
    fi
    if [ "${NIO_BENCH_NEIGH:-1}" != 0 ]; then
        ninja -C "$build" bench/bench-neigh || {
            echo "run-bench.sh: cannot build bench/bench-neigh in $build" >&2
            exit 1
        }
    fi
fi
build=$(cd "$build" && pwd)
rows="$build/bench/bench-rows"
if [ ! -x "$rows" ]; then
    echo "run-bench.sh: $rows is missing (configure with -Dbench=true on Linux)" >&2
    exit 1
fi

# The Go peer: built outside the timed run, since `go run` would time the
# compiler.  No modules are fetched (it imports the standard library only).
go_args=(--go-skip "go not found")
if command -v go >/dev/null 2>&1; then
    if [ -z "${GOCACHE:-}" ] && [ -z "${HOME:-}" ]; then
        export GOCACHE="$build/bench/go-cache"
    fi
    if (cd "$here/go" && GOPROXY=off GOTOOLCHAIN=local GOFLAGS='' \
            go build -o "$build/bench/gobench" .); then
        go_args=(--go "$build/bench/gobench")
    else
        go_args=(--go-skip "go build failed")
    fi
fi

# psutil: the first interpreter that imports it.
py_args=(--psutil-skip "no python3 imports psutil")
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import psutil' 2>/dev/null; then
        py_args=(--python "$(command -v "$py")" --psutil-script "$here/psutil-bench.py")
        break
    fi
done

# ----------------------------------------------------------------- run
log="$build/bench/rows.log"
start=$SECONDS
"$rows" "${go_args[@]}" "${py_args[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
elapsed=$((SECONDS - start))

echo
echo "================================ summary ================================"
echo "machine:  $(uname -srm), $(nproc) CPUs, load average now $(cut -d" " -f1 /proc/loadavg); build: $build"
echo "run time: ${elapsed} s; full log: $log"
if [ "$rc" = 77 ]; then
    echo "bench-rows skipped itself (see above)"
    exit 77
fi
sed -n '/^-- targets/,$p' "$log"

# bench-route: its own namespace, 100,000 routes; one table of its own.
route="$build/bench/bench-route"
if [ "${NIO_BENCH_ROUTE:-1}" != 0 ] && [ -x "$route" ]; then
    route_log="$build/bench/route.log"
    start=$SECONDS
    "$route" >"$route_log" 2>&1
    echo
    echo "bench-route: $((SECONDS - start)) s; full log: $route_log"
    sed -n '/^-- targets/,$p' "$route_log"
fi

# bench-addr: its own namespace, 20,000 addresses; one table of its own.
addr="$build/bench/bench-addr"
if [ "${NIO_BENCH_ADDR:-1}" != 0 ] && [ -x "$addr" ]; then
    addr_log="$build/bench/addr.log"
    start=$SECONDS
    "$addr" >"$addr_log" 2>&1
    echo
    echo "bench-addr: $((SECONDS - start)) s; full log: $addr_log"
    sed -n '/^-- targets/,$p' "$addr_log"
fi

# bench-neigh: its own namespaces, 50,000 neighbours; one table of its own.
neigh="$build/bench/bench-neigh"
if [ "${NIO_BENCH_NEIGH:-1}" != 0 ] && [ -x "$neigh" ]; then
    neigh_log="$build/bench/neigh.log"
    start=$SECONDS
    "$neigh" >"$neigh_log" 2>&1
    echo
    echo "bench-neigh: $((SECONDS - start)) s; full log: $neigh_log"
    sed -n '/^-- targets/,$p' "$neigh_log"
fi
# Benchmarks report, they do not fail: a MISS is a finding, not an error.
exit 0
