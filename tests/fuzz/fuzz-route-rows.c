/* fuzz-route-rows.c - nio_linux_route_rows (src/linux/parse-route.c): a
 * route message, RTM_NEWROUTE or RTM_DELROUTE (the low bit of the input's
 * type picks), into its route rows.  Beyond not crashing: every row names
 * an interface, is of the main or the local table, has a prefix no longer
 * than its family's address and without host bits, addresses of a known
 * family; no more rows than room for; and room changes how many rows are
 * written, never whether the message is malformed.  The parser walks the
 * attributes itself: whatever libmnl's walk (nio_linux_attrs, with the
 * types the parser reads) refuses, it refuses too. */
#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

#define MAX_ROWS 8

static void check_ip(const struct nio_ip *ip)
{
    FUZZ_CHECK(ip->slot == NIO_V4 || ip->slot == NIO_V6);
}

static bool host_bits_zero(const struct nio_route *r)
{
    size_t len = r->prefix.slot == NIO_V6 ? 16 : 4;
    for (size_t i = 0; i < len; i++) {
        unsigned keep = r->prefix_len >= (i + 1) * 8 ? 8
                        : r->prefix_len > i * 8     ? r->prefix_len - i * 8
                                                    : 0;
        if (r->prefix.bytes[i] & (uint8_t)~(0xFF00u >> keep))
            return false;
    }
    return true;
}

static void check_row(const struct nio_route *r)
{
    uint8_t type = NIO_RB_TYPE(r->os_bits);
    check_ip(&r->prefix);
    FUZZ_CHECK(r->prefix_len <= (r->prefix.slot == NIO_V6 ? 128 : 32));
    FUZZ_CHECK(host_bits_zero(r));
    FUZZ_CHECK(r->oif != 0);
    FUZZ_CHECK(r->table == RT_TABLE_MAIN || r->table == RT_TABLE_LOCAL);
    FUZZ_CHECK(type == RTN_UNICAST || type == RTN_LOCAL || type == RTN_ANYCAST ||
               type == RTN_BROADCAST || type == RTN_MULTICAST);
    FUZZ_CHECK(!(r->local && r->broadcast));
    if (r->has_gateway)
        check_ip(&r->gateway);
    if (r->has_src)
        FUZZ_CHECK(r->src.slot == r->prefix.slot);
}

/* libmnl's verdict on the message's attributes: 0 or -EPROTO. */
static int libmnl_verdict(const struct nlmsghdr *nlh)
{
    static const enum mnl_attr_data_type types[RTA_MAX + 1] = {
        [RTA_DST] = MNL_TYPE_BINARY,       [RTA_OIF] = MNL_TYPE_U32,
        [RTA_GATEWAY] = MNL_TYPE_BINARY,   [RTA_PREFSRC] = MNL_TYPE_BINARY,
        [RTA_PRIORITY] = MNL_TYPE_U32,     [RTA_TABLE] = MNL_TYPE_U32,
        [RTA_CACHEINFO] = MNL_TYPE_BINARY, [RTA_MULTIPATH] = MNL_TYPE_BINARY,
        [RTA_VIA] = MNL_TYPE_BINARY,       [RTA_NH_ID] = MNL_TYPE_U32,
    };
    const struct nlattr *tb[RTA_MAX + 1];
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct rtmsg)))
        return 0; /* refused before any attribute is read */
    return nio_linux_attrs_msg(nlh, sizeof(struct rtmsg), tb, RTA_MAX, types);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, 0);
    struct nio_route rows[MAX_ROWS + 1], one;
    int n, n1;
    if (nlh == NULL)
        return 0;
    nlh->nlmsg_type = nlh->nlmsg_type & 1 ? RTM_DELROUTE : RTM_NEWROUTE;
    memset(rows, 0x5A, sizeof(rows));
    n = nio_linux_route_rows(nlh, rows, MAX_ROWS);
    FUZZ_CHECK(n == -EPROTO || (n >= 0 && n <= MAX_ROWS));
    FUZZ_CHECK(libmnl_verdict(nlh) == 0 || n == -EPROTO);
    for (int i = 0; i < n; i++)
        check_row(&rows[i]);
    FUZZ_CHECK(rows[MAX_ROWS].oif == 0x5A5A5A5Au); /* nothing past max */
    /* Less room: the same first row, the same verdict. */
    n1 = nio_linux_route_rows(nlh, &one, 1);
    FUZZ_CHECK(n < 0 ? n1 == n : n1 == (n > 0));
    if (n > 0)
        FUZZ_CHECK(memcmp(&one, &rows[0], sizeof(one)) == 0);
    FUZZ_CHECK(nio_linux_route_rows(nlh, NULL, 0) == (n < 0 ? n : 0));
    free(nlh);
    return 0;
}
