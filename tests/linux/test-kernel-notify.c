/* test-kernel-notify.c - NotifyIpInterfaceChange and CancelMibChangeNotify2
 * against the running kernel.
 *
 * The program moves itself into a network namespace of its own
 * (unshare(CLONE_NEWNET)) before anything else, changes interfaces with
 * ip(8), /proc/sys/net writes and SIOCSIFMTU, and checks which callbacks
 * arrive, for which key, how often and how soon.  What a change is, and
 * the LUID expected, are known here without asking the library.  Without
 * root it skips and says why.
 *
 * The fixture: lo up; va, vb a veth pair, up.  The burst of 5000 veth
 * ends runs last: it leaves them behind.
 */
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"
#include "store-util.h"

#define NETLINK_MS 5000     /* a change the kernel announces: generous, for valgrind */
#define PROC_MS 2000        /* a change written only to /proc: inotify, else the 0.9 s comparison */
#define BURST_PAIRS 2500
#define BURST_MS 30000
#define CANCEL_ROUNDS 200
#define MANY_HANDLES 300

static unsigned va_index, vb_index;

/* ------------------------------------------------------------ recorder */
struct ev {
    ADDRESS_FAMILY family;
    NET_IFINDEX index;
    ULONG64 luid;
    MIB_NOTIFICATION_TYPE type;
    bool null_row;
    bool keys_only;   /* every field but the keys is zero, as on Windows */
    bool handle_set;  /* the caller's handle was already written */
    uint64_t at_ns;
};

struct rec {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct ev *v;
    size_t n, cap;
    HANDLE *handle;   /* the caller's variable, NULL: not checked */
};

static void rec_free(void *p)
{
    struct rec *r = p;
    free(r->v);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->cond);
    ns_kept_free(r);
}

/* A recorder on the heap, kept for ns_teardown (ns-util.h). */
static struct rec *rec_new(void)
{
    struct rec *r = ns_kept_new(sizeof(*r), rec_free);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    return r;
}

static bool keys_only(const MIB_IPINTERFACE_ROW *row)
{
    MIB_IPINTERFACE_ROW zero;
    memset(&zero, 0, sizeof(zero));
    zero.Family = row->Family;
    zero.InterfaceLuid = row->InterfaceLuid;
    zero.InterfaceIndex = row->InterfaceIndex;
    return memcmp(&zero, row, sizeof(zero)) == 0;
}

static VOID NETIOAPI_API_ rec_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    struct rec *r = ctx;
    struct ev e = {0};
    e.type = type;
    e.null_row = row == NULL;
    e.at_ns = ns_now_ns();
    if (row != NULL) {
        e.family = row->Family;
        e.index = row->InterfaceIndex;
        e.luid = row->InterfaceLuid.Value;
        e.keys_only = keys_only(row);
    }
    pthread_mutex_lock(&r->lock);
    e.handle_set = r->handle != NULL && *r->handle != NULL;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        struct ev *v = realloc(r->v, cap * sizeof(*v));
        if (v == NULL)
            abort();
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = e;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

/* Events of that type, family (0: any) and index (0: any). */
static size_t rec_count_locked(struct rec *r, MIB_NOTIFICATION_TYPE type, ADDRESS_FAMILY family,
                               unsigned index)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].type == type && (family == 0 || r->v[i].family == family) &&
            (index == 0 || r->v[i].index == index))
            k++;
    return k;
}

static size_t rec_count(struct rec *r, MIB_NOTIFICATION_TYPE type, ADDRESS_FAMILY family,
                        unsigned index)
{
    size_t k;
    pthread_mutex_lock(&r->lock);
    k = rec_count_locked(r, type, family, index);
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

/* Waits up to ms for at least want such events; the time it took in ms,
 * or -1. */
static long rec_wait(struct rec *r, MIB_NOTIFICATION_TYPE type, ADDRESS_FAMILY family,
                     unsigned index, size_t want, long ms)
{
    uint64_t start = ns_now_ns(), end = start + (uint64_t)ms * 1000000u;
    long took = -1;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        struct timespec ts;
        uint64_t now = ns_now_ns();
        if (rec_count_locked(r, type, family, index) >= want) {
            took = (long)((now - start) / 1000000u);
            break;
        }
        if (now >= end)
            break;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 20 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&r->cond, &r->lock, &ts);
    }
    pthread_mutex_unlock(&r->lock);
    return took;
}

#define EXPECT_EVENT(r, type, family, index, want, ms)                                       \
    do {                                                                                     \
        long took_ = rec_wait((r), (type), (family), (index), (want), (ms));                 \
        if (took_ < 0)                                                                       \
            fail_msg("no %s for family %u index %u within %ld ms (have %zu)",              \
                     ns_type_name(type), (unsigned)(family), (unsigned)(index), (long)(ms),     \
                     rec_count((r), (type), (family), (index)));                             \
        print_message("  %s family %u index %u: %ld ms\n", ns_type_name(type),                \
                      (unsigned)(family), (unsigned)(index), took_);                         \
    } while (0)

