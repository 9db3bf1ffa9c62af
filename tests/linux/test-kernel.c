/* test-kernel.c - the public API against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else, builds its interfaces there
 * with ip(8) and /proc/sys/net writes, and checks every row and conversion
 * against what the kernel says through sources the library does not use:
 * /proc/sys/net/ipv{4,6}/{conf,neigh}/<if>/ and `ip -d -j link show`.  The
 * host's interfaces are never touched: nothing runs before unshare()
 * succeeds, and the namespace must hold lo alone when the fixture starts.
 * Without root (CAP_SYS_ADMIN) the program skips, says why and exits 0.
 *
 * The fixture:
 *   lo      up
 *   va, vb  a veth pair, up; va MTU 1400, IPv4 and IPv6 forwarding, DAD 2,
 *           accept_ra 2, neighbour base reachable 12345 ms and retransmit
 *           2345 ms for both families; IPv6 disabled on vb
 *   t0      a tun device nobody holds open (optional: /dev/net/tun)
 *   br0     a bridge without ports, up, IPv6 forwarding with accept_ra 1
 *           (optional: bridge module)
 *   sa, sb  a veth pair with MTU 1200, so the kernel drops its IPv6 device
 *   bx, by  a veth pair with indexes 20000000 and 2^31-1, above the 24 bits
 *           of NetLuidIndex
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

#define MAX_LINKS 32
#define NAME_MAX_LEN 32
#define ROW_BUF (NDIS_IF_MAX_STRING_SIZE + 1)

/* What the fixture managed to build. */
static bool have_tun, have_bridge;

/* ------------------------------------------------------------- helpers */
static bool proc_exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool proc_exists(const char *fmt, ...)
{
    char path[256];
    struct stat st;
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0;
}

/* ns_proc_u32 that must succeed. */
static uint32_t proc_need(const char *fam, const char *dir, const char *ifname, const char *knob)
{
    uint32_t v = 0;
    if (!ns_proc_u32(&v, "/proc/sys/net/%s/%s/%s/%s", fam, dir, ifname, knob))
        fail_msg("/proc/sys/net/%s/%s/%s/%s: unreadable", fam, dir, ifname, knob);
    return v;
}

/* ----------------------------------------------------- ip -d -j link show */
/* What `ip -d -j link show` says about one interface. */
struct jlink {
    unsigned index;
    char name[NAME_MAX_LEN];
    unsigned mtu;
    bool up, noarp;
    char operstate[32], link_type[32], kind[32];
};

/* The value after "key": in a JSON object printed by ip(8).  ip prints
 * the top-level keys this test reads before any nested object. */
static const char *json_value(const char *obj, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof(pat), "\"%s\":", key);
    p = strstr(obj, pat);
    return p ? p + strlen(pat) : NULL;
}

static bool json_string(const char *obj, const char *key, char *out, size_t cap)
{
    const char *v = json_value(obj, key);
    size_t n = 0;
    if (v == NULL || *v != '"')
        return false;
    for (v++; *v != '"' && *v != '\0' && n + 1 < cap; v++)
        out[n++] = *v;
    out[n] = '\0';
    return *v == '"';
}

static bool json_uint(const char *obj, const char *key, unsigned *out)
{
    const char *v = json_value(obj, key);
    return v != NULL && sscanf(v, "%u", out) == 1;
}

/* A flag in the "flags" array, e.g. "UP" (not matched by "LOWER_UP"). */
static bool json_flag(const char *obj, const char *flag)
{
    const char *v = json_value(obj, "flags"), *end;
    char pat[32];
    const char *hit;
    if (v == NULL || (end = strchr(v, ']')) == NULL)
        return false;
    snprintf(pat, sizeof(pat), "\"%s\"", flag);
    hit = strstr(v, pat);
    return hit != NULL && hit < end;
}

static bool jlink_parse(const char *obj, struct jlink *j)
{
    memset(j, 0, sizeof(*j));
    if (!json_uint(obj, "ifindex", &j->index) || !json_string(obj, "ifname", j->name,
                                                               sizeof(j->name)) ||
        !json_uint(obj, "mtu", &j->mtu) || !json_string(obj, "operstate", j->operstate,
                                                         sizeof(j->operstate)) ||
        !json_string(obj, "link_type", j->link_type, sizeof(j->link_type)))
        return false;
    j->up = json_flag(obj, "UP");
    j->noarp = json_flag(obj, "NOARP");
    if (!json_string(obj, "info_kind", j->kind, sizeof(j->kind)))
        j->kind[0] = '\0';
    return true;
}

/* Every interface of the namespace, from one `ip -d -j link show`: splits
 * the top-level array into objects by brace depth, outside strings. */
