/* route-mirror.c - which route rows may exist, kept by this process from
 * the kernel's route notifications, so that CreateIpForwardEntry2 of a new
 * key needs no listing of its interface.
 *
 * Why: the kernel has no request that proves a route absent but a dump,
 * and a dump filtered by interface still walks the family's whole FIB, so
 * every Create of a new route cost a walk of every route (474 us a call at
 * 10,000 routes).  The mirror is a set of (route, row key) pairs
 * (keyset.h): the route's identity (nio_linux_route_id) and the hash of
 * each of its rows' Windows keys.  It is filled by one dump per family and
 * then kept by the route groups' notifications, read before every answer.
 * It only has to hold every row that exists, never to hold only those:
 *   - a notification adds its route's pairs (NEWROUTE) or removes them
 *     (DELROUTE); adding a pair that is there and removing one that is not
 *     change nothing.  The socket subscribes before the dump and is read
 *     after it, so every change the dump may have missed is applied after
 *     it, in the kernel's order: the last message about a route decides,
 *     and with none since, the dump does;
 *   - what the kernel removes without a message (an IPv4 route flushed
 *     with its interface, the route an NLM_F_REPLACE replaced) stays: a
 *     key wrongly "maybe present" costs the listing it cost before;
 *   - a route read differently at two times (a flag that changed in place)
 *     has two identities; the stale one stays, as above;
 *   - lost messages (ENOBUFS, a truncated datagram), a malformed message or
 *     an allocation that fails empty the mirror, which the next question
 *     fills again.
 * So "absent" is certain (a 64-bit collision of two live routes' ids
 * aside) and "maybe" falls back to the lookup and the listing.
 *
 * One mirror per process (a lock and the state below: the reason is that a
 * socket per thread would read every notification once per thread), filled
 * at the first question after a listing of the family, so a process that
 * creates one route pays one filtered listing as before, not a whole dump.  It answers
 * only a thread whose socket is in the mirror's namespace (SO_NETNS_COOKIE,
 * Linux 5.14; without it, never); a forked child drops the parent's
 * (subscription.c). */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "keyset.h"
#include "linux.h"
#include "rowmap.h"

/* A notification is one route (at most NIO_ROUTE_MAX_HOPS hops read). */
#define NIO_MIRROR_BUFSIZE 16384
/* A burst larger than this between two questions is lost and read again
 * whole. */
#define NIO_MIRROR_RCVBUF (1 << 20)
/* The most datagrams one question reads (a host whose routes never stop
 * changing must not hold a Create forever): several receive buffers'
 * worth of notifications (one holds about a thousand), a few ms. */
#define NIO_MIRROR_DRAIN_MAX 4096u
/* The most listings a failed fill makes the next one wait (below). */
#define NIO_MIRROR_BACKOFF_MAX 64u

static struct {
    pthread_mutex_t lock;
    struct nio_subscription sub;    /* to both route groups */
    bool valid[NIO_FAMILIES];       /* the family's rows are all in set */
    bool wanted[NIO_FAMILIES];      /* a find listed the family since the last fill */
    unsigned wait[NIO_FAMILIES];    /* listings before the next fill may be wanted */
    unsigned backoff[NIO_FAMILIES]; /* the wait after the next failed fill */
    struct nio_keyset set;
    char buf[NIO_MIRROR_BUFSIZE];
} nio_mirror = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t nio_mirror_once = PTHREAD_ONCE_INIT;

static void nio_mirror_init(void)
{
    nio_subscription_register(&nio_mirror.sub, &nio_mirror.lock);
}

/* Nothing known: every family filled again at its next question. */
static void nio_mirror_forget(void)
{
    nio_keyset_clear(&nio_mirror.set);
    memset(nio_mirror.valid, 0, sizeof(nio_mirror.valid));
}

static void nio_mirror_close(void)
{
    nio_subscription_close(&nio_mirror.sub);
    nio_mirror_forget();
}

/* ------------------------------------------------------ one message */
static int nio_slot_of_msg(const struct nlmsghdr *nlh)
{
    const struct rtmsg *rtm = nio_msg_data(nlh);
    if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm))
        return -1;
    return rtm->rtm_family == AF_INET ? NIO_V4 : rtm->rtm_family == AF_INET6 ? NIO_V6 : -1;
}

/* The hash that stands for "an IPv4 route through r's interface at r's
 * prefix has a next hop" (nio_linux_mirror_no_gateway): r's key without
 * its gateway, and then a byte that no key's hash takes there.  Another
 * key's hash that equals it only makes the answer "maybe". */
