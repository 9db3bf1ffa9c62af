/* api.c - the IP interface row functions: validate, resolve, delegate. */
#include <string.h>

#include "internal.h"

static unsigned nio_want_of_slot(int slot)
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

nio_status nio_get_ip_interface_entry(MIB_IPINTERFACE_ROW *row)
{
    struct nio_iface ifc;
    int slot;
    nio_status st = nio_row_key_check(row, &slot);
    if (st == NIO_OK)
        st = nio_row_lookup(row, slot, &ifc);
    if (st == NIO_OK)
        nio_row_fill(row, &ifc, slot);
    return st;
}

static size_t nio_count_rows(const struct nio_iface *list, size_t n, unsigned want)
{
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        for (int slot = 0; slot < NIO_FAMILIES; slot++)
            rows += (want & nio_want_of_slot(slot)) && list[i].fam[slot].present;
    return rows;
}

/* Rows by interface index, IPv4 before IPv6 within each interface. */
static void nio_table_fill(MIB_IPINTERFACE_TABLE *t, const struct nio_iface *list, size_t n,
                           unsigned want)
{
    ULONG k = 0;
    for (size_t i = 0; i < n; i++)
        for (int slot = 0; slot < NIO_FAMILIES; slot++)
            if ((want & nio_want_of_slot(slot)) && list[i].fam[slot].present)
                nio_row_fill(&t->Table[k++], &list[i], slot);
    t->NumEntries = k;
}

nio_status nio_get_ip_interface_table(ADDRESS_FAMILY family, MIB_IPINTERFACE_TABLE **table)
{
    struct nio_iface *list = NULL;
    MIB_IPINTERFACE_TABLE *t = NULL;
    size_t n = 0;
    unsigned want;
    nio_status st;
    if (table == NULL)
        return NIO_INVALID_PARAMETER;
    *table = NULL;
    if (family == AF_UNSPEC)
        want = NIO_WANT_V4 | NIO_WANT_V6;
    else if (nio_family_slot(family) >= 0)
        want = nio_want_of_slot(nio_family_slot(family));
    else
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_list(want, &list, &n), NIO_GEN_FAILURE);
    if (st != NIO_OK)
        goto out;
    nio_sort_by_index(list, n, sizeof(*list));
    t = NIO_TABLE_ALLOC(MIB_IPINTERFACE_TABLE, nio_count_rows(list, n, want));
    if (t == NULL) {
        st = NIO_NO_MEMORY;
        goto out;
    }
    nio_table_fill(t, list, n, want);
    *table = t;
out:
    nio_free(list);
    return st;
}