static size_t jlink_all(struct jlink *out, size_t cap)
{
    char *js = ns_sh_out("ip -d -j link show");
    size_t n = 0;
    int depth = 0;
    bool in_str = false;
    char *start = NULL;
    assert_non_null(js);
    for (char *p = js; *p != '\0'; p++) {
        if (in_str) {
            if (*p == '\\' && p[1] != '\0')
                p++;
            else if (*p == '"')
                in_str = false;
        } else if (*p == '"') {
            in_str = true;
        } else if (*p == '{') {
            if (depth++ == 0)
                start = p;
        } else if (*p == '}' && --depth == 0) {
            char save = p[1];
            p[1] = '\0';
            assert_true(n < cap);
            if (!jlink_parse(start, &out[n]))
                fail_msg("ip -d -j link show: cannot read %s", start);
            n++;
            p[1] = save;
        }
    }
    free(js);
    return n;
}

static bool jlink_get(const char *name, struct jlink *j)
{
    char *js = ns_sh_out("ip -d -j link show dev %s 2>/dev/null", name);
    bool ok = js != NULL && jlink_parse(js, j);
    free(js);
    return ok;
}

static struct jlink jlink_need(const char *name)
{
    struct jlink j;
    if (!jlink_get(name, &j))
        fail_msg("ip link show dev %s: no such interface", name);
    return j;
}

/* The kernel's IFF_RUNNING (ip hides it): up, operationally up or unknown. */
static bool jlink_running(const struct jlink *j)
{
    return j->up && (strcmp(j->operstate, "UP") == 0 || strcmp(j->operstate, "UNKNOWN") == 0);
}

static bool jlink_loopback(const struct jlink *j)
{
    return strcmp(j->link_type, "loopback") == 0;
}

/* The IANA ifType this project documents for a Linux link; 0 when it
 * names none for it. */
static unsigned jlink_iftype(const struct jlink *j)
{
    if (jlink_loopback(j))
        return IF_TYPE_SOFTWARE_LOOPBACK;
    if (strcmp(j->link_type, "none") == 0)
        return IF_TYPE_PROP_VIRTUAL;
    if (strcmp(j->link_type, "ether") != 0)
        return 0;
    if (strcmp(j->kind, "bridge") == 0)
        return IF_TYPE_BRIDGE;
    if (strcmp(j->kind, "vlan") == 0)
        return IF_TYPE_L2_VLAN;
    if (strcmp(j->kind, "bond") == 0 || strcmp(j->kind, "team") == 0)
        return IF_TYPE_IEEE8023AD_LAG;
    return IF_TYPE_ETHERNET_CSMACD;
}

/* Whether the kernel has the family bound on the interface, per /proc. */
static bool os_has_family(const struct jlink *j, ADDRESS_FAMILY family)
{
    uint32_t disabled = 0;
    if (family == AF_INET)
        return proc_exists("/proc/sys/net/ipv4/conf/%s", j->name);
    if (!proc_exists("/proc/sys/net/ipv6/conf/%s", j->name))
        return false;
    return ns_proc_u32(&disabled, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", j->name) &&
           disabled == 0;
}

/* ----------------------------------------------------------------- rows */
static MIB_IPINTERFACE_ROW key_row(ADDRESS_FAMILY family, uint64_t luid, unsigned index)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceLuid.Value = luid;
    row.InterfaceIndex = index;
    return row;
}

static MIB_IPINTERFACE_ROW get_row(ADDRESS_FAMILY family, unsigned index)
{
    MIB_IPINTERFACE_ROW row = key_row(family, 0, index);
    DWORD st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        fail_msg("GetIpInterfaceEntry(family %u, index %u): %lu", family, index,
                 (unsigned long)st);
    return row;
}

/* Two rows of the same key are equal byte for byte, but for the IPv6
 * ReachableTime the kernel draws again from time to time. */
static void assert_same_row(const MIB_IPINTERFACE_ROW *a, const MIB_IPINTERFACE_ROW *b)
{
    MIB_IPINTERFACE_ROW x = *a, y = *b;
    if (x.Family == AF_INET6)
        x.ReachableTime = y.ReachableTime = 0;
    assert_memory_equal(&x, &y, sizeof(x));
}

static const char *fam_dir(ADDRESS_FAMILY family)
{
    return family == AF_INET ? "ipv4" : "ipv6";
}

