/* linux.h - the pieces of the Linux back end: netlink I/O (netlink.c), pure
 * message parsing (parse-ipif.c) and /proc/sys reads (procsys.c). */
#ifndef NIO_LINUX_H
#define NIO_LINUX_H

#include <pthread.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "backend.h"

/* ------------------------------------------------------------ parse-ipif.c */
/* Per-interface neighbour parameters of one family, from RTM_NEWNEIGHTBL. */
struct nio_neigh_parms {
    int slot;                   /* NIO_V4 or NIO_V6 */
    uint32_t ifindex;           /* 0 for a table's defaults */
    bool has_base_reachable, has_retransmit;
    uint32_t base_reachable_ms, retransmit_ms;
};

/* RTM_NEWLINK -> interface; 0, or -EPROTO for a malformed message.  Pure:
 * no I/O, so canned messages test it. */
int nio_linux_parse_link(const struct nlmsghdr *nlh, struct nio_iface *out) NIO_HIDDEN;
/* The attributes nio_linux_parse_link reads, with their types: a parser
 * that reads more of the same message (parse-ifrow.c) walks them with its
 * own in one table and hands the result to nio_linux_link_from. */
#define NIO_LINK_ATTR_TYPES                                                                   \
    [IFLA_IFNAME] = MNL_TYPE_NUL_STRING, [IFLA_MTU] = MNL_TYPE_U32,                            \
    [IFLA_LINKINFO] = MNL_TYPE_NESTED, [IFLA_AF_SPEC] = MNL_TYPE_NESTED,                       \
    [IFLA_ADDRESS] = MNL_TYPE_BINARY, [IFLA_PERM_ADDRESS] = MNL_TYPE_BINARY,                   \
    [IFLA_PARENT_DEV_NAME] = MNL_TYPE_STRING
/* nio_linux_parse_link after the walk: nlh an RTM_NEWLINK of at least its
 * header, tb its attributes as walked with NIO_LINK_ATTR_TYPES (and any
 * others). */
int nio_linux_link_from(const struct nlmsghdr *nlh, const struct nlattr *const *tb,
                        struct nio_iface *out) NIO_HIDDEN;
/* RTM_NEWNEIGHTBL -> neighbour parameters; 0, -ENOENT for a message that
 * carries none (table-wide statistics), or -EPROTO. */
int nio_linux_parse_neightbl(const struct nlmsghdr *nlh, struct nio_neigh_parms *out) NIO_HIDDEN;
/* A notification -> the interface it concerns: its index, 0 for "every
 * interface" (a change of the all/default settings), -1 for a message that
 * cannot change a row. */
int64_t nio_linux_event_ifindex(const struct nlmsghdr *nlh) NIO_HIDDEN;
/* A notification -> what the watch reports of it (parse-event.c), each
 * struct nio_watch_event through cb: interfaces, route rows (read by
 * nio_linux_route_rows into rows, room for NIO_ROUTE_MAX_HOPS), routes to
 * compare (a link down or gone, an IPv4 address removed: the kernel
 * flushes their routes silently), addresses (read by nio_linux_parse_addr)
 * and addresses to compare (a malformed address message, a link gone).
 * Everything, whatever is watched: the core ignores what it does not keep. */
void nio_linux_event(const struct nlmsghdr *nlh, struct nio_route *rows, nio_watch_cb cb,
                     void *ctx) NIO_HIDDEN;
/* ------------------------------------------------------------ quiet.c */
/* The watch of the changes Linux makes without a message (inotify over
 * /proc/sys and the system-wide record): nio_os_watch_quiet's and
 * nio_os_watch_quiet_holds's halves (backend.h), the interface a link
 * message names (armed at once, before the core reads it; gone: dropped),
 * and its events, as NIO_WE_IFACE, through cb. */
struct nio_quiet;
int nio_quiet_open(struct nio_quiet **out) NIO_HIDDEN;
void nio_quiet_close(struct nio_quiet *q) NIO_HIDDEN;
int nio_quiet_fd(const struct nio_quiet *q) NIO_HIDDEN;
bool nio_quiet_track(struct nio_quiet *q, const struct nio_iface *list, size_t n) NIO_HIDDEN;
bool nio_quiet_holds(struct nio_quiet *q) NIO_HIDDEN;
void nio_quiet_link(struct nio_quiet *q, uint32_t index, const char *name, bool gone) NIO_HIDDEN;
int nio_quiet_read(struct nio_quiet *q, nio_watch_cb cb, void *ctx) NIO_HIDDEN;

