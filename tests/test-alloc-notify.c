/* test-alloc-notify.c - allocation failures along GetIpInterfaceEntry and
 * the notifications (interface, route and address handles, stable address
 * tables), over the fake back end (test-alloc.c covers the
 * table, the conversions and Set; tests/linux/test-linux-alloc.c repeats these
 * against the kernel).
 *
 * The Nth allocation of the library fails, for every N: in the caller's
 * thread while it registers, and in the watcher thread while it turns a
 * change into events.  A registration answers 8 and leaves nothing behind
 * (no handle, no watch open) or succeeds; a change seen while an
 * allocation fails is reported late (at the next comparison) but exactly
 * once: never lost, never an Add twice.  Run under valgrind or ASan to see
 * leaks. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define MAX_RUNS 64
#define WAIT_MS 10000   /* for what must come (valgrind is slow) */
#define NEW_INDEX 100   /* the interface each run adds */

static atomic_uint seen;    /* allocations since arm() */
static atomic_uint fail_at; /* the one to fail, 1-based */

static bool fail_nth(size_t size)
{
    (void)size;
    return atomic_fetch_add(&seen, 1) + 1 != atomic_load(&fail_at);
}

static void arm(unsigned n)
{
    atomic_store(&seen, 0);
    atomic_store(&fail_at, n);
    nio_alloc_set_hook(fail_nth);
}

static unsigned disarm(void)
{
    nio_alloc_set_hook(NULL);
    return atomic_load(&seen);
}

/* -------------------------------------------------------------- recorder */
struct counts {
    pthread_mutex_t lock;
    unsigned initial;
    unsigned add[NIO_FAMILIES];     /* MibAddInstance of NEW_INDEX, by slot */
    unsigned other;                 /* any other event */
};

static struct counts counts = {.lock = PTHREAD_MUTEX_INITIALIZER};

static VOID NETIOAPI_API_ on_change(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                    MIB_NOTIFICATION_TYPE type)
{
    struct counts *c = ctx;
    pthread_mutex_lock(&c->lock);
    if (type == MibInitialNotification)
        c->initial++;
    else if (row != NULL && type == MibAddInstance && row->InterfaceIndex == NEW_INDEX)
        c->add[row->Family == AF_INET6 ? NIO_V6 : NIO_V4]++;
    else
        c->other++;
    pthread_mutex_unlock(&c->lock);
}

static void counts_reset(void)
{
    pthread_mutex_lock(&counts.lock);
    counts.initial = counts.other = 0;
    counts.add[NIO_V4] = counts.add[NIO_V6] = 0;
    pthread_mutex_unlock(&counts.lock);
}

static struct counts counts_now(void)
{
    struct counts c;
    pthread_mutex_lock(&counts.lock);
    c = counts;
    pthread_mutex_unlock(&counts.lock);
    return c;
}

static bool wait_initial(void)
{
    for (unsigned ms = 0; ms < WAIT_MS; ms += 5) {
        if (counts_now().initial > 0)
            return true;
        sleep_ms(5);
    }
    return false;
}

static int setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_addr_reset();
    fake_os_standard();
    counts_reset();
    nio_alloc_set_hook(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nio_alloc_set_hook(NULL);
    fake_os_reset();
    return 0;
}

/* ------------------------------------------------------------------ Get */
/* A Get that fails leaves the caller's row as it was. */
static void test_get_every_failure(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        MIB_IPINTERFACE_ROW row, before;
        unsigned made;
        DWORD st;
        memset(&row, 0x5A, sizeof(row));
        row.Family = AF_INET6;
        row.InterfaceLuid.Value = 0;
        row.InterfaceIndex = FAKE_ETH1;
        before = row;
        arm(n);
        st = GetIpInterfaceEntry(&row);
        made = disarm();
        if (st == ERROR_NOT_ENOUGH_MEMORY)
            assert_memory_equal(&row, &before, sizeof(row));
        else
            assert_int_equal(st, NO_ERROR);
        if (made < n) {
            assert_int_equal(st, NO_ERROR);
            break;
        }
    }
    assert_true(n <= MAX_RUNS);
}