/* Every field of a row that Linux knows, against /proc and ip(8). */
static void check_row(const struct jlink *j, const MIB_IPINTERFACE_ROW *row)
{
    const char *fam = fam_dir(row->Family);
    bool v6 = row->Family == AF_INET6, lo = jlink_loopback(j);
    uint32_t base = proc_need(fam, "neigh", j->name, "base_reachable_time_ms");
    uint32_t fwd = proc_need(fam, "conf", j->name, "forwarding"), force = 0;
    print_message("  %s %s\n", j->name, v6 ? "IPv6" : "IPv4");
    assert_int_equal(row->InterfaceIndex, j->index);
    /* docs/luid.md: an index above 2^24-1 keeps its high bits in Reserved. */
    assert_int_equal(row->InterfaceLuid.Info.NetLuidIndex, j->index & 0xFFFFFFu);
    assert_int_equal(row->InterfaceLuid.Info.Reserved, j->index >> 24);
    if (jlink_iftype(j) != 0)
        assert_int_equal(row->InterfaceLuid.Info.IfType, jlink_iftype(j));
    if (v6 && ns_proc_u32(&force, "/proc/sys/net/ipv6/conf/%s/force_forwarding", j->name))
        fwd |= force;
    assert_int_equal(row->ForwardingEnabled, fwd != 0);
    assert_int_equal(row->NlMtu, v6 ? proc_need("ipv6", "conf", j->name, "mtu") : j->mtu);
    assert_int_equal(row->BaseReachableTime, base);
    assert_int_equal(row->RetransmitTime, proc_need(fam, "neigh", j->name, "retrans_time_ms"));
    /* The kernel draws reachable_time in [base/2, 3*base/2). */
    assert_in_range(row->ReachableTime, base / 2, base * 3 / 2);
    assert_int_equal(row->Connected, jlink_running(j));
    assert_int_equal(row->SupportsNeighborDiscovery, !lo && !j->noarp);
    assert_int_equal(row->UseNeighborUnreachabilityDetection, !lo && !j->noarp);
    assert_int_equal(row->ZoneIndices[ScopeLevelLink], j->index);
    assert_int_equal(row->ZoneIndices[ScopeLevelInterface], v6 ? j->index : 0);
    if (v6) {
        uint32_t ra = proc_need("ipv6", "conf", j->name, "accept_ra");
        uint32_t mode = proc_need("ipv6", "conf", j->name, "addr_gen_mode");
        /* Loopback: no router discovery, whatever its knob says (ipif.c). */
        bool rd = !lo && (ra == 2 || (ra == 1 && !fwd));
        /* Loopback and IFF_NOARP interfaces: no DAD, whatever the knob says
         * (the kernel's addrconf_dad_begin skips them; issue 15). */
        assert_int_equal(row->DadTransmits, lo || j->noarp
                                                ? 0
                                                : proc_need("ipv6", "conf", j->name,
                                                            "dad_transmits"));
        assert_int_equal(row->RouterDiscoveryBehavior,
                         rd ? RouterDiscoveryEnabled : RouterDiscoveryDisabled);
        /* Linux never gives lo an fe80:: address, whatever its mode. */
        assert_int_equal(row->LinkLocalAddressBehavior,
                         lo || mode == 1 ? LinkLocalAlwaysOff : LinkLocalAlwaysOn);
        /* No router advertises in this namespace. */
        assert_false(row->ManagedAddressConfigurationSupported);
        assert_false(row->OtherStatefulConfigurationSupported);
        assert_int_equal(row->MaxReassemblySize, 65535); /* IPV6_MAXPLEN */
    } else {
        /* The kernel never probes, discovers routers or configures
         * 169.254/16 for IPv4. */
        assert_int_equal(row->DadTransmits, 0);
        assert_int_equal(row->RouterDiscoveryBehavior, RouterDiscoveryDisabled);
        assert_int_equal(row->LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    }
}

/* ------------------------------------------------------------- fixture */
static const char *const base_cmds[] = {
    "ip link set lo up",
    "ip link add va mtu 1400 type veth peer name vb",
    "ip link add sa type veth peer name sb",
    "ip link set sa mtu 1200",
    "ip link set sb mtu 1200",
    "ip link add bx index 20000000 type veth peer name by index 2147483647",
    "ip link add na type veth peer name nb",
    "ip link set na arp off",
};

static bool fixture_proc(void)
{
    static const char *const fams[] = {"ipv4", "ipv6"};
    bool ok = ns_proc_write("1", "/proc/sys/net/ipv6/conf/vb/disable_ipv6") &&
              ns_proc_write("1", "/proc/sys/net/ipv4/conf/va/forwarding") &&
              ns_proc_write("1", "/proc/sys/net/ipv6/conf/va/forwarding") &&
              ns_proc_write("2", "/proc/sys/net/ipv6/conf/va/dad_transmits") &&
              ns_proc_write("2", "/proc/sys/net/ipv6/conf/va/accept_ra");
    for (size_t i = 0; ok && i < 2; i++)
        ok = ns_proc_write("12345", "/proc/sys/net/%s/neigh/va/base_reachable_time_ms",
                        fams[i]) &&
             ns_proc_write("2345", "/proc/sys/net/%s/neigh/va/retrans_time_ms", fams[i]);
    return ok;
}

/* Waits until `ip link show` stops changing (carrier and operational state
 * reach their final values through the kernel's link watch, up to a second
 * later). */
static void settle(void)
{
    char *prev = NULL;
    for (int i = 0; i < 40; i++) {
        char *now = ns_sh_out("ip -j link show");
        bool same = prev != NULL && now != NULL && strcmp(prev, now) == 0;
        free(prev);
        prev = now;
        if (same)
            break;
        ns_sleep_ms(300);
    }
    free(prev);
}

static int fixture_setup(void **state)
{
    struct jlink links[MAX_LINKS];
    (void)state;
    /* A fresh namespace holds lo alone; anything else means this is not
     * the throwaway namespace, and nothing may be changed. */
    if (jlink_all(links, MAX_LINKS) != 1 || strcmp(links[0].name, "lo") != 0) {
        fprintf(stderr, "test-kernel: the namespace is not fresh; refusing to touch it\n");
        return -1;
    }
    for (size_t i = 0; i < sizeof(base_cmds) / sizeof(base_cmds[0]); i++)
        if (ns_sh("%s", base_cmds[i]) != 0) {
            fprintf(stderr, "test-kernel: `%s` failed\n", base_cmds[i]);
            return -1;
        }
    if (!fixture_proc())
        return -1;
    if (ns_sh("ip link set va up && ip link set vb up") != 0)
        return -1;
    have_tun = ns_sh("ip tuntap add mode tun name t0 && ip link set t0 up") == 0;
    if (!have_tun)
        fprintf(stderr, "test-kernel: no tun device (/dev/net/tun?): its checks are skipped\n");
    have_bridge = ns_sh("ip link add br0 type bridge && ip link set br0 up") == 0;
    if (!have_bridge)
        fprintf(stderr, "test-kernel: no bridge (module?): its checks are skipped\n");
    /* accept_ra 1 (the default) on a forwarding interface: no router
     * discovery. */
    if (have_bridge && !ns_proc_write("1", "/proc/sys/net/ipv6/conf/br0/forwarding"))
        return -1;
    settle();
    return 0;
}

/* --------------------------------------------------------------- tests */
/* Every interface and family: a row exactly when the kernel binds the
 * family, and every field Linux knows equal to what /proc and ip say.
 * The same row by LUID alone. */
static void test_rows_match_os(void **state)
{
    struct jlink links[MAX_LINKS];
    size_t n = jlink_all(links, MAX_LINKS);
    static const ADDRESS_FAMILY families[] = {AF_INET, AF_INET6};
    (void)state;
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < 2; f++) {
            MIB_IPINTERFACE_ROW row = key_row(families[f], 0, links[i].index), by_luid;
            DWORD st = GetIpInterfaceEntry(&row);
            if (!os_has_family(&links[i], families[f])) {
                print_message("  %s family %u: not bound\n", links[i].name, families[f]);
                assert_int_equal(st, ERROR_NOT_FOUND);
                continue;
            }
            assert_int_equal(st, NO_ERROR);
            check_row(&links[i], &row);
            by_luid = key_row(families[f], row.InterfaceLuid.Value, 0);
            assert_int_equal(GetIpInterfaceEntry(&by_luid), NO_ERROR);
            assert_same_row(&row, &by_luid);
        }
}

