/* addr-cache.c - the unicast address rows last reported to address change
 * callbacks, and the Add/Delete/Parameter events that an OS address
 * message or a fresh reading implies.  Used by one thread at a time (the
 * hub's work lock).
 *
 * As route-cache.c: links are node numbers plus one (0 is "none", a
 * zeroed cache is an empty one), and every update first reserves what it
 * may need (nodes, buckets, events, the LUID of the interface), the only
 * part that can fail, and then changes the cache, which cannot. */
#include <string.h>

#include "rowcache.h"

#define NIO_ANIL 0u
#define NIO_MIN_BUCKETS 64u

enum { NIO_MARK_NONE, NIO_MARK_OLD, NIO_MARK_NEW };

/* ------------------------------------------------------------ the key */
static size_t nio_ip_len(const struct nio_ip *ip)
{
    return ip->slot == NIO_V6 ? 16 : 4;
}

/* Windows' key: the interface and the address. */
static uint32_t nio_akey_hash(const struct nio_addr *a)
{
    const uint8_t *b = a->addr.bytes;
    uint32_t h = (2166136261u ^ a->ifindex) * 16777619u;
    h = (h ^ (uint32_t)a->addr.slot) * 16777619u;
    for (size_t i = 0; i < nio_ip_len(&a->addr); i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static bool nio_same_key(const struct nio_addr *a, const struct nio_addr *b)
{
    return a->ifindex == b->ifindex && a->addr.slot == b->addr.slot &&
           memcmp(a->addr.bytes, b->addr.bytes, nio_ip_len(&a->addr)) == 0;
}

/* What the row shows beyond its key.  The seconds left of a finite
 * lifetime count down by themselves and are not news; a lifetime that
 * becomes finite or infinite is. */
static bool nio_row_differs(const struct nio_addr *a, const struct nio_addr *b)
{
    return a->prefix_len != b->prefix_len || a->flags != b->flags || a->origin != b->origin ||
           (a->valid_s == NIO_LIFETIME_INFINITE) != (b->valid_s == NIO_LIFETIME_INFINITE) ||
           (a->preferred_s == NIO_LIFETIME_INFINITE) !=
               (b->preferred_s == NIO_LIFETIME_INFINITE);
}

/* ---------------------------------------------------------- the table */
static struct nio_anode *nio_node(const struct nio_acache *c, uint32_t link)
{
    return link == NIO_ANIL ? NULL : &c->v[link - 1];
}

static uint32_t *nio_head(const struct nio_acache *c, const struct nio_addr *a)
{
    return &c->bucket[nio_akey_hash(a) & (c->nbucket - 1)];
}

/* Buckets for want nodes, rehashed; the old array is kept when the new one
 * cannot be had. */
static nio_status nio_buckets_room(struct nio_acache *c, size_t want)
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
        for (uint32_t l = was[i], next; l != NIO_ANIL; l = next) {
            uint32_t *head = nio_head(c, &c->v[l - 1].a);
            next = c->v[l - 1].next;
            c->v[l - 1].next = *head;
            *head = l;
        }
    nio_free(was);
    return NIO_OK;
}

static nio_status nio_nodes_room(struct nio_acache *c, size_t more)
{
    size_t want = c->cap ? c->cap : 16;
    struct nio_anode *v;
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

static nio_status nio_acache_room(struct nio_acache *c, size_t nodes, struct nio_events *ev,
                                  size_t events)
{
    nio_status st = nio_nodes_room(c, nodes);
    if (st == NIO_OK)
        st = nio_buckets_room(c, c->n + nodes);
    if (st == NIO_OK && ev != NULL)
        st = nio_events_room(ev, events);
    return st;
}

static struct nio_anode *nio_node_add(struct nio_acache *c, const struct nio_addr *a,
                                      uint64_t luid, uint8_t mark)
{
    uint32_t link = c->free, *head = nio_head(c, a);
    struct nio_anode *node;
    if (link != NIO_ANIL)
        c->free = c->v[link - 1].next;
    else
        link = (uint32_t)++c->top;
    node = &c->v[link - 1];
    memset(node, 0, sizeof(*node));
    node->a = *a;
    node->luid = luid;
    node->mark = mark;
    node->next = *head;
    *head = link;
    c->n++;
    return node;
}

static void nio_node_remove(struct nio_acache *c, uint32_t *head, struct nio_anode *node)
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

static struct nio_anode *nio_node_find(const struct nio_acache *c, const struct nio_addr *a)
{
    if (c->nbucket == 0)
        return NULL;
    for (struct nio_anode *n = nio_node(c, *nio_head(c, a)); n != NULL; n = nio_node(c, n->next))
        if (nio_same_key(&n->a, a))
            return n;
    return NULL;
}

/* --------------------------------------------------------------- events */
static void nio_aevent(struct nio_events *ev, const struct nio_anode *node,
                       MIB_NOTIFICATION_TYPE type)
{
    struct nio_event *e;
    if (ev == NULL)
        return;
    e = &ev->v[ev->n++];
    memset(e, 0, sizeof(*e));
    e->kind = NIO_WATCH_ADDRS;
    e->family = nio_family_of_slot(node->a.addr.slot);
    e->luid = node->luid;
    e->index = node->a.ifindex;
    e->type = type;
    e->addr = node->a.addr;
}

/* ------------------------------------------------------ OS address messages */
static nio_status nio_apply_add(struct nio_acache *c, const struct nio_addr *a,
                                struct nio_events *ev, bool *compare)
{
    uint64_t luid;
    struct nio_anode *node;
    nio_status st = nio_ifmap_need(&c->ifs, a->ifindex);
    if (st == NIO_OK)
        st = nio_acache_room(c, 1, ev, 1);
    if (st != NIO_OK || !nio_ifmap_luid(&c->ifs, a->ifindex, &luid))
        return st; /* the interface is gone already: so is the address */
    node = nio_node_find(c, a);
    if (node == NULL) {
        nio_aevent(ev, nio_node_add(c, a, luid, NIO_MARK_NONE), MibAddInstance);
    } else if (node->shared || node->a.prefix_len != a->prefix_len) {
        node->shared = true; /* which of the two the row shows: the OS's order says */
        *compare = true;
    } else {
        bool differs = nio_row_differs(&node->a, a);
        node->a = *a;
        if (differs)
            nio_aevent(ev, node, MibParameterNotification);
    }
    return NIO_OK;
}

static nio_status nio_apply_del(struct nio_acache *c, const struct nio_addr *a,
                                struct nio_events *ev, bool *compare)
{
    struct nio_anode *node = nio_node_find(c, a);
    nio_status st;
    if (node == NULL)
        return NIO_OK; /* never reported, or gone already */
    if (node->shared || node->a.prefix_len != a->prefix_len) {
        *compare = true; /* the key's other address may remain */
        return NIO_OK;
    }
    st = nio_acache_room(c, 0, ev, 1);
    if (st != NIO_OK)
        return st;
    nio_aevent(ev, node, MibDeleteInstance);
    nio_node_remove(c, nio_head(c, a), node);
    return NIO_OK;
}

nio_status nio_acache_apply(struct nio_acache *c, bool add, const struct nio_addr *a,
                            struct nio_events *ev, bool *compare)
{
    *compare = false;
    return add ? nio_apply_add(c, a, ev, compare) : nio_apply_del(c, a, ev, compare);
}

/* ---------------------------------------------------------- comparisons */
static bool nio_in_scope(const struct nio_addr *a, uint32_t ifindex)
{
    return ifindex == 0 || a->ifindex == ifindex;
}

/* Marks the cached addresses of ifindex OLD (when mark); their count. */
static size_t nio_mark_old(struct nio_acache *c, uint32_t ifindex, bool mark)
{
    size_t k = 0;
    for (size_t b = 0; b < c->nbucket; b++)
        for (struct nio_anode *x = nio_node(c, c->bucket[b]); x != NULL; x = nio_node(c, x->next))
            if (nio_in_scope(&x->a, ifindex)) {
                if (mark)
                    x->mark = NIO_MARK_OLD;
                k++;
            }
    return k;
}

/* One address of the reading: the first with its key wins (the OS's
 * order, as GetUnicastIpAddressEntry); a second makes the key shared. */
static void nio_take(struct nio_acache *c, const struct nio_addr *a, uint64_t luid,
                     struct nio_events *ev)
{
    struct nio_anode *node = nio_node_find(c, a);
    if (node == NULL) {
        nio_aevent(ev, nio_node_add(c, a, luid, NIO_MARK_NEW), MibAddInstance);
    } else if (node->mark == NIO_MARK_OLD) {
        bool differs = nio_row_differs(&node->a, a);
        node->a = *a;
        node->luid = luid;
        node->mark = NIO_MARK_NEW;
        node->shared = false;
        if (differs)
            nio_aevent(ev, node, MibParameterNotification);
    } else if (node->mark == NIO_MARK_NEW) {
        node->shared = true;
    }
}

/* OLD nodes are gone (Delete), NEW ones stay. */
static void nio_settle(struct nio_acache *c, struct nio_events *ev)
{
    for (size_t b = 0; b < c->nbucket; b++) {
        struct nio_anode *x = nio_node(c, c->bucket[b]), *next;
        for (; x != NULL; x = next) {
            next = nio_node(c, x->next);
            if (x->mark == NIO_MARK_OLD) {
                nio_aevent(ev, x, MibDeleteInstance);
                nio_node_remove(c, &c->bucket[b], x);
            } else {
                x->mark = NIO_MARK_NONE;
            }
        }
    }
}

nio_status nio_acache_compare(struct nio_acache *c, uint32_t ifindex, const struct nio_addr *list,
                              size_t n, struct nio_events *ev)
{
    nio_status st = ifindex == 0 ? nio_ifmap_reload(&c->ifs) : nio_ifmap_ask(&c->ifs, ifindex);
    if (st == NIO_NOT_FOUND)
        st = NIO_OK; /* the interface is gone: so are its addresses */
    for (size_t i = 0; i < n && st == NIO_OK && ifindex == 0; i++)
        st = nio_ifmap_need(&c->ifs, list[i].ifindex); /* one that came after the reload */
    if (st == NIO_OK)
        st = nio_acache_room(c, n, ev, n + nio_mark_old(c, ifindex, false));
    if (st != NIO_OK)
        return st;
    nio_mark_old(c, ifindex, true);
    for (size_t i = 0; i < n; i++) {
        uint64_t luid;
        if (nio_in_scope(&list[i], ifindex) && nio_ifmap_luid(&c->ifs, list[i].ifindex, &luid))
            nio_take(c, &list[i], luid, ev);
    }
    nio_settle(c, ev);
    return NIO_OK;
}

bool nio_acache_tentative(const struct nio_acache *c, int slots)
{
    for (size_t b = 0; b < c->nbucket; b++)
        for (struct nio_anode *x = nio_node(c, c->bucket[b]); x != NULL; x = nio_node(c, x->next))
            if ((slots & (1 << x->a.addr.slot)) &&
                (x->a.flags & (NIO_AF_TENTATIVE | NIO_AF_OPTIMISTIC)) &&
                !(x->a.flags & NIO_AF_DADFAILED))
                return true;
    return false;
}

void nio_acache_forget_if(struct nio_acache *c, uint32_t index)
{
    nio_ifmap_forget(&c->ifs, index);
}

void nio_acache_free(struct nio_acache *c)
{
    nio_free(c->v);
    nio_free(c->bucket);
    nio_ifmap_free(&c->ifs);
    memset(c, 0, sizeof(*c));
}
