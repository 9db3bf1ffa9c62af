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

/* mnl_attr_validate's rules, without a call: a fixed-size type must be
 * exactly its size, a string not empty, a NUL string NUL-terminated, a
 * flag empty, a non-empty nest at least one attribute header. */
static bool nio_attr_valid(const struct nlattr *a, enum mnl_attr_data_type type)
{
    size_t len = a->nla_len - MNL_ATTR_HDRLEN;
    const char *data = (const char *)a + MNL_ATTR_HDRLEN;
    switch (type) {
    case MNL_TYPE_U8: return len == 1;
    case MNL_TYPE_U16: return len == 2;
    case MNL_TYPE_U32: return len == 4;
    case MNL_TYPE_U64:
    case MNL_TYPE_MSECS: return len == 8;
    case MNL_TYPE_FLAG: return len == 0;
    case MNL_TYPE_STRING: return len > 0;
    case MNL_TYPE_NUL_STRING: return len > 0 && data[len - 1] == '\0';
    case MNL_TYPE_NESTED: return len == 0 || len >= MNL_ATTR_HDRLEN;
    case MNL_TYPE_NESTED_COMPAT:
    case MNL_TYPE_BINARY: return true;
    default: return false; /* no type libmnl knows: mnl_attr_validate refuses it */
    }
}

/* The walk is libmnl's (mnl_attr_for_each_payload), written out: it stops
 * at the first attribute that does not fit what is left (mnl_attr_ok), the
 * type is nla_type without its two flag bits, the next attribute begins
 * at the aligned length, and the last of a type wins.  Written out because
 * four calls into libmnl per attribute were half of the user-space time of
 * a 20,000-address table. */
int nio_linux_attrs(const void *payload, size_t len, const struct nlattr **tb, uint16_t max,
                    const enum mnl_attr_data_type *types)
{
    const char *p = payload;
    memset(tb, 0, sizeof(*tb) * (max + 1u));
    while (len >= sizeof(struct nlattr)) {
        const struct nlattr *a = (const struct nlattr *)(const void *)p;
        uint16_t type = a->nla_type & NLA_TYPE_MASK;
        size_t step = MNL_ALIGN(a->nla_len);
        if (a->nla_len < sizeof(struct nlattr) || a->nla_len > len)
            break;
        if (type <= max && types[type] != MNL_TYPE_UNSPEC) {
            if (!nio_attr_valid(a, types[type]))
                return -EPROTO;
            tb[type] = a;
        }
        if (step >= len)
            break;
        p += step;
        len -= step;
    }
    return 0;
}

int nio_linux_attrs_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max,
                           const enum mnl_attr_data_type *types)
{
    return nio_linux_attrs(nio_attr_data(nest), nio_attr_len(nest), tb, max, types);
}

int nio_linux_attrs_msg(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
                        uint16_t max, const enum mnl_attr_data_type *types)
{
    if (nio_msg_data_len(nlh) < MNL_ALIGN(hdrlen))
        return -EPROTO;
    return nio_linux_attrs((const char *)nio_msg_data(nlh) + MNL_ALIGN(hdrlen),
                           nio_msg_data_len(nlh) - MNL_ALIGN(hdrlen), tb, max, types);
}
