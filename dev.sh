#!/bin/sh
# dev.sh - the two commands a new machine needs (see README.md).
#   ./dev.sh show   install what is missing, build, run `nioctl show` here
#   ./dev.sh test   install what is missing, build, run every test
set -eu
cd "$(dirname "$0")"

BUILD=${NIO_BUILD:-build}
BASE_PKGS="meson ninja-build pkg-config gcc libc6-dev libmnl-dev iproute2"
TEST_PKGS="libcmocka-dev valgrind clang python3 g++"
# The packaging, consumer and ABI stages (docs/packaging.md, docs/abi.md).
PKG_TEST_PKGS="debhelper dpkg-dev lintian abigail-tools cmake fakeroot man-db"
# Wanted by later stages (libFuzzer and TSan runtimes, the Windows build and
# Wine); a stage without them says so and skips, so they are best-effort.
OPTIONAL_PKGS="libclang-rt-14-dev gcc-mingw-w64-x86-64 wine64"

# Installs the Debian packages that are missing (as root, through apt-get).
install_missing() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "dev.sh: missing packages:$missing (install them, or run as root on Debian)" >&2
        exit 1
    fi
    echo "dev.sh: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}

build() {
    [ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$@"
    ninja -C "$BUILD"
}

cmd_show() {
    install_missing $BASE_PKGS
    build -Dtests=false -Dbench=false
    "$BUILD/tools/nioctl" show
}

install_optional() {
    for p in "$@"; do
        ( install_missing "$p" ) >/dev/null 2>&1 || echo "dev.sh: optional package $p not installed"
    done
}

cmd_test() {
    install_missing $BASE_PKGS $TEST_PKGS $PKG_TEST_PKGS
    install_optional $OPTIONAL_PKGS
    sh tests/run-all.sh
}

case "${1:-}" in
show) cmd_show ;;
test) cmd_test ;;
*) echo "usage: $0 show|test" >&2; exit 2 ;;
esac
