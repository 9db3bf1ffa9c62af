/* test-kernel-addr-notify.c - NotifyUnicastIpAddressChange and
 * NotifyStableUnicastIpAddressTable against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else, changes addresses with
 * ip(8) and checks which callbacks arrive, for which key, how often and how
 * soon.  The keys expected are known here without asking the library.
 * Without root it skips and says why.
 *
 * The fixture: lo up; va, vb a veth pair, up, with DAD on (one probe);
 * tn0 a tun device.  Addresses come from 198.18.0.0/15 and fd00::/8 only.
 * The burst runs last.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

#define NETLINK_MS 5000     /* generous, for valgrind */
#define DAD_MS 8000         /* one probe is a second; valgrind and a loaded host */
#define QUIET_MS 500
#define BURST 20000         /* more than the watch's 4 MiB buffer holds */

static unsigned va_index, vb_index;

/* ------------------------------------------------------------ recorder */
struct ev {
    MIB_NOTIFICATION_TYPE type;
    bool null_row;
    bool keys_only;
    char addr[64];
    NET_IFINDEX index;
    ULONG64 luid;
    uint64_t at_ns;
};

struct rec {
    pthread_mutex_t lock;
    struct ev *v;
    size_t n, cap;
    bool hold;              /* the first event's callback lasts while this is set */
    bool stalled;
    unsigned tables;        /* stable callbacks */
    bool table_tentative;
    bool table_has;         /* the last table held rec.want */
    char want[64];
};

static void rec_free(void *p)
{
    struct rec *r = p;
    free(r->v);
    pthread_mutex_destroy(&r->lock);
    ns_kept_free(r);
}

/* A recorder on the heap, kept for ns_teardown (ns-util.h). */
static struct rec *rec_new(void)
{
    struct rec *r = ns_kept_new(sizeof(*r), rec_free);
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

static void addr_text(const SOCKADDR_INET *sa, char *buf, size_t len)
{
    if (sa->si_family == AF_INET6)
        inet_ntop(AF_INET6, &sa->Ipv6.sin6_addr, buf, (socklen_t)len);
    else
        inet_ntop(AF_INET, &sa->Ipv4.sin_addr, buf, (socklen_t)len);
}

static bool keys_only(const MIB_UNICASTIPADDRESS_ROW *row)
{
    MIB_UNICASTIPADDRESS_ROW z;
    memset(&z, 0, sizeof(z));
    z.Address = row->Address;
    z.InterfaceLuid = row->InterfaceLuid;
    z.InterfaceIndex = row->InterfaceIndex;
    return memcmp(&z, row, sizeof(z)) == 0;
}

static VOID NETIOAPI_API_ rec_cb(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row,
                                 MIB_NOTIFICATION_TYPE type)
{
    struct rec *r = ctx;
    struct ev e;
    bool stall;
    memset(&e, 0, sizeof(e));
    e.type = type;
    e.at_ns = ns_now_ns();
    e.null_row = row == NULL;
    if (row != NULL) {
        addr_text(&row->Address, e.addr, sizeof(e.addr));
        e.index = row->InterfaceIndex;
        e.luid = row->InterfaceLuid.Value;
        e.keys_only = keys_only(row);
    }
    pthread_mutex_lock(&r->lock);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        struct ev *v = realloc(r->v, cap * sizeof(*v));
        if (v != NULL) {
            r->v = v;
            r->cap = cap;
        }
    }
    if (r->n < r->cap)
        r->v[r->n++] = e;
    stall = !r->stalled;
    r->stalled = true;
    for (unsigned waited = 0; stall && r->hold && waited < 60000; waited += 10) {
        pthread_mutex_unlock(&r->lock);
        ns_sleep_ms(10);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
}

static VOID NETIOAPI_API_ stable_cb(PVOID ctx, PMIB_UNICASTIPADDRESS_TABLE t)
{
    struct rec *r = ctx;
    pthread_mutex_lock(&r->lock);
    r->tables++;
    r->table_tentative = r->table_has = false;
    for (ULONG i = 0; i < t->NumEntries; i++) {
        char text[64];
        addr_text(&t->Table[i].Address, text, sizeof(text));
        if (t->Table[i].DadState == IpDadStateTentative)
            r->table_tentative = true;
        if (strcmp(text, r->want) == 0 && t->Table[i].DadState == IpDadStatePreferred)
            r->table_has = true;
    }
    pthread_mutex_unlock(&r->lock);
    FreeMibTable(t);
}

/* Events of that type (any: -1), address (NULL: any) and index (0: any). */
static size_t rec_count(struct rec *r, int type, const char *addr, NET_IFINDEX index)
{
    size_t k = 0;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        if ((type < 0 || (int)r->v[i].type == type) &&
            (addr == NULL || strcmp(r->v[i].addr, addr) == 0) &&
            (index == 0 || r->v[i].index == index))
            k++;
    pthread_mutex_unlock(&r->lock);
    return k;
}

static bool rec_wait(struct rec *r, int type, const char *addr, NET_IFINDEX index, unsigned ms)
{
    uint64_t end = ns_now_ns() + (uint64_t)ms * 1000000u;
    while (rec_count(r, type, addr, index) == 0 && ns_now_ns() < end)
        ns_sleep_ms(2);
    return rec_count(r, type, addr, index) > 0;
}

/* That many events of that type (any: -1) and address (NULL: any), or the
 * test fails with every event recorded, to tell which was extra. */
static void expect_count(struct rec *r, int type, const char *addr, size_t want)
{
    size_t got = rec_count(r, type, addr, 0);
    if (got == want)
        return;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        print_message("  event %zu: %s %s on %u\n", i, ns_type_name(r->v[i].type), r->v[i].addr,
                      r->v[i].index);
    pthread_mutex_unlock(&r->lock);
    fail_msg("%zu events of type %d for %s, not %zu", got, type, addr ? addr : "any address",
             want);
}

/* The one event of that type and address: keys only, the right interface. */
static const struct ev *expect(struct rec *r, MIB_NOTIFICATION_TYPE type, const char *addr,
                               NET_IFINDEX index, uint64_t luid)
{
    const struct ev *e = NULL;
    if (!rec_wait(r, (int)type, addr, index, NETLINK_MS))
        fail_msg("no event %d for %s on %u", type, addr, index);
    ns_sleep_ms(50);
    expect_count(r, (int)type, addr, 1);
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n && e == NULL; i++)
        if (r->v[i].type == type && strcmp(r->v[i].addr, addr) == 0)
            e = &r->v[i];
    pthread_mutex_unlock(&r->lock);
    assert_true(e->keys_only);
    if (luid != 0)
        assert_int_equal(e->luid, luid);
    return e;
}

