/*
 * backend.h - what a back end sees: the questions the core asks the OS, in
 * OS-neutral terms, and the allocation every part of the library uses.
 *
 * A back end (src/<os>/) includes this header and no other of src/: it
 * answers "what does the OS say about interface N" and "apply this change",
 * and returns 0 or a negative errno value.  Validation, the lookup order,
 * LUIDs, status codes, Windows defaults, all-or-nothing and the order of
 * tables are the core's (core.h), which a back end cannot see.
 */
#ifndef NIO_BACKEND_H
#define NIO_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "netioapi_compat.h"

/* ELF hides what is not exported; PE exports only what is marked. */
#if defined(_WIN32)
#define NIO_HIDDEN
#else
#define NIO_HIDDEN __attribute__((visibility("hidden")))
#endif

/* ----------------------------------------------------------- allocation */
/* Every allocation of the library goes through here, so that tests can fail
 * the Nth one.  The hook is process-wide, set only by tests, and read
 * atomically. */
typedef bool (*nio_alloc_hook)(size_t size);
void *nio_alloc(size_t size) NIO_HIDDEN;
void *nio_calloc(size_t n, size_t size) NIO_HIDDEN;
void *nio_realloc(void *p, size_t size) NIO_HIDDEN;
void nio_free(void *p) NIO_HIDDEN;
/* Room for element n of a growable array of elem-sized elements at v with
 * *cap allocated: v itself, or v moved to a larger block (*cap updated), or
 * NULL when that allocation fails (v is then still valid and unchanged). */
void *nio_grow(void *v, size_t *cap, size_t n, size_t elem) NIO_HIDDEN;
/* A growable array that a list is collected into: nio_vec_room() gives
 * room for element n (a pointer to it, not yet counted; the caller counts
 * it with n++ once it is filled), or NULL when that allocation fails (the
 * elements so far stay valid).  The caller nio_free()s v. */
struct nio_vec {
    void *v;
    size_t n, cap;
};
void *nio_vec_room(struct nio_vec *vec, size_t elem) NIO_HIDDEN;
/* Lists by interface index (table.c): v holds n elements of elem bytes,
 * each beginning with a uint32_t interface index (struct nio_iface,
 * struct nio_ifrow).  The core sorts every list a back end reports; a back
 * end sorts only to merge two readings, and finds an element by index in a
 * sorted list (NULL when none has it). */
void nio_sort_by_index(void *v, size_t n, size_t elem) NIO_HIDDEN;
void *nio_find_by_index(void *v, size_t n, size_t elem, uint32_t index) NIO_HIDDEN;
/* The same order without moving the elements, for long lists of large
 * ones: order[k] (n entries) is the position in v of the k-th element by
 * index, elements of one index in their order in v.  0, or -ENOMEM. */
int nio_order_by_index(const void *v, size_t n, size_t elem, uint32_t *order) NIO_HIDDEN;
/* Test seam: when set, the hook is asked first and false from it fails the
 * allocation.  Returns the previous hook. */
nio_alloc_hook nio_alloc_set_hook(nio_alloc_hook hook);
/* Whether a test's hook is set: a cache that would spare an allocation
 * (table.c) makes it anyway, so that every allocation is still failed in
 * turn. */
bool nio_alloc_hooked(void) NIO_HIDDEN;

/* ------------------------------------------------- what a back end reports */
enum { NIO_V4 = 0, NIO_V6 = 1, NIO_FAMILIES = 2 };

/* Bits of nio_family.known: which facts the OS gave.  The core fills every
 * fact left unknown with the value Windows reports (docs/fields.md). */
enum nio_fact {
    NIO_K_MTU = 1u << 0,
    NIO_K_FORWARDING = 1u << 1,
    NIO_K_DAD = 1u << 2,
    NIO_K_ROUTER_DISCOVERY = 1u << 3,
    NIO_K_MANAGED_OTHER = 1u << 4,
    NIO_K_BASE_REACHABLE = 1u << 5,
    NIO_K_REACHABLE = 1u << 6,
    NIO_K_RETRANSMIT = 1u << 7,
    NIO_K_MAX_REASSEMBLY = 1u << 8,
    NIO_K_LINK_LOCAL = 1u << 9,
    NIO_K_PMTU_TIMEOUT = 1u << 10,
};

struct nio_family {
    bool present;               /* the family is bound on the interface */
    uint32_t known;             /* NIO_K_* bits */
    uint32_t mtu;               /* bytes */
    bool forwarding;
    uint32_t dad_transmits;
    NL_ROUTER_DISCOVERY_BEHAVIOR router_discovery;
    bool managed, other;        /* RA M and O flags */
    uint32_t base_reachable_ms, reachable_ms, retransmit_ms;
    uint32_t max_reassembly;    /* bytes */
    NL_LINK_LOCAL_ADDRESS_BEHAVIOR link_local;
    uint32_t pmtu_timeout_ms;
};

#define NIO_NAME_MAX 64         /* OS interface names, NUL included */
#define NIO_HWADDR_MAX 32       /* IF_MAX_PHYS_ADDRESS_LENGTH */

