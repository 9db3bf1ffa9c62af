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
/* Test seam: when set, the hook is asked first and false from it fails the
 * allocation.  Returns the previous hook. */
nio_alloc_hook nio_alloc_set_hook(nio_alloc_hook hook);

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

struct nio_iface {
    uint32_t index;             /* OS interface index, never 0 */
    uint16_t iftype;            /* IANA ifType (IF_TYPE_*) */
    bool connected;             /* operationally up, carrier present */
    bool neighbor_discovery;    /* the OS resolves neighbours (not NOARP) */
    bool loopback;
    uint32_t mtu;               /* link MTU, bytes */
    char name[NIO_NAME_MAX];    /* OS name, the alias */
    struct nio_family fam[NIO_FAMILIES];
};

/* What a caller needs from nio_os_get: the link alone (conversions) or the
 * per-family facts too (rows). */
enum nio_want {
    NIO_WANT_LINK = 0,
    NIO_WANT_V4 = 1u << 0,
    NIO_WANT_V6 = 1u << 1,
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
/* A subscription to the OS's interface change messages.  The core polls
 * nio_os_watch_fd() for input, then calls nio_os_watch_read(), which drains
 * what is pending without blocking and reports each interface that may
 * have changed through cb(ctx, index) - index 0 meaning "messages were
 * lost, or the change concerns every interface: compare everything". */
struct nio_watch;
typedef void (*nio_watch_cb)(void *ctx, uint32_t ifindex);
int nio_os_watch_open(struct nio_watch **out) NIO_HIDDEN;
int nio_os_watch_fd(const struct nio_watch *w) NIO_HIDDEN;
int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx) NIO_HIDDEN;
void nio_os_watch_close(struct nio_watch *w) NIO_HIDDEN;

/* ------------------------------------------------ MIB_IF_ROW2 and routes */
/* What a back end reports about one interface for MIB_IF_ROW2, beyond
 * struct nio_iface: OS facts only; ifrow.c turns them into Windows fields
 * and picks every value the OS lacks (docs/ifrow.md). */
#define NIO_HWADDR_MAX 32       /* IF_MAX_PHYS_ADDRESS_LENGTH */
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

/* An IPv4 (first 4 bytes) or IPv6 address of the family in slot. */
struct nio_ip {
    int slot;                   /* NIO_V4 or NIO_V6 */
    uint8_t bytes[16];
    uint32_t scope;             /* IPv6 zone (interface index) or 0 */
};

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

/* Adds r (oif, prefix, gateway or none, metric, origin, lifetime; table,
 * src, local, broadcast and os_bits unset) as a new route, in the table the
 * OS uses by default: 0; -EEXIST: the OS holds the same route; -ENODEV: no
 * such interface; -ENETUNREACH: the gateway is not reachable through oif;
 * -EINVAL: the OS refuses a value; -EPERM/-EACCES: privilege; -errno.  It
 * never merges r into another route (no multipath made here). */
int nio_os_route_add(const struct nio_route *r) NIO_HIDDEN;

/* Deletes the row r, exactly as nio_os_route_list reported it (only that
 * next hop of a multipath route): 0; -ENOENT: it is gone; -errno as add. */
int nio_os_route_delete(const struct nio_route *r) NIO_HIDDEN;

/* Changes the row old (as listed) into now, which differs only in metric,
 * origin and lifetime: all or nothing, 0 or -errno as add and delete. */
int nio_os_route_set(const struct nio_route *old, const struct nio_route *now) NIO_HIDDEN;

/* 0 when the caller may change routes, -EPERM when it may not (checked
 * before anything is written). */
int nio_os_route_may_change(void) NIO_HIDDEN;

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
