/* bench-route.c - the route rows at scale: GetIpForwardTable2 with 100,000
 * routes, GetIpForwardEntry2 of one route as the routes grow from 10 to
 * 100,000, and 10,000 routes created and deleted one by one, each against
 * the bare rtnetlink floor (libmnl, socket opened once) and against
 * iproute2 (`ip -j route show table all`, `ip -batch`) run as a process.
 *
 * Runs as root: it moves itself into a new network namespace first (the
 * host's interfaces and routes are never touched) and makes veth pairs
 * vA0/vB0 .. vA3/vB3 there.  Every route is inside 198.18.0.0/15 or
 * fd00::/8.  Prints one line per figure and ends with one table (figure,
 * value, floor, ratio, target, PASS/MISS/info); exits 0 whatever the
 * figures are (77, "skipped", when it cannot make a namespace).
 *
 * To see what the library receives, this program defines recvmsg() itself
 * (the library and libmnl call it through the PLT, so this definition is
 * the one they get): with counting on, every datagram read is walked and
 * its messages counted, and for RTM_NEWROUTE the outgoing interface is
 * checked against the one the call was about.  Counting is off while
 * anything is timed; off, the stand-in costs one branch per datagram.
 * bench/README.md says what each figure means.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "netioapi_compat.h"

#include "bench.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

#define RB_BUFSIZE 32768
#define RB_PAIRS 4          /* veth pairs vA0/vB0 .. vA3/vB3 */
#define RB_OWN 8            /* routes through vA0 in the look-up figures (4 + 4) */
#define RB_METRIC 256       /* what CreateIpForwardEntry2 gives a row without one */

struct rb_opts {
    size_t routes;      /* routes of the table figure (half IPv4, half IPv6) */
    size_t runs;        /* timed runs of each table figure */
    size_t churn;       /* routes created and deleted */
    size_t churn_runs;  /* runs of each create/delete figure */
    size_t iters;       /* timed calls per look-up figure at 10 routes (fewer when large) */
    unsigned only;      /* RB_ONLY_* bits: the parts run (profiling one alone) */
};

#define RB_ONLY_CHURN 1u
#define RB_ONLY_GET 2u
#define RB_ONLY_TABLE 4u

/* =============================================================== recvmsg */
static void rb_rx_count(const void *buf, size_t n)
{
    const struct nlmsghdr *nlh = buf;
    int len = (int)n;
    bench_rx.datagrams++;
    bench_rx.bytes += n;
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
        const struct nlattr *a;
        uint32_t oif = 0;
        bench_rx.msgs++;
        if (nlh->nlmsg_type != RTM_NEWROUTE)
            continue;
        bench_rx.rows++;
        mnl_attr_for_each(a, nlh, sizeof(struct rtmsg)) {
            if (mnl_attr_get_type(a) == RTA_OIF && mnl_attr_get_payload_len(a) >= 4)
                oif = mnl_attr_get_u32(a);
            else if (mnl_attr_get_type(a) == RTA_MULTIPATH) {
                const struct rtnexthop *nh = mnl_attr_get_payload(a);
                if (mnl_attr_get_payload_len(a) >= sizeof(*nh))
                    oif = (uint32_t)nh->rtnh_ifindex;
            }
        }
        if (oif != bench_rx.oif)
            bench_rx.foreign++;
    }
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
    uint64_t t0 = bench_rx.on ? bench_now_ns() : 0;
    ssize_t n = syscall(SYS_recvmsg, fd, msg, flags);
    if (bench_rx.on)
        bench_rx.sys_ns += bench_now_ns() - t0;
    if (n > 0 && bench_rx.on && msg->msg_iovlen >= 1) {
        size_t have = msg->msg_iov[0].iov_len;
        rb_rx_count(msg->msg_iov[0].iov_base, (size_t)n < have ? (size_t)n : have);
    }
    return n;
}

