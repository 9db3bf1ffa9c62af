/* test-kernel-route-notify.c - NotifyRouteChange2 and CancelMibChangeNotify2
 * against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else, changes routes with ip(8)
 * and checks which callbacks arrive, for which key, how often and how soon.
 * The keys expected are known here without asking the library.  Without
 * root it skips and says why.
 *
 * The fixture: lo up; va, vb a veth pair, up, va 198.18.0.1/24 and
 * fd00:1::1/64, vb 198.18.0.2/24 and fd00:1::2/64.  Addresses come from
 * 198.18.0.0/15 and fd00::/8 only.  The burst runs last.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

#define NETLINK_MS 5000     /* generous, for valgrind */
#define QUIET_MS 500
#define BURST 20000         /* more than the watch's 4 MiB buffer holds */

static unsigned va_index, vb_index;

/* ------------------------------------------------------------ recorder */
struct ev {
    MIB_NOTIFICATION_TYPE type;
    bool null_row;
    bool keys_only;
    char prefix[64];        /* "198.18.10.0/24" */
    char hop[64];           /* "198.18.0.2", "0.0.0.0", "::" */
    ADDRESS_FAMILY family;  /* of the prefix */
    NET_IFINDEX index;
    ULONG64 luid;
    uint64_t at_ns;
};

struct rec {
    pthread_mutex_t lock;
    struct ev *v;
    size_t n, cap;
    HANDLE self;            /* the callback cancels it at its first event */
    DWORD self_cancel;
    unsigned stall_ms;      /* the first event's callback lasts this long at most, */
    atomic_bool release;    /* or until this is set */
    bool stalled;
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

static bool keys_only(const MIB_IPFORWARD_ROW2 *row)
{
    MIB_IPFORWARD_ROW2 z;
    memset(&z, 0, sizeof(z));
    z.InterfaceLuid = row->InterfaceLuid;
    z.InterfaceIndex = row->InterfaceIndex;
    z.DestinationPrefix = row->DestinationPrefix;
    z.NextHop = row->NextHop;
    return memcmp(&z, row, sizeof(z)) == 0;
}

static void addr_text(const SOCKADDR_INET *sa, char *buf, size_t len)
{
    if (sa->si_family == AF_INET6)
        inet_ntop(AF_INET6, &sa->Ipv6.sin6_addr, buf, (socklen_t)len);
    else if (sa->si_family == AF_INET)
        inet_ntop(AF_INET, &sa->Ipv4.sin_addr, buf, (socklen_t)len);
    else
        snprintf(buf, len, "family %u", (unsigned)sa->si_family);
}

static void rec_push(struct rec *r, const struct ev *e)
{
    pthread_mutex_lock(&r->lock);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        struct ev *v = realloc(r->v, cap * sizeof(*v));
        if (v == NULL)
            abort();
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = *e;
    pthread_mutex_unlock(&r->lock);
}

static VOID NETIOAPI_API_ rec_cb(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    struct rec *r = ctx;
    struct ev e;
    HANDLE self;
    bool stall;
    memset(&e, 0, sizeof(e));
    e.type = type;
    e.null_row = row == NULL;
    e.at_ns = ns_now_ns();
    if (row != NULL) {
        char a[INET6_ADDRSTRLEN];
        addr_text(&row->DestinationPrefix.Prefix, a, sizeof(a));
        snprintf(e.prefix, sizeof(e.prefix), "%s/%u", a,
                 (unsigned)row->DestinationPrefix.PrefixLength);
        addr_text(&row->NextHop, e.hop, sizeof(e.hop));
        e.family = row->DestinationPrefix.Prefix.si_family;
        e.index = row->InterfaceIndex;
        e.luid = row->InterfaceLuid.Value;
        e.keys_only = keys_only(row);
    }
    rec_push(r, &e);
    pthread_mutex_lock(&r->lock);
    self = r->self;
    r->self = NULL;
    stall = r->stall_ms && !r->stalled && row != NULL;
    if (stall)
        r->stalled = true;
    pthread_mutex_unlock(&r->lock);
    if (self != NULL)
        r->self_cancel = CancelMibChangeNotify2(self);
    for (unsigned t = 0; stall && t < r->stall_ms && !atomic_load(&r->release); t += 20)
        ns_sleep_ms(20);
}

/* Events of that type for prefix (NULL: any) through index (0: any). */
static size_t rec_count(struct rec *r, MIB_NOTIFICATION_TYPE type, const char *prefix,
                        unsigned index)
{
    size_t k = 0;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].type == type && (prefix == NULL || strcmp(r->v[i].prefix, prefix) == 0) &&
            (index == 0 || r->v[i].index == index))
            k++;
    pthread_mutex_unlock(&r->lock);
    return k;
}

