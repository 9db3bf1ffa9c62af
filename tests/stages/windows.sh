#!/bin/sh
# windows.sh - the Windows build and the conformance suite under Wine.
#
# Cross-builds the project with mingw-w64 (cross/x86_64-w64-mingw32.txt):
# the DLL, its import library, the static library, netioapi-conformance.exe
# and the public-header checks, and nioctl.exe where tools/ builds for
# Windows (where it does not, the stage says why and goes on); checks that
# the DLL exports only the nio_nt_ twins (the Windows names are
# iphlpapi's); then runs the suite under Wine, each check in a child
# process.  As root it installs mingw-w64
# and Wine when they are missing, and runs Wine in a throw-away network
# namespace (lo and a veth pair with one IPv4 address) so that the answers
# do not depend on the host.  Without mingw-w64 or Wine (and no way to install them) it says so
# and exits 0.  docs/windows.md and docs/conformance.md explain the results.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
build=${NIO_BUILD_WIN:-build-win}
case $build in /*) ;; *) build=$top/$build ;; esac
triple=x86_64-w64-mingw32

say() { echo "windows: $*"; }

find_wine() {
    for w in /usr/lib/wine/wine64 "$(command -v wine64 2>/dev/null)" "$(command -v wine 2>/dev/null)"; do
        [ -n "$w" ] && [ -x "$w" ] && { echo "$w"; return 0; }
    done
    return 1
}

find_wineserver() {
    for w in /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver "$(command -v wineserver 2>/dev/null)"; do
        [ -n "$w" ] && [ -x "$w" ] && { echo "$w"; return 0; }
    done
    return 1
}

# ------------------------------------------------------------ tools
if ! command -v $triple-gcc >/dev/null || ! find_wine >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing gcc-mingw-w64-x86-64 and wine64"
        apt-get update -qq >/dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 wine64 \
            >/dev/null 2>&1
    fi
fi
if ! command -v $triple-gcc >/dev/null; then
    say "SKIPPED: no mingw-w64 cross compiler ($triple-gcc), and it cannot be installed here" \
        "(as root on Debian: apt-get install gcc-mingw-w64-x86-64)"
    exit 0
fi
wine=$(find_wine) || {
    say "SKIPPED: no Wine (wine64), and it cannot be installed here" \
        "(as root on Debian: apt-get install wine64)"
    exit 0
}
wineserver=$(find_wineserver) || { say "SKIPPED: Wine has no wineserver"; exit 0; }

# ------------------------------------------------------------ build
if [ ! -f "$build/build.ninja" ]; then
    wipe=
    [ -d "$build/meson-private" ] && wipe=--wipe # a setup that failed half way
    log=$(mktemp)
    if ! meson setup $wipe "$build" --cross-file cross/$triple.txt -Dbench=false >"$log" 2>&1; then
        cat "$log"
        rm -f "$log"
        say "FAILED: meson setup"
        exit 1
    fi
    rm -f "$log"
fi
# Every header check except the one that includes POSIX headers.
headers=$(ninja -C "$build" -t targets all 2>/dev/null |
    sed -n 's/^\(tests\/header-[^:]*\.exe\):.*/\1/p' | grep -v 'header-system' | sort -u)
targets="src/libnetioapi_compat-0.dll src/libnetioapi_compat.a
tests/conformance/netioapi-conformance.exe $headers"
# shellcheck disable=SC2086
if ! ninja -C "$build" $targets >"$build/stage-build.log" 2>&1; then
    grep -E 'error|FAILED' "$build/stage-build.log" | head -n 40
    say "FAILED: the mingw-w64 build (log: $build/stage-build.log)"
    exit 1
fi
[ -f "$build/src/libnetioapi_compat.dll.a" ] || { say "FAILED: no import library"; exit 1; }
say "built the DLL, its import library, the static library, netioapi-conformance.exe" \
    "and $(echo $headers | wc -w) header checks"
# nioctl builds for Windows too (tools/os-win32.c holds what differs).
if ninja -C "$build" tools/nioctl.exe >"$build/stage-nioctl.log" 2>&1; then
    say "built nioctl.exe"
else
    say "FAILED: nioctl.exe does not build with mingw-w64:"
    grep -E 'error' "$build/stage-nioctl.log" | sed 's/^/    /' | head -n 5
    exit 1
fi

# Only the twins leave the DLL: the Windows names must stay iphlpapi's.
exports=$($triple-objdump -p "$build/src/libnetioapi_compat-0.dll" |
    sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk 'NR > 1 && NF {print $NF}')
bad=$(echo "$exports" | grep -v '^nio_nt_' || true)
if [ -n "$bad" ]; then
    say "FAILED: the DLL exports names other than nio_nt_*: $bad"
    exit 1