struct nio_iface {
    uint32_t index;             /* OS interface index, never 0 */
    uint16_t iftype;            /* IANA ifType (IF_TYPE_*) */
    bool connected;             /* operationally up, carrier present */
    bool neighbor_discovery;    /* the OS resolves neighbours (not NOARP) */
    bool loopback;
    uint32_t mtu;               /* link MTU, bytes */
    char name[NIO_NAME_MAX];    /* OS name, the alias */
    struct nio_family fam[NIO_FAMILIES];
    /* From the same OS answer as the rest, so that a table can tell an
     * interface from the next holder of its index without asking the OS
     * again per interface (the system-wide record, below): */
    bool hardware;              /* a physical device (on a bus), as nio_ifrow's */
    uint8_t id_addr_len;        /* bytes of id_addr (0: the device has no address) */
    uint8_t id_addr[NIO_HWADDR_MAX]; /* its permanent link-layer address when the
                                   OS knows one, else the current one */
};

/* What a caller needs from nio_os_get: the link alone (conversions) or the
 * per-family facts too (rows). */
enum nio_want {
    NIO_WANT_LINK = 0,
    NIO_WANT_V4 = 1u << 0,
    NIO_WANT_V6 = 1u << 1,
    /* Which families are bound (fam[].present of both) and nothing more of
     * them: the route and address rows' check, which must not pay for the
     * facts of an IP interface row. */
    NIO_WANT_PRESENCE = 1u << 2,
};

/* --------------------------------------------------- the back-end contract */
/* One interface by index: 0, -ENODEV when there is none, or -errno.  Fills
 * *out completely (fields not asked for may be left zero).  One targeted
 * request to the OS, never a walk of every interface. */
int nio_os_get(uint32_t ifindex, unsigned want, struct nio_iface *out) NIO_HIDDEN;

/* One interface by OS name: as nio_os_get. */
int nio_os_get_by_name(const char *name, unsigned want, struct nio_iface *out) NIO_HIDDEN;

/* Every interface, with the facts of the families in want, as one array
 * from nio_alloc (the caller nio_free()s it; *count may be 0).  A consistent
 * snapshot: a back end that learns its read was torn reads again a bounded
 * number of times, then fails with -EAGAIN (the core reports NIO_RETRY). */
int nio_os_list(unsigned want, struct nio_iface **out, size_t *count) NIO_HIDDEN;

/* ----------------------------------------------- changing an interface */
/* One OS setting that SetIpInterfaceEntry can change, for one family.  The
 * value is in the row's terms (bytes, milliseconds, TRUE/FALSE, an
 * NL_*_BEHAVIOR); the back end turns it into the OS's own. */
enum nio_knob {                 /* in the order Set applies them */
    NIO_KNOB_FORWARDING,        /* ForwardingEnabled */
    NIO_KNOB_DAD,               /* DadTransmits */
    NIO_KNOB_ROUTER_DISCOVERY,  /* RouterDiscoveryBehavior: Enabled/Disabled */
    NIO_KNOB_BASE_REACHABLE,    /* BaseReachableTime */
    NIO_KNOB_RETRANSMIT,        /* RetransmitTime */
    NIO_KNOB_LINK_LOCAL,        /* LinkLocalAddressBehavior: AlwaysOn/AlwaysOff */
    NIO_KNOB_MTU,               /* NlMtu: last, the one devices refuse most */
    NIO_KNOB_COUNT
};

/* Bit (1u << knob) set when the back end can change knob for the family in
 * slot.  A requested change of any other field is NOT_SUPPORTED. */
unsigned nio_os_knobs(int slot) NIO_HIDDEN;

/* Whether the back end can express value for knob (one of nio_os_knobs):
 * asked while Set checks every field, before anything is written, so that
 * a value the OS cannot take is NOT_SUPPORTED with nothing changed. */
bool nio_os_accepts(int slot, enum nio_knob knob, uint32_t value) NIO_HIDDEN;

/* 0 when the caller may change interfaces, -EPERM when it lacks the
 * privilege (checked before anything is written). */
int nio_os_may_change(void) NIO_HIDDEN;

/* Applies one change: 0 or -errno (-EINVAL: the OS refuses the value,
 * -EPERM/-EACCES: privilege).  *undo receives an opaque token that
 * nio_os_undo() uses to put back exactly what was there before. */
int nio_os_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t value,
                 uint32_t *undo) NIO_HIDDEN;
int nio_os_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo) NIO_HIDDEN;

/* ----------------------------------------------------- watching changes */
/* A subscription to the OS's change messages.  The core polls
 * nio_os_watch_fd() for input, then calls nio_os_watch_read(), which drains
 * what is pending without blocking and reports what it read through
 * cb(ctx, ev), one struct nio_watch_event at a time.  Which messages the
 * subscription covers is a set of NIO_WATCH_* bits, given at open and
 * changed with nio_os_watch_set() while the watch is open; a back end may
 * report more than was asked for (the core ignores it), never less. */
enum nio_watch_what {
    NIO_WATCH_IPIF = 1u << 0,       /* IP interface rows */
    NIO_WATCH_ROUTES = 1u << 1,     /* route rows (as nio_os_route_list reports them) */
    NIO_WATCH_ADDRS = 1u << 2,      /* unicast address rows (as nio_os_addr_list reports them) */
};

