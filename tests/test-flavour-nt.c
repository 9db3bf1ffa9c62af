/* test-flavour-nt.c - the NTSTATUS flavour: compiled with
 * -DNETIOAPI_COMPAT_NTSTATUS, the Windows names reach the nio_nt_ twins and
 * return NTSTATUS codes for the same outcomes the Win32 flavour reports. */
#ifndef NETIOAPI_COMPAT_NTSTATUS
#error "build this file with -DNETIOAPI_COMPAT_NTSTATUS"
#endif

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))

/* Expected codes as numbers, not as the header's macros. */
#define NT_SUCCESS_CODE 0x00000000u
#define NT_INVALID_PARAMETER 0xC000000Du
#define NT_NOT_FOUND 0xC0000225u
#define NT_OBJECT_NAME_NOT_FOUND 0xC0000034u
#define NT_OBJECT_NAME_INVALID 0xC0000033u
#define NT_NO_MEMORY 0xC0000017u
#define NT_BUFFER_TOO_SMALL 0xC0000023u
#define NT_ACCESS_DENIED 0xC0000022u
#define NT_RETRY 0xC000022Du

/* Compares as the 32-bit pattern: NTSTATUS is signed. */
#define assert_nt(expr, want) assert_int_equal((uint32_t)(expr), (uint32_t)(want))


static void test_flavour_types(void **state)
{
    (void)state;
    NETIO_STATUS st = GetIpInterfaceEntry(NULL);
    assert_int_equal(sizeof(st), 4);
    assert_true((NETIO_STATUS)-1 < 0); /* NTSTATUS is signed */
    assert_true(st < 0);
    assert_false(NETIO_SUCCESS(st));
    assert_true(NETIO_SUCCESS(STATUS_SUCCESS));
    assert_true(NETIO_SUCCESS((NTSTATUS)0x00000103)); /* STATUS_PENDING, a success */
    assert_nt(STATUS_INVALID_PARAMETER, NT_INVALID_PARAMETER);
    assert_nt(STATUS_NOT_FOUND, NT_NOT_FOUND);
}

static void test_get_entry_codes(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    assert_nt(GetIpInterfaceEntry(NULL), NT_INVALID_PARAMETER);
    InitializeIpInterfaceEntry(&row);
    assert_nt(GetIpInterfaceEntry(&row), NT_INVALID_PARAMETER); /* AF_UNSPEC */
    row.Family = AF_INET;
    assert_nt(GetIpInterfaceEntry(&row), NT_INVALID_PARAMETER); /* no key */
    row.InterfaceIndex = 99;
    assert_nt(GetIpInterfaceEntry(&row), NT_NOT_FOUND);
    row.InterfaceIndex = FAKE_ETH1;
    row.InterfaceLuid.Value = LUID(IF_TYPE_ETHERNET_CSMACD, 99);
    assert_nt(GetIpInterfaceEntry(&row), NT_NOT_FOUND); /* the LUID wins */
    row.InterfaceLuid.Value = 0;
    row.Family = AF_INET6;
    row.InterfaceIndex = FAKE_ETH0;
    assert_nt(GetIpInterfaceEntry(&row), NT_NOT_FOUND); /* family not bound */
    fake_os_fail_next(FAKE_GET, -EACCES);
    assert_nt(GetIpInterfaceEntry(&row), NT_ACCESS_DENIED);
}

static void test_get_entry_success(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    NETIO_STATUS st;
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET6;
    row.InterfaceIndex = FAKE_LO;
    st = GetIpInterfaceEntry(&row);
    assert_true(NETIO_SUCCESS(st));
    assert_nt(st, NT_SUCCESS_CODE);
    assert_int_equal(row.InterfaceLuid.Value, 0x18000001000000ull);
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

static void test_table_codes(void **state)
{
    (void)state;
    PMIB_IPINTERFACE_TABLE t = (PMIB_IPINTERFACE_TABLE)(uintptr_t)0x5A5A5A5A;
    assert_nt(GetIpInterfaceTable(AF_INET, NULL), NT_INVALID_PARAMETER);
    assert_nt(GetIpInterfaceTable(0xFFFF, &t), NT_INVALID_PARAMETER);
    assert_null(t);
    fake_os_fail_next(FAKE_LIST, -EAGAIN);
    assert_nt(GetIpInterfaceTable(AF_UNSPEC, &t), NT_RETRY);
    assert_null(t);
    fake_os_fail_next(FAKE_LIST, -ENOMEM);
    assert_nt(GetIpInterfaceTable(AF_UNSPEC, &t), NT_NO_MEMORY);
    assert_null(t);
    assert_nt(GetIpInterfaceTable(AF_UNSPEC, &t), NT_SUCCESS_CODE);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, 6);
    FreeMibTable(t);
}

