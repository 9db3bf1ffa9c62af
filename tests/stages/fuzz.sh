#!/bin/sh
# fuzz.sh - a short libFuzzer run of every harness of tests/fuzz/
# (docs/robustness.md).  Builds them with clang, -fsanitize=fuzzer plus
# AddressSanitizer and UndefinedBehaviorSanitizer (any UB aborts), in
# build-fuzz/, and runs each for NIO_FUZZ_SECONDS (default 10), as many at
# once as there are CPUs, starting from the recorded corpus, the generated
# seeds and the regressions.  What a run learns goes to a scratch
# directory, never into the tree.  A crash, leak, timeout or broken
# invariant fails the stage; its input is kept in build-fuzz/artifacts/
# with the command that replays it.  Without clang or libFuzzer the stage
# says why and passes.
#
# Longer runs, one harness:  NIO_FUZZ_SECONDS=3600 NIO_FUZZ_ONLY=route sh tests/stages/fuzz.sh
set -u
cd "$(dirname "$0")/../.."

seconds=${NIO_FUZZ_SECONDS:-10}
only=${NIO_FUZZ_ONLY:-}
build=build-fuzz

skip() {
    echo "fuzz: SKIPPED: $*"
    exit 0
}

command -v clang >/dev/null 2>&1 || skip "no clang (libFuzzer needs it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    > "$tmp/probe.c"
clang -fsanitize=fuzzer,address,undefined "$tmp/probe.c" -o "$tmp/probe" 2>/dev/null ||
    skip "clang cannot link -fsanitize=fuzzer,address,undefined (no libFuzzer runtime)"

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dbench=false -Db_sanitize=address,undefined -Db_lundef=false \
        >/dev/null || { echo "fuzz: meson setup failed"; exit 1; }
fi

# The harnesses meson defines for this OS (tests/fuzz/meson.build), once
# the build has caught up with the tree.
ninja -C "$build" build.ninja >/dev/null || exit 1
names=""
for name in $(ninja -C "$build" -t targets all |
              sed -n 's|^tests/fuzz/fuzz-\([a-z0-9-]*\): .*|\1|p' | grep -v -- '-replay$' | sort -u); do
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    names="$names $name"
done
[ -n "$names" ] || { echo "fuzz: no harness${only:+ named $only}"; exit 1; }
targets=""
for name in $names; do
    targets="$targets tests/fuzz/fuzz-$name"
done
ninja -C "$build" $targets >/dev/null || ninja -C "$build" $targets || exit 1

# One harness: a scratch corpus it may write into, the tree's directories
# read only, artifacts kept; prints one summary line.
run() {
    name=$1
    work=$tmp/corpus-$name
    art=$build/artifacts/$name
    mkdir -p "$work" "$art"
    dirs=""
    for d in "tests/fuzz/seeds/$name" "tests/fuzz/regressions/$name"; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    case $name in
    link|ifrow|neightbl|event|route) dirs="$dirs tests/linux/corpus" ;;
    esac
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/tests/fuzz/fuzz-$name" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$art/" "$work" $dirs > "$tmp/log-$name" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log-$name")
    cov=$(grep -o 'cov: [0-9]*' "$tmp/log-$name" | tail -n 1)
    if [ "$rc" = 0 ]; then
        echo "fuzz: $name: ok, ${execs:-?} inputs in ${seconds}s, $cov, corpus $(ls "$work" | wc -l)"
        rmdir "$art" 2>/dev/null
    else
        echo "fuzz: $name: FAILED (exit $rc); the input is in $art/, replay it with"
        echo "fuzz:   $build/tests/fuzz/fuzz-$name $art/<file>"
        echo "fuzz:   and keep it as tests/fuzz/regressions/$name/<what-it-found> with the fix"
        tail -n 40 "$tmp/log-$name" | sed 's/^/fuzz: | /'
        echo "$name" >> "$tmp/failed"
    fi
}

jobs=$(nproc 2>/dev/null || echo 2)
running=0
for name in $names; do
    run "$name" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

if [ -f "$tmp/failed" ]; then
    echo "fuzz: failed:$(tr '\n' ' ' < "$tmp/failed" | sed 's/^/ /')"
    exit 1
fi
echo "fuzz: ok"
