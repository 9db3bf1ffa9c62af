/* test-convert.c - every ConvertInterface* function through its public entry
 * point (Win32 flavour): codes, which outputs are zeroed or left alone on
 * failure, buffer boundaries, as include/netioapi_compat.h documents. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define SENTINEL 0x5A5A5A5A5A5A5A5Aull
#define ETH1_LUID LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1)
#define LO_LUID 0x18000001000000ull


static NET_LUID luid_of(uint64_t v)
{
    NET_LUID l;
    l.Value = v;
    return l;
}

/* Compares a WCHAR string with an ASCII one. */
static void assert_wstr(const WCHAR *w, const char *a)
{
    size_t i = 0;
    for (; a[i] != '\0'; i++)
        if (w[i] != (unsigned char)a[i])
            fail_msg("unit %zu is %#x, want '%c'", i, (unsigned)w[i], a[i]);
    assert_int_equal(w[i], 0);
}

static void assert_all_bytes(const void *p, int byte, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != (unsigned char)byte)
            fail_msg("byte %zu was written (%#x)", i, c[i]);
}

/* ---------------------------------------------------------- IndexToLuid */
static void test_index_to_luid(void **state)
{
    (void)state;
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &l), 0);
    assert_int_equal(l.Value, ETH1_LUID);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_LO, &l), 0);
    assert_int_equal(l.Value, LO_LUID);
    assert_int_equal(fake_os_calls(FAKE_GET), 2);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_LINK);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

static void test_index_to_luid_null(void **state)
{
    (void)state;
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, NULL), 87);
    assert_int_equal(ConvertInterfaceIndexToLuid(0, NULL), 87);
}

/* Index 0 or unknown: 2, and the LUID zeroed. */
static void test_index_to_luid_not_found(void **state)
{
    (void)state;
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceIndexToLuid(0, &l), 2);
    assert_int_equal(l.Value, 0);
    l.Value = SENTINEL;
    assert_int_equal(ConvertInterfaceIndexToLuid(99, &l), 2);
    assert_int_equal(l.Value, 0);
    l.Value = SENTINEL;
    fake_os_fail_next(FAKE_GET, -ENODEV);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &l), 2);
    assert_int_equal(l.Value, 0);
}

static void test_index_to_luid_backend_error(void **state)
{
    (void)state;
    NET_LUID l = luid_of(SENTINEL);
    fake_os_fail_next(FAKE_GET, -EACCES);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &l), 5);
    fake_os_fail_next(FAKE_GET, -ENOMEM);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &l), 8);
}

/* ---------------------------------------------------------- LuidToIndex */
static void test_luid_to_index(void **state)
{
    (void)state;
    NET_LUID l = luid_of(LO_LUID);
    NET_IFINDEX i = 0xA5A5A5A5;
    assert_int_equal(ConvertInterfaceLuidToIndex(&l, &i), 0);
    assert_int_equal(i, FAKE_LO);
    l.Value = LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0);
    assert_int_equal(ConvertInterfaceLuidToIndex(&l, &i), 0);
    assert_int_equal(i, FAKE_WG0);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_LINK);
}

static void test_luid_to_index_null(void **state)
{
    (void)state;
    NET_LUID l = luid_of(LO_LUID);
    NET_IFINDEX i = 0xA5A5A5A5;
    assert_int_equal(ConvertInterfaceLuidToIndex(NULL, &i), 87);
    assert_int_equal(ConvertInterfaceLuidToIndex(&l, NULL), 87);
    assert_int_equal(ConvertInterfaceLuidToIndex(NULL, NULL), 87);
}

/* Zero or unknown LUID: 2, and the index 0. */
static void test_luid_to_index_not_found(void **state)
{
    (void)state;
    uint64_t bad[] = {0, LUID(6, 99), LUID(IF_TYPE_IEEE80211, FAKE_ETH1), LUID(6, 0),
                      ETH1_LUID | 0x100};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        NET_LUID l = luid_of(bad[k]);
        NET_IFINDEX i = 0xA5A5A5A5;
        assert_int_equal(ConvertInterfaceLuidToIndex(&l, &i), 2);
        assert_int_equal(i, 0);
    }
}

