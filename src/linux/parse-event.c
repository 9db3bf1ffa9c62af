/* parse-event.c - which interface a change notification concerns.  Pure,
 * like parse-ipif.c. */
#include <libmnl/libmnl.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static int nio_netconf_attr(const struct nlattr *attr, void *data)
{
    const struct nlattr **index = data;
    if (mnl_attr_get_type(attr) == NETCONFA_IFINDEX && mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
        *index = attr;
    return MNL_CB_OK;
}

static int64_t nio_netconf_ifindex(const struct nlmsghdr *nlh)
{
    const struct nlattr *index = NULL;
    int32_t v;
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct netconfmsg)) ||
        mnl_attr_parse(nlh, sizeof(struct netconfmsg), nio_netconf_attr, &index) < 0)
        return 0; /* malformed: compare everything rather than miss one */
    if (index == NULL)
        return 0;
    v = (int32_t)mnl_attr_get_u32(index);
    /* NETCONFA_IFINDEX_ALL / _DEFAULT (negative): every interface. */
    return v > 0 ? v : 0;
}

int64_t nio_linux_event_ifindex(const struct nlmsghdr *nlh)
{
    const struct ifinfomsg *ifi;
    switch (nlh->nlmsg_type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
        if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
            return 0;
        ifi = mnl_nlmsg_get_payload(nlh);
        return ifi->ifi_index > 0 ? ifi->ifi_index : 0;
    case RTM_NEWNETCONF:
    case RTM_DELNETCONF:
        return nio_netconf_ifindex(nlh);
    default:
        return -1;
    }
}
