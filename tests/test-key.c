/* test-key.c - key resolution over the fake back end: which interface a
 * LUID or, when the LUID is zero, an index names (nio_lookup,
 * nio_lookup_ifrow), the keys of a MIB_IPINTERFACE_ROW (nio_row_key_check,
 * nio_row_lookup), an interface's LUID (nio_iface_luid) and the family
 * slots (nio_family_slot, nio_family_of_slot).  Only the functions of
 * src/core.h are named, not the files that hold them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"

/* A LUID as Windows lays it out, for the small indexes used here. */
#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define TYPE_ETHER 6
#define TYPE_LOOP 24
#define TYPE_PROPVIRTUAL 53
#define TYPE_TUNNEL 131


static void key_row(MIB_IPINTERFACE_ROW *row, ADDRESS_FAMILY family, uint64_t luid,
                    NET_IFINDEX index)
{
    memset(row, 0xA5, sizeof(*row));
    row->Family = family;
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = index;
}

/* --------------------------------------------------------- family slots */
static void test_family_slot(void **state)
{
    (void)state;
    assert_int_equal(nio_family_slot(AF_INET), NIO_V4);
    assert_int_equal(nio_family_slot(AF_INET6), NIO_V6);
    assert_int_equal(nio_family_slot(AF_UNSPEC), -1);
    assert_int_equal(nio_family_slot(1), -1);
    assert_int_equal(nio_family_slot(AF_INET6 + 1), -1);
    assert_int_equal(nio_family_slot(0xFFFF), -1);
}

static void test_family_of_slot(void **state)
{
    (void)state;
    assert_int_equal(nio_family_of_slot(NIO_V4), AF_INET);
    assert_int_equal(nio_family_of_slot(NIO_V6), AF_INET6);
    /* The two are inverse. */
    assert_int_equal(nio_family_slot(nio_family_of_slot(NIO_V4)), NIO_V4);
    assert_int_equal(nio_family_slot(nio_family_of_slot(NIO_V6)), NIO_V6);
}

/* ---------------------------------------------------------- iface LUID */
static void test_iface_luid(void **state)
{
    (void)state;
    struct nio_iface ifc;
    memset(&ifc, 0, sizeof(ifc));
    ifc.index = 7;
    ifc.iftype = TYPE_PROPVIRTUAL;
    assert_true(nio_iface_luid(&ifc) == LUID(TYPE_PROPVIRTUAL, 7));
    assert_true(nio_iface_luid(&ifc) == nio_luid_make(TYPE_PROPVIRTUAL, 7));
    ifc.iftype = TYPE_ETHER;
    assert_true(nio_iface_luid(&ifc) == LUID(TYPE_ETHER, 7));
}

/* ---------------------------------------------------------- nio_lookup */
static void test_lookup_luid(void **state)
{
    (void)state;
    struct nio_iface ifc;
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, FAKE_ETH1), 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc),
                     NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH1);
    assert_int_equal(ifc.iftype, TYPE_ETHER);
    assert_int_equal(fake_os_calls(FAKE_GET), 1);
    assert_int_equal(fake_os_last_index(), FAKE_ETH1);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_V4);
}

/* The LUID wins: a valid index does not rescue a LUID that names nothing,
 * nor does it choose the interface when the LUID names another. */
static void test_lookup_luid_wins(void **state)
{
    (void)state;
    struct nio_iface ifc;
    /* A LUID of an index that does not exist, with a valid index. */
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, 99), FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND, &ifc),
                     NIO_NOT_FOUND);
    assert_int_equal(fake_os_last_index(), 99);
    /* A LUID whose number is 0 (no interface at all): the OS is not asked. */
    unsigned before = fake_os_calls(FAKE_GET);
    assert_int_equal(nio_lookup((uint64_t)TYPE_ETHER << 48, FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND,
                                &ifc),
                     NIO_NOT_FOUND);
    assert_int_equal(fake_os_calls(FAKE_GET), before);
    /* A valid LUID and a different valid index: the LUID's interface. */
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, FAKE_ETH0), FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND,
                                &ifc),
                     NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH0);
}

/* A LUID with the right index but the wrong type names nothing. */
static void test_lookup_luid_wrong_type(void **state)
{
    (void)state;
    struct nio_iface ifc;
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, FAKE_WG0), 0, NIO_WANT_V6, NIO_NOT_FOUND, &ifc),
                     NIO_NOT_FOUND);
    assert_int_equal(fake_os_last_index(), FAKE_WG0);
    assert_int_equal(nio_lookup(LUID(TYPE_PROPVIRTUAL, FAKE_WG0), 0, NIO_WANT_V6, NIO_NOT_FOUND,
                                &ifc),
                     NIO_OK);
}

