/*
 * fake_os.h - an in-memory back end for the unit tests.
 *
 * fake_os.c implements the three functions of the back-end contract
 * (nio_os_get, nio_os_get_by_name, nio_os_list, src/backend.h) from a list
 * of struct nio_iface that a test programs, so that the portable core can be
 * tested without an OS.  Link it with nio_core instead of the real back end.
 *
 * The fake is strict where the contract allows it to be: the families a
 * caller did not ask for come back zeroed, *out is poisoned when a call
 * fails, and every call is counted, so a test can tell what the core asked
 * for and how often.
 */
#ifndef FAKE_OS_H
#define FAKE_OS_H

#include <stdint.h>

#include "core.h"

/* The functions of the contract, to name one in the helpers below. */
enum fake_fn {
    FAKE_GET = 0,     /* nio_os_get */
    FAKE_GET_BY_NAME, /* nio_os_get_by_name */
    FAKE_LIST,        /* nio_os_list */
    FAKE_KNOBS,       /* nio_os_knobs */
    FAKE_MAY_CHANGE,  /* nio_os_may_change */
    FAKE_APPLY,       /* nio_os_apply */
    FAKE_UNDO,        /* nio_os_undo */
    FAKE_WATCH_OPEN,  /* nio_os_watch_open */
    FAKE_WATCH_READ,  /* nio_os_watch_read */
    FAKE_IFROW_GET,   /* nio_os_ifrow_get */
    FAKE_IFROW_LIST,  /* nio_os_ifrow_list */
    FAKE_ROUTE,       /* nio_os_route_get, nio_os_addr_owner, nio_os_route_defaults */
    FAKE_ROUTE_LIST,  /* nio_os_route_list */
    FAKE_ROUTE_ADD,   /* nio_os_route_add */
    FAKE_ROUTE_DELETE, /* nio_os_route_delete */
    FAKE_ROUTE_SET,   /* nio_os_route_set */
    FAKE_ROUTE_MAY_CHANGE, /* nio_os_route_may_change */
    FAKE_WATCH_SET,   /* nio_os_watch_set */
    FAKE_SPEED,       /* nio_os_speed */
    FAKE_SPEEDS,      /* nio_os_speeds */
    FAKE_ROUTE_DELETE_KEY, /* nio_os_route_delete_key */
    FAKE_NFN
};

#define FAKE_MAX_IFACES 64

/* Forgets every interface, failure, redirection and count. */
void fake_os_reset(void);

/* Adds an interface and returns it for the test to adjust (valid until the
 * next reset).  Defaults: connected, neighbour discovery on, link MTU 1500,
 * not loopback, both families present with no fact known.  Interfaces are
 * listed in the order they were added. */
struct nio_iface *fake_os_add(uint32_t index, uint16_t iftype, const char *name);

/* The machine most tests start from, in this order:
 *   lo   index 1, loopback (24), IPv4 and IPv6, MTU 65536, no ND
 *   eth0 index 2, ethernet (6), IPv4 only
 *   eth1 index 3, ethernet (6), IPv4 and IPv6
 *   wg0  index 7, propVirtual (53), IPv6 only, MTU 1420, no ND */
enum { FAKE_LO = 1, FAKE_ETH0 = 2, FAKE_ETH1 = 3, FAKE_WG0 = 7 };
void fake_os_standard(void);
/* CMocka fixtures: a reset back end with the standard interfaces, and a
 * reset one after the test. */
int fake_os_setup(void **state);
int fake_os_teardown(void **state);

/* A generous back end returns every family's facts whatever was asked (the
 * contract allows both); by default unasked families come back zeroed. */
void fake_os_set_generous(bool generous);

/* Gives an interface a second name that nio_os_get_by_name also matches
 * (Linux's alternative names); its alias stays the first. */
bool fake_os_set_altname(uint32_t index, const char *name);

/* Removes the interface of that index (false: there was none). */
bool fake_os_remove(uint32_t index);

/* The interface of that index, or NULL. */
struct nio_iface *fake_os_find(uint32_t index);

