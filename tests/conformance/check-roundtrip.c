/* check-roundtrip.c - every interface of the list converts LUID -> index,
 * name, alias and GUID and back to itself. */
#include "conformance.h"

#define NC_NAME_CAP (NDIS_IF_MAX_STRING_SIZE + 1)

static void index_luid(struct nc_ctx *c)
{
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        NET_LUID luid;
        NET_IFINDEX index = 0;
        char l[24], l2[24];
        luid.Value = 0xDEAD;
        if (NC_CODE(c, ConvertInterfaceIndexToLuid(f->index, &luid), NO_ERROR))
            NC_TRUE(c, luid.Value == f->luid.Value, "index %lu: LUID %s, want %s",
                    (unsigned long)f->index, nc_luid_str(luid, l), nc_luid_str(f->luid, l2));
        if (NC_CODE(c, ConvertInterfaceLuidToIndex(&f->luid, &index), NO_ERROR))
            NC_TRUE(c, index == f->index, "LUID %s: index %lu, want %lu", nc_luid_str(f->luid, l),
                    (unsigned long)index, (unsigned long)f->index);
    }
}

static void name(struct nc_ctx *c)
{
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        char want[NC_NAME_CAP], a[NC_NAME_CAP], w8[NC_NAME_CAP], l[24];
        WCHAR w[NC_NAME_CAP];
        NET_LUID back;
        nc_expected_name(f->luid, want, sizeof(want));
        a[0] = 0;
        w[0] = 0;
        if (!NC_CODE(c, ConvertInterfaceLuidToNameA(&f->luid, a, NC_NAME_CAP), NO_ERROR) ||
            !NC_CODE(c, ConvertInterfaceLuidToNameW(&f->luid, w, NC_NAME_CAP), NO_ERROR))
            continue;
        nc_wcs_to(w8, sizeof(w8), w);
        NC_TRUE(c, strcmp(a, want) == 0 && strcmp(w8, want) == 0,
                "LUID %s: names \"%s\" (A) and \"%s\" (W), want \"%s\"", nc_luid_str(f->luid, l), a,
                w8, want);
        back.Value = 0;
        if (NC_CODE(c, ConvertInterfaceNameToLuidA(a, &back), NO_ERROR))
            NC_TRUE(c, back.Value == f->luid.Value, "\"%s\" (A) converts back to %s", a,
                    nc_luid_str(back, l));
        back.Value = 0;
        if (NC_CODE(c, ConvertInterfaceNameToLuidW(w, &back), NO_ERROR))
            NC_TRUE(c, back.Value == f->luid.Value, "\"%s\" (W) converts back to %s", w8,
                    nc_luid_str(back, l));
    }
}

static void alias(struct nc_ctx *c)
{
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        WCHAR w[NC_NAME_CAP];
        char w8[NC_NAME_CAP], l[24], l2[24];
        NET_LUID back;
        w[0] = 0;
        if (!NC_CODE(c, ConvertInterfaceLuidToAlias(&f->luid, w, NC_NAME_CAP), NO_ERROR))
            continue;
        nc_wcs_to(w8, sizeof(w8), w);
        NC_TRUE(c, w[0] != 0, "LUID %s: empty alias", nc_luid_str(f->luid, l));
        back.Value = 0;
        if (NC_CODE(c, ConvertInterfaceAliasToLuid(w, &back), NO_ERROR))
            NC_TRUE(c, back.Value == f->luid.Value, "alias \"%s\" of %s converts back to %s", w8,
                    nc_luid_str(f->luid, l), nc_luid_str(back, l2));
    }
}

static void guid(struct nc_ctx *c)
{
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        GUID g, g2;
        NET_LUID back;
        char l[24], l2[24];
        if (!NC_CODE(c, ConvertInterfaceLuidToGuid(&f->luid, &g), NO_ERROR))
            continue;
        back.Value = 0;
        if (!NC_CODE(c, ConvertInterfaceGuidToLuid(&g, &back), NO_ERROR) ||
            back.Value == f->luid.Value)
            continue;
        /* Windows 8 can give two interfaces one GUID (Wine's tests allow
         * it): then the LUID found must at least have that GUID. */
        if (ConvertInterfaceLuidToGuid(&back, &g2) != NO_ERROR || memcmp(&g, &g2, sizeof(g)) != 0)
            nc_fail(c, "the GUID of %s converts back to %s", nc_luid_str(f->luid, l),
                    nc_luid_str(back, l2));
    }
}

const struct nc_check nc_checks_roundtrip[] = {
    {"roundtrip.index-luid", index_luid, NC_NEED_IFACES, NC_WINE_TESTS,
     "every interface: ConvertInterfaceIndexToLuid and ConvertInterfaceLuidToIndex agree with "
     "the list"},
    {"roundtrip.name", name, NC_NEED_IFACES, NC_WINE_TESTS,
     "every interface: the LUID's name is \"<type>_<NetLuidIndex>\" (A and W) and converts "
     "back to the LUID"},
    {"roundtrip.alias", alias, NC_NEED_IFACES, NC_WINE_TESTS,
     "every interface: a non-empty alias that converts back to the LUID"},
    {"roundtrip.guid", guid, NC_NEED_IFACES, NC_WINE_TESTS,
     "every interface: a GUID that converts back to the LUID"},
    {NULL, NULL, 0, NULL, NULL},
};
