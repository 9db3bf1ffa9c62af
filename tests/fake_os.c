/* fake_os.c - the back-end contract served from memory (see fake_os.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_os.h"

/* One change a test announced, as nio_os_watch_read reports it. */
struct fake_announced {
    enum nio_watch_kind kind;
    uint32_t ifindex;
    struct nio_route rows[FAKE_EVENT_ROWS];
    size_t n;
    bool has_id;
    struct nio_route id;
    bool has_addr;
    struct nio_addr addr;
};

/* The one value nio_os_accepts refuses (fake_os_refuse_value). */
static struct {
    bool on;
    int slot;
    enum nio_knob knob;
    uint32_t value;
} fake_refusal;


static struct {
    struct nio_iface ifaces[FAKE_MAX_IFACES];
    size_t count;
    int fail_err[FAKE_NFN];
    unsigned fail_skip[FAKE_NFN];
    unsigned calls[FAKE_NFN];
    unsigned last_want[FAKE_NFN];
    uint32_t last_index;
    char last_name[256];
    uint32_t redirect_asked, redirect_answered;
    unsigned knobs[NIO_FAMILIES];
    int may_change;
    struct fake_step steps[FAKE_MAX_STEPS];
    unsigned nsteps;
    struct fake_announced announced[FAKE_MAX_ANNOUNCED];
    unsigned nannounced;
    unsigned watch_what;  /* the open watch's subscription (NIO_WATCH_*) */
    unsigned watches;
    int watch_wr; /* write end of the open watch's pipe, -1 none */
    bool quiet_watch, quiet_holds; /* fake_os_quiet */
    bool quiet_armed;     /* a comparison's list was watched */
    unsigned quiet_calls; /* nio_os_watch_quiet calls */
    bool generous;
    bool speed_walk;
    char altname[FAKE_MAX_IFACES][NIO_NAME_MAX]; /* by slot in ifaces */
    struct nio_ifrow ifrows[FAKE_MAX_IFACES]; /* by interface index, see fake_ifrow_slot */
    uint32_t ifrow_index[FAKE_MAX_IFACES];
    unsigned nifrows;
    struct nio_route routes[FAKE_MAX_ROUTES];
    unsigned nroutes;
    struct nio_ip locals[FAKE_MAX_IFACES];
    uint32_t local_owner[FAKE_MAX_IFACES];
    unsigned nlocals;
    struct nio_route_query route_queries[FAKE_MAX_ROUTES];
    unsigned nqueries;
    bool route_weak;
    struct fake_route_step route_steps[FAKE_MAX_STEPS];
    unsigned nroute_steps;
    int route_may_change;
    bool route_proves_interface;
    bool route_delete_key;
    unsigned look_begins, look_errors; /* nio_os_look_begin; nested or unpaired */
    bool route_find_new; /* the last nio_os_route_find's expect_new */
} fake;

/* Guards fake against the library's watcher thread.  Recursive, so that
 * a test holding it may still call the library. */
static pthread_mutex_t fake_mutex;
static pthread_once_t fake_once = PTHREAD_ONCE_INIT;

static void fake_mutex_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&fake_mutex, &a);
    pthread_mutexattr_destroy(&a);
}

void fake_os_lock(void)
{
    pthread_once(&fake_once, fake_mutex_init);
    pthread_mutex_lock(&fake_mutex);
}

void fake_os_unlock(void)
{
    pthread_mutex_unlock(&fake_mutex);
}

void fake_os_reset(void)
{
    fake_refusal.on = false;
    unsigned watches, what;
    int wr;
    fake_os_lock();
    watches = fake.watches;
    wr = fake.watch_wr;
    what = fake.watch_what;
    memset(&fake, 0, sizeof(fake));
    fake.watches = watches; /* a watch outlives a reset: it is the library's */
    fake.watch_wr = watches ? wr : -1;
    fake.watch_what = watches ? what : 0;
    fake.knobs[NIO_V4] = fake.knobs[NIO_V6] = (1u << NIO_KNOB_COUNT) - 1;
    fake_os_unlock();
}

struct nio_iface *fake_os_add(uint32_t index, uint16_t iftype, const char *name)
{
    struct nio_iface *ifc;
    fake_os_lock();
    if (fake.count == FAKE_MAX_IFACES) {
        fake_os_unlock();
        return NULL;
    }
    fake.altname[fake.count][0] = '\0';
    ifc = &fake.ifaces[fake.count++];
    memset(ifc, 0, sizeof(*ifc));
    ifc->index = index;
    ifc->iftype = iftype;
    ifc->connected = true;
    ifc->neighbor_discovery = true;
    ifc->mtu = 1500;
    snprintf(ifc->name, sizeof(ifc->name), "%s", name);
    ifc->fam[NIO_V4].present = true;
    ifc->fam[NIO_V6].present = true;
    fake_os_unlock();
    return ifc;
}

void fake_os_standard(void)
{
    struct nio_iface *ifc;
    ifc = fake_os_add(FAKE_LO, IF_TYPE_SOFTWARE_LOOPBACK, "lo");
    ifc->loopback = true;
    ifc->neighbor_discovery = false;
    ifc->mtu = 65536;
    ifc = fake_os_add(FAKE_ETH0, IF_TYPE_ETHERNET_CSMACD, "eth0");
    ifc->fam[NIO_V6].present = false;
    fake_os_add(FAKE_ETH1, IF_TYPE_ETHERNET_CSMACD, "eth1");
    ifc = fake_os_add(FAKE_WG0, IF_TYPE_PROP_VIRTUAL, "wg0");
    ifc->fam[NIO_V4].present = false;
    ifc->neighbor_discovery = false;
    ifc->mtu = 1420;
}

