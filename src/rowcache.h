/* rowcache.h - pieces of the change notifications shared by notify.c (the
 * handles and the watcher thread) and rowcache.c (what changed). */
#ifndef NIO_NOTIFY_H
#define NIO_NOTIFY_H

#include "core.h"

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
    ADDRESS_FAMILY family;
    uint64_t luid;
    uint32_t index;
    MIB_NOTIFICATION_TYPE type;
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

#endif
