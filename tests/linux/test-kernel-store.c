/* test-kernel-store.c - the system-wide record (src/linux/store.c,
 * src/ipif-store.c) and what SetIpInterfaceEntry does with it in the
 * kernel (src/ipif-set.c), with two processes: one sets, the other reads
 * GetIpInterfaceEntry and asks `ip route get`; the kernel's view is the
 * judge.
 *
 * The fixture, in a network namespace and a private /run of its own:
 *   phys0  veth (peer phys0p), 198.18.10.2/24, default via 198.18.10.1 metric 100,
 *          fd00:10::2/64, IPv6 default via fd00:10::1 metric 100
 *   tun0   veth (peer tun0p), 198.18.20.2/24, default via 198.18.20.1 metric 50,
 *          198.19.64.0/18 via 198.18.20.1 metric 10 (a split tunnel)
 * all proto static but tun0's default (proto boot, as `ip route add` makes
 * it).  Without root it skips and says why.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core.h"
#include "ns-util.h"
#include "store-util.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* ------------------------------------------------------------ helpers */
/* The questions of the namespace's record directory (store.c asks them by
 * lstat(), which the library calls through the PLT: this definition is
 * the one it gets). */
static unsigned dir_asks;

int lstat(const char *path, struct stat *st)
{
    if (strstr(path, "/netioapi-compat/ns-") != NULL)
        __atomic_add_fetch(&dir_asks, 1, __ATOMIC_RELAXED);
    return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* fn(arg) in a child process: its exit status (0: fn returned 0). */
static int in_child(int (*fn)(void *), void *arg)
{
    int status = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(arg) & 0x7F);
    assert_true(pid > 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct set_args {
    const char *ifname;
    ADDRESS_FAMILY family;
    int metric;         /* -1: automatic, -2: unchanged */
    int ddr;            /* -1: unchanged */
};

static int child_set(void *p)
{
    const struct set_args *a = p;
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = a->family;
    row.InterfaceIndex = ns_ifindex(a->ifname);
    if (a->metric != -2)
        row.UseAutomaticMetric = a->metric == -1;
    if (a->metric >= 0)
        row.Metric = (ULONG)a->metric;
    if (a->ddr >= 0)
        row.DisableDefaultRoutes = (BOOLEAN)a->ddr;
    return (int)SetIpInterfaceEntry(&row);
}

/* A Set from another process: its Win32 code. */
static int set_from_child(const char *ifname, ADDRESS_FAMILY family, int metric, int ddr)
{
    struct set_args a = {ifname, family, metric, ddr};
    return in_child(child_set, &a);
}

static void get_row(const char *ifname, ADDRESS_FAMILY family, MIB_IPINTERFACE_ROW *row)
{
    InitializeIpInterfaceEntry(row);
    row->Family = family;
    row->InterfaceIndex = ns_ifindex(ifname);
    assert_int_equal(GetIpInterfaceEntry(row), 0);
}

/* The device `ip route get` names for dst ("" when unreachable). */
static void route_dev(const char *dst, char *dev, size_t cap)
{
    char *out = ns_sh_out("ip route get %s 2>/dev/null", dst), *p;
    dev[0] = '\0';
    if (out != NULL && (p = strstr(out, " dev ")) != NULL)
        sscanf(p + 5, "%31s", dev);
    (void)cap;
    free(out);
}

static void assert_route_dev(const char *dst, const char *want)
{
    char dev[32];
    route_dev(dst, dev, sizeof(dev));
    if (strcmp(dev, want) != 0)
        fail_msg("ip route get %s: dev \"%s\", want \"%s\"", dst, dev, want);
}

/* The metric of the one route `ip <args>` lists (-1: none). */
static long route_metric(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long route_metric(const char *fmt, ...)
{
    char sel[160], *out, *p;
    long m = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sel, sizeof(sel), fmt, ap);
    va_end(ap);
    out = ns_sh_out("ip %s", sel);
    if (out != NULL && out[0] != '\0')
        m = (p = strstr(out, " metric ")) != NULL ? strtol(p + 8, NULL, 10) : 0;
    free(out);
    return m;
}

/* The interface metric the metric model adds for ifname now: the
 * automatic one while nothing is recorded (route-row.c decides). */
static long carried(const char *ifname, int slot)
{
    NET_LUID luid;
    assert_int_equal(ConvertInterfaceIndexToLuid(ns_ifindex(ifname), &luid), 0);
    return (long)nio_if_metric(luid.Value, slot);
}

/* Every route but those the kernel makes for IPv6 link-local and multicast
 * addresses on its own, which appear when a new link's link-local address
 * is ready (a second or more on a loaded machine, maybe between two
 * listings). */
static char *routes_all(void)
{
    return ns_sh_out("ip -4 route show table all | sort; ip -6 route show table all | "
                     "grep -v -e 'fe80::' -e 'ff00::' | sort");
}

/* --------------------------------------------------------- the fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh())
        return -1;
    return ns_sh("ip link set lo up && "
                 "ip link add phys0 type veth peer name phys0p && ip link set phys0p up && "
                 "ip link set phys0 up && "
                 "ip addr add 198.18.10.2/24 dev phys0 && "
                 "ip -6 addr add fd00:10::2/64 dev phys0 nodad && "
                 "ip route add default via 198.18.10.1 dev phys0 metric 100 proto static && "
                 "ip -6 route add default via fd00:10::1 dev phys0 metric 100 proto static && "
                 "ip link add tun0 type veth peer name tun0p && ip link set tun0p up && "
                 "ip link set tun0 up && "
                 "ip addr add 198.18.20.2/24 dev tun0 && "
                 "ip route add default via 198.18.20.1 dev tun0 metric 50 && "
                 "ip route add 198.19.64.0/18 via 198.18.20.1 dev tun0 metric 10 proto static");
}

/* ---------------------------------------------------------- the tests */
/* One process sets the tunnel's metric; another reads it back and the
 * kernel's routes are ordered by it. */
static void test_metric(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    long base = carried("tun0", NIO_V4);
    assert_route_dev("198.19.200.1", "tun0"); /* its default, metric 50 */
    assert_int_equal(set_from_child("tun0", AF_INET, 200, -1), 0);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, FALSE);
    assert_int_equal(row.Metric, 200);
    assert_int_equal(route_metric("route show default dev tun0"), 50 - base + 200);
    assert_int_equal(route_metric("route show 198.19.64.0/18"), 10 - base + 200);
    assert_route_dev("198.19.200.1", "phys0"); /* 100 now beats it */
    assert_route_dev("198.19.64.1", "tun0");   /* more specific still wins */
    /* The kernel's own prefix route keeps its priority. */
    assert_int_equal(route_metric("route show 198.18.20.0/24 proto kernel"), 0);
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
    assert_route_dev("198.19.200.1", "tun0");
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
}

/* DisableDefaultRoutes TRUE from one process: another's traffic no longer
 * leaves through the interface's default route; FALSE: exactly what was
 * there. */
static void test_ddr(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    uint32_t ra;
    char *before = routes_all(), *after;
    assert_non_null(before);
    assert_int_equal(route_metric("-6 route show default"), 100);
    assert_int_equal(set_from_child("tun0", AF_INET, -2, TRUE), 0);
    assert_route_dev("198.19.200.1", "phys0");
    assert_route_dev("198.19.64.1", "tun0");
    assert_int_equal(route_metric("route show default dev tun0"), -1);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.DisableDefaultRoutes, TRUE);
    /* IPv6 on phys0: the default goes, router advertisements may not
     * bring one back. */
    assert_int_equal(set_from_child("phys0", AF_INET6, -2, TRUE), 0);
    assert_true(ns_proc_u32(&ra, "/proc/sys/net/ipv6/conf/phys0/accept_ra_defrtr"));
    assert_int_equal(ra, 0);
    assert_int_equal(route_metric("-6 route show default"), -1);
    assert_int_equal(set_from_child("phys0", AF_INET6, -2, FALSE), 0);
    assert_true(ns_proc_u32(&ra, "/proc/sys/net/ipv6/conf/phys0/accept_ra_defrtr"));
    assert_int_equal(ra, 1);
    assert_int_equal(route_metric("-6 route show default"), 100);
    assert_int_equal(set_from_child("tun0", AF_INET, -2, FALSE), 0);
    assert_route_dev("198.19.200.1", "tun0");
    after = routes_all();
    assert_non_null(after);
    assert_string_equal(after, before);
    free(before);
    free(after);
}