/* The same seam for requests (libmnl's mnl_socket_sendto calls sendto). */
ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
               socklen_t tolen)
{
    uint64_t t0 = bench_rx.on ? bench_now_ns() : 0;
    ssize_t n = syscall(SYS_sendto, fd, buf, len, flags, to, tolen);
    if (bench_rx.on) {
        const struct nlmsghdr *nlh = buf;
        bench_rx.sys_ns += bench_now_ns() - t0;
        bench_rx.requests++;
        if (len >= sizeof(*nlh) && (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
            bench_rx.dumps++;
    }
    return n;
}

/* =============================================== bare rtnetlink (floors) */
struct rb_nl {
    struct mnl_socket *sock;
    unsigned portid, seq;
    uint8_t family;     /* of the dump */
    uint32_t oif;       /* 0: every route, else RTA_OIF (the kernel filters) */
    size_t msgs;
    char buf[RB_BUFSIZE];
};

static struct rb_nl *rb_nl_open(uint8_t family, uint32_t oif)
{
    struct rb_nl *nl = calloc(1, sizeof(*nl));
    int one = 1;
    if (nl == NULL)
        return NULL;
    nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (nl->sock == NULL || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        if (nl->sock)
            mnl_socket_close(nl->sock);
        free(nl);
        return NULL;
    }
    /* As the library does: the kernel then honours RTA_OIF in a dump. */
    mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    nl->portid = mnl_socket_get_portid(nl->sock);
    nl->family = family;
    nl->oif = oif;
    return nl;
}

static void rb_nl_close(struct rb_nl *nl)
{
    if (nl != NULL) {
        mnl_socket_close(nl->sock);
        free(nl);
    }
}

/* A dump of nl->family's routes (through nl->oif when set), received into
 * 32 KiB until NLMSG_DONE; only the headers are walked (messages counted). */
static long rb_nl_dump(void *ctx)
{
    struct rb_nl *nl = ctx;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct rtmsg *rtm;
    nlh->nlmsg_type = RTM_GETROUTE;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++nl->seq;
    rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = nl->family;
    if (nl->oif)
        mnl_attr_put_u32(nlh, RTA_OIF, nl->oif);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    nl->msgs = 0;
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
        int len = (int)n;
        const struct nlmsghdr *m = (const struct nlmsghdr *)nl->buf;
        if (n < 0)
            return -errno;
        for (; mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
            if (m->nlmsg_type == NLMSG_DONE)
                return 0;
            if (m->nlmsg_type == NLMSG_ERROR)
                return -EPROTO;
            nl->msgs++;
        }
    }
}

/* The two per-family dumps together: what AF_UNSPEC costs bare. */
struct rb_both {
    struct rb_nl *v4, *v6;
};

static long rb_nl_dump_both(void *ctx)
{
    struct rb_both *b = ctx;
    long err = rb_nl_dump(b->v4);
    return err ? err : rb_nl_dump(b->v6);
}

/* One route as the floors and iproute2 write it. */
struct rb_prefix {
    uint8_t family, len;
    uint8_t addr[16];
};

/* RTM_NEWROUTE (create, exclusive) or RTM_DELROUTE of p through oif,
 * on-link, main table, static, metric 256, with NLM_F_ACK; waits for the
 * ACK.  The request the library's Create/Delete end in. */
static long rb_nl_change(struct rb_nl *nl, uint16_t type, const struct rb_prefix *p,
                         uint32_t oif)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct rtmsg *rtm;
    const struct nlmsgerr *e;
    ssize_t n;
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
                       (type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0);
    nlh->nlmsg_seq = ++nl->seq;
    rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = p->family;
    rtm->rtm_dst_len = p->len;
    rtm->rtm_table = RT_TABLE_MAIN;
    rtm->rtm_protocol = RTPROT_STATIC;
    rtm->rtm_type = RTN_UNICAST;
    rtm->rtm_scope = type == RTM_DELROUTE ? RT_SCOPE_NOWHERE
                     : p->family == AF_INET ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    mnl_attr_put(nlh, RTA_DST, p->family == AF_INET ? 4 : 16, p->addr);
    mnl_attr_put_u32(nlh, RTA_OIF, oif);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, RB_METRIC);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
    if (n < 0)
        return -errno;
    nlh = (struct nlmsghdr *)nl->buf;
    if ((size_t)n < sizeof(*nlh) + sizeof(*e) || nlh->nlmsg_type != NLMSG_ERROR)
        return -EPROTO;
    e = mnl_nlmsg_get_payload(nlh);
    return e->error;
}

/* ============================================================ fixture */
static int rb_batch(const char *path)
{
    return bench_sh("ip -batch %s", path);
}

/* The i-th bulk route of a family: IPv4 198.19.(i/256).(i%256)/32, IPv6
 * fd00:1:0:i::/64 (i < 65536). */
