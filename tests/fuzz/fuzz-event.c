/* fuzz-event.c - nio_linux_event_ifindex and nio_linux_event
 * (src/linux/parse-event.c): which interface a change notification
 * concerns, and everything the watch reports of it.  The type is the
 * fuzzer's (the functions switch on it).  Beyond not crashing: -1, 0
 * ("every interface") or a positive 32-bit index, and -1 exactly for the
 * message types that cannot change a row; route rows only from route
 * messages, within NIO_ROUTE_MAX_HOPS; an address only from an address
 * message, of its own interface, IPv4 or IPv6, its prefix length in
 * range. */
#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

static void fuzz_watch_event(void *ctx, const struct nio_watch_event *ev)
{
    const struct nlmsghdr *nlh = ctx;
    bool addr_msg = nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR;
    bool route_msg = nlh->nlmsg_type == RTM_NEWROUTE || nlh->nlmsg_type == RTM_DELROUTE;
    switch (ev->kind) {
    case NIO_WE_ADDR_NEW:
    case NIO_WE_ADDR_DEL:
        FUZZ_CHECK(addr_msg && ev->addr != NULL);
        FUZZ_CHECK((ev->kind == NIO_WE_ADDR_DEL) == (nlh->nlmsg_type == RTM_DELADDR));
        FUZZ_CHECK(ev->addr->ifindex == ev->ifindex);
        FUZZ_CHECK(ev->addr->addr.slot == NIO_V4 || ev->addr->addr.slot == NIO_V6);
        FUZZ_CHECK(ev->addr->prefix_len <= (ev->addr->addr.slot == NIO_V6 ? 128 : 32));
        break;
    case NIO_WE_ROUTE_NEW:
    case NIO_WE_ROUTE_DEL:
    case NIO_WE_ROUTE_REPLACE:
        FUZZ_CHECK(route_msg && ev->n <= NIO_ROUTE_MAX_HOPS && (ev->n == 0 || ev->rows));
        break;
    default:
        FUZZ_CHECK(ev->addr == NULL && ev->n == 0);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct nio_route rows[NIO_ROUTE_MAX_HOPS];
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, 0);
    int64_t index;
    bool ours;
    if (nlh == NULL)
        return 0;
    index = nio_linux_event_ifindex(nlh);
    ours = nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK ||
           nlh->nlmsg_type == RTM_NEWNETCONF || nlh->nlmsg_type == RTM_DELNETCONF;
    FUZZ_CHECK(ours ? index >= 0 && index <= INT32_MAX : index == -1);
    nio_linux_event(nlh, rows, fuzz_watch_event, nlh);
    free(nlh);
    return 0;
}
