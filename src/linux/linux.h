/* linux.h - the pieces of the Linux back end: netlink I/O (netlink.c), pure
 * message parsing (parse.c) and /proc/sys reads (procsys.c). */
#ifndef NIO_LINUX_H
#define NIO_LINUX_H

#include <linux/netlink.h>

#include "internal.h"

/* ------------------------------------------------------------ parse.c */
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
/* RTM_NEWNEIGHTBL -> neighbour parameters; 0, -ENOENT for a message that
 * carries none (table-wide statistics), or -EPROTO. */
int nio_linux_parse_neightbl(const struct nlmsghdr *nlh, struct nio_neigh_parms *out) NIO_HIDDEN;
/* A notification -> the interface it concerns: its index, 0 for "every
 * interface" (a change of the all/default settings), -1 for a message that
 * cannot change a row. */
int64_t nio_linux_event_ifindex(const struct nlmsghdr *nlh) NIO_HIDDEN;
/* ARPHRD type and rtnetlink link kind -> IANA ifType. */
uint16_t nio_linux_iftype(unsigned short arphrd, const char *kind) NIO_HIDDEN;

/* ---------------------------------------------------------- netlink.c */
typedef int (*nio_nl_msg_cb)(const struct nlmsghdr *nlh, void *ctx);

/* Sends one request built in the per-thread buffer and runs cb on each
 * reply message (for a dump, until NLMSG_DONE).  0 or -errno; -EINTR when
 * the kernel flagged the dump as interrupted.  The caller's request
 * builder fills the header after nio_nl_request() returns it. */
struct nio_nl;
int nio_nl_open(struct nio_nl **out) NIO_HIDDEN;  /* this thread's socket */
struct nlmsghdr *nio_nl_request(struct nio_nl *nl, uint16_t type, uint16_t flags) NIO_HIDDEN;
int nio_nl_talk(struct nio_nl *nl, nio_nl_msg_cb cb, void *ctx) NIO_HIDDEN;

/* ---------------------------------------------------------- procsys.c */
/* Reads one unsigned decimal from /proc/sys/net/<fmt...>: 0 or -errno. */
int nio_procsys_u32(uint32_t *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) NIO_HIDDEN;
/* Writes one unsigned decimal: 0 or -errno (-EINVAL: the kernel refused). */
int nio_procsys_write_u32(uint32_t value, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) NIO_HIDDEN;

#endif
