/* bsd.h - the pieces of the BSD and macOS back end: the byte layouts of
 * each kernel's messages (layout.c), pure functions over those bytes
 * (parse-ipif.c: reading; parse-event.c: change messages; knobs.c: what Set can
 * change and the requests that change it) and the system calls (ipif.c,
 * ipif-set.c, watch.c, ifrow.c; parse-ifrow.c reads MIB_IF_ROW2's facts).
 *
 * FreeBSD and macOS lay out `struct if_msghdr`, `struct if_data` and the
 * SIOCGIFINFO_IN6 request differently, so the parser takes a layout, a
 * table of offsets written down from each OS's headers.  The parser and
 * the tables include no BSD header: they compile on Linux too, where
 * tests/bsd/ feeds them byte buffers laid out as those headers define them.
 * On the BSD itself, native.c checks every offset of the native table
 * against the system headers at compile time. */
#ifndef NIO_BSD_H
#define NIO_BSD_H

#include "backend.h"

/* ------------------------------------------------------------- layouts */
/* Offsets and constants from the headers, one set per OS, x86-64 and
 * arm64 (LP64) alike.  ipif.c asserts them against the system headers.
 *
 * FreeBSD 11 and later: sys/net/if.h (if_msghdr, if_data), sys/net/route.h,
 * sys/netinet6/nd6.h (in6_ndireq, nd_ifinfo), sys/netinet6/in6_var.h. */
#define NIO_FBSD_IFM_SIZE 168          /* sizeof(struct if_msghdr) */
#define NIO_FBSD_IFM_ADDRS 4
#define NIO_FBSD_IFM_FLAGS 8
#define NIO_FBSD_IFM_INDEX 12
#define NIO_FBSD_IFM_DATA 16
#define NIO_FBSD_IFI_TYPE 0            /* within if_data */
#define NIO_FBSD_IFI_ADDRLEN 2
#define NIO_FBSD_IFI_LINK_STATE 4
#define NIO_FBSD_IFI_MTU 8
#define NIO_FBSD_NDIREQ_SIZE 72        /* sizeof(struct in6_ndireq) */
#define NIO_FBSD_SIOCGIFINFO_IN6 0xc048696cu /* _IOWR('i', 108, struct in6_ndireq) */
#define NIO_FBSD_SIOCSIFINFO_IN6 0xc048696du /* _IOWR('i', 109, struct in6_ndireq) */
#define NIO_FBSD_SIOCSIFINFO_FLAGS 0xc0486957u /* _IOWR('i', 87, struct in6_ndireq) */
#define NIO_FBSD_RTM_IFANNOUNCE 0x11
#define NIO_FBSD_IFAN_SIZE 24          /* sizeof(struct if_announcemsghdr) */
#define NIO_FBSD_IFAN_INDEX 4

/* macOS (XNU): net/if.h (if_msghdr), net/if_var.h (if_data, pack(4),
 * ifi_lastchange a timeval32 on LP64), netinet6/nd6.h and in6_var.h: the
 * request is encoded with struct in6_ondireq, which has no random-ID
 * fields. */
#define NIO_MAC_IFM_SIZE 112
#define NIO_MAC_IFM_ADDRS 4
#define NIO_MAC_IFM_FLAGS 8
#define NIO_MAC_IFM_INDEX 12
#define NIO_MAC_IFM_DATA 16
#define NIO_MAC_IFI_TYPE 0
#define NIO_MAC_IFI_ADDRLEN 3
#define NIO_MAC_IFI_MTU 8
#define NIO_MAC_NDIREQ_SIZE 48         /* sizeof(struct in6_ondireq) */
#define NIO_MAC_SIOCGIFINFO_IN6 0xc030694cu /* _IOWR('i', 76, struct in6_ondireq) */
/* Setting takes the full struct in6_ndireq (72 bytes, random-ID fields
 * included); XNU has SIOCSIFINFO_FLAGS but no SIOCSIFINFO_IN6, and no
 * RTM_IFANNOUNCE. */
#define NIO_MAC_SIOCSIFINFO_FLAGS 0xc0486957u /* _IOWR('i', 87, struct in6_ndireq) */

/* The same on both: the routing message header (ifm_msglen, ifm_version,
 * ifm_type at 0, 2, 3), RTM_VERSION 5, RTM_IFINFO 0xe, RTM_NEWADDR 0xc,
 * RTM_DELADDR 0xd, struct ifa_msghdr (20 bytes, ifam_index at 12), RTA_IFP
 * 0x10, the sockaddr_dl fields, nd_ifinfo's first seven 32-bit fields after
 * the 16-byte name and its chlim byte after them, and the 72 bytes of the
 * struct in6_ndireq that the SIOCSIFINFO_* requests take. */
#define NIO_BSD_RTM_VERSION 5
#define NIO_BSD_RTM_NEWADDR 0xc
#define NIO_BSD_RTM_DELADDR 0xd
#define NIO_BSD_RTM_IFINFO 0xe
#define NIO_BSD_IFAM_SIZE 20           /* sizeof(struct ifa_msghdr) */
#define NIO_BSD_IFAM_INDEX 12
#define NIO_BSD_NDI 16                 /* offsetof(struct in6_ndireq, ndi) */
#define NIO_BSD_NDI_CHLIM (NIO_BSD_NDI + 28)
#define NIO_BSD_NDIREQ_SET_SIZE 72     /* sizeof(struct in6_ndireq) of the setters */

#define NIO_BSD_ABSENT 0xFFFFu         /* an offset the OS does not have */

/* An OS interface type that is not IANA's own number for the same thing. */
struct nio_bsd_iftype {
    uint8_t ift;                /* IFT_* of the OS */
    uint16_t iana;              /* IF_TYPE_* */
};