static size_t rec_total(struct rec *r)
{
    size_t n;
    pthread_mutex_lock(&r->lock);
    n = r->n;
    pthread_mutex_unlock(&r->lock);
    return n;
}

/* The first such event, copied; false when none came within ms. */
static bool rec_wait(struct rec *r, MIB_NOTIFICATION_TYPE type, const char *prefix,
                     unsigned index, long ms, struct ev *out)
{
    uint64_t end = ns_now_ns() + (uint64_t)ms * 1000000u;
    do {
        pthread_mutex_lock(&r->lock);
        for (size_t i = 0; i < r->n; i++)
            if (r->v[i].type == type && strcmp(r->v[i].prefix, prefix) == 0 &&
                (index == 0 || r->v[i].index == index)) {
                *out = r->v[i];
                pthread_mutex_unlock(&r->lock);
                return true;
            }
        pthread_mutex_unlock(&r->lock);
        ns_sleep_ms(2);
    } while (ns_now_ns() < end);
    return false;
}

/* Every event r holds, for a failure's message. */
static void rec_print(struct rec *r)
{
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n && i < 40; i++)
        print_message("    event %zu: %s %s via %s index %u\n", i, ns_type_name(r->v[i].type),
                      r->v[i].null_row ? "(no row)" : r->v[i].prefix, r->v[i].hop,
                      (unsigned)r->v[i].index);
    pthread_mutex_unlock(&r->lock);
}

/* Fails unless r holds exactly n events. */
static void expect_total(struct rec *r, size_t n)
{
    if (rec_total(r) != n) {
        rec_print(r);
        fail_msg("%zu events, wanted %zu", rec_total(r), n);
    }
}

/* Waits for the event and checks its key: prefix, next hop, interface
 * (index and the LUID of an Ethernet-like interface), nothing else set. */
static void expect_route(struct rec *r, MIB_NOTIFICATION_TYPE type, const char *prefix,
                         const char *hop, unsigned index, uint64_t since_ns)
{
    struct ev e;
    if (!rec_wait(r, type, prefix, index, NETLINK_MS, &e) && (rec_print(r), true))
        fail_msg("no %s for %s through %u within %d ms", ns_type_name(type), prefix, index,
                 NETLINK_MS);
    if (strcmp(e.hop, hop) != 0 || e.luid != ns_ether_luid(index) || !e.keys_only)
        fail_msg("%s %s: next hop %s (want %s), LUID 0x%llx (want 0x%llx), keys only %d",
                 ns_type_name(type), prefix, e.hop, hop, (unsigned long long)e.luid,
                 (unsigned long long)ns_ether_luid(index), e.keys_only);
    if (since_ns)
        print_message("  %s %s: %.2f ms\n", ns_type_name(type), prefix,
                      (double)(e.at_ns - since_ns) / 1e6);
}