/* Registers r for family and, with initial, waits for the initial
 * notification (after which no change can be missed). */
static HANDLE watch(struct rec *r, ADDRESS_FAMILY family, BOOLEAN initial)
{
    HANDLE h = NULL;
    assert_int_equal(NotifyIpInterfaceChange(family, rec_cb, r, initial, &h), NO_ERROR);
    assert_non_null(h);
    ns_keep_handle(r, h);
    if (initial)
        EXPECT_EVENT(r, MibInitialNotification, 0, 0, 1, NETLINK_MS);
    return h;
}

/* Cancels h, which must succeed, and frees its record. */
static void unwatch(struct rec *r, HANDLE h)
{
    ns_keep_handle(r, NULL);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    rec_free(r);
}

/* Fails when any event after r's first is of another family than want. */
static void expect_only_family(struct rec *r, ADDRESS_FAMILY want, const char *handle)
{
    pthread_mutex_lock(&r->lock);
    for (size_t i = 1; i < r->n; i++)
        if (r->v[i].family != want)
            fail_msg("an %s handle got family %u", handle, r->v[i].family);
    pthread_mutex_unlock(&r->lock);
}

/* An MTU change made by this process, SIOCSIFMTU: no ip(8) to wait for. */
static void set_mtu(const char *name, unsigned mtu)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
    ifr.ifr_mtu = (int)mtu;
    if (ioctl(fd, SIOCSIFMTU, &ifr) != 0)
        fail_msg("SIOCSIFMTU %s %u: %s", name, mtu, strerror(errno));
    close(fd);
}

static void write6(const char *ifname, const char *knob, const char *value)
{
    if (!ns_proc_write(value, "/proc/sys/net/ipv6/conf/%s/%s", ifname, knob))
        fail_msg("cannot write %s", knob);
}

/* ------------------------------------------------------------- initial */
static void test_initial(void **state)
{
    struct rec *r;
    HANDLE h = NULL;
    (void)state;
    r = rec_new();
    r->handle = &h;
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, rec_cb, r, TRUE, &h), NO_ERROR);
    assert_non_null(h);
    ns_keep_handle(r, h);
    EXPECT_EVENT(r, MibInitialNotification, 0, 0, 1, NETLINK_MS);
    ns_sleep_ms(1200); /* more than one sweep: nothing else may come */
    assert_int_equal(rec_total(r), 1);
    assert_true(r->v[0].null_row);
    assert_int_equal(r->v[0].type, MibInitialNotification);
    assert_true(r->v[0].handle_set); /* delivered after registration */
    unwatch(r, h);

    /* Without it: nothing at all while nothing changes. */
    r = rec_new();
    h = watch(r, AF_UNSPEC, FALSE);
    ns_sleep_ms(1200);
    assert_int_equal(rec_total(r), 0);
    unwatch(r, h);
}

/* ---------------------------------------------------------- add/delete */
static void check_keys(struct rec *r, unsigned index)
{
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].index == index) {
            if (r->v[i].luid != ns_ether_luid(index) || !r->v[i].keys_only)
                fail_msg("index %u: LUID 0x%llx (want 0x%llx), keys only %d", index,
                         (unsigned long long)r->v[i].luid,
                         (unsigned long long)ns_ether_luid(index), r->v[i].keys_only);
        }
    pthread_mutex_unlock(&r->lock);
}

static void test_add_delete(void **state)
{
    struct rec *r;
    HANDLE h;
    unsigned n1, n2;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    assert_int_equal(ns_sh("ip link add n1 type veth peer name n2"), 0);
    n1 = ns_ifindex("n1");
    n2 = ns_ifindex("n2");
    EXPECT_EVENT(r, MibAddInstance, AF_INET, n1, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibAddInstance, AF_INET6, n1, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibAddInstance, AF_INET, n2, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibAddInstance, AF_INET6, n2, 1, NETLINK_MS);
    assert_int_equal(ns_sh("ip link del n1"), 0);
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET, n1, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET6, n1, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET, n2, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET6, n2, 1, NETLINK_MS);
    ns_sleep_ms(1000);
    for (int fam = 0; fam < 2; fam++) {
        ADDRESS_FAMILY f = fam ? AF_INET6 : AF_INET;
        assert_int_equal(rec_count(r, MibAddInstance, f, n1), 1);
        assert_int_equal(rec_count(r, MibAddInstance, f, n2), 1);
        assert_int_equal(rec_count(r, MibDeleteInstance, f, n1), 1);
        assert_int_equal(rec_count(r, MibDeleteInstance, f, n2), 1);
    }
    check_keys(r, n1);
    check_keys(r, n2);
    unwatch(r, h);
}

