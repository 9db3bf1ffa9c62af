/* rowmap.c - the hash table of the route and address rows (rowmap.h),
 * and what their caches do alike with it (rowcache.h). */
#include <string.h>

#include "rowcache.h"

#define NIO_NIL 0u
#define NIO_MIN_BUCKETS 64u

static unsigned char *nio_slot(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                               uint32_t link)
{
    return link == NIO_NIL ? NULL : m->v + (size_t)(link - 1) * k->size;
}

static uint32_t *nio_link(const struct nio_rowmap_kind *k, const void *e)
{
    return (uint32_t *)((unsigned char *)e + k->link);
}

static uint32_t *nio_bucket_of(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                               const void *key)
{
    return &m->bucket[k->hash(key) & (m->nbucket - 1)];
}

/* Buckets for want entries, rehashed; the old array is kept when the new
 * one cannot be had. */
static nio_status nio_buckets_room(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                                   size_t want)
{
    size_t nb = m->nbucket ? m->nbucket : NIO_MIN_BUCKETS, old = m->nbucket;
    uint32_t *b, *was = m->bucket;
    while (nb < want && nb <= SIZE_MAX / 4 / sizeof(*b))
        nb *= 2;
    if (nb == old)
        return NIO_OK;
    b = nio_calloc(nb, sizeof(*b));
    if (b == NULL)
        return NIO_NO_MEMORY;
    m->bucket = b;
    m->nbucket = nb;
    for (size_t i = 0; i < old; i++)
        for (uint32_t l = was[i], next; l != NIO_NIL; l = next) {
            unsigned char *e = nio_slot(m, k, l);
            uint32_t *head = nio_bucket_of(m, k, e);
            next = *nio_link(k, e);
            *nio_link(k, e) = *head;
            *head = l;
        }
    nio_free(was);
    return NIO_OK;
}

static nio_status nio_slots_room(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                                 size_t more)
{
    size_t want = m->cap ? m->cap : 16;
    unsigned char *v;
    if (more > UINT32_MAX - 1 - m->n)
        return NIO_NO_MEMORY;
    while (want < m->n + more)
        want *= 2;
    if (want > UINT32_MAX - 1)
        want = UINT32_MAX - 1;
    if (want == m->cap)
        return NIO_OK;
    if (want > SIZE_MAX / k->size)
        return NIO_NO_MEMORY;
    v = nio_realloc(m->v, want * k->size);
    if (v == NULL)
        return NIO_NO_MEMORY;
    m->v = v;
    m->cap = want;
    return NIO_OK;
}

nio_status nio_rowmap_reserve(struct nio_rowmap *m, const struct nio_rowmap_kind *k, size_t more)
{
    nio_status st = nio_slots_room(m, k, more);
    if (st == NIO_OK)
        st = nio_buckets_room(m, k, m->n + more);
    return st;
}

void *nio_rowmap_insert(struct nio_rowmap *m, const struct nio_rowmap_kind *k, const void *entry)
{
    uint32_t link = m->free, *head = nio_bucket_of(m, k, entry);
    unsigned char *e;
    if (link != NIO_NIL)
        m->free = *nio_link(k, nio_slot(m, k, link));
    else
        link = (uint32_t)++m->top;
    e = nio_slot(m, k, link);
    memcpy(e, entry, k->size);
    *nio_link(k, e) = *head;
    *head = link;
    m->n++;
    return e;
}

void nio_rowmap_remove(struct nio_rowmap *m, const struct nio_rowmap_kind *k, void *entry)
{
    uint32_t link = (uint32_t)(((unsigned char *)entry - m->v) / k->size) + 1;
    uint32_t *p = nio_bucket_of(m, k, entry);
    while (*p != link)
        p = nio_link(k, nio_slot(m, k, *p));
    *p = *nio_link(k, entry);
    *nio_link(k, entry) = m->free;
    m->free = link;
    m->n--;
}

void *nio_rowmap_chain(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                       const void *key)
{
    return m->nbucket == 0 ? NULL : nio_slot(m, k, *nio_bucket_of(m, k, key));
}

void *nio_rowmap_find(const struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                      const void *key)
{
    for (void *e = nio_rowmap_chain(m, k, key); e != NULL; e = nio_rowmap_after(m, k, e))
        if (k->same(e, key))
            return e;
    return NULL;
}

void *nio_rowmap_head(const struct nio_rowmap *m, const struct nio_rowmap_kind *k, size_t b)
{
    return nio_slot(m, k, m->bucket[b]);
}

void *nio_rowmap_after(const struct nio_rowmap *m, const struct nio_rowmap_kind *k, const void *e)
{
    return nio_slot(m, k, *nio_link(k, e));
}

void nio_rowmap_free(struct nio_rowmap *m)
{
    nio_free(m->v);
    nio_free(m->bucket);
    memset(m, 0, sizeof(*m));
}

/* ------------------------------------------- the route and address rows */
nio_status nio_rows_room(struct nio_rowmap *m, const struct nio_rowmap_kind *k, size_t rows,
                         struct nio_events *ev, size_t events)
{
    nio_status st = nio_rowmap_reserve(m, k, rows);
    if (st == NIO_OK && ev != NULL)
        st = nio_events_room(ev, events);
    return st;
}

bool nio_rows_in_scope(const struct nio_rowmap_kind *k, const void *e, uint32_t index)
{
    uint32_t of;
    memcpy(&of, (const unsigned char *)e + k->index, sizeof(of));
    return index == 0 || of == index;
}

nio_status nio_rows_ifs_fresh(struct nio_ifmap *ifs, uint32_t index)
{
    nio_status st = index == 0 ? nio_ifmap_reload(ifs) : nio_ifmap_ask(ifs, index);
    return st == NIO_NOT_FOUND ? NIO_OK : st;
}

nio_status nio_rows_mark_old(struct nio_rowmap *m, const struct nio_rowmap_kind *k,
                             uint32_t index, size_t n, struct nio_events *ev)
{
    size_t old = 0;
    unsigned char *x;
    nio_status st;
    NIO_ROWMAP_EACH(m, k, x)
        old += nio_rows_in_scope(k, x, index);
    st = nio_rows_room(m, k, n, ev, n + old);
    if (st != NIO_OK)
        return st;
    NIO_ROWMAP_EACH(m, k, x)
        if (nio_rows_in_scope(k, x, index))
            x[k->mark] = NIO_MARK_OLD;
    return NIO_OK;
}

struct nio_event *nio_rows_event(struct nio_events *ev, unsigned kind, int slot, uint64_t luid,
                                 uint32_t index, MIB_NOTIFICATION_TYPE type)
{
    struct nio_event *e;
    if (ev == NULL)
        return NULL;
    e = &ev->v[ev->n++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->family = nio_family_of_slot(slot);
    e->luid = luid;
    e->index = index;
    e->type = type;
    return e;
}