/* ARPHRD type and rtnetlink link kind -> IANA ifType. */
uint16_t nio_linux_iftype(unsigned short arphrd, const char *kind) NIO_HIDDEN;

/* ---------------------------------------------------------- netlink.c */
typedef int (*nio_nl_msg_cb)(const struct nlmsghdr *nlh, void *ctx);

/* This thread's socket; a request builder starts its request in the
 * socket's buffer with nio_nl_request(), which fills the header (type,
 * NLM_F_REQUEST | flags, the next sequence number). */
struct nio_nl;
int nio_nl_open(struct nio_nl **out) NIO_HIDDEN;
/* The same for another protocol: the thread's generic-netlink socket
 * (ethtool.c) is opened only by the threads that ask for it, with its own
 * buffer, port and sequence numbers. */
enum nio_nl_proto { NIO_NL_ROUTE, NIO_NL_GENERIC, NIO_NL_PROTOS };
int nio_nl_open_on(enum nio_nl_proto proto, struct nio_nl **out) NIO_HIDDEN;
struct nlmsghdr *nio_nl_request(struct nio_nl *nl, uint16_t type, uint16_t flags) NIO_HIDDEN;
/* The socket's descriptor, for device ioctls (SIOCETHTOOL), which the
 * kernel serves on a socket of any family, netlink included: no second
 * socket per thread.  Valid until the next failed request. */
int nio_nl_fd(const struct nio_nl *nl) NIO_HIDDEN;
/* The socket's SO_NETNS_COOKIE (Linux 5.14), asked of the kernel once per
 * socket: 0 or -errno. */
int nio_nl_netns_cookie(struct nio_nl *nl, uint64_t *cookie) NIO_HIDDEN;

/* The two shapes every family's back end is made of: "build a request,
 * parse each reply".  build fills the request in this thread's buffer
 * (nio_nl_request() and libmnl's put functions); cb sees every reply
 * message.  nio_nl_ask() sends one request and reads its replies (one
 * object, an ACK, or a whole dump): 0 or -errno, -EINTR for a dump the
 * kernel flagged as interrupted. */
typedef void (*nio_nl_build_fn)(struct nio_nl *nl, const void *arg);
int nio_nl_ask(nio_nl_build_fn build, const void *arg, nio_nl_msg_cb cb, void *ctx) NIO_HIDDEN;
int nio_nl_ask_on(enum nio_nl_proto proto, nio_nl_build_fn build, const void *arg,
                  nio_nl_msg_cb cb, void *ctx) NIO_HIDDEN;

/* A consistent snapshot: attempt(ctx) (one or more nio_nl_ask() dumps) is
 * run again while it fails with -EINTR (torn: the kernel flagged a dump as
 * interrupted) or -ENOBUFS (the socket overran), at most NIO_NL_TRIES
 * times, then -EAGAIN (ERROR_RETRY).  attempt starts each run afresh. */
#define NIO_NL_TRIES 8
typedef int (*nio_nl_attempt_fn)(void *ctx);
int nio_nl_snapshot(nio_nl_attempt_fn attempt, void *ctx) NIO_HIDDEN;

/* Test seam: stand-ins for the socket calls of every request, so that a
 * test can inject kernel faults (netlink.c says which).  send stands for
 * sendto(fd, buf, len, 0, <the kernel>), recv for recvmsg(fd, msg, 0); each
 * returns what the call would (-1 and errno on failure) and may call the
 * real one.  NULL members, and a NULL faults, mean the real calls. */
struct nio_nl_faults {
    ssize_t (*send)(void *ctx, int fd, const void *buf, size_t len);
    ssize_t (*recv)(void *ctx, int fd, struct msghdr *msg);
    void *ctx;
};
void nio_nl_set_faults(const struct nio_nl_faults *faults) NIO_HIDDEN;

/* ------------------------------------------------------------- attr.c */
/* libmnl's accessors of a message and an attribute, inline, with its
 * arithmetic (MNL_NLMSG_HDRLEN, MNL_ATTR_HDRLEN): a parser calls them per
 * attribute of tens of thousands of messages, where a call into the shared
 * library each was a fifth of a table's user-space time. */
static inline const void *nio_msg_data(const struct nlmsghdr *nlh)
{
    return (const char *)nlh + MNL_NLMSG_HDRLEN;
}

