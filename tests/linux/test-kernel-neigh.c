/* test-kernel-neigh.c - the neighbour rows against the running kernel:
 * CreateIpNetEntry2, GetIpNetEntry2, GetIpNetTable2, SetIpNetEntry2,
 * DeleteIpNetEntry2, FlushIpNetTable2 and ResolveIpNetEntry2, each step
 * checked with `ip -j neigh` (never through the library).
 *
 * The program moves itself into a network namespace of its own; a second
 * namespace (the peer) holds the other end of a veth pair:
 *   n0   198.18.20.1/24  fd00:20::1/64   (ours)
 *   n0p  198.18.20.2/24  fd00:20::2/64   (the peer's: it answers ARP and ND)
 * Addresses come from 198.18.0.0/15 and fd00::/8 only.  Without root it
 * skips and says why.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

static unsigned n0;
static UCHAR peer_mac[6];

static MIB_IPNET_ROW2 key(const char *text, unsigned index)
{
    MIB_IPNET_ROW2 row;
    memset(&row, 0, sizeof(row));
    row.Address = ns_sa(text);
    row.InterfaceIndex = index;
    return row;
}

/* ZeroTier's row: zero-filled, the address, the link-layer address,
 * permanent, a router. */
static MIB_IPNET_ROW2 permanent(const char *text, unsigned index, UCHAR last)
{
    MIB_IPNET_ROW2 row = key(text, index);
    static const UCHAR mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x00};
    memcpy(row.PhysicalAddress, mac, 6);
    row.PhysicalAddress[5] = last;
    row.PhysicalAddressLength = 6;
    row.State = NlnsPermanent;
    return row;
}

/* ---------------------------------------------------------- the kernel */
/* ip(8) shows the neighbour on dev with every needle; or does not show it. */
#define KERNEL_HAS(dev, text, ...)                                                                 \
    ns_ip_has("neigh", dev, "dst", text, __VA_ARGS__, (const char *)NULL)
#define kernel_lacks(dev, text) ns_ip_lacks("neigh", dev, "dst", text)

/* How many neighbours ip(8) lists, of every state (its default leaves
 * out NOARP entries, which are rows), every device. */
static unsigned kernel_count(const char *args)
{
    char *json = ns_sh_out("ip -j %s neigh show nud all", args);
    unsigned n = 0;
    for (const char *p = json; p != NULL && (p = strstr(p, "\"dst\":")) != NULL; p++)
        n++;
    free(json);
    return n;
}

/* ------------------------------------------------------------ fixture */
/* The peer's MAC address, from ip(8) inside its namespace (sysfs would
 * show the host's). */
static bool peer_mac_from_ip(void)
{
    char *out = ns_sh_out("nsenter -t %d -n ip -br link show dev n0p", (int)ns_peer_pid());
    unsigned m[6];
    const char *at = out ? strchr(out, ':') : NULL;
    bool ok = at != NULL && at - out >= 2 &&
              sscanf(at - 2, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6;
    for (int i = 0; ok && i < 6; i++)
        peer_mac[i] = (UCHAR)m[i];
    free(out);
    return ok;
}

static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        print_message("not a fresh namespace: refusing to touch it\n");
        return -1;
    }
    if (ns_peer_start() != 0)
        return -1;
    /* No duplicate address detection on either end: the kernel sends no
     * neighbour solicitation while its link-local address is tentative
     * (docs/neigh.md), which a loaded machine would make last seconds. */
    if (ns_sh("ip link set lo up && ip link add n0 type veth peer name n0p"
              " && ip link set n0p netns %d", (int)ns_peer_pid()) != 0 ||
        !ns_proc_write("0", "/proc/sys/net/ipv6/conf/n0/accept_dad") ||
        ns_peer_sh("sh -c 'echo 0 > /proc/sys/net/ipv6/conf/n0p/accept_dad"
                   " && ip link set lo up && ip addr add 198.18.20.2/24 dev n0p"
                   " && ip addr add fd00:20::2/64 dev n0p nodad && ip link set n0p up'") != 0 ||
        ns_sh("ip addr add 198.18.20.1/24 dev n0 && ip addr add fd00:20::1/64 dev n0 nodad"
              " && ip link set n0 up") != 0)
        return -1;
    n0 = ns_ifindex("n0");
    return n0 != 0 && peer_mac_from_ip() ? 0 : -1;
}