struct nio_bsd_layout {
    const char *os;
    /* Routing messages from sysctl NET_RT_IFLIST and the routing socket. */
    uint8_t rtm_version, rtm_ifinfo;
    uint8_t rtm_newaddr, rtm_deladdr; /* struct ifa_msghdr */
    uint8_t rtm_ifannounce;     /* struct if_announcemsghdr; 0: the OS has none */
    uint16_t ifm_size;          /* the sockaddrs start here */
    uint16_t ifm_addrs, ifm_flags, ifm_index, ifm_data;
    uint16_t ifam_size, ifam_index;
    uint16_t ifan_size, ifan_index;
    uint16_t ifi_type, ifi_addrlen, ifi_mtu; /* within if_data, 8, 8, 32 bits */
    uint16_t ifi_link_state;    /* within if_data, 8 bits, or NIO_BSD_ABSENT */
    uint8_t link_state_down;    /* LINK_STATE_DOWN */
    uint8_t sa_align;           /* sockaddrs are padded to a multiple of it */
    /* SIOCGIFINFO_IN6 on an AF_INET6 socket, and the requests that change
     * what it reports (0: the OS has no such request). */
    uint32_t siocgifinfo_in6;
    uint16_t ndireq_size;
    uint32_t siocsifinfo_flags; /* the ND6_IFF_* flags alone */
    uint32_t siocsifinfo_in6;   /* basereachable, retrans (and flags) */
    /* ND6_IFF_* bits; 0 where the OS has no such bit or does not keep it. */
    uint32_t nd_ifdisabled;     /* IPv6 is off on the interface */
    uint32_t nd_accept_rtadv;   /* router advertisements are accepted */
    uint32_t nd_auto_linklocal; /* a link-local address is configured */
    uint32_t nd_dad_on;         /* DAD runs only when this bit is set */
    uint32_t nd_dad_off;        /* DAD never runs when this bit is set */
    /* Interface types that differ from IANA's; other types below
     * private_ift are IANA's, others from it up are the OS's own. */
    const struct nio_bsd_iftype *iftypes;
    size_t n_iftypes;
    uint8_t private_ift;
};

extern const struct nio_bsd_layout nio_bsd_freebsd NIO_HIDDEN;
extern const struct nio_bsd_layout nio_bsd_macos NIO_HIDDEN;

/* native.c: the table of the OS this file was compiled for, checked
 * against its headers. */
const struct nio_bsd_layout *nio_bsd_native(void) NIO_HIDDEN;

/* ------------------------------------------------------------- parse-ipif.c */
/* System-wide settings that stand for every interface. */
struct nio_bsd_globals {
    bool has_forwarding4, forwarding4;  /* net.inet.ip.forwarding */
    bool has_forwarding6, forwarding6;  /* net.inet6.ip6.forwarding */
    bool has_dad_count;                 /* net.inet6.ip6.dad_count */
    uint32_t dad_count;
};

/* One RTM_IFINFO message (msglen bytes at msg) -> *out, with the link
 * facts and the IPv4 family; 0, -ENOENT for another message type (to be
 * skipped), -EPROTO for a malformed message. */
int nio_bsd_parse_ifinfo(const struct nio_bsd_layout *l, const void *msg, size_t len,
                         struct nio_iface *out) NIO_HIDDEN;

/* Every RTM_IFINFO message of a NET_RT_IFLIST buffer, in order, through
 * cb; other messages are skipped.  0, the first non-zero value cb
 * returns, or -EPROTO when a message overruns the buffer. */
typedef int (*nio_bsd_iface_cb)(const struct nio_iface *ifc, void *ctx);
int nio_bsd_parse_iflist(const struct nio_bsd_layout *l, const void *buf, size_t len,
                         nio_bsd_iface_cb cb, void *ctx) NIO_HIDDEN;

/* The IPv4 facts the global settings give. */
void nio_bsd_apply_v4(const struct nio_bsd_globals *g, struct nio_iface *ifc) NIO_HIDDEN;

/* A SIOCGIFINFO_IN6 answer (len bytes) -> ifc->fam[NIO_V6]; 0 or -EPROTO
 * when it is shorter than the layout's request. */
int nio_bsd_parse_nd(const struct nio_bsd_layout *l, const void *req, size_t len,
                     const struct nio_bsd_globals *g, struct nio_iface *ifc) NIO_HIDDEN;

/* The media status of SIOCGIFMEDIA: false only when the OS says the media
 * is valid and not active (IFM_AVALID set, IFM_ACTIVE clear). */
bool nio_bsd_media_active(int ifm_status) NIO_HIDDEN;

/* IFT_* -> IANA ifType (IF_TYPE_*). */
uint16_t nio_bsd_iftype(const struct nio_bsd_layout *l, uint8_t ift) NIO_HIDDEN;

/* ------------------------------------------------------------ ipif.c */
/* The system-wide settings of the families in want (NIO_WANT_*). */
void nio_bsd_read_globals(unsigned want, struct nio_bsd_globals *g) NIO_HIDDEN;
/* socket() with close-on-exec: the descriptor, or -errno. */
int nio_bsd_socket(int family, int type, int protocol) NIO_HIDDEN;
/* errno e of a failed ioctl on a named interface as the contract's
 * -errno: -ENODEV when the interface no longer exists (ENXIO, ENODEV). */
int nio_bsd_ioctl_err(int e) NIO_HIDDEN;
/* Whether name can name an interface in an ioctl: 1 to IFNAMSIZ - 1 bytes. */
bool nio_bsd_name_fits(const char *name) NIO_HIDDEN;
/* Whether a -errno from opening an AF_INET6 socket means the kernel has
 * no IPv6. */
bool nio_bsd_no_inet6(int err) NIO_HIDDEN;
/* SIOCGIFINFO_IN6 for name (nio_bsd_name_fits) on fd into req, a
 * NIO_BSD_NDIREQ_MAX-byte buffer: 0 or nio_bsd_ioctl_err(errno). */
int nio_bsd_nd_get(const struct nio_bsd_layout *l, int fd, const char *name,
                   uint8_t *req) NIO_HIDDEN;
/* Whether a -errno of nio_bsd_nd_get() means the interface has no IPv6
 * state (macOS EINVAL, FreeBSD EPFNOSUPPORT, EAFNOSUPPORT). */
bool nio_bsd_no_nd(int err) NIO_HIDDEN;

/* ------------------------------------------------------- parse-event.c */
/* Which interface one routing-socket message (len bytes read) concerns:
 * its index (> 0); 0 when it may concern any interface and everything
 * must be compared (a truncated or malformed message, another version);
 * -1 when it concerns no IP interface row (routes, multicast
 * memberships, wireless events). */
int64_t nio_bsd_event_ifindex(const struct nio_bsd_layout *l, const void *msg,
                              size_t len) NIO_HIDDEN;
