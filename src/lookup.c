/* lookup.c - which interface a key names: the LUID when it is non-zero,
 * else the index.  A non-zero LUID that matches nothing is "not found" even
 * when the index would match: the LUID wins, as on Windows. */
#include <errno.h>

#include "internal.h"

static nio_status nio_lookup_index(uint32_t ifindex, unsigned want, nio_status not_found,
                                   struct nio_iface *out)
{
    int err = nio_os_get(ifindex, want, out);
    if (err == 0 && out->index != ifindex)
        err = -ENODEV; /* a back end must answer for the index asked */
    return nio_status_from_errno(err, not_found);
}

nio_status nio_lookup(uint64_t luid, uint32_t ifindex, unsigned want, nio_status not_found,
                      struct nio_iface *out)
{
    uint16_t iftype;
    nio_status st;
    if (luid == 0)
        return ifindex == 0 ? not_found : nio_lookup_index(ifindex, want, not_found, out);
    if (!nio_luid_split(luid, &iftype, &ifindex))
        return not_found;
    st = nio_lookup_index(ifindex, want, not_found, out);
    /* The index may have been reused by an interface of another type; a
     * LUID names one interface only. */
    if (st == NIO_OK && nio_iface_luid(out) != luid)
        return not_found;
    return st;
}