enum nio_watch_kind {
    /* Interface ifindex may have changed; 0: compare every interface (a
     * change of settings that stand for all of them). */
    NIO_WE_IFACE,
    /* The rows of one OS route (rows[0..n), n may be 0 for a route that is
     * no row) now exist: a new route, or a new reading of one. */
    NIO_WE_ROUTE_NEW,
    /* The rows of one OS route no longer exist. */
    NIO_WE_ROUTE_DEL,
    /* The rows of one OS route (n may be 0) replaced, in place, an OS
     * route of the same OS identity: same family, table, prefix, prefix
     * length and metric (id), which may have had other rows, now gone. */
    NIO_WE_ROUTE_REPLACE,
    /* Routes through ifindex (0: every route) may have changed without a
     * message of their own (Linux flushes IPv4 routes silently when their
     * interface goes down or away): compare them with nio_os_route_list. */
    NIO_WE_ROUTES,
    /* Messages were lost (the OS dropped some): compare everything. */
    NIO_WE_LOST,
    /* The address addr now exists, as nio_os_addr_list would report it: a
     * new address, or a new reading of one (flags, lifetimes). */
    NIO_WE_ADDR_NEW,
    /* The address addr (interface, address, prefix length) no longer exists. */
    NIO_WE_ADDR_DEL,
    /* The addresses of ifindex (0: every address) may have changed without
     * a message that says how (a BSD's RTM_NEWADDR, a malformed message,
     * an interface gone): compare them with nio_os_addr_list. */
    NIO_WE_ADDRS,
};

struct nio_route; /* route rows, below */
struct nio_addr;  /* address rows, below */
struct nio_watch_event {
    enum nio_watch_kind kind;
    uint32_t ifindex;               /* NIO_WE_IFACE, NIO_WE_ROUTES, NIO_WE_ADDRS */
    const struct nio_route *rows;   /* NIO_WE_ROUTE_*: valid during the callback */
    size_t n;
    const struct nio_route *id;     /* NIO_WE_ROUTE_REPLACE: prefix, prefix_len, table,
                                       metric of the route replaced */
    const struct nio_addr *addr;    /* NIO_WE_ADDR_*: valid during the callback */
};

struct nio_watch;
typedef void (*nio_watch_cb)(void *ctx, const struct nio_watch_event *ev);
/* what: NIO_WATCH_* bits, at least one. */
int nio_os_watch_open(unsigned what, struct nio_watch **out) NIO_HIDDEN;
/* Subscribes to exactly what from now on: 0 or -errno (the subscription
 * is then as it was).  Messages read after a successful call that widens
 * it cover everything the OS changed after the call began. */
int nio_os_watch_set(struct nio_watch *w, unsigned what) NIO_HIDDEN;
int nio_os_watch_fd(const struct nio_watch *w) NIO_HIDDEN;
int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx) NIO_HIDDEN;
void nio_os_watch_close(struct nio_watch *w) NIO_HIDDEN;

/* Changes the OS makes without a message (Linux: values written through
 * /proc/sys, the system-wide record), which the core otherwise finds only
 * by comparing every interface every 0.9 s.  A back end that can watch
 * them itself reports each one, through the watch's descriptor, as
 * NIO_WE_IFACE for its interface (0: every interface).
 *
 * nio_os_watch_quiet() follows each comparison of every interface, with
 * that comparison's list: the back end starts watching those interfaces'
 * quiet changes (and stops for interfaces no longer listed) and returns
 * true only when it watched every listed interface already before the call
 * (so none of their changes can have gone unseen since the comparison
 * before).  nio_os_watch_quiet_holds() is the cheap check between
 * comparisons: false when the back end learnt that some watches of its
 * own may have gone silent.  While both say true the core compares every
 * interface only as a backstop, rarely; a back end that watches nothing
 * itself returns false. */
bool nio_os_watch_quiet(struct nio_watch *w, const struct nio_iface *list, size_t n) NIO_HIDDEN;
bool nio_os_watch_quiet_holds(struct nio_watch *w) NIO_HIDDEN;

/* ------------------------------------------------ MIB_IF_ROW2 and routes */
/* What a back end reports about one interface for MIB_IF_ROW2, beyond
 * struct nio_iface: OS facts only; ifrow.c turns them into Windows fields
 * and picks every value the OS lacks (docs/ifrow.md). */
#define NIO_DESCR_MAX 257       /* description, UTF-8 bytes with the NUL */

enum nio_speed {
    NIO_SPEED_NONE = 0,         /* the device has no notion of a speed (virtual) */
    NIO_SPEED_UNKNOWN,          /* it has one but does not know it now (no link) */
    NIO_SPEED_KNOWN,            /* speed_bps holds it */
};

/* Counters since the interface appeared, as the OS keeps them. */
struct nio_counters {
    uint64_t in_octets, in_packets, in_multicast, in_discards, in_errors, in_unknown_protos;
    uint64_t out_octets, out_packets, out_multicast, out_discards, out_errors;
};