/* Whether the same message means that route rows may have changed: a
 * route added or deleted (RTM_ADD, RTM_DELETE: *ifindex its rtm_index, the
 * interface it goes through, 0 when unsaid), a route changed (RTM_CHANGE:
 * it may have moved to another interface, *ifindex 0), an address removed
 * (RTM_DELADDR: the routes through its interface) or, on FreeBSD, an
 * interface that came or went (RTM_IFANNOUNCE).  A truncated or malformed
 * message, or another version, may have been any of these: true, with
 * *ifindex 0 (compare every route). */
bool nio_bsd_event_routes(const struct nio_bsd_layout *l, const void *msg, size_t len,
                          uint32_t *ifindex) NIO_HIDDEN;
/* Whether the same message means that address rows may have changed: an
 * address added or removed (RTM_NEWADDR, RTM_DELADDR: *ifindex its
 * interface, whose addresses to compare) or, on FreeBSD, an interface that
 * came or went (RTM_IFANNOUNCE).  The message's sockaddrs are not read:
 * the comparison reads the interface's addresses as the list does.  A
 * truncated or malformed message, or another version: true, *ifindex 0
 * (compare every address). */
bool nio_bsd_event_addrs(const struct nio_bsd_layout *l, const void *msg, size_t len,
                         uint32_t *ifindex) NIO_HIDDEN;

/* -------------------------------------------------------------- knobs.c */
/* Bit (1u << NIO_KNOB_*) per knob that Set can change on this OS for the
 * family in slot (nio_os_knobs()). */
unsigned nio_bsd_knobs(const struct nio_bsd_layout *l, int slot) NIO_HIDDEN;
/* Whether knob is among nio_bsd_knobs(l, slot). */
bool nio_bsd_knob_offered(const struct nio_bsd_layout *l, int slot,
                          enum nio_knob knob) NIO_HIDDEN;
/* Whether DadTransmits value can be set on one interface: 0 (no DAD) or
 * the system's count, net.inet6.ip6.dad_count, which g gives. */
bool nio_bsd_dad_count_ok(const struct nio_bsd_globals *g, uint32_t value) NIO_HIDDEN;

/* The size of the buffer the ND requests below are built in: the largest
 * SIOCGIFINFO_IN6 answer and SIOCSIFINFO_* request of any layout. */
#define NIO_BSD_NDIREQ_MAX 128

/* Turns req, a SIOCGIFINFO_IN6 answer in a zeroed NIO_BSD_NDIREQ_MAX-byte
 * buffer, into the request that sets knob (IPv6) to value, in the row's
 * terms; *cmd is the ioctl to send it with and *undo the token that
 * nio_bsd_nd_restore() turns into the request putting back what was
 * there.  g gives the system's DAD count, which a DadTransmits other than
 * 0 must equal.  0; -EOPNOTSUPP when this OS cannot express the change
 * (nothing to send); -EPROTO when the answer holds a value that could not
 * be restored. */
int nio_bsd_nd_change(const struct nio_bsd_layout *l, uint8_t *req, enum nio_knob knob,
                      uint32_t value, const struct nio_bsd_globals *g, uint32_t *undo,
                      uint32_t *cmd) NIO_HIDDEN;

/* The same for undo, from a fresh SIOCGIFINFO_IN6 answer: only what knob
 * covers changes back, so a later change of another flag stays. */
int nio_bsd_nd_restore(const struct nio_bsd_layout *l, uint8_t *req, enum nio_knob knob,
                       uint32_t undo, uint32_t *cmd) NIO_HIDDEN;

/* -------------------------------------------------------- parse-route.c */
/* Route messages (struct rt_msghdr and its sockaddrs) of sysctl NET_RT_DUMP
 * and of the routing socket, and the RTM_ADD/DELETE/GET requests; pure, as
 * the rest of this section.  The header is laid out alike on FreeBSD and
 * macOS up to rtm_errno (msglen 0, version 2, type 3, index 4, flags 8,
 * addrs 12, pid 16, seq 20, errno 24); the metrics differ in width. */
#define NIO_BSD_RTM_ADD 0x1
#define NIO_BSD_RTM_DELETE 0x2
#define NIO_BSD_RTM_GET 0x4

/* FreeBSD 11+ sys/net/route.h: u_long rtm_inits at 32, struct rt_metrics
 * of fourteen u_long at 40, rmx_expire the fourth. */
#define NIO_FBSD_RTM_SIZE 152
#define NIO_FBSD_RTM_EXPIRE 64
#define NIO_FBSD_RTM_EXPIRE_SIZE 8
/* macOS net/route.h: u_int32_t rtm_inits at 32, rt_metrics of fourteen
 * 32-bit fields at 36, int32_t rmx_expire the fourth. */
#define NIO_MAC_RTM_SIZE 92
#define NIO_MAC_RTM_EXPIRE 48
#define NIO_MAC_RTM_EXPIRE_SIZE 4

/* The metric every route reports on FreeBSD and macOS, which keep no
 * route priority: Windows' default route metric, so that a row created
 * with Initialize's unset Metric is expressible (docs/bsd.md, Routes). */
#define NIO_BSD_ROUTE_METRIC 256u

struct nio_bsd_rtlayout {
    const char *os;
    uint16_t rtm_size;          /* the sockaddrs start here */
    uint16_t rtm_expire;        /* offset of rtm_rmx.rmx_expire */
    uint8_t expire_size;        /* its width: 8 (u_long) or 4 */
    uint8_t sa_align;           /* sockaddrs are padded to a multiple of it */
    uint8_t af_inet6;           /* AF_INET6: 28 FreeBSD, 30 macOS */
    uint8_t sdl_size;           /* sizeof(struct sockaddr_dl) */
    bool embed_scope;           /* requests carry an IPv6 zone in bytes 2-3 (KAME) */
    uint32_t rtf_local;         /* RTF_LOCAL where the kernel sets it, else 0 */
    uint32_t rtf_ifscope;       /* RTF_IFSCOPE (macOS), else 0 */
    uint32_t rtf_not_row;       /* flags of entries that are no route row */
};

extern const struct nio_bsd_rtlayout nio_bsd_rt_freebsd NIO_HIDDEN;
extern const struct nio_bsd_rtlayout nio_bsd_rt_macos NIO_HIDDEN;

/* One route message taken apart.  Sockaddrs of a family the parser does
 * not know are skipped (the has_* stay false). */
