/* bench-neigh.c - the neighbour rows at scale: GetIpNetTable2(AF_UNSPEC)
 * with 50,000 permanent neighbours against one bare libmnl RTM_GETNEIGH
 * dump of the same (socket opened once, headers walked), and
 * ResolveIpNetEntry2 of a neighbour in a second namespace against the same
 * resolution done by `arping -c1` and by the kernel itself for
 * `ping -c1 -W1` (each run as a process; `ip neigh get` only reads the
 * cache, so it is no peer).
 *
 * Runs as root: it moves itself into a new network namespace first (the
 * host's interfaces and neighbours are never touched), makes veth pairs
 * nA0/nB0 .. nA3/nB3 for the table and rA/rB with rB in a second
 * namespace (a child process that holds it) for the resolution.  The
 * neighbours are permanent entries made with RTM_NEWNEIGH, half IPv4
 * (198.18.0.0/15), half IPv6 (fd00::/8); permanent entries are not counted
 * against gc_thresh3 (Linux 4.19 on), whose table is global, so it is
 * read, never written.  Prints one line per figure and ends with one table
 * (figure, value, floor, ratio, target, PASS/MISS/info); exits 0 whatever
 * the figures are (77, "skipped", when it cannot make a namespace).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "netioapi_compat.h"

#include "bench.h"

#define NB_BUFSIZE 32768
#define NB_PAIRS 4 /* veth pairs nA0/nB0 .. nA3/nB3 */

struct nb_opts {
    size_t neigh;   /* neighbours of the table figure */
    size_t runs;    /* timed runs of the table figure */
    size_t resolves; /* timed resolutions of each kind */
};

/* =============================================== bare rtnetlink */
struct nb_nl {
    struct mnl_socket *sock;
    unsigned seq;
    size_t msgs;
    char buf[NB_BUFSIZE];
};

static struct nb_nl *nb_nl_open(void)
{
    struct nb_nl *nl = calloc(1, sizeof(*nl));
    if (nl == NULL)
        return NULL;
    nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (nl->sock == NULL || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        if (nl->sock)
            mnl_socket_close(nl->sock);
        free(nl);
        return NULL;
    }
    return nl;
}

static void nb_nl_close(struct nb_nl *nl)
{
    if (nl != NULL) {
        mnl_socket_close(nl->sock);
        free(nl);
    }
}

/* Reads until NLMSG_DONE (dump) or the ACK of seq; messages counted. */
static long nb_nl_read(struct nb_nl *nl, bool dump)
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
            if (m->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);
                if (!dump)
                    return e->error;
                return -EPROTO;
            }
            nl->msgs++;
        }
    }
}

/* One dump of every neighbour, both families (the floor). */
static long nb_nl_dump(void *ctx)
{
    struct nb_nl *nl = ctx;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct ndmsg *ndm;
    nlh->nlmsg_type = RTM_GETNEIGH;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++nl->seq;
    ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = AF_UNSPEC;
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    return nb_nl_read(nl, true);
}

/* RTM_NEWNEIGH (permanent) or RTM_DELNEIGH of addr on ifindex, with its
 * ACK: 0 or the kernel's -errno. */
static long nb_nl_neigh(struct nb_nl *nl, uint16_t type, int family, const void *addr,
                        unsigned ifindex, const uint8_t mac[6])
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    struct ndmsg *ndm;
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWNEIGH ? NLM_F_CREATE : 0);
    nlh->nlmsg_seq = ++nl->seq;
    ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = (uint8_t)family;
    ndm->ndm_ifindex = (int)ifindex;
    ndm->ndm_state = NUD_PERMANENT;
    mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, addr);
    if (mac != NULL)
        mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    return nb_nl_read(nl, false);
}

/* ================================================== the table figure */
/* Neighbour i: IPv4 198.18.x.y for even i, IPv6 fd00:18::x:y for odd. */
static int nb_addr(size_t i, uint8_t out[16])
{
    size_t k = i / 2;
    memset(out, 0, 16);
    if (i % 2 == 0) {
        out[0] = 198;
        out[1] = (uint8_t)(18 + (k >> 16));
        out[2] = (uint8_t)(k >> 8);
        out[3] = (uint8_t)k;
        return AF_INET;
    }
    out[0] = 0xfd;
    out[3] = 0x18;
    out[13] = (uint8_t)(k >> 16);
    out[14] = (uint8_t)(k >> 8);
    out[15] = (uint8_t)k;
    return AF_INET6;
}

