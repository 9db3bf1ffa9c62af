/* test-route-notify.c - NotifyRouteChange2 and CancelMibChangeNotify2 on
 * route handles (notify.c, route-cache.c) over the fake back end, whose
 * watch reports the route messages a test announces.  The fake's routes
 * are what nio_os_route_list reports: a test changes them first, then
 * announces what a kernel would (or nothing, for a silent flush).
 * Callbacks run on the library's thread: every wait is bounded, and each
 * test cancels what it registered. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define WAIT_MS 10000      /* for what must come (valgrind is slow) */
#define QUIET_MS 300       /* for what must not */
#define MAX_EVENTS 256

struct event {
    bool null_row;
    bool rest_zero;        /* every field but the keys is zero */
    MIB_IPFORWARD_ROW2 row;
    MIB_NOTIFICATION_TYPE type;
};

struct recorder {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct event ev[MAX_EVENTS];
    unsigned n;
    HANDLE self;           /* set: the callback cancels its own handle */
    DWORD self_cancel;
    unsigned sleep_ms;     /* the callback lasts this long */
    bool in_callback;
    bool finished;
};

static struct recorder rec, rec2;
static HANDLE live[8];

/* The key fields, and nothing else, as Windows fills them. */
static bool rest_is_zero(const MIB_IPFORWARD_ROW2 *row)
{
    MIB_IPFORWARD_ROW2 z;
    memset(&z, 0, sizeof(z));
    z.InterfaceLuid = row->InterfaceLuid;
    z.InterfaceIndex = row->InterfaceIndex;
    z.DestinationPrefix = row->DestinationPrefix;
    z.NextHop = row->NextHop;
    return memcmp(&z, row, sizeof(z)) == 0;
}

static VOID NETIOAPI_API_ on_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row,
                                   MIB_NOTIFICATION_TYPE type)
{
    struct recorder *r = ctx;
    struct event e;
    HANDLE self;
    memset(&e, 0, sizeof(e));
    e.null_row = row == NULL;
    e.type = type;
    if (row != NULL) {
        e.row = *row;
        e.rest_zero = rest_is_zero(row);
    }
    pthread_mutex_lock(&r->lock);
    r->in_callback = true;
    r->finished = false;
    if (r->n < MAX_EVENTS)
        r->ev[r->n++] = e;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    if (r->sleep_ms)
        sleep_ms(r->sleep_ms);
    pthread_mutex_lock(&r->lock);
    self = r->self;
    r->self = NULL;
    pthread_mutex_unlock(&r->lock);
    if (self != NULL)
        r->self_cancel = CancelMibChangeNotify2(self);
    pthread_mutex_lock(&r->lock);
    r->in_callback = false;
    r->finished = true;
    pthread_mutex_unlock(&r->lock);
}

static VOID NETIOAPI_API_ on_ipif(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                  MIB_NOTIFICATION_TYPE type)
{
    struct recorder *r = ctx;
    struct event e;
    memset(&e, 0, sizeof(e));
    e.null_row = row == NULL;
    e.type = type;
    if (row != NULL)
        e.row.InterfaceIndex = row->InterfaceIndex;
    pthread_mutex_lock(&r->lock);
    if (r->n < MAX_EVENTS)
        r->ev[r->n++] = e;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

static void keep(HANDLE h)
{
    for (size_t i = 0; i < 8; i++)
        if (live[i] == NULL) {
            live[i] = h;
            return;
        }
}

static DWORD reg(struct recorder *r, ADDRESS_FAMILY family, BOOLEAN initial, HANDLE *h)
{
    DWORD st = NotifyRouteChange2(family, on_route, r, initial, h);
    if (st == 0)
        keep(*h);
    return st;
}

static DWORD unreg(HANDLE h)
{
    for (size_t i = 0; i < 8; i++)
        if (live[i] == h)
            live[i] = NULL;
    return CancelMibChangeNotify2(h);
}

static unsigned count_events(struct recorder *r)
{
    unsigned n;
    pthread_mutex_lock(&r->lock);
    n = r->n;
    pthread_mutex_unlock(&r->lock);
    return n;
}

static bool wait_events(struct recorder *r, unsigned n, unsigned ms)
{
    for (unsigned waited = 0; waited < ms; waited += 5) {
        if (count_events(r) >= n)
            return true;
        sleep_ms(5);
    }
    return count_events(r) >= n;
}

/* ------------------------------------------------------------- routes */
static struct nio_route route(int slot, uint32_t oif, const char *prefix, uint8_t len,
                              const char *gw, uint32_t metric)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.oif = oif;
    r.table = 254;
    r.prefix.slot = r.gateway.slot = slot;
    inet_pton(slot == NIO_V6 ? AF_INET6 : AF_INET, prefix, r.prefix.bytes);
    r.prefix_len = len;
    if (gw != NULL) {
        r.has_gateway = true;
        inet_pton(slot == NIO_V6 ? AF_INET6 : AF_INET, gw, r.gateway.bytes);
    }
    r.metric = metric;
    r.origin = NIO_RO_STATIC;
    return r;
}