/* The index was reused by an interface of another type: the old LUID no
 * longer names it, the index does. */
static void test_lookup_index_reused(void **state)
{
    (void)state;
    struct nio_iface ifc;
    uint64_t old = LUID(TYPE_ETHER, FAKE_ETH1);
    assert_int_equal(nio_lookup(old, 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_OK);
    assert_true(fake_os_remove(FAKE_ETH1));
    assert_non_null(fake_os_add(FAKE_ETH1, TYPE_TUNNEL, "tun0"));
    assert_int_equal(nio_lookup(old, 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_NOT_FOUND);
    assert_int_equal(nio_lookup(old, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_lookup(0, FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_OK);
    assert_int_equal(ifc.iftype, TYPE_TUNNEL);
    assert_int_equal(nio_lookup(LUID(TYPE_TUNNEL, FAKE_ETH1), 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc),
                     NIO_OK);
}

static void test_lookup_index(void **state)
{
    (void)state;
    struct nio_iface ifc;
    assert_int_equal(nio_lookup(0, FAKE_WG0, NIO_WANT_V6, NIO_NOT_FOUND, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_WG0);
    assert_int_equal(ifc.iftype, TYPE_PROPVIRTUAL);
    assert_int_equal(fake_os_last_index(), FAKE_WG0);
    assert_int_equal(nio_lookup(0, 99, NIO_WANT_V6, NIO_NOT_FOUND, &ifc), NIO_NOT_FOUND);
    assert_int_equal(fake_os_last_index(), 99);
}

/* Both keys zero name no interface; the OS is not asked. */
static void test_lookup_both_zero(void **state)
{
    (void)state;
    struct nio_iface ifc;
    assert_int_equal(nio_lookup(0, 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_NOT_FOUND);
    assert_int_equal(nio_lookup(0, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(fake_os_total_calls(), 0);
}

/* not_found is the caller's: rows say NOT_FOUND, conversions FILE_NOT_FOUND. */
static void test_lookup_not_found_passed(void **state)
{
    (void)state;
    struct nio_iface ifc;
    assert_int_equal(nio_lookup(0, 99, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, 99), FAKE_ETH0, NIO_WANT_LINK,
                                NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_lookup(LUID(TYPE_LOOP, FAKE_ETH0), 0, NIO_WANT_LINK,
                                NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_lookup(0, 99, NIO_WANT_LINK, NIO_NO_INTERFACE, &ifc), NIO_NO_INTERFACE);
    /* ENOENT and ENXIO from the back end read as "gone" too. */
    fake_os_fail_next(FAKE_GET, -ENOENT);
    assert_int_equal(nio_lookup(0, FAKE_ETH0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    fake_os_fail_next(FAKE_GET, -ENXIO);
    assert_int_equal(nio_lookup(0, FAKE_ETH0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_NOT_FOUND);
}

/* Other failures of the back end are not "not found". */
static void test_lookup_os_errors(void **state)
{
    (void)state;
    struct nio_iface ifc;
    fake_os_fail_next(FAKE_GET, -ENOMEM);
    assert_int_equal(nio_lookup(0, FAKE_ETH0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_NO_MEMORY);
    fake_os_fail_next(FAKE_GET, -EACCES);
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, FAKE_ETH0), 0, NIO_WANT_V4, NIO_FILE_NOT_FOUND,
                                &ifc),
                     NIO_ACCESS_DENIED);
    assert_int_equal(nio_lookup(0, FAKE_ETH0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_OK);
}

/* A back end that answers for another index than the one asked is refused,
 * whether the key was an index or a LUID. */
static void test_lookup_wrong_answer(void **state)
{
    (void)state;
    struct nio_iface ifc;
    fake_os_redirect(FAKE_ETH1, FAKE_ETH0);
    assert_int_equal(nio_lookup(0, FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_NOT_FOUND);
    assert_int_equal(nio_lookup(LUID(TYPE_ETHER, FAKE_ETH1), 0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc),
                     NIO_NOT_FOUND);
    assert_int_equal(nio_lookup(0, FAKE_ETH1, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc),
                     NIO_FILE_NOT_FOUND);
    assert_int_equal(fake_os_calls(FAKE_GET), 3);
    /* The other interfaces are unaffected. */
    assert_int_equal(nio_lookup(0, FAKE_ETH0, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH0);
    fake_os_redirect(FAKE_ETH1, 0);
    assert_int_equal(nio_lookup(0, FAKE_ETH1, NIO_WANT_V4, NIO_NOT_FOUND, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH1);
}

/* ---------------------------------------------------- nio_lookup_ifrow */
static void test_ifrow_rules(void **state)
{
    (void)state;
    struct nio_ifrow r;
    /* LUID. */
    assert_int_equal(nio_lookup_ifrow(LUID(TYPE_PROPVIRTUAL, FAKE_WG0), 0, 0, NIO_NO_INTERFACE, &r),
                     NIO_OK);
    assert_int_equal(r.ifc.index, FAKE_WG0);
    assert_int_equal(fake_os_calls(FAKE_IFROW_GET), 1);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    /* Index when the LUID is zero; the flags go through. */
    assert_int_equal(nio_lookup_ifrow(0, FAKE_ETH0, NIO_IFROW_COUNTERS, NIO_NO_INTERFACE, &r),
                     NIO_OK);
    assert_int_equal(r.ifc.index, FAKE_ETH0);
    assert_int_equal(fake_os_last_want(FAKE_IFROW_GET), NIO_IFROW_COUNTERS);
    /* The LUID wins over a valid index. */
    assert_int_equal(nio_lookup_ifrow(LUID(TYPE_ETHER, 99), FAKE_ETH0, 0, NIO_NO_INTERFACE, &r),
                     NIO_NO_INTERFACE);
    /* A LUID of the right index and the wrong type. */
    assert_int_equal(nio_lookup_ifrow(LUID(TYPE_ETHER, FAKE_LO), 0, 0, NIO_NOT_FOUND, &r),
                     NIO_NOT_FOUND);
    /* An unknown index; not_found passed through. */
    assert_int_equal(nio_lookup_ifrow(0, 99, 0, NIO_FILE_NOT_FOUND, &r), NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_lookup_ifrow(0, 99, 0, NIO_NO_INTERFACE, &r), NIO_NO_INTERFACE);
    /* Other failures keep their outcome. */
    fake_os_fail_next(FAKE_IFROW_GET, -ENOMEM);
    assert_int_equal(nio_lookup_ifrow(0, FAKE_ETH0, 0, NIO_NO_INTERFACE, &r), NIO_NO_MEMORY);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
}

static void test_ifrow_both_zero(void **state)
{
    (void)state;
    struct nio_ifrow r;
    assert_int_equal(nio_lookup_ifrow(0, 0, 0, NIO_NO_INTERFACE, &r), NIO_NO_INTERFACE);
    assert_int_equal(nio_lookup_ifrow((uint64_t)TYPE_ETHER << 48, 0, 0, NIO_NOT_FOUND, &r),
                     NIO_NOT_FOUND);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_ifrow_index_reused(void **state)
{
    (void)state;
    struct nio_ifrow r;
    uint64_t old = LUID(TYPE_ETHER, FAKE_ETH0);
    assert_int_equal(nio_lookup_ifrow(old, 0, 0, NIO_NO_INTERFACE, &r), NIO_OK);
    assert_true(fake_os_remove(FAKE_ETH0));
    assert_non_null(fake_os_add(FAKE_ETH0, TYPE_TUNNEL, "tun0"));
    assert_int_equal(nio_lookup_ifrow(old, 0, 0, NIO_NO_INTERFACE, &r), NIO_NO_INTERFACE);
    assert_int_equal(nio_lookup_ifrow(0, FAKE_ETH0, 0, NIO_NO_INTERFACE, &r), NIO_OK);
    assert_int_equal(r.ifc.iftype, TYPE_TUNNEL);
}

/* --------------------------------------------------- nio_row_key_check */
static void test_key_check_null(void **state)
{
    (void)state;
    int slot = 1234;
    assert_int_equal(nio_row_key_check(NULL, &slot), NIO_INVALID_PARAMETER);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_key_check_family(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    int slot = 1234;
    ADDRESS_FAMILY bad[] = {AF_UNSPEC, 1, 3, AF_INET6 + 1, 0xFFFF};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        key_row(&row, bad[i], LUID(TYPE_ETHER, FAKE_ETH1), FAKE_ETH1);
        assert_int_equal(nio_row_key_check(&row, &slot), NIO_INVALID_PARAMETER);
    }
    key_row(&row, AF_INET, 0, FAKE_ETH1);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_OK);
    assert_int_equal(slot, NIO_V4);
    key_row(&row, AF_INET6, LUID(TYPE_ETHER, FAKE_ETH1), 0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_OK);
    assert_int_equal(slot, NIO_V6);
    /* The check does not look the interface up. */
    key_row(&row, AF_INET6, LUID(TYPE_ETHER, 99), 99);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_OK);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_key_check_zero_keys(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    int slot;
    key_row(&row, AF_INET, 0, 0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_INVALID_PARAMETER);
    key_row(&row, AF_INET6, 0, 0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_INVALID_PARAMETER);
    /* A bad family is refused before the keys are looked at. */
    key_row(&row, AF_UNSPEC, 0, 0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_INVALID_PARAMETER);
    assert_int_equal(fake_os_total_calls(), 0);
}

/* ------------------------------------------------------ nio_row_lookup */
static void test_row_lookup(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    struct nio_iface ifc;
    int slot;
    key_row(&row, AF_INET6, LUID(TYPE_ETHER, FAKE_ETH1), 0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_OK);
    assert_int_equal(nio_row_lookup(&row, slot, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH1);
    assert_true(ifc.fam[NIO_V6].present);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_V6);
    key_row(&row, AF_INET, 0, FAKE_ETH0);
    assert_int_equal(nio_row_key_check(&row, &slot), NIO_OK);
    assert_int_equal(nio_row_lookup(&row, slot, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH0);
    assert_int_equal(fake_os_last_want(FAKE_GET), NIO_WANT_V4);
}

/* The interface exists but the family is not bound on it. */
static void test_row_lookup_family_unbound(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    struct nio_iface ifc;
    /* eth0 is IPv4 only, wg0 IPv6 only. */
    key_row(&row, AF_INET6, 0, FAKE_ETH0);
    assert_int_equal(nio_row_lookup(&row, NIO_V6, &ifc), NIO_NOT_FOUND);
    key_row(&row, AF_INET6, LUID(TYPE_ETHER, FAKE_ETH0), 0);
    assert_int_equal(nio_row_lookup(&row, NIO_V6, &ifc), NIO_NOT_FOUND);
    key_row(&row, AF_INET, LUID(TYPE_PROPVIRTUAL, FAKE_WG0), 0);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NOT_FOUND);
    key_row(&row, AF_INET6, LUID(TYPE_PROPVIRTUAL, FAKE_WG0), 0);
    assert_int_equal(nio_row_lookup(&row, NIO_V6, &ifc), NIO_OK);
    assert_int_equal(fake_os_calls(FAKE_GET), 4);
}

/* Row lookups follow the key rules, and always say NOT_FOUND. */
static void test_row_lookup_rules(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    struct nio_iface ifc;
    key_row(&row, AF_INET, LUID(TYPE_ETHER, 99), FAKE_ETH0);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NOT_FOUND);
    key_row(&row, AF_INET, LUID(TYPE_LOOP, FAKE_ETH0), 0);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NOT_FOUND);
    key_row(&row, AF_INET, 0, 99);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NOT_FOUND);
    fake_os_redirect(FAKE_ETH1, FAKE_ETH0);
    key_row(&row, AF_INET, 0, FAKE_ETH1);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NOT_FOUND);
    fake_os_redirect(FAKE_ETH1, 0);
    fake_os_fail_next(FAKE_GET, -ENOMEM);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_NO_MEMORY);
    assert_int_equal(nio_row_lookup(&row, NIO_V4, &ifc), NIO_OK);
    assert_int_equal(ifc.index, FAKE_ETH1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_os_setup, fake_os_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_family_slot),
        T(test_family_of_slot),
        T(test_iface_luid),
        T(test_lookup_luid),
        T(test_lookup_luid_wins),
        T(test_lookup_luid_wrong_type),
        T(test_lookup_index_reused),
        T(test_lookup_index),
        T(test_lookup_both_zero),
        T(test_lookup_not_found_passed),
        T(test_lookup_os_errors),
        T(test_lookup_wrong_answer),
        T(test_ifrow_rules),
        T(test_ifrow_both_zero),
        T(test_ifrow_index_reused),
        T(test_key_check_null),
        T(test_key_check_family),
        T(test_key_check_zero_keys),
        T(test_row_lookup),
        T(test_row_lookup_family_unbound),
        T(test_row_lookup_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
