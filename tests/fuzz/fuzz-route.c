/* fuzz-route.c - nio_linux_parse_route and nio_linux_parse_route_hops
 * (src/linux/parse-route.c): an RTM_NEWROUTE message into a route and its
 * next hops.  Beyond not crashing: a prefix no longer than its family's
 * address, addresses of a known family, no more hops than room for. */
#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

#define MAX_HOPS 8

static void check_ip(const struct nio_ip *ip)
{
    FUZZ_CHECK(ip->slot == NIO_V4 || ip->slot == NIO_V6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, RTM_NEWROUTE);
    struct nio_route r, hops[MAX_HOPS + 1];
    int err, n;
    if (nlh == NULL)
        return 0;
    memset(&r, 0xA5, sizeof(r));
    err = nio_linux_parse_route(nlh, &r);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    if (err == 0 || err == -ENOENT) {
        FUZZ_CHECK(r.prefix_len <= (r.prefix.slot == NIO_V6 ? 128 : 32));
        check_ip(&r.prefix);
        if (r.has_gateway)
            check_ip(&r.gateway);
        if (r.has_src)
            FUZZ_CHECK(r.src.slot == r.prefix.slot);
        /* The hops of a route it accepted; the sentinel past max stays. */
        memset(hops, 0x5A, sizeof(hops));
        n = nio_linux_parse_route_hops(nlh, &r, hops, MAX_HOPS);
        FUZZ_CHECK(n == -EPROTO || (n >= 0 && n <= MAX_HOPS));
        for (int i = 0; i < n; i++)
            if (hops[i].has_gateway)
                check_ip(&hops[i].gateway);
        FUZZ_CHECK(hops[MAX_HOPS].oif == 0x5A5A5A5Au);
        FUZZ_CHECK(nio_linux_parse_route_hops(nlh, &r, hops, 0) <= 0);
    }
    free(nlh);
    return 0;
}