/* The values the fixture set, read back through the API. */
static void test_fixture_values(void **state)
{
    struct jlink va = jlink_need("va"), lo = jlink_need("lo");
    MIB_IPINTERFACE_ROW v4 = get_row(AF_INET, va.index), v6 = get_row(AF_INET6, va.index);
    (void)state;
    assert_true(v4.ForwardingEnabled);
    assert_true(v6.ForwardingEnabled);
    assert_int_equal(v4.NlMtu, 1400);
    assert_int_equal(v6.NlMtu, 1400);
    assert_int_equal(v6.DadTransmits, 2);
    assert_int_equal(v6.RouterDiscoveryBehavior, RouterDiscoveryEnabled);
    /* Milliseconds are kept as jiffies, rounded up: 12348 at HZ 250. */
    assert_in_range(v4.BaseReachableTime, 12345, 12355);
    assert_in_range(v6.BaseReachableTime, 12345, 12355);
    assert_in_range(v4.RetransmitTime, 2345, 2355);
    assert_in_range(v6.RetransmitTime, 2345, 2355);
    assert_true(v4.Connected);
    assert_true(v6.Connected);

    if (have_bridge) {
        struct jlink br0 = jlink_need("br0");
        v6 = get_row(AF_INET6, br0.index);
        assert_true(v6.ForwardingEnabled);
        assert_int_equal(v6.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
        assert_int_equal(get_row(AF_INET, br0.index).InterfaceLuid.Info.IfType, IF_TYPE_BRIDGE);
    }

    assert_int_equal(lo.index, 1);
    v4 = get_row(AF_INET, 1);
    v6 = get_row(AF_INET6, 1);
    assert_int_equal(v4.NlMtu, 65536);
    assert_int_equal(v4.DadTransmits, 0);
    assert_int_equal(v6.DadTransmits, 0);
    assert_false(v4.SupportsNeighborDiscovery);
}

/* IPv6 disabled, or an MTU below 1280: ERROR_NOT_FOUND for IPv6 (what
 * ported programs read as "no such family here"), IPv4 as usual. */
static void test_family_absent(void **state)
{
    static const char *const names[] = {"vb", "sa", "sb"};
    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct jlink j = jlink_need(names[i]);
        MIB_IPINTERFACE_ROW row = key_row(AF_INET6, 0, j.index), before;
        before = row;
        assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
        assert_memory_equal(&row, &before, sizeof(row)); /* untouched on failure */
        row = get_row(AF_INET, j.index);
        assert_int_equal(row.NlMtu, j.mtu);
    }
    assert_int_equal(get_row(AF_INET, jlink_need("sa").index).NlMtu, 1200);
}