struct nio_ifrow {
    struct nio_iface ifc;       /* index, type, name, MTU, connected; families unread */
    bool admin_up;              /* enabled by the administrator */
    bool hardware;              /* a physical device (on a bus) */
    bool broadcast;             /* the link has broadcast */
    bool point_to_point;        /* the link has exactly one peer */
    uint8_t oper;               /* IF_OPER_STATUS (RFC 2863); IfOperStatusUnknown if unsaid */
    uint8_t tunnel_type;        /* TUNNEL_TYPE_*: the OS's tunnel kind in Windows' terms */
    uint8_t addr_len;           /* link-layer address, bytes (0: none) */
    uint8_t perm_addr_len;      /* permanent address, bytes (0: the OS does not know one) */
    uint8_t addr[NIO_HWADDR_MAX];
    uint8_t perm_addr[NIO_HWADDR_MAX];
    char description[NIO_DESCR_MAX]; /* UTF-8; "" when the OS has none */
    enum nio_speed speed;
    uint64_t speed_bps;         /* bits per second, when speed is NIO_SPEED_KNOWN */
    bool has_counters;          /* counters were asked for and the OS gave them */
    struct nio_counters counters;
};

/* Flags of the ifrow functions. */
enum { NIO_IFROW_COUNTERS = 1u << 0 };

/* One interface by index: 0, -ENODEV when there is none, or -errno.  One
 * targeted request to the OS (plus, where the OS keeps it elsewhere, one
 * query of the device's speed), never a walk of every interface. */
int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out) NIO_HIDDEN;

/* Every interface, by index, as one array from nio_alloc (the caller
 * nio_free()s it); a consistent snapshot or -EAGAIN, as nio_os_list. */
int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count) NIO_HIDDEN;

/* The link speed of ifc (as nio_os_get or nio_os_list reported it), as
 * nio_os_ifrow_get reports it: one query of the device at most, through a
 * descriptor the thread already holds (no socket per call), never a
 * request about the interface itself.  0, or -errno (the core then takes
 * the device for one without a speed, NIO_SPEED_NONE). */
int nio_os_speed(const struct nio_iface *ifc, enum nio_speed *speed, uint64_t *bps) NIO_HIDDEN;

/* Every device's speed from one walk, where the OS has one (Linux 5.6:
 * one ethtool-netlink dump, against one ioctl per device): an array by
 * index from nio_alloc (the caller nio_free()s it), each entry as
 * nio_os_speed would answer for that device; a device it leaves out has
 * no notion of a speed (NIO_SPEED_NONE, as nio_os_speed's refusal).
 * -EOPNOTSUPP when the OS has no such walk, or any other -errno: the core
 * then asks each device with nio_os_speed, for the same answers. */
struct nio_speed_of {
    uint32_t index;             /* first: nio_sort_by_index */
    enum nio_speed speed;
    uint64_t bps;
};
int nio_os_speeds(struct nio_speed_of **out, size_t *count) NIO_HIDDEN;

/* An IPv4 (first 4 bytes) or IPv6 address of the family in slot. */
struct nio_ip {
    int slot;                   /* NIO_V4 or NIO_V6 */
    uint8_t bytes[16];
    uint32_t scope;             /* IPv6 zone (interface index) or 0 */
};

/* The bytes an address of the family in slot has. */
static inline size_t nio_ip_len(int slot)
{
    return slot == NIO_V6 ? 16 : 4;
}

/* The same address (the zone aside). */
static inline bool nio_ip_same(const struct nio_ip *a, const struct nio_ip *b)
{
    return a->slot == b->slot && memcmp(a->bytes, b->bytes, nio_ip_len(a->slot)) == 0;
}

/* A route lookup as the OS makes it. */
struct nio_route_query {
    struct nio_ip dst;
    bool has_src;               /* src is given (and is an address of this machine) */
    struct nio_ip src;
    uint32_t oif;               /* only routes through this interface; 0: any */
};

/* Who made a route, in OS-neutral terms. */
enum nio_route_origin {
    NIO_RO_OTHER = 0,
    NIO_RO_KERNEL,              /* the stack: connected and local routes */
    NIO_RO_STATIC,              /* an administrator or a program */
    NIO_RO_DHCP,
    NIO_RO_RA,                  /* an IPv6 router advertisement */
    NIO_RO_REDIRECT,            /* an ICMP redirect */
    NIO_RO_RIP,
    NIO_RO_OSPF,
    NIO_RO_ISIS,
    NIO_RO_BGP,
};

/* The route the OS chose. */
struct nio_route {
    uint32_t oif;               /* outgoing interface (the address's own for a local one) */
    uint32_t table;             /* the OS's table it is in */
    struct nio_ip prefix;       /* the route's destination prefix */
    uint8_t prefix_len;
    bool has_gateway;
    struct nio_ip gateway;      /* the next hop (may be of the other family) */
    bool has_src;
    struct nio_ip src;          /* the source the OS would use */
    bool local;                 /* the destination is an address of this machine */
    uint32_t metric;            /* the route's own metric */
    enum nio_route_origin origin;
    bool expires;               /* it has a lifetime ... */
    uint32_t expires_s;         /* ... of this many seconds left */
    /* As a route row (nio_os_route_list): */
    bool broadcast;             /* a broadcast or multicast route of the OS's
                                   own (Linux's local table): a row, never chosen */
    uint32_t os_bits;           /* the back end's own: what else names this
                                   route to the OS (Linux: type, tos, scope);
                                   handed back unchanged to delete and set */
};

/* The OS's own choice for q: 0, -ENETUNREACH when no route qualifies (a
 * reject route included), or -errno. */
