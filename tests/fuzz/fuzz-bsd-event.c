/* fuzz-bsd-event.c - nio_bsd_event_ifindex, nio_bsd_event_routes and
 * nio_bsd_event_addrs (src/bsd/parse-event.c): which interface one
 * routing-socket message concerns, and whose routes and addresses to
 * compare, as FreeBSD or macOS lays it out.  The first byte picks the
 * layout; the rest is the message as read, in a block of exactly its
 * size.  Beyond not crashing: -1, 0 or a 16-bit index, and -1 only for a
 * message type that concerns no row; "compare nothing" only for a whole
 * header of a type that changes no such row; 16-bit indexes. */
#include <string.h>

#include "bsd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct nio_bsd_layout *l;
    uint8_t *m;
    int64_t index;
    if (size < 1)
        return 0;
    l = data[0] & 1 ? &nio_bsd_macos : &nio_bsd_freebsd;
    m = malloc(size - 1 ? size - 1 : 1);
    if (m == NULL)
        return 0;
    memcpy(m, data + 1, size - 1);
    index = nio_bsd_event_ifindex(l, m, size - 1);
    FUZZ_CHECK(index >= -1 && index <= UINT16_MAX);
    if (index == -1) {
        uint8_t type = m[3]; /* a message it classified has a header */
        FUZZ_CHECK(size - 1 >= 4);
        FUZZ_CHECK(type != l->rtm_ifinfo && type != l->rtm_newaddr &&
                   type != l->rtm_deladdr &&
                   (l->rtm_ifannounce == 0 || type != l->rtm_ifannounce));
    }
    {
        uint32_t oif = 0xFFFFFFFFu, aif = 0xFFFFFFFFu;
        bool routes = nio_bsd_event_routes(l, m, size - 1, &oif);
        bool addrs = nio_bsd_event_addrs(l, m, size - 1, &aif);
        FUZZ_CHECK(oif <= UINT16_MAX && aif <= UINT16_MAX);
        if (!addrs) {
            uint8_t type = m[3];
            FUZZ_CHECK(size - 1 >= 4 && m[2] == l->rtm_version);
            FUZZ_CHECK(type != l->rtm_newaddr && type != l->rtm_deladdr);
        }
        if (!routes)
            FUZZ_CHECK(size - 1 >= 4 && m[2] == l->rtm_version);
    }
    free(m);
    return 0;
}