/* Key resolution: the LUID wins, even when wrong. */
static void test_keys(void **state)
{
    struct jlink va = jlink_need("va");
    MIB_IPINTERFACE_ROW good = get_row(AF_INET, va.index), row;
    NET_LUID bogus;
    (void)state;
    /* LUID 0 and a valid index: found (get_row above); the LUID alone too. */
    row = key_row(AF_INET, good.InterfaceLuid.Value, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), NO_ERROR);
    assert_same_row(&row, &good);
    /* Both keys right. */
    row = key_row(AF_INET, good.InterfaceLuid.Value, va.index);
    assert_int_equal(GetIpInterfaceEntry(&row), NO_ERROR);
    assert_same_row(&row, &good);

    /* A LUID of another type, with the right index: not found. */
    bogus = good.InterfaceLuid;
    bogus.Info.IfType = IF_TYPE_IEEE80211;
    row = key_row(AF_INET, bogus.Value, va.index);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    /* A LUID of an index nobody has, with the right index: not found. */
    bogus = good.InterfaceLuid;
    bogus.Info.NetLuidIndex = 4242;
    row = key_row(AF_INET, bogus.Value, va.index);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    row = key_row(AF_INET6, bogus.Value, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    /* An unknown index. */
    row = key_row(AF_INET, 0, 4242);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    row = key_row(AF_INET6, 0, 0x7FFFFFFE);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    /* No key, no family, Windows' AF_INET6 (23), which is not Linux's. */
    row = key_row(AF_INET, 0, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    row = key_row(AF_UNSPEC, 0, va.index);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    row = key_row(23, 0, va.index);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIpInterfaceEntry(NULL), ERROR_INVALID_PARAMETER);
}

/* The expected rows: one per bound family per interface. */
static size_t expected_rows(ADDRESS_FAMILY family)
{
    struct jlink links[MAX_LINKS];
    size_t n = jlink_all(links, MAX_LINKS), rows = 0;
    for (size_t i = 0; i < n; i++) {
        rows += family != AF_INET6 && os_has_family(&links[i], AF_INET);
        rows += family != AF_INET && os_has_family(&links[i], AF_INET6);
    }
    return rows;
}

static void check_table(ADDRESS_FAMILY family)
{
    MIB_IPINTERFACE_TABLE *t = NULL;
    struct jlink links[MAX_LINKS];
    size_t n = jlink_all(links, MAX_LINKS);
    assert_int_equal(GetIpInterfaceTable(family, &t), NO_ERROR);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, expected_rows(family));
    for (ULONG r = 0; r < t->NumEntries; r++) {
        const MIB_IPINTERFACE_ROW *row = &t->Table[r];
        const struct jlink *j = NULL;
        MIB_IPINTERFACE_ROW single;
        if (family != AF_UNSPEC)
            assert_int_equal(row->Family, family);
        for (size_t i = 0; i < n; i++)
            if (links[i].index == row->InterfaceIndex)
                j = &links[i];
        assert_non_null(j);
        assert_true(os_has_family(j, row->Family));
        /* No key twice. */
        for (ULONG k = 0; k < r; k++)
            assert_false(t->Table[k].InterfaceIndex == row->InterfaceIndex &&
                         t->Table[k].Family == row->Family);
        /* The row equals the single Get of its key. */
        single = key_row(row->Family, 0, row->InterfaceIndex);
        assert_int_equal(GetIpInterfaceEntry(&single), NO_ERROR);
        assert_same_row(row, &single);
        check_row(j, row);
    }
    FreeMibTable(t);
}