/* The fake's counts, read under its lock: the watcher calls the fake. */
static unsigned calls(enum fake_fn fn)
{
    unsigned n;
    fake_os_lock();
    n = fake_os_calls(fn);
    fake_os_unlock();
    return n;
}

static unsigned last_want(enum fake_fn fn)
{
    unsigned n;
    fake_os_lock();
    n = fake_os_last_want(fn);
    fake_os_unlock();
    return n;
}

static unsigned total_calls(void)
{
    unsigned n;
    fake_os_lock();
    n = fake_os_total_calls();
    fake_os_unlock();
    return n;
}

static void os_add(const struct nio_route *r)
{
    fake_os_lock();
    fake_os_add_route(r);
    fake_os_unlock();
}

/* The route appears in the OS, and the OS says so. */
static void os_add_announce(const struct nio_route *r)
{
    os_add(r);
    fake_os_announce_route(NIO_WE_ROUTE_NEW, r, 1, NULL);
}

static void os_del_announce(const struct nio_route *r)
{
    assert_true(fake_os_drop_route(r));
    fake_os_announce_route(NIO_WE_ROUTE_DEL, r, 1, NULL);
}

/* The LUID of a standard interface (fake_os.h), by its IANA type. */
static uint64_t luid_of(uint32_t index)
{
    switch (index) {
    case FAKE_LO: return LUID(IF_TYPE_SOFTWARE_LOOPBACK, index);
    case FAKE_ETH0:
    case FAKE_ETH1: return LUID(IF_TYPE_ETHERNET_CSMACD, index);
    case FAKE_WG0: return LUID(IF_TYPE_PROP_VIRTUAL, index);
    default: return 0;
    }
}

/* Whether e is about r, by the key fields a callback receives, computed
 * here from r. */
static bool is_about(const struct event *e, const struct nio_route *r)
{
    const MIB_IPFORWARD_ROW2 *row = &e->row;
    uint64_t luid = luid_of(r->oif);
    size_t alen = r->prefix.slot == NIO_V6 ? 16 : 4;
    const void *p, *g;
    static const uint8_t zero[16];
    if (e->null_row || row->InterfaceIndex != r->oif || row->InterfaceLuid.Value != luid ||
        row->DestinationPrefix.PrefixLength != r->prefix_len)
        return false;
    if (r->prefix.slot == NIO_V6) {
        if (row->DestinationPrefix.Prefix.si_family != AF_INET6 ||
            row->NextHop.si_family != AF_INET6)
            return false;
        p = &row->DestinationPrefix.Prefix.Ipv6.sin6_addr;
        g = &row->NextHop.Ipv6.sin6_addr;
    } else {
        if (row->DestinationPrefix.Prefix.si_family != AF_INET ||
            row->NextHop.si_family != AF_INET)
            return false;
        p = &row->DestinationPrefix.Prefix.Ipv4.sin_addr;
        g = &row->NextHop.Ipv4.sin_addr;
    }
    return memcmp(p, r->prefix.bytes, alen) == 0 &&
           memcmp(g, r->has_gateway ? r->gateway.bytes : zero, alen) == 0;
}