/* A change made right after NotifyIpInterfaceChange returns, without the
 * initial notification to wait for, must be reported: the registration is
 * complete when the call returns.  Each round starts the watcher anew. */
static void test_change_right_after_register(void **state)
{
    int missed = 0;
    (void)state;
    for (int round = 0; round < 20; round++) {
        struct rec *r = rec_new();
        HANDLE h = NULL;
        assert_int_equal(NotifyIpInterfaceChange(AF_INET, rec_cb, r, FALSE, &h), NO_ERROR);
        ns_keep_handle(r, h);
        set_mtu("va", round % 2 ? 1410 : 1420);
        if (rec_wait(r, MibParameterNotification, AF_INET, va_index, 1, 3000) < 0)
            missed++;
        unwatch(r, h);
    }
    if (missed)
        fail_msg("%d of 20 changes made right after registration were never reported", missed);
}

/* ------------------------------------------------------------ parameters */
static void test_mtu(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    assert_int_equal(ns_sh("ip link set va mtu 1400"), 0);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET6, va_index, 1, NETLINK_MS);
    check_keys(r, va_index);
    unwatch(r, h);
}

static void test_forwarding(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    assert_true(ns_proc_write("1", "/proc/sys/net/ipv4/conf/va/forwarding"));
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 1, PROC_MS);
    assert_true(ns_proc_write("0", "/proc/sys/net/ipv4/conf/va/forwarding"));
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 2, PROC_MS);
    unwatch(r, h);
}

/* The peer going down takes va's carrier: Connected changes. */
static void test_state(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    assert_int_equal(ns_sh("ip link set vb down"), 0);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 1, NETLINK_MS);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET6, va_index, 1, NETLINK_MS);
    assert_int_equal(ns_sh("ip link set vb up"), 0);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 2, NETLINK_MS);
    unwatch(r, h);
}

/* IPv6 settings written to /proc send no rtnetlink message: the sweep
 * must find them within 2 s. */
static void test_proc_only(void **state)
{
    struct rec *r;
    HANDLE h;
    uint32_t dad = 0;
    size_t v4;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    v4 = rec_count(r, MibParameterNotification, AF_INET, va_index);
    write6("va", "mtu", "1300");
    EXPECT_EVENT(r, MibParameterNotification, AF_INET6, va_index, 1, PROC_MS);
    assert_true(ns_proc_u32(&dad, "/proc/sys/net/ipv6/conf/va/dad_transmits"));
    write6("va", "dad_transmits", dad == 4 ? "5" : "4");
    EXPECT_EVENT(r, MibParameterNotification, AF_INET6, va_index, 2, PROC_MS);
    /* Neither concerns the IPv4 row. */
    assert_int_equal(rec_count(r, MibParameterNotification, AF_INET, va_index), v4);
    unwatch(r, h);
}

/* ---------------------------------------------- quiet changes, at once */
/* The back end watches what /proc writes change (src/linux/quiet.c), so a
 * write reaches the callback within QUIET_MS, not at the next comparison
 * of every interface (0.9 s apart before, a rare backstop now).  With the
 * comparison alone, six writes at spread phases would all come that soon
 * about once in 140 runs. */
#define QUIET_MS 400
#define QUIET_WRITES 6
#define BACKSTOP_MS 9000    /* the comparison that remains: 5 s apart, more than one */

static void write_neigh(const char *fam, const char *ifname, const char *knob, uint32_t value)
{
    char v[16];
    snprintf(v, sizeof(v), "%u", value);
    if (!ns_proc_write(v, "/proc/sys/net/%s/neigh/%s/%s", fam, ifname, knob))
        fail_msg("cannot write %s/neigh/%s/%s", fam, ifname, knob);
}

/* Toggles a value of ifname that only /proc holds, for family fam: IPv6
 * dad_transmits, IPv4 base_reachable_time_ms. */
static void quiet_write(ADDRESS_FAMILY fam, const char *ifname)
{
    uint32_t was = 0;
    if (fam == AF_INET6) {
        assert_true(ns_proc_u32(&was, "/proc/sys/net/ipv6/conf/%s/dad_transmits", ifname));
        write6(ifname, "dad_transmits", was == 4 ? "5" : "4");
        return;
    }
    assert_true(ns_proc_u32(&was, "/proc/sys/net/ipv4/neigh/%s/base_reachable_time_ms", ifname));
    write_neigh("ipv4", ifname, "base_reachable_time_ms", was == 40000 ? 41000 : 40000);
}

/* One quiet write and its event, within ms. */
static void expect_quiet(struct rec *r, ADDRESS_FAMILY fam, const char *ifname, unsigned index,
                         long ms)
{
    size_t had = rec_count(r, MibParameterNotification, fam, index);
    quiet_write(fam, ifname);
    EXPECT_EVENT(r, MibParameterNotification, fam, index, had + 1, ms);
}

