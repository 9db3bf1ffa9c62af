/* rowcache.h - pieces of the change notifications shared by the hub
 * (notify.c, hub.c, hub-read.c: the handles and the watcher thread) and
 * the per-kind caches: rowcache.c (what changed among the interface rows,
 * and the interfaces' LUIDs), route-cache.c (the route rows) and
 * addr-cache.c (the unicast address rows), both over rowmap.c's table. */
#ifndef NIO_NOTIFY_H
#define NIO_NOTIFY_H

#include "core.h"
#include "rowmap.h"

/* The rows of one interface as last reported. */
struct nio_known {
    uint32_t index;
    uint8_t present;                        /* bit per family slot */
    MIB_IPINTERFACE_ROW row[NIO_FAMILIES];
};

/* Every interface, sorted by index. */
struct nio_cache {
    struct nio_known *v;
    size_t n, cap;
};

/* One notification to deliver: the key fields of the row. */
struct nio_event {
    unsigned kind;                  /* NIO_WATCH_IPIF, _ROUTES or _ADDRS */
    ADDRESS_FAMILY family;
    uint64_t luid;
    uint32_t index;
    MIB_NOTIFICATION_TYPE type;
    struct nio_route route;         /* NIO_WATCH_ROUTES: the row's key (nio_route_row_key) */
    struct nio_ip addr;             /* NIO_WATCH_ADDRS: the address (index: its interface) */
    uint64_t before;                /* for handles with a smaller id only (notify.c) */
};

struct nio_events {
    struct nio_event *v;
    size_t n, cap;
};

/* now == NULL: the interface is gone. */
nio_status nio_cache_update_one(struct nio_cache *c, uint32_t index, const struct nio_iface *now,
                                struct nio_events *ev) NIO_HIDDEN;
/* list: every interface (sorted here). */
nio_status nio_cache_update_all(struct nio_cache *c, struct nio_iface *list, size_t n,
                                struct nio_events *ev) NIO_HIDDEN;
void nio_cache_free(struct nio_cache *c) NIO_HIDDEN;

/* Room for more events (all or nothing). */
nio_status nio_events_room(struct nio_events *ev, size_t more) NIO_HIDDEN;

/* ------------------------------------------------- the interfaces' LUIDs */
/* The LUIDs of the interfaces that cached rows go through, by index
 * (rowcache.c): asked once per interface, forgotten when it may be gone
 * (indexes are reused). */
struct nio_ifluid {
    uint32_t index;
    uint64_t luid;
};

struct nio_ifmap {
    struct nio_ifluid *v;
    size_t n, cap;
};

bool nio_ifmap_luid(const struct nio_ifmap *m, uint32_t index, uint64_t *luid) NIO_HIDDEN;
/* Asks the OS for the LUID of index: NIO_NOT_FOUND (and forgotten) when
 * the interface is gone. */
nio_status nio_ifmap_ask(struct nio_ifmap *m, uint32_t index) NIO_HIDDEN;
/* Known afterwards unless the interface is gone (NIO_OK then too). */
nio_status nio_ifmap_need(struct nio_ifmap *m, uint32_t index) NIO_HIDDEN;
/* Every interface's LUID afresh, in one reading. */
nio_status nio_ifmap_reload(struct nio_ifmap *m) NIO_HIDDEN;
void nio_ifmap_forget(struct nio_ifmap *m, uint32_t index) NIO_HIDDEN;
void nio_ifmap_free(struct nio_ifmap *m) NIO_HIDDEN;

/* ----------------------------------------- the route and address rows */
/* What route-cache.c and addr-cache.c share beyond their table (rowmap.c):
 * a comparison marks the cached rows in its scope OLD, and those of the
 * reading NEW. */
enum { NIO_MARK_NONE, NIO_MARK_OLD, NIO_MARK_NEW };

/* Room for more rows and, when ev is given, events (all or nothing). */
nio_status nio_rows_room(struct nio_rowmap *m, const struct nio_rowmap_kind *k, size_t rows,
                         struct nio_events *ev, size_t events) NIO_HIDDEN;
/* Whether the row or key e is of interface index (0: of any). */
bool nio_rows_in_scope(const struct nio_rowmap_kind *k, const void *e, uint32_t index) NIO_HIDDEN;
/* The LUIDs afresh for a comparison of index's rows (0: every interface's);
 * an interface that is gone is not an error (so are its rows). */
nio_status nio_rows_ifs_fresh(struct nio_ifmap *ifs, uint32_t index) NIO_HIDDEN;
/* The start of a comparison of index's rows with a reading of n: room for
 * n more rows and their events and those of the cached rows in scope,
 * which are then marked OLD; nothing changes when it fails. */
