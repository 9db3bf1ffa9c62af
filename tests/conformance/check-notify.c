/* check-notify.c - NotifyIpInterfaceChange and CancelMibChangeNotify2:
 * argument codes, the initial notification, Add / Parameter / Delete for
 * interfaces made, changed and removed while registered, and what Cancel
 * promises about callbacks.
 *
 * Callbacks run on a thread of the API's; they record what arrives in a
 * struct nc_rec, which the check polls. */
#include <stdatomic.h>

#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)
#define NC_WAIT_MS 5000  /* for a notification to arrive */
#define NC_QUIET_MS 1000 /* to be sure that none more arrives */
#define NC_MAX_EVENTS 256

struct nc_event {
    MIB_NOTIFICATION_TYPE type;
    bool null_row;
    ADDRESS_FAMILY family;
    NET_IFINDEX index;
    ULONG64 luid;
};

struct nc_rec {
    atomic_int n;              /* events recorded in ev[] */
    struct nc_event ev[NC_MAX_EVENTS];
    atomic_int running;        /* callbacks running now */
    atomic_int cancelled;      /* CancelMibChangeNotify2 has returned */
    atomic_int late;           /* callbacks begun after that */
    unsigned delay_ms;         /* each callback sleeps this long */
    /* Cancel from inside the callback: */
    bool self_cancel;          /* the first callback cancels its own handle */
    atomic_uintptr_t handle;   /* the handle, once Notify returned it */
    atomic_int self_done;      /* 1: Cancel returned inside the callback; 2: no handle */
    DWORD self_err;            /* what it returned */
};

static VOID WINAPI nc_record(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    struct nc_rec *r = ctx;
    int i;
    atomic_fetch_add(&r->running, 1);
    if (atomic_load(&r->cancelled))
        atomic_fetch_add(&r->late, 1);
    i = atomic_load(&r->n);
    if (i < NC_MAX_EVENTS) {
        struct nc_event *e = &r->ev[i];
        e->type = type;
        e->null_row = row == NULL;
        e->family = row ? row->Family : 0;
        e->index = row ? row->InterfaceIndex : 0;
        e->luid = row ? row->InterfaceLuid.Value : 0;
        atomic_store(&r->n, i + 1);
    }
    if (r->delay_ms)
        nc_os_sleep_ms(r->delay_ms);
    if (r->self_cancel && i == 0) {
        /* The first callback may run before Notify has returned the
         * handle: wait for it, within reason. */
        HANDLE h = NULL;
        for (int t = 0; t < 2000 && (h = (HANDLE)atomic_load(&r->handle)) == NULL; t += 10)
            nc_os_sleep_ms(10);
        if (h != NULL) {
            r->self_err = CancelMibChangeNotify2(h);
            atomic_store(&r->self_done, 1);
        } else {
            atomic_store(&r->self_done, 2);
        }
    }
    atomic_fetch_sub(&r->running, 1);
}

/* Events of a type for an interface and family (AF_UNSPEC: any family;
 * index 0: any interface). */
static int nc_count(struct nc_rec *r, MIB_NOTIFICATION_TYPE type, NET_IFINDEX index,
                    ADDRESS_FAMILY family)
{
    int n = atomic_load(&r->n), k = 0;
    for (int i = 0; i < n; i++)
        k += r->ev[i].type == type && (index == 0 || r->ev[i].index == index) &&
             (family == AF_UNSPEC || r->ev[i].family == family);
    return k;
}

/* Waits until such an event arrived; false after NC_WAIT_MS. */
static bool nc_wait_event(struct nc_rec *r, MIB_NOTIFICATION_TYPE type, NET_IFINDEX index,
                          ADDRESS_FAMILY family)
{
    for (int t = 0; t < NC_WAIT_MS; t += 10) {
        if (nc_count(r, type, index, family) > 0)
            return true;
        nc_os_sleep_ms(10);
    }
    return nc_count(r, type, index, family) > 0;
}

static const char *nc_fam(ADDRESS_FAMILY f)
{
    return f == AF_INET ? "IPv4" : f == AF_INET6 ? "IPv6" : "any family";
}

/* Whether the environment meets a need (for optional parts of a check). */
static bool nc_can(const struct nc_env *env, unsigned need)
{
    for (unsigned i = 0; i < NC_NEEDS; i++)
        if ((need & (1u << i)) && env->missing[i] != NULL)
            return false;
    return true;
}

/* Registers; NO_ERROR must come with a handle. */
static bool nc_register(struct nc_ctx *c, ADDRESS_FAMILY family, struct nc_rec *r,
                        BOOLEAN initial, HANDLE *h)
{
    *h = NULL;
    if (!nc_expect_code(c, NotifyIpInterfaceChange(family, nc_record, r, initial, h), NO_ERROR,
                        "NotifyIpInterfaceChange"))
        return false;
    return NC_TRUE(c, *h != NULL, "NotifyIpInterfaceChange: NO_ERROR but the handle is NULL");
}

