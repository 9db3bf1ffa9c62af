/* notify.c - NotifyIpInterfaceChange, NotifyRouteChange2 and
 * CancelMibChangeNotify2.
 *
 * Every handle of the process, of either kind, shares one OS subscription
 * and one watcher thread (the "hub"), which keeps the rows last reported,
 * turns OS messages into Add/Delete/Parameter events and runs the
 * callbacks, one at a time, in order.  The hub keeps the interface rows
 * (rowcache.c) only while interface handles exist, and the route rows
 * (route-cache.c) only while route handles exist; the subscription covers
 * what those need and no more.  Interface changes the OS announces with
 * no message (sysctls written through /proc on Linux) are caught by
 * comparing every interface every NIO_SWEEP_MS, while interface handles
 * exist; route changes always come with a message (or a message that says
 * which interface's routes to compare), so route handles cost nothing at
 * rest.
 *
 * Two locks: nio_hub.lock guards the handles and the thread's life;
 * nio_hub.work guards the OS side of the thread's state (the watch and the
 * caches), which the thread holds while it reads the OS and a registration
 * holds while it widens the subscription and reads its baseline.  Order:
 * lock, then work; never lock while holding work.  Neither is held while a
 * callback runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rowcache.h"

/* A change with no OS message must be seen within NIO_SWEEP_BOUND_MS: the
 * next comparison starts that long after the last one, less the time the
 * last one took (it grows with the number of interfaces), but never sooner
 * than NIO_SWEEP_MIN_MS after it. */
#define NIO_SWEEP_BOUND_MS 900
#define NIO_SWEEP_MIN_MS 500
/* A route comparison that failed (no memory, a torn reading) is tried
 * again this soon, sweep or no sweep. */
#define NIO_RETRY_MS 200
/* Linux announces a link going down before it flushes the link's routes:
 * routes to compare because of such a message are compared at once and
 * again this much later. */
#define NIO_SETTLE_MS 100
/* Past this many interfaces whose routes to compare (thousands of links
 * going at once), one dump of every route costs less than a dump each. */
#define NIO_ROUTE_IFS_MAX 256

#define NIO_KINDS 2

struct nio_handle {
    uint64_t id;                    /* what the caller holds, never reused */
    unsigned kind;                  /* NIO_WATCH_IPIF or NIO_WATCH_ROUTES */
    int slots;                      /* bit per family slot watched */
    PIPINTERFACE_CHANGE_CALLBACK ipif_cb;
    PIPFORWARD_CHANGE_CALLBACK route_cb;
    void *ctx;
    bool initial;                   /* MibInitialNotification still owed */
    struct nio_handle *next;        /* by id, ascending */
};

enum nio_hub_state { NIO_HUB_IDLE, NIO_HUB_RUNNING, NIO_HUB_STOPPING };

/* Interfaces to read again, or all of them. */
struct nio_idset {
    uint32_t *v;
    size_t n, cap;
    bool all;
};

struct nio_hub_run {
    struct nio_watch *watch;
    unsigned what;                  /* the caches kept (NIO_WATCH_*), under both locks */
    struct nio_cache cache;         /* interface rows, while what has NIO_WATCH_IPIF */
    struct nio_rcache routes;       /* route rows, while what has NIO_WATCH_ROUTES */
    struct nio_events events;       /* the thread's alone */
    struct nio_idset ifaces;        /* interfaces announced */
    struct nio_idset route_ifs;     /* interfaces whose routes to compare */
    struct nio_idset route_later;   /* ... and to compare again at later_at */
    bool later;                     /* route_later holds some */
    bool retry;                     /* a route comparison failed */
    struct timespec next_sweep, later_at;
    long sweep_ms;                  /* how long the last comparison took */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_mutex_t work;
    struct nio_handle *handles;
    size_t count, kinds[NIO_KINDS];
    _Atomic uint64_t next_id;       /* read by the thread without the lock */
    enum nio_hub_state state;
    pthread_t thread;
    struct nio_hub_run *run;        /* the thread's, while RUNNING */
    uint64_t running;               /* id whose callback runs now, 0 none */
    int wake[2];                    /* pipe that interrupts the thread's poll */
} nio_hub = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER,
             .work = PTHREAD_MUTEX_INITIALIZER, .next_id = 1, .state = NIO_HUB_IDLE,
             .wake = {-1, -1}};

static void nio_hub_wake(void)
{
    char c = 0;
    ssize_t r = write(nio_hub.wake[1], &c, 1); /* full pipe: already woken */
    (void)r;
}