nio_status nio_rows_mark_old(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                             uint32_t index, size_t n, struct nio_events *ev) NIO_HIDDEN;
/* A new event of ev (room reserved) with these fields, the rest zero;
 * NULL when ev is NULL. */
struct nio_event *nio_rows_event(struct nio_events *ev, unsigned kind, int slot, uint64_t luid,
                                 uint32_t index, MIB_NOTIFICATION_TYPE type) NIO_HIDDEN;

/* ------------------------------------------------------------ route rows */
/* The route rows last reported (route-cache.c): one node per OS route row
 * as the back end reported it, with the LUID of its interface, in a hash
 * table by Windows' key (nio_route_same_key), so that the OS routes that
 * share a key (another metric, another table) sit in one bucket.  The
 * key's row, as Windows sees it, is the best of them: lowest metric, then
 * table, then os_bits.  Every update is all or nothing: an update that
 * fails (NIO_NO_MEMORY, or the OS's answer) leaves the cache and the
 * events as they were, for a later comparison to find the same changes. */
struct nio_rnode {
    struct nio_route r;             /* first: the key (rowmap.h) */
    uint64_t luid;
    uint32_t link;                  /* the map's */
    uint8_t mark;                   /* during a comparison */
};

struct nio_rcache {
    struct nio_rowmap map;          /* of struct nio_rnode */
    struct nio_ifmap ifs;           /* the LUIDs of the rows' interfaces */
};

/* The rows of one OS route now exist (add) or no longer do (!add). */
nio_status nio_rcache_apply(struct nio_rcache *c, bool add, const struct nio_route *rows,
                            size_t n, struct nio_events *ev) NIO_HIDDEN;
/* The interfaces of the cached rows of an OS route of id's identity
 * (family, table, prefix, length, metric) that are not among rows: rows
 * that a replacement may have removed, to be compared.  note(ctx, oif)
 * for each (an interface may come more than once). */
void nio_rcache_same_id(const struct nio_rcache *c, const struct nio_route *id,
                        const struct nio_route *rows, size_t n,
                        void (*note)(void *ctx, uint32_t oif), void *ctx) NIO_HIDDEN;
/* A fresh reading: list holds every route row through oif (0: every route
 * row); the cached rows through oif become these.  ev NULL: no events
 * (the baseline). */
nio_status nio_rcache_compare(struct nio_rcache *c, uint32_t oif, const struct nio_route *list,
                              size_t n, struct nio_events *ev) NIO_HIDDEN;
/* Forgets the LUID of an interface (it may be gone, its index reused). */
void nio_rcache_forget_if(struct nio_rcache *c, uint32_t index) NIO_HIDDEN;
void nio_rcache_free(struct nio_rcache *c) NIO_HIDDEN;

/* ---------------------------------------------------------- address rows */
/* The address rows last reported (addr-cache.c): one node per (interface,
 * address), Windows' key, with the LUID of the interface, in a hash table.
 * An IPv4 address the OS holds twice on one interface (two prefix
 * lengths) is one row, the first the OS lists (as GetUnicastIpAddressEntry
 * reads it): its node is marked shared, and a message about either is
 * answered by comparing that interface's addresses.  Updates are all or
 * nothing, as the route rows'. */
struct nio_anode {
    struct nio_addr a;              /* first: the key (rowmap.h) */
    uint64_t luid;
    uint32_t link;                  /* the map's */
    uint8_t mark;                   /* during a comparison */
    bool shared;                    /* the OS holds the key twice */
};

struct nio_acache {
    struct nio_rowmap map;          /* of struct nio_anode */
    struct nio_ifmap ifs;           /* the LUIDs of the addresses' interfaces */
};

/* One OS address message: a now exists (add) or no longer does (!add).
 * *compare: the message cannot be applied alone (a shared key): compare
 * the addresses of a->ifindex instead. */
nio_status nio_acache_apply(struct nio_acache *c, bool add, const struct nio_addr *a,
                            struct nio_events *ev, bool *compare) NIO_HIDDEN;
/* A fresh reading: list holds every address of ifindex (0: every
 * address); the cached ones of ifindex become these.  ev NULL: no events
 * (the baseline). */
nio_status nio_acache_compare(struct nio_acache *c, uint32_t ifindex, const struct nio_addr *list,
                              size_t n, struct nio_events *ev) NIO_HIDDEN;
/* Whether an address of the family slots (bit per slot) is tentative
 * (its duplicate address detection runs: IpDadStateTentative). */
bool nio_acache_tentative(const struct nio_acache *c, int slots) NIO_HIDDEN;
void nio_acache_forget_if(struct nio_acache *c, uint32_t index) NIO_HIDDEN;
void nio_acache_free(struct nio_acache *c) NIO_HIDDEN;

#endif