static void rb_bulk_prefix(uint8_t family, size_t i, struct rb_prefix *p)
{
    memset(p, 0, sizeof(*p));
    p->family = family;
    if (family == AF_INET) {
        p->len = 32;
        p->addr[0] = 198, p->addr[1] = 19;
        p->addr[2] = (uint8_t)(i >> 8), p->addr[3] = (uint8_t)i;
    } else {
        p->len = 64;
        p->addr[0] = 0xfd, p->addr[1] = 0x00, p->addr[2] = 0x00, p->addr[3] = 0x01;
        p->addr[6] = (uint8_t)(i >> 8), p->addr[7] = (uint8_t)i;
    }
}

static void rb_prefix_text(const struct rb_prefix *p, char *buf, size_t len)
{
    char a[INET6_ADDRSTRLEN];
    inet_ntop(p->family, p->addr, a, sizeof(a));
    snprintf(buf, len, "%s/%u", a, p->len);
}

static FILE *rb_tmp(char *path)
{
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (f == NULL && fd >= 0)
        close(fd);
    return f;
}

/* Adds (or deletes) bulk routes [first, last) of both families, through
 * vA<k> for k = dev(i), with one `ip -batch`. */
static int rb_bulk(const char *verb, size_t first, size_t last, int fixed_dev)
{
    char path[] = "/tmp/bench-route-XXXXXX", text[64];
    FILE *f = rb_tmp(path);
    int rc = -1;
    if (f == NULL)
        return -1;
    for (size_t i = first; i < last; i++)
        for (int fam = 0; fam < 2; fam++) {
            struct rb_prefix p;
            int dev = fixed_dev >= 0 ? fixed_dev : 1 + (int)(i % (RB_PAIRS - 1));
            rb_bulk_prefix(fam ? AF_INET6 : AF_INET, i, &p);
            rb_prefix_text(&p, text, sizeof(text));
            fprintf(f, "route %s %s dev vA%d metric %d proto static\n", verb, text, dev,
                    RB_METRIC);
        }
    if (fclose(f) == 0)
        rc = rb_batch(path);
    unlink(path);
    return rc;
}

static int rb_fixture(void)
{
    char path[] = "/tmp/bench-route-XXXXXX";
    FILE *f;
    int rc = -1;
    if (bench_sh("ip link set lo up") != 0 || (f = rb_tmp(path)) == NULL)
        return -1;
    for (int i = 0; i < RB_PAIRS; i++)
        fprintf(f, "link add vA%d type veth peer name vB%d\nlink set vA%d up\nlink set vB%d up\n",
                i, i, i, i);
    /* vA0's own routes in the look-up figures: 4 IPv4 and 4 IPv6. */
    for (int i = 1; i <= 4; i++)
        fprintf(f, "route add 198.18.0.%d/32 dev vA0 metric %d proto static\n"
                   "route add fd00::%d/128 dev vA0 metric %d proto static\n",
                i, RB_METRIC, i, RB_METRIC);
    if (fclose(f) == 0)
        rc = rb_batch(path);
    unlink(path);
    return rc;
}

/* ======================================== 1. GetIpForwardTable2 at scale */
static long rb_table_once(void *ctx)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    DWORD st = GetIpForwardTable2(AF_UNSPEC, &t);
    if (st != NO_ERROR)
        return (long)st;
    *(ULONG *)ctx = t->NumEntries;
    FreeMibTable(t);
    return 0;
}

/* `ip -j route show table all` as a process, output to /dev/null. */
static long rb_ip_json_once(void *ctx)
{
    static char *const argv[] = {"ip", "-j", "route", "show", "table", "all", NULL};
    (void)ctx;
    return bench_spawn_quiet(argv);
}

static size_t rb_count_ip_json(void)
{
    FILE *p = popen("ip -j route show table all | grep -o '\"dst\"' | wc -l", "r");
    size_t n = 0;
    if (p != NULL) {
        if (fscanf(p, "%zu", &n) != 1)
            n = 0;
        pclose(p);
    }
    return n;
}

