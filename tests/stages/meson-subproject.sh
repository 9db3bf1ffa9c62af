#!/bin/sh
# meson-subproject.sh - tests/consumers/meson-subproject/, a meson project
# with dependency('netioapi-compat', fallback : ...), built with this tree as
# its subproject (forced, so that an installed copy cannot stand in): the
# library must build inside another project, its overridden dependencies
# (netioapi-compat, netioapi-compat-winapi) must serve, and the programs must
# give the kernel's answers in a network namespace.
set -eu
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/subprojects"
cp "$top/tests/consumers/meson-subproject/meson.build" "$tmp/src/"
cp "$top/tests/consumers/winport/port.c" "$tmp/src/"
awk '/^```c$/{f=1;next} /^```$/{f=0} f' "$top/README.md" > "$tmp/src/example.c"
ln -s "$top" "$tmp/src/subprojects/netioapi-compat"
meson setup "$tmp/build" "$tmp/src" \
    --force-fallback-for=netioapi-compat,netioapi-compat-winapi > "$tmp/setup.log" ||
    { cat "$tmp/setup.log"; exit 1; }
grep -q "Executing subproject netioapi-compat" "$tmp/setup.log" ||
    { cat "$tmp/setup.log"; echo "meson-subproject: the subproject was not used"; exit 1; }
ninja -C "$tmp/build" >/dev/null || ninja -C "$tmp/build"
unshare -n sh -c "
  set -e
  ip link set lo up
  want=\$(cat /proc/sys/net/ipv6/conf/lo/mtu)
  '$tmp/build/example' 1 | tee '$tmp/out'
  grep -q \"NlMtu \$want\$\" '$tmp/out'
  '$tmp/build/port' lo
"
echo "meson-subproject: dependency(fallback :) build of README example and port.c ok"
