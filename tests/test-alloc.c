/* test-alloc.c - alloc.c and every allocation along the public calls: fail
 * the Nth allocation for every N; each run either reports
 * ERROR_NOT_ENOUGH_MEMORY with nothing handed out, or succeeds once N is past
 * the last allocation.  Run under valgrind or ASan to see leaks. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"

#define BAD_TABLE ((PMIB_IPINTERFACE_TABLE)(uintptr_t)0x5A5A5A5A)
#define MAX_RUNS 64

static unsigned seen;    /* allocations asked for since the last arm() */
static unsigned fail_at; /* the one to fail, 1-based; 0: none */
static size_t last_size;

static bool fail_nth(size_t size)
{
    last_size = size;
    return ++seen != fail_at;
}

static bool refuse_all(size_t size)
{
    (void)size;
    seen++;
    return false;
}

static void arm(unsigned n)
{
    seen = 0;
    fail_at = n;
}

static int setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_os_standard();
    arm(0);
    nio_alloc_set_hook(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nio_alloc_set_hook(NULL);
    fake_os_reset();
    return 0;
}

/* ------------------------------------------------------------- alloc.c */
static void test_hook_returns_previous(void **state)
{
    (void)state;
    assert_null(nio_alloc_set_hook(fail_nth));
    assert_true(nio_alloc_set_hook(refuse_all) == fail_nth);
    assert_true(nio_alloc_set_hook(NULL) == refuse_all);
    assert_null(nio_alloc_set_hook(NULL));
}

static void test_hook_sees_every_allocator(void **state)
{
    (void)state;
    void *p;
    nio_alloc_set_hook(refuse_all);
    arm(0);
    assert_null(nio_alloc(16));
    assert_null(nio_calloc(4, 4));
    p = malloc(8);
    assert_non_null(p);
    assert_null(nio_realloc(p, 64)); /* refused: p still belongs to us */
    free(p);
    assert_int_equal(seen, 3);
    nio_alloc_set_hook(fail_nth);
    arm(0);
    p = nio_calloc(3, 7);
    assert_non_null(p);
    assert_int_equal(last_size, 21);
    nio_free(p);
}

static void test_zero_sizes(void **state)
{
    (void)state;
    void *a = nio_alloc(0), *b = nio_calloc(0, 8), *c = nio_calloc(8, 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    nio_free(a);
    nio_free(b);
    nio_free(c);
    nio_free(NULL);
}

static void test_calloc_overflow(void **state)
{
    (void)state;
    assert_null(nio_calloc(SIZE_MAX, 2));
    assert_null(nio_calloc(2, SIZE_MAX));
    assert_null(nio_calloc(SIZE_MAX / 2 + 1, 2));
}

static void test_calloc_zeroes(void **state)
{
    (void)state;
    unsigned char *p = nio_calloc(64, 1);
    assert_non_null(p);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(p[i], 0);
    nio_free(p);
}

/* --------------------------------------------------------- along a call */
/* GetIpInterfaceTable with the Nth allocation failing, for every N. */
static void check_table_every_failure(ADDRESS_FAMILY family, ULONG rows)
{
    unsigned n;
    nio_alloc_set_hook(fail_nth);
    for (n = 1; n <= MAX_RUNS; n++) {
        PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
        DWORD st;
        arm(n);
        st = GetIpInterfaceTable(family, &t);
        if (seen < n) {
            /* Nothing failed: the call must have succeeded. */
            assert_int_equal(st, 0);
            assert_non_null(t);
            assert_int_equal(t->NumEntries, rows);
            FreeMibTable(t);
            break;
        }
        if (st != 8)
            fail_msg("allocation %u failed: status %u, want 8", n, (unsigned)st);
        assert_null(t);
    }
    assert_true(n > 1);        /* the call allocates at all */
    assert_true(n <= MAX_RUNS); /* and succeeds in the end */
}

static void test_table_unspec(void **state)
{
    (void)state;
    check_table_every_failure(AF_UNSPEC, 6);
}

static void test_table_v4(void **state)
{
    (void)state;
    check_table_every_failure(AF_INET, 3);
}

static void test_table_v6(void **state)
{
    (void)state;
    check_table_every_failure(AF_INET6, 3);
}

static void test_table_empty(void **state)
{
    (void)state;
    fake_os_reset();
    check_table_every_failure(AF_UNSPEC, 0);
}

/* Every allocation refused: 8 and no table, however often it is tried. */
static void test_table_no_memory_at_all(void **state)
{
    (void)state;
    nio_alloc_set_hook(refuse_all);
    for (int i = 0; i < 3; i++) {
        PMIB_IPINTERFACE_TABLE t = BAD_TABLE;
        assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 8);
        assert_null(t);
    }
}

/* The other public calls: success, or 8.  Each starts from fixed inputs so
 * that one call's failure does not change the next one's. */
static void test_others_every_failure(void **state)
{
    (void)state;
    static const WCHAR lo[] = {'l', 'o', 0};
    const NET_LUID lo_luid = {0x18000001000000ull};
    nio_alloc_set_hook(fail_nth);
    for (unsigned n = 1; n <= MAX_RUNS; n++) {
        MIB_IPINTERFACE_ROW row;
        NET_LUID l;
        NET_IFINDEX idx;
        WCHAR alias[16];
        char name[32];
        GUID g;
        DWORD st[7];
        arm(n);
        InitializeIpInterfaceEntry(&row);
        row.Family = AF_INET6;
        row.InterfaceIndex = FAKE_ETH1;
        st[0] = GetIpInterfaceEntry(&row);
        st[1] = ConvertInterfaceIndexToLuid(FAKE_LO, &l);
        st[2] = ConvertInterfaceLuidToIndex(&lo_luid, &idx);
        st[3] = ConvertInterfaceLuidToNameA(&lo_luid, name, sizeof(name));
        st[4] = ConvertInterfaceAliasToLuid(lo, &l);
        st[5] = ConvertInterfaceLuidToAlias(&lo_luid, alias, 16);
        st[6] = ConvertInterfaceLuidToGuid(&lo_luid, &g);
        for (size_t i = 0; i < 7; i++)
            if (st[i] != 0 && st[i] != 8)
                fail_msg("call %zu with allocation %u failing: status %u", i, n,
                         (unsigned)st[i]);
        if (seen < n)
            break;
    }
}

