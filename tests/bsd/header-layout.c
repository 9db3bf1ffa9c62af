/* header-layout.c - compiled, never run: the public header keeps the
 * Windows x64 layout when the system headers are the BSD's (the
 * bsd-compile stage builds it for each BSD target).  Offsets from
 * /work/shared/README.md section 1; tests/test-layout.c checks the same on
 * the build machine, and the SOCKADDR_INET note of docs/bsd.md is the
 * reason si_family is checked for its offset only. */
#include <stddef.h>

#include "netioapi_compat.h"

#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), #field)

_Static_assert(sizeof(NET_LUID) == 8, "NET_LUID");
_Static_assert(sizeof(SOCKADDR_INET) == 28, "SOCKADDR_INET");
_Static_assert(sizeof(MIB_IPINTERFACE_ROW) == 168, "MIB_IPINTERFACE_ROW");
AT(MIB_IPINTERFACE_ROW, Family, 0);
AT(MIB_IPINTERFACE_ROW, InterfaceLuid, 8);
AT(MIB_IPINTERFACE_ROW, InterfaceIndex, 16);
AT(MIB_IPINTERFACE_ROW, MaxReassemblySize, 20);
AT(MIB_IPINTERFACE_ROW, InterfaceIdentifier, 24);
AT(MIB_IPINTERFACE_ROW, MinRouterAdvertisementInterval, 32);
AT(MIB_IPINTERFACE_ROW, MaxRouterAdvertisementInterval, 36);
AT(MIB_IPINTERFACE_ROW, AdvertisingEnabled, 40);
AT(MIB_IPINTERFACE_ROW, ZoneIndices, 80);
AT(MIB_IPINTERFACE_ROW, SitePrefixLength, 144);
AT(MIB_IPINTERFACE_ROW, Metric, 148);
AT(MIB_IPINTERFACE_ROW, NlMtu, 152);
AT(MIB_IPINTERFACE_ROW, Connected, 156);
AT(MIB_IPINTERFACE_ROW, ReachableTime, 160);
AT(MIB_IPINTERFACE_ROW, TransmitOffload, 164);
AT(MIB_IPINTERFACE_ROW, ReceiveOffload, 165);
AT(MIB_IPINTERFACE_ROW, DisableDefaultRoutes, 166);
AT(MIB_IPINTERFACE_TABLE, Table, 8);
AT(SOCKADDR_INET, si_family, 0);
/* The family values ported code passes are the host's. */
#if defined(__APPLE__)
_Static_assert(AF_INET6 == 30, "macOS AF_INET6");
#elif defined(__FreeBSD__)
_Static_assert(AF_INET6 == 28, "FreeBSD AF_INET6");
#endif

/* ISO C wants a declaration in every translation unit. */
extern int nio_header_layout_checked;
