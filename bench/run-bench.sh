#!/usr/bin/env bash
# run-bench.sh [BUILDDIR] - build (if needed) and run the benchmarks, then
# print a summary block and one table of every target.  BUILDDIR defaults
# to build-bench, set up as a release build when it does not exist.
# bench-rows, then each of these, which NIO_BENCH_<NAME>=0 leaves out:
# bench-ifrow (IFROW: MIB_IF_ROW2 and GetBestRoute2 at 5001 interfaces),
# bench-notify (NOTIFY: interface notifications, latency and at rest),
# bench-route (ROUTE: the route rows at 100,000 routes), bench-route-notify
# (ROUTE_NOTIFY), bench-addr (ADDR: the address rows at 20,000 addresses),
# bench-addr-notify (ADDR_NOTIFY), bench-neigh (NEIGH: 50,000 neighbours
# and ResolveIpNetEntry2).  Every bench prints its verdicts also as
# "@row" lines; the table at the end is those rows, as markdown, with the
# machine it ran on (bench/README.md, "The one table"), and is saved to
# BUILDDIR/bench/table.md.  Needs root (each bench makes a network
# namespace of its own); exits 77 (skipped) otherwise.  Figures never fail
# the run: bench/README.md says what each one means.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build-bench}

if [ "$(id -u)" != 0 ]; then
    echo "skipped: bench-rows needs root (it unshares a network namespace and adds 5000 interfaces to it)"
    exit 77
fi

# --------------------------------------------------------------- build
# want_bench NAME: unless NIO_BENCH_<NAME> (dashes as underscores) is 0.
want_bench() {
    local var="NIO_BENCH_$(echo "$1" | tr 'a-z-' 'A-Z_')"
    [ "${!var:-1}" != 0 ]
}

if [ "${NIO_BENCH_NO_BUILD:-0}" != 1 ]; then
    if [ ! -f "$build/build.ninja" ]; then
        meson setup "$build" "$src" -Dbuildtype=release -Dbench=true || exit 1
    fi
    ninja -C "$build" bench/bench-rows || {
        echo "run-bench.sh: cannot build bench/bench-rows in $build (configured with -Dbench=false?)" >&2
        exit 1
    }
    for name in ifrow notify route route-notify addr addr-notify neigh; do
        want_bench "$name" || continue
        ninja -C "$build" "bench/bench-$name" || {
            echo "run-bench.sh: cannot build bench/bench-$name in $build" >&2
            exit 1
        }
    done
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
sed -n '/^-- targets/,$p' "$log" | grep -v '^@row'

# run_bench NAME: runs bench-NAME into its log and prints its targets.
run_bench() {
    local prog="$build/bench/bench-$1" log="$build/bench/$1.log" t=$SECONDS
    want_bench "$1" && [ -x "$prog" ] || return 0
    "$prog" >"$log" 2>&1
    echo
    echo "bench-$1: $((SECONDS - t)) s; full log: $log"
    if grep -q '^-- targets' "$log"; then
        sed -n '/^-- targets/,$p' "$log" | grep -v '^@row'
    else
        grep '^ *target' "$log"
    fi
}

for name in ifrow notify route route-notify addr addr-notify neigh; do
    run_bench "$name"
done

# The one table: every bench's @row lines, in the order they ran.
table="$build/bench/table.md"
{
    echo "Run $(date -u +%Y-%m-%d), $(uname -srm), $(nproc) CPUs," \
         "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
         "load average at the end $(cut -d" " -f1 /proc/loadavg); release build $build" \
         "(git $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown))."
    echo
    echo "| bench | figure | value (median) | against | ratio | target | verdict |"
    echo "|---|---|---|---|---|---|---|"
    for name in rows ifrow notify route route-notify addr addr-notify neigh; do
        f="$build/bench/$name.log"
        [ -f "$f" ] || continue
        awk -F'\t' -v b="$name" '$1 == "@row" {
            printf "| %s | %s | %s | %s | %s | %s | %s |\n", b, $2, $3, $4, $5, $6, $7 }' "$f"
    done
} >"$table"
echo
echo "================================ one table ================================"
cat "$table"
exit 0
