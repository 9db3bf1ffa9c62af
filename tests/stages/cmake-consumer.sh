#!/bin/sh
# cmake-consumer.sh - tests/consumers/cmake/, a CMake project using
# pkg_check_modules(... IMPORTED_TARGET netioapi-compat) and the winapi
# module, configured and built against a scratch install
# (tests/consumers/lib.sh); the programs must link the installed library
# (not another copy) and give the kernel's answers in a network namespace.
set -eu
command -v cmake >/dev/null || { echo "cmake-consumer: cmake cannot be found: skipped"; exit 0; }
. "$(dirname "$0")/../consumers/lib.sh"
consumer_install
mkdir "$tmp/src"
cp -r "$top/tests/consumers/cmake" "$top/tests/consumers/winport" "$tmp/src/"
readme_example "$tmp/src/cmake/example.c"
gen=""
command -v ninja >/dev/null && gen="-GNinja"
cmake -S "$tmp/src/cmake" -B "$tmp/cbuild" $gen -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" >/dev/null ||
    cmake -S "$tmp/src/cmake" -B "$tmp/cbuild" $gen
cmake --build "$tmp/cbuild" >/dev/null || cmake --build "$tmp/cbuild"
# The imported target carries the installed library's full path.
grep -q "$libdir/libnetioapi_compat.so" "$tmp/cbuild/CMakeCache.txt" ||
    { echo "cmake-consumer: PkgConfig::NETIOAPI does not name $libdir/libnetioapi_compat.so"; exit 1; }
unshare -n sh -c "
  set -e
  ip link set lo up
  want=\$(cat /proc/sys/net/ipv6/conf/lo/mtu)
  LD_LIBRARY_PATH='$libdir' '$tmp/cbuild/example' 1 | tee '$tmp/out'
  grep -q \"NlMtu \$want\$\" '$tmp/out'
  LD_LIBRARY_PATH='$libdir' '$tmp/cbuild/port' lo
"
# CMake's build-tree RUNPATH points at the imported library's directory.
ldd "$tmp/cbuild/example" | grep -q "libnetioapi_compat.so.0 => $libdir/" ||
    { echo "cmake-consumer: example does not load the scratch root's library"; exit 1; }
echo "cmake-consumer: pkg_check_modules IMPORTED_TARGET build of README example and port.c ok"
