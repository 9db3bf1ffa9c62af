/* test-linux-alloc.c - every allocation failing in turn along the public calls,
 * against the real Linux back end, in a network namespace of this
 * program's own (tests/test-alloc.c does the same over the fake back end).
 *
 * For N = 1, 2, ... the Nth allocation of the library (nio_alloc_set_hook)
 * fails while one call runs, on a thread of its own so that the thread's
 * first allocation (its netlink socket) is on the path too.  Every run
 * must answer ERROR_NOT_ENOUGH_MEMORY or succeed, and a failed one must
 * have written nothing: no table, the caller's row as it was, the
 * interface as it was (Set), no handle (Notify).  The loop ends when a run
 * makes fewer than N allocations: that run succeeded with nothing failing.
 * Leaks show under valgrind (the kernel suite of tests/run-all.sh).
 *
 * The fixture: lo up; va, vb a veth pair.  Without root it skips.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"
#include "ns-util.h"

#define MAX_RUNS 100
#define FIXTURE_ROWS 6
#define BAD_TABLE ((PMIB_IPINTERFACE_TABLE)(uintptr_t)0x5A5A5A5A)

static atomic_uint seen;    /* allocations asked for since arm() */
static atomic_uint fail_at; /* the one to fail, 1-based; 0: none */
static unsigned va_index;

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

/* Allocations made since arm(); the hook stays until the next arm(). */
static unsigned disarm(void)
{
    nio_alloc_set_hook(NULL);
    return atomic_load(&seen);
}

/* Runs fn(arg) on a new thread and waits for it. */
static void on_new_thread(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fn, arg), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
}

static void check_code(const char *call, unsigned n, DWORD st)
{
    if (st != NO_ERROR && st != ERROR_NOT_ENOUGH_MEMORY)
        fail_msg("%s with allocation %u failing: status %u", call, n, (unsigned)st);
}

/* --------------------------------------------------------------- table */
struct table_call {
    ADDRESS_FAMILY family;
    PMIB_IPINTERFACE_TABLE t;
    DWORD st;
};

static void *table_thread(void *arg)
{
    struct table_call *c = arg;
    c->st = GetIpInterfaceTable(c->family, &c->t);
    return NULL;
}

static void test_table(void **state)
{
    static const struct {
        ADDRESS_FAMILY family;
        ULONG rows;
    } cases[] = {{AF_UNSPEC, FIXTURE_ROWS}, {AF_INET, 3}, {AF_INET6, 3}};
    (void)state;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        unsigned n;
        for (n = 1; n <= MAX_RUNS; n++) {
            struct table_call c = {cases[k].family, BAD_TABLE, 0};
            unsigned made;
            arm(n);
            on_new_thread(table_thread, &c);
            made = disarm();
            check_code("GetIpInterfaceTable", n, c.st);
            if (c.st == NO_ERROR) {
                assert_non_null(c.t);
                assert_int_equal(c.t->NumEntries, cases[k].rows);
                FreeMibTable(c.t);
            } else {
                assert_null(c.t);
            }
            if (made < n) {
                assert_int_equal(c.st, NO_ERROR);
                break;
            }
        }
        print_message("GetIpInterfaceTable(%u): %u allocations, each failed in turn\n",
                      (unsigned)cases[k].family, n - 1);
        assert_true(n > 1 && n <= MAX_RUNS);
    }
}

/* ----------------------------------------------------------------- get */
struct get_call {
    MIB_IPINTERFACE_ROW row;
    DWORD st;
};

static void *get_thread(void *arg)
{
    struct get_call *c = arg;
    c->st = GetIpInterfaceEntry(&c->row);
    return NULL;
}