static void rb_part_table(const struct rb_opts *o, struct rb_both *both)
{
    static ULONG rows;
    struct bench_scase c[3];
    char label[96];
    long err;
    memset(c, 0, sizeof(c));
    err = rb_table_once(&rows);
    rb_nl_dump_both(both);
    printf("\n-- 1. the whole table: %zu + %zu route messages (IPv4 + IPv6 dumps, every table);"
           " ip -j lists %zu --\n", both->v4->msgs, both->v6->msgs, rb_count_ip_json());
    snprintf(c[0].label, sizeof(c[0].label), "GetIpForwardTable2(AF_UNSPEC), %lu rows",
             err ? 0ul : (unsigned long)rows);
    c[0].fn = rb_table_once;
    c[0].ctx = &rows;
    c[0].count = true;
    snprintf(c[1].label, sizeof(c[1].label), "floor: bare RTM_GETROUTE dump v4 + v6, %zu msgs",
             both->v4->msgs + both->v6->msgs);
    c[1].fn = rb_nl_dump_both;
    c[1].ctx = both;
    c[1].count = true;
    snprintf(c[2].label, sizeof(c[2].label), "ip -j route show table all (process)");
    c[2].fn = rb_ip_json_once;
    c[2].apart = true;
    bench_srun(c, 3, 1, o->runs, "routes", "not via");
    snprintf(label, sizeof(label), "GetIpForwardTable2, %zu routes", o->routes);
    bench_add_row(label, &c[0].fig, "bare dump v4+v6", &c[1].fig, 1.5, "<= 1.50");
    bench_add_row("  ip -j route show table all", &c[2].fig, "bare dump v4+v6", &c[1].fig, 0,
               "-");
    if (c[0].fig.ok && c[2].fig.ok)
        printf("  ip -j takes %.2f times GetIpForwardTable2\n", c[2].fig.median / c[0].fig.median);
}

/* ====================================== 2. GetIpForwardEntry2 of one route */
struct rb_get {
    MIB_IPFORWARD_ROW2 row;
};

static void rb_get_init(struct rb_get *g, const char *prefix, uint8_t len, NET_IFINDEX index)
{
    memset(g, 0, sizeof(*g));
    if (strchr(prefix, ':')) {
        g->row.DestinationPrefix.Prefix.Ipv6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, prefix, &g->row.DestinationPrefix.Prefix.Ipv6.sin6_addr);
    } else {
        g->row.DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
        inet_pton(AF_INET, prefix, &g->row.DestinationPrefix.Prefix.Ipv4.sin_addr);
    }
    g->row.DestinationPrefix.PrefixLength = len;
    g->row.InterfaceIndex = index;
}

static long rb_get_once(void *ctx)
{
    MIB_IPFORWARD_ROW2 row = ((struct rb_get *)ctx)->row;
    DWORD st = GetIpForwardEntry2(&row);
    if (st == NO_ERROR && row.Metric == 0 && row.InterfaceLuid.Value == 0)
        return -EPROTO; /* said yes, filled nothing */
    return (long)st;
}

struct rb_size {
    size_t total;           /* routes added (RB_OWN of them through vA0) */
    struct bench_scase c[6];    /* Get v4, Get v6, filtered v4, v6, full v4, v6 */
};

static void rb_lookup(struct rb_size *s, const char *what, size_t iters, NET_IFINDEX va0)
{
    static struct rb_get g[2];
    static struct rb_nl *nl[4];
    static const char *const fam[2] = {"IPv4", "IPv6"};
    struct bench_scase *c = s->c;
    memset(c, 0, sizeof(s->c));
    rb_get_init(&g[0], "198.18.0.2", 32, va0);
    rb_get_init(&g[1], "fd00::2", 128, va0);
    for (int i = 0; i < 4; i++) {
        if (nl[i] == NULL)
            nl[i] = rb_nl_open(i % 2 ? AF_INET6 : AF_INET, i < 2 ? va0 : 0);
        if (nl[i] == NULL) {
            printf("  cannot open a netlink socket\n");
            return;
        }
    }
    printf("\n-- 2. one route, %s --\n", what);
    for (int i = 0; i < 2; i++) {
        snprintf(c[i].label, sizeof(c[i].label), "GetIpForwardEntry2(%s on vA0)",
                 i ? "fd00::2/128" : "198.18.0.2/32");
        c[i].fn = rb_get_once;
        c[i].ctx = &g[i];
        c[i].count = true;
        c[i].oif = va0;
    }
    for (int i = 0; i < 4; i++) {
        rb_nl_dump(nl[i]);
        snprintf(c[2 + i].label, sizeof(c[2 + i].label), "floor: bare %s dump %s, %zu msgs",
                 fam[i % 2], i < 2 ? "RTA_OIF=vA0" : "(all)", nl[i]->msgs);
        c[2 + i].fn = rb_nl_dump;
        c[2 + i].ctx = nl[i];
    }
    bench_srun(c, 6, iters >= 100 ? 20 : 2, iters, "routes", "not via");
}