int fake_os_setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_os_standard();
    return 0;
}

int fake_os_teardown(void **state)
{
    (void)state;
    fake_os_reset();
    return 0;
}

bool fake_os_set_altname(uint32_t index, const char *name)
{
    bool found = false;
    fake_os_lock();
    for (size_t i = 0; i < fake.count; i++)
        if (fake.ifaces[i].index == index) {
            snprintf(fake.altname[i], sizeof(fake.altname[i]), "%s", name);
            found = true;
        }
    fake_os_unlock();
    return found;
}

void fake_os_set_generous(bool generous)
{
    fake.generous = generous;
}

bool fake_os_remove(uint32_t index)
{
    bool found = false;
    fake_os_lock();
    for (size_t i = 0; i < fake.count; i++)
        if (fake.ifaces[i].index == index) {
            memmove(&fake.ifaces[i], &fake.ifaces[i + 1],
                    (fake.count - i - 1) * sizeof(fake.ifaces[0]));
            memmove(&fake.altname[i], &fake.altname[i + 1],
                    (fake.count - i - 1) * sizeof(fake.altname[0]));
            fake.count--;
            found = true;
            break;
        }
    fake_os_unlock();
    return found;
}

struct nio_iface *fake_os_find(uint32_t index)
{
    for (size_t i = 0; i < fake.count; i++)
        if (fake.ifaces[i].index == index)
            return &fake.ifaces[i];
    return NULL;
}

void fake_os_fail_next(enum fake_fn fn, int neg_errno)
{
    fake_os_fail_after(fn, 0, neg_errno);
}

void fake_os_fail_after(enum fake_fn fn, unsigned skip, int neg_errno)
{
    fake.fail_err[fn] = neg_errno;
    fake.fail_skip[fn] = skip;
}

void fake_os_set_knobs(int slot, unsigned knobs)
{
    fake.knobs[slot] = knobs;
}

void fake_os_set_may_change(int neg_errno)
{
    fake.may_change = neg_errno;
}

const struct fake_step *fake_os_steps(unsigned *count)
{
    *count = fake.nsteps;
    return fake.steps;
}

void fake_os_redirect(uint32_t asked, uint32_t answered)
{
    fake.redirect_asked = asked;
    fake.redirect_answered = answered;
}

unsigned fake_os_calls(enum fake_fn fn)
{
    return fake.calls[fn];
}

unsigned fake_os_last_want(enum fake_fn fn)
{
    return fake.last_want[fn];
}

uint32_t fake_os_last_index(void)
{
    return fake.last_index;
}

const char *fake_os_last_name(void)
{
    return fake.last_name;
}

unsigned fake_os_total_calls(void)
{
    unsigned n = 0;
    for (int fn = 0; fn < FAKE_NFN; fn++)
        n += fake.calls[fn];
    return n;
}

/* Counts the call and consumes a programmed failure (0 when none). */
static int fake_enter(enum fake_fn fn, unsigned want)
{
    int err = 0;
    fake.calls[fn]++;
    fake.last_want[fn] = want;
    if (fake.fail_err[fn] != 0 && fake.fail_skip[fn]-- == 0) {
        err = fake.fail_err[fn];
        fake.fail_err[fn] = 0;
    }
    return err;
}

static const struct nio_ifrow *fake_ifrow_set(uint32_t index)
{
    for (unsigned i = 0; i < fake.nifrows; i++)
        if (fake.ifrow_index[i] == index)
            return &fake.ifrows[i];
    return NULL;
}

/* The device's identity, as the same kernel message carries it: from the
 * facts a test programmed through fake_os_ifrow, else the defaults of
 * fake_ifrow (hardware: a non-loopback Ethernet; no address). */
static void fake_identity(struct nio_iface *out)
{
    const struct nio_ifrow *set = fake_ifrow_set(out->index);
    if (set == NULL) {
        out->hardware = !out->loopback && out->iftype == IF_TYPE_ETHERNET_CSMACD;
        return;
    }
    out->hardware = set->hardware;
    out->id_addr_len = set->perm_addr_len ? set->perm_addr_len : set->addr_len;
    memcpy(out->id_addr, set->perm_addr_len ? set->perm_addr : set->addr, out->id_addr_len);
}

/* The contract lets a back end leave unasked families zero: do so, so that a
 * core that asks for too little is caught. */
static void fake_copy(struct nio_iface *out, const struct nio_iface *ifc, unsigned want)
{
    *out = *ifc;
    fake_identity(out);
    if (fake.generous)
        return;
    for (int slot = 0; slot < NIO_FAMILIES; slot++) {
        bool present = ifc->fam[slot].present;
        if (want & nio_want_of_slot(slot))
            continue;
        memset(&out->fam[slot], 0, sizeof(out->fam[slot]));
        if (want & NIO_WANT_PRESENCE)
            out->fam[slot].present = present;
    }
}

/* A failed call leaves garbage behind, so that a core that reads *out after
 * a failure is caught. */
static int fake_fail(struct nio_iface *out, int err)
{
    memset(out, 0xEE, sizeof(*out));
    return err;
}