static void test_get(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        struct get_call c;
        MIB_IPINTERFACE_ROW before;
        unsigned made;
        memset(&c, 0x5A, sizeof(c));
        c.row.Family = AF_INET6;
        c.row.InterfaceLuid.Value = ns_ether_luid(va_index);
        c.row.InterfaceIndex = 0;
        before = c.row;
        arm(n);
        on_new_thread(get_thread, &c);
        made = disarm();
        check_code("GetIpInterfaceEntry", n, c.st);
        if (c.st == NO_ERROR)
            assert_int_equal(c.row.InterfaceIndex, va_index);
        else
            assert_memory_equal(&c.row, &before, sizeof(before));
        if (made < n) {
            assert_int_equal(c.st, NO_ERROR);
            break;
        }
    }
    print_message("GetIpInterfaceEntry: %u allocations, each failed in turn\n", n - 1);
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* ----------------------------------------------------------------- set */
static void *set_thread(void *arg)
{
    struct get_call *c = arg;
    c->st = SetIpInterfaceEntry(&c->row);
    return NULL;
}

/* What this process reports about va's IPv6 row, for the fields Set
 * changes here (the metric is kept by the library, not the kernel). */
static void va_v6(MIB_IPINTERFACE_ROW *row)
{
    InitializeIpInterfaceEntry(row);
    row->Family = AF_INET6;
    row->InterfaceIndex = va_index;
    assert_int_equal(GetIpInterfaceEntry(row), NO_ERROR);
}

static void set_va(ULONG dad, ULONG base, BOOLEAN automatic, ULONG metric, ULONG mtu,
                   struct get_call *c)
{
    memset(c, 0, sizeof(*c));
    InitializeIpInterfaceEntry(&c->row);
    c->row.Family = AF_INET6;
    c->row.InterfaceIndex = va_index;
    c->row.DadTransmits = dad;
    c->row.BaseReachableTime = base;
    c->row.UseAutomaticMetric = automatic;
    c->row.Metric = metric;
    c->row.NlMtu = mtu;
}

static void test_set(void **state)
{
    char before[2048], after[2048];
    MIB_IPINTERFACE_ROW was, now;
    unsigned n;
    (void)state;
    ns_snapshot("va", before, sizeof(before));
    va_v6(&was);
    for (n = 1; n <= MAX_RUNS; n++) {
        struct get_call c;
        unsigned made;
        set_va(5, 23456, FALSE, 42, 1400, &c);
        arm(n);
        on_new_thread(set_thread, &c);
        made = disarm();
        check_code("SetIpInterfaceEntry", n, c.st);
        if (c.st != NO_ERROR) {
            /* All or nothing: the kernel's settings and the library's
             * metric as they were. */
            ns_snapshot("va", after, sizeof(after));
            assert_string_equal(before, after);
            va_v6(&now);
            assert_int_equal(now.UseAutomaticMetric, was.UseAutomaticMetric);
            assert_int_equal(now.Metric, was.Metric);
            continue;
        }
        va_v6(&now);
        assert_int_equal(now.DadTransmits, 5);
        assert_int_equal(now.BaseReachableTime, 23456);
        assert_int_equal(now.UseAutomaticMetric, FALSE);
        assert_int_equal(now.Metric, 42);
        assert_int_equal(now.NlMtu, 1400);
        /* Back to the start for the next run, nothing failing. */
        set_va(was.DadTransmits, was.BaseReachableTime, TRUE, 0xFFFFFFFF, was.NlMtu, &c);
        assert_int_equal(SetIpInterfaceEntry(&c.row), NO_ERROR);
        ns_snapshot("va", after, sizeof(after));
        assert_string_equal(before, after);
        if (made < n)
            break;
    }
    print_message("SetIpInterfaceEntry: %u allocations, each failed in turn\n", n - 1);
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* -------------------------------------------------------------- notify */
struct counter {
    atomic_uint calls;
    atomic_uint initial;
};

static VOID NETIOAPI_API_ count_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    struct counter *c = ctx;
    (void)row;
    atomic_fetch_add(&c->calls, 1);
    if (type == MibInitialNotification)
        atomic_fetch_add(&c->initial, 1);
}

struct notify_call {
    struct counter *counter;
    HANDLE h;
    DWORD st;
};