static bool nio_on_hub_thread(void)
{
    return nio_hub.state != NIO_HUB_IDLE && pthread_equal(pthread_self(), nio_hub.thread);
}

static int nio_kind_ix(unsigned kind)
{
    return kind == NIO_WATCH_ROUTES;
}

/* What the handles need now (lock held). */
static unsigned nio_hub_wanted(void)
{
    return (nio_hub.kinds[0] ? NIO_WATCH_IPIF : 0u) | (nio_hub.kinds[1] ? NIO_WATCH_ROUTES : 0u);
}

/* ------------------------------------------------------------- delivery */
/* An event goes to the handles of its kind and family that were
 * registered before it was found (a change already in a new handle's
 * baseline is no news to it). */
static bool nio_wants(const struct nio_handle *h, const struct nio_event *ev)
{
    return h->kind == ev->kind && (h->slots & (1 << nio_family_slot(ev->family))) &&
           h->id < ev->before;
}

static void nio_call(const struct nio_handle *h, const struct nio_event *ev)
{
    if (h->kind == NIO_WATCH_ROUTES) {
        MIB_IPFORWARD_ROW2 row;
        if (ev == NULL) {
            h->route_cb(h->ctx, NULL, MibInitialNotification);
            return;
        }
        /* As Windows: the key fields; the caller reads the rest. */
        nio_route_row_key(&row, &ev->route, ev->luid);
        h->route_cb(h->ctx, &row, ev->type);
    } else {
        MIB_IPINTERFACE_ROW row;
        if (ev == NULL) {
            h->ipif_cb(h->ctx, NULL, MibInitialNotification);
            return;
        }
        memset(&row, 0, sizeof(row));
        row.Family = ev->family;
        row.InterfaceLuid.Value = ev->luid;
        row.InterfaceIndex = ev->index;
        h->ipif_cb(h->ctx, &row, ev->type);
    }
}

/* Runs one callback per live handle that wants the event (ev NULL: the
 * initial notification of handle only); the lock is dropped around each
 * call so callbacks may call any function of the library.  Only ids are
 * kept across the call: Cancel from inside a callback frees its handle at
 * once.  A handle that still owes its initial notification gets it first. */
static void nio_deliver(const struct nio_event *ev, uint64_t only)
{
    uint64_t last = 0;
    pthread_mutex_lock(&nio_hub.lock);
    for (;;) {
        struct nio_handle *h, copy;
        bool initial = false;
        for (h = nio_hub.handles; h != NULL; h = h->next)
            if (h->id > last && (ev == NULL ? h->id == only : nio_wants(h, ev)))
                break;
        if (h == NULL)
            break;
        if (ev != NULL && h->initial) {
            h->initial = false; /* owed first; the event follows */
            initial = true;
        } else {
            last = h->id;
        }
        copy = *h;
        nio_hub.running = h->id;
        pthread_mutex_unlock(&nio_hub.lock);
        nio_call(&copy, initial ? NULL : ev);
        pthread_mutex_lock(&nio_hub.lock);
        nio_hub.running = 0;
        pthread_cond_broadcast(&nio_hub.cond);
    }
    pthread_mutex_unlock(&nio_hub.lock);
}

/* Initial notifications owed, in registration order. */
static void nio_deliver_initial(void)
{
    for (;;) {
        struct nio_handle *h;
        uint64_t id = 0;
        pthread_mutex_lock(&nio_hub.lock);
        for (h = nio_hub.handles; h != NULL && id == 0; h = h->next)
            if (h->initial) {
                h->initial = false;
                id = h->id;
            }
        pthread_mutex_unlock(&nio_hub.lock);
        if (id == 0)
            return;
        nio_deliver(NULL, id);
    }
}

static void nio_deliver_all(struct nio_events *ev)
{
    nio_deliver_initial();
    for (size_t i = 0; i < ev->n; i++)
        nio_deliver(&ev->v[i], 0);
    ev->n = 0;
}

/* Events found so far are for the handles registered so far. */
static void nio_stamp(struct nio_events *ev)
{
    uint64_t next = atomic_load(&nio_hub.next_id);
    for (size_t i = ev->n; i > 0 && ev->v[i - 1].before == 0; i--)
        ev->v[i - 1].before = next;
}

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

static void nio_route_ifs_add(struct nio_idset *s, uint32_t oif)
{
    nio_idset_add(s, s->n < NIO_ROUTE_IFS_MAX ? oif : 0);
}

