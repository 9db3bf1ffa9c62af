/* test-kernel-ifrow.c - GetIfEntry2, GetIfEntry2Ex, GetIfTable2 and
 * GetIfTable2Ex against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else.  A child process makes a
 * second namespace (the peer) and the two are joined by a veth pair, so
 * that known traffic crosses a real link: the counters are then compared
 * with what `ip -s link` reports for the same interface (and the peer's
 * receive counters with our transmit ones), the operational and media
 * state is followed through down/up of both ends, and the table is
 * compared with `ip -o link`.  IPv6 is disabled on the pair so that no
 * autoconfiguration chatter moves the counters between two reads.
 * Without root it skips and says why.
 *
 *   lo        up
 *   vA        198.18.10.1/24, alias "uplink port"   (this namespace)
 *   vB        198.18.10.2/24                        (the peer's namespace)
 *   x0, x1    a veth pair left down
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

static unsigned va_index;

/* ------------------------------------------------------------ counters */
struct ip_stats {
    uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped, rx_missed, rx_mcast;
    uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped;
};

/* "key":N inside obj, the first after obj. */
static uint64_t json_u64(const char *obj, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof(pat), "\"%s\":", key);
    p = strstr(obj, pat);
    if (p == NULL)
        fail_msg("no %s in %s", key, obj);
    return strtoull(p + strlen(pat), NULL, 10);
}

/* `ip -s -s -j link show dev NAME` (in the peer's namespace when peer). */
static struct ip_stats ip_stats(const char *name, bool peer)
{
    struct ip_stats s;
    char *out = peer ? ns_sh_out("nsenter -t %d -n ip -s -s -j link show dev %s", (int)ns_peer_pid(),
                                 name)
                     : ns_sh_out("ip -s -s -j link show dev %s", name);
    const char *rx, *tx;
    assert_non_null(out);
    rx = strstr(out, "\"rx\":{");
    tx = strstr(out, "\"tx\":{");
    assert_non_null(rx);
    assert_non_null(tx);
    s.rx_bytes = json_u64(rx, "bytes");
    s.rx_packets = json_u64(rx, "packets");
    s.rx_errors = json_u64(rx, "errors");
    s.rx_dropped = json_u64(rx, "dropped");
    s.rx_missed = json_u64(rx, "missed_errors");
    s.rx_mcast = json_u64(rx, "multicast");
    s.tx_bytes = json_u64(tx, "bytes");
    s.tx_packets = json_u64(tx, "packets");
    s.tx_errors = json_u64(tx, "errors");
    s.tx_dropped = json_u64(tx, "dropped");
    free(out);
    return s;
}