static HANDLE watch(struct rec *r, ADDRESS_FAMILY family, BOOLEAN initial)
{
    HANDLE h = NULL;
    struct ev e;
    assert_int_equal(NotifyRouteChange2(family, rec_cb, r, initial, &h), NO_ERROR);
    assert_non_null(h);
    ns_keep_handle(r, h);
    if (initial) {
        uint64_t end = ns_now_ns() + NETLINK_MS * 1000000ull;
        while (rec_count(r, MibInitialNotification, NULL, 0) == 0 && ns_now_ns() < end)
            ns_sleep_ms(2);
        assert_int_equal(rec_count(r, MibInitialNotification, NULL, 0), 1);
        (void)e;
    }
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
        fail_msg("failed: %s", cmd);
}

/* ------------------------------------------- the kernel's own messages */
/* A socket of this test's own in the IPv4 route group: what the kernel
 * announces, counted without the library. */
static int monitor_open(void)
{
    struct sockaddr_nl a = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_IPV4_ROUTE};
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

/* RTM_DELROUTE messages read for an IPv4 prefix of that length. */
static unsigned monitor_deletes(int fd, const char *addr, unsigned len)
{
    static char buf[65536];
    unsigned k = 0;
    uint8_t want[4];
    ssize_t n;
    inet_pton(AF_INET, addr, want);
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
             h = NLMSG_NEXT(h, n)) {
            struct rtmsg *rtm = NLMSG_DATA(h);
            int alen = (int)RTM_PAYLOAD(h);
            if (h->nlmsg_type != RTM_DELROUTE || rtm->rtm_dst_len != len)
                continue;
            for (struct rtattr *a = RTM_RTA(rtm); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
                if (a->rta_type == RTA_DST && memcmp(RTA_DATA(a), want, 4) == 0)
                    k++;
        }
    }
    return k;
}

/* ------------------------------------------------------------- initial */
static void test_initial(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    ns_sleep_ms(QUIET_MS);
    expect_total(r, 1); /* the routes there are no news */
    assert_true(r->v[0].null_row);
    unwatch(r, h);
    /* Without it: nothing while nothing changes. */
    r = rec_new();
    h = watch(r, AF_UNSPEC, FALSE);
    ns_sleep_ms(QUIET_MS);
    expect_total(r, 0);
    unwatch(r, h);
}

/* ------------------------------------------------------------- changes */
static void test_add_change_delete(void **state)
{
    struct rec *r;
    HANDLE h;
    uint64_t t;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, FALSE);
    t = ns_now_ns();
    sh("ip route add 198.18.10.0/24 via 198.18.0.2 dev va metric 50");
    expect_route(r, MibAddInstance, "198.18.10.0/24", "198.18.0.2", va_index, t);
    /* In place (NLM_F_REPLACE, same priority): the protocol changes. */
    t = ns_now_ns();
    sh("ip route change 198.18.10.0/24 via 198.18.0.2 dev va metric 50 proto dhcp");
    expect_route(r, MibParameterNotification, "198.18.10.0/24", "198.18.0.2", va_index, t);
    t = ns_now_ns();
    sh("ip route del 198.18.10.0/24 via 198.18.0.2 dev va metric 50");
    expect_route(r, MibDeleteInstance, "198.18.10.0/24", "198.18.0.2", va_index, t);
    t = ns_now_ns();
    sh("ip -6 route add fd00:10::/64 via fd00:1::3 dev va metric 50");
    expect_route(r, MibAddInstance, "fd00:10::/64", "fd00:1::3", va_index, t);
    sh("ip -6 route del fd00:10::/64 via fd00:1::3 dev va metric 50");
    expect_route(r, MibDeleteInstance, "fd00:10::/64", "fd00:1::3", va_index, t);
    /* An on-link route: the family's zero address as next hop. */
    sh("ip route add 198.18.13.0/24 dev vb");
    expect_route(r, MibAddInstance, "198.18.13.0/24", "0.0.0.0", vb_index, 0);
    sh("ip route del 198.18.13.0/24 dev vb");
    expect_route(r, MibDeleteInstance, "198.18.13.0/24", "0.0.0.0", vb_index, 0);
    ns_sleep_ms(QUIET_MS);
    expect_total(r, 7);
    unwatch(r, h);
}

