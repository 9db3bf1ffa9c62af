/* knobs.c - what SetIpInterfaceEntry can change on each BSD, and the
 * SIOCSIFINFO_* requests that change it.  Pure, like parse-ipif.c: the
 * requests are built in bytes laid out as a struct nio_bsd_layout says,
 * from the SIOCGIFINFO_IN6 answer that ipif-set.c reads just before, so the
 * tests check them on any OS.
 *
 * A knob is offered only when the change stays on the one interface and
 * can be put back exactly:
 *   - the link MTU (SIOCSIFMTU): IPv4 NlMtu, on every BSD;
 *   - ND6_IFF_* flags (SIOCSIFINFO_FLAGS): IPv6 RouterDiscoveryBehavior
 *     (ACCEPT_RTADV) and LinkLocalAddressBehavior (AUTO_LINKLOCAL) where
 *     the OS keeps those bits (FreeBSD), DadTransmits through the
 *     per-interface DAD switch (FreeBSD NO_DAD, macOS DAD);
 *   - basereachable and retrans (SIOCSIFINFO_IN6): IPv6 BaseReachableTime
 *     and RetransmitTime, FreeBSD only (XNU has no such request).
 * Never offered: ForwardingEnabled (net.inet.ip.forwarding and
 * net.inet6.ip6.forwarding are one switch for every interface, and a Set
 * names one), a DAD count other than 0 and the system's
 * (net.inet6.ip6.dad_count is system-wide too), and the IPv6 NlMtu:
 * FreeBSD's SIOCSIFINFO_IN6 only ever lowers linkmtu (it refuses a value
 * above the current one, and 0 means "unchanged"), so a change could not
 * be undone, and XNU has no request for it.  docs/bsd.md has the table. */
#include <errno.h>
#include <string.h>

#include "bsd.h"

/* nd_ifinfo, after the 16-byte name (parse-ipif.c reads the same fields). */
#define NIO_NDI_LINKMTU (NIO_BSD_NDI + 0)
#define NIO_NDI_BASEREACHABLE (NIO_BSD_NDI + 8)
#define NIO_NDI_RETRANS (NIO_BSD_NDI + 16)
#define NIO_NDI_FLAGS (NIO_BSD_NDI + 20)

