# build.sh - sourced by abi/update.sh and tests/stages/abi.sh: the one way the
# library is built for an ABI comparison, so that the baseline and the
# library compared with it come out of the same options (-g for the types).
#
# abi_build SOURCE_DIR BUILD_DIR
abi_build() {
    meson setup "$2" "$1" --buildtype=debugoptimized -Dtests=false -Dbench=false >/dev/null ||
        return 1
    # The shared library alone: a missing export then fails the checks, not nioctl.
    meson compile -C "$2" src/netioapi_compat:shared_library >/dev/null ||
        meson compile -C "$2" src/netioapi_compat:shared_library
}