static int fake_get(uint32_t ifindex, unsigned want, struct nio_iface *out)
{
    const struct nio_iface *ifc;
    int err = fake_enter(FAKE_GET, want);
    fake.last_index = ifindex;
    if (err != 0)
        return fake_fail(out, err);
    if (fake.redirect_answered != 0 && ifindex == fake.redirect_asked)
        ifindex = fake.redirect_answered;
    ifc = fake_os_find(ifindex);
    if (ifc == NULL)
        return fake_fail(out, -ENODEV);
    fake_copy(out, ifc, want);
    return 0;
}

static int fake_get_by_name(const char *name, unsigned want, struct nio_iface *out)
{
    int err = fake_enter(FAKE_GET_BY_NAME, want);
    snprintf(fake.last_name, sizeof(fake.last_name), "%s", name);
    if (err != 0)
        return fake_fail(out, err);
    for (size_t i = 0; i < fake.count; i++)
        if (strcmp(fake.ifaces[i].name, name) == 0 ||
            (fake.altname[i][0] != '\0' && strcmp(fake.altname[i], name) == 0)) {
            fake_copy(out, &fake.ifaces[i], want);
            return 0;
        }
    return fake_fail(out, -ENODEV);
}

static int fake_list(unsigned want, struct nio_iface **out, size_t *count)
{
    struct nio_iface *list;
    int err = fake_enter(FAKE_LIST, want);
    *out = NULL;
    *count = 0;
    if (err != 0)
        return err;
    /* Through nio_alloc, as a real back end must, so that the allocation
     * tests see this allocation too. */
    list = nio_alloc(fake.count * sizeof(*list));
    if (list == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < fake.count; i++)
        fake_copy(&list[i], &fake.ifaces[i], want);
    *out = list;
    *count = fake.count;
    return 0;
}

static unsigned fake_knobs(int slot)
{
    fake_enter(FAKE_KNOBS, 0);
    return fake.knobs[slot];
}

static int fake_may_change(void)
{
    fake_enter(FAKE_MAY_CHANGE, 0);
    return fake.may_change;
}

/* The fact a knob changes, and its known bit. */
static uint32_t *fake_knob_field(struct nio_family *f, enum nio_knob knob, uint32_t *bit)
{
    switch (knob) {
    case NIO_KNOB_DAD:
        *bit = NIO_K_DAD;
        return &f->dad_transmits;
    case NIO_KNOB_BASE_REACHABLE:
        *bit = NIO_K_BASE_REACHABLE;
        return &f->base_reachable_ms;
    case NIO_KNOB_RETRANSMIT:
        *bit = NIO_K_RETRANSMIT;
        return &f->retransmit_ms;
    case NIO_KNOB_MTU:
        *bit = NIO_K_MTU;
        return &f->mtu;
    default:
        return NULL;
    }
}

static uint32_t fake_knob_read(const struct nio_iface *ifc, const struct nio_family *f,
                               enum nio_knob knob)
{
    switch (knob) {
    case NIO_KNOB_FORWARDING:
        return (f->known & NIO_K_FORWARDING) && f->forwarding;
    case NIO_KNOB_DAD:
        if (ifc->loopback)
            return 0;
        return (f->known & NIO_K_DAD) ? f->dad_transmits : 3;
    case NIO_KNOB_ROUTER_DISCOVERY:
        return (uint32_t)((f->known & NIO_K_ROUTER_DISCOVERY) && !ifc->loopback
                              ? f->router_discovery
                              : RouterDiscoveryDisabled);
    case NIO_KNOB_BASE_REACHABLE:
        return (f->known & NIO_K_BASE_REACHABLE) ? f->base_reachable_ms : 30000;
    case NIO_KNOB_RETRANSMIT:
        return (f->known & NIO_K_RETRANSMIT) ? f->retransmit_ms : 1000;
    case NIO_KNOB_LINK_LOCAL:
        return (uint32_t)((f->known & NIO_K_LINK_LOCAL) ? f->link_local : LinkLocalAlwaysOff);
    case NIO_KNOB_MTU:
        return (f->known & NIO_K_MTU) ? f->mtu : ifc->mtu;
    default:
        return 0;
    }
}

static void fake_knob_write(struct nio_family *f, enum nio_knob knob, uint32_t value)
{
    uint32_t bit = 0, *field = fake_knob_field(f, knob, &bit);
    if (field != NULL) {
        *field = value;
    } else if (knob == NIO_KNOB_FORWARDING) {
        bit = NIO_K_FORWARDING;
        f->forwarding = value != 0;
    } else if (knob == NIO_KNOB_ROUTER_DISCOVERY) {
        bit = NIO_K_ROUTER_DISCOVERY;
        f->router_discovery = (NL_ROUTER_DISCOVERY_BEHAVIOR)value;
    } else if (knob == NIO_KNOB_LINK_LOCAL) {
        bit = NIO_K_LINK_LOCAL;
        f->link_local = (NL_LINK_LOCAL_ADDRESS_BEHAVIOR)value;
    }
    f->known |= bit;
}

static void fake_log(bool undo, const struct nio_iface *ifc, int slot, enum nio_knob knob,
                     uint32_t value)
{
    if (fake.nsteps < FAKE_MAX_STEPS)
        fake.steps[fake.nsteps++] = (struct fake_step){undo, ifc->index, slot, knob, value};
}

