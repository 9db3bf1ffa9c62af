/* hub-read.c - what the watcher thread reads (hub.h): the OS's messages
 * applied to the caches of the kinds watched, and the comparisons they
 * call for.
 *
 * Interface changes the OS announces with no message (sysctls written
 * through /proc on Linux) are caught by comparing every interface about
 * every NIO_SWEEP_BOUND_MS, while interface handles exist, unless the back
 * end watches those changes itself (nio_os_watch_quiet): the comparison is
 * then a backstop, NIO_BACKSTOP_MIN_MS apart at least, and in between the
 * thread only asks, at the same cadence, whether the back end's watch still
 * holds.  Route and address changes always come with a message (or a
 * message that says which interface's rows to compare), so route and
 * address handles cost nothing at rest. */
#include <errno.h>
#include <string.h>

#include "hub.h"

/* A change with no OS message must be seen within NIO_SWEEP_BOUND_MS: the
 * next comparison starts that long after the last one, less the time the
 * last one took (it grows with the number of interfaces), but never sooner
 * than NIO_SWEEP_MIN_MS after it. */
#define NIO_SWEEP_BOUND_MS 900
#define NIO_SWEEP_MIN_MS 500
/* While the back end watches quiet changes, what it can still miss (a
 * change around both, docs/notify.md) is found by a backstop comparison:
 * NIO_BACKSTOP_FACTOR times as far apart as one takes, so that it costs at
 * most 0.5 % of a CPU, and never closer than NIO_BACKSTOP_MIN_MS nor
 * further than NIO_BACKSTOP_MAX_MS. */
#define NIO_BACKSTOP_FACTOR 200
#define NIO_BACKSTOP_MIN_MS 5000
#define NIO_BACKSTOP_MAX_MS 60000
/* A route or address comparison that failed (no memory, a torn reading)
 * is tried again this soon, sweep or no sweep. */
#define NIO_RETRY_MS 200
/* Linux announces a link going down before it flushes the link's routes:
 * routes to compare because of such a message are compared at once and
 * again this much later. */
#define NIO_SETTLE_MS 100
/* Past this many interfaces whose rows to compare (thousands of links
 * going at once), one dump of every row costs less than a dump each. */
#define NIO_IFS_MAX 256

/* ------------------------------------------------- what to read again */
static void nio_idset_add(struct nio_idset *s, uint32_t index)
{
    uint32_t *v;
    if (index == 0 || s->all) {
        s->all = true;
        return;
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == index)
            return;
    v = nio_grow(s->v, &s->cap, s->n, sizeof(*v));
    if (v == NULL) {
        s->all = true; /* cannot track them one by one: compare all */
        return;
    }
    s->v = v;
    s->v[s->n++] = index;
}

static void nio_idset_clear(struct nio_idset *s)
{
    s->n = 0;
    s->all = false;
}

static void nio_ifs_add(struct nio_idset *s, uint32_t index)
{
    nio_idset_add(s, s->n < NIO_IFS_MAX ? index : 0);
}

static void nio_note_route_if(void *ctx, uint32_t oif)
{
    struct nio_hub_run *r = ctx;
    nio_ifs_add(&r->route_ifs, oif);
}

