/* notify.c - NotifyIpInterfaceChange and CancelMibChangeNotify2.
 *
 * Every handle of the process shares one OS subscription and one watcher
 * thread (the "hub"), which keeps the rows last reported (rowcache.c),
 * turns OS messages into Add/Delete/Parameter events and runs the
 * callbacks, one at a time, in order.  Changes the OS announces with no
 * message (sysctls written through /proc on Linux) are caught by comparing
 * everything every NIO_SWEEP_MS.  The hub is process-wide by nature (one
 * subscription for hundreds of handles); its mutex guards the handle list
 * and the thread's life.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
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

struct nio_handle {
    uint64_t id;                    /* what the caller holds, never reused */
    int slots;                      /* bit per family slot watched */
    PIPINTERFACE_CHANGE_CALLBACK cb;
    void *ctx;
    bool initial;                   /* MibInitialNotification still owed */
    struct nio_handle *next;        /* by id, ascending */
};

enum nio_hub_state { NIO_HUB_IDLE, NIO_HUB_RUNNING, NIO_HUB_STOPPING };

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct nio_handle *handles;
    size_t count;
    uint64_t next_id;
    enum nio_hub_state state;
    pthread_t thread;
    uint64_t running;               /* id whose callback runs now, 0 none */
    int wake[2];                    /* pipe that interrupts the thread's poll */
} nio_hub = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER,
             .next_id = 1, .state = NIO_HUB_IDLE, .wake = {-1, -1}};

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

/* ------------------------------------------------------------- delivery */
/* Runs one callback per live handle that wants the event; the lock is
 * dropped around each call so callbacks may call any function of the
 * library.  Only ids are kept across the call: Cancel from inside a
 * callback frees its handle at once. */
