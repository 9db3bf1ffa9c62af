/* watch.c - change messages from a routing socket (PF_ROUTE, SOCK_RAW,
 * AF_UNSPEC: every family), which any user may open.  The kernel writes
 * one message per change; parse-event.c turns each into the index of the
 * interface it concerns, or 0 when everything must be compared, and says
 * whose routes to compare (route messages are not taken apart here: the
 * core reads that interface's routes, as nio_os_route_list sees them).
 * The socket hears every message whatever is watched: nio_os_watch_set
 * only records what the core keeps.
 *
 * What the socket does not carry, the core's periodic comparison catches
 * (docs/notify.md): SIOCSIFINFO_* and sysctl changes (forwarding, DAD)
 * send no message on any BSD, and macOS, which has no RTM_IFANNOUNCE,
 * announces an interface's arrival (and perhaps its carrier) only as
 * KEV_DL_* kernel events on a PF_SYSTEM socket, which this back end does
 * not read (docs/bsd.md says why).
 *
 * Lost messages: FreeBSD 13 and later report a full receive buffer as
 * ENOBUFS on the next read once SO_RERROR is set, and that is reported as
 * index 0.  XNU and older FreeBSD drop messages silently; the periodic
 * comparison bounds what that costs.  A large receive buffer makes both
 * rare.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bsd.h"

/* Room for the largest routing message: a route with every sockaddr is
 * under 1 KiB; a longer one (a wireless event) arrives cut short and, if
 * it concerns a row, reads as "compare everything". */
#define NIO_WATCH_BUF 8192
#define NIO_WATCH_RCVBUF (1 << 20)

struct nio_watch {
    int fd;
    unsigned what;
    const struct nio_bsd_layout *layout;
    uint8_t buf[NIO_WATCH_BUF];
};

int nio_os_watch_set(struct nio_watch *w, unsigned what)
{
    w->what = what;
    return 0;
}

int nio_os_watch_open(unsigned what, struct nio_watch **out)
{
    struct nio_watch *w = nio_alloc(sizeof(*w));
    int size = NIO_WATCH_RCVBUF, flags;
    if (w == NULL)
        return -ENOMEM;
    w->what = what;
    w->layout = nio_bsd_native();
    w->fd = nio_bsd_socket(PF_ROUTE, SOCK_RAW, AF_UNSPEC);
    if (w->fd < 0) {
        int err = w->fd;
        nio_free(w);
        return err;
    }
    flags = fcntl(w->fd, F_GETFL);
    if (flags < 0 || fcntl(w->fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        int err = -errno;
        nio_os_watch_close(w);
        return err;
    }
    /* Best effort: a smaller buffer only makes overflow likelier. */
    setsockopt(w->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
#ifdef SO_RERROR
    {
        int on = 1;
        setsockopt(w->fd, SOL_SOCKET, SO_RERROR, &on, sizeof(on));
    }
#endif
    *out = w;
    return 0;
}

int nio_os_watch_fd(const struct nio_watch *w)
{
    return w->fd;
}

static void nio_watch_emit(nio_watch_cb cb, void *ctx, enum nio_watch_kind kind, uint32_t index)
{
    struct nio_watch_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = kind;
    ev.ifindex = index;
    cb(ctx, &ev);
}

/* One message: the interface it concerns, and the routes and addresses to
 * compare when those are watched. */
static void nio_watch_msg(struct nio_watch *w, size_t n, nio_watch_cb cb, void *ctx)
{
    int64_t index = nio_bsd_event_ifindex(w->layout, w->buf, n);
    uint32_t oif;
    if (index >= 0)
        nio_watch_emit(cb, ctx, NIO_WE_IFACE, (uint32_t)index);
    if ((w->what & NIO_WATCH_ROUTES) && nio_bsd_event_routes(w->layout, w->buf, n, &oif))
        nio_watch_emit(cb, ctx, NIO_WE_ROUTES, oif);
    if ((w->what & NIO_WATCH_ADDRS) && nio_bsd_event_addrs(w->layout, w->buf, n, &oif))
        nio_watch_emit(cb, ctx, NIO_WE_ADDRS, oif);
}

int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    for (;;) {
        ssize_t n = recv(w->fd, w->buf, sizeof(w->buf), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0 && errno == ENOBUFS) {
            /* the kernel dropped messages: compare everything */
            nio_watch_emit(cb, ctx, NIO_WE_LOST, 0);
            continue;
        }
        if (n < 0)
            return -errno;
        if (n == 0)
            return 0; /* nothing to read: never seen on a routing socket */
        nio_watch_msg(w, (size_t)n, cb, ctx);
    }
}

void nio_os_watch_close(struct nio_watch *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0)
        close(w->fd);
    nio_free(w);
}

/* The routing socket is all this back end watches: sysctl changes are the
 * core's periodic comparison's to find. */
bool nio_os_watch_quiet(struct nio_watch *w, const struct nio_iface *list, size_t n)
{
    (void)w;
    (void)list;
    (void)n;
    return false;
}

bool nio_os_watch_quiet_holds(struct nio_watch *w)
{
    (void)w;
    return false;
}
