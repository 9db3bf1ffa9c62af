#!/bin/sh
# deb.sh - the Debian packages (debian/, docs/packaging.md):
#   1. dpkg-buildpackage -us -uc of a copy of this tree (the files git
#      tracks or would track: no build directories), tests left to the
#      other stages (DEB_BUILD_OPTIONS=nocheck, profile nocheck);
#   2. lintian on the .changes: no error (every tag it reports is printed);
#   3. the three packages unpacked with dpkg-deb -x into one empty
#      directory, the "clean root": nothing of the source tree, the build or
#      a meson install in it; each package holds what it must (library and
#      SONAME link; header, winapi headers, .so, .a, both .pc files and a
#      man page for every exported function; nioctl), and the library's
#      control data carries its symbols file;
#   4. against that root alone (pkg-config with PKG_CONFIG_SYSROOT_DIR):
#      README's example and the Windows port tests/consumers/winport/port.c
#      (<iphlpapi.h>, <netioapi.h>, no <windows.h>) build unchanged and run
#      in a network namespace; the packaged nioctl runs; `man 3
#      GetIpInterfaceEntry` finds the packaged page.
set -eu
for tool in dpkg-buildpackage dh lintian dpkg-deb; do
    command -v "$tool" >/dev/null || {
        echo "deb: $tool cannot be found (dpkg-dev, debhelper, lintian): skipped"; exit 0; }
done
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src="$tmp/netioapi-compat"
mkdir "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$top" ls-files -co --exclude-standard -z | (cd "$top" && xargs -0 tar -cf - --no-recursion) |
        tar -xf - -C "$src"
else
    tar -cf - --exclude='./build*' --exclude=./.git . | tar -xf - -C "$src"
fi

# 1. Build.
(cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -Pnocheck) > "$tmp/build.log" 2>&1 ||
    { tail -n 40 "$tmp/build.log"; echo "deb: dpkg-buildpackage failed"; exit 1; }
version=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# 2. lintian: errors fail, the rest is shown.
lintian_rc=0
lintian --fail-on error --display-level '>=pedantic' \
    "$tmp/netioapi-compat_${version}_${arch}.changes" > "$tmp/lintian.txt" 2>&1 || lintian_rc=$?
grep -v '^running with root privileges' "$tmp/lintian.txt" | sed 's/^/lintian: /' || true
[ "$lintian_rc" = 0 ] || { echo "deb: lintian reports errors (exit $lintian_rc)"; exit 1; }
echo "deb: lintian: $(grep -c '^E:' "$tmp/lintian.txt" || true) errors, $(grep -c '^W:' "$tmp/lintian.txt" || true) warnings"

# 3. The clean root.
root="$tmp/root"
mkdir "$root"
for p in libnetioapi-compat0 libnetioapi-compat-dev nioctl; do
    deb="$tmp/${p}_${version}_${arch}.deb"
    [ -f "$deb" ] || { echo "deb: $p was not built"; exit 1; }
    dpkg-deb -x "$deb" "$root"
done
lib="$root/usr/lib/$multiarch"
for f in "$lib/libnetioapi_compat.so.0" "$lib/libnetioapi_compat.so" "$lib/libnetioapi_compat.a" \
         "$lib/pkgconfig/netioapi-compat.pc" "$lib/pkgconfig/netioapi-compat-winapi.pc" \
         "$root/usr/include/netioapi_compat.h" "$root/usr/include/netioapi_compat_nt.h" \
         "$root/usr/include/netioapi-compat/winapi/iphlpapi.h" \
         "$root/usr/include/netioapi-compat/winapi/netioapi.h" \
         "$root/usr/bin/nioctl" "$root/usr/share/man/man1/nioctl.1.gz" \
         "$root/usr/share/man/man3/netioapi_compat.3.gz"; do
    [ -e "$f" ] || { echo "deb: ${f#"$root"} is in no package"; exit 1; }
done
for name in $(sh "$top/abi/exports.sh" "$top/include"); do
    [ -e "$root/usr/share/man/man3/$name.3.gz" ] || { echo "deb: no man page for $name"; exit 1; }
done
dpkg-deb -I "$tmp/libnetioapi-compat0_${version}_${arch}.deb" symbols >/dev/null ||
    { echo "deb: libnetioapi-compat0 has no symbols file"; exit 1; }
dpkg-deb -f "$tmp/nioctl_${version}_${arch}.deb" Depends | grep -q 'libnetioapi-compat0 (>= ' ||
    { echo "deb: nioctl does not depend on libnetioapi-compat0"; exit 1; }

# 4. Consumers of the root.
export PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$lib/pkgconfig"
awk '/^```c$/{f=1;next} /^```$/{f=0} f' "$top/README.md" > "$tmp/example.c"
cc -Wall -Wextra -Werror "$tmp/example.c" $(pkg-config --cflags --libs netioapi-compat) -o "$tmp/example"
cc -std=c11 -pedantic -Wall -Wextra -Werror "$top/tests/consumers/winport/port.c" \
    $(pkg-config --cflags --libs netioapi-compat-winapi) -o "$tmp/port"
unshare -n sh -c "
  set -e
  ip link set lo up
  want=\$(cat /proc/sys/net/ipv6/conf/lo/mtu)
  LD_LIBRARY_PATH='$lib' '$tmp/example' 1 | tee '$tmp/out'
  grep -q \"NlMtu \$want\$\" '$tmp/out'
  LD_LIBRARY_PATH='$lib' '$tmp/port' lo
  LD_LIBRARY_PATH='$lib' '$root/usr/bin/nioctl' show > '$tmp/nioctl.out'
  grep -q lo '$tmp/nioctl.out'
"
if command -v man >/dev/null; then
    MANPATH="$root/usr/share/man" man 3 GetIpInterfaceEntry | grep -q 'GetIpInterfaceEntry(' ||
        { echo "deb: man 3 GetIpInterfaceEntry does not show the packaged page"; exit 1; }
fi
echo "deb: $(cd "$tmp" && ls ./*.deb | wc -l) packages built, lintian clean of errors; README example, port.c, nioctl and man 3 from the unpacked packages ok"