/* A replacement through another interface: the new row is added, and the
 * old one, which no message names, is deleted. */
static void test_replace(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    sh("ip route add 198.18.11.0/24 via 198.18.0.2 dev va");
    r = rec_new();
    h = watch(r, AF_INET, TRUE);
    sh("ip route replace 198.18.11.0/24 via 198.18.0.1 dev vb");
    expect_route(r, MibAddInstance, "198.18.11.0/24", "198.18.0.1", vb_index, 0);
    expect_route(r, MibDeleteInstance, "198.18.11.0/24", "198.18.0.2", va_index, 0);
    sh("ip route del 198.18.11.0/24");
    expect_route(r, MibDeleteInstance, "198.18.11.0/24", "198.18.0.1", vb_index, 0);
    ns_sleep_ms(QUIET_MS);
    expect_total(r, 4);
    unwatch(r, h);
}

/* A link put down: the kernel flushes its IPv4 routes and sends no
 * RTM_DELROUTE for them (checked here on a socket of our own); the
 * callbacks report them deleted all the same.  Up again: the connected
 * route comes back. */
static void test_link_down_flush(void **state)
{
    struct rec *r;
    HANDLE h;
    int mon;
    unsigned kernel_said;
    uint64_t t;
    (void)state;
    sh("ip route add 198.18.12.0/24 via 198.18.0.2 dev va");
    r = rec_new();
    h = watch(r, AF_INET, TRUE);
    mon = monitor_open();
    t = ns_now_ns();
    sh("ip link set va down");
    expect_route(r, MibDeleteInstance, "198.18.12.0/24", "198.18.0.2", va_index, t);
    expect_route(r, MibDeleteInstance, "198.18.0.0/24", "0.0.0.0", va_index, t);
    ns_sleep_ms(200);
    kernel_said = monitor_deletes(mon, "198.18.12.0", 24);
    print_message("  RTM_DELROUTE from the kernel for the flushed 198.18.12.0/24: %u\n",
                  kernel_said);
    assert_int_equal(kernel_said, 0); /* the fact this code is for */
    close(mon);
    /* Up again; IPv6 addresses do not survive a link down. */
    sh("ip link set va up && ip -6 addr replace fd00:1::1/64 dev va nodad");
    expect_route(r, MibAddInstance, "198.18.0.0/24", "0.0.0.0", va_index, 0);
    assert_int_equal(rec_count(r, MibDeleteInstance, "198.18.12.0/24", 0), 1);
    unwatch(r, h);
    assert_true(ns_settle(10000, "va", "vb", NULL)); /* carrier back: no test's news */
}

/* A link deleted: its routes of both families go. */
static void test_link_delete(void **state)
{
    struct rec *r;
    HANDLE h;
    unsigned n1;
    (void)state;
    sh("ip link add n1 type veth peer name n2 && ip link set n1 up && ip link set n2 up && "
       "ip addr add 198.18.1.1/24 dev n1 && ip -6 addr add fd00:2::1/64 dev n1 nodad && "
       "ip route add 198.18.14.0/24 via 198.18.1.2 dev n1 && "
       "ip -6 route add fd00:14::/64 via fd00:2::2 dev n1");
    n1 = ns_ifindex("n1");
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    sh("ip link del n1");
    expect_route(r, MibDeleteInstance, "198.18.14.0/24", "198.18.1.2", n1, 0);
    expect_route(r, MibDeleteInstance, "fd00:14::/64", "fd00:2::2", n1, 0);
    expect_route(r, MibDeleteInstance, "198.18.1.0/24", "0.0.0.0", n1, 0);
    ns_sleep_ms(QUIET_MS);
    assert_int_equal(rec_count(r, MibDeleteInstance, "198.18.14.0/24", 0), 1);
    assert_int_equal(rec_count(r, MibAddInstance, NULL, 0), 0);
    unwatch(r, h);
}

