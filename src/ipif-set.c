/* ipif-set.c - SetIpInterfaceEntry: validate every field, plan the changes,
 * apply them in order and, if one fails, undo the ones already made.
 *
 * A field at its "unspecified" value (InitializeIpInterfaceEntry) or equal
 * to what Get reports is left alone, so a row from Get written back
 * unchanged changes nothing.  A change the OS cannot express is
 * NOT_SUPPORTED, never silently dropped.  docs/set.md lists every field.
 *
 * The interface metric, DisableDefaultRoutes and the IPv6 site prefix
 * length are the system-wide record's (ipif-store.c), and take effect in
 * the OS's routes: the routes programs made through the interface move
 * with the interface metric, and DisableDefaultRoutes takes the default
 * routes away and puts them back.  A Set that concerns the record holds
 * its lock, writes it first with a journal of every change, makes them,
 * and writes it again without: a Set that dies half way is finished by
 * the next one (docs/set.md, "The record").
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "core.h"

#define NIO_UNSPEC_ULONG 0xFFFFFFFFu
#define NIO_UNSPEC_BOOLEAN 0xFFu
#define NIO_IPV6_MIN_MTU 1280
#define NIO_IPV4_MIN_MTU 68
#define NIO_MAX_TIME_MS 0x7FFFFFFFu    /* the kernel's int milliseconds */

struct nio_step {
    enum nio_knob knob;
    uint32_t value;
    uint32_t undo;
};

struct nio_plan {
    int slot;
    const struct nio_iface *ifc;
    unsigned knobs;                     /* what the back end can change */
    nio_status verdict;                 /* worst refusal seen so far */
    struct nio_step step[NIO_KNOB_COUNT];
    int n;
    struct nio_local local;             /* the record's settings after the Set */
    struct nio_record rec;              /* the record before it */
    struct nio_record next;             /* after it: held routes, journal */
};

/* Sets serialise in this process so that two threads setting the same
 * interface end with one row or the other, never a mix of both; between
 * processes, the record's lock does the same (nio_record_lock). */
static pthread_mutex_t nio_set_lock = PTHREAD_MUTEX_INITIALIZER;

void (*nio_set_test_hook)(int step);

static void nio_set_step(int step)
{
    if (nio_set_test_hook != NULL)
        nio_set_test_hook(step);
}

/* INVALID_PARAMETER outranks NOT_SUPPORTED: a value that is wrong
 * everywhere is reported before one that this OS cannot express. */
static void nio_refuse(struct nio_plan *p, nio_status why)
{
    if (p->verdict != NIO_INVALID_PARAMETER)
        p->verdict = why;
}

static void nio_plan_knob(struct nio_plan *p, enum nio_knob knob, uint32_t want, uint32_t have)
{
    if (want == have)
        return;
    if (!(p->knobs & (1u << knob)) || !nio_os_accepts(p->slot, knob, want)) {
        nio_refuse(p, NIO_NOT_SUPPORTED);
        return;
    }
    p->step[p->n++] = (struct nio_step){knob, want, 0};
}

/* A field no OS here can change: only "unspecified" or the current value. */
static void nio_plan_fixed(struct nio_plan *p, uint32_t want, uint32_t have, uint32_t unspec)
{
    if (want != unspec && want != have)
        nio_refuse(p, NIO_NOT_SUPPORTED);
}

static void nio_plan_fixed_bool(struct nio_plan *p, BOOLEAN want, BOOLEAN have)
{
    if (want != NIO_UNSPEC_BOOLEAN)
        nio_plan_fixed(p, want != 0, have != 0, NIO_UNSPEC_ULONG);
}

static void nio_plan_bool(struct nio_plan *p, enum nio_knob knob, BOOLEAN want, BOOLEAN have)
{
    if (want != NIO_UNSPEC_BOOLEAN)
        nio_plan_knob(p, knob, want != 0, have != 0);
}

/* The value Get reports is no change, and is accepted before the range is
 * checked: the kernel may report one Windows would refuse (it keeps the
 * neighbour times in clock ticks and rounds up, so 2147483647 ms reads back
 * as 2147483648; it takes a base reachable time of 0 and a negative DAD
 * count), and a row from Get must always go back (issue 15). */
