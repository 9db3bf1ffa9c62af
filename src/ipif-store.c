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

/* The device's speed within rv: from the view's one walk of every device
 * (nio_os_speeds), made when the first row of the view needs an automatic
 * metric; without a view, or where the OS has no walk, one query of the
 * device (nio_os_speed).  The same answers either way. */
static int nio_view_speed(struct nio_recview *rv, const struct nio_iface *ifc,
                          enum nio_speed *speed, uint64_t *bps)
{
    const struct nio_speed_of *s;
    if (rv != NULL && !rv->speeds_asked) {
        rv->speeds_asked = true;
        rv->speeds_listed = nio_os_speeds(&rv->speeds, &rv->n_speeds) == 0;
    }
    if (rv == NULL || !rv->speeds_listed)
        return nio_os_speed(ifc, speed, bps);
    s = nio_find_by_index(rv->speeds, rv->n_speeds, sizeof(*rv->speeds), ifc->index);
    *speed = s != NULL ? s->speed : NIO_SPEED_NONE; /* the walk leaves such devices out */
    *bps = s != NULL ? s->bps : 0;
    return 0;
}

/* The speed GetIfEntry2 reports as TransmitLinkSpeed (ifrow.c): a device
 * with no notion of a speed counts as the 100 Gb/s Windows' virtual
 * adapters report; a physical one without a link as 0.  Never a request
 * about the interface; false when the OS gave no answer (the device went,
 * or the OS has no such query). */
static bool nio_iface_speed(struct nio_recview *rv, const struct nio_iface *ifc, uint64_t *bps)
{
    enum nio_speed speed = NIO_SPEED_NONE;
    if (nio_view_speed(rv, ifc, &speed, bps) != 0)
        return false;
    if (speed == NIO_SPEED_UNKNOWN && ifc->hardware)
        *bps = 0;
    else if (speed != NIO_SPEED_KNOWN)
        *bps = 100000000000ull;
    return true;
}

/* ------------------------------------------------------- identity */
/* What tells one interface from the next holder of its index, all of it
 * from the interface's own reading (struct nio_iface): type, name and the
 * link-layer address (the permanent one when the device has one). */
