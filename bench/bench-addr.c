/* bench-addr.c - the unicast address rows at scale: GetUnicastIpAddressTable
 * with 20,000 addresses, GetUnicastIpAddressEntry of one address as the
 * addresses grow from 10 to 20,000, and 10,000 addresses created and
 * deleted one by one, each against the bare rtnetlink floor (libmnl,
 * socket opened once) and the table against iproute2 (`ip -j addr`) run as
 * a process.
 *
 * Runs as root: it moves itself into a new network namespace first (the
 * host's interfaces are never touched) and makes veth pairs vA0/vB0 ..
 * vA3/vB3 there.  Every address is inside 198.18.0.0/15 or fd00::/8.
 * Prints one line per figure and ends with one table (figure, value,
 * floor, ratio, target, PASS/MISS/info); exits 0 whatever the figures are
 * (77, "skipped", when it cannot make a namespace; 1 when a part runs past
 * its watchdog).
 *
 * As bench-route does, this program defines recvmsg() and sendto() itself
 * (the library and libmnl call them through the PLT): with counting on,
 * every datagram read is walked, its messages counted, and every
 * RTM_NEWADDR checked against the interface the call was about; requests
 * and dumps are counted and the time inside the two system calls added
 * up.  Counting is off while anything is timed.  bench/README.md says what
 * each figure means.
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
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "netioapi_compat.h"

#include "bench.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

#define AB_BUFSIZE 32768
#define AB_PAIRS 4          /* veth pairs vA0/vB0 .. vA3/vB3 */
#define AB_OWN 8            /* vA0's addresses in the look-up figures (4 + 4) */
#define AB_MAX 60000        /* bulk addresses per family at most (198.19.0.0/16 less some) */

struct ab_opts {
    size_t addrs;       /* addresses of the table figure (half IPv4, half IPv6) */
    size_t runs;        /* timed runs of each table figure */
    size_t churn;       /* addresses created and deleted */
    size_t churn_runs;  /* runs of each create/delete figure */
    size_t iters;       /* timed calls per look-up figure at 10 addresses (fewer when large) */
    unsigned only;      /* AB_ONLY_* bits: the parts run (profiling one alone) */
};

#define AB_ONLY_CHURN 1u
#define AB_ONLY_GET 2u
#define AB_ONLY_TABLE 4u

/* ====================================================== recvmsg, sendto */
static void ab_rx_count(const void *buf, size_t n)
{
    const struct nlmsghdr *nlh = buf;
    int len = (int)n;
    bench_rx.datagrams++;
    bench_rx.bytes += n;
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
        const struct ifaddrmsg *ifa;
        bench_rx.msgs++;
        if (nlh->nlmsg_type != RTM_NEWADDR || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
            continue;
        ifa = mnl_nlmsg_get_payload(nlh);
        bench_rx.rows++;
        if (ifa->ifa_index != bench_rx.oif)
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
        ab_rx_count(msg->msg_iov[0].iov_base, (size_t)n < have ? (size_t)n : have);
    }
    return n;
}

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
struct ab_nl {
    struct mnl_socket *sock;
    unsigned portid, seq;
    uint16_t type;      /* of the dump: RTM_GETADDR or RTM_GETLINK */
    uint8_t family;     /* of the dump (AF_UNSPEC: both) */
    uint32_t ifindex;   /* 0: every interface, else ifa_index (the kernel filters) */
    size_t msgs;
    char buf[AB_BUFSIZE];
};

static struct ab_nl *ab_nl_open(uint16_t type, uint8_t family, uint32_t ifindex)
{
    struct ab_nl *nl = calloc(1, sizeof(*nl));
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
    /* As the library does: the kernel then honours ifa_index in a dump. */
    mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    nl->portid = mnl_socket_get_portid(nl->sock);
    nl->type = type;
    nl->family = family;
    nl->ifindex = ifindex;
    return nl;
}

static void ab_nl_close(struct ab_nl *nl)
{
    if (nl != NULL) {
        mnl_socket_close(nl->sock);
        free(nl);
    }
}

