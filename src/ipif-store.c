/* ipif-store.c - the settings the OS has no place for (the interface
 * metric, the IPv6 site prefix length, DisableDefaultRoutes and what it
 * took away), kept for every process in the back end's system-wide record
 * (backend.h, nio_os_store_*) and reported by every row (docs/set.md).
 *
 * The back end keeps bytes per (interface index, family); this file gives
 * them their meaning: a header naming the interface that wrote them (type,
 * name, link-layer address), the settings, the default routes
 * DisableDefaultRoutes took away, and the journal of a Set in progress.
 * A record whose interface is not the one that now has the index (the
 * interface was deleted and the index given to another) is no record.
 */
#include <errno.h>
#include <string.h>

#include "core.h"

#define NIO_REC_MAGIC 0x5253494Eu      /* "NISR" */
#define NIO_REC_VERSION 1u

/* What the bytes begin with; the held routes and then the journal follow. */
struct nio_rec_head {
    uint32_t magic, version;
    uint32_t n_held, n_ops;
    uint16_t iftype;
    uint8_t addr_len;
    uint8_t addr[NIO_HWADDR_MAX];
    char name[NIO_NAME_MAX];
    struct nio_local v;
    bool ra_saved;
    uint32_t ra_was;
};

/* -------------------------------------------------- automatic metric */
/* Microsoft's "Automatic Metric feature for IPv4 routes" (KB 299540),
 * which Windows applies to both families: the faster the link, the lower
 * the metric. */
