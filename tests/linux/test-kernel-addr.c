/* test-kernel-addr.c - the unicast address rows against the running
 * kernel: CreateUnicastIpAddressEntry, GetUnicastIpAddressEntry,
 * GetUnicastIpAddressTable, SetUnicastIpAddressEntry and
 * DeleteUnicastIpAddressEntry, each step checked with `ip -j addr` (never
 * through the library).
 *
 * The program moves itself into a network namespace of its own and makes:
 *   tun0      a tun device (ip tuntap), up, no reader: what a VPN client has
 *   v0 (v0p)  a veth pair, up: a link with carrier, IPv6 link-local, DAD
 * Addresses come from 198.18.0.0/15 and fd00::/8 only.  Without root (or
 * without /dev/net/tun) it skips and says why.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

#define INF 0xFFFFFFFFu

static unsigned tun0, v0;

/* The row wintun's example builds: Initialize, address, prefix length,
 * DadState Preferred (no detection), the interface. */
static MIB_UNICASTIPADDRESS_ROW wintun_row(const char *text, UINT8 len, unsigned index)
{
    MIB_UNICASTIPADDRESS_ROW row;
    InitializeUnicastIpAddressEntry(&row);
    row.Address = ns_sa(text);
    row.OnLinkPrefixLength = len;
    row.DadState = IpDadStatePreferred;
    row.InterfaceIndex = index;
    return row;
}

static MIB_UNICASTIPADDRESS_ROW key(const char *text, unsigned index)
{
    MIB_UNICASTIPADDRESS_ROW row;
    InitializeUnicastIpAddressEntry(&row);
    row.Address = ns_sa(text);
    row.InterfaceIndex = index;
    return row;
}

/* ---------------------------------------------------------- the kernel */
static void ip_entry(const char *dev, const char *text, char *out, size_t cap)
{
    ns_ip_entry("addr", dev, "local", text, out, cap);
}

/* ip(8) shows the address on dev with every needle; or does not show it. */
#define KERNEL_HAS(dev, text, ...)                                                                 \
    ns_ip_has("addr", dev, "local", text, __VA_ARGS__, (const char *)NULL)
#define kernel_lacks(dev, text) ns_ip_lacks("addr", dev, "local", text)

/* ip(8)'s entry of the address on dev holds needle (a flag such as
 * "tentative"); quiet, for assertions that it does not. */
static bool kernel_flag(const char *dev, const char *text, const char *needle)
{
    char entry[1024];
    ip_entry(dev, text, entry, sizeof(entry));
    if (strstr(entry, needle) != NULL)
        print_message("ip -j addr show dev %s, %s: {%s}\n", dev, text, entry);
    return strstr(entry, needle) != NULL;
}

static int64_t wall_100ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 10000000 + t.tv_nsec / 100 + 116444736000000000LL;
}

/* ------------------------------------------------------------ fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        print_message("not a fresh namespace: refusing to touch it\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip tuntap add dev tun0 mode tun && ip link set tun0 up"
              " && ip link add v0 type veth peer name v0p && ip link set v0 up"
              " && ip link set v0p up") != 0)
        return -1;
    tun0 = ns_ifindex("tun0");
    v0 = ns_ifindex("v0");
    return tun0 && v0 ? 0 : -1;
}

/* ------------------------------------------------------------- the tun */
/* The "done when": a tun device gets an IPv4 and an IPv6 address
 * from CreateUnicastIpAddressEntry, they are read back and deleted, and
 * ip(8) agrees at every step. */
