#!/bin/sh
# run-all.sh - every test of the project, in stages; called by `./dev.sh test`.
# Each stage is a meson build of its own; the last line counts the stages.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=""

stage() {
    name=$1
    shift
    echo "=== stage: $name"
    start=$(date +%s)
    if "$@"; then
        passed=$((passed + 1))
        result=ok
    else
        failed=$((failed + 1))
        failures="$failures $name"
        result=FAILED
    fi
    # The time each stage takes, so the suite's budget (README.md) can be kept.
    echo "=== stage $name: $result ($(($(date +%s) - start)) s)"
}

setup() {
    dir=$1
    shift
    [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null || return 1
    ninja -C "$dir" >/dev/null || ninja -C "$dir"
}

# Plain build: every suite (unit, header, kernel, tools).  Four at a time on
# two cores: the kernel programs spend much of their time waiting on the
# kernel (namespaces, netlink round trips), so two more keep the CPUs busy.
plain() {
    setup build-test -Dbench=false && meson test -C build-test --print-errorlogs --num-processes 4
}

# The same unit and kernel tests under valgrind: leaks and bad reads fail.
under_valgrind() {
    command -v valgrind >/dev/null || { echo "valgrind absent: skipped"; return 0; }
    meson test -C build-test --suite unit --suite kernel --print-errorlogs \
        --wrap='valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite -q' \
        --timeout-multiplier=10
}

# AddressSanitizer and UndefinedBehaviorSanitizer builds of the same tests.
sanitized() {
    setup build-asan -Dbench=false -Db_sanitize=address,undefined -Db_lundef=false &&
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-asan --suite unit --suite kernel --suite tools --print-errorlogs \
        --num-processes 4
}

stage plain plain
stage valgrind under_valgrind
stage sanitizers sanitized
for extra in tests/stages/*.sh; do
    [ -f "$extra" ] || continue
    stage "$(basename "$extra" .sh)" sh "$extra"
done

echo "stages:$failures failed" | sed 's/:  *failed/: none failed/'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