fi
say "the DLL exports $(echo "$exports" | wc -l) nio_nt_ twins and nothing else"

# ------------------------------------------------------------ Wine
run=$build/wine-run
mkdir -p "$run"
cp "$build/tests/conformance/netioapi-conformance.exe" "$build/src/libnetioapi_compat-0.dll" \
    "$build/tools/nioctl.exe" "$run/"
export WINEPREFIX="$build/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    say "creating the Wine prefix $WINEPREFIX (once; about 30 s)"
    timeout 180 "$wine" wineboot -i >/dev/null 2>&1
    timeout 60 "$wineserver" -w
fi
# Every name the NTSTATUS flavour maps has its twin in the DLL: the program
# linked (above) and loads it under Wine.
cp "$build/tests/header-nt-twins.exe" "$run/"
if out=$(cd "$run" && timeout 60 "$wine" "$run/header-nt-twins.exe" 2>&1); then
    say "header-nt-twins.exe: $(echo "$out" | tr -d '\r' | tail -n 1)"
else
    echo "$out"
    say "FAILED: header-nt-twins.exe under Wine"
    exit 1
fi
# A wineserver left from an earlier run would answer from its own network
# namespace; start from none.
"$wineserver" -k >/dev/null 2>&1

suite() {
    timeout 180 "$wine" "$run/netioapi-conformance.exe"
}

status=0
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null &&
    unshare -n true 2>/dev/null; then
    say "running the suite under $("$wine" --version) in a network namespace (lo, nc-eth0/1, 198.18.0.1/24)"
    export wine wineserver run
    unshare -n sh -c '
        ip link set lo up
        ip link add nc-eth0 type veth peer name nc-eth1
        ip link set nc-eth0 up && ip link set nc-eth1 up
        # One connected IPv4 route (198.18.0.0/24, RFC 2544) in the main
        # table, the only table Wine reads: GetIpForwardTable2 has a row.
        ip addr add 198.18.0.1/24 dev nc-eth0
        timeout 180 "$wine" "$run/netioapi-conformance.exe"
        rc=$?
        # nioctl.exe on what Wine implements: MIB_IF_ROW2 (GetIfTable2).
        if timeout 60 "$wine" "$run/nioctl.exe" link > "$run/nioctl-link.txt" &&
            grep -q nc-eth0 "$run/nioctl-link.txt"; then
            echo "windows: nioctl.exe link lists nc-eth0 under Wine"
        else
            echo "windows: FAILED: nioctl.exe link under Wine"; cat "$run/nioctl-link.txt"; rc=1
        fi
        # ... and the address rows Wine implements (GetUnicastIpAddressTable,
        # GetUnicastIpAddressEntry); add, set and del would call what it lacks.
        if timeout 60 "$wine" "$run/nioctl.exe" addr list -4 > "$run/nioctl-addr.txt" &&
            grep -q "^198\.18\.0\.1/24 dev nc-eth0 " "$run/nioctl-addr.txt" &&
            timeout 60 "$wine" "$run/nioctl.exe" addr show 198.18.0.1 dev nc-eth0 \
                > "$run/nioctl-addr-show.txt" &&
            grep -q "^OnLinkPrefixLength: 24" "$run/nioctl-addr-show.txt"; then
            echo "windows: nioctl.exe addr list and show see 198.18.0.1/24 under Wine"
        else
            echo "windows: FAILED: nioctl.exe addr under Wine"
            cat "$run/nioctl-addr.txt" "$run/nioctl-addr-show.txt"; rc=1
        fi
        # ... and the neighbour table Wine implements (GetIpNetTable2, IPv4
        # rows only); the other neighbour calls are missing there.
        ip neigh add 198.18.0.9 lladdr 02:00:5e:00:53:09 dev nc-eth0 nud permanent
        if timeout 60 "$wine" "$run/nioctl.exe" neigh list -4 > "$run/nioctl-neigh.txt" &&
            tr -d "\r" < "$run/nioctl-neigh.txt" |
                grep -q "^198\.18\.0\.9 dev nc-eth0 lladdr 02:00:5e:00:53:09 "; then
            echo "windows: nioctl.exe neigh list sees 198.18.0.9 under Wine"
        else
            echo "windows: FAILED: nioctl.exe neigh list under Wine"
            cat "$run/nioctl-neigh.txt"; rc=1
        fi
        "$wineserver" -k >/dev/null 2>&1
        exit $rc' || status=$?
else
    say "running the suite under $("$wine" --version) on this machine's interfaces"
    suite || status=$?
    "$wineserver" -k >/dev/null 2>&1
fi
if [ "$status" != 0 ]; then
    say "FAILED: the conformance suite under Wine (exit $status)"
    exit 1
fi
say "ok"