int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out) NIO_HIDDEN;

/* Whether addr is an address of this machine: 0 and the index of the
 * interface that holds it, -EADDRNOTAVAIL when it is not, or -errno. */
int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex) NIO_HIDDEN;

/* The default routes (prefix length 0) of the family in slot and of the
 * OS table `table`, as one array from nio_alloc: one entry per next hop
 * (oif, gateway, metric filled).  Only called when the route chosen is a
 * default route through an interface with DisableDefaultRoutes. */
int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out,
                          size_t *count) NIO_HIDDEN;

/* ----------------------------------------------------------- route rows */
/* A route row is a struct nio_route for one next hop: a multipath route is
 * one row per next hop.  metric is the OS's own priority (the core's metric
 * model turns it into the row's Metric, docs/route.md); prefix holds the
 * address with its host bits zero.  Which OS routes are rows is the back
 * end's to say and docs/route.md's to document (Linux: the main and local
 * tables' unicast, local, broadcast and multicast routes). */

/* The route rows of the families in want (NIO_WANT_V4 | NIO_WANT_V6), as
 * one array from nio_alloc (the caller nio_free()s it; *count may be 0), in
 * any order.  oif non-zero: only the rows through that interface, chosen by
 * the OS, so that other interfaces' routes never reach this process.  A
 * consistent snapshot: a torn read is read again a bounded number of times,
 * then -EAGAIN. */
int nio_os_route_list(unsigned want, uint32_t oif, struct nio_route **out,
                      size_t *count) NIO_HIDDEN;
/* The hash of r's Windows key (oif, prefix and length, gateway: none and
 * the zero address alike), equal for rows nio_route_same_key calls the
 * same (route-row.c): what a back end indexes rows by. */
uint32_t nio_route_key_hash(const struct nio_route *r) NIO_HIDDEN;
/* Whether a and b are the same route by Windows' key: family, prefix and
 * length, next hop (none equals the zero address) and interface. */
bool nio_route_same_key(const struct nio_route *a, const struct nio_route *b) NIO_HIDDEN;

/* The rows that may have key's Windows key (key->oif, prefix and length,
 * gateway), as nio_os_route_list: either the rows of the one route with the
 * key that the OS prefers (where the OS can look it up and its answer
 * proves it), or every row through key->oif with that prefix, maybe others
 * (the core picks the first with the key), or none when the back end knows
 * that no row has the key.  expect_new: the caller expects no row to have
 * the key (Create), so a back end that has both a cheap proof of absence and
 * a look-up tries the proof first, and the look-up first otherwise (Get,
 * Set, Delete); the answer is the same either way. */
int nio_os_route_find(const struct nio_route *key, bool expect_new, struct nio_route **out,
                      size_t *count) NIO_HIDDEN;

/* Adds r (oif, prefix, gateway or none, metric, origin, lifetime; table,
 * src, local, broadcast and os_bits unset) as a new route, in the table the
 * OS uses by default: 0; -EEXIST: the OS holds the same route; -ENODEV: no
 * such interface; -ENETUNREACH: the gateway is not reachable through oif;
 * -EINVAL: the OS refuses a value; -EPERM/-EACCES: privilege; -errno.  It
 * never merges r into another route (no multipath made here).  Where
 * nio_os_route_proves_interface() is true, a caller without the privilege
 * is refused before anything else is looked at, and nothing is written
 * (Linux: rtnetlink's CAP_NET_ADMIN check), as by nio_os_route_delete:
 * route.c's Create by index alone and Delete then ask
 * nio_os_route_may_change only when the write failed. */
int nio_os_route_add(const struct nio_route *r) NIO_HIDDEN;

/* Deletes the row r, exactly as nio_os_route_list reported it (only that
 * next hop of a multipath route): 0; -ENOENT: it is gone; -errno as add. */
int nio_os_route_delete(const struct nio_route *r) NIO_HIDDEN;

/* Deletes, in one request, a route with key's Windows key (key->oif,
 * prefix and length, gateway or none) that the OS can delete by that key
 * without touching any other row: one next hop of its own (a multipath
 * route's hop only where the OS deletes it alone), in the table the OS
 * uses by default, of the lowest priority among those.  0: deleted;
 * -EIO: the answer could not be read, so a route may have gone or not;
 * else -errno and nothing deleted (-ENOENT: no such route, or none the OS
 * can name so, or a key the back end cannot delete so safely), and the
 * core finds the row and deletes it by nio_os_route_delete, which also
 * gives the codes their order.  Only called where
 * nio_os_route_proves_interface() is true: a route deleted through
 * key->oif proves the interface. */
int nio_os_route_delete_key(const struct nio_route *key) NIO_HIDDEN;

/* One route write's look (route.c: Create, Set and Delete, each once,
 * never nested, on the calling thread).  Between begin and end the back
 * end may answer what its process-wide caches are asked (the route
 * mirror, the record's absence) from what it saw at begin, one moment
 * inside the call, instead of asking the OS again at each question.
 * Linux: one poll() of the sockets and watches the caches are kept from
 * (src/linux/subscription.c); the BSD back end: nothing. */
void nio_os_look_begin(void) NIO_HIDDEN;
void nio_os_look_end(void) NIO_HIDDEN;