/* The next call of fn fails with neg_errno (a negative errno value); the
 * calls after it behave again.  fake_os_fail_after lets skip calls of fn
 * succeed first.  (nio_os_knobs cannot fail.) */
void fake_os_fail_next(enum fake_fn fn, int neg_errno);
void fake_os_fail_after(enum fake_fn fn, unsigned skip, int neg_errno);

/* A misbehaving back end: nio_os_get(asked) answers with the interface of
 * index answered (0 cancels). */
void fake_os_redirect(uint32_t asked, uint32_t answered);

/* Changing interfaces.  By default every knob of both families can be
 * changed and the caller is privileged.  nio_os_apply changes the fake's
 * interface (the value becomes a known fact, so Get reports it) and hands
 * the old value out as the undo token; nio_os_undo puts it back. */
void fake_os_set_knobs(int slot, unsigned knobs);
void fake_os_set_may_change(int neg_errno);
/* nio_os_accepts answers false for this one value of this knob (until the
 * next reset), as a BSD does for a DAD count other than the system's. */
void fake_os_refuse_value(int slot, enum nio_knob knob, uint32_t value);

/* Every apply and undo since the reset, in order. */
struct fake_step {
    bool undo;        /* nio_os_undo rather than nio_os_apply */
    uint32_t index;   /* the interface */
    int slot;
    enum nio_knob knob;
    uint32_t value;   /* the value applied, or the undo token */
};
#define FAKE_MAX_STEPS 64
const struct fake_step *fake_os_steps(unsigned *count);

/* Watching.  nio_os_watch_open gives a watch whose descriptor becomes
 * readable when a test announces a change; nio_os_watch_read then reports
 * the announced changes in order (last_want of FAKE_WATCH_OPEN and
 * FAKE_WATCH_SET: the NIO_WATCH_* bits asked for).  A watcher thread calls
 * the back end while the test runs: a test that changes an interface or a
 * route while a watch is open does so between fake_os_lock() and
 * fake_os_unlock() (or with fake_os_drop_route). */
#define FAKE_MAX_ANNOUNCED 512  /* more: the last one reads as NIO_WE_LOST */
#define FAKE_EVENT_ROWS 4       /* rows of one announced route message */
/* Interface index changed (0: compare every interface). */
void fake_os_announce(uint32_t index);
/* Whether the back end watches quiet changes itself (nio_os_watch_quiet:
 * true from the second list given on) and whether that watch holds
 * (nio_os_watch_quiet_holds); both false after fake_os_reset. */
void fake_os_quiet(bool watch, bool holds);
unsigned fake_os_quiet_calls(void);
/* Messages were lost (ENOBUFS): compare everything. */
void fake_os_announce_lost(void);
/* Routes through index (0: every route) changed without a message. */
void fake_os_announce_routes_of(uint32_t index);
/* One OS route message (NIO_WE_ROUTE_NEW, _DEL, _REPLACE with id), only
 * reported while the watch subscribes to routes (else dropped, as a kernel
 * sends nothing to a socket outside the group). */
void fake_os_announce_route(enum nio_watch_kind kind, const struct nio_route *rows, size_t n,
                            const struct nio_route *id);
/* One OS address message (NIO_WE_ADDR_NEW, _DEL), only reported while the
 * watch subscribes to addresses; and "compare the addresses of index" (0:
 * every address), always.  A test that changes the fake's addresses while
 * a watch is open does so between fake_os_lock() and fake_os_unlock(). */
void fake_os_announce_addr(enum nio_watch_kind kind, const struct nio_addr *a);
void fake_os_announce_addrs_of(uint32_t index);
unsigned fake_os_watches_open(void);
/* The open watch's subscription, 0 when none is open. */
unsigned fake_os_watch_what(void);
/* Removes the fake's route with r's key, table and metric, locked. */
bool fake_os_drop_route(const struct nio_route *r);
void fake_os_lock(void);
void fake_os_unlock(void);

/* MIB_IF_ROW2 and routes.  The ifrow functions report each interface with
 * administrative state up, operational state from `connected`, no
 * address, no description, no speed and no counters, unless a test
 * programs its facts through fake_os_ifrow(index) (the `ifc` part always
 * comes from the interface; counters only when the caller asks).  The
 * route functions search the routes and local addresses a test adds: the
 * longest matching prefix, then the lowest metric, only through q->oif
 * when set; every call counts as FAKE_ROUTE (last_want: the oif, or the
 * table for nio_os_route_defaults). */
