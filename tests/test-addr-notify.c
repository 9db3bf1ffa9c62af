/* test-addr-notify.c - NotifyUnicastIpAddressChange and
 * NotifyStableUnicastIpAddressTable (notify.c, hub-read.c, addr-cache.c)
 * over the fake back end, whose watch reports the address messages a test
 * announces.  The fake's addresses (fake_addr.c) are what
 * nio_os_addr_list reports: a test changes them first, under the fake's
 * lock, then announces what a kernel would (or nothing, for messages
 * lost).  Callbacks run on the library's thread: every wait is bounded,
 * and each test cancels what it registered. */
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
#define MAX_EVENTS 64

struct event {
    bool null_row;
    bool rest_zero;        /* every field but the keys is zero */
    MIB_UNICASTIPADDRESS_ROW row;
    MIB_NOTIFICATION_TYPE type;
};

struct recorder {
    pthread_mutex_t lock;
    struct event ev[MAX_EVENTS];
    unsigned n;
    unsigned tables;       /* stable callbacks */
    ULONG table_rows;      /* rows of the last table */
    bool table_tentative;  /* the last table had a tentative row */
};

static struct recorder rec, rec2;

static bool rest_is_zero(const MIB_UNICASTIPADDRESS_ROW *row)
{
    MIB_UNICASTIPADDRESS_ROW z;
    memset(&z, 0, sizeof(z));
    z.Address = row->Address;
    z.InterfaceLuid = row->InterfaceLuid;
    z.InterfaceIndex = row->InterfaceIndex;
    return memcmp(&z, row, sizeof(z)) == 0;
}

static VOID NETIOAPI_API_ on_addr(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row,
                                  MIB_NOTIFICATION_TYPE type)
{
    struct recorder *r = ctx;
    struct event e;
    memset(&e, 0, sizeof(e));
    e.null_row = row == NULL;
    e.type = type;
    if (row != NULL) {
        e.row = *row;
        e.rest_zero = rest_is_zero(row);
    }
    pthread_mutex_lock(&r->lock);
    if (r->n < MAX_EVENTS)
        r->ev[r->n++] = e;
    pthread_mutex_unlock(&r->lock);
}

static VOID NETIOAPI_API_ on_stable(PVOID ctx, PMIB_UNICASTIPADDRESS_TABLE t)
{
    struct recorder *r = ctx;
    pthread_mutex_lock(&r->lock);
    r->tables++;
    r->table_rows = t->NumEntries;
    r->table_tentative = false;
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (t->Table[i].DadState == IpDadStateTentative)
            r->table_tentative = true;
    pthread_mutex_unlock(&r->lock);
    FreeMibTable(t);
}

static unsigned count(struct recorder *r)
{
    unsigned n;
    pthread_mutex_lock(&r->lock);
    n = r->n;
    pthread_mutex_unlock(&r->lock);
    return n;
}

static unsigned tables(struct recorder *r)
{
    unsigned n;
    pthread_mutex_lock(&r->lock);
    n = r->tables;
    pthread_mutex_unlock(&r->lock);
    return n;
}

static bool wait_for(struct recorder *r, unsigned n, unsigned ms)
{
    for (unsigned waited = 0; waited < ms; waited += 5) {
        if (count(r) >= n)
            return true;
        sleep_ms(5);
    }
    return count(r) >= n;
}

/* ---------------------------------------------------------- addresses */
static struct nio_addr addr(uint32_t ifindex, const char *text, uint8_t len, uint32_t flags)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = ifindex;
    a.addr.slot = strchr(text, ':') ? NIO_V6 : NIO_V4;
    inet_pton(a.addr.slot == NIO_V6 ? AF_INET6 : AF_INET, text, a.addr.bytes);
    a.prefix_len = len;
    a.flags = flags | NIO_AF_PERMANENT;
    a.valid_s = a.preferred_s = NIO_LIFETIME_INFINITE;
    return a;
}