static int nb_fill(struct nb_nl *nl, size_t n, const unsigned *ifs)
{
    uint8_t addr[16], mac[6] = {0x02, 0x00, 0x5e, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        int family = nb_addr(i, addr);
        long err;
        mac[3] = (uint8_t)(i >> 16);
        mac[4] = (uint8_t)(i >> 8);
        mac[5] = (uint8_t)i;
        err = nb_nl_neigh(nl, RTM_NEWNEIGH, family, addr, ifs[i % NB_PAIRS], mac);
        if (err != 0) {
            printf("  RTM_NEWNEIGH of neighbour %zu failed: %s\n", i, strerror((int)-err));
            return -1;
        }
    }
    return 0;
}

static long nb_get_table(void *ctx)
{
    PMIB_IPNET_TABLE2 t = NULL;
    size_t *rows = ctx;
    DWORD st = GetIpNetTable2(AF_UNSPEC, &t);
    if (st != NO_ERROR)
        return (long)st;
    *rows = t->NumEntries;
    FreeMibTable(t);
    return 0;
}

static void nb_table(const struct nb_opts *o)
{
    struct bench_scase c[2];
    struct nb_nl *nl = nb_nl_open();
    unsigned ifs[NB_PAIRS];
    size_t rows = 0;
    char label[96];
    if (nl == NULL || bench_add_veths("nA", "nB", 0, NB_PAIRS, NULL) != 0)
        goto out;
    for (size_t i = 0; i < NB_PAIRS; i++) {
        char name[16];
        snprintf(name, sizeof(name), "nA%zu", i);
        bench_sh("ip link set %s up && ip link set nB%zu up", name, i);
        ifs[i] = if_nametoindex(name);
    }
    /* Visible in the initial namespace only: nothing to raise here. */
    bench_sh("t=/proc/sys/net/ipv4/neigh/default/gc_thresh3; [ -r $t ] && "
             "echo \"  gc_thresh3 (IPv4, global, left as it is): $(cat $t)\" || "
             "echo '  gc_thresh3: not visible in this namespace (permanent entries are not "
             "counted)'");
    printf("neighbours: %zu permanent entries (RTM_NEWNEIGH) on %d veths\n", o->neigh, NB_PAIRS);
    if (nb_fill(nl, o->neigh, ifs) != 0)
        goto out;
    memset(c, 0, sizeof(c));
    snprintf(c[0].label, sizeof(c[0].label), "GetIpNetTable2(AF_UNSPEC), %zu neighbours",
             o->neigh);
    c[0].fn = nb_get_table;
    c[0].ctx = &rows;
    snprintf(c[1].label, sizeof(c[1].label), "floor: bare RTM_GETNEIGH dump (AF_UNSPEC)");
    c[1].fn = nb_nl_dump;
    c[1].ctx = nl;
    bench_srun(c, 2, 1, o->runs, "neighbours", "-");
    printf("  rows: GetIpNetTable2 %zu, bare dump %zu msgs (multicast entries of the "
           "veths included)\n", rows, nl->msgs);
    snprintf(label, sizeof(label), "GetIpNetTable2, %zu neighbours", o->neigh);
    bench_add_row(label, &c[0].fig, "bare dump", &c[1].fig, 1.5, "<= 1.50");
    if (rows < o->neigh)
        bench_add_check("  every neighbour listed", "fewer rows", "-", false);
out:
    /* The table's entries go with the veths: later figures start clean. */
    bench_sh("for i in 0 1 2 3; do ip link del nA$i 2>/dev/null; done");
    nb_nl_close(nl);
}

/* =========================================== the resolution figure */
/* A child holding a second namespace, with rB inside: 198.18.200.2/24,
 * fd00:200::2/64.  Its pid, or -1. */