static inline size_t nio_msg_data_len(const struct nlmsghdr *nlh)
{
    return nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
}

static inline const void *nio_attr_data(const struct nlattr *a)
{
    return (const char *)a + MNL_ATTR_HDRLEN;
}

static inline uint16_t nio_attr_len(const struct nlattr *a)
{
    return (uint16_t)(a->nla_len - MNL_ATTR_HDRLEN);
}

/* The two only after nio_linux_attrs validated the attribute's size. */
static inline uint8_t nio_attr_u8(const struct nlattr *a)
{
    return *(const uint8_t *)nio_attr_data(a);
}

static inline uint32_t nio_attr_u32(const struct nlattr *a)
{
    uint32_t v;
    memcpy(&v, nio_attr_data(a), sizeof(v));
    return v;
}

/* The one attribute walker: the attributes in payload[0..len) whose type
 * has an entry in types, each validated, into tb[0..max]; every other
 * attribute is skipped.  0, or -EPROTO for a malformed one. */
int nio_linux_attrs(const void *payload, size_t len, const struct nlattr **tb, uint16_t max,
                    const enum mnl_attr_data_type *types) NIO_HIDDEN;
/* The same over a nested attribute's payload, and over a message's
 * attributes after its family header of hdrlen bytes. */
int nio_linux_attrs_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max,
                           const enum mnl_attr_data_type *types) NIO_HIDDEN;
int nio_linux_attrs_msg(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
                        uint16_t max, const enum mnl_attr_data_type *types) NIO_HIDDEN;

/* ------------------------------------ parse-ifrow.c, parse-route.c */
/* RTM_NEWLINK -> the MIB_IF_ROW2 facts (no speed: that is an ioctl); 0
 * or -EPROTO. */
int nio_linux_parse_ifrow(const struct nlmsghdr *nlh, struct nio_ifrow *out) NIO_HIDDEN;
/* --------------------------------------------------- parse-ethtool.c */
/* A device's speed in Mb/s as ethtool reports it -> nio_os_speed's answer. */
void nio_linux_speed_mbps(uint32_t mbps, enum nio_speed *speed, uint64_t *bps) NIO_HIDDEN;
/* The controller's CTRL_CMD_NEWFAMILY -> the number of the family called
 * name: 0, -ENOENT for another family's message, or -EPROTO. */
int nio_linux_parse_genl_family(const struct nlmsghdr *nlh, const char *name, uint16_t *id) NIO_HIDDEN;
/* ETHTOOL_MSG_LINKMODES_GET_REPLY -> the device's index and speed: 0,
 * -ENOENT for a reply without a speed, or -EPROTO. */
int nio_linux_parse_linkmodes(const struct nlmsghdr *nlh, struct nio_speed_of *out) NIO_HIDDEN;

/* Linux tunnel kind -> TUNNEL_TYPE_* for an interface of IANA type iftype. */
uint8_t nio_linux_tunnel_type(uint16_t iftype, const char *kind) NIO_HIDDEN;
/* RTM_NEWROUTE -> route: 0; -ENOENT for a route that carries no traffic
 * (unreachable, blackhole, prohibit, throw, anycast, nat); or -EPROTO.
 * Unicast, local, broadcast and multicast routes are answered (a lookup of
 * 255.255.255.255 or 224.0.0.1 is one of these).  A multipath route
 * reports its first next hop. */
int nio_linux_parse_route(const struct nlmsghdr *nlh, struct nio_route *out) NIO_HIDDEN;
/* The next hops of the same message, each as a copy of *base with its
 * interface and gateway: the count (at most max), or -EPROTO. */
int nio_linux_parse_route_hops(const struct nlmsghdr *nlh, const struct nio_route *base,
                               struct nio_route *hops, size_t max) NIO_HIDDEN;
/* Route rows (docs/route.md): the rows of one RTM_NEWROUTE or RTM_DELROUTE
 * message (a dump's or a notification's), one per next hop: their count (at
 * most max are written, every hop is validated), 0 when the route is not a
 * row (another table, a reject type, a clone, no interface), or -EPROTO
 * for a malformed message.  Pure.  Each row's os_bits hold the NIO_RB_*
 * facts that name the route back to the kernel. */
int nio_linux_route_rows(const struct nlmsghdr *nlh, struct nio_route *rows,
                         size_t max) NIO_HIDDEN;