static uint32_t nio_get32(const uint8_t *p, size_t off)
{
    uint32_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

static void nio_put32(uint8_t *p, size_t off, uint32_t v)
{
    memcpy(p + off, &v, sizeof(v));
}

/* The ND6_IFF_* bit behind a flag knob, 0 for another knob or a bit
 * this OS does not keep. */
static uint32_t nio_nd_bit(const struct nio_bsd_layout *l, enum nio_knob knob)
{
    if (l->siocsifinfo_flags == 0)
        return 0;
    switch (knob) {
    case NIO_KNOB_ROUTER_DISCOVERY: return l->nd_accept_rtadv;
    case NIO_KNOB_LINK_LOCAL: return l->nd_auto_linklocal;
    case NIO_KNOB_DAD: return l->nd_dad_off ? l->nd_dad_off : l->nd_dad_on;
    default: return 0;
    }
}

/* Whether value wants the bit of a flag knob set: 0, or -EOPNOTSUPP for a
 * value the bit cannot express. */
static int nio_nd_wants(const struct nio_bsd_layout *l, enum nio_knob knob, uint32_t value,
                        const struct nio_bsd_globals *g, bool *set)
{
    switch (knob) {
    case NIO_KNOB_ROUTER_DISCOVERY:
        *set = value == RouterDiscoveryEnabled;
        return value == RouterDiscoveryEnabled || value == RouterDiscoveryDisabled
                   ? 0 : -EOPNOTSUPP;
    case NIO_KNOB_LINK_LOCAL:
        *set = value == LinkLocalAlwaysOn;
        return value == LinkLocalAlwaysOn || value == LinkLocalAlwaysOff ? 0 : -EOPNOTSUPP;
    case NIO_KNOB_DAD:
        if (!nio_bsd_dad_count_ok(g, value))
            return -EOPNOTSUPP;
        *set = l->nd_dad_off ? value == 0 : value != 0;
        return 0;
    default:
        return -EOPNOTSUPP;
    }
}

/* The offset of the time a SIOCSIFINFO_IN6 knob sets, or 0. */
static size_t nio_nd_time(const struct nio_bsd_layout *l, enum nio_knob knob)
{
    if (l->siocsifinfo_in6 == 0)
        return 0;
    if (knob == NIO_KNOB_BASE_REACHABLE)
        return NIO_NDI_BASEREACHABLE;
    if (knob == NIO_KNOB_RETRANSMIT)
        return NIO_NDI_RETRANS;
    return 0;
}

/* Which knobs are offered: each one that nio_nd_bit() or nio_nd_time()
 * knows how to send, so the offer and the requests cannot disagree. */
unsigned nio_bsd_knobs(const struct nio_bsd_layout *l, int slot)
{
    unsigned k = 0;
    if (slot == NIO_V4)
        return 1u << NIO_KNOB_MTU;
    if (slot != NIO_V6)
        return 0;
    for (int knob = 0; knob < NIO_KNOB_COUNT; knob++)
        if (nio_nd_bit(l, (enum nio_knob)knob) != 0 || nio_nd_time(l, (enum nio_knob)knob) != 0)
            k |= 1u << knob;
    return k;
}

bool nio_bsd_knob_offered(const struct nio_bsd_layout *l, int slot, enum nio_knob knob)
{
    return (nio_bsd_knobs(l, slot) & (1u << knob)) != 0;
}

/* The count is the system's: an interface can only run DAD with it or
 * not at all. */
bool nio_bsd_dad_count_ok(const struct nio_bsd_globals *g, uint32_t value)
{
    return value == 0 || (g->has_dad_count && value == g->dad_count);
}

/* SIOCSIFINFO_IN6 sets every non-zero one of linkmtu, basereachable,
 * retrans and chlim, then the flags (FreeBSD nd6_ioctl()): zero the ones
 * not meant, and keep the flags as they were read. */
static void nio_nd_time_request(const struct nio_bsd_layout *l, uint8_t *req, size_t off,
                                uint32_t v, uint32_t *cmd)
{
    nio_put32(req, NIO_NDI_LINKMTU, 0);
    nio_put32(req, NIO_NDI_BASEREACHABLE, 0);
    nio_put32(req, NIO_NDI_RETRANS, 0);
    req[NIO_BSD_NDI_CHLIM] = 0;
    nio_put32(req, off, v);
    *cmd = l->siocsifinfo_in6;
}

/* SIOCSIFINFO_FLAGS with the whole flags word. */
static void nio_nd_flags_request(const struct nio_bsd_layout *l, uint8_t *req, uint32_t flags,
                                 uint32_t *cmd)
{
    nio_put32(req, NIO_NDI_FLAGS, flags);
    *cmd = l->siocsifinfo_flags;
}

int nio_bsd_nd_change(const struct nio_bsd_layout *l, uint8_t *req, enum nio_knob knob,
                      uint32_t value, const struct nio_bsd_globals *g, uint32_t *undo,
                      uint32_t *cmd)
{
    size_t off = nio_nd_time(l, knob);
    uint32_t flags = nio_get32(req, NIO_NDI_FLAGS), bit;
    bool set;
    int err;
    if (off != 0) {
        /* 0 is "unchanged" to the kernel: a 0 read could not be put back
         * (nor is it a value the core passes). */
        if (value == 0 || nio_get32(req, off) == 0)
            return value == 0 ? -EOPNOTSUPP : -EPROTO;
        *undo = nio_get32(req, off);
        nio_nd_time_request(l, req, off, value, cmd);
        return 0;
    }
    bit = nio_nd_bit(l, knob);
    err = bit ? nio_nd_wants(l, knob, value, g, &set) : -EOPNOTSUPP;
    if (err)
        return err;
    *undo = flags & bit;
    nio_nd_flags_request(l, req, set ? flags | bit : flags & ~bit, cmd);
    return 0;
}

int nio_bsd_nd_restore(const struct nio_bsd_layout *l, uint8_t *req, enum nio_knob knob,
                       uint32_t undo, uint32_t *cmd)
{
    size_t off = nio_nd_time(l, knob);
    uint32_t flags = nio_get32(req, NIO_NDI_FLAGS), bit;
    if (off != 0) {
        if (undo == 0)
            return -EPROTO;
        nio_nd_time_request(l, req, off, undo, cmd);
        return 0;
    }
    bit = nio_nd_bit(l, knob);
    if (bit == 0 || (undo & ~bit) != 0)
        return -EOPNOTSUPP;
    nio_nd_flags_request(l, req, (flags & ~bit) | undo, cmd);
    return 0;
}