/* ----------------------------------------------------- register, cancel */
static void test_register_every_failure(void **state)
{
    unsigned n, failed = 0;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = (HANDLE)(uintptr_t)0x5A;
        unsigned made;
        DWORD st;
        counts_reset();
        arm(n);
        st = NotifyIpInterfaceChange(AF_UNSPEC, on_change, &counts, TRUE, &h);
        if (st != NO_ERROR) {
            made = disarm();
            assert_int_equal(st, ERROR_NOT_ENOUGH_MEMORY);
            assert_true(h == (HANDLE)(uintptr_t)0x5A); /* untouched */
            assert_int_equal(fake_os_watches_open(), 0);
            failed++;
            continue;
        }
        assert_non_null(h);
        /* A registration that succeeded works, whatever failed inside. */
        assert_true(wait_initial());
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        made = disarm();
        assert_int_equal(fake_os_watches_open(), 0);
        if (made < n)
            break;
    }
    assert_true(failed > 0);        /* registration allocates at all */
    assert_true(n <= MAX_RUNS);     /* and succeeds in the end */
}

/* --------------------------------------------------- events in the thread */
/* An interface appears while the watcher's Nth allocation fails: both of
 * its rows are reported, each exactly once. */
static void test_events_every_failure(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = NULL;
        struct counts c;
        unsigned made;
        fake_os_reset();
        fake_os_standard();
        counts_reset();
        assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, on_change, &counts, TRUE, &h),
                         NO_ERROR);
        assert_true(wait_initial());
        arm(n);
        fake_os_lock();
        fake_os_add(NEW_INDEX, IF_TYPE_ETHERNET_CSMACD, "new0");
        fake_os_unlock();
        fake_os_announce(NEW_INDEX);
        /* Late is allowed (the next comparison, 0.8 s on), lost is not. */
        for (unsigned ms = 0; ms < WAIT_MS; ms += 10) {
            c = counts_now();
            if (c.add[NIO_V4] && c.add[NIO_V6])
                break;
            sleep_ms(10);
        }
        made = disarm();
        /* One more comparison, nothing failing: an Add the failed one
         * left half recorded would come again now. */
        sleep_ms(1000);
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        c = counts_now();
        if (c.add[NIO_V4] != 1 || c.add[NIO_V6] != 1 || c.other != 0)
            fail_msg("allocation %u failing: Add IPv4 x%u, Add IPv6 x%u, %u other events",
                     n, c.add[NIO_V4], c.add[NIO_V6], c.other);
        if (made < n)
            break;
    }
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* ------------------------------------------------------------ route rows */
/* The route each run adds, through eth1. */
static struct nio_route new_route(void)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.oif = FAKE_ETH1;
    r.table = 254;
    r.prefix.slot = r.gateway.slot = NIO_V4;
    inet_pton(AF_INET, "198.18.100.0", r.prefix.bytes);
    r.prefix_len = 24;
    r.metric = 10;
    r.origin = NIO_RO_STATIC;
    return r;
}

static struct {
    pthread_mutex_t lock;
    unsigned initial, add, del, other;
} rcounts = {.lock = PTHREAD_MUTEX_INITIALIZER};

static VOID NETIOAPI_API_ on_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    uint8_t want[4];
    (void)ctx;
    inet_pton(AF_INET, "198.18.100.0", want);
    pthread_mutex_lock(&rcounts.lock);
    if (type == MibInitialNotification)
        rcounts.initial++;
    else if (row != NULL && row->InterfaceIndex == FAKE_ETH1 &&
             row->DestinationPrefix.PrefixLength == 24 &&
             memcmp(&row->DestinationPrefix.Prefix.Ipv4.sin_addr, want, 4) == 0 &&
             (type == MibAddInstance || type == MibDeleteInstance))
        (*(type == MibAddInstance ? &rcounts.add : &rcounts.del))++;
    else
        rcounts.other++;
    pthread_mutex_unlock(&rcounts.lock);
}