/* Events of that type about r. */
static unsigned count_about(struct recorder *rc, const struct nio_route *r,
                            MIB_NOTIFICATION_TYPE type)
{
    unsigned k = 0;
    pthread_mutex_lock(&rc->lock);
    for (unsigned i = 0; i < rc->n; i++)
        if (rc->ev[i].type == type && is_about(&rc->ev[i], r)) {
            assert_true(rc->ev[i].rest_zero);
            k++;
        }
    pthread_mutex_unlock(&rc->lock);
    return k;
}

static const char *type_name(MIB_NOTIFICATION_TYPE t)
{
    return t == MibAddInstance      ? "Add"
           : t == MibDeleteInstance ? "Delete"
           : t == MibParameterNotification ? "Parameter"
                                           : "Initial";
}

static void expect_about(struct recorder *rc, const struct nio_route *r,
                         MIB_NOTIFICATION_TYPE type, unsigned times)
{
    for (unsigned waited = 0; waited < WAIT_MS && count_about(rc, r, type) < times; waited += 5)
        sleep_ms(5);
    if (count_about(rc, r, type) < times)
        fail_msg("%s of the route through %u: %u, wanted %u", type_name(type),
                 (unsigned)r->oif, count_about(rc, r, type), times);
}

/* ------------------------------------------------------------ fixtures */
static void rec_init(struct recorder *r)
{
    memset(r, 0, sizeof(*r));
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
}

static struct nio_route r_eth0, r_eth1, r_def, r_v6;

static int setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_os_standard();
    rec_init(&rec);
    rec_init(&rec2);
    r_eth0 = route(NIO_V4, FAKE_ETH0, "198.18.0.0", 24, NULL, 100);
    r_eth1 = route(NIO_V4, FAKE_ETH1, "198.18.1.0", 24, NULL, 100);
    r_def = route(NIO_V4, FAKE_ETH1, "0.0.0.0", 0, "198.18.1.1", 100);
    r_v6 = route(NIO_V6, FAKE_ETH1, "fd00:1::", 64, NULL, 256);
    os_add(&r_eth0);
    os_add(&r_eth1);
    os_add(&r_def);
    os_add(&r_v6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < 8; i++)
        if (live[i] != NULL) {
            CancelMibChangeNotify2(live[i]);
            live[i] = NULL;
        }
    assert_int_equal(fake_os_watches_open(), 0);
    fake_os_reset();
    return 0;
}

/* ---------------------------------------------------------- parameters */
static void test_params(void **state)
{
    HANDLE h = (HANDLE)(uintptr_t)0x5A5A;
    (void)state;
    assert_int_equal(NotifyRouteChange2(0xFFFF, on_route, &rec, FALSE, &h), 87);
    assert_int_equal(NotifyRouteChange2(AF_INET6 + 1, on_route, &rec, FALSE, &h), 87);
    assert_int_equal(NotifyRouteChange2(AF_UNSPEC, NULL, &rec, FALSE, &h), 87);
    assert_int_equal(NotifyRouteChange2(AF_UNSPEC, on_route, &rec, FALSE, NULL), 87);
    assert_true(h == (HANDLE)(uintptr_t)0x5A5A);
    assert_int_equal(calls(FAKE_WATCH_OPEN), 0);
}

/* The baseline cannot be read: no handle, nothing left open. */
static void test_baseline_fails(void **state)
{
    HANDLE h = NULL;
    (void)state;
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    assert_int_equal(NotifyRouteChange2(AF_UNSPEC, on_route, &rec, TRUE, &h), ERROR_RETRY);
    assert_null(h);
    assert_int_equal(fake_os_watches_open(), 0);
    fake_os_fail_next(FAKE_WATCH_OPEN, -EACCES);
    assert_int_equal(NotifyRouteChange2(AF_UNSPEC, on_route, &rec, TRUE, &h), 5);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 0);
}