uint32_t nio_auto_metric(uint64_t bps)
{
    static const struct { uint64_t above; uint32_t metric; } table[] = {
        {2000000000ull - 1, 5}, {200000000ull, 10}, {80000000ull, 20}, {20000000ull, 25},
        {4000000ull, 30},       {500000ull, 40},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (bps > table[i].above)
            return table[i].metric;
    return 50;
}

/* The speed GetIfEntry2 reports as TransmitLinkSpeed (ifrow.c): a device
 * with no notion of a speed counts as the 100 Gb/s Windows' virtual
 * adapters report; a physical one without a link as 0. */
static uint64_t nio_row_speed(const struct nio_ifrow *r)
{
    if (r->speed == NIO_SPEED_KNOWN)
        return r->speed_bps;
    if (r->speed == NIO_SPEED_UNKNOWN && r->hardware)
        return 0;
    return 100000000000ull;
}

/* ------------------------------------------------------- identity */
/* The address that tells one interface from the next holder of its
 * index: the permanent one when the device has one, else the current. */
static void nio_identity(const struct nio_ifrow *r, struct nio_rec_head *h)
{
    h->iftype = r->ifc.iftype;
    memcpy(h->name, r->ifc.name, sizeof(h->name));
    if (r->perm_addr_len) {
        h->addr_len = r->perm_addr_len;
        memcpy(h->addr, r->perm_addr, r->perm_addr_len);
    } else {
        h->addr_len = r->addr_len;
        memcpy(h->addr, r->addr, r->addr_len);
    }
}

static bool nio_same_identity(const struct nio_rec_head *a, const struct nio_rec_head *b)
{
    return a->iftype == b->iftype && a->addr_len == b->addr_len &&
           a->addr_len <= NIO_HWADDR_MAX && memcmp(a->addr, b->addr, a->addr_len) == 0 &&
           strncmp(a->name, b->name, NIO_NAME_MAX) == 0;
}

/* ---------------------------------------------------------- decoding */
static bool nio_vec_take(struct nio_vec *v, const uint8_t *p, size_t n, size_t elem)
{
    memset(v, 0, sizeof(*v));
    if (n == 0)
        return true;
    if ((v->v = nio_alloc(n * elem)) == NULL)
        return false;
    memcpy(v->v, p, n * elem);
    v->n = v->cap = n;
    return true;
}

/* The record in buf, when it is one and row's interface wrote it. */
static bool nio_rec_decode(const uint8_t *buf, size_t len, const struct nio_ifrow *row,
                           struct nio_record *r)
{
    struct nio_rec_head h, me;
    size_t held, ops;
    memset(&me, 0, sizeof(me));
    if (len < sizeof(h))
        return false;
    memcpy(&h, buf, sizeof(h));
    nio_identity(row, &me);
    if (h.magic != NIO_REC_MAGIC || h.version != NIO_REC_VERSION || !nio_same_identity(&h, &me))
        return false;
    held = (size_t)h.n_held * sizeof(struct nio_route);
    ops = (size_t)h.n_ops * sizeof(struct nio_op);
    if (h.n_held > NIO_STORE_MAX || h.n_ops > NIO_STORE_MAX || sizeof(h) + held + ops != len)
        return false;
    r->v = h.v;
    r->ra_saved = h.ra_saved;
    r->ra_was = h.ra_was;
    if (!nio_vec_take(&r->held, buf + sizeof(h), h.n_held, sizeof(struct nio_route)))
        return false;
    if (!nio_vec_take(&r->ops, buf + sizeof(h) + held, h.n_ops, sizeof(struct nio_op))) {
        nio_free(r->held.v);
        return false;
    }
    return true;
}

static nio_status nio_rec_load(const struct nio_ifrow *row, int slot, struct nio_record *r)
{
    void *buf = NULL;
    size_t len = 0;
    int err = nio_os_store_get(row->ifc.index, slot, &buf, &len);
    memset(r, 0, sizeof(*r));
    if (err == -ENOENT)
        return NIO_OK;
    if (err)
        return nio_status_from_errno(err, NIO_NOT_FOUND);
    if (!nio_rec_decode(buf, len, row, r)) {
        memset(r, 0, sizeof(*r)); /* another interface's, or not a record */
        r->stale = true;
    }
    nio_free(buf);
    return NIO_OK;
}

static bool nio_rec_empty(const struct nio_record *r)
{
    return !r->v.manual_metric && !r->v.has_site_prefix && !r->v.disable_default_routes &&
           !r->ra_saved && r->held.n == 0 && r->ops.n == 0;
}

/* ----------------------------------------------------------- preview */
static _Thread_local struct {
    bool on;
    uint64_t luid;
    int slot;
    struct nio_local l;
} nio_preview;

void nio_local_preview(uint64_t luid, int slot, const struct nio_local *l)
{
    nio_preview.on = l != NULL;
    if (l != NULL) {
        nio_preview.luid = luid;
        nio_preview.slot = slot;
        nio_preview.l = *l;
    }
}

/* --------------------------------------------------------- the core's */
void nio_local_get(uint64_t luid, int slot, struct nio_local *out)
{
    struct nio_ifrow row;
    struct nio_record r;
    uint16_t iftype;
    uint32_t index;
    memset(out, 0, sizeof(*out));
    if (nio_preview.on && nio_preview.luid == luid && nio_preview.slot == slot) {
        *out = nio_preview.l;
        return;
    }
    if (!nio_luid_split(luid, &iftype, &index) || nio_os_ifrow_get(index, 0, &row) != 0 ||
        row.ifc.iftype != iftype)
        return;
    if (nio_rec_load(&row, slot, &r) == NIO_OK && !nio_rec_empty(&r))
        *out = r.v;
    else
        out->metric = nio_auto_metric(nio_row_speed(&row));
    nio_record_free(&r);
}

uint32_t nio_local_auto_metric(const struct nio_iface *ifc)
{
    struct nio_ifrow row;
    if (nio_os_ifrow_get(ifc->index, 0, &row) != 0)
        return nio_auto_metric(100000000000ull);
    return nio_auto_metric(nio_row_speed(&row));
}

nio_status nio_record_lock(struct nio_store_lock **out)
{
    return nio_status_from_errno(nio_os_store_lock(out), NIO_GEN_FAILURE);
}

nio_status nio_record_read(const struct nio_iface *ifc, int slot, struct nio_record *r)
{
    struct nio_ifrow row;
    nio_status st = nio_status_from_errno(nio_os_ifrow_get(ifc->index, 0, &row), NIO_NOT_FOUND);
    memset(r, 0, sizeof(*r));
    if (st == NIO_OK)
        st = nio_rec_load(&row, slot, r);
    if (st == NIO_OK && nio_rec_empty(r))
        r->v.metric = nio_auto_metric(nio_row_speed(&row));
    return st;
}

static nio_status nio_rec_encode(const struct nio_ifrow *row, const struct nio_record *r,
                                 uint8_t **out, size_t *len)
{
    struct nio_rec_head h;
    size_t held = r->held.n * sizeof(struct nio_route), ops = r->ops.n * sizeof(struct nio_op);
    uint8_t *b;
    *len = sizeof(h) + held + ops;
    if (*len > NIO_STORE_MAX)
        return NIO_NO_MEMORY;
    if ((b = nio_alloc(*len)) == NULL)
        return NIO_NO_MEMORY;
    memset(&h, 0, sizeof(h));
    h.magic = NIO_REC_MAGIC;
    h.version = NIO_REC_VERSION;
    h.n_held = (uint32_t)r->held.n;
    h.n_ops = (uint32_t)r->ops.n;
    nio_identity(row, &h);
    h.v = r->v;
    h.ra_saved = r->ra_saved;
    h.ra_was = r->ra_was;
    memcpy(b, &h, sizeof(h));
    if (held)
        memcpy(b + sizeof(h), r->held.v, held);
    if (ops)
        memcpy(b + sizeof(h) + held, r->ops.v, ops);
    *out = b;
    return NIO_OK;
}

nio_status nio_record_encode(const struct nio_iface *ifc, const struct nio_record *r,
                             void **buf, size_t *len)
{
    struct nio_ifrow row;
    nio_status st = NIO_OK;
    *buf = NULL;
    *len = 0;
    if (nio_rec_empty(r))
        return NIO_OK;
    st = nio_status_from_errno(nio_os_ifrow_get(ifc->index, 0, &row), NIO_NOT_FOUND);
    if (st == NIO_OK)
        st = nio_rec_encode(&row, r, (uint8_t **)buf, len);
    return st;
}

nio_status nio_record_put(const struct nio_iface *ifc, int slot, const void *buf, size_t len)
{
    return nio_status_from_errno(nio_os_store_put(ifc->index, slot, buf, len), NIO_GEN_FAILURE);
}

nio_status nio_record_write(const struct nio_iface *ifc, int slot, const struct nio_record *r)
{
    void *buf = NULL;
    size_t len = 0;
    nio_status st = nio_record_encode(ifc, r, &buf, &len);
    if (st == NIO_OK)
        st = nio_record_put(ifc, slot, buf, len);
    nio_free(buf);
    return st;
}

void nio_record_free(struct nio_record *r)
{
    nio_free(r->held.v);
    nio_free(r->ops.v);
    r->held = r->ops = (struct nio_vec){0};
}
