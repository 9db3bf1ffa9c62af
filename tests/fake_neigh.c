/* fake_neigh.c - the neighbour questions of the back-end contract served
 * from memory (see the neighbour section of fake_os.h).  Apart from
 * fake_os.c: its own list, failures and counts; interfaces are fake_os.c's. */
#include <errno.h>
#include <string.h>

#include "fake_os.h"

#define FAKE_MAX_PEERS 16

struct fake_peer {
    uint32_t ifindex;
    struct nio_ip addr;
    uint8_t lladdr[6];
    bool router;
};

static struct {
    struct nio_neigh v[FAKE_MAX_NEIGHS];
    size_t n;
    struct fake_peer peers[FAKE_MAX_PEERS];
    size_t npeers;
    int fail_err[FAKE_NEIGH_NFN];
    unsigned fail_skip[FAKE_NEIGH_NFN];
    unsigned calls[FAKE_NEIGH_NFN];
    unsigned writes;
    unsigned last_want;
    uint32_t last_ifindex;
    uint32_t last_timeout;
    int may_change;
    bool racing;
    struct nio_neigh race;
    bool sloppy;
    struct nio_neigh sloppy_answer;
    struct fake_neigh_step steps[FAKE_MAX_STEPS];
    unsigned nsteps;
} fn_;

void fake_neigh_reset(void)
{
    fake_os_lock();
    memset(&fn_, 0, sizeof(fn_));
    fake_os_unlock();
}

int fake_neigh_setup(void **state)
{
    fake_neigh_reset();
    return fake_os_setup(state);
}

int fake_neigh_teardown(void **state)
{
    fake_neigh_reset();
    return fake_os_teardown(state);
}

struct nio_neigh *fake_neigh_put(const struct nio_neigh *n)
{
    if (fn_.n >= FAKE_MAX_NEIGHS)
        return NULL;
    fn_.v[fn_.n] = *n;
    return &fn_.v[fn_.n++];
}

size_t fake_neigh_count(void)
{
    return fn_.n;
}

const struct nio_neigh *fake_neigh_at(size_t i)
{
    return i < fn_.n ? &fn_.v[i] : NULL;
}

void fake_neigh_peer(uint32_t ifindex, const struct nio_ip *addr, const uint8_t lladdr[6],
                     bool router)
{
    struct fake_peer *p;
    if (fn_.npeers >= FAKE_MAX_PEERS)
        return;
    p = &fn_.peers[fn_.npeers++];
    p->ifindex = ifindex;
    p->addr = *addr;
    memcpy(p->lladdr, lladdr, 6);
    p->router = router;
}

void fake_neigh_fail_after(enum fake_neigh_fn fn, unsigned skip, int neg_errno)
{
    fn_.fail_skip[fn] = skip;
    fn_.fail_err[fn] = neg_errno;
}

void fake_neigh_fail_next(enum fake_neigh_fn fn, int neg_errno)
{
    fake_neigh_fail_after(fn, 0, neg_errno);
}

void fake_neigh_race_add(const struct nio_neigh *n)
{
    fn_.racing = true;
    fn_.race = *n;
}

void fake_neigh_set_may_change(int neg_errno)
{
    fn_.may_change = neg_errno;
}

void fake_neigh_set_sloppy(const struct nio_neigh *answer)
{
    fn_.sloppy = answer != NULL;
    if (answer != NULL)
        fn_.sloppy_answer = *answer;
}

unsigned fake_neigh_calls(enum fake_neigh_fn fn)
{
    return fn_.calls[fn];
}

unsigned fake_neigh_total_calls(void)
{
    unsigned n = 0;
    for (int fn = 0; fn < FAKE_NEIGH_NFN; fn++)
        n += fn_.calls[fn];
    return n;
}

unsigned fake_neigh_writes(void)
{
    return fn_.writes;
}

unsigned fake_neigh_last_want(void)
{
    return fn_.last_want;
}

uint32_t fake_neigh_last_ifindex(void)
{
    return fn_.last_ifindex;
}

uint32_t fake_neigh_last_timeout(void)
{
    return fn_.last_timeout;
}

const struct fake_neigh_step *fake_neigh_steps(unsigned *count)
{
    *count = fn_.nsteps;
    return fn_.steps;
}

/* --------------------------------------------------------------- inside */
/* Counts the call and consumes a programmed failure (0 when none). */
static int fake_neigh_enter(enum fake_neigh_fn fn)
{
    int err = 0;
    fn_.calls[fn]++;
    if (fn_.fail_err[fn] != 0) {
        if (fn_.fail_skip[fn] > 0) {
            fn_.fail_skip[fn]--;
        } else {
            err = fn_.fail_err[fn];
            fn_.fail_err[fn] = 0;
        }
    }
    return err;
}