static int fake_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob,
                      uint32_t value, uint32_t *undo)
{
    struct nio_iface *mine;
    int err = fake_enter(FAKE_APPLY, 0);
    fake_log(false, ifc, slot, knob, value);
    if (err != 0)
        return err;
    mine = fake_os_find(ifc->index);
    if (mine == NULL || (unsigned)knob >= NIO_KNOB_COUNT)
        return -ENODEV;
    *undo = fake_knob_read(mine, &mine->fam[slot], knob);
    fake_knob_write(&mine->fam[slot], knob, value);
    return 0;
}

static int fake_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo)
{
    struct nio_iface *mine;
    int err = fake_enter(FAKE_UNDO, 0);
    fake_log(true, ifc, slot, knob, undo);
    if (err != 0)
        return err;
    mine = fake_os_find(ifc->index);
    if (mine == NULL)
        return -ENODEV;
    fake_knob_write(&mine->fam[slot], knob, undo);
    return 0;
}

/* ------------------------------------------------------------- watching */
struct nio_watch {
    int fds[2];
};

/* Queues one change for the open watch and wakes its reader.  Route
 * messages are what a subscription without NIO_WATCH_ROUTES never sees,
 * address messages one without NIO_WATCH_ADDRS;
 * a full queue turns its last entry into "messages were lost", as a
 * kernel's full socket does. */
static void fake_announce(const struct fake_announced *a)
{
    char c = 0;
    bool addr = a->kind == NIO_WE_ADDR_NEW || a->kind == NIO_WE_ADDR_DEL;
    bool route = !addr && a->kind != NIO_WE_IFACE && a->kind != NIO_WE_LOST &&
                 a->kind != NIO_WE_ROUTES && a->kind != NIO_WE_ADDRS;
    fake_os_lock();
    if ((route || addr) &&
        (fake.watches == 0 || !(fake.watch_what & (route ? NIO_WATCH_ROUTES : NIO_WATCH_ADDRS)))) {
        fake_os_unlock();
        return;
    }
    if (fake.nannounced < FAKE_MAX_ANNOUNCED) {
        fake.announced[fake.nannounced++] = *a;
    } else {
        memset(&fake.announced[FAKE_MAX_ANNOUNCED - 1], 0, sizeof(*a));
        fake.announced[FAKE_MAX_ANNOUNCED - 1].kind = NIO_WE_LOST;
    }
    if (fake.watches > 0 && fake.watch_wr >= 0 && write(fake.watch_wr, &c, 1) < 0) {
        /* full pipe: the reader is woken already */
    }
    fake_os_unlock();
}

void fake_os_announce(uint32_t index)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = NIO_WE_IFACE;
    a.ifindex = index;
    fake_announce(&a);
}

void fake_os_announce_lost(void)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = NIO_WE_LOST;
    fake_announce(&a);
}

void fake_os_announce_routes_of(uint32_t index)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = NIO_WE_ROUTES;
    a.ifindex = index;
    fake_announce(&a);
}

void fake_os_announce_route(enum nio_watch_kind kind, const struct nio_route *rows, size_t n,
                            const struct nio_route *id)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = kind;
    a.n = n < FAKE_EVENT_ROWS ? n : FAKE_EVENT_ROWS;
    if (a.n > 0)
        memcpy(a.rows, rows, a.n * sizeof(*rows));
    a.has_id = id != NULL;
    if (id != NULL)
        a.id = *id;
    fake_announce(&a);
}

void fake_os_announce_addr(enum nio_watch_kind kind, const struct nio_addr *addr)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = kind;
    a.ifindex = addr->ifindex;
    a.has_addr = true;
    a.addr = *addr;
    fake_announce(&a);
}

void fake_os_announce_addrs_of(uint32_t index)
{
    struct fake_announced a;
    memset(&a, 0, sizeof(a));
    a.kind = NIO_WE_ADDRS;
    a.ifindex = index;
    fake_announce(&a);
}

unsigned fake_os_watches_open(void)
{
    unsigned n;
    fake_os_lock();
    n = fake.watches;
    fake_os_unlock();
    return n;
}

unsigned fake_os_watch_what(void)
{
    unsigned what;
    fake_os_lock();
    what = fake.watches ? fake.watch_what : 0;
    fake_os_unlock();
    return what;
}

/* The route of the fake with r's key, table and metric: removed (false:
 * there was none).  Locked: the watcher may be reading the routes. */
bool fake_os_drop_route(const struct nio_route *r)
{
    bool found = false;
    fake_os_lock();
    for (unsigned i = 0; i < fake.nroutes && !found; i++)
        if (nio_route_same_key(&fake.routes[i], r) && fake.routes[i].table == r->table &&
            fake.routes[i].metric == r->metric) {
            memmove(&fake.routes[i], &fake.routes[i + 1],
                    (fake.nroutes - i - 1) * sizeof(*r));
            fake.nroutes--;
            found = true;
        }
    fake_os_unlock();
    return found;
}

static int fake_watch_open(unsigned what, struct nio_watch **out)
{
    struct nio_watch *w;
    int err = fake_enter(FAKE_WATCH_OPEN, what);
    if (err != 0)
        return err;
    w = nio_alloc(sizeof(*w));
    if (w == NULL)
        return -ENOMEM;
    if (pipe(w->fds) != 0) {
        err = -errno;
        nio_free(w);
        return err;
    }
    for (int i = 0; i < 2; i++)
        fcntl(w->fds[i], F_SETFL, O_NONBLOCK);
    fake.watches++;
    fake.watch_wr = w->fds[1];
    fake.watch_what = what;
    *out = w;
    return 0;
}

