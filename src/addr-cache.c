/* addr-cache.c - the unicast address rows last reported to address change
 * callbacks, and the Add/Delete/Parameter events that an OS address
 * message or a fresh reading implies.  Used by one thread at a time (the
 * hub's work lock).
 *
 * The rows are a rowmap.c table (a zeroed cache is an empty one), and
 * every update first reserves what it may need (entries, events, the LUID
 * of the interface), the only part that can fail, and then changes the
 * cache, which cannot. */
#include <stddef.h>
#include <string.h>

#include "rowcache.h"

/* ------------------------------------------------------------ the key */
/* Windows' key: the interface and the address. */
static uint32_t nio_akey_hash(const void *key)
{
    const struct nio_addr *a = key;
    uint32_t h = (2166136261u ^ a->ifindex) * 16777619u;
    h = (h ^ (uint32_t)a->addr.slot) * 16777619u;
    return nio_rowmap_fnv(h, a->addr.bytes, nio_ip_len(a->addr.slot));
}

static bool nio_same_key(const void *entry, const void *key)
{
    const struct nio_addr *a = entry, *b = key;
    return a->ifindex == b->ifindex && a->addr.slot == b->addr.slot &&
           memcmp(a->addr.bytes, b->addr.bytes, nio_ip_len(a->addr.slot)) == 0;
}

static const struct nio_rowmap_kind nio_akind = {
    sizeof(struct nio_anode), offsetof(struct nio_anode, link), offsetof(struct nio_anode, mark),
    offsetof(struct nio_anode, a.ifindex), nio_akey_hash, nio_same_key,
};

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
static struct nio_anode *nio_node_add(struct nio_acache *c, const struct nio_addr *a,
                                      uint64_t luid, uint8_t mark)
{
    struct nio_anode node = {.a = *a, .luid = luid, .mark = mark};
    return nio_rowmap_insert(&c->map, &nio_akind, &node);
}

static struct nio_anode *nio_node_find(const struct nio_acache *c, const struct nio_addr *a)
{
    return nio_rowmap_find(&c->map, &nio_akind, a);
}

/* --------------------------------------------------------------- events */
static void nio_aevent(struct nio_events *ev, const struct nio_anode *node,
                       MIB_NOTIFICATION_TYPE type)
{
    struct nio_event *e = nio_rows_event(ev, NIO_WATCH_ADDRS, node->a.addr.slot, node->luid,
                                         node->a.ifindex, type);
    if (e != NULL)
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
        st = nio_rows_room(&c->map, &nio_akind, 1, ev, 1);
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
    st = nio_rows_room(&c->map, &nio_akind, 0, ev, 1);
    if (st != NIO_OK)
        return st;
    nio_aevent(ev, node, MibDeleteInstance);
    nio_rowmap_remove(&c->map, &nio_akind, node);
    return NIO_OK;
}

nio_status nio_acache_apply(struct nio_acache *c, bool add, const struct nio_addr *a,
                            struct nio_events *ev, bool *compare)
{
    *compare = false;
    return add ? nio_apply_add(c, a, ev, compare) : nio_apply_del(c, a, ev, compare);
}

/* ---------------------------------------------------------- comparisons */
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
    for (size_t b = 0; b < c->map.nbucket; b++) {
        struct nio_anode *x = nio_rowmap_head(&c->map, &nio_akind, b), *next;
        for (; x != NULL; x = next) {
            next = nio_rowmap_after(&c->map, &nio_akind, x);
            if (x->mark == NIO_MARK_OLD) {
                nio_aevent(ev, x, MibDeleteInstance);
                nio_rowmap_remove(&c->map, &nio_akind, x);
            } else {
                x->mark = NIO_MARK_NONE;
            }
        }
    }
}

nio_status nio_acache_compare(struct nio_acache *c, uint32_t ifindex, const struct nio_addr *list,
                              size_t n, struct nio_events *ev)
{
    nio_status st = nio_rows_ifs_fresh(&c->ifs, ifindex);
    for (size_t i = 0; i < n && st == NIO_OK && ifindex == 0; i++)
        st = nio_ifmap_need(&c->ifs, list[i].ifindex); /* one that came after the reload */
    if (st == NIO_OK)
        st = nio_rows_mark_old(&c->map, &nio_akind, ifindex, n, ev);
    if (st != NIO_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        uint64_t luid;
        if (nio_rows_in_scope(&nio_akind, &list[i], ifindex) &&
            nio_ifmap_luid(&c->ifs, list[i].ifindex, &luid))
            nio_take(c, &list[i], luid, ev);
    }
    nio_settle(c, ev);
    return NIO_OK;
}

bool nio_acache_tentative(const struct nio_acache *c, int slots)
{
    const struct nio_anode *x;
    NIO_ROWMAP_EACH(&c->map, &nio_akind, x)
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
    nio_rowmap_free(&c->map);
    nio_ifmap_free(&c->ifs);
    memset(c, 0, sizeof(*c));
}
