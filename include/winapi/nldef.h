/* <nldef.h> for Windows code built on Linux and the BSDs: on Windows it holds
 * the network-layer enums: NL_PREFIX_ORIGIN, NL_SUFFIX_ORIGIN, NL_DAD_STATE,
 * NL_ROUTE_PROTOCOL, NL_ROUTE_ORIGIN, NL_NEIGHBOR_STATE, ...;
 * here those of them that netioapi-compat defines come from its one header,
 * <netioapi_compat.h>.  This directory is opt-in (the cflags of pkg-config's
 * netioapi-compat-winapi), never on the default include path, because its
 * names shadow Windows' own; docs/packaging.md. */
#ifndef NETIOAPI_COMPAT_WINAPI_NLDEF_H
#define NETIOAPI_COMPAT_WINAPI_NLDEF_H
#if defined(_WIN32)
#error "netioapi-compat-winapi is for other OSes: on Windows the SDK's own <nldef.h> serves"
#endif
#include <netioapi_compat.h>
#endif
