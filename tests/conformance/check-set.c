/* check-set.c - SetIpInterfaceEntry: argument codes, the values Windows
 * refuses, partial changes through InitializeIpInterfaceEntry, the
 * read-modify-write sequences of ported VPN clients, and privilege.
 *
 * The checks that change an interface make a veth pair of their own
 * (make-interface) and remove it when done, so that no change outlives
 * the check that made it. */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)

/* The two families the client sequences run for, in the order they do. */
static const ADDRESS_FAMILY fams[2] = {AF_INET, AF_INET6};

/* A veth of this check's own (both families bound), or 0 with a failure. */
static NET_IFINDEX made(struct nc_ctx *c, const char *name)
{
    NET_IFINDEX index = nc_fixture_make(name);
    if (index == 0)
        nc_fail(c, "could not make the interface %s", name);
    return index;
}

/* GetIpInterfaceEntry of (family, index) into *row, zeroed first. */
static bool get_row(struct nc_ctx *c, ADDRESS_FAMILY family, NET_IFINDEX index,
                    MIB_IPINTERFACE_ROW *row)
{
    memset(row, 0, sizeof(*row));
    row->Family = family;
    row->InterfaceIndex = index;
    return nc_expect_code(c, GetIpInterfaceEntry(row), NO_ERROR,
                          family == AF_INET ? "GetIpInterfaceEntry(IPv4)"
                                            : "GetIpInterfaceEntry(IPv6)");
}

/* A row from InitializeIpInterfaceEntry with the keys set: what ported
 * code hands to Set when it changes one field. */
static void init_keys(MIB_IPINTERFACE_ROW *row, ADDRESS_FAMILY family, NET_IFINDEX index)
{
    InitializeIpInterfaceEntry(row);
    row->Family = family;
    row->InterfaceIndex = index;
}

/* ------------------------------------------------------------------ codes */
static void args(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    NC_CODE(c, SetIpInterfaceEntry(NULL), ERROR_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_UNSPEC;
    row.InterfaceIndex = c->env->ifaces[0].index;
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    row.Family = NC_NOT_A_FAMILY;
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET; /* neither LUID nor index */
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET6;
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
}

static void unknown(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    init_keys(&row, AF_INET, c->env->bogus_index);
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    init_keys(&row, AF_INET6, 0);
    row.InterfaceLuid = c->env->bogus_luid;
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    /* The LUID wins, even with a valid index (as for Get). */
    init_keys(&row, AF_INET, c->env->ifaces[0].index);
    row.InterfaceLuid = c->env->bogus_luid;
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
}

static void unbound_family(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    init_keys(&row, AF_INET6, c->env->no_ipv6);
    NC_CODE(c, SetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
}

/* ----------------------------------------------------- values refused */
static void ipv4_site_prefix(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW before, row, after;
    NET_IFINDEX index = made(c, "nc-set-spl");
    if (index == 0 || !get_row(c, AF_INET, index, &before))
        goto out;
    /* The row Get reports, written back as it is: Windows reports
     * SitePrefixLength 64 on IPv4 and refuses it in Set. */
    row = before;
    if (before.SitePrefixLength != 0)
        nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER,
                       "SetIpInterfaceEntry(IPv4 row from Get, SitePrefixLength as read)");
    init_keys(&row, AF_INET, index);
    row.SitePrefixLength = 24;
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER,
                   "SetIpInterfaceEntry(IPv4, SitePrefixLength 24)");
    /* A refused Set changes nothing, even with a valid field beside. */
    init_keys(&row, AF_INET, index);
    row.SitePrefixLength = 24;
    row.NlMtu = before.NlMtu - 100;
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER,
                   "SetIpInterfaceEntry(IPv4, SitePrefixLength 24, NlMtu - 100)");
    if (get_row(c, AF_INET, index, &after))
        nc_rows_agree(c, &before, &after, "IPv4 after the refused Sets");
    /* Zeroed, as OpenVPN and wireguard-windows do: accepted. */
    row = before;
    row.SitePrefixLength = 0;
    nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                   "SetIpInterfaceEntry(IPv4 row from Get, SitePrefixLength 0)");
