# consumer-lib.sh - sourced by addr-consumer.sh and route-consumer.sh (sh,
# with set -eu, run from the source root): the scratch install and build
# of a consumer program that both share.
#
# consumer_build NAME: installs the library into a scratch prefix, then
# builds tests/stages/NAME.c with nothing but `pkg-config --cflags --libs
# netioapi-compat`.  Sets tmp (removed on exit), libdir (where the
# installed library is) and prog (the built program).
consumer_build() {
    top=$(pwd)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    meson setup "$tmp/build" --prefix=/usr -Dtests=false -Dbench=false >/dev/null
    ninja -C "$tmp/build" >/dev/null
    DESTDIR="$tmp/root" meson install -C "$tmp/build" >/dev/null
    pcdir=$(dirname "$(find "$tmp/root" -name netioapi-compat.pc | head -n 1)")
    export PKG_CONFIG_SYSROOT_DIR="$tmp/root" PKG_CONFIG_PATH="$pcdir"
    libdir=$(dirname "$(find "$tmp/root" -name 'libnetioapi_compat.so' | head -n 1)")
    prog="$tmp/$1"
    cc -Wall -Wextra -Werror "$top/tests/stages/$1.c" \
        $(pkg-config --cflags --libs netioapi-compat) -o "$prog"
}