/* A handle for one family hears nothing of the other. */
static void test_family_filter(void **state)
{
    struct rec *r4, *r6;
    HANDLE h4, h6;
    (void)state;
    r4 = rec_new();
    r6 = rec_new();
    h4 = watch(r4, AF_INET, FALSE);
    h6 = watch(r6, AF_INET6, FALSE);
    sh("ip route add 198.18.15.0/24 via 198.18.0.2 dev va");
    sh("ip -6 route add fd00:15::/64 via fd00:1::3 dev va");
    expect_route(r4, MibAddInstance, "198.18.15.0/24", "198.18.0.2", va_index, 0);
    expect_route(r6, MibAddInstance, "fd00:15::/64", "fd00:1::3", va_index, 0);
    sh("ip route del 198.18.15.0/24 && ip -6 route del fd00:15::/64");
    expect_route(r4, MibDeleteInstance, "198.18.15.0/24", "198.18.0.2", va_index, 0);
    expect_route(r6, MibDeleteInstance, "fd00:15::/64", "fd00:1::3", va_index, 0);
    ns_sleep_ms(QUIET_MS);
    for (size_t i = 0; i < r4->n; i++)
        assert_int_equal(r4->v[i].family, AF_INET);
    for (size_t i = 0; i < r6->n; i++)
        assert_int_equal(r6->v[i].family, AF_INET6);
    unwatch(r4, h4);
    unwatch(r6, h6);
}

/* A callback cancels its own handle: at once, nothing follows; another
 * handle and an interface handle are served on. */
static VOID NETIOAPI_API_ ipif_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    (void)row, (void)type;
    atomic_fetch_add((atomic_uint *)ctx, 1);
}

static void test_cancel_from_callback(void **state)
{
    struct rec *a, *b;
    HANDLE ha, hb, hi = NULL;
    static atomic_uint ipif; /* not on the stack: a failed test's handle outlives it */
    (void)state;
    atomic_store(&ipif, 0);
    a = rec_new();
    b = rec_new();
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, ipif_cb, &ipif, FALSE, &hi), NO_ERROR);
    ns_keep(&ipif, NULL);
    ns_keep_handle(&ipif, hi);
    ha = watch(a, AF_UNSPEC, FALSE);
    hb = watch(b, AF_UNSPEC, FALSE);
    pthread_mutex_lock(&a->lock);
    a->self = ha;
    pthread_mutex_unlock(&a->lock);
    sh("ip route add 198.18.16.0/24 via 198.18.0.2 dev va");
    sh("ip route add 198.18.17.0/24 via 198.18.0.2 dev va");
    expect_route(b, MibAddInstance, "198.18.17.0/24", "198.18.0.2", va_index, 0);
    ns_sleep_ms(QUIET_MS);
    assert_int_equal(a->self_cancel, NO_ERROR);
    expect_total(a, 1);
    assert_int_equal(CancelMibChangeNotify2(ha), ERROR_INVALID_PARAMETER);
    sh("ip link set va mtu 1400");
    for (int i = 0; i < 250 && atomic_load(&ipif) == 0; i++)
        ns_sleep_ms(20);
    assert_true(atomic_load(&ipif) > 0);
    sh("ip route del 198.18.16.0/24 && ip route del 198.18.17.0/24 && ip link set va mtu 1500");
    unwatch(b, hb);
    ns_forget(&ipif);
    assert_int_equal(CancelMibChangeNotify2(hi), NO_ERROR);
    rec_free(a);
}

/* More routes than the watch's buffer holds, while a callback stalls the
 * watcher: the kernel drops messages (ENOBUFS), the library compares every
 * route, and each route is added exactly once all the same. */
