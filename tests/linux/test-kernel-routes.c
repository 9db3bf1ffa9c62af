/* test-kernel-routes.c - the route rows against the running kernel:
 * GetIpForwardTable2, GetIpForwardEntry2, CreateIpForwardEntry2,
 * SetIpForwardEntry2 and DeleteIpForwardEntry2, each step checked with
 * `ip -o route show table main|local` (never through the library).
 *
 * The program moves itself into a network namespace of its own and makes:
 *   v0 (v0p)  198.18.0.1/24, fd00::1/64, IPv6 forwarding (an anycast
 *             route fd00::), 198.19.160.0/24 multipath through v0 and w0
 *   w0 (w0p)  198.18.1.1/24, fd00:1::1/64
 *   unreachable 198.19.250.0/24 and fd00:250::/32 (no rows)
 * Without root it skips and says why.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

static unsigned v0, w0;

/* ---------------------------------------------------------- the kernel */
/* `ip -o route show` of one table and family, for one prefix or all. */
static char *ip_show(bool v6, const char *table, const char *prefix)
{
    return ns_sh_out("ip -o %s route show table %s %s %s 2>/dev/null", v6 ? "-6" : "-4",
                     table, prefix ? "exact" : "", prefix ? prefix : "");
}

/* Whether one line of text holds every needle of ap (NULL-terminated). */
static bool line_has(const char *text, va_list ap0)
{
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        char buf[1024];
        bool all = true;
        va_list ap;
        snprintf(buf, sizeof(buf), "%.*s", (int)(end ? end - line : (long)strlen(line)), line);
        va_copy(ap, ap0);
        for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
            all = all && strstr(buf, s) != NULL;
        va_end(ap);
        if (all)
            return true;
        line = end ? end + 1 : NULL;
    }
    return false;
}

static int lines(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    return n;
}

/* `ip route show exact P` of the main table holds a line with every needle. */
#define KERNEL_HAS(prefix, ...) kernel_has(prefix, __VA_ARGS__, (const char *)NULL)
static bool kernel_has(const char *prefix, ...)
{
    char *out = ip_show(strchr(prefix, ':') != NULL, "main", prefix);
    va_list ap;
    bool ok;
    va_start(ap, prefix);
    ok = out && line_has(out, ap);
    va_end(ap);
    if (!ok)
        print_message("ip route show exact %s:\n%s", prefix, out ? out : "(failed)\n");
    free(out);
    return ok;
}

static int kernel_lines(const char *prefix)
{
    char *out = ip_show(strchr(prefix, ':') != NULL, "main", prefix);
    int n = lines(out);
    free(out);
    return n;
}

/* ---------------------------------------------- the table against ip(8) */
/* One row as "prefix dev via metric", the same from both sides. */
#define ENTRY_MAX 96
struct entries {
    size_t n;
    char e[256][ENTRY_MAX];
};

static void add_entry(struct entries *es, const char *prefix, const char *dev, const char *via,
                      unsigned metric)
{
    if (es->n < 256)
        snprintf(es->e[es->n++], ENTRY_MAX, "%.46s %.15s %.20s %u", prefix, dev, via, metric);
}

static bool reject_type(const char *tok)
{
    static const char *const t[] = {"unreachable", "blackhole", "prohibit", "throw", "nat"};
    for (size_t i = 0; i < 5; i++)
        if (strcmp(tok, t[i]) == 0)
            return true;
    return false;
}

/* One line of `ip -o route show`, hops expanded. */
static void ip_line(struct entries *es, char *line, bool v6)
{
    char prefix[64] = "", dev[IFNAMSIZ] = "", via[64] = "-", *save = NULL, *prev = NULL;
    char hops[8][2][64];
    int nhops = 0, n = 0;
    unsigned metric = 0;
    for (char *tok = strtok_r(line, " \t\\", &save); tok; tok = strtok_r(NULL, " \t\\", &save)) {
        if (n == 0 && reject_type(tok))
            return;
        if (n == 0 && (!strcmp(tok, "local") || !strcmp(tok, "broadcast") ||
                       !strcmp(tok, "multicast") || !strcmp(tok, "anycast")))
            continue;
        if (n++ == 0) {
            if (strcmp(tok, "default") == 0)
                snprintf(prefix, sizeof(prefix), "%s", v6 ? "::/0" : "0.0.0.0/0");
            else if (strchr(tok, '/') == NULL)
                snprintf(prefix, sizeof(prefix), "%s/%d", tok, v6 ? 128 : 32);
            else
                snprintf(prefix, sizeof(prefix), "%s", tok);
        } else if (!strcmp(tok, "nexthop")) {
            if (nhops < 8) {
                hops[nhops][0][0] = '\0';
                snprintf(hops[nhops++][1], 64, "-");
            }
        } else if (prev && !strcmp(prev, "dev")) {
            snprintf(nhops ? hops[nhops - 1][0] : dev, IFNAMSIZ, "%s", tok);
        } else if (prev && !strcmp(prev, "via")) {
            snprintf(nhops ? hops[nhops - 1][1] : via, 64, "%s", tok);
        } else if (prev && !strcmp(prev, "metric")) {
            metric = (unsigned)strtoul(tok, NULL, 10);
        }
        prev = tok;
    }
    if (nhops == 0) {
        add_entry(es, prefix, dev, via, metric);
        return;
    }
    for (int i = 0; i < nhops; i++)
        add_entry(es, prefix, hops[i][0], hops[i][1], metric);
}

static void ip_entries(struct entries *es)
{
    static const char *const tables[] = {"main", "local"};
    es->n = 0;
    for (int v6 = 0; v6 < 2; v6++)
        for (int t = 0; t < 2; t++) {
            char *out = ip_show(v6, tables[t], NULL), *save = NULL;
            for (char *l = out ? strtok_r(out, "\n", &save) : NULL; l;
                 l = strtok_r(NULL, "\n", &save))
                ip_line(es, l, v6);
            free(out);
        }
}