/* ------------------------------------------------------------------ codes */
static void args(struct nc_ctx *c)
{
    static struct nc_rec r;
    HANDLE h = NULL;
    DWORD err = NotifyIpInterfaceChange(NC_NOT_A_FAMILY, nc_record, &r, FALSE, &h);
    nc_expect_code(c, err, ERROR_INVALID_PARAMETER, "NotifyIpInterfaceChange(family 0x7FFF)");
    if (err == NO_ERROR && h != NULL)
        CancelMibChangeNotify2(h);
    NC_CODE(c, CancelMibChangeNotify2(NULL), ERROR_INVALID_PARAMETER);
}

static void args_null(struct nc_ctx *c)
{
    static struct nc_rec r;
    HANDLE h = NULL;
    DWORD err = NotifyIpInterfaceChange(AF_INET, NULL, &r, FALSE, &h);
    nc_expect_code(c, err, ERROR_INVALID_PARAMETER, "NotifyIpInterfaceChange(AF_INET, NULL callback)");
    if (err == NO_ERROR && h != NULL)
        CancelMibChangeNotify2(h);
    NC_CODE(c, NotifyIpInterfaceChange(AF_INET, nc_record, &r, FALSE, NULL),
            ERROR_INVALID_PARAMETER);
}

static void cancel_twice(struct nc_ctx *c)
{
    static struct nc_rec r;
    HANDLE h;
    if (c->env->windows) {
        nc_skip(c, "this library's promise: Windows frees the registration at the first Cancel, "
                   "so a second Cancel of the same handle is undefined there, not a code");
        return;
    }
    if (!nc_register(c, AF_INET, &r, FALSE, &h))
        return;
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    nc_expect_code(c, CancelMibChangeNotify2(h), ERROR_INVALID_PARAMETER,
                   "CancelMibChangeNotify2(the same handle again)");
}

/* --------------------------------------------------- what arrives, when */
static void initial(struct nc_ctx *c)
{
    static struct nc_rec r, quiet;
    HANDLE h;
    int n;
    if (!nc_register(c, AF_UNSPEC, &r, TRUE, &h))
        return;
    if (!NC_TRUE(c, nc_wait_event(&r, MibInitialNotification, 0, AF_UNSPEC),
                 "no MibInitialNotification within %d ms", NC_WAIT_MS)) {
        CancelMibChangeNotify2(h);
        return;
    }
    nc_os_sleep_ms(NC_QUIET_MS / 2);
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    n = nc_count(&r, MibInitialNotification, 0, AF_UNSPEC);
    NC_TRUE(c, n == 1, "%d MibInitialNotification callbacks, want exactly 1", n);
    NC_TRUE(c, r.ev[0].type == MibInitialNotification,
            "the first callback is of type %d, want MibInitialNotification (%d)",
            (int)r.ev[0].type, (int)MibInitialNotification);
    NC_TRUE(c, r.ev[0].null_row, "MibInitialNotification came with a row, want NULL");
    /* Without InitialNotification: none. */
    if (!nc_register(c, AF_UNSPEC, &quiet, FALSE, &h))
        return;
    nc_os_sleep_ms(NC_QUIET_MS / 2);
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    n = nc_count(&quiet, MibInitialNotification, 0, AF_UNSPEC);
    NC_TRUE(c, n == 0, "%d MibInitialNotification callbacks with InitialNotification FALSE", n);
}

/* The key fields of every event for index: the LUID of the interface. */
static void keys_are(struct nc_ctx *c, struct nc_rec *r, NET_IFINDEX index, ULONG64 luid)
{
    int n = atomic_load(&r->n);
    for (int i = 0; i < n; i++)
        if (r->ev[i].index == index && !r->ev[i].null_row)
            NC_TRUE(c, r->ev[i].luid == luid,
                    "event %d for index %lu: InterfaceLuid 0x%llx, want 0x%llx", i,
                    (unsigned long)index, (unsigned long long)r->ev[i].luid,
                    (unsigned long long)luid);
}

static void add(struct nc_ctx *c)
{
    static struct nc_rec r;
    static const ADDRESS_FAMILY fams[2] = {AF_INET, AF_INET6};
    NET_IFINDEX index;
    NET_LUID luid;
    HANDLE h;
    if (!nc_register(c, AF_UNSPEC, &r, FALSE, &h))
        return;
    index = nc_fixture_make("nc-ntf-add");
    if (NC_TRUE(c, index != 0, "could not make the interface nc-ntf-add")) {
        for (int f = 0; f < 2; f++)
            NC_TRUE(c, nc_wait_event(&r, MibAddInstance, index, fams[f]),
                    "no MibAddInstance for the new interface (index %lu, %s) within %d ms",
                    (unsigned long)index, nc_fam(fams[f]), NC_WAIT_MS);
        if (NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR))
            keys_are(c, &r, index, luid.Value);
    }
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    if (index)
        nc_fixture_remove("nc-ntf-add");
}