static void nio_note_route_if(void *ctx, uint32_t oif)
{
    struct nio_hub_run *r = ctx;
    nio_route_ifs_add(&r->route_ifs, oif);
}

/* One OS route message, applied at once, in order.  One that cannot be
 * (no memory) leaves the rows' interfaces to be compared. */
static void nio_note_route(struct nio_hub_run *r, const struct nio_watch_event *ev)
{
    bool add = ev->kind != NIO_WE_ROUTE_DEL;
    if (nio_rcache_apply(&r->routes, add, ev->rows, ev->n, &r->events) != NIO_OK)
        for (size_t i = 0; i < ev->n; i++)
            nio_route_ifs_add(&r->route_ifs, ev->rows[i].oif);
    if (ev->kind == NIO_WE_ROUTE_REPLACE && ev->id != NULL)
        nio_rcache_same_id(&r->routes, ev->id, ev->rows, ev->n, nio_note_route_if, r);
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

/* Routes the OS may have removed without a message: compared now, and
 * once more when the OS is done (NIO_SETTLE_MS). */
static void nio_note_flush(struct nio_hub_run *r, uint32_t ifindex)
{
    nio_route_ifs_add(&r->route_ifs, ifindex);
    nio_route_ifs_add(&r->route_later, ifindex);
    if (!r->later)
        nio_deadline(&r->later_at, NIO_SETTLE_MS);
    r->later = true;
}

static void nio_note(void *ctx, const struct nio_watch_event *ev)
{
    struct nio_hub_run *r = ctx;
    bool routes = (r->what & NIO_WATCH_ROUTES) != 0;
    switch (ev->kind) {
    case NIO_WE_IFACE:
        if (r->what & NIO_WATCH_IPIF)
            nio_idset_add(&r->ifaces, ev->ifindex);
        if (routes && ev->ifindex != 0)
            nio_rcache_forget_if(&r->routes, ev->ifindex); /* its index may be reused */
        break;
    case NIO_WE_ROUTES:
        if (routes)
            nio_note_flush(r, ev->ifindex);
        break;
    case NIO_WE_LOST:
        r->ifaces.all = r->route_ifs.all = true;
        break;
    default:
        if (routes)
            nio_note_route(r, ev);
        break;
    }
}

/* --------------------------------------------------------- comparisons */
static nio_status nio_hub_sweep(struct nio_hub_run *r, struct nio_events *ev)
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
    nio_free(list);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->sweep_ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
    return st;
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
    if (s->all && nio_hub_sweep(r, &r->events) == NIO_OK)
        s->all = false; /* else tried again at the next sweep */
}