/* A default route added later by another program is not prevented (the
 * documented limit); the library's own Create refuses one. */
static void test_ddr_later_route(void **state)
{
    (void)state;
    assert_int_equal(set_from_child("tun0", AF_INET, -2, TRUE), 0);
    assert_int_equal(ns_sh("ip route add default via 198.18.20.1 dev tun0 metric 60"), 0);
    assert_route_dev("198.19.200.1", "tun0"); /* the kernel uses it: the limit */
    assert_int_equal(ns_sh("ip route del default via 198.18.20.1 dev tun0 metric 60"), 0);
    assert_int_equal(set_from_child("tun0", AF_INET, -2, FALSE), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
}

/* Nothing of the record survives the interface: a new one with the same
 * name and index inherits nothing. */
static void test_deleted_interface(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    unsigned index;
    assert_int_equal(ns_sh("ip link add gone0 type veth peer name gone0p && ip link set gone0 up"), 0);
    index = ns_ifindex("gone0");
    assert_int_equal(set_from_child("gone0", AF_INET, 33, TRUE), 0);
    get_row("gone0", AF_INET, &row);
    assert_int_equal(row.Metric, 33);
    assert_int_equal(row.DisableDefaultRoutes, TRUE);
    assert_int_equal(ns_sh("ip link del gone0"), 0);
    assert_int_equal(ns_sh("ip link add gone0 index %u type veth peer name gone0p", index), 0);
    assert_int_equal(ns_ifindex("gone0"), index);
    get_row("gone0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.DisableDefaultRoutes, FALSE);
    assert_int_equal(ns_sh("ip link del gone0"), 0);
}

/* ------------------------------------------------- forged records */
static void record_path(char *buf, size_t cap, const char *ifname, int v)
{
    uint64_t cookie = 0;
    socklen_t len = sizeof(cookie);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len), 0);
    close(fd);
    snprintf(buf, cap, "/run/netioapi-compat/ns-c%" PRIu64 "/if%u-v%d", cookie,
             ns_ifindex(ifname), v);
}