static void test_proc_quiet(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    ns_sleep_ms(1200); /* the second comparison: from then on the watch covers va */
    for (int i = 0; i < QUIET_WRITES; i++) {
        ns_sleep_ms(100 + (unsigned)(i * 347) % 800); /* another phase each time */
        expect_quiet(r, i % 2 ? AF_INET : AF_INET6, "va", va_index, QUIET_MS);
    }
    unwatch(r, h);
}

/* An interface that comes, or is renamed, is watched from its message on. */
static void test_proc_quiet_new_and_renamed(void **state)
{
    struct rec *r;
    HANDLE h;
    unsigned q;
    (void)state;
    r = rec_new();
    h = watch(r, AF_INET6, TRUE);
    ns_sleep_ms(1200);
    assert_int_equal(ns_sh("ip link add vq type veth peer name vr"), 0);
    q = ns_ifindex("vq");
    assert_true(q != 0);
    EXPECT_EVENT(r, MibAddInstance, AF_INET6, q, 1, NETLINK_MS);
    expect_quiet(r, AF_INET6, "vq", q, QUIET_MS);
    assert_int_equal(ns_sh("ip link set vq name vs"), 0);
    ns_sleep_ms(300); /* the rename's own message, and the row it changes */
    expect_quiet(r, AF_INET6, "vs", q, QUIET_MS);
    expect_quiet(r, AF_INET6, "vs", q, QUIET_MS);
    assert_int_equal(ns_sh("ip link del vs"), 0);
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET6, q, 1, NETLINK_MS);
    unwatch(r, h);
}

/* The system-wide record, rewritten by a Set in another process: this
 * test binary again (main, --set-metric). */
static bool have_private_run;
static char self_path[4096]; /* argv[0]: under valgrind /proc/self/exe is valgrind's */

static int set_metric_main(const char *ifname, const char *metric)
{
    MIB_IPINTERFACE_ROW row;
    NETIO_STATUS st;
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET;
    row.InterfaceIndex = if_nametoindex(ifname);
    if (GetIpInterfaceEntry(&row) != NO_ERROR)
        return 2;
    row.SitePrefixLength = 0; /* Get says 64 on IPv4, Set refuses it, as Windows does */
    row.UseAutomaticMetric = FALSE;
    row.Metric = (ULONG)strtoul(metric, NULL, 10);
    st = SetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        fprintf(stderr, "--set-metric %s %s: SetIpInterfaceEntry %lu\n", ifname, metric,
                (unsigned long)st);
    return st == NO_ERROR ? 0 : 3;
}

static void test_record_quiet(void **state)
{
    struct rec *r;
    HANDLE h;
    size_t had;
    (void)state;
    if (!have_private_run)
        skip();
    r = rec_new();
    h = watch(r, AF_INET, TRUE);
    ns_sleep_ms(1200);
    for (int i = 0; i < 3; i++) {
        ns_sleep_ms(100 + (unsigned)(i * 347) % 800);
        had = rec_count(r, MibParameterNotification, AF_INET, va_index);
        assert_int_equal(ns_sh("'%s' --set-metric va %d", self_path, 40 + i), 0);
        EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, had + 1, QUIET_MS);
    }
    unwatch(r, h);
}

/* What no file write carries (RTM_SETNEIGHTBL, `ip ntable change`), the
 * backstop comparison still finds, within about 5 s. */
static void test_backstop(void **state)
{
    struct rec *r;
    HANDLE h;
    uint32_t was = 0;
    (void)state;
    r = rec_new();
    h = watch(r, AF_INET, TRUE);
    ns_sleep_ms(1200); /* covered: only the backstop compares now */
    assert_true(ns_proc_u32(&was, "/proc/sys/net/ipv4/neigh/va/base_reachable_time_ms"));
    assert_int_equal(ns_sh("ip ntable change name arp_cache dev va base_reachable %u",
                           was == 50000 ? 51000u : 50000u),
                     0);
    EXPECT_EVENT(r, MibParameterNotification, AF_INET, va_index, 1, BACKSTOP_MS);
    unwatch(r, h);
}

/* disable_ipv6 takes the IPv6 row away and gives it back; IPv4 stays. */
static void test_disable_ipv6(void **state)
{
    struct rec *r;
    HANDLE h;
    (void)state;
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    write6("va", "disable_ipv6", "1");
    EXPECT_EVENT(r, MibDeleteInstance, AF_INET6, va_index, 1, PROC_MS);
    write6("va", "disable_ipv6", "0");
    EXPECT_EVENT(r, MibAddInstance, AF_INET6, va_index, 1, PROC_MS);
    ns_sleep_ms(1000);
    assert_int_equal(rec_count(r, MibDeleteInstance, AF_INET, va_index), 0);
    assert_int_equal(rec_count(r, MibAddInstance, AF_INET, va_index), 0);
    assert_int_equal(rec_count(r, MibDeleteInstance, AF_INET6, va_index), 1);
    assert_int_equal(rec_count(r, MibAddInstance, AF_INET6, va_index), 1);
    unwatch(r, h);
}

