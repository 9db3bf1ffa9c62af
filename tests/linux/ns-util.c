/* ns-util.c - namespace, ip(8) and /proc helpers of the namespace tests
 * (ns-util.h).  Nothing here calls the library. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

const char *ns_enter(void)
{
    static char why[200];
    if (unshare(CLONE_NEWNET) == 0)
        return NULL;
    if (errno == EPERM && geteuid() != 0)
        snprintf(why, sizeof(why), "not root: unshare(CLONE_NEWNET) needs CAP_SYS_ADMIN");
    else if (errno == EPERM)
        snprintf(why, sizeof(why),
                 "root without CAP_SYS_ADMIN (an unprivileged container?): "
                 "unshare(CLONE_NEWNET): %s", strerror(errno));
    else
        snprintf(why, sizeof(why), "unshare(CLONE_NEWNET): %s", strerror(errno));
    return why;
}

static const char *ns_skip_reason;

static void ns_test_skipped(void **state)
{
    (void)state;
    print_message("skipped: %s\n", ns_skip_reason);
    skip();
}

int ns_run_skipped(const char *group, const char *why)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(ns_test_skipped)};
    ns_skip_reason = why;
    printf("%s: skipped: %s\n", group, why);
    fflush(stdout);
    return cmocka_run_group_tests_name(group, tests, NULL, NULL);
}

int ns_sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    int status;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    fflush(stdout);
    status = system(cmd);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

char *ns_sh_out(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    FILE *p;
    char *out = NULL;
    size_t len = 0, cap = 0, n;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    fflush(stdout);
    if ((p = popen(cmd, "r")) == NULL)
        return NULL;
    do {
        if (cap - len < 4096) {
            char *grown = realloc(out, cap + 65536);
            if (grown == NULL)
                break;
            out = grown;
            cap += 65536;
        }
        n = fread(out + len, 1, cap - len - 1, p);
        len += n;
    } while (n > 0);
    if (pclose(p) != 0 || out == NULL) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}

bool ns_is_fresh(void)
{
    char *out = ns_sh_out("ip -o link show");
    bool fresh = out != NULL && strncmp(out, "1: lo:", 6) == 0 && strchr(out, '\n') != NULL &&
                 strchr(out, '\n')[1] == '\0';
    free(out);
    return fresh;
}

bool ns_proc_u32(uint32_t *out, const char *fmt, ...)
{
    char path[256];
    va_list ap;
    unsigned long v;
    FILE *f;
    bool ok;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if ((f = fopen(path, "r")) == NULL)
        return false;
    ok = fscanf(f, "%lu", &v) == 1;
    fclose(f);
    if (ok)
        *out = (uint32_t)v;
    return ok;
}

bool ns_proc_write(const char *value, const char *fmt, ...)
{
    char path[256];
    va_list ap;
    FILE *f;
    bool ok;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if ((f = fopen(path, "w")) == NULL) {
        fprintf(stderr, "ns-util: %s: %s\n", path, strerror(errno));
        return false;
    }
    ok = fputs(value, f) >= 0;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "ns-util: writing %s to %s failed\n", value, path);
    return ok;
}

/* "N: name..." and " mtu M " of `ip -o link show dev NAME`. */
static bool ns_link(const char *name, unsigned *index, unsigned *mtu)
{
    char *out = ns_sh_out("ip -o link show dev %s 2>/dev/null", name);
    const char *m;
    bool ok = out != NULL && sscanf(out, "%u:", index) == 1 && (m = strstr(out, " mtu ")) &&
              sscanf(m, " mtu %u", mtu) == 1;
    free(out);
    return ok;
}

unsigned ns_ifindex(const char *name)
{
    unsigned index = 0, mtu = 0;
    return ns_link(name, &index, &mtu) ? index : 0;
}

unsigned ns_link_mtu(const char *name)
{
    unsigned index = 0, mtu = 0;
    return ns_link(name, &index, &mtu) ? mtu : 0;
}

void ns_snapshot(const char *name, char *buf, size_t cap)
{
    static const char *const files[] = {
        "ipv4/conf/%s/forwarding",         "ipv6/conf/%s/forwarding",
        "ipv6/conf/%s/mtu",                "ipv6/conf/%s/dad_transmits",
        "ipv6/conf/%s/accept_ra",          "ipv6/conf/%s/addr_gen_mode",
        "ipv6/conf/%s/disable_ipv6",       "ipv4/neigh/%s/base_reachable_time_ms",
        "ipv4/neigh/%s/retrans_time_ms",   "ipv6/neigh/%s/base_reachable_time_ms",
        "ipv6/neigh/%s/retrans_time_ms",
    };
    size_t len = (size_t)snprintf(buf, cap, "link mtu %u\n", ns_link_mtu(name));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && len < cap; i++) {
        char path[200];
        uint32_t v = 0;
        snprintf(path, sizeof(path), files[i], name);
        if (ns_proc_u32(&v, "/proc/sys/net/%s", path))
            len += (size_t)snprintf(buf + len, cap - len, "%s %u\n", path, v);
        else
            len += (size_t)snprintf(buf + len, cap - len, "%s -\n", path);
    }
}

