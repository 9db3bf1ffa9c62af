#!/bin/sh
# man.sh - section 3 pages (docs/man/gen-man.py) after a scratch install
# (tests/consumers/lib.sh): `man 3 NAME` finds a page for every function the
# header exports (abi/exports.sh: both flavours, the nio_nt_ twins included)
# and for netioapi_compat(3); every page renders without a troff warning;
# each function's own page (not a .so link) has NAME, SYNOPSIS and
# DESCRIPTION and shows its declaration.
set -eu
command -v man >/dev/null || { echo "man: man(1) cannot be found: skipped"; exit 0; }
. "$(dirname "$0")/../consumers/lib.sh"
consumer_install
mandir="$root/usr/share/man"
names="$(sh "$top/abi/exports.sh" "$top/include") netioapi_compat"
# One man(1) for every page, in order (MANPATH names the install alone: no
# page of the host can answer); a missing page makes it fail.
# shellcheck disable=SC2086 # one argument per name
MANWIDTH=80 MANPATH="$mandir" man --warnings=w 3 $names > "$tmp/pages.txt" 2> "$tmp/warn.txt" ||
    { cat "$tmp/warn.txt"; echo "man: a page is missing (see above)"; exit 1; }
if [ -s "$tmp/warn.txt" ]; then
    echo "man: pages render with warnings:"; cat "$tmp/warn.txt"; exit 1
fi
n=$(echo $names | wc -w)
for section in NAME SYNOPSIS DESCRIPTION; do
    [ "$(grep -c "^$section\$" "$tmp/pages.txt")" = "$n" ] ||
        { echo "man: not every one of the $n pages has $section"; exit 1; }
done
for name in $names; do
    case $name in
    nio_nt_*) decl="${name#nio_nt_}(" ;;
    netioapi_compat) decl="GetIpInterfaceEntry(3)" ;;
    *) decl="$name(" ;;
    esac
    grep -q -F "$decl" "$tmp/pages.txt" ||
        { echo "man: no page shows $decl"; exit 1; }
done
echo "man: $n pages (man 3 NAME for every exported function) render cleanly"