static void test_convert_codes(void **state)
{
    (void)state;
    NET_LUID l;
    NET_IFINDEX idx;
    char name[NDIS_IF_MAX_STRING_SIZE + 1];
    WCHAR wname[NDIS_IF_MAX_STRING_SIZE + 1];
    GUID g;
    static const WCHAR nope[] = {'n', 'o', 'p', 'e', 0};

    assert_nt(ConvertInterfaceIndexToLuid(FAKE_ETH1, NULL), NT_INVALID_PARAMETER);
    assert_nt(ConvertInterfaceIndexToLuid(0, &l), NT_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(l.Value, 0);
    assert_nt(ConvertInterfaceIndexToLuid(FAKE_ETH1, &l), NT_SUCCESS_CODE);
    assert_nt(ConvertInterfaceLuidToIndex(&l, &idx), NT_SUCCESS_CODE);
    assert_int_equal(idx, FAKE_ETH1);
    l.Value = 0;
    assert_nt(ConvertInterfaceLuidToIndex(&l, &idx), NT_OBJECT_NAME_NOT_FOUND);

    l.Value = LUID(IF_TYPE_ETHERNET_CSMACD, 3);
    assert_nt(ConvertInterfaceLuidToNameA(&l, name, sizeof(name)), NT_SUCCESS_CODE);
    assert_string_equal(name, "ethernet_3");
    assert_nt(ConvertInterfaceLuidToNameA(&l, name, 10), NT_BUFFER_TOO_SMALL);
    assert_nt(ConvertInterfaceLuidToNameW(&l, wname, 10), NT_BUFFER_TOO_SMALL);
    assert_nt(ConvertInterfaceLuidToNameW(&l, NULL, 10), NT_INVALID_PARAMETER);
    assert_nt(ConvertInterfaceNameToLuidA("bogus", &l), NT_OBJECT_NAME_INVALID);
    assert_nt(ConvertInterfaceNameToLuidW(NULL, &l), NT_OBJECT_NAME_INVALID);
    assert_nt(ConvertInterfaceNameToLuidA("loopback_1", &l), NT_SUCCESS_CODE);
    assert_int_equal(l.Value, 0x18000001000000ull);

    assert_nt(ConvertInterfaceLuidToGuid(&l, &g), NT_SUCCESS_CODE);
    assert_nt(ConvertInterfaceGuidToLuid(&g, &l), NT_SUCCESS_CODE);
    assert_int_equal(l.Value, 0x18000001000000ull);
    g.Data4[0] ^= 0xFF;
    assert_nt(ConvertInterfaceGuidToLuid(&g, &l), NT_INVALID_PARAMETER);
    l.Value = LUID(6, 99);
    assert_nt(ConvertInterfaceLuidToGuid(&l, &g), NT_OBJECT_NAME_NOT_FOUND);

    l.Value = 0x18000001000000ull;
    assert_nt(ConvertInterfaceLuidToAlias(&l, wname, 3), NT_SUCCESS_CODE);
    assert_nt(ConvertInterfaceLuidToAlias(&l, wname, 2), NT_BUFFER_TOO_SMALL);
    assert_nt(ConvertInterfaceAliasToLuid(nope, &l), NT_INVALID_PARAMETER);
    assert_int_equal(l.Value, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_os_setup, fake_os_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_flavour_types),
        T(test_get_entry_codes),
        T(test_get_entry_success),
        T(test_table_codes),
        T(test_convert_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
