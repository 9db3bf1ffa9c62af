#!/bin/sh
# exports.sh [INCLUDE_DIR] - the functions the public header exports, one
# name a line, sorted: every declaration marked NETIOAPI_COMPAT_EXPORT, in
# the Win32 flavour and in the NTSTATUS flavour (whose names are the
# nio_nt_ twins).  The header is read through the compiler's preprocessor,
# so a declaration is found however it is wrapped.  Used by
# tests/stages/abi.sh and the man page check (docs/abi.md).
set -eu
inc=${1:-"$(dirname "$0")/../include"}
cc=${CC:-cc}
for flavour in "" -DNETIOAPI_COMPAT_NTSTATUS; do
    # shellcheck disable=SC2086 # $flavour is empty or one argument
    printf '#include <netioapi_compat.h>\n' |
        "$cc" -E -P $flavour -I"$inc" -x c - |
        tr '\n' ' ' |
        grep -o 'visibility *( *"default" *) *) *)[^;(]*(' |
        sed 's/^.*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\) *($/\1/'
done | sort -u
