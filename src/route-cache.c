/* route-cache.c - the route rows last reported to route change callbacks,
 * and the Add/Delete/Parameter events that an OS route message or a fresh
 * reading implies.  Used by one thread at a time (notify.c's work lock).
 *
 * Links are node numbers plus one, so that 0 is "none" and a zeroed cache
 * is an empty one.  Every update first reserves what it may need (nodes,
 * buckets, events, the LUIDs of the interfaces), which is the only part
 * that can fail, and then changes the cache, which cannot. */
#include <errno.h>
#include <string.h>

#include "rowcache.h"

#define NIO_RNIL 0u
#define NIO_MIN_BUCKETS 64u

enum { NIO_MARK_NONE, NIO_MARK_OLD, NIO_MARK_NEW };

/* ------------------------------------------------------------ the key */
static uint32_t nio_fnv(uint32_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static size_t nio_ip_len(const struct nio_ip *ip)
{
    return ip->slot == NIO_V6 ? 16 : 4;
}

/* Agrees with nio_route_same_key: no next hop and the zero address hash
 * alike. */
static uint32_t nio_key_hash(const struct nio_route *r)
{
    uint8_t slot = (uint8_t)r->prefix.slot;
    uint32_t h = nio_fnv(2166136261u, &r->oif, sizeof(r->oif));
    h = nio_fnv(h, &slot, 1);
    h = nio_fnv(h, &r->prefix_len, 1);
    h = nio_fnv(h, r->prefix.bytes, nio_ip_len(&r->prefix));
    if (r->has_gateway && !nio_ip_is_zero(&r->gateway)) {
        slot = (uint8_t)r->gateway.slot;
        h = nio_fnv(h, &slot, 1);
        h = nio_fnv(h, r->gateway.bytes, nio_ip_len(&r->gateway));
    }
    return h;
}

/* The same OS route row: Windows' key, and what else names it to the OS. */
static bool nio_same_os_row(const struct nio_route *a, const struct nio_route *b)
{
    return nio_route_same_key(a, b) && a->table == b->table && a->metric == b->metric &&
           a->os_bits == b->os_bits;
}

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
static struct nio_rnode *nio_node(const struct nio_rcache *c, uint32_t link)
{
    return link == NIO_RNIL ? NULL : &c->v[link - 1];
}

static uint32_t *nio_head(const struct nio_rcache *c, const struct nio_route *r)
{
    return &c->bucket[nio_key_hash(r) & (c->nbucket - 1)];
}

/* Buckets for want nodes (at most one node per bucket on average),
 * rehashed; the old array is kept when the new one cannot be had. */
static nio_status nio_buckets_room(struct nio_rcache *c, size_t want)
{
    size_t nb = c->nbucket ? c->nbucket : NIO_MIN_BUCKETS, old = c->nbucket;
    uint32_t *b, *was = c->bucket;
    while (nb < want && nb <= SIZE_MAX / 4 / sizeof(*b))
        nb *= 2;
    if (nb == old)
        return NIO_OK;
    b = nio_calloc(nb, sizeof(*b));
    if (b == NULL)
        return NIO_NO_MEMORY;
    c->bucket = b;
    c->nbucket = nb;
    for (size_t i = 0; i < old; i++)
        for (uint32_t l = was[i], next; l != NIO_RNIL; l = next) {
            uint32_t *head = nio_head(c, &c->v[l - 1].r);
            next = c->v[l - 1].next;
            c->v[l - 1].next = *head;
            *head = l;
        }
    nio_free(was);
    return NIO_OK;
}

static nio_status nio_nodes_room(struct nio_rcache *c, size_t more)
{
    size_t want = c->cap ? c->cap : 16;
    struct nio_rnode *v;
    if (more > UINT32_MAX - 1 - c->n)
        return NIO_NO_MEMORY;
    while (want < c->n + more)
        want *= 2;
    if (want > UINT32_MAX - 1)
        want = UINT32_MAX - 1;
    if (want == c->cap)
        return NIO_OK;
    v = nio_realloc(c->v, want * sizeof(*v));
    if (v == NULL)
        return NIO_NO_MEMORY;
    c->v = v;
    c->cap = want;
    return NIO_OK;
}

/* Room for more nodes and, when ev is given, events. */
static nio_status nio_rcache_room(struct nio_rcache *c, size_t nodes, struct nio_events *ev,
                                  size_t events)
{
    nio_status st = nio_nodes_room(c, nodes);
    if (st == NIO_OK)
        st = nio_buckets_room(c, c->n + nodes);
    if (st == NIO_OK && ev != NULL)
        st = nio_events_room(ev, events);
    return st;
}

/* A node for r, linked into its bucket (room reserved). */
static struct nio_rnode *nio_node_add(struct nio_rcache *c, const struct nio_route *r,
                                      uint64_t luid, uint8_t mark)
{
    uint32_t link = c->free, *head = nio_head(c, r);
    struct nio_rnode *node;
    if (link != NIO_RNIL)
        c->free = c->v[link - 1].next;
    else
        link = (uint32_t)++c->top;
    node = &c->v[link - 1];
    memset(node, 0, sizeof(*node));
    node->r = *r;
    node->luid = luid;
    node->mark = mark;
    node->next = *head;
    *head = link;
    c->n++;
    return node;
}

static void nio_node_remove(struct nio_rcache *c, uint32_t *head, struct nio_rnode *node)
{
    uint32_t link = (uint32_t)(node - c->v) + 1;
    uint32_t *p = head;
    while (*p != link)
        p = &c->v[*p - 1].next;
    *p = node->next;
    node->next = c->free;
    c->free = link;
    c->n--;
}

/* The node of the OS row r in its bucket (of a mark other than skip), or NULL. */
static struct nio_rnode *nio_node_find(const struct nio_rcache *c, uint32_t head,
                                       const struct nio_route *r, int skip)
{
    for (struct nio_rnode *n = nio_node(c, head); n != NULL; n = nio_node(c, n->next))
        if (n->mark != skip && nio_same_os_row(&n->r, r))
            return n;
    return NULL;
}

/* The best node with r's key among those of that mark (-1: any), copied
 * into *out; false when there is none. */
static bool nio_key_best(const struct nio_rcache *c, uint32_t head, const struct nio_route *r,
                         int mark, struct nio_rnode *out)
{
    const struct nio_rnode *best = NULL;
    for (struct nio_rnode *n = nio_node(c, head); n != NULL; n = nio_node(c, n->next))
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
    struct nio_event *e;
    if (ev == NULL)
        return;
    e = &ev->v[ev->n++];
    memset(e, 0, sizeof(*e));
    e->kind = NIO_WATCH_ROUTES;
    e->family = nio_family_of_slot(node->r.prefix.slot);
    e->luid = node->luid;
    e->index = node->r.oif;
    e->type = type;
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
    uint32_t *head = nio_head(c, r);
    struct nio_rnode was, now, *node = nio_node_find(c, *head, r, -1);
    bool had = nio_key_best(c, *head, r, -1, &was);
    if (node != NULL) {
        node->r = *r; /* the same route, read again */
        node->luid = luid;
    } else {
        nio_node_add(c, r, luid, NIO_MARK_NONE);
    }
    nio_key_best(c, *head, r, -1, &now);
    nio_remit(ev, had ? &was : NULL, &now);
}

static void nio_row_delete(struct nio_rcache *c, const struct nio_route *r, struct nio_events *ev)
{
    uint32_t *head = nio_head(c, r);
    struct nio_rnode was, now, *node = nio_node_find(c, *head, r, -1);
    if (node == NULL)
        return; /* never reported, or gone already */
    nio_key_best(c, *head, r, -1, &was);
    nio_node_remove(c, head, node);
    nio_remit(ev, &was, nio_key_best(c, *head, r, -1, &now) ? &now : NULL);
}

nio_status nio_rcache_apply(struct nio_rcache *c, bool add, const struct nio_route *rows,
                            size_t n, struct nio_events *ev)
{
    nio_status st = add ? nio_ifs_cover(c, rows, n) : NIO_OK;
    if (st == NIO_OK)
        st = nio_rcache_room(c, add ? n : 0, ev, n);
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
    for (size_t b = 0; b < c->nbucket; b++)
        for (struct nio_rnode *x = nio_node(c, c->bucket[b]); x != NULL; x = nio_node(c, x->next))
            if (x->r.prefix.slot == id->prefix.slot && x->r.prefix_len == id->prefix_len &&
                memcmp(x->r.prefix.bytes, id->prefix.bytes, nio_ip_len(&id->prefix)) == 0 &&
                x->r.table == id->table && x->r.metric == id->metric && !nio_among(&x->r, rows, n))
                note(ctx, x->r.oif);
}

/* ---------------------------------------------------------- comparisons */
static bool nio_in_scope(const struct nio_route *r, uint32_t oif)
{
    return oif == 0 || r->oif == oif;
}

/* Marks the cached rows through oif OLD; their count. */
static size_t nio_mark_old(struct nio_rcache *c, uint32_t oif, bool mark)
{
    size_t k = 0;
    for (size_t b = 0; b < c->nbucket; b++)
        for (struct nio_rnode *x = nio_node(c, c->bucket[b]); x != NULL; x = nio_node(c, x->next))
            if (nio_in_scope(&x->r, oif)) {
                if (mark)
                    x->mark = NIO_MARK_OLD;
                k++;
            }
    return k;
}

/* The first marked node of a bucket, or NULL. */
static struct nio_rnode *nio_first_marked(const struct nio_rcache *c, uint32_t head)
{
    for (struct nio_rnode *x = nio_node(c, head); x != NULL; x = nio_node(c, x->next))
        if (x->mark != NIO_MARK_NONE)
            return x;
    return NULL;
}

/* One key of a bucket: its OLD rows give way to its NEW rows. */
static void nio_settle_key(struct nio_rcache *c, uint32_t *head, const struct nio_route *key,
                           struct nio_events *ev)
{
    struct nio_rnode was, now;
    bool had = nio_key_best(c, *head, key, NIO_MARK_OLD, &was);
    bool has = nio_key_best(c, *head, key, NIO_MARK_NEW, &now);
    struct nio_rnode *x = nio_node(c, *head), *next;
    for (; x != NULL; x = next) {
        next = nio_node(c, x->next);
        if (!nio_route_same_key(&x->r, key) || x->mark == NIO_MARK_NONE)
            continue;
        if (x->mark == NIO_MARK_OLD)
            nio_node_remove(c, head, x);
        else
            x->mark = NIO_MARK_NONE;
    }
    nio_remit(ev, had ? &was : NULL, has ? &now : NULL);
}

nio_status nio_rcache_compare(struct nio_rcache *c, uint32_t oif, const struct nio_route *list,
                              size_t n, struct nio_events *ev)
{
    nio_status st = oif == 0 ? nio_ifmap_reload(&c->ifs) : nio_ifmap_ask(&c->ifs, oif);
    if (st == NIO_NOT_FOUND)
        st = NIO_OK; /* the interface is gone: so are its rows */
    if (st == NIO_OK)
        st = nio_ifs_cover(c, list, n);
    if (st == NIO_OK)
        st = nio_rcache_room(c, n, ev, n + nio_mark_old(c, oif, false));
    if (st != NIO_OK)
        return st;
    nio_mark_old(c, oif, true);
    for (size_t i = 0; i < n; i++) {
        uint64_t luid;
        const struct nio_route *r = &list[i];
        if (nio_in_scope(r, oif) && nio_ifmap_luid(&c->ifs, r->oif, &luid) &&
            nio_node_find(c, *nio_head(c, r), r, NIO_MARK_OLD) == NULL)
            nio_node_add(c, r, luid, NIO_MARK_NEW);
    }
    for (size_t b = 0; b < c->nbucket; b++) {
        struct nio_rnode *x;
        while ((x = nio_first_marked(c, c->bucket[b])) != NULL) {
            struct nio_route key = x->r;
            nio_settle_key(c, &c->bucket[b], &key, ev);
        }
    }
    return NIO_OK;
}

void nio_rcache_free(struct nio_rcache *c)
{
    nio_free(c->v);
    nio_free(c->bucket);
    nio_ifmap_free(&c->ifs);
    memset(c, 0, sizeof(*c));
}