static int child_forge(void *p)
{
    const char *path = p;
    int fd;
    if (setgid(65534) != 0 || setuid(65534) != 0)
        return 1;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0)
        return 2; /* nobody could write a record */
    return errno == EACCES ? 0 : 3;
}

/* Only root writes records: nobody cannot create one, and a record owned
 * by nobody or writable by its group is ignored. */
static void test_forged(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    char path[160];
    char *bytes;
    size_t len;
    FILE *f;
    assert_int_equal(set_from_child("tun0", AF_INET, 77, -1), 0);
    record_path(path, sizeof(path), "tun0", 4);
    f = fopen(path, "rb");
    assert_non_null(f);
    bytes = malloc(1 << 20);
    len = fread(bytes, 1, 1 << 20, f);
    fclose(f);
    assert_true(len > 0);
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(access(path, F_OK), -1); /* nothing left to record */
    assert_int_equal(in_child(child_forge, path), 0);
    /* The same bytes, as nobody would own them. */
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    assert_int_equal(chown(path, 65534, 65534), 0);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(chown(path, 0, 0), 0);
    assert_int_equal(chmod(path, 0664), 0);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    /* Root's, 0644: the bytes were a real record all along. */
    assert_int_equal(chmod(path, 0644), 0);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, FALSE);
    assert_int_equal(row.Metric, 77);
    free(bytes);
    /* The copy moved no route: it goes the way it came. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
}

/* ----------------------------------------------------- a crash mid-Set */
static int hook_fd = -1, hook_at = -1;

static void kill_hook(int step)
{
    if (step != hook_at)
        return;
    (void)!write(hook_fd, "x", 1);
    pause(); /* until SIGKILL */
}

static int child_set_hooked(void *p)
{
    nio_set_test_hook = kill_hook;
    return child_set(p);
}

/* A Set killed at step `at`: the record says the new state at once
 * (another process reads it), and the next Set, from any process, leaves
 * the kernel in it. */
static void crash_at(int at)
{
    struct set_args a = {"tun0", AF_INET, 300, -1};
    MIB_IPINTERFACE_ROW row;
    long base = carried("tun0", NIO_V4);
    int fds[2], status;
    char c;
    pid_t pid;
    assert_int_equal(pipe(fds), 0);
    hook_fd = fds[1];
    hook_at = at;
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(child_set_hooked(&a));
    }
    /* Only the child writes: a child that ends before the step is EOF
     * here (a failure), not a wait forever. */
    close(fds[1]);
    if (read(fds[0], &c, 1) != 1) {
        assert_int_equal(waitpid(pid, &status, 0), pid);
        fail_msg("the Set ended before step %d (status 0x%x)", at, (unsigned)status);
    }
    kill(pid, SIGKILL);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    close(fds[0]);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.UseAutomaticMetric, FALSE);
    assert_int_equal(row.Metric, 300);
    /* Any Set of the interface finishes the journal first. */
    assert_int_equal(set_from_child("tun0", AF_INET, -2, -1), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50 - base + 300);
    assert_int_equal(route_metric("route show 198.19.64.0/18"), 10 - base + 300);
    get_row("tun0", AF_INET, &row);
    assert_int_equal(row.Metric, 300);
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
    assert_int_equal(route_metric("route show 198.19.64.0/18"), 10);
}

