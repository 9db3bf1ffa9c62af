/* test-kernel-set.c - SetIpInterfaceEntry against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else, builds its interfaces with
 * ip(8), replays what ported VPN clients do (OpenVPN, wireguard-windows and
 * Tailscale, Mullvad) and checks the kernel's values through /proc/sys/net
 * and `ip link`, never through this library.  Refusals must leave the
 * interface exactly as it was: a snapshot of every file Set may touch is
 * compared before and after.  Without root it skips and says why.
 *
 * The fixture:
 *   lo      up
 *   va, vb  a veth pair, up
 *   t0      a tun device, up, MTU 1500 (optional: /dev/net/tun)
 *   c0..c7  eight veth pairs (peers d0..d7) for the threads
 */
#include <errno.h>
#include <linux/capability.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"
#include "store-util.h"

/* The NTSTATUS twin, declared by the header only in the NTSTATUS flavour. */
NETIOAPI_COMPAT_EXPORT NTSTATUS NTAPI nio_nt_SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);

#define SNAP 2048
#define THREADS 8
#define SETS_PER_THREAD 200

static bool have_tun;
static unsigned va_index, vb_index, t0_index;

/* ------------------------------------------------------------- helpers */
static uint32_t proc6(const char *ifname, const char *knob)
{
    uint32_t v = 0;
    if (!ns_proc_u32(&v, "/proc/sys/net/ipv6/conf/%s/%s", ifname, knob))
        fail_msg("/proc/sys/net/ipv6/conf/%s/%s: unreadable", ifname, knob);
    return v;
}

static uint32_t proc4(const char *ifname, const char *knob)
{
    uint32_t v = 0;
    if (!ns_proc_u32(&v, "/proc/sys/net/ipv4/conf/%s/%s", ifname, knob))
        fail_msg("/proc/sys/net/ipv4/conf/%s/%s: unreadable", ifname, knob);
    return v;
}

static void need_write(const char *value, const char *fmt, const char *ifname)
{
    char path[200];
    snprintf(path, sizeof(path), fmt, ifname);
    if (!ns_proc_write(value, "%s", path))
        fail_msg("cannot write %s to %s", value, path);
}

static MIB_IPINTERFACE_ROW key_row(ADDRESS_FAMILY family, unsigned index)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceIndex = index;
    return row;
}

/* InitializeIpInterfaceEntry, keys, GetIpInterfaceEntry: what every client
 * below starts from. */
static MIB_IPINTERFACE_ROW get_row(ADDRESS_FAMILY family, unsigned index)
{
    MIB_IPINTERFACE_ROW row = key_row(family, index);
    DWORD st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        fail_msg("GetIpInterfaceEntry(%u, %u): %lu", family, index, (unsigned long)st);
    return row;
}

/* A call that must fail with want and leave ifname exactly as it was. */
static void expect_refused(const char *what, const char *ifname, MIB_IPINTERFACE_ROW row,
                           DWORD want)
{
    char before[SNAP], after[SNAP];
    DWORD st;
    ns_snapshot(ifname, before, sizeof(before));
    st = SetIpInterfaceEntry(&row);
    ns_snapshot(ifname, after, sizeof(after));
    print_message("  %s: %lu\n", what, (unsigned long)st);
    if (st != want)
        fail_msg("%s: SetIpInterfaceEntry gave %lu, want %lu", what, (unsigned long)st,
                 (unsigned long)want);
    if (strcmp(before, after) != 0)
        fail_msg("%s changed %s:\nbefore:\n%safter:\n%s", what, ifname, before, after);
}

/* ------------------------------------------------------------- clients */
/* OpenVPN (tun.c, windows_set_mtu and the metric helpers): read, zero the
 * site prefix, change the MTU, write; then a manual metric of 3, and
 * later automatic again. */