static int fixture_teardown(void **state)
{
    (void)state;
    ns_peer_stop();
    return 0;
}

/* -------------------------------------------------------------- tests */
/* The "done when" for writes: a permanent entry made, read back,
 * refused a second time, deleted; ip(8) agrees at every step. */
static void test_permanent_lifecycle(void **state)
{
    MIB_IPNET_ROW2 r4 = permanent("198.18.20.50", n0, 0x50), saved = r4, got;
    MIB_IPNET_ROW2 r6 = permanent("fd00:20::50", 0, 0x60);
    NET_LUID luid;
    (void)state;
    assert_int_equal(ConvertInterfaceIndexToLuid(n0, &luid), NO_ERROR);
    assert_int_equal(CreateIpNetEntry2(&r4), NO_ERROR);
    assert_memory_equal(&r4, &saved, sizeof(r4)); /* the caller's row is not modified */
    assert_true(KERNEL_HAS("n0", "198.18.20.50", "\"lladdr\":\"02:00:5e:10:00:50\"",
                           "\"PERMANENT\""));
    /* By LUID only, a router (ZeroTier's fake gateway). */
    r6.InterfaceLuid = luid;
    r6.IsRouter = TRUE;
    assert_int_equal(CreateIpNetEntry2(&r6), NO_ERROR);
    assert_true(KERNEL_HAS("n0", "fd00:20::50", "\"lladdr\":\"02:00:5e:10:00:60\"", "\"router\"",
                           "\"PERMANENT\""));
    assert_int_equal(CreateIpNetEntry2(&r4), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(CreateIpNetEntry2(&r6), ERROR_OBJECT_ALREADY_EXISTS);

    got = key("198.18.20.50", n0);
    assert_int_equal(GetIpNetEntry2(&got), NO_ERROR);
    assert_int_equal(got.InterfaceLuid.Value, luid.Value);
    assert_int_equal(got.PhysicalAddressLength, 6);
    assert_memory_equal(got.PhysicalAddress, r4.PhysicalAddress, 6);
    assert_int_equal(got.State, NlnsPermanent);
    assert_false(got.IsRouter);
    assert_false(got.IsUnreachable);
    got = key("fd00:20::50", 0);
    got.InterfaceLuid = luid;
    assert_int_equal(GetIpNetEntry2(&got), NO_ERROR);
    assert_int_equal(got.InterfaceIndex, n0);
    assert_true(got.IsRouter);
    assert_int_equal(got.Address.Ipv6.sin6_scope_id, 0); /* not link-local */

    assert_int_equal(DeleteIpNetEntry2(&r4), NO_ERROR);
    assert_true(kernel_lacks("n0", "198.18.20.50"));
    assert_true(KERNEL_HAS("n0", "fd00:20::50", "\"PERMANENT\""));
    assert_int_equal(DeleteIpNetEntry2(&got), NO_ERROR); /* a row as Get gave it */
    assert_true(kernel_lacks("n0", "fd00:20::50"));
    assert_int_equal(GetIpNetEntry2(&got), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpNetEntry2(&r4), ERROR_NOT_FOUND);
}

/* The table holds what ip(8) lists, of the family asked, and only that. */
static void test_table(void **state)
{
    MIB_IPNET_TABLE2 *t = NULL;
    MIB_IPNET_ROW2 a = permanent("198.18.20.51", n0, 0x51), b = permanent("fd00:20::51", n0, 0x52);
    unsigned v4 = 0, v6 = 0;
    (void)state;
    assert_int_equal(CreateIpNetEntry2(&a), NO_ERROR);
    assert_int_equal(CreateIpNetEntry2(&b), NO_ERROR);
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), NO_ERROR);
    assert_non_null(t);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        v4 += t->Table[i].Address.si_family == AF_INET;
        v6 += t->Table[i].Address.si_family == AF_INET6;
        if (i > 0)
            assert_true(t->Table[i - 1].InterfaceIndex <= t->Table[i].InterfaceIndex);
    }
    assert_int_equal(v4, kernel_count("-4"));
    assert_int_equal(v6, kernel_count("-6"));
    FreeMibTable(t);
    t = NULL;
    assert_int_equal(GetIpNetTable2(AF_INET, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].Address.si_family, AF_INET);
    assert_int_equal(t->NumEntries, kernel_count("-4"));
    FreeMibTable(t);
    assert_int_equal(DeleteIpNetEntry2(&a), NO_ERROR);
    assert_int_equal(DeleteIpNetEntry2(&b), NO_ERROR);
}