static void test_initial_notification(void **state)
{
    HANDLE h = NULL;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_non_null(h);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_true(rec.ev[0].null_row);
    assert_int_equal(rec.ev[0].type, MibInitialNotification);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 1); /* the baseline is no news */
    assert_int_equal(unreg(h), 0);
    assert_int_equal(unreg(h), 87);
}

/* ----------------------------------------------------- the subscription */
/* Route handles alone: routes watched, no interface sweep, nothing asked
 * of the OS while nothing happens. */
static void test_at_rest(void **state)
{
    HANDLE h = NULL;
    unsigned before;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_ROUTES);
    assert_int_equal(last_want(FAKE_WATCH_OPEN), NIO_WATCH_ROUTES);
    assert_int_equal(calls(FAKE_ROUTE_LIST), 1); /* the baseline */
    before = total_calls();
    sleep_ms(1500); /* longer than an interface sweep's period */
    assert_int_equal(total_calls(), before);
    assert_int_equal(unreg(h), 0);
}

/* One subscription for both kinds, widened and narrowed as handles come
 * and go. */
static void test_kinds_share_the_watch(void **state)
{
    HANDLE i = NULL, r = NULL;
    (void)state;
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, on_ipif, &rec2, TRUE, &i), 0);
    keep(i);
    assert_true(wait_events(&rec2, 1, WAIT_MS));
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_IPIF);
    assert_int_equal(calls(FAKE_ROUTE_LIST), 0); /* routes unread */
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &r), 0);
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_IPIF | NIO_WATCH_ROUTES);
    assert_int_equal(fake_os_watches_open(), 1);
    assert_int_equal(calls(FAKE_WATCH_OPEN), 1);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    {
        struct nio_route x = route(NIO_V4, FAKE_ETH0, "198.18.9.0", 24, NULL, 5);
        os_add_announce(&x);
        expect_about(&rec, &x, MibAddInstance, 1);
    }
    assert_int_equal(unreg(r), 0);
    for (unsigned w = 0; w < WAIT_MS && fake_os_watch_what() != NIO_WATCH_IPIF; w += 5)
        sleep_ms(5);
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_IPIF);
    /* Interface handles are served as before. */
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "veth9");
    fake_os_announce(9);
    assert_true(wait_events(&rec2, 3, WAIT_MS)); /* initial, Add v4, Add v6 */
    assert_int_equal(unreg(i), 0);
    assert_int_equal(fake_os_watches_open(), 0);
}

/* --------------------------------------------------------------- changes */
static void test_add_delete(void **state)
{
    HANDLE h = NULL;
    struct nio_route a = route(NIO_V4, FAKE_ETH0, "198.18.7.0", 24, "198.18.0.1", 20);
    struct nio_route b = route(NIO_V6, FAKE_ETH1, "fd00:7::", 48, "fe80::1", 1024);
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    os_add_announce(&a);
    os_add_announce(&b);
    expect_about(&rec, &a, MibAddInstance, 1);
    expect_about(&rec, &b, MibAddInstance, 1);
    os_del_announce(&a);
    expect_about(&rec, &a, MibDeleteInstance, 1);
    os_del_announce(&b);
    expect_about(&rec, &b, MibDeleteInstance, 1);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 5);
    assert_int_equal(unreg(h), 0);
}

/* A NEW message of a route already known, with another origin: the row
 * changed.  The same route read again unchanged: no news. */
static void test_parameter(void **state)
{
    HANDLE h = NULL;
    struct nio_route now = r_eth1;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    fake_os_announce_route(NIO_WE_ROUTE_NEW, &r_eth1, 1, NULL);
    now.origin = NIO_RO_DHCP;
    assert_true(fake_os_drop_route(&r_eth1));
    os_add_announce(&now);
    expect_about(&rec, &r_eth1, MibParameterNotification, 1);
    now.expires = true;
    now.expires_s = 600;
    fake_os_announce_route(NIO_WE_ROUTE_NEW, &now, 1, NULL);
    expect_about(&rec, &r_eth1, MibParameterNotification, 2);
    now.expires_s = 599; /* a lifetime counting down is no news */
    fake_os_announce_route(NIO_WE_ROUTE_NEW, &now, 1, NULL);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 3);
    assert_int_equal(unreg(h), 0);
}