static void test_crash_before_changes(void **state)
{
    (void)state;
    crash_at(0); /* journal written, nothing of the kernel changed */
}

static void test_crash_half_way(void **state)
{
    (void)state;
    crash_at(2); /* one of the two routes moved */
}

/* Two processes setting the same interface at once end with one state:
 * the routes carry the metric the record says. */
static void test_two_setters(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    long base = carried("tun0", NIO_V4);
    for (int round = 0; round < 20; round++) {
        pid_t a = fork(), b;
        struct set_args sa = {"tun0", AF_INET, 30, -1}, sb = {"tun0", AF_INET, 60, -1};
        int st;
        if (a == 0)
            _exit(child_set(&sa));
        b = fork();
        if (b == 0)
            _exit(child_set(&sb));
        assert_int_equal(waitpid(a, &st, 0), a);
        assert_int_equal(st, 0);
        assert_int_equal(waitpid(b, &st, 0), b);
        assert_int_equal(st, 0);
        get_row("tun0", AF_INET, &row);
        assert_true(row.Metric == 30 || row.Metric == 60);
        assert_int_equal(route_metric("route show default dev tun0"), 50 - base + (long)row.Metric);
        assert_int_equal(route_metric("route show 198.19.64.0/18"), 10 - base + (long)row.Metric);
    }
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
}

/* ------------------------------------------------ a table's one view */
static const MIB_IPINTERFACE_ROW *table_row(const MIB_IPINTERFACE_TABLE *t, ADDRESS_FAMILY f,
                                            const char *ifname)
{
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (t->Table[i].Family == f && t->Table[i].InterfaceIndex == ns_ifindex(ifname))
            return &t->Table[i];
    fail_msg("no row of %s", ifname);
    return NULL;
}

static bool listed(const struct nio_store_entry *v, size_t n, const char *ifname, int slot)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].ifindex == ns_ifindex(ifname))
            return (v[i].slots & (1u << slot)) != 0;
    return false;
}

/* The directory listing names exactly the records (not a put's temporary,
 * not the lock), and a table read through it reports what Get reports:
 * the record where there is one, the automatic metric elsewhere. */
static void test_table_view(void **state)
{
    (void)state;
    MIB_IPINTERFACE_TABLE *t = NULL;
    MIB_IPINTERFACE_ROW one;
    struct nio_store_entry *v = NULL;
    char path[160], tmp[180];
    size_t n = 0;
    int fd;
    assert_int_equal(set_from_child("tun0", AF_INET, 200, -1), 0);
    record_path(path, sizeof(path), "phys0", 6);
    snprintf(tmp, sizeof(tmp), "%s.Xq3b9Z", path); /* a put that died half way */
    assert_true((fd = open(tmp, O_CREAT | O_WRONLY, 0644)) >= 0);
    close(fd);
    assert_int_equal(nio_os_store_list(&v, &n), 0);
    assert_true(listed(v, n, "tun0", NIO_V4));
    assert_false(listed(v, n, "tun0", NIO_V6));
    assert_false(listed(v, n, "phys0", NIO_V6));
    nio_free(v);
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
    assert_int_equal(table_row(t, AF_INET, "tun0")->UseAutomaticMetric, FALSE);
    assert_int_equal(table_row(t, AF_INET, "tun0")->Metric, 200);
    get_row("phys0", AF_INET6, &one);
    assert_int_equal(table_row(t, AF_INET6, "phys0")->UseAutomaticMetric, TRUE);
    assert_int_equal(table_row(t, AF_INET6, "phys0")->Metric, one.Metric);
    get_row("tun0", AF_INET6, &one);
    assert_int_equal(table_row(t, AF_INET6, "tun0")->Metric, one.Metric);
    assert_int_equal(one.Metric, 5); /* a veth says 10 Gb/s: Windows' 5 */
    FreeMibTable(t);
    assert_int_equal(unlink(tmp), 0);
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(route_metric("route show default dev tun0"), 50);
}

