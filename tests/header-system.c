/* header-system.c - the public header after and before the system headers a
 * ported program already includes, with their feature macros on. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "netioapi_compat.h"

#include <ifaddrs.h>
#include <netdb.h>

_Static_assert(AF_INET == 2, "AF_INET is 2 everywhere");
_Static_assert(sizeof(MIB_IPINTERFACE_ROW) == 168, "same layout with the system headers");

int main(void)
{
    MIB_IPINTERFACE_ROW row = {0};
    char ifname[IF_NAMESIZE] = {0};
    row.Family = AF_INET6; /* the host's own value */
    return row.Family == AF_INET6 && ifname[0] == 0 && TRUE && !FALSE ? 0 : 1;
}