static void test_table(void **state)
{
    static const char *const no_v6[] = {"vb", "sa", "sb"};
    MIB_IPINTERFACE_TABLE *t = NULL;
    (void)state;
    check_table(AF_UNSPEC);
    check_table(AF_INET);
    check_table(AF_INET6);
    assert_int_equal(expected_rows(AF_UNSPEC), expected_rows(AF_INET) + expected_rows(AF_INET6));
    /* None for the interfaces without IPv6. */
    assert_int_equal(GetIpInterfaceTable(AF_INET6, &t), NO_ERROR);
    for (size_t i = 0; i < sizeof(no_v6) / sizeof(no_v6[0]); i++) {
        struct jlink j = jlink_need(no_v6[i]);
        for (ULONG r = 0; r < t->NumEntries; r++)
            assert_int_not_equal(t->Table[r].InterfaceIndex, j.index);
    }
    FreeMibTable(t);
    assert_int_equal(GetIpInterfaceTable(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    t = (MIB_IPINTERFACE_TABLE *)&t;
    assert_int_equal(GetIpInterfaceTable(99, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
}

static void test_luid_iftype(void **state)
{
    static const struct {
        const char *name;
        unsigned iftype;
        const bool *needed;
    } cases[] = {
        {"lo", IF_TYPE_SOFTWARE_LOOPBACK, NULL}, {"va", IF_TYPE_ETHERNET_CSMACD, NULL},
        {"vb", IF_TYPE_ETHERNET_CSMACD, NULL},   {"sa", IF_TYPE_ETHERNET_CSMACD, NULL},
        {"t0", IF_TYPE_PROP_VIRTUAL, &have_tun}, {"br0", IF_TYPE_BRIDGE, &have_bridge},
        {"bx", IF_TYPE_ETHERNET_CSMACD, NULL},   {"by", IF_TYPE_ETHERNET_CSMACD, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct jlink j;
        NET_LUID luid;
        if (cases[i].needed != NULL && !*cases[i].needed) {
            print_message("  %s: not in the fixture, skipped\n", cases[i].name);
            continue;
        }
        j = jlink_need(cases[i].name);
        assert_int_equal(ConvertInterfaceIndexToLuid(j.index, &luid), NO_ERROR);
        assert_int_equal(luid.Info.IfType, cases[i].iftype);
        assert_int_equal(luid.Info.NetLuidIndex, j.index & 0xFFFFFFu);
        assert_int_equal(luid.Info.Reserved, j.index >> 24);
    }
}

static void ascii_to_wide(const char *s, WCHAR *w, size_t cap)
{
    size_t i = 0;
    for (; s[i] != '\0' && i + 1 < cap; i++)
        w[i] = (WCHAR)(unsigned char)s[i];
    w[i] = 0;
}

static bool wide_equals_ascii(const WCHAR *w, const char *s)
{
    size_t i = 0;
    for (; s[i] != '\0'; i++)
        if (w[i] != (WCHAR)(unsigned char)s[i])
            return false;
    return w[i] == 0;
}

/* Each conversion and its inverse, for every interface. */
static void test_conversions(void **state)
{
    struct jlink links[MAX_LINKS];
    size_t n = jlink_all(links, MAX_LINKS);
    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct jlink *j = &links[i];
        NET_LUID luid, back;
        NET_IFINDEX index = 0;
        char name[ROW_BUF];
        WCHAR wname[ROW_BUF], alias[ROW_BUF];
        GUID guid;
        print_message("  %s\n", j->name);
        assert_int_equal(ConvertInterfaceIndexToLuid(j->index, &luid), NO_ERROR);
        assert_int_equal(ConvertInterfaceLuidToIndex(&luid, &index), NO_ERROR);
        assert_int_equal(index, j->index);

        assert_int_equal(ConvertInterfaceLuidToNameA(&luid, name, sizeof(name)), NO_ERROR);
        back.Value = 0;
        assert_int_equal(ConvertInterfaceNameToLuidA(name, &back), NO_ERROR);
        assert_true(back.Value == luid.Value);
        assert_int_equal(ConvertInterfaceLuidToNameW(&luid, wname, ROW_BUF), NO_ERROR);
        assert_true(wide_equals_ascii(wname, name));
        back.Value = 0;
        assert_int_equal(ConvertInterfaceNameToLuidW(wname, &back), NO_ERROR);
        assert_true(back.Value == luid.Value);
        if (jlink_loopback(j))
            assert_string_equal(name, "loopback_1");

        assert_int_equal(ConvertInterfaceLuidToAlias(&luid, alias, ROW_BUF), NO_ERROR);
        assert_true(wide_equals_ascii(alias, j->name));
        back.Value = 0;
        assert_int_equal(ConvertInterfaceAliasToLuid(alias, &back), NO_ERROR);
        assert_true(back.Value == luid.Value);

        assert_int_equal(ConvertInterfaceLuidToGuid(&luid, &guid), NO_ERROR);
        back.Value = 0;
        assert_int_equal(ConvertInterfaceGuidToLuid(&guid, &back), NO_ERROR);
        assert_true(back.Value == luid.Value);
    }
}

static void test_alias_unknown(void **state)
{
    WCHAR alias[32];
    NET_LUID luid;
    (void)state;
    ascii_to_wide("nosuch0", alias, 32);
    luid.Value = 0x1234;
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &luid), ERROR_INVALID_PARAMETER);
    assert_true(luid.Value == 0);
}

/* An alternative name (ip link property add ... altname) is not the
 * interface's alias: ConvertInterfaceLuidToAlias never returns it, so
 * ConvertInterfaceAliasToLuid must not accept it either ("exact match"). */
static void test_alias_not_altname(void **state)
{
    WCHAR alias[32];
    NET_LUID luid, va;
    DWORD st;
    (void)state;
    if (ns_sh("ip link property add dev va altname vaalt0 2>/dev/null") != 0) {
        print_message("no alternative names (Linux < 5.5 or old ip): skipped\n");
        skip();
    }
    ascii_to_wide("va", alias, 32);
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &va), NO_ERROR);
    ascii_to_wide("vaalt0", alias, 32);
    luid.Value = 0x1234;
    st = ConvertInterfaceAliasToLuid(alias, &luid);
    assert_int_equal(ns_sh("ip link property del dev va altname vaalt0"), 0);
    if (st == NO_ERROR && luid.Value == va.Value)
        fail_msg("ConvertInterfaceAliasToLuid(\"vaalt0\") gives va's LUID: the kernel "
                 "resolves IFLA_IFNAME against alternative names too");
    assert_int_equal(st, ERROR_INVALID_PARAMETER);
    assert_true(luid.Value == 0);
}

