/* notify.c - NotifyIpInterfaceChange, NotifyRouteChange2,
 * NotifyUnicastIpAddressChange, NotifyStableUnicastIpAddressTable and
 * CancelMibChangeNotify2: the handles, and the delivery of what the hub
 * found to their callbacks (hub.h says how the three files of the hub
 * share the work). */
#include <string.h>

#include "hub.h"

/* ------------------------------------------------------------- delivery */
/* An event goes to the subscriptions of its kind and family that were
 * registered before it was found (a change already in a new handle's
 * baseline is no news to it); stable requests get no event. */
static bool nio_wants(const struct nio_handle *h, const struct nio_event *ev)
{
    return h->kind == ev->kind && h->stable_cb == NULL &&
           (h->slots & (1 << nio_family_slot(ev->family))) && h->id < ev->before;
}

static void nio_call_route(const struct nio_handle *h, const struct nio_event *ev)
{
    MIB_IPFORWARD_ROW2 row;
    if (ev == NULL) {
        h->route_cb(h->ctx, NULL, MibInitialNotification);
        return;
    }
    /* As Windows: the key fields; the caller reads the rest. */
    nio_route_row_key(&row, &ev->route, ev->luid);
    h->route_cb(h->ctx, &row, ev->type);
}

static void nio_call_addr(const struct nio_handle *h, const struct nio_event *ev)
{
    MIB_UNICASTIPADDRESS_ROW row;
    if (ev == NULL) {
        h->addr_cb(h->ctx, NULL, MibInitialNotification);
        return;
    }
    /* As Windows: Address, InterfaceLuid and InterfaceIndex; a link-local
     * address carries its interface as its zone, as in the table. */
    memset(&row, 0, sizeof(row));
    nio_sockaddr_from_ip(&row.Address, &ev->addr, ev->index);
    row.InterfaceLuid.Value = ev->luid;
    row.InterfaceIndex = ev->index;
    h->addr_cb(h->ctx, &row, ev->type);
}

static void nio_call_ipif(const struct nio_handle *h, const struct nio_event *ev)
{
    MIB_IPINTERFACE_ROW row;
    if (ev == NULL) {
        h->ipif_cb(h->ctx, NULL, MibInitialNotification);
        return;
    }
    memset(&row, 0, sizeof(row));
    row.Family = ev->family;
    row.InterfaceLuid.Value = ev->luid;
    row.InterfaceIndex = ev->index;
    h->ipif_cb(h->ctx, &row, ev->type);
}

static void nio_call(const struct nio_handle *h, const struct nio_event *ev)
{
    if (h->kind == NIO_WATCH_ROUTES)
        nio_call_route(h, ev);
    else if (h->kind == NIO_WATCH_ADDRS)
        nio_call_addr(h, ev);
    else
        nio_call_ipif(h, ev);
}

/* Runs one callback per live handle that wants the event (ev NULL: the
 * initial notification of handle only); the lock is dropped around each
 * call so callbacks may call any function of the library.  Only ids are
 * kept across the call: Cancel from inside a callback frees its handle at
 * once.  A handle that still owes its initial notification gets it first. */
static void nio_deliver(const struct nio_event *ev, uint64_t only)
{
    uint64_t last = 0;
    pthread_mutex_lock(&nio_hub.lock);
    for (;;) {
        struct nio_handle *h, copy;
        bool initial = false;
        for (h = nio_hub.handles; h != NULL; h = h->next)
            if (h->id > last && (ev == NULL ? h->id == only : nio_wants(h, ev)))
                break;
        if (h == NULL)
            break;
        if (ev != NULL && h->initial) {
            h->initial = false; /* owed first; the event follows */
            initial = true;
        } else {
            last = h->id;
        }
        copy = *h;
        nio_hub.running = h->id;
        pthread_mutex_unlock(&nio_hub.lock);
        nio_call(&copy, initial ? NULL : ev);
        pthread_mutex_lock(&nio_hub.lock);
        nio_hub.running = 0;
        pthread_cond_broadcast(&nio_hub.cond);
    }
    pthread_mutex_unlock(&nio_hub.lock);
}

/* Initial notifications owed, in registration order. */
static void nio_deliver_initial(void)
{
    for (;;) {
        struct nio_handle *h;
        uint64_t id = 0;
        pthread_mutex_lock(&nio_hub.lock);
        for (h = nio_hub.handles; h != NULL && id == 0; h = h->next)
            if (h->initial) {
                h->initial = false;
                id = h->id;
            }
        pthread_mutex_unlock(&nio_hub.lock);
        if (id == 0)
            return;
        nio_deliver(NULL, id);
    }
}

