/* fuzz-addr.c - nio_linux_parse_addr (src/linux/parse-addr.c): an
 * RTM_NEWADDR message into an address.  Beyond not crashing: a prefix no
 * longer than the family's address, addresses of the message's family, an
 * interface, only known flags, a broadcast only for IPv4. */
#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

#define KNOWN_FLAGS ((NIO_AF_SECONDARY << 1) - 1u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, RTM_NEWADDR);
    struct nio_addr a;
    int err;
    if (nlh == NULL)
        return 0;
    memset(&a, 0xA5, sizeof(a));
    err = nio_linux_parse_addr(nlh, &a);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    if (err == 0) {
        FUZZ_CHECK(a.addr.slot == NIO_V4 || a.addr.slot == NIO_V6);
        FUZZ_CHECK(a.prefix_len <= (a.addr.slot == NIO_V6 ? 128 : 32));
        FUZZ_CHECK(a.ifindex != 0);
        FUZZ_CHECK((a.flags & ~KNOWN_FLAGS) == 0);
        FUZZ_CHECK(a.origin <= NIO_AO_PROGRAM);
        FUZZ_CHECK(!a.has_peer || a.peer.slot == a.addr.slot);
        FUZZ_CHECK(!a.has_broadcast || a.addr.slot == NIO_V4);
    }
    free(nlh);
    return 0;
}