struct nio_bsd_rtmsg {
    uint8_t type;
    uint16_t index;             /* rtm_index */
    int32_t flags, pid, seq, err;
    int64_t expire;             /* rmx_expire, seconds since the epoch, 0: none */
    bool has_dst;
    struct nio_ip dst;
    bool has_mask;              /* a netmask came with the message */
    int mask_len;               /* its prefix length; -1: not contiguous */
    uint8_t gw_kind;            /* NIO_BSD_GW_*, the RTA_GATEWAY sockaddr */
    struct nio_ip gw;           /* NIO_BSD_GW_IP */
    uint16_t gw_index;          /* NIO_BSD_GW_LINK: sdl_index */
    uint8_t gw_type;            /* NIO_BSD_GW_LINK: sdl_type (IFT_*) */
    bool has_ifp;               /* RTA_IFP: the interface's sockaddr_dl */
    uint16_t ifp_index;
    uint8_t ifp_type;
    bool has_ifa;               /* RTA_IFA: the address of the route's interface */
    struct nio_ip ifa;
};
enum { NIO_BSD_GW_NONE, NIO_BSD_GW_IP, NIO_BSD_GW_LINK, NIO_BSD_GW_OTHER };

/* One message of len bytes -> *out: 0; -EPROTO when it is malformed (too
 * short for its header or its sockaddrs, a length beyond len, another
 * RTM_VERSION). */
int nio_bsd_parse_rtmsg(const struct nio_bsd_rtlayout *l, const void *msg, size_t len,
                        struct nio_bsd_rtmsg *out) NIO_HIDDEN;

/* Whether m is a route row, and which (now: the time, for the lifetime):
 * 0 and *out, or -ENOENT for what is no row (docs/bsd.md, Routes). */
int nio_bsd_route_row(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                      int64_t now, struct nio_route *out) NIO_HIDDEN;

/* Every row of a NET_RT_DUMP buffer of the families in want, through oif
 * (0: any), through cb in order: 0, cb's first non-zero value, or -EPROTO
 * when a message overruns the buffer. */
typedef int (*nio_bsd_route_cb)(const struct nio_route *r, void *ctx);
int nio_bsd_parse_rtdump(const struct nio_bsd_rtlayout *l, const void *buf, size_t len,
                         unsigned want, uint32_t oif, int64_t now, nio_bsd_route_cb cb,
                         void *ctx) NIO_HIDDEN;

/* macOS keeps per-interface (RTF_IFSCOPE) copies of routes beside the
 * primary ones, and an own address both as an interface route and as a
 * local clone: rows with one key (interface, prefix, next hop) are one
 * row, and the first of local, unscoped, other is kept.  v is sorted and
 * compacted in place; the count kept.  FreeBSD (no scoped routes): n, v
 * untouched, so that a full table costs no sort. */
size_t nio_bsd_route_dedupe(const struct nio_bsd_rtlayout *l, struct nio_route *v,
                            size_t n) NIO_HIDDEN;

/* Whether msg (len bytes read from a routing socket) answers the request
 * of type, seq and pid. */
bool nio_bsd_rt_is_reply(const void *msg, size_t len, uint8_t type, int32_t seq,
                         int32_t pid) NIO_HIDDEN;

/* rtm_errno as -errno; 0 is not passed in. */
int nio_bsd_rt_errno(int32_t err) NIO_HIDDEN;

/* The RTM_GET answer m -> *out (prefix, next hop, interface, source):
 * 0; -ENETUNREACH for a reject or blackhole route or an answer without a
 * destination; -m->err when the kernel refused. */
int nio_bsd_route_answer(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                         struct nio_route *out) NIO_HIDDEN;

/* The requests, built into buf (cap bytes), *len set: 0; -EOPNOTSUPP for
 * what this kernel cannot express (a metric other than
 * NIO_BSD_ROUTE_METRIC, an origin other than static, a lifetime, a local
 * row); -ENOBUFS when cap is too small. */
int nio_bsd_route_add_msg(const struct nio_bsd_rtlayout *l, const struct nio_route *r,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len) NIO_HIDDEN;
int nio_bsd_route_delete_msg(const struct nio_bsd_rtlayout *l, const struct nio_route *r,
                             int32_t seq, uint8_t *buf, size_t cap, size_t *len) NIO_HIDDEN;
int nio_bsd_route_get_msg(const struct nio_bsd_rtlayout *l, const struct nio_route_query *q,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len) NIO_HIDDEN;
/* Whether old can become now (nio_os_route_set): 0 when nothing differs,
 * -EOPNOTSUPP otherwise - metric, origin and lifetime are all beyond what
 * these kernels keep, so no RTM_CHANGE is ever needed. */
int nio_bsd_route_change_ok(const struct nio_route *old, const struct nio_route *now) NIO_HIDDEN;
/* An IPv6 link-local address as a KAME kernel hands it (routing messages
 * of macOS, getifaddrs() of both): a zone in bytes 2-3 is moved to scope
 * (where scope is still 0) and cleared.  Other addresses stay as they are. */
void nio_bsd_ip_unembed(struct nio_ip *ip) NIO_HIDDEN;

/* The sockaddrs of a routing message (msglen bytes), from off on: one per
 * bit of addrs in RTAX order, each padded to a multiple of sa_align (one
 * unit for an empty one).  sa[i] points at RTAX i's (its sa_len first, 0
 * for an empty one), NULL where addrs has no such bit.  0, or -EPROTO when
 * one claims more bytes than the message holds.  Route (parse-route.c)
 * and address (parse-addr.c) messages share it. */
#define NIO_BSD_RTAX_MAX 8
int nio_bsd_sockaddrs(uint8_t sa_align, const uint8_t *msg, size_t off, size_t msglen,
                      int32_t addrs, const uint8_t *sa[NIO_BSD_RTAX_MAX]) NIO_HIDDEN;
/* An AF_INET / AF_INET6 sockaddr (sa_len bytes at sa) -> *ip, a KAME zone
 * moved to scope: 0, -ENOENT for another family, -EPROTO when it is too
 * short for its address. */
int nio_bsd_sa_ip(const struct nio_bsd_rtlayout *l, const uint8_t *sa,
                  struct nio_ip *ip) NIO_HIDDEN;
/* A netmask sockaddr's prefix length for addresses of slot, read as far as
 * its sa_len goes (the rest counts as zero; its family is not looked at):
 * -1 when the ones are not contiguous. */