static void table_entries(struct entries *es)
{
    MIB_IPFORWARD_TABLE2 *t = NULL;
    es->n = 0;
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        const MIB_IPFORWARD_ROW2 *r = &t->Table[i];
        char p[64], prefix[80], via[64], dev[IFNAMSIZ];
        ns_addr_text(&r->DestinationPrefix.Prefix, p, sizeof(p));
        snprintf(prefix, sizeof(prefix), "%s/%u", p, r->DestinationPrefix.PrefixLength);
        ns_addr_text(&r->NextHop, via, sizeof(via));
        if (!strcmp(via, "0.0.0.0") || !strcmp(via, "::"))
            strcpy(via, "-");
        assert_non_null(if_indextoname(r->InterfaceIndex, dev));
        add_entry(es, prefix, dev, via, r->Metric);
    }
    FreeMibTable(t);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The table and ip(8) list the same rows (IPv6 link-local routes may
 * still be appearing: a few tries). */
static void assert_table_is_ip(void)
{
    static struct entries a, b;
    for (int tries = 0;; tries++) {
        bool same;
        ip_entries(&a);
        table_entries(&b);
        qsort(a.e, a.n, ENTRY_MAX, by_text);
        qsort(b.e, b.n, ENTRY_MAX, by_text);
        same = a.n == b.n;
        for (size_t i = 0; same && i < a.n; i++)
            same = strcmp(a.e[i], b.e[i]) == 0;
        if (same)
            return;
        if (tries == 20) {
            for (size_t i = 0; i < a.n || i < b.n; i++)
                print_message("ip: %-48s table: %s\n", i < a.n ? a.e[i] : "",
                              i < b.n ? b.e[i] : "");
            fail_msg("GetIpForwardTable2 and ip route disagree");
        }
        ns_sleep_ms(50);
    }
}

/* ----------------------------------------------------- calls, checked */
/* The call, and the caller's row unmodified. */
typedef DWORD(WINAPI *row_call)(CONST MIB_IPFORWARD_ROW2 *);
static DWORD call(row_call f, const MIB_IPFORWARD_ROW2 *row)
{
    MIB_IPFORWARD_ROW2 copy = *row;
    DWORD st = f(&copy);
    assert_memory_equal(&copy, row, sizeof(copy));
    return st;
}

static DWORD get_metric(MIB_IPFORWARD_ROW2 row, ULONG *metric)
{
    DWORD st = GetIpForwardEntry2(&row);
    *metric = row.Metric;
    return st;
}

/* ----------------------------------------------------------- fixture */
static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "not a namespace of our own: refusing to change anything\n");
        return -1;
    }
    if (ns_sh("set -e; ip link set lo up;"
              "ip link add v0 type veth peer name v0p; ip link add w0 type veth peer name w0p;"
              "for i in v0 v0p w0 w0p; do ip link set $i up; done;"
              "ip addr add 198.18.0.1/24 dev v0; ip addr add 198.18.1.1/24 dev w0;"
              "ip -6 addr add fd00::1/64 dev v0 nodad; ip -6 addr add fd00:1::1/64 dev w0 nodad;"
              "echo 1 > /proc/sys/net/ipv6/conf/v0/forwarding;"
              "ip route add 198.19.160.0/24 nexthop via 198.18.0.2 dev v0"
              " nexthop via 198.18.1.2 dev w0;"
              "ip route add unreachable 198.19.250.0/24;"
              "ip -6 route add unreachable fd00:250::/32") != 0)
        return -1;
    v0 = ns_ifindex("v0");
    w0 = ns_ifindex("w0");
    for (int i = 0; i < 50; i++) {
        char *out = ns_sh_out("ip -o link show up");
        bool up = out && strstr(out, "v0@v0p") && strstr(out, "w0@w0p") &&
                  !strstr(out, "LOWERLAYERDOWN");
        free(out);
        if (up)
            break;
        ns_sleep_ms(40);
    }
    return v0 && w0 ? 0 : -1;
}

/* ------------------------------------------------------------- tests */
static void test_table_is_ip(void **state)
{
    (void)state;
    MIB_IPFORWARD_TABLE2 *t = NULL;
    bool anycast = false, bcast = false, mcast = false;
    char *local6 = ip_show(true, "local", NULL);
    assert_non_null(strstr(local6, "anycast fd00:: dev v0"));
    free(local6);
    assert_table_is_ip();
    /* The kinds of rows: local and anycast are this machine's (Loopback). */
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        char p[64];
        const MIB_IPFORWARD_ROW2 *r = &t->Table[i];
        ns_addr_text(&r->DestinationPrefix.Prefix, p, sizeof(p));
        if (!strcmp(p, "fd00::") && r->DestinationPrefix.PrefixLength == 128) {
            anycast = true;
            assert_true(r->Loopback);
        }
        if (!strcmp(p, "198.18.0.255"))
            bcast = true;
        if (!strcmp(p, "ff00::") && r->DestinationPrefix.PrefixLength == 8)
            mcast = true;
        if (!strcmp(p, "198.18.0.1") && r->DestinationPrefix.PrefixLength == 32)
            assert_true(r->Loopback);
        assert_string_not_equal(p, "198.19.250.0");
        assert_string_not_equal(p, "fd00:250::");
    }
    assert_true(anycast && bcast && mcast);
    FreeMibTable(t);
    /* One family at a time. */
    assert_int_equal(GetIpForwardTable2(AF_INET6, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].DestinationPrefix.Prefix.si_family, AF_INET6);
    FreeMibTable(t);
    assert_int_equal(GetIpForwardTable2(AF_INET, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].DestinationPrefix.Prefix.si_family, AF_INET);
    FreeMibTable(t);
    assert_int_equal(GetIpForwardTable2(99, &t), ERROR_INVALID_PARAMETER);
}