static void nio_identity(const struct nio_iface *ifc, struct nio_rec_head *h)
{
    h->iftype = ifc->iftype;
    memcpy(h->name, ifc->name, sizeof(h->name));
    h->addr_len = ifc->id_addr_len <= NIO_HWADDR_MAX ? ifc->id_addr_len : 0;
    memcpy(h->addr, ifc->id_addr, h->addr_len);
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

/* The record in buf, when it is one and ifc wrote it. */
static bool nio_rec_decode(const uint8_t *buf, size_t len, const struct nio_iface *ifc,
                           struct nio_record *r)
{
    struct nio_rec_head h, me;
    size_t held, ops;
    memset(&me, 0, sizeof(me));
    if (len < sizeof(h))
        return false;
    memcpy(&h, buf, sizeof(h));
    nio_identity(ifc, &me);
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

static nio_status nio_rec_load(const struct nio_iface *ifc, int slot, struct nio_record *r)
{
    void *buf = NULL;
    size_t len = 0;
    int err = nio_os_store_get(ifc->index, slot, &buf, &len);
    memset(r, 0, sizeof(*r));
    if (err == -ENOENT)
        return NIO_OK;
    if (err)
        return nio_status_from_errno(err, NIO_NOT_FOUND);
    if (!nio_rec_decode(buf, len, ifc, r)) {
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

static bool nio_preview_of(uint64_t luid, int slot, struct nio_local *out)
{
    if (!nio_preview.on || nio_preview.luid != luid || nio_preview.slot != slot)
        return false;
    *out = nio_preview.l;
    return true;
}

/* ------------------------------------------------------- the view */
/* A table or a comparison reads the record of every row: one listing of
 * the back end's says which rows have one at all, so that only those are
 * read, and rows without one cost no read (docs/set.md, "cost"). */
nio_status nio_recview_open(struct nio_recview *rv)
{
    int err;
    memset(rv, 0, sizeof(*rv));
    err = nio_os_store_list(&rv->v, &rv->n);
    if (err == -ENOMEM)
        return NIO_NO_MEMORY; /* as every allocation of a call */
    /* A listing the OS refuses leaves every row to ask for itself:
     * slower, never another answer. */
    if (err == 0) {
        nio_sort_by_index(rv->v, rv->n, sizeof(*rv->v));
        rv->listed = true;
    }
    return NIO_OK;
}

void nio_recview_close(struct nio_recview *rv)
{
    nio_free(rv->v);
    nio_free(rv->speeds);
    memset(rv, 0, sizeof(*rv));
}

static bool nio_recview_may_have(const struct nio_recview *rv, uint32_t index, int slot)
{
    const struct nio_store_entry *e;
    if (rv == NULL || !rv->listed)
        return true;
    e = nio_find_by_index(rv->v, rv->n, sizeof(*rv->v), index);
    return e != NULL && (e->slots & (1u << slot));
}

/* What the record of (ifc, slot) says, when it says anything: false when
 * there is none, it is another interface's, or it is empty (the metric is
 * then the automatic one). */
static bool nio_local_find(struct nio_recview *rv, const struct nio_iface *ifc, int slot,
                           struct nio_local *out)
{
    struct nio_record r;
    bool found = false;
    memset(out, 0, sizeof(*out));
    if (nio_preview_of(nio_iface_luid(ifc), slot, out))
        return true;
    if (!nio_recview_may_have(rv, ifc->index, slot))
        return false;
    if (nio_rec_load(ifc, slot, &r) == NIO_OK && !nio_rec_empty(&r)) {
        *out = r.v;
        found = true;
    }
    nio_record_free(&r);
    return found;
}

/* A row's automatic metric; 0 when the OS says nothing of the device's
 * speed, as a row reported when its interface could not be read again. */
static uint32_t nio_row_auto(struct nio_recview *rv, const struct nio_iface *ifc)
{
    uint64_t bps;
    return nio_iface_speed(rv, ifc, &bps) ? nio_auto_metric(bps) : 0;
}

/* The automatic metric, asked once per interface of a view: the rows of
 * one interface (IPv4, IPv6) come together in every table and comparison. */
static uint32_t nio_auto_of(struct nio_recview *rv, const struct nio_iface *ifc)
{
    if (rv == NULL)
        return nio_row_auto(NULL, ifc);
    if (rv->auto_index != ifc->index) {
        rv->auto_metric = nio_row_auto(rv, ifc);
        rv->auto_index = ifc->index;
    }
    return rv->auto_metric;
}

void nio_local_of(struct nio_recview *rv, const struct nio_iface *ifc, int slot,
                  struct nio_local *out)
{
    if (!nio_local_find(rv, ifc, slot, out))
        out->metric = nio_auto_of(rv, ifc);
}

/* The metric model adds only a metric a Set made manual: the automatic one
 * is none of the routes' (route-row.c), so no speed is asked for it. */
uint32_t nio_if_metric_of(struct nio_recview *rv, const struct nio_iface *ifc, int slot)
{
    struct nio_local l;
    return nio_local_find(rv, ifc, slot, &l) && l.manual_metric ? l.metric : 0;
}

bool nio_if_unrecorded(uint32_t index, int slot)
{
    void *buf = NULL;
    size_t len = 0;
    int err;
    if (nio_preview.on)
        return false;
    err = nio_os_store_get(index, slot, &buf, &len);
    nio_free(buf);
    return err == -ENOENT;
}

/* The interface of luid now: one link request, and the type the LUID
 * names (another type at the index is another interface). */
static bool nio_luid_iface(uint64_t luid, struct nio_iface *ifc)
{
    uint16_t iftype;
    uint32_t index;
    return nio_luid_split(luid, &iftype, &index) && nio_os_get(index, NIO_WANT_LINK, ifc) == 0 &&
           ifc->iftype == iftype;
}

void nio_local_get(uint64_t luid, int slot, struct nio_local *out)
{
    struct nio_iface ifc;
    memset(out, 0, sizeof(*out));
    if (nio_preview_of(luid, slot, out))
        return;
    if (nio_luid_iface(luid, &ifc))
        nio_local_of(NULL, &ifc, slot, out);
}

uint32_t nio_if_metric(uint64_t luid, int slot)
{
    struct nio_iface ifc;
    struct nio_local l;
    if (nio_preview_of(luid, slot, &l))
        return l.manual_metric ? l.metric : 0;
    return nio_luid_iface(luid, &ifc) ? nio_if_metric_of(NULL, &ifc, slot) : 0;
}

/* What a Set records as the metric routes carry: without an answer, the
 * speed of a device that has none. */
uint32_t nio_local_auto_metric(const struct nio_iface *ifc)
{
    uint64_t bps;
    return nio_auto_metric(nio_iface_speed(NULL, ifc, &bps) ? bps : 100000000000ull);
}

nio_status nio_record_lock(struct nio_store_lock **out)
{
    return nio_status_from_errno(nio_os_store_lock(out), NIO_GEN_FAILURE);
}

nio_status nio_record_read(const struct nio_iface *ifc, int slot, struct nio_record *r)
{
    nio_status st = nio_rec_load(ifc, slot, r);
    if (st == NIO_OK && nio_rec_empty(r))
        r->v.metric = nio_local_auto_metric(ifc);
    return st;
}

static nio_status nio_rec_encode(const struct nio_iface *ifc, const struct nio_record *r,
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
    nio_identity(ifc, &h);
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
    *buf = NULL;
    *len = 0;
    if (nio_rec_empty(r))
        return NIO_OK;
    return nio_rec_encode(ifc, r, (uint8_t **)buf, len);
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
