/* pending.c - the parts of the back-end contract the BSD back end does not
 * implement yet, so that the library links: the MIB_IF_ROW2 functions
 * (GetIfEntry2, GetIfTable2).  They will come from the same RTM_IFINFO
 * message as the rows (flags, if_data counters, the sockaddr_dl address);
 * until then they answer -EOPNOTSUPP (ERROR_NOT_SUPPORTED).  Routes are
 * route.c's and bestroute.c's, addresses addr.c's. */
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
