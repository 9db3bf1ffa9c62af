/* test-layout-addr.c - MIB_UNICASTIPADDRESS_ROW, MIB_UNICASTIPADDRESS_TABLE,
 * SCOPE_ID, LARGE_INTEGER and the address enumerations against the Windows
 * x64 layout.  The offsets below were printed by a program built with
 * mingw-w64's netioapi.h (x86_64-w64-mingw32-gcc, run under Wine: row 80
 * bytes, table 88, SCOPE_ID 4, LARGE_INTEGER 8); the enumerator values
 * are those of mingw-w64's nldef.h and ws2def.h. */
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
        FIELD(MIB_UNICASTIPADDRESS_ROW, Address, 0, 28),
        FIELD(MIB_UNICASTIPADDRESS_ROW, InterfaceLuid, 32, 8),
        FIELD(MIB_UNICASTIPADDRESS_ROW, InterfaceIndex, 40, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, PrefixOrigin, 44, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, SuffixOrigin, 48, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, ValidLifetime, 52, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, PreferredLifetime, 56, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, OnLinkPrefixLength, 60, 1),
        FIELD(MIB_UNICASTIPADDRESS_ROW, SkipAsSource, 61, 1),
        FIELD(MIB_UNICASTIPADDRESS_ROW, DadState, 64, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, ScopeId, 68, 4),
        FIELD(MIB_UNICASTIPADDRESS_ROW, CreationTimeStamp, 72, 8),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(MIB_UNICASTIPADDRESS_ROW), 80);
    assert_int_equal(_Alignof(MIB_UNICASTIPADDRESS_ROW), 8);
}

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(offsetof(MIB_UNICASTIPADDRESS_TABLE, NumEntries), 0);
    assert_int_equal(offsetof(MIB_UNICASTIPADDRESS_TABLE, Table), 8);
    assert_int_equal(sizeof(MIB_UNICASTIPADDRESS_TABLE), 88);
}

/* Zone is the low 28 bits of Value and Level the top 4, as the bit-fields
 * of ws2def.h lay them out; both reached as Windows code names them. */
static void test_scope_id(void **state)
{
    SCOPE_ID s;
    (void)state;
    assert_int_equal(sizeof(SCOPE_ID), 4);
    memset(&s, 0, sizeof(s));
    s.Zone = 0x0ABCDEF;
    s.Level = ScopeLevelLink;
    assert_int_equal(s.Value, 0x20ABCDEFu);
    s.Value = 0xE0000007u;
    assert_int_equal(s.Zone, 7);
    assert_int_equal(s.Level, ScopeLevelGlobal);
}

static void test_large_integer(void **state)
{
    LARGE_INTEGER li;
    (void)state;
    assert_int_equal(sizeof(LARGE_INTEGER), 8);
    assert_int_equal(offsetof(LARGE_INTEGER, LowPart), 0);
    assert_int_equal(offsetof(LARGE_INTEGER, HighPart), 4);
    assert_int_equal(offsetof(LARGE_INTEGER, u.LowPart), 0);
    assert_int_equal(offsetof(LARGE_INTEGER, u.HighPart), 4);
    li.QuadPart = -2; /* 0xFFFFFFFF_FFFFFFFE */
    assert_int_equal(li.LowPart, 0xFFFFFFFEu);
    assert_int_equal(li.HighPart, -1);
    assert_int_equal(li.u.LowPart, 0xFFFFFFFEu);
    assert_int_equal(li.u.HighPart, -1);
}

static void test_enums(void **state)
{
    (void)state;
    assert_int_equal(sizeof(NL_PREFIX_ORIGIN), 4);
    assert_int_equal(sizeof(NL_SUFFIX_ORIGIN), 4);
    assert_int_equal(sizeof(NL_DAD_STATE), 4);
    assert_int_equal(IpPrefixOriginOther, 0);
    assert_int_equal(IpPrefixOriginManual, 1);
    assert_int_equal(IpPrefixOriginWellKnown, 2);
    assert_int_equal(IpPrefixOriginDhcp, 3);
    assert_int_equal(IpPrefixOriginRouterAdvertisement, 4);
    assert_int_equal(IpPrefixOriginUnchanged, 16);
    assert_int_equal(NlpoRouterAdvertisement, IpPrefixOriginRouterAdvertisement);
    assert_int_equal(IpSuffixOriginOther, 0);
    assert_int_equal(IpSuffixOriginManual, 1);
    assert_int_equal(IpSuffixOriginWellKnown, 2);
    assert_int_equal(IpSuffixOriginDhcp, 3);
    assert_int_equal(IpSuffixOriginLinkLayerAddress, 4);
    assert_int_equal(IpSuffixOriginRandom, 5);
    assert_int_equal(IpSuffixOriginUnchanged, 16);
    assert_int_equal(NlsoRandom, IpSuffixOriginRandom);
    assert_int_equal(IpDadStateInvalid, 0);
    assert_int_equal(IpDadStateTentative, 1);
    assert_int_equal(IpDadStateDuplicate, 2);
    assert_int_equal(IpDadStateDeprecated, 3);
    assert_int_equal(IpDadStatePreferred, 4);
    assert_int_equal(NldsPreferred, IpDadStatePreferred);
}

/* The callback types take what Windows' do; a wrong signature does not
 * compile under -Werror. */
static VOID NETIOAPI_API_ on_addr(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row,
                                  MIB_NOTIFICATION_TYPE type)
{
    (void)ctx, (void)row, (void)type;
}

static VOID NETIOAPI_API_ on_stable(PVOID ctx, PMIB_UNICASTIPADDRESS_TABLE table)
{
    (void)ctx, (void)table;
}

static void test_callbacks(void **state)
{
    PUNICAST_IPADDRESS_CHANGE_CALLBACK a = on_addr;
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK s = on_stable;
    (void)state;
    assert_non_null(a);
    assert_non_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_scope_id),
        cmocka_unit_test(test_large_integer),
        cmocka_unit_test(test_enums),
        cmocka_unit_test(test_callbacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
