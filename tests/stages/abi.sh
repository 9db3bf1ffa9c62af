#!/bin/sh
# abi.sh - the library's ABI (docs/abi.md), three checks on a fresh build:
#   1. the exported names: the header's NETIOAPI_COMPAT_EXPORT declarations
#      (abi/exports.sh, both flavours), the version script
#      src/netioapi_compat.map and the built library's dynamic symbols are
#      the same set, each symbol in a NETIOAPI_COMPAT_* version node;
#   2. the SONAME is libnetioapi_compat.so.0, the baseline's;
#   3. abidiff against the baseline abi/libnetioapi_compat.so.0.abi: a
#      removed or changed function or variable (a changed struct behind a
#      pointer included) fails; added ones pass.
set -eu
top=$(pwd)
command -v abidiff >/dev/null || {
    echo "abi: abidiff (Debian's abigail-tools) cannot be found: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top/abi/build.sh"
abi_build "$top" "$tmp/build"
so="$tmp/build/src/libnetioapi_compat.so"
fail=0

# 1. header = map = library.
sh "$top/abi/exports.sh" "$top/include" > "$tmp/header"
sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*$/\1/p' "$top/src/netioapi_compat.map" |
    sort -u > "$tmp/map"
# Dynamic symbols: "name@@NODE" for each versioned definition, the node's own
# name as an absolute symbol.
nm -D --defined-only "$so" | awk '$2 != "A" {print $3}' | sort -u > "$tmp/dynsym"
sed 's/@.*//' "$tmp/dynsym" > "$tmp/lib"
report() { # report FILE MESSAGE
    if [ -s "$1" ]; then
        fail=1
        echo "abi: $2:"
        sed 's/^/    /' "$1"
    fi
}
comm -23 "$tmp/header" "$tmp/map" > "$tmp/d"
report "$tmp/d" "exported by include/netioapi_compat.h but not listed in src/netioapi_compat.map (add each to the newest version node)"
comm -13 "$tmp/header" "$tmp/map" > "$tmp/d"
report "$tmp/d" "listed in src/netioapi_compat.map but not declared NETIOAPI_COMPAT_EXPORT in the header"
comm -23 "$tmp/map" "$tmp/lib" > "$tmp/d"
report "$tmp/d" "listed in src/netioapi_compat.map but not defined by the library"
comm -13 "$tmp/map" "$tmp/lib" > "$tmp/d"
report "$tmp/d" "exported by the library but not in src/netioapi_compat.map"
grep -v '@@NETIOAPI_COMPAT_[0-9][0-9.]*$' "$tmp/dynsym" > "$tmp/d" || true
report "$tmp/d" "exported without a NETIOAPI_COMPAT_* version (default version)"
[ "$fail" = 0 ] && echo "abi: $(wc -l < "$tmp/header") exported functions: header, version script and library agree"

# 2. SONAME.
soname=$(objdump -p "$so" | awk '$1 == "SONAME" {print $2}')
base_soname=$(sed -n "1s/.* soname='\([^']*\)'.*/\1/p" "$top/abi/libnetioapi_compat.so.0.abi")
if [ "$soname" != libnetioapi_compat.so.0 ] || [ "$soname" != "$base_soname" ]; then
    echo "abi: SONAME $soname, baseline $base_soname: a new SONAME needs a new baseline (docs/abi.md)"
    fail=1
fi

# 3. abidiff: exit bit 8 is an incompatible change; bit 4 is any change,
# which the summary lines tell apart ("N Removed, N Changed, N Added").
rc=0
abidiff --no-added-syms --headers-dir2 "$top/include" --drop-private-types \
    "$top/abi/libnetioapi_compat.so.0.abi" "$so" > "$tmp/abidiff" 2>&1 || rc=$?
if [ $((rc & 3)) != 0 ]; then
    cat "$tmp/abidiff"; echo "abi: abidiff failed to run (exit $rc)"; fail=1
elif [ $((rc & 8)) != 0 ] ||
     grep -E '[1-9][0-9]* (Removed|Changed)' "$tmp/abidiff" >/dev/null; then
    cat "$tmp/abidiff"
    echo "abi: incompatible with abi/libnetioapi_compat.so.0.abi (see above; docs/abi.md)"
    fail=1
else
    added=$(abidiff "$top/abi/libnetioapi_compat.so.0.abi" "$so" 2>/dev/null |
            sed -n 's/^Functions changes summary:.* \([0-9][0-9]*\) Added.*/\1/p' || true)
    echo "abi: compatible with the baseline (${added:-0} functions added since)"
fi
exit "$fail"