static void test_tun_lifecycle(void **state)
{
    MIB_UNICASTIPADDRESS_ROW r4 = wintun_row("198.18.0.1", 24, tun0);
    MIB_UNICASTIPADDRESS_ROW r6 = wintun_row("fd00:18::1", 64, tun0), got, saved = r4;
    NET_LUID luid;
    (void)state;
    assert_int_equal(ConvertInterfaceIndexToLuid(tun0, &luid), NO_ERROR);
    assert_int_equal(CreateUnicastIpAddressEntry(&r4), NO_ERROR);
    assert_memory_equal(&r4, &saved, sizeof(r4)); /* OpenVPN memcmp's it */
    assert_true(KERNEL_HAS("tun0", "198.18.0.1", "\"prefixlen\":24",
                           "\"broadcast\":\"198.18.0.255\"", "\"valid_life_time\":4294967295"));
    /* By LUID only, as wireguard-nt's example does. */
    r6.InterfaceIndex = 0;
    r6.InterfaceLuid = luid;
    assert_int_equal(CreateUnicastIpAddressEntry(&r6), NO_ERROR);
    assert_true(KERNEL_HAS("tun0", "fd00:18::1", "\"prefixlen\":64", "\"nodad\":true"));
    assert_false(kernel_flag("tun0", "fd00:18::1", "\"tentative\":true"));

    got = key("198.18.0.1", tun0);
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_int_equal(got.InterfaceLuid.Value, luid.Value);
    assert_int_equal(got.OnLinkPrefixLength, 24);
    assert_int_equal(got.DadState, IpDadStatePreferred);
    assert_int_equal(got.PrefixOrigin, IpPrefixOriginManual);
    assert_int_equal(got.SuffixOrigin, IpSuffixOriginManual);
    assert_int_equal(got.ValidLifetime, INF);
    assert_int_equal(got.PreferredLifetime, INF);
    assert_int_equal(got.SkipAsSource, FALSE);
    /* Made a moment ago (the kernel stamps in hundredths of a second). */
    assert_true(got.CreationTimeStamp.QuadPart > wall_100ns() - 600000000LL);
    assert_true(got.CreationTimeStamp.QuadPart < wall_100ns() + 20000000LL);
    got = key("fd00:18::1", 0);
    got.InterfaceLuid = luid;
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_int_equal(got.InterfaceIndex, tun0);
    assert_int_equal(got.DadState, IpDadStatePreferred); /* no detection ran */
    assert_int_equal(got.OnLinkPrefixLength, 64);
    assert_int_equal(got.ScopeId.Value, 0);

    /* Again: 5010, which the examples take as success; nothing changes. */
    assert_int_equal(CreateUnicastIpAddressEntry(&r4), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(CreateUnicastIpAddressEntry(&r6), ERROR_OBJECT_ALREADY_EXISTS);

    assert_int_equal(DeleteUnicastIpAddressEntry(&r4), NO_ERROR);
    assert_true(kernel_lacks("tun0", "198.18.0.1"));
    assert_true(KERNEL_HAS("tun0", "fd00:18::1", "\"prefixlen\":64"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&r6), NO_ERROR);
    assert_true(kernel_lacks("tun0", "fd00:18::1"));
    got = key("198.18.0.1", tun0);
    assert_int_equal(GetUnicastIpAddressEntry(&got), ERROR_NOT_FOUND);
    assert_int_equal(DeleteUnicastIpAddressEntry(&r4), ERROR_NOT_FOUND);
    assert_int_equal(DeleteUnicastIpAddressEntry(&r6), ERROR_NOT_FOUND);
}

/* -------------------------------------------------------- a real link */
/* Without DadState Preferred the kernel runs detection: Tentative at
 * first, Preferred once it is over, as ip(8) shows. */
static void test_dad(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row = key("fd00:19::1", v0), got;
    (void)state;
    row.OnLinkPrefixLength = 64;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    got = row;
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_int_equal(got.DadState, IpDadStateTentative);
    for (int i = 0; i < 100 && got.DadState == IpDadStateTentative; i++) {
        ns_sleep_ms(100);
        assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    }
    assert_int_equal(got.DadState, IpDadStatePreferred);
    assert_false(kernel_flag("v0", "fd00:19::1", "\"tentative\":true"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
}

/* The kernel's own link-local address: well known, with its zone. */
static void test_link_local(void **state)
{
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    bool seen = false;
    (void)state;
    assert_int_equal(GetUnicastIpAddressTable(AF_INET6, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        char text[64];
        if (r->InterfaceIndex != v0 || r->Address.Ipv6.sin6_addr.s6_addr[0] != 0xFE)
            continue;
        seen = true;
        ns_addr_text(&r->Address, text, sizeof(text));
        assert_true(KERNEL_HAS("v0", text, "\"scope\":\"link\"", "\"prefixlen\":64"));
        assert_int_equal(r->Address.Ipv6.sin6_scope_id, v0);
        assert_int_equal(r->ScopeId.Zone, v0);
        assert_int_equal(r->ScopeId.Level, ScopeLevelLink);
        assert_int_equal(r->PrefixOrigin, IpPrefixOriginWellKnown);
        assert_int_equal(r->SuffixOrigin, IpSuffixOriginLinkLayerAddress);
        assert_int_equal(r->OnLinkPrefixLength, 64);
    }
    FreeMibTable(t);
    assert_true(seen);
}

/* ---------------------------------------------- the table against ip(8) */
#define ENTRY_MAX 80
struct entries {
    size_t n;
    char e[128][ENTRY_MAX];
};

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* "index address/len" for every address ip(8) lists. */
static void ip_entries(struct entries *es)
{
    char *json = ns_sh_out("ip -j addr show 2>/dev/null");
    const char *p = json;
    unsigned index = 0;
    es->n = 0;
    while (p != NULL && *p) {
        const char *ifi = strstr(p, "\"ifindex\":"), *loc = strstr(p, "\"local\":\"");
        char addr[64];
        unsigned len = 0;
        if (loc == NULL)
            break;
        if (ifi != NULL && ifi < loc) {
            index = (unsigned)strtoul(ifi + 10, NULL, 10);
            p = ifi + 10;
            continue;
        }
        if (sscanf(loc, "\"local\":\"%63[^\"]\",\"prefixlen\":%u", addr, &len) == 2 && es->n < 128)
            snprintf(es->e[es->n++], ENTRY_MAX, "%u %s/%u", index, addr, len);
        p = loc + 9;
    }
    free(json);
    qsort(es->e, es->n, ENTRY_MAX, by_text);
}

static void table_entries(struct entries *es)
{
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    es->n = 0;
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries && es->n < 128; i++) {
        char text[64];
        ns_addr_text(&t->Table[i].Address, text, sizeof(text));
        snprintf(es->e[es->n++], ENTRY_MAX, "%u %s/%u", t->Table[i].InterfaceIndex, text,
                 t->Table[i].OnLinkPrefixLength);
    }
    FreeMibTable(t);
    qsort(es->e, es->n, ENTRY_MAX, by_text);
}

static void assert_table_is_ip(void)
{
    static struct entries a, b;
    for (int tries = 0;; tries++) {
        bool same;
        ip_entries(&a);
        table_entries(&b);
        same = a.n == b.n;
        for (size_t i = 0; same && i < a.n; i++)
            same = strcmp(a.e[i], b.e[i]) == 0;
        if (same)
            return;
        if (tries == 5) {
            for (size_t i = 0; i < a.n || i < b.n; i++)
                print_message("ip: %-40s table: %s\n", i < a.n ? a.e[i] : "",
                              i < b.n ? b.e[i] : "");
            fail_msg("the table and ip(8) differ");
        }
        ns_sleep_ms(200);
    }
}

/* ZeroTier's and cjdns's way: list, skip IPv6 link-local, delete each row
 * as it came. */
static void test_table_rows_to_delete(void **state)
{
    static const char *const mine[] = {"198.18.1.1", "198.18.1.2", "fd00:1a::1"};
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    MIB_UNICASTIPADDRESS_ROW row;
    unsigned deleted = 0;
    (void)state;
    row = wintun_row(mine[0], 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    row = wintun_row(mine[1], 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    row = wintun_row(mine[2], 64, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_table_is_ip();
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        if (r->InterfaceIndex != v0)
            continue;
        if (r->Address.si_family == AF_INET6 && r->Address.Ipv6.sin6_addr.s6_addr[0] == 0xFE)
            continue; /* ZeroTier leaves link-local alone */
        assert_int_equal(DeleteUnicastIpAddressEntry(r), NO_ERROR);
        deleted++;
    }
    FreeMibTable(t);
    assert_int_equal(deleted, 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(kernel_lacks("v0", mine[i]));
    /* 198.18.1.2 outlived 198.18.1.1, the primary of its subnet, as on
     * Windows; the promotion that took was not left on. */
    {
        uint32_t promote = 9;
        assert_true(ns_proc_u32(&promote, "/proc/sys/net/ipv4/conf/v0/promote_secondaries"));
        assert_int_equal(promote, 0);
    }
    assert_int_equal(ns_sh("ip -6 addr show dev v0 scope link | grep -q 'inet6 fe80:'"), 0);
    assert_table_is_ip();
}

/* --------------------------------------------------------------- Set */
static void test_set(void **state)
{
    MIB_UNICASTIPADDRESS_ROW r4 = wintun_row("198.18.2.1", 24, v0);
    MIB_UNICASTIPADDRESS_ROW r6 = wintun_row("fd00:1b::1", 64, v0), got, other;
    char *route;
    (void)state;
    assert_int_equal(CreateUnicastIpAddressEntry(&r4), NO_ERROR);
    assert_int_equal(CreateUnicastIpAddressEntry(&r6), NO_ERROR);
    r4.ValidLifetime = 600;
    r4.PreferredLifetime = 300;
    assert_int_equal(SetUnicastIpAddressEntry(&r4), NO_ERROR);
    assert_true(KERNEL_HAS("v0", "198.18.2.1", "\"prefixlen\":24", "\"dynamic\":true"));
    got = key("198.18.2.1", v0);
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_true(got.ValidLifetime <= 600 && got.ValidLifetime >= 590);
    assert_true(got.PreferredLifetime <= 300 && got.PreferredLifetime >= 290);
    /* Made by this library: Manual whatever its lifetime, the tag kept
     * across the change (docs/fields.md; Linux 5.18+). */
    assert_int_equal(got.PrefixOrigin, IpPrefixOriginManual);
    assert_int_equal(got.SuffixOrigin, IpSuffixOriginManual);
    /* One made by another program with a finite lifetime reads as a lease. */
    assert_int_equal(ns_sh("ip addr add 198.18.4.1/24 dev v0 valid_lft 600 preferred_lft 600"), 0);
    got = key("198.18.4.1", v0);
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_int_equal(got.PrefixOrigin, IpPrefixOriginDhcp);
    assert_int_equal(ns_sh("ip addr del 198.18.4.1/24 dev v0"), 0);
    /* SkipAsSource on IPv6: deprecated (never chosen while another is). */
    r6.SkipAsSource = TRUE;
    assert_int_equal(SetUnicastIpAddressEntry(&r6), NO_ERROR);
    /* ... which the kernel's source selection honours: the other one. */
    other = wintun_row("fd00:1b::2", 64, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&other), NO_ERROR);
    route = ns_sh_out("ip -6 route get fd00:1b::7 2>&1");
    assert_non_null(route);
    assert_non_null(strstr(route, "src fd00:1b::2"));
    free(route);
    assert_int_equal(DeleteUnicastIpAddressEntry(&other), NO_ERROR);
    assert_true(KERNEL_HAS("v0", "fd00:1b::1", "\"deprecated\":true", "\"nodad\":true",
                           "\"preferred_life_time\":0"));
    got = key("fd00:1b::1", v0);
    assert_int_equal(GetUnicastIpAddressEntry(&got), NO_ERROR);
    assert_int_equal(got.SkipAsSource, TRUE);
    assert_int_equal(got.DadState, IpDadStateDeprecated);
    r6.SkipAsSource = FALSE;
    assert_int_equal(SetUnicastIpAddressEntry(&r6), NO_ERROR);
    assert_false(kernel_flag("v0", "fd00:1b::1", "\"deprecated\":true"));
    assert_true(KERNEL_HAS("v0", "fd00:1b::1", "\"nodad\":true")); /* kept */
    /* What Linux cannot do leaves everything as it was. */
    r4.OnLinkPrefixLength = 25;
    assert_int_equal(SetUnicastIpAddressEntry(&r4), ERROR_NOT_SUPPORTED);
    assert_true(KERNEL_HAS("v0", "198.18.2.1", "\"prefixlen\":24"));
    got = key("198.18.2.9", v0);
    assert_int_equal(SetUnicastIpAddressEntry(&got), ERROR_NOT_FOUND);
    assert_true(kernel_lacks("v0", "198.18.2.9")); /* not made by Set */
    assert_int_equal(DeleteUnicastIpAddressEntry(&r4), NO_ERROR);
    assert_int_equal(DeleteUnicastIpAddressEntry(&r6), NO_ERROR);
}

/* ------------------------------------------- is it there? (one key) */
/* Create asks whether the interface has the address, whatever its prefix
 * length, and IPv4 asks the kernel's route to the address through the
 * interface (docs/address.md): every case where that route could mislead
 * is checked against ip(8). */
static void test_create_exists(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    uint32_t promote = 9;
    (void)state;
    /* On another interface: not this one's, and then on both. */
    assert_int_equal(ns_sh("ip addr add 198.18.5.1/24 dev v0"), 0);
    row = wintun_row("198.18.5.1", 24, tun0); /* tun0: no reader, no carrier */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(KERNEL_HAS("tun0", "198.18.5.1", "\"prefixlen\":24"));
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    row = wintun_row("198.18.5.1", 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    row = key("198.18.5.1", tun0);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(kernel_lacks("tun0", "198.18.5.1"));
    assert_true(KERNEL_HAS("v0", "198.18.5.1", "\"prefixlen\":24")); /* not v0's */
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    /* Another prefix length, a secondary: the same key. */
    assert_int_equal(ns_sh("ip addr add 198.18.5.2/28 dev v0 && ip addr add 198.18.5.3/24 dev v0"),
                     0);
    row = wintun_row("198.18.5.2", 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    row = wintun_row("198.18.5.3", 16, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    /* The interface down: its local routes stay, the kernel's route to
     * them through it does not; the answer is the same. */
    assert_int_equal(ns_sh("ip link set v0 down"), 0);
    row = wintun_row("198.18.5.2", 16, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    row = wintun_row("198.18.5.4", 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(KERNEL_HAS("v0", "198.18.5.4", "\"prefixlen\":24"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(kernel_lacks("v0", "198.18.5.4"));
    assert_int_equal(ns_sh("ip link set v0 up"), 0);
    /* A local route someone added by hand is no address. */
    assert_int_equal(ns_sh("ip route add local 198.18.5.9/32 dev v0 table local"), 0);
    row = wintun_row("198.18.5.9", 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(KERNEL_HAS("v0", "198.18.5.9", "\"prefixlen\":24"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(ns_sh("ip route del local 198.18.5.9/32 dev v0 table local"), 0);
    /* Delete by key: the secondary alone goes, and its primary stays. */
    row = key("198.18.5.3", v0);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(kernel_lacks("v0", "198.18.5.3"));
    assert_true(KERNEL_HAS("v0", "198.18.5.1", "\"prefixlen\":24"));
    assert_true(ns_proc_u32(&promote, "/proc/sys/net/ipv4/conf/v0/promote_secondaries"));
    assert_int_equal(promote, 0);
    /* Two prefix lengths of one address: Delete takes the one Get reports,
     * then the other. */
    assert_int_equal(ns_sh("ip addr add 198.18.5.2/24 dev v0"), 0);
    row = key("198.18.5.2", v0);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.OnLinkPrefixLength, 28);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(KERNEL_HAS("v0", "198.18.5.2", "\"prefixlen\":24"));
    assert_false(kernel_flag("v0", "198.18.5.2", "\"prefixlen\":28"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(kernel_lacks("v0", "198.18.5.2"));
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    row = key("198.18.5.1", v0);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
}

/* -------------------------------------------------------------- codes */
static void test_codes(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    row = wintun_row("198.18.3.1", 24, 9999); /* no such interface */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    row = wintun_row("224.0.0.5", 24, v0); /* multicast */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    row = wintun_row("::1", 128, v0); /* loopback's own */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    row = wintun_row("::1", 128, ns_ifindex("lo"));
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.PrefixOrigin, IpPrefixOriginWellKnown);
    assert_int_equal(row.SuffixOrigin, IpSuffixOriginWellKnown);
    row = wintun_row("198.18.3.1", 24, v0);
    row.ValidLifetime = 10;
    row.PreferredLifetime = 20;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    assert_true(kernel_lacks("v0", "198.18.3.1"));
    /* An address ip(8) made is as much a row. */
    assert_int_equal(ns_sh("ip addr add 198.18.3.2/24 dev v0"), 0);
    row = wintun_row("198.18.3.2", 24, v0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_true(kernel_lacks("v0", "198.18.3.2"));
}

static int unprivileged(void)
{
    MIB_UNICASTIPADDRESS_ROW row = wintun_row("198.18.4.1", 24, v0), there;
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    if (CreateUnicastIpAddressEntry(&row) != ERROR_ACCESS_DENIED)
        return 1;
    there = wintun_row("198.18.4.2", 24, v0);
    if (DeleteUnicastIpAddressEntry(&there) != ERROR_ACCESS_DENIED)
        return 2;
    there.ValidLifetime = there.PreferredLifetime = 60;
    if (SetUnicastIpAddressEntry(&there) != ERROR_ACCESS_DENIED)
        return 3;
    if (GetUnicastIpAddressEntry(&there) != NO_ERROR) /* reading stays allowed */
        return 4;
    if (GetUnicastIpAddressTable(AF_UNSPEC, &t) != NO_ERROR)
        return 5;
    FreeMibTable(t);
    return 0;
}

static void test_unprivileged(void **state)
{
    (void)state;
    assert_int_equal(ns_sh("ip addr add 198.18.4.2/24 dev v0"), 0);
    assert_int_equal(ns_unprivileged(unprivileged), 0);
    assert_true(kernel_lacks("v0", "198.18.4.1"));
    assert_true(KERNEL_HAS("v0", "198.18.4.2", "\"valid_life_time\":4294967295"));
    assert_int_equal(ns_sh("ip addr del 198.18.4.2/24 dev v0"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tun_lifecycle),
        cmocka_unit_test(test_dad),
        cmocka_unit_test(test_link_local),
        cmocka_unit_test(test_table_rows_to_delete),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_create_exists),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_unprivileged),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-addr", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-addr", "no ip(8)");
    if (access("/dev/net/tun", R_OK | W_OK) != 0)
        return ns_run_skipped("kernel-addr", "no /dev/net/tun");
    return cmocka_run_group_tests_name("kernel-addr", tests, fixture_setup, NULL);
}