static pid_t nb_peer_start(void)
{
    int p[2];
    char c;
    pid_t pid;
    if (pipe(p) != 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        if (unshare(CLONE_NEWNET) != 0)
            _exit(1);
        if (write(p[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    close(p[1]);
    if (pid < 0 || read(p[0], &c, 1) != 1) {
        close(p[0]);
        return -1;
    }
    close(p[0]);
    if (bench_sh("ip link add rA type veth peer name rB netns %d && "
                 "nsenter -t %d -n sh -c 'ip link set lo up && ip link set rB up && "
                 "ip addr add 198.18.200.2/24 dev rB && "
                 "ip addr add fd00:200::2/64 dev rB nodad' && "
                 "ip link set rA up && ip addr add 198.18.200.1/24 dev rA && "
                 "ip addr add fd00:200::1/64 dev rA nodad", (int)pid, (int)pid) != 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

struct nb_resolve {
    struct nb_nl *nl;
    unsigned ifindex;
    int family;
    uint8_t addr[16];
    const char *cmd; /* the process peers: a shell command */
};

/* The entry forgotten before every timed resolution, untimed: each kind
 * starts from no entry. */
static void nb_forget(struct nb_resolve *r)
{
    nb_nl_neigh(r->nl, RTM_DELNEIGH, r->family, r->addr, r->ifindex, NULL);
}

static long nb_resolve_call(void *ctx)
{
    struct nb_resolve *r = ctx;
    MIB_IPNET_ROW2 row;
    memset(&row, 0, sizeof(row));
    row.InterfaceIndex = r->ifindex;
    row.Address.si_family = (ADDRESS_FAMILY)r->family;
    if (r->family == AF_INET)
        memcpy(&row.Address.Ipv4.sin_addr, r->addr, 4);
    else
        memcpy(&row.Address.Ipv6.sin6_addr, r->addr, 16);
    return (long)ResolveIpNetEntry2(&row, NULL);
}

static long nb_process_call(void *ctx)
{
    struct nb_resolve *r = ctx;
    return bench_sh("%s", r->cmd) == 0 ? 0 : -EIO;
}

/* The NUD state of r's neighbour (a targeted RTM_GETNEIGH), 0 when none. */
static int nb_state(struct nb_resolve *r)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(r->nl->buf);
    struct ndmsg *ndm;
    ssize_t n;
    nlh->nlmsg_type = RTM_GETNEIGH;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    nlh->nlmsg_seq = ++r->nl->seq;
    ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = (uint8_t)r->family;
    ndm->ndm_ifindex = (int)r->ifindex;
    mnl_attr_put(nlh, NDA_DST, r->family == AF_INET ? 4 : 16, r->addr);
    if (mnl_socket_sendto(r->nl->sock, nlh, nlh->nlmsg_len) < 0)
        return 0;
    n = mnl_socket_recvfrom(r->nl->sock, r->nl->buf, sizeof(r->nl->buf));
    nlh = (struct nlmsghdr *)r->nl->buf;
    if (n < (ssize_t)(sizeof(*nlh) + sizeof(*ndm)) || nlh->nlmsg_type != RTM_NEWNEIGH)
        return 0;
    return ((struct ndmsg *)mnl_nlmsg_get_payload(nlh))->ndm_state;
}

/* The kernel's own resolution, in process: one UDP datagram to the
 * neighbour (port 9, discard), then its entry polled until REACHABLE (at
 * most 1 s).  No process start: the tight floor. */
static long nb_kernel_call(void *ctx)
{
    struct nb_resolve *r = ctx;
    struct sockaddr_storage ss;
    socklen_t len;
    uint64_t end = bench_now_ns() + 1000000000ull;
    int fd = socket(r->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    long rc = -ETIMEDOUT;
    memset(&ss, 0, sizeof(ss));
    if (r->family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(9);
        memcpy(&in->sin_addr, r->addr, 4);
        len = sizeof(*in);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(9);
        memcpy(&in6->sin6_addr, r->addr, 16);
        len = sizeof(*in6);
    }
    if (fd < 0 || sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) != 1)
        rc = -errno;
    else
        while (bench_now_ns() < end && rc != 0)
            if (nb_state(r) & NUD_REACHABLE)
                rc = 0;
    if (fd >= 0)
        close(fd);
    return rc;
}

/* n timed calls of fn, each after nb_forget; the figure into *f. */
static void nb_time(struct nb_resolve *r, long (*fn)(void *), size_t n, struct bench_sfig *f)
{
    uint64_t *t = calloc(n, sizeof(*t));
    memset(f, 0, sizeof(*f));
    if (t == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        uint64_t start;
        nb_forget(r);
        start = bench_now_ns();
        if (fn(r) != 0) {
            free(t);
            return;
        }
        t[i] = bench_now_ns() - start;
    }
    bench_sstats(t, n, f);
    free(t);
}

/* One family's three figures and their rows. */
static void nb_resolve_family(struct nb_resolve *r, const struct nb_opts *o, bool arping)
{
    struct bench_sfig f[4];
    char label[96], cmd[160];
    const char *v = r->family == AF_INET ? "IPv4" : "IPv6";
    nb_time(r, nb_resolve_call, o->resolves, &f[0]);
    snprintf(label, sizeof(label), "ResolveIpNetEntry2, %s", v);
    bench_sprint(label, &f[0], "");
    snprintf(cmd, sizeof(cmd), "ping -%c -c1 -W1 %s >/dev/null 2>&1",
             r->family == AF_INET ? '4' : '6',
             r->family == AF_INET ? "198.18.200.2" : "fd00:200::2");
    r->cmd = cmd;
    nb_time(r, nb_process_call, o->resolves, &f[1]);
    bench_sprint("  peer: ip neigh del + ping -c1 -W1 (process)", &f[1], "");
    bench_add_row(label, &f[0], "ping -c1", &f[1], 2.0, "<= 2.00");
    nb_time(r, nb_kernel_call, o->resolves, &f[3]);
    bench_sprint("  floor: kernel, UDP send + poll to REACHABLE", &f[3], "");
    snprintf(label, sizeof(label), "  %s vs the kernel in process", v);
    bench_add_row(label, &f[0], "kernel", &f[3], 2.0, "<= 2.00");
    if (!arping || r->family != AF_INET)
        return;
    r->cmd = "arping -C1 -c1 -w1 -I rA 198.18.200.2 >/dev/null 2>&1";
    nb_time(r, nb_process_call, o->resolves, &f[2]);
    bench_sprint("  peer: arping -c1 (process)", &f[2], "");
    bench_add_row("ResolveIpNetEntry2, IPv4 vs arping", &f[0], "arping -c1", &f[2], 2.0,
                  "<= 2.00");
}

static void nb_resolve(const struct nb_opts *o)
{
    static const uint8_t v4[4] = {198, 18, 200, 2};
    static const uint8_t v6[16] = {0xfd, 0, 2, 0, [15] = 2};
    struct nb_resolve r;
    bool arping = bench_sh("command -v arping >/dev/null") == 0;
    bool ping = bench_sh("command -v ping >/dev/null") == 0;
    pid_t peer = nb_peer_start();
    memset(&r, 0, sizeof(r));
    if (peer < 0 || (r.nl = nb_nl_open()) == NULL) {
        printf("resolve: could not make the second namespace (ip, nsenter, veth)\n");
        goto out;
    }
    r.ifindex = if_nametoindex("rA");
    printf("resolve: rA (198.18.200.1) to rB (198.18.200.2) in a second namespace, %zu "
           "each%s%s\n", o->resolves, arping ? "" : "; no arping (apt-get install arping)",
           ping ? "" : "; no ping (apt-get install iputils-ping)");
    r.family = AF_INET;
    memcpy(r.addr, v4, 4);
    nb_resolve_family(&r, o, arping);
    r.family = AF_INET6;
    memcpy(r.addr, v6, 16);
    nb_resolve_family(&r, o, false);
out:
    nb_nl_close(r.nl);
    if (peer > 0) {
        kill(peer, SIGKILL);
        waitpid(peer, NULL, 0);
    }
}

/* ================================================================ main */
static int nb_parse(int argc, char **argv, struct nb_opts *o)
{
    static const struct option longs[] = {{"neigh", required_argument, NULL, 'n'},
                                          {"runs", required_argument, NULL, 'r'},
                                          {"resolves", required_argument, NULL, 'R'},
                                          {NULL, 0, NULL, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "n:r:R:", longs, NULL)) != -1) {
        size_t v = (size_t)strtoul(optarg, NULL, 10);
        if (v == 0)
            return -1;
        if (ch == 'n')
            o->neigh = v;
        else if (ch == 'r')
            o->runs = v;
        else if (ch == 'R')
            o->resolves = v;
        else
            return -1;
    }
    return o->neigh > 130000 ? -1 : 0; /* nb_addr's room in 198.18.0.0/15 */
}

int main(int argc, char **argv)
{
    struct nb_opts o = {50000, 7, 20};
    if (nb_parse(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: bench-neigh [--neigh N<=130000] [--runs R] [--resolves K]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!bench_enter_netns())
        return 77;
    bench_sh("ip link set lo up");
    nb_table(&o);
    nb_resolve(&o);
    bench_print_rows();
    return 0;
}
