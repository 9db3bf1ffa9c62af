/* fuzz-bsd-iflist.c - nio_bsd_parse_iflist and nio_bsd_parse_ifinfo
 * (src/bsd/parse-ipif.c): a sysctl NET_RT_IFLIST buffer, and one RTM_IFINFO
 * message, as FreeBSD or macOS lays them out.  The first byte picks the
 * layout; the rest is the kernel's buffer, in a block of exactly its size.
 * Beyond not crashing: every interface reported has a non-zero index and
 * a non-empty, terminated name without a NUL inside. */
#include <errno.h>
#include <string.h>

#include "bsd.h"
#include "fuzz.h"

static void check_iface(const struct nio_iface *ifc)
{
    size_t len = strnlen(ifc->name, sizeof(ifc->name));
    FUZZ_CHECK(ifc->index > 0 && ifc->index <= UINT16_MAX);
    FUZZ_CHECK(len > 0 && len < sizeof(ifc->name));
    FUZZ_CHECK(ifc->fam[NIO_V4].present && ifc->fam[NIO_V4].mtu == ifc->mtu);
}

static int count_iface(const struct nio_iface *ifc, void *ctx)
{
    check_iface(ifc);
    ++*(size_t *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct nio_bsd_layout *l;
    struct nio_iface ifc;
    uint8_t *buf;
    size_t n = 0;
    int err;
    if (size < 1)
        return 0;
    l = data[0] & 1 ? &nio_bsd_macos : &nio_bsd_freebsd;
    buf = malloc(size - 1 ? size - 1 : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, size - 1);
    err = nio_bsd_parse_iflist(l, buf, size - 1, count_iface, &n);
    FUZZ_CHECK(err == 0 || err == -EPROTO);
    FUZZ_CHECK(n <= (size - 1) / 4);
    memset(&ifc, 0xA5, sizeof(ifc));
    err = nio_bsd_parse_ifinfo(l, buf, size - 1, &ifc);
    FUZZ_CHECK(err == 0 || err == -ENOENT || err == -EPROTO);
    if (err == 0)
        check_iface(&ifc);
    free(buf);
    return 0;
}