/* A handle of one family hears nothing of the other. */
static void test_family_filter(void **state)
{
    struct rec *r4, *r6;
    HANDLE h4, h6;
    unsigned n3;
    (void)state;
    r4 = rec_new();
    r6 = rec_new();
    h4 = watch(r4, AF_INET, TRUE);
    h6 = watch(r6, AF_INET6, TRUE);
    write6("va", "mtu", "1280");
    write6("vb", "disable_ipv6", "1");
    assert_int_equal(ns_sh("ip link add n3 type veth peer name n4"), 0);
    n3 = ns_ifindex("n3");
    set_mtu("va", 1450);
    EXPECT_EVENT(r4, MibAddInstance, AF_INET, n3, 1, NETLINK_MS);
    EXPECT_EVENT(r6, MibAddInstance, AF_INET6, n3, 1, NETLINK_MS);
    EXPECT_EVENT(r6, MibDeleteInstance, AF_INET6, vb_index, 1, PROC_MS);
    write6("vb", "disable_ipv6", "0");
    EXPECT_EVENT(r6, MibAddInstance, AF_INET6, vb_index, 1, PROC_MS);
    assert_int_equal(ns_sh("ip link del n3"), 0);
    EXPECT_EVENT(r4, MibDeleteInstance, AF_INET, n3, 1, NETLINK_MS);
    EXPECT_EVENT(r6, MibDeleteInstance, AF_INET6, n3, 1, NETLINK_MS);
    ns_sleep_ms(1000);
    expect_only_family(r4, AF_INET, "AF_INET");
    expect_only_family(r6, AF_INET6, "AF_INET6");
    unwatch(r4, h4);
    unwatch(r6, h6);
}

/* ------------------------------------------------------------- cancel */
static void test_bad_args(void **state)
{
    struct rec *r;
    HANDLE h = NULL;
    (void)state;
    r = rec_new();
    assert_int_equal(CancelMibChangeNotify2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(CancelMibChangeNotify2((HANDLE)(uintptr_t)0x7fff1234), ERROR_INVALID_PARAMETER);
    assert_int_equal(NotifyIpInterfaceChange(AF_UNIX, rec_cb, r, FALSE, &h),
                     ERROR_INVALID_PARAMETER);
    /* Windows' AF_INET6 is not Linux's. */
    assert_int_equal(NotifyIpInterfaceChange(23, rec_cb, r, FALSE, &h), ERROR_INVALID_PARAMETER);
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, NULL, r, FALSE, &h),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, rec_cb, r, FALSE, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_null(h);
    h = watch(r, AF_UNSPEC, FALSE);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    assert_int_equal(CancelMibChangeNotify2(h), ERROR_INVALID_PARAMETER);
    rec_free(r);
}

/* A callback that cancels its own handle: Cancel returns (no deadlock),
 * and no callback of that handle follows. */
struct self_cancel {
    HANDLE h;
    atomic_uint calls;
    atomic_uint status;
};

static VOID NETIOAPI_API_ self_cancel_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                         MIB_NOTIFICATION_TYPE type)
{
    struct self_cancel *s = ctx;
    (void)row;
    (void)type;
    if (atomic_fetch_add(&s->calls, 1) == 0)
        atomic_store(&s->status, CancelMibChangeNotify2(s->h));
}

/* Registers s and waits until its first callback has cancelled it. */
static void self_cancel_start(struct self_cancel *s)
{
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, self_cancel_cb, s, TRUE, &s->h),
                     NO_ERROR);
    for (int i = 0; i < 250 && atomic_load(&s->status) == 999; i++)
        ns_sleep_ms(20);
    assert_int_equal(atomic_load(&s->status), NO_ERROR);
}

static void test_callback_cancels_itself(void **state)
{
    struct self_cancel s = {NULL, 0, 999};
    struct rec *other;
    HANDLE ho;
    (void)state;
    other = rec_new();
    ho = watch(other, AF_UNSPEC, TRUE); /* the watcher lives on */
    self_cancel_start(&s);
    set_mtu("va", 1440);
    EXPECT_EVENT(other, MibParameterNotification, AF_INET, va_index, 1, NETLINK_MS);
    ns_sleep_ms(300);
    assert_int_equal(atomic_load(&s.calls), 1);
    assert_int_equal(CancelMibChangeNotify2(s.h), ERROR_INVALID_PARAMETER);
    unwatch(other, ho);

    /* The same when it is the last handle: the watcher stops itself. */
    atomic_store(&s.calls, 0);
    atomic_store(&s.status, 999);
    self_cancel_start(&s);
    set_mtu("va", 1430);
    ns_sleep_ms(300);
    assert_int_equal(atomic_load(&s.calls), 1);
}