uint64_t ns_ether_luid(unsigned index)
{
    return (uint64_t)IF_TYPE_ETHERNET_CSMACD << 48 | (uint64_t)(index & 0xFFFFFFu) << 24 |
           index >> 24;
}

/* Whether the command's output is empty (frees it). */
static bool ns_empty(char *out)
{
    bool empty = out == NULL || out[0] == '\0';
    free(out);
    return empty;
}

static bool ns_link_settled(const char *name)
{
    char *out = ns_sh_out("ip -o link show dev %s", name);
    bool carrier = out != NULL && strstr(out, "LOWER_UP") != NULL;
    free(out);
    return carrier && !ns_empty(ns_sh_out("ip -6 -o addr show dev %s scope link", name));
}

bool ns_settle(unsigned ms, ...)
{
    uint64_t end = ns_now_ns() + (uint64_t)ms * 1000000u;
    const char *name = NULL;
    bool settled;
    do {
        va_list ap;
        va_start(ap, ms);
        name = NULL;
        settled = ns_empty(ns_sh_out("ip -o addr show tentative"));
        while (settled && (name = va_arg(ap, const char *)) != NULL)
            settled = ns_link_settled(name);
        va_end(ap);
        if (!settled)
            ns_sleep_ms(20);
    } while (!settled && ns_now_ns() < end);
    if (!settled) {
        fprintf(stderr, "the namespace did not settle in %u ms (%s)\n", ms,
                name != NULL ? name : "a tentative address");
        return false;
    }
    ns_sleep_ms(250);
    return true;
}

#define NS_KEPT_MAX 512
static struct ns_kept {
    void *rec;
    void (*free_rec)(void *rec);
    HANDLE h;
} ns_kept[NS_KEPT_MAX];

void ns_keep(void *rec, void (*free_rec)(void *rec))
{
    for (size_t i = 0; i < NS_KEPT_MAX; i++)
        if (ns_kept[i].rec == NULL) {
            ns_kept[i] = (struct ns_kept){rec, free_rec, NULL};
            return;
        }
    fail_msg("more than %d recorders at once", NS_KEPT_MAX);
}

void *ns_kept_new(size_t size, void (*free_rec)(void *rec))
{
    void *rec = calloc(1, size);
    assert_non_null(rec);
    ns_keep(rec, free_rec);
    return rec;
}

void ns_kept_free(void *rec)
{
    ns_forget(rec);
    free(rec);
}

void ns_keep_handle(void *rec, HANDLE h)
{
    for (size_t i = 0; i < NS_KEPT_MAX; i++)
        if (ns_kept[i].rec == rec)
            ns_kept[i].h = h;
}

void ns_forget(void *rec)
{
    for (size_t i = 0; i < NS_KEPT_MAX; i++)
        if (ns_kept[i].rec == rec)
            ns_kept[i].rec = NULL;
}

int ns_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < NS_KEPT_MAX; i++) {
        if (ns_kept[i].h != NULL)
            CancelMibChangeNotify2(ns_kept[i].h);
        ns_kept[i].h = NULL;
        if (ns_kept[i].rec != NULL && ns_kept[i].free_rec != NULL)
            ns_kept[i].free_rec(ns_kept[i].rec); /* calls ns_forget */
        ns_kept[i].rec = NULL;
    }
    return 0;
}

uint64_t ns_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void ns_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ------------------------------------- rows, netlink and capabilities */
SOCKADDR_INET ns_sa(const char *text)
{
    SOCKADDR_INET s;
    memset(&s, 0, sizeof(s));
    if (strchr(text, ':')) {
        s.Ipv6.sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, text, &s.Ipv6.sin6_addr), 1);
    } else {
        s.Ipv4.sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, text, &s.Ipv4.sin_addr), 1);
    }
    return s;
}

MIB_IPFORWARD_ROW2 ns_route_row(const char *prefix, const char *via, unsigned index)
{
    MIB_IPFORWARD_ROW2 row;
    char p[64];
    const char *slash = strchr(prefix, '/');
    assert_non_null(slash);
    InitializeIpForwardEntry(&row);
    snprintf(p, sizeof(p), "%.*s", (int)(slash - prefix), prefix);
    row.DestinationPrefix.Prefix = ns_sa(p);
    row.DestinationPrefix.PrefixLength = (UCHAR)atoi(slash + 1);
    if (via != NULL)
        row.NextHop = ns_sa(via);
    else
        row.NextHop.si_family = row.DestinationPrefix.Prefix.si_family;
    row.InterfaceIndex = index;
    return row;
}