static HANDLE watch(struct rec *r, ADDRESS_FAMILY family)
{
    HANDLE h = NULL;
    assert_int_equal(NotifyUnicastIpAddressChange(family, rec_cb, r, FALSE, &h), NO_ERROR);
    ns_keep_handle(r, h);
    return h;
}

static void unwatch(struct rec *r, HANDLE h)
{
    ns_keep_handle(r, NULL);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    rec_free(r);
}

static void sh(const char *cmd)
{
    if (ns_sh("%s", cmd) != 0)
        fail_msg("`%s` failed", cmd);
}

/* DadState of the address on its interface, read by the library. */
static NL_DAD_STATE dad_state(const char *text, NET_IFINDEX index)
{
    MIB_UNICASTIPADDRESS_ROW row;
    InitializeUnicastIpAddressEntry(&row);
    row.Address.si_family = AF_INET6;
    inet_pton(AF_INET6, text, &row.Address.Ipv6.sin6_addr);
    row.InterfaceIndex = index;
    if (GetUnicastIpAddressEntry(&row) != NO_ERROR)
        return IpDadStateInvalid;
    return row.DadState;
}

/* --------------------------------------------------------------- tests */
static void test_add_delete(void **state)
{
    struct rec *r;
    HANDLE h;
    const struct ev *e;
    uint64_t t;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC);
    t = ns_now_ns();
    sh("ip addr add 198.18.10.1/24 dev va");
    e = expect(r, MibAddInstance, "198.18.10.1", va_index, ns_ether_luid(va_index));
    print_message("  Add %.1f ms after ip(8) began\n", (double)(e->at_ns - t) / 1e6);
    sh("ip -6 addr add fd00:10::1/64 dev va nodad");
    expect(r, MibAddInstance, "fd00:10::1", va_index, ns_ether_luid(va_index));
    sh("ip addr del 198.18.10.1/24 dev va");
    expect(r, MibDeleteInstance, "198.18.10.1", va_index, ns_ether_luid(va_index));
    sh("ip -6 addr del fd00:10::1/64 dev va");
    expect(r, MibDeleteInstance, "fd00:10::1", va_index, ns_ether_luid(va_index));
    ns_sleep_ms(QUIET_MS);
    expect_count(r, -1, NULL, 4);
    unwatch(r, h);
}