/* ---------------------------------------------------------- LuidToNameA */
static void test_luid_to_name_a(void **state)
{
    (void)state;
    char buf[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID l = luid_of(LO_LUID);
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "loopback_1");
    l.Value = LUID(IF_TYPE_ETHERNET_CSMACD, 3);
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "ethernet_3");
    l.Value = LUID(IF_TYPE_PROP_VIRTUAL, 7);
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "iftype53_7");
}

/* A pure conversion: the interface need not exist, the OS is not asked. */
static void test_luid_to_name_a_pure(void **state)
{
    (void)state;
    char buf[64];
    NET_LUID l = luid_of(LUID(IF_TYPE_ETHERNET_CSMACD, 999));
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "ethernet_999");
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_luid_to_name_a_params(void **state)
{
    (void)state;
    char buf[32];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameA(NULL, buf, sizeof(buf)), 87);
    assert_int_equal(ConvertInterfaceLuidToNameA(NULL, NULL, 0), 87);
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, NULL, 32), 8);
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, 0), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* "ethernet_3" is 10 characters: 11 fits, 10 does not and writes nothing. */
static void test_luid_to_name_a_boundary(void **state)
{
    (void)state;
    char buf[32];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, 11), 0);
    assert_string_equal(buf, "ethernet_3");
    assert_all_bytes(buf + 11, 0x7E, sizeof(buf) - 11);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, 10), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameA(&l, buf, 1), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* ---------------------------------------------------------- LuidToNameW */
static void test_luid_to_name_w(void **state)
{
    (void)state;
    WCHAR buf[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID l = luid_of(LO_LUID);
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, buf, NDIS_IF_MAX_STRING_SIZE + 1), 0);
    assert_wstr(buf, "loopback_1");
    l.Value = LUID(IF_TYPE_PROP_VIRTUAL, 7);
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, buf, NDIS_IF_MAX_STRING_SIZE + 1), 0);
    assert_wstr(buf, "iftype53_7");
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_luid_to_name_w_params(void **state)
{
    (void)state;
    WCHAR buf[32];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameW(NULL, buf, 32), 87);
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, NULL, 32), 87);
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, buf, 0), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

static void test_luid_to_name_w_boundary(void **state)
{
    (void)state;
    WCHAR buf[32];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, buf, 11), 0);
    assert_wstr(buf, "ethernet_3");
    assert_all_bytes(buf + 11, 0x7E, sizeof(buf) - 11 * sizeof(WCHAR));
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToNameW(&l, buf, 10), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* ---------------------------------------------------------- NameToLuidA */
static void test_name_to_luid_a(void **state)
{
    (void)state;
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceNameToLuidA("loopback_1", &l), 0);
    assert_int_equal(l.Value, LO_LUID);
    assert_int_equal(ConvertInterfaceNameToLuidA("iftype53_7", &l), 0);
    assert_int_equal(l.Value, LUID(53, 7));
    /* Pure: no such interface, no OS call. */
    assert_int_equal(ConvertInterfaceNameToLuidA("ethernet_999", &l), 0);
    assert_int_equal(l.Value, LUID(6, 999));
    assert_int_equal(fake_os_total_calls(), 0);
}

/* NULL name: 123 and the LUID untouched, checked before the LUID pointer. */
static void test_name_to_luid_a_null(void **state)
{
    (void)state;
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceNameToLuidA(NULL, &l), 123);
    assert_int_equal(l.Value, SENTINEL);
    assert_int_equal(ConvertInterfaceNameToLuidA(NULL, NULL), 123);
    assert_int_equal(ConvertInterfaceNameToLuidA("ethernet_3", NULL), 87);
    assert_int_equal(ConvertInterfaceNameToLuidA("bogus", NULL), 87);
}

static void test_name_to_luid_a_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"bogus", "", "_", "ethernet_", "ethernet_abc", "iftype_5", "eth0",
                         "iftype65536_1", "ethernet_281474976710656"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        NET_LUID l = luid_of(SENTINEL);
        assert_int_equal(ConvertInterfaceNameToLuidA(bad[i], &l), 123);
        assert_int_equal(l.Value, 0);
    }
}

/* A name's number is an interface index (32 bits): up to 2^32-1 converts
 * (the high bits in Reserved, as the library's own LUIDs), anything larger is 123 with
 * the LUID zeroed, never a LUID with Reserved bits of its own; A and W alike. */
