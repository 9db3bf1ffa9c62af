/* fuzz-neigh.c - nio_linux_parse_neigh (src/linux/parse-neigh.c): a
 * neighbour message, RTM_NEWNEIGH or RTM_DELNEIGH (the low bit of the
 * input's type picks), into a neighbour.  Beyond not crashing: 0, -ENOENT
 * or -EPROTO only; -ENOENT exactly for another family or a proxy entry;
 * a neighbour names an interface, is of the message's family with its
 * address bytes past the family's length zero and no zone, holds no more
 * link-layer bytes than room for (the rest zero), a known state, the
 * router flag of the message, ages in ms (USER_HZ x 10, saturated) only
 * when it says it has them.  Whatever libmnl's walk (nio_linux_attrs_msg
 * with the types the parser reads) refuses, it refuses too; parsing twice
 * gives the same answer. */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

#define NDA_PROTOCOL_ATTR 12 /* NDA_PROTOCOL, Linux 5.2 */

/* libmnl's verdict on the message's attributes: 0 or -EPROTO. */
static int libmnl_verdict(const struct nlmsghdr *nlh)
{
    static const enum mnl_attr_data_type types[NDA_PROTOCOL_ATTR + 1] = {
        [NDA_DST] = MNL_TYPE_BINARY,
        [NDA_LLADDR] = MNL_TYPE_BINARY,
        [NDA_CACHEINFO] = MNL_TYPE_BINARY,
        [NDA_PROTOCOL_ATTR] = MNL_TYPE_U8,
    };
    const struct nlattr *tb[NDA_PROTOCOL_ATTR + 1];
    return nio_linux_attrs_msg(nlh, sizeof(struct ndmsg), tb, NDA_PROTOCOL_ATTR, types);
}

static bool age_ok(uint32_t ms)
{
    return ms == UINT32_MAX || ms % 10u == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, 0);
    const struct ndmsg *ndm;
    struct nio_neigh n, again;
    bool whole;
    int err;
    if (nlh == NULL)
        return 0;
    nlh->nlmsg_type = nlh->nlmsg_type & 1 ? RTM_DELNEIGH : RTM_NEWNEIGH;
    memset(&n, 0xA5, sizeof(n));
    err = nio_linux_parse_neigh(nlh, &n);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    whole = nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(*ndm));
    if (!whole) {
        FUZZ_CHECK(err == -EPROTO);
        free(nlh);
        return 0;
    }
    ndm = mnl_nlmsg_get_payload(nlh);
    if ((ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6) ||
        (ndm->ndm_flags & NTF_PROXY))
        FUZZ_CHECK(err == -ENOENT);
    else
        FUZZ_CHECK(err != -ENOENT);
    if (err != -ENOENT && libmnl_verdict(nlh) != 0)
        FUZZ_CHECK(err == -EPROTO);
    if (err == 0) {
        size_t len = n.addr.slot == NIO_V6 ? 16 : 4;
        FUZZ_CHECK(n.addr.slot == (ndm->ndm_family == AF_INET6 ? NIO_V6 : NIO_V4));
        for (size_t i = len; i < sizeof(n.addr.bytes); i++)
            FUZZ_CHECK(n.addr.bytes[i] == 0);
        FUZZ_CHECK(n.addr.scope == 0);
        FUZZ_CHECK(n.ifindex != 0 && n.ifindex == (uint32_t)ndm->ndm_ifindex);
        FUZZ_CHECK(n.lladdr_len <= NIO_HWADDR_MAX);
        for (size_t i = n.lladdr_len; i < sizeof(n.lladdr); i++)
            FUZZ_CHECK(n.lladdr[i] == 0);
        FUZZ_CHECK(n.state >= NIO_NS_NONE && n.state <= NIO_NS_PERMANENT);
        FUZZ_CHECK(n.state != NIO_NS_NONE || ndm->ndm_state == 0 ||
                   (ndm->ndm_state & 0xFF) == 0);
        FUZZ_CHECK(n.router == ((ndm->ndm_flags & NTF_ROUTER) != 0));
        FUZZ_CHECK((n.os_bits & 0xFFu) == ndm->ndm_flags);
        if (n.has_times) {
            FUZZ_CHECK(age_ok(n.confirmed_ms));
            FUZZ_CHECK(age_ok(n.updated_ms));
        } else {
            FUZZ_CHECK(n.confirmed_ms == 0 && n.updated_ms == 0);
        }
        memset(&again, 0x5A, sizeof(again));
        FUZZ_CHECK(nio_linux_parse_neigh(nlh, &again) == 0);
        FUZZ_CHECK(memcmp(&again.addr, &n.addr, sizeof(n.addr)) == 0);
        FUZZ_CHECK(again.ifindex == n.ifindex && again.state == n.state &&
                   again.lladdr_len == n.lladdr_len && again.router == n.router &&
                   again.has_times == n.has_times && again.confirmed_ms == n.confirmed_ms &&
                   again.updated_ms == n.updated_ms && again.os_bits == n.os_bits &&
                   memcmp(again.lladdr, n.lladdr, sizeof(n.lladdr)) == 0);
    } else {
        FUZZ_CHECK(nio_linux_parse_neigh(nlh, &again) == err);
    }
    free(nlh);
    return 0;
}
