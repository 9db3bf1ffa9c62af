/* route-cache.c - the route rows last reported to route change callbacks,
 * and the Add/Delete/Parameter events that an OS route message or a fresh
 * reading implies.  Used by one thread at a time (notify.c's work lock).
 *
 * The rows are a rowmap.c table (a zeroed cache is an empty one), and
 * every update first reserves what it may need (entries, events, the
 * LUIDs of the interfaces), which is the only part that can fail, and then
 * changes the cache, which cannot. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "rowcache.h"

/* ------------------------------------------------------------ the key */
static uint32_t nio_key_hash(const void *key)
{
    return nio_route_key_hash(key);
}

/* The same OS route row: Windows' key, and what else names it to the OS. */
static bool nio_same_os_row(const struct nio_route *a, const struct nio_route *b)
{
    return nio_route_same_key(a, b) && a->table == b->table && a->metric == b->metric &&
           a->os_bits == b->os_bits;
}

static bool nio_same_entry(const void *entry, const void *key)
{
    return nio_same_os_row(entry, key);
}

/* A bucket holds the OS rows of a key (and of other keys). */
static const struct nio_rowmap_kind nio_rkind = {
    sizeof(struct nio_rnode), offsetof(struct nio_rnode, link), offsetof(struct nio_rnode, mark),
    offsetof(struct nio_rnode, r.oif), nio_key_hash, nio_same_entry,
};

/* Of the OS rows that share a key, the one the row reports. */
static bool nio_better(const struct nio_route *a, const struct nio_route *b)
{
    if (a->metric != b->metric)
        return a->metric < b->metric;
    if (a->table != b->table)
        return a->table < b->table;
    return a->os_bits < b->os_bits;
}

/* What a row shows of a route beyond its key; the seconds left of a
 * lifetime count down by themselves and are not news. */
static bool nio_row_differs(const struct nio_route *a, const struct nio_route *b)
{
    return a->metric != b->metric || a->origin != b->origin || a->expires != b->expires ||
           a->local != b->local;
}

/* ---------------------------------------------------------- the table */
static struct nio_rnode *nio_next(const struct nio_rcache *c, const struct nio_rnode *x)
{
    return nio_rowmap_after(&c->map, &nio_rkind, x);
}

/* The first node of r's bucket, or NULL. */
static struct nio_rnode *nio_chain(const struct nio_rcache *c, const struct nio_route *r)
{
    return nio_rowmap_chain(&c->map, &nio_rkind, r);
}

/* A node for r, linked into its bucket (room reserved). */
static struct nio_rnode *nio_node_add(struct nio_rcache *c, const struct nio_route *r,
                                      uint64_t luid, uint8_t mark)
{
    struct nio_rnode node = {.r = *r, .luid = luid, .mark = mark};
    return nio_rowmap_insert(&c->map, &nio_rkind, &node);
}

/* The node of the OS row r (of a mark other than skip), or NULL. */
static struct nio_rnode *nio_node_find(const struct nio_rcache *c, const struct nio_route *r,
                                       int skip)
{
    for (struct nio_rnode *n = nio_chain(c, r); n != NULL; n = nio_next(c, n))
        if (n->mark != skip && nio_same_os_row(&n->r, r))
            return n;
    return NULL;
}

/* The best node with r's key among those of that mark (-1: any), copied
 * into *out; false when there is none. */
static bool nio_key_best(const struct nio_rcache *c, const struct nio_route *r, int mark,
                         struct nio_rnode *out)
{
    const struct nio_rnode *best = NULL;
    for (struct nio_rnode *n = nio_chain(c, r); n != NULL; n = nio_next(c, n))
        if ((mark < 0 || n->mark == mark) && nio_route_same_key(&n->r, r) &&
            (best == NULL || nio_better(&n->r, &best->r)))
            best = n;
    if (best != NULL)
        memcpy(out, best, sizeof(*out));
    return best != NULL;
}

/* --------------------------------------------------------------- events */
static void nio_revent(struct nio_events *ev, const struct nio_rnode *node,
                       MIB_NOTIFICATION_TYPE type)
{
    struct nio_event *e = nio_rows_event(ev, NIO_WATCH_ROUTES, node->r.prefix.slot, node->luid,
                                         node->r.oif, type);
    if (e != NULL)
        e->route = node->r;
}

/* The event that a key's row going from was to now implies (NULL: none). */
static void nio_remit(struct nio_events *ev, const struct nio_rnode *was,
                      const struct nio_rnode *now)
{
    if (was == NULL && now != NULL)
        nio_revent(ev, now, MibAddInstance);
    else if (was != NULL && now == NULL)
        nio_revent(ev, was, MibDeleteInstance);
    else if (was != NULL && nio_row_differs(&was->r, &now->r))
        nio_revent(ev, now, MibParameterNotification);
}

/* ------------------------------------------------------- the interfaces */
void nio_rcache_forget_if(struct nio_rcache *c, uint32_t index)
{
    nio_ifmap_forget(&c->ifs, index);
}

/* The LUID of every interface the rows go through is known afterwards,
 * unless the interface is gone (its rows are then skipped). */
static nio_status nio_ifs_cover(struct nio_rcache *c, const struct nio_route *rows, size_t n)
{
    nio_status st = NIO_OK;
    for (size_t i = 0; i < n && st == NIO_OK; i++)
        st = nio_ifmap_need(&c->ifs, rows[i].oif);
    return st;
}