void nio_stamp(struct nio_events *ev)
{
    uint64_t next = atomic_load(&nio_hub.next_id);
    for (size_t i = ev->n; i > 0 && ev->v[i - 1].before == 0; i--)
        ev->v[i - 1].before = next;
}

/* ------------------------------------------------------------ handles */
/* Unlinks the handle id (lock held): it, or NULL when there is none. */
static struct nio_handle *nio_unlink(uint64_t id)
{
    struct nio_handle **p, *h;
    for (p = &nio_hub.handles; *p != NULL; p = &(*p)->next)
        if ((*p)->id == id) {
            h = *p;
            *p = h->next;
            nio_hub.count--;
            nio_hub.kinds[nio_kind_ix(h->kind)]--;
            nio_hub.stables -= h->stable_cb != NULL;
            return h;
        }
    return NULL;
}

/* ----------------------------------------------- stable address tables */
static bool nio_table_tentative(const MIB_UNICASTIPADDRESS_TABLE *t)
{
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (t->Table[i].DadState == IpDadStateTentative)
            return true;
    return false;
}

/* The table of a stable request whose cache shows no tentative address:
 * read as GetUnicastIpAddressTable reads it, and delivered once when it
 * agrees (else the OS has moved on, and its message will come).  The
 * request then goes, unless Cancel took it first; while the callback
 * runs it stays linked, so that a Cancel from another thread waits for
 * the callback's end as for any other. */