/* A metric changed as Linux does it: the new route, then the old one
 * deleted.  One key all along: one Parameter, no Add, no Delete. */
static void test_metric_change(void **state)
{
    HANDLE h = NULL;
    struct nio_route now = r_def;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    now.metric = 50;
    os_add_announce(&now);
    expect_about(&rec, &r_def, MibParameterNotification, 1);
    os_del_announce(&r_def);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 2);
    assert_int_equal(count_about(&rec, &r_def, MibAddInstance), 0);
    assert_int_equal(count_about(&rec, &r_def, MibDeleteInstance), 0);
    /* The other order: an extra route that is worse changes nothing,
     * and its going neither. */
    now.metric = 500;
    os_add_announce(&now);
    os_del_announce(&now);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 2);
    assert_int_equal(unreg(h), 0);
}

/* NLM_F_REPLACE: a route of the same identity through another next hop
 * replaced the old one, whose row is gone without a message of its own. */
static void test_replace(void **state)
{
    HANDLE h = NULL;
    struct nio_route now = r_def, id;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    now.oif = FAKE_ETH0;
    inet_pton(AF_INET, "198.18.0.254", now.gateway.bytes);
    id = r_def;
    assert_true(fake_os_drop_route(&r_def));
    os_add(&now);
    fake_os_announce_route(NIO_WE_ROUTE_REPLACE, &now, 1, &id);
    expect_about(&rec, &now, MibAddInstance, 1);
    expect_about(&rec, &r_def, MibDeleteInstance, 1);
    /* Replaced by a route that is no row (a blackhole): its rows go. */
    assert_true(fake_os_drop_route(&now));
    fake_os_announce_route(NIO_WE_ROUTE_REPLACE, NULL, 0, &id);
    expect_about(&rec, &now, MibDeleteInstance, 1);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 4);
    assert_int_equal(count_about(&rec, &r_eth1, MibDeleteInstance), 0);
    assert_int_equal(unreg(h), 0);
}

/* Routes flushed without a message (Linux, a link down): "compare the
 * routes of eth1" finds them gone, and those of other interfaces stay. */
static void test_silent_flush(void **state)
{
    HANDLE h = NULL;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_true(fake_os_drop_route(&r_eth1));
    assert_true(fake_os_drop_route(&r_def));
    assert_true(fake_os_drop_route(&r_v6));
    assert_true(fake_os_drop_route(&r_eth0)); /* not announced: must not show */
    fake_os_announce_routes_of(FAKE_ETH1);
    expect_about(&rec, &r_eth1, MibDeleteInstance, 1);
    expect_about(&rec, &r_def, MibDeleteInstance, 1);
    expect_about(&rec, &r_v6, MibDeleteInstance, 1);
    assert_int_equal(last_want(FAKE_ROUTE_LIST), FAKE_ETH1); /* filtered by the OS */
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 4);
    assert_int_equal(unreg(h), 0);
}

/* Linux says a link went down before it flushes the link's routes: the
 * routes of that interface are compared again a little later, and a row
 * gone between the two comparisons is reported all the same. */
static void test_flush_settles(void **state)
{
    HANDLE h = NULL;
    unsigned lists;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    lists = calls(FAKE_ROUTE_LIST);
    fake_os_announce_routes_of(FAKE_ETH1);
    for (unsigned w = 0; w < WAIT_MS && calls(FAKE_ROUTE_LIST) == lists; w++)
        sleep_ms(1);
    assert_true(fake_os_drop_route(&r_eth1)); /* after the first comparison */
    expect_about(&rec, &r_eth1, MibDeleteInstance, 1);
    assert_int_equal(calls(FAKE_ROUTE_LIST), lists + 2);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 2);
    assert_int_equal(calls(FAKE_ROUTE_LIST), lists + 2); /* then nothing */
    assert_int_equal(unreg(h), 0);
}

/* An interface that went with its routes: their Deletes carry the LUID
 * they had. */