static void test_openvpn(void **state)
{
    char before[SNAP], after[SNAP];
    MIB_IPINTERFACE_ROW row;
    (void)state;
    row = get_row(AF_INET, va_index);
    row.SitePrefixLength = 0;
    row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    assert_int_equal(ns_link_mtu("va"), 1400);
    /* The IPv6 row, the same way; its MTU lives in /proc only. */
    row = get_row(AF_INET6, va_index);
    row.SitePrefixLength = 0;
    row.NlMtu = 1320;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    assert_int_equal(proc6("va", "mtu"), 1320);
    assert_int_equal(ns_link_mtu("va"), 1400);

    /* The metric: in the system-wide record (test-kernel-store.c checks the
     * routes it moves); no interface setting of the kernel changes. */
    ns_snapshot("va", before, sizeof(before));
    row = get_row(AF_INET, va_index);
    row.SitePrefixLength = 0;
    row.UseAutomaticMetric = FALSE;
    row.Metric = 3;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    ns_snapshot("va", after, sizeof(after));
    assert_string_equal(before, after);
    row = get_row(AF_INET, va_index);
    assert_int_equal(row.UseAutomaticMetric, FALSE);
    assert_int_equal(row.Metric, 3);
    row.SitePrefixLength = 0;
    row.UseAutomaticMetric = TRUE;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    row = get_row(AF_INET, va_index);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    ns_snapshot("va", after, sizeof(after));
    assert_string_equal(before, after);
}

/* wireguard-windows' winipcfg reads a row and clips SitePrefixLength (IPv4:
 * above 32 -> 0; IPv6: above 128 -> 128) before anything else. */
static MIB_IPINTERFACE_ROW winipcfg_get(ADDRESS_FAMILY family, unsigned index)
{
    MIB_IPINTERFACE_ROW row = get_row(family, index);
    if (family == AF_INET && row.SitePrefixLength > 32)
        row.SitePrefixLength = 0;
    if (family == AF_INET6 && row.SitePrefixLength > 128)
        row.SitePrefixLength = 128;
    return row;
}

/* wireguard-windows (tunnel/addressconfig.go) and Tailscale
 * (wgengine/router/ifconfig_windows.go), once per family, on a tun. */
static void test_wireguard(void **state)
{
    static const ADDRESS_FAMILY families[] = {AF_INET, AF_INET6};
    (void)state;
    if (!have_tun)
        skip();
    for (int i = 0; i < 2; i++) {
        MIB_IPINTERFACE_ROW row = winipcfg_get(families[i], t0_index);
        row.RouterDiscoveryBehavior = RouterDiscoveryDisabled;
        row.DadTransmits = 0;
        row.ManagedAddressConfigurationSupported = FALSE;
        row.OtherStatefulConfigurationSupported = FALSE;
        row.NlMtu = 1420;
        row.UseAutomaticMetric = FALSE;
        row.Metric = 0;
        assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
        row = get_row(families[i], t0_index);
        assert_int_equal(row.UseAutomaticMetric, FALSE);
        assert_int_equal(row.Metric, 0);
        assert_int_equal(row.NlMtu, 1420);
    }
    assert_int_equal(ns_link_mtu("t0"), 1420);
    assert_int_equal(proc6("t0", "mtu"), 1420);
    assert_int_equal(proc6("t0", "accept_ra"), 0);
    /* tun does no DAD (IFF_NOARP): the row reports 0, so DadTransmits 0
     * is no change and the knob is left as it was (issue 15). */
    assert_int_equal(get_row(AF_INET6, t0_index).DadTransmits, 0);
    assert_int_equal(proc6("t0", "dad_transmits"), 1);
}

/* Mullvad (talpid-core's tunnel interface set-up): Metric 1, manual, and
 * SitePrefixLength 0 on both families. */
static void test_mullvad(void **state)
{
    static const ADDRESS_FAMILY families[] = {AF_INET, AF_INET6};
    char before[SNAP], after[SNAP];
    (void)state;
    ns_snapshot("vb", before, sizeof(before));
    for (int i = 0; i < 2; i++) {
        MIB_IPINTERFACE_ROW row = get_row(families[i], vb_index);
        row.SitePrefixLength = 0;
        row.UseAutomaticMetric = FALSE;
        row.Metric = 1;
        assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
        row = get_row(families[i], vb_index);
        assert_int_equal(row.UseAutomaticMetric, FALSE);
        assert_int_equal(row.Metric, 1);
        /* Windows reports 64 on IPv4 whatever was set; IPv6 keeps it. */
        assert_int_equal(row.SitePrefixLength, families[i] == AF_INET ? 64 : 0);
    }
    ns_snapshot("vb", after, sizeof(after));
    assert_string_equal(before, after);
}

