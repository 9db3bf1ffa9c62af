/* <netioapi.h> for Windows code built on Linux and the BSDs: on Windows it holds
 * the row API: MIB_IPINTERFACE_ROW, MIB_IF_ROW2, MIB_IPFORWARD_ROW2,
 * MIB_UNICASTIPADDRESS_ROW, MIB_IPNET_ROW2 and their functions;
 * here those of them that netioapi-compat defines come from its one header,
 * <netioapi_compat.h>.  This directory is opt-in (the cflags of pkg-config's
 * netioapi-compat-winapi), never on the default include path, because its
 * names shadow Windows' own; docs/packaging.md. */
#ifndef NETIOAPI_COMPAT_WINAPI_NETIOAPI_H
#define NETIOAPI_COMPAT_WINAPI_NETIOAPI_H
#if defined(_WIN32)
#error "netioapi-compat-winapi is for other OSes: on Windows the SDK's own <netioapi.h> serves"
#endif
#include <netioapi_compat.h>
#endif
