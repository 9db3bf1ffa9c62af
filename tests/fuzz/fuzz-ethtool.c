/* fuzz-ethtool.c - the two parsers of the speed dump (src/linux/
 * parse-ethtool.c) on the same input: nio_linux_parse_linkmodes (an
 * ETHTOOL_MSG_LINKMODES_GET_REPLY into one device's speed) and
 * nio_linux_parse_genl_family (the controller's answer naming a family).
 * Beyond not crashing: 0, -ENOENT or -EPROTO only; a speed answer names a
 * real index and says bits per second only for a known speed. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "linux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, 0);
    struct nio_speed_of s;
    uint16_t id = 0;
    int err;
    if (nlh == NULL)
        return 0;
    memset(&s, 0xA5, sizeof(s));
    err = nio_linux_parse_linkmodes(nlh, &s);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    if (err == 0) {
        FUZZ_CHECK(s.index > 0 && s.index <= INT32_MAX);
        FUZZ_CHECK(s.speed == NIO_SPEED_KNOWN || s.speed == NIO_SPEED_UNKNOWN);
        FUZZ_CHECK((s.speed == NIO_SPEED_KNOWN) == (s.bps != 0));
    }
    err = nio_linux_parse_genl_family(nlh, "ethtool", &id);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    FUZZ_CHECK(err != 0 || id >= NLMSG_MIN_TYPE);
    free(nlh);
    return 0;
}
