/* fake_addr.c - the address questions of the back-end contract served
 * from memory (see the last section of fake_os.h).  Apart from fake_os.c:
 * its own list, failures and counts; interfaces are fake_os.c's. */
#include <errno.h>
#include <string.h>

#include "fake_os.h"

#define FAKE_ADDR_NOW_MS 5000000u  /* the fake OS booted 5000 s ago */

static struct {
    struct nio_addr addrs[FAKE_MAX_ADDRS];
    size_t n;
    int fail_err[FAKE_ADDR_NFN];
    unsigned calls[FAKE_ADDR_NFN];
    unsigned last_want;
    uint32_t last_ifindex;
    int may_change;
    bool sloppy;
    struct fake_addr_step steps[FAKE_MAX_STEPS];
    unsigned nsteps;
} fa;

void fake_addr_reset(void)
{
    fake_os_lock();
    memset(&fa, 0, sizeof(fa));
    fake_os_unlock();
}

int fake_addr_setup(void **state)
{
    fake_addr_reset();
    return fake_os_setup(state);
}

int fake_addr_teardown(void **state)
{
    fake_addr_reset();
    return fake_os_teardown(state);
}

struct nio_addr *fake_addr_put(const struct nio_addr *a)
{
    if (fa.n >= FAKE_MAX_ADDRS)
        return NULL;
    fa.addrs[fa.n] = *a;
    return &fa.addrs[fa.n++];
}

size_t fake_addr_count(void)
{
    return fa.n;
}

const struct nio_addr *fake_addr_at(size_t i)
{
    return i < fa.n ? &fa.addrs[i] : NULL;
}

void fake_addr_fail_next(enum fake_addr_fn fn, int neg_errno)
{
    fa.fail_err[fn] = neg_errno;
}

void fake_addr_set_may_change(int neg_errno)
{
    fa.may_change = neg_errno;
}

void fake_addr_set_sloppy(bool sloppy)
{
    fa.sloppy = sloppy;
}

unsigned fake_addr_calls(enum fake_addr_fn fn)
{
    return fa.calls[fn];
}

unsigned fake_addr_total_calls(void)
{
    unsigned n = 0;
    for (int fn = 0; fn < FAKE_ADDR_NFN; fn++)
        n += fa.calls[fn];
    return n;
}

unsigned fake_addr_last_want(void)
{
    return fa.last_want;
}

uint32_t fake_addr_last_ifindex(void)
{
    return fa.last_ifindex;
}

uint64_t fake_addr_now_ms(void)
{
    return FAKE_ADDR_NOW_MS;
}

const struct fake_addr_step *fake_addr_steps(unsigned *count)
{
    *count = fa.nsteps;
    return fa.steps;
}

/* --------------------------------------------------------------- inside */
/* Counts the call and consumes a programmed failure (0 when none). */
static int fake_addr_enter(enum fake_addr_fn fn)
{
    int err = fa.fail_err[fn];
    fa.calls[fn]++;
    fa.fail_err[fn] = 0;
    return err;
}

static void fake_addr_record(enum fake_addr_fn fn, const struct nio_addr *a,
                             const struct nio_addr *old)
{
    struct fake_addr_step *s;
    if (fa.nsteps >= FAKE_MAX_STEPS)
        return;
    s = &fa.steps[fa.nsteps++];
    memset(s, 0, sizeof(*s));
    s->fn = fn;
    s->a = *a;
    if (old != NULL)
        s->old = *old;
}

static bool fake_addr_same_ip(const struct nio_ip *a, const struct nio_ip *b)
{
    return a->slot == b->slot && memcmp(a->bytes, b->bytes, a->slot == NIO_V6 ? 16 : 4) == 0;
}

/* The first address of ifindex that is ip (and of that prefix length when
 * len >= 0), or -1. */
static int fake_addr_index(uint32_t ifindex, const struct nio_ip *ip, int len)
{
    for (size_t i = 0; i < fa.n; i++)
        if (fa.addrs[i].ifindex == ifindex && fake_addr_same_ip(&fa.addrs[i].addr, ip) &&
            (len < 0 || fa.addrs[i].prefix_len == len))
            return (int)i;
    return -1;
}

static void fake_addr_remove(int i)
{
    memmove(&fa.addrs[i], &fa.addrs[i + 1], (fa.n - (size_t)i - 1) * sizeof(fa.addrs[0]));
    fa.n--;
}

static int fake_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out, size_t *count)
{
    struct nio_addr *v;
    size_t n = 0;
    int err = fake_addr_enter(FAKE_ADDR_LIST);
    fa.last_want = want;
    fa.last_ifindex = ifindex;
    if (err)
        return err;
    if ((v = nio_alloc((fa.n ? fa.n : 1) * sizeof(*v))) == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < fa.n; i++) {
        const struct nio_addr *a = &fa.addrs[i];
        if (!(want & (a->addr.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)))
            continue;
        if (ifindex == 0 || a->ifindex == ifindex)
            v[n++] = *a;
    }
    *out = v;
    *count = n;
    return 0;
}