/* DAD: Add while tentative, Parameter when it ends (tentative ->
 * preferred), and the row then says Preferred. */
static void test_dad(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_INET6);
    sh("ip -6 addr add fd00:11::1/64 dev va");
    expect(r, MibAddInstance, "fd00:11::1", va_index, 0);
    if (!rec_wait(r, MibParameterNotification, "fd00:11::1", va_index, DAD_MS))
        fail_msg("no Parameter when DAD ended");
    assert_int_equal(dad_state("fd00:11::1", va_index), IpDadStatePreferred);
    sh("ip -6 addr del fd00:11::1/64 dev va");
    expect(r, MibDeleteInstance, "fd00:11::1", va_index, 0);
    unwatch(r, h);
}

/* Deprecation (preferred_lft 0) and a lifetime that becomes finite, then
 * infinite again: a Parameter each. */
static void test_deprecate_lifetimes(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    sh("ip -6 addr add fd00:12::1/64 dev va nodad");
    r = rec_new();
    h = watch(r, AF_UNSPEC);
    sh("ip -6 addr change fd00:12::1/64 dev va preferred_lft 0");
    if (!rec_wait(r, MibParameterNotification, "fd00:12::1", va_index, NETLINK_MS))
        fail_msg("no Parameter for the deprecation");
    assert_int_equal(dad_state("fd00:12::1", va_index), IpDadStateDeprecated);
    ns_sleep_ms(QUIET_MS);
    expect_count(r, -1, NULL, 1);
    sh("ip -6 addr change fd00:12::1/64 dev va valid_lft forever preferred_lft forever");
    sh("ip addr add 198.18.12.1/24 dev va valid_lft 600 preferred_lft 300");
    expect(r, MibAddInstance, "198.18.12.1", va_index, 0);
    sh("ip addr change 198.18.12.1/24 dev va valid_lft forever preferred_lft forever");
    if (!rec_wait(r, MibParameterNotification, "198.18.12.1", va_index, NETLINK_MS))
        fail_msg("no Parameter for a lifetime made infinite");
    ns_sleep_ms(QUIET_MS);
    expect_count(r, MibParameterNotification, "fd00:12::1", 2);
    expect_count(r, MibParameterNotification, "198.18.12.1", 1);
    sh("ip -6 addr del fd00:12::1/64 dev va && ip addr del 198.18.12.1/24 dev va");
    unwatch(r, h);
}

/* A netlink socket in the address groups, to see what the kernel says. */
static int monitor_open(void)
{
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK,
                             .nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR};
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

static unsigned monitor_deladdr(int fd, unsigned index)
{
    static char buf[65536];
    unsigned k = 0;
    ssize_t n;
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
        for (struct nlmsghdr *m = (struct nlmsghdr *)buf; NLMSG_OK(m, (size_t)n);
             m = NLMSG_NEXT(m, n)) {
            const struct ifaddrmsg *ifa = NLMSG_DATA(m);
            if (m->nlmsg_type == RTM_DELADDR && ifa->ifa_index == index)
                k++;
        }
    return k;
}

/* A link deleted takes its addresses: a Delete for each.  Whether the
 * kernel said so itself (RTM_DELADDR) is printed: the library compares
 * the link's addresses either way. */