int nio_bsd_mask_len(const uint8_t *sa, int slot) NIO_HIDDEN;

/* ------------------------------------------------ route.c, bestroute.c */
/* The room for one route request or answer: the header and its sockaddrs. */
#define NIO_RT_MSG_MAX 2048
/* sysctl of a six-element mib (NET_RT_DUMP, NET_RT_IFLIST) into a buffer
 * from nio_alloc: sized first, with a margin for entries added meanwhile,
 * and read again when it grew (-EAGAIN after eight tries); 0 or -errno. */
int nio_bsd_sysctl_read(int mib[6], uint8_t **out, size_t *outlen) NIO_HIDDEN;
/* The route layout of the OS compiled for, checked against its headers. */
const struct nio_bsd_rtlayout *nio_bsd_rt_native(void) NIO_HIDDEN;
/* The rows of the families in want through oif (0: any) from NET_RT_DUMP,
 * as nio_os_route_list(). */
int nio_bsd_rt_list(unsigned want, uint32_t oif, struct nio_route **out,
                    size_t *count) NIO_HIDDEN;
/* A sequence number for the next request of this process. */
int32_t nio_bsd_rt_next_seq(void) NIO_HIDDEN;
/* Sends the request req (len bytes) on a fresh routing socket and waits
 * for the kernel's answer to it (same type, rtm_seq and pid) into reply:
 * 0 and *got, or -errno (the kernel's refusal of the write included). */
int nio_bsd_rt_ask(const uint8_t *req, size_t len, uint8_t *reply, size_t cap,
                   size_t *got) NIO_HIDDEN;

/* --------------------------------------------------------- addresses */
/* parse-addr.c: the unicast addresses of sysctl NET_RT_IFLIST (RTM_IFINFO,
 * then its RTM_NEWADDR messages: struct ifa_msghdr and the sockaddrs
 * RTA_NETMASK, RTA_IFA, RTA_BRD), the per-address IPv6 answers
 * (SIOCGIFAFLAG_IN6, SIOCGIFALIFETIME_IN6) and the requests that add,
 * change and delete an address (SIOCAIFADDR, SIOCAIFADDR_IN6, SIOCDIFADDR,
 * SIOCDIFADDR_IN6); pure.  addr.c makes the calls (docs/bsd.md,
 * "Addresses").  The structs, LP64, alike on FreeBSD and macOS but for
 * their sizes: */
#define NIO_BSD_INREQ_ADDR 16          /* in_aliasreq (FreeBSD), ifaliasreq (macOS) */
#define NIO_BSD_INREQ_BROAD 32
#define NIO_BSD_INREQ_MASK 48
#define NIO_BSD_IFREQ_SIZE 32          /* struct ifreq: SIOCDIFADDR */
#define NIO_BSD_IFREQ_ADDR 16
#define NIO_BSD_IN6REQ_ADDR 16         /* struct in6_aliasreq */
#define NIO_BSD_IN6REQ_DST 44
#define NIO_BSD_IN6REQ_MASK 72
#define NIO_BSD_IN6REQ_FLAGS 100
#define NIO_BSD_IN6REQ_LIFETIME 104    /* struct in6_addrlifetime */
#define NIO_BSD_IN6IFR_SIZE 288        /* struct in6_ifreq (icmp6_ifstat in its union) */
#define NIO_BSD_IN6IFR_U 16            /* ifr_ifru: ifru_addr, ifru_flags6, ifru_lifetime */
#define NIO_BSD_LT_EXPIRE 0            /* within in6_addrlifetime: time_t */
#define NIO_BSD_LT_PREFERRED 8         /* time_t */
#define NIO_BSD_LT_VLTIME 16           /* u_int32_t, seconds; ND6_INFINITE_LIFETIME */
#define NIO_BSD_LT_PLTIME 20
#define NIO_BSD_ND6_INFINITE 0xFFFFFFFFu
/* IN6_IFF_* the same on both. */
#define NIO_BSD_IN6_IFF_ANYCAST 0x01
#define NIO_BSD_IN6_IFF_TENTATIVE 0x02
#define NIO_BSD_IN6_IFF_DUPLICATED 0x04
#define NIO_BSD_IN6_IFF_DETACHED 0x08
#define NIO_BSD_IN6_IFF_DEPRECATED 0x10
#define NIO_BSD_IN6_IFF_NODAD 0x20
#define NIO_BSD_IN6_IFF_AUTOCONF 0x40
#define NIO_BSD_IN6_IFF_TEMPORARY 0x80
#define NIO_BSD_IN6_IFF_NOPFX 0x8000
/* FreeBSD sys/netinet/in_var.h, sys/sockio.h, sys/netinet6/in6_var.h. */
#define NIO_FBSD_INREQ_SIZE 68         /* in_aliasreq: + int ifra_vhid */
#define NIO_FBSD_IN6REQ_SIZE 136       /* in6_aliasreq: + int ifra_vhid, padded */
#define NIO_FBSD_SIOCAIFADDR 0x8044692bu      /* _IOW('i', 43, struct in_aliasreq) */
#define NIO_FBSD_SIOCAIFADDR_IN6 0x8088691bu  /* _IOW('i', 27, struct in6_aliasreq) */
#define NIO_FBSD_IN6_IFF_PREFER_SOURCE 0x100
/* macOS net/if.h, sys/sockio.h (SDK); netinet6/in6_var.h (XNU). */
#define NIO_MAC_INREQ_SIZE 64          /* ifaliasreq */
#define NIO_MAC_IN6REQ_SIZE 128
#define NIO_MAC_SIOCAIFADDR 0x8040691au       /* _IOW('i', 26, struct ifaliasreq) */
#define NIO_MAC_SIOCAIFADDR_IN6 0x8080691au   /* _IOW('i', 26, struct in6_aliasreq) */
#define NIO_MAC_IN6_IFF_DYNAMIC 0x100         /* DHCPv6 */
#define NIO_MAC_IN6_IFF_OPTIMISTIC 0x200
#define NIO_MAC_IN6_IFF_SECURED 0x400         /* CGA */
/* Both. */
#define NIO_BSD_SIOCDIFADDR 0x80206919u       /* _IOW('i', 25, struct ifreq) */
#define NIO_BSD_SIOCDIFADDR_IN6 0x81206919u   /* _IOW('i', 25, struct in6_ifreq) */
#define NIO_BSD_SIOCGIFAFLAG_IN6 0xc1206949u  /* _IOWR('i', 73, struct in6_ifreq) */
#define NIO_BSD_SIOCGIFALIFETIME_IN6 0xc1206951u /* _IOWR('i', 81, struct in6_ifreq) */
#define NIO_BSD_RTA_BRD 0x80
/* The largest request of any layout. */
#define NIO_BSD_ADDR_REQ_MAX 512

