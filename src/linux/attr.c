/* attr.c - the one rtnetlink attribute walker of the Linux back end, used
 * by every parser.  Pure: no I/O.
 *
 * It picks the attributes of a run whose type has an entry in types, each
 * validated; every other attribute is skipped, so a newer kernel's extra
 * attributes do no harm.  There is no callback per attribute: a link
 * message carries about forty, and a table parses thousands of them. */
#include <errno.h>
#include <string.h>

#include "linux.h"

int nio_linux_attrs(const void *payload, size_t len, const struct nlattr **tb, uint16_t max,
                    const enum mnl_attr_data_type *types)
{
    const struct nlattr *attr;
    memset(tb, 0, sizeof(*tb) * (max + 1u));
    mnl_attr_for_each_payload(payload, len) {
        uint16_t type = mnl_attr_get_type(attr);
        if (type > max || types[type] == MNL_TYPE_UNSPEC)
            continue; /* unknown to us, or not wanted: skip */
        if (mnl_attr_validate(attr, types[type]) < 0)
            return -EPROTO;
        tb[type] = attr;
    }
    return 0;
}

int nio_linux_attrs_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max,
                           const enum mnl_attr_data_type *types)
{
    return nio_linux_attrs(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), tb, max,
                           types);
}

int nio_linux_attrs_msg(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
                        uint16_t max, const enum mnl_attr_data_type *types)
{
    if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(hdrlen))
        return -EPROTO;
    return nio_linux_attrs(mnl_nlmsg_get_payload_offset(nlh, hdrlen),
                           mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(hdrlen), tb, max, types);
}