static void fake_neigh_record(enum fake_neigh_fn fn, const struct nio_neigh *n,
                              const struct nio_neigh *old)
{
    struct fake_neigh_step *s;
    fn_.writes++;
    if (fn_.nsteps >= FAKE_MAX_STEPS)
        return;
    s = &fn_.steps[fn_.nsteps++];
    memset(s, 0, sizeof(*s));
    s->fn = fn;
    s->n = *n;
    if (old != NULL)
        s->old = *old;
}

static bool fake_neigh_same_ip(const struct nio_ip *a, const struct nio_ip *b)
{
    return a->slot == b->slot && memcmp(a->bytes, b->bytes, a->slot == NIO_V6 ? 16 : 4) == 0;
}

static int fake_neigh_index(uint32_t ifindex, const struct nio_ip *ip)
{
    for (size_t i = 0; i < fn_.n; i++)
        if (fn_.v[i].ifindex == ifindex && fake_neigh_same_ip(&fn_.v[i].addr, ip))
            return (int)i;
    return -1;
}

const struct nio_neigh *fake_neigh_find(uint32_t ifindex, const struct nio_ip *addr)
{
    int i = fake_neigh_index(ifindex, addr);
    return i >= 0 ? &fn_.v[i] : NULL;
}

static bool fake_neigh_addable(enum nio_neigh_state s)
{
    return s == NIO_NS_PERMANENT || s == NIO_NS_REACHABLE || s == NIO_NS_STALE ||
           s == NIO_NS_DELAY || s == NIO_NS_PROBE;
}

static int fake_neigh_list(unsigned want, uint32_t ifindex, struct nio_neigh **out, size_t *count)
{
    struct nio_neigh *v;
    size_t n = 0;
    int err = fake_neigh_enter(FAKE_NEIGH_LIST);
    fn_.last_want = want;
    fn_.last_ifindex = ifindex;
    if (err)
        return err;
    if ((v = nio_alloc((fn_.n ? fn_.n : 1) * sizeof(*v))) == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < fn_.n; i++) {
        const struct nio_neigh *a = &fn_.v[i];
        if (!(want & (a->addr.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)))
            continue;
        if (ifindex == 0 || a->ifindex == ifindex)
            v[n++] = *a;
    }
    *out = v;
    *count = n;
    return 0;
}

static int fake_neigh_get(const struct nio_ip *ip, uint32_t ifindex, struct nio_neigh *out)
{
    int i, err = fake_neigh_enter(FAKE_NEIGH_GET);
    fn_.last_ifindex = ifindex;
    if (err == 0 && fake_os_find(ifindex) == NULL)
        err = -ENODEV;
    if (err == 0 && fn_.sloppy)
        *out = fn_.sloppy_answer;
    else if (err == 0 && (i = fake_neigh_index(ifindex, ip)) >= 0)
        *out = fn_.v[i];
    else if (err == 0)
        err = -ENOENT;
    if (err)
        memset(out, 0xEE, sizeof(*out)); /* a core that reads it is caught */
    return err;
}

static int fake_neigh_add(const struct nio_neigh *n)
{
    struct nio_neigh added = *n;
    int err = fake_neigh_enter(FAKE_NEIGH_ADD);
    if (err == 0 && fn_.racing) {
        fn_.racing = false;
        if (fn_.n < FAKE_MAX_NEIGHS)
            fn_.v[fn_.n++] = fn_.race;
        return -EEXIST;
    }
    if (err)
        return err;
    if (fake_os_find(n->ifindex) == NULL)
        return -ENODEV;
    if (!fake_neigh_addable(n->state) || n->lladdr_len == 0 ||
        n->lladdr_len > NIO_HWADDR_MAX)
        return -EINVAL;
    if (fake_neigh_index(n->ifindex, &n->addr) >= 0)
        return -EEXIST;
    if (fn_.n >= FAKE_MAX_NEIGHS)
        return -ENOBUFS;
    added.has_times = true;
    added.confirmed_ms = added.updated_ms = 0;
    fn_.v[fn_.n++] = added;
    fake_neigh_record(FAKE_NEIGH_ADD, n, NULL);
    return 0;
}

static int fake_neigh_set(const struct nio_neigh *old, const struct nio_neigh *now)
{
    int i, err = fake_neigh_enter(FAKE_NEIGH_SET);
    if (err)
        return err;
    if (old->ifindex != now->ifindex || !fake_neigh_same_ip(&old->addr, &now->addr))
        return -EINVAL; /* the contract: the same neighbour */
    if ((i = fake_neigh_index(old->ifindex, &old->addr)) < 0)
        return -ENOENT;
    if (!fake_neigh_addable(now->state) || now->lladdr_len == 0 ||
        now->lladdr_len > NIO_HWADDR_MAX)
        return -EINVAL;
    fn_.v[i].lladdr_len = now->lladdr_len;
    memset(fn_.v[i].lladdr, 0, sizeof(fn_.v[i].lladdr));
    memcpy(fn_.v[i].lladdr, now->lladdr, now->lladdr_len);
    fn_.v[i].state = now->state;
    fn_.v[i].router = now->router;
    fake_neigh_record(FAKE_NEIGH_SET, now, old);
    return 0;
}