static void rb_lookup_rows(const struct rb_size *s, const char *tag)
{
    char fig[64], chk[64], fl[64];
    for (int i = 0; i < 2; i++) {
        snprintf(fig, sizeof(fig), "Get %s, %s", i ? "v6" : "v4", tag);
        bench_add_row(fig, &s->c[i].fig, "filtered dump", &s->c[2 + i].fig, 0, "-");
    }
    for (int i = 0; i < 2; i++) {
        if (!s->c[i].fig.ok)
            continue;
        snprintf(chk, sizeof(chk), "%zu routes rx, %zu foreign", s->c[i].rows,
                 s->c[i].foreign);
        snprintf(fig, sizeof(fig), "  rx of Get %s, %s", i ? "v6" : "v4", tag);
        snprintf(fl, sizeof(fl), "all-routes dump: %zu msgs", ((struct rb_nl *)s->c[4 + i].ctx)->msgs);
        bench_add_check(fig, chk, fl, s->c[i].foreign == 0);
    }
}

/* ======================================== 3. create and delete, one by one */
struct rb_churn {
    size_t n;
    struct rb_prefix *p;
    MIB_IPFORWARD_ROW2 *rows;
    NET_IFINDEX oif;
    struct rb_nl *nl;
    uint64_t *op;           /* per-op times of the last phase */
};

static void rb_churn_init(struct rb_churn *ch, size_t n, NET_IFINDEX oif)
{
    ch->n = n;
    ch->oif = oif;
    ch->p = calloc(n, sizeof(*ch->p));
    ch->rows = calloc(n, sizeof(*ch->rows));
    ch->op = calloc(n, sizeof(*ch->op));
    ch->nl = rb_nl_open(AF_UNSPEC, 0);
    for (size_t i = 0; ch->p && ch->rows && i < n; i++) {
        MIB_IPFORWARD_ROW2 *r = &ch->rows[i];
        /* alternate families: i even IPv4, odd IPv6 */
        rb_bulk_prefix(i % 2 ? AF_INET6 : AF_INET, i / 2, &ch->p[i]);
        InitializeIpForwardEntry(r);
        r->InterfaceIndex = oif;
        r->DestinationPrefix.PrefixLength = ch->p[i].len;
        if (ch->p[i].family == AF_INET) {
            r->DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
            memcpy(&r->DestinationPrefix.Prefix.Ipv4.sin_addr, ch->p[i].addr, 4);
        } else {
            r->DestinationPrefix.Prefix.Ipv6.sin6_family = AF_INET6;
            memcpy(&r->DestinationPrefix.Prefix.Ipv6.sin6_addr, ch->p[i].addr, 16);
        }
    }
}

enum rb_how { RB_API, RB_BARE, RB_IP };

/* One phase: ch->n creates (add) or deletes, timed whole; per-op times in
 * ch->op (not for ip).  0, or the first failure's code. */
static long rb_churn_phase(struct rb_churn *ch, enum rb_how how, bool add, uint64_t *total)
{
    uint64_t start = bench_now_ns();
    long err = 0;
    if (how == RB_IP) {
        char path[] = "/tmp/bench-route-XXXXXX", text[64];
        FILE *f = rb_tmp(path);
        if (f == NULL)
            return -EIO;
        for (size_t i = 0; i < ch->n; i++) {
            rb_prefix_text(&ch->p[i], text, sizeof(text));
            fprintf(f, "route %s %s dev vA0 metric %d proto static\n", add ? "add" : "del",
                    text, RB_METRIC);
        }
        fclose(f);
        start = bench_now_ns(); /* the file is written before the clock starts */
        err = rb_batch(path) == 0 ? 0 : -EIO;
        *total = bench_now_ns() - start;
        unlink(path);
        return err;
    }
    for (size_t i = 0; i < ch->n && err == 0; i++) {
        uint64_t t0 = bench_now_ns();
        if (how == RB_API)
            err = (long)(add ? CreateIpForwardEntry2(&ch->rows[i])
                             : DeleteIpForwardEntry2(&ch->rows[i]));
        else
            err = rb_nl_change(ch->nl, add ? RTM_NEWROUTE : RTM_DELROUTE, &ch->p[i], ch->oif);
        ch->op[i] = bench_now_ns() - t0;
    }
    *total = bench_now_ns() - start;
    return err;
}

