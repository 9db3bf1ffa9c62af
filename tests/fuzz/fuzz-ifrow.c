/* fuzz-ifrow.c - nio_linux_parse_ifrow (src/linux/parse-ifrow.c): an
 * RTM_NEWLINK message into the facts of a MIB_IF_ROW2.  Beyond not
 * crashing: addresses no longer than their arrays, a terminated
 * description, an operational state of RFC 2863. */
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, RTM_NEWLINK);
    struct nio_ifrow r;
    if (nlh == NULL)
        return 0;
    memset(&r, 0xA5, sizeof(r));
    if (nio_linux_parse_ifrow(nlh, &r) == 0) {
        FUZZ_CHECK(r.ifc.index > 0);
        FUZZ_CHECK(strnlen(r.ifc.name, sizeof(r.ifc.name)) < sizeof(r.ifc.name));
        FUZZ_CHECK(r.addr_len <= NIO_HWADDR_MAX && r.perm_addr_len <= NIO_HWADDR_MAX);
        FUZZ_CHECK(strnlen(r.description, sizeof(r.description)) < sizeof(r.description));
        FUZZ_CHECK(r.oper >= IfOperStatusUp && r.oper <= IfOperStatusLowerLayerDown);
        FUZZ_CHECK(r.tunnel_type == TUNNEL_TYPE_NONE || r.ifc.iftype == IF_TYPE_TUNNEL);
    }
    free(nlh);
    return 0;
}
