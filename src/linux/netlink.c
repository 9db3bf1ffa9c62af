/* netlink.c - one rtnetlink socket per thread, request and reply; and,
 * for the threads that ask for it, one generic-netlink socket (ethtool.c).
 *
 * A socket per thread lets any number of threads query at once without a
 * lock and costs one socket() per thread, not per call.  The socket is
 * dropped and reopened after any failure, so a half-read reply can never be
 * mistaken for the answer to the next request, and after fork(), so a
 * child never shares its parent's port.
 *
 * Fault injection (tests only): nio_nl_set_faults() installs stand-ins for
 * sendto() and recvmsg() on every socket of this file, through which
 * tests/linux/test-faults.c makes the "kernel" answer ENOBUFS, EINTR,
 * short, truncated or malformed datagrams, interrupted dumps, stale
 * sequence numbers and datagrams from other processes.  The seam is one
 * atomic pointer, read (relaxed: set before the calls it affects) once per
 * send and per receive; unset, that load is all it costs.  It is hidden:
 * no program outside this library's own tests can reach it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "linux.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/* Large enough for the largest single message a dump sends (the kernel
 * sizes dump datagrams from the reader's buffer, up to 32 KiB). */
#define NIO_NL_BUFSIZE 32768

struct nio_nl {
    struct mnl_socket *sock;
    enum nio_nl_proto proto;
    unsigned portid;
    unsigned seq;
    unsigned forks;             /* nio_nl_forks when it was opened */
    uint64_t netns_cookie;      /* of the socket's namespace; 0: not asked yet */
    char buf[NIO_NL_BUFSIZE];
};

static pthread_key_t nio_nl_key[NIO_NL_PROTOS];
static pthread_once_t nio_nl_once = PTHREAD_ONCE_INIT;
static int nio_nl_key_err;
/* How many fork()s made this process (counted in the child).  A thread's
 * socket opened before one is the parent's (its port, its queue) and is
 * opened anew in the child.  Read on every request: getpid() there was a
 * system call per request, 5000 of them in a table of 5000 interfaces.  A
 * child made by a raw clone() without the fork handlers is not seen; so
 * it was not by a cached pid either. */
static atomic_uint nio_nl_forks;

static void nio_nl_forked(void)
{
    atomic_fetch_add_explicit(&nio_nl_forks, 1, memory_order_relaxed);
}
static _Atomic(const struct nio_nl_faults *) nio_nl_faults_now; /* tests only */

void nio_nl_set_faults(const struct nio_nl_faults *faults)
{
    atomic_store(&nio_nl_faults_now, faults);
}

static const struct nio_nl_faults *nio_nl_faults(void)
{
    return atomic_load_explicit(&nio_nl_faults_now, memory_order_relaxed);
}

static void nio_nl_close(struct nio_nl *nl)
{
    if (nl->sock != NULL)
        mnl_socket_close(nl->sock);
    nl->sock = NULL;
}

static void nio_nl_destroy(void *p)
{
    struct nio_nl *nl = p;
    nio_nl_close(nl);
    nio_free(nl);
}

static void nio_nl_key_init(void)
{
    for (int p = 0; p < NIO_NL_PROTOS && nio_nl_key_err == 0; p++)
        nio_nl_key_err = pthread_key_create(&nio_nl_key[p], nio_nl_destroy);
    if (nio_nl_key_err == 0)
        nio_nl_key_err = pthread_atfork(NULL, NULL, nio_nl_forked);
}

static int nio_nl_connect(struct nio_nl *nl)
{
    int one = 1, err;
    nl->sock = mnl_socket_open2(nl->proto == NIO_NL_GENERIC ? NETLINK_GENERIC : NETLINK_ROUTE,
                                SOCK_CLOEXEC);
    if (nl->sock == NULL)
        return -errno;
    if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        err = -errno;
        nio_nl_close(nl);
        return err;
    }
    /* Strict checking makes the kernel honour filters in dump requests and
     * reject malformed ones; old kernels without it still answer. */
    mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    nl->portid = mnl_socket_get_portid(nl->sock);
    nl->forks = atomic_load_explicit(&nio_nl_forks, memory_order_relaxed);
    nl->netns_cookie = 0;
    return 0;
}