static bool same_stats(const struct ip_stats *a, const struct ip_stats *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

static void get_row(MIB_IF_ROW2 *row, unsigned index)
{
    memset(row, 0, sizeof(*row));
    row->InterfaceIndex = index;
    assert_int_equal(GetIfEntry2(row), NO_ERROR);
}

/* UDP datagrams of size bytes to the peer; it has no listener, so some
 * come back as ICMP port unreachable (rate-limited). */
static void send_udp(const char *dst, int count, size_t size)
{
    char payload[1500];
    struct sockaddr_in sin;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    memset(payload, 'x', sizeof(payload));
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(9);
    assert_int_equal(inet_pton(AF_INET, dst, &sin.sin_addr), 1);
    for (int i = 0; i < count; i++)
        sendto(fd, payload, size, 0, (struct sockaddr *)&sin, sizeof(sin));
    close(fd);
}

/* Waits until `ip -o link show dev NAME` says "state STATE". */
static bool wait_state(const char *name, const char *state)
{
    char want[32];
    snprintf(want, sizeof(want), "state %s ", state);
    for (int i = 0; i < 50; i++) {
        char *out = ns_sh_out("ip -o link show dev %s", name);
        bool ok = out != NULL && strstr(out, want) != NULL;
        free(out);
        if (ok)
            return true;
        ns_sleep_ms(40);
    }
    return false;
}

/* ------------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "not a namespace of our own: refusing to change anything\n");
        return -1;
    }
    if (ns_peer_start() != 0) {
        fprintf(stderr, "cannot make the peer's namespace\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip link add vA type veth peer name vB && "
              "ip link add x0 type veth peer name x1") != 0 ||
        !ns_proc_write("1", "/proc/sys/net/ipv6/conf/vA/disable_ipv6") ||
        ns_sh("ip link set vB netns %d", (int)ns_peer_pid()) != 0 ||
        ns_peer_sh("sh -c 'echo 1 > /proc/sys/net/ipv6/conf/vB/disable_ipv6 && "
                "ip addr add 198.18.10.2/24 dev vB && ip link set lo up'") != 0 ||
        ns_sh("ip addr add 198.18.10.1/24 dev vA && ip link set dev vA alias 'uplink port'") != 0)
        return -1;
    va_index = ns_ifindex("vA");
    return va_index ? 0 : -1;
}

static int fixture_teardown(void **state)
{
    (void)state;
    ns_peer_stop();
    return 0;
}

/* ------------------------------------------------------------- tests */
static void test_codes(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    PMIB_IF_TABLE2 t = (PMIB_IF_TABLE2)(uintptr_t)1;
    memset(&row, 0, sizeof(row));
    assert_int_equal(GetIfEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIfEntry2(&row), ERROR_INVALID_PARAMETER);
    row.InterfaceIndex = 999999;
    assert_int_equal(GetIfEntry2(&row), ERROR_FILE_NOT_FOUND);
    row.InterfaceIndex = va_index;
    row.InterfaceLuid.Value = (uint64_t)IF_TYPE_PPP << 48 | (uint64_t)va_index << 24;
    assert_int_equal(GetIfEntry2(&row), ERROR_FILE_NOT_FOUND); /* the LUID wins */
    assert_int_equal(GetIfEntry2Ex((MIB_IF_ENTRY_LEVEL)1, &row), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIfTable2Ex((MIB_IF_TABLE_LEVEL)3, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
    assert_int_equal(GetIfTable2(NULL), ERROR_INVALID_PARAMETER);
}

static void test_identity(void **state)
{
    (void)state;
    MIB_IF_ROW2 row, by_luid;
    NET_LUID luid;
    GUID guid;
    char *out, mac[32];
    unsigned m[6];
    get_row(&row, va_index);
    assert_int_equal(row.InterfaceLuid.Value, ns_ether_luid(va_index));
    assert_int_equal(ConvertInterfaceIndexToLuid(va_index, &luid), 0);
    assert_int_equal(ConvertInterfaceLuidToGuid(&luid, &guid), 0);
    assert_memory_equal(&row.InterfaceGuid, &guid, sizeof(guid));
    assert_int_equal(row.Alias[0], 'v');
    assert_int_equal(row.Alias[1], 'A');
    assert_int_equal(row.Alias[2], 0);
    /* Description: the administrator's alias. */
    {
        const char *want = "uplink port";
        for (size_t i = 0; i <= strlen(want); i++)
            assert_int_equal(row.Description[i], (unsigned char)want[i]);
    }
    assert_int_equal(row.Type, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(row.Mtu, ns_link_mtu("vA"));
    assert_int_equal(row.MediaType, NdisMedium802_3);
    assert_int_equal(row.PhysicalMediumType, NdisPhysicalMediumUnspecified);
    assert_int_equal(row.AccessType, NET_IF_ACCESS_BROADCAST);
    assert_int_equal(row.TunnelType, TUNNEL_TYPE_NONE);
    assert_int_equal(row.InterfaceAndOperStatusFlags.HardwareInterface, 0);
    /* veth reports 10 Gb/s through ethtool. */
    assert_int_equal(row.TransmitLinkSpeed, 10000000000ull);
    assert_int_equal(row.ReceiveLinkSpeed, 10000000000ull);
    /* The link-layer address, as ip(8) prints it. */
    out = ns_sh_out("ip -o link show dev vA");
    assert_non_null(out);
    assert_non_null(strstr(out, "link/ether "));
    sscanf(strstr(out, "link/ether ") + 11, "%31s", mac);
    free(out);
    assert_int_equal(sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]),
                     6);
    assert_int_equal(row.PhysicalAddressLength, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(row.PhysicalAddress[i], m[i]);
        assert_int_equal(row.PermanentPhysicalAddress[i], m[i]);
    }
    /* By LUID, the same row. */
    memset(&by_luid, 0, sizeof(by_luid));
    by_luid.InterfaceLuid = row.InterfaceLuid;
    assert_int_equal(GetIfEntry2Ex(MibIfEntryNormalWithoutStatistics, &by_luid), 0);
    assert_int_equal(by_luid.InterfaceIndex, va_index);
    assert_memory_equal(by_luid.Alias, row.Alias, sizeof(row.Alias));
}

static void test_loopback(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    get_row(&row, 1);
    assert_int_equal(row.InterfaceLuid.Value, 0x18000001000000ull);
    assert_int_equal(row.Type, IF_TYPE_SOFTWARE_LOOPBACK);
    assert_int_equal(row.AccessType, NET_IF_ACCESS_LOOPBACK);
    assert_int_equal(row.MediaType, NdisMediumLoopback);
    /* No link layer: Linux's six zero bytes are not an address (issue 15). */
    assert_int_equal(row.PhysicalAddressLength, 0);
    assert_int_equal(row.OperStatus, IfOperStatusUp); /* Linux: "unknown", running */
    assert_int_equal(row.MediaConnectState, MediaConnectStateConnected);
    assert_int_equal(row.InterfaceAndOperStatusFlags.HardwareInterface, 0);
    /* No ethtool speed: the documented virtual speed. */
    assert_int_equal(row.ReceiveLinkSpeed, 100000000000ull);
}

/* OperStatus, AdminStatus and MediaConnectState through down/up of both
 * ends, always agreeing with the IP row's Connected. */
static void expect_state(IF_OPER_STATUS oper, NET_IF_ADMIN_STATUS admin,
                         NET_IF_MEDIA_CONNECT_STATE media)
{
    MIB_IF_ROW2 row;
    MIB_IPINTERFACE_ROW ip;
    get_row(&row, va_index);
    assert_int_equal(row.OperStatus, oper);
    assert_int_equal(row.AdminStatus, admin);
    assert_int_equal(row.MediaConnectState, media);
    assert_int_equal(row.InterfaceAndOperStatusFlags.NotMediaConnected,
                     media != MediaConnectStateConnected);
    InitializeIpInterfaceEntry(&ip);
    ip.Family = AF_INET;
    ip.InterfaceIndex = va_index;
    assert_int_equal(GetIpInterfaceEntry(&ip), 0);
    assert_int_equal(ip.Connected, media == MediaConnectStateConnected);
}

/* The kernel's operational state word of `ip -o link show dev NAME`
 * ("UP", "DOWN", "LOWERLAYERDOWN", ...) as IF_OPER_STATUS. */
static IF_OPER_STATUS ip_oper(const char *name)
{
    static const struct {
        const char *word;
        IF_OPER_STATUS oper;
    } words[] = {
        {"state UP ", IfOperStatusUp},
        {"state DOWN ", IfOperStatusDown},
        {"state LOWERLAYERDOWN ", IfOperStatusLowerLayerDown},
        {"state DORMANT ", IfOperStatusDormant},
        {"state NOTPRESENT ", IfOperStatusNotPresent},
        {"state TESTING ", IfOperStatusTesting},
    };
    char *out = ns_sh_out("ip -o link show dev %s", name);
    IF_OPER_STATUS oper = IfOperStatusUnknown;
    assert_non_null(out);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(out, words[i].word) != NULL)
            oper = words[i].oper;
    free(out);
    return oper;
}

/* Waits until the carrier of NAME is as wanted (ip's LOWER_UP flag). */
static bool wait_carrier(const char *name, bool up)
{
    for (int i = 0; i < 50; i++) {
        char *out = ns_sh_out("ip -o link show dev %s", name);
        bool now = out != NULL && strstr(out, "LOWER_UP") != NULL;
        free(out);
        if (now == up)
            return true;
        ns_sleep_ms(40);
    }
    return false;
}

static void test_oper_and_media(void **state)
{
    (void)state;
    /* Both ends down. */
    expect_state(IfOperStatusDown, NET_IF_ADMIN_STATUS_DOWN, MediaConnectStateDisconnected);
    /* Ours up, the peer still down: no carrier.  With the peer in another
     * namespace the kernel says DOWN; in the same one, LOWERLAYERDOWN:
     * the row says what the kernel says. */
    assert_int_equal(ns_sh("ip link set vA up"), 0);
    assert_true(wait_carrier("vA", false));
    assert_true(ip_oper("vA") == IfOperStatusDown || ip_oper("vA") == IfOperStatusLowerLayerDown);
    expect_state(ip_oper("vA"), NET_IF_ADMIN_STATUS_UP, MediaConnectStateDisconnected);
    /* The peer comes up. */
    assert_int_equal(ns_peer_sh("ip link set vB up"), 0);
    assert_true(wait_state("vA", "UP"));
    expect_state(IfOperStatusUp, NET_IF_ADMIN_STATUS_UP, MediaConnectStateConnected);
    /* The peer goes down again, then comes back. */
    assert_int_equal(ns_peer_sh("ip link set vB down"), 0);
    assert_true(wait_carrier("vA", false));
    expect_state(ip_oper("vA"), NET_IF_ADMIN_STATUS_UP, MediaConnectStateDisconnected);
    assert_int_equal(ns_peer_sh("ip link set vB up"), 0);
    assert_true(wait_state("vA", "UP"));
    expect_state(IfOperStatusUp, NET_IF_ADMIN_STATUS_UP, MediaConnectStateConnected);
    /* In the same namespace, a veth whose peer is down: LOWERLAYERDOWN. */
    assert_int_equal(ns_sh("ip link set x0 up"), 0);
    assert_true(wait_state("x0", "LOWERLAYERDOWN"));
    {
        MIB_IF_ROW2 row;
        get_row(&row, ns_ifindex("x0"));
        assert_int_equal(row.OperStatus, IfOperStatusLowerLayerDown);
        assert_int_equal(row.MediaConnectState, MediaConnectStateDisconnected);
    }
    assert_int_equal(ns_sh("ip link set x0 down"), 0);
}

/* The row's counters and `ip -s link`'s, read back to back while nothing
 * moves (a second ip read after the row must equal the first). */
static void compare_counters(void)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        struct ip_stats before = ip_stats("vA", false), after;
        MIB_IF_ROW2 row;
        get_row(&row, va_index);
        after = ip_stats("vA", false);
        if (!same_stats(&before, &after)) {
            ns_sleep_ms(100);
            continue;
        }
        assert_int_equal(row.InOctets, before.rx_bytes);
        assert_int_equal(row.InUcastPkts + row.InNUcastPkts, before.rx_packets);
        assert_int_equal(row.InNUcastPkts, before.rx_mcast);
        assert_int_equal(row.InErrors, before.rx_errors);
        assert_int_equal(row.InDiscards, before.rx_dropped + before.rx_missed);
        assert_int_equal(row.InUcastOctets, before.rx_bytes);
        assert_int_equal(row.OutOctets, before.tx_bytes);
        assert_int_equal(row.OutUcastPkts + row.OutNUcastPkts, before.tx_packets);
        assert_int_equal(row.OutErrors, before.tx_errors);
        assert_int_equal(row.OutDiscards, before.tx_dropped);
        /* A veth pair: what we sent is what the peer received. */
        {
            struct ip_stats peer = ip_stats("vB", true);
            assert_int_equal(peer.rx_packets, before.tx_packets);
            assert_int_equal(peer.rx_bytes, before.tx_bytes);
        }
        return;
    }
    fail_msg("the counters of vA never stood still");
}