static void rcounts_now(unsigned *initial, unsigned *add, unsigned *del, unsigned *other)
{
    pthread_mutex_lock(&rcounts.lock);
    *initial = rcounts.initial;
    *add = rcounts.add;
    *del = rcounts.del;
    *other = rcounts.other;
    pthread_mutex_unlock(&rcounts.lock);
}

static void rcounts_reset(void)
{
    pthread_mutex_lock(&rcounts.lock);
    rcounts.initial = rcounts.add = rcounts.del = rcounts.other = 0;
    pthread_mutex_unlock(&rcounts.lock);
}

static bool wait_route(unsigned *field_add, unsigned want)
{
    for (unsigned ms = 0; ms < WAIT_MS; ms += 5) {
        unsigned i, a, d, o;
        rcounts_now(&i, &a, &d, &o);
        if ((field_add == NULL ? i : *field_add == 1 ? a : d) >= want)
            return true;
        sleep_ms(5);
    }
    return false;
}

/* NotifyRouteChange2 with the Nth allocation failing: as the first handle
 * of the process (with_ipif false) and as the first route handle beside an
 * interface handle, which widens the running hub's subscription. */
static void route_register_sweep(bool with_ipif)
{
    unsigned n, failed = 0;
    HANDLE i = NULL;
    if (with_ipif)
        assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, on_change, &counts, FALSE, &i),
                         NO_ERROR);
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = (HANDLE)(uintptr_t)0x5A;
        unsigned made;
        DWORD st;
        rcounts_reset();
        arm(n);
        st = NotifyRouteChange2(AF_UNSPEC, on_route, NULL, TRUE, &h);
        if (st != NO_ERROR) {
            made = disarm();
            assert_int_equal(st, ERROR_NOT_ENOUGH_MEMORY);
            assert_true(h == (HANDLE)(uintptr_t)0x5A);
            assert_int_equal(fake_os_watches_open(), with_ipif ? 1 : 0);
            if (with_ipif)
                assert_int_equal(fake_os_watch_what(), NIO_WATCH_IPIF);
            failed++;
            continue;
        }
        assert_true(wait_route(NULL, 1));
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        made = disarm();
        if (made < n)
            break;
    }
    if (with_ipif)
        assert_int_equal(CancelMibChangeNotify2(i), NO_ERROR);
    assert_int_equal(fake_os_watches_open(), 0);
    assert_true(failed > 0);
    assert_true(n <= MAX_RUNS);
}

static void test_route_register_every_failure(void **state)
{
    (void)state;
    route_register_sweep(false);
}

static void test_route_widen_every_failure(void **state)
{
    (void)state;
    route_register_sweep(true);
}

/* A route appears (announced), then is flushed silently and its interface's
 * routes are to be compared, while the watcher's Nth allocation fails:
 * one Add, one Delete, never twice, nothing else. */
static void test_route_events_every_failure(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = NULL;
        struct nio_route r = new_route();
        unsigned made, i, a, d, o;
        fake_os_reset();
        fake_os_standard();
        rcounts_reset();
        assert_int_equal(NotifyRouteChange2(AF_UNSPEC, on_route, NULL, TRUE, &h), NO_ERROR);
        assert_true(wait_route(NULL, 1));
        arm(n);
        fake_os_lock();
        fake_os_add_route(&r);
        fake_os_unlock();
        fake_os_announce_route(NIO_WE_ROUTE_NEW, &r, 1, NULL);
        assert_true(wait_route(&(unsigned){1}, 1));
        assert_true(fake_os_drop_route(&r));
        fake_os_announce_routes_of(FAKE_ETH1);
        assert_true(wait_route(&(unsigned){2}, 1));
        made = disarm();
        fprintf(stderr, "run %u made %u\n", n, made);
        /* Everything compared once more, nothing failing: an event the
         * failed update left half recorded would come again now. */
        fake_os_announce_lost();
        sleep_ms(300);
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        rcounts_now(&i, &a, &d, &o);
        if (a != 1 || d != 1 || o != 0)
            fail_msg("allocation %u failing: Add x%u, Delete x%u, %u other events", n, a, d, o);
        if (made < n)
            break;
    }
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* ------------------------------------------------------------ addresses */
static struct {
    pthread_mutex_t lock;
    unsigned initial, add, del, param, tables;
} acounts = {.lock = PTHREAD_MUTEX_INITIALIZER};