static void nio_stable_try(struct nio_hub_run *r, uint64_t id, ADDRESS_FAMILY family)
{
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    struct nio_handle *h, copy;
    nio_status st = nio_get_unicast_ip_address_table(family, &t);
    if (st == NIO_NOT_FOUND) {
        /* No address left (the tentative one went): DAD is over, and the
         * callback has no code to say "none" with but an empty table. */
        t = NIO_TABLE_ALLOC(MIB_UNICASTIPADDRESS_TABLE, 0);
        st = t != NULL ? NIO_OK : NIO_NO_MEMORY;
    }
    if (st != NIO_OK) {
        pthread_mutex_lock(&nio_hub.work);
        r->retry = true;
        pthread_mutex_unlock(&nio_hub.work);
        return;
    }
    pthread_mutex_lock(&nio_hub.lock);
    for (h = nio_hub.handles; h != NULL && h->id != id; h = h->next)
        ;
    if (h != NULL && !nio_table_tentative(t)) {
        copy = *h;
        nio_hub.running = id;
    } else {
        h = NULL; /* cancelled meanwhile, or not stable after all */
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (h == NULL) {
        FreeMibTable(t);
        return;
    }
    copy.stable_cb(copy.ctx, t); /* the caller's now, to FreeMibTable */
    pthread_mutex_lock(&nio_hub.lock);
    nio_hub.running = 0;
    h = nio_unlink(id); /* NULL when the callback cancelled it */
    pthread_cond_broadcast(&nio_hub.cond);
    pthread_mutex_unlock(&nio_hub.lock);
    nio_free(h);
}

/* Every stable request whose families have no tentative address left. */
static void nio_deliver_stable(struct nio_hub_run *r)
{
    uint64_t last = 0;
    for (;;) {
        struct nio_handle *h;
        ADDRESS_FAMILY family = AF_UNSPEC;
        int slots = 0;
        bool waiting;
        pthread_mutex_lock(&nio_hub.lock);
        for (h = nio_hub.handles; h != NULL && (!h->armed || h->id <= last); h = h->next)
            ;
        if (h != NULL) {
            last = h->id;
            family = h->family;
            slots = h->slots;
        }
        pthread_mutex_unlock(&nio_hub.lock);
        if (h == NULL)
            return;
        pthread_mutex_lock(&nio_hub.work);
        waiting = !(r->what & NIO_WATCH_ADDRS) || nio_acache_tentative(&r->addrs, slots);
        pthread_mutex_unlock(&nio_hub.work);
        if (!waiting)
            nio_stable_try(r, last, family);
    }
}

void nio_deliver_all(struct nio_hub_run *r)
{
    struct nio_events *ev = &r->events;
    bool stables;
    nio_deliver_initial();
    for (size_t i = 0; i < ev->n; i++)
        nio_deliver(&ev->v[i], 0);
    ev->n = 0;
    pthread_mutex_lock(&nio_hub.lock);
    stables = nio_hub.stables != 0;
    pthread_mutex_unlock(&nio_hub.lock);
    if (stables)
        nio_deliver_stable(r);
}

/* ---------------------------------------------------------------- API */
static bool nio_has_callback(const struct nio_handle *h)
{
    return h->ipif_cb != NULL || h->route_cb != NULL || h->addr_cb != NULL ||
           h->stable_cb != NULL;
}

static nio_status nio_register(struct nio_handle *tmpl, ADDRESS_FAMILY family, BOOLEAN initial,
                               HANDLE *handle)
{
    struct nio_handle *h, **tail;
    int slot = nio_family_slot(family);
    nio_status st;
    tmpl->family = family;
    tmpl->slots = family == AF_UNSPEC ? 3 : slot >= 0 ? 1 << slot : 0;
    if (tmpl->slots == 0 || !nio_has_callback(tmpl) || handle == NULL)
        return NIO_INVALID_PARAMETER;
    h = nio_calloc(1, sizeof(*h));
    if (h == NULL)
        return NIO_NO_MEMORY;
    pthread_mutex_lock(&nio_hub.lock);
    /* The id first: events found after the baseline carry a larger one. */
    tmpl->id = atomic_fetch_add(&nio_hub.next_id, 1);
    tmpl->initial = initial != 0;
    st = nio_hub_join(tmpl->kind);
    if (st == NIO_OK) {
        *h = *tmpl;
        for (tail = &nio_hub.handles; *tail != NULL; tail = &(*tail)->next)
            ;
        *tail = h;
        nio_hub.count++;
        nio_hub.kinds[nio_kind_ix(h->kind)]++;
        nio_hub.stables += h->stable_cb != NULL;
        *handle = (HANDLE)(uintptr_t)h->id;
        if (initial)
            nio_hub_wake();
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (st != NIO_OK)
        nio_free(h);
    return st;
}

nio_status nio_notify_ip_interface_change(ADDRESS_FAMILY family,
                                          PIPINTERFACE_CHANGE_CALLBACK callback, void *context,
                                          BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle t;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_IPIF;
    t.ipif_cb = callback;
    t.ctx = context;
    return nio_register(&t, family, initial, handle);
}

nio_status nio_notify_route_change2(ADDRESS_FAMILY family, PIPFORWARD_CHANGE_CALLBACK callback,
                                    void *context, BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle t;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_ROUTES;
    t.route_cb = callback;
    t.ctx = context;
    return nio_register(&t, family, initial, handle);
}

nio_status nio_notify_unicast_ip_address_change(ADDRESS_FAMILY family,
                                                PUNICAST_IPADDRESS_CHANGE_CALLBACK callback,
                                                void *context, BOOLEAN initial, HANDLE *handle)
{
    struct nio_handle t;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_ADDRS;
    t.addr_cb = callback;
    t.ctx = context;
    return nio_register(&t, family, initial, handle);
}

/* From now on the hub may answer the request: not before its caller
 * knows it is pending, so that no table comes twice. */
static void nio_stable_arm(uint64_t id)
{
    pthread_mutex_lock(&nio_hub.lock);
    for (struct nio_handle *h = nio_hub.handles; h != NULL; h = h->next)
        if (h->id == id)
            h->armed = true;
    pthread_mutex_unlock(&nio_hub.lock);
    nio_hub_wake();
}

/* The request is registered first, so that the hub watches addresses
 * before the table is read: DAD that ends after the reading is then a
 * message the hub sees.  A table with no tentative address is the answer
 * at once, and the request goes. */
nio_status nio_notify_stable_unicast_ip_address_table(
    ADDRESS_FAMILY family, MIB_UNICASTIPADDRESS_TABLE **table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK callback, void *context, HANDLE *handle,
    bool *pending)
{
    struct nio_handle t;
    MIB_UNICASTIPADDRESS_TABLE *now = NULL;
    HANDLE h = NULL;
    nio_status st;
    *pending = false;
    if (table == NULL || handle == NULL || callback == NULL)
        return NIO_INVALID_PARAMETER;
    memset(&t, 0, sizeof(t));
    t.kind = NIO_WATCH_ADDRS;
    t.stable_cb = callback;
    t.ctx = context;
    st = nio_register(&t, family, FALSE, &h);
    if (st == NIO_OK)
        st = nio_get_unicast_ip_address_table(family, &now);
    if (st == NIO_OK && nio_table_tentative(now)) {
        FreeMibTable(now);
        *table = NULL;
        *handle = h;
        *pending = true;
        nio_stable_arm((uint64_t)(uintptr_t)h);
        return NIO_OK;
    }
    if (h != NULL)
        nio_cancel_notify(h);
    if (st == NIO_OK) {
        *table = now;
        *handle = NULL;
    }
    return st;
}

/* Waits, unless on the hub thread itself, until no callback of id runs;
 * once unlinked, none will start.  Called with the lock held. */
static void nio_wait_callback(uint64_t id)
{
    if (nio_on_hub_thread())
        return;
    while (nio_hub.running == id)
        pthread_cond_wait(&nio_hub.cond, &nio_hub.lock);
}

nio_status nio_cancel_notify(HANDLE handle)
{
    uint64_t id = (uint64_t)(uintptr_t)handle;
    struct nio_handle *h = NULL;
    bool join = false;
    pthread_t thread;
    if (handle == NULL)
        return NIO_INVALID_PARAMETER;
    pthread_mutex_lock(&nio_hub.lock);
    h = nio_unlink(id);
    if (h != NULL) {
        /* The last handle: stop the thread and wait for it, so nothing of
         * the library runs once Cancel returns.  Decided before waiting
         * for a running callback, with the count still as this call left
         * it: the wait drops the lock, and a thread that then saw no
         * handle and its state still RUNNING would detach itself, to be
         * joined here all the same.  The last of one kind: the thread
         * drops that kind's cache when it wakes. */
        if (nio_hub.count == 0 && !nio_on_hub_thread()) {
            nio_hub.state = NIO_HUB_STOPPING;
            thread = nio_hub.thread;
            join = true;
        }
        nio_wait_callback(id);
        nio_hub_wake();
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (h == NULL)
        return NIO_INVALID_PARAMETER;
    nio_free(h);
    if (join) {
        pthread_join(thread, NULL);
        pthread_mutex_lock(&nio_hub.lock);
        nio_hub.state = NIO_HUB_IDLE;
        pthread_cond_broadcast(&nio_hub.cond);
        pthread_mutex_unlock(&nio_hub.lock);
    }
    return NIO_OK;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(NotifyIpInterfaceChange,
                (ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback, PVOID CallerContext,
                 BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (Family, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_ip_interface_change)
NIO_EXPORT_PAIR(NotifyRouteChange2,
                (ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
                 PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (AddressFamily, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_route_change2)
NIO_EXPORT_PAIR(NotifyUnicastIpAddressChange,
                (ADDRESS_FAMILY Family, PUNICAST_IPADDRESS_CHANGE_CALLBACK Callback,
                 PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (Family, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_unicast_ip_address_change)
NIO_EXPORT_PAIR(CancelMibChangeNotify2, (HANDLE NotificationHandle), (NotificationHandle),
                nio_cancel_notify)

/* Pending is no failure and no outcome of the status table: each flavour
 * says it with its own code (ERROR_IO_PENDING, STATUS_PENDING). */
NETIOAPI_COMPAT_EXPORT DWORD WINAPI NotifyStableUnicastIpAddressTable(
    ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,
    HANDLE *NotificationHandle);
NETIOAPI_COMPAT_EXPORT NTSTATUS NTAPI nio_nt_NotifyStableUnicastIpAddressTable(
    ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,
    HANDLE *NotificationHandle);

DWORD WINAPI NotifyStableUnicastIpAddressTable(
    ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,
    HANDLE *NotificationHandle)
{
    bool pending;
    nio_status st = nio_notify_stable_unicast_ip_address_table(
        Family, Table, CallerCallback, CallerContext, NotificationHandle, &pending);
    return pending ? ERROR_IO_PENDING : nio_status_win32(st);
}

NTSTATUS NTAPI nio_nt_NotifyStableUnicastIpAddressTable(
    ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,
    HANDLE *NotificationHandle)
{
    bool pending;
    nio_status st = nio_notify_stable_unicast_ip_address_table(
        Family, Table, CallerCallback, CallerContext, NotificationHandle, &pending);
    return pending ? STATUS_PENDING : nio_status_nt(st);
}