/* Changes the row old (as listed) into now, which differs only in metric,
 * origin and lifetime: all or nothing, 0 or -errno as add and delete. */
int nio_os_route_set(const struct nio_route *old, const struct nio_route *now) NIO_HIDDEN;

/* 0 when the caller may change routes, -EPERM when it may not (checked
 * before anything is written). */
int nio_os_route_may_change(void) NIO_HIDDEN;

/* Whether a route that nio_os_route_find proves, through key->oif, proves
 * that interface exists and binds the route's family: true where the OS
 * removes a family's routes when the family leaves an interface and refuses
 * new ones while it is gone (Linux: IPv6 disabled, an MTU below 1280, an
 * interface deleted), and that nio_os_route_add of a route through an
 * interface that does not exist or bind the family fails.  Then writes by
 * index alone need no interface request (route.c). */
bool nio_os_route_proves_interface(void) NIO_HIDDEN;

/* ------------------------------------------------- unicast address rows */
/* What the OS says about one address of one interface: OS facts only;
 * addr.c turns them into a MIB_UNICASTIPADDRESS_ROW (docs/fields.md). */
enum nio_addr_flag {
    NIO_AF_PERMANENT = 1u << 0,     /* configured: no lifetime of the OS's own */
    NIO_AF_TEMPORARY = 1u << 1,     /* an IPv6 privacy address (RFC 8981) */
    NIO_AF_TENTATIVE = 1u << 2,     /* duplicate address detection in progress */
    NIO_AF_OPTIMISTIC = 1u << 3,    /* usable while detection runs (RFC 4429) */
    NIO_AF_DADFAILED = 1u << 4,     /* detection found another holder */
    NIO_AF_DEPRECATED = 1u << 5,    /* preferred lifetime over */
    NIO_AF_NODAD = 1u << 6,         /* no detection is run for it */
    NIO_AF_STABLE_PRIVACY = 1u << 7, /* IPv6 stable random interface identifier (RFC 7217) */
    NIO_AF_MANAGETEMPADDR = 1u << 8, /* IPv6: privacy addresses are made from it */
    NIO_AF_NOPREFIXROUTE = 1u << 9, /* the OS made no on-link prefix route for it */
    NIO_AF_SECONDARY = 1u << 10,    /* IPv4: another address of the same subnet came first */
};

/* Who made an address, where the OS says (Linux 5.18+: IFA_PROTO). */
enum nio_addr_origin {
    NIO_AO_UNKNOWN = 0,             /* the OS does not say */
    NIO_AO_LOOPBACK,                /* the stack: loopback's own address */
    NIO_AO_RA,                      /* the stack, from a router advertisement */
    NIO_AO_LINK_LOCAL,              /* the stack: the interface's IPv6 link-local */
    NIO_AO_PROGRAM,                 /* a program that named itself (another IFA_PROTO) */
};

#define NIO_LIFETIME_INFINITE 0xFFFFFFFFu

struct nio_addr {
    uint32_t ifindex;               /* first: lists are sorted by it (nio_sort_by_index) */
    struct nio_ip addr;             /* the address (scope 0) */
    uint8_t prefix_len;             /* on-link prefix length, bits */
    uint32_t flags;                 /* NIO_AF_* */
    enum nio_addr_origin origin;
    bool has_peer;                  /* point to point: the other end's address */
    struct nio_ip peer;
    bool has_broadcast;             /* IPv4: the broadcast address */
    struct nio_ip broadcast;
    uint32_t valid_s;               /* seconds left, NIO_LIFETIME_INFINITE */
    uint32_t preferred_s;           /* seconds left as preferred, the same */
    bool has_created;               /* created_ms is known */
    uint64_t created_ms;            /* when it was made: ms since the OS booted
                                       (the origin of CLOCK_MONOTONIC) */
    uint8_t os_proto;               /* the back end's own: who the OS says made it
                                       (Linux: IFA_PROTO), handed back by a change */
};

/* The addresses of the families in want (NIO_WANT_V4 | NIO_WANT_V6), as
 * one array from nio_alloc (the caller nio_free()s it; *count may be 0), in
 * any order.  ifindex non-zero: only that interface's, chosen by the OS
 * where it can filter.  A consistent snapshot: a torn read is read again a
 * bounded number of times, then -EAGAIN. */
int nio_os_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out,
                     size_t *count) NIO_HIDDEN;

/* The address addr (its slot says the family) of interface ifindex: 0,
 * -ENOENT when the interface has no such address, -ENODEV when there is no
 * such interface, or -errno.  One targeted request where the OS has one
 * (Linux: IPv6), else the interface's addresses alone (Linux: IPv4, a dump
 * the kernel filters by interface).  With several (IPv4: the same address
 * with two prefix lengths), the first the OS lists. */
int nio_os_addr_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_addr *out) NIO_HIDDEN;

/* Whether interface ifindex has the address addr, with any prefix length:
 * 0, -ENOENT when it has not, -ENODEV when there is no such interface, or
 * -errno.  What Create asks before it adds; cheaper than nio_os_addr_get
 * where the OS can say it without listing the interface's addresses
 * (Linux IPv4: the address's local route, docs/address.md). */