/* Set changes the link-layer address and state in place. */
static void test_set(void **state)
{
    MIB_IPNET_ROW2 row = permanent("198.18.20.52", n0, 0x53), saved, got;
    (void)state;
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_FOUND); /* not there yet */
    assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
    row.PhysicalAddress[5] = 0x54;
    row.State = NlnsStale;
    saved = row;
    assert_int_equal(SetIpNetEntry2(&row), NO_ERROR);
    assert_memory_equal(&row, &saved, sizeof(row));
    assert_true(KERNEL_HAS("n0", "198.18.20.52", "\"lladdr\":\"02:00:5e:10:00:54\"", "\"STALE\""));
    got = key("198.18.20.52", n0);
    assert_int_equal(GetIpNetEntry2(&got), NO_ERROR);
    assert_int_equal(got.State, NlnsStale);
    assert_int_equal(got.PhysicalAddress[5], 0x54);
    assert_int_equal(DeleteIpNetEntry2(&row), NO_ERROR);
}

/* The kernel solicits the peer, which answers: Reachable, the peer's
 * link-layer address, as ip(8) then shows; an address nobody holds is
 * ERROR_BAD_NET_NAME once the kernel gives up. */
static void test_resolve(void **state)
{
    MIB_IPNET_ROW2 row = key("198.18.20.2", n0);
    SOCKADDR_INET src = ns_sa("198.18.20.1"), other = ns_sa("198.18.99.1");
    uint64_t t0;
    char mac[24];
    (void)state;
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", peer_mac[0], peer_mac[1],
             peer_mac[2], peer_mac[3], peer_mac[4], peer_mac[5]);
    assert_int_equal(ResolveIpNetEntry2(&row, &other), ERROR_INVALID_PARAMETER);
    assert_int_equal(ResolveIpNetEntry2(&row, &src), NO_ERROR);
    assert_int_equal(row.State, NlnsReachable);
    assert_int_equal(row.PhysicalAddressLength, 6);
    assert_memory_equal(row.PhysicalAddress, peer_mac, 6);
    assert_true(KERNEL_HAS("n0", "198.18.20.2", mac));
    /* Again: what the kernel knew is forgotten and asked anew. */
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), NO_ERROR);
    assert_int_equal(row.State, NlnsReachable);

    row = key("fd00:20::2", n0);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), NO_ERROR);
    assert_memory_equal(row.PhysicalAddress, peer_mac, 6);
    assert_true(KERNEL_HAS("n0", "fd00:20::2", mac));

    row = key("198.18.20.99", n0);
    t0 = ns_now_ns();
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_BAD_NET_NAME);
    /* The kernel's three probes a second apart, not the library's bound. */
    assert_true(ns_now_ns() - t0 < 6000000000ull);
    row = key("127.0.0.1", 1);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_INVALID_PARAMETER);
}

/* A flush removes what the kernel resolved, keeps what was configured. */
static void test_flush(void **state)
{
    MIB_IPNET_ROW2 kept = permanent("198.18.20.53", n0, 0x55), gone = key("198.18.20.2", n0);
    (void)state;
    assert_int_equal(CreateIpNetEntry2(&kept), NO_ERROR);
    assert_int_equal(ResolveIpNetEntry2(&gone, NULL), NO_ERROR);
    assert_true(KERNEL_HAS("n0", "198.18.20.2", "\"REACHABLE\""));
    assert_int_equal(FlushIpNetTable2(AF_INET6, n0), NO_ERROR); /* another family: stays */
    assert_true(KERNEL_HAS("n0", "198.18.20.2", "\"REACHABLE\""));
    assert_int_equal(FlushIpNetTable2(AF_INET, n0), NO_ERROR);
    assert_true(kernel_lacks("n0", "198.18.20.2"));
    assert_true(KERNEL_HAS("n0", "198.18.20.53", "\"PERMANENT\""));
    assert_int_equal(FlushIpNetTable2(AF_UNSPEC, 0), NO_ERROR);
    assert_true(KERNEL_HAS("n0", "198.18.20.53", "\"PERMANENT\""));
    assert_int_equal(FlushIpNetTable2(AF_INET, 999999), ERROR_NOT_FOUND);
    assert_int_equal(FlushIpNetTable2(12345, 0), ERROR_INVALID_PARAMETER);
    assert_int_equal(DeleteIpNetEntry2(&kept), NO_ERROR);
}

