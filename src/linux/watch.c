/* watch.c - one rtnetlink socket subscribed to the groups whose messages
 * can change what is watched.  IP interface rows: links (MTU, state,
 * appearance), IPv4 and IPv6 netconf (forwarding), IPv6 interface info (RA
 * flags, IPv6 up/down); IPv6 devconf and neighbour parameters written
 * through /proc/sys send no message at all: quiet.c watches those with
 * inotify, and the core's comparison of every interface is the backstop.
 * The core polls one descriptor, an epoll set of the socket and, while
 * interface rows are watched, quiet.c's inotify descriptor.  Route rows:
 * the IPv4 and IPv6 route groups,
 * and links and IPv4 addresses, whose going the kernel follows by flushing
 * routes without a message (parse-event.c says which).  Address rows: the
 * IPv4 and IPv6 address groups, and links (an interface deleted: its
 * addresses compared, whatever the kernel said of them). */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* A large buffer makes overflow rare; when it happens anyway the kernel
 * says ENOBUFS and the core compares everything. */
#define NIO_WATCH_RCVBUF (4 << 20)

/* Each group, and what needs it. */
static const struct {
    unsigned group;
    unsigned what;
} nio_groups[] = {
    {RTNLGRP_LINK, NIO_WATCH_IPIF | NIO_WATCH_ROUTES | NIO_WATCH_ADDRS},
    {RTNLGRP_IPV4_NETCONF, NIO_WATCH_IPIF},
    {RTNLGRP_IPV6_NETCONF, NIO_WATCH_IPIF},
    {RTNLGRP_IPV6_IFINFO, NIO_WATCH_IPIF},
    {RTNLGRP_IPV4_ROUTE, NIO_WATCH_ROUTES},
    {RTNLGRP_IPV6_ROUTE, NIO_WATCH_ROUTES},
    {RTNLGRP_IPV4_IFADDR, NIO_WATCH_ROUTES | NIO_WATCH_ADDRS},
    {RTNLGRP_IPV6_IFADDR, NIO_WATCH_ADDRS},
};
#define NIO_NGROUPS (sizeof(nio_groups) / sizeof(nio_groups[0]))

struct nio_watch {
    struct mnl_socket *sock;
    int ep;                         /* epoll: the socket, the quiet watch's inotify */
    struct nio_quiet *quiet;        /* while what has NIO_WATCH_IPIF, if it could be had */
    unsigned what;
    struct nio_route rows[NIO_ROUTE_MAX_HOPS]; /* of the route message being read */
    char buf[32768];
};

/* The quiet watch while interface rows are watched.  Without it (no
 * inotify instance left to this user) the core compares every 0.9 s. */
static void nio_watch_quiet_set(struct nio_watch *w, bool on)
{
    struct epoll_event ev = {.events = EPOLLIN};
    if (on && w->quiet == NULL && nio_quiet_open(&w->quiet) == 0 &&
        epoll_ctl(w->ep, EPOLL_CTL_ADD, nio_quiet_fd(w->quiet), &ev) != 0) {
        nio_quiet_close(w->quiet);
        w->quiet = NULL;
    }
    if (!on && w->quiet != NULL) {
        nio_quiet_close(w->quiet); /* closing it leaves the epoll set too */
        w->quiet = NULL;
    }
}

static bool nio_group_wanted(size_t i, unsigned what)
{
    return (nio_groups[i].what & what) != 0;
}

static int nio_membership(struct nio_watch *w, size_t i, bool on)
{
    int opt = on ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP;
    return mnl_socket_setsockopt(w->sock, opt, (void *)&nio_groups[i].group,
                                 sizeof(nio_groups[i].group)) < 0
               ? -errno
               : 0;
}

int nio_os_watch_set(struct nio_watch *w, unsigned what)
{
    size_t i;
    int err = 0;
    /* Joins first, each undone if a later one fails; then leaves. */
    for (i = 0; i < NIO_NGROUPS && err == 0; i++)
        if (nio_group_wanted(i, what) && !nio_group_wanted(i, w->what))
            err = nio_membership(w, i, true);
    if (err) {
        while (i-- > 0)
            if (nio_group_wanted(i, what) && !nio_group_wanted(i, w->what))
                nio_membership(w, i, false);
        return err;
    }
    for (i = 0; i < NIO_NGROUPS; i++)
        if (!nio_group_wanted(i, what) && nio_group_wanted(i, w->what))
            nio_membership(w, i, false); /* a group left joined only costs messages */
    nio_watch_quiet_set(w, (what & NIO_WATCH_IPIF) != 0);
    w->what = what;
    return 0;
}