/* Drains the pipe and takes the announced changes (into a block of plain
 * malloc, not the library's allocator, which tests count); the callbacks
 * run with the fake unlocked. */
static int fake_watch_take(struct nio_watch *w, struct fake_announced **taken, unsigned *n)
{
    char buf[64];
    int err = fake_enter(FAKE_WATCH_READ, 0);
    while (read(w->fds[0], buf, sizeof(buf)) > 0)
        ;
    *n = 0;
    *taken = NULL;
    if (err != 0 || fake.nannounced == 0)
        return err;
    *taken = malloc(fake.nannounced * sizeof(**taken));
    if (*taken == NULL)
        abort();
    memcpy(*taken, fake.announced, fake.nannounced * sizeof(**taken));
    *n = fake.nannounced;
    fake.nannounced = 0;
    return 0;
}

/* ---------------------------------------------------- ifrows and routes */
struct nio_ifrow *fake_os_ifrow(uint32_t index)
{
    struct nio_ifrow *r;
    for (unsigned i = 0; i < fake.nifrows; i++)
        if (fake.ifrow_index[i] == index)
            return &fake.ifrows[i];
    if (fake.nifrows == FAKE_MAX_IFACES)
        return NULL;
    fake.ifrow_index[fake.nifrows] = index;
    r = &fake.ifrows[fake.nifrows++];
    memset(r, 0, sizeof(*r));
    r->admin_up = true;
    r->oper = 4; /* IfOperStatusUnknown: the core then goes by `connected` */
    r->speed = NIO_SPEED_NONE;
    return r;
}

/* The interface's MIB_IF_ROW2 facts: those a test programmed, else the
 * defaults (fake.h); `ifc` always from the interface itself.  Counters only
 * when asked for, so that a core that forgets to ask is caught. */
static void fake_ifrow(struct nio_ifrow *out, const struct nio_iface *ifc, unsigned flags)
{
    const struct nio_ifrow *set = NULL;
    for (unsigned i = 0; i < fake.nifrows; i++)
        if (fake.ifrow_index[i] == ifc->index)
            set = &fake.ifrows[i];
    if (set != NULL) {
        *out = *set;
    } else {
        memset(out, 0, sizeof(*out));
        out->admin_up = true;
        out->hardware = !ifc->loopback && ifc->iftype == IF_TYPE_ETHERNET_CSMACD;
        out->broadcast = !ifc->loopback;
        out->oper = ifc->connected ? 1 : 2; /* IfOperStatusUp, IfOperStatusDown */
        out->speed = NIO_SPEED_NONE;
    }
    fake_copy(&out->ifc, ifc, NIO_WANT_LINK);
    if (!(flags & NIO_IFROW_COUNTERS)) {
        out->has_counters = false;
        memset(&out->counters, 0, sizeof(out->counters));
    }
}

static int fake_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    const struct nio_iface *ifc;
    int err = fake_enter(FAKE_IFROW_GET, flags);
    fake.last_index = ifindex;
    if (err == 0 && (ifc = fake_os_find(ifindex)) != NULL) {
        fake_ifrow(out, ifc, flags);
        return 0;
    }
    memset(out, 0xEE, sizeof(*out));
    return err != 0 ? err : -ENODEV;
}

static int fake_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    struct nio_ifrow *list;
    int err = fake_enter(FAKE_IFROW_LIST, flags);
    *out = NULL;
    *count = 0;
    if (err != 0)
        return err;
    list = nio_alloc(fake.count * sizeof(*list));
    if (list == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < fake.count; i++)
        fake_ifrow(&list[i], &fake.ifaces[i], flags);
    *out = list;
    *count = fake.count;
    return 0;
}

/* A route table searched as a kernel does: the longest prefix that
 * matches, then the lowest metric; only routes through q->oif when it is
 * set (the strong lookup the core asks for). */
void fake_os_add_route(const struct nio_route *r)
{
    if (fake.nroutes < FAKE_MAX_ROUTES)
        fake.routes[fake.nroutes++] = *r;
}

void fake_os_add_local(const struct nio_ip *addr, uint32_t ifindex)
{
    if (fake.nlocals < FAKE_MAX_IFACES) {
        fake.locals[fake.nlocals] = *addr;
        fake.local_owner[fake.nlocals++] = ifindex;
    }
}

void fake_os_set_route_weak(bool weak)
{
    fake.route_weak = weak;
}

bool fake_os_route_find_new(void)
{
    return fake.route_find_new;
}

const struct nio_route_query *fake_os_route_queries(unsigned *count)
{
    *count = fake.nqueries;
    return fake.route_queries;
}

static bool fake_prefix_match(const struct nio_ip *prefix, uint8_t len, const struct nio_ip *a)
{
    if (prefix->slot != a->slot)
        return false;
    for (unsigned bit = 0; bit < len; bit++) {
        unsigned byte = bit / 8, mask = 0x80u >> (bit % 8);
        if ((prefix->bytes[byte] & mask) != (a->bytes[byte] & mask))
            return false;
    }
    return true;
}

