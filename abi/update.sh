#!/bin/sh
# update.sh [SOURCE_DIR] - writes the ABI baseline, abi/libnetioapi_compat.so.0.abi,
# from the library built out of SOURCE_DIR (default: this tree).  Run it when
# a release is made, and after an incompatible change that comes with a new
# SONAME; never to silence tests/stages/abi.sh (docs/abi.md).  Additions need
# no new baseline: the stage accepts them.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$(cd "${1:-$top}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top/abi/build.sh"
abi_build "$src" "$tmp/build"
abidw --headers-dir "$src/include" --drop-private-types --no-corpus-path \
    --no-comp-dir-path --short-locs \
    --out-file "$top/abi/libnetioapi_compat.so.0.abi" "$tmp/build/src/libnetioapi_compat.so"
echo "abi/libnetioapi_compat.so.0.abi written from $src"