static void test_name_to_luid_index_range(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        DWORD st;
        uint64_t luid;
    } cases[] = {
        {"ethernet_16777215", 0, LUID(6, 0xFFFFFF)},
        {"iftype65535_16777215", 0, LUID(65535, 0xFFFFFF)},
        {"ethernet_16777216", 0, LUID(6, 0) | 1},   /* 0x1000000 */
        {"ethernet_4294967295", 0, LUID(6, 0xFFFFFF) | 0xFF},
        {"ethernet_4294967296", 123, 0},            /* 2^32 */
        {"ethernet_281474976710655", 123, 0},
        {"ethernet_99999999999999999999", 123, 0},  /* 20 digits */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        WCHAR w[64];
        NET_LUID la = luid_of(SENTINEL), lw = luid_of(SENTINEL);
        DWORD ra, rw;
        size_t k = 0;
        for (; cases[i].name[k] != '\0'; k++)
            w[k] = (WCHAR)cases[i].name[k];
        w[k] = 0;
        ra = ConvertInterfaceNameToLuidA(cases[i].name, &la);
        rw = ConvertInterfaceNameToLuidW(w, &lw);
        if (ra != cases[i].st || la.Value != cases[i].luid)
            fail_msg("A \"%s\": %u (%#llx), want %u (%#llx)", cases[i].name, (unsigned)ra,
                     (unsigned long long)la.Value, (unsigned)cases[i].st,
                     (unsigned long long)cases[i].luid);
        if (rw != cases[i].st || lw.Value != cases[i].luid)
            fail_msg("W \"%s\": %u (%#llx), want %u (%#llx)", cases[i].name, (unsigned)rw,
                     (unsigned long long)lw.Value, (unsigned)cases[i].st,
                     (unsigned long long)cases[i].luid);
        /* Reserved bits only as the encoding of a real index's high bits. */
        if (cases[i].st != 0) {
            assert_int_equal(la.Info.Reserved, 0);
            assert_int_equal(lw.Info.Reserved, 0);
        }
    }
}

/* ---------------------------------------------------------- NameToLuidW */
static void test_name_to_luid_w(void **state)
{
    (void)state;
    static const WCHAR lo[] = {'l', 'o', 'o', 'p', 'b', 'a', 'c', 'k', '_', '1', 0};
    static const WCHAR wg[] = {'i', 'f', 't', 'y', 'p', 'e', '5', '3', '_', '7', 0};
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceNameToLuidW(lo, &l), 0);
    assert_int_equal(l.Value, LO_LUID);
    assert_int_equal(ConvertInterfaceNameToLuidW(wg, &l), 0);
    assert_int_equal(l.Value, LUID(53, 7));
    assert_int_equal(fake_os_total_calls(), 0);
}

/* NULL name: 123 with the LUID zeroed (Windows); NULL LUID: 87 first. */
static void test_name_to_luid_w_null(void **state)
{
    (void)state;
    static const WCHAR eth[] = {'e', 't', 'h', 'e', 'r', 'n', 'e', 't', '_', '3', 0};
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceNameToLuidW(NULL, &l), 123);
    assert_int_equal(l.Value, 0);
    assert_int_equal(ConvertInterfaceNameToLuidW(eth, NULL), 87);
    assert_int_equal(ConvertInterfaceNameToLuidW(NULL, NULL), 87);
}

static void test_name_to_luid_w_malformed(void **state)
{
    (void)state;
    static const WCHAR bogus[] = {'b', 'o', 'g', 'u', 's', 0};
    static const WCHAR empty[] = {0};
    static const WCHAR lone[] = {'e', 't', 'h', 'e', 'r', 'n', 'e', 't', '_', 0xD800, 0};
    static const WCHAR nonascii[] = {'e', 't', 'h', 'e', 'r', 'n', 'e', 't', '_', 0x0663, 0};
    const WCHAR *bad[] = {bogus, empty, lone, nonascii};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        NET_LUID l = luid_of(SENTINEL);
        assert_int_equal(ConvertInterfaceNameToLuidW(bad[i], &l), 123);
        assert_int_equal(l.Value, 0);
    }
}