static int fake_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    const struct nio_route *best = NULL;
    int err = fake_enter(FAKE_ROUTE, q->oif);
    if (fake.nqueries < FAKE_MAX_ROUTES)
        fake.route_queries[fake.nqueries++] = *q;
    memset(out, 0xEE, sizeof(*out));
    if (err)
        return err;
    for (unsigned i = 0; i < fake.nroutes; i++) {
        const struct nio_route *r = &fake.routes[i];
        if (!fake_prefix_match(&r->prefix, r->prefix_len, &q->dst) ||
            (q->oif && !fake.route_weak && r->oif != q->oif))
            continue;
        if (best == NULL || r->prefix_len > best->prefix_len ||
            (r->prefix_len == best->prefix_len && r->metric < best->metric))
            best = r;
    }
    if (best == NULL)
        return -ENETUNREACH;
    *out = *best;
    return 0;
}

static int fake_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    int err = fake_enter(FAKE_ROUTE, 0);
    if (err)
        return err;
    for (unsigned i = 0; i < fake.nlocals; i++)
        if (fake.locals[i].slot == addr->slot &&
            memcmp(fake.locals[i].bytes, addr->bytes, sizeof(addr->bytes)) == 0) {
            *ifindex = fake.local_owner[i];
            return 0;
        }
    return -EADDRNOTAVAIL;
}

static int fake_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    struct nio_route *list;
    size_t n = 0;
    int err = fake_enter(FAKE_ROUTE, table);
    *out = NULL;
    *count = 0;
    if (err)
        return err;
    list = nio_alloc((fake.nroutes ? fake.nroutes : 1) * sizeof(*list));
    if (list == NULL)
        return -ENOMEM;
    for (unsigned i = 0; i < fake.nroutes; i++)
        if (fake.routes[i].prefix.slot == slot && fake.routes[i].prefix_len == 0 &&
            fake.routes[i].table == table && !fake.routes[i].local)
            list[n++] = fake.routes[i];
    *out = list;
    *count = n;
    return 0;
}

/* ----------------------------------------------------------- route rows */
const struct fake_route_step *fake_os_route_steps(unsigned *count)
{
    *count = fake.nroute_steps;
    return fake.route_steps;
}

void fake_os_set_route_may_change(int neg_errno)
{
    fake.route_may_change = neg_errno;
}

void fake_os_set_route_proves_interface(bool proves)
{
    fake.route_proves_interface = proves;
}

void fake_os_set_route_delete_key(bool offered)
{
    fake.route_delete_key = offered;
}

static void fake_route_record(enum fake_fn fn, const struct nio_route *r)
{
    if (fake.nroute_steps < FAKE_MAX_STEPS) {
        fake.route_steps[fake.nroute_steps].fn = fn;
        fake.route_steps[fake.nroute_steps++].r = *r;
    }
}

static int fake_route_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    struct nio_route *list;
    size_t n = 0;
    int err = fake_enter(FAKE_ROUTE_LIST, oif);
    *out = NULL;
    *count = 0;
    if (err)
        return err;
    list = nio_alloc((fake.nroutes ? fake.nroutes : 1) * sizeof(*list));
    if (list == NULL)
        return -ENOMEM;
    for (unsigned i = 0; i < fake.nroutes; i++) {
        const struct nio_route *r = &fake.routes[i];
        if ((want & nio_want_of_slot(r->prefix.slot)) && (oif == 0 || r->oif == oif))
            list[n++] = *r;
    }
    *out = list;
    *count = n;
    return 0;
}

/* The route of the fake with r's key, table and metric, or -1. */
static int fake_route_index(const struct nio_route *r)
{
    for (unsigned i = 0; i < fake.nroutes; i++)
        if (nio_route_same_key(&fake.routes[i], r) && fake.routes[i].table == r->table &&
            fake.routes[i].metric == r->metric)
            return (int)i;
    return -1;
}

static int fake_route_add(const struct nio_route *r)
{
    struct nio_route added = *r;
    const struct nio_iface *ifc;
    int err = fake_enter(FAKE_ROUTE_ADD, r->oif);
    if (err)
        return err;
    /* An OS that promises a route proves its interface checks the
     * caller's privilege first, as Linux does (backend.h). */
    if (fake.route_proves_interface && fake.route_may_change != 0)
        return fake.route_may_change;
    ifc = fake_os_find(r->oif);
    added.table = 254;
    if (ifc == NULL)
        return -ENODEV;
    /* An OS that promises a route proves its interface refuses a route of
     * a family the interface does not bind, as Linux does (EACCES). */
    if (fake.route_proves_interface && !ifc->fam[r->prefix.slot].present)
        return -EACCES;
    if (fake_route_index(&added) >= 0)
        return -EEXIST;
    if (fake.nroutes >= FAKE_MAX_ROUTES)
        return -ENOBUFS;
    fake.routes[fake.nroutes++] = added;
    fake_route_record(FAKE_ROUTE_ADD, &added);
    return 0;
}

static int fake_route_delete(const struct nio_route *r)
{
    int i, err = fake_enter(FAKE_ROUTE_DELETE, r->oif);
    if (err)
        return err;
    if (fake.route_proves_interface && fake.route_may_change != 0)
        return fake.route_may_change; /* the privilege first, as fake_route_add */
    if ((i = fake_route_index(r)) < 0)
        return -ENOENT;
    memmove(&fake.routes[i], &fake.routes[i + 1], (fake.nroutes - (unsigned)i - 1) * sizeof(*r));
    fake.nroutes--;
    fake_route_record(FAKE_ROUTE_DELETE, r);
    return 0;
}

