/* fuzz-neightbl.c - nio_linux_parse_neightbl (src/linux/parse-ipif.c): an
 * RTM_NEWNEIGHTBL message into one interface's neighbour parameters.
 * Beyond not crashing: 0, -ENOENT or -EPROTO only, and a family slot. */
#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, RTM_NEWNEIGHTBL);
    struct nio_neigh_parms p;
    int err;
    if (nlh == NULL)
        return 0;
    memset(&p, 0xA5, sizeof(p));
    err = nio_linux_parse_neightbl(nlh, &p);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    if (err == 0)
        FUZZ_CHECK(p.slot == NIO_V4 || p.slot == NIO_V6);
    free(nlh);
    return 0;
}