static void test_counters(void **state)
{
    (void)state;
    MIB_IF_ROW2 before, after, quiet;
    const int count = 50;
    const size_t size = 200;
    assert_int_equal(ns_sh("ip link set vA up"), 0);
    assert_int_equal(ns_peer_sh("ip link set vB up"), 0);
    assert_true(wait_state("vA", "UP"));
    get_row(&before, va_index);
    send_udp("198.18.10.2", count, size);
    ns_sleep_ms(200);
    get_row(&after, va_index);
    /* At least the datagrams, each with its UDP, IP and Ethernet headers. */
    assert_true(after.OutUcastPkts - before.OutUcastPkts >= (ULONG64)count);
    assert_true(after.OutOctets - before.OutOctets >= (ULONG64)count * (size + 8 + 20 + 14));
    assert_true(after.InOctets > before.InOctets); /* ARP reply, ICMP errors */
    compare_counters();
    /* Without statistics: zero, and the rest as before. */
    memset(&quiet, 0, sizeof(quiet));
    quiet.InterfaceIndex = va_index;
    assert_int_equal(GetIfEntry2Ex(MibIfEntryNormalWithoutStatistics, &quiet), 0);
    assert_int_equal(quiet.InOctets, 0);
    assert_int_equal(quiet.OutUcastPkts, 0);
    assert_int_equal(quiet.OperStatus, IfOperStatusUp);
    assert_memory_equal(quiet.Alias, after.Alias, sizeof(after.Alias));
}