static void nio_deliver(const struct nio_event *ev, uint64_t only)
{
    uint64_t last = 0;
    pthread_mutex_lock(&nio_hub.lock);
    for (;;) {
        struct nio_handle *h = nio_hub.handles;
        MIB_IPINTERFACE_ROW row;
        PIPINTERFACE_CHANGE_CALLBACK cb;
        void *ctx;
        while (h != NULL && (h->id <= last || (only ? h->id != only
                                               : !(h->slots & (1 << nio_family_slot(ev->family))))))
            h = h->next;
        if (h == NULL)
            break;
        last = h->id;
        cb = h->cb;
        ctx = h->ctx;
        nio_hub.running = h->id;
        pthread_mutex_unlock(&nio_hub.lock);
        if (ev == NULL) {
            cb(ctx, NULL, MibInitialNotification);
        } else {
            /* As Windows: the key fields; the caller reads the rest. */
            memset(&row, 0, sizeof(row));
            row.Family = ev->family;
            row.InterfaceLuid.Value = ev->luid;
            row.InterfaceIndex = ev->index;
            cb(ctx, &row, ev->type);
        }
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
    for (size_t i = 0; i < ev->n; i++)
        nio_deliver(&ev->v[i], 0);
    ev->n = 0;
}

/* --------------------------------------------------------------- thread */
struct nio_hub_run {
    struct nio_watch *watch;
    struct nio_cache cache;
    struct nio_events events;
    uint32_t *changed;              /* indexes announced by the OS */
    size_t nchanged, capchanged;
    bool resync;
    struct timespec next_sweep;
    long sweep_ms;                  /* how long the last comparison took */
};

static void nio_note_change(void *ctx, uint32_t ifindex)
{
    struct nio_hub_run *r = ctx;
    uint32_t *v;
    if (ifindex == 0 || r->resync) {
        r->resync = true;
        return;
    }
    for (size_t i = 0; i < r->nchanged; i++)
        if (r->changed[i] == ifindex)
            return;
    v = nio_grow(r->changed, &r->capchanged, r->nchanged, sizeof(*v));
    if (v == NULL) {
        r->resync = true; /* cannot track them one by one: compare all */
        return;
    }
    r->changed = v;
    r->changed[r->nchanged++] = ifindex;
}

static nio_status nio_hub_sweep(struct nio_hub_run *r)
{
    struct nio_iface *list = NULL;
    struct timespec t0, t1;
    size_t n = 0;
    nio_status st;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = nio_status_from_errno(nio_os_list(NIO_WANT_V4 | NIO_WANT_V6, &list, &n),
                               NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_cache_update_all(&r->cache, list, n, &r->events);
    nio_free(list);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->sweep_ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
    return st;
}

static void nio_hub_update(struct nio_hub_run *r)
{
    for (size_t i = 0; i < r->nchanged && !r->resync; i++) {
        struct nio_iface ifc;
        int err = nio_os_get(r->changed[i], NIO_WANT_V4 | NIO_WANT_V6, &ifc);
        if (err == 0 || err == -ENODEV)
            err = nio_cache_update_one(&r->cache, r->changed[i], err ? NULL : &ifc,
                                       &r->events) == NIO_OK ? 0 : -ENOMEM;
        if (err)
            r->resync = true;
    }
    r->nchanged = 0;
    if (r->resync && nio_hub_sweep(r) == NIO_OK)
        r->resync = false; /* else tried again at the next sweep */
    nio_deliver_all(&r->events);
}

static int nio_ms_until(const struct timespec *t)
{
    struct timespec now;
    long long ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (t->tv_sec - now.tv_sec) * 1000LL + (t->tv_nsec - now.tv_nsec) / 1000000;
    return ms < 0 ? 0 : (int)ms;
}

static void nio_sweep_schedule(struct nio_hub_run *r)
{
    struct timespec *t = &r->next_sweep;
    long ms = NIO_SWEEP_BOUND_MS - r->sweep_ms;
    if (ms < NIO_SWEEP_MIN_MS)
        ms = NIO_SWEEP_MIN_MS;
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

/* Waits for OS messages, a wake-up or the next sweep; false: stop. */
static bool nio_hub_wait(struct nio_hub_run *r)
{
    struct pollfd p[2] = {{nio_os_watch_fd(r->watch), POLLIN, 0}, {nio_hub.wake[0], POLLIN, 0}};
    char buf[64];
    bool stop;
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
    if (poll(p, 2, nio_ms_until(&r->next_sweep)) < 0 && errno != EINTR)
        r->resync = true;
    while (read(nio_hub.wake[0], buf, sizeof(buf)) > 0)
        ;
    if (p[0].revents && nio_os_watch_read(r->watch, nio_note_change, r) != 0)
        r->resync = true;
    if (nio_ms_until(&r->next_sweep) == 0) {
        r->resync = true;
        nio_sweep_schedule(r);
    }
    return true;
}

static void *nio_hub_main(void *arg)
{
    struct nio_hub_run *r = arg;
    do {
        nio_deliver_initial();
        nio_hub_update(r);
    } while (nio_hub_wait(r));
    nio_os_watch_close(r->watch);
    nio_cache_free(&r->cache);
    nio_free(r->events.v);
    nio_free(r->changed);
    nio_free(r);
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

/* Called with the lock held: makes sure a hub thread runs. */
static nio_status nio_hub_start(void)
{
    struct nio_hub_run *r;
    int err;
    while (nio_hub.state == NIO_HUB_STOPPING)
        pthread_cond_wait(&nio_hub.cond, &nio_hub.lock);
    if (nio_hub.state == NIO_HUB_RUNNING)
        return NIO_OK;
    if (nio_hub.wake[0] < 0 && nio_pipe(nio_hub.wake) != 0)
        return nio_status_from_errno(-errno, NIO_GEN_FAILURE);
    r = nio_calloc(1, sizeof(*r));
    if (r == NULL)
        return NIO_NO_MEMORY;
    err = nio_os_watch_open(&r->watch);
    if (err == 0) {
        /* The baseline: subscribed before the first reading, so no change
         * falls between, and read before NotifyIpInterfaceChange returns,
         * so a change the caller makes after the call is news, never part
         * of the baseline. */
        r->resync = nio_hub_sweep(r) != NIO_OK;
        r->events.n = 0;
        nio_sweep_schedule(r);
        err = -pthread_create(&nio_hub.thread, NULL, nio_hub_main, r);
        if (err)
            nio_os_watch_close(r->watch);
    }
    if (err) {
        nio_cache_free(&r->cache);
        nio_free(r->events.v);
        nio_free(r);
        return nio_status_from_errno(err, NIO_GEN_FAILURE);
    }
    nio_hub.state = NIO_HUB_RUNNING;
    return NIO_OK;
}

/* ---------------------------------------------------------------- API */
nio_status nio_notify_ip_interface_change(ADDRESS_FAMILY family,
                                          PIPINTERFACE_CHANGE_CALLBACK callback, void *context,
                                          BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle *h, **tail;
    int slots = family == AF_UNSPEC ? 3 : nio_family_slot(family) >= 0
                                              ? 1 << nio_family_slot(family) : 0;
    nio_status st;
    if (slots == 0 || callback == NULL || handle == NULL)
        return NIO_INVALID_PARAMETER;
    h = nio_calloc(1, sizeof(*h));
    if (h == NULL)
        return NIO_NO_MEMORY;
    pthread_mutex_lock(&nio_hub.lock);
    st = nio_hub_start();
    if (st == NIO_OK) {
        *h = (struct nio_handle){nio_hub.next_id++, slots, callback, context, initial != 0, NULL};
        for (tail = &nio_hub.handles; *tail != NULL; tail = &(*tail)->next)
            ;
        *tail = h;
        nio_hub.count++;
        *handle = (HANDLE)(uintptr_t)h->id;
        if (initial)
            nio_hub_wake();
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (st != NIO_OK)
        nio_free(h);
    return st;
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
            break;
        }
    if (h != NULL) {
        /* The last handle: stop the thread and wait for it, so nothing of
         * the library runs once Cancel returns.  Decided before waiting
         * for a running callback, with the count still as this call left
         * it: the wait drops the lock, and a thread that then saw no
         * handle and its state still RUNNING would detach itself, to be
         * joined here all the same. */
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
NIO_EXPORT_PAIR(CancelMibChangeNotify2, (HANDLE NotificationHandle), (NotificationHandle),
                nio_cancel_notify)

/* Placeholder while route notifications are written. */
nio_status nio_notify_route_change2(ADDRESS_FAMILY family, PIPFORWARD_CHANGE_CALLBACK callback,
                                    void *context, BOOLEAN initial, HANDLE *handle)
{
    (void)family, (void)callback, (void)context, (void)initial, (void)handle;
    return NIO_NOT_SUPPORTED;
}
NIO_EXPORT_PAIR(NotifyRouteChange2,
                (ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
                 PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (AddressFamily, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_route_change2)
