/* fuzz-bsd-nd.c - nio_bsd_parse_nd (src/bsd/parse-ipif.c): a SIOCGIFINFO_IN6
 * answer into the IPv6 facts, as FreeBSD or macOS lays it out.  Input:
 * byte 0 picks the layout, byte 1 the global settings that are known and
 * their values, byte 2 the DAD count, bytes 3..6 the link MTU; the rest is
 * the answer, in a block of exactly its size.  Beyond not crashing: the
 * IPv6 MTU never exceeds the link's, and only enum values of the row. */
#include <errno.h>
#include <string.h>

#include "bsd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct nio_bsd_layout *l;
    struct nio_bsd_globals g;
    struct nio_iface ifc;
    const struct nio_family *f = &ifc.fam[NIO_V6];
    uint8_t *buf;
    int err;
    if (size < 7)
        return 0;
    l = data[0] & 1 ? &nio_bsd_macos : &nio_bsd_freebsd;
    memset(&g, 0, sizeof(g));
    g.has_forwarding4 = data[1] & 1;
    g.forwarding4 = data[1] & 2;
    g.has_forwarding6 = data[1] & 4;
    g.forwarding6 = data[1] & 8;
    g.has_dad_count = data[1] & 16;
    g.dad_count = data[2];
    memset(&ifc, 0, sizeof(ifc));
    memcpy(&ifc.mtu, data + 3, sizeof(ifc.mtu));
    buf = malloc(size - 7 ? size - 7 : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 7, size - 7);
    err = nio_bsd_parse_nd(l, buf, size - 7, &g, &ifc);
    FUZZ_CHECK(err == 0 || err == -EPROTO);
    if (err == 0 && f->present) {
        FUZZ_CHECK(f->mtu <= ifc.mtu);
        if (f->known & NIO_K_ROUTER_DISCOVERY)
            FUZZ_CHECK(f->router_discovery == RouterDiscoveryDisabled ||
                       f->router_discovery == RouterDiscoveryEnabled);
        if (f->known & NIO_K_LINK_LOCAL)
            FUZZ_CHECK(f->link_local == LinkLocalAlwaysOff || f->link_local == LinkLocalAlwaysOn);
        if (f->known & NIO_K_FORWARDING)
            FUZZ_CHECK(g.has_forwarding6);
    }
    /* The IPv4 facts of the same globals. */
    ifc.fam[NIO_V4].present = true;
    nio_bsd_apply_v4(&g, &ifc);
    FUZZ_CHECK(!(ifc.fam[NIO_V4].known & NIO_K_FORWARDING) || g.has_forwarding4);
    free(buf);
    return 0;
}