static void test_codes(void **state)
{
    MIB_IPNET_ROW2 row = permanent("198.18.20.54", n0, 0x56), bad;
    MIB_IPNET_TABLE2 *t = (MIB_IPNET_TABLE2 *)(uintptr_t)1;
    (void)state;
    assert_int_equal(GetIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(CreateIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIpNetTable2(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIpNetTable2(12345, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
    bad = row;
    bad.InterfaceIndex = 0;
    assert_int_equal(GetIpNetEntry2(&bad), ERROR_INVALID_PARAMETER); /* no interface named */
    bad = key("0.0.0.0", n0);
    assert_int_equal(GetIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    bad = row;
    bad.InterfaceIndex = 999999;
    assert_int_equal(GetIpNetEntry2(&bad), ERROR_NOT_FOUND);
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_NOT_FOUND);
    bad = row;
    bad.InterfaceLuid.Value = (uint64_t)IF_TYPE_PPP << 48 | (uint64_t)n0 << 24;
    assert_int_equal(GetIpNetEntry2(&bad), ERROR_NOT_FOUND); /* the LUID wins */
    bad = permanent("127.0.0.2", n0, 1);
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    bad = row;
    bad.PhysicalAddressLength = 0;
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    bad.PhysicalAddressLength = 33;
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    bad = row;
    bad.State = NlnsIncomplete;
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    bad.State = NlnsMaximum;
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    /* The kernel refuses a link-layer address shorter than the device's. */
    bad = row;
    bad.PhysicalAddressLength = 2;
    assert_int_equal(CreateIpNetEntry2(&bad), ERROR_INVALID_PARAMETER);
    assert_true(kernel_lacks("n0", "198.18.20.54"));
    /* A zero-filled row's State (NlnsUnreachable) makes a permanent entry. */
    row.State = NlnsUnreachable;
    assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
    assert_true(KERNEL_HAS("n0", "198.18.20.54", "\"PERMANENT\""));
    assert_int_equal(DeleteIpNetEntry2(&row), NO_ERROR);
}

static int unprivileged(void)
{
    MIB_IPNET_ROW2 row = permanent("198.18.20.55", n0, 0x57), there = key("198.18.20.56", n0);
    MIB_IPNET_TABLE2 *t = NULL;
    if (CreateIpNetEntry2(&row) != ERROR_ACCESS_DENIED)
        return 1;
    if (DeleteIpNetEntry2(&there) != ERROR_ACCESS_DENIED)
        return 2;
    if (FlushIpNetTable2(AF_UNSPEC, 0) != ERROR_ACCESS_DENIED)
        return 3;
    if (ResolveIpNetEntry2(&there, NULL) != ERROR_ACCESS_DENIED)
        return 4;
    if (GetIpNetEntry2(&there) != NO_ERROR) /* reading stays allowed */
        return 5;
    if (GetIpNetTable2(AF_UNSPEC, &t) != NO_ERROR)
        return 6;
    FreeMibTable(t);
    return 0;
}

static void test_unprivileged(void **state)
{
    (void)state;
    assert_int_equal(ns_sh("ip neigh add 198.18.20.56 lladdr 02:00:5e:10:00:58 dev n0"), 0);
    assert_int_equal(ns_unprivileged(unprivileged), 0);
    assert_true(kernel_lacks("n0", "198.18.20.55"));
    assert_true(KERNEL_HAS("n0", "198.18.20.56", "\"PERMANENT\""));
    assert_int_equal(ns_sh("ip neigh del 198.18.20.56 dev n0"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_permanent_lifecycle),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_flush),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_unprivileged),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-neigh", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-neigh", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-neigh", tests, fixture_setup, fixture_teardown);
}