/* Until NLMSG_DONE, only the headers walked (messages counted). */
static long ab_nl_drain(struct ab_nl *nl)
{
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

/* One dump: RTM_GETADDR of nl->family (of nl->ifindex when set), or the
 * library's RTM_GETLINK dump (stats skipped), received into 32 KiB. */
static long ab_nl_dump(void *ctx)
{
    struct ab_nl *nl = ctx;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    nlh->nlmsg_type = nl->type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++nl->seq;
    if (nl->type == RTM_GETLINK) {
        struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
        ifi->ifi_family = AF_UNSPEC;
        mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    } else {
        struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
        ifa->ifa_family = nl->family;
        ifa->ifa_index = nl->ifindex;
    }
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    return ab_nl_drain(nl);
}

/* What the library's table is built on, bare: the IPv4 and IPv6 address
 * dumps and the link dump (for the LUIDs). */
struct ab_three {
    struct ab_nl *v4, *v6, *link;
};

static long ab_nl_dump_three(void *ctx)
{
    struct ab_three *b = ctx;
    long err = ab_nl_dump(b->v4);
    if (err == 0)
        err = ab_nl_dump(b->v6);
    return err ? err : ab_nl_dump(b->link);
}

/* One address as the floors and iproute2 write it. */
struct ab_ip {
    uint8_t family, len;
    uint8_t addr[16];
};

/* The kernel's lookup of one IPv6 address (inet6_rtm_getaddr), the
 * request the library's Get sends for IPv6: one reply, not parsed. */
struct ab_get6 {
    struct ab_nl *nl;
    struct ab_ip ip;
};

static long ab_nl_get6(void *ctx)
{
    struct ab_get6 *g = ctx;
    struct ab_nl *nl = g->nl;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct ifaddrmsg *ifa;
    ssize_t n;
    nlh->nlmsg_type = RTM_GETADDR;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    nlh->nlmsg_seq = ++nl->seq;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET6;
    ifa->ifa_index = nl->ifindex;
    mnl_attr_put(nlh, IFA_ADDRESS, 16, g->ip.addr);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
    if (n < 0)
        return -errno;
    nlh = (struct nlmsghdr *)nl->buf;
    return (size_t)n >= sizeof(*nlh) && nlh->nlmsg_type == RTM_NEWADDR ? 0 : -EPROTO;
}

/* RTM_NEWADDR (create, exclusive) or RTM_DELADDR of a on ifindex, with
 * NLM_F_ACK, waiting for the ACK: what the library's Create and Delete
 * send (IFA_LOCAL and IFA_ADDRESS; for a new one IFA_FLAGS with
 * IFA_F_NODAD for IPv6, and infinite IFA_CACHEINFO). */
static long ab_nl_change(struct ab_nl *nl, uint16_t type, const struct ab_ip *a,
                         uint32_t ifindex)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct ifaddrmsg *ifa;
    const struct nlmsgerr *e;
    size_t len = a->family == AF_INET ? 4 : 16;
    uint32_t kflags = a->family == AF_INET6 ? IFA_F_NODAD : 0;
    ssize_t n;
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
                       (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
    nlh->nlmsg_seq = ++nl->seq;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = a->family;
    ifa->ifa_prefixlen = a->len;
    ifa->ifa_flags = type == RTM_NEWADDR ? (uint8_t)kflags : 0;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = ifindex;
    mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
    mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
    if (type == RTM_NEWADDR) {
        struct ifa_cacheinfo ci;
        memset(&ci, 0, sizeof(ci));
        ci.ifa_valid = ci.ifa_prefered = 0xFFFFFFFFu;
        mnl_attr_put_u32(nlh, IFA_FLAGS, kflags);
        mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
    }
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
static int ab_batch(const char *path)
{
    return bench_sh("ip -batch %s", path);
}

/* The i-th bulk address of a family: IPv4 198.19.(i/256).(i%256)/32, IPv6
 * fd00:1::(i/65536):(i%65536)/128. */
static void ab_bulk_ip(uint8_t family, size_t i, struct ab_ip *a)
{
    memset(a, 0, sizeof(*a));
    a->family = family;
    if (family == AF_INET) {
        a->len = 32;
        a->addr[0] = 198, a->addr[1] = 19;
        a->addr[2] = (uint8_t)(i >> 8), a->addr[3] = (uint8_t)i;
    } else {
        a->len = 128;
        a->addr[0] = 0xfd, a->addr[3] = 0x01;
        a->addr[12] = (uint8_t)(i >> 24), a->addr[13] = (uint8_t)(i >> 16);
        a->addr[14] = (uint8_t)(i >> 8), a->addr[15] = (uint8_t)i;
    }
}

/* The i-th address of the create/delete part: IPv4 198.18.(1 + i/256).(i%256)/32,
 * IPv6 fd00:2::(i/65536):(i%65536)/128. */
static void ab_churn_ip(uint8_t family, size_t i, struct ab_ip *a)
{
    ab_bulk_ip(family, i, a);
    if (family == AF_INET)
        a->addr[1] = 18, a->addr[2] = (uint8_t)(1 + (i >> 8));
    else
        a->addr[3] = 0x02;
}

static void ab_ip_text(const struct ab_ip *a, char *buf, size_t len)
{
    char t[INET6_ADDRSTRLEN];
    inet_ntop(a->family, a->addr, t, sizeof(t));
    snprintf(buf, len, "%s/%u", t, a->len);
}

static FILE *ab_tmp(char *path)
{
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (f == NULL && fd >= 0)
        close(fd);
    return f;
}

/* Adds bulk addresses [first, last) of both families, on vA1..vA3 in turn,
 * with one `ip -batch` (IPv6 without DAD: no address is tentative). */
static int ab_bulk_add(size_t first, size_t last)
{
    char path[] = "/tmp/bench-addr-XXXXXX", text[64];
    FILE *f = ab_tmp(path);
    int rc = -1;
    if (f == NULL)
        return -1;
    for (size_t i = first; i < last; i++)
        for (int fam = 0; fam < 2; fam++) {
            struct ab_ip a;
            ab_bulk_ip(fam ? AF_INET6 : AF_INET, i, &a);
            ab_ip_text(&a, text, sizeof(text));
            fprintf(f, "address add %s dev vA%d%s\n", text, 1 + (int)(i % (AB_PAIRS - 1)),
                    fam ? " nodad" : "");
        }
    if (fclose(f) == 0)
        rc = ab_batch(path);
    unlink(path);
    return rc;
}

static int ab_fixture(void)
{
    char path[] = "/tmp/bench-addr-XXXXXX";
    FILE *f;
    int rc = -1;
    if (bench_sh("ip link set lo up") != 0 || (f = ab_tmp(path)) == NULL)
        return -1;
    /* NOARP, as a tun is: otherwise each IPv6 address joins its
     * solicited-node group, every later add walks all the groups and the
     * MLD records of the ones left (ipv6_find_idev -> ipv6_mc_up), and the
     * kernel's MLD reports run on behind the figures: a cost that grows
     * with the addresses and with how fast the deletes came (minutes per
     * churn run at 10000), the same for the bare requests, and no figure
     * of this library's. */
    for (int i = 0; i < AB_PAIRS; i++)
        fprintf(f, "link add vA%d type veth peer name vB%d\nlink set vA%d arp off up\n"
                   "link set vB%d arp off up\n", i, i, i, i);
    /* vA0's own addresses in the look-up figures: 4 IPv4 and 4 IPv6. */
    for (int i = 1; i <= 4; i++)
        fprintf(f, "address add 198.18.0.%d/32 dev vA0\n"
                   "address add fd00::%d/128 dev vA0 nodad\n", i, i);
    if (fclose(f) == 0)
        rc = ab_batch(path);
    unlink(path);
    return rc;
}

/* Addresses of the namespace, by one bare AF_UNSPEC dump. */
static size_t ab_count(void)
{
    struct ab_nl *nl = ab_nl_open(RTM_GETADDR, AF_UNSPEC, 0);
    size_t n = nl != NULL && ab_nl_dump(nl) == 0 ? nl->msgs : 0;
    ab_nl_close(nl);
    return n;
}

/* ============================== 1. GetUnicastIpAddressTable at scale */
static long ab_table_once(void *ctx)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    DWORD st = GetUnicastIpAddressTable(AF_UNSPEC, &t);
    if (st != NO_ERROR)
        return (long)st;
    *(ULONG *)ctx = t->NumEntries;
    FreeMibTable(t);
    return 0;
}

/* `ip -j addr` as a process, output to /dev/null. */
static long ab_ip_json_once(void *ctx)
{
    static char *const argv[] = {"ip", "-j", "addr", NULL};
    (void)ctx;
    return bench_spawn_quiet(argv);
}

static size_t ab_count_ip_json(void)
{
    FILE *p = popen("ip -j addr | grep -o '\"local\"' | wc -l", "r");
    size_t n = 0;
    if (p != NULL) {
        if (fscanf(p, "%zu", &n) != 1)
            n = 0;
        pclose(p);
    }
    return n;
}

static void ab_part_table(const struct ab_opts *o)
{
    static ULONG rows;
    struct ab_nl *one = ab_nl_open(RTM_GETADDR, AF_UNSPEC, 0);
    struct ab_three three = {ab_nl_open(RTM_GETADDR, AF_INET, 0),
                             ab_nl_open(RTM_GETADDR, AF_INET6, 0),
                             ab_nl_open(RTM_GETLINK, AF_UNSPEC, 0)};
    struct bench_scase c[4];
    char label[96];
    long err;
    if (one == NULL || three.v4 == NULL || three.v6 == NULL || three.link == NULL) {
        printf("  cannot open the bare sockets\n");
        goto out;
    }
    memset(c, 0, sizeof(c));
    err = ab_table_once(&rows);
    ab_nl_dump(one);
    ab_nl_dump_three(&three);
    printf("\n-- 1. the whole table: one AF_UNSPEC dump of %zu address messages"
           " (%zu IPv4 + %zu IPv6; %zu links); ip -j lists %zu --\n", one->msgs, three.v4->msgs,
           three.v6->msgs, three.link->msgs, ab_count_ip_json());
    snprintf(c[0].label, sizeof(c[0].label), "GetUnicastIpAddressTable(AF_UNSPEC), %lu rows",
             err ? 0ul : (unsigned long)rows);
    c[0].fn = ab_table_once;
    c[0].ctx = &rows;
    c[0].count = true;
    snprintf(c[1].label, sizeof(c[1].label), "floor: bare RTM_GETADDR dump (AF_UNSPEC), %zu msgs",
             one->msgs);
    c[1].fn = ab_nl_dump;
    c[1].ctx = one;
    c[1].count = true;
    snprintf(c[2].label, sizeof(c[2].label), "ref: bare v4 + v6 address dumps + link dump");
    c[2].fn = ab_nl_dump_three;
    c[2].ctx = &three;
    c[2].count = true;
    snprintf(c[3].label, sizeof(c[3].label), "ip -j addr (process)");
    c[3].fn = ab_ip_json_once;
    c[3].apart = true;
    bench_srun(c, 4, 1, o->runs, "addresses", "not on");
    snprintf(label, sizeof(label), "GetUnicastIpAddressTable, %zu addrs", one->msgs);
    bench_add_row(label, &c[0].fig, "bare dump", &c[1].fig, 1.5, "<= 1.50");
    bench_add_row("  ref: bare v4+v6+link dumps", &c[2].fig, "bare dump", &c[1].fig, 0, "-");
    bench_add_row("  ip -j addr (process)", &c[3].fig, "bare dump", &c[1].fig, 0, "-");
    if (c[3].fig.ok && c[0].fig.ok)
        printf("  ip -j addr / GetUnicastIpAddressTable: %.2f times our time\n",
               c[3].fig.median / c[0].fig.median);
out:
    ab_nl_close(one);
    ab_nl_close(three.v4);
    ab_nl_close(three.v6);
    ab_nl_close(three.link);
}

/* ============================== 2. GetUnicastIpAddressEntry of one address */
struct ab_get {
    MIB_UNICASTIPADDRESS_ROW key;
};

static long ab_get_once(void *ctx)
{
    struct ab_get *g = ctx;
    MIB_UNICASTIPADDRESS_ROW row = g->key;
    DWORD st = GetUnicastIpAddressEntry(&row);
    if (st != NO_ERROR)
        return (long)st;
    return row.InterfaceIndex == g->key.InterfaceIndex ? 0 : -EPROTO;
}

static void ab_row_of(const struct ab_ip *a, NET_IFINDEX ifindex, MIB_UNICASTIPADDRESS_ROW *r)
{
    InitializeUnicastIpAddressEntry(r);
    r->InterfaceIndex = ifindex;
    if (a->family == AF_INET) {
        r->Address.Ipv4.sin_family = AF_INET;
        memcpy(&r->Address.Ipv4.sin_addr, a->addr, 4);
    } else {
        r->Address.Ipv6.sin6_family = AF_INET6;
        memcpy(&r->Address.Ipv6.sin6_addr, a->addr, 16);
    }
    r->OnLinkPrefixLength = a->len;
}

struct ab_size {
    size_t total;
    struct bench_scase c[6];
    struct ab_get get[2];
    struct ab_get6 bare6;
    struct ab_nl *nl[4];    /* v4 filtered dump, v6 get, v4 all, v6 all */
};

static void ab_lookup(struct ab_size *s, const char *what, size_t iters, NET_IFINDEX va0)
{
    static const char *const lab[6] = {
        "GetUnicastIpAddressEntry(198.18.0.3 on vA0)", "GetUnicastIpAddressEntry(fd00::3 on vA0)",
        "floor: bare IPv4 dump of vA0 (ifa_index)", "floor: bare IPv6 RTM_GETADDR of fd00::3",
        "ref: bare IPv4 dump (every address)", "ref: bare IPv6 dump (every address)"};
    struct ab_ip a;
    printf("\n-- 2. one address, %s --\n", what);
    memset(s->c, 0, sizeof(s->c));
    for (int i = 0; i < 4; i++) {
        ab_nl_close(s->nl[i]);
        s->nl[i] = ab_nl_open(RTM_GETADDR, i % 2 ? AF_INET6 : AF_INET, i < 2 ? va0 : 0);
        if (s->nl[i] == NULL) {
            printf("  cannot open a bare socket\n");
            return;
        }
    }
    for (int i = 0; i < 2; i++) {
        memset(&a, 0, sizeof(a));
        a.family = i ? AF_INET6 : AF_INET;
        if (i == 0) {
            a.len = 32;
            a.addr[0] = 198, a.addr[1] = 18, a.addr[3] = 3;
        } else {
            a.len = 128;
            a.addr[0] = 0xfd, a.addr[15] = 3;
            s->bare6.ip = a;
        }
        ab_row_of(&a, va0, &s->get[i].key);
        s->get[i].key.OnLinkPrefixLength = 255; /* the key is address and interface */
    }
    s->bare6.nl = s->nl[1];
    for (int i = 0; i < 6; i++) {
        snprintf(s->c[i].label, sizeof(s->c[i].label), "%s", lab[i]);
        s->c[i].count = true;
        s->c[i].oif = va0;
    }
    s->c[0].fn = s->c[1].fn = ab_get_once;
    s->c[0].ctx = &s->get[0];
    s->c[1].ctx = &s->get[1];
    s->c[2].fn = ab_nl_dump;
    s->c[2].ctx = s->nl[0];
    s->c[3].fn = ab_nl_get6;
    s->c[3].ctx = &s->bare6;
    s->c[4].fn = s->c[5].fn = ab_nl_dump;
    s->c[4].ctx = s->nl[2];
    s->c[5].ctx = s->nl[3];
    bench_srun(s->c, 6, iters >= 100 ? 20 : 2, iters, "addresses", "not on");
}

static void ab_lookup_rows(const struct ab_size *s, const char *tag)
{
    char fig[64], chk[64], fl[64];
    for (int i = 0; i < 2; i++) {
        snprintf(fig, sizeof(fig), "Get %s, %s", i ? "v6" : "v4", tag);
        bench_add_row(fig, &s->c[i].fig, i ? "bare RTM_GETADDR" : "filtered dump",
                   &s->c[2 + i].fig, 0, "-");
    }
    for (int i = 0; i < 2; i++) {
        if (!s->c[i].fig.ok)
            continue;
        /* Targeted: none of another interface's addresses, and no more of
         * vA0's than the request needs (one for IPv6, vA0's 4 IPv4). */
        snprintf(chk, sizeof(chk), "%zu addrs rx, %zu foreign", s->c[i].rows, s->c[i].foreign);
        snprintf(fig, sizeof(fig), "  rx of Get %s, %s", i ? "v6" : "v4", tag);
        snprintf(fl, sizeof(fl), "all-addresses dump: %zu msgs", s->nl[2 + i]->msgs);
        bench_add_check(fig, chk, fl, s->c[i].foreign == 0 && s->c[i].rows <= (i ? 1u : 4u));
    }
}

/* ==================================== 3. create and delete, one by one */
struct ab_churn {
    size_t n;
    struct ab_ip *a;
    MIB_UNICASTIPADDRESS_ROW *rows;
    NET_IFINDEX ifindex;
    struct ab_nl *nl;
    uint64_t *op;           /* per-op times of the last phase */
};

static void ab_churn_init(struct ab_churn *ch, size_t n, NET_IFINDEX ifindex)
{
    ch->n = n;
    ch->ifindex = ifindex;
    ch->a = calloc(n, sizeof(*ch->a));
    ch->rows = calloc(n, sizeof(*ch->rows));
    ch->op = calloc(n, sizeof(*ch->op));
    ch->nl = ab_nl_open(RTM_GETADDR, AF_UNSPEC, 0);
    for (size_t i = 0; ch->a && ch->rows && i < n; i++) {
        /* alternate families: i even IPv4, odd IPv6 */
        ab_churn_ip(i % 2 ? AF_INET6 : AF_INET, i / 2, &ch->a[i]);
        ab_row_of(&ch->a[i], ifindex, &ch->rows[i]);
        /* wintun's and wireguard-nt's way: no duplicate detection */
        ch->rows[i].DadState = IpDadStatePreferred;
    }
}

enum ab_how { AB_API, AB_BARE };

/* One phase: ch->n creates (add) or deletes, timed whole; per-op times in
 * ch->op.  0, or the first failure's code. */
static long ab_churn_phase(struct ab_churn *ch, enum ab_how how, bool add, uint64_t *total)
{
    uint64_t start = bench_now_ns();
    long err = 0;
    for (size_t i = 0; i < ch->n && err == 0; i++) {
        uint64_t t0 = bench_now_ns();
        if (how == AB_API)
            err = (long)(add ? CreateUnicastIpAddressEntry(&ch->rows[i])
                             : DeleteUnicastIpAddressEntry(&ch->rows[i]));
        else
            err = ab_nl_change(ch->nl, add ? RTM_NEWADDR : RTM_DELADDR, &ch->a[i], ch->ifindex);
        ch->op[i] = bench_now_ns() - t0;
    }
    *total = bench_now_ns() - start;
    return err;
}

/* Whatever a failed phase left: every address of the churn's ranges on vA0. */
static void ab_churn_clean(void)
{
    bench_sh("ip -4 addr flush dev vA0 to 198.18.0.0/16 2>/dev/null;"
             " ip -4 addr add 198.18.0.1/32 dev vA0 2>/dev/null;"
             " ip -6 addr flush dev vA0 to fd00:2::/32 2>/dev/null");
}

static double ab_mean_range(const uint64_t *t, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to; i++)
        s += (double)t[i];
    return to > from ? s / (double)(to - from) : 0;
}

