/* nexthops.c - whether the namespace holds no nexthop object, kept by this
 * process from the kernel's nexthop notifications.
 *
 * Why: IPv6's delete takes a route through a nexthop object at the prefix
 * whatever interface and gateway the request names (ip6_route_del), so an
 * IPv6 route may be deleted by its key alone (route.c,
 * nio_os_route_delete_key) only where no such route can exist, and none
 * can without an object.  Asking the kernel each time would cost the
 * request the key alone saves.
 *
 * One socket per process (the lock and the state below), subscribed to
 * RTNLGRP_NEXTHOP before one RTM_GETNEXTHOP dump counts the objects: the
 * count holds until the socket reads anything (a message of either kind,
 * lost messages), and the next question dumps again.  Objects are few and
 * seldom change, so a question is one recvmsg that finds the queue empty.
 * Opened at the first question; it answers only a thread whose requests
 * reach its namespace (subscription.c), and a forked child drops the
 * parent's. */
#include <errno.h>
#include <pthread.h>

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* The most datagrams one question reads before it gives up (a namespace
 * whose objects never stop changing must not hold a Delete). */
#define NIO_NH_DRAIN_MAX 64u

static struct {
    pthread_mutex_t lock;
    struct nio_subscription sub;
    bool never;                 /* the kernel cannot tell: no cookie, no objects */
    bool counted;               /* the socket read nothing since the dump */
    bool none;                  /* the dump found no object */
    char buf[4096];
} nio_nh = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t nio_nh_once = PTHREAD_ONCE_INIT;

static void nio_nh_init(void)
{
    nio_subscription_register(&nio_nh.sub, &nio_nh.lock);
}

/* The queue read to its end: 1, every message forgetting the count; 0 when
 * it did not end within the bound; -1 when the socket failed (closed). */
static int nio_nh_drain(void)
{
    for (unsigned left = NIO_NH_DRAIN_MAX; left > 0; left--) {
        size_t n;
        bool trunc;
        int got = nio_subscription_read(&nio_nh.sub, nio_nh.buf, sizeof(nio_nh.buf), &n, &trunc);
        if (got == 0)
            return 1;
        if (got < 0 && got != -ENOBUFS) {
            nio_subscription_close(&nio_nh.sub);
            nio_nh.counted = false;
            return -1;
        }
        nio_nh.counted = false;
    }
    return 0;
}

static void nio_nh_dump_request(struct nio_nl *nl, const void *arg)
{
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETNEXTHOP, NLM_F_DUMP);
    struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
    (void)arg;
    nhm->nh_family = AF_UNSPEC;
}

static int nio_nh_count_cb(const struct nlmsghdr *nlh, void *ctx)
{
    if (nlh->nlmsg_type == RTM_NEWNEXTHOP)
        ++*(unsigned *)ctx;
    return 0;
}

/* The objects counted by one dump, after the queue was read (so that a
 * change from now on is read after it).  A dump that fails (a kernel
 * without nexthop objects answers EOPNOTSUPP, and is not asked again)
 * counts nothing: the answer is then "not certain". */
static void nio_nh_count(void)
{
    unsigned objects = 0;
    int err = nio_nl_ask(nio_nh_dump_request, NULL, nio_nh_count_cb, &objects);
    if (err == -EOPNOTSUPP)
        nio_nh.never = true; /* before Linux 5.3: no such request */
    if (err != 0)
        return;
    nio_nh.counted = true;
    nio_nh.none = objects == 0;
}

bool nio_linux_no_nexthops(void)
{
    bool none = false;
    int begun;
    pthread_once(&nio_nh_once, nio_nh_init);
    pthread_mutex_lock(&nio_nh.lock);
    begun = nio_subscription_begin(&nio_nh.sub);
    if (begun > 0)
        nio_nh.counted = false; /* the parent's count */
    if (begun < 0 || nio_nh.never)
        goto out;
    if (nio_nh.sub.sock == NULL) {
        int err = nio_subscription_open(&nio_nh.sub, 1u << (RTNLGRP_NEXTHOP - 1), 0);
        /* Before Linux 5.14 no cookie names the namespace: not asked again
         * (a socket opened and closed for each question would cost more
         * than the look-up this answer saves). */
        nio_nh.never = err == -ENOPROTOOPT;
        if (err != 0)
            goto out;
    }
    if (!nio_subscription_here(&nio_nh.sub))
        goto out;
    if (!nio_subscription_quiet(&nio_nh.sub) && nio_nh_drain() != 1)
        goto out;
    if (!nio_nh.counted)
        nio_nh_count();
    none = nio_nh.counted && nio_nh.none;
out:
    pthread_mutex_unlock(&nio_nh.lock);
    return none;
}