/* An interface that was there and is gone. */
static void test_deleted_interface(void **state)
{
    struct jlink gx;
    NET_LUID luid, old;
    NET_IFINDEX index = 77;
    MIB_IPINTERFACE_ROW row;
    WCHAR alias[32];
    GUID guid, old_guid, zero;
    (void)state;
    assert_int_equal(ns_sh("ip link add gx type veth peer name gy"), 0);
    gx = jlink_need("gx");
    assert_int_equal(ConvertInterfaceIndexToLuid(gx.index, &old), NO_ERROR);
    assert_int_equal(ConvertInterfaceLuidToGuid(&old, &old_guid), NO_ERROR);
    assert_int_equal(ns_sh("ip link del gx"), 0);

    luid.Value = 0x1234;
    assert_int_equal(ConvertInterfaceIndexToLuid(gx.index, &luid), ERROR_FILE_NOT_FOUND);
    assert_true(luid.Value == 0);
    assert_int_equal(ConvertInterfaceLuidToIndex(&old, &index), ERROR_FILE_NOT_FOUND);
    assert_int_equal(index, 0);
    assert_int_equal(ConvertInterfaceLuidToAlias(&old, alias, 32), ERROR_FILE_NOT_FOUND);
    memset(&zero, 0, sizeof(zero));
    assert_int_equal(ConvertInterfaceLuidToGuid(&old, &guid), ERROR_FILE_NOT_FOUND);
    assert_memory_equal(&guid, &zero, sizeof(guid));
    luid.Value = 0x1234;
    assert_int_equal(ConvertInterfaceGuidToLuid(&old_guid, &luid), ERROR_INVALID_PARAMETER);
    assert_true(luid.Value == 0);
    row = key_row(AF_INET, 0, gx.index);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    row = key_row(AF_INET, old.Value, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    ascii_to_wide("gx", alias, 32);
    luid.Value = 0x1234;
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &luid), ERROR_INVALID_PARAMETER);
    assert_true(luid.Value == 0);
}

/* Polls a row until Connected is want; false after 10 s. */
static bool wait_connected(ADDRESS_FAMILY family, unsigned index, bool want)
{
    for (int i = 0; i < 500; i++) {
        MIB_IPINTERFACE_ROW row = get_row(family, index);
        if (row.Connected == want)
            return true;
        ns_sleep_ms(20);
    }
    return false;
}

/* Connected follows the carrier: a veth has one only while its peer is up. */
static void test_connected_follows_peer(void **state)
{
    struct jlink va = jlink_need("va"), j;
    (void)state;
    assert_true(get_row(AF_INET, va.index).Connected);
    assert_true(get_row(AF_INET6, va.index).Connected);

    assert_int_equal(ns_sh("ip link set vb down"), 0);
    assert_true(wait_connected(AF_INET, va.index, false));
    assert_true(wait_connected(AF_INET6, va.index, false));
    settle();
    j = jlink_need("va");
    assert_false(jlink_running(&j));
    assert_false(get_row(AF_INET, va.index).Connected);
    assert_false(get_row(AF_INET, jlink_need("vb").index).Connected);

    assert_int_equal(ns_sh("ip link set vb up"), 0);
    assert_true(wait_connected(AF_INET, va.index, true));
    assert_true(wait_connected(AF_INET6, va.index, true));
    settle();
    j = jlink_need("va");
    assert_true(jlink_running(&j));
}