static void *notify_thread(void *arg)
{
    struct notify_call *c = arg;
    c->st = NotifyIpInterfaceChange(AF_UNSPEC, count_cb, c->counter, TRUE, &c->h);
    return NULL;
}

/* Registration, a change while the watcher runs, and Cancel, with the Nth
 * allocation failing anywhere (the watcher thread's included): 8 and no
 * handle, or a handle whose initial notification arrives, and after
 * Cancel no callback at all. */
static void test_notify(void **state)
{
    unsigned n;
    (void)state;
    for (n = 1; n <= MAX_RUNS; n++) {
        struct counter *counter = calloc(1, sizeof(*counter));
        struct notify_call c = {counter, (HANDLE)(uintptr_t)0x5A, 0};
        unsigned made, calls;
        assert_non_null(counter);
        arm(n);
        on_new_thread(notify_thread, &c);
        check_code("NotifyIpInterfaceChange", n, c.st);
        if (c.st != NO_ERROR) {
            made = disarm();
            assert_true(c.h == (HANDLE)(uintptr_t)0x5A);
            free(counter);
            continue;
        }
        assert_non_null(c.h);
        assert_int_equal(ns_sh("ip link set va mtu %u", n % 2 ? 1450 : 1500), 0);
        for (int i = 0; i < 100 && atomic_load(&counter->initial) == 0; i++)
            ns_sleep_ms(10);
        assert_int_equal(atomic_load(&counter->initial), 1);
        ns_sleep_ms(50);
        assert_int_equal(CancelMibChangeNotify2(c.h), NO_ERROR);
        made = disarm();
        calls = atomic_load(&counter->calls);
        assert_int_equal(ns_sh("ip link set va mtu 1480"), 0);
        ns_sleep_ms(30);
        assert_int_equal(atomic_load(&counter->calls), calls); /* none after Cancel */
        free(counter);
        if (made < n)
            break;
    }
    assert_int_equal(ns_sh("ip link set va mtu 1500"), 0);
    print_message("NotifyIpInterfaceChange .. Cancel: %u allocations, each failed in turn\n",
                  n - 1);
    assert_true(n > 1 && n <= MAX_RUNS);
}

/* ---------------------------------------------------------- route rows */
enum route_op { R_TABLE, R_GET, R_CREATE, R_SET, R_DELETE };
static const char *const route_op_name[] = {"GetIpForwardTable2", "GetIpForwardEntry2",
                                            "CreateIpForwardEntry2", "SetIpForwardEntry2",
                                            "DeleteIpForwardEntry2"};

struct route_call {
    enum route_op op;
    MIB_IPFORWARD_ROW2 row;
    PMIB_IPFORWARD_TABLE2 t;
    DWORD st;
};

static void *route_thread(void *arg)
{
    struct route_call *c = arg;
    switch (c->op) {
    case R_TABLE: c->st = GetIpForwardTable2(AF_UNSPEC, &c->t); break;
    case R_GET: c->st = GetIpForwardEntry2(&c->row); break;
    case R_CREATE: c->st = CreateIpForwardEntry2(&c->row); break;
    case R_SET: c->st = SetIpForwardEntry2(&c->row); break;
    case R_DELETE: c->st = DeleteIpForwardEntry2(&c->row); break;
    }
    return NULL;
}

/* 198.19.80.0/24 on va, as ip(8) says: its metric, or -1 when absent. */
static long kernel_metric(void)
{
    char *out = ns_sh_out("ip -o route show table main exact 198.19.80.0/24");
    const char *m = out ? strstr(out, "metric ") : NULL;
    long v = out == NULL || *out == '\0' ? -1 : m ? strtol(m + 7, NULL, 10) : 0;
    free(out);
    return v;
}

static void route_reset(bool present)
{
    ns_sh("ip route del 198.19.80.0/24 2>/dev/null");
    if (present)
        assert_int_equal(ns_sh("ip route add 198.19.80.0/24 dev va metric 5"), 0);
}

/* One run of op with allocation n failing: the code, and on a failure
 * nothing written (the caller's row, the kernel's route). */
