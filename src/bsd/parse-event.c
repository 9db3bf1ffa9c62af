/* parse-event.c - which interface a routing-socket message concerns.
 * Pure, like parse-ipif.c: bytes laid out as a struct nio_bsd_layout says, no
 * system call and no BSD header, so tests/bsd/ runs it on any OS.
 *
 * The routing socket hands over one message per read.  Messages about an
 * interface carry its index at a place that depends on their type:
 * RTM_IFINFO (struct if_msghdr: flags, link state, MTU), RTM_NEWADDR and
 * RTM_DELADDR (struct ifa_msghdr: an address came or went; on macOS the
 * first IPv6 address is what attaches IPv6) and, on FreeBSD,
 * RTM_IFANNOUNCE (struct if_announcemsghdr: arrival or departure; the
 * core reads the interface and learns which).  Everything else (routes,
 * multicast memberships, FreeBSD's RTM_IEEE80211) leaves every interface
 * row as it was.
 *
 * Route rows change with RTM_ADD, RTM_DELETE and RTM_CHANGE (struct
 * rt_msghdr, alike on FreeBSD and macOS up to rtm_flags: rtm_index, the
 * route's interface, at 4), and go with an address or an interface.  The
 * core then compares the routes through that interface: the messages'
 * sockaddrs are left to parse-route.c and nio_os_route_list, so that what
 * the list and the events call a row cannot differ.  Address rows change
 * with RTM_NEWADDR and RTM_DELADDR, and go with an interface: the core
 * compares that interface's addresses, for the same reason. */
#include <string.h>

#include "bsd.h"

static uint16_t nio_u16(const uint8_t *p, size_t off)
{
    uint16_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

/* The 16-bit index at off of a message of at least size bytes; 0 (compare
 * everything) when the message is shorter or names index 0. */
static int64_t nio_event_index(const uint8_t *m, size_t len, size_t size, size_t off)
{
    if (size == 0 || len < size || off + 2 > len)
        return 0;
    return nio_u16(m, off);
}

int64_t nio_bsd_event_ifindex(const struct nio_bsd_layout *l, const void *msg, size_t len)
{
    const uint8_t *m = msg;
    uint8_t type;
    if (len < 4)
        return 0; /* not even a header: something was lost */
    if (m[2] != l->rtm_version)
        return 0; /* a layout we do not know: the next sweep tells */
    type = m[3];
    if (type != l->rtm_ifinfo && type != l->rtm_newaddr && type != l->rtm_deladdr &&
        (l->rtm_ifannounce == 0 || type != l->rtm_ifannounce))
        return -1; /* not about an interface row, even if truncated */
    /* One message per read: a header that claims more than was read is a
     * message cut short by the buffer, one that claims less is not what
     * this parser knows. */
    if (nio_u16(m, 0) != len)
        return 0;
    if (type == l->rtm_ifinfo)
        return nio_event_index(m, len, l->ifm_size, l->ifm_index);
    if (type == l->rtm_newaddr || type == l->rtm_deladdr)
        return nio_event_index(m, len, l->ifam_size, l->ifam_index);
    return nio_event_index(m, len, l->ifan_size, l->ifan_index);
}

/* Route messages, numbered alike by every BSD since 4.4BSD. */
#define NIO_RTM_ADD 0x1
#define NIO_RTM_DELETE 0x2
#define NIO_RTM_CHANGE 0x3
#define NIO_RTM_INDEX 4         /* rt_msghdr.rtm_index */

/* A header that can be trusted: this layout's version, and the length
 * that was read (one message per read). */
static bool nio_event_whole(const struct nio_bsd_layout *l, const uint8_t *m, size_t len)
{
    return len >= 4 && m[2] == l->rtm_version && nio_u16(m, 0) == len;
}

static bool nio_route_type(const struct nio_bsd_layout *l, uint8_t type)
{
    return type == NIO_RTM_ADD || type == NIO_RTM_DELETE || type == NIO_RTM_CHANGE ||
           type == l->rtm_deladdr || (l->rtm_ifannounce != 0 && type == l->rtm_ifannounce);
}

bool nio_bsd_event_routes(const struct nio_bsd_layout *l, const void *msg, size_t len,
                          uint32_t *ifindex)
{
    const uint8_t *m = msg;
    int64_t index;
    *ifindex = 0;
    if (len < 4 || m[2] != l->rtm_version)
        return true; /* unknown: may have been a route */
    if (!nio_route_type(l, m[3]))
        return false;
    if (!nio_event_whole(l, m, len) || m[3] == NIO_RTM_CHANGE)
        return true;
    if (m[3] == NIO_RTM_ADD || m[3] == NIO_RTM_DELETE)
        index = len >= NIO_RTM_INDEX + 2 ? nio_u16(m, NIO_RTM_INDEX) : 0;
    else
        index = nio_bsd_event_ifindex(l, msg, len);
    *ifindex = index > 0 ? (uint32_t)index : 0;
    return true;
}

bool nio_bsd_event_addrs(const struct nio_bsd_layout *l, const void *msg, size_t len,
                         uint32_t *ifindex)
{
    const uint8_t *m = msg;
    int64_t index;
    *ifindex = 0;
    if (len < 4 || m[2] != l->rtm_version)
        return true; /* unknown: may have been an address */
    if (m[3] != l->rtm_newaddr && m[3] != l->rtm_deladdr &&
        (l->rtm_ifannounce == 0 || m[3] != l->rtm_ifannounce))
        return false;
    index = nio_bsd_event_ifindex(l, msg, len);
    *ifindex = index > 0 ? (uint32_t)index : 0;
    return true;
}