#define FAKE_MAX_ROUTES 64
struct nio_ifrow *fake_os_ifrow(uint32_t index);
/* The interface's identity in nio_os_get and nio_os_list (id_addr: the
 * programmed perm_addr, else addr; hardware) and nio_os_speed (speed,
 * speed_bps, counted as FAKE_SPEED) come from the same programmed facts,
 * as a kernel reports them from one device. */
/* nio_os_speeds: by default -EOPNOTSUPP (an OS without the walk, so the
 * core asks each device); walk true makes it list every interface whose
 * programmed speed is not NIO_SPEED_NONE, as the ethtool dump leaves out
 * devices without the operation. */
void fake_os_set_speed_walk(bool walk);
void fake_os_add_route(const struct nio_route *r);
void fake_os_add_local(const struct nio_ip *addr, uint32_t ifindex);
/* The queries nio_os_route_get was asked since the reset, in order. */
const struct nio_route_query *fake_os_route_queries(unsigned *count);
/* The expect_new the core passed to the last nio_os_route_find. */
bool fake_os_route_find_new(void);
/* A weak-host back end ignores q->oif, as Linux does for IPv6 when a
 * source is given: the core must then refuse the answer itself. */
void fake_os_set_route_weak(bool weak);

/* Route rows: nio_os_route_list (and nio_os_route_find, which
 * counts as FAKE_ROUTE_LIST and lists the key's interface and family) report the routes a test added (and those
 * nio_os_route_add made) in the order they were added, filtered by family
 * and oif (last_want: the oif); add refuses a route with the key and
 * metric of one there (-EEXIST) and an interface the fake lacks (-ENODEV);
 * delete and set find the route by key, table and metric (-ENOENT).  Every
 * write is recorded. */
struct fake_route_step {
    enum fake_fn fn;            /* FAKE_ROUTE_ADD, _DELETE, _DELETE_KEY or _SET */
    struct nio_route r;         /* the route added or deleted, set's new one */
};
const struct fake_route_step *fake_os_route_steps(unsigned *count);
void fake_os_set_route_may_change(int neg_errno);
/* nio_os_route_proves_interface answers proves (false until then, as a
 * BSD: Delete looks every interface up). */
void fake_os_set_route_proves_interface(bool proves);
/* nio_os_route_delete_key deletes the first IPv4 route of main (the
 * order routes were added in) with the key (false until then: it answers
 * -ENOENT without a call counted, as a back end that does not offer it). */
void fake_os_set_route_delete_key(bool offered);

/* The looks begun since the last reset (backend.h, nio_os_look_begin),
 * and in *errors those begun inside another, ended unbegun, or not ended
 * on this thread yet. */
unsigned fake_os_looks(unsigned *errors);

/* Calls of fn since the last reset, and what the last one was asked. */
unsigned fake_os_calls(enum fake_fn fn);
unsigned fake_os_last_want(enum fake_fn fn);
uint32_t fake_os_last_index(void);      /* nio_os_get */
const char *fake_os_last_name(void);    /* nio_os_get_by_name */

/* Calls of every function together. */
unsigned fake_os_total_calls(void);

/* ------------------------------------------ unicast address rows (fake_addr.c)
 * The address questions of backend.h over a list a test programs, apart
 * from the rest of the fake (its own reset, failures and counts):
 *   list    the addresses of the families asked for, of one interface when
 *           asked (last_ifindex), in the order they were added;
 *   get     the first with the address on that interface: -ENODEV for an
 *           interface the fake lacks, -ENOENT for none;
 *   add     -ENODEV, -EEXIST when the interface has the address; the new
 *           one is PERMANENT when its valid lifetime is infinite, created
 *           at fake_addr_now_ms();
 *   delete  the one with the interface, address and prefix length (-ENOENT);
 *   set     the same, with now's lifetimes.
 * Every write is recorded; a failed get poisons *out. */
