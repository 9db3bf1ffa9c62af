/* rowcache.c - the rows last reported to change callbacks, and the
 * Add/Delete/Parameter events that a fresh reading of the OS implies.
 * Used by the watcher thread only (no lock needed).  Also the LUIDs of
 * the interfaces the route and address caches know, and room for events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rowcache.h"

/* The kernel re-randomises the IPv6 reachable time every few minutes; a
 * change of that field alone is not news (docs/notify.md). */
static void nio_cache_row(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot,
                          struct nio_recview *rv)
{
    nio_row_fill_in(row, ifc, slot, rv);
    row->ReachableTime = 0;
}

static nio_status nio_events_push(struct nio_events *ev, const MIB_IPINTERFACE_ROW *row,
                                  MIB_NOTIFICATION_TYPE type)
{
    struct nio_event *e = nio_grow(ev->v, &ev->cap, ev->n, sizeof(*e));
    if (e == NULL)
        return NIO_NO_MEMORY;
    ev->v = e;
    e = &ev->v[ev->n++];
    memset(e, 0, sizeof(*e));
    e->kind = NIO_WATCH_IPIF;
    e->family = row->Family;
    e->luid = row->InterfaceLuid.Value;
    e->index = row->InterfaceIndex;
    e->type = type;
    return NIO_OK;
}

/* Events for one interface: was is the cached entry (NULL if none), now
 * what the OS says (NULL if gone), rv the comparison's view of the record
 * (NULL: this interface alone).  Updates was in place when both exist. */
static nio_status nio_diff(struct nio_known *was, const struct nio_iface *now,
                           struct nio_known *out, struct nio_events *ev, struct nio_recview *rv)
{
    nio_status st = NIO_OK;
    struct nio_known next;
    /* memset and memcpy, not = {0} and struct assignment: rows are compared
     * with memcmp, so their padding must stay zero. */
    memset(&next, 0, sizeof(next));
    if (now != NULL)
        next.index = now->index;
    for (int slot = 0; slot < NIO_FAMILIES && st == NIO_OK; slot++) {
        bool had = was != NULL && (was->present & (1u << slot));
        bool has = now != NULL && now->fam[slot].present;
        if (has) {
            nio_cache_row(&next.row[slot], now, slot, rv);
            next.present |= (uint8_t)(1u << slot);
        }
        if (had && !has)
            st = nio_events_push(ev, &was->row[slot], MibDeleteInstance);
        else if (!had && has)
            st = nio_events_push(ev, &next.row[slot], MibAddInstance);
        else if (had && memcmp(&was->row[slot], &next.row[slot], sizeof(next.row[slot])) != 0)
            st = nio_events_push(ev, &next.row[slot], MibParameterNotification);
    }
    if (out != NULL)
        memcpy(out, &next, sizeof(next));
    return st;
}

static struct nio_known *nio_cache_find(struct nio_cache *c, uint32_t index, size_t *pos)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->v[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pos = lo;
    return lo < c->n && c->v[lo].index == index ? &c->v[lo] : NULL;
}

/* An update that fails leaves the cache as it was and takes back the
 * events it recorded: the next comparison finds the same changes again
 * and reports them then, once (an Add kept here would come twice). */
static nio_status nio_cache_fail(struct nio_events *ev, size_t had, nio_status st)
{
    ev->n = had;
    return st;
}

nio_status nio_cache_update_one(struct nio_cache *c, uint32_t index, const struct nio_iface *now,
                                struct nio_events *ev)
{
    size_t pos, had = ev->n;
    struct nio_known *was = nio_cache_find(c, index, &pos), next;
    nio_status st = nio_diff(was, now, &next, ev, NULL);
    if (st != NIO_OK)
        return nio_cache_fail(ev, had, st);
    if (was != NULL && next.present) {
        memcpy(was, &next, sizeof(next));
    } else if (was != NULL) {
        memmove(&c->v[pos], &c->v[pos + 1], (c->n - pos - 1) * sizeof(*c->v));
        c->n--;
    } else if (next.present) {
        struct nio_known *v = nio_grow(c->v, &c->cap, c->n, sizeof(*v));
        if (v == NULL)
            return nio_cache_fail(ev, had, NIO_NO_MEMORY);
        c->v = v;
        memmove(&c->v[pos + 1], &c->v[pos], (c->n - pos) * sizeof(*c->v));
        memcpy(&c->v[pos], &next, sizeof(next));
        c->n++;
    }
    return NIO_OK;
}

/* A whole new reading, merged with the cache in index order, the record
 * read once for all of it (nio_recview); the cache is replaced only when
 * every event could be recorded. */