static void ab_part_churn(const struct ab_opts *o, NET_IFINDEX va0)
{
    static const char *const name[2] = {"Create/DeleteUnicastIpAddressEntry",
                                        "bare RTM_NEWADDR/RTM_DELADDR + ACK"};
    struct ab_churn ch;
    uint64_t *t[2][2];
    long err[2] = {0, 0};
    struct bench_sfig fig[2][2];
    double first[2] = {0, 0}, last[2] = {0, 0};
    size_t runs = o->churn_runs, k = o->churn / 10 ? o->churn / 10 : 1;
    char label[96];
    memset(&ch, 0, sizeof(ch));
    memset(fig, 0, sizeof(fig));
    ab_churn_init(&ch, o->churn, va0);
    if (ch.a == NULL || ch.rows == NULL || ch.op == NULL || ch.nl == NULL) {
        printf("  out of memory\n");
        return;
    }
    printf("\n-- 3. %zu addresses on vA0 (NOARP, as a tun; half IPv4 /32, half IPv6 /128"
           " without DAD, alternating) created, then deleted, one call each; %zu runs --\n",
           o->churn, runs);
    for (int h = 0; h < 2; h++)
        for (int a = 0; a < 2; a++)
            t[h][a] = calloc(runs, sizeof(uint64_t));
    for (size_t r = 0; r < runs; r++)
        for (int h = 0; h < 2; h++) {
            if (err[h])
                continue;
            for (int a = 1; a >= 0 && err[h] == 0; a--) { /* add, then delete */
                uint64_t total = 0;
                err[h] = ab_churn_phase(&ch, (enum ab_how)h, a == 1, &total);
                t[h][1 - a][r] = total;
                if (h == AB_API && err[h] == 0 && r == runs - 1) {
                    first[1 - a] = ab_mean_range(ch.op, 0, k);
                    last[1 - a] = ab_mean_range(ch.op, ch.n - k, ch.n);
                }
            }
            if (err[h]) {
                printf("  %s: FAILED (code %ld%s)\n", name[h], err[h], bench_scode(err[h]));
                ab_churn_clean();
            }
        }
    for (int h = 0; h < 2; h++)
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
        err[0] = ab_churn_phase(&ch, AB_API, a == 1, &total);
        bench_rx.on = false;
        if (err[0] != 0) {
            printf("  API %s (counted run): FAILED (code %ld%s)\n", a ? "create" : "delete",
                   err[0], bench_scode(err[0]));
            ab_churn_clean();
            break;
        }
        bench_sfmt(f1, sizeof(f1), (double)bench_rx.sys_ns / (double)ch.n);
        bench_sfmt(f2, sizeof(f2), (double)(total - bench_rx.sys_ns) / (double)ch.n);
        printf("  API %s, per call: %.1f requests (%.1f dumps), %.1f msgs received"
               " (%.1f addresses), in sendto+recvmsg %s, the rest %s\n",
               a ? "create" : "delete", (double)bench_rx.requests / (double)ch.n,
               (double)bench_rx.dumps / (double)ch.n, (double)bench_rx.msgs / (double)ch.n,
               (double)bench_rx.rows / (double)ch.n, f1, f2);
    }
    for (int a = 0; a < 2; a++) {
        snprintf(label, sizeof(label), "%zu %s via API", o->churn, a ? "deletes" : "creates");
        bench_add_row(label, &fig[0][a], "bare+ACK", &fig[1][a], 1.5, "<= 1.50");
    }
    ab_nl_close(ch.nl);
    free(ch.a);
    free(ch.rows);
    free(ch.op);
}