int nio_nl_open_on(enum nio_nl_proto proto, struct nio_nl **out)
{
    struct nio_nl *nl;
    pthread_once(&nio_nl_once, nio_nl_key_init);
    if (nio_nl_key_err)
        return -nio_nl_key_err;
    nl = pthread_getspecific(nio_nl_key[proto]);
    if (nl == NULL) {
        nl = nio_alloc(sizeof(*nl));
        if (nl == NULL)
            return -ENOMEM;
        nl->sock = NULL;
        nl->proto = proto;
        nl->seq = 0;
        if (pthread_setspecific(nio_nl_key[proto], nl) != 0) {
            nio_free(nl);
            return -ENOMEM;
        }
    }
    if (nl->sock != NULL &&
        nl->forks != atomic_load_explicit(&nio_nl_forks, memory_order_relaxed))
        nio_nl_close(nl); /* inherited through fork(): the port is the parent's */
    if (nl->sock == NULL) {
        int err = nio_nl_connect(nl);
        if (err)
            return err;
    }
    *out = nl;
    return 0;
}

int nio_nl_open(struct nio_nl **out)
{
    return nio_nl_open_on(NIO_NL_ROUTE, out);
}

struct nlmsghdr *nio_nl_request(struct nio_nl *nl, uint16_t type, uint16_t flags)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    nlh->nlmsg_seq = ++nl->seq;
    return nlh;
}

int nio_nl_fd(const struct nio_nl *nl)
{
    return mnl_socket_get_fd(nl->sock);
}

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71      /* Linux 5.14 */
#endif

/* A socket stays in the namespace it was made in: asked once. */
int nio_nl_netns_cookie(struct nio_nl *nl, uint64_t *cookie)
{
    socklen_t len = sizeof(*cookie);
    if (nl->netns_cookie == 0 &&
        getsockopt(nio_nl_fd(nl), SOL_SOCKET, SO_NETNS_COOKIE, &nl->netns_cookie, &len) != 0) {
        nl->netns_cookie = 0;
        return -errno;
    }
    *cookie = nl->netns_cookie;
    return 0;
}

/* The request, whole; a signal that interrupts the call is no failure. */
static ssize_t nio_nl_send(struct nio_nl *nl, const struct nlmsghdr *req)
{
    const struct nio_nl_faults *f = nio_nl_faults();
    ssize_t n;
    int tries = 0;
    /* A signal may interrupt a send; a send interrupted every time is
     * given up, not retried forever (errno stays EINTR). */
    do
        n = f != NULL && f->send != NULL
                ? f->send(f->ctx, mnl_socket_get_fd(nl->sock), req, req->nlmsg_len)
                : mnl_socket_sendto(nl->sock, req, req->nlmsg_len);
    while (n < 0 && errno == EINTR && ++tries < NIO_NL_TRIES);
    return n;
}

/* One datagram from the kernel: messages from any other sender are
 * dropped, as are truncated ones (reported as -EMSGSIZE). */
static ssize_t nio_nl_recv(struct nio_nl *nl)
{
    for (;;) {
        const struct nio_nl_faults *f = nio_nl_faults();
        struct sockaddr_nl addr;
        struct iovec iov = {nl->buf, sizeof(nl->buf)};
        struct msghdr msg = {.msg_name = &addr, .msg_namelen = sizeof(addr),
                             .msg_iov = &iov, .msg_iovlen = 1};
        ssize_t n = f != NULL && f->recv != NULL
                        ? f->recv(f->ctx, mnl_socket_get_fd(nl->sock), &msg)
                        : recvmsg(mnl_socket_get_fd(nl->sock), &msg, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (msg.msg_flags & MSG_TRUNC)
            return -EMSGSIZE;
        if (msg.msg_namelen == sizeof(addr) && addr.nl_pid == 0)
            return n;
    }
}

/* Whether buf[0..n) is one or more whole messages, as the kernel sends
 * them.  libmnl stops quietly at a message that runs past the end of the
 * datagram; that message would be lost, and a table torn or a reply never
 * seen.  An empty datagram is no answer either. */
static bool nio_nl_whole(const void *buf, size_t n)
{
    const struct nlmsghdr *nlh = buf;
    int len = (int)n;
    while (NLMSG_OK(nlh, len))
        nlh = NLMSG_NEXT(nlh, len);
    return n > 0 && len <= 0; /* past the end by the last one's padding at most */
}

struct nio_nl_run {
    nio_nl_msg_cb cb;
    void *ctx;
    int err;
    unsigned calls;                 /* data messages handed to cb */
};

static int nio_nl_data_cb(const struct nlmsghdr *nlh, void *data)
{
    struct nio_nl_run *run = data;
    if (run->cb == NULL)
        return MNL_CB_OK; /* a change request expects no data, only its ACK */
    run->calls++;
    run->err = run->cb(nlh, run->ctx);
    return run->err < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* The kernel's answer NLMSG_ERROR, read here rather than by libmnl so that
 * the kernel's own errno (ESRCH: no such route) stays apart from libmnl's
 * ESRCH for a reply to another port. */
static int nio_nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
    struct nio_nl_run *run = data;
    const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
        run->err = -EPROTO;
        return MNL_CB_ERROR;
    }
    if (e->error == 0)
        return MNL_CB_STOP; /* the acknowledgement */
    run->err = e->error < 0 ? e->error : -e->error;
    return MNL_CB_ERROR;
}

