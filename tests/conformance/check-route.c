/* check-route.c - GetBestRoute2: argument codes, an unknown interface, a
 * source that is not this machine's, no route, and the route to the
 * loopback address with the interface given in each way ported code gives
 * it. */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)

static void addr4(SOCKADDR_INET *a, unsigned char b0, unsigned char b1, unsigned char b2,
                  unsigned char b3)
{
    const unsigned char b[4] = {b0, b1, b2, b3};
    memset(a, 0, sizeof(*a));
    a->Ipv4.sin_family = AF_INET;
    memcpy(&a->Ipv4.sin_addr, b, sizeof(b));
}

/* 2001:db8::<last> (documentation prefix) or ::1 (last 1, db8 false). */
static void addr6(SOCKADDR_INET *a, bool db8, unsigned char last)
{
    unsigned char b[16] = {0};
    if (db8) {
        b[0] = 0x20, b[1] = 0x01, b[2] = 0x0d, b[3] = 0xb8;
    }
    b[15] = last;
    memset(a, 0, sizeof(*a));
    a->Ipv6.sin6_family = AF_INET6;
    memcpy(&a->Ipv6.sin6_addr, b, sizeof(b));
}

static const char *ip4_str(const SOCKADDR_INET *a, char buf[16])
{
    const unsigned char *b = (const unsigned char *)&a->Ipv4.sin_addr;
    snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

static void args(struct nc_ctx *c)
{
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    addr4(&dst, 127, 0, 0, 1);
    NC_CODE(c, GetBestRoute2(NULL, 0, NULL, NULL, 0, &row, &src), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, NULL, &src), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, NULL), ERROR_INVALID_PARAMETER);
}

static void args_family(struct nc_ctx *c)
{
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    addr4(&dst, 127, 0, 0, 1);
    dst.si_family = AF_UNSPEC;
    nc_expect_code(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, &src), ERROR_INVALID_PARAMETER,
                   "GetBestRoute2(destination AF_UNSPEC)");
    dst.si_family = NC_NOT_A_FAMILY;
    nc_expect_code(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, &src), ERROR_INVALID_PARAMETER,
                   "GetBestRoute2(destination family 0x7FFF)");
}

static void unknown_interface(struct nc_ctx *c)
{
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    NET_LUID luid = c->env->bogus_luid;
    addr4(&dst, 127, 0, 0, 1);
    nc_expect_code(c, GetBestRoute2(NULL, c->env->bogus_index, NULL, &dst, 0, &row, &src),
                   ERROR_FILE_NOT_FOUND, "GetBestRoute2(NULL LUID, an index no interface has)");
    nc_expect_code(c, GetBestRoute2(&luid, 0, NULL, &dst, 0, &row, &src), ERROR_FILE_NOT_FOUND,
                   "GetBestRoute2(a LUID no interface has)");
}

static void source_not_local(struct nc_ctx *c)
{
    SOCKADDR_INET dst, src, best;
    MIB_IPFORWARD_ROW2 row;
    addr4(&dst, 127, 0, 0, 1);
    addr4(&src, 192, 0, 2, 1); /* TEST-NET-1: no machine has it */
    nc_expect_code(c, GetBestRoute2(NULL, 0, &src, &dst, 0, &row, &best), ERROR_NOT_FOUND,
                   "GetBestRoute2(source 192.0.2.1, to 127.0.0.1)");
    addr6(&dst, false, 1);
    addr6(&src, true, 1);
    nc_expect_code(c, GetBestRoute2(NULL, 0, &src, &dst, 0, &row, &best), ERROR_NOT_FOUND,
                   "GetBestRoute2(source 2001:db8::1, to ::1)");
}

static void no_route(struct nc_ctx *c)
{
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    addr4(&dst, 198, 51, 100, 1); /* TEST-NET-2 */
    nc_expect_code(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, &src), ERROR_NETWORK_UNREACHABLE,
                   "GetBestRoute2(198.51.100.1, no default route)");
    addr6(&dst, true, 0x99);
    nc_expect_code(c, GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, &src), ERROR_NETWORK_UNREACHABLE,
                   "GetBestRoute2(2001:db8::99, no default route)");
}

/* The route to 127.0.0.1 goes through the loopback interface, from
 * 127.0.0.1, by a prefix that holds it. */