/* The A and W forms accept and refuse the same names, whatever their
 * length: "iftype65535_" and 20 digits is a valid 32-character name. */
static void test_name_to_luid_w_agrees_with_a(void **state)
{
    (void)state;
    const char *names[] = {
        "ethernet_3", "loopback_1", "iftype53_7", "ethernet_281474976710655",
        "ethernet_00000000000000000003", "iftype65535_00000000000000000003",
        "iftype65535_281474976710655", "bogus", "ethernet_", "ethernet_abc",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        WCHAR w[64];
        NET_LUID la = luid_of(SENTINEL), lw = luid_of(SENTINEL);
        DWORD ra, rw;
        size_t k = 0;
        for (; names[i][k] != '\0'; k++)
            w[k] = (WCHAR)names[i][k];
        w[k] = 0;
        ra = ConvertInterfaceNameToLuidA(names[i], &la);
        rw = ConvertInterfaceNameToLuidW(w, &lw);
        if (ra != rw || la.Value != lw.Value)
            fail_msg("\"%s\": A gives %u (%#llx), W gives %u (%#llx)", names[i], (unsigned)ra,
                     (unsigned long long)la.Value, (unsigned)rw, (unsigned long long)lw.Value);
    }
}

/* ----------------------------------------------------------- LuidToGuid */
static void test_luid_to_guid(void **state)
{
    (void)state;
    GUID g1, g2;
    NET_LUID l = luid_of(ETH1_LUID), back = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, &g1), 0);
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    /* Stable: the same LUID gives the same GUID again. */
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, &g2), 0);
    assert_memory_equal(&g1, &g2, sizeof(g1));
    /* Distinct per interface. */
    l.Value = LO_LUID;
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, &g2), 0);
    assert_memory_not_equal(&g1, &g2, sizeof(g1));
    assert_int_equal(ConvertInterfaceGuidToLuid(&g1, &back), 0);
    assert_int_equal(back.Value, ETH1_LUID);
}

static void test_luid_to_guid_null(void **state)
{
    (void)state;
    GUID g;
    NET_LUID l = luid_of(ETH1_LUID);
    memset(&g, 0x7E, sizeof(g));
    assert_int_equal(ConvertInterfaceLuidToGuid(NULL, &g), 87);
    assert_all_bytes(&g, 0x7E, sizeof(g));
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, NULL), 87);
}

/* Unknown or zero LUID: 2, and the GUID zeroed. */
static void test_luid_to_guid_not_found(void **state)
{
    (void)state;
    uint64_t bad[] = {0, LUID(6, 99), LUID(IF_TYPE_IEEE80211, FAKE_ETH1)};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        GUID g;
        NET_LUID l = luid_of(bad[k]);
        memset(&g, 0x7E, sizeof(g));
        assert_int_equal(ConvertInterfaceLuidToGuid(&l, &g), 2);
        assert_all_bytes(&g, 0, sizeof(g));
    }
}

/* ----------------------------------------------------------- GuidToLuid */
static void test_guid_to_luid_null(void **state)
{
    (void)state;
    GUID g;
    NET_LUID l = luid_of(LO_LUID);
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, &g), 0);
    l.Value = SENTINEL;
    assert_int_equal(ConvertInterfaceGuidToLuid(NULL, &l), 87);
    assert_int_equal(l.Value, SENTINEL);
    assert_int_equal(ConvertInterfaceGuidToLuid(&g, NULL), 87);
}

/* No interface with that GUID: 87 (as Windows documents), LUID zeroed. */
static void test_guid_to_luid_unknown(void **state)
{
    (void)state;
    GUID foreign = {0x6B29FC40, 0xCA47, 0x1067, {0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA}};
    GUID zero, gone;
    NET_LUID l = luid_of(LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0));
    memset(&zero, 0, sizeof(zero));
    assert_int_equal(ConvertInterfaceLuidToGuid(&l, &gone), 0);
    fake_os_reset(); /* wg0 goes away */
    fake_os_standard();
    fake_os_find(FAKE_WG0)->index = 8;
    l.Value = SENTINEL;
    assert_int_equal(ConvertInterfaceGuidToLuid(&foreign, &l), 87);
    assert_int_equal(l.Value, 0);
    l.Value = SENTINEL;
    assert_int_equal(ConvertInterfaceGuidToLuid(&zero, &l), 87);
    assert_int_equal(l.Value, 0);
    l.Value = SENTINEL;
    assert_int_equal(ConvertInterfaceGuidToLuid(&gone, &l), 87);
    assert_int_equal(l.Value, 0);
}