struct nio_bsd_addrlayout {
    const char *os;
    const struct nio_bsd_layout *ifl;     /* RTM_IFINFO, ifa_msghdr */
    const struct nio_bsd_rtlayout *rt;    /* sockaddr padding, AF_INET6, zones */
    uint16_t inreq_size, in6req_size;
    uint32_t siocaifaddr, siocaifaddr_in6;
    uint32_t in6_optimistic;    /* IN6_IFF_OPTIMISTIC; 0: none */
    uint32_t in6_lease;         /* flags of an address the kernel made from a lease */
    uint32_t in6_keep;          /* flags an update (SIOCAIFADDR_IN6 again) carries again */
    bool uptime_clock;          /* ia6t_expire counts from boot (FreeBSD), else the epoch */
};

extern const struct nio_bsd_addrlayout nio_bsd_addr_freebsd NIO_HIDDEN;
extern const struct nio_bsd_addrlayout nio_bsd_addr_macos NIO_HIDDEN;

/* One address of a NET_RT_IFLIST buffer and the interface it is on. */
struct nio_bsd_ifaddr {
    struct nio_addr a;          /* IPv6: flags and lifetimes still to be read */
    char name[NIO_NAME_MAX];    /* of its interface, from the RTM_IFINFO before it */
};

/* One RTM_NEWADDR message (len bytes) of an interface that is point to
 * point or not -> *out (ifindex, address, prefix length, peer or
 * broadcast; IPv4 also its flags and lifetimes, which IPv4 lacks): 0;
 * -ENOENT for what is no row (another family, no RTA_IFA, a netmask that
 * is no prefix); -EPROTO when it is malformed. */
int nio_bsd_parse_newaddr(const struct nio_bsd_addrlayout *l, const void *msg, size_t len,
                          bool p2p, struct nio_addr *out) NIO_HIDDEN;

/* Every address of the families in want (NIO_WANT_V4 | NIO_WANT_V6) in a
 * NET_RT_IFLIST buffer, in order, through cb: 0, cb's first non-zero
 * value, or -EPROTO when a message overruns the buffer.  *ifaces (may be
 * NULL): how many RTM_IFINFO messages it held. */
typedef int (*nio_bsd_addr_cb)(const struct nio_bsd_ifaddr *ia, void *ctx);
int nio_bsd_parse_addrs(const struct nio_bsd_addrlayout *l, const void *buf, size_t len,
                        unsigned want, nio_bsd_addr_cb cb, void *ctx, size_t *ifaces) NIO_HIDDEN;

/* An in6_ifreq (NIO_BSD_IN6IFR_SIZE bytes at req) naming ip on interface
 * name (index ifindex, the zone of a link-local address): the request of
 * SIOCGIFAFLAG_IN6, SIOCGIFALIFETIME_IN6 and SIOCDIFADDR_IN6.  0, or
 * -ENODEV when name cannot name an interface. */
int nio_bsd_in6_ifreq(const struct nio_bsd_addrlayout *l, const char *name,
                      const struct nio_ip *ip, uint32_t ifindex, uint8_t *req) NIO_HIDDEN;

/* SIOCGIFAFLAG_IN6's flags word -> out->flags and origin; called after
 * nio_bsd_addr_lifetime6(), whose PERMANENT it clears for a lease. */
void nio_bsd_addr_flags6(const struct nio_bsd_addrlayout *l, uint32_t flags6,
                         struct nio_addr *out) NIO_HIDDEN;

/* SIOCGIFALIFETIME_IN6's answer (an in6_ifreq) at now (seconds on the
 * layout's clock) -> out->valid_s, preferred_s, and the PERMANENT flag. */
void nio_bsd_addr_lifetime6(const struct nio_bsd_addrlayout *l, const uint8_t *req, int64_t now,
                            struct nio_addr *out) NIO_HIDDEN;

/* The request that adds a (nio_os_addr_add) on interface name, or, with
 * the address's own IN6_IFF_* flags in os_flags, gives an existing IPv6
 * address a's lifetimes (nio_os_addr_set), built into req
 * (NIO_BSD_ADDR_REQ_MAX bytes): *cmd the ioctl, *len its size.  0;
 * -EOPNOTSUPP for what the kernel cannot keep (a finite IPv4 lifetime, no
 * prefix route); -ENODEV for a name that cannot name an interface. */
int nio_bsd_addr_add_req(const struct nio_bsd_addrlayout *l, const char *name,
                         const struct nio_addr *a, uint32_t os_flags, uint8_t *req,
                         uint32_t *cmd, size_t *len) NIO_HIDDEN;
/* The request that deletes a (as listed), the same way. */
int nio_bsd_addr_delete_req(const struct nio_bsd_addrlayout *l, const char *name,
                            const struct nio_addr *a, uint8_t *req, uint32_t *cmd,
                            size_t *len) NIO_HIDDEN;

/* addr.c: the address layout of the OS compiled for, checked against its
 * headers. */
const struct nio_bsd_addrlayout *nio_bsd_addr_native(void) NIO_HIDDEN;

/* ------------------------------------------------------- MIB_IF_ROW2 */
/* parse-ifrow.c: the interface message of NET_RT_IFLIST (FreeBSD:
 * RTM_IFINFO, if_msghdr with its 64-bit if_data) or NET_RT_IFLIST2 (macOS:
 * RTM_IFINFO2, if_msghdr2 with if_data64: its RTM_IFINFO counts in 32
 * bits) -> struct nio_ifrow; the description requests and the other pure
 * steps of ifrow.c (docs/ifrow.md, "FreeBSD and macOS").  LP64 offsets:
 *
 * FreeBSD 11+ sys/net/if.h: if_data (152 bytes at 16 of if_msghdr) has
 * u_int64_t ifi_baudrate at 16, then ipackets, ierrors, opackets, oerrors,
 * collisions, ibytes, obytes, imcasts, omcasts, iqdrops, oqdrops, noproto
 * at 24, 32, ... 112.  SIOCGIFDESCR is _IOWR('i', 42, struct ifreq): the
 * name, then struct ifreq_buffer { size_t length; void *buffer; } at 16. */