/* The identity of the kernel route of one RTM_NEWROUTE or RTM_DELROUTE
 * message: equal for every message of that route whatever its timers say,
 * different for another route (parse-route.c).  Pure; 0 for a message too
 * short to be a route's. */
uint64_t nio_linux_route_id(const struct nlmsghdr *nlh) NIO_HIDDEN;
/* The most next hops of one route read (the kernel's own limit is larger;
 * the hops beyond are not rows). */
#define NIO_ROUTE_MAX_HOPS 64
/* os_bits of a route row: rtm_type, rtm_tos, rtm_protocol, rtm_scope, and
 * whether the hop is on-link (RTNH_F_ONLINK), the route uses a nexthop
 * object (RTA_NH_ID) or has several hops (RTA_MULTIPATH). */
#define NIO_RB_TYPE_MASK 0x0Fu
#define NIO_RB_ONLINK (1u << 4)
#define NIO_RB_NHID (1u << 5)
#define NIO_RB_MULTIPATH (1u << 6)
/* Not the kernel's: an IPv4 row found by a FIB lookup (route.c), whose
 * table may be local where the answer said main.  Never set by the
 * parser. */
#define NIO_RB_FOUND (1u << 7)
#define NIO_RB_TOS_SHIFT 8
#define NIO_RB_PROTO_SHIFT 16
#define NIO_RB_SCOPE_SHIFT 24
#define NIO_RB_TYPE(bits) ((uint8_t)((bits) & NIO_RB_TYPE_MASK))
#define NIO_RB_TOS(bits) ((uint8_t)((bits) >> NIO_RB_TOS_SHIFT))
#define NIO_RB_PROTO(bits) ((uint8_t)((bits) >> NIO_RB_PROTO_SHIFT))
#define NIO_RB_SCOPE(bits) ((uint8_t)((bits) >> NIO_RB_SCOPE_SHIFT))

/* ------------------------------------------------------ subscription.c */
/* A process-wide socket subscribed to rtnetlink groups, named by its
 * namespace's cookie; kept under its owner's lock. */
struct nio_subscription {
    struct mnl_socket *sock;    /* non-blocking, or NULL */
    uint64_t cookie;            /* of sock's namespace */
    pthread_mutex_t *owner;     /* the owner's lock, held around every use */
    bool registered;            /* its forks are seen, and it is in the look */
    bool forked;                /* this is a child's copy */
    unsigned index;             /* in the registry */
    unsigned gen;               /* counts the times sock or extra changed */
    int extra[2];               /* nextra more descriptors the owner keeps, */
    short extra_events[2];      /* polled for these events */
    unsigned nextra;
    bool dirty;                 /* a look saw one of extra ready */
};
/* Once, before the first use and not under owner: the fork handlers hold
 * owner across every fork and mark the child's copy. */
void nio_subscription_register(struct nio_subscription *sub, pthread_mutex_t *owner) NIO_HIDDEN;
/* Under owner, before every use: 0; 1 in a forked child, the parent's
 * socket closed (what the owner keeps from it is the parent's: to be
 * forgotten); -1 when forks cannot be seen (never to be used). */
int nio_subscription_begin(struct nio_subscription *sub) NIO_HIDDEN;
/* Opened and bound to groups (RTMGRP_* bits), its receive buffer at least
 * rcvbuf bytes when rcvbuf > 0: 0 or -errno (no cookie: not opened). */
int nio_subscription_open(struct nio_subscription *sub, unsigned groups, int rcvbuf) NIO_HIDDEN;
void nio_subscription_close(struct nio_subscription *sub) NIO_HIDDEN;
/* Whether this thread's requests reach sub's namespace (false when closed). */
bool nio_subscription_here(const struct nio_subscription *sub) NIO_HIDDEN;
/* One datagram from the kernel into buf: 1 (*len bytes, *trunc when it was
 * cut to cap), 0 when none is queued, -errno (-ENOBUFS: messages lost). */
int nio_subscription_read(struct nio_subscription *sub, void *buf, size_t cap, size_t *len,
                          bool *trunc) NIO_HIDDEN;

/* Within a write's look (backend.h, nio_os_look_begin, under owner): when
 * sub's socket and extra descriptors were all open and had nothing to read
 * at the look, so that what the owner read before it is all there is.  A
 * look that sees an extra descriptor ready also sets sub->dirty, which the
 * owner clears once it has read them. */
