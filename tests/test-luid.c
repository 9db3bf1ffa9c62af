/* test-luid.c - luid.c: the LUID layout, Windows-style names and their
 * parser, and the GUIDs derived from LUIDs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))

static int setup(void **state)
{
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return 0;
}

/* ------------------------------------------------------------- encoding */
static void test_make_loopback_is_windows_value(void **state)
{
    (void)state;
    assert_int_equal(nio_luid_make(IF_TYPE_SOFTWARE_LOOPBACK, 1), 0x18000001000000ull);
}

static void test_make_layout(void **state)
{
    (void)state;
    NET_LUID l;
    l.Value = nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 3);
    assert_int_equal(l.Value, 0x0006000003000000ull);
    assert_int_equal(l.Info.IfType, 6);
    assert_int_equal(l.Info.NetLuidIndex, 3);
    assert_int_equal(l.Info.Reserved, 0);
    l.Value = nio_luid_make(IF_TYPE_PROP_VIRTUAL, 0xFFFFFF);
    assert_int_equal(l.Value, 0x0035FFFFFF000000ull);
    assert_int_equal(l.Info.IfType, 53);
    assert_int_equal(l.Info.NetLuidIndex, 0xFFFFFF);
    assert_int_equal(l.Info.Reserved, 0);
    l.Value = nio_luid_make(0xFFFF, 1);
    assert_int_equal(l.Info.IfType, 0xFFFF);
}

/* Reserved is 0 for every index below 2^24, as on Windows. */
static void test_make_reserved_zero_below_2_24(void **state)
{
    (void)state;
    uint32_t idx[] = {1, 2, 255, 256, 65535, 65536, 0x7FFFFF, 0xFFFFFE, 0xFFFFFF};
    for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
        NET_LUID l;
        l.Value = nio_luid_make(IF_TYPE_ETHERNET_CSMACD, idx[i]);
        assert_int_equal(l.Info.Reserved, 0);
        assert_int_equal(l.Info.NetLuidIndex, idx[i]);
        assert_int_equal(l.Value, LUID(6, idx[i]));
    }
}

/* Larger indices keep their high bits in Reserved and still round-trip. */
static void test_make_large_index_round_trips(void **state)
{
    (void)state;
    uint32_t idx[] = {0x1000000, 0x1000001, 0x12345678, 0x7FFFFFFF, 0xFFFFFFFF};
    for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
        uint64_t v = nio_luid_make(IF_TYPE_TUNNEL, idx[i]);
        uint16_t type = 0;
        uint32_t index = 0;
        assert_true(nio_luid_split(v, &type, &index));
        assert_int_equal(type, IF_TYPE_TUNNEL);
        assert_int_equal(index, idx[i]);
        assert_int_not_equal(v & 0xFFFFFF, 0);
    }
    assert_int_equal(nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 0x1000000), LUID(6, 0) | 1);
    assert_int_equal(nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 0xFFFFFFFF),
                     LUID(6, 0xFFFFFF) | 0xFF);
}

static void test_split(void **state)
{
    (void)state;
    uint16_t type = 0;
    uint32_t index = 0;
    assert_true(nio_luid_split(0x18000001000000ull, &type, &index));
    assert_int_equal(type, 24);
    assert_int_equal(index, 1);
    assert_true(nio_luid_split(LUID(6, 3), &type, &index));
    assert_int_equal(type, 6);
    assert_int_equal(index, 3);
}

/* No interface number, or one that no 32-bit index can give. */
static void test_split_refuses(void **state)
{
    (void)state;
    uint16_t type;
    uint32_t index;
    assert_false(nio_luid_split(0, &type, &index));
    assert_false(nio_luid_split(LUID(6, 0), &type, &index));
    assert_false(nio_luid_split(LUID(24, 0), &type, &index));
    /* Reserved 0x100 = bit 32 of the number. */
    assert_false(nio_luid_split(LUID(6, 1) | 0x100, &type, &index));
    assert_false(nio_luid_split(LUID(6, 0xFFFFFF) | 0xFFFFFF, &type, &index));
}