/* The fake's address with a's key, changed to a (or added), under its
 * lock: the watcher may be reading the addresses. */
static void os_put(const struct nio_addr *a)
{
    fake_os_lock();
    for (size_t i = 0; i < fake_addr_count(); i++) {
        struct nio_addr *x = (struct nio_addr *)fake_addr_at(i);
        if (x->ifindex == a->ifindex && memcmp(&x->addr, &a->addr, sizeof(a->addr)) == 0 &&
            x->prefix_len == a->prefix_len) {
            *x = *a;
            fake_os_unlock();
            return;
        }
    }
    fake_addr_put(a);
    fake_os_unlock();
}

static void os_del(const struct nio_addr *a)
{
    fake_os_lock();
    assert_int_equal(nio_os_addr_delete(a), 0);
    fake_os_unlock();
}

static void check_event(const struct event *e, MIB_NOTIFICATION_TYPE type, const struct nio_addr *a,
                        uint16_t iftype)
{
    assert_false(e->null_row);
    assert_int_equal(e->type, type);
    assert_true(e->rest_zero);
    assert_int_equal(e->row.InterfaceIndex, a->ifindex);
    assert_int_equal(e->row.InterfaceLuid.Value, LUID(iftype, a->ifindex));
    if (a->addr.slot == NIO_V4) {
        assert_int_equal(e->row.Address.si_family, AF_INET);
        assert_memory_equal(&e->row.Address.Ipv4.sin_addr, a->addr.bytes, 4);
    } else {
        assert_int_equal(e->row.Address.si_family, AF_INET6);
        assert_memory_equal(&e->row.Address.Ipv6.sin6_addr, a->addr.bytes, 16);
    }
}

static int setup(void **state)
{
    fake_addr_setup(state);
    fake_os_standard();
    memset(&rec.ev, 0, sizeof(rec.ev));
    rec.n = rec.tables = 0;
    rec2.n = rec2.tables = 0;
    return 0;
}

static int teardown(void **state)
{
    assert_int_equal(fake_os_watches_open(), 0); /* every test cancelled what it made */
    return fake_addr_teardown(state);
}

/* ----------------------------------------------------------------- tests */
static void test_params(void **state)
{
    HANDLE h = (HANDLE)1;
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    (void)state;
    assert_int_equal(NotifyUnicastIpAddressChange(0x7FFF, on_addr, &rec, FALSE, &h), 87);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, NULL, &rec, FALSE, &h), 87);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, NULL), 87);
    assert_int_equal(NotifyStableUnicastIpAddressTable(0x7FFF, &t, on_stable, &rec, &h), 87);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_UNSPEC, NULL, on_stable, &rec, &h), 87);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_UNSPEC, &t, NULL, &rec, &h), 87);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_UNSPEC, &t, on_stable, &rec, NULL), 87);
    assert_null(t);
    assert_int_equal(fake_os_watches_open(), 0);
}

/* Add, Parameter for what a row shows, nothing for a reading that shows
 * nothing new, Delete; the row's keys and nothing else. */
