/* subscription.c - a socket of the process's own, subscribed to rtnetlink
 * groups, that a process-wide cache (route-mirror.c, nexthops.c) reads
 * before it answers.  The socket is non-blocking; it is named by its
 * namespace's cookie (SO_NETNS_COOKIE, Linux 5.14), so that the cache
 * answers only a thread whose requests reach the same namespace; without
 * the cookie it is not opened.  Its owner keeps it under the owner's lock.
 *
 * fork(): a child must not read the parent's socket (it would take the
 * parent's notifications) nor trust a cache filled from it.  One set of
 * fork handlers for every subscription (the registry below, its own lock
 * and the reason for it): they hold each owner's lock across the fork, so
 * that no cache is copied half changed, and mark the child's copies,
 * which nio_subscription_begin then closes.
 *
 * A write's look (backend.h): one poll() of every registered socket and
 * extra descriptor, under the registry's lock and every owner's, taken in
 * the order the fork handlers take them.  What each owner would learn by
 * reading until EAGAIN (nothing came) is then known for the whole write
 * from one system call: a Create asks the route mirror and the record's
 * watch (store-watch.c), a Delete the mirror and the nexthop watch.  What
 * the look saw is the calling thread's own (thread-local), and only for
 * the write that took it. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>

#include "linux.h"

#define NIO_SUBSCRIPTIONS_MAX 4

static struct {
    pthread_mutex_t lock;       /* taken before any owner's, never after */
    struct nio_subscription *v[NIO_SUBSCRIPTIONS_MAX];
    unsigned n;
    bool handlers;              /* pthread_atfork took them */
} nio_subs = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t nio_subs_once = PTHREAD_ONCE_INIT;

/* What this thread's look saw: bit i, the registry's v[i] quiet, while its
 * generation was gen[i]. */
static _Thread_local struct {
    bool on;
    uint32_t held, quiet;       /* bit i: v[i] looked at; and quiet */
    unsigned gen[NIO_SUBSCRIPTIONS_MAX];
} nio_look;

static void nio_subs_prepare(void)
{
    pthread_mutex_lock(&nio_subs.lock);
    for (unsigned i = 0; i < nio_subs.n; i++)
        pthread_mutex_lock(nio_subs.v[i]->owner);
}

static void nio_subs_parent(void)
{
    for (unsigned i = nio_subs.n; i > 0; i--)
        pthread_mutex_unlock(nio_subs.v[i - 1]->owner);
    pthread_mutex_unlock(&nio_subs.lock);
}

static void nio_subs_child(void)
{
    for (unsigned i = nio_subs.n; i > 0; i--) {
        nio_subs.v[i - 1]->forked = true;
        pthread_mutex_unlock(nio_subs.v[i - 1]->owner);
    }
    pthread_mutex_unlock(&nio_subs.lock);
}

static void nio_subs_init(void)
{
    nio_subs.handlers = pthread_atfork(nio_subs_prepare, nio_subs_parent, nio_subs_child) == 0;
}

void nio_subscription_register(struct nio_subscription *sub, pthread_mutex_t *owner)
{
    pthread_once(&nio_subs_once, nio_subs_init);
    pthread_mutex_lock(&nio_subs.lock);
    sub->owner = owner;
    if (nio_subs.handlers && nio_subs.n < NIO_SUBSCRIPTIONS_MAX) {
        sub->index = nio_subs.n;
        nio_subs.v[nio_subs.n++] = sub;
        sub->registered = true;
    }
    pthread_mutex_unlock(&nio_subs.lock);
}

int nio_subscription_begin(struct nio_subscription *sub)
{
    if (!sub->registered)
        return -1; /* a fork could not be seen */
    if (!sub->forked)
        return 0;
    nio_subscription_close(sub); /* the parent's socket: this copy only */
    sub->forked = false;
    return 1;
}

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
    sub->gen++;
    return 0;
}

void nio_subscription_close(struct nio_subscription *sub)
{
    if (sub->sock != NULL)
        mnl_socket_close(sub->sock);
    sub->sock = NULL;
    sub->gen++;
}

