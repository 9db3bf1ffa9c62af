/* test-kernel-route-mirror.c - the route mirror (src/linux/route-mirror.c)
 * and its sibling, the watch of nexthop objects (nexthops.c),
 * against the running kernel: once it answers, a Create of a new key asks
 * for no route dump, and it never calls absent a row that exists, however
 * the row came: added by another program (ip(8)) between two calls, as a
 * hop of a multipath route, in the local table, in a burst that overflows
 * the mirror's socket, by a forked child, in another namespace, while
 * other threads create and delete routes, or in a family too large to
 * hold.
 *
 * Every check that matters is a Create of a key that exists at another
 * metric: the kernel would take that route as a new one (its priority
 * differs), so only the mirror's "maybe present" and the lookup after it
 * stand between the call and a duplicate row; the answer must be 5010 and
 * the kernel must still hold one route.  The dumps are counted at
 * sendto(), where libmnl sends every request.
 *
 *   va (vap)  198.18.0.1/24, fd00:5::1/64
 * Without root it skips and says why. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux.h"
#include "netioapi_compat.h"
#include "ns-util.h"

static unsigned va;

/* ------------------------------------------- the requests, counted */
static atomic_uint route_dumps;
static atomic_uint nexthop_dumps;
static atomic_uint route_lookups;   /* RTM_GETROUTE of one route */
static atomic_uint route_deletes;

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
               socklen_t tolen)
{
    const struct nlmsghdr *nlh = buf;
    if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_GETROUTE &&
        (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
        atomic_fetch_add(&route_dumps, 1);
    else if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_GETROUTE)
        atomic_fetch_add(&route_lookups, 1);
    if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_DELROUTE)
        atomic_fetch_add(&route_deletes, 1);
    if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_GETNEXTHOP &&
        (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
        atomic_fetch_add(&nexthop_dumps, 1);
    return syscall(SYS_sendto, fd, buf, len, flags, to, tolen);
}

/* ------------------------------------------------------------ rows */
/* An initialized row (ns-util.h) at a route metric. */
static MIB_IPFORWARD_ROW2 route(const char *prefix, const char *via, unsigned index, ULONG metric)
{
    MIB_IPFORWARD_ROW2 row = ns_route_row(prefix, via, index);
    row.Metric = metric;
    return row;
}

/* Create, and the route dumps it asked for. */
static DWORD create(const MIB_IPFORWARD_ROW2 *row, unsigned *dumps)
{
    unsigned before = atomic_load(&route_dumps);
    DWORD st = CreateIpForwardEntry2(row);
    *dumps = atomic_load(&route_dumps) - before;
    return st;
}

/* How many routes of exactly this prefix the kernel holds (both tables of
 * rows), every hop of a multipath route counted once per route. */
static int kernel_routes(const char *prefix)
{
    bool v6 = strchr(prefix, ':') != NULL;
    char *out = ns_sh_out("{ ip -o %s route show table main exact %s;"
                          " ip -o %s route show table local exact %s; } | wc -l",
                          v6 ? "-6" : "-4", prefix, v6 ? "-6" : "-4", prefix);
    int n = out ? atoi(out) : -1;
    free(out);
    return n;
}

/* The mirror answering for both families: two Creates of new keys per
 * family (the first lists the interface, the second fills the mirror),
 * then one that must ask for no dump at all. */
static void warm(void)
{
    static const char *v4[] = {"198.19.90.0/24", "198.19.91.0/24", "198.19.92.0/24"};
    static const char *v6[] = {"fd00:90::/64", "fd00:91::/64", "fd00:92::/64"};
    unsigned dumps;
    for (int f = 0; f < 2; f++)
        for (int i = 0; i < 3; i++) {
            MIB_IPFORWARD_ROW2 r = route(f ? v6[i] : v4[i], NULL, va, 10);
            assert_int_equal(create(&r, &dumps), NO_ERROR);
            assert_int_equal(DeleteIpForwardEntry2(&r), NO_ERROR);
            if (i == 2 && dumps != 0)
                fail_msg("%s: a Create of a new key after the mirror filled asked for %u "
                         "dumps", f ? v6[i] : v4[i], dumps);
        }
}

/* A key that exists at metric 500 (added by ip(8), outside the library),
 * created at metric 100: 5010, and still one route. */