/* The end of a dump.  A dump the kernel stops on an error ends with
 * NLMSG_DONE carrying that errno (netlink_dump_done), not with
 * NLMSG_ERROR: the ethtool dump does so when one device's driver fails
 * the query.  libmnl's own handler would call that a complete dump. */
static int nio_nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
    struct nio_nl_run *run = data;
    int err;
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(err)))
        return MNL_CB_STOP; /* kernels that sent no errno with it */
    memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
    if (err >= 0)
        return MNL_CB_STOP;
    run->err = err;
    return MNL_CB_ERROR;
}

/* Up to NLMSG_DONE: libmnl runs its own callbacks for the types beyond
 * the table (NLMSG_OVERRUN) but none for a type inside it without an
 * entry (NLMSG_NOOP is skipped either way).  Never written: libmnl takes
 * the table as non-const. */
#define NIO_NL_CTL_LEN (NLMSG_DONE + 1)
static mnl_cb_t nio_nl_ctl[NIO_NL_CTL_LEN] = {[NLMSG_ERROR] = nio_nl_error_cb,
                                              [NLMSG_DONE] = nio_nl_done_cb};

/* Sends the request built in the buffer and runs cb on each reply message
 * (for a dump, until NLMSG_DONE): 0 or -errno, -EINTR when the kernel
 * flagged the dump as interrupted. */
static int nio_nl_talk(struct nio_nl *nl, nio_nl_msg_cb cb, void *ctx)
{
    const struct nlmsghdr *req = (const struct nlmsghdr *)nl->buf;
    bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
    struct nio_nl_run run = {cb, ctx, 0, 0};
    unsigned seq = req->nlmsg_seq;
    int ret, err = 0;
    if (nio_nl_send(nl, req) < 0) {
        err = -errno;
        goto out;
    }
    do {
        ssize_t n = nio_nl_recv(nl);
        if (n < 0) {
            err = (int)n;
            goto out;
        }
        if (!nio_nl_whole(nl->buf, (size_t)n)) {
            err = -EPROTO;
            goto out;
        }
        ret = mnl_cb_run2(nl->buf, (size_t)n, seq, nl->portid, nio_nl_data_cb, &run,
                          nio_nl_ctl, NIO_NL_CTL_LEN);
        if (ret < 0) {
            /* The kernel's errno or cb's (run.err); else libmnl's: EINTR
             * for NLM_F_DUMP_INTR, ESRCH and EPROTO for a reply to another
             * port or sequence, which is a malformed answer here. */
            err = run.err < 0 ? run.err : errno == ESRCH ? -EPROTO : -errno;
            goto out;
        }
    } while (dump && ret != MNL_CB_STOP);
    /* A request for one object that got no object back: the caller's
     * output was never written. */
    if (!dump && cb != NULL && run.calls == 0)
        err = -EPROTO;
out:
    if (err)
        nio_nl_close(nl); /* unread replies must not meet the next request */
    return err;
}

int nio_nl_ask_on(enum nio_nl_proto proto, nio_nl_build_fn build, const void *arg,
                  nio_nl_msg_cb cb, void *ctx)
{
    struct nio_nl *nl;
    int err = nio_nl_open_on(proto, &nl);
    if (err)
        return err;
    build(nl, arg);
    return nio_nl_talk(nl, cb, ctx);
}

int nio_nl_ask(nio_nl_build_fn build, const void *arg, nio_nl_msg_cb cb, void *ctx)
{
    return nio_nl_ask_on(NIO_NL_ROUTE, build, arg, cb, ctx);
}

int nio_nl_snapshot(nio_nl_attempt_fn attempt, void *ctx)
{
    for (int tries = 0; tries < NIO_NL_TRIES; tries++) {
        int err = attempt(ctx);
        if (err != -EINTR && err != -ENOBUFS)
            return err;
    }
    return -EAGAIN; /* torn or overrun every time */
}