bool nio_subscription_here(const struct nio_subscription *sub)
{
    struct nio_nl *nl;
    uint64_t cookie;
    return sub->sock != NULL && nio_nl_open(&nl) == 0 && nio_nl_netns_cookie(nl, &cookie) == 0 &&
           cookie == sub->cookie;
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

/* ------------------------------------------------------------ the look */
/* sub's descriptors into p (room for 3): how many; 0 when sub has nothing
 * open or is a child's copy (its owner closes it first). */
static unsigned nio_look_fds(const struct nio_subscription *sub, struct pollfd *p)
{
    unsigned n = 0;
    if (sub->forked || (sub->sock == NULL && sub->nextra == 0))
        return 0;
    if (sub->sock != NULL)
        p[n++] = (struct pollfd){.fd = mnl_socket_get_fd(sub->sock), .events = POLLIN};
    for (unsigned i = 0; i < sub->nextra && i < 2; i++)
        p[n++] = (struct pollfd){.fd = sub->extra[i], .events = sub->extra_events[i]};
    return n;
}

/* The registry locked, and the owners in held: one poll of theirs, and
 * what it saw. */
static void nio_look_poll(uint32_t held)
{
    struct pollfd p[NIO_SUBSCRIPTIONS_MAX * 3];
    unsigned of[NIO_SUBSCRIPTIONS_MAX * 3], first[NIO_SUBSCRIPTIONS_MAX], n = 0;
    uint32_t quiet = 0;
    for (unsigned i = 0; i < nio_subs.n; i++) {
        unsigned got = 0;
        if (held >> i & 1u) { /* an owner not held is not read at all */
            got = nio_look_fds(nio_subs.v[i], p + n);
            nio_look.gen[i] = nio_subs.v[i]->gen;
        }
        first[i] = n;
        for (unsigned k = 0; k < got; k++)
            of[n + k] = i;
        if (got > 0)
            quiet |= 1u << i;
        n += got;
    }
    if (n == 0 || poll(p, n, 0) < 0)
        return; /* nothing to look at, or no look (EINTR, ENOMEM) */
    for (unsigned k = 0; k < n; k++) {
        struct nio_subscription *sub = nio_subs.v[of[k]];
        if (p[k].revents == 0)
            continue;
        quiet &= ~(1u << of[k]);
        if (sub->sock == NULL || k > first[of[k]])
            sub->dirty = true; /* an extra descriptor */
    }
    nio_look.quiet = quiet;
}

/* An owner busy elsewhere (a mirror being filled by another thread's
 * dump) is not waited for: it is not looked at, and reads for itself when
 * asked, as without a look.  No cancellation while the locks are held
 * (poll is a cancellation point): a thread cancelled there would leave
 * every later look and fork waiting. */
void nio_os_look_begin(void)
{
    uint32_t held = 0;
    int cancel;
    pthread_once(&nio_subs_once, nio_subs_init);
    nio_look.on = true;
    nio_look.quiet = 0;
    nio_look.held = 0;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
    pthread_mutex_lock(&nio_subs.lock);
    for (unsigned i = 0; i < nio_subs.n; i++)
        if (pthread_mutex_trylock(nio_subs.v[i]->owner) == 0)
            held |= 1u << i;
    nio_look.held = held;
    nio_look_poll(held);
    for (unsigned i = nio_subs.n; i > 0; i--)
        if (held >> (i - 1) & 1u)
            pthread_mutex_unlock(nio_subs.v[i - 1]->owner);
    pthread_mutex_unlock(&nio_subs.lock);
    pthread_setcancelstate(cancel, NULL);
}

void nio_os_look_end(void)
{
    nio_look.on = false;
    nio_look.quiet = 0;
    nio_look.held = 0;
}

bool nio_subscription_looking(void)
{
    return nio_look.on;
}

bool nio_subscription_looked(const struct nio_subscription *sub)
{
    return nio_look.on && sub->registered && (nio_look.held >> sub->index & 1u) != 0 &&
           nio_look.gen[sub->index] == sub->gen;
}

bool nio_subscription_quiet(const struct nio_subscription *sub)
{
    return nio_subscription_looked(sub) && (nio_look.quiet >> sub->index & 1u) != 0;
}
