/* test-alloc-notify.c - allocation failures along GetIpInterfaceEntry and
 * the notifications, over the fake back end (test-alloc.c covers the
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
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_os.h"

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

static void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
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

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_get_every_failure),
        T(test_register_every_failure),
        T(test_events_every_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