static void test_ipv4_lifecycle(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.10.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("198.19.10.0/24", "198.18.0.3", v0);
    ULONG m;
    a.Metric = 7;
    b.Metric = 7;
    assert_int_equal(call(CreateIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.2 dev v0", "proto static",
                           "metric 7"));
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 7);
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    /* The same prefix and metric through another next hop: a route of its
     * own, not a second hop of the first. */
    assert_int_equal(call(CreateIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.10.0/24"), 2);
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.3 dev v0", "metric 7"));
    assert_table_is_ip();
    /* A new metric moves a alone. */
    a.Metric = 20;
    assert_int_equal(call(SetIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.2 dev v0", "metric 20"));
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.3 dev v0", "metric 7"));
    assert_int_equal(kernel_lines("198.19.10.0/24"), 2);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 20);
    /* The same metric, another protocol: b alone changes, though a
     * kernel NLM_F_REPLACE would have hit the first route of that
     * priority. */
    b.Protocol = MIB_IPPROTO_RIP;
    b.Metric = 0xFFFFFFFFu; /* unset: keeps the route's own */
    assert_int_equal(call(SetIpForwardEntry2, &b), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.3 dev v0", "proto rip", "metric 7"));
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.2 dev v0", "proto static",
                           "metric 20"));
    assert_int_equal(kernel_lines("198.19.10.0/24"), 2);
    assert_table_is_ip();
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.10.0/24"), 1);
    assert_true(KERNEL_HAS("198.19.10.0/24", "via 198.18.0.3 dev v0", "metric 7"));
    assert_int_equal(call(DeleteIpForwardEntry2, &a), ERROR_NOT_FOUND);
    assert_int_equal(call(SetIpForwardEntry2, &a), ERROR_NOT_FOUND);
    assert_int_equal(get_metric(a, &m), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.10.0/24"), 0);
    assert_table_is_ip();
}

static void test_ipv6_lifecycle(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("fd01::/64", "fd00::2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("fd01::/64", "fd00::3", v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("fd02::/64", NULL, w0);
    ULONG m;
    a.Metric = b.Metric = 300;
    assert_int_equal(call(CreateIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::2 dev v0", "proto static", "metric 300"));
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    /* The kernel makes the second gateway an ECMP sibling: two rows. */
    assert_int_equal(call(CreateIpForwardEntry2, &b), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "nexthop via fd00::2 dev v0",
                           "nexthop via fd00::3 dev v0", "metric 300"));
    assert_int_equal(get_metric(b, &m), NO_ERROR);
    assert_int_equal(m, 300);
    assert_table_is_ip();
    /* Its own metric: a leaves the pair, b stays. */
    a.Metric = 400;
    assert_int_equal(call(SetIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::2 dev v0", "metric 400"));
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::3 dev v0", "metric 300"));
    assert_int_equal(kernel_lines("fd01::/64"), 2);
    /* A lifetime at the same metric: b alone. */
    b.Metric = 0xFFFFFFFFu;
    b.ValidLifetime = b.PreferredLifetime = 600;
    assert_int_equal(call(SetIpForwardEntry2, &b), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::3 dev v0", "metric 300", "expires"));
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::2 dev v0", "metric 400"));
    {
        MIB_IPFORWARD_ROW2 r = b;
        assert_int_equal(GetIpForwardEntry2(&r), NO_ERROR);
        assert_false(r.Immortal);
        assert_in_range(r.ValidLifetime, 590, 600);
    }
    assert_table_is_ip();
    /* On-link, and Metric 0: the kernel would store an IPv6 priority of 0
     * as 1024 (IP6_RT_PRIO_USER), so the row could not read back as
     * written: 50, nothing made.  Metric 1 is a priority of its own. */
    c.Metric = 0;
    assert_int_equal(call(CreateIpForwardEntry2, &c), ERROR_NOT_SUPPORTED);
    assert_int_equal(kernel_lines("fd02::/64"), 0);
    c.Metric = 1;
    assert_int_equal(call(CreateIpForwardEntry2, &c), NO_ERROR);
    assert_true(KERNEL_HAS("fd02::/64", "dev w0", "metric 1"));
    assert_int_equal(get_metric(c, &m), NO_ERROR);
    assert_int_equal(m, 1);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    /* Deleting one sibling... */
    a.Metric = 300;
    assert_int_equal(call(SetIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "nexthop via fd00::2", "nexthop via fd00::3"));
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("fd01::/64", "via fd00::3 dev v0", "metric 300"));
    assert_int_equal(kernel_lines("fd01::/64"), 1);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(kernel_lines("fd01::/64"), 0);
    assert_table_is_ip();
}

/* A next hop outside every prefix of the interface: Windows takes it to be
 * on the link, so does the kernel when told (onlink). */
static void test_onlink(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.20.0/24", "198.19.99.1", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("fd03::/64", "fd99::1", v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("198.19.21.0/24", "198.18.0.9", v0);
    assert_int_equal(call(CreateIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.20.0/24", "via 198.19.99.1 dev v0", "onlink"));
    assert_int_equal(call(CreateIpForwardEntry2, &b), NO_ERROR);
    assert_true(KERNEL_HAS("fd03::/64", "via fd99::1 dev v0", "onlink"));
    /* Only then: a gateway of the link's prefix is a plain route. */
    assert_int_equal(call(CreateIpForwardEntry2, &c), NO_ERROR);
    {
        char *out = ip_show(false, "main", "198.19.21.0/24");
        assert_null(strstr(out, "onlink"));
        free(out);
    }
    a.Metric = 33;
    assert_int_equal(call(SetIpForwardEntry2, &a), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.20.0/24", "via 198.19.99.1 dev v0", "metric 33", "onlink"));
    assert_table_is_ip();
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.20.0/24") + kernel_lines("fd03::/64") +
                         kernel_lines("198.19.21.0/24"), 0);
    /* A broadcast address is no next hop, on-link or not (the kernel's
     * EINVAL). */
    a = ns_route_row("198.19.22.0/24", "198.18.0.255", v0);
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_INVALID_PARAMETER);
    assert_int_equal(kernel_lines("198.19.22.0/24"), 0);
}

/* Rows as callers make them: zero-filled, index or LUID only, next hops of
 * family 0 or the zero address, the unset metric. */
static void test_row_forms(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row, key;
    NET_LUID luid;
    ULONG m;
    memset(&row, 0, sizeof(row));
    row.DestinationPrefix.Prefix = ns_sa("198.19.30.0");
    row.DestinationPrefix.PrefixLength = 24;
    row.InterfaceIndex = v0; /* NextHop family 0: on-link; Metric 0 */
    assert_int_equal(call(CreateIpForwardEntry2, &row), NO_ERROR);
    assert_true(KERNEL_HAS("198.19.30.0/24", "dev v0", "scope link"));
    assert_int_equal(get_metric(row, &m), NO_ERROR);
    assert_int_equal(m, 0);
    /* The same route by LUID alone, next hop 0.0.0.0. */
    assert_int_equal(ConvertInterfaceIndexToLuid(v0, &luid), NO_ERROR);
    key = row;
    key.InterfaceIndex = 0;
    key.InterfaceLuid = luid;
    key.NextHop = ns_sa("0.0.0.0");
    assert_int_equal(call(CreateIpForwardEntry2, &key), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(get_metric(key, &m), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &key), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.30.0/24"), 0);
    /* IPv6, LUID only, next hop ::, Metric 0xFFFFFFFF: the default 256. */
    row = ns_route_row("fd04::/64", "::", 0);
    row.InterfaceLuid = luid;
    assert_int_equal(row.Metric, 0xFFFFFFFFu);
    assert_int_equal(call(CreateIpForwardEntry2, &row), NO_ERROR);
    assert_true(KERNEL_HAS("fd04::/64", "dev v0", "metric 256"));
    assert_int_equal(get_metric(row, &m), NO_ERROR);
    assert_int_equal(m, 256);
    row.NextHop.si_family = 0;
    assert_int_equal(call(DeleteIpForwardEntry2, &row), NO_ERROR);
    assert_int_equal(kernel_lines("fd04::/64"), 0);
}

static void test_codes(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row = ns_route_row("198.19.40.0/24", "198.18.0.2", 999999);
    NET_LUID luid;
    /* 1168: no such interface, no such route. */
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_FOUND);
    assert_int_equal(call(SetIpForwardEntry2, &row), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_FOUND);
    luid.Value = ns_ether_luid(999999);
    row.InterfaceIndex = v0;
    row.InterfaceLuid = luid; /* the LUID wins over a valid index */
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_FOUND);
    row.InterfaceLuid.Value = 0;
    assert_int_equal(call(SetIpForwardEntry2, &row), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_FOUND);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND);
    /* 87: host bits, a next hop of the other family, no interface named,
     * a prefix too long, a metric beyond the kernel's. */
    row = ns_route_row("198.19.40.1/24", NULL, v0);
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_INVALID_PARAMETER);
    row = ns_route_row("198.19.40.0/24", "fd00::2", v0);
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_INVALID_PARAMETER);
    row = ns_route_row("198.19.40.0/24", NULL, 0);
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_INVALID_PARAMETER);
    row = ns_route_row("198.19.40.0/24", NULL, v0);
    row.DestinationPrefix.PrefixLength = 33;
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_INVALID_PARAMETER);
    assert_int_equal(CreateIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(SetIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(DeleteIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(kernel_lines("198.19.40.0/24"), 0);
    /* 5010: a route ip(8) made. */
    assert_int_equal(ns_sh("ip route add 198.19.41.0/24 via 198.18.0.2 dev v0 metric 256"), 0);
    row = ns_route_row("198.19.41.0/24", "198.18.0.2", v0);
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.41.0/24"), 0);
    /* One hop of an IPv4 multipath route cannot go alone (docs/route.md):
     * refused, and the route untouched. */
    row = ns_route_row("198.19.160.0/24", "198.18.0.2", v0);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_SUPPORTED);
    row.Metric = 9;
    assert_int_equal(call(SetIpForwardEntry2, &row), ERROR_NOT_SUPPORTED);
    assert_true(KERNEL_HAS("198.19.160.0/24", "nexthop via 198.18.0.2 dev v0",
                           "nexthop via 198.18.1.2 dev w0"));
    /* An IPv4 lifetime: the kernel has none. */
    row = ns_route_row("198.19.42.0/24", NULL, v0);
    row.ValidLifetime = row.PreferredLifetime = 60;
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_SUPPORTED);
    assert_int_equal(kernel_lines("198.19.42.0/24"), 0);
}

/* Writes by index alone do not read the interface (docs/route.md): the
 * kernel's answer stands in for it.  An IPv6 family that leaves the
 * interface (disable_ipv6, an MTU below 1280) takes the routes and refuses
 * new ones, and every write by index is then 1168, as when the interface is
 * read, never the 5 of the kernel's EACCES; a LUID is read as ever. */
static void test_family_leaves_interface(void **state)
{
    MIB_IPFORWARD_ROW2 row, luid_row;
    unsigned u0;
    (void)state;
    assert_int_equal(ns_sh("set -e; ip link add u0 type veth peer name u0p;"
                           "ip link set u0 up; ip link set u0p up"), 0);
    u0 = ns_ifindex("u0");
    assert_true(u0 != 0);
    row = ns_route_row("fd00:60::/64", NULL, u0);
    luid_row = row;
    luid_row.InterfaceIndex = 0;
    luid_row.InterfaceLuid.Value = ns_ether_luid(u0);
    for (int step = 0; step < 2; step++) {
        const char *leave = step == 0 ? "echo 1 > /proc/sys/net/ipv6/conf/u0/disable_ipv6"
                                      : "ip link set u0 mtu 1279";
        const char *back = step == 0 ? "echo 0 > /proc/sys/net/ipv6/conf/u0/disable_ipv6"
                                     : "ip link set u0 mtu 1500";
        assert_int_equal(call(CreateIpForwardEntry2, &row), NO_ERROR);
        assert_true(kernel_has("fd00:60::/64", "dev u0", NULL));
        assert_int_equal(ns_sh(leave), 0);
        assert_int_equal(kernel_lines("fd00:60::/64"), 0);
        assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_FOUND);
        assert_int_equal(call(SetIpForwardEntry2, &row), ERROR_NOT_FOUND);
        assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_FOUND);
        assert_int_equal(call(CreateIpForwardEntry2, &luid_row), ERROR_NOT_FOUND);
        assert_int_equal(kernel_lines("fd00:60::/64"), 0);
        assert_int_equal(ns_sh(back), 0);
        assert_int_equal(call(CreateIpForwardEntry2, &luid_row), NO_ERROR);
        assert_int_equal(call(DeleteIpForwardEntry2, &row), NO_ERROR);
        assert_int_equal(kernel_lines("fd00:60::/64"), 0);
    }
    /* An interface gone: its index is 1168 for every write, whatever else
     * the row holds (an IPv4 lifetime alone would be 50). */
    assert_int_equal(ns_sh("ip link del u0"), 0);
    row = ns_route_row("198.19.60.0/24", NULL, u0);
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_FOUND);
    row.ValidLifetime = row.PreferredLifetime = 60;
    assert_int_equal(call(CreateIpForwardEntry2, &row), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_FOUND);
}