static VOID NETIOAPI_API_ on_addr(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row,
                                  MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    pthread_mutex_lock(&acounts.lock);
    acounts.initial += type == MibInitialNotification;
    acounts.add += type == MibAddInstance;
    acounts.del += type == MibDeleteInstance;
    acounts.param += type == MibParameterNotification;
    pthread_mutex_unlock(&acounts.lock);
}

static VOID NETIOAPI_API_ on_table(PVOID ctx, PMIB_UNICASTIPADDRESS_TABLE t)
{
    (void)ctx;
    pthread_mutex_lock(&acounts.lock);
    acounts.tables++;
    pthread_mutex_unlock(&acounts.lock);
    FreeMibTable(t);
}

static unsigned acount(const unsigned *field)
{
    unsigned v;
    pthread_mutex_lock(&acounts.lock);
    v = *field;
    pthread_mutex_unlock(&acounts.lock);
    return v;
}

static bool wait_acount(const unsigned *field, unsigned want)
{
    for (unsigned ms = 0; ms < WAIT_MS; ms += 5) {
        if (acount(field) >= want)
            return true;
        sleep_ms(5);
    }
    return false;
}

static void acounts_reset(void)
{
    pthread_mutex_lock(&acounts.lock);
    acounts.initial = acounts.add = acounts.del = acounts.param = acounts.tables = 0;
    pthread_mutex_unlock(&acounts.lock);
}

static struct nio_addr new_addr(uint32_t flags)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = FAKE_ETH1;
    a.addr.slot = NIO_V6;
    inet_pton(AF_INET6, "fd00::99", a.addr.bytes);
    a.prefix_len = 64;
    a.flags = flags | NIO_AF_PERMANENT;
    a.valid_s = a.preferred_s = NIO_LIFETIME_INFINITE;
    return a;
}

/* NotifyUnicastIpAddressChange with the Nth allocation failing, as the
 * first handle and beside an interface handle (widening). */
static void addr_register_sweep(bool with_ipif)
{
    unsigned n, failed = 0;
    HANDLE i = NULL;
    if (with_ipif)
        assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, on_change, &counts, FALSE, &i),
                         NO_ERROR);
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = (HANDLE)(uintptr_t)0x5A;
        unsigned made;
        DWORD st;
        acounts_reset();
        arm(n);
        st = NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, NULL, TRUE, &h);
        if (st != NO_ERROR) {
            disarm();
            assert_int_equal(st, ERROR_NOT_ENOUGH_MEMORY);
            assert_true(h == (HANDLE)(uintptr_t)0x5A);
            assert_int_equal(fake_os_watches_open(), with_ipif ? 1 : 0);
            if (with_ipif)
                assert_int_equal(fake_os_watch_what(), NIO_WATCH_IPIF);
            failed++;
            continue;
        }
        assert_true(wait_acount(&acounts.initial, 1));
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        made = disarm();
        if (made < n)
            break;
    }
    if (with_ipif)
        assert_int_equal(CancelMibChangeNotify2(i), NO_ERROR);
    assert_int_equal(fake_os_watches_open(), 0);
    assert_true(failed > 0);
    assert_true(n <= MAX_RUNS);
}

static void test_addr_register_every_failure(void **state)
{
    (void)state;
    addr_register_sweep(false);
}

static void test_addr_widen_every_failure(void **state)
{
    (void)state;
    addr_register_sweep(true);
}

