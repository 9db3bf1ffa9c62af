/* test-ipif.c - GetIpInterfaceEntry, GetIpInterfaceTable and FreeMibTable
 * through the public entry points (Win32 flavour) over the fake back end. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"
#include "fake_os.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define BAD_TABLE ((PMIB_IPINTERFACE_TABLE)(uintptr_t)0x5A5A5A5A)


/* A row as a caller prepares it: garbage everywhere but the keys. */
static void key_row(MIB_IPINTERFACE_ROW *row, ADDRESS_FAMILY family, uint64_t luid,
                    NET_IFINDEX index)
{
    memset(row, 0xA5, sizeof(*row));
    row->Family = family;
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = index;
}

/* Get fails with want and leaves every byte of the row as it was. */
static void expect_get_fails(MIB_IPINTERFACE_ROW *row, DWORD want)
{
    MIB_IPINTERFACE_ROW before = *row;
    assert_int_equal(GetIpInterfaceEntry(row), want);
    assert_memory_equal(row, &before, sizeof(before));
}

/* ------------------------------------------------------ Get: parameters */
static void test_get_null_row(void **state)
{
    (void)state;
    assert_int_equal(GetIpInterfaceEntry(NULL), 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_get_bad_family(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    ADDRESS_FAMILY bad[] = {AF_UNSPEC, 1, 3, 0xFFFF, AF_INET6 + 1, AF_INET6 == 23 ? 10 : 23};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        key_row(&row, bad[i], 0, FAKE_ETH1);
        expect_get_fails(&row, 87);
    }
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_get_both_keys_zero(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, 0, 0);
    expect_get_fails(&row, 87);
    key_row(&row, AF_INET6, 0, 0);
    expect_get_fails(&row, 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

/* ------------------------------------------------------ Get: not found */
static void test_get_unknown_index(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, 0, 99);
    expect_get_fails(&row, 1168);
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    assert_int_equal(fake_os_last_index(), 99);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

/* A non-zero LUID wins over the index, even when it is wrong (Windows). */
static void test_get_bogus_luid_valid_index(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, LUID(IF_TYPE_ETHERNET_CSMACD, 99), FAKE_ETH1);
    expect_get_fails(&row, 1168);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

/* A LUID of the right index but another type names no interface. */
static void test_get_luid_wrong_type(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, LUID(IF_TYPE_IEEE80211, FAKE_ETH1), FAKE_ETH1);
    expect_get_fails(&row, 1168);
    key_row(&row, AF_INET, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_LO), 0);
    expect_get_fails(&row, 1168);
}

/* A LUID with no interface number in it (type only, or junk in Reserved). */
static void test_get_malformed_luid(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, LUID(IF_TYPE_ETHERNET_CSMACD, 0), FAKE_ETH1);
    expect_get_fails(&row, 1168);
    key_row(&row, AF_INET, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1) | 0xFFFFFF, FAKE_ETH1);
    expect_get_fails(&row, 1168);
}

/* The interface is there, the family is not bound on it. */
static void test_get_family_not_bound(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET6, 0, FAKE_ETH0);
    expect_get_fails(&row, 1168);
    key_row(&row, AF_INET, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0), 0);
    expect_get_fails(&row, 1168);
}

/* A back end that answers for another index than the one asked. */
static void test_get_backend_wrong_index(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    fake_os_redirect(FAKE_ETH1, FAKE_ETH0);
    key_row(&row, AF_INET, 0, FAKE_ETH1);
    expect_get_fails(&row, 1168);
}

/* Back-end failures: each errno its own code, the row untouched. */
static void test_get_backend_errors(void **state)
{
    (void)state;
    static const struct {
        int err;
        DWORD want;
    } cases[] = {
        {-ENODEV, 1168}, {-ENOENT, 1168}, {-EACCES, 5}, {-EPERM, 5},
        {-ENOMEM, 8},    {-EIO, 31},      {-EOPNOTSUPP, 50},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MIB_IPINTERFACE_ROW row;
        fake_os_fail_next(FAKE_GET, cases[i].err);
        key_row(&row, AF_INET, 0, FAKE_ETH1);
        expect_get_fails(&row, cases[i].want);
        fake_os_fail_next(FAKE_GET, cases[i].err);
        key_row(&row, AF_INET6, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1), 0);
        expect_get_fails(&row, cases[i].want);
    }
}

/* --------------------------------------------------------- Get: success */
/* LUID 0 with a valid index: success, and the LUID is filled in. */
static void test_get_by_index(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET, 0, FAKE_ETH1);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.Family, AF_INET);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1));
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(row.NlMtu, 1500);
    assert_int_equal(row.Connected, TRUE);
    assert_int_equal(row.ZoneIndices[ScopeLevelLink], FAKE_ETH1);
}