out:
    if (index)
        nc_fixture_remove("nc-set-spl");
}

static void ipv6_mtu_min(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW before, row, after;
    NET_IFINDEX index = made(c, "nc-set-mtu");
    if (index == 0 || !get_row(c, AF_INET6, index, &before))
        goto out;
    init_keys(&row, AF_INET6, index);
    row.NlMtu = 1279;
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER,
                   "SetIpInterfaceEntry(IPv6, NlMtu 1279)");
    init_keys(&row, AF_INET6, index);
    row.NlMtu = 576;
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER,
                   "SetIpInterfaceEntry(IPv6, NlMtu 576)");
    if (get_row(c, AF_INET6, index, &after))
        nc_rows_agree(c, &before, &after, "IPv6 after the refused Sets");
    /* 1280 itself is the minimum, and allowed. */
    init_keys(&row, AF_INET6, index);
    row.NlMtu = 1280;
    if (nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       "SetIpInterfaceEntry(IPv6, NlMtu 1280)") &&
        get_row(c, AF_INET6, index, &after))
        NC_TRUE(c, after.NlMtu == 1280, "IPv6 NlMtu %lu after setting 1280",
                (unsigned long)after.NlMtu);
out:
    if (index)
        nc_fixture_remove("nc-set-mtu");
}

/* -------------------------------------------------------- partial Set */
/* Initialize, the keys, one field: that field changes, nothing else. */
static void one_field(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW v4, v6, row, want, after;
    NET_LUID luid;
    NET_IFINDEX index = made(c, "nc-set-one");
    if (index == 0 || !get_row(c, AF_INET, index, &v4) || !get_row(c, AF_INET6, index, &v6))
        goto out;
    /* IPv4, by index: forwarding flipped. */
    init_keys(&row, AF_INET, index);
    row.ForwardingEnabled = !v4.ForwardingEnabled;
    if (nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       "SetIpInterfaceEntry(IPv4, ForwardingEnabled only)")) {
        NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR);
        NC_TRUE(c, row.InterfaceLuid.Value == luid.Value,
                "Set by index: InterfaceLuid 0x%llx on return, want 0x%llx (filled in)",
                (unsigned long long)row.InterfaceLuid.Value, (unsigned long long)luid.Value);
        want = v4;
        want.ForwardingEnabled = !v4.ForwardingEnabled;
        if (get_row(c, AF_INET, index, &after))
            nc_rows_agree(c, &want, &after, "IPv4 after setting ForwardingEnabled only");
        if (get_row(c, AF_INET6, index, &after))
            nc_rows_agree(c, &v6, &after, "IPv6 after setting IPv4 ForwardingEnabled only");
    }
    /* IPv6, by LUID: DAD transmits. */
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET6;
    row.InterfaceLuid = v6.InterfaceLuid;
    row.DadTransmits = v6.DadTransmits + 1;
    if (nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       "SetIpInterfaceEntry(IPv6, DadTransmits only)")) {
        want = v6;
        want.DadTransmits = v6.DadTransmits + 1;
        if (get_row(c, AF_INET6, index, &after))
            nc_rows_agree(c, &want, &after, "IPv6 after setting DadTransmits only");
    }
out:
    if (index)
        nc_fixture_remove("nc-set-one");
}

static void written_back_v6(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW before, row, after;
    NET_IFINDEX index = made(c, "nc-set-wb");
    if (index == 0 || !get_row(c, AF_INET6, index, &before))
        goto out;
    row = before;
    if (nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       "SetIpInterfaceEntry(IPv6 row from Get, unchanged)") &&
        get_row(c, AF_INET6, index, &after))
        nc_rows_agree(c, &before, &after, "IPv6 after writing back its own row");
