/* lookup.c - which interface a key names: the LUID when it is non-zero,
 * else the index.  A non-zero LUID that matches nothing is "not found" even
 * when the index would match: the LUID wins, as on Windows.  The rule is
 * written once (nio_key_index, nio_key_answer) and serves both reads: the
 * IP interface facts (nio_os_get) and the MIB_IF_ROW2 facts
 * (nio_os_ifrow_get). */
#include <errno.h>

#include "internal.h"

/* The index to ask the OS about: the LUID's when the LUID is non-zero,
 * else ifindex; 0 when the key names no interface at all. */
static uint32_t nio_key_index(uint64_t luid, uint32_t ifindex)
{
    uint16_t iftype;
    if (luid == 0)
        return ifindex;
    return nio_luid_split(luid, &iftype, &ifindex) ? ifindex : 0;
}

/* The back end's answer err/ifc for index, checked against the key. */
static nio_status nio_key_answer(uint64_t luid, uint32_t index, int err,
                                 const struct nio_iface *ifc, nio_status not_found)
{
    if (err == 0 && ifc->index != index)
        err = -ENODEV; /* a back end must answer for the index asked */
    /* The index may have been reused by an interface of another type; a
     * LUID names one interface only. */
    if (err == 0 && luid != 0 && nio_iface_luid(ifc) != luid)
        err = -ENODEV;
    return nio_status_from_errno(err, not_found);
}

nio_status nio_lookup(uint64_t luid, uint32_t ifindex, unsigned want, nio_status not_found,
                      struct nio_iface *out)
{
    uint32_t index = nio_key_index(luid, ifindex);
    if (index == 0)
        return not_found;
    return nio_key_answer(luid, index, nio_os_get(index, want, out), out, not_found);
}

nio_status nio_lookup_ifrow(uint64_t luid, uint32_t ifindex, unsigned flags,
                            nio_status not_found, struct nio_ifrow *out)
{
    uint32_t index = nio_key_index(luid, ifindex);
    if (index == 0)
        return not_found;
    return nio_key_answer(luid, index, nio_os_ifrow_get(index, flags, out), &out->ifc,
                          not_found);
}
