#!/bin/sh
# static-link.sh - the static library through `pkg-config --static` alone
# (docs/packaging.md).  In the scratch install the linker sees only the
# archive (the libnetioapi_compat.so development link is removed, as in a
# static-only install), so README's example and the Windows port
# (tests/consumers/winport/port.c), linked with nothing but the flags of the
# installed .pc files, resolve only if those name every library the archive
# needs (libmnl, pthread).  Debian ships no libmnl.a, so libmnl and libc stay
# shared: the programs must not need libnetioapi_compat.so.0, must need
# libmnl, and must give the kernel's answers in a fresh network namespace.
set -eu
. "$(dirname "$0")/../consumers/lib.sh"
consumer_install
rm "$libdir/libnetioapi_compat.so"
readme_example "$tmp/example.c"
cc -Wall -Wextra -Werror "$tmp/example.c" \
    $(pkg-config --static --cflags --libs netioapi-compat) -o "$tmp/example"
cc -Wall -Wextra -Werror "$top/tests/consumers/winport/port.c" \
    $(pkg-config --static --cflags --libs netioapi-compat-winapi) -o "$tmp/port"
for prog in "$tmp/example" "$tmp/port"; do
    needed=$(readelf -d "$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    case " $needed" in
    *libnetioapi_compat*) echo "static-link: $prog needs the shared library: $needed"; exit 1 ;;
    *" libmnl.so"*) ;;
    *) echo "static-link: $prog does not link libmnl: $needed"; exit 1 ;;
    esac
done
unshare -n sh -c "
  set -e
  ip link set lo up
  want=\$(cat /proc/sys/net/ipv6/conf/lo/mtu)
  '$tmp/example' 1 | tee '$tmp/out'
  grep -q \"NlMtu \$want\$\" '$tmp/out'
  '$tmp/port' lo
"
echo "static-link: README example and port.c from pkg-config --static and the archive, run ok"