out:
    if (index)
        nc_fixture_remove("nc-set-wb");
}

/* ---------------------------------------------------- client sequences */
/* Reads (family, index) and checks the fields a client set. */
struct nc_expect_row {
    ULONG mtu;            /* 0: not checked */
    int automatic_metric; /* -1: not checked */
    ULONG metric;         /* checked when automatic_metric is 0 */
    bool client_rd_dad;   /* RouterDiscoveryBehavior Disabled, DadTransmits 0 */
};

static void expect_row(struct nc_ctx *c, const char *client, ADDRESS_FAMILY family,
                       NET_IFINDEX index, const struct nc_expect_row *e)
{
    MIB_IPINTERFACE_ROW r;
    const char *fam = family == AF_INET ? "IPv4" : "IPv6";
    if (!get_row(c, family, index, &r))
        return;
    if (e->mtu)
        NC_TRUE(c, r.NlMtu == e->mtu, "%s, %s: NlMtu %lu after the sequence, want %lu", client,
                fam, (unsigned long)r.NlMtu, (unsigned long)e->mtu);
    if (e->automatic_metric >= 0)
        NC_TRUE(c, r.UseAutomaticMetric == (BOOLEAN)e->automatic_metric,
                "%s, %s: UseAutomaticMetric %u, want %d", client, fam,
                (unsigned)r.UseAutomaticMetric, e->automatic_metric);
    if (e->automatic_metric == 0)
        NC_TRUE(c, r.Metric == e->metric, "%s, %s: Metric %lu, want %lu", client, fam,
                (unsigned long)r.Metric, (unsigned long)e->metric);
    if (e->client_rd_dad) {
        NC_TRUE(c, r.RouterDiscoveryBehavior == RouterDiscoveryDisabled,
                "%s, %s: RouterDiscoveryBehavior %d, want RouterDiscoveryDisabled", client, fam,
                (int)r.RouterDiscoveryBehavior);
        NC_TRUE(c, r.DadTransmits == 0, "%s, %s: DadTransmits %lu, want 0", client, fam,
                (unsigned long)r.DadTransmits);
    }
}

/* expect_row for IPv4, then IPv6. */
static void expect_rows(struct nc_ctx *c, const char *client, NET_IFINDEX index,
                        const struct nc_expect_row *e)
{
    for (int f = 0; f < 2; f++)
        expect_row(c, client, fams[f], index, e);
}

/* OpenVPN: set_interface_metric (block_dns.c) and the interactive
 * service's MTU change: Initialize, Family, InterfaceIndex, Get,
 * SitePrefixLength = 0 on IPv4, the change, Set.  The metric goes back to
 * automatic with metric 0 at the end. */
static DWORD openvpn_get(MIB_IPINTERFACE_ROW *row, NET_IFINDEX index, ADDRESS_FAMILY family)
{
    DWORD err;
    init_keys(row, family, index);
    if ((err = GetIpInterfaceEntry(row)) != NO_ERROR)
        return err;
    if (family == AF_INET)
        row->SitePrefixLength = 0; /* "required for IPv4 as per MSDN" */
    return NO_ERROR;
}

static DWORD openvpn_metric(NET_IFINDEX index, ADDRESS_FAMILY family, ULONG metric)
{
    MIB_IPINTERFACE_ROW row;
    DWORD err;
    if ((err = openvpn_get(&row, index, family)) != NO_ERROR)
        return err;
    row.Metric = metric;
    row.UseAutomaticMetric = metric == 0;
    return SetIpInterfaceEntry(&row);
}

static DWORD openvpn_mtu(NET_IFINDEX index, ADDRESS_FAMILY family, ULONG mtu)
{
    MIB_IPINTERFACE_ROW row;
    DWORD err;
    if ((err = openvpn_get(&row, index, family)) != NO_ERROR)
        return err;
    row.NlMtu = mtu;
    return SetIpInterfaceEntry(&row);
}