static void test_interface_gone(void **state)
{
    HANDLE h = NULL;
    struct nio_route ghost = route(NIO_V4, 55, "198.18.55.0", 24, NULL, 1);
    (void)state;
    assert_int_equal(reg(&rec, AF_INET, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    fake_os_lock();
    assert_true(fake_os_remove(FAKE_ETH0));
    fake_os_unlock();
    assert_true(fake_os_drop_route(&r_eth0));
    fake_os_announce(FAKE_ETH0);
    fake_os_announce_routes_of(FAKE_ETH0);
    expect_about(&rec, &r_eth0, MibDeleteInstance, 1);
    /* A route through an interface the OS no longer has is no row. */
    os_add_announce(&ghost);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 2);
    assert_int_equal(unreg(h), 0);
}

/* Messages were lost: everything compared; what changed is reported once,
 * what was already reported is not reported again. */
static void test_lost(void **state)
{
    HANDLE h = NULL;
    struct nio_route a = route(NIO_V4, FAKE_ETH1, "198.18.20.0", 24, NULL, 1);
    struct nio_route b = route(NIO_V6, FAKE_WG0, "fd00:20::", 64, NULL, 1);
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    os_add_announce(&a);
    expect_about(&rec, &a, MibAddInstance, 1);
    os_add(&b);
    assert_true(fake_os_drop_route(&r_eth0));
    fake_os_announce_lost();
    expect_about(&rec, &b, MibAddInstance, 1);
    expect_about(&rec, &r_eth0, MibDeleteInstance, 1);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_about(&rec, &a, MibAddInstance), 1);
    assert_int_equal(count_events(&rec), 4);
    assert_int_equal(unreg(h), 0);
}

/* A comparison the OS cannot answer now is tried again, soon. */
static void test_compare_retried(void **state)
{
    HANDLE h = NULL;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_true(fake_os_drop_route(&r_eth1));
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    fake_os_announce_routes_of(FAKE_ETH1);
    expect_about(&rec, &r_eth1, MibDeleteInstance, 1);
    assert_true(calls(FAKE_ROUTE_LIST) >= 3); /* baseline, failure, retry */
    assert_int_equal(unreg(h), 0);
}

/* A handle for one family hears nothing of the other. */
static void test_family_filter(void **state)
{
    HANDLE h4 = NULL, h6 = NULL;
    struct nio_route a = route(NIO_V4, FAKE_ETH1, "198.18.30.0", 24, NULL, 1);
    struct nio_route b = route(NIO_V6, FAKE_ETH1, "fd00:30::", 64, NULL, 1);
    (void)state;
    assert_int_equal(reg(&rec, AF_INET6, FALSE, &h6), 0);
    assert_int_equal(reg(&rec2, AF_INET, FALSE, &h4), 0);
    os_add_announce(&a);
    os_add_announce(&b);
    expect_about(&rec, &b, MibAddInstance, 1);
    expect_about(&rec2, &a, MibAddInstance, 1);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), 1);
    assert_int_equal(count_events(&rec2), 1);
    assert_int_equal(unreg(h6), 0);
    assert_int_equal(unreg(h4), 0);
}

/* Registration is complete when it returns. */
static void test_change_right_after_register(void **state)
{
    HANDLE h = NULL;
    struct nio_route a = route(NIO_V4, FAKE_ETH0, "198.18.40.0", 24, NULL, 1);
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, FALSE, &h), 0);
    os_add_announce(&a);
    expect_about(&rec, &a, MibAddInstance, 1);
    assert_false(rec.ev[0].null_row);
    assert_int_equal(unreg(h), 0);
}

/* Many routes announced faster than they are read, more than the queue
 * holds: each reported once (the overflow reads as "lost"). */