/* ---------------------------------------------------------- LuidToAlias */
static void test_luid_to_alias(void **state)
{
    (void)state;
    WCHAR buf[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID l = luid_of(ETH1_LUID);
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, NDIS_IF_MAX_STRING_SIZE + 1), 0);
    assert_wstr(buf, "eth1");
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    assert_int_equal(fake_os_last_index(), FAKE_ETH1);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_LINK);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

/* "eth1" is 4 characters: 5 fits, 4 does not and writes nothing. */
static void test_luid_to_alias_boundary(void **state)
{
    (void)state;
    WCHAR buf[16];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 5), 0);
    assert_wstr(buf, "eth1");
    assert_all_bytes(buf + 5, 0x7E, sizeof(buf) - 5 * sizeof(WCHAR));
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 4), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 0), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* A non-ASCII OS name comes out as UTF-16: "wlan-é😀" is 7 units. */
static void test_luid_to_alias_utf16(void **state)
{
    (void)state;
    static const WCHAR want[] = {'w', 'l', 'a', 'n', '-', 0x00E9, 0xD83D, 0xDE00, 0};
    WCHAR buf[16];
    NET_LUID l = luid_of(LUID(IF_TYPE_IEEE80211, 9));
    fake_os_add(9, IF_TYPE_IEEE80211, "wlan-\xC3\xA9\xF0\x9F\x98\x80");
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 9), 0);
    assert_memory_equal(buf, want, sizeof(want));
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 8), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* Linux allows any bytes but '/', ':', white space and NUL in a name.  One
 * that is not UTF-8 still has an alias: each malformed sequence becomes
 * U+FFFD, the same alias GetIfEntry2 reports (docs/luid.md).  Never 123, and
 * never "buffer too small" (8) with a buffer that is large enough: that
 * would send a caller round a retry loop for ever. */
static void test_luid_to_alias_not_utf8(void **state)
{
    (void)state;
    static const WCHAR want[] = {'b', 'a', 'd', 0xFFFD, 0};
    WCHAR buf[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID l = luid_of(LUID(IF_TYPE_ETHERNET_CSMACD, 9));
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "bad\xFF");
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, NDIS_IF_MAX_STRING_SIZE + 1), 0);
    assert_memory_equal(buf, want, sizeof(want));
    /* Exactly large enough, and one unit short. */
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 5), 0);
    assert_memory_equal(buf, want, sizeof(want));
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 4), 8);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

/* Valid sequences around a malformed one are kept: only the bad bytes
 * become U+FFFD, one per malformed sequence. */
static void test_luid_to_alias_mixed_utf8(void **state)
{
    (void)state;
    static const WCHAR want[] = {0x00E9, 0xFFFD, 'x', 0xFFFD, 0x00E9, 0};
    WCHAR buf[16];
    NET_LUID l = luid_of(LUID(IF_TYPE_ETHERNET_CSMACD, 9));
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "\xC3\xA9\xFFx\xC3\xC3\xA9");
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 16), 0);
    assert_memory_equal(buf, want, sizeof(want));
}

/* The alias of a name that is not UTF-8 does not convert back: the OS has
 * no interface of that (UTF-8) name, so 87 and the LUID zeroed, never the
 * interface whose name only looks like it. */
static void test_alias_to_luid_not_utf8(void **state)
{
    (void)state;
    WCHAR alias[16];
    NET_LUID l = luid_of(LUID(IF_TYPE_ETHERNET_CSMACD, 9)), back = luid_of(SENTINEL);
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "bad\xFF");
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, alias, 16), 0);
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &back), 87);
    assert_int_equal(back.Value, 0);
    assert_string_equal(fake_os_last_name(), "bad\xEF\xBF\xBD");
    /* An interface really named "bad\uFFFD" is the one the alias names. */
    fake_os_add(10, IF_TYPE_ETHERNET_CSMACD, "bad\xEF\xBF\xBD");
    back = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &back), 0);
    assert_int_equal(back.Value, LUID(IF_TYPE_ETHERNET_CSMACD, 10));
}

