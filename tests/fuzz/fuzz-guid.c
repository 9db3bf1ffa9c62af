/* fuzz-guid.c - the LUID-derived GUIDs of src/luid.c: any 16 bytes as a
 * GUID; one that parses is the GUID of the LUID it names, and any LUID's
 * GUID parses back to that LUID. */
#include <string.h>

#include "fuzz.h"
#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GUID g, again;
    uint64_t luid, back;
    if (size < sizeof(g) + sizeof(luid))
        return 0;
    memcpy(&g, data, sizeof(g));
    if (nio_guid_parse(&g, &luid)) {
        nio_guid_from_luid(luid, &again);
        FUZZ_CHECK(memcmp(&g, &again, sizeof(g)) == 0);
    }
    memcpy(&luid, data + sizeof(g), sizeof(luid));
    nio_guid_from_luid(luid, &g);
    FUZZ_CHECK(nio_guid_parse(&g, &back) && back == luid);
    return 0;
}