static int fake_route_delete_key(const struct nio_route *key)
{
    int err;
    if (!fake.route_delete_key || key->prefix.slot != NIO_V4)
        return -ENOENT;
    if ((err = fake_enter(FAKE_ROUTE_DELETE_KEY, key->oif)) != 0)
        return err;
    if (fake.route_may_change != 0)
        return fake.route_may_change;
    for (unsigned i = 0; i < fake.nroutes; i++) {
        if (fake.routes[i].table != 254 || !nio_route_same_key(&fake.routes[i], key))
            continue;
        fake_route_record(FAKE_ROUTE_DELETE_KEY, &fake.routes[i]);
        memmove(&fake.routes[i], &fake.routes[i + 1],
                (fake.nroutes - i - 1) * sizeof(fake.routes[0]));
        fake.nroutes--;
        return 0;
    }
    return -ENOENT;
}

/* The look of backend.h: counted, and checked to be paired, never nested,
 * on the thread that began it. */
static _Thread_local bool fake_looking;

void nio_os_look_begin(void)
{
    fake_os_lock();
    fake.look_begins++;
    fake.look_errors += fake_looking;
    fake_os_unlock();
    fake_looking = true;
}

void nio_os_look_end(void)
{
    fake_os_lock();
    fake.look_errors += !fake_looking;
    fake_os_unlock();
    fake_looking = false;
}

unsigned fake_os_looks(unsigned *errors)
{
    unsigned n;
    fake_os_lock();
    n = fake.look_begins;
    *errors = fake.look_errors + fake_looking;
    fake_os_unlock();
    return n;
}

static int fake_route_set(const struct nio_route *old, const struct nio_route *now)
{
    int i, err = fake_enter(FAKE_ROUTE_SET, old->oif);
    if (err)
        return err;
    if ((i = fake_route_index(old)) < 0)
        return -ENOENT;
    fake.routes[i] = *now;
    fake_route_record(FAKE_ROUTE_SET, now);
    return 0;
}

/* ------------------------------------------------- the contract, locked */
int nio_os_get(uint32_t ifindex, unsigned want, struct nio_iface *out)
{
    int r;
    fake_os_lock();
    r = fake_get(ifindex, want, out);
    fake_os_unlock();
    return r;
}

int nio_os_get_by_name(const char *name, unsigned want, struct nio_iface *out)
{
    int r;
    fake_os_lock();
    r = fake_get_by_name(name, want, out);
    fake_os_unlock();
    return r;
}

int nio_os_list(unsigned want, struct nio_iface **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_list(want, out, count);
    fake_os_unlock();
    return r;
}

unsigned nio_os_knobs(int slot)
{
    unsigned r;
    fake_os_lock();
    r = fake_knobs(slot);
    fake_os_unlock();
    return r;
}

void fake_os_refuse_value(int slot, enum nio_knob knob, uint32_t value)
{
    fake_refusal.on = true;
    fake_refusal.slot = slot;
    fake_refusal.knob = knob;
    fake_refusal.value = value;
}

bool nio_os_accepts(int slot, enum nio_knob knob, uint32_t value)
{
    return !(fake_refusal.on && fake_refusal.slot == slot && fake_refusal.knob == knob &&
             fake_refusal.value == value);
}

int nio_os_may_change(void)
{
    int r;
    fake_os_lock();
    r = fake_may_change();
    fake_os_unlock();
    return r;
}

int nio_os_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t value,
                 uint32_t *undo)
{
    int r;
    fake_os_lock();
    r = fake_apply(ifc, slot, knob, value, undo);
    fake_os_unlock();
    return r;
}

int nio_os_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo)
{
    int r;
    fake_os_lock();
    r = fake_undo(ifc, slot, knob, undo);
    fake_os_unlock();
    return r;
}

int nio_os_watch_open(unsigned what, struct nio_watch **out)
{
    int r;
    fake_os_lock();
    r = fake_watch_open(what, out);
    fake_os_unlock();
    return r;
}

int nio_os_watch_set(struct nio_watch *w, unsigned what)
{
    int r;
    (void)w;
    fake_os_lock();
    r = fake_enter(FAKE_WATCH_SET, what);
    if (r == 0)
        fake.watch_what = what;
    fake_os_unlock();
    return r;
}

int nio_os_watch_fd(const struct nio_watch *w)
{
    return w->fds[0];
}

int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    struct fake_announced *taken;
    unsigned n = 0;
    int r;
    fake_os_lock();
    r = fake_watch_take(w, &taken, &n);
    fake_os_unlock();
    for (unsigned i = 0; i < n; i++) {
        struct nio_watch_event ev;
        memset(&ev, 0, sizeof(ev));
        ev.kind = taken[i].kind;
        ev.ifindex = taken[i].ifindex;
        ev.rows = taken[i].rows;
        ev.n = taken[i].n;
        ev.id = taken[i].has_id ? &taken[i].id : NULL;
        ev.addr = taken[i].has_addr ? &taken[i].addr : NULL;
        cb(ctx, &ev);
    }
    free(taken);
    return r;
}

void fake_os_quiet(bool watch, bool holds)
{
    fake_os_lock();
    fake.quiet_watch = watch;
    fake.quiet_holds = holds;
    if (!watch)
        fake.quiet_armed = false;
    fake_os_unlock();
}