void ns_addr_text(const SOCKADDR_INET *s, char *buf, size_t cap)
{
    if (s->si_family == AF_INET)
        inet_ntop(AF_INET, &s->Ipv4.sin_addr, buf, (socklen_t)cap);
    else
        inet_ntop(AF_INET6, &s->Ipv6.sin6_addr, buf, (socklen_t)cap);
}

const char *ns_type_name(MIB_NOTIFICATION_TYPE t)
{
    switch (t) {
    case MibParameterNotification: return "Parameter";
    case MibAddInstance: return "Add";
    case MibDeleteInstance: return "Delete";
    case MibInitialNotification: return "Initial";
    }
    return "?";
}

unsigned long ns_netlink_drops(void)
{
    FILE *f = fopen("/proc/net/netlink", "r");
    char line[512];
    unsigned long drops = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char sk[32];
        unsigned long v[8];
        if (sscanf(line, "%31s %lu %lu %lx %lu %lu %lu %lu %lu", sk, &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7]) == 9 && v[0] == NETLINK_ROUTE)
            drops += v[7];
    }
    fclose(f);
    return drops;
}

int ns_drop_net_admin(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &hdr, data) != 0)
        return -1;
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    data[CAP_TO_INDEX(CAP_NET_ADMIN)].inheritable &= ~CAP_TO_MASK(CAP_NET_ADMIN);
    if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(SYS_capset, &hdr, data);
}

/* ------------------------------------------------------------ the peer */
/* A child that holds a network namespace of its own until it is killed
 * (or its parent dies): the other end of a test's veth pair. */
static pid_t ns_peer = -1;

int ns_peer_start(void)
{
    int fds[2];
    char c;
    pid_t pid;
    if (pipe(fds) != 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        c = unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
        if (write(fds[1], &c, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &c, 1) != 1 || c != 'y') {
        close(fds[0]);
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        return -1;
    }
    close(fds[0]);
    ns_peer = pid;
    return 0;
}

pid_t ns_peer_pid(void)
{
    return ns_peer;
}

void ns_peer_stop(void)
{
    if (ns_peer > 0) {
        kill(ns_peer, SIGKILL);
        waitpid(ns_peer, NULL, 0);
        ns_peer = -1;
    }
}

int ns_peer_sh(const char *cmd)
{
    return ns_sh("nsenter -t %d -n %s", (int)ns_peer, cmd);
}

/* ------------------------------------------------------ ip -j objects */
void ns_ip_entry(const char *what, const char *dev, const char *key, const char *text, char *out,
                 size_t cap)
{
    char *json = ns_sh_out("ip -j %s show dev %s%s 2>/dev/null", what, dev,
                           strcmp(what, "neigh") == 0 ? " nud all" : "");
    char needle[96];
    const char *at, *end;
    out[0] = '\0';
    snprintf(needle, sizeof(needle), "\"%s\":\"%s\"", key, text);
    if (json != NULL && (at = strstr(json, needle)) != NULL) {
        end = strchr(at, '}');
        snprintf(out, cap, "%.*s", (int)(end ? end - at : (long)strlen(at)), at);
    }
    free(json);
}

bool ns_ip_has(const char *what, const char *dev, const char *key, const char *text, ...)
{
    char entry[1024];
    va_list ap;
    bool ok;
    ns_ip_entry(what, dev, key, text, entry, sizeof(entry));
    ok = entry[0] != '\0';
    va_start(ap, text);
    for (const char *s = va_arg(ap, const char *); ok && s; s = va_arg(ap, const char *))
        ok = strstr(entry, s) != NULL;
    va_end(ap);
    if (!ok)
        print_message("ip -j %s show dev %s, %s: {%s}\n", what, dev, text, entry);
    return ok;
}

bool ns_ip_lacks(const char *what, const char *dev, const char *key, const char *text)
{
    char entry[1024];
    ns_ip_entry(what, dev, key, text, entry, sizeof(entry));
    if (entry[0] != '\0')
        print_message("ip -j %s show dev %s still has %s: {%s}\n", what, dev, text, entry);
    return entry[0] == '\0';
}

/* ---------------------------------------------------- the unprivileged */
int ns_unprivileged(int (*calls)(void))
{
    int status;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(ns_drop_net_admin() != 0 ? 100 : calls());
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}