static void test_add_parameter_delete(void **state)
{
    struct nio_addr v4 = addr(FAKE_ETH0, "198.18.0.1", 24, 0);
    struct nio_addr v6 = addr(FAKE_ETH1, "fd00::1", 64, NIO_AF_TENTATIVE);
    HANDLE h;
    (void)state;
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, &h), 0);
    assert_true(fake_os_watch_what() & NIO_WATCH_ADDRS);
    os_put(&v4);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    os_put(&v6);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v6);
    assert_true(wait_for(&rec, 2, WAIT_MS));
    check_event(&rec.ev[0], MibAddInstance, &v4, 6);
    check_event(&rec.ev[1], MibAddInstance, &v6, 6);
    /* The same reading again: nothing. */
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    /* DAD ends: tentative -> preferred. */
    v6.flags &= ~NIO_AF_TENTATIVE;
    os_put(&v6);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v6);
    assert_true(wait_for(&rec, 3, WAIT_MS));
    check_event(&rec.ev[2], MibParameterNotification, &v6, 6);
    /* A finite lifetime counting down is no news; becoming finite is. */
    v4.valid_s = 3600;
    v4.preferred_s = 1800;
    v4.flags &= ~NIO_AF_PERMANENT;
    os_put(&v4);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    assert_true(wait_for(&rec, 4, WAIT_MS));
    check_event(&rec.ev[3], MibParameterNotification, &v4, 6);
    v4.valid_s = 3500;
    v4.preferred_s = 1700;
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    /* Deprecated. */
    v4.flags |= NIO_AF_DEPRECATED;
    v4.preferred_s = 0;
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    assert_true(wait_for(&rec, 5, WAIT_MS));
    check_event(&rec.ev[4], MibParameterNotification, &v4, 6);
    os_del(&v6);
    fake_os_announce_addr(NIO_WE_ADDR_DEL, &v6);
    assert_true(wait_for(&rec, 6, WAIT_MS));
    check_event(&rec.ev[5], MibDeleteInstance, &v6, 6);
    /* Gone already: nothing. */
    fake_os_announce_addr(NIO_WE_ADDR_DEL, &v6);
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 6);
    assert_int_equal(CancelMibChangeNotify2(h), 0);
}

/* Only the family asked for; what is in the baseline is no news. */
static void test_family_and_baseline(void **state)
{
    struct nio_addr old = addr(FAKE_ETH1, "198.18.1.1", 24, 0);
    struct nio_addr v4 = addr(FAKE_ETH1, "198.18.1.2", 24, 0);
    struct nio_addr v6 = addr(FAKE_ETH1, "fd00::2", 64, 0);
    HANDLE h4, h6;
    (void)state;
    os_put(&old);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_INET, on_addr, &rec, FALSE, &h4), 0);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_INET6, on_addr, &rec2, FALSE, &h6), 0);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &old);
    os_put(&v6);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v6);
    os_put(&v4);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &v4);
    assert_true(wait_for(&rec, 1, WAIT_MS));
    assert_true(wait_for(&rec2, 1, WAIT_MS));
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 1);
    assert_int_equal(count(&rec2), 1);
    check_event(&rec.ev[0], MibAddInstance, &v4, 6);
    check_event(&rec2.ev[0], MibAddInstance, &v6, 6);
    assert_int_equal(CancelMibChangeNotify2(h4), 0);
    assert_int_equal(CancelMibChangeNotify2(h6), 0);
}

static void test_initial(void **state)
{
    HANDLE h;
    (void)state;
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, TRUE, &h), 0);
    assert_true(wait_for(&rec, 1, WAIT_MS));
    assert_true(rec.ev[0].null_row);
    assert_int_equal(rec.ev[0].type, MibInitialNotification);
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 1);
    assert_int_equal(CancelMibChangeNotify2(h), 0);
}

