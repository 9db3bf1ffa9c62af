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
 * multicast memberships, FreeBSD's RTM_IEEE80211) leaves every row as it
 * was. */
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