int nio_os_addr_has(const struct nio_ip *addr, uint32_t ifindex) NIO_HIDDEN;

/* Adds a (ifindex, addr, prefix_len, broadcast if any, lifetimes, flags:
 * only NIO_AF_NODAD and NIO_AF_NOPREFIXROUTE are asked for): 0; -EEXIST:
 * the interface has it; -ENODEV: no such interface, or the family is not
 * bound on it; -EINVAL: the OS refuses a value; -EPERM/-EACCES: privilege;
 * -errno.  The OS makes the on-link prefix route unless NOPREFIXROUTE. */
int nio_os_addr_add(const struct nio_addr *a) NIO_HIDDEN;

/* Deletes a exactly as nio_os_addr_list or nio_os_addr_get reported it:
 * 0; -ENOENT: it is gone; -errno as add. */
int nio_os_addr_delete(const struct nio_addr *a) NIO_HIDDEN;

/* Deletes the address addr of interface ifindex, the one nio_os_addr_get
 * would report (the first, when it has two prefix lengths): 0; -ENOENT:
 * it has no such address; -errno as add.  What Delete asks: one request
 * where the OS names an address without its prefix length (Linux IPv4). */
int nio_os_addr_remove(const struct nio_ip *addr, uint32_t ifindex) NIO_HIDDEN;

/* Gives the address old (as reported) the lifetimes of now (valid_s,
 * preferred_s; everything else as old): 0; -ENOENT: it is gone; -errno as
 * add. */
int nio_os_addr_set(const struct nio_addr *old, const struct nio_addr *now) NIO_HIDDEN;

/* 0 when the caller may change addresses, -EPERM when it may not (checked
 * before anything is written). */
int nio_os_addr_may_change(void) NIO_HIDDEN;

/* ------------------------------------------------------ neighbour rows */
/* What the OS says about one neighbour of one interface: OS facts only;
 * neigh.c turns them into a MIB_IPNET_ROW2 (docs/neigh.md). */
enum nio_neigh_state {
    NIO_NS_NONE = 0,                /* made, never used (Linux NUD_NONE) */
    NIO_NS_INCOMPLETE,              /* resolution in progress */
    NIO_NS_REACHABLE,               /* confirmed lately */
    NIO_NS_STALE,                   /* not confirmed lately */
    NIO_NS_DELAY,                   /* waiting to be confirmed again */
    NIO_NS_PROBE,                   /* being confirmed again */
    NIO_NS_FAILED,                  /* resolution failed */
    NIO_NS_NOARP,                   /* needs no resolution (multicast, a link without one) */
    NIO_NS_PERMANENT,               /* configured */
};

struct nio_neigh {
    uint32_t ifindex;               /* first: lists are sorted by it (nio_sort_by_index) */
    struct nio_ip addr;             /* the neighbour's address (scope 0) */
    uint8_t lladdr_len;             /* bytes of lladdr (0: none known) */
    uint8_t lladdr[NIO_HWADDR_MAX];
    enum nio_neigh_state state;
    bool router;                    /* it says it is a router (IPv6 neighbour discovery) */
    bool has_times;                 /* the two ages below are known */
    uint32_t confirmed_ms;          /* ms since it was last confirmed reachable */
    uint32_t updated_ms;            /* ms since its state last changed */
    uint32_t os_bits;               /* the back end's own (Linux: the entry's flags,
                                       its protocol), handed back by a change */
};

/* The neighbours of the families in want (NIO_WANT_V4 | NIO_WANT_V6), as
 * one array from nio_alloc (the caller nio_free()s it; *count may be 0), in
 * any order; proxy entries are no neighbours.  ifindex non-zero: only that
 * interface's, filtered by the OS where it can.  A consistent snapshot: a
 * torn read is read again a bounded number of times, then -EAGAIN. */
int nio_os_neigh_list(unsigned want, uint32_t ifindex, struct nio_neigh **out,
                      size_t *count) NIO_HIDDEN;

/* The neighbour addr (its slot says the family) of interface ifindex, one
 * targeted request where the OS has one: 0, -ENOENT when there is none,
 * -ENODEV when there is no such interface, or -errno. */
int nio_os_neigh_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_neigh *out) NIO_HIDDEN;

/* Adds n (ifindex, addr, lladdr, state: NIO_NS_PERMANENT, _REACHABLE,
 * _STALE, _DELAY or _PROBE; router): 0; -EEXIST: the interface has a
 * neighbour of that address; -ENODEV: no such interface; -EINVAL: the OS
 * refuses a value (a link-layer address of another length); -EOPNOTSUPP:
 * the OS cannot make an entry of that state or with the router flag (the
 * BSDs make permanent entries only); -EPERM/-EACCES: privilege; -errno. */
int nio_os_neigh_add(const struct nio_neigh *n) NIO_HIDDEN;

/* Replaces the neighbour old (as reported) by now (the same ifindex and
 * addr; lladdr, state and router as add takes them): all or nothing, 0;
 * -ENOENT: it is gone; -errno as add. */
int nio_os_neigh_set(const struct nio_neigh *old, const struct nio_neigh *now) NIO_HIDDEN;

/* Deletes n exactly as reported: 0; -ENOENT: it is gone; -errno as add. */
int nio_os_neigh_delete(const struct nio_neigh *n) NIO_HIDDEN;

