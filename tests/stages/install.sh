#!/bin/sh
# Installs the library into a scratch prefix, builds README's example with
# nothing but `pkg-config netioapi-compat` (shared, then static), and runs
# it in a throw-away network namespace against the kernel's own values.
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
# README's example, extracted by the test so the two cannot drift apart.
awk '/^```c$/{f=1;next} /^```$/{f=0} f' README.md > "$tmp/example.c"
cc -Wall -Wextra -Werror "$tmp/example.c" $(pkg-config --cflags --libs netioapi-compat) -o "$tmp/example"
cc -Wall -Wextra -Werror "$tmp/example.c" $(pkg-config --static --cflags netioapi-compat) \
    "$libdir/libnetioapi_compat.a" $(pkg-config --static --libs-only-l netioapi-compat | sed 's/-lnetioapi_compat//') \
    -o "$tmp/example-static"
test -f "$tmp/root/usr/bin/nioctl" || { echo "nioctl not installed"; exit 1; }
test -f "$tmp/root/usr/include/netioapi_compat.h" || { echo "header not installed"; exit 1; }
# Only public names leave the shared library: those of the version script
# (tests/stages/abi.sh checks it against the header), and its version nodes.
public=$(sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*$/\1/p' src/netioapi_compat.map)
bad=$(nm -D --defined-only "$libdir/libnetioapi_compat.so" | awk '$2 != "A" {print $3}' | sed 's/@.*//' |
      grep -v -x -F "$public" || true)
[ -z "$bad" ] || { echo "unexpected exported symbols: $bad"; exit 1; }
unshare -n sh -c "
  set -e
  ip link set lo up
  ip link add nioex0 type veth peer name nioex1
  ip link set nioex0 mtu 1400
  idx=\$(ip -o link show nioex0 | cut -d: -f1)
  want=\$(cat /proc/sys/net/ipv6/conf/nioex0/mtu)
  for prog in '$tmp/example' '$tmp/example-static'; do
    LD_LIBRARY_PATH='$libdir' \"\$prog\" \"\$idx\" | tee '$tmp/out'
    grep -q \"NlMtu \$want\$\" '$tmp/out'
  done
  echo 1 > /proc/sys/net/ipv6/conf/nioex0/disable_ipv6
  if LD_LIBRARY_PATH='$libdir' '$tmp/example' \"\$idx\"; then exit 1; fi
"
echo "install: header, libraries, nioctl, pkg-config and README example ok"
