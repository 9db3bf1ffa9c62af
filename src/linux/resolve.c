/* resolve.c - ResolveIpNetEntry2 on Linux: the kernel resolves, this file
 * asks it to and waits for the outcome.
 *
 * The entry the kernel made itself is deleted (Windows flushes it); a
 * socket subscribed to the neighbour group is opened next, before anything
 * is asked, so that no transition can be missed; then an RTM_NEWNEIGH with
 * NTF_USE makes a new entry and has the kernel solicit it at once
 * (neigh_event_send), with its own probes and timers (mcast_solicit probes
 * retrans_time apart).  The kernel then reports REACHABLE, or FAILED when
 * nobody answered. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"
#include "neigh.h"

/* What one reading of the entry says of the resolution. */
enum nio_resolved { NIO_RES_WAIT, NIO_RES_DONE, NIO_RES_FAILED };

static enum nio_resolved nio_resolved_of(const struct nio_neigh *n)
{
    switch (n->state) {
    case NIO_NS_FAILED: return NIO_RES_FAILED;
    case NIO_NS_NONE:
    case NIO_NS_INCOMPLETE: return NIO_RES_WAIT;
    case NIO_NS_NOARP: return NIO_RES_DONE;
    default: return n->lladdr_len > 0 ? NIO_RES_DONE : NIO_RES_WAIT;
    }
}

static bool nio_neigh_is(const struct nio_neigh *n, const struct nio_ip *ip, uint32_t ifindex)
{
    size_t len = ip->slot == NIO_V6 ? 16 : 4;
    return n->ifindex == ifindex && n->addr.slot == ip->slot &&
           memcmp(n->addr.bytes, ip->bytes, len) == 0;
}

struct nio_resolve {
    const struct nio_ip *ip;
    uint32_t ifindex;
    struct nio_neigh *out;
    enum nio_resolved now;
};

/* One message of the group: the entry's new state, or its deletion (the
 * kernel's garbage collection of a failed entry). */
static void nio_resolve_msg(struct nio_resolve *r, const struct nlmsghdr *nlh)
{
    struct nio_neigh n;
    if (nio_linux_parse_neigh(nlh, &n) != 0 || !nio_neigh_is(&n, r->ip, r->ifindex))
        return;
    if (nlh->nlmsg_type == RTM_DELNEIGH) {
        r->now = NIO_RES_FAILED;
        return;
    }
    r->now = nio_resolved_of(&n);
    if (r->now == NIO_RES_DONE)
        *r->out = n;
}

/* Reads what is pending.  Messages lost (ENOBUFS): the entry is read. */
static int nio_resolve_read(struct mnl_socket *sock, struct nio_resolve *r)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    ssize_t len = mnl_socket_recvfrom(sock, buf, sizeof(buf));
    struct nio_neigh n;
    if (len < 0 && errno == ENOBUFS) {
        int err = nio_os_neigh_get(r->ip, r->ifindex, &n);
        if (err == 0 && (r->now = nio_resolved_of(&n)) == NIO_RES_DONE)
            *r->out = n;
        return err == -ENOENT ? 0 : err;
    }
    int rest = (int)len;
    if (len < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -errno;
    for (const struct nlmsghdr *nlh = (const void *)buf; mnl_nlmsg_ok(nlh, rest);
         nlh = mnl_nlmsg_next(nlh, &rest))
        nio_resolve_msg(r, nlh);
    return 0;
}

static int64_t nio_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int nio_resolve_wait(struct mnl_socket *sock, struct nio_resolve *r, uint32_t timeout_ms)
{
    int64_t end = nio_now_ms() + timeout_ms;
    struct pollfd p = {.fd = mnl_socket_get_fd(sock), .events = POLLIN};
    while (r->now == NIO_RES_WAIT) {
        int64_t left = end - nio_now_ms();
        int err;
        if (left <= 0)
            return -EHOSTUNREACH;
        if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
            return -errno;
        if ((p.revents & POLLIN) && (err = nio_resolve_read(sock, r)) != 0)
            return err;
    }
    return r->now == NIO_RES_DONE ? 0 : -EHOSTUNREACH;
}

static struct mnl_socket *nio_resolve_listen(int *err)
{
    struct mnl_socket *sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (sock == NULL || mnl_socket_bind(sock, RTMGRP_NEIGH, MNL_SOCKET_AUTOPID) < 0) {
        *err = -errno;
        if (sock != NULL)
            mnl_socket_close(sock);
        return NULL;
    }
    return sock;
}

/* Has the kernel make the entry anew and solicit it at once. */
static int nio_resolve_start(const struct nio_ip *ip, uint32_t ifindex)
{
    struct nio_neigh n;
    memset(&n, 0, sizeof(n));
    n.ifindex = ifindex;
    n.addr = *ip;
    return nio_neigh_send(&n, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, true);
}

int nio_os_neigh_resolve(const struct nio_ip *addr, uint32_t ifindex, uint32_t timeout_ms,
                         struct nio_neigh *out)
{
    struct nio_resolve r = {addr, ifindex, out, NIO_RES_WAIT};
    struct nio_neigh had;
    struct mnl_socket *sock;
    int err = nio_os_neigh_get(addr, ifindex, &had);
    bool exists = err == 0;
    if (err != 0 && err != -ENOENT)
        return err;
    /* A configured entry is the answer: nothing to resolve. */
    if (exists && (had.state == NIO_NS_PERMANENT || had.state == NIO_NS_NOARP)) {
        *out = had;
        return 0;
    }
    /* The entry the kernel made itself is forgotten (Windows flushes it)
     * before the listener opens: its deletion is no outcome. */
    if (exists && (err = nio_neigh_send(&had, RTM_DELNEIGH, 0, false)) != 0 && err != -ENOENT)
        return err;
    if ((sock = nio_resolve_listen(&err)) == NULL)
        return err;
    err = nio_resolve_start(addr, ifindex);
    if (err == 0)
        err = nio_resolve_wait(sock, &r, timeout_ms);
    mnl_socket_close(sock);
    return err;
}