static uint32_t nio_gateway_hash(const struct nio_route *r)
{
    static const uint8_t mark = 0xA5;
    struct nio_route k = *r;
    k.has_gateway = false;
    return nio_rowmap_fnv(nio_route_key_hash(&k), &mark, 1);
}

static bool nio_has_gateway(const struct nio_route *r)
{
    return r->prefix.slot == NIO_V4 && r->has_gateway && !nio_ip_is_zero(&r->gateway);
}

static int nio_mirror_pair(uint64_t id, uint32_t key, bool add)
{
    if (!add) {
        nio_keyset_remove(&nio_mirror.set, id, key);
        return 0;
    }
    return nio_keyset_add(&nio_mirror.set, id, key) != 0 ? -ENOMEM : 0;
}

/* The pairs of one route message added (add) or removed: 0, -EPROTO for a
 * malformed message, -ENOMEM (the set then holds some of them).  An IPv4
 * row with a next hop has a second pair, its gateway hash. */
static int nio_mirror_apply(const struct nlmsghdr *nlh, bool add)
{
    struct nio_route rows[NIO_ROUTE_MAX_HOPS];
    int n = nio_linux_route_rows(nlh, rows, NIO_ROUTE_MAX_HOPS);
    uint64_t id = nio_linux_route_id(nlh);
    for (int i = 0; i < n; i++) {
        if (nio_mirror_pair(id, nio_route_key_hash(&rows[i]), add) != 0 ||
            (nio_has_gateway(&rows[i]) &&
             nio_mirror_pair(id, nio_gateway_hash(&rows[i]), add) != 0))
            return -ENOMEM;
    }
    return n < 0 ? -EPROTO : 0;
}

static int nio_mirror_note_cb(const struct nlmsghdr *nlh, void *ctx)
{
    int slot = nio_slot_of_msg(nlh);
    (void)ctx;
    if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE)
        return MNL_CB_OK;
    if (slot < 0 || !nio_mirror.valid[slot])
        return MNL_CB_OK; /* not kept (yet): its dump will say */
    if (nio_mirror_apply(nlh, nlh->nlmsg_type == RTM_NEWROUTE) != 0)
        nio_mirror_forget();
    return MNL_CB_OK;
}

/* One datagram read and applied: 1; 0 none queued; -1 the socket failed
 * or overflowed (closed: what is still queued after an overflow, up to
 * the whole receive buffer, is of no use to a mirror that forgets
 * everything, and is dropped with the socket rather than read). */
static int nio_mirror_read_one(void)
{
    size_t n;
    bool trunc;
    int got = nio_subscription_read(&nio_mirror.sub, nio_mirror.buf, sizeof(nio_mirror.buf), &n,
                                    &trunc);
    if (got > 0 && trunc) {
        nio_mirror_forget(); /* a message lost */
        return 1;
    }
    if (got < 0) {
        nio_mirror_close();
        return -1;
    }
    if (got > 0 && mnl_cb_run(nio_mirror.buf, n, 0, 0, nio_mirror_note_cb, NULL) < 0)
        nio_mirror_forget();
    return got;
}

/* Every notification queued, applied: 1; 0 when more kept coming than
 * one question may wait for (the rest is read at the next: until then the
 * mirror cannot answer, as a message not read yet may add the key); -1
 * when the socket failed (the mirror is then closed). */
static int nio_mirror_drain(void)
{
    for (unsigned left = NIO_MIRROR_DRAIN_MAX; left > 0; left--) {
        int got = nio_mirror_read_one();
        if (got <= 0)
            return got == 0 ? 1 : -1;
    }
    return 0;
}

/* ------------------------------------------------------------ filling */
static void nio_mirror_dump_request(struct nio_nl *nl, const void *arg)
{
    nio_linux_route_dump_put(nl, *(const int *)arg, 0);
}

static int nio_mirror_dump_cb(const struct nlmsghdr *nlh, void *ctx)
{
    (void)ctx;
    return nio_mirror_apply(nlh, true);
}

static int nio_mirror_fill_attempt(void *ctx)
{
    return nio_nl_ask(nio_mirror_dump_request, ctx, nio_mirror_dump_cb, NULL);
}

