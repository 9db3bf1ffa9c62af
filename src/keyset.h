/* keyset.h - a set of (id, key) pairs that answers one question fast:
 * "is there no pair with this key?" (keyset.c).
 *
 * An id names one OS object (a route, as the OS reports it); a key is the
 * hash of what a row is looked up by (a route row's Windows key).  Adding
 * a pair that is there and removing one that is not change nothing, so a
 * set fed an OS listing and then the OS's own change messages, in any
 * overlap, holds every object that exists (route-mirror.c says why).  Each
 * key is counted (the pairs that have it): a key at zero proves that no
 * object has it.  Used under its owner's lock; a zeroed set is an empty
 * one. */
#ifndef NIO_KEYSET_H
#define NIO_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"

struct nio_kpair;
struct nio_kcount;
struct nio_keyset {
    struct nio_kpair *v;        /* cap slots of pairs, open addressing */
    struct nio_kcount *count;   /* cap slots of (key, pairs with it) */
    size_t cap, n;
    size_t limit;               /* the most pairs; 0: NIO_KEYSET_MAX */
};

/* The most pairs a set holds unless its limit says fewer (2^20: at most
 * 2^21 slots of 24 bytes, 48 MiB, for a host of a million routes); more is
 * -ENOMEM, as a failed allocation is.  nio_keyset_clear() keeps the
 * limit. */
#define NIO_KEYSET_MAX ((size_t)1 << 20)

/* 0, or -ENOMEM with the set as it was. */
int nio_keyset_add(struct nio_keyset *s, uint64_t id, uint32_t key) NIO_HIDDEN;
void nio_keyset_remove(struct nio_keyset *s, uint64_t id, uint32_t key) NIO_HIDDEN;
/* Whether some pair of the set has this key. */
bool nio_keyset_may_have(const struct nio_keyset *s, uint32_t key) NIO_HIDDEN;
/* Empty again, its memory freed. */
void nio_keyset_clear(struct nio_keyset *s) NIO_HIDDEN;

#endif