/* Exactly one nio_os_get for the asked family's facts; never a list. */
static void test_get_one_backend_call(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET6, 0, FAKE_ETH1);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    assert_int_equal(fake_os_last_index(), FAKE_ETH1);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_V6);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
    assert_int_equal(fake_os_calls(FAKE_GET_BY_NAME), 0);
    key_row(&row, AF_INET, LUID(IF_TYPE_SOFTWARE_LOOPBACK, FAKE_LO), 0);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(fake_os_calls(FAKE_GET), 2);
    assert_int_equal(fake_os_last_index(), FAKE_LO);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_V4);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

/* A valid LUID with index 0, or with another interface's index: the LUID
 * decides, and the index is overwritten with the right one. */
static void test_get_by_luid(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    key_row(&row, AF_INET6, 0x18000001000000ull, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_LO);
    assert_int_equal(row.Family, AF_INET6);
    key_row(&row, AF_INET6, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0), FAKE_ETH1);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_WG0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0));
    assert_int_equal(row.NlMtu, 1420);
}

/* What a ported program does: Initialize, set the keys, Get. */
static void test_get_after_initialize(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET6;
    row.InterfaceIndex = FAKE_LO;
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceLuid.Value, 0x18000001000000ull);
    assert_int_equal(row.DadTransmits, 0);
    assert_int_equal(row.SupportsRouterDiscovery, FALSE);
    assert_int_equal(row.NlMtu, 65536);
    assert_int_equal(row.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
}

/* Get writes every byte: the row does not depend on what it held. */
static void test_get_overwrites_whole_row(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW a, b;
    memset(&a, 0xCC, sizeof(a));
    memset(&b, 0x00, sizeof(b));
    a.Family = b.Family = AF_INET6;
    a.InterfaceIndex = b.InterfaceIndex = FAKE_ETH1;
    a.InterfaceLuid.Value = b.InterfaceLuid.Value = 0;
    assert_int_equal(GetIpInterfaceEntry(&a), 0);
    assert_int_equal(GetIpInterfaceEntry(&b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
}

/* A large index (beyond NetLuidIndex's 24 bits) works both ways. */
static void test_get_large_index(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    fake_os_add(0x1000001, IF_TYPE_ETHERNET_CSMACD, "veth9");
    key_row(&row, AF_INET, 0, 0x1000001);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_ETHERNET_CSMACD, 1) | 1);
    key_row(&row, AF_INET6, LUID(IF_TYPE_ETHERNET_CSMACD, 1) | 1, 0);
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceIndex, 0x1000001);
    /* ...and the same LUID without its high bits is interface 1's number
     * with the wrong type. */
    key_row(&row, AF_INET6, LUID(IF_TYPE_ETHERNET_CSMACD, 1), 0);
    expect_get_fails(&row, 1168);
}

/* ---------------------------------------------------- Table: parameters */
static void test_table_null_out(void **state)
{
    (void)state;
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, NULL), 87);
    assert_int_equal(GetIpInterfaceTable(AF_INET, NULL), 87);
    assert_int_equal(GetIpInterfaceTable(12345, NULL), 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_table_bad_family(void **state)
{
    (void)state;
    ADDRESS_FAMILY bad[] = {1, 3, 0xFFFF, AF_INET6 + 1, AF_INET6 == 23 ? 10 : 23};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
        assert_int_equal(GetIpInterfaceTable(bad[i], &t), 87);
        assert_null(t);
    }
    assert_int_equal(fake_os_total_calls(), 0);
}

/* --------------------------------------------------------- Table: rows */
struct key {
    ADDRESS_FAMILY family;
    NET_IFINDEX index;
};

static void check_table(ADDRESS_FAMILY family, const struct key *want, size_t n,
                        unsigned want_bits)
{
    PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
    assert_int_equal(GetIpInterfaceTable(family, &t), 0);
    assert_non_null(t);
    assert_int_equal(fake_os_calls(FAKE_LIST), 1);
    assert_int_equal(fake_os_last_want(FAKE_LIST), want_bits);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    assert_int_equal(fake_os_calls(FAKE_GET_BY_NAME), 0);
    assert_int_equal(t->NumEntries, n);
    for (size_t i = 0; i < n; i++) {
        const MIB_IPINTERFACE_ROW *r = &t->Table[i];
        assert_int_equal(r->Family, want[i].family);
        assert_int_equal(r->InterfaceIndex, want[i].index);
        assert_int_equal(r->InterfaceLuid.Value,
                         nio_luid_make(fake_os_find(want[i].index)->iftype, want[i].index));
    }
    FreeMibTable(t);
}