/* The family's rows from one dump, after the queue was read (so that what
 * changes from now on is read after the dump).  A dump that fails (more
 * than NIO_KEYSET_MAX rows, memory, a torn dump every time) is tried again
 * only after more listings, 1, 2, 4 ... up to NIO_MIRROR_BACKOFF_MAX of
 * them: a family too large to hold costs a whole dump once per that many
 * listings, not once per listing. */
static void nio_mirror_fill(int slot)
{
    nio_mirror.wanted[slot] = false;
    if (nio_nl_snapshot(nio_mirror_fill_attempt, &slot) != 0) {
        nio_mirror_forget();
        nio_mirror.wait[slot] = nio_mirror.backoff[slot] ? nio_mirror.backoff[slot] : 1;
        nio_mirror.backoff[slot] = nio_mirror.wait[slot] * 2 > NIO_MIRROR_BACKOFF_MAX
                                       ? NIO_MIRROR_BACKOFF_MAX
                                       : nio_mirror.wait[slot] * 2;
        return;
    }
    nio_mirror.backoff[slot] = 0;
    nio_mirror.valid[slot] = true;
}

/* --------------------------------------------------------- the answers */
/* The mirror ready for family slot, under the lock: false when it cannot
 * answer this thread. */
static bool nio_mirror_ready(int slot)
{
    int begun = nio_subscription_begin(&nio_mirror.sub);
    if (begun > 0)
        nio_mirror_forget(); /* the parent's */
    if (begun < 0 || (nio_mirror.sub.sock == NULL && !nio_mirror.wanted[slot]))
        return false;
    if (nio_mirror.sub.sock == NULL &&
        nio_subscription_open(&nio_mirror.sub, RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE,
                              NIO_MIRROR_RCVBUF) != 0)
        return false;
    if (!nio_subscription_here(&nio_mirror.sub))
        return false;
    if (!nio_subscription_quiet(&nio_mirror.sub) && nio_mirror_drain() != 1)
        return false;
    if (!nio_mirror.valid[slot] && nio_mirror.wanted[slot])
        nio_mirror_fill(slot);
    return nio_mirror.valid[slot];
}

bool nio_linux_mirror_absent(const struct nio_route *key)
{
    int slot = key->prefix.slot;
    bool absent;
    pthread_once(&nio_mirror_once, nio_mirror_init);
    if (slot != NIO_V4 && slot != NIO_V6)
        return false;
    pthread_mutex_lock(&nio_mirror.lock);
    absent = nio_mirror_ready(slot) &&
             !nio_keyset_may_have(&nio_mirror.set, nio_route_key_hash(key));
    pthread_mutex_unlock(&nio_mirror.lock);
    return absent;
}

/* A mirror busy in another thread (a fill's dump) is not waited for: the
 * next look finds the notification there, and the question reads it. */
void nio_linux_mirror_took(void)
{
    pthread_once(&nio_mirror_once, nio_mirror_init);
    if (pthread_mutex_trylock(&nio_mirror.lock) != 0)
        return;
    if (nio_mirror.sub.sock != NULL && nio_subscription_begin(&nio_mirror.sub) == 0 &&
        nio_subscription_here(&nio_mirror.sub))
        nio_mirror_read_one();
    pthread_mutex_unlock(&nio_mirror.lock);
}

/* Whether no IPv4 route through key's interface at key's prefix has a
 * next hop, any table, type or scope: true only when that is certain. */
bool nio_linux_mirror_no_gateway(const struct nio_route *key)
{
    bool none;
    if (key->prefix.slot != NIO_V4)
        return false;
    pthread_once(&nio_mirror_once, nio_mirror_init);
    pthread_mutex_lock(&nio_mirror.lock);
    none = nio_mirror_ready(NIO_V4) &&
           !nio_keyset_may_have(&nio_mirror.set, nio_gateway_hash(key));
    pthread_mutex_unlock(&nio_mirror.lock);
    return none;
}

void nio_linux_mirror_listed(int slot)
{
    if (slot != NIO_V4 && slot != NIO_V6)
        return;
    pthread_mutex_lock(&nio_mirror.lock);
    if (nio_mirror.wait[slot] > 0)
        nio_mirror.wait[slot]--;
    else
        nio_mirror.wanted[slot] = true;
    pthread_mutex_unlock(&nio_mirror.lock);
}

void nio_linux_mirror_limit(size_t pairs)
{
    pthread_mutex_lock(&nio_mirror.lock);
    nio_mirror.set.limit = pairs;
    pthread_mutex_unlock(&nio_mirror.lock);
}