/* Whatever a failed phase left: every static route through vA0 that is
 * one of the churn's. */
static void rb_churn_clean(void)
{
    bench_sh("ip -4 route flush dev vA0 proto static 198.19.0.0/16 2>/dev/null;"
             " ip -6 route flush dev vA0 proto static fd00:1::/32 2>/dev/null");
}

static double rb_mean_range(const uint64_t *t, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to; i++)
        s += (double)t[i];
    return to > from ? s / (double)(to - from) : 0;
}

static void rb_part_churn(const struct rb_opts *o, NET_IFINDEX va0)
{
    static const char *const name[3] = {"CreateIpForwardEntry2/DeleteIpForwardEntry2",
                                        "bare RTM_NEWROUTE/RTM_DELROUTE + ACK",
                                        "ip -batch (process)"};
    struct rb_churn ch;
    uint64_t *t[3][2];
    long err[3] = {0, 0, 0};
    struct bench_sfig fig[3][2];
    double first[2] = {0, 0}, last[2] = {0, 0};
    size_t runs = o->churn_runs, k = o->churn / 10 ? o->churn / 10 : 1;
    char label[96];
    memset(&ch, 0, sizeof(ch));
    memset(fig, 0, sizeof(fig));
    rb_churn_init(&ch, o->churn, va0);
    if (ch.p == NULL || ch.rows == NULL || ch.op == NULL || ch.nl == NULL) {
        printf("  out of memory\n");
        return;
    }
    printf("\n-- 3. %zu routes through vA0 (half IPv4 /32, half IPv6 /64, alternating)"
           " created, then deleted, one call each; %zu runs --\n", o->churn, runs);
    for (int h = 0; h < 3; h++)
        for (int a = 0; a < 2; a++)
            t[h][a] = calloc(runs, sizeof(uint64_t));
    for (size_t r = 0; r < runs; r++)
        for (int h = 0; h < 3; h++) {
            if (err[h])
                continue;
            for (int a = 1; a >= 0 && err[h] == 0; a--) { /* add, then delete */
                uint64_t total = 0;
                err[h] = rb_churn_phase(&ch, (enum rb_how)h, a == 1, &total);
                t[h][1 - a][r] = total;
                if (h == RB_API && err[h] == 0 && r == runs - 1) {
                    first[1 - a] = rb_mean_range(ch.op, 0, k);
                    last[1 - a] = rb_mean_range(ch.op, ch.n - k, ch.n);
                }
            }
            if (err[h]) {
                printf("  %s: FAILED (code %ld%s)\n", name[h], err[h], bench_scode(err[h]));
                rb_churn_clean();
            }
        }
    for (int h = 0; h < 3; h++)
        for (int a = 0; a < 2; a++) {
            if (err[h] == 0) {
                bench_sstats(t[h][a], runs, &fig[h][a]);
                snprintf(label, sizeof(label), "%s: %zu %s", h == 0 ? "API" : name[h], o->churn,
                         a ? "deletes" : "creates");
                bench_sprint(label, &fig[h][a], NULL);
            }
            free(t[h][a]);
        }
    if (err[0] == 0) {
        char f1[32], f2[32];
        for (int a = 0; a < 2; a++) {
            bench_sfmt(f1, sizeof(f1), first[a]);
            bench_sfmt(f2, sizeof(f2), last[a]);
            printf("  API %s per call, first %zu: %s, last %zu: %s (last run)\n",
                   a ? "delete" : "create", k, f1, k, f2);
        }
    }
    /* Where an API create and delete spend their time: one more phase
     * each, untimed, with the recvmsg/sendto seam counting. */
    for (int a = 1; a >= 0 && err[0] == 0; a--) {
        uint64_t total = 0;
        char f1[24], f2[24];
        bench_rx_start(va0);
        err[0] = rb_churn_phase(&ch, RB_API, a == 1, &total);
        bench_rx.on = false;
        if (err[0] != 0)
            break;
        bench_sfmt(f1, sizeof(f1), (double)bench_rx.sys_ns / (double)ch.n);
        bench_sfmt(f2, sizeof(f2), (double)(total - bench_rx.sys_ns) / (double)ch.n);
        printf("  API %s, per call: %.1f requests (%.1f dumps), %.1f msgs received"
               " (%.1f routes), in sendto+recvmsg %s, the rest %s\n",
               a ? "create" : "delete", (double)bench_rx.requests / (double)ch.n,
               (double)bench_rx.dumps / (double)ch.n, (double)bench_rx.msgs / (double)ch.n,
               (double)bench_rx.rows / (double)ch.n, f1, f2);
    }
    for (int a = 0; a < 2; a++) {
        snprintf(label, sizeof(label), "%zu %s via API", o->churn, a ? "deletes" : "creates");
        bench_add_row(label, &fig[0][a], "bare+ACK", &fig[1][a], 1.5, "<= 1.50");
        snprintf(label, sizeof(label), "  %zu %s via ip -batch", o->churn,
                 a ? "deletes" : "creates");
        bench_add_row(label, &fig[2][a], "bare+ACK", &fig[1][a], 0, "-");
    }
    rb_nl_close(ch.nl);
    free(ch.p);
    free(ch.rows);
    free(ch.op);
}