/* ------------------------------------------------------------ refusals */
static void test_refusals(void **state)
{
    MIB_IPINTERFACE_ROW row;
    (void)state;
    row = key_row(AF_INET, va_index);
    row.SitePrefixLength = 64;
    expect_refused("IPv4 SitePrefixLength 64", "va", row, ERROR_INVALID_PARAMETER);
    row = key_row(AF_INET6, va_index);
    row.NlMtu = 1279;
    expect_refused("IPv6 NlMtu 1279", "va", row, ERROR_INVALID_PARAMETER);
    row = key_row(AF_INET6, va_index);
    row.RouterDiscoveryBehavior = RouterDiscoveryDhcp;
    expect_refused("RouterDiscoveryDhcp", "va", row, ERROR_NOT_SUPPORTED);
    row = key_row(AF_INET, va_index);
    row.WeakHostSend = FALSE;
    expect_refused("WeakHostSend FALSE", "va", row, ERROR_NOT_SUPPORTED);
    /* A bad value and an inexpressible one: INVALID_PARAMETER wins. */
    row = key_row(AF_INET6, va_index);
    row.WeakHostSend = FALSE;
    row.NlMtu = 100;
    expect_refused("WeakHostSend FALSE + NlMtu 100", "va", row, ERROR_INVALID_PARAMETER);
}

/* Forwarding is written first and the MTU last; the veth refuses 70000,
 * so forwarding must be put back. */
static void test_rollback_v4(void **state)
{
    MIB_IPINTERFACE_ROW row = key_row(AF_INET, va_index);
    (void)state;
    need_write("0", "/proc/sys/net/ipv4/conf/%s/forwarding", "va");
    row.ForwardingEnabled = TRUE;
    row.NlMtu = 70000;
    expect_refused("ForwardingEnabled TRUE + NlMtu 70000", "va", row, ERROR_INVALID_PARAMETER);
    assert_int_equal(proc4("va", "forwarding"), 0);
}

/* The IPv6 MTU may not exceed the link's: the kernel refuses it after the
 * DAD change was made, which must be undone. */
static void test_rollback_v6(void **state)
{
    MIB_IPINTERFACE_ROW row = key_row(AF_INET6, va_index);
    uint32_t dad = proc6("va", "dad_transmits");
    (void)state;
    row.DadTransmits = dad + 3;
    row.NlMtu = ns_link_mtu("va") + 100;
    expect_refused("IPv6 NlMtu above the link MTU + DadTransmits", "va", row,
                   ERROR_INVALID_PARAMETER);
    assert_int_equal(proc6("va", "dad_transmits"), dad);
}

/* A row from Get written back: nothing changes (IPv6); IPv4 refuses its
 * own SitePrefixLength of 64, as Windows does. */
static void test_written_back(void **state)
{
    char before[SNAP], after[SNAP];
    MIB_IPINTERFACE_ROW row;
    (void)state;
    ns_snapshot("va", before, sizeof(before));
    row = get_row(AF_INET6, va_index);
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    ns_snapshot("va", after, sizeof(after));
    assert_string_equal(before, after);
    expect_refused("IPv4 row from Get", "va", get_row(AF_INET, va_index),
                   ERROR_INVALID_PARAMETER);
}

/* The kernel may report what Windows refuses: it keeps the neighbour times
 * in clock ticks and rounds up, so retrans_time_ms = 2147483647 reads back
 * as 2147483648, and it takes a base reachable time of 0 and a negative
 * DAD count (issue 15).  A row from Get, with only NlMtu changed, must
 * still be accepted, and leave those values as they were. */
static void test_kernel_out_of_range(void **state)
{
    MIB_IPINTERFACE_ROW row;
    unsigned r0;
    (void)state;
    assert_int_equal(ns_sh("ip link add r0 type veth peer name r1 && ip link set r0 up"), 0);
    r0 = ns_ifindex("r0");
    assert_true(r0 != 0);
    need_write("2147483647", "/proc/sys/net/ipv6/neigh/%s/retrans_time_ms", "r0");
    need_write("2147483647", "/proc/sys/net/ipv4/neigh/%s/retrans_time_ms", "r0");
    need_write("0", "/proc/sys/net/ipv6/neigh/%s/base_reachable_time_ms", "r0");
    need_write("0", "/proc/sys/net/ipv4/neigh/%s/base_reachable_time_ms", "r0");
    need_write("-2", "/proc/sys/net/ipv6/conf/%s/dad_transmits", "r0");

    row = get_row(AF_INET, r0);
    assert_int_equal(row.RetransmitTime, 2147483648u); /* the kernel rounded up */
    assert_int_equal(row.BaseReachableTime, 0);
    row.SitePrefixLength = 0;
    row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    assert_int_equal(ns_link_mtu("r0"), 1400);

    row = get_row(AF_INET6, r0);
    assert_int_equal(row.RetransmitTime, 2147483648u);
    assert_int_equal(row.BaseReachableTime, 0);
    assert_int_equal(row.DadTransmits, 0xFFFFFFFEu);
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR); /* written back */
    row.NlMtu = 1300;
    assert_int_equal(SetIpInterfaceEntry(&row), NO_ERROR);
    assert_int_equal(proc6("r0", "mtu"), 1300);
    row = get_row(AF_INET6, r0);
    assert_int_equal(row.NlMtu, 1300);
    assert_int_equal(row.RetransmitTime, 2147483648u);

    /* A changed value out of the range is still refused. */
    row.RetransmitTime = 2147483649u;
    expect_refused("IPv6 RetransmitTime 2147483649", "r0", row, ERROR_INVALID_PARAMETER);
    row = key_row(AF_INET6, r0);
    row.DadTransmits = 0x80000000u;
    expect_refused("IPv6 DadTransmits 0x80000000", "r0", row, ERROR_INVALID_PARAMETER);
    assert_int_equal(ns_sh("ip link del r0"), 0);
}

