/* <iptypes.h> for Windows code built on Linux and the BSDs: on Windows it holds
 * the adapter types of GetAdaptersAddresses (IP_ADAPTER_ADDRESSES_LH and its
 * lists, GAA_FLAG_*); here they come from netioapi-compat's one header,
 * <netioapi_compat.h> (docs/adapters.md).  This directory is opt-in (the
 * cflags of pkg-config's netioapi-compat-winapi), never on the default
 * include path, because its names shadow Windows' own; docs/packaging.md. */
#ifndef NETIOAPI_COMPAT_WINAPI_IPTYPES_H
#define NETIOAPI_COMPAT_WINAPI_IPTYPES_H
#if defined(_WIN32)
#error "netioapi-compat-winapi is for other OSes: on Windows the SDK's own <iptypes.h> serves"
#endif
#include <netioapi_compat.h>
#endif