/* ------------------------------------------------------------- threads */
#define THREADS 8
#define GETS_PER_THREAD 2000
#define TABLES_PER_THREAD 20

struct key {
    ADDRESS_FAMILY family;
    NET_IFINDEX index;
};

static struct key keys[2 * MAX_LINKS];
static size_t nkeys;
static atomic_uint failures;
static atomic_uint calls;
static char first_failure[160];
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;

static void thread_fail(const char *what, unsigned long code)
{
    if (atomic_fetch_add(&failures, 1) == 0) {
        pthread_mutex_lock(&failure_lock);
        snprintf(first_failure, sizeof(first_failure), "%s: %lu", what, code);
        pthread_mutex_unlock(&failure_lock);
    }
}

static void *hammer(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    for (unsigned i = 0; i < GETS_PER_THREAD; i++) {
        const struct key *k = &keys[(i * 7 + id) % nkeys];
        MIB_IPINTERFACE_ROW row = key_row(k->family, 0, k->index);
        DWORD st = GetIpInterfaceEntry(&row);
        if (st != NO_ERROR)
            thread_fail("GetIpInterfaceEntry", st);
        else if (row.InterfaceIndex != k->index || row.Family != k->family)
            thread_fail("GetIpInterfaceEntry answered for index", row.InterfaceIndex);
        atomic_fetch_add(&calls, 1);
        if (i % (GETS_PER_THREAD / TABLES_PER_THREAD) == 0) {
            MIB_IPINTERFACE_TABLE *t = NULL;
            st = GetIpInterfaceTable(AF_UNSPEC, &t);
            if (st != NO_ERROR)
                thread_fail("GetIpInterfaceTable", st);
            else if (t->NumEntries != nkeys)
                thread_fail("GetIpInterfaceTable rows", t->NumEntries);
            FreeMibTable(t);
            atomic_fetch_add(&calls, 1);
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    MIB_IPINTERFACE_TABLE *t = NULL;
    pthread_t tids[THREADS];
    (void)state;
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), NO_ERROR);
    assert_true(t->NumEntries > 0 && t->NumEntries <= 2 * MAX_LINKS);
    nkeys = t->NumEntries;
    for (size_t i = 0; i < nkeys; i++) {
        keys[i].family = t->Table[i].Family;
        keys[i].index = t->Table[i].InterfaceIndex;
    }
    FreeMibTable(t);
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&tids[i], NULL, hammer, (void *)(uintptr_t)i), 0);
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(tids[i], NULL), 0);
    print_message("  %u calls, %u failed\n", atomic_load(&calls), atomic_load(&failures));
    if (atomic_load(&failures) != 0)
        fail_msg("%u calls failed; the first: %s", atomic_load(&failures), first_failure);
    assert_int_equal(atomic_load(&calls), THREADS * (GETS_PER_THREAD + TABLES_PER_THREAD));
}

/* After fork() parent and child each ask on a socket of their own: on the
 * one the parent opened before, each would read the other's answers. */
#define FORK_GETS 20000

static int fork_gets(void)
{
    for (unsigned i = 0; i < FORK_GETS; i++) {
        MIB_IPINTERFACE_ROW row;
        InitializeIpInterfaceEntry(&row);
        row.Family = keys[i % nkeys].family;
        row.InterfaceIndex = keys[i % nkeys].index;
        if (GetIpInterfaceEntry(&row) != NO_ERROR || row.InterfaceIndex != keys[i % nkeys].index)
            return 1;
    }
    return 0;
}

static void test_fork(void **state)
{
    int status;
    pid_t pid;
    (void)state;
    assert_true(nkeys > 0); /* test_threads read them */
    assert_int_equal(fork_gets(), 0); /* this thread's socket is open */
    alarm(60); /* a reader waiting for an answer the other took: ended */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(fork_gets());
    assert_int_equal(fork_gets(), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    alarm(0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---------------------------------------------------------------- main */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_match_os),
        cmocka_unit_test(test_fixture_values),
        cmocka_unit_test(test_family_absent),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_luid_iftype),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_alias_unknown),
        cmocka_unit_test(test_alias_not_altname),
        cmocka_unit_test(test_deleted_interface),
        cmocka_unit_test(test_connected_follows_peer),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_fork),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel", why);
    /* Only now, inside the new namespace, may anything be changed. */
    if (ns_sh("ip -j link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel", "no ip(8) with JSON output (iproute2 4.14 or later)");
    return cmocka_run_group_tests_name("kernel", tests, fixture_setup, NULL);
}
