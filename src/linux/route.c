/* route.c - the Linux route rows.  Placeholder while the back end is
 * written: every question answers "not supported". */
#include <errno.h>

#include "linux.h"

int nio_os_route_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    (void)want, (void)oif, (void)out, (void)count;
    return -EOPNOTSUPP;
}

int nio_os_route_add(const struct nio_route *r)
{
    (void)r;
    return -EOPNOTSUPP;
}

int nio_os_route_delete(const struct nio_route *r)
{
    (void)r;
    return -EOPNOTSUPP;
}

int nio_os_route_set(const struct nio_route *old, const struct nio_route *now)
{
    (void)old, (void)now;
    return -EOPNOTSUPP;
}

int nio_os_route_may_change(void)
{
    return -EOPNOTSUPP;
}
