#!/bin/sh
# tsan.sh - the threaded tests under ThreadSanitizer (docs/robustness.md):
# tests/linux/test-stress (many threads of every kind while a child
# churns veth pairs; NIO_STRESS_SECONDS, default 10 here), tests/test-notify
# and tests/test-alloc-notify (the watcher thread over the fake back end),
# built with -Db_sanitize=thread in build-tsan/, with clang when present,
# else gcc.  Any report fails the stage (halt_on_error).  When TSan cannot
# run here (its runtime refuses the memory layout some kernels give with
# high ASLR entropy), it is tried again under `setarch -R` (no ASLR), and
# the stage says why and passes when that fails too.
set -u
cd "$(dirname "$0")/../.."

build=build-tsan
seconds=${NIO_STRESS_SECONDS:-10}

skip() {
    echo "tsan: SKIPPED: $*"
    exit 0
}

if command -v clang >/dev/null 2>&1; then
    cc=clang
elif command -v gcc >/dev/null 2>&1; then
    cc=gcc
else
    skip "no clang and no gcc"
fi

# Can a threaded program run under TSan here, and how?
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n' \
    > "$tmp/probe.c"
"$cc" -fsanitize=thread -g "$tmp/probe.c" -o "$tmp/probe" -lpthread 2>"$tmp/cc.log" ||
    skip "$cc cannot build with -fsanitize=thread: $(head -n 1 "$tmp/cc.log")"
wrap=""
if ! "$tmp/probe" >"$tmp/run.log" 2>&1; then
    if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R "$tmp/probe" >/dev/null 2>&1; then
        wrap="setarch $(uname -m) -R"
        echo "tsan: the runtime needs ASLR off here: running under '$wrap'"
    else
        skip "a TSan program does not run here ($(head -n 1 "$tmp/run.log")), not even under setarch -R"
    fi
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=$cc meson setup "$build" -Dbench=false -Db_sanitize=thread -Db_lundef=false >/dev/null ||
        { echo "tsan: meson setup failed"; exit 1; }
fi
targets="tests/test-notify tests/test-alloc-notify tests/linux/test-stress tests/linux/test-kernel-route-mirror"
ninja -C "$build" $targets >/dev/null || ninja -C "$build" $targets || exit 1

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66 ${TSAN_OPTIONS:-}"
failed=0
for t in $targets; do
    name=$(basename "$t")
    start=$(date +%s)
    if NIO_STRESS_SECONDS=$seconds $wrap "$build/$t" > "$tmp/$name.log" 2>&1; then
        echo "tsan: $name: ok ($(($(date +%s) - start)) s)"
        grep -E '^stress:|skipped' "$tmp/$name.log" | sed 's/^/tsan:   /'
    else
        echo "tsan: $name: FAILED"
        sed 's/^/tsan: | /' "$tmp/$name.log" | tail -n 80
        failed=1
    fi
done
[ "$failed" = 0 ] && echo "tsan: ok"
exit "$failed"
