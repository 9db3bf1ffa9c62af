/* header-system.c - the public header after and before the system headers a
 * ported program already includes, with their feature macros on. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "netioapi_compat.h"

#include <ifaddrs.h>
#include <netdb.h>

_Static_assert(AF_INET == 2, "AF_INET is 2 everywhere");
_Static_assert(sizeof(MIB_IPINTERFACE_ROW) == 168, "same layout with the system headers");
_Static_assert(sizeof(MIB_IPFORWARD_ROW2) == 104, "same route row with the system headers");
/* GetBestInterfaceEx takes the system's own struct sockaddr. */
_Static_assert(sizeof(GetBestInterfaceEx((struct sockaddr *)(struct sockaddr_in6 *)0, (PDWORD)0)) ==
                   sizeof(DWORD),
               "GetBestInterfaceEx takes a system sockaddr");

int main(void)
{
    MIB_IPINTERFACE_ROW row = {0};
    char ifname[IF_NAMESIZE] = {0};
    MIB_IPFORWARD_ROW2 route = {0};
    struct sockaddr_in6 hop = {0};
    row.Family = AF_INET6; /* the host's own value */
    /* A route's addresses are the system's sockaddrs, byte for byte. */
    hop.sin6_family = AF_INET6;
    hop.sin6_addr = in6addr_loopback;
    memcpy(&route.NextHop.Ipv6, &hop, sizeof(hop));
    route.DestinationPrefix.Prefix.Ipv6.sin6_family = AF_INET6;
    return row.Family == AF_INET6 && ifname[0] == 0 && TRUE && !FALSE &&
                   route.NextHop.si_family == AF_INET6 &&
                   route.NextHop.Ipv6.sin6_addr.s6_addr[15] == 1
               ? 0
               : 1;
}