static void test_link_delete(void **state)
{
    struct rec *r;
    HANDLE h;
    unsigned vc, said;
    int mon;
    (void)state;
    sh("ip link add vc type veth peer name vd && ip link set vc up && ip link set vd up && "
       "ip addr add 198.18.13.1/24 dev vc && ip -6 addr add fd00:13::1/64 dev vc nodad");
    vc = ns_ifindex("vc");
    r = rec_new();
    h = watch(r, AF_UNSPEC);
    mon = monitor_open();
    sh("ip link del vc");
    expect(r, MibDeleteInstance, "198.18.13.1", vc, ns_ether_luid(vc));
    expect(r, MibDeleteInstance, "fd00:13::1", vc, ns_ether_luid(vc));
    ns_sleep_ms(QUIET_MS);
    said = monitor_deladdr(mon, vc);
    print_message("  the kernel sent %u RTM_DELADDR for the deleted link's addresses\n", said);
    close(mon);
    expect_count(r, MibDeleteInstance, "198.18.13.1", 1);
    expect_count(r, MibAddInstance, NULL, 0);
    unwatch(r, h);
}

static void test_family_filter(void **state)
{
    struct rec *r4, *r6;
    HANDLE h4, h6;
    (void)state;
    r4 = rec_new();
    r6 = rec_new();
    h4 = watch(r4, AF_INET);
    h6 = watch(r6, AF_INET6);
    sh("ip addr add 198.18.14.1/24 dev vb && ip -6 addr add fd00:14::1/64 dev vb nodad");
    expect(r4, MibAddInstance, "198.18.14.1", vb_index, 0);
    expect(r6, MibAddInstance, "fd00:14::1", vb_index, 0);
    ns_sleep_ms(QUIET_MS);
    expect_count(r4, -1, NULL, 1);
    expect_count(r6, -1, NULL, 1);
    sh("ip addr del 198.18.14.1/24 dev vb && ip -6 addr del fd00:14::1/64 dev vb");
    unwatch(r4, h4);
    unwatch(r6, h6);
}

/* A tun device: its addresses too, with its own interface. */
static void test_tun(void **state)
{
    struct rec *r;
    HANDLE h;
    unsigned tn;
    (void)state;
    tn = ns_ifindex("tn0");
    r = rec_new();
    h = watch(r, AF_INET);
    sh("ip addr add 198.18.15.1/32 dev tn0");
    expect(r, MibAddInstance, "198.18.15.1", tn, 0);
    sh("ip addr del 198.18.15.1/32 dev tn0");
    expect(r, MibDeleteInstance, "198.18.15.1", tn, 0);
    unwatch(r, h);
}

/* The stable table: pending while an IPv6 address is tentative on a veth
 * whose peer is up, then once, with that address preferred. */
static void test_stable(void **state)
{
    struct rec *r;
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    HANDLE h = NULL;
    uint64_t t0, end;
    DWORD st;
    (void)state;
    r = rec_new();
    snprintf(r->want, sizeof(r->want), "fd00:16::1");
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_INET6, &t, stable_cb, r, &h), NO_ERROR);
    assert_non_null(t);
    assert_null(h);
    FreeMibTable(t);
    t = NULL;
    sh("ip -6 addr add fd00:16::1/64 dev va");
    t0 = ns_now_ns();
    st = NotifyStableUnicastIpAddressTable(AF_INET6, &t, stable_cb, r, &h);
    assert_int_equal(st, ERROR_IO_PENDING);
    assert_null(t);
    assert_non_null(h);
    ns_keep_handle(r, h);
    end = t0 + (uint64_t)DAD_MS * 1000000u;
    while (ns_now_ns() < end) {
        pthread_mutex_lock(&r->lock);
        st = r->tables;
        pthread_mutex_unlock(&r->lock);
        if (st)
            break;
        ns_sleep_ms(5);
    }
    print_message("  stable table %.0f ms after the pending call\n",
                  (double)(ns_now_ns() - t0) / 1e6);
    ns_sleep_ms(QUIET_MS);
    assert_int_equal(r->tables, 1);
    assert_false(r->table_tentative);
    assert_true(r->table_has);
    ns_keep_handle(r, NULL);
    assert_int_equal(CancelMibChangeNotify2(h), ERROR_INVALID_PARAMETER); /* over */
    sh("ip -6 addr del fd00:16::1/64 dev va");
    rec_free(r);
}

/* 20,000 addresses while a callback stalls the watcher: the kernel drops
 * messages (ENOBUFS), the library compares every address, and each is
 * added exactly once all the same. */