static void parameter(struct nc_ctx *c)
{
    static struct nc_rec r;
    NET_IFINDEX index = nc_fixture_make("nc-ntf-mtu");
    NET_LUID luid;
    HANDLE h;
    int n;
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-ntf-mtu"))
        return;
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR) ||
        !nc_register(c, AF_INET, &r, FALSE, &h))
        goto out;
    if (NC_TRUE(c, nc_fixture_mtu("nc-ntf-mtu", 1400), "could not change the MTU"))
        NC_TRUE(c, nc_wait_event(&r, MibParameterNotification, index, AF_INET),
                "no MibParameterNotification for an MTU change (index %lu, IPv4) within %d ms",
                (unsigned long)index, NC_WAIT_MS);
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    keys_are(c, &r, index, luid.Value);
    /* Registered for AF_INET: nothing of the other family. */
    n = atomic_load(&r.n);
    for (int i = 0; i < n; i++)
        NC_TRUE(c, r.ev[i].null_row || r.ev[i].family == AF_INET,
                "registered for AF_INET, a callback came for family %u", (unsigned)r.ev[i].family);
out:
    nc_fixture_remove("nc-ntf-mtu");
}

static void delete_(struct nc_ctx *c)
{
    static struct nc_rec r;
    static const ADDRESS_FAMILY fams[2] = {AF_INET, AF_INET6};
    NET_IFINDEX index = nc_fixture_make("nc-ntf-del");
    NET_LUID luid;
    HANDLE h;
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-ntf-del"))
        return;
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR) ||
        !nc_register(c, AF_UNSPEC, &r, FALSE, &h)) {
        nc_fixture_remove("nc-ntf-del");
        return;
    }
    if (NC_TRUE(c, nc_fixture_remove("nc-ntf-del"), "could not remove nc-ntf-del"))
        for (int f = 0; f < 2; f++)
            NC_TRUE(c, nc_wait_event(&r, MibDeleteInstance, index, fams[f]),
                    "no MibDeleteInstance for the removed interface (index %lu, %s) within %d ms",
                    (unsigned long)index, nc_fam(fams[f]), NC_WAIT_MS);
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    keys_are(c, &r, index, luid.Value);
}

/* ------------------------------------------------------ Cancel's promises */
/* Changes that make callbacks, where the suite can make them. */
static void nc_stir(const struct nc_env *env, const char *name, int rounds)
{
    if (!nc_can(env, NC_NEED_MAKE))
        return;
    for (int i = 0; i < rounds; i++)
        nc_fixture_mtu(name, i % 2 ? 1500 : 1400);
}

static void cancel_in_callback(struct nc_ctx *c)
{
    static struct nc_rec r;
    bool stir = nc_can(c->env, NC_NEED_MAKE);
    HANDLE h;
    int t;
    if (c->env->windows) {
        nc_skip(c, "this library's extension: Microsoft's CancelMibChangeNotify2 page says a "
                   "call from the callback of the same handle deadlocks on Windows");
        return;
    }
    if (stir && !NC_TRUE(c, nc_fixture_make("nc-ntf-cic") != 0, "could not make nc-ntf-cic"))
        return;
    r.self_cancel = true;
    if (!nc_register(c, AF_UNSPEC, &r, TRUE, &h))
        goto out;
    atomic_store(&r.handle, (uintptr_t)h);
    for (t = 0; t < NC_WAIT_MS && atomic_load(&r.self_done) == 0; t += 10)
        nc_os_sleep_ms(10);
    if (!NC_TRUE(c, atomic_load(&r.self_done) != 0,
                 "CancelMibChangeNotify2 from inside the callback has not returned after %d ms "
                 "(deadlock?)",
                 NC_WAIT_MS))
        goto out; /* the handle is stuck; the process ends with the check */
    if (NC_TRUE(c, atomic_load(&r.self_done) == 1, "the callback never saw the handle")) {
        nc_expect_code(c, r.self_err, NO_ERROR, "CancelMibChangeNotify2(own handle, in callback)");
        nc_stir(c->env, "nc-ntf-cic", 4);
        nc_os_sleep_ms(NC_QUIET_MS);
        NC_TRUE(c, atomic_load(&r.n) == 1, "%d callbacks after the one that cancelled",
                atomic_load(&r.n) - 1);
        nc_expect_code(c, CancelMibChangeNotify2(h), ERROR_INVALID_PARAMETER,
                       "CancelMibChangeNotify2(handle the callback cancelled)");
    }
out:
    if (stir)
        nc_fixture_remove("nc-ntf-cic");
}

