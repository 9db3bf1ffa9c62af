# lib.sh - sourced (sh, set -eu, from the source root) by the consumer stages
# of tests/stages/ (winapi-headers, static-link, cmake-consumer, man): the
# scratch install they share.
#
# consumer_install: builds this tree (library, nioctl, headers, pkg-config
# files, man pages; no tests) and installs it with DESTDIR into $tmp/root,
# prefix /usr, as a package would lay it out.  Sets top, tmp (removed on
# exit), root, libdir, pcdir, and exports PKG_CONFIG_SYSROOT_DIR and
# PKG_CONFIG_PATH so that pkg-config answers for that root first.
consumer_install() {
    top=$(pwd)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    meson setup "$tmp/build" --prefix=/usr -Dtests=false -Dbench=false >/dev/null
    ninja -C "$tmp/build" >/dev/null || ninja -C "$tmp/build"
    DESTDIR="$tmp/root" meson install -C "$tmp/build" >/dev/null
    root="$tmp/root"
    pcdir=$(dirname "$(find "$root" -name netioapi-compat.pc | head -n 1)")
    libdir=$(dirname "$(find "$root" -name 'libnetioapi_compat.so.0' | head -n 1)")
    consumer_pkgconfig "$root" "$pcdir"
}

# consumer_pkgconfig ROOT PCDIR: pkg-config answers from PCDIR, its paths
# under ROOT (libmnl's own .pc is still found in the system's directories).
consumer_pkgconfig() {
    export PKG_CONFIG_SYSROOT_DIR="$1"
    export PKG_CONFIG_PATH="$2"
}

# readme_example FILE: README's C example, as the install stage takes it.
readme_example() {
    awk '/^```c$/{f=1;next} /^```$/{f=0} f' "$top/README.md" > "$1"
}