/* Sloppy (fake_addr_set_sloppy) only when asked as nio_os_addr_get: the
 * core checks that answer itself; has and remove answer with a status. */
static int fake_addr_get(const struct nio_ip *ip, uint32_t ifindex, struct nio_addr *out,
                         bool may_be_sloppy)
{
    int i, err = fake_addr_enter(FAKE_ADDR_GET);
    fa.last_ifindex = ifindex;
    if (err == 0 && fake_os_find(ifindex) == NULL)
        err = -ENODEV;
    if (err == 0 && may_be_sloppy && fa.sloppy && fa.n > 0)
        *out = fa.addrs[0];
    else if (err == 0 && (i = fake_addr_index(ifindex, ip, -1)) >= 0)
        *out = fa.addrs[i];
    else if (err == 0)
        err = -ENOENT;
    if (err)
        memset(out, 0xEE, sizeof(*out)); /* a core that reads it is caught */
    return err;
}

static int fake_addr_add(const struct nio_addr *a)
{
    struct nio_addr added = *a;
    int err = fake_addr_enter(FAKE_ADDR_ADD);
    if (err)
        return err;
    if (fake_os_find(a->ifindex) == NULL)
        return -ENODEV;
    if (fake_addr_index(a->ifindex, &a->addr, -1) >= 0)
        return -EEXIST;
    if (fa.n >= FAKE_MAX_ADDRS)
        return -ENOBUFS;
    if (a->valid_s == NIO_LIFETIME_INFINITE)
        added.flags |= NIO_AF_PERMANENT;
    if (a->preferred_s == 0)
        added.flags |= NIO_AF_DEPRECATED;
    added.has_created = true;
    added.created_ms = FAKE_ADDR_NOW_MS;
    fa.addrs[fa.n++] = added;
    fake_addr_record(FAKE_ADDR_ADD, a, NULL);
    return 0;
}

static int fake_addr_delete(const struct nio_addr *a)
{
    int i, err = fake_addr_enter(FAKE_ADDR_DELETE);
    if (err)
        return err;
    if ((i = fake_addr_index(a->ifindex, &a->addr, a->prefix_len)) < 0)
        return -ENOENT;
    fake_addr_remove(i);
    fake_addr_record(FAKE_ADDR_DELETE, a, NULL);
    return 0;
}

static int fake_addr_set(const struct nio_addr *old, const struct nio_addr *now)
{
    int i, err = fake_addr_enter(FAKE_ADDR_SET);
    if (err)
        return err;
    if ((i = fake_addr_index(old->ifindex, &old->addr, old->prefix_len)) < 0)
        return -ENOENT;
    fa.addrs[i].valid_s = now->valid_s;
    fa.addrs[i].preferred_s = now->preferred_s;
    fa.addrs[i].flags &= ~(uint32_t)NIO_AF_DEPRECATED;
    if (now->preferred_s == 0)
        fa.addrs[i].flags |= NIO_AF_DEPRECATED;
    fake_addr_record(FAKE_ADDR_SET, now, old);
    return 0;
}

/* ------------------------------------------------- the contract, locked */
int nio_os_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_addr_list(want, ifindex, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_addr_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_addr *out)
{
    int r;
    fake_os_lock();
    r = fake_addr_get(addr, ifindex, out, true);
    fake_os_unlock();
    return r;
}

int nio_os_addr_add(const struct nio_addr *a)
{
    int r;
    fake_os_lock();
    r = fake_addr_add(a);
    fake_os_unlock();
    return r;
}

int nio_os_addr_delete(const struct nio_addr *a)
{
    int r;
    fake_os_lock();
    r = fake_addr_delete(a);
    fake_os_unlock();
    return r;
}

int nio_os_addr_set(const struct nio_addr *old, const struct nio_addr *now)
{
    int r;
    fake_os_lock();
    r = fake_addr_set(old, now);
    fake_os_unlock();
    return r;
}

int nio_os_addr_may_change(void)
{
    int r;
    fake_os_lock();
    r = fake_addr_enter(FAKE_ADDR_MAY_CHANGE);
    if (r == 0)
        r = fa.may_change;
    fake_os_unlock();
    return r;
}

/* As a back end without a cheaper question answers: the get, then the
 * delete of what it found. */
int nio_os_addr_has(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr there;
    int r;
    fake_os_lock();
    r = fake_addr_get(addr, ifindex, &there, false);
    fake_os_unlock();
    return r;
}

int nio_os_addr_remove(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr there;
    int r;
    fake_os_lock();
    r = fake_addr_get(addr, ifindex, &there, false);
    if (r == 0)
        r = fake_addr_delete(&there);
    fake_os_unlock();
    return r;
}