#define NIO_FBSD_IFI_BAUDRATE 16
#define NIO_FBSD_IFI_IPACKETS 24
#define NIO_FBSD_IFI_IERRORS 32
#define NIO_FBSD_IFI_OPACKETS 40
#define NIO_FBSD_IFI_OERRORS 48
#define NIO_FBSD_IFI_IBYTES 64
#define NIO_FBSD_IFI_OBYTES 72
#define NIO_FBSD_IFI_IMCASTS 80
#define NIO_FBSD_IFI_OMCASTS 88
#define NIO_FBSD_IFI_IQDROPS 96
#define NIO_FBSD_IFI_OQDROPS 104
#define NIO_FBSD_IFI_NOPROTO 112
#define NIO_FBSD_SIOCGIFDESCR 0xc020692au   /* _IOWR('i', 42, struct ifreq) */
#define NIO_FBSD_IFR_BUFFER_LEN 16
#define NIO_FBSD_IFR_BUFFER_PTR 24
/* macOS net/if.h, net/if_var.h (SDK): if_msghdr2 is 160 bytes, int
 * ifm_snd_drops at 24, if_data64 (pack(4), 128 bytes) at 32 with
 * ifi_type 0, ifi_addrlen 3, ifi_mtu 8 as in if_data, u_int64_t
 * ifi_baudrate at 16, then ipackets ... noproto at 24 ... 104 (no
 * oqdrops).  RTM_IFINFO2 0x12, NET_RT_IFLIST2 6.  XNU's private
 * SIOCGIFDESC (bsd/sys/sockio_private.h, not in the SDK) is
 * _IOWR('i', 144, struct if_descreq): name, u_int32_t ifdr_len at 16,
 * u_int8_t ifdr_desc[IF_DESCSIZE = 128] at 20; 148 bytes. */
#define NIO_MAC_IFM2_SIZE 160
#define NIO_MAC_IFM2_SND_DROPS 24
#define NIO_MAC_IFM2_DATA 32
#define NIO_MAC_RTM_IFINFO2 0x12
#define NIO_MAC_NET_RT_IFLIST2 6
#define NIO_MAC_IFI64_BAUDRATE 16
#define NIO_MAC_IFI64_IPACKETS 24
#define NIO_MAC_IFI64_IERRORS 32
#define NIO_MAC_IFI64_OPACKETS 40
#define NIO_MAC_IFI64_OERRORS 48
#define NIO_MAC_IFI64_IBYTES 64
#define NIO_MAC_IFI64_OBYTES 72
#define NIO_MAC_IFI64_IMCASTS 80
#define NIO_MAC_IFI64_OMCASTS 88
#define NIO_MAC_IFI64_IQDROPS 96
#define NIO_MAC_IFI64_NOPROTO 104
#define NIO_MAC_SIOCGIFDESC 0xc0946990u     /* _IOWR('i', 144, struct if_descreq) */
#define NIO_MAC_DESCREQ_SIZE 148
#define NIO_MAC_DESCREQ_LEN 16
#define NIO_MAC_DESCREQ_DESC 20
#define NIO_MAC_IF_DESCSIZE 128

/* How the description request carries the text. */
enum nio_bsd_descr_kind {
    NIO_DESCR_NONE = 0,         /* the OS keeps no description */
    NIO_DESCR_BUFFER,           /* FreeBSD: a pointer to the caller's buffer */
    NIO_DESCR_INLINE,           /* macOS: the bytes inside the request */
};

struct nio_bsd_ifrow_layout {
    const char *os;
    const struct nio_bsd_layout *ifl;   /* the RTM_IFINFO reading it extends */
    uint8_t msg_type;           /* RTM_IFINFO, or macOS's RTM_IFINFO2 */
    uint16_t hdr_size;          /* the sockaddrs start here */
    uint16_t data;              /* offset of if_data / if_data64 */
    uint16_t snd_drops;         /* 32-bit send-queue drops in the header, or ABSENT */
    /* 64-bit fields of the data: */
    uint16_t baudrate, ipackets, ierrors, opackets, oerrors, ibytes, obytes;
    uint16_t imcasts, omcasts, iqdrops, noproto;
    uint16_t oqdrops;           /* or NIO_BSD_ABSENT */
    uint8_t ift_gif, ift_stf;   /* the OS's IFT of IP-in-IP and 6to4 tunnels */
    enum nio_bsd_descr_kind descr;
    uint32_t descr_cmd;         /* the ioctl that reads the description */
    uint16_t descr_size;        /* its request's size */
};

extern const struct nio_bsd_ifrow_layout nio_bsd_ifrow_freebsd NIO_HIDDEN;
extern const struct nio_bsd_ifrow_layout nio_bsd_ifrow_macos NIO_HIDDEN;

/* One interface message (len bytes) -> *out: the link facts (as
 * nio_bsd_parse_ifinfo), flags, link-layer address, tunnel kind, the
 * speed the OS reports and the counters; description and hardware are
 * ifrow.c's.  0, -ENOENT for another message type, -EPROTO when it is
 * malformed or shorter than the layout's header. */
int nio_bsd_parse_ifrow(const struct nio_bsd_ifrow_layout *l, const void *msg, size_t len,
                        struct nio_ifrow *out) NIO_HIDDEN;

/* Every interface message of a sysctl buffer, in order, through cb;
 * others are skipped.  0, cb's first non-zero value, or -EPROTO. */
typedef int (*nio_bsd_ifrow_cb)(const struct nio_ifrow *r, void *ctx);
int nio_bsd_parse_ifrows(const struct nio_bsd_ifrow_layout *l, const void *buf, size_t len,
                         nio_bsd_ifrow_cb cb, void *ctx) NIO_HIDDEN;

/* What ifrow.c learned beyond the message: whether the device is hardware
 * and, where the media status was asked (ifm_status >= 0), whether it has
 * a link.  Settles connected, oper and speed. */
void nio_bsd_ifrow_settle(struct nio_ifrow *r, bool hardware, int ifm_status) NIO_HIDDEN;

