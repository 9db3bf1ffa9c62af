# test-lib.sh - shared by tests/nioctl/test-nioctl*.sh; sourced with `. lib` after
# NIOCTL is set.  It fails once if nioctl cannot start, skips (77) without
# ip, unshare -n or python3, re-runs the calling script inside `unshare -n -m`
# with a tmpfs on /run, so the host's interfaces and records are never
# touched, and then provides $tmp and
# the check helpers below.  A script ends with `finish`.

PATH=$PATH:/usr/sbin:/sbin
export PATH

if [ ! -x "$NIOCTL" ]; then
    echo "FAIL: $NIOCTL is not an executable"
    exit 1
fi
# A program that cannot start (a missing library) fails once, not per check.
if ! "$NIOCTL" --version >/dev/null 2>&1; then
    echo "FAIL: $NIOCTL --version does not run:"
    "$NIOCTL" --version
    exit 1
fi
if [ -z "${NIOCTL_TEST_IN_NS:-}" ]; then
    if ! command -v ip >/dev/null 2>&1; then
        echo "SKIP: iproute2's ip is needed"
        exit 77
    fi
    if ! unshare -n true 2>/dev/null; then
        echo "SKIP: cannot create a network namespace (unshare -n); run as root"
        exit 77
    fi
    if ! command -v python3 >/dev/null 2>&1; then
        echo "SKIP: python3 is needed to parse the JSON"
        exit 77
    fi
    # A mount namespace with its own /run too: the system-wide record of
    # the interface settings (docs/set.md) lives there, and a test's Sets
    # must not leave records on the host.
    NIOCTL_TEST_IN_NS=1 exec unshare -n -m sh -c \
        'mount -t tmpfs nioctl-test-run /run && exec sh "$0" "$@"' "$0" "$@"
fi

set -u
failures=0
checks=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run WANT_RC ARGS...: runs nioctl, output in $tmp/out and $tmp/err.
run() {
    want=$1
    shift
    checks=$((checks + 1))
    "$NIOCTL" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "nioctl $*: exit $rc, want $want"
        sed 's/^/    stderr: /' "$tmp/err" >&2
    fi
}

# usage_is MESSAGE: the last command's stderr is that usage error and its
# usage line (the row commands' shared parsing, nioctl_row_plain_word).
usage_is() {
    checks=$((checks + 1))
    [ "$(sed -n 1p "$tmp/err")" = "$1" ] || fail "usage error: got '$(sed -n 1p "$tmp/err")', want '$1'"
    sed -n 2p "$tmp/err" | grep -q '^usage: nioctl ' || fail "no usage line after '$1'"
}

# expect_eq WHAT GOT WANT
expect_eq() {
    checks=$((checks + 1))
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# field NAME: a "Field: value" line of the last text output.
field() {
    sed -n "s/^$1: //p" "$tmp/out"
}

# json EXPR: evaluates a Python expression over the last output, parsed as
# JSON into d; prints the result.  A parse failure is a test failure.
json() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(json.dumps(v) if not isinstance(v, str) else v)' "$tmp/out" "$1" 2>"$tmp/pyerr" ||
        fail "JSON check $1: $(tail -n 1 "$tmp/pyerr")"
}

# finish: reports the counts; exit 0 when every check passed, else 1.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures of $checks checks failed"
        exit 1
    fi
    echo "all $checks checks passed"
    exit 0
}
