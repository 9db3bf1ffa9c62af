/* <ipifcons.h> for Windows code built on Linux and the BSDs: on Windows it holds
 * the IANA interface types, IF_TYPE_*;
 * here those of them that netioapi-compat defines come from its one header,
 * <netioapi_compat.h>.  This directory is opt-in (the cflags of pkg-config's
 * netioapi-compat-winapi), never on the default include path, because its
 * names shadow Windows' own; docs/packaging.md. */
#ifndef NETIOAPI_COMPAT_WINAPI_IPIFCONS_H
#define NETIOAPI_COMPAT_WINAPI_IPIFCONS_H
#if defined(_WIN32)
#error "netioapi-compat-winapi is for other OSes: on Windows the SDK's own <ipifcons.h> serves"
#endif
#include <netioapi_compat.h>
#endif