/* ----------------------------------------------------------- privilege */
/* Drops CAP_NET_ADMIN from this process's effective, permitted and
 * inheritable sets (capset on the whole process: called in a child). */
static int drop_net_admin(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &hdr, data) != 0)
        return -1;
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].inheritable &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(SYS_capset, &hdr, data);
}

/* In the child: 0 when every call gave what it should, else the number of
 * the first that did not. */
static int unprivileged_sets(void)
{
    MIB_IPINTERFACE_ROW row;
    if (drop_net_admin() != 0)
        return 10;
    row = key_row(AF_INET6, va_index);
    row.DadTransmits = 7;
    {
        DWORD st = SetIpInterfaceEntry(&row);
        if (st != ERROR_ACCESS_DENIED) {
            fprintf(stderr, "check 1: SetIpInterfaceEntry answered %u\n", (unsigned)st);
            return 1;
        }
    }
    row = key_row(AF_INET, va_index);
    row.NlMtu = 1280;
    row.ForwardingEnabled = TRUE;
    if (SetIpInterfaceEntry(&row) != ERROR_ACCESS_DENIED)
        return 2;
    row = key_row(AF_INET6, va_index);
    row.DadTransmits = 7;
    if (nio_nt_SetIpInterfaceEntry(&row) != STATUS_ACCESS_DENIED)
        return 3;
    /* Windows wants an administrator for any Set, even one that changes
     * nothing. */
    row = key_row(AF_INET6, va_index);
    if (SetIpInterfaceEntry(&row) != ERROR_ACCESS_DENIED)
        return 4;
    /* Reading stays allowed. */
    row = key_row(AF_INET6, va_index);
    if (GetIpInterfaceEntry(&row) != NO_ERROR)
        return 5;
    return 0;
}

static void test_privilege(void **state)
{
    char before[SNAP], after[SNAP];
    int status;
    pid_t pid;
    (void)state;
    ns_snapshot("va", before, sizeof(before));
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(unprivileged_sets());
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) != 0)
        fail_msg("without CAP_NET_ADMIN, check %d failed", WEXITSTATUS(status));
    ns_snapshot("va", after, sizeof(after));
    assert_string_equal(before, after);
}

/* ------------------------------------------------------------- threads */
static atomic_uint set_failures;

static void *set_mtus(void *arg)
{
    unsigned n = (unsigned)(uintptr_t)arg;
    char name[8];
    unsigned index;
    snprintf(name, sizeof(name), "c%u", n);
    index = ns_ifindex(name);
    for (unsigned i = 0; i < SETS_PER_THREAD; i++) {
        MIB_IPINTERFACE_ROW row = key_row(AF_INET, index);
        row.NlMtu = 1300 + n * 10 + i % 7;
        if (SetIpInterfaceEntry(&row) != NO_ERROR)
            atomic_fetch_add(&set_failures, 1);
    }
    return NULL;
}

/* 8 threads, 8 interfaces, 200 Sets each: every one succeeds and each
 * interface ends with its thread's last value. */
static void test_threads_different(void **state)
{
    pthread_t tids[THREADS];
    (void)state;
    atomic_store(&set_failures, 0);
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&tids[i], NULL, set_mtus, (void *)(uintptr_t)i), 0);
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(tids[i], NULL), 0);
    assert_int_equal(atomic_load(&set_failures), 0);
    for (unsigned i = 0; i < THREADS; i++) {
        char name[8];
        snprintf(name, sizeof(name), "c%u", i);
        assert_int_equal(ns_link_mtu(name), 1300 + i * 10 + (SETS_PER_THREAD - 1) % 7);
    }
}

