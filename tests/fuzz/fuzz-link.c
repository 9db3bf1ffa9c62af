/* fuzz-link.c - nio_linux_parse_link (src/linux/parse-ipif.c): an RTM_NEWLINK
 * message into an interface.  Beyond not crashing: a message it accepts
 * gives a positive index and a non-empty, terminated name that fits, and
 * only values of the row's enums. */
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, RTM_NEWLINK);
    struct nio_iface ifc;
    if (nlh == NULL)
        return 0;
    memset(&ifc, 0xA5, sizeof(ifc));
    if (nio_linux_parse_link(nlh, &ifc) == 0) {
        size_t len = strnlen(ifc.name, sizeof(ifc.name));
        FUZZ_CHECK(ifc.index > 0 && ifc.index <= INT32_MAX);
        FUZZ_CHECK(len > 0 && len < sizeof(ifc.name));
        for (int slot = 0; slot < NIO_FAMILIES; slot++) {
            const struct nio_family *f = &ifc.fam[slot];
            FUZZ_CHECK(f->present == 0 || f->present == 1);
            if (f->known & NIO_K_ROUTER_DISCOVERY)
                FUZZ_CHECK(f->router_discovery == RouterDiscoveryDisabled ||
                           f->router_discovery == RouterDiscoveryEnabled);
            if (f->known & NIO_K_LINK_LOCAL)
                FUZZ_CHECK(f->link_local == LinkLocalAlwaysOff ||
                           f->link_local == LinkLocalAlwaysOn);
        }
        if (ifc.fam[NIO_V4].present)
            FUZZ_CHECK(ifc.fam[NIO_V4].mtu == ifc.mtu);
    }
    free(nlh);
    return 0;
}