/* A Create by index alone asks, within its look, whether the interface has
 * a record, and the answer "no record was ever made in this namespace" is
 * kept by a watch of where the directory would be made
 * (src/linux/store-watch.c).  Each change below comes between two Creates
 * and must be seen by the second, in the route's kernel metric (5, plus
 * the manual 200 where the record is seen): the directory made by another
 * process's Set; that record moved away (rename) and back; a bind mount
 * on /run that shows a copy of it while the directory the watch was armed
 * on is left untouched (seen only through the mount table). */
static long create_metric(const char *prefix)
{
    MIB_IPFORWARD_ROW2 r = ns_route_row(prefix, NULL, ns_ifindex("tun0"));
    long m;
    r.Metric = 5;
    assert_int_equal(CreateIpForwardEntry2(&r), 0);
    m = route_metric("route show %s", prefix);
    assert_int_equal(DeleteIpForwardEntry2(&r), 0);
    return m;
}

/* The same in a forked child, twice, without cmocka's asserts: 0 when
 * each Create got the metric *want. */
static int child_metric(void *arg)
{
    const long *want = arg;
    for (int i = 0; i < 2; i++) {
        MIB_IPFORWARD_ROW2 r = ns_route_row("198.19.31.0/24", NULL, ns_ifindex("tun0"));
        long m;
        r.Metric = 5;
        if (CreateIpForwardEntry2(&r) != 0)
            return 1;
        m = route_metric("route show 198.19.31.0/24");
        if (DeleteIpForwardEntry2(&r) != 0)
            return 2;
        if (m != *want)
            return 3;
    }
    return 0;
}

static void test_create_sees_record(void **state)
{
    unsigned asks;
    (void)state;
    assert_int_equal(ns_sh("rm -rf /run/netioapi-compat /tmp/nio-run-copy"), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    asks = __atomic_load_n(&dir_asks, __ATOMIC_RELAXED);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    /* Asked of the watch alone: no lstat. */
    assert_int_equal(__atomic_load_n(&dir_asks, __ATOMIC_RELAXED), asks);
    assert_int_equal(set_from_child("tun0", AF_INET, 200, -1), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 205);
    assert_int_equal(ns_sh("mv /run/netioapi-compat /run/nio-away"), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(ns_sh("mv /run/nio-away /run/netioapi-compat"), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 205);
    /* A copy of /run as it is now, the record taken out of /run itself. */
    assert_int_equal(ns_sh("mkdir -m 0755 /tmp/nio-run-copy &&"
                           " cp -a /run/netioapi-compat /tmp/nio-run-copy/ &&"
                           " mv /run/netioapi-compat /run/nio-away"),
                     0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    /* By the system call: mount(8) would write /run/mount/utab, an event
     * the watch sees by itself. */
    /* A child forked before this process looked again must not take its
     * parent's news of the mount: it arms its own watch. */
    assert_int_equal(mount("/tmp/nio-run-copy", "/run", "none", MS_BIND, NULL), 0);
    long want = 205;
    assert_int_equal(in_child(child_metric, &want), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 205);
    assert_int_equal(umount2("/run", 0), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(ns_sh("mv /run/nio-away /run/netioapi-compat && rm -rf /tmp/nio-run-copy"),
                     0);
    assert_int_equal(create_metric("198.19.30.0/24"), 205);
    /* A directory renamed over the (empty) root while something holds the
     * old root open: the old one gets IN_ATTRIB only. */
    assert_int_equal(ns_sh("cp -a /run/netioapi-compat /run/nio-stage &&"
                           " rm -rf /run/netioapi-compat/ns-* &&"
                           " touch /run/netioapi-compat/x && rm /run/netioapi-compat/x"),
                     0);
    int held = open("/run/netioapi-compat", O_RDONLY | O_DIRECTORY);
    assert_true(held >= 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
    assert_int_equal(ns_sh("mv -T /run/nio-stage /run/netioapi-compat"), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 205);
    close(held);
    assert_int_equal(set_from_child("tun0", AF_INET, -1, -1), 0);
    assert_int_equal(create_metric("198.19.30.0/24"), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metric),
        cmocka_unit_test(test_ddr),
        cmocka_unit_test(test_ddr_later_route),
        cmocka_unit_test(test_deleted_interface),
        cmocka_unit_test(test_forged),
        cmocka_unit_test(test_crash_before_changes),
        cmocka_unit_test(test_crash_half_way),
        cmocka_unit_test(test_two_setters),
        cmocka_unit_test(test_table_view),
        cmocka_unit_test(test_create_sees_record),
    };
    const char *why = ns_private_run();
    if (why == NULL)
        why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-store", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-store", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-store", tests, fixture_setup, NULL);
}