/* Messages lost: one comparison of every address finds each change once. */
static void test_lost_resync(void **state)
{
    struct nio_addr stay = addr(FAKE_ETH0, "198.18.2.1", 24, 0);
    struct nio_addr go = addr(FAKE_ETH0, "198.18.2.2", 24, 0);
    struct nio_addr change = addr(FAKE_WG0, "fd00::3", 64, NIO_AF_TENTATIVE);
    struct nio_addr come = addr(FAKE_WG0, "fd00::4", 64, 0);
    HANDLE h;
    unsigned lists;
    (void)state;
    os_put(&stay);
    os_put(&go);
    os_put(&change);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, &h), 0);
    os_del(&go);
    change.flags &= ~NIO_AF_TENTATIVE;
    os_put(&change);
    os_put(&come);
    fake_os_lock();
    lists = fake_addr_calls(FAKE_ADDR_LIST);
    fake_os_unlock();
    fake_os_announce_lost();
    assert_true(wait_for(&rec, 3, WAIT_MS));
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 3);
    fake_os_lock();
    assert_int_equal(fake_addr_calls(FAKE_ADDR_LIST), lists + 1); /* one reading */
    assert_int_equal(fake_addr_last_ifindex(), 0);
    fake_os_unlock();
    /* Each once, in the cache's order: look them up by type. */
    for (unsigned i = 0; i < 3; i++) {
        const struct event *e = &rec.ev[i];
        if (e->type == MibAddInstance)
            check_event(e, MibAddInstance, &come, 53);
        else if (e->type == MibDeleteInstance)
            check_event(e, MibDeleteInstance, &go, 6);
        else
            check_event(e, MibParameterNotification, &change, 53);
    }
    assert_int_not_equal(rec.ev[0].type, rec.ev[1].type);
    assert_int_not_equal(rec.ev[1].type, rec.ev[2].type);
    assert_int_not_equal(rec.ev[0].type, rec.ev[2].type);
    assert_int_equal(CancelMibChangeNotify2(h), 0);
}

/* "Compare that interface's addresses" (a BSD's RTM_DELADDR, a link gone):
 * that interface's addresses alone are read. */
static void test_compare_one_interface(void **state)
{
    struct nio_addr a = addr(FAKE_ETH1, "198.18.3.1", 24, 0);
    struct nio_addr b = addr(FAKE_ETH0, "198.18.3.2", 24, 0);
    HANDLE h;
    (void)state;
    os_put(&a);
    os_put(&b);
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, &h), 0);
    os_del(&a);
    os_del(&b); /* not announced: must not be seen through ETH1's comparison */
    fake_os_announce_addrs_of(FAKE_ETH1);
    assert_true(wait_for(&rec, 1, WAIT_MS));
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 1);
    check_event(&rec.ev[0], MibDeleteInstance, &a, 6);
    fake_os_lock();
    assert_int_equal(fake_addr_last_ifindex(), FAKE_ETH1);
    fake_os_unlock();
    assert_int_equal(CancelMibChangeNotify2(h), 0);
}

/* An IPv4 address held twice (two prefix lengths) is one row: deleting
 * one of them is no Delete, deleting both is one. */
static void test_shared_key(void **state)
{
    struct nio_addr a24 = addr(FAKE_ETH0, "198.18.4.1", 24, 0);
    struct nio_addr a16 = addr(FAKE_ETH0, "198.18.4.1", 16, 0);
    HANDLE h;
    (void)state;
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, &h), 0);
    os_put(&a24);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &a24);
    assert_true(wait_for(&rec, 1, WAIT_MS));
    os_put(&a16);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &a16);
    os_del(&a16);
    fake_os_announce_addr(NIO_WE_ADDR_DEL, &a16);
    sleep_ms(QUIET_MS);
    assert_int_equal(count(&rec), 1);
    os_del(&a24);
    fake_os_announce_addr(NIO_WE_ADDR_DEL, &a24);
    assert_true(wait_for(&rec, 2, WAIT_MS));
    check_event(&rec.ev[1], MibDeleteInstance, &a24, 6);
    assert_int_equal(CancelMibChangeNotify2(h), 0);
}

/* The subscription covers addresses only while address handles exist. */
static void test_subscription(void **state)
{
    HANDLE a, r;
    (void)state;
    assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, &rec, FALSE, &a), 0);
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_ADDRS);
    assert_int_equal(NotifyRouteChange2(AF_UNSPEC, (PIPFORWARD_CHANGE_CALLBACK)(void *)on_addr,
                                        &rec2, FALSE, &r),
                     0);
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_ADDRS | NIO_WATCH_ROUTES);
    assert_int_equal(CancelMibChangeNotify2(a), 0);
    for (unsigned w = 0; w < WAIT_MS && fake_os_watch_what() != NIO_WATCH_ROUTES; w += 5)
        sleep_ms(5);
    assert_int_equal(fake_os_watch_what(), NIO_WATCH_ROUTES);
    assert_int_equal(CancelMibChangeNotify2(r), 0);
    assert_int_equal(CancelMibChangeNotify2(a), 87);
}