/* Forgets what the OS resolved of addr on ifindex (an entry it made
 * itself; a configured one, NIO_NS_PERMANENT or NIO_NS_NOARP, is answered
 * as it is), has the OS solicit it and waits until it answers or the OS
 * gives up: 0 and *out resolved (a state with a link-layer address);
 * -EHOSTUNREACH: nobody answered; -EOPNOTSUPP: the OS has no request that
 * resolves (the BSDs); -ENODEV; -EPERM/-EACCES; -errno.  The
 * wait is the OS's own solicitation budget, bounded by timeout_ms (then
 * -EHOSTUNREACH).  The OS picks the solicitation's source address. */
int nio_os_neigh_resolve(const struct nio_ip *addr, uint32_t ifindex, uint32_t timeout_ms,
                         struct nio_neigh *out) NIO_HIDDEN;

/* 0 when the caller may change neighbours, -EPERM when it may not (checked
 * before anything is written). */
int nio_os_neigh_may_change(void) NIO_HIDDEN;

/* --------------------------------------------- the system-wide record */
/* What SetIpInterfaceEntry writes that the OS has no place for (the
 * interface metric, DisableDefaultRoutes and the default routes it took
 * away, the IPv6 site prefix length) is kept by the back end for every
 * process of the network namespace (Linux) or of the system (BSD): one
 * record per (interface index, family), bytes the core writes and reads
 * back unchanged (ipif-store.c gives them their meaning and checks that
 * the interface is still the one that wrote them).  docs/set.md. */
#define NIO_STORE_MAX (1u << 20)    /* bytes of one record, at most */
struct nio_store_lock;
/* Takes the exclusive lock of every record of the namespace, waiting for
 * another process that holds it; the OS releases it when the holder dies.
 * 0 or -errno (-EACCES: the records' directory is not trustworthy). */
int nio_os_store_lock(struct nio_store_lock **out) NIO_HIDDEN;
void nio_os_store_unlock(struct nio_store_lock *l) NIO_HIDDEN;
/* The record of (ifindex, slot): 0 with *buf (from nio_alloc, the caller
 * nio_free()s it) and *len; -ENOENT when there is none, or none that a
 * privileged writer made (a file an unprivileged user could have written
 * is no record); -errno. */
int nio_os_store_get(uint32_t ifindex, int slot, void **buf, size_t *len) NIO_HIDDEN;
/* Which (interface index, family) have a record, from one reading of the
 * records' directory: one entry per index (bit 1u << slot per family), as
 * one array from nio_alloc in any order (the caller nio_free()s it;
 * *count may be 0).  A name that nio_os_store_get would not read may be
 * listed (it then answers -ENOENT); one it would read is never left out.
 * 0, or -errno (the caller then asks nio_os_store_get per row). */
struct nio_store_entry {
    uint32_t ifindex;           /* first: nio_sort_by_index */
    uint8_t slots;
};
int nio_os_store_list(struct nio_store_entry **out, size_t *count) NIO_HIDDEN;
/* Replaces the record at once (a reader sees the old or the new, a crash
 * leaves one of them); len 0 removes it.  Only with the lock held. */
int nio_os_store_put(uint32_t ifindex, int slot, const void *buf, size_t len) NIO_HIDDEN;
/* Whether router advertisements may install default routes through ifc
 * (IPv6; Linux: accept_ra_defrtr): writes value (0 or 1; NIO_RA_READ:
 * writes nothing) and gives the one it replaced in *was (may be NULL);
 * -EOPNOTSUPP where the OS has no such setting per interface. */
#define NIO_RA_READ 0xFFFFFFFFu
/* Adds back a route exactly as nio_os_route_list reported it before it was
 * deleted (its table, protocol, type, scope, source: all of os_bits): 0,
 * -EEXIST, -EOPNOTSUPP for a row that cannot be added alone, -errno as
 * nio_os_route_add. */
int nio_os_route_restore(const struct nio_route *r) NIO_HIDDEN;
/* Whether the OS chooses among routes by a priority of each (Linux), so
 * that the interface metric can be made part of it; false where it keeps
 * none (FreeBSD, macOS: the metric is then only recorded). */
bool nio_os_route_priorities(void) NIO_HIDDEN;
int nio_os_ra_defrtr(const struct nio_iface *ifc, uint32_t value, uint32_t *was) NIO_HIDDEN;

/* ------------------------------------------ the Windows back end's codes */
/* On Windows the OS is iphlpapi and its answers are Win32 codes already;
 * the NTSTATUS twins ask the core's one table for their translation. */
/* Which of iphlpapi's functions answered a Win32 code: its NTSTATUS differs
 * by kind (status.c holds the rules). */
enum nio_win_kind {
    NIO_WIN_PLAIN,  /* the table's first reading of the code */
    NIO_WIN_STRING, /* writes a string into the caller's buffer */
    NIO_WIN_IFROW,  /* MIB_IF_ROW2 and routes: no such interface */
};
/* iphlpapi's Win32 code, from a function of that kind, as an NTSTATUS. */
NTSTATUS nio_status_nt_of_win32(DWORD code, enum nio_win_kind kind) NIO_HIDDEN;

#endif /* NIO_BACKEND_H */