/* The description request for name into req (NIO_BSD_DESCR_REQ_MAX
 * bytes), FreeBSD's pointing at buf (cap bytes): 0, -EOPNOTSUPP where the
 * OS keeps none, -ENODEV for a name that cannot name an interface. */
#define NIO_BSD_DESCR_REQ_MAX 160
int nio_bsd_descr_req(const struct nio_bsd_ifrow_layout *l, const char *name, uint8_t *req,
                      char *buf, size_t cap) NIO_HIDDEN;
/* Its answer -> out (NIO_DESCR_MAX bytes, cut at a UTF-8 boundary): 0;
 * -ENOENT for an empty one; -ENOBUFS when FreeBSD's is longer than cap. */
int nio_bsd_descr_answer(const struct nio_bsd_ifrow_layout *l, const uint8_t *req,
                         const char *buf, size_t cap, char *out) NIO_HIDDEN;

/* FreeBSD's newbus name of interface name ("em0" -> "dev.em.0.%desc"),
 * into oid (cap bytes): true when name has the driver-unit form. */
bool nio_bsd_dev_oid(const char *name, char *oid, size_t cap) NIO_HIDDEN;
/* Whether name was made by one of the n cloners (names of IFNAMSIZ bytes
 * each, SIOCIFGCLONERS): a cloner's name followed by a digit. */
bool nio_bsd_cloned(const char *name, const char *cloners, size_t n) NIO_HIDDEN;

/* --------------------------------------------------------- neighbours */
/* parse-neigh.c: the ARP and NDP entries of sysctl {CTL_NET, PF_ROUTE, 0,
 * family, NET_RT_FLAGS, RTF_LLINFO} (a struct rt_msghdr, RTA_DST the
 * neighbour's sockaddr_in/in6, RTA_GATEWAY a sockaddr_dl with its
 * link-layer address) into neighbour rows, and the RTM_ADD and RTM_DELETE
 * requests that arp -s / ndp -s and arp -d / ndp -d send; pure.  neigh.c
 * makes the calls (docs/bsd.md, "Neighbour rows"). */
#define NIO_BSD_NET_RT_FLAGS 2         /* the same on both */
#define NIO_BSD_RTF_LLINFO 0x400       /* FreeBSD's RTF_LLDATA, the same bit */
#define NIO_BSD_RTF_ANNOUNCE 0x4000    /* RTF_PROTO2: a published (proxy) entry */
#define NIO_FBSD_RTF_PINNED 0x100000   /* FreeBSD: an own address's entry (LLE_IFADDR) */
#define NIO_FBSD_RTM_STATE 120         /* rtm_rmx.rmx_state (= rmx_weight), u_long */
#define NIO_MAC_RTF_ROUTER 0x10000000  /* XNU: the entry of a default router */
/* sockaddr_dl: sdl_nlen 5, sdl_alen 6, sdl_data (name, then address) 8. */
#define NIO_BSD_SDL_NLEN 5
#define NIO_BSD_SDL_ALEN 6
#define NIO_BSD_SDL_DATA 8

struct nio_bsd_neighlayout {
    const char *os;
    const struct nio_bsd_rtlayout *rt; /* header, sockaddrs, AF_INET6, zones */
    uint16_t rtm_state;         /* offset of an IPv6 entry's ND6_LLINFO_* state, or ABSENT */
    uint32_t rtf_router;        /* the flag of an IPv6 router's entry (FreeBSD: RTF_GATEWAY) */
    uint32_t rtf_own;           /* flags of an own address's entry */
    bool uptime4;               /* IPv4 rmx_expire counts from boot (FreeBSD), else the epoch */
    bool add_replaces;          /* RTM_ADD replaces an entry in place (FreeBSD) */
};

extern const struct nio_bsd_neighlayout nio_bsd_neigh_freebsd NIO_HIDDEN;
extern const struct nio_bsd_neighlayout nio_bsd_neigh_macos NIO_HIDDEN;

/* The two clocks an rmx_expire may count on, in seconds: the epoch
 * (time()) and the time since boot (CLOCK_MONOTONIC). */
struct nio_bsd_clock {
    int64_t wall, uptime;
};

/* One message of the dump (len bytes) -> *out: 0; -ENOENT for what is no
 * neighbour (no RTF_LLINFO, an own address's entry, a published one,
 * another family, a gateway that is no link address); -EPROTO when it is
 * malformed (as nio_bsd_parse_rtmsg, or a link address beyond its
 * sockaddr or longer than NIO_HWADDR_MAX). */
int nio_bsd_parse_neigh(const struct nio_bsd_neighlayout *l, const void *msg, size_t len,
                        const struct nio_bsd_clock *now, struct nio_neigh *out) NIO_HIDDEN;

/* Every neighbour of the families in want on ifindex (0: any) in a dump
 * buffer, in order, through cb: 0, cb's first non-zero value, or -EPROTO
 * when a message is malformed or overruns the buffer. */
typedef int (*nio_bsd_neigh_cb)(const struct nio_neigh *n, void *ctx);
int nio_bsd_parse_neighs(const struct nio_bsd_neighlayout *l, const void *buf, size_t len,
                         unsigned want, uint32_t ifindex, const struct nio_bsd_clock *now,
                         nio_bsd_neigh_cb cb, void *ctx) NIO_HIDDEN;

/* The RTM_ADD that makes n a permanent entry (nio_os_neigh_add), into buf
 * (cap bytes), *len set: 0; -EOPNOTSUPP for what the routing socket cannot
 * make (a state other than NIO_NS_PERMANENT, the router flag); -EINVAL for
 * no link-layer address; -ENODEV for an index no BSD has; -ENOBUFS. */
int nio_bsd_neigh_add_msg(const struct nio_bsd_neighlayout *l, const struct nio_neigh *n,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len) NIO_HIDDEN;
/* The RTM_DELETE of n as listed, the same way. */
int nio_bsd_neigh_delete_msg(const struct nio_bsd_neighlayout *l, const struct nio_neigh *n,
                             int32_t seq, uint8_t *buf, size_t cap, size_t *len) NIO_HIDDEN;

/* neigh.c: the neighbour layout of the OS compiled for, checked against
 * its headers. */
const struct nio_bsd_neighlayout *nio_bsd_neigh_native(void) NIO_HIDDEN;

#endif
