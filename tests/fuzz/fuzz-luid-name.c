/* fuzz-luid-name.c - the Windows-style interface names of src/convert.c
 * and src/luid.c: ConvertInterfaceNameToLuidA/W and
 * ConvertInterfaceLuidToNameA/W, whose core functions this links whole
 * (convert.c's lookups are stubbed below: the name functions never reach
 * the OS).  The first byte picks what the rest is:
 *   0  a narrow name: parsed; one that parses is formatted and parsed
 *      again to the same LUID
 *   1  a UTF-16 name (little-endian units), the same through the W pair
 *   2  a LUID (8 bytes) and a buffer length (2 bytes): formatted narrow
 *      and wide into a buffer of that length - success exactly when the
 *      name and its NUL fit, nothing written past the length nor on
 *      failure - and the name parses back to the LUID. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "core.h"

#define NAME_CAP 300

/* ---------------------------------------------------- convert.c's stubs */
nio_status nio_lookup(uint64_t luid, uint32_t ifindex, unsigned want, nio_status not_found,
                      struct nio_iface *out)
{
    (void)luid, (void)ifindex, (void)want, (void)out;
    return not_found;
}

int nio_os_get_by_name(const char *name, unsigned want, struct nio_iface *out)
{
    (void)name, (void)want, (void)out;
    return -ENODEV;
}

uint64_t nio_iface_luid(const struct nio_iface *ifc)
{
    return nio_luid_make(ifc->iftype, ifc->index);
}

/* ------------------------------------------------------------ the modes */
static void round_trip(uint64_t luid)
{
    char name[NAME_CAP];
    WCHAR wname[NAME_CAP];
    NET_LUID in = {luid}, back = {0}, wback = {0};
    /* A name's number is an interface index: a LUID whose Reserved bits
     * carry more than the high 8 bits of a 32-bit index has a name that
     * names no interface, refused with a zeroed LUID (docs/luid.md). */
    bool index_fits = (luid & 0xFFFFFFu) <= 0xFFu;
    nio_status want = index_fits ? NIO_OK : NIO_INVALID_NAME;
    uint64_t want_luid = index_fits ? luid : 0;
    FUZZ_CHECK(nio_luid_to_name_a(&in, name, sizeof(name)) == NIO_OK);
    FUZZ_CHECK(nio_name_to_luid_a(name, &back) == want && back.Value == want_luid);
    FUZZ_CHECK(nio_luid_to_name_w(&in, wname, NAME_CAP) == NIO_OK);
    FUZZ_CHECK(nio_name_to_luid_w(wname, &wback) == want && wback.Value == want_luid);
}

static void narrow(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    NET_LUID luid = {0x1234};
    nio_status st;
    if (s == NULL)
        return;
    memcpy(s, data, size);
    s[size] = '\0';
    st = nio_name_to_luid_a(s, &luid);
    FUZZ_CHECK(st == NIO_OK || st == NIO_INVALID_NAME);
    if (st == NIO_OK)
        round_trip(luid.Value);
    else
        FUZZ_CHECK(luid.Value == 0);
    free(s);
}

static void wide(const uint8_t *data, size_t size)
{
    size_t n = size / 2;
    WCHAR *w = malloc((n + 1) * sizeof(*w));
    NET_LUID luid = {0x1234};
    nio_status st;
    if (w == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        w[i] = (WCHAR)(data[2 * i] | data[2 * i + 1] << 8);
    w[n] = 0;
    st = nio_name_to_luid_w(w, &luid);
    FUZZ_CHECK(st == NIO_OK || st == NIO_INVALID_NAME);
    if (st == NIO_OK)
        round_trip(luid.Value);
    else
        FUZZ_CHECK(luid.Value == 0);
    free(w);
}

static void format(const uint8_t *data, size_t size)
{
    char full[NAME_CAP], *a;
    WCHAR *w;
    NET_LUID luid;
    size_t len, need;
    nio_status st;
    if (size < 10)
        return;
    memcpy(&luid.Value, data, sizeof(luid.Value));
    len = (size_t)(data[8] | data[9] << 8) % NAME_CAP;
    FUZZ_CHECK(nio_luid_to_name_a(&luid, full, sizeof(full)) == NIO_OK);
    need = strlen(full) + 1;
    /* Exactly len characters, so a write past them is out of bounds. */
    a = malloc(len ? len : 1);
    w = malloc((len ? len : 1) * sizeof(*w));
    if (a == NULL || w == NULL)
        goto out;
    memset(a, 'X', len ? len : 1);
    st = nio_luid_to_name_a(&luid, len ? a : NULL, len);
    FUZZ_CHECK(st == (len >= need ? NIO_OK : NIO_BUFFER_TOO_SMALL));
    if (st == NIO_OK)
        FUZZ_CHECK(strcmp(a, full) == 0);
    else if (len)
        FUZZ_CHECK(a[0] == 'X'); /* nothing written on failure */
    for (size_t i = 0; i < (len ? len : 1); i++)
        w[i] = 0x5A5A;
    st = nio_luid_to_name_w(&luid, w, len);
    FUZZ_CHECK(st == (len >= need ? NIO_OK : NIO_BUFFER_TOO_SMALL));
    if (st == NIO_OK)
        for (size_t i = 0; i < need; i++)
            FUZZ_CHECK(w[i] == (WCHAR)(unsigned char)full[i]);
    else
        FUZZ_CHECK(w[0] == 0x5A5A);
    round_trip(luid.Value);
out:
    free(a);
    free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 3) {
    case 0: narrow(data + 1, size - 1); break;
    case 1: wide(data + 1, size - 1); break;
    default: format(data + 1, size - 1); break;
    }
    return 0;
}
