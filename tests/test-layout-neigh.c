/* test-layout-neigh.c - MIB_IPNET_ROW2, MIB_IPNET_TABLE2 and
 * NL_NEIGHBOR_STATE against the Windows x64 layout.  The offsets below are
 * those of mingw-w64's netioapi.h (checked with x86_64-w64-mingw32-gcc by
 * static assertions: row 88 bytes, alignment 8, table 96, Table at 8); the
 * enumerator values are those of mingw-w64's nldef.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "layout-check.h"

static void test_row(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(MIB_IPNET_ROW2, Address, 0, 28),
        FIELD(MIB_IPNET_ROW2, InterfaceIndex, 28, 4),
        FIELD(MIB_IPNET_ROW2, InterfaceLuid, 32, 8),
        FIELD(MIB_IPNET_ROW2, PhysicalAddress, 40, 32),
        FIELD(MIB_IPNET_ROW2, PhysicalAddressLength, 72, 4),
        FIELD(MIB_IPNET_ROW2, State, 76, 4),
        FIELD(MIB_IPNET_ROW2, Flags, 80, 1),
        FIELD(MIB_IPNET_ROW2, ReachabilityTime, 84, 4),
        FIELD(MIB_IPNET_ROW2, ReachabilityTime.LastReachable, 84, 4),
        FIELD(MIB_IPNET_ROW2, ReachabilityTime.LastUnreachable, 84, 4),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(MIB_IPNET_ROW2), 88);
    assert_int_equal(_Alignof(MIB_IPNET_ROW2), 8);
    assert_int_equal(IF_MAX_PHYS_ADDRESS_LENGTH, 32);
}

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(offsetof(MIB_IPNET_TABLE2, NumEntries), 0);
    assert_int_equal(offsetof(MIB_IPNET_TABLE2, Table), 8);
    assert_int_equal(sizeof(MIB_IPNET_TABLE2), 96);
}

/* IsRouter is bit 0 of Flags and IsUnreachable bit 1, as the bit-fields of
 * netioapi.h lay them out; the two times share one ULONG. */
static void test_flags_and_union(void **state)
{
    MIB_IPNET_ROW2 r;
    (void)state;
    memset(&r, 0, sizeof(r));
    r.IsRouter = TRUE;
    assert_int_equal(r.Flags, 0x01);
    r.IsRouter = FALSE;
    r.IsUnreachable = TRUE;
    assert_int_equal(r.Flags, 0x02);
    r.Flags = 0x03;
    assert_true(r.IsRouter);
    assert_true(r.IsUnreachable);
    r.Flags = 0;
    assert_false(r.IsRouter);
    assert_false(r.IsUnreachable);
    r.ReachabilityTime.LastReachable = 0x12345678u;
    assert_int_equal(r.ReachabilityTime.LastUnreachable, 0x12345678u);
    /* Nothing else of the row moved. */
    for (size_t i = 0; i < offsetof(MIB_IPNET_ROW2, ReachabilityTime); i++)
        assert_int_equal(((const unsigned char *)&r)[i], 0);
}

static void test_states(void **state)
{
    (void)state;
    assert_int_equal(sizeof(NL_NEIGHBOR_STATE), 4);
    assert_int_equal(NlnsUnreachable, 0);
    assert_int_equal(NlnsIncomplete, 1);
    assert_int_equal(NlnsProbe, 2);
    assert_int_equal(NlnsDelay, 3);
    assert_int_equal(NlnsStale, 4);
    assert_int_equal(NlnsReachable, 5);
    assert_int_equal(NlnsPermanent, 6);
    assert_int_equal(NlnsMaximum, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_flags_and_union),
        cmocka_unit_test(test_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