static void test_burst(void **state)
{
    HANDLE h = NULL;
    struct nio_route v[48];
    unsigned n = sizeof(v) / sizeof(v[0]);
    (void)state;
    assert_int_equal(reg(&rec, AF_INET, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    fake_os_lock(); /* the watcher cannot read until all are announced */
    for (unsigned i = 0; i < n; i++) {
        char p[32];
        snprintf(p, sizeof(p), "198.19.%u.0", i);
        v[i] = route(NIO_V4, FAKE_ETH0, p, 24, NULL, 1);
        fake_os_add_route(&v[i]);
        for (unsigned k = 0; k < FAKE_MAX_ANNOUNCED / n + 1; k++)
            fake_os_announce_route(NIO_WE_ROUTE_NEW, &v[i], 1, NULL);
    }
    fake_os_unlock();
    for (unsigned i = 0; i < n; i++)
        expect_about(&rec, &v[i], MibAddInstance, 1);
    sleep_ms(QUIET_MS);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(count_about(&rec, &v[i], MibAddInstance), 1);
    assert_int_equal(count_events(&rec), n + 1);
    assert_int_equal(unreg(h), 0);
}

/* ------------------------------------------------------------ cancelling */
static void test_cancel_waits_for_callback(void **state)
{
    HANDLE h = NULL;
    (void)state;
    rec.sleep_ms = 300;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_int_equal(unreg(h), 0);
    pthread_mutex_lock(&rec.lock);
    assert_false(rec.in_callback);
    assert_true(rec.finished);
    pthread_mutex_unlock(&rec.lock);
    assert_int_equal(fake_os_watches_open(), 0);
}

/* A route callback cancels its own handle; an interface handle and
 * another route handle keep being served. */
static void test_cancel_from_callback(void **state)
{
    HANDLE a = NULL, b = NULL, i = NULL;
    struct recorder other;
    struct nio_route x = route(NIO_V4, FAKE_ETH0, "198.18.50.0", 24, NULL, 1);
    struct nio_route y = route(NIO_V4, FAKE_ETH0, "198.18.51.0", 24, NULL, 1);
    (void)state;
    rec_init(&other);
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, on_ipif, &rec2, FALSE, &i), 0);
    keep(i);
    assert_int_equal(reg(&rec, AF_UNSPEC, FALSE, &a), 0);
    assert_int_equal(reg(&other, AF_UNSPEC, FALSE, &b), 0);
    pthread_mutex_lock(&rec.lock);
    rec.self = a;
    pthread_mutex_unlock(&rec.lock);
    os_add_announce(&x);
    os_add_announce(&y);
    expect_about(&other, &y, MibAddInstance, 1);
    sleep_ms(QUIET_MS);
    assert_int_equal(rec.self_cancel, 0);
    assert_int_equal(count_events(&rec), 1); /* x only: cancelled inside */
    assert_int_equal(unreg(a), 87);
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "veth9");
    fake_os_announce(9);
    assert_true(wait_events(&rec2, 2, WAIT_MS));
    assert_int_equal(unreg(b), 0);
    assert_int_equal(unreg(i), 0);
}

/* No callback after Cancel returns. */
static void test_no_callback_after_cancel(void **state)
{
    HANDLE h = NULL;
    struct nio_route x = route(NIO_V4, FAKE_ETH0, "198.18.60.0", 24, NULL, 1);
    unsigned n;
    (void)state;
    assert_int_equal(reg(&rec, AF_UNSPEC, TRUE, &h), 0);
    assert_true(wait_events(&rec, 1, WAIT_MS));
    assert_int_equal(unreg(h), 0);
    n = count_events(&rec);
    os_add_announce(&x);
    sleep_ms(QUIET_MS);
    assert_int_equal(count_events(&rec), n);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_params),
        T(test_baseline_fails),
        T(test_initial_notification),
        T(test_at_rest),
        T(test_kinds_share_the_watch),
        T(test_add_delete),
        T(test_parameter),
        T(test_metric_change),
        T(test_replace),
        T(test_silent_flush),
        T(test_flush_settles),
        T(test_interface_gone),
        T(test_lost),
        T(test_compare_retried),
        T(test_family_filter),
        T(test_change_right_after_register),
        T(test_burst),
        T(test_cancel_waits_for_callback),
        T(test_cancel_from_callback),
        T(test_no_callback_after_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