/* The table: every link of `ip -o link`, by index, each as GetIfEntry2
 * reports it. */
static void test_table(void **state)
{
    (void)state;
    PMIB_IF_TABLE2 t = NULL, quiet = NULL;
    char *out = ns_sh_out("ip -o link show");
    unsigned indexes[64], n = 0;
    assert_non_null(out);
    for (char *line = out; *line && n < 64;) {
        char *nl = strchr(line, '\n');
        if (sscanf(line, "%u:", &indexes[n]) == 1)
            n++;
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    free(out);
    assert_int_equal(GetIfTable2(&t), 0);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, n);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IF_ROW2 one;
        assert_int_equal(t->Table[i].InterfaceIndex, indexes[i]);
        if (i > 0)
            assert_true(t->Table[i].InterfaceIndex > t->Table[i - 1].InterfaceIndex);
        get_row(&one, indexes[i]);
        assert_int_equal(one.InterfaceLuid.Value, t->Table[i].InterfaceLuid.Value);
        assert_memory_equal(one.Alias, t->Table[i].Alias, sizeof(one.Alias));
        assert_memory_equal(one.Description, t->Table[i].Description, sizeof(one.Description));
        assert_int_equal(one.Mtu, t->Table[i].Mtu);
        assert_int_equal(one.OperStatus, t->Table[i].OperStatus);
        assert_int_equal(one.TransmitLinkSpeed, t->Table[i].TransmitLinkSpeed);
    }
    assert_int_equal(GetIfTable2Ex(MibIfTableNormalWithoutStatistics, &quiet), 0);
    assert_int_equal(quiet->NumEntries, t->NumEntries);
    for (ULONG i = 0; i < quiet->NumEntries; i++)
        assert_int_equal(quiet->Table[i].InOctets, 0);
    FreeMibTable(quiet);
    FreeMibTable(t);
    /* One more interface: one more row. */
    assert_int_equal(ns_sh("ip link add x2 type veth peer name x3"), 0);
    assert_int_equal(GetIfTable2Ex(MibIfTableRaw, &t), 0);
    assert_int_equal(t->NumEntries, n + 2);
    FreeMibTable(t);
    assert_int_equal(ns_sh("ip link del x2"), 0);
}

/* An interface that goes away is "not found", never a stale row. */
static void test_gone(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    unsigned index;
    assert_int_equal(ns_sh("ip link add g0 type veth peer name g1"), 0);
    index = ns_ifindex("g0");
    get_row(&row, index);
    assert_int_equal(ns_sh("ip link del g0"), 0);
    memset(&row, 0, sizeof(row));
    row.InterfaceIndex = index;
    assert_int_equal(GetIfEntry2(&row), ERROR_FILE_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_oper_and_media),
        cmocka_unit_test(test_counters),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_gone),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-ifrow", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-ifrow", "no ip(8)");
    if (ns_sh("command -v nsenter >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-ifrow", "no nsenter(1) for the peer's namespace");
    return cmocka_run_group_tests_name("kernel-ifrow", tests, fixture_setup, fixture_teardown);
}
