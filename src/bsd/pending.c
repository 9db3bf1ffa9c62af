/* pending.c - the parts of the back-end contract the BSD back end does not
 * implement yet, so that the library links: the MIB_IF_ROW2 functions
 * (GetIfEntry2, GetIfTable2).  They will come from the same RTM_IFINFO
 * message as the rows (flags, if_data counters, the sockaddr_dl address);
 * until then they answer -EOPNOTSUPP (ERROR_NOT_SUPPORTED).  Routes are
 * route.c's and bestroute.c's. */
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

/* -------------------------------------------------- unicast address rows
 * Not yet on the BSDs (issue 14: SIOCAIFADDR, SIOCAIFADDR_IN6,
 * SIOCDIFADDR(_IN6), the flags of SIOCGIFAFLAG_IN6, addresses from
 * NET_RT_IFLIST): every question answers -EOPNOTSUPP, so that the
 * address functions report ERROR_NOT_SUPPORTED (docs/fields.md). */
int nio_os_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out, size_t *count)
{
    (void)want, (void)ifindex;
    *out = NULL;
    *count = 0;
    return -EOPNOTSUPP;
}

int nio_os_addr_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_addr *out)
{
    (void)addr, (void)ifindex, (void)out;
    return -EOPNOTSUPP;
}

int nio_os_addr_add(const struct nio_addr *a)
{
    (void)a;
    return -EOPNOTSUPP;
}

int nio_os_addr_delete(const struct nio_addr *a)
{
    (void)a;
    return -EOPNOTSUPP;
}

int nio_os_addr_set(const struct nio_addr *old, const struct nio_addr *now)
{
    (void)old, (void)now;
    return -EOPNOTSUPP;
}

int nio_os_addr_may_change(void)
{
    return 0; /* the question that fails is the one that follows */
}