static void nio_plan_range(struct nio_plan *p, enum nio_knob knob, ULONG want, ULONG have,
                           ULONG min, ULONG max)
{
    if (want == NIO_UNSPEC_ULONG || want == have)
        return;
    if (want < min || want > max)
        nio_refuse(p, NIO_INVALID_PARAMETER);
    else
        nio_plan_knob(p, knob, want, have);
}

static void nio_plan_router(struct nio_plan *p, NL_ROUTER_DISCOVERY_BEHAVIOR want,
                            NL_ROUTER_DISCOVERY_BEHAVIOR have)
{
    if (want == RouterDiscoveryUnchanged || want == have)
        return;
    if (want != RouterDiscoveryDisabled && want != RouterDiscoveryEnabled &&
        want != RouterDiscoveryDhcp)
        nio_refuse(p, NIO_INVALID_PARAMETER);
    else if (want == RouterDiscoveryDhcp)
        nio_refuse(p, NIO_NOT_SUPPORTED); /* no OS here ties RAs to DHCP */
    else
        nio_plan_knob(p, NIO_KNOB_ROUTER_DISCOVERY, (uint32_t)want, (uint32_t)have);
}

static void nio_plan_link_local(struct nio_plan *p, NL_LINK_LOCAL_ADDRESS_BEHAVIOR want,
                                NL_LINK_LOCAL_ADDRESS_BEHAVIOR have)
{
    if (want == LinkLocalUnchanged || want == have)
        return;
    if (want != LinkLocalAlwaysOff && want != LinkLocalDelayed && want != LinkLocalAlwaysOn)
        nio_refuse(p, NIO_INVALID_PARAMETER);
    else if (want == LinkLocalDelayed)
        nio_refuse(p, NIO_NOT_SUPPORTED);
    else
        nio_plan_knob(p, NIO_KNOB_LINK_LOCAL, (uint32_t)want, (uint32_t)have);
}

/* Metric, site prefix and DisableDefaultRoutes: the record's. */
static void nio_plan_local(struct nio_plan *p, const MIB_IPINTERFACE_ROW *row,
                           const MIB_IPINTERFACE_ROW *cur)
{
    struct nio_local *l = &p->local;
    if (row->UseAutomaticMetric != NIO_UNSPEC_BOOLEAN)
        l->manual_metric = row->UseAutomaticMetric == 0;
    /* Windows ignores Metric while the metric is automatic; an automatic
     * metric already recorded stays what the routes carry. */
    if (!l->manual_metric && p->rec.v.manual_metric)
        l->metric = nio_local_auto_metric(p->ifc);
    else if (l->manual_metric && row->Metric != NIO_UNSPEC_ULONG)
        l->metric = row->Metric;
    if (row->DisableDefaultRoutes != NIO_UNSPEC_BOOLEAN)
        l->disable_default_routes = row->DisableDefaultRoutes != 0;
    if (row->SitePrefixLength == NIO_UNSPEC_ULONG)
        return;
    /* On IPv6 the value Get reports is no change, before any range check. */
    if (p->slot == NIO_V6 && row->SitePrefixLength == cur->SitePrefixLength)
        return;
    /* Windows reports 64 on IPv4 yet refuses any non-zero value there. */
    if (p->slot == NIO_V4 ? row->SitePrefixLength != 0 : row->SitePrefixLength > 128)
        nio_refuse(p, NIO_INVALID_PARAMETER);
    else if (p->slot == NIO_V6) {
        l->has_site_prefix = true;
        l->site_prefix = row->SitePrefixLength;
    }
}

static void nio_plan_fixed_fields(struct nio_plan *p, const MIB_IPINTERFACE_ROW *row,
                                  const MIB_IPINTERFACE_ROW *cur)
{
    nio_plan_fixed_bool(p, row->AdvertisingEnabled, cur->AdvertisingEnabled);
    nio_plan_fixed_bool(p, row->WeakHostSend, cur->WeakHostSend);
    nio_plan_fixed_bool(p, row->WeakHostReceive, cur->WeakHostReceive);
    nio_plan_fixed_bool(p, row->UseNeighborUnreachabilityDetection,
                        cur->UseNeighborUnreachabilityDetection);
    nio_plan_fixed_bool(p, row->ManagedAddressConfigurationSupported,
                        cur->ManagedAddressConfigurationSupported);
    nio_plan_fixed_bool(p, row->OtherStatefulConfigurationSupported,
                        cur->OtherStatefulConfigurationSupported);
    nio_plan_fixed_bool(p, row->AdvertiseDefaultRoute, cur->AdvertiseDefaultRoute);
    nio_plan_fixed(p, row->PathMtuDiscoveryTimeout, cur->PathMtuDiscoveryTimeout,
                   NIO_UNSPEC_ULONG);
    nio_plan_fixed(p, row->LinkLocalAddressTimeout, cur->LinkLocalAddressTimeout,
                   NIO_UNSPEC_ULONG);
    for (int i = 0; i < ScopeLevelCount; i++)
        nio_plan_fixed(p, row->ZoneIndices[i], cur->ZoneIndices[i], NIO_UNSPEC_ULONG);
}

