/* fuzz-event.c - nio_linux_event_ifindex (src/linux/parse-event.c): which
 * interface a change notification concerns.  The type is the fuzzer's
 * (the function switches on it).  Beyond not crashing: -1, 0 ("every
 * interface") or a positive 32-bit index, and -1 exactly for the message
 * types that cannot change a row. */
#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "linux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nlmsghdr *nlh = fuzz_nlmsg(data, size, 0);
    int64_t index;
    bool ours;
    if (nlh == NULL)
        return 0;
    index = nio_linux_event_ifindex(nlh);
    ours = nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK ||
           nlh->nlmsg_type == RTM_NEWNETCONF || nlh->nlmsg_type == RTM_DELNETCONF;
    FUZZ_CHECK(ours ? index >= 0 && index <= INT32_MAX : index == -1);
    free(nlh);
    return 0;
}
