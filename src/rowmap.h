/* rowmap.h - a hash table of fixed-size entries (rowmap.c), the one under
 * the route rows (route-cache.c) and the address rows (addr-cache.c).
 *
 * Chaining through numbered slots: links are slot numbers plus one, so
 * that 0 is "none" and a zeroed map is an empty one.  Each entry begins
 * with its key, which the kind's hash reads (an entry is also a key), and
 * holds a uint32_t that the map owns (its link: in a bucket, or in the
 * free list); the comparisons of rowcache.h also read its mark and its
 * interface index (which lies within the key, so that a key has it too).
 * An update reserves first (nio_rowmap_reserve, the only call that can
 * fail, and when it fails the map is as it was) and then inserts and
 * removes, which cannot fail.  Entries do not move but in a reserve;
 * a bucket lists its entries newest first. */
#ifndef NIO_ROWMAP_H
#define NIO_ROWMAP_H

#include "core.h"

/* FNV-1a over n bytes, from h (2166136261u to begin): for the kinds' hashes. */
static inline uint32_t nio_rowmap_fnv(uint32_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

/* What the entries of a map are; the caller's, passed to every call. */
struct nio_rowmap_kind {
    size_t size;                                      /* of an entry */
    size_t link;                                      /* offsetof its uint32_t link */
    size_t mark;                                      /* of its uint8_t NIO_MARK_* */
    size_t index;                                     /* of its uint32_t interface index */
    uint32_t (*hash)(const void *key);
    bool (*same)(const void *entry, const void *key); /* for nio_rowmap_find */
};

struct nio_rowmap {
    unsigned char *v;               /* cap entries */
    size_t cap, top;                /* slots allocated, slots ever used */
    uint32_t free;                  /* head of the free list */
    size_t n;                       /* live entries */
    uint32_t *bucket;
    size_t nbucket;                 /* a power of two, 0 while empty */
};

/* Room for more entries (and buckets for them all, at most one entry per
 * bucket on average): all or nothing. */
nio_status nio_rowmap_reserve(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                              size_t more) NIO_HIDDEN;
/* A copy of entry (its link aside) in the bucket of its key (room
 * reserved): the copy. */
void *nio_rowmap_insert(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                        const void *entry) NIO_HIDDEN;
/* Unlinks an entry of the map; its slot is reused first. */
void nio_rowmap_remove(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                       void *entry) NIO_HIDDEN;
/* The first entry of key's bucket that k->same finds, or NULL. */
void *nio_rowmap_find(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                      const void *key) NIO_HIDDEN;
/* The first entry of key's bucket (NULL: none), for a search of one's own. */
void *nio_rowmap_chain(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                       const void *key) NIO_HIDDEN;
/* The first entry of bucket b (b < m->nbucket), or NULL. */
void *nio_rowmap_head(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                      size_t b) NIO_HIDDEN;
/* The entry after e in its bucket, or NULL. */
void *nio_rowmap_after(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                       const void *e) NIO_HIDDEN;
void nio_rowmap_free(struct nio_rowmap *m) NIO_HIDDEN;

/* Every entry, bucket by bucket, as x (a pointer to the entry type); x
 * must stay in the map until the next turn, which reads its link. */
#define NIO_ROWMAP_EACH(m, k, x)                                                  \
    for (size_t nio_b_ = 0; nio_b_ < (m)->nbucket; nio_b_++)                      \
        for ((x) = nio_rowmap_head((m), (k), nio_b_); (x) != NULL;                \
             (x) = nio_rowmap_after((m), (k), (x)))

#endif