/* ------------------------------------------------------ OS route messages */
static void nio_row_add(struct nio_rcache *c, const struct nio_route *r, uint64_t luid,
                        struct nio_events *ev)
{
    struct nio_rnode was, now, *node = nio_node_find(c, r, -1);
    bool had = nio_key_best(c, r, -1, &was);
    if (node != NULL) {
        node->r = *r; /* the same route, read again */
        node->luid = luid;
    } else {
        nio_node_add(c, r, luid, NIO_MARK_NONE);
    }
    nio_key_best(c, r, -1, &now);
    nio_remit(ev, had ? &was : NULL, &now);
}

static void nio_row_delete(struct nio_rcache *c, const struct nio_route *r, struct nio_events *ev)
{
    struct nio_rnode was, now, *node = nio_node_find(c, r, -1);
    if (node == NULL)
        return; /* never reported, or gone already */
    nio_key_best(c, r, -1, &was);
    nio_rowmap_remove(&c->map, &nio_rkind, node);
    nio_remit(ev, &was, nio_key_best(c, r, -1, &now) ? &now : NULL);
}

nio_status nio_rcache_apply(struct nio_rcache *c, bool add, const struct nio_route *rows,
                            size_t n, struct nio_events *ev)
{
    nio_status st = add ? nio_ifs_cover(c, rows, n) : NIO_OK;
    if (st == NIO_OK)
        st = nio_rows_room(&c->map, &nio_rkind, add ? n : 0, ev, n);
    for (size_t i = 0; i < n && st == NIO_OK; i++) {
        uint64_t luid;
        if (!add)
            nio_row_delete(c, &rows[i], ev);
        else if (nio_ifmap_luid(&c->ifs, rows[i].oif, &luid))
            nio_row_add(c, &rows[i], luid, ev);
    }
    return st;
}

static bool nio_among(const struct nio_route *r, const struct nio_route *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (nio_same_os_row(r, &rows[i]))
            return true;
    return false;
}

void nio_rcache_same_id(const struct nio_rcache *c, const struct nio_route *id,
                        const struct nio_route *rows, size_t n,
                        void (*note)(void *ctx, uint32_t oif), void *ctx)
{
    const struct nio_rnode *x;
    NIO_ROWMAP_EACH(&c->map, &nio_rkind, x)
        if (x->r.prefix.slot == id->prefix.slot && x->r.prefix_len == id->prefix_len &&
            memcmp(x->r.prefix.bytes, id->prefix.bytes, nio_ip_len(id->prefix.slot)) == 0 &&
            x->r.table == id->table && x->r.metric == id->metric && !nio_among(&x->r, rows, n))
            note(ctx, x->r.oif);
}

/* ---------------------------------------------------------- comparisons */
/* The first marked node of bucket b, or NULL. */
static struct nio_rnode *nio_first_marked(const struct nio_rcache *c, size_t b)
{
    for (struct nio_rnode *x = nio_rowmap_head(&c->map, &nio_rkind, b); x != NULL;
         x = nio_next(c, x))
        if (x->mark != NIO_MARK_NONE)
            return x;
    return NULL;
}

/* One key: its OLD rows give way to its NEW rows. */
static void nio_settle_key(struct nio_rcache *c, const struct nio_route *key,
                           struct nio_events *ev)
{
    struct nio_rnode was, now;
    bool had = nio_key_best(c, key, NIO_MARK_OLD, &was);
    bool has = nio_key_best(c, key, NIO_MARK_NEW, &now);
    struct nio_rnode *x = nio_chain(c, key), *next;
    for (; x != NULL; x = next) {
        next = nio_next(c, x);
        if (!nio_route_same_key(&x->r, key) || x->mark == NIO_MARK_NONE)
            continue;
        if (x->mark == NIO_MARK_OLD)
            nio_rowmap_remove(&c->map, &nio_rkind, x);
        else
            x->mark = NIO_MARK_NONE;
    }
    nio_remit(ev, had ? &was : NULL, has ? &now : NULL);
}

nio_status nio_rcache_compare(struct nio_rcache *c, uint32_t oif, const struct nio_route *list,
                              size_t n, struct nio_events *ev)
{
    nio_status st = nio_rows_ifs_fresh(&c->ifs, oif);
    if (st == NIO_OK)
        st = nio_ifs_cover(c, list, n);
    if (st == NIO_OK)
        st = nio_rows_mark_old(&c->map, &nio_rkind, oif, n, ev);
    if (st != NIO_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        uint64_t luid;
        const struct nio_route *r = &list[i];
        if (nio_rows_in_scope(&nio_rkind, r, oif) && nio_ifmap_luid(&c->ifs, r->oif, &luid) &&
            nio_node_find(c, r, NIO_MARK_OLD) == NULL)
            nio_node_add(c, r, luid, NIO_MARK_NEW);
    }
    for (size_t b = 0; b < c->map.nbucket; b++) {
        struct nio_rnode *x;
        while ((x = nio_first_marked(c, b)) != NULL) {
            struct nio_route key = x->r;
            nio_settle_key(c, &key, ev);
        }
    }
    return NIO_OK;
}

void nio_rcache_free(struct nio_rcache *c)
{
    nio_rowmap_free(&c->map);
    nio_ifmap_free(&c->ifs);
    memset(c, 0, sizeof(*c));
}