static void assert_outside_route_seen(const char *prefix, const char *ip_args)
{
    MIB_IPFORWARD_ROW2 r = route(prefix, NULL, va, 100);
    unsigned dumps;
    assert_int_equal(ns_sh("ip route add %s %s", prefix, ip_args), 0);
    assert_int_equal(create(&r, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(kernel_routes(prefix), 1);
}

/* ----------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "not a namespace of our own: refusing to change anything\n");
        return -1;
    }
    if (ns_sh("set -e; ip link set lo up; ip link add va type veth peer name vap;"
              "ip link set va up; ip link set vap up; ip addr add 198.18.0.1/24 dev va;"
              "ip -6 addr add fd00:5::1/64 dev va nodad") != 0)
        return -1;
    va = ns_ifindex("va");
    for (int i = 0; i < 50; i++) {
        char *out = ns_sh_out("ip -o link show up");
        bool up = out && strstr(out, "va@vap") && !strstr(out, "LOWERLAYERDOWN");
        free(out);
        if (up)
            break;
        ns_sleep_ms(40);
    }
    return va ? 0 : -1;
}

/* ------------------------------------------------------------- tests */
/* Another program's routes, added and deleted between two calls. */
static void test_outside_changes(void **state)
{
    (void)state;
    unsigned dumps;
    warm();
    assert_outside_route_seen("198.19.80.0/24", "dev va metric 500");
    assert_outside_route_seen("fd00:80::/64", "dev va metric 500");
    /* Gone again: a new key, and the mirror knows it without a dump. */
    assert_int_equal(ns_sh("ip route del 198.19.80.0/24 dev va metric 500 &&"
                           "ip route del fd00:80::/64 dev va metric 500"),
                     0);
    MIB_IPFORWARD_ROW2 r4 = route("198.19.80.0/24", NULL, va, 100);
    MIB_IPFORWARD_ROW2 r6 = route("fd00:80::/64", NULL, va, 100);
    assert_int_equal(create(&r4, &dumps), NO_ERROR);
    assert_int_equal(dumps, 0);
    assert_int_equal(create(&r6, &dumps), NO_ERROR);
    assert_int_equal(dumps, 0);
    assert_int_equal(kernel_routes("198.19.80.0/24"), 1);
    assert_int_equal(DeleteIpForwardEntry2(&r4), NO_ERROR);
    assert_int_equal(DeleteIpForwardEntry2(&r6), NO_ERROR);
    /* A gateway route: the key holds the next hop. */
    MIB_IPFORWARD_ROW2 g = route("198.19.82.0/24", "198.18.0.2", va, 100);
    assert_int_equal(ns_sh("ip route add 198.19.82.0/24 via 198.18.0.2 dev va metric 7"), 0);
    assert_int_equal(create(&g, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    g.NextHop = ns_sa("198.18.0.3"); /* another next hop: another row */
    assert_int_equal(create(&g, &dumps), NO_ERROR);
    assert_int_equal(kernel_routes("198.19.82.0/24"), 2);
    assert_int_equal(DeleteIpForwardEntry2(&g), NO_ERROR);
    assert_int_equal(ns_sh("ip route del 198.19.82.0/24 via 198.18.0.2 dev va metric 7"), 0);
}

/* Each hop of a multipath route is a row; a route of the local table is
 * one; a route replaced in place names its new key. */
static void test_outside_kinds(void **state)
{
    (void)state;
    unsigned dumps;
    warm();
    assert_int_equal(ns_sh("ip route add 198.19.81.0/24 metric 9 nexthop via 198.18.0.2 dev va"
                           " nexthop via 198.18.0.3 dev va"),
                     0);
    MIB_IPFORWARD_ROW2 m = route("198.19.81.0/24", "198.18.0.3", va, 100);
    assert_int_equal(create(&m, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    m.NextHop = ns_sa("198.18.0.2");
    assert_int_equal(create(&m, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(kernel_routes("198.19.81.0/24"), 1);
    assert_int_equal(ns_sh("ip route del 198.19.81.0/24 metric 9"), 0);

    assert_int_equal(ns_sh("ip -6 route add fd00:81::/64 metric 9 nexthop via fd00:5::2 dev va"
                           " nexthop via fd00:5::3 dev va"),
                     0);
    MIB_IPFORWARD_ROW2 m6 = route("fd00:81::/64", "fd00:5::3", va, 100);
    assert_int_equal(create(&m6, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(ns_sh("ip -6 route del fd00:81::/64 metric 9"), 0);

    assert_outside_route_seen("198.19.83.0/24", "dev va table local metric 500");
    assert_int_equal(ns_sh("ip route del 198.19.83.0/24 dev va table local metric 500"), 0);

    /* NLM_F_REPLACE: the kernel announces the new route (and, for IPv4,
     * not always the old one's going): the new key exists. */
    assert_int_equal(ns_sh("ip route add 198.19.84.0/24 via 198.18.0.2 dev va metric 500 &&"
                           "ip route replace 198.19.84.0/24 via 198.18.0.4 dev va metric 500"),
                     0);
    MIB_IPFORWARD_ROW2 p = route("198.19.84.0/24", "198.18.0.4", va, 100);
    assert_int_equal(create(&p, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(kernel_routes("198.19.84.0/24"), 1);
    /* The replaced key is gone, whatever the mirror kept of it. */
    p.NextHop = ns_sa("198.18.0.2");
    assert_int_equal(create(&p, &dumps), NO_ERROR);
    assert_int_equal(DeleteIpForwardEntry2(&p), NO_ERROR);
    assert_int_equal(ns_sh("ip route del 198.19.84.0/24 metric 500"), 0);
}

/* Delete, and the look-ups and deletes it sent. */
static DWORD delete_counted(const MIB_IPFORWARD_ROW2 *row, unsigned *lookups, unsigned *deletes)
{
    unsigned l = atomic_load(&route_lookups), d = atomic_load(&route_deletes);
    DWORD st = DeleteIpForwardEntry2(row);
    *lookups = atomic_load(&route_lookups) - l;
    *deletes = atomic_load(&route_deletes) - d;
    return st;
}

static bool kernel_has(const char *prefix, const char *text)
{
    return ns_sh("ip -o -4 route show table main exact %s | grep -q '%s'", prefix, text) == 0;
}

/* An IPv4 on-link row goes by its key alone (one RTM_DELROUTE, no look-up)
 * when the mirror proves that no route through the interface at the prefix
 * has a next hop (src/linux/route.c, nio_key_deletable).  Beside one that
 * has (through this host's own address, so scope link, at a lower metric:
 * the route the kernel would delete first), the row is looked up and the
 * other route stays; so beside a multipath route with a hop through va.
 * Those gone, the key alone again. */
static void test_delete_onlink(void **state)
{
    static const char *p = "198.19.86.0/24";
    MIB_IPFORWARD_ROW2 r = route(p, NULL, va, 20);
    unsigned lookups, deletes;
    (void)state;
    warm();
    assert_int_equal(CreateIpForwardEntry2(&r), NO_ERROR);
    assert_int_equal(delete_counted(&r, &lookups, &deletes), NO_ERROR);
    assert_int_equal(lookups, 0);
    assert_int_equal(deletes, 1);
    assert_int_equal(kernel_routes(p), 0);

    assert_int_equal(ns_sh("ip route add %s via 198.18.0.1 dev va scope link metric 10", p), 0);
    assert_int_equal(CreateIpForwardEntry2(&r), NO_ERROR);
    assert_int_equal(kernel_routes(p), 2);
    assert_int_equal(delete_counted(&r, &lookups, &deletes), NO_ERROR);
    assert_int_equal(lookups, 1);
    assert_int_equal(kernel_routes(p), 1);
    assert_true(kernel_has(p, "via 198.18.0.1 dev va"));
    assert_int_equal(DeleteIpForwardEntry2(&r), ERROR_NOT_FOUND);
    assert_int_equal(kernel_routes(p), 1);
    assert_int_equal(ns_sh("ip route del %s via 198.18.0.1 dev va", p), 0);

    assert_int_equal(ns_sh("ip route add %s metric 10 nexthop via 198.18.0.2 dev va"
                           " nexthop via 198.18.0.3 dev va",
                           p),
                     0);
    assert_int_equal(CreateIpForwardEntry2(&r), NO_ERROR);
    assert_int_equal(delete_counted(&r, &lookups, &deletes), NO_ERROR);
    assert_int_equal(lookups, 1);
    assert_int_equal(kernel_routes(p), 1);
    assert_true(kernel_has(p, "nexthop via 198.18.0.2"));
    assert_int_equal(ns_sh("ip route del %s metric 10", p), 0);

    assert_int_equal(CreateIpForwardEntry2(&r), NO_ERROR);
    assert_int_equal(delete_counted(&r, &lookups, &deletes), NO_ERROR);
    assert_int_equal(lookups, 0);
    assert_int_equal(deletes, 1);
    assert_int_equal(kernel_routes(p), 0);
}

/* More notifications between two calls than the mirror's socket holds
 * (20,224 routes from one ip -batch): the overflow empties the mirror, the
 * key in the burst is still seen, and the mirror fills again. */
static void test_overflow(void **state)
{
    (void)state;
    unsigned dumps;
    unsigned long drops = ns_netlink_drops();
    warm();
    FILE *f = fopen("/tmp/nio-mirror-batch", "w");
    assert_non_null(f);
    for (int x = 128; x < 207; x++)
        for (int y = 0; y < 256; y++)
            fprintf(f, "route add 198.19.%d.%d/32 dev va metric %d\n", x, y,
                    x == 150 && y == 7 ? 500 : 1);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(ns_sh("ip -batch /tmp/nio-mirror-batch"), 0);
    unlink("/tmp/nio-mirror-batch");
    /* The socket's own drops: the overflow did happen. */
    assert_true(ns_netlink_drops() > drops);
    MIB_IPFORWARD_ROW2 k = route("198.19.150.7/32", NULL, va, 100);
    assert_int_equal(create(&k, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(kernel_routes("198.19.150.7/32"), 1);
    /* Filled again: a listing, a fill, then no dump. */
    const char *fresh[] = {"198.19.93.0/24", "198.19.94.0/24", "198.19.95.0/24"};
    for (int i = 0; i < 3; i++) {
        MIB_IPFORWARD_ROW2 r = route(fresh[i], NULL, va, 10);
        assert_int_equal(create(&r, &dumps), NO_ERROR);
        assert_int_equal(DeleteIpForwardEntry2(&r), NO_ERROR);
    }
    assert_int_equal(dumps, 0);
    assert_outside_route_seen("198.19.96.0/24", "dev va metric 500");
    assert_int_equal(ns_sh("ip route flush root 198.19.128.0/17 && ip route del 198.19.96.0/24"
                           " metric 500"),
                     0);
}

/* A child inherits the mirror's socket: it must neither answer from the
 * parent's state nor read the parent's notifications. */
static void test_fork(void **state)
{
    (void)state;
    unsigned dumps;
    warm();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A route the parent's copy of the mirror never heard of: the
         * child adds it after the fork and Creates it twice (the second
         * Create's mirror is its own, filled after the add). */
        MIB_IPFORWARD_ROW2 r = route("198.19.85.0/24", NULL, va, 100);
        int bad = 0;
        bad |= ns_sh("ip route add 198.19.85.0/24 dev va metric 500") != 0;
        bad |= (CreateIpForwardEntry2(&r) != ERROR_OBJECT_ALREADY_EXISTS) << 1;
        bad |= (CreateIpForwardEntry2(&r) != ERROR_OBJECT_ALREADY_EXISTS) << 2;
        for (int i = 0; i < 3; i++) { /* the child's own mirror, filled */
            MIB_IPFORWARD_ROW2 n = route(i ? "198.19.87.0/24" : "198.19.86.0/24", NULL, va, 10);
            bad |= (CreateIpForwardEntry2(&n) != NO_ERROR) << 3;
            bad |= (DeleteIpForwardEntry2(&n) != NO_ERROR) << 4;
        }
        bad |= ns_sh("ip route add 198.19.88.0/24 dev va metric 500") != 0;
        r = route("198.19.88.0/24", NULL, va, 100);
        bad |= (CreateIpForwardEntry2(&r) != ERROR_OBJECT_ALREADY_EXISTS) << 5;
        _exit(bad);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* The parent heard both of the child's routes: the child read none of
     * the parent's notifications. */
    MIB_IPFORWARD_ROW2 a = route("198.19.85.0/24", NULL, va, 100);
    MIB_IPFORWARD_ROW2 b = route("198.19.88.0/24", NULL, va, 100);
    assert_int_equal(create(&a, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(create(&b, &dumps), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(kernel_routes("198.19.85.0/24"), 1);
    assert_int_equal(kernel_routes("198.19.88.0/24"), 1);
    assert_int_equal(ns_sh("ip route del 198.19.85.0/24 metric 500 &&"
                           "ip route del 198.19.88.0/24 metric 500"),
                     0);
    MIB_IPFORWARD_ROW2 n = route("198.19.89.0/24", NULL, va, 10);
    assert_int_equal(create(&n, &dumps), NO_ERROR);
    assert_int_equal(dumps, 0); /* still the parent's mirror, still kept */
    assert_int_equal(DeleteIpForwardEntry2(&n), NO_ERROR);
}

/* nexthops.c, the mirror's sibling: "no nexthop object" comes from one
 * dump, then from a socket that stays quiet (no dump while nothing
 * changes); an object ip(8) adds or deletes is seen at the next question;
 * a forked child asks for itself; another namespace is never answered. */
static void *nexthops_elsewhere(void *arg)
{
    bool *answer = arg;
    *answer = unshare(CLONE_NEWNET) == 0 && nio_linux_no_nexthops();
    return NULL;
}

static void test_nexthop_watch(void **state)
{
    unsigned dumps;
    bool elsewhere = true;
    pthread_t t;
    int status;
    (void)state;
    if (ns_sh("ip nexthop add id 98 via 198.18.0.2 dev va 2>/dev/null") != 0)
        skip(); /* a kernel without nexthop objects */
    assert_false(nio_linux_no_nexthops());
    assert_int_equal(ns_sh("ip nexthop del id 98"), 0);
    assert_true(nio_linux_no_nexthops());
    dumps = atomic_load(&nexthop_dumps);
    for (int i = 0; i < 5; i++)
        assert_true(nio_linux_no_nexthops());
    assert_int_equal(atomic_load(&nexthop_dumps), dumps);
    assert_int_equal(ns_sh("ip nexthop add id 98 via 198.18.0.2 dev va"), 0);
    assert_false(nio_linux_no_nexthops());
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int bad = nio_linux_no_nexthops();
        bad |= (ns_sh("ip nexthop del id 98") != 0) << 1;
        bad |= !nio_linux_no_nexthops() << 2;
        _exit(bad);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(nio_linux_no_nexthops()); /* the child's delete, heard here */
    assert_int_equal(pthread_create(&t, NULL, nexthops_elsewhere, &elsewhere), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_false(elsewhere);
}

/* A thread in a namespace of its own: the mirror describes the process's
 * first namespace, so it must not answer there. */
struct elsewhere {
    DWORD first, second;
    int setup, routes;
};

static void *in_other_namespace(void *arg)
{
    struct elsewhere *e = arg;
    if (unshare(CLONE_NEWNET) != 0) {
        e->setup = -1;
        return NULL;
    }
    e->setup = ns_sh("set -e; ip link set lo up; ip link add vx type veth peer name vxp;"
                     "ip link set vx up; ip link set vxp up; ip addr add 198.18.0.1/24 dev vx;"
                     "ip route add 198.19.80.0/24 dev vx metric 500");
    unsigned vx = ns_ifindex("vx");
    MIB_IPFORWARD_ROW2 r = route("198.19.80.0/24", NULL, vx, 100);
    e->first = CreateIpForwardEntry2(&r);
    e->second = CreateIpForwardEntry2(&r);
    e->routes = kernel_routes("198.19.80.0/24");
    return NULL;
}

static void test_other_namespace(void **state)
{
    (void)state;
    pthread_t t;
    struct elsewhere e = {0};
    warm();
    assert_int_equal(pthread_create(&t, NULL, in_other_namespace, &e), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(e.setup, 0);
    assert_int_equal(e.first, ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(e.second, ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(e.routes, 1);
    /* This namespace's mirror is still good: no such route here. */
    MIB_IPFORWARD_ROW2 r = route("198.19.80.0/24", NULL, va, 100);
    unsigned dumps;
    assert_int_equal(create(&r, &dumps), NO_ERROR);
    assert_int_equal(dumps, 0);
    assert_int_equal(DeleteIpForwardEntry2(&r), NO_ERROR);
}

/* Threads that create and delete routes of their own at once, and check
 * one that ip(8) added: one mirror, under its lock (the TSan stage runs
 * this too). */
enum { THREADS = 4, ROUNDS = 150 };
struct worker {
    int n;
    int bad;
};

static void *churn(void *arg)
{
    struct worker *w = arg;
    char prefix[64];
    for (int i = 0; i < ROUNDS; i++) {
        snprintf(prefix, sizeof(prefix), "198.19.%d.%d/32", 100 + w->n, i);
        MIB_IPFORWARD_ROW2 r = route(prefix, NULL, va, 10);
        w->bad += CreateIpForwardEntry2(&r) != NO_ERROR;
        w->bad += CreateIpForwardEntry2(&r) != ERROR_OBJECT_ALREADY_EXISTS;
        MIB_IPFORWARD_ROW2 o = route("198.19.99.0/24", NULL, va, 100);
        w->bad += CreateIpForwardEntry2(&o) != ERROR_OBJECT_ALREADY_EXISTS;
        w->bad += DeleteIpForwardEntry2(&r) != NO_ERROR;
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    struct worker w[THREADS];
    warm();
    assert_int_equal(ns_sh("ip route add 198.19.99.0/24 dev va metric 500"), 0);
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, churn, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].bad, 0);
    }
    assert_int_equal(kernel_routes("198.19.99.0/24"), 1);
    assert_int_equal(ns_sh("ip route del 198.19.99.0/24 metric 500"), 0);
}

/* A family with more rows than the mirror may hold (its limit lowered to
 * 40 pairs, 100 routes added): each fill fails, and the next waits 1, 2,
 * 4 ... listings, so Creates cost about one dump each (their listing),
 * not two; once the routes fit again the mirror fills within the longest
 * wait. */
static void test_too_large(void **state)
{
    (void)state;
    unsigned dumps, total = 0;
    char prefix[64];
    FILE *f = fopen("/tmp/nio-mirror-large", "w");
    assert_non_null(f);
    for (int i = 0; i < 100; i++)
        fprintf(f, "route add 198.19.200.%d/32 dev va\n", i);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(ns_sh("ip -batch /tmp/nio-mirror-large"), 0);
    unlink("/tmp/nio-mirror-large");
    nio_linux_mirror_limit(40);
    unsigned before = atomic_load(&route_dumps);
    for (int i = 0; i < 30; i++) {
        snprintf(prefix, sizeof(prefix), "198.19.201.%d/32", i);
        MIB_IPFORWARD_ROW2 r = route(prefix, NULL, va, 10);
        assert_int_equal(CreateIpForwardEntry2(&r), NO_ERROR);
        assert_int_equal(DeleteIpForwardEntry2(&r), NO_ERROR);
    }
    total = atomic_load(&route_dumps) - before;
    print_message("30 Creates and Deletes, a family too large: %u dumps\n", total);
    /* Each Create's listing, and the fills (in the Delete after a listing)
     * at listings 1, 3, 6, 11, 20: 35; a fill after every listing would be
     * 60. */
    if (total < 30 || total > 36)
        fail_msg("30 Creates and Deletes with a family too large asked for %u dumps", total);
    /* Still right: a key in the family that cannot be held. */
    assert_outside_route_seen("198.19.202.0/24", "dev va metric 500");
    assert_int_equal(ns_sh("ip route del 198.19.202.0/24 metric 500 &&"
                           "ip route flush root 198.19.200.0/24"),
                     0);
    nio_linux_mirror_limit(0);
    int until = -1;
    for (int i = 0; i < 70 && until < 0; i++) {
        snprintf(prefix, sizeof(prefix), "198.19.203.%d/32", i);
        MIB_IPFORWARD_ROW2 r = route(prefix, NULL, va, 10);
        assert_int_equal(create(&r, &dumps), NO_ERROR);
        assert_int_equal(DeleteIpForwardEntry2(&r), NO_ERROR);
        if (dumps == 0)
            until = i;
    }
    if (until < 0)
        fail_msg("the mirror did not fill again within 70 Creates once the routes fit");
    print_message("filled again at the %d-th Create after the routes fit\n", until + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outside_changes),
        cmocka_unit_test(test_outside_kinds),
        cmocka_unit_test(test_delete_onlink),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_fork),
        cmocka_unit_test(test_other_namespace),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_nexthop_watch),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-route-mirror", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-route-mirror", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-route-mirror", tests, fixture_setup, NULL);
}