/* Read-only fields (MaxReassemblySize, the RA intervals, Connected,
 * Supports*, ReachableTime, the offloads) are ignored, as Windows does. */
static nio_status nio_plan_build(struct nio_plan *p, const MIB_IPINTERFACE_ROW *row,
                                 const MIB_IPINTERFACE_ROW *cur)
{
    ULONG min_mtu = p->slot == NIO_V6 ? NIO_IPV6_MIN_MTU : NIO_IPV4_MIN_MTU;
    nio_plan_bool(p, NIO_KNOB_FORWARDING, row->ForwardingEnabled, cur->ForwardingEnabled);
    /* Where the interface does no DAD, or can have no link-local address
     * (nio_row_discovery), writing the knob would change nothing: only the
     * value Get reports is accepted. */
    if (p->ifc->loopback || !p->ifc->neighbor_discovery)
        nio_plan_fixed(p, row->DadTransmits, cur->DadTransmits, NIO_UNSPEC_ULONG);
    else
        nio_plan_range(p, NIO_KNOB_DAD, row->DadTransmits, cur->DadTransmits, 0, 0x7FFFFFFF);
    nio_plan_router(p, row->RouterDiscoveryBehavior, cur->RouterDiscoveryBehavior);
    nio_plan_range(p, NIO_KNOB_BASE_REACHABLE, row->BaseReachableTime, cur->BaseReachableTime,
                   1, NIO_MAX_TIME_MS);
    nio_plan_range(p, NIO_KNOB_RETRANSMIT, row->RetransmitTime, cur->RetransmitTime, 1,
                   NIO_MAX_TIME_MS);
    if (p->ifc->loopback)
        nio_plan_fixed(p, (uint32_t)row->LinkLocalAddressBehavior,
                       (uint32_t)cur->LinkLocalAddressBehavior, (uint32_t)LinkLocalUnchanged);
    else
        nio_plan_link_local(p, row->LinkLocalAddressBehavior, cur->LinkLocalAddressBehavior);
    nio_plan_range(p, NIO_KNOB_MTU, row->NlMtu, cur->NlMtu, min_mtu, 0x7FFFFFFF);
    nio_plan_fixed_fields(p, row, cur);
    nio_plan_local(p, row, cur);
    return p->verdict;
}

static void nio_plan_undo(struct nio_plan *p, const struct nio_iface *ifc, int done)
{
    while (done-- > 0)
        nio_os_undo(ifc, p->slot, p->step[done].knob, p->step[done].undo);
}

/* Steps run in the order nio_plan_build made them, which is knob order; on
 * a failure the steps made are undone in reverse. */
