#!/bin/sh
# Issue 14's "done when" for the address rows: installs the library into a
# scratch prefix, builds tests/stages/addr-consumer.c with nothing but
# `pkg-config --cflags --libs netioapi-compat`, and runs it in a throw-away
# network namespace, where it gives a tun device an IPv4 and an IPv6
# address, reads them back and deletes them, comparing each step with
# ip(8).  Root only.
set -eu
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson setup "$tmp/build" --prefix=/usr -Dtests=false -Dbench=false >/dev/null
ninja -C "$tmp/build" >/dev/null
DESTDIR="$tmp/root" meson install -C "$tmp/build" >/dev/null
pcdir=$(dirname "$(find "$tmp/root" -name netioapi-compat.pc | head -n 1)")
export PKG_CONFIG_SYSROOT_DIR="$tmp/root" PKG_CONFIG_PATH="$pcdir"
libdir=$(dirname "$(find "$tmp/root" -name 'libnetioapi_compat.so' | head -n 1)")
cc -Wall -Wextra -Werror "$top/tests/stages/addr-consumer.c" \
    $(pkg-config --cflags --libs netioapi-compat) -o "$tmp/addr-consumer"
unshare -n sh -c "
  set -e
  ip link set lo up
  ip tuntap add mode tun name nioat0
  ip link set nioat0 up
  LD_LIBRARY_PATH='$libdir' '$tmp/addr-consumer' nioat0
"
echo "addr-consumer: a tun's IPv4 and IPv6 addresses made, read back, deleted; ip addr agrees"