unsigned fake_os_quiet_calls(void)
{
    unsigned n;
    fake_os_lock();
    n = fake.quiet_calls;
    fake_os_unlock();
    return n;
}

/* As a back end that watches quiet changes itself: not before it was
 * given a list to watch. */
bool nio_os_watch_quiet(struct nio_watch *w, const struct nio_iface *list, size_t n)
{
    bool covered;
    (void)w;
    (void)list;
    (void)n;
    fake_os_lock();
    fake.quiet_calls++;
    covered = fake.quiet_watch && fake.quiet_armed;
    fake.quiet_armed = fake.quiet_watch;
    fake_os_unlock();
    return covered;
}

bool nio_os_watch_quiet_holds(struct nio_watch *w)
{
    bool holds;
    (void)w;
    fake_os_lock();
    holds = fake.quiet_watch && fake.quiet_holds;
    fake_os_unlock();
    return holds;
}

void nio_os_watch_close(struct nio_watch *w)
{
    fake_os_lock();
    fake.watches--;
    if (fake.watch_wr == w->fds[1])
        fake.watch_wr = -1;
    fake_os_unlock();
    close(w->fds[0]);
    close(w->fds[1]);
    nio_free(w);
}

int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    int r;
    fake_os_lock();
    r = fake_ifrow_get(ifindex, flags, out);
    fake_os_unlock();
    return r;
}

static int fake_speed(const struct nio_iface *ifc, enum nio_speed *speed, uint64_t *bps)
{
    const struct nio_ifrow *set;
    int err = fake_enter(FAKE_SPEED, 0);
    fake.last_index = ifc->index;
    *speed = NIO_SPEED_NONE;
    *bps = 0;
    if (err != 0)
        return err;
    if (fake_os_find(ifc->index) == NULL)
        return -ENODEV;
    if ((set = fake_ifrow_set(ifc->index)) != NULL) {
        *speed = set->speed;
        *bps = set->speed_bps;
    }
    return 0;
}

int nio_os_speed(const struct nio_iface *ifc, enum nio_speed *speed, uint64_t *bps)
{
    int r;
    fake_os_lock();
    r = fake_speed(ifc, speed, bps);
    fake_os_unlock();
    return r;
}

void fake_os_set_speed_walk(bool walk)
{
    fake_os_lock();
    fake.speed_walk = walk;
    fake_os_unlock();
}

static int fake_speeds(struct nio_speed_of **out, size_t *count)
{
    struct nio_speed_of *v;
    size_t n = 0;
    int err = fake_enter(FAKE_SPEEDS, 0);
    if (err == 0 && !fake.speed_walk)
        err = -EOPNOTSUPP;
    if (err)
        return err;
    /* As large as the interfaces, even when none has a speed: a walk
     * allocates what the OS sends. */
    if ((v = nio_alloc(sizeof(*v) * (fake.count + 1))) == NULL)
        return -ENOMEM;
    for (unsigned i = 0; i < fake.count; i++) {
        const struct nio_ifrow *set = fake_ifrow_set(fake.ifaces[i].index);
        if (set == NULL || set->speed == NIO_SPEED_NONE)
            continue;
        v[n].index = fake.ifaces[i].index;
        v[n].speed = set->speed;
        v[n].bps = set->speed_bps;
        n++;
    }
    nio_sort_by_index(v, n, sizeof(*v));
    *out = v;
    *count = n;
    return 0;
}

int nio_os_speeds(struct nio_speed_of **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_speeds(out, count);
    fake_os_unlock();
    return r;
}

int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_ifrow_list(flags, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    int r;
    fake_os_lock();
    r = fake_route_get(q, out);
    fake_os_unlock();
    return r;
}

int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    int r;
    fake_os_lock();
    r = fake_addr_owner(addr, ifindex);
    fake_os_unlock();
    return r;
}

int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_route_defaults(slot, table, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_route_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    int r;
    fake_os_lock();
    r = fake_route_list(want, oif, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_route_find(const struct nio_route *key, bool expect_new, struct nio_route **out,
                      size_t *count)
{
    int r;
    fake_os_lock();
    fake.route_find_new = expect_new;
    r = fake_route_list(nio_want_of_slot(key->prefix.slot), key->oif, out, count);
    fake_os_unlock();
    return r;
}

int nio_os_route_add(const struct nio_route *route)
{
    int r;
    fake_os_lock();
    r = fake_route_add(route);
    fake_os_unlock();
    return r;
}

int nio_os_route_delete(const struct nio_route *route)
{
    int r;
    fake_os_lock();
    r = fake_route_delete(route);
    fake_os_unlock();
    return r;
}

int nio_os_route_delete_key(const struct nio_route *key)
{
    int r;
    fake_os_lock();
    r = fake_route_delete_key(key);
    fake_os_unlock();
    return r;
}

int nio_os_route_set(const struct nio_route *old, const struct nio_route *now)
{
    int r;
    fake_os_lock();
    r = fake_route_set(old, now);
    fake_os_unlock();
    return r;
}

int nio_os_route_may_change(void)
{
    int r;
    fake_os_lock();
    r = fake_enter(FAKE_ROUTE_MAY_CHANGE, 0);
    if (r == 0)
        r = fake.route_may_change;
    fake_os_unlock();
    return r;
}

bool nio_os_route_proves_interface(void)
{
    return fake.route_proves_interface;
}
