/* ipif-set.c - applying one change to a Linux interface.
 *
 * The IPv4 MTU is the link MTU and goes through rtnetlink (RTM_NEWLINK with
 * IFLA_MTU, acknowledged).  Everything else is a per-interface sysctl: the
 * kernel offers no rtnetlink write for IPv6 devconf or for one device's
 * neighbour parameters, so /proc/sys/net it is.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "linux.h"

static const char *const nio_fam[NIO_FAMILIES] = {"ipv4", "ipv6"};

unsigned nio_os_knobs(int slot)
{
    unsigned both = 1u << NIO_KNOB_MTU | 1u << NIO_KNOB_FORWARDING |
                    1u << NIO_KNOB_BASE_REACHABLE | 1u << NIO_KNOB_RETRANSMIT;
    if (slot == NIO_V4)
        return both;
    return both | 1u << NIO_KNOB_DAD | 1u << NIO_KNOB_ROUTER_DISCOVERY |
           1u << NIO_KNOB_LINK_LOCAL;
}

/* Every value of an offered knob is the kernel's to judge; one it refuses
 * is undone like any failed write. */
bool nio_os_accepts(int slot, enum nio_knob knob, uint32_t value)
{
    (void)slot;
    (void)knob;
    (void)value;
    return true;
}

int nio_os_may_change(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &hdr, data) != 0)
        return -errno;
    return data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective & CAP_TO_MASK(CAP_NET_ADMIN) ? 0 : -EPERM;
}

struct nio_mtu_ask {
    uint32_t ifindex, mtu;
};

static void nio_mtu_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_mtu_ask *a = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_NEWLINK, NLM_F_ACK);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = (int)a->ifindex;
    mnl_attr_put_u32(nlh, IFLA_MTU, a->mtu);
}

static int nio_link_mtu(const struct nio_iface *ifc, uint32_t mtu)
{
    struct nio_mtu_ask ask = {ifc->index, mtu};
    return nio_nl_ask(nio_mtu_request, &ask, NULL, NULL);
}

/* The sysctl behind a knob, as "<dir>/<file>" under /proc/sys/net/ipvN/. */
static const char *nio_knob_file(enum nio_knob knob, const char **dir)
{
    *dir = "conf";
    switch (knob) {
    case NIO_KNOB_MTU: return "mtu";
    case NIO_KNOB_FORWARDING: return "forwarding";
    case NIO_KNOB_DAD: return "dad_transmits";
    case NIO_KNOB_ROUTER_DISCOVERY: return "accept_ra";
    case NIO_KNOB_LINK_LOCAL: return "addr_gen_mode";
    case NIO_KNOB_BASE_REACHABLE: *dir = "neigh"; return "base_reachable_time_ms";
    case NIO_KNOB_RETRANSMIT: *dir = "neigh"; return "retrans_time_ms";
    default: return NULL;
    }
}

static int nio_sysctl_read(const struct nio_iface *ifc, int slot, enum nio_knob knob,
                           uint32_t *v)
{
    const char *dir, *file = nio_knob_file(knob, &dir);
    return nio_procsys_u32(v, "/proc/sys/net/%s/%s/%s/%s", nio_fam[slot], dir, ifc->name, file);
}

static int nio_sysctl_write(const struct nio_iface *ifc, int slot, enum nio_knob knob,
                            uint32_t v)
{
    const char *dir, *file = nio_knob_file(knob, &dir);
    return nio_procsys_write_u32(v, "/proc/sys/net/%s/%s/%s/%s", nio_fam[slot], dir, ifc->name,
                                 file);
}

/* The row's value in the sysctl's terms; prev is the sysctl's value now. */
static int nio_sysctl_value(const struct nio_iface *ifc, int slot, enum nio_knob knob,
                            uint32_t value, uint32_t prev, uint32_t *out)
{
    uint32_t fwd = 0;
    int err;
    switch (knob) {
    case NIO_KNOB_ROUTER_DISCOVERY:
        if (value == RouterDiscoveryDisabled) {
            *out = 0;
            return 0;
        }
        /* accept_ra 1 ignores advertisements while forwarding; 2 does not. */
        err = nio_sysctl_read(ifc, slot, NIO_KNOB_FORWARDING, &fwd);
        *out = fwd ? 2 : 1;
        return err;
    case NIO_KNOB_LINK_LOCAL:
        /* addr_gen_mode 1 is "none"; any other mode makes a link-local. */
        *out = value == LinkLocalAlwaysOff ? 1 : (prev == 1 ? 0 : prev);
        return 0;
    default:
        *out = value;
        return 0;
    }
}

int nio_os_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t value,
                 uint32_t *undo)
{
    uint32_t raw;
    int err;
    if (knob == NIO_KNOB_MTU && slot == NIO_V4) {
        *undo = ifc->mtu;
        err = nio_link_mtu(ifc, value);
        /* A failure after the kernel acted (its acknowledgement lost or
         * garbled) may leave the new MTU in place, and Set undoes only the
         * steps that succeeded: put the old one back here, which changes
         * nothing when the kernel refused. */
        if (err)
            nio_link_mtu(ifc, ifc->mtu);
        return err;
    }
    if (nio_knob_file(knob, &(const char *){NULL}) == NULL)
        return -EOPNOTSUPP;
    err = nio_sysctl_read(ifc, slot, knob, undo);
    if (err == 0)
        err = nio_sysctl_value(ifc, slot, knob, value, *undo, &raw);
    if (err == 0 && raw != *undo)
        err = nio_sysctl_write(ifc, slot, knob, raw);
    return err == -ENOENT ? -ENODEV : err;
}

int nio_os_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo)
{
    if (knob == NIO_KNOB_MTU && slot == NIO_V4)
        return nio_link_mtu(ifc, undo);
    return nio_sysctl_write(ifc, slot, knob, undo);
}
