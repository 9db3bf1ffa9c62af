/* hub.h - the change notifications' hub, shared by its three files:
 *   notify.c    the handles: registration, Cancel, delivery of events to
 *               callbacks, the stable address table, the exports;
 *   hub.c       the watcher thread's life: start, widen and narrow the
 *               subscription, wait, stop;
 *   hub-read.c  what the thread reads: OS messages into the per-kind
 *               caches (rowcache.c, route-cache.c, addr-cache.c), the
 *               comparisons, their retries and schedules.
 *
 * Every handle of the process, of any kind, shares one OS subscription and
 * one watcher thread, which keeps the rows last reported and runs the
 * callbacks, one at a time, in order.  Two locks: nio_hub.lock guards the
 * handles and the thread's life; nio_hub.work guards the OS side of the
 * thread's state (the watch and the caches), which the thread holds while
 * it reads the OS and a registration holds while it widens the
 * subscription and reads its baseline.  Order: lock, then work; never lock
 * while holding work.  Neither is held while a callback runs. */
#ifndef NIO_HUB_H
#define NIO_HUB_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "rowcache.h"

#define NIO_KINDS 3                 /* NIO_WATCH_IPIF, _ROUTES, _ADDRS */

struct nio_handle {
    uint64_t id;                    /* what the caller holds, never reused */
    unsigned kind;                  /* one NIO_WATCH_* bit */
    int slots;                      /* bit per family slot watched */
    ADDRESS_FAMILY family;          /* as the caller gave it */
    PIPINTERFACE_CHANGE_CALLBACK ipif_cb;
    PIPFORWARD_CHANGE_CALLBACK route_cb;
    PUNICAST_IPADDRESS_CHANGE_CALLBACK addr_cb;
    /* NotifyStableUnicastIpAddressTable: a request, not a subscription;
     * it gets no event, only its table once, and then goes. */
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK stable_cb;
    bool armed;                     /* stable: pending, the hub may answer it */
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
    struct nio_acache addrs;        /* address rows, while what has NIO_WATCH_ADDRS */
    struct nio_events events;       /* the thread's alone */
    struct nio_idset ifaces;        /* interfaces announced */
    struct nio_idset route_ifs;     /* interfaces whose routes to compare */
    struct nio_idset route_later;   /* ... and to compare again at later_at */
    struct nio_idset addr_ifs;      /* interfaces whose addresses to compare */
    bool later;                     /* route_later holds some */
    bool retry;                     /* a comparison failed */
    struct timespec next_sweep, later_at;
    struct timespec last_sweep;     /* when the last comparison of every interface began */
    long sweep_ms;                  /* how long it took */
    bool quiet;                     /* the back end watches quiet changes (backend.h) */
};

struct nio_hub {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_mutex_t work;
    struct nio_handle *handles;
    size_t count, kinds[NIO_KINDS];
    size_t stables;                 /* handles of them that are stable requests */
    _Atomic uint64_t next_id;       /* read by the thread without the lock */
    enum nio_hub_state state;
    pthread_t thread;
    struct nio_hub_run *run;        /* the thread's, while RUNNING */
    uint64_t running;               /* id whose callback runs now, 0 none */
    int wake[2];                    /* pipe that interrupts the thread's poll */
};

extern struct nio_hub nio_hub NIO_HIDDEN;

/* hub.c */
void nio_hub_wake(void) NIO_HIDDEN;
bool nio_on_hub_thread(void) NIO_HIDDEN;
int nio_kind_ix(unsigned kind) NIO_HIDDEN;
/* Lock held: makes sure a hub thread runs and watches kind, its cache read. */
nio_status nio_hub_join(unsigned kind) NIO_HIDDEN;

/* hub-read.c; the work lock held unless said. */
/* The thread's report of one OS message (nio_os_watch_read's callback). */
void nio_note(void *ctx, const struct nio_watch_event *ev) NIO_HIDDEN;
/* Reads the OS again where messages said to, into r->events. */
void nio_hub_update(struct nio_hub_run *r) NIO_HIDDEN;
/* After a wake-up: the OS's messages (readable), or none to trust
 * (failed); comparisons that have come due. */
void nio_hub_take(struct nio_hub_run *r, bool readable, bool failed) NIO_HIDDEN;
/* How long the thread may sleep, in ms (-1: until something happens). */
int nio_hub_timeout(struct nio_hub_run *r) NIO_HIDDEN;
/* The rows of kind as they are now, with no event (kind's cache empty). */
nio_status nio_hub_baseline(struct nio_hub_run *r, unsigned kind) NIO_HIDDEN;
void nio_hub_drop(struct nio_hub_run *r, unsigned kinds) NIO_HIDDEN;
void nio_hub_run_free(struct nio_hub_run *r) NIO_HIDDEN;

/* notify.c; neither lock held. */
/* Events found so far are for the handles registered so far. */
void nio_stamp(struct nio_events *ev) NIO_HIDDEN;
/* Initial notifications owed, then every event, to the handles that want
 * them; then the stable requests whose table is ready. */
void nio_deliver_all(struct nio_hub_run *r) NIO_HIDDEN;

#endif