static void test_table_v4(void **state)
{
    (void)state;
    static const struct key want[] = {
        {AF_INET, FAKE_LO}, {AF_INET, FAKE_ETH0}, {AF_INET, FAKE_ETH1}};
    check_table(AF_INET, want, 3, NIO_WANT_V4);
}

static void test_table_v6(void **state)
{
    (void)state;
    static const struct key want[] = {
        {AF_INET6, FAKE_LO}, {AF_INET6, FAKE_ETH1}, {AF_INET6, FAKE_WG0}};
    check_table(AF_INET6, want, 3, NIO_WANT_V6);
}

/* Both families: by interface in the OS's order, IPv4 first in each. */
static void test_table_unspec_order(void **state)
{
    (void)state;
    static const struct key want[] = {
        {AF_INET, FAKE_LO},   {AF_INET6, FAKE_LO},  {AF_INET, FAKE_ETH0},
        {AF_INET, FAKE_ETH1}, {AF_INET6, FAKE_ETH1}, {AF_INET6, FAKE_WG0}};
    check_table(AF_UNSPEC, want, 6, NIO_WANT_V4 | NIO_WANT_V6);
}

/* A back end may report families nobody asked for: the table still holds
 * only the asked family's rows. */
static void test_table_generous_backend(void **state)
{
    (void)state;
    static const struct key v4[] = {
        {AF_INET, FAKE_LO}, {AF_INET, FAKE_ETH0}, {AF_INET, FAKE_ETH1}};
    static const struct key v6[] = {
        {AF_INET6, FAKE_LO}, {AF_INET6, FAKE_ETH1}, {AF_INET6, FAKE_WG0}};
    fake_os_set_generous(true);
    check_table(AF_INET, v4, 3, NIO_WANT_V4);
    fake_os_reset();
    fake_os_standard();
    fake_os_set_generous(true);
    check_table(AF_INET6, v6, 3, NIO_WANT_V6);
}

/* Every row of the table is the row Get gives for the same key. */
static void test_table_rows_equal_get(void **state)
{
    (void)state;
    PMIB_IPINTERFACE_TABLE t = NULL;
    fake_os_find(FAKE_ETH1)->fam[NIO_V6].known = NIO_K_MTU | NIO_K_DAD;
    fake_os_find(FAKE_ETH1)->fam[NIO_V6].mtu = 1280;
    fake_os_find(FAKE_ETH1)->fam[NIO_V6].dad_transmits = 1;
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
    assert_non_null(t);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IPINTERFACE_ROW row;
        key_row(&row, t->Table[i].Family, 0, t->Table[i].InterfaceIndex);
        assert_int_equal(GetIpInterfaceEntry(&row), 0);
        assert_memory_equal(&row, &t->Table[i], sizeof(row));
    }
    FreeMibTable(t);
}

static void test_table_empty(void **state)
{
    (void)state;
    PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
    fake_os_reset();
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
    assert_non_null(t);
    assert_true(t != BAD_TABLE);
    assert_int_equal(t->NumEntries, 0);
    FreeMibTable(t);
    /* Interfaces present, but none with the family. */
    fake_os_add(4, IF_TYPE_ETHERNET_CSMACD, "eth9")->fam[NIO_V6].present = false;
    t = BAD_TABLE;
    assert_int_equal(GetIpInterfaceTable(AF_INET6, &t), 0);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, 0);
    FreeMibTable(t);
}

/* Many interfaces: the single block holds them all. */
static void test_table_many(void **state)
{
    (void)state;
    PMIB_IPINTERFACE_TABLE t = NULL;
    fake_os_reset();
    for (uint32_t i = 1; i <= FAKE_MAX_IFACES; i++)
        fake_os_add(i * 3, IF_TYPE_ETHERNET_CSMACD, "veth");
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
    assert_int_equal(t->NumEntries, 2 * FAKE_MAX_IFACES);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        assert_int_equal(t->Table[i].InterfaceIndex, (i / 2 + 1) * 3);
        assert_int_equal(t->Table[i].Family, i % 2 ? AF_INET6 : AF_INET);
    }
    FreeMibTable(t);
}

/* ------------------------------------------------------- Table: failures */
static void test_table_backend_errors(void **state)
{
    (void)state;
    static const struct {
        int err;
        DWORD want;
    } cases[] = {
        {-EAGAIN, 1237}, {-EINTR, 1237}, {-ENOMEM, 8}, {-ENOBUFS, 8},
        {-EACCES, 5},    {-EIO, 31},     {-EPROTO, 31},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
        fake_os_fail_next(FAKE_LIST, cases[i].err);
        assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), cases[i].want);
        assert_null(t);
    }
    assert_int_equal(fake_os_calls(FAKE_LIST), sizeof(cases) / sizeof(cases[0]));
}