/* A part that takes longer than this is stuck (a call that never returns):
 * say so and stop, rather than wait for meson's timeout. */
static const char *ab_part_now = "setup";

static void ab_stuck(int sig)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg), "\nstopped: part \"%s\" ran past its watchdog (a call"
                     " that never returns?)\n", ab_part_now);
    (void)sig;
    if (n > 0 && write(STDOUT_FILENO, msg, (size_t)n) < 0)
        _exit(1);
    _exit(1);
}

static void ab_watchdog(const char *part, unsigned seconds)
{
    ab_part_now = part;
    alarm(seconds);
}

/* =============================================================== main */
static void ab_usage(FILE *f)
{
    fprintf(f, "usage: bench-addr [--addrs N] [--runs N] [--churn N] [--churn-runs N]"
               " [--iters N]\n"
               "                  [--only churn|get|table]\n"
               "Run as root.  Defaults: 20000 addresses (half IPv4, half IPv6; at most 120000),\n"
               "11 table runs, 10000 addresses created and deleted, 3 runs of that, 2000\n"
               "look-ups at 10 addresses (fewer as the addresses grow); every part.\n");
}

static int ab_parse(int argc, char **argv, struct ab_opts *o)
{
    static const struct option longopts[] = {
        {"addrs", required_argument, NULL, 'a'},
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
        case 'a': o->addrs = strtoul(optarg, NULL, 10); break;
        case 'n': o->runs = strtoul(optarg, NULL, 10); break;
        case 'c': o->churn = strtoul(optarg, NULL, 10); break;
        case 'C': o->churn_runs = strtoul(optarg, NULL, 10); break;
        case 'i': o->iters = strtoul(optarg, NULL, 10); break;
        case 'o':
            o->only = strcmp(optarg, "churn") == 0   ? AB_ONLY_CHURN
                      : strcmp(optarg, "get") == 0   ? AB_ONLY_GET
                      : strcmp(optarg, "table") == 0 ? AB_ONLY_TABLE
                                                     : 0;
            if (o->only == 0) {
                ab_usage(stderr);
                return -1;
            }
            break;
        case 'h': ab_usage(stdout); exit(0);
        default: ab_usage(stderr); return -1;
        }
    }
    if (o->addrs < 1000 + AB_OWN || o->addrs > 2 * AB_MAX || o->runs == 0 || o->churn < 2 ||
        o->churn > 2 * AB_MAX || o->churn_runs == 0 || o->iters == 0) {
        ab_usage(stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct ab_opts o = {20000, 11, 10000, 3, 2000, AB_ONLY_CHURN | AB_ONLY_GET | AB_ONLY_TABLE};
    static struct ab_size sz[3];
    struct utsname u;
    size_t have = 0; /* bulk addresses per family now */
    NET_IFINDEX va0;
    char what[128], tag[32];
    if (ab_parse(argc, argv, &o) < 0)
        return 2;
    uname(&u);
    printf("== bench-addr: netioapi-compat %d.%d.%d, Linux %s, %ld CPUs ==\n",
           NETIOAPI_COMPAT_VERSION_MAJOR, NETIOAPI_COMPAT_VERSION_MINOR,
           NETIOAPI_COMPAT_VERSION_PATCH, u.release, sysconf(_SC_NPROCESSORS_ONLN));
    if (!bench_enter_netns())
        return 77;
    if (ab_fixture() != 0 || (va0 = if_nametoindex("vA0")) == 0) {
        printf("skipped: could not build the fixture (ip, veth)\n");
        return 77;
    }
    bench_sh("printf '  (load: %%s)\\n' \"$(cut -d' ' -f1-3 /proc/loadavg)\"");
    printf("  the namespace holds %zu addresses (vA0's %d, the kernel's link-local and"
           " loopback ones)\n", ab_count(), AB_OWN);

    /* 3 first, in the nearly empty namespace. */
    signal(SIGALRM, ab_stuck);
    ab_watchdog("create/delete", 900);
    if (o.only & AB_ONLY_CHURN)
        ab_part_churn(&o, va0);

    /* 2 and 1: bulk addresses on vA1..vA3, grown in steps; a size is
     * vA0's 8 and the bulk ones (the kernel's own, loopback and
     * link-local, are counted beside it). */
    ab_watchdog("one address and the table", 900);
    for (int s = 0; s < 3 && (o.only & (AB_ONLY_GET | AB_ONLY_TABLE)); s++) {
        size_t target = s == 0 ? 10 : s == 1 ? 1000 : o.addrs;
        size_t want = target > AB_OWN ? (target - AB_OWN) / 2 : 0;
        size_t iters = s == 0 ? o.iters : s == 1 ? o.iters / 2 : o.iters / 20;
        if (iters < 10)
            iters = 10;
        if (!(o.only & AB_ONLY_GET) && s < 2)
            continue;
        if (want > have && ab_bulk_add(have, want) != 0) {
            printf("\nstopped: `ip -batch` could not add the addresses\n");
            break;
        }
        have = want > have ? want : have;
        sz[s].total = ab_count();
        snprintf(what, sizeof(what), "%zu addresses (%d on vA0, %zu on vA1..vA%d, %zu the"
                 " kernel's)", sz[s].total, AB_OWN, 2 * have, AB_PAIRS - 1,
                 sz[s].total - AB_OWN - 2 * have);
        if (o.only & AB_ONLY_GET) {
            ab_lookup(&sz[s], what, iters, va0);
            snprintf(tag, sizeof(tag), "%zu addrs", AB_OWN + 2 * have);
            ab_lookup_rows(&sz[s], tag);
        }
        if (s == 2 && (o.only & AB_ONLY_TABLE))
            ab_part_table(&o);
    }
    for (int i = 0; i < 2 && (o.only & AB_ONLY_GET); i++) {
        char fig[64];
        snprintf(fig, sizeof(fig), "Get %s growth, %zu/%zu addrs", i ? "v6" : "v4",
                 sz[2].total, sz[0].total); /* the namespace's totals */
        bench_add_row(fig, &sz[2].c[i].fig, "Get at 10", &sz[0].c[i].fig, 0, "-");
    }
    alarm(0);
    printf("  peak RSS: %ld KiB\n", bench_peak_rss_kib());
    bench_sh("printf '  (load: %%s)\\n' \"$(cut -d' ' -f1-3 /proc/loadavg)\"");
    bench_print_rows();
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 4; i++)
            ab_nl_close(sz[s].nl[i]);
    return 0;
}
