/* key.c - which interface a key names, for every row family.
 *
 * The LUID when it is non-zero, else the index.  A non-zero LUID that
 * matches nothing is "not found" even when the index would match: the LUID
 * wins, as on Windows.  The rule is written once (nio_key_index,
 * nio_key_answer) and serves every read: the IP interface facts
 * (nio_os_get), the MIB_IF_ROW2 facts (nio_os_ifrow_get), and the keys of
 * the rows that name an interface.  The family slots and the LUID of an
 * interface the OS reported are here too. */
#include <errno.h>

#include "core.h"

int nio_family_slot(ADDRESS_FAMILY family)
{
    if (family == AF_INET)
        return NIO_V4;
    if (family == AF_INET6)
        return NIO_V6;
    return -1;
}

ADDRESS_FAMILY nio_family_of_slot(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

uint64_t nio_iface_luid(const struct nio_iface *ifc)
{
    return nio_luid_make(ifc->iftype, ifc->index);
}

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

/* ------------------------------------------------ IP interface row keys */
unsigned nio_want_of_slot(int slot)
{
    return slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4;
}

nio_status nio_row_key_check(const MIB_IPINTERFACE_ROW *row, int *slot)
{
    if (row == NULL || (*slot = nio_family_slot(row->Family)) < 0)
        return NIO_INVALID_PARAMETER;
    if (row->InterfaceLuid.Value == 0 && row->InterfaceIndex == 0)
        return NIO_INVALID_PARAMETER;
    return NIO_OK;
}

nio_status nio_row_lookup(const MIB_IPINTERFACE_ROW *row, int slot, struct nio_iface *ifc)
{
    nio_status st = nio_lookup(row->InterfaceLuid.Value, row->InterfaceIndex,
                               nio_want_of_slot(slot), NIO_NOT_FOUND, ifc);
    if (st == NIO_OK && !ifc->fam[slot].present)
        st = NIO_NOT_FOUND; /* the interface exists, the family is not bound */
    return st;
}