static void no_callback_after_cancel(struct nc_ctx *c)
{
    static struct nc_rec r;
    bool stir = nc_can(c->env, NC_NEED_MAKE);
    HANDLE h;
    int t;
    if (stir && !NC_TRUE(c, nc_fixture_make("nc-ntf-late") != 0, "could not make nc-ntf-late"))
        return;
    r.delay_ms = 300; /* so that Cancel comes while a callback runs */
    if (!nc_register(c, AF_UNSPEC, &r, TRUE, &h))
        goto out;
    nc_stir(c->env, "nc-ntf-late", 4);
    for (t = 0; t < NC_WAIT_MS && atomic_load(&r.running) == 0 && atomic_load(&r.n) == 0; t += 5)
        nc_os_sleep_ms(5);
    NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
    atomic_store(&r.cancelled, 1);
    NC_TRUE(c, atomic_load(&r.running) == 0,
            "CancelMibChangeNotify2 returned while a callback was still running");
    nc_stir(c->env, "nc-ntf-late", 4);
    nc_os_sleep_ms(NC_QUIET_MS);
    NC_TRUE(c, atomic_load(&r.late) == 0, "%d callbacks began after CancelMibChangeNotify2 returned",
            atomic_load(&r.late));
    NC_TRUE(c, atomic_load(&r.n) > 0, "no callback at all (the initial one included)");
out:
    if (stir)
        nc_fixture_remove("nc-ntf-late");
}

const struct nc_check nc_checks_notify[] = {
    {"notify.args", args, NC_NEED_NOTIFY,
     NC_MS("notifyipinterfacechange") " (a family not AF_INET, AF_INET6 or AF_UNSPEC); "
     NC_MS("cancelmibchangenotify2") " (a NULL handle)",
     "NotifyIpInterfaceChange(family 0x7FFF) -> 87; CancelMibChangeNotify2(NULL) -> 87"},
    {"notify.args-null", args_null, NC_NEED_NOTIFY,
     "issue 9 and docs/notify.md (not on Microsoft's page); not yet run on Windows",
     "NotifyIpInterfaceChange with a NULL callback or a NULL handle pointer -> 87"},
    {"notify.cancel-twice", cancel_twice, NC_NEED_NOTIFY,
     "docs/notify.md (this library's promise; undefined on Windows)",
     "CancelMibChangeNotify2 of a handle already cancelled -> 87"},
    {"notify.initial", initial, NC_NEED_NOTIFY,
     NC_MS("notifyipinterfacechange") " (InitialNotification; the callback's Row is NULL "
     "for MibInitialNotification)",
     "with InitialNotification TRUE: a non-NULL handle, then exactly one callback, first, "
     "MibInitialNotification with a NULL row; with FALSE: none"},
    {"notify.add", add, NC_NEED_NOTIFY | NC_NEED_MAKE,
     NC_MS("notifyipinterfacechange") " (MibAddInstance); one per family: issue 9",
     "an interface made while registered (AF_UNSPEC) -> MibAddInstance for IPv4 and IPv6 "
     "with its index and LUID"},
    {"notify.parameter", parameter, NC_NEED_NOTIFY | NC_NEED_MAKE,
     NC_MS("notifyipinterfacechange") " (MibParameterNotification)",
     "an MTU change while registered for AF_INET -> MibParameterNotification with the "
     "interface's index and LUID; no callback of the other family"},
    {"notify.delete", delete_, NC_NEED_NOTIFY | NC_NEED_MAKE,
     NC_MS("notifyipinterfacechange") " (MibDeleteInstance); one per family: issue 9",
     "an interface removed while registered (AF_UNSPEC) -> MibDeleteInstance for IPv4 and "
     "IPv6 with its index and LUID"},
    {"notify.cancel-in-callback", cancel_in_callback, NC_NEED_NOTIFY,
     "docs/notify.md and issue 9 (this library's extension: " NC_MS("cancelmibchangenotify2")
     " says Windows deadlocks there)",
     "CancelMibChangeNotify2 of its own handle from inside the callback returns NO_ERROR at "
     "once; no callback follows (changes made where the suite can); a later Cancel -> 87"},
    {"notify.no-callback-after-cancel", no_callback_after_cancel, NC_NEED_NOTIFY,
     NC_MS("cancelmibchangenotify2") " (Cancel waits for a running callback: why calling it "
     "from one deadlocks); docs/notify.md",
     "Cancel while a callback runs returns after it ends, and no callback begins after Cancel "
     "returned (changes made before and after, where the suite can)"},
    {NULL, NULL, 0, NULL, NULL},
};