/* A callback that calls GetIpInterfaceEntry for the row it is given, and
 * registers a second handle from inside. */
struct api_cb {
    struct rec *second;
    HANDLE h2;
    atomic_uint gets, get_failures, notify_status;
};

static VOID NETIOAPI_API_ api_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    struct api_cb *a = ctx;
    if (row != NULL && type != MibDeleteInstance) {
        MIB_IPINTERFACE_ROW q;
        DWORD st;
        InitializeIpInterfaceEntry(&q);
        q.Family = row->Family;
        q.InterfaceLuid = row->InterfaceLuid;
        st = GetIpInterfaceEntry(&q);
        atomic_fetch_add(&a->gets, 1);
        /* NOT_FOUND: it went again meanwhile. */
        if (st != NO_ERROR && st != ERROR_NOT_FOUND)
            atomic_fetch_add(&a->get_failures, 1);
    }
    if (atomic_load(&a->notify_status) == 999)
        atomic_store(&a->notify_status,
                     NotifyIpInterfaceChange(AF_UNSPEC, rec_cb, a->second, TRUE, &a->h2));
}

static void test_callback_calls_api(void **state)
{
    static struct api_cb a; /* not on the stack: a failed test's handle outlives it */
    HANDLE h = NULL;
    (void)state;
    memset(&a, 0, sizeof(a));
    a.second = rec_new();
    atomic_store(&a.notify_status, 999);
    assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, api_cb, &a, FALSE, &h), NO_ERROR);
    ns_keep(&a, NULL);
    ns_keep_handle(&a, h);
    ns_sleep_ms(200);
    set_mtu("va", 1420);
    EXPECT_EVENT(a.second, MibInitialNotification, 0, 0, 1, NETLINK_MS);
    assert_int_equal(atomic_load(&a.notify_status), NO_ERROR);
    ns_keep_handle(a.second, a.h2);
    set_mtu("va", 1400);
    EXPECT_EVENT(a.second, MibParameterNotification, AF_INET, va_index, 1, NETLINK_MS);
    assert_true(atomic_load(&a.gets) >= 1);
    assert_int_equal(atomic_load(&a.get_failures), 0);
    ns_forget(&a);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    unwatch(a.second, a.h2);
}

/* Handles registered and cancelled while events flow: once Cancel has
 * returned, that handle's callback never runs again. */
struct counted {
    atomic_uint calls;
    atomic_bool cancelled;
    atomic_uint late;
};

static VOID NETIOAPI_API_ counted_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                     MIB_NOTIFICATION_TYPE type)
{
    struct counted *c = ctx;
    (void)row;
    (void)type;
    if (atomic_load(&c->cancelled))
        atomic_fetch_add(&c->late, 1);
    atomic_fetch_add(&c->calls, 1);
}

static atomic_bool churn_stop;

/* Link events without pause: MTU changes and a veth pair made and
 * removed. */
static void *churn(void *arg)
{
    (void)arg;
    for (unsigned i = 0; !atomic_load(&churn_stop); i++) {
        set_mtu("va", 1400 + i % 50);
        if (i % 20 == 0)
            ns_sh("ip link add z0 type veth peer name z1 && ip link del z0");
        ns_sleep_ms(1);
    }
    return NULL;
}

static void test_cancel_while_flowing(void **state)
{
    static struct counted slot[CANCEL_ROUNDS];
    unsigned after[CANCEL_ROUNDS];
    unsigned long total = 0;
    pthread_t tid;
    (void)state;
    memset(slot, 0, sizeof(slot));
    atomic_store(&churn_stop, false);
    assert_int_equal(pthread_create(&tid, NULL, churn, NULL), 0);
    for (int i = 0; i < CANCEL_ROUNDS; i++) {
        HANDLE h = NULL;
        assert_int_equal(NotifyIpInterfaceChange(AF_UNSPEC, counted_cb, &slot[i], i % 2, &h),
                         NO_ERROR);
        ns_sleep_ms(i % 7);
        assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
        atomic_store(&slot[i].cancelled, true);
        after[i] = atomic_load(&slot[i].calls);
    }
    ns_sleep_ms(1000); /* events still flow */
    atomic_store(&churn_stop, true);
    pthread_join(tid, NULL);
    for (int i = 0; i < CANCEL_ROUNDS; i++) {
        total += after[i];
        if (atomic_load(&slot[i].calls) != after[i] || atomic_load(&slot[i].late) != 0)
            fail_msg("handle %d: %u callbacks when Cancel returned, %u now (%u late)", i,
                     after[i], atomic_load(&slot[i].calls), atomic_load(&slot[i].late));
    }
    print_message("  %d handles, %lu callbacks before their Cancel\n", CANCEL_ROUNDS, total);
    assert_true(total > 0);
}