static void test_luid_to_alias_params(void **state)
{
    (void)state;
    WCHAR buf[16];
    NET_LUID l = luid_of(ETH1_LUID);
    memset(buf, 0x7E, sizeof(buf));
    assert_int_equal(ConvertInterfaceLuidToAlias(NULL, buf, 16), 87);
    assert_int_equal(ConvertInterfaceLuidToAlias(&l, NULL, 16), 87);
    assert_all_bytes(buf, 0x7E, sizeof(buf));
}

static void test_luid_to_alias_not_found(void **state)
{
    (void)state;
    uint64_t bad[] = {0, LUID(6, 99), LUID(IF_TYPE_IEEE80211, FAKE_ETH1)};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        WCHAR buf[16];
        NET_LUID l = luid_of(bad[k]);
        memset(buf, 0x7E, sizeof(buf));
        assert_int_equal(ConvertInterfaceLuidToAlias(&l, buf, 16), 2);
        assert_all_bytes(buf, 0x7E, sizeof(buf));
    }
}

/* ---------------------------------------------------------- AliasToLuid */
static void test_alias_to_luid(void **state)
{
    (void)state;
    static const WCHAR wg0[] = {'w', 'g', '0', 0};
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceAliasToLuid(wg0, &l), 0);
    assert_int_equal(l.Value, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0));
    assert_int_equal(fake_os_calls(FAKE_GET_BY_NAME), 1);
    assert_string_equal(fake_os_last_name(), "wg0");
    assert_int_equal(fake_os_last_want(FAKE_GET_BY_NAME), NIO_WANT_LINK);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

/* The back end is asked for the UTF-8 form of the alias. */
static void test_alias_to_luid_utf8(void **state)
{
    (void)state;
    static const WCHAR alias[] = {'w', 'l', 'a', 'n', '-', 0x00E9, 0xD83D, 0xDE00, 0};
    NET_LUID l = luid_of(SENTINEL);
    fake_os_add(9, IF_TYPE_IEEE80211, "wlan-\xC3\xA9\xF0\x9F\x98\x80");
    assert_int_equal(ConvertInterfaceAliasToLuid(alias, &l), 0);
    assert_int_equal(l.Value, LUID(IF_TYPE_IEEE80211, 9));
    assert_string_equal(fake_os_last_name(), "wlan-\xC3\xA9\xF0\x9F\x98\x80");
}

