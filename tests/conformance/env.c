/* env.c - what a run has to work with: the fixture, the interfaces, and
 * which needs this platform can meet.  A need is "missing" only where the
 * platform is known not to answer (ERROR_NOT_SUPPORTED, a function it does
 * not export, an interface it cannot create); any other failure is left to
 * the checks, which report it as a failure. */
#include <stdlib.h>

#include "conformance.h"

/* A LUID of a plausible shape (ethernet, NetLuidIndex 0xFFFFF0) and an
 * index that no machine running the suite has. */
#define NC_BOGUS_INDEX 0x7FFFFF00u
#define NC_BOGUS_LUID ((6ull << 48) | (0xFFFFF0ull << 24))

static bool nc_env_has_luid(const struct nc_env *env, ULONG64 luid)
{
    for (size_t i = 0; i < env->n_ifaces; i++)
        if (env->ifaces[i].luid.Value == luid)
            return true;
    return false;
}

/* One entry per interface (the table has one per interface and family). */
static void nc_env_add(struct nc_env *env, NET_LUID luid, NET_IFINDEX index)
{
    if (nc_env_has_luid(env, luid.Value))
        return;
    env->ifaces[env->n_ifaces].luid = luid;
    env->ifaces[env->n_ifaces].index = index;
    env->n_ifaces++;
}

/* The interfaces, from GetIpInterfaceTable; records whether the table
 * answers at all. */
static bool nc_env_from_table(struct nc_env *env)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    DWORD err = GetIpInterfaceTable(AF_UNSPEC, &t);
    if (err == ERROR_NOT_SUPPORTED) {
        if (env->wine)
            nc_env_missing(env, NC_NEED_TABLE,
                           "Wine %s: GetIpInterfaceTable answers ERROR_NOT_SUPPORTED (50)",
                           env->wine_version);
        else
            nc_env_missing(env, NC_NEED_TABLE,
                           "GetIpInterfaceTable answers ERROR_NOT_SUPPORTED (50) here");
        return false;
    }
    if (err != NO_ERROR || t == NULL)
        return false; /* a failure: the table checks will say so */
    env->ifaces = calloc(t->NumEntries ? t->NumEntries : 1, sizeof(*env->ifaces));
    if (env->ifaces != NULL) {
        for (ULONG i = 0; i < t->NumEntries; i++)
            nc_env_add(env, t->Table[i].InterfaceLuid, t->Table[i].InterfaceIndex);
        env->ifaces_source = "GetIpInterfaceTable";
    }
    FreeMibTable(t);
    return env->ifaces != NULL;
}

/* Whether GetBestRoute2 answers at all: Wine 8.0 checks the arguments and
 * then answers ERROR_NOT_SUPPORTED, which is not an answer to check. */
static void nc_env_route(struct nc_env *env)
{
    static const unsigned char loopback[4] = {127, 0, 0, 1};
    SOCKADDR_INET dst, src;
    MIB_IPFORWARD_ROW2 row;
    memset(&dst, 0, sizeof(dst));
    dst.Ipv4.sin_family = AF_INET;
    memcpy(&dst.Ipv4.sin_addr, loopback, sizeof(loopback));
    if (GetBestRoute2(NULL, 0, NULL, &dst, 0, &row, &src) != ERROR_NOT_SUPPORTED)
        return;
    if (env->wine)
        nc_env_missing(env, NC_NEED_ROUTE,
                       "Wine %s: GetBestRoute2 is a stub past its NULL-pointer checks: it "
                       "answers ERROR_NOT_SUPPORTED (50)",
                       env->wine_version);
    else
        nc_env_missing(env, NC_NEED_ROUTE, "GetBestRoute2 answers ERROR_NOT_SUPPORTED (50) here");
}

/* Whether the route table answers at all: this library answers
 * ERROR_NOT_SUPPORTED until an OS's route back end is written. */
static void nc_env_route_table(struct nc_env *env)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    DWORD err = GetIpForwardTable2(AF_UNSPEC, &t);
    if (err == NO_ERROR && t != NULL)
        FreeMibTable(t);
    if (err == ERROR_NOT_SUPPORTED)
        nc_env_missing(env, NC_NEED_FWD_TABLE,
                       "GetIpForwardTable2 answers ERROR_NOT_SUPPORTED (50) here");
}

/* Whether the address table answers at all: this library answers
 * ERROR_NOT_SUPPORTED where an OS's address back end is not written. */
static void nc_env_addr_table(struct nc_env *env)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    DWORD err = GetUnicastIpAddressTable(AF_UNSPEC, &t);
    if (err == NO_ERROR && t != NULL)
        FreeMibTable(t);
    if (err == ERROR_NOT_SUPPORTED)
        nc_env_missing(env, NC_NEED_ADDR_TABLE,
                       "GetUnicastIpAddressTable answers ERROR_NOT_SUPPORTED (50) here");
}

