/*
 * cmd-route-rows.c - the route rows from the command line:
 *   route list [-4|-6] [dev IFNAME]              GetIpForwardTable2
 *   route show PREFIX [via ADDR] dev IFNAME      GetIpForwardEntry2
 *   route add  PREFIX [via ADDR] dev IFNAME [metric N] [lifetime S] [proto P]
 *                                                InitializeIpForwardEntry + Create
 *   route set  ... the same ...                  Initialize + key + fields + Set
 *   route del  PREFIX [via ADDR] dev IFNAME      DeleteIpForwardEntry2
 * The rows are built the way a ported program builds them; list prints
 * one ip(8)-like line per row, --json every field (route-fields.c).
 */
#include <inttypes.h>

#include "nioctl-route.h"

#define NIOCTL_INFINITE 0xFFFFFFFFu

#define NIOCTL_KEY_SYNOPSIS "PREFIX [via ADDR] dev IFNAME [-4|-6] [--json]"
#define NIOCTL_VALUES_SYNOPSIS \
    "PREFIX [via ADDR] dev IFNAME [metric N] [lifetime S] [proto P] [-4|-6] [--json]"

/* ---------------------------------------------------------- one line */
static bool nioctl_hop_is_zero(const SOCKADDR_INET *a)
{
    static const unsigned char zero[16];
    if (a->si_family == AF_INET)
        return a->Ipv4.sin_addr.s_addr == 0;
    if (a->si_family == AF_INET6)
        return memcmp(&a->Ipv6.sin6_addr, zero, 16) == 0;
    return true;
}

/* "default", a host route's bare address, else "address/length". */
static void nioctl_prefix_word(const IP_ADDRESS_PREFIX *p, char *buf, size_t cap)
{
    unsigned full = p->Prefix.si_family == AF_INET6 ? 128 : 32;
    char addr[NIOCTL_NAME_MAX];
    if (p->PrefixLength == 0) {
        snprintf(buf, cap, "default");
        return;
    }
    nioctl_addr_bare(&p->Prefix, addr, sizeof(addr));
    if (p->PrefixLength == full)
        snprintf(buf, cap, "%s", addr);
    else
        snprintf(buf, cap, "%s/%u", addr, (unsigned)p->PrefixLength);
}

void nioctl_route_line(FILE *out, const MIB_IPFORWARD_ROW2 *r, bool details)
{
    char prefix[NIOCTL_NAME_MAX + 8], hop[NIOCTL_NAME_MAX], alias[NIOCTL_NAME_MAX];
    const char *proto = nioctl_protocol_name(r->Protocol);
    nioctl_prefix_word(&r->DestinationPrefix, prefix, sizeof(prefix));
    fprintf(out, "%s%s", r->Loopback ? "local " : "", prefix);
    if (!nioctl_hop_is_zero(&r->NextHop)) {
        nioctl_addr_bare(&r->NextHop, hop, sizeof(hop));
        fprintf(out, " via %s", hop);
    }
    /* The index when the alias is unknown: dev takes it back. */
    if (nioctl_alias(&r->InterfaceLuid, alias, sizeof(alias)))
        fprintf(out, " dev %s", alias);
    else
        fprintf(out, " dev %lu", (unsigned long)r->InterfaceIndex);
    if (!details)
        return;
    fprintf(out, " metric %lu", (unsigned long)r->Metric);
    if (proto != NULL)
        fprintf(out, " proto %s", proto);
    else
        fprintf(out, " proto %d", (int)r->Protocol);
    if (r->ValidLifetime != NIOCTL_INFINITE)
        fprintf(out, " lifetime %lu", (unsigned long)r->ValidLifetime);
}

/* The rows kept by the filter, to stdout. */
static void nioctl_route_print_list(const MIB_IPFORWARD_TABLE2 *t, const NET_LUID *dev,
                                    bool json)
{
    struct nioctl_json j;
    if (json) {
        nioctl_json_init(&j, stdout);
        nioctl_json_begin_array(&j, NULL);
    }
    for (ULONG i = 0; t != NULL && i < t->NumEntries; i++) {
        const MIB_IPFORWARD_ROW2 *r = &t->Table[i];
        if (dev != NULL && r->InterfaceLuid.Value != dev->Value)
            continue;
        if (json) {
            nioctl_print_row_json(&j, NULL, &nioctl_fwd_table, r);
        } else {
            nioctl_route_line(stdout, r, true);
            fputc('\n', stdout);
        }
    }
    if (json) {
        nioctl_json_end_array(&j);
        nioctl_json_finish(&j);
    }
}