nio_status nio_cache_update_all(struct nio_cache *c, struct nio_iface *list, size_t n,
                                struct nio_events *ev)
{
    struct nio_known *v = nio_calloc(n ? n : 1, sizeof(*v));
    struct nio_recview rv;
    size_t i = 0, j = 0, k = 0, had = ev->n;
    nio_status st = NIO_OK;
    if (v == NULL)
        return NIO_NO_MEMORY;
    nio_sort_by_index(list, n, sizeof(*list));
    if ((st = nio_recview_open(&rv)) != NIO_OK) {
        nio_free(v);
        return st;
    }
    while (st == NIO_OK && (i < c->n || j < n)) {
        bool take_old = j == n || (i < c->n && c->v[i].index < list[j].index);
        bool take_new = i == c->n || (j < n && list[j].index < c->v[i].index);
        struct nio_known next;
        st = nio_diff(take_new ? NULL : &c->v[i], take_old ? NULL : &list[j], &next, ev, &rv);
        if (!take_old && next.present)
            memcpy(&v[k++], &next, sizeof(next));
        i += !take_new;
        j += !take_old;
    }
    nio_recview_close(&rv);
    if (st != NIO_OK) {
        nio_free(v);
        return nio_cache_fail(ev, had, st);
    }
    nio_free(c->v);
    c->v = v;
    c->n = k;
    c->cap = n ? n : 1;
    return NIO_OK;
}

void nio_cache_free(struct nio_cache *c)
{
    nio_free(c->v);
    memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------- the interfaces' LUIDs */
static struct nio_ifluid *nio_ifmap_find(const struct nio_ifmap *m, uint32_t index, size_t *pos)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->v[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pos = lo;
    return lo < m->n && m->v[lo].index == index ? &m->v[lo] : NULL;
}

static nio_status nio_ifmap_put(struct nio_ifmap *m, uint32_t index, uint64_t luid)
{
    size_t pos;
    struct nio_ifluid *f = nio_ifmap_find(m, index, &pos), *v;
    if (f != NULL) {
        f->luid = luid;
        return NIO_OK;
    }
    v = nio_grow(m->v, &m->cap, m->n, sizeof(*v));
    if (v == NULL)
        return NIO_NO_MEMORY;
    m->v = v;
    memmove(&v[pos + 1], &v[pos], (m->n - pos) * sizeof(*v));
    v[pos].index = index;
    v[pos].luid = luid;
    m->n++;
    return NIO_OK;
}

void nio_ifmap_forget(struct nio_ifmap *m, uint32_t index)
{
    size_t pos;
    if (nio_ifmap_find(m, index, &pos) == NULL)
        return;
    memmove(&m->v[pos], &m->v[pos + 1], (m->n - pos - 1) * sizeof(*m->v));
    m->n--;
}

nio_status nio_ifmap_ask(struct nio_ifmap *m, uint32_t index)
{
    struct nio_iface ifc;
    int err = nio_os_get(index, NIO_WANT_LINK, &ifc);
    if (err == -ENODEV || err == -ENOENT) {
        nio_ifmap_forget(m, index);
        return NIO_NOT_FOUND;
    }
    if (err != 0)
        return nio_status_from_errno(err, NIO_GEN_FAILURE);
    return nio_ifmap_put(m, index, nio_iface_luid(&ifc));
}

nio_status nio_ifmap_need(struct nio_ifmap *m, uint32_t index)
{
    size_t pos;
    nio_status st = NIO_OK;
    if (nio_ifmap_find(m, index, &pos) == NULL)
        st = nio_ifmap_ask(m, index);
    return st == NIO_NOT_FOUND ? NIO_OK : st;
}

nio_status nio_ifmap_reload(struct nio_ifmap *m)
{
    struct nio_iface *list = NULL;
    struct nio_ifluid *v;
    size_t n = 0;
    nio_status st = nio_status_from_errno(nio_os_list(NIO_WANT_LINK, &list, &n),
                                          NIO_GEN_FAILURE);
    if (st != NIO_OK)
        return st;
    v = nio_calloc(n ? n : 1, sizeof(*v));
    if (v == NULL) {
        nio_free(list);
        return NIO_NO_MEMORY;
    }
    nio_sort_by_index(list, n, sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        v[i].index = list[i].index;
        v[i].luid = nio_iface_luid(&list[i]);
    }
    nio_free(list);
    nio_free(m->v);
    m->v = v;
    m->n = n;
    m->cap = n ? n : 1;
    return NIO_OK;
}

bool nio_ifmap_luid(const struct nio_ifmap *m, uint32_t index, uint64_t *luid)
{
    size_t pos;
    const struct nio_ifluid *f = nio_ifmap_find(m, index, &pos);
    if (f != NULL)
        *luid = f->luid;
    return f != NULL;
}

void nio_ifmap_free(struct nio_ifmap *m)
{
    nio_free(m->v);
    memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------- events */
nio_status nio_events_room(struct nio_events *ev, size_t more)
{
    size_t want = ev->cap ? ev->cap : 16;
    struct nio_event *v;
    if (more > SIZE_MAX / 2 / sizeof(*v) - ev->n)
        return NIO_NO_MEMORY;
    while (want < ev->n + more)
        want *= 2;
    if (want == ev->cap)
        return NIO_OK;
    v = nio_realloc(ev->v, want * sizeof(*v));
    if (v == NULL)
        return NIO_NO_MEMORY;
    ev->v = v;
    ev->cap = want;
    return NIO_OK;
}