static nio_status nio_plan_apply(struct nio_plan *p, const struct nio_iface *ifc)
{
    int done, err = 0;
    for (done = 0; done < p->n; done++) {
        struct nio_step *s = &p->step[done];
        err = nio_os_apply(ifc, p->slot, s->knob, s->value, &s->undo);
        if (err)
            break;
    }
    if (err == 0)
        return NIO_OK;
    nio_plan_undo(p, ifc, done);
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

/* ------------------------------------------------ the record's changes */
/* The routes the interface metric is part of: those programs configured
 * (Linux: static, boot, dhcp).  Not the kernel's own prefix and local
 * routes, which the kernel deletes by their priority when the address
 * goes, nor router advertisements' (the kernel refreshes those by theirs),
 * nor a routing daemon's, which would put its own back. */
static bool nio_carries_if_metric(const struct nio_route *r)
{
    return !r->local && !r->broadcast &&
           (r->origin == NIO_RO_STATIC || r->origin == NIO_RO_DHCP);
}

/* The interface metric the metric model (nio_if_metric) adds for l. */
static uint32_t nio_carried(const struct nio_plan *p, const struct nio_local *l)
{
    uint64_t luid = nio_iface_luid(p->ifc);
    uint32_t m;
    nio_local_preview(luid, p->slot, l);
    m = nio_if_metric(luid, p->slot);
    nio_local_preview(luid, p->slot, NULL);
    return m;
}

/* r with the row's Metric kept and the interface metric now: OS priority
 * = (priority - old, 0 when lower) + now, the model of docs/route.md. */
static bool nio_shifted(const struct nio_route *r, uint32_t old, uint32_t now,
                        struct nio_route *out)
{
    uint64_t m = (r->metric >= old ? r->metric - old : 0) + (uint64_t)now;
    *out = *r;
    out->metric = (uint32_t)m;
    return m <= UINT32_MAX - 1;
}

static bool nio_op_push(struct nio_vec *ops, uint32_t kind, const struct nio_route *from,
                        const struct nio_route *to)
{
    struct nio_op *op = nio_vec_room(ops, sizeof(*op));
    if (op == NULL)
        return false;
    memset(op, 0, sizeof(*op));
    op->kind = kind;
    if (from != NULL)
        op->from = *from;
    if (to != NULL)
        op->to = *to;
    ops->n++;
    return true;
}

static bool nio_held_push(struct nio_vec *held, const struct nio_route *r)
{
    struct nio_route *h = nio_vec_room(held, sizeof(*h));
    if (h == NULL)
        return false;
    *h = *r;
    held->n++;
    return true;
}

/* What the OS's routes through the interface become: the ones carrying
 * the interface metric move by its change; with DisableDefaultRoutes
 * newly TRUE the default routes go (kept in the record, but not router
 * advertisements': the kernel brings those back itself once
 * accept_ra_defrtr is restored), newly FALSE the kept ones come back. */
static nio_status nio_plan_list(struct nio_plan *p, const struct nio_route *v, size_t n,
                                uint32_t old, uint32_t now)
{
    bool hide = p->local.disable_default_routes && !p->rec.v.disable_default_routes;
    struct nio_route to;
    for (size_t i = 0; i < n; i++) {
        const struct nio_route *r = &v[i];
        if (r->prefix.slot != p->slot || r->local || r->broadcast)
            continue;
        if (!nio_shifted(r, old, now, &to))
            return NIO_INVALID_PARAMETER; /* beyond 32 bits, as a route row's */
        if (!nio_carries_if_metric(r))
            to = *r;
        if (hide && r->prefix_len == 0) {
            if (!nio_op_push(&p->next.ops, NIO_OP_ROUTE_DEL, r, NULL) ||
                (r->origin != NIO_RO_RA && !nio_held_push(&p->next.held, &to)))
                return NIO_NO_MEMORY;
        } else if (to.metric != r->metric &&
                   !nio_op_push(&p->next.ops, NIO_OP_ROUTE_SET, r, &to)) {
            return NIO_NO_MEMORY;
        }
    }
    return NIO_OK;
}

/* Whether the OS lists r: its key, metric and table. */
static bool nio_listed(const struct nio_route *v, size_t n, const struct nio_route *r)
{
    for (size_t i = 0; i < n; i++)
        if (nio_route_same_key(&v[i], r) && v[i].metric == r->metric && v[i].table == r->table)
            return true;
    return false;
}

/* The routes DisableDefaultRoutes keeps follow the interface metric too;
 * when it goes back to FALSE they return, but for one that another program
 * (a DHCP client) has put back meanwhile. */
static nio_status nio_plan_held(struct nio_plan *p, const struct nio_route *v, size_t n,
                                uint32_t old, uint32_t now)
{
    const struct nio_route *h = p->rec.held.v;
    struct nio_route to;
    for (size_t i = 0; i < p->rec.held.n; i++) {
        if (!nio_shifted(&h[i], old, now, &to))
            return NIO_INVALID_PARAMETER;
        if (p->local.disable_default_routes ? !nio_held_push(&p->next.held, &to)
                                            : !nio_listed(v, n, &to) &&
                                                  !nio_op_push(&p->next.ops, NIO_OP_ROUTE_ADD,
                                                               NULL, &to))
            return NIO_NO_MEMORY;
    }
    return NIO_OK;
}

/* IPv6: router advertisements must not bring a default route back while
 * DisableDefaultRoutes is TRUE.  An OS without the per-interface setting
 * (-EOPNOTSUPP) leaves that to docs/conformance.md's limit. */
static nio_status nio_plan_ra(struct nio_plan *p)
{
    bool was = p->rec.v.disable_default_routes, now = p->local.disable_default_routes;
    struct nio_op *op;
    uint32_t old;
    int err;
    p->next.ra_saved = p->rec.ra_saved;
    p->next.ra_was = p->rec.ra_was;
    if (p->slot != NIO_V6 || was == now)
        return NIO_OK;
    if (now) {
        err = nio_os_ra_defrtr(p->ifc, NIO_RA_READ, &old);
        if (err == -EOPNOTSUPP)
            return NIO_OK;
        if (err)
            return nio_status_from_errno(err, NIO_NOT_FOUND);
        p->next.ra_saved = true;
        p->next.ra_was = old;
    } else if (!p->rec.ra_saved) {
        return NIO_OK;
    }
    p->next.ra_saved = now;
    if ((op = nio_vec_room(&p->next.ops, sizeof(*op))) == NULL)
        return NIO_NO_MEMORY;
    memset(op, 0, sizeof(*op));
    op->kind = NIO_OP_RA;
    op->value = now ? 0 : p->rec.ra_was;
    p->next.ops.n++;
    return NIO_OK;
}

/* The journal: the interface's own changes first (as redo entries), then
 * those of routes and router advertisements. */
static nio_status nio_plan_record(struct nio_plan *p)
{
    uint32_t old = nio_carried(p, &p->rec.v), now = nio_carried(p, &p->local);
    /* Where routes have no priority the interface metric orders nothing:
     * it is recorded only (docs/bsd.md). */
    if (!nio_os_route_priorities())
        old = now = 0;
    struct nio_route *v = NULL;
    size_t n = 0;
    nio_status st = NIO_OK;
    p->next.v = p->local;
    for (int i = 0; i < p->n && st == NIO_OK; i++) {
        struct nio_op *op = nio_vec_room(&p->next.ops, sizeof(*op));
        if (op == NULL)
            return NIO_NO_MEMORY;
        memset(op, 0, sizeof(*op));
        *op = (struct nio_op){.kind = NIO_OP_KNOB, .knob = p->step[i].knob,
                              .value = p->step[i].value};
        p->next.ops.n++;
    }
    if (old != now || p->local.disable_default_routes != p->rec.v.disable_default_routes) {
        st = nio_status_from_errno(
            nio_os_route_list(nio_want_of_slot(p->slot), p->ifc->index, &v, &n), NIO_NOT_FOUND);
        if (st == NIO_OK)
            st = nio_plan_list(p, v, n, old, now);
    }
    if (st == NIO_OK)
        st = nio_plan_held(p, v, n, old, now);
    nio_free(v);
    if (st == NIO_OK)
        st = nio_plan_ra(p);
    return st;
}

/* ------------------------------------------------------ applying ops */
static int nio_op_do(const struct nio_plan *p, const struct nio_op *op)
{
    switch (op->kind) {
    case NIO_OP_ROUTE_SET: return nio_os_route_set(&op->from, &op->to);
    case NIO_OP_ROUTE_DEL: return nio_os_route_delete(&op->from);
    case NIO_OP_ROUTE_ADD: return nio_os_route_restore(&op->to);
    case NIO_OP_RA: return nio_os_ra_defrtr(p->ifc, op->value, NULL);
    default: return 0; /* knobs: nio_plan_apply, with their undo tokens */
    }
}

/* Putting back exactly what op changed. */
static void nio_op_undo(const struct nio_plan *p, const struct nio_op *op)
{
    switch (op->kind) {
    case NIO_OP_ROUTE_SET: nio_os_route_set(&op->to, &op->from); break;
    case NIO_OP_ROUTE_DEL: nio_os_route_restore(&op->from); break;
    case NIO_OP_ROUTE_ADD: nio_os_route_delete(&op->to); break;
    case NIO_OP_RA: nio_os_ra_defrtr(p->ifc, p->rec.ra_saved ? 0 : p->next.ra_was, NULL); break;
    default: break;
    }
}

static nio_status nio_ops_apply(struct nio_plan *p)
{
    const struct nio_op *ops = p->next.ops.v;
    size_t done;
    int err = 0;
    for (done = 0; done < p->next.ops.n; done++) {
        if ((err = nio_op_do(p, &ops[done])) != 0)
            break;
        nio_set_step((int)done + 2);
    }
    if (err == 0)
        return NIO_OK;
    while (done-- > 0)
        nio_op_undo(p, &ops[done]);
    if (err == -ENETUNREACH || err == -EHOSTUNREACH)
        return NIO_INVALID_PARAMETER;
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

/* ------------------------------------------------------------ recovery */

/* A Set that died half way left its journal in the record: every entry
 * is done again where the kernel does not show it done yet, so that the
 * kernel ends in the state the record already reports (roll forward). */
static void nio_redo(const struct nio_iface *ifc, int slot, struct nio_record *r)
{
    const struct nio_op *ops = r->ops.v;
    struct nio_route *v = NULL;
    size_t n = 0;
    uint32_t tok;
    if (nio_os_route_list(nio_want_of_slot(slot), ifc->index, &v, &n) != 0)
        n = 0;
    for (size_t i = 0; i < r->ops.n; i++) {
        const struct nio_op *op = &ops[i];
        bool from = nio_listed(v, n, &op->from), to = nio_listed(v, n, &op->to);
        if (op->kind == NIO_OP_KNOB)
            nio_os_apply(ifc, slot, (enum nio_knob)op->knob, op->value, &tok);
        else if (op->kind == NIO_OP_RA)
            nio_os_ra_defrtr(ifc, op->value, NULL);
        else if (op->kind == NIO_OP_ROUTE_SET && from && !to)
            nio_os_route_set(&op->from, &op->to);
        else if (op->kind == NIO_OP_ROUTE_DEL && from)
            nio_os_route_delete(&op->from);
        else if (op->kind == NIO_OP_ROUTE_ADD && !to)
            nio_os_route_restore(&op->to);
    }
    nio_free(v);
    r->ops.n = 0;
    nio_record_write(ifc, slot, r);
}

static nio_status nio_record_current(const struct nio_iface *ifc, int slot, bool locked,
                                     struct nio_record *r)
{
    nio_status st = nio_record_read(ifc, slot, r);
    /* Records of an interface that is gone go when the index is used. */
    if (st == NIO_OK && locked && r->stale)
        nio_os_store_put(ifc->index, slot, NULL, 0);
    if (st == NIO_OK && locked && r->ops.n > 0) {
        nio_redo(ifc, slot, r);
        nio_record_free(r);
        st = nio_record_read(ifc, slot, r);
    }
    return st;
}

/* ---------------------------------------------------------------- Set */
static bool nio_local_same(const struct nio_local *a, const struct nio_local *b)
{
    return a->manual_metric == b->manual_metric && a->metric == b->metric &&
           a->has_site_prefix == b->has_site_prefix && a->site_prefix == b->site_prefix &&
           a->disable_default_routes == b->disable_default_routes;
}

/* The three versions of the record a Set may write, encoded before
 * anything changes, so that no allocation can fail half way. */
struct nio_versions {
    void *was, *pending, *done;
    size_t was_n, pending_n, done_n;
};

static nio_status nio_versions_make(struct nio_plan *p, struct nio_versions *v)
{
    size_t ops = p->next.ops.n;
    nio_status st = nio_record_encode(p->ifc, &p->rec, &v->was, &v->was_n);
    if (st == NIO_OK)
        st = nio_record_encode(p->ifc, &p->next, &v->pending, &v->pending_n);
    p->next.ops.n = 0;
    if (st == NIO_OK)
        st = nio_record_encode(p->ifc, &p->next, &v->done, &v->done_n);
    p->next.ops.n = ops;
    return st;
}

/* The record first, with the journal of every change (a crash from here
 * on is finished by the next Set: the record already says the new state),
 * then the interface's changes, then the routes', then the record again
 * without the journal.  A refusal puts everything back, the record too. */
static nio_status nio_set_journaled(struct nio_plan *p, const struct nio_versions *v)
{
    nio_status st = nio_record_put(p->ifc, p->slot, v->pending, v->pending_n);
    if (st != NIO_OK)
        return st;
    nio_set_step(0);
    st = nio_plan_apply(p, p->ifc);
    nio_set_step(1);
    if (st == NIO_OK && (st = nio_ops_apply(p)) != NIO_OK)
        nio_plan_undo(p, p->ifc, p->n);
    if (st != NIO_OK) {
        nio_record_put(p->ifc, p->slot, v->was, v->was_n);
        return st;
    }
    /* Should this fail, the journal stays: it says the same new state,
     * and the next Set finds every entry done. */
    nio_record_put(p->ifc, p->slot, v->done, v->done_n);
    return NIO_OK;
}

static nio_status nio_set_write(struct nio_plan *p)
{
    struct nio_versions v = {0};
    nio_status st;
    if (nio_local_same(&p->local, &p->rec.v) && p->next.ops.n == (size_t)p->n &&
        p->next.held.n == p->rec.held.n)
        return nio_plan_apply(p, p->ifc); /* nothing of the record changes */
    st = nio_versions_make(p, &v);
    if (st == NIO_OK)
        st = nio_set_journaled(p, &v);
    nio_free(v.was);
    nio_free(v.pending);
    nio_free(v.done);
    return st;
}

/* Whether the Set concerns the record: it has one (or a journal, or a
 * stale one to remove), or the Set changes what it says. */
static bool nio_set_needs_record(const struct nio_plan *p)
{
    return !nio_local_same(&p->local, &p->rec.v) || p->rec.stale || p->rec.ops.n > 0 ||
           p->rec.held.n > 0 || p->rec.ra_saved || p->rec.v.manual_metric ||
           p->rec.v.has_site_prefix || p->rec.v.disable_default_routes;
}

/* locked: the record's lock is held.  Without it, a Set that turns out to
 * concern the record stops before anything is written (*relock), so that
 * a Set of interface settings alone never touches the record's files. */
static nio_status nio_set_planned(MIB_IPINTERFACE_ROW *row, struct nio_plan *p, bool priv,
                                  bool locked, bool *relock)
{
    MIB_IPINTERFACE_ROW cur;
    nio_status st = nio_record_current(p->ifc, p->slot, locked, &p->rec);
    if (st != NIO_OK)
        return st;
    nio_row_fill(&cur, p->ifc, p->slot);
    p->local = p->rec.v;
    st = nio_plan_build(p, row, &cur);
    if (st == NIO_OK && !priv)
        st = NIO_ACCESS_DENIED;
    if (st == NIO_OK && !locked && nio_set_needs_record(p)) {
        *relock = true;
        return NIO_OK;
    }
    if (st == NIO_OK)
        st = nio_plan_record(p);
    if (st == NIO_OK)
        st = nio_set_write(p);
    return st;
}

static nio_status nio_set_once(MIB_IPINTERFACE_ROW *row, int slot, struct nio_iface *ifc,
                               bool priv, struct nio_store_lock *lock, bool *relock)
{
    struct nio_plan plan = {.slot = slot, .knobs = nio_os_knobs(slot), .verdict = NIO_OK};
    nio_status st;
    plan.ifc = ifc;
    st = nio_set_planned(row, &plan, priv, lock != NULL, relock);
    nio_record_free(&plan.rec);
    nio_record_free(&plan.next);
    return st;
}

static nio_status nio_set_locked(MIB_IPINTERFACE_ROW *row, int slot)
{
    struct nio_store_lock *lock = NULL;
    struct nio_iface ifc;
    bool priv = nio_os_may_change() == 0, relock = false;
    nio_status st = nio_row_lookup(row, slot, &ifc);
    if (st == NIO_OK)
        st = nio_set_once(row, slot, &ifc, priv, NULL, &relock);
    /* Planned again under the lock: another process may have changed the
     * record since it was read. */
    if (st == NIO_OK && relock && (st = nio_record_lock(&lock)) == NIO_OK) {
        relock = false;
        st = nio_set_once(row, slot, &ifc, priv, lock, &relock);
        nio_os_store_unlock(lock);
    }
    if (st == NIO_OK)
        row->InterfaceLuid.Value = nio_iface_luid(&ifc); /* as Windows fills it */
    return st;
}

nio_status nio_set_ip_interface_entry(MIB_IPINTERFACE_ROW *row)
{
    int slot;
    nio_status st = nio_row_key_check(row, &slot);
    if (st != NIO_OK)
        return st;
    pthread_mutex_lock(&nio_set_lock);
    st = nio_set_locked(row, slot);
    pthread_mutex_unlock(&nio_set_lock);
    return st;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(SetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
                nio_set_ip_interface_entry)