/* An address appears (announced), DAD ends (announced), then it goes
 * silently and its interface is to be compared, while the watcher's Nth
 * allocation fails: one Add, one Parameter, one Delete, never twice. */
static void test_addr_events_every_failure(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        HANDLE h = NULL;
        struct nio_addr a = new_addr(NIO_AF_TENTATIVE);
        unsigned made;
        fake_os_reset();
        fake_addr_reset();
        fake_os_standard();
        acounts_reset();
        assert_int_equal(NotifyUnicastIpAddressChange(AF_UNSPEC, on_addr, NULL, TRUE, &h),
                         NO_ERROR);
        assert_true(wait_acount(&acounts.initial, 1));
        arm(n);
        fake_os_lock();
        fake_addr_put(&a);
        fake_os_unlock();
        fake_os_announce_addr(NIO_WE_ADDR_NEW, &a);
        assert_true(wait_acount(&acounts.add, 1));
        a.flags &= ~NIO_AF_TENTATIVE;
        fake_os_lock();
        *(struct nio_addr *)fake_addr_at(0) = a;
        fake_os_unlock();
        fake_os_announce_addr(NIO_WE_ADDR_NEW, &a);
        assert_true(wait_acount(&acounts.param, 1));
        fake_os_lock();
        assert_int_equal(nio_os_addr_delete(&a), 0);
        fake_os_unlock();
        fake_os_announce_addrs_of(FAKE_ETH1);
        assert_true(wait_acount(&acounts.del, 1));
        made = disarm();
        fake_os_announce_lost(); /* a half-recorded event would come again now */
        sleep_ms(300);
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        if (acount(&acounts.add) != 1 || acount(&acounts.param) != 1 ||
            acount(&acounts.del) != 1)
            fail_msg("allocation %u failing: Add x%u, Parameter x%u, Delete x%u", n,
                     acount(&acounts.add), acount(&acounts.param), acount(&acounts.del));
        if (made < n)
            break;
    }
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* NotifyStableUnicastIpAddressTable pending, with the Nth allocation
 * failing from the call to the table: 8 and nothing left behind, or the
 * table exactly once. */
static void test_stable_every_failure(void **state)
{
    unsigned n, failed = 0;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        struct nio_addr a = new_addr(NIO_AF_TENTATIVE);
        MIB_UNICASTIPADDRESS_TABLE *t = NULL;
        HANDLE h = NULL;
        unsigned made;
        DWORD st;
        fake_addr_reset();
        fake_os_lock();
        fake_addr_put(&a);
        fake_os_unlock();
        acounts_reset();
        arm(n);
        st = NotifyStableUnicastIpAddressTable(AF_UNSPEC, &t, on_table, NULL, &h);
        if (st != ERROR_IO_PENDING) {
            disarm();
            assert_int_equal(st, ERROR_NOT_ENOUGH_MEMORY);
            assert_null(t);
            assert_int_equal(fake_os_watches_open(), 0);
            failed++;
            continue;
        }
        a.flags &= ~NIO_AF_TENTATIVE;
        fake_os_lock();
        *(struct nio_addr *)fake_addr_at(0) = a;
        fake_os_unlock();
        fake_os_announce_addr(NIO_WE_ADDR_NEW, &a);
        assert_true(wait_acount(&acounts.tables, 1));
        made = disarm();
        for (unsigned ms = 0; ms < WAIT_MS && fake_os_watches_open() != 0; ms += 5)
            sleep_ms(5);
        assert_int_equal(fake_os_watches_open(), 0);
        assert_int_equal(acount(&acounts.tables), 1);
        if (made < n)
            break;
    }
    assert_true(failed > 0);
    assert_true(n <= MAX_RUNS);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_get_every_failure),
        T(test_register_every_failure),
        T(test_events_every_failure),
        T(test_route_register_every_failure),
        T(test_route_widen_every_failure),
        T(test_route_events_every_failure),
        T(test_addr_register_every_failure),
        T(test_addr_widen_every_failure),
        T(test_addr_events_every_failure),
        T(test_stable_every_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