static void test_enobufs_resync(void **state)
{
    struct rec *r;
    HANDLE h;
    char path[] = "/tmp/nio-route-burst-XXXXXX";
    FILE *f;
    int fd;
    unsigned long drops0;
    unsigned *adds;
    size_t missing = 0, twice = 0;
    uint64_t t, end;
    (void)state;
    fd = mkstemp(path); /* a name of its own: copies of this test may run at once */
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < BURST; i++)
        fprintf(f, "route add 198.19.%u.%u/32 dev vb\n", i / 256, i % 256);
    fclose(f);
    adds = calloc(BURST, sizeof(*adds));
    assert_non_null(adds);
    r = rec_new();
    /* The callback holds the watch until the burst is over, however long
     * ip(8) takes on a loaded machine: the buffer must overflow. */
    r->stall_ms = 60000;
    h = watch(r, AF_INET, FALSE);
    drops0 = ns_netlink_drops();
    sh("ip route add 198.18.18.0/24 via 198.18.0.2 dev va"); /* the stalling one */
    t = ns_now_ns();
    if (ns_sh("ip -batch %s", path) != 0)
        fail_msg("`ip -batch %s` failed", path);
    atomic_store(&r->release, true);
    print_message("  %d routes added by ip -batch in %.0f ms\n", BURST,
                  (double)(ns_now_ns() - t) / 1e6);
    end = ns_now_ns() + 60000ull * 1000000u;
    while (rec_count(r, MibAddInstance, NULL, vb_index) < BURST && ns_now_ns() < end)
        ns_sleep_ms(20);
    ns_sleep_ms(QUIET_MS);
    print_message("  netlink drops %lu, last Add %.0f ms after the burst began\n",
                  ns_netlink_drops() - drops0, (double)(r->v[r->n - 1].at_ns - t) / 1e6);
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++) {
        unsigned a, b, c, d, len;
        if (r->v[i].type == MibAddInstance &&
            sscanf(r->v[i].prefix, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &len) == 5 && a == 198 &&
            b == 19 && len == 32 && c * 256 + d < BURST)
            adds[c * 256 + d]++;
    }
    pthread_mutex_unlock(&r->lock);
    for (unsigned i = 0; i < BURST; i++) {
        missing += adds[i] == 0;
        twice += adds[i] > 1;
    }
    if (missing || twice)
        fail_msg("%zu routes without an Add, %zu with more than one", missing, twice);
    assert_true(ns_netlink_drops() > drops0); /* the buffer did overflow */
    free(adds);
    unwatch(r, h);
    unlink(path);
}

/* ------------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "test-kernel-route-notify: the namespace is not fresh; refusing\n");
        return -1;
    }
    /* No DAD: link-local addresses (and their local routes) come at once,
     * not a second into some test. */
    if (!ns_proc_write("0", "/proc/sys/net/ipv6/conf/default/accept_dad"))
        return -1;
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip addr add 198.18.0.1/24 dev va && ip addr add 198.18.0.2/24 dev vb && "
              "ip -6 addr add fd00:1::1/64 dev va nodad && "
              "ip -6 addr add fd00:1::2/64 dev vb nodad && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    if (!ns_settle(10000, "va", "vb", NULL)) /* carrier and IPv6 routes: no test's news */
        return -1;
    va_index = ns_ifindex("va");
    vb_index = ns_ifindex("vb");
    return va_index && vb_index ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_initial, ns_teardown),
        cmocka_unit_test_teardown(test_add_change_delete, ns_teardown),
        cmocka_unit_test_teardown(test_replace, ns_teardown),
        cmocka_unit_test_teardown(test_link_down_flush, ns_teardown),
        cmocka_unit_test_teardown(test_link_delete, ns_teardown),
        cmocka_unit_test_teardown(test_family_filter, ns_teardown),
        cmocka_unit_test_teardown(test_cancel_from_callback, ns_teardown),
        cmocka_unit_test_teardown(test_enobufs_resync, ns_teardown),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-route-notify", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-route-notify", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-route-notify", tests, fixture_setup, NULL);
}
