/* pending.c - the parts of the back-end contract the BSD back end does not
 * implement yet, so that the library links: the MIB_IF_ROW2 and route
 * functions (GetIfEntry2, GetIfTable2, GetBestRoute2).  The interface half
 * will come from the same RTM_IFINFO message as the rows (flags, if_data
 * counters, the sockaddr_dl address), routes from an RTM_GET on a routing
 * socket; until then they answer -EOPNOTSUPP (ERROR_NOT_SUPPORTED).
 * docs/bsd.md says what each will use. */
#include <errno.h>

#include "bsd.h"

int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    (void)ifindex, (void)flags, (void)out;
    return -EOPNOTSUPP;
}

int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    (void)flags;
    *out = NULL;
    *count = 0;
    return -EOPNOTSUPP;
}

int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    (void)q, (void)out;
    return -EOPNOTSUPP;
}

int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    (void)addr, (void)ifindex;
    return -EOPNOTSUPP;
}

int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    (void)slot, (void)table;
    *out = NULL;
    *count = 0;
    return -EOPNOTSUPP;
}