enum fake_addr_fn {
    FAKE_ADDR_LIST = 0,     /* nio_os_addr_list */
    FAKE_ADDR_GET,          /* nio_os_addr_get */
    FAKE_ADDR_ADD,          /* nio_os_addr_add */
    FAKE_ADDR_DELETE,       /* nio_os_addr_delete */
    FAKE_ADDR_SET,          /* nio_os_addr_set */
    FAKE_ADDR_MAY_CHANGE,   /* nio_os_addr_may_change */
    FAKE_ADDR_NFN
};
#define FAKE_MAX_ADDRS 64

/* Forgets every address, failure, count and step; privileged again. */
void fake_addr_reset(void);
/* CMocka fixtures: fake_os_setup / fake_os_teardown and a reset of these. */
int fake_addr_setup(void **state);
int fake_addr_teardown(void **state);
/* An address the OS holds (copied; the copy is returned to adjust). */
struct nio_addr *fake_addr_put(const struct nio_addr *a);
size_t fake_addr_count(void);
const struct nio_addr *fake_addr_at(size_t i);
/* The next call of fn fails with neg_errno. */
void fake_addr_fail_next(enum fake_addr_fn fn, int neg_errno);
void fake_addr_set_may_change(int neg_errno);
/* A misbehaving back end: get answers with the first address it holds,
 * whatever was asked (until the next reset). */
void fake_addr_set_sloppy(bool sloppy);
unsigned fake_addr_calls(enum fake_addr_fn fn);
unsigned fake_addr_total_calls(void);
unsigned fake_addr_last_want(void);     /* nio_os_addr_list's families */
uint32_t fake_addr_last_ifindex(void);  /* nio_os_addr_list's and _get's interface */
/* The OS's clock (ms since boot) that add stamps new addresses with. */
uint64_t fake_addr_now_ms(void);
struct fake_addr_step {
    enum fake_addr_fn fn;   /* FAKE_ADDR_ADD, _DELETE or _SET */
    struct nio_addr a;      /* what add, delete or set (its now) was handed */
    struct nio_addr old;    /* set: the old one it was handed */
};
const struct fake_addr_step *fake_addr_steps(unsigned *count);

#endif /* FAKE_OS_H */

/* ------------------------------------------------- the record (fake_store.c) */
/* The system-wide record in memory: nio_os_store_get/put keep bytes per
 * (index, family) as a back end would, nio_os_store_lock counts, and
 * nio_os_ra_defrtr keeps one accept_ra_defrtr value per interface (1 until
 * set).  fake_os_reset() does not reach it: tests call fake_store_reset(). */
enum fake_store_fn {
    FAKE_STORE_LOCK = 0,
    FAKE_STORE_GET,
    FAKE_STORE_PUT,
    FAKE_STORE_RA,
    FAKE_STORE_LIST,  /* nio_os_store_list */
    FAKE_STORE_NFN
};
void fake_store_reset(void);
/* The next call of fn fails with neg_errno, after skip calls succeed. */
void fake_store_fail_after(enum fake_store_fn fn, unsigned skip, int neg_errno);
unsigned fake_store_calls(enum fake_store_fn fn);
/* Whether (index, slot) has a record, and its bytes (valid until the next put). */
bool fake_store_has(uint32_t index, int slot);
const void *fake_store_bytes(uint32_t index, int slot, size_t *len);
/* Writes bytes as another writer would (a test's forged or stale record). */
void fake_store_poke(uint32_t index, int slot, const void *buf, size_t len);
/* accept_ra_defrtr of an interface; -EOPNOTSUPP from nio_os_ra_defrtr when
 * unsupported is set (a BSD). */
uint32_t fake_store_ra(uint32_t index);
void fake_store_ra_unsupported(bool unsupported);
/* Whether the lock is held now. */
bool fake_store_locked(void);
/* nio_os_route_restore is nio_os_route_add here (FAKE_ROUTE_ADD). */
/* nio_os_route_priorities answers false (a BSD) until the next reset. */
void fake_store_no_priorities(bool none);

