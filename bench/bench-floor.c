/* bench-floor.c - the floors: what the kernel round trips cost with no
 * library around them.  One socket opened once, the same requests the
 * library sends, replies received into a 32 KiB buffer and not parsed
 * (a dump's headers are walked only to find NLMSG_DONE). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "bench.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

#define BENCH_NL_BUFSIZE 32768

struct bench_nl {
    struct mnl_socket *sock;
    unsigned portid;
    unsigned seq;
    int ifindex;
    size_t msgs;
    char buf[BENCH_NL_BUFSIZE];
};

int bench_nl_open(struct bench_nl **out)
{
    struct bench_nl *nl = calloc(1, sizeof(*nl));
    int one = 1;
    if (nl == NULL)
        return -ENOMEM;
    nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (nl->sock == NULL || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        int err = -errno;
        bench_nl_close(nl);
        return err;
    }
    /* As the library does, so both sides get the same kernel paths. */
    mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    nl->portid = mnl_socket_get_portid(nl->sock);
    *out = nl;
    return 0;
}

void bench_nl_close(struct bench_nl *nl)
{
    if (nl == NULL)
        return;
    if (nl->sock != NULL)
        mnl_socket_close(nl->sock);
    free(nl);
}

void bench_nl_target(struct bench_nl *nl, int ifindex)
{
    nl->ifindex = ifindex;
}

size_t bench_nl_msgs(const struct bench_nl *nl)
{
    return nl->msgs;
}

size_t bench_nl_count(struct bench_nl *nl)
{
    return bench_nl_linkdump(nl) == 0 ? bench_nl_msgs(nl) : 0;
}

static struct nlmsghdr *bench_nl_header(struct bench_nl *nl, uint16_t type, uint16_t flags)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    nlh->nlmsg_seq = ++nl->seq;
    return nlh;
}

static struct nlmsghdr *bench_nl_link_request(struct bench_nl *nl, uint16_t flags, int ifindex,
                                              bool stats)
{
    struct nlmsghdr *nlh = bench_nl_header(nl, RTM_GETLINK, flags);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, stats ? 0 : RTEXT_FILTER_SKIP_STATS);
    return nlh;
}

static long bench_nl_send(struct bench_nl *nl, const struct nlmsghdr *nlh)
{
    return mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

long bench_nl_getlink(void *ctx)
{
    struct bench_nl *nl = ctx;
    const struct nlmsghdr *reply = (const struct nlmsghdr *)nl->buf;
    ssize_t n;
    long err = bench_nl_send(nl, bench_nl_link_request(nl, 0, nl->ifindex, false));
    if (err)
        return err;
    n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
    if (n < 0)
        return -errno;
    /* Not a parse: only that the answer is a link and not an error. */
    if ((size_t)n < sizeof(*reply) || reply->nlmsg_type != RTM_NEWLINK)
        return -EPROTO;
    return 0;
}

/* Receives datagrams until one holds NLMSG_DONE; counts the messages. */
static long bench_nl_drain(struct bench_nl *nl)
{
    nl->msgs = 0;
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
        int len = (int)n;
        const struct nlmsghdr *nlh = (const struct nlmsghdr *)nl->buf;
        if (n < 0)
            return -errno;
        for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
            if (nlh->nlmsg_type == NLMSG_DONE)
                return 0;
            if (nlh->nlmsg_type == NLMSG_ERROR)
                return -EPROTO;
            nl->msgs++;
        }
    }
}

long bench_nl_linkdump(void *ctx)
{
    struct bench_nl *nl = ctx;
    long err = bench_nl_send(nl, bench_nl_link_request(nl, NLM_F_DUMP, 0, false));
    return err ? err : bench_nl_drain(nl);
}

long bench_nl_linkdump_stats(void *ctx)
{
    struct bench_nl *nl = ctx;
    long err = bench_nl_send(nl, bench_nl_link_request(nl, NLM_F_DUMP, 0, true));
    return err ? err : bench_nl_drain(nl);
}

long bench_nl_neightbl_dump(void *ctx)
{
    struct bench_nl *nl = ctx;
    struct nlmsghdr *nlh = bench_nl_header(nl, RTM_GETNEIGHTBL, NLM_F_DUMP);
    struct ndtmsg *ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
    long err;
    ndtm->ndtm_family = AF_UNSPEC;
    err = bench_nl_send(nl, nlh);
    return err ? err : bench_nl_drain(nl);
}

static void *bench_nl_beside(void *arg)
{
    struct bench_nl_pair *p = arg;
    p->beside_err = bench_nl_neightbl_dump(p->beside);
    return NULL;
}

long bench_nl_link_beside_neightbl(void *ctx)
{
    struct bench_nl_pair *p = ctx;
    pthread_t t;
    long err;
    if (pthread_create(&t, NULL, bench_nl_beside, p) != 0)
        return -EAGAIN;
    err = bench_nl_linkdump(p->here);
    pthread_join(t, NULL);
    return err ? err : p->beside_err;
}

long bench_proc_read(void *ctx)
{
    char buf[32];
    ssize_t n;
    int fd = open(ctx, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    n = read(fd, buf, sizeof(buf));
    close(fd);
    return n > 0 ? 0 : -EIO;
}
