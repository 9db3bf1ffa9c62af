/* subscription.c - a socket of the process's own, subscribed to rtnetlink
 * groups, that a process-wide cache (route-mirror.c, nexthops.c) reads
 * before it answers.  The socket is non-blocking; it is named by its
 * namespace's cookie (SO_NETNS_COOKIE, Linux 5.14), so that the cache
 * answers only a thread whose requests reach the same namespace; without
 * the cookie it is not opened.  The cache's owner keeps it under its own
 * lock and drops it in a forked child (nio_subscription_forked). */
#include <errno.h>
#include <string.h>

#include "linux.h"

int nio_subscription_open(struct nio_subscription *sub, unsigned groups, int rcvbuf)
{
    socklen_t len = sizeof(sub->cookie);
    struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (s == NULL)
        return -errno;
    if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) < 0 ||
        getsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_NETNS_COOKIE, &sub->cookie, &len) != 0) {
        int err = -errno;
        mnl_socket_close(s);
        return err;
    }
    if (rcvbuf > 0 &&
        setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0)
        setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    sub->sock = s;
    return 0;
}

void nio_subscription_close(struct nio_subscription *sub)
{
    if (sub->sock != NULL)
        mnl_socket_close(sub->sock);
    sub->sock = NULL;
}

bool nio_subscription_here(const struct nio_subscription *sub)
{
    struct nio_nl *nl;
    uint64_t cookie;
    return sub->sock != NULL && nio_nl_open(&nl) == 0 && nio_nl_netns_cookie(nl, &cookie) == 0 &&
           cookie == sub->cookie;
}

/* The parent's socket in a child: this copy closed, the parent's stays. */
void nio_subscription_forked(struct nio_subscription *sub)
{
    nio_subscription_close(sub);
}

int nio_subscription_read(struct nio_subscription *sub, void *buf, size_t cap, size_t *len,
                          bool *trunc)
{
    for (;;) {
        struct sockaddr_nl addr;
        struct iovec iov = {buf, cap};
        struct msghdr msg = {.msg_name = &addr, .msg_namelen = sizeof(addr),
                             .msg_iov = &iov, .msg_iovlen = 1};
        ssize_t n = recvmsg(mnl_socket_get_fd(sub->sock), &msg, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
        if (msg.msg_namelen != sizeof(addr) || addr.nl_pid != 0)
            continue; /* only the kernel speaks here */
        *len = (size_t)n;
        *trunc = (msg.msg_flags & MSG_TRUNC) != 0;
        return 1;
    }
}