/* The interface metric lives in the system-wide record (docs/set.md),
 * which only a privileged writer may make: in an unprivileged user's
 * namespace a metric Set is refused with 5, by design, and the clients'
 * sequences cannot run. */
static bool record_writable(struct nc_ctx *c)
{
    if (!c->env->user_ns)
        return true;
    nc_skip(c, "an unprivileged user's namespace: the metric's system-wide record needs a "
               "privileged writer (docs/set.md), so Set answers 5 here");
    return false;
}

static void openvpn(struct nc_ctx *c)
{
    NET_IFINDEX index = record_writable(c) ? made(c, "nc-set-ovpn") : 0;
    struct nc_expect_row e = {1400, 0, 3, false};
    if (index == 0)
        return;
    for (int f = 0; f < 2; f++) {
        nc_expect_code(c, openvpn_metric(index, fams[f], 3), NO_ERROR,
                       f ? "OpenVPN set_interface_metric(IPv6, 3)"
                         : "OpenVPN set_interface_metric(IPv4, 3)");
        nc_expect_code(c, openvpn_mtu(index, fams[f], 1400), NO_ERROR,
                       f ? "OpenVPN MTU(IPv6, 1400)" : "OpenVPN MTU(IPv4, 1400)");
    }
    expect_rows(c, "OpenVPN", index, &e);
    e.mtu = 0;
    e.automatic_metric = 1;
    for (int f = 0; f < 2; f++) {
        nc_expect_code(c, openvpn_metric(index, fams[f], 0), NO_ERROR,
                       f ? "OpenVPN set_interface_metric(IPv6, 0: automatic)"
                         : "OpenVPN set_interface_metric(IPv4, 0: automatic)");
        expect_row(c, "OpenVPN, metric restored", fams[f], index, &e);
    }
    nc_fixture_remove("nc-set-ovpn");
}

/* GetIpInterfaceEntry by LUID the way a client does it: the row from
 * InitializeIpInterfaceEntry (initialize) or zeroed, Family, InterfaceLuid. */
static bool client_get(struct nc_ctx *c, MIB_IPINTERFACE_ROW *row, bool initialize,
                       ADDRESS_FAMILY family, NET_LUID luid, const char *what)
{
    if (initialize)
        InitializeIpInterfaceEntry(row);
    else
        memset(row, 0, sizeof(*row));
    row->Family = family;
    row->InterfaceLuid = luid;
    return nc_expect_code(c, GetIpInterfaceEntry(row), NO_ERROR, what);
}

/* wireguard-windows: configureInterface (tunnel/addressconfig.go) through
 * winipcfg: Initialize, Family, InterfaceLuid, Get, SitePrefixLength = 0
 * (winipcfg's get() does it), then router discovery off, no DAD, M and O
 * flags off, the MTU, a manual metric 0, Set; once per family. */
static void wireguard(struct nc_ctx *c)
{
    NET_IFINDEX index = record_writable(c) ? made(c, "nc-set-wg") : 0;
    struct nc_expect_row e = {1420, 0, 0, true};
    NET_LUID luid;
    if (index == 0)
        return;
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR))
        goto out;
    for (int f = 0; f < 2; f++) {
        MIB_IPINTERFACE_ROW row;
        if (!client_get(c, &row, true, fams[f], luid, "wireguard-windows luid.IPInterface()"))
            continue;
        row.SitePrefixLength = 0;
        row.RouterDiscoveryBehavior = RouterDiscoveryDisabled;
        row.DadTransmits = 0;
        row.ManagedAddressConfigurationSupported = FALSE;
        row.OtherStatefulConfigurationSupported = FALSE;
        row.NlMtu = 1420;
        row.UseAutomaticMetric = FALSE;
        row.Metric = 0;
        nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       f ? "wireguard-windows ipif.Set() (IPv6)" : "wireguard-windows ipif.Set() (IPv4)");
    }
    expect_rows(c, "wireguard-windows", index, &e);