/* ------------------------------------------------------ stable tables */
static void test_stable_at_once(void **state)
{
    struct nio_addr a = addr(FAKE_ETH1, "fd00::5", 64, 0);
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    HANDLE h = (HANDLE)1;
    (void)state;
    os_put(&a);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_UNSPEC, &t, on_stable, &rec, &h), 0);
    assert_non_null(t);
    assert_null(h);
    assert_int_equal(t->NumEntries, 1);
    FreeMibTable(t);
    sleep_ms(QUIET_MS);
    assert_int_equal(tables(&rec), 0);
    assert_int_equal(fake_os_watches_open(), 0);
}

/* A tentative address: pending, then the table once when DAD ends; the
 * request is over then (a Cancel finds nothing).  An address of the other
 * family being tentative does not hold an IPv4 request. */
static void test_stable_pending(void **state)
{
    struct nio_addr a = addr(FAKE_ETH1, "fd00::6", 64, NIO_AF_TENTATIVE);
    struct nio_addr other = addr(FAKE_ETH1, "fd00::7", 64, 0);
    struct nio_addr v4 = addr(FAKE_ETH0, "198.18.5.1", 24, 0);
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    HANDLE h = NULL, h4 = NULL;
    (void)state;
    os_put(&a);
    /* No address of the family: as GetUnicastIpAddressTable. */
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_INET, &t, on_stable, &rec2, &h4),
                     ERROR_NOT_FOUND);
    assert_null(t);
    os_put(&v4);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_INET, &t, on_stable, &rec2, &h4), 0);
    assert_non_null(t);
    assert_null(h4);
    FreeMibTable(t);
    t = NULL;
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_UNSPEC, &t, on_stable, &rec, &h),
                     ERROR_IO_PENDING);
    assert_null(t);
    assert_non_null(h);
    /* Another address changes: still tentative, no table. */
    os_put(&other);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &other);
    sleep_ms(QUIET_MS);
    assert_int_equal(tables(&rec), 0);
    a.flags &= ~NIO_AF_TENTATIVE;
    os_put(&a);
    fake_os_announce_addr(NIO_WE_ADDR_NEW, &a);
    for (unsigned w = 0; w < WAIT_MS && tables(&rec) == 0; w += 5)
        sleep_ms(5);
    sleep_ms(QUIET_MS);
    assert_int_equal(tables(&rec), 1);
    assert_int_equal(rec.table_rows, 3);
    assert_false(rec.table_tentative);
    assert_int_equal(tables(&rec2), 0);
    for (unsigned w = 0; w < WAIT_MS && fake_os_watches_open() != 0; w += 5)
        sleep_ms(5); /* the request was the last handle: the hub stops */
    assert_int_equal(CancelMibChangeNotify2(h), 87);
}

/* Cancelled while pending: no table ever. */
static void test_stable_cancel(void **state)
{
    struct nio_addr a = addr(FAKE_ETH1, "fd00::8", 64, NIO_AF_OPTIMISTIC);
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    HANDLE h = NULL;
    (void)state;
    os_put(&a);
    assert_int_equal(NotifyStableUnicastIpAddressTable(AF_INET6, &t, on_stable, &rec, &h),
                     ERROR_IO_PENDING);
    assert_int_equal(CancelMibChangeNotify2(h), 0);
    a.flags &= ~NIO_AF_OPTIMISTIC;
    os_put(&a);
    sleep_ms(QUIET_MS);
    assert_int_equal(tables(&rec), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_parameter_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_and_baseline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_resync, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_one_interface, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subscription, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stable_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stable_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stable_cancel, setup, teardown),
    };
    pthread_mutex_init(&rec.lock, NULL);
    pthread_mutex_init(&rec2.lock, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