/* Two complete rows for one interface. */
struct full_row {
    ULONG mtu, dad;
    NL_ROUTER_DISCOVERY_BEHAVIOR rd;
    unsigned accept_ra;
};
static const struct full_row row_a = {1400, 1, RouterDiscoveryDisabled, 0};
static const struct full_row row_b = {1300, 2, RouterDiscoveryEnabled, 1};

struct racer {
    const struct full_row *want;
    pthread_barrier_t *start;
    DWORD st;
};

static void *race_set(void *arg)
{
    struct racer *r = arg;
    MIB_IPINTERFACE_ROW row = key_row(AF_INET6, va_index);
    row.NlMtu = r->want->mtu;
    row.DadTransmits = r->want->dad;
    row.RouterDiscoveryBehavior = r->want->rd;
    pthread_barrier_wait(r->start);
    for (int i = 0; i < 3 && r->st == NO_ERROR; i++)
        r->st = SetIpInterfaceEntry(&row);
    return NULL;
}

static bool kernel_has(const struct full_row *r)
{
    return proc6("va", "mtu") == r->mtu && proc6("va", "dad_transmits") == r->dad &&
           proc6("va", "accept_ra") == r->accept_ra;
}

/* Two threads set the same interface with two complete rows, three times
 * each, started together, 100 rounds (created in turn A first, B first):
 * each round ends with one row or the other. */
static void test_threads_same(void **state)
{
    pthread_barrier_t start;
    unsigned a_wins = 0, b_wins = 0;
    (void)state;
    need_write("0", "/proc/sys/net/ipv6/conf/%s/forwarding", "va");
    if (ns_link_mtu("va") < 1400)
        assert_int_equal(ns_sh("ip link set va mtu 1500"), 0);
    for (int round = 0; round < 100; round++) {
        struct racer ra = {&row_a, &start, 0}, rb = {&row_b, &start, 0};
        pthread_t ta, tb;
        pthread_barrier_init(&start, NULL, 2);
        if (round % 2 == 0) {
            assert_int_equal(pthread_create(&ta, NULL, race_set, &ra), 0);
            assert_int_equal(pthread_create(&tb, NULL, race_set, &rb), 0);
        } else {
            assert_int_equal(pthread_create(&tb, NULL, race_set, &rb), 0);
            assert_int_equal(pthread_create(&ta, NULL, race_set, &ra), 0);
        }
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        pthread_barrier_destroy(&start);
        assert_int_equal(ra.st, NO_ERROR);
        assert_int_equal(rb.st, NO_ERROR);
        if (kernel_has(&row_a))
            a_wins++;
        else if (kernel_has(&row_b))
            b_wins++;
        else
            fail_msg("round %d: a mix: mtu %u dad %u accept_ra %u", round, proc6("va", "mtu"),
                     proc6("va", "dad_transmits"), proc6("va", "accept_ra"));
    }
    print_message("  row A last %u times, row B last %u times\n", a_wins, b_wins);
}

/* ------------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "test-kernel-set: the namespace is not fresh; refusing to touch it\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    for (int i = 0; i < THREADS; i++)
        if (ns_sh("ip link add c%d type veth peer name d%d", i, i) != 0)
            return -1;
    have_tun = ns_sh("ip tuntap add mode tun name t0 2>/dev/null && ip link set t0 up") == 0;
    if (!have_tun)
        fprintf(stderr, "test-kernel-set: no tun device (/dev/net/tun?): the WireGuard "
                        "sequence is skipped\n");
    va_index = ns_ifindex("va");
    vb_index = ns_ifindex("vb");
    t0_index = have_tun ? ns_ifindex("t0") : 0;
    return va_index && vb_index ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openvpn),
        cmocka_unit_test(test_wireguard),
        cmocka_unit_test(test_mullvad),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_rollback_v4),
        cmocka_unit_test(test_rollback_v6),
        cmocka_unit_test(test_written_back),
        cmocka_unit_test(test_kernel_out_of_range),
        cmocka_unit_test(test_privilege),
        cmocka_unit_test(test_threads_different),
        cmocka_unit_test(test_threads_same),
    };
    /* A /run of its own for the record its Sets write (store-util.h). */
    const char *why = ns_private_run();
    if (why == NULL)
        why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-set", why);
    /* Only now, inside the new namespace, may anything be changed. */
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-set", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-set", tests, fixture_setup, NULL);
}