int nioctl_route_list(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route list",
                                  .synopsis = "nioctl route list [-4|-6] [dev IFNAME] [--json]"};
    PMIB_IPFORWARD_TABLE2 t = NULL;
    NET_LUID dev;
    NETIO_STATUS st;
    int rc = nioctl_route_parse(argc, argv, NIOCTL_RW_DEV_OPT, &a);
    if (rc != NIOCTL_EXIT_OK || a.o.help)
        goto out;
    if (a.dev != NULL && (rc = nioctl_route_dev_luid(&a, &dev)) != NIOCTL_EXIT_OK)
        goto out;
    st = GetIpForwardTable2(nioctl_opts_family(&a.o), &t);
    /* Windows answers ERROR_NOT_FOUND for a table without rows: print none. */
    if (st != NO_ERROR && st != ERROR_NOT_FOUND) {
        rc = nioctl_route_fail(&a, st, NULL);
        goto out;
    }
    nioctl_route_print_list(st == NO_ERROR ? t : NULL, a.dev ? &dev : NULL, a.o.json);
out:
    if (t != NULL)
        FreeMibTable(t);
    if (a.o.help)
        printf("usage: %s\n", a.synopsis);
    return rc;
}

/* --------------------------------------------------- show, add, set, del */
/* The row with the key, read back: Field: value lines or a JSON object. */
static int nioctl_route_print_entry(const struct nioctl_route_args *a, MIB_IPFORWARD_ROW2 *row)
{
    NETIO_STATUS st = GetIpForwardEntry2(row);
    if (st != NO_ERROR)
        return nioctl_route_fail(a, st, NULL);
    nioctl_print_row(&nioctl_fwd_table, row, a->o.json);
    return NIOCTL_EXIT_OK;
}

/* Parses a key command; *rc is the exit code when it returns false. */
static bool nioctl_route_keyed(int argc, char **argv, unsigned words,
                               struct nioctl_route_args *a, MIB_IPFORWARD_ROW2 *row, int *rc)
{
    *rc = nioctl_route_parse(argc, argv, NIOCTL_RW_PREFIX | NIOCTL_RW_VIA | NIOCTL_RW_DEV | words,
                             a);
    if (*rc == NIOCTL_EXIT_OK && a->o.help) {
        printf("usage: %s\n", a->synopsis);
        return false;
    }
    if (*rc == NIOCTL_EXIT_OK)
        *rc = nioctl_route_key(a, row);
    return *rc == NIOCTL_EXIT_OK;
}

int nioctl_route_show(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route show",
                                  .synopsis = "nioctl route show " NIOCTL_KEY_SYNOPSIS};
    MIB_IPFORWARD_ROW2 row;
    int rc;
    if (!nioctl_route_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    return nioctl_route_print_entry(&a, &row);
}

/* The values given on the command line, over Initialize's. */
static void nioctl_route_values(const struct nioctl_route_args *a, MIB_IPFORWARD_ROW2 *row)
{
    if (a->has_metric)
        row->Metric = a->metric;
    if (a->has_lifetime) /* the OS keeps one lifetime: both are it */
        row->ValidLifetime = row->PreferredLifetime = a->lifetime;
    if (a->has_proto)
        row->Protocol = a->proto;
}

int nioctl_route_add(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route add",
                                  .synopsis = "nioctl route add " NIOCTL_VALUES_SYNOPSIS};
    MIB_IPFORWARD_ROW2 row;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_route_keyed(argc, argv, NIOCTL_RW_VALUES, &a, &row, &rc))
        return rc;
    nioctl_route_values(&a, &row);
    st = CreateIpForwardEntry2(&row);
    if (st != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    return a.o.json ? nioctl_route_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

int nioctl_route_set(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route set",
                                  .synopsis = "nioctl route set " NIOCTL_VALUES_SYNOPSIS};
    MIB_IPFORWARD_ROW2 row, now;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_route_keyed(argc, argv, NIOCTL_RW_VALUES, &a, &row, &rc))
        return rc;
    if (!a.has_metric && !a.has_lifetime && !a.has_proto)
        return nioctl_route_usage_error(&a, "nothing to set (metric, lifetime or proto)");
    /* SetIpForwardEntry2 writes the lifetimes of every row it gets, and
     * Initialize's are infinite: without "lifetime", the route's own
     * (what is left of it) keeps it unchanged. */
    if (!a.has_lifetime) {
        now = row;
        if ((st = GetIpForwardEntry2(&now)) != NO_ERROR)
            return nioctl_route_fail(&a, st, NULL);
        row.ValidLifetime = now.ValidLifetime;
        row.PreferredLifetime = now.PreferredLifetime;
    }
    nioctl_route_values(&a, &row);
    st = SetIpForwardEntry2(&row);
    if (st != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    return a.o.json ? nioctl_route_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

int nioctl_route_del(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route del",
                                  .synopsis = "nioctl route del " NIOCTL_KEY_SYNOPSIS};
    MIB_IPFORWARD_ROW2 row, was;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_route_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    /* --json prints the row as it was, so it is read first. */
    was = row;
    if (a.o.json && (st = GetIpForwardEntry2(&was)) != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    st = DeleteIpForwardEntry2(&row);
    if (st != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    if (a.o.json)
        nioctl_print_row(&nioctl_fwd_table, &was, true);
    return NIOCTL_EXIT_OK;
}