/* SetIpInterfaceEntry is all or nothing under allocation failure too: a
 * run that reports 8 has changed neither the OS nor the recorded metric. */
static void test_set_all_or_nothing(void **state)
{
    (void)state;
    unsigned n;
    struct nio_iface *ifc = fake_os_add(200, IF_TYPE_ETHERNET_CSMACD, "eth200");
    ifc->fam[NIO_V6].known = NIO_K_DAD;
    ifc->fam[NIO_V6].dad_transmits = 1;
    nio_alloc_set_hook(fail_nth);
    for (n = 1; n <= MAX_RUNS; n++) {
        MIB_IPINTERFACE_ROW row;
        DWORD st;
        arm(n);
        InitializeIpInterfaceEntry(&row);
        row.Family = AF_INET6;
        row.InterfaceIndex = 200;
        row.DadTransmits = 5;
        row.UseAutomaticMetric = FALSE;
        row.Metric = 30;
        st = SetIpInterfaceEntry(&row);
        nio_alloc_set_hook(NULL);
        InitializeIpInterfaceEntry(&row);
        row.Family = AF_INET6;
        row.InterfaceIndex = 200;
        assert_int_equal(GetIpInterfaceEntry(&row), 0);
        nio_alloc_set_hook(fail_nth);
        if (st == 0) {
            assert_int_equal(row.DadTransmits, 5);
            assert_int_equal(row.UseAutomaticMetric, FALSE);
            assert_int_equal(row.Metric, 30);
            break;
        }
        if (st != 8)
            fail_msg("allocation %u failed: status %u, want 8", n, (unsigned)st);
        if (row.DadTransmits != 1 || row.UseAutomaticMetric != TRUE)
            fail_msg("allocation %u failed, Set reported 8 yet left DadTransmits %u, "
                     "UseAutomaticMetric %u", n, (unsigned)row.DadTransmits,
                     (unsigned)row.UseAutomaticMetric);
    }
    assert_true(n <= MAX_RUNS);
}

/* Route rows: GetIpForwardTable2 and the writes, with the Nth allocation
 * failing: 8 with no table, no route made and none deleted; or success. */
static void add_route(uint32_t oif, uint8_t b2, uint8_t len)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.oif = oif;
    r.table = 254;
    r.prefix.slot = r.gateway.slot = NIO_V4;
    r.prefix.bytes[0] = 198;
    r.prefix.bytes[1] = 18;
    r.prefix.bytes[2] = b2;
    r.prefix_len = len;
    fake_os_add_route(&r);
}

static MIB_IPFORWARD_ROW2 route_key(uint8_t b2)
{
    MIB_IPFORWARD_ROW2 row;
    InitializeIpForwardEntry(&row);
    row.DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
    row.DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr = htonl(0xC6120000u | (uint32_t)b2 << 8);
    row.DestinationPrefix.PrefixLength = 24;
    row.InterfaceIndex = FAKE_ETH0;
    return row;
}

/* The machine of one run: fresh, so that every run starts the same. */
static void routes_machine(void)
{
    fake_os_reset();
    fake_os_standard();
    add_route(FAKE_ETH0, 0, 24);
    add_route(FAKE_ETH1, 1, 24);
}

/* call(0): the table; 1: Create of a new route; 2: Delete of one there. */
static DWORD route_call(int call)
{
    PMIB_IPFORWARD_TABLE2 t = (PMIB_IPFORWARD_TABLE2)BAD_TABLE;
    MIB_IPFORWARD_ROW2 row = route_key(call == 1 ? 7 : 0);
    DWORD st;
    if (call == 1)
        return CreateIpForwardEntry2(&row);
    if (call == 2)
        return DeleteIpForwardEntry2(&row);
    st = GetIpForwardTable2(AF_UNSPEC, &t);
    if (st == 0) {
        assert_int_equal(t->NumEntries, 2);
        FreeMibTable(t);
    } else {
        assert_null(t);
    }
    return st;
}

static void test_routes_every_failure(void **state)
{
    (void)state;
    for (int call = 0; call < 3; call++) {
        unsigned n;
        for (n = 1; n <= MAX_RUNS; n++) {
            DWORD st;
            routes_machine();
            nio_alloc_set_hook(fail_nth);
            arm(n);
            st = route_call(call);
            nio_alloc_set_hook(NULL);
            if (seen < n) {
                assert_int_equal(st, 0);
                break;
            }
            if (st != 8)
                fail_msg("route call %d, allocation %u failing: %u, want 8", call, n,
                         (unsigned)st);
            /* Nothing was written. */
            assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD) + fake_os_calls(FAKE_ROUTE_DELETE), 0);
        }
        assert_true(n > 1 && n <= MAX_RUNS);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_hook_returns_previous),
        T(test_hook_sees_every_allocator),
        T(test_zero_sizes),
        T(test_calloc_overflow),
        T(test_calloc_zeroes),
        T(test_table_unspec),
        T(test_table_v4),
        T(test_table_v6),
        T(test_table_empty),
        T(test_table_no_memory_at_all),
        T(test_others_every_failure),
        T(test_set_all_or_nothing),
        T(test_routes_every_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