/* The back end retries a torn dump itself: the core does not call again. */
static void test_table_retry_is_final(void **state)
{
    (void)state;
    PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
    fake_os_fail_next(FAKE_LIST, -EAGAIN);
    assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 1237);
    assert_null(t);
    assert_int_equal(fake_os_calls(FAKE_LIST), 1);
    assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 0);
    assert_non_null(t);
    FreeMibTable(t);
}

/* FreeMibTable keeps the last large block for the next table of about its
 * size (table.c): the same block, its header zeroed; a table less than
 * half its size, or one made while a test's allocation hook is set, gets a
 * block of its own. */
static bool allow_all(size_t size)
{
    (void)size;
    return true;
}

static void test_table_block_kept(void **state)
{
    MIB_IPFORWARD_TABLE2 *a, *b, *c, *d;
    nio_alloc_hook was;
    (void)state;
    if (!nio_table_keeps())
        skip(); /* AddressSanitizer: every block is freed */
    a = NIO_TABLE_ALLOC(MIB_IPFORWARD_TABLE2, 4000);
    assert_non_null(a);
    a->NumEntries = 4000;
    FreeMibTable(a);
    b = NIO_TABLE_ALLOC(MIB_IPFORWARD_TABLE2, 3000);
    assert_ptr_equal(b, a);
    assert_int_equal(b->NumEntries, 0);
    FreeMibTable(b);
    c = NIO_TABLE_ALLOC(MIB_IPFORWARD_TABLE2, 1500);
    assert_non_null(c);
    assert_ptr_not_equal(c, a);
    FreeMibTable(c); /* kept in a's place */
    was = nio_alloc_set_hook(allow_all);
    d = NIO_TABLE_ALLOC(MIB_IPFORWARD_TABLE2, 1500);
    nio_alloc_set_hook(was);
    assert_non_null(d);
    assert_ptr_not_equal(d, c);
    FreeMibTable(d);
}

/* The list helpers every table uses (table.c): a sort that leaves a
 * sorted list alone and sorts any other, a search that finds the first,
 * the last and none between or beyond, in an empty list too. */
struct elem {
    uint32_t index;
    char pad[20];
};

static void test_sort_and_find(void **state)
{
    struct elem v[7];
    static const uint32_t mixed[7] = {9, 3, 7, 1, 11, 5, 13};
    (void)state;
    assert_null(nio_find_by_index(NULL, 0, sizeof(v[0]), 1));
    for (int i = 0; i < 7; i++) {
        memset(&v[i], 0, sizeof(v[i]));
        v[i].index = mixed[i];
        v[i].pad[0] = (char)mixed[i];
    }
    nio_sort_by_index(v, 7, sizeof(v[0]));
    for (int i = 0; i < 7; i++) {
        assert_int_equal(v[i].index, 2 * i + 1);
        assert_int_equal(v[i].pad[0], 2 * i + 1); /* whole elements moved */
    }
    nio_sort_by_index(v, 7, sizeof(v[0])); /* sorted: left as it is */
    for (uint32_t k = 0; k <= 14; k++) {
        struct elem *e = nio_find_by_index(v, 7, sizeof(v[0]), k);
        if (k % 2)
            assert_true(e != NULL && e->index == k);
        else
            assert_null(e);
    }
    assert_ptr_equal(nio_find_by_index(v, 1, sizeof(v[0]), 1), &v[0]);
    assert_null(nio_find_by_index(v, 1, sizeof(v[0]), 3));
}

static void test_free_null(void **state)
{
    (void)state;
    FreeMibTable(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_os_setup, fake_os_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_get_null_row),
        T(test_get_bad_family),
        T(test_get_both_keys_zero),
        T(test_get_unknown_index),
        T(test_get_bogus_luid_valid_index),
        T(test_get_luid_wrong_type),
        T(test_get_malformed_luid),
        T(test_get_family_not_bound),
        T(test_get_backend_wrong_index),
        T(test_get_backend_errors),
        T(test_get_by_index),
        T(test_get_one_backend_call),
        T(test_get_by_luid),
        T(test_get_after_initialize),
        T(test_get_overwrites_whole_row),
        T(test_get_large_index),
        T(test_table_null_out),
        T(test_table_bad_family),
        T(test_table_v4),
        T(test_table_v6),
        T(test_table_unspec_order),
        T(test_table_generous_backend),
        T(test_table_rows_equal_get),
        T(test_table_empty),
        T(test_table_many),
        T(test_table_backend_errors),
        T(test_table_retry_is_final),
        T(test_table_block_kept),
        T(test_sort_and_find),
        T(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