/* ---------------------------------------------------------------- names */
static void check_name(uint64_t luid, const char *want)
{
    char buf[64];
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(nio_luid_name(luid, buf, sizeof(buf)), strlen(want));
    assert_string_equal(buf, want);
}

static void test_name_windows_prefixes(void **state)
{
    (void)state;
    check_name(LUID(6, 3), "ethernet_3");
    check_name(0x18000001000000ull, "loopback_1");
    check_name(LUID(1, 4), "other_4");
    check_name(LUID(9, 5), "tokenring_5");
    check_name(LUID(23, 6), "ppp_6");
    check_name(LUID(37, 8), "atm_8");
    check_name(LUID(71, 9), "wireless_9");
    check_name(LUID(131, 10), "tunnel_10");
    check_name(LUID(144, 11), "ieee1394_11");
}

static void test_name_other_types(void **state)
{
    (void)state;
    check_name(LUID(53, 7), "iftype53_7");
    check_name(LUID(209, 12), "iftype209_12");
    check_name(LUID(0, 1), "iftype0_1");
    check_name(LUID(65535, 0xFFFFFF), "iftype65535_16777215");
}

static void test_name_large_index(void **state)
{
    (void)state;
    check_name(nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 0x1000000), "ethernet_16777216");
    check_name(nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 0xFFFFFFFF), "ethernet_4294967295");
}

/* snprintf semantics: the length it needs, even when it does not fit. */
static void test_name_reports_needed_length(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(nio_luid_name(LUID(6, 3), buf, sizeof(buf)), 10);
    assert_int_equal(nio_luid_name(LUID(6, 3), NULL, 0), 10);
}

/* ---------------------------------------------------------------- parse */
static void check_parse(const char *name, uint64_t want)
{
    uint64_t got = 0;
    if (!nio_luid_parse_name(name, &got))
        fail_msg("\"%s\" refused", name);
    assert_int_equal(got, want);
}

static void check_refused(const char *name)
{
    uint64_t got = 0x5A5A5A5A5A5A5A5Aull;
    if (nio_luid_parse_name(name, &got))
        fail_msg("\"%s\" accepted as %#llx", name, (unsigned long long)got);
}

static void test_parse_windows_names(void **state)
{
    (void)state;
    check_parse("ethernet_3", LUID(6, 3));
    check_parse("loopback_1", 0x18000001000000ull);
    check_parse("iftype53_7", LUID(53, 7));
    check_parse("other_4", LUID(1, 4));
    check_parse("tokenring_5", LUID(9, 5));
    check_parse("ppp_6", LUID(23, 6));
    check_parse("atm_8", LUID(37, 8));
    check_parse("wireless_9", LUID(71, 9));
    check_parse("tunnel_10", LUID(131, 10));
    check_parse("ieee1394_11", LUID(144, 11));
    check_parse("iftype0_1", LUID(0, 1));
    check_parse("iftype65535_16777215", LUID(65535, 0xFFFFFF));
}

/* NetLuidIndex is 24 bits, as on Windows: a number that does not fit is
 * refused, never carried into Reserved (docs/luid.md). */
static void test_parse_large_index(void **state)
{
    (void)state;
    check_parse("ethernet_16777215", LUID(6, 0xFFFFFF));
    check_parse("ethernet_0000016777215", LUID(6, 0xFFFFFF));
    /* An index above NetLuidIndex keeps its high bits in Reserved, as
     * nio_luid_make encodes it, so that its name converts back. */
    check_parse("ethernet_16777216", nio_luid_make(6, 0x1000000));
    check_parse("ethernet_4294967295", nio_luid_make(6, 0xFFFFFFFF));
    check_refused("ethernet_4294967296");         /* 2^32: was Reserved 0x100 */
    check_refused("ethernet_281474976710655");
    check_parse("iftype53_16777216", nio_luid_make(53, 0x1000000));
}

/* Every name nio_luid_name gives parses back to its LUID; a number beyond
 * any interface index does not parse (docs/luid.md). */