/* The route rows through oif (0: every one) read again and compared. */
static nio_status nio_hub_route_compare(struct nio_rcache *c, uint32_t oif,
                                        struct nio_events *ev)
{
    struct nio_route *list = NULL;
    size_t n = 0;
    int err = nio_os_route_list(NIO_WANT_V4 | NIO_WANT_V6, oif, &list, &n);
    nio_status st;
    if (oif != 0 && (err == -ENODEV || err == -ENOENT))
        err = 0, n = 0; /* the interface is gone, and its routes with it */
    st = nio_status_from_errno(err, NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_rcache_compare(c, oif, list, n, ev);
    nio_free(list);
    return st;
}

static void nio_hub_update_routes(struct nio_hub_run *r)
{
    struct nio_idset *s = &r->route_ifs;
    r->retry = false;
    if (s->all) {
        s->n = 0; /* every route covers them */
        if (nio_hub_route_compare(&r->routes, 0, &r->events) == NIO_OK)
            s->all = false;
        else
            r->retry = true;
        return;
    }
    while (s->n > 0) {
        if (nio_hub_route_compare(&r->routes, s->v[s->n - 1], &r->events) != NIO_OK) {
            r->retry = true;
            return;
        }
        s->n--;
    }
}

/* Work lock held. */
static void nio_hub_update(struct nio_hub_run *r)
{
    if (r->what & NIO_WATCH_IPIF)
        nio_hub_update_ifaces(r);
    else
        nio_idset_clear(&r->ifaces);
    if (r->what & NIO_WATCH_ROUTES)
        nio_hub_update_routes(r);
    else
        nio_idset_clear(&r->route_ifs);
    nio_stamp(&r->events);
}

/* ---------------------------------------------------------- the caches */
static void nio_sweep_schedule(struct nio_hub_run *r)
{
    long ms = NIO_SWEEP_BOUND_MS - r->sweep_ms;
    nio_deadline(&r->next_sweep, ms < NIO_SWEEP_MIN_MS ? NIO_SWEEP_MIN_MS : ms);
}

/* The rows of kind as they are now, with no event: what later changes are
 * compared with.  The cache of kind is empty before. */
static nio_status nio_hub_baseline(struct nio_hub_run *r, unsigned kind)
{
    struct nio_events scratch;
    struct nio_route *list = NULL;
    size_t n = 0;
    nio_status st;
    if (kind == NIO_WATCH_IPIF) {
        memset(&scratch, 0, sizeof(scratch));
        st = nio_hub_sweep(r, &scratch);
        nio_free(scratch.v);
        if (st == NIO_OK)
            nio_sweep_schedule(r);
        return st;
    }
    st = nio_status_from_errno(nio_os_route_list(NIO_WANT_V4 | NIO_WANT_V6, 0, &list, &n),
                               NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_rcache_compare(&r->routes, 0, list, n, NULL);
    nio_free(list);
    return st;
}

static void nio_hub_drop(struct nio_hub_run *r, unsigned kinds)
{
    if (kinds & NIO_WATCH_IPIF) {
        nio_cache_free(&r->cache);
        nio_idset_clear(&r->ifaces);
    }
    if (kinds & NIO_WATCH_ROUTES) {
        nio_rcache_free(&r->routes);
        nio_idset_clear(&r->route_ifs);
        nio_idset_clear(&r->route_later);
        r->retry = r->later = false;
    }
}

/* A registration of a kind the running hub does not watch yet: subscribed
 * before the first reading, so no change falls between, and read before
 * the registration returns.  Both locks held. */
static nio_status nio_hub_widen(struct nio_hub_run *r, unsigned kind)
{
    nio_status st = nio_status_from_errno(nio_os_watch_set(r->watch, r->what | kind),
                                          NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_hub_baseline(r, kind);
    if (st == NIO_OK) {
        r->what |= kind;
        return NIO_OK;
    }
    nio_hub_drop(r, kind);
    nio_os_watch_set(r->watch, r->what); /* narrowing back: a wider one only costs */
    return st;
}

/* The last handle of a kind went: its cache and its part of the
 * subscription go too. */
static void nio_hub_narrow(struct nio_hub_run *r)
{
    unsigned wanted;
    pthread_mutex_lock(&nio_hub.lock);
    wanted = nio_hub_wanted();
    if (wanted != 0 && (r->what & ~wanted) != 0) {
        pthread_mutex_lock(&nio_hub.work);
        nio_hub_drop(r, r->what & ~wanted);
        nio_os_watch_set(r->watch, wanted); /* if refused, the extra messages are ignored */
        r->what = wanted;
        pthread_mutex_unlock(&nio_hub.work);
    }
    pthread_mutex_unlock(&nio_hub.lock);
}

/* --------------------------------------------------------------- thread */
static int nio_ms_until(const struct timespec *t)
{
    struct timespec now;
    long long ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (t->tv_sec - now.tv_sec) * 1000LL + (t->tv_nsec - now.tv_nsec) / 1000000;
    return ms < 0 ? 0 : (int)ms;
}

/* How long the thread may sleep: until the next sweep while interface
 * handles exist, a little while when a comparison must be tried again,
 * else until something happens. */
static int nio_hub_timeout(struct nio_hub_run *r)
{
    int ms = -1;
    pthread_mutex_lock(&nio_hub.work);
    if (r->what & NIO_WATCH_IPIF)
        ms = nio_ms_until(&r->next_sweep);
    if (r->retry && (ms < 0 || ms > NIO_RETRY_MS))
        ms = NIO_RETRY_MS;
    if (r->later && (ms < 0 || ms > nio_ms_until(&r->later_at)))
        ms = nio_ms_until(&r->later_at);
    pthread_mutex_unlock(&nio_hub.work);
    return ms;
}

/* The second comparison of routes the OS may have flushed. */
static void nio_settle(struct nio_hub_run *r)
{
    struct nio_idset *s = &r->route_later;
    if (s->all)
        nio_idset_add(&r->route_ifs, 0);
    for (size_t i = 0; i < s->n; i++)
        nio_route_ifs_add(&r->route_ifs, s->v[i]);
    nio_idset_clear(s);
    r->later = false;
}

static void nio_hub_read(struct nio_hub_run *r, bool readable, bool failed)
{
    pthread_mutex_lock(&nio_hub.work);
    if (failed || (readable && nio_os_watch_read(r->watch, nio_note, r) != 0))
        r->ifaces.all = r->route_ifs.all = true;
    if ((r->what & NIO_WATCH_IPIF) && nio_ms_until(&r->next_sweep) == 0) {
        r->ifaces.all = true;
        nio_sweep_schedule(r);
    }
    if (r->later && nio_ms_until(&r->later_at) == 0)
        nio_settle(r);
    nio_stamp(&r->events);
    pthread_mutex_unlock(&nio_hub.work);
}

/* Waits for OS messages, a wake-up or the next sweep; false: stop. */
static bool nio_hub_wait(struct nio_hub_run *r)
{
    struct pollfd p[2] = {{nio_os_watch_fd(r->watch), POLLIN, 0}, {nio_hub.wake[0], POLLIN, 0}};
    char buf[64];
    bool stop, failed;
    pthread_mutex_lock(&nio_hub.lock);
    stop = nio_hub.count == 0;
    if (stop && nio_hub.state == NIO_HUB_RUNNING) {
        /* The last handle went from inside a callback: nobody will join. */
        nio_hub.state = NIO_HUB_IDLE;
        pthread_detach(pthread_self());
        pthread_cond_broadcast(&nio_hub.cond);
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (stop)
        return false;
    failed = poll(p, 2, nio_hub_timeout(r)) < 0 && errno != EINTR;
    while (read(nio_hub.wake[0], buf, sizeof(buf)) > 0)
        ;
    nio_hub_read(r, p[0].revents != 0, failed);
    return true;
}

static void nio_hub_free(struct nio_hub_run *r)
{
    nio_os_watch_close(r->watch);
    nio_hub_drop(r, NIO_WATCH_IPIF | NIO_WATCH_ROUTES);
    nio_free(r->events.v);
    nio_free(r->ifaces.v);
    nio_free(r->route_ifs.v);
    nio_free(r->route_later.v);
    nio_free(r);
}

static void *nio_hub_main(void *arg)
{
    struct nio_hub_run *r = arg;
    do {
        nio_hub_narrow(r);
        pthread_mutex_lock(&nio_hub.work);
        nio_hub_update(r);
        pthread_mutex_unlock(&nio_hub.work);
        nio_deliver_all(&r->events);
    } while (nio_hub_wait(r));
    nio_hub_free(r);
    return NULL;
}

/* The wake-up pipe: made once, kept for the life of the process, so that a
 * late Cancel can never write into a descriptor that was closed and reused. */
static int nio_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
    }
    return 0;
}

/* Lock held, hub idle: a hub for kind, its baseline read, its thread. */
static nio_status nio_hub_start(unsigned kind)
{
    struct nio_hub_run *r;
    nio_status st;
    if (nio_hub.wake[0] < 0 && nio_pipe(nio_hub.wake) != 0)
        return nio_status_from_errno(-errno, NIO_GEN_FAILURE);
    r = nio_calloc(1, sizeof(*r));
    if (r == NULL)
        return NIO_NO_MEMORY;
    st = nio_status_from_errno(nio_os_watch_open(kind, &r->watch), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_hub_baseline(r, kind); /* no thread yet: no lock to take */
    r->what = kind;
    if (st == NIO_OK)
        st = nio_status_from_errno(-pthread_create(&nio_hub.thread, NULL, nio_hub_main, r),
                                   NIO_GEN_FAILURE);
    if (st != NIO_OK) {
        if (r->watch != NULL)
            nio_os_watch_close(r->watch);
        r->watch = NULL;
        nio_hub_drop(r, kind);
        nio_free(r);
        return st;
    }
    nio_hub.run = r;
    nio_hub.state = NIO_HUB_RUNNING;
    return NIO_OK;
}

/* Lock held: makes sure a hub thread runs and watches kind. */
static nio_status nio_hub_join(unsigned kind)
{
    nio_status st = NIO_OK;
    while (nio_hub.state == NIO_HUB_STOPPING)
        pthread_cond_wait(&nio_hub.cond, &nio_hub.lock);
    if (nio_hub.state == NIO_HUB_IDLE)
        return nio_hub_start(kind);
    pthread_mutex_lock(&nio_hub.work);
    if (!(nio_hub.run->what & kind))
        st = nio_hub_widen(nio_hub.run, kind);
    pthread_mutex_unlock(&nio_hub.work);
    if (st == NIO_OK)
        nio_hub_wake(); /* it may sleep with no sweep to wake it */
    return st;
}

/* ---------------------------------------------------------------- API */
static nio_status nio_register(struct nio_handle *tmpl, ADDRESS_FAMILY family, BOOLEAN initial,
                               HANDLE *handle)
{
    struct nio_handle *h, **tail;
    int slot = nio_family_slot(family);
    nio_status st;
    tmpl->slots = family == AF_UNSPEC ? 3 : slot >= 0 ? 1 << slot : 0;
    if (tmpl->slots == 0 || (tmpl->ipif_cb == NULL && tmpl->route_cb == NULL) || handle == NULL)
        return NIO_INVALID_PARAMETER;
    h = nio_calloc(1, sizeof(*h));
    if (h == NULL)
        return NIO_NO_MEMORY;
    pthread_mutex_lock(&nio_hub.lock);
    /* The id first: events found after the baseline carry a larger one. */
    tmpl->id = atomic_fetch_add(&nio_hub.next_id, 1);
    tmpl->initial = initial != 0;
    st = nio_hub_join(tmpl->kind);
    if (st == NIO_OK) {
        *h = *tmpl;
        for (tail = &nio_hub.handles; *tail != NULL; tail = &(*tail)->next)
            ;
        *tail = h;
        nio_hub.count++;
        nio_hub.kinds[nio_kind_ix(h->kind)]++;
        *handle = (HANDLE)(uintptr_t)h->id;
        if (initial)
            nio_hub_wake();
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (st != NIO_OK)
        nio_free(h);
    return st;
}

nio_status nio_notify_ip_interface_change(ADDRESS_FAMILY family,
                                          PIPINTERFACE_CHANGE_CALLBACK callback, void *context,
                                          BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle t;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_IPIF;
    t.ipif_cb = callback;
    t.ctx = context;
    return nio_register(&t, family, initial, handle);
}

nio_status nio_notify_route_change2(ADDRESS_FAMILY family, PIPFORWARD_CHANGE_CALLBACK callback,
                                    void *context, BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle t;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_ROUTES;
    t.route_cb = callback;
    t.ctx = context;
    return nio_register(&t, family, initial, handle);
}

/* Waits, unless on the hub thread itself, until no callback of id runs;
 * once unlinked, none will start.  Called with the lock held. */
static void nio_wait_callback(uint64_t id)
{
    if (nio_on_hub_thread())
        return;
    while (nio_hub.running == id)
        pthread_cond_wait(&nio_hub.cond, &nio_hub.lock);
}

nio_status nio_cancel_notify(HANDLE handle)
{
    uint64_t id = (uint64_t)(uintptr_t)handle;
    struct nio_handle **p, *h = NULL;
    bool join = false;
    pthread_t thread;
    if (handle == NULL)
        return NIO_INVALID_PARAMETER;
    pthread_mutex_lock(&nio_hub.lock);
    for (p = &nio_hub.handles; *p != NULL; p = &(*p)->next)
        if ((*p)->id == id) {
            h = *p;
            *p = h->next;
            nio_hub.count--;
            nio_hub.kinds[nio_kind_ix(h->kind)]--;
            break;
        }
    if (h != NULL) {
        /* The last handle: stop the thread and wait for it, so nothing of
         * the library runs once Cancel returns.  Decided before waiting
         * for a running callback, with the count still as this call left
         * it: the wait drops the lock, and a thread that then saw no
         * handle and its state still RUNNING would detach itself, to be
         * joined here all the same.  The last of one kind: the thread
         * drops that kind's cache when it wakes. */
        if (nio_hub.count == 0 && !nio_on_hub_thread()) {
            nio_hub.state = NIO_HUB_STOPPING;
            thread = nio_hub.thread;
            join = true;
        }
        nio_wait_callback(id);
        nio_hub_wake();
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (h == NULL)
        return NIO_INVALID_PARAMETER;
    nio_free(h);
    if (join) {
        pthread_join(thread, NULL);
        pthread_mutex_lock(&nio_hub.lock);
        nio_hub.state = NIO_HUB_IDLE;
        pthread_cond_broadcast(&nio_hub.cond);
        pthread_mutex_unlock(&nio_hub.lock);
    }
    return NIO_OK;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(NotifyIpInterfaceChange,
                (ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback, PVOID CallerContext,
                 BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (Family, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_ip_interface_change)
NIO_EXPORT_PAIR(NotifyRouteChange2,
                (ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
                 PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (AddressFamily, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_route_change2)
NIO_EXPORT_PAIR(CancelMibChangeNotify2, (HANDLE NotificationHandle), (NotificationHandle),
                nio_cancel_notify)