static bool route_run(enum route_op op, unsigned n)
{
    struct route_call c;
    MIB_IPFORWARD_ROW2 before;
    unsigned made;
    memset(&c, 0, sizeof(c));
    c.op = op;
    c.t = (PMIB_IPFORWARD_TABLE2)(uintptr_t)0x5A5A5A5A;
    InitializeIpForwardEntry(&c.row);
    c.row.InterfaceIndex = va_index;
    c.row.DestinationPrefix.Prefix.si_family = AF_INET;
    c.row.DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr = htonl(0xC6135000u);
    c.row.DestinationPrefix.PrefixLength = 24;
    c.row.NextHop.si_family = AF_INET;
    c.row.Metric = op == R_SET ? 9 : 5;
    route_reset(op != R_CREATE);
    before = c.row;
    arm(n);
    on_new_thread(route_thread, &c);
    made = disarm();
    check_code(route_op_name[op], n, c.st);
    if (op == R_TABLE) {
        if (c.st == NO_ERROR)
            FreeMibTable(c.t);
        else
            assert_null(c.t);
    }
    if (op == R_GET && c.st == NO_ERROR)
        assert_int_equal(c.row.Metric, 5);
    else
        assert_memory_equal(&c.row, &before, sizeof(before));
    if (c.st != NO_ERROR) /* as it was */
        assert_int_equal(kernel_metric(), op == R_CREATE ? -1 : 5);
    else if (op >= R_CREATE) /* as asked */
        assert_int_equal(kernel_metric(), op == R_DELETE ? -1 : op == R_SET ? 9 : 5);
    if (made < n) {
        assert_int_equal(c.st, NO_ERROR);
        return false;
    }
    return true;
}

static void test_routes(void **state)
{
    (void)state;
    for (enum route_op op = R_TABLE; op <= R_DELETE; op++) {
        unsigned n;
        for (n = 1; n <= MAX_RUNS && route_run(op, n); n++)
            ;
        print_message("%s: %u allocations, each failed in turn\n", route_op_name[op], n - 1);
        assert_true(n > 1 && n <= MAX_RUNS);
    }
    route_reset(false);
}

/* -------------------------------------------------------- address rows */
enum addr_op { A_TABLE, A_GET, A_CREATE, A_SET, A_DELETE };
static const char *const addr_op_name[] = {"GetUnicastIpAddressTable", "GetUnicastIpAddressEntry",
                                           "CreateUnicastIpAddressEntry",
                                           "SetUnicastIpAddressEntry",
                                           "DeleteUnicastIpAddressEntry"};

struct addr_call {
    enum addr_op op;
    MIB_UNICASTIPADDRESS_ROW row;
    PMIB_UNICASTIPADDRESS_TABLE t;
    DWORD st;
};

static void *addr_thread(void *arg)
{
    struct addr_call *c = arg;
    switch (c->op) {
    case A_TABLE: c->st = GetUnicastIpAddressTable(AF_UNSPEC, &c->t); break;
    case A_GET: c->st = GetUnicastIpAddressEntry(&c->row); break;
    case A_CREATE: c->st = CreateUnicastIpAddressEntry(&c->row); break;
    case A_SET: c->st = SetUnicastIpAddressEntry(&c->row); break;
    case A_DELETE: c->st = DeleteUnicastIpAddressEntry(&c->row); break;
    }
    return NULL;
}

static const char *addr_text(ADDRESS_FAMILY family)
{
    return family == AF_INET ? "198.19.81.1/32" : "fd00:81::1/128";
}

/* The address on va as ip(8) says: -1 absent, 1 with finite lifetimes
 * (what the Set below gives it), 0 present and forever. */
static int kernel_addr(ADDRESS_FAMILY family)
{
    char *out = ns_sh_out("ip -o addr show dev va to %s", addr_text(family));
    int v = out == NULL || *out == '\0' ? -1 : strstr(out, "valid_lft forever") ? 0 : 1;
    free(out);
    return v;
}