static void test_parse_round_trip(void **state)
{
    (void)state;
    uint16_t types[] = {1, 6, 9, 23, 24, 37, 53, 71, 131, 144, 209, 65535};
    uint32_t idx[] = {1, 2, 99, 0xFFFFFE, 0xFFFFFF, 0x1000000, 0xFFFFFFFF};
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
            char buf[64];
            uint64_t luid = nio_luid_make(types[t], idx[i]), back = 0;
            nio_luid_name(luid, buf, sizeof(buf));
            assert_true(nio_luid_parse_name(buf, &back));
            assert_int_equal(back, luid);
        }
    }
}

static void test_parse_beyond_index(void **state)
{
    (void)state;
    check_refused("ethernet_4294967296");         /* 2^32 */
    check_refused("tunnel_281474976710655");      /* 2^48 - 1 */
    check_refused("iftype53_99999999999999999999");
}

static void test_parse_malformed(void **state)
{
    (void)state;
    const char *bad[] = {
        "", "_", "ethernet_", "ethernet_abc", "iftype_5", "bogus", "ethernet",
        "_3", "ethernet3", "ethernet_3x", "ethernet_-3", "ethernet_+3", "ethernet_ 3",
        " ethernet_3", "ethernet_3 ", "ethernet__3", "ethernet_3_4", "iftype53x_7",
        "iftype_", "iftype", "iftype-1_3", "ethernet_3\t", "loopback_0x1", "eth0",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check_refused(bad[i]);
}

static void test_parse_overflow(void **state)
{
    (void)state;
    check_refused("iftype65536_1");
    check_refused("iftype4294967302_1");
    check_refused("ethernet_281474976710656");       /* 2^48 */
    check_refused("ethernet_18446744073709551616");  /* 2^64 */
    check_refused("ethernet_99999999999999999999");
    check_refused("ethernet_999999999999999999999999999999");
    check_refused("iftype99999999999999999999999_1");
}

/* ---------------------------------------------------------------- GUIDs */
static void test_guid_round_trip(void **state)
{
    (void)state;
    uint64_t luids[] = {0x18000001000000ull, LUID(6, 3), nio_luid_make(53, 0xFFFFFFFF),
                        0xFFFFFFFFFFFFFFFFull};
    for (size_t i = 0; i < sizeof(luids) / sizeof(luids[0]); i++) {
        GUID g;
        uint64_t back = 0;
        memset(&g, 0xCC, sizeof(g));
        nio_guid_from_luid(luids[i], &g);
        assert_memory_equal(g.Data4, "netioapi", 8);
        assert_true(nio_guid_parse(&g, &back));
        assert_int_equal(back, luids[i]);
    }
}

static void test_guid_distinct_per_luid(void **state)
{
    (void)state;
    GUID a, b;
    nio_guid_from_luid(LUID(6, 2), &a);
    nio_guid_from_luid(LUID(6, 3), &b);
    assert_memory_not_equal(&a, &b, sizeof(a));
    nio_guid_from_luid(LUID(71, 2), &b);
    assert_memory_not_equal(&a, &b, sizeof(a));
}

/* A GUID from elsewhere is not one of ours. */
static void test_guid_foreign_refused(void **state)
{
    (void)state;
    GUID g = {0x6B29FC40, 0xCA47, 0x1067, {0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA}};
    GUID zero;
    uint64_t luid = 0;
    memset(&zero, 0, sizeof(zero));
    assert_false(nio_guid_parse(&g, &luid));
    assert_false(nio_guid_parse(&zero, &luid));
    nio_guid_from_luid(LUID(6, 3), &g);
    g.Data4[7] ^= 1;
    assert_false(nio_guid_parse(&g, &luid));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_make_loopback_is_windows_value),
        T(test_make_layout),
        T(test_make_reserved_zero_below_2_24),
        T(test_make_large_index_round_trips),
        T(test_split),
        T(test_split_refuses),
        T(test_name_windows_prefixes),
        T(test_name_other_types),
        T(test_name_large_index),
        T(test_name_reports_needed_length),
        T(test_parse_windows_names),
        T(test_parse_large_index),
        T(test_parse_round_trip),
        T(test_parse_beyond_index),
        T(test_parse_malformed),
        T(test_parse_overflow),
        T(test_guid_round_trip),
        T(test_guid_distinct_per_luid),
        T(test_guid_foreign_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