/* A route through a nexthop object (shared with other routes): a row while
 * the kernel dumps its hops (nexthop_compat_mode=1, the default), never
 * changed alone; no row without them (it names no interface). */
static bool table_has(const char *prefix_text)
{
    MIB_IPFORWARD_TABLE2 *t = NULL;
    bool found = false;
    assert_int_equal(GetIpForwardTable2(AF_INET, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        char p[64];
        ns_addr_text(&t->Table[i].DestinationPrefix.Prefix, p, sizeof(p));
        found = found || strcmp(p, prefix_text) == 0;
    }
    FreeMibTable(t);
    return found;
}

static void test_nexthop_object(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row = ns_route_row("198.19.95.0/24", "198.18.0.2", v0);
    uint32_t compat = 1;
    if (ns_sh("ip nexthop add id 95 via 198.18.0.2 dev v0 2>/dev/null") != 0)
        skip(); /* a kernel without nexthop objects */
    assert_int_equal(ns_sh("ip route add 198.19.95.0/24 nhid 95"), 0);
    assert_true(ns_proc_u32(&compat, "/proc/sys/net/ipv4/nexthop_compat_mode"));
    assert_int_equal(compat, 1);
    assert_true(table_has("198.19.95.0"));
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &row), ERROR_NOT_SUPPORTED);
    row.Metric = 3;
    assert_int_equal(call(SetIpForwardEntry2, &row), ERROR_NOT_SUPPORTED);
    assert_true(KERNEL_HAS("198.19.95.0/24", "nhid 95"));
    assert_true(ns_proc_write("0", "/proc/sys/net/ipv4/nexthop_compat_mode"));
    assert_false(table_has("198.19.95.0"));
    assert_true(ns_proc_write("1", "/proc/sys/net/ipv4/nexthop_compat_mode"));
    assert_int_equal(ns_sh("ip route del 198.19.95.0/24 && ip nexthop del id 95"), 0);
}