/* ---------------------------------------------------------- many handles */
struct cost {
    int threads, sockets, subscribed;
};

/* Threads of this process, its socket descriptors, and how many of those
 * are rtnetlink sockets with multicast groups (subscriptions), from
 * /proc/self/net/netlink. */
static struct cost cost_now(void)
{
    struct cost c = {0, 0, 0};
    unsigned long inodes[256];
    int ninodes = 0;
    struct dirent *e;
    char line[512];
    DIR *d = opendir("/proc/self/task");
    FILE *f;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        c.threads += e->d_name[0] != '.';
    closedir(d);
    d = opendir("/proc/self/fd");
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char path[300], target[64];
        ssize_t n;
        snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
        n = readlink(path, target, sizeof(target) - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strncmp(target, "socket:[", 8) == 0) {
            c.sockets++;
            if (ninodes < 256)
                inodes[ninodes++] = strtoul(target + 8, NULL, 10);
        }
    }
    closedir(d);
    f = fopen("/proc/self/net/netlink", "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL) {
        unsigned long sk, groups, inode, x;
        int proto;
        unsigned long pid;
        /* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
        if (sscanf(line, "%lx %d %lu %lx %lu %lu %lu %lu %lu %lu", &sk, &proto, &pid, &groups,
                   &x, &x, &x, &x, &x, &inode) != 10 || proto != 0 || groups == 0)
            continue;
        for (int i = 0; i < ninodes; i++)
            c.subscribed += inodes[i] == inode;
    }
    fclose(f);
    return c;
}

/* cost_now() once the watcher thread is done starting: it opens one
 * socket more (generic netlink, for the speeds) at its first comparison,
 * which it makes on its own soon after the registration returns.  Two
 * readings 200 ms apart that agree, within 5 s. */
static struct cost cost_settled(void)
{
    struct cost a = cost_now(), b;
    for (int i = 0; i < 25; i++) {
        usleep(200 * 1000);
        b = cost_now();
        if (b.threads == a.threads && b.sockets == a.sockets && b.subscribed == a.subscribed)
            break;
        a = b;
    }
    return a;
}

static void test_many_handles(void **state)
{
    struct rec *recs[MANY_HANDLES];
    HANDLE h[MANY_HANDLES];
    struct cost base, one, many, end;
    (void)state;
    base = cost_now();
    for (int i = 0; i < MANY_HANDLES; i++) {
        recs[i] = rec_new();
        h[i] = watch(recs[i], i % 3 == 0 ? AF_INET : AF_UNSPEC, i == 0);
        if (i == 0)
            one = cost_settled();
    }
    many = cost_now();
    print_message("  threads %d -> %d -> %d, sockets %d -> %d -> %d, subscriptions %d -> %d "
                  "-> %d (none, 1 handle, %d handles)\n",
                  base.threads, one.threads, many.threads, base.sockets, one.sockets,
                  many.sockets, base.subscribed, one.subscribed, many.subscribed, MANY_HANDLES);
    assert_int_equal(one.threads, base.threads + 1);
    assert_int_equal(one.subscribed, base.subscribed + 1);
    assert_int_equal(many.threads, one.threads);
    assert_int_equal(many.sockets, one.sockets);
    assert_int_equal(many.subscribed, one.subscribed);
    /* Every one of them hears a change. */
    set_mtu("va", 1460);
    for (int i = 0; i < MANY_HANDLES; i++)
        if (rec_wait(recs[i], MibParameterNotification, AF_INET, va_index, 1, NETLINK_MS) < 0)
            fail_msg("handle %d heard nothing", i);
    for (int i = 0; i < MANY_HANDLES; i++)
        unwatch(recs[i], h[i]);
    end = cost_now();
    assert_int_equal(end.threads, base.threads);
    assert_int_equal(end.subscribed, base.subscribed);
}

/* ---------------------------------------------------------------- burst */
/* Add events so far per family (0 IPv4, 1 IPv6) and index up to maxidx. */
static void count_adds(struct rec *r, uint16_t *adds[2], unsigned maxidx)
{
    memset(adds[0], 0, (maxidx + 1) * sizeof(uint16_t));
    memset(adds[1], 0, (maxidx + 1) * sizeof(uint16_t));
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].type == MibAddInstance && r->v[i].index <= maxidx)
            adds[r->v[i].family == AF_INET6][r->v[i].index]++;
    pthread_mutex_unlock(&r->lock);
}

/* 2500 veth pairs at once overflow the subscription; every new interface
 * must still be reported as Add once per family, and never twice. */
