/* parse-ethtool.c - the generic-netlink answers ethtool.c reads: the
 * controller's reply naming a family's number, and an
 * ETHTOOL_MSG_LINKMODES_GET_REPLY into one device's speed.  Pure: no
 * sockets, so canned messages test it (tests/linux/test-parse-ethtool.c)
 * and tests/fuzz/fuzz-linkmodes.c fuzzes it. */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

#include "linux.h"

void nio_linux_speed_mbps(uint32_t mbps, enum nio_speed *speed, uint64_t *bps)
{
    /* A device with the operation but no link says 0 or SPEED_UNKNOWN. */
    if (mbps == 0 || mbps == (uint32_t)SPEED_UNKNOWN) {
        *speed = NIO_SPEED_UNKNOWN;
        *bps = 0;
    } else {
        *speed = NIO_SPEED_KNOWN;
        *bps = (uint64_t)mbps * 1000000u;
    }
}

static const enum mnl_attr_data_type nio_ctrl_types[CTRL_ATTR_MAX + 1] = {
    [CTRL_ATTR_FAMILY_ID] = MNL_TYPE_U16,
    [CTRL_ATTR_FAMILY_NAME] = MNL_TYPE_NUL_STRING,
};

int nio_linux_parse_genl_family(const struct nlmsghdr *nlh, const char *name, uint16_t *id)
{
    const struct nlattr *tb[CTRL_ATTR_MAX + 1];
    uint16_t v;
    if (nio_linux_attrs_msg(nlh, sizeof(struct genlmsghdr), tb, CTRL_ATTR_MAX, nio_ctrl_types) < 0 ||
        tb[CTRL_ATTR_FAMILY_ID] == NULL || tb[CTRL_ATTR_FAMILY_NAME] == NULL)
        return -EPROTO;
    if (strcmp(nio_attr_data(tb[CTRL_ATTR_FAMILY_NAME]), name) != 0)
        return -ENOENT; /* another family's: not the answer */
    memcpy(&v, nio_attr_data(tb[CTRL_ATTR_FAMILY_ID]), sizeof(v));
    if (v < NLMSG_MIN_TYPE)
        return -EPROTO; /* a family number is a message type beyond the control ones */
    *id = v;
    return 0;
}

static const enum mnl_attr_data_type nio_linkmodes_types[ETHTOOL_A_LINKMODES_MAX + 1] = {
    [ETHTOOL_A_LINKMODES_HEADER] = MNL_TYPE_NESTED,
    [ETHTOOL_A_LINKMODES_SPEED] = MNL_TYPE_U32,
};

static const enum mnl_attr_data_type nio_header_types[ETHTOOL_A_HEADER_MAX + 1] = {
    [ETHTOOL_A_HEADER_DEV_INDEX] = MNL_TYPE_U32,
};

int nio_linux_parse_linkmodes(const struct nlmsghdr *nlh, struct nio_speed_of *out)
{
    const struct nlattr *tb[ETHTOOL_A_LINKMODES_MAX + 1];
    const struct nlattr *hb[ETHTOOL_A_HEADER_MAX + 1];
    uint32_t index;
    if (nio_linux_attrs_msg(nlh, sizeof(struct genlmsghdr), tb, ETHTOOL_A_LINKMODES_MAX,
                            nio_linkmodes_types) < 0 ||
        tb[ETHTOOL_A_LINKMODES_HEADER] == NULL ||
        nio_linux_attrs_nested(tb[ETHTOOL_A_LINKMODES_HEADER], hb, ETHTOOL_A_HEADER_MAX,
                               nio_header_types) < 0 ||
        hb[ETHTOOL_A_HEADER_DEV_INDEX] == NULL)
        return -EPROTO;
    index = nio_attr_u32(hb[ETHTOOL_A_HEADER_DEV_INDEX]);
    if (index == 0 || index > INT32_MAX)
        return -EPROTO;
    /* Every reply carries the speed (the kernel's linkmodes_fill_reply);
     * one without it says nothing of the device, as a device left out. */
    if (tb[ETHTOOL_A_LINKMODES_SPEED] == NULL)
        return -ENOENT;
    memset(out, 0, sizeof(*out));
    out->index = index;
    nio_linux_speed_mbps(nio_attr_u32(tb[ETHTOOL_A_LINKMODES_SPEED]), &out->speed, &out->bps);
    return 0;
}
