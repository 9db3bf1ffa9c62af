/* watch.c - one rtnetlink socket subscribed to the groups whose messages
 * can change an IP interface row: links (MTU, state, appearance), IPv4 and
 * IPv6 netconf (forwarding), IPv6 interface info (RA flags, IPv6 up/down).
 * IPv6 devconf and neighbour parameters written through /proc/sys send no
 * message at all; the core's periodic comparison catches those. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* A large buffer makes overflow rare; when it happens anyway the kernel
 * says ENOBUFS and the core compares everything. */
#define NIO_WATCH_RCVBUF (4 << 20)

struct nio_watch {
    struct mnl_socket *sock;
    char buf[32768];
};

int nio_os_watch_open(struct nio_watch **out)
{
    unsigned groups[] = {RTNLGRP_LINK, RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF,
                                      RTNLGRP_IPV6_IFINFO};
    int size = NIO_WATCH_RCVBUF, err = 0;
    struct nio_watch *w = nio_alloc(sizeof(*w));
    if (w == NULL)
        return -ENOMEM;
    w->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (w->sock == NULL || mnl_socket_bind(w->sock, 0, MNL_SOCKET_AUTOPID) < 0)
        err = -errno;
    for (size_t i = 0; err == 0 && i < sizeof(groups) / sizeof(groups[0]); i++)
        if (mnl_socket_setsockopt(w->sock, NETLINK_ADD_MEMBERSHIP, &groups[i],
                                  sizeof(groups[i])) < 0)
            err = -errno;
    if (err) {
        nio_os_watch_close(w);
        return err;
    }
    /* FORCE needs CAP_NET_ADMIN; without it the plain option still helps. */
    if (setsockopt(mnl_socket_get_fd(w->sock), SOL_SOCKET, SO_RCVBUFFORCE, &size,
                   sizeof(size)) != 0)
        setsockopt(mnl_socket_get_fd(w->sock), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    *out = w;
    return 0;
}

int nio_os_watch_fd(const struct nio_watch *w)
{
    return mnl_socket_get_fd(w->sock);
}

struct nio_watch_run {
    nio_watch_cb cb;
    void *ctx;
};

static int nio_watch_msg(const struct nlmsghdr *nlh, void *data)
{
    struct nio_watch_run *run = data;
    int64_t index = nio_linux_event_ifindex(nlh);
    if (index >= 0)
        run->cb(run->ctx, (uint32_t)index);
    return MNL_CB_OK;
}

int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    struct nio_watch_run run = {cb, ctx};
    for (;;) {
        struct sockaddr_nl addr;
        struct iovec iov = {w->buf, sizeof(w->buf)};
        struct msghdr msg = {.msg_name = &addr, .msg_namelen = sizeof(addr),
                             .msg_iov = &iov, .msg_iovlen = 1};
        ssize_t n = recvmsg(mnl_socket_get_fd(w->sock), &msg, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0 && errno == ENOBUFS) {
            cb(ctx, 0); /* the kernel dropped messages: compare everything */
            continue;
        }
        if (n < 0)
            return -errno;
        if ((msg.msg_flags & MSG_TRUNC) != 0) {
            cb(ctx, 0);
            continue;
        }
        if (msg.msg_namelen != sizeof(addr) || addr.nl_pid != 0)
            continue; /* only the kernel speaks here */
        /* Notifications carry sequence and port 0; mnl_cb_run checks both. */
        if (mnl_cb_run(w->buf, (size_t)n, 0, 0, nio_watch_msg, &run) < 0)
            cb(ctx, 0);
    }
}

void nio_os_watch_close(struct nio_watch *w)
{
    if (w == NULL)
        return;
    if (w->sock != NULL)
        mnl_socket_close(w->sock);
    nio_free(w);
}