int nio_os_watch_open(unsigned what, struct nio_watch **out)
{
    int size = NIO_WATCH_RCVBUF, err = 0;
    struct nio_watch *w = nio_alloc(sizeof(*w));
    if (w == NULL)
        return -ENOMEM;
    w->what = 0;
    w->quiet = NULL;
    w->ep = epoll_create1(EPOLL_CLOEXEC);
    w->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (w->ep < 0 || w->sock == NULL || mnl_socket_bind(w->sock, 0, MNL_SOCKET_AUTOPID) < 0)
        err = -errno;
    if (err == 0) {
        struct epoll_event ev = {.events = EPOLLIN};
        if (epoll_ctl(w->ep, EPOLL_CTL_ADD, mnl_socket_get_fd(w->sock), &ev) != 0)
            err = -errno;
    }
    if (err == 0)
        err = nio_os_watch_set(w, what);
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
    return w->ep;
}

bool nio_os_watch_quiet(struct nio_watch *w, const struct nio_iface *list, size_t n)
{
    return w->quiet != NULL && nio_quiet_track(w->quiet, list, n);
}

bool nio_os_watch_quiet_holds(struct nio_watch *w)
{
    return w->quiet != NULL && nio_quiet_holds(w->quiet);
}

/* A link message names an interface (and its name): the quiet watch
 * covers it before the core reads it, so a change falls in one or the
 * other.  Only a link of no family going is an interface gone (a bridge
 * port leaving sends RTM_DELLINK of AF_BRIDGE). */
static void nio_watch_link(struct nio_watch *w, const struct nlmsghdr *nlh)
{
    const struct ifinfomsg *ifi;
    const struct nlattr *a;
    const char *name = NULL;
    if ((nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) ||
        nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
        return;
    ifi = mnl_nlmsg_get_payload(nlh);
    if (ifi->ifi_index <= 0)
        return;
    if (nlh->nlmsg_type == RTM_DELLINK) {
        if (ifi->ifi_family == AF_UNSPEC)
            nio_quiet_link(w->quiet, (uint32_t)ifi->ifi_index, NULL, true);
        return;
    }
    mnl_attr_for_each(a, nlh, sizeof(*ifi))
        if (mnl_attr_get_type(a) == IFLA_IFNAME && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
            name = mnl_attr_get_str(a);
    if (name != NULL)
        nio_quiet_link(w->quiet, (uint32_t)ifi->ifi_index, name, false);
}

struct nio_watch_run {
    struct nio_watch *w;
    nio_watch_cb cb;
    void *ctx;
};

static int nio_watch_msg(const struct nlmsghdr *nlh, void *data)
{
    struct nio_watch_run *run = data;
    if (run->w->quiet != NULL)
        nio_watch_link(run->w, nlh);
    nio_linux_event(nlh, run->w->rows, run->cb, run->ctx);
    return MNL_CB_OK;
}

static void nio_watch_lost(nio_watch_cb cb, void *ctx)
{
    struct nio_watch_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = NIO_WE_LOST;
    cb(ctx, &ev);
}

static int nio_watch_read_sock(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    struct nio_watch_run run = {w, cb, ctx};
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
            nio_watch_lost(cb, ctx); /* the kernel dropped messages: compare everything */
            continue;
        }
        if (n < 0)
            return -errno;
        if ((msg.msg_flags & MSG_TRUNC) != 0) {
            nio_watch_lost(cb, ctx);
            continue;
        }
        if (msg.msg_namelen != sizeof(addr) || addr.nl_pid != 0)
            continue; /* only the kernel speaks here */
        /* Notifications carry sequence and port 0; mnl_cb_run checks both. */
        if (mnl_cb_run(w->buf, (size_t)n, 0, 0, nio_watch_msg, &run) < 0)
            nio_watch_lost(cb, ctx);
    }
}

int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    int err = nio_watch_read_sock(w, cb, ctx);
    if (err == 0 && w->quiet != NULL)
        err = nio_quiet_read(w->quiet, cb, ctx);
    return err;
}

void nio_os_watch_close(struct nio_watch *w)
{
    if (w == NULL)
        return;
    nio_quiet_close(w->quiet);
    if (w->sock != NULL)
        mnl_socket_close(w->sock);
    if (w->ep >= 0)
        close(w->ep);
    nio_free(w);
}