/* --------------------------------------------- neighbours (fake_neigh.c)
 * The neighbour questions of backend.h over a list a test programs, apart
 * from the rest of the fake (its own reset, failures and counts;
 * interfaces are fake_os.c's):
 *   list     the neighbours of the families asked, of one interface when
 *            asked (last_ifindex), in the order they were put;
 *   get      -ENODEV for an interface the fake lacks, -ENOENT for none;
 *   add      -ENODEV, -EEXIST when the interface has a neighbour of that
 *            address, -EINVAL for a state add does not take; the new one
 *            has times (both 0);
 *   set      finds old by interface and address (-ENOENT), all or nothing;
 *   delete   the same (-ENOENT);
 *   resolve  -ENODEV; a PERMANENT/NOARP entry is answered as it is; else a
 *            peer put with fake_neigh_peer answers (the entry becomes
 *            REACHABLE with its link-layer address) or the entry becomes
 *            FAILED and it is -EHOSTUNREACH; last_timeout is what it was
 *            given.
 * Every successful write (add, set, delete) is recorded and counted; a
 * failed get or resolve poisons *out. */
enum fake_neigh_fn {
    FAKE_NEIGH_LIST = 0,    /* nio_os_neigh_list */
    FAKE_NEIGH_GET,         /* nio_os_neigh_get */
    FAKE_NEIGH_ADD,         /* nio_os_neigh_add */
    FAKE_NEIGH_SET,         /* nio_os_neigh_set */
    FAKE_NEIGH_DELETE,      /* nio_os_neigh_delete */
    FAKE_NEIGH_RESOLVE,     /* nio_os_neigh_resolve */
    FAKE_NEIGH_MAY_CHANGE,  /* nio_os_neigh_may_change */
    FAKE_NEIGH_NFN
};
#define FAKE_MAX_NEIGHS 64

/* Forgets every neighbour, peer, failure, count and step; privileged. */
void fake_neigh_reset(void);
/* CMocka fixtures: fake_os_setup / fake_os_teardown and a reset of these. */
int fake_neigh_setup(void **state);
int fake_neigh_teardown(void **state);
/* A neighbour the OS holds (copied; the copy is returned to adjust). */
struct nio_neigh *fake_neigh_put(const struct nio_neigh *n);
size_t fake_neigh_count(void);
const struct nio_neigh *fake_neigh_at(size_t i);
/* The neighbour addr of ifindex, or NULL. */
const struct nio_neigh *fake_neigh_find(uint32_t ifindex, const struct nio_ip *addr);
/* A host that answers resolution of addr on ifindex with lladdr (6 bytes). */
void fake_neigh_peer(uint32_t ifindex, const struct nio_ip *addr, const uint8_t lladdr[6],
                     bool router);
/* The next call of fn fails with neg_errno, after skip calls succeed. */
void fake_neigh_fail_next(enum fake_neigh_fn fn, int neg_errno);
void fake_neigh_fail_after(enum fake_neigh_fn fn, unsigned skip, int neg_errno);
/* Another process's change between the core's get and its add: the next
 * add first puts n (as the OS would have made it), then fails -EEXIST. */
void fake_neigh_race_add(const struct nio_neigh *n);
void fake_neigh_set_may_change(int neg_errno);
/* A misbehaving back end: get and resolve answer with this neighbour
 * whatever was asked (NULL cancels; until the next reset). */
void fake_neigh_set_sloppy(const struct nio_neigh *answer);
unsigned fake_neigh_calls(enum fake_neigh_fn fn);
unsigned fake_neigh_total_calls(void);
unsigned fake_neigh_writes(void);           /* successful add, set, delete */
unsigned fake_neigh_last_want(void);        /* nio_os_neigh_list's families */
uint32_t fake_neigh_last_ifindex(void);     /* list's, get's and resolve's interface */
uint32_t fake_neigh_last_timeout(void);     /* resolve's timeout_ms */
struct fake_neigh_step {
    enum fake_neigh_fn fn;  /* FAKE_NEIGH_ADD, _SET or _DELETE */
    struct nio_neigh n;     /* what add or delete was handed, set's now */
    struct nio_neigh old;   /* set: the old one it was handed */
};
const struct fake_neigh_step *fake_neigh_steps(unsigned *count);