static void nio_deadline(struct timespec *t, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static int nio_ms_until(const struct timespec *t)
{
    struct timespec now;
    long long ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (t->tv_sec - now.tv_sec) * 1000LL + (t->tv_nsec - now.tv_nsec) / 1000000;
    return ms < 0 ? 0 : (int)ms;
}

/* --------------------------------------------------------- OS messages */
/* One OS route message, applied at once, in order.  One that cannot be
 * (no memory) leaves the rows' interfaces to be compared. */
static void nio_note_route(struct nio_hub_run *r, const struct nio_watch_event *ev)
{
    bool add = ev->kind != NIO_WE_ROUTE_DEL;
    if (nio_rcache_apply(&r->routes, add, ev->rows, ev->n, &r->events) != NIO_OK)
        for (size_t i = 0; i < ev->n; i++)
            nio_ifs_add(&r->route_ifs, ev->rows[i].oif);
    if (ev->kind == NIO_WE_ROUTE_REPLACE && ev->id != NULL)
        nio_rcache_same_id(&r->routes, ev->id, ev->rows, ev->n, nio_note_route_if, r);
}

/* One OS address message, the same way. */
static void nio_note_addr(struct nio_hub_run *r, const struct nio_watch_event *ev)
{
    bool compare = false;
    if (nio_acache_apply(&r->addrs, ev->kind == NIO_WE_ADDR_NEW, ev->addr, &r->events,
                         &compare) != NIO_OK ||
        compare)
        nio_ifs_add(&r->addr_ifs, ev->addr->ifindex);
}

/* Routes the OS may have removed without a message: compared now, and
 * once more when the OS is done (NIO_SETTLE_MS). */
static void nio_note_flush(struct nio_hub_run *r, uint32_t ifindex)
{
    nio_ifs_add(&r->route_ifs, ifindex);
    nio_ifs_add(&r->route_later, ifindex);
    if (!r->later)
        nio_deadline(&r->later_at, NIO_SETTLE_MS);
    r->later = true;
}

static void nio_note_lost(struct nio_hub_run *r)
{
    r->ifaces.all = r->route_ifs.all = r->addr_ifs.all = true;
}

void nio_note(void *ctx, const struct nio_watch_event *ev)
{
    struct nio_hub_run *r = ctx;
    bool routes = (r->what & NIO_WATCH_ROUTES) != 0, addrs = (r->what & NIO_WATCH_ADDRS) != 0;
    switch (ev->kind) {
    case NIO_WE_IFACE:
        if (r->what & NIO_WATCH_IPIF)
            nio_idset_add(&r->ifaces, ev->ifindex);
        /* Its index may be reused: its LUID is asked again when needed. */
        if (routes && ev->ifindex != 0)
            nio_rcache_forget_if(&r->routes, ev->ifindex);
        if (addrs && ev->ifindex != 0)
            nio_acache_forget_if(&r->addrs, ev->ifindex);
        break;
    case NIO_WE_ROUTES:
        if (routes)
            nio_note_flush(r, ev->ifindex);
        break;
    case NIO_WE_LOST:
        nio_note_lost(r);
        break;
    case NIO_WE_ADDR_NEW:
    case NIO_WE_ADDR_DEL:
        if (addrs && ev->addr != NULL)
            nio_note_addr(r, ev);
        break;
    case NIO_WE_ADDRS:
        if (addrs)
            nio_ifs_add(&r->addr_ifs, ev->ifindex);
        break;
    default:
        if (routes)
            nio_note_route(r, ev);
        break;
    }
}

/* --------------------------------------------------------- comparisons */
/* Every interface read and compared; quiet: and given to the back end's
 * watch of quiet changes (nio_os_watch_quiet). */
static nio_status nio_hub_sweep(struct nio_hub_run *r, struct nio_events *ev, bool quiet)
{
    struct nio_iface *list = NULL;
    struct timespec t0, t1;
    size_t n = 0;
    nio_status st;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = nio_status_from_errno(nio_os_list(NIO_WANT_V4 | NIO_WANT_V6, &list, &n),
                               NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_cache_update_all(&r->cache, list, n, ev);
    /* Watched from now on; covered only if watched before the reading. */
    r->quiet = st == NIO_OK && quiet && nio_os_watch_quiet(r->watch, list, n);
    nio_free(list);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->last_sweep = t0;
    r->sweep_ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
    return st;
}

static void nio_sweep_schedule(struct nio_hub_run *r)
{
    long ms = NIO_SWEEP_BOUND_MS - r->sweep_ms;
    nio_deadline(&r->next_sweep, ms < NIO_SWEEP_MIN_MS ? NIO_SWEEP_MIN_MS : ms);
}

/* At a comparison's time: whether it must run, or the back end's own
 * watch of quiet changes stands in for it until the backstop is due. */
static bool nio_sweep_due(struct nio_hub_run *r)
{
    struct timespec now;
    long since, backstop = r->sweep_ms * NIO_BACKSTOP_FACTOR;
    if (!r->quiet || !nio_os_watch_quiet_holds(r->watch))
        return true;
    if (backstop < NIO_BACKSTOP_MIN_MS)
        backstop = NIO_BACKSTOP_MIN_MS;
    if (backstop > NIO_BACKSTOP_MAX_MS)
        backstop = NIO_BACKSTOP_MAX_MS;
    clock_gettime(CLOCK_MONOTONIC, &now);
    since = (now.tv_sec - r->last_sweep.tv_sec) * 1000L +
            (now.tv_nsec - r->last_sweep.tv_nsec) / 1000000L;
    return since + NIO_SWEEP_BOUND_MS / 2 >= backstop; /* the tick nearest the backstop */
}

static void nio_hub_update_ifaces(struct nio_hub_run *r)
{
    struct nio_idset *s = &r->ifaces;
    for (size_t i = 0; i < s->n && !s->all; i++) {
        struct nio_iface ifc;
        int err = nio_os_get(s->v[i], NIO_WANT_V4 | NIO_WANT_V6, &ifc);
        if (err == 0 || err == -ENODEV)
            err = nio_cache_update_one(&r->cache, s->v[i], err ? NULL : &ifc, &r->events) ==
                          NIO_OK
                      ? 0
                      : -ENOMEM;
        if (err)
            s->all = true;
    }
    s->n = 0;
    if (s->all && nio_hub_sweep(r, &r->events, true) == NIO_OK)
        s->all = false; /* else tried again at the next sweep */
}

/* A reading of one interface's rows when that interface is gone: none. */
static int nio_gone_is_empty(int err, uint32_t index, size_t *n)
{
    if (index != 0 && (err == -ENODEV || err == -ENOENT)) {
        *n = 0;
        return 0;
    }
    return err;
}

/* The route rows through oif (0: every one) read again and compared. */
static nio_status nio_route_compare(struct nio_hub_run *r, uint32_t oif)
{
    struct nio_route *list = NULL;
    size_t n = 0;
    int err = nio_os_route_list(NIO_WANT_V4 | NIO_WANT_V6, oif, &list, &n);
    nio_status st = nio_status_from_errno(nio_gone_is_empty(err, oif, &n), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_rcache_compare(&r->routes, oif, list, n, &r->events);
    nio_free(list);
    return st;
}

/* The addresses of ifindex (0: every one) read again and compared. */
static nio_status nio_addr_compare(struct nio_hub_run *r, uint32_t ifindex)
{
    struct nio_addr *list = NULL;
    size_t n = 0;
    int err = nio_os_addr_list(NIO_WANT_V4 | NIO_WANT_V6, ifindex, &list, &n);
    nio_status st = nio_status_from_errno(nio_gone_is_empty(err, ifindex, &n), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_acache_compare(&r->addrs, ifindex, list, n, &r->events);
    nio_free(list);
    return st;
}

/* Every interface of s compared by compare (all: one comparison of every
 * row); one that fails stays for the retry. */
static void nio_hub_compare(struct nio_hub_run *r, struct nio_idset *s,
                            nio_status (*compare)(struct nio_hub_run *, uint32_t))
{
    if (s->all) {
        s->n = 0; /* every row covers them */
        if (compare(r, 0) == NIO_OK)
            s->all = false;
        else
            r->retry = true;
        return;
    }
    while (s->n > 0) {
        if (compare(r, s->v[s->n - 1]) != NIO_OK) {
            r->retry = true;
            return;
        }
        s->n--;
    }
}

void nio_hub_update(struct nio_hub_run *r)
{
    r->retry = false;
    if (r->what & NIO_WATCH_IPIF)
        nio_hub_update_ifaces(r);
    else
        nio_idset_clear(&r->ifaces);
    if (r->what & NIO_WATCH_ROUTES)
        nio_hub_compare(r, &r->route_ifs, nio_route_compare);
    else
        nio_idset_clear(&r->route_ifs);
    if (r->what & NIO_WATCH_ADDRS)
        nio_hub_compare(r, &r->addr_ifs, nio_addr_compare);
    else
        nio_idset_clear(&r->addr_ifs);
    nio_stamp(&r->events);
}

/* ---------------------------------------------------------- the caches */
nio_status nio_hub_baseline(struct nio_hub_run *r, unsigned kind)
{
    struct nio_events scratch;
    struct nio_route *routes = NULL;
    struct nio_addr *addrs = NULL;
    size_t n = 0;
    nio_status st;
    if (kind == NIO_WATCH_IPIF) {
        /* The back end starts its watch of quiet changes on the thread,
         * with a second comparison at once: arming it costs (15,000
         * inotify watches at 5000 interfaces, 100 ms) and the caller
         * need not wait for it.  Until the one after, 0.9 s later, the
         * comparisons stand in for the watch as they would without one. */
        memset(&scratch, 0, sizeof(scratch));
        st = nio_hub_sweep(r, &scratch, false);
        nio_free(scratch.v);
        if (st == NIO_OK)
            nio_deadline(&r->next_sweep, 0);
        return st;
    }
    if (kind == NIO_WATCH_ADDRS) {
        st = nio_status_from_errno(nio_os_addr_list(NIO_WANT_V4 | NIO_WANT_V6, 0, &addrs, &n),
                                   NIO_GEN_FAILURE);
        if (st == NIO_OK)
            st = nio_acache_compare(&r->addrs, 0, addrs, n, NULL);
        nio_free(addrs);
        return st;
    }
    st = nio_status_from_errno(nio_os_route_list(NIO_WANT_V4 | NIO_WANT_V6, 0, &routes, &n),
                               NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_rcache_compare(&r->routes, 0, routes, n, NULL);
    nio_free(routes);
    return st;
}

void nio_hub_drop(struct nio_hub_run *r, unsigned kinds)
{
    if (kinds & NIO_WATCH_IPIF) {
        nio_cache_free(&r->cache);
        nio_idset_clear(&r->ifaces);
        r->quiet = false;
    }
    if (kinds & NIO_WATCH_ROUTES) {
        nio_rcache_free(&r->routes);
        nio_idset_clear(&r->route_ifs);
        nio_idset_clear(&r->route_later);
        r->later = false;
    }
    if (kinds & NIO_WATCH_ADDRS) {
        nio_acache_free(&r->addrs);
        nio_idset_clear(&r->addr_ifs);
    }
}

void nio_hub_run_free(struct nio_hub_run *r)
{
    if (r->watch != NULL)
        nio_os_watch_close(r->watch);
    nio_hub_drop(r, NIO_WATCH_IPIF | NIO_WATCH_ROUTES | NIO_WATCH_ADDRS);
    nio_free(r->events.v);
    nio_free(r->ifaces.v);
    nio_free(r->route_ifs.v);
    nio_free(r->route_later.v);
    nio_free(r->addr_ifs.v);
    nio_free(r);
}

/* --------------------------------------------------------- the schedule */
/* Until the next sweep while interface handles exist, a little while when
 * a comparison must be tried again, else until something happens. */
int nio_hub_timeout(struct nio_hub_run *r)
{
    int ms = -1;
    if (r->what & NIO_WATCH_IPIF)
        ms = nio_ms_until(&r->next_sweep);
    if (r->retry && (ms < 0 || ms > NIO_RETRY_MS))
        ms = NIO_RETRY_MS;
    if (r->later && (ms < 0 || ms > nio_ms_until(&r->later_at)))
        ms = nio_ms_until(&r->later_at);
    return ms;
}

/* The second comparison of routes the OS may have flushed. */
static void nio_settle(struct nio_hub_run *r)
{
    struct nio_idset *s = &r->route_later;
    if (s->all)
        nio_idset_add(&r->route_ifs, 0);
    for (size_t i = 0; i < s->n; i++)
        nio_ifs_add(&r->route_ifs, s->v[i]);
    nio_idset_clear(s);
    r->later = false;
}

void nio_hub_take(struct nio_hub_run *r, bool readable, bool failed)
{
    if (failed || (readable && nio_os_watch_read(r->watch, nio_note, r) != 0))
        nio_note_lost(r);
    if ((r->what & NIO_WATCH_IPIF) && nio_ms_until(&r->next_sweep) == 0) {
        if (nio_sweep_due(r))
            r->ifaces.all = true;
        nio_sweep_schedule(r);
    }
    if (r->later && nio_ms_until(&r->later_at) == 0)
        nio_settle(r);
    nio_stamp(&r->events);
}