bool nio_subscription_quiet(const struct nio_subscription *sub) NIO_HIDDEN;
/* Within a write's look: whether it saw sub as it is now (it held sub's
 * owner, and nothing was opened or closed since), quiet or not. */
bool nio_subscription_looked(const struct nio_subscription *sub) NIO_HIDDEN;
/* Whether this thread is within a write's look. */
bool nio_subscription_looking(void) NIO_HIDDEN;

/* ------------------------------------------------------- store-watch.c */
/* Within a write's look: whether dir, the directory of the record of the
 * namespace with this cookie (not 0), is certainly absent, by a watch of
 * where it would be made (armed for dir when it must be; dir NULL: only
 * what the watch knows already).  False: ask the file system. */
bool nio_linux_store_absent(const char *dir, uint64_t cookie) NIO_HIDDEN;

/* ---------------------------------------------------------- nexthops.c */
/* Whether the namespace of this thread's requests holds no nexthop object
 * (so no route through one): true only when that is certain. */
bool nio_linux_no_nexthops(void) NIO_HIDDEN;

/* --------------------------------------------- route.c, route-mirror.c */
/* Puts a dump request of every table of one family (rtm_table 0, no
 * RTA_TABLE), filtered by the kernel to interface oif when not 0 (strict
 * checking), in nl's buffer. */
void nio_linux_route_dump_put(struct nio_nl *nl, int slot, uint32_t oif) NIO_HIDDEN;
/* Whether no route row has key's Windows key (key->oif, prefix and length,
 * gateway) in the namespace of this thread's socket, by the process's
 * mirror of the rows: true only when that is certain. */
bool nio_linux_mirror_absent(const struct nio_route *key) NIO_HIDDEN;
/* Whether no IPv4 route through key->oif at key's prefix and length has
 * a next hop (any table, type or scope), by the same mirror: true only
 * when that is certain (route.c: an on-link row deleted by its key). */
bool nio_linux_mirror_no_gateway(const struct nio_route *key) NIO_HIDDEN;
/* A route write of this thread's was answered: its notification, which
 * the kernel queues before the answer, read now (one datagram, whatever it
 * holds), so that the next write's look finds the mirror's queue empty. */
void nio_linux_mirror_took(void) NIO_HIDDEN;
/* The find of a key of family slot needed the interface listed. */
void nio_linux_mirror_listed(int slot) NIO_HIDDEN;
/* Test seam: the most (route, key) pairs the mirror holds; 0: its own
 * limit (NIO_KEYSET_MAX). */
void nio_linux_mirror_limit(size_t pairs) NIO_HIDDEN;

/* ---------------------------------------------------------- addresses */
/* RTM_NEWADDR or RTM_DELADDR (a dump's, a reply's or a notification's) ->
 * address (parse-addr.c): 0; -ENOENT for an address of another family
 * (not a row); -EPROTO for a malformed message.  Pure: no I/O and no
 * clock (created_ms is the kernel's own stamp, ms since boot). */
int nio_linux_parse_addr(const struct nlmsghdr *nlh, struct nio_addr *out) NIO_HIDDEN;

/* --------------------------------------------------------- neighbours */
/* RTM_NEWNEIGH or RTM_DELNEIGH (a dump's, a reply's or a notification's) ->
 * neighbour: 0; -ENOENT for a message that is no row (another family's
 * table, a proxy entry); -EPROTO for a malformed one.  Pure. */
int nio_linux_parse_neigh(const struct nlmsghdr *nlh, struct nio_neigh *out) NIO_HIDDEN;
/* os_bits of a neighbour: its ndm_flags and its NDA_PROTOCOL. */
#define NIO_NB_MAKE(flags, proto) ((uint32_t)(flags) | (uint32_t)(proto) << 8)
#define NIO_NB_FLAGS(bits) ((uint8_t)(bits))
#define NIO_NB_PROTO(bits) ((uint8_t)((bits) >> 8))

/* ---------------------------------------------------------- procsys.c */
/* Reads one unsigned decimal from /proc/sys/net/<fmt...>: 0 or -errno. */
int nio_procsys_u32(uint32_t *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) NIO_HIDDEN;
/* Writes one unsigned decimal: 0 or -errno (-EINVAL: the kernel refused). */
int nio_procsys_write_u32(uint32_t value, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) NIO_HIDDEN;

#endif