static int fake_neigh_delete(const struct nio_neigh *n)
{
    int i, err = fake_neigh_enter(FAKE_NEIGH_DELETE);
    if (err)
        return err;
    if ((i = fake_neigh_index(n->ifindex, &n->addr)) < 0)
        return -ENOENT;
    memmove(&fn_.v[i], &fn_.v[i + 1], (fn_.n - (size_t)i - 1) * sizeof(fn_.v[0]));
    fn_.n--;
    fake_neigh_record(FAKE_NEIGH_DELETE, n, NULL);
    return 0;
}

static const struct fake_peer *fake_neigh_peer_of(uint32_t ifindex, const struct nio_ip *ip)
{
    for (size_t i = 0; i < fn_.npeers; i++)
        if (fn_.peers[i].ifindex == ifindex && fake_neigh_same_ip(&fn_.peers[i].addr, ip))
            return &fn_.peers[i];
    return NULL;
}

static int fake_neigh_resolve(const struct nio_ip *ip, uint32_t ifindex, uint32_t timeout_ms,
                              struct nio_neigh *out)
{
    int i, err = fake_neigh_enter(FAKE_NEIGH_RESOLVE);
    const struct fake_peer *p;
    fn_.last_ifindex = ifindex;
    fn_.last_timeout = timeout_ms;
    if (err == 0 && fake_os_find(ifindex) == NULL)
        err = -ENODEV;
    if (err)
        goto out;
    if (fn_.sloppy) {
        *out = fn_.sloppy_answer;
        return 0;
    }
    i = fake_neigh_index(ifindex, ip);
    if (i >= 0 && (fn_.v[i].state == NIO_NS_PERMANENT || fn_.v[i].state == NIO_NS_NOARP)) {
        *out = fn_.v[i];
        return 0;
    }
    if (i < 0) {
        if (fn_.n >= FAKE_MAX_NEIGHS) {
            err = -ENOBUFS;
            goto out;
        }
        i = (int)fn_.n++;
        memset(&fn_.v[i], 0, sizeof(fn_.v[i]));
        fn_.v[i].ifindex = ifindex;
        fn_.v[i].addr = *ip;
        fn_.v[i].addr.scope = 0;
    }
    p = fake_neigh_peer_of(ifindex, ip);
    fn_.v[i].has_times = true;
    fn_.v[i].confirmed_ms = fn_.v[i].updated_ms = 0;
    memset(fn_.v[i].lladdr, 0, sizeof(fn_.v[i].lladdr));
    if (p == NULL) {
        fn_.v[i].state = NIO_NS_FAILED;
        fn_.v[i].lladdr_len = 0;
        err = -EHOSTUNREACH;
        goto out;
    }
    fn_.v[i].state = NIO_NS_REACHABLE;
    fn_.v[i].lladdr_len = 6;
    memcpy(fn_.v[i].lladdr, p->lladdr, 6);
    fn_.v[i].router = p->router;
    *out = fn_.v[i];
    return 0;
out:
    memset(out, 0xEE, sizeof(*out));
    return err;
}

/* ------------------------------------------------- the contract, locked */
int nio_os_neigh_list(unsigned want, uint32_t ifindex, struct nio_neigh **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_neigh_list(want, ifindex, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_neigh *out)
{
    int r;
    fake_os_lock();
    r = fake_neigh_get(addr, ifindex, out);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_add(const struct nio_neigh *n)
{
    int r;
    fake_os_lock();
    r = fake_neigh_add(n);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_set(const struct nio_neigh *old, const struct nio_neigh *now)
{
    int r;
    fake_os_lock();
    r = fake_neigh_set(old, now);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_delete(const struct nio_neigh *n)
{
    int r;
    fake_os_lock();
    r = fake_neigh_delete(n);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_resolve(const struct nio_ip *addr, uint32_t ifindex, uint32_t timeout_ms,
                         struct nio_neigh *out)
{
    int r;
    fake_os_lock();
    r = fake_neigh_resolve(addr, ifindex, timeout_ms, out);
    fake_os_unlock();
    return r;
}

int nio_os_neigh_may_change(void)
{
    int r;
    fake_os_lock();
    r = fake_neigh_enter(FAKE_NEIGH_MAY_CHANGE);
    if (r == 0)
        r = fn_.may_change;
    fake_os_unlock();
    return r;
}