/* NULL pointer or empty alias: 87 and the LUID untouched. */
static void test_alias_to_luid_params(void **state)
{
    (void)state;
    static const WCHAR empty[] = {0};
    static const WCHAR eth0[] = {'e', 't', 'h', '0', 0};
    NET_LUID l = luid_of(SENTINEL);
    assert_int_equal(ConvertInterfaceAliasToLuid(NULL, &l), 87);
    assert_int_equal(l.Value, SENTINEL);
    assert_int_equal(ConvertInterfaceAliasToLuid(empty, &l), 87);
    assert_int_equal(l.Value, SENTINEL);
    assert_int_equal(ConvertInterfaceAliasToLuid(eth0, NULL), 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

/* No interface of that name: 87 and the LUID zeroed. */
static void test_alias_to_luid_unknown(void **state)
{
    (void)state;
    static const WCHAR nope[] = {'n', 'o', 'p', 'e', 0};
    static const WCHAR lone[] = {'e', 't', 'h', 0xDC00, 0};
    static const WCHAR upper[] = {'E', 'T', 'H', '0', 0};
    WCHAR longname[100];
    const WCHAR *bad[] = {nope, lone, upper, longname};
    for (size_t i = 0; i < 99; i++)
        longname[i] = 'x';
    longname[99] = 0;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        NET_LUID l = luid_of(SENTINEL);
        assert_int_equal(ConvertInterfaceAliasToLuid(bad[i], &l), 87);
        assert_int_equal(l.Value, 0);
    }
}

/* An OS may match other names than the alias (Linux's alternative names):
 * only the name ConvertInterfaceLuidToAlias gives back is an alias. */
static void test_alias_to_luid_not_altname(void **state)
{
    (void)state;
    static const WCHAR alt[] = {'u', 'p', 'l', 'i', 'n', 'k', 0};
    NET_LUID l = luid_of(SENTINEL);
    assert_true(fake_os_set_altname(FAKE_ETH1, "uplink"));
    assert_int_equal(ConvertInterfaceAliasToLuid(alt, &l), 87);
    assert_int_equal(l.Value, 0);
    assert_string_equal(fake_os_last_name(), "uplink");
}

static void test_alias_to_luid_backend_error(void **state)
{
    (void)state;
    static const WCHAR eth0[] = {'e', 't', 'h', '0', 0};
    NET_LUID l = luid_of(SENTINEL);
    fake_os_fail_next(FAKE_GET_BY_NAME, -EACCES);
    assert_int_equal(ConvertInterfaceAliasToLuid(eth0, &l), 5);
    fake_os_fail_next(FAKE_GET_BY_NAME, -ENODEV);
    assert_int_equal(ConvertInterfaceAliasToLuid(eth0, &l), 87);
    assert_int_equal(l.Value, 0);
}

/* ------------------------------------------------------------ together */
/* index -> LUID -> name -> LUID -> alias -> LUID -> index */
static void test_round_trip(void **state)
{
    (void)state;
    NET_IFINDEX indices[] = {FAKE_LO, FAKE_ETH0, FAKE_ETH1, FAKE_WG0};
    for (size_t k = 0; k < sizeof(indices) / sizeof(indices[0]); k++) {
        NET_LUID l1, l2, l3;
        NET_IFINDEX back = 0;
        char name[NDIS_IF_MAX_STRING_SIZE + 1];
        WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
        assert_int_equal(ConvertInterfaceIndexToLuid(indices[k], &l1), 0);
        assert_int_equal(ConvertInterfaceLuidToNameA(&l1, name, sizeof(name)), 0);
        assert_int_equal(ConvertInterfaceNameToLuidA(name, &l2), 0);
        assert_int_equal(l2.Value, l1.Value);
        assert_int_equal(ConvertInterfaceLuidToAlias(&l2, alias, NDIS_IF_MAX_STRING_SIZE + 1), 0);
        assert_int_equal(ConvertInterfaceAliasToLuid(alias, &l3), 0);
        assert_int_equal(l3.Value, l1.Value);
        assert_int_equal(ConvertInterfaceLuidToIndex(&l3, &back), 0);
        assert_int_equal(back, indices[k]);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_os_setup, fake_os_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_index_to_luid),
        T(test_index_to_luid_null),
        T(test_index_to_luid_not_found),
        T(test_index_to_luid_backend_error),
        T(test_luid_to_index),
        T(test_luid_to_index_null),
        T(test_luid_to_index_not_found),
        T(test_luid_to_name_a),
        T(test_luid_to_name_a_pure),
        T(test_luid_to_name_a_params),
        T(test_luid_to_name_a_boundary),
        T(test_luid_to_name_w),
        T(test_luid_to_name_w_params),
        T(test_luid_to_name_w_boundary),
        T(test_name_to_luid_a),
        T(test_name_to_luid_a_null),
        T(test_name_to_luid_a_malformed),
        T(test_name_to_luid_index_range),
        T(test_name_to_luid_w),
        T(test_name_to_luid_w_null),
        T(test_name_to_luid_w_malformed),
        T(test_name_to_luid_w_agrees_with_a),
        T(test_luid_to_guid),
        T(test_luid_to_guid_null),
        T(test_luid_to_guid_not_found),
        T(test_guid_to_luid_null),
        T(test_guid_to_luid_unknown),
        T(test_luid_to_alias),
        T(test_luid_to_alias_boundary),
        T(test_luid_to_alias_utf16),
        T(test_luid_to_alias_not_utf8),
        T(test_luid_to_alias_mixed_utf8),
        T(test_luid_to_alias_params),
        T(test_luid_to_alias_not_found),
        T(test_alias_to_luid),
        T(test_alias_to_luid_utf8),
        T(test_alias_to_luid_params),
        T(test_alias_to_luid_unknown),
        T(test_alias_to_luid_not_altname),
        T(test_alias_to_luid_not_utf8),
        T(test_alias_to_luid_backend_error),
        T(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