out:
    nc_fixture_remove("nc-set-wg");
}

/* Mullvad (talpid): a zeroed row with Family and InterfaceLuid, Get;
 * Metric 1, manual, SitePrefixLength 0 (both families), Set; then the MTU
 * the same way. */
static void mullvad(struct nc_ctx *c)
{
    NET_IFINDEX index = record_writable(c) ? made(c, "nc-set-mv") : 0;
    struct nc_expect_row e = {1380, 0, 1, false};
    NET_LUID luid;
    if (index == 0)
        return;
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR))
        goto out;
    for (int f = 0; f < 2; f++) {
        MIB_IPINTERFACE_ROW row;
        if (!client_get(c, &row, false, fams[f], luid, "Mullvad get_ip_interface_entry()"))
            continue;
        row.Metric = 1;
        row.UseAutomaticMetric = FALSE;
        row.SitePrefixLength = 0;
        nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       f ? "Mullvad set_interface_metric (IPv6, 1)"
                         : "Mullvad set_interface_metric (IPv4, 1)");
        if (!client_get(c, &row, false, fams[f], luid, "Mullvad get_ip_interface_entry()"))
            continue;
        row.NlMtu = 1380;
        row.SitePrefixLength = 0;
        nc_expect_code(c, SetIpInterfaceEntry(&row), NO_ERROR,
                       f ? "Mullvad set_mtu (IPv6, 1380)" : "Mullvad set_mtu (IPv4, 1380)");
    }
    expect_rows(c, "Mullvad", index, &e);
out:
    nc_fixture_remove("nc-set-mv");
}

/* ------------------------------------------------------------- privilege */
static void unprivileged_calls(struct nc_ctx *c, void *arg)
{
    const MIB_IPINTERFACE_ROW *v6 = arg;
    MIB_IPINTERFACE_ROW row;
    init_keys(&row, AF_INET, v6->InterfaceIndex);
    row.NlMtu = 1300;
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_ACCESS_DENIED,
                   "SetIpInterfaceEntry(IPv4, NlMtu 1300)");
    row = *v6; /* a change of nothing needs the privilege too */
    nc_expect_code(c, SetIpInterfaceEntry(&row), ERROR_ACCESS_DENIED,
                   "SetIpInterfaceEntry(IPv6 row from Get, unchanged)");
}

static void unprivileged(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW v4, v6, after;
    NET_IFINDEX index = made(c, "nc-set-priv");
    if (index == 0 || !get_row(c, AF_INET, index, &v4) || !get_row(c, AF_INET6, index, &v6))
        goto out;
    nc_fixture_unprivileged(c, unprivileged_calls, &v6);
    if (get_row(c, AF_INET, index, &after))
        nc_rows_agree(c, &v4, &after, "IPv4 after the refused Set");
out:
    if (index)
        nc_fixture_remove("nc-set-priv");
}

#define NC_SET_NEEDS (NC_NEED_SET | NC_NEED_ENTRY | NC_NEED_INIT)
#define NC_SET_MADE (NC_SET_NEEDS | NC_NEED_PRIVILEGE | NC_NEED_MAKE | NC_NEED_ETHERNET)

