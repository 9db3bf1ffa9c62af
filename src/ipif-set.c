/* ipif-set.c - SetIpInterfaceEntry: validate every field, plan the changes,
 * apply them in order and, if one fails, undo the ones already made.
 *
 * A field at its "unspecified" value (InitializeIpInterfaceEntry) or equal
 * to what Get reports is left alone, so a row from Get written back
 * unchanged changes nothing.  A change the OS cannot express is
 * NOT_SUPPORTED, never silently dropped.  docs/set.md lists every field.
 */
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
    struct nio_local local, local_was;
};

/* Sets serialise in this process so that two threads setting the same
 * interface end with one row or the other, never a mix of both. */
static pthread_mutex_t nio_set_lock = PTHREAD_MUTEX_INITIALIZER;

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

/* Metric and site prefix: kept by this process (ipif-store.c). */
static void nio_plan_local(struct nio_plan *p, const MIB_IPINTERFACE_ROW *row,
                           const MIB_IPINTERFACE_ROW *cur)
{
    struct nio_local *l = &p->local;
    if (row->UseAutomaticMetric != NIO_UNSPEC_BOOLEAN)
        l->manual_metric = row->UseAutomaticMetric == 0;
    if (!l->manual_metric)
        l->metric = 0; /* Windows ignores Metric while the metric is automatic */
    else if (row->Metric != NIO_UNSPEC_ULONG)
        l->metric = row->Metric;
    /* No OS here has the knob; GetBestRoute2 of this process honours it
     * (bestroute.c, docs/route.md). */
    if (row->DisableDefaultRoutes != NIO_UNSPEC_BOOLEAN)
        l->disable_default_routes = row->DisableDefaultRoutes != 0;
    if (row->SitePrefixLength == NIO_UNSPEC_ULONG)
        return;
    /* On IPv6 the value Get reports is no change, before any range check:
     * recording it would cost an allocation, and so a way to fail, for
     * nothing. */
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

static bool nio_local_same(const struct nio_local *a, const struct nio_local *b)
{
    return a->manual_metric == b->manual_metric && a->metric == b->metric &&
           a->has_site_prefix == b->has_site_prefix && a->site_prefix == b->site_prefix &&
           a->disable_default_routes == b->disable_default_routes;
}

static nio_status nio_set_locked(MIB_IPINTERFACE_ROW *row, int slot)
{
    struct nio_plan plan = {.slot = slot, .knobs = nio_os_knobs(slot), .verdict = NIO_OK};
    MIB_IPINTERFACE_ROW cur;
    struct nio_iface ifc;
    nio_status st = nio_row_lookup(row, slot, &ifc);
    if (st != NIO_OK)
        return st;
    nio_row_fill(&cur, &ifc, slot);
    plan.ifc = &ifc;
    nio_local_get(nio_iface_luid(&ifc), slot, &plan.local);
    plan.local_was = plan.local;
    st = nio_plan_build(&plan, row, &cur);
    if (st != NIO_OK)
        return st;
    if (nio_os_may_change() != 0)
        return NIO_ACCESS_DENIED;
    st = nio_plan_apply(&plan, &ifc);
    if (st == NIO_OK && !nio_local_same(&plan.local, &plan.local_was)) {
        st = nio_local_set(nio_iface_luid(&ifc), slot, &plan.local);
        if (st != NIO_OK)
            nio_plan_undo(&plan, &ifc, plan.n); /* all or nothing */
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