static void through_loopback(struct nc_ctx *c, const char *how, NET_LUID *luid, NET_IFINDEX index)
{
    const unsigned char *p;
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    NET_LUID lo;
    char buf[16];
    addr4(&dst, 127, 0, 0, 1);
    memset(&row, 0, sizeof(row));
    memset(&src, 0, sizeof(src));
    if (!nc_expect_code(c, GetBestRoute2(luid, index, NULL, &dst, 0, &row, &src), NO_ERROR, how))
        return;
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(c->env->loopback, &lo), NO_ERROR))
        return;
    NC_TRUE(c, row.InterfaceIndex == c->env->loopback && row.InterfaceLuid.Value == lo.Value,
            "%s: the route goes through index %lu (LUID 0x%llx), want loopback %lu (0x%llx)", how,
            (unsigned long)row.InterfaceIndex, (unsigned long long)row.InterfaceLuid.Value,
            (unsigned long)c->env->loopback, (unsigned long long)lo.Value);
    p = (const unsigned char *)&row.DestinationPrefix.Prefix.Ipv4.sin_addr;
    NC_TRUE(c, row.DestinationPrefix.Prefix.si_family == AF_INET &&
                   row.DestinationPrefix.PrefixLength <= 32 &&
                   (row.DestinationPrefix.PrefixLength < 8 || p[0] == 127),
            "%s: prefix %s/%u, family %u: does not hold 127.0.0.1", how,
            ip4_str(&row.DestinationPrefix.Prefix, buf),
            (unsigned)row.DestinationPrefix.PrefixLength,
            (unsigned)row.DestinationPrefix.Prefix.si_family);
    NC_TRUE(c, src.si_family == AF_INET && memcmp(&src.Ipv4.sin_addr, &dst.Ipv4.sin_addr, 4) == 0,
            "%s: source %s (family %u), want 127.0.0.1", how, ip4_str(&src, buf),
            (unsigned)src.si_family);
}

static void loopback(struct nc_ctx *c)
{
    NET_LUID luid;
    through_loopback(c, "GetBestRoute2(NULL LUID, index 0, to 127.0.0.1)", NULL, 0);
    through_loopback(c, "GetBestRoute2(NULL LUID, loopback index, to 127.0.0.1)", NULL,
                     c->env->loopback);
    luid.Value = 0;
    through_loopback(c, "GetBestRoute2(zero LUID, loopback index, to 127.0.0.1)", &luid,
                     c->env->loopback);
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(c->env->loopback, &luid), NO_ERROR))
        through_loopback(c, "GetBestRoute2(loopback LUID, index 0, to 127.0.0.1)", &luid, 0);
}

const struct nc_check nc_checks_route[] = {
    {"route.args", args, 0, NC_MS("getbestroute2") " (ERROR_INVALID_PARAMETER)",
     "GetBestRoute2: a NULL DestinationAddress, BestRoute or BestSourceAddress -> 87"},
    {"route.args-family", args_family, NC_NEED_ROUTE,
     NC_MS("getbestroute2") " (ERROR_INVALID_PARAMETER)",
     "GetBestRoute2: a destination of AF_UNSPEC or of family 0x7FFF -> 87"},
    {"route.unknown-interface", unknown_interface, NC_NEED_ROUTE,
     NC_MS("getbestroute2") " (ERROR_FILE_NOT_FOUND)",
     "GetBestRoute2: an index (NULL LUID pointer) or a LUID no interface has -> 2"},
    {"route.source-not-local", source_not_local, NC_NEED_ROUTE | NC_NEED_LOOPBACK,
     "observed on Windows (docs/status-codes.md; not on Microsoft's page)",
     "GetBestRoute2 from 192.0.2.1 to 127.0.0.1, and from 2001:db8::1 to ::1 (sources no "
     "interface has) -> 1168"},
    {"route.no-route", no_route, NC_NEED_ROUTE | NC_NEED_NO_DEFROUTE,
     "observed on Windows (docs/status-codes.md; not on Microsoft's page)",
     "GetBestRoute2 to 198.51.100.1 and 2001:db8::99 without a default route -> 1231"},
    {"route.loopback", loopback, NC_NEED_ROUTE | NC_NEED_LOOPBACK,
     NC_MS("getbestroute2") " (InterfaceLuid optional); the interface as ported code gives it: "
     "a NULL LUID pointer (wireguard-windows, Tailscale), a zero LUID and an index (OpenVPN)",
     "GetBestRoute2 to 127.0.0.1 with a NULL LUID pointer (index 0 or loopback's), a zero LUID "
     "and loopback's index, or loopback's LUID -> 0, through loopback, from 127.0.0.1"},
    {NULL, NULL, 0, NULL, NULL},
};