/* An IPv4 Delete by index alone of a row through a gateway is first one
 * request by the key (docs/route.md): it takes the key's own route and
 * never, beside it at the same priority, a multipath route whose first hop
 * the row names, or a route through a nexthop object.  An on-link row is
 * found first, as before: a route through a gateway that is an address of
 * this host may have scope link, which the request by the key could not
 * tell from it; so is a row beside an on-link route of scope global. */
static void test_delete_by_key(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 onlink = ns_route_row("198.19.73.0/24", NULL, v0);
    MIB_IPFORWARD_ROW2 hop = ns_route_row("198.19.74.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 nh = ns_route_row("198.19.75.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 global = ns_route_row("198.19.76.0/24", NULL, v0);
    MIB_IPFORWARD_ROW2 scoped = ns_route_row("198.19.77.0/24", NULL, v0);
    assert_int_equal(ns_sh("ip route add 198.19.73.0/24 via 198.18.0.2 dev v0 metric 100 &&"
                           "ip route append 198.19.73.0/24 dev v0 metric 100 &&"
                           "ip route add 198.19.77.0/24 via 198.18.0.1 dev v0 scope link metric 10 &&"
                           "ip route add 198.19.77.0/24 dev v0 metric 20 &&"
                           "ip route add 198.19.74.0/24 metric 50 nexthop via 198.18.0.2 dev v0"
                           " nexthop via 198.18.1.2 dev w0 &&"
                           "ip route append 198.19.74.0/24 via 198.18.0.2 dev v0 metric 50 &&"
                           "ip route add 198.19.76.0/24 dev v0 scope global metric 60"),
                     0);
    assert_int_equal(call(DeleteIpForwardEntry2, &onlink), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.73.0/24"), 1);
    assert_true(KERNEL_HAS("198.19.73.0/24", "via 198.18.0.2 dev v0", "metric 100"));
    assert_int_equal(call(DeleteIpForwardEntry2, &onlink), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &hop), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.74.0/24"), 1);
    assert_true(KERNEL_HAS("198.19.74.0/24", "nexthop via 198.18.0.2 dev v0",
                           "nexthop via 198.18.1.2 dev w0"));
    assert_int_equal(call(DeleteIpForwardEntry2, &hop), ERROR_NOT_SUPPORTED);
    assert_int_equal(call(DeleteIpForwardEntry2, &global), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.76.0/24"), 0);
    assert_int_equal(call(DeleteIpForwardEntry2, &scoped), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.77.0/24"), 1);
    assert_true(KERNEL_HAS("198.19.77.0/24", "via 198.18.0.1 dev v0", "scope link"));
    assert_int_equal(call(DeleteIpForwardEntry2, &scoped), ERROR_NOT_FOUND);
    assert_int_equal(ns_sh("ip route del 198.19.77.0/24"), 0);
    /* With a nexthop object the row is looked up first (nexthops.c): the
     * object's route, which the kernel prefers, is that row, which cannot
     * go alone (50); both routes stay. */
    if (ns_sh("ip nexthop add id 96 via 198.18.0.2 dev v0 2>/dev/null") == 0) {
        assert_int_equal(ns_sh("ip route add 198.19.75.0/24 nhid 96 metric 10 &&"
                               "ip route append 198.19.75.0/24 via 198.18.0.2 dev v0 metric 10"),
                         0);
        assert_int_equal(call(DeleteIpForwardEntry2, &nh), ERROR_NOT_SUPPORTED);
        assert_int_equal(kernel_lines("198.19.75.0/24"), 2);
        assert_true(KERNEL_HAS("198.19.75.0/24", "nhid 96"));
        assert_int_equal(ns_sh("ip route del 198.19.75.0/24 nhid 96 &&"
                               "ip route del 198.19.75.0/24 && ip nexthop del id 96"),
                         0);
    }
    assert_int_equal(ns_sh("ip route del 198.19.73.0/24 && ip route del 198.19.74.0/24"), 0);
}

/* The same for IPv6, where the namespace holds no nexthop object: an
 * on-link row beside a gateway route of lower metric, one sibling of a
 * multipath route.  With an object, whose route at the prefix the kernel's
 * delete by the key would take whatever interface it names, the row is
 * looked up first and the object's route stays. */
static void test_delete_by_key_v6(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 onlink = ns_route_row("fd00:73::/64", NULL, v0);
    MIB_IPFORWARD_ROW2 sibling = ns_route_row("fd00:74::/64", "fd00::2", v0);
    MIB_IPFORWARD_ROW2 beside_nh = ns_route_row("fd00:75::/64", NULL, v0);
    MIB_IPFORWARD_ROW2 lo_row;
    assert_int_equal(ns_sh("ip -6 route add fd00:73::/64 via fd00::2 dev v0 metric 100 &&"
                           "ip -6 route add fd00:73::/64 dev v0 metric 200 &&"
                           "ip -6 route add fd00:74::/64 via fd00::2 dev v0 metric 300 &&"
                           "ip -6 route append fd00:74::/64 via fd00::3 dev v0 metric 300"),
                     0);
    assert_int_equal(call(DeleteIpForwardEntry2, &onlink), NO_ERROR);
    assert_int_equal(kernel_lines("fd00:73::/64"), 1);
    assert_true(KERNEL_HAS("fd00:73::/64", "via fd00::2 dev v0", "metric 100"));
    assert_int_equal(call(DeleteIpForwardEntry2, &onlink), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &sibling), NO_ERROR);
    assert_true(KERNEL_HAS("fd00:74::/64", "via fd00::3 dev v0", "metric 300"));
    assert_int_equal(ns_sh("ip -o -6 route show exact fd00:74::/64 | grep -q 'fd00::2 '"), 1);
    assert_int_equal(call(DeleteIpForwardEntry2, &sibling), ERROR_NOT_FOUND);
    if (ns_sh("ip nexthop add id 97 via fd00:1::2 dev w0 2>/dev/null") == 0) {
        assert_int_equal(ns_sh("ip -6 route add fd00:75::/64 nhid 97 metric 10 &&"
                               "ip -6 route add fd00:75::/64 dev v0 metric 20"),
                         0);
        assert_int_equal(call(DeleteIpForwardEntry2, &beside_nh), NO_ERROR);
        assert_int_equal(kernel_lines("fd00:75::/64"), 1);
        assert_true(KERNEL_HAS("fd00:75::/64", "nhid 97"));
        assert_int_equal(ns_sh("ip -6 route del fd00:75::/64 && ip nexthop del id 97"), 0);
    }
    /* A reject route lives on the loopback and matches a delete by device:
     * an on-link row through it is no row of the reject route's. */
    assert_int_equal(ns_sh("ip -6 route add unreachable fd00:76::/64"), 0);
    lo_row = ns_route_row("fd00:76::/64", NULL, ns_ifindex("lo"));
    assert_int_equal(call(DeleteIpForwardEntry2, &lo_row), ERROR_NOT_FOUND);
    assert_true(KERNEL_HAS("fd00:76::/64", "unreachable"));
    assert_int_equal(ns_sh("ip -6 route del unreachable fd00:76::/64"), 0);
    /* The object gone, the key alone again. */
    assert_int_equal(ns_sh("ip -6 route add fd00:75::/64 dev v0 metric 20"), 0);
    assert_int_equal(call(DeleteIpForwardEntry2, &beside_nh), NO_ERROR);
    assert_int_equal(kernel_lines("fd00:75::/64"), 0);
    assert_int_equal(ns_sh("ip -6 route del fd00:73::/64 && ip -6 route del fd00:74::/64"), 0);
}

/* The route GetBestRoute2 picks is the table's row of least metric. */
static void test_best_route_agrees(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.50.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("198.19.50.0/24", "198.18.1.2", w0);
    MIB_IPFORWARD_ROW2 best, got;
    SOCKADDR_INET dst = ns_sa("198.19.50.9"), src;
    char hop[64];
    a.Metric = 5;
    b.Metric = 9;
    assert_int_equal(call(CreateIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(CreateIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &dst, 0, &best, &src), NO_ERROR);
    ns_addr_text(&best.NextHop, hop, sizeof(hop));
    assert_string_equal(hop, "198.18.0.2");
    got = best;
    assert_int_equal(GetIpForwardEntry2(&got), NO_ERROR);
    assert_int_equal(got.Metric, best.Metric);
    assert_int_equal(got.Metric, 5);
    a.Metric = 50;
    assert_int_equal(call(SetIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &dst, 0, &best, &src), NO_ERROR);
    ns_addr_text(&best.NextHop, hop, sizeof(hop));
    assert_string_equal(hop, "198.18.1.2");
    assert_int_equal(best.InterfaceIndex, w0);
    assert_int_equal(best.Metric, 9);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
}

/* ------------------------------------- what a FIB lookup may answer for */
/* nio_os_route_find answers from one FIB lookup only when it proves the
 * row (route.c); each case here is one where a lookup that is trusted too
 * far gives another answer than the interface's listing. */

/* Two routes of one prefix through v0 at two metrics: the preferred one is
 * the row, and the other gateway's is found behind it. */
static void test_find_two_metrics(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.70.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("198.19.70.0/24", "198.18.0.3", v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("fd05::/64", "fd00::2", v0);
    MIB_IPFORWARD_ROW2 d = ns_route_row("fd05::/64", "fd00::3", v0);
    ULONG m;
    assert_int_equal(ns_sh("ip route add 198.19.70.0/24 via 198.18.0.2 dev v0 metric 10 &&"
                           "ip route add 198.19.70.0/24 via 198.18.0.2 dev v0 metric 20 &&"
                           "ip route add 198.19.70.0/24 via 198.18.0.3 dev v0 metric 30 &&"
                           "ip -6 route add fd05::/64 via fd00::2 dev v0 metric 10 &&"
                           "ip -6 route add fd05::/64 via fd00::3 dev v0 metric 30"),
                     0);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 10);
    assert_int_equal(get_metric(b, &m), NO_ERROR); /* the lookup answers a's */
    assert_int_equal(m, 30);
    assert_int_equal(get_metric(d, &m), NO_ERROR);
    assert_int_equal(m, 30);
    assert_int_equal(call(CreateIpForwardEntry2, &b), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(CreateIpForwardEntry2, &d), ERROR_OBJECT_ALREADY_EXISTS);
    /* Delete takes the preferred one, then the next. */
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.70.0/24"), 2);
    assert_true(KERNEL_HAS("198.19.70.0/24", "via 198.18.0.2", "metric 20"));
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 20);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &d), NO_ERROR);
    assert_true(KERNEL_HAS("fd05::/64", "via fd00::2 dev v0", "metric 10"));
    assert_int_equal(kernel_lines("fd05::/64"), 1);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.70.0/24") + kernel_lines("fd05::/64"), 0);
}

/* A more specific route covers the prefix's network address: the lookup
 * answers that one (or, for a reject route, fails); the key's route is
 * still there. */
static void test_find_more_specific(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.71.0/24", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("198.19.72.0/24", NULL, v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("fd06::/64", "fd00::2", v0);
    ULONG m;
    assert_int_equal(ns_sh("ip route add 198.19.71.0/24 via 198.18.0.2 dev v0 metric 40 &&"
                           "ip route add 198.19.71.0/25 dev v0 &&"
                           "ip route add 198.19.72.0/24 dev v0 metric 41 &&"
                           "ip route add unreachable 198.19.72.0/26 &&"
                           "ip -6 route add fd06::/64 via fd00::2 dev v0 metric 42 &&"
                           "ip -6 route add fd06::/120 dev v0"),
                     0);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 40);
    assert_int_equal(get_metric(b, &m), NO_ERROR);
    assert_int_equal(m, 41);
    assert_int_equal(get_metric(c, &m), NO_ERROR);
    assert_int_equal(m, 42);
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(CreateIpForwardEntry2, &c), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.71.0/24") + kernel_lines("198.19.72.0/24") +
                         kernel_lines("fd06::/64"), 0);
    assert_int_equal(kernel_lines("198.19.71.0/25") + kernel_lines("fd06::/120"), 2);
    assert_int_equal(ns_sh("ip route del 198.19.71.0/25 && ip route del 198.19.72.0/26 &&"
                           "ip -6 route del fd06::/120"),
                     0);
}