/* Whether GetBestInterfaceEx routes: Wine 8.0's answers IPv4 from the main
 * table (read from /proc) and ERROR_NOT_SUPPORTED for every other family,
 * so it is not the OS's route choice that GetBestRoute2 makes. */
static void nc_env_best_interface(struct nc_env *env)
{
    SOCKADDR_INET dst;
    DWORD index = 0;
    memset(&dst, 0, sizeof(dst));
    dst.Ipv6.sin6_family = AF_INET6;
    dst.Ipv6.sin6_addr.s6_addr[15] = 1; /* ::1 */
    if (GetBestInterfaceEx((struct sockaddr *)&dst.Ipv6, &index) != ERROR_NOT_SUPPORTED)
        return;
    if (env->wine)
        nc_env_missing(env, NC_NEED_BEST_IF,
                       "Wine %s: GetBestInterfaceEx answers ERROR_NOT_SUPPORTED (50) for IPv6 "
                       "(and IPv4 from its own reading of the main table)",
                       env->wine_version);
    else
        nc_env_missing(env, NC_NEED_BEST_IF,
                       "GetBestInterfaceEx answers ERROR_NOT_SUPPORTED (50) for IPv6 here");
}

static VOID WINAPI nc_env_ignore_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row,
                                       MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

void nc_env_probe_route_notify(struct nc_env *env)
{
    HANDLE h = NULL;
    DWORD err = NotifyRouteChange2(AF_INET, nc_env_ignore_route, NULL, FALSE, &h);
    if (err == NO_ERROR && h != NULL) {
        CancelMibChangeNotify2(h);
        return;
    }
    if (err == ERROR_NOT_SUPPORTED)
        nc_env_missing(env, NC_NEED_FWD_NOTIFY,
                       "NotifyRouteChange2 answers ERROR_NOT_SUPPORTED (50) here");
    else if (err == NO_ERROR && env->wine)
        nc_env_missing(env, NC_NEED_FWD_NOTIFY,
                       "Wine %s: NotifyRouteChange2 is a stub: it answers NO_ERROR with a NULL "
                       "handle, which Windows never does",
                       env->wine_version);
    else if (err == NO_ERROR && env->windows)
        nc_env_missing(env, NC_NEED_FWD_NOTIFY,
                       "NotifyRouteChange2 answers NO_ERROR with a NULL handle here (a stub)");
    /* Any other answer is the checks' to judge (this library's NULL handle
     * with NO_ERROR included). */
}

static VOID WINAPI nc_env_ignore(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

void nc_env_probe_notify(struct nc_env *env)
{
    HANDLE h = NULL;
    DWORD err;
    if (!env->windows)
        return;
    err = NotifyIpInterfaceChange(AF_INET, nc_env_ignore, NULL, FALSE, &h);
    if (err == NO_ERROR && h != NULL) {
        CancelMibChangeNotify2(h);
        return;
    }
    if (err != NO_ERROR)
        return; /* an answer: the checks will say whether it is the right one */
    if (env->wine)
        nc_env_missing(env, NC_NEED_NOTIFY,
                       "Wine %s: NotifyIpInterfaceChange is a stub: it answers NO_ERROR with a "
                       "NULL handle, which Windows never does",
                       env->wine_version);
    else
        nc_env_missing(env, NC_NEED_NOTIFY,
                       "NotifyIpInterfaceChange answers NO_ERROR with a NULL handle here (a stub)");
}

void nc_env_init(struct nc_env *env, bool make_fixture)
{
    memset(env, 0, sizeof(*env));
    nc_os_init(env);
    if (make_fixture)
        nc_fixture_setup(env);
    if (!nc_env_from_table(env) && !nc_os_ifaces(env))
        nc_env_missing(env, NC_NEED_IFACES, "no interface list: GetIpInterfaceTable failed%s",
                       env->windows ? " and so did GetIfTable2" : "");
    env->loopback = nc_os_loopback_index();
    if (env->loopback == 0)
        nc_env_missing(env, NC_NEED_LOOPBACK, "no loopback interface here");
    nc_env_route(env);
    nc_env_route_table(env);
    nc_env_best_interface(env);
    nc_env_addr_table(env);
    env->bogus_index = NC_BOGUS_INDEX;
    env->bogus_luid.Value = NC_BOGUS_LUID;
    for (size_t i = 0; i < env->n_ifaces; i++)
        if (env->ifaces[i].index == NC_BOGUS_INDEX || env->ifaces[i].luid.Value == NC_BOGUS_LUID)
            nc_env_missing(env, NC_NEED_IFACES, "an interface has the suite's bogus key");
}