static void test_burst(void **state)
{
    struct rec *r;
    HANDLE h;
    char path[] = "/tmp/nio-burst-XXXXXX";
    unsigned *idx = NULL, maxidx = 0;
    size_t n = 0;
    uint16_t *adds[2] = {NULL, NULL};
    char *out, *line;
    uint64_t start;
    bool done = false;
    long took = -1;
    int fd;
    FILE *f;
    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    for (int i = 0; i < BURST_PAIRS; i++)
        fprintf(f, "link add b%d type veth peer name c%d\n", i, i);
    fclose(f);
    r = rec_new();
    h = watch(r, AF_UNSPEC, TRUE);
    start = ns_now_ns();
    assert_int_equal(ns_sh("ip -batch %s", path), 0);
    unlink(path);
    print_message("  ip -batch: %.1f s\n", (double)(ns_now_ns() - start) / 1e9);
    out = ns_sh_out("ip -o link show");
    assert_non_null(out);
    idx = calloc(2 * BURST_PAIRS, sizeof(*idx));
    for (line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        unsigned i;
        char name[32];
        if (sscanf(line, "%u: %31[^:@]", &i, name) == 2 && (name[0] == 'b' || name[0] == 'c') &&
            name[1] >= '0' && name[1] <= '9' && n < 2 * BURST_PAIRS) {
            idx[n++] = i;
            if (i > maxidx)
                maxidx = i;
        }
    }
    free(out);
    assert_int_equal(n, 2 * BURST_PAIRS);
    adds[0] = calloc(maxidx + 1, sizeof(uint16_t));
    adds[1] = calloc(maxidx + 1, sizeof(uint16_t));
    while (!done && ns_now_ns() - start < (uint64_t)BURST_MS * 1000000u) {
        size_t missing = 0;
        count_adds(r, adds, maxidx);
        for (size_t i = 0; i < n; i++)
            missing += !adds[0][idx[i]] + !adds[1][idx[i]];
        done = missing == 0;
        if (done)
            took = (long)((ns_now_ns() - start) / 1000000u);
        else
            ns_sleep_ms(200);
    }
    ns_sleep_ms(1000); /* a late duplicate would show now */
    count_adds(r, adds, maxidx);
    print_message("  %zu callbacks; every Add within %ld ms of the batch's start\n",
                  rec_total(r), took);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    for (size_t i = 0; i < n; i++)
        for (int fam = 0; fam < 2; fam++)
            if (adds[fam][idx[i]] != 1)
                fail_msg("index %u: %u Add for %s", idx[i], adds[fam][idx[i]],
                         fam ? "AF_INET6" : "AF_INET");
    assert_true(done);
    free(adds[0]);
    free(adds[1]);
    free(idx);
    rec_free(r);
}

/* ------------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "test-kernel-notify: the namespace is not fresh; refusing to touch it\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    /* Carrier and link-local addresses come late: no test's news. */
    if (!ns_settle(10000, "va", "vb", NULL))
        return -1;
    va_index = ns_ifindex("va");
    vb_index = ns_ifindex("vb");
    return va_index && vb_index ? 0 : -1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_initial, ns_teardown),
        cmocka_unit_test_teardown(test_add_delete, ns_teardown),
        cmocka_unit_test_teardown(test_change_right_after_register, ns_teardown),
        cmocka_unit_test_teardown(test_mtu, ns_teardown),
        cmocka_unit_test_teardown(test_forwarding, ns_teardown),
        cmocka_unit_test_teardown(test_state, ns_teardown),
        cmocka_unit_test_teardown(test_proc_only, ns_teardown),
        cmocka_unit_test_teardown(test_proc_quiet, ns_teardown),
        cmocka_unit_test_teardown(test_proc_quiet_new_and_renamed, ns_teardown),
        cmocka_unit_test_teardown(test_record_quiet, ns_teardown),
        cmocka_unit_test_teardown(test_backstop, ns_teardown),
        cmocka_unit_test_teardown(test_disable_ipv6, ns_teardown),
        cmocka_unit_test_teardown(test_family_filter, ns_teardown),
        cmocka_unit_test_teardown(test_bad_args, ns_teardown),
        cmocka_unit_test_teardown(test_callback_cancels_itself, ns_teardown),
        cmocka_unit_test_teardown(test_callback_calls_api, ns_teardown),
        cmocka_unit_test_teardown(test_cancel_while_flowing, ns_teardown),
        cmocka_unit_test_teardown(test_many_handles, ns_teardown),
        cmocka_unit_test_teardown(test_burst, ns_teardown),
    };
    const char *why;
    if (argc == 4 && strcmp(argv[1], "--set-metric") == 0)
        return set_metric_main(argv[2], argv[3]); /* test_record_quiet's other process */
    why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-notify", why);
    why = ns_private_run();
    have_private_run = why == NULL && realpath(argv[0], self_path) != NULL;
    if (why != NULL)
        fprintf(stderr, "test-kernel-notify: no private /run (%s): the record test skips\n", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-notify", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-notify", tests, fixture_setup, NULL);
}