/* A route with a tos under a shorter one through the same interface: a
 * tos-0 lookup skips it and answers the shorter route, which must not be
 * taken for "no such route". */
static void test_find_tos(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.73.0/24", NULL, v0);
    ULONG m;
    assert_int_equal(ns_sh("ip route add 198.19.0.0/16 dev v0 metric 43 &&"
                           "ip route add 198.19.73.0/24 tos 0x10 dev v0 metric 44"),
                     0);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 44);
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(kernel_lines("198.19.73.0/24"), 0);
    assert_int_equal(ns_sh("ip route del 198.19.0.0/16"), 0);
}

/* The local table: v0's own 198.18.0.1 and fd00::1 are rows with the key
 * of an on-link /32 (/128) through v0, and a main route of the same key
 * is listed before them; a unicast route in the local table is found
 * and deleted there although IPv4 answers its lookup as main's. */
static void test_find_local_table(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.18.0.1/32", NULL, v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("fd00::1/128", NULL, v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("198.19.76.0/24", NULL, v0), r;
    char *out;
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(CreateIpForwardEntry2, &b), ERROR_OBJECT_ALREADY_EXISTS);
    r = a;
    assert_int_equal(GetIpForwardEntry2(&r), NO_ERROR);
    assert_true(r.Loopback);
    assert_int_equal(ns_sh("ip route add 198.18.0.1/32 dev v0 metric 5 &&"
                           "ip -6 route add fd00::1/128 dev v0 metric 5"),
                     0);
    r = a;
    assert_int_equal(GetIpForwardEntry2(&r), NO_ERROR);
    assert_false(r.Loopback);
    assert_int_equal(r.Metric, 5);
    r = b;
    assert_int_equal(GetIpForwardEntry2(&r), NO_ERROR);
    assert_false(r.Loopback);
    assert_int_equal(r.Metric, 5);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(kernel_lines("198.18.0.1/32") + kernel_lines("fd00::1/128"), 0);
    out = ns_sh_out("ip -o route show table local; ip -o -6 route show table local");
    assert_non_null(strstr(out, "local 198.18.0.1 dev v0"));
    assert_non_null(strstr(out, "local fd00::1 dev v0"));
    free(out);
    /* Unicast in the local table, before any policy rule (the kernel
     * keeps local inside main's trie until the first one). */
    assert_int_equal(ns_sh("ip route add 198.19.76.0/24 dev v0 table local metric 6"), 0);
    c.Metric = 7;
    assert_int_equal(call(SetIpForwardEntry2, &c), NO_ERROR);
    out = ip_show(false, "local", "198.19.76.0/24");
    assert_non_null(strstr(out, "metric 7"));
    free(out);
    assert_int_equal(kernel_lines("198.19.76.0/24"), 0);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    out = ip_show(false, "local", "198.19.76.0/24");
    assert_int_equal(lines(out), 0);
    free(out);
}