static void test_burst_enobufs(void **state)
{
    struct rec *r;
    HANDLE h;
    char path[] = "/tmp/nio-addr-burst-XXXXXX";
    FILE *f;
    int fd;
    unsigned *adds;
    unsigned long drops0;
    size_t missing = 0, twice = 0;
    uint64_t t, end;
    (void)state;
    fd = mkstemp(path); /* a name of its own: copies of this test may run at once */
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < BURST; i++)
        fprintf(f, "addr add 198.19.%u.%u/32 dev vb\n", i / 256, i % 256);
    fclose(f);
    adds = calloc(BURST, sizeof(*adds));
    assert_non_null(adds);
    r = rec_new();
    r->hold = true;
    h = watch(r, AF_INET);
    drops0 = ns_netlink_drops();
    sh("ip addr add 198.18.17.1/24 dev va"); /* the stalling one */
    t = ns_now_ns();
    if (ns_sh("ip -batch %s", path) != 0)
        fail_msg("`ip -batch %s` failed", path);
    pthread_mutex_lock(&r->lock);
    r->hold = false; /* the watcher reads again once every message is sent */
    pthread_mutex_unlock(&r->lock);
    print_message("  %d addresses added by ip -batch in %.0f ms\n", BURST,
                  (double)(ns_now_ns() - t) / 1e6);
    end = ns_now_ns() + 60000ull * 1000000u;
    while (rec_count(r, MibAddInstance, NULL, vb_index) < BURST && ns_now_ns() < end)
        ns_sleep_ms(20);
    ns_sleep_ms(QUIET_MS);
    print_message("  netlink drops %lu, last Add %.0f ms after the burst began\n",
                  ns_netlink_drops() - drops0, (double)(r->v[r->n - 1].at_ns - t) / 1e6);
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++) {
        unsigned a, b, c, d;
        if (r->v[i].type == MibAddInstance &&
            sscanf(r->v[i].addr, "%u.%u.%u.%u", &a, &b, &c, &d) == 4 && a == 198 && b == 19 &&
            c * 256 + d < BURST)
            adds[c * 256 + d]++;
    }
    pthread_mutex_unlock(&r->lock);
    for (unsigned i = 0; i < BURST; i++) {
        missing += adds[i] == 0;
        twice += adds[i] > 1;
    }
    if (missing || twice)
        fail_msg("%zu addresses without an Add, %zu with more than one", missing, twice);
    assert_true(ns_netlink_drops() > drops0); /* the buffer did overflow */
    free(adds);
    unwatch(r, h);
    sh("ip addr flush dev vb to 198.19.0.0/16");
    unlink(path);
}

/* ------------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "test-kernel-addr-notify: the namespace is not fresh; refusing\n");
        return -1;
    }
    /* Link-local addresses without DAD: they come at once, not into some
     * test.  va has DAD (one probe) afterwards, for the DAD tests. */
    if (!ns_proc_write("0", "/proc/sys/net/ipv6/conf/default/accept_dad"))
        return -1;
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip tuntap add dev tn0 mode tun && ip link set tn0 up && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    /* Link-local addresses first (no DAD, no test's news), then DAD on. */
    if (!ns_settle(10000, "va", "vb", NULL))
        return -1;
    if (!ns_proc_write("1", "/proc/sys/net/ipv6/conf/va/accept_dad") ||
        !ns_proc_write("1", "/proc/sys/net/ipv6/conf/va/dad_transmits"))
        return -1;
    va_index = ns_ifindex("va");
    vb_index = ns_ifindex("vb");
    return va_index && vb_index ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_add_delete, ns_teardown),
        cmocka_unit_test_teardown(test_dad, ns_teardown),
        cmocka_unit_test_teardown(test_deprecate_lifetimes, ns_teardown),
        cmocka_unit_test_teardown(test_link_delete, ns_teardown),
        cmocka_unit_test_teardown(test_family_filter, ns_teardown),
        cmocka_unit_test_teardown(test_tun, ns_teardown),
        cmocka_unit_test_teardown(test_stable, ns_teardown),
        cmocka_unit_test_teardown(test_burst_enobufs, ns_teardown),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-addr-notify", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-addr-notify", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-addr-notify", tests, fixture_setup, NULL);
}