static void addr_reset(ADDRESS_FAMILY family, bool present)
{
    ns_sh("ip addr del %s dev va 2>/dev/null", addr_text(family));
    if (present)
        assert_int_equal(ns_sh("ip addr add %s dev va%s", addr_text(family),
                               family == AF_INET6 ? " nodad" : ""), 0);
}

/* One run of op with allocation n failing: the code, and on a failure
 * nothing written (the caller's row, the kernel's address). */
static bool addr_run(enum addr_op op, ADDRESS_FAMILY family, unsigned n)
{
    struct addr_call c;
    MIB_UNICASTIPADDRESS_ROW before;
    unsigned made;
    int want;
    memset(&c, 0, sizeof(c));
    c.op = op;
    c.t = (PMIB_UNICASTIPADDRESS_TABLE)(uintptr_t)0x5A5A5A5A;
    InitializeUnicastIpAddressEntry(&c.row);
    c.row.InterfaceIndex = va_index;
    c.row.Address.si_family = family;
    if (family == AF_INET)
        c.row.Address.Ipv4.sin_addr.s_addr = htonl(0xC6135101u); /* 198.19.81.1 */
    else
        assert_int_equal(inet_pton(AF_INET6, "fd00:81::1", &c.row.Address.Ipv6.sin6_addr), 1);
    c.row.DadState = IpDadStatePreferred;
    if (op == A_SET) {
        c.row.ValidLifetime = 3000;
        c.row.PreferredLifetime = 2000;
    }
    addr_reset(family, op != A_CREATE);
    before = c.row;
    arm(n);
    on_new_thread(addr_thread, &c);
    made = disarm();
    check_code(addr_op_name[op], n, c.st);
    if (op == A_TABLE) {
        if (c.st == NO_ERROR) {
            assert_true(c.t->NumEntries >= 2);
            FreeMibTable(c.t);
        } else {
            assert_null(c.t);
        }
    }
    if (op == A_GET && c.st == NO_ERROR)
        assert_int_equal(c.row.OnLinkPrefixLength, family == AF_INET ? 32 : 128);
    else
        assert_memory_equal(&c.row, &before, sizeof(before));
    /* As it was on a failure, as asked on success. */
    want = c.st != NO_ERROR ? (op == A_CREATE ? -1 : 0)
           : op == A_CREATE ? 0 : op == A_SET ? 1 : op == A_DELETE ? -1 : 0;
    if (kernel_addr(family) != want)
        fail_msg("%s (%s) with allocation %u failing: status %u, kernel %d, expected %d",
                 addr_op_name[op], addr_text(family), n, (unsigned)c.st, kernel_addr(family),
                 want);
    if (made < n) {
        assert_int_equal(c.st, NO_ERROR);
        return false;
    }
    return true;
}

static void test_addrs(void **state)
{
    (void)state;
    for (int f = 0; f < 2; f++) {
        ADDRESS_FAMILY family = f ? AF_INET6 : AF_INET;
        for (enum addr_op op = A_TABLE; op <= A_DELETE; op++) {
            unsigned n;
            for (n = 1; n <= MAX_RUNS && addr_run(op, family, n); n++)
                ;
            print_message("%s (%s): %u allocations, each failed in turn\n", addr_op_name[op],
                          f ? "IPv6" : "IPv4", n - 1);
            assert_true(n > 1 && n <= MAX_RUNS);
        }
        addr_reset(family, false);
    }
}

/* ------------------------------------------------------------- fixture */
static int setup_ns(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "not a fresh namespace: refusing to change it\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    va_index = ns_ifindex("va");
    return va_index ? 0 : -1;
}

static int teardown_test(void **state)
{
    (void)state;
    nio_alloc_set_hook(NULL);
    return 0;
}

#define T(f) cmocka_unit_test_teardown(f, teardown_test)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_table),
        T(test_get),
        T(test_set),
        T(test_notify),
        T(test_routes),
        T(test_addrs),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("linux-alloc", why);
    return cmocka_run_group_tests_name("linux-alloc", tests, setup_ns, NULL);
}