/* IPv6 siblings through two interfaces: each hop is found through its own
 * interface, and not through the other. */
static void test_find_siblings(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("fd07::/64", "fd00::2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("fd07::/64", "fd00::3", v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("fd07::/64", "fd00:1::2", w0);
    MIB_IPFORWARD_ROW2 x = ns_route_row("fd07::/64", "fd00::2", w0);
    ULONG m;
    assert_int_equal(ns_sh("ip -6 route add fd07::/64 metric 50 nexthop via fd00::2 dev v0 "
                           "nexthop via fd00::3 dev v0 nexthop via fd00:1::2 dev w0"),
                     0);
    assert_int_equal(get_metric(b, &m), NO_ERROR);
    assert_int_equal(m, 50);
    assert_int_equal(get_metric(c, &m), NO_ERROR);
    assert_int_equal(get_metric(x, &m), ERROR_NOT_FOUND);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_true(KERNEL_HAS("fd07::/64", "via fd00::2 dev v0"));
    assert_true(KERNEL_HAS("fd07::/64", "via fd00:1::2 dev w0"));
    assert_false(KERNEL_HAS("fd07::/64", "via fd00::3"));
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(kernel_lines("fd07::/64"), 0);
}

/* Default routes (and OpenVPN's halves of one) are looked up by an
 * address other than their all-zero network address; a more specific
 * route of that address must not hide them. */
static void test_find_default(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("0.0.0.0/0", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("0.0.0.0/1", "198.18.0.2", v0);
    MIB_IPFORWARD_ROW2 c = ns_route_row("::/0", "fd00::2", v0);
    ULONG m;
    a.Metric = 70;
    b.Metric = 71;
    c.Metric = 72;
    assert_int_equal(call(CreateIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(CreateIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(call(CreateIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(call(CreateIpForwardEntry2, &a), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(call(CreateIpForwardEntry2, &c), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 70);
    assert_int_equal(get_metric(b, &m), NO_ERROR);
    assert_int_equal(m, 71);
    assert_int_equal(get_metric(c, &m), NO_ERROR);
    assert_int_equal(m, 72);
    assert_int_equal(ns_sh("ip route add 0.0.0.0/31 dev v0 && ip -6 route add ::/127 dev v0"), 0);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 70);
    assert_int_equal(get_metric(c, &m), NO_ERROR);
    assert_int_equal(m, 72);
    assert_int_equal(ns_sh("ip route del 0.0.0.0/31 && ip -6 route del ::/127"), 0);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &c), NO_ERROR);
    assert_int_equal(kernel_lines("0.0.0.0/0") + kernel_lines("0.0.0.0/1") +
                         kernel_lines("::/0"), 0);
}

/* Another table that a policy rule consults first: its route answers the
 * lookup, and is no row; the main table's is. */
static void test_find_other_table(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 a = ns_route_row("198.19.75.0/24", NULL, v0);
    MIB_IPFORWARD_ROW2 b = ns_route_row("fd08::/64", NULL, v0);
    ULONG m;
    assert_int_equal(ns_sh("ip route add 198.19.75.0/24 dev v0 table 100 metric 8 &&"
                           "ip -6 route add fd08::/64 dev v0 table 100 metric 8"),
                     0);
    assert_int_equal(get_metric(a, &m), ERROR_NOT_FOUND);
    assert_int_equal(get_metric(b, &m), ERROR_NOT_FOUND);
    assert_int_equal(ns_sh("ip rule add to 198.19.75.0/24 lookup 100 pref 100 &&"
                           "ip -6 rule add to fd08::/64 lookup 100 pref 100 &&"
                           "ip route add 198.19.75.0/24 dev v0 metric 60 &&"
                           "ip -6 route add fd08::/64 dev v0 metric 60"),
                     0);
    assert_int_equal(get_metric(a, &m), NO_ERROR);
    assert_int_equal(m, 60);
    assert_int_equal(get_metric(b, &m), NO_ERROR);
    assert_int_equal(m, 60);
    assert_int_equal(call(DeleteIpForwardEntry2, &a), NO_ERROR);
    assert_int_equal(call(DeleteIpForwardEntry2, &b), NO_ERROR);
    assert_int_equal(get_metric(a, &m), ERROR_NOT_FOUND);
    assert_int_equal(get_metric(b, &m), ERROR_NOT_FOUND);
    assert_int_equal(kernel_lines("198.19.75.0/24") + kernel_lines("fd08::/64"), 0);
    assert_int_equal(ns_sh("ip rule del pref 100 && ip -6 rule del pref 100 &&"
                           "ip route flush table 100 && ip -6 route flush table 100"),
                     0);
}

/* In the child: 0, or the number of the first call that went wrong. */
static int unprivileged(void)
{
    MIB_IPFORWARD_ROW2 row = ns_route_row("198.19.60.0/24", NULL, v0), existing;
    MIB_IPFORWARD_TABLE2 *t = NULL;
    if (CreateIpForwardEntry2(&row) != ERROR_ACCESS_DENIED)
        return 1;
    existing = ns_route_row("198.19.61.0/24", NULL, v0);
    /* The privilege before the route's existence, though a Create by index
     * alone lets the kernel check it first (route.c). */
    if (CreateIpForwardEntry2(&existing) != ERROR_ACCESS_DENIED)
        return 6;
    existing.Metric = 3;
    if (SetIpForwardEntry2(&existing) != ERROR_ACCESS_DENIED)
        return 2;
    if (DeleteIpForwardEntry2(&existing) != ERROR_ACCESS_DENIED)
        return 3;
    if (DeleteIpForwardEntry2(&row) != ERROR_ACCESS_DENIED) /* absent: the privilege first */
        return 7;
    if (GetIpForwardEntry2(&existing) != NO_ERROR) /* reading stays allowed */
        return 4;
    if (GetIpForwardTable2(AF_UNSPEC, &t) != NO_ERROR)
        return 5;
    FreeMibTable(t);
    return 0;
}

static void test_unprivileged(void **state)
{
    (void)state;
    assert_int_equal(ns_sh("ip route add 198.19.61.0/24 dev v0 metric 1"), 0);
    assert_int_equal(ns_unprivileged(unprivileged), 0);
    assert_int_equal(kernel_lines("198.19.60.0/24"), 0);
    assert_true(KERNEL_HAS("198.19.61.0/24", "dev v0", "metric 1"));
    assert_int_equal(ns_sh("ip route del 198.19.61.0/24"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_ip),
        cmocka_unit_test(test_ipv4_lifecycle),
        cmocka_unit_test(test_ipv6_lifecycle),
        cmocka_unit_test(test_onlink),
        cmocka_unit_test(test_row_forms),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_family_leaves_interface),
        cmocka_unit_test(test_nexthop_object),
        cmocka_unit_test(test_delete_by_key),
        cmocka_unit_test(test_delete_by_key_v6),
        cmocka_unit_test(test_best_route_agrees),
        cmocka_unit_test(test_unprivileged),
        cmocka_unit_test(test_find_two_metrics),
        cmocka_unit_test(test_find_more_specific),
        cmocka_unit_test(test_find_tos),
        cmocka_unit_test(test_find_local_table),
        cmocka_unit_test(test_find_siblings),
        cmocka_unit_test(test_find_default),
        /* last: its policy rule splits IPv4's local table from main */
        cmocka_unit_test(test_find_other_table),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-routes", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-routes", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-routes", tests, fixture_setup, NULL);
}