/* A part that takes longer than this is stuck (a call that never returns):
 * say so and stop, rather than wait for meson's timeout. */
static const char *rb_part_now = "setup";

static void rb_stuck(int sig)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg), "\nstopped: part \"%s\" ran past its watchdog (a call"
                     " that never returns?)\n", rb_part_now);
    (void)sig;
    if (n > 0 && write(STDOUT_FILENO, msg, (size_t)n) < 0)
        _exit(1);
    _exit(1);
}

static void rb_watchdog(const char *part, unsigned seconds)
{
    rb_part_now = part;
    alarm(seconds);
}

/* =============================================================== main */
static void rb_usage(FILE *f)
{
    fprintf(f, "usage: bench-route [--routes N] [--runs N] [--churn N] [--churn-runs N]"
               " [--iters N]\n"
               "                   [--only churn|get|table]\n"
               "Run as root.  Defaults: 100000 routes (half IPv4, half IPv6; at most 131072),\n"
               "11 table runs, 10000 routes created and deleted, 3 runs of that, 2000 look-ups\n"
               "at 10 routes (fewer as the routes grow); every part.\n");
}

static int rb_parse(int argc, char **argv, struct rb_opts *o)
{
    static const struct option longopts[] = {
        {"routes", required_argument, NULL, 'r'},
        {"runs", required_argument, NULL, 'n'},
        {"churn", required_argument, NULL, 'c'},
        {"churn-runs", required_argument, NULL, 'C'},
        {"iters", required_argument, NULL, 'i'},
        {"only", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': o->routes = strtoul(optarg, NULL, 10); break;
        case 'n': o->runs = strtoul(optarg, NULL, 10); break;
        case 'c': o->churn = strtoul(optarg, NULL, 10); break;
        case 'C': o->churn_runs = strtoul(optarg, NULL, 10); break;
        case 'i': o->iters = strtoul(optarg, NULL, 10); break;
        case 'o':
            o->only = strcmp(optarg, "churn") == 0   ? RB_ONLY_CHURN
                      : strcmp(optarg, "get") == 0   ? RB_ONLY_GET
                      : strcmp(optarg, "table") == 0 ? RB_ONLY_TABLE
                                                     : 0;
            if (o->only == 0) {
                rb_usage(stderr);
                return -1;
            }
            break;
        case 'h': rb_usage(stdout); exit(0);
        default: rb_usage(stderr); return -1;
        }
    }
    if (o->routes < 2 * RB_OWN || o->routes > 131072 || o->runs == 0 || o->churn < 2 ||
        o->churn > 131072 || o->churn_runs == 0 || o->iters == 0) {
        rb_usage(stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct rb_opts o = {100000, 11, 10000, 3, 2000, RB_ONLY_CHURN | RB_ONLY_GET | RB_ONLY_TABLE};
    static const size_t sizes[4] = {10, 1000, 10000, 100000};
    static struct rb_size sz[5];
    struct rb_both both = {NULL, NULL};
    struct utsname u;
    size_t have = 0; /* bulk routes per family now */
    NET_IFINDEX va0;
    char what[96], tag[32];
    if (rb_parse(argc, argv, &o) < 0)
        return 2;
    uname(&u);
    printf("== bench-route: netioapi-compat %d.%d.%d, Linux %s, %ld CPUs ==\n",
           NETIOAPI_COMPAT_VERSION_MAJOR, NETIOAPI_COMPAT_VERSION_MINOR,
           NETIOAPI_COMPAT_VERSION_PATCH, u.release, sysconf(_SC_NPROCESSORS_ONLN));
    if (!bench_enter_netns())
        return 77;
    if (rb_fixture() != 0 || (va0 = if_nametoindex("vA0")) == 0) {
        printf("skipped: could not build the fixture (ip, veth)\n");
        return 77;
    }
    bench_sh("printf '  (load: %%s)\\n' \"$(cut -d' ' -f1-3 /proc/loadavg)\"");

    /* 3 first, in the nearly empty namespace: the routes made and removed
     * there are the only ones besides vA0's 8 and the kernel's. */
    signal(SIGALRM, rb_stuck);
    rb_watchdog("create/delete", 900);
    if (o.only & RB_ONLY_CHURN)
        rb_part_churn(&o, va0);
    rb_watchdog("one route and the table", 900);
    if (!(o.only & (RB_ONLY_GET | RB_ONLY_TABLE))) {
        bench_print_rows();
        return 0;
    }

    /* 2 and 1: bulk routes through vA1..vA3, grown in steps. */
    for (int s = 0; s < 4; s++) {
        size_t total = s == 0 ? sizes[0] : sizes[s] * o.routes / 100000;
        size_t want = total > RB_OWN ? (total - RB_OWN) / 2 : 0;
        size_t iters = s == 0 ? o.iters : s == 1 ? o.iters / 2 : s == 2 ? o.iters / 6
                                                                        : o.iters / 20;
        if (iters < 10)
            iters = 10;
        if (!(o.only & RB_ONLY_GET) && s < 3)
            continue;
        if (want > have && rb_bulk("add", have, want, -1) != 0) {
            printf("\nstopped: `ip -batch` could not add the routes\n");
            break;
        }
        have = want > have ? want : have;
        sz[s].total = RB_OWN + 2 * have;
        snprintf(what, sizeof(what), "%zu routes (%d through vA0, %zu through vA1..vA%d)",
                 sz[s].total, RB_OWN, 2 * have, RB_PAIRS - 1);
        if (o.only & RB_ONLY_GET) {
            rb_lookup(&sz[s], what, iters, va0);
            snprintf(tag, sizeof(tag), "%zu routes", sz[s].total);
            rb_lookup_rows(&sz[s], tag);
        }
        if (s == 3 && (o.only & RB_ONLY_TABLE)) {
            both.v4 = rb_nl_open(AF_INET, 0);
            both.v6 = rb_nl_open(AF_INET6, 0);
            if (both.v4 != NULL && both.v6 != NULL)
                rb_part_table(&o, &both);
        }
    }
    /* Growth of the look-up, and the worst case: every route through vA0. */
    for (int i = 0; i < 2 && (o.only & RB_ONLY_GET); i++) {
        char fig[64];
        snprintf(fig, sizeof(fig), "Get %s growth, %zu/%zu routes", i ? "v6" : "v4",
                 sz[3].total, sz[0].total);
        bench_add_row(fig, &sz[3].c[i].fig, "Get at 10", &sz[0].c[i].fig, 0, "-");
    }
    rb_watchdog("one route, worst case", 600);
    if (!(o.only & RB_ONLY_GET))
        ;
    else if (bench_sh("ip link del vA1; ip link del vA2; ip link del vA3") == 0 &&
             rb_bulk("add", 0, have, 0) == 0) {
        sz[4].total = RB_OWN + 2 * have;
        snprintf(what, sizeof(what), "worst case, all %zu routes through vA0", sz[4].total);
        rb_lookup(&sz[4], what, o.iters / 100 >= 10 ? o.iters / 100 : 10, va0);
        snprintf(tag, sizeof(tag), "all %zu via vA0", sz[4].total);
        rb_lookup_rows(&sz[4], tag);
    } else
        printf("\nstopped: could not move the routes to vA0 for the worst case\n");
    alarm(0);
    printf("  peak RSS: %ld KiB\n", bench_peak_rss_kib());
    bench_sh("printf '  (load: %%s)\\n' \"$(cut -d' ' -f1-3 /proc/loadavg)\"");
    bench_print_rows();
    rb_nl_close(both.v4);
    rb_nl_close(both.v6);
    return 0;
}
