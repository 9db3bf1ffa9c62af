#!/bin/sh
# winapi-headers.sh - Windows include names and base types (docs/packaging.md),
# against a scratch install (tests/consumers/lib.sh):
#   * the opt-in directory is not on the default path: with only
#     `pkg-config netioapi-compat`, <iphlpapi.h> is not found;
#   * each Windows header of it compiles alone, in every installed spelling;
#   * tests/consumers/winport/port.c, Windows code that includes
#     <iphlpapi.h> and <netioapi.h> and no <windows.h>, builds unchanged with
#     `pkg-config --cflags --libs netioapi-compat-winapi` (C99, C11, gcc and
#     clang, -pedantic -Werror) and runs against the loopback interface;
#   * tests/consumers/winport/types.c: each base type has Windows' width,
#     with system headers before and after, a program's own identical
#     typedefs before and after (C11, C++11), its own macros, and its own
#     other types with NETIOAPI_COMPAT_NO_EXTRA_TYPES.
set -eu
. "$(dirname "$0")/../consumers/lib.sh"
consumer_install
w="$top/tests/consumers/winport"
strict="-pedantic -Wall -Wextra -Werror"

# Opt-in only.
case "$(pkg-config --cflags netioapi-compat)" in
*winapi*) echo "winapi-headers: netioapi-compat's own cflags reach the winapi directory"; exit 1 ;;
esac
if printf '#include <iphlpapi.h>\n' |
    cc -fsyntax-only $(pkg-config --cflags netioapi-compat) -x c - 2>/dev/null; then
    echo "winapi-headers: <iphlpapi.h> found without netioapi-compat-winapi"; exit 1
fi

# Each header alone.
winapi=$(pkg-config --cflags netioapi-compat-winapi)
n=0
for h in "$root"/usr/include/netioapi-compat/winapi/*; do
    printf '#include <%s>\nint main(void) { return NO_ERROR; }\n' "$(basename "$h")" |
        cc -std=c99 $strict -fsyntax-only $winapi -x c - || {
        echo "winapi-headers: <$(basename "$h")> does not compile alone"; exit 1; }
    n=$((n + 1))
done
[ "$n" -ge 11 ] || { echo "winapi-headers: only $n headers installed"; exit 1; }

# The Windows source, unchanged.
compilers="gcc"
command -v clang >/dev/null && compilers="gcc clang"
for c in $compilers; do
    for std in c99 c11; do
        $c -std=$std $strict "$w/port.c" $(pkg-config --cflags --libs netioapi-compat-winapi) \
            -o "$tmp/port"
    done
done
LD_LIBRARY_PATH="$libdir" "$tmp/port" lo | tee "$tmp/port.out"
grep -q '^lo: LUID 0x[0-9a-f]* index 1 IPv4 MTU [0-9]' "$tmp/port.out"

# The base types, every way a program may already have them.
base=$(pkg-config --cflags netioapi-compat)
cp "$w/types.c" "$tmp/types.cpp"
for mode in NONE SYSTEM_FIRST OWN_BEFORE OWN_AFTER OWN_MACROS OWN_DIFFERENT; do
    stds="c11"
    case $mode in OWN_BEFORE | OWN_AFTER) ;; *) stds="c99 c11" ;; esac # C99 forbids a repeated typedef
    for c in $compilers; do
        for std in $stds; do
            $c -std=$std -D$mode $strict -U_GNU_SOURCE -D_DEFAULT_SOURCE "$w/types.c" \
                $base -L"$libdir" -lnetioapi_compat -o "$tmp/types" ||
                { echo "winapi-headers: types.c -D$mode ($c -std=$std) failed"; exit 1; }
        done
    done
    if command -v g++ >/dev/null; then
        g++ -std=c++11 -D$mode $strict -fsyntax-only "$tmp/types.cpp" $base ||
            { echo "winapi-headers: types.c -D$mode (C++11) failed"; exit 1; }
    fi
done
LD_LIBRARY_PATH="$libdir" "$tmp/types"
echo "winapi-headers: $n Windows headers, port.c unchanged, base types in 6 include orders ok"