const struct nc_check nc_checks_set[] = {
    {"set.args", args, NC_NEED_SET | NC_NEED_IFACES, NC_MS("setipinterfaceentry"),
     "SetIpInterfaceEntry: NULL row, AF_UNSPEC, a non-family, neither LUID nor index -> 87"},
    {"set.unknown", unknown, NC_SET_NEEDS | NC_NEED_IFACES | NC_NEED_PRIVILEGE,
     NC_MS_DDI("setipinterfaceentry") " (STATUS_NOT_FOUND, Win32 1168), as "
     "GetIpInterfaceEntry answers on Windows (Wine tests, LUID wins); the user-mode page lists "
     "ERROR_FILE_NOT_FOUND for an interface not on the machine: not yet run on Windows",
     "SetIpInterfaceEntry: an index or a LUID no interface has (also a bogus LUID with a valid "
     "index) -> 1168"},
    {"set.unbound-family", unbound_family, NC_SET_NEEDS | NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE,
     NC_MS("setipinterfaceentry") " (ERROR_NOT_FOUND: the interface does not match the family)",
     "SetIpInterfaceEntry: AF_INET6 on an interface with IPv6 disabled -> 1168"},
    {"set.ipv4-site-prefix", ipv4_site_prefix, NC_SET_MADE,
     "observed: Windows refuses a non-zero IPv4 SitePrefixLength (stackoverflow.com/questions/"
     "54857292, cited by wireguard-windows' winipcfg; OpenVPN zeroes it, 'required for IPv4 as "
     "per MSDN')",
     "SetIpInterfaceEntry, IPv4: the row from Get as read (SitePrefixLength 64) or "
     "SitePrefixLength 24 -> 87, interface unchanged; SitePrefixLength 0 -> 0"},
    {"set.ipv6-mtu-min", ipv6_mtu_min, NC_SET_MADE,
     "issue 4 and docs/set.md: Windows' rule, an IPv6 NlMtu below 1280 (RFC 8200's minimum) "
     "-> ERROR_INVALID_PARAMETER; not yet run on Windows",
     "SetIpInterfaceEntry, IPv6: NlMtu 1279 or 576 -> 87, interface unchanged; 1280 -> 0"},
    {"set.one-field", one_field, NC_SET_MADE,
     NC_MS("initializeipinterfaceentry") " (initialize, then change the fields to modify and "
     "call SetIpInterfaceEntry); InterfaceLuid filled in: " NC_MS("setipinterfaceentry"),
     "Initialize, keys, one field (IPv4 ForwardingEnabled by index, IPv6 DadTransmits by "
     "LUID) -> 0; Get shows that field changed and no other, in either family"},
    {"set.written-back-v6", written_back_v6, NC_SET_MADE,
     "docs/set.md (a row from Get written back changes nothing and succeeds on IPv6), what "
     "ported clients' read-modify-write relies on; not yet run on Windows",
     "SetIpInterfaceEntry of the IPv6 row GetIpInterfaceEntry returned, unchanged -> 0; the row "
     "is the same afterwards"},
    {"set.openvpn", openvpn, NC_SET_MADE,
     "observed: OpenVPN's sequence (block_dns.c set_interface_metric, the interactive "
     "service's MTU message; issue 4)",
     "per family: Initialize, index, Get, SitePrefixLength 0 on IPv4, Metric 3 manual, Set; "
     "the same with NlMtu 1400; then the metric back to automatic -> all 0, values read back"},
    {"set.wireguard", wireguard, NC_SET_MADE,
     "observed: wireguard-windows' sequence (tunnel/addressconfig.go configureInterface through "
     "winipcfg; issue 4)",
     "per family: Initialize, LUID, Get, SitePrefixLength 0, RouterDiscoveryDisabled, "
     "DadTransmits 0, M and O flags FALSE, NlMtu 1420, Metric 0 manual, Set -> 0, values read "
     "back"},
    {"set.mullvad", mullvad, NC_SET_MADE,
     "observed: Mullvad's sequence (talpid's set_interface_metric and set_mtu; issue 4)",
     "per family: a zeroed row with LUID, Get, Metric 1 manual, SitePrefixLength 0, Set; Get, "
     "NlMtu 1380, SitePrefixLength 0, Set -> all 0, values read back"},
    {"set.unprivileged", unprivileged, NC_SET_MADE | NC_NEED_UNPRIV,
     NC_MS("setipinterfaceentry") " (ERROR_ACCESS_DENIED without administrative privileges)",
     "without the privilege (Linux: no CAP_NET_ADMIN): a change, and a row from Get written "
     "back unchanged -> 5; the interface is unchanged"},
    {NULL, NULL, 0, NULL, NULL},
};
