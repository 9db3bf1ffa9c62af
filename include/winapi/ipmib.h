/* <ipmib.h> for Windows code built on Linux and the BSDs: on Windows it holds
 * the IP MIB rows (MIB_IPFORWARDROW and others of the old API, which are not here);
 * here those of them that netioapi-compat defines come from its one header,
 * <netioapi_compat.h>.  This directory is opt-in (the cflags of pkg-config's
 * netioapi-compat-winapi), never on the default include path, because its
 * names shadow Windows' own; docs/packaging.md. */
#ifndef NETIOAPI_COMPAT_WINAPI_IPMIB_H
#define NETIOAPI_COMPAT_WINAPI_IPMIB_H
#if defined(_WIN32)
#error "netioapi-compat-winapi is for other OSes: on Windows the SDK's own <ipmib.h> serves"
#endif
#include <netioapi_compat.h>
#endif
