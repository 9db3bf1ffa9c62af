/* test-status.c - status.c: every outcome's Win32 code, NTSTATUS and name,
 * and the translation of back-end errno values.  Expected codes are written
 * as numbers, not as the header's macros, so that a wrong macro fails too. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"

struct expected {
    nio_status status;
    uint32_t win32;
    uint32_t nt;
    const char *name;
};

/* One line per outcome, in enum order. */
static const struct expected table[] = {
    {NIO_OK, 0, 0x00000000u, "NO_ERROR"},
    {NIO_INVALID_PARAMETER, 87, 0xC000000Du, "ERROR_INVALID_PARAMETER"},
    {NIO_NOT_FOUND, 1168, 0xC0000225u, "ERROR_NOT_FOUND"},
    {NIO_FILE_NOT_FOUND, 2, 0xC0000034u, "ERROR_FILE_NOT_FOUND"},
    {NIO_NO_MEMORY, 8, 0xC0000017u, "ERROR_NOT_ENOUGH_MEMORY"},
    /* Windows answers 8 for a small name buffer; NTSTATUS tells it apart. */
    {NIO_BUFFER_TOO_SMALL, 8, 0xC0000023u, "ERROR_NOT_ENOUGH_MEMORY"},
    {NIO_INVALID_NAME, 123, 0xC0000033u, "ERROR_INVALID_NAME"},
    {NIO_ACCESS_DENIED, 5, 0xC0000022u, "ERROR_ACCESS_DENIED"},
    {NIO_NOT_SUPPORTED, 50, 0xC00000BBu, "ERROR_NOT_SUPPORTED"},
    {NIO_NETWORK_UNREACHABLE, 1231, 0xC000023Cu, "ERROR_NETWORK_UNREACHABLE"},
    {NIO_RETRY, 1237, 0xC000022Du, "ERROR_RETRY"},
    {NIO_GEN_FAILURE, 31, 0xC0000001u, "ERROR_GEN_FAILURE"},
    /* GetIfEntry2/GetBestRoute2, unknown interface: user mode 2, kernel NOT_FOUND. */
    {NIO_NO_INTERFACE, 2, 0xC0000225u, "ERROR_FILE_NOT_FOUND"},
    /* Create of a row that exists. */
    {NIO_ALREADY_EXISTS, 5010, 0xC000022Au, "ERROR_OBJECT_ALREADY_EXISTS"},
    {NIO_BAD_NET_NAME, 67, 0xC00000CCu, "ERROR_BAD_NET_NAME"},
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

/* A new outcome must be added to the table above (and to status.c). */
_Static_assert(NTABLE == NIO_STATUS_COUNT, "every nio_status has an expected line");

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

static void test_table_in_enum_order(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        assert_int_equal(table[i].status, i);
}

static void test_win32_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        assert_int_equal(nio_status_win32(table[i].status), table[i].win32);
}

static void test_nt_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        assert_int_equal((uint32_t)nio_status_nt(table[i].status), table[i].nt);
}

static void test_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++) {
        assert_non_null(nio_status_name(table[i].status));
        assert_string_equal(nio_status_name(table[i].status), table[i].name);
    }
}

/* Only NIO_OK is a success, in both flavours. */
static void test_only_ok_succeeds(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++) {
        bool ok = table[i].status == NIO_OK;
        assert_int_equal(nio_status_win32(table[i].status) == 0, ok);
        assert_int_equal(NT_SUCCESS(nio_status_nt(table[i].status)), ok);
    }
}

/* Whether two outcomes share a code in one flavour because Windows does:
 * in Win32, NO_MEMORY and BUFFER_TOO_SMALL (8), FILE_NOT_FOUND and
 * NO_INTERFACE (2); in NTSTATUS, NOT_FOUND and NO_INTERFACE. */
static bool shared_pair(nio_status a, nio_status b, nio_status x, nio_status y)
{
    return (a == x && b == y) || (a == y && b == x);
}

/* Distinct failures stay distinct, but for the pairs Windows itself
 * merges (above). */
static void test_codes_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        for (size_t j = i + 1; j < NTABLE; j++) {
            nio_status a = table[i].status, b = table[j].status;
            bool shared = shared_pair(a, b, NIO_NO_MEMORY, NIO_BUFFER_TOO_SMALL) ||
                          shared_pair(a, b, NIO_FILE_NOT_FOUND, NIO_NO_INTERFACE);
            if (!shared_pair(a, b, NIO_NOT_FOUND, NIO_NO_INTERFACE))
                assert_int_not_equal((uint32_t)nio_status_nt(a), (uint32_t)nio_status_nt(b));
            if (!shared)
                assert_int_not_equal(nio_status_win32(table[i].status),
                                     nio_status_win32(table[j].status));
        }
}

/* An out-of-range value is a general failure, never a success or a crash. */
static void test_out_of_range(void **state)
{
    (void)state;
    nio_status bad[] = {NIO_STATUS_COUNT, (nio_status)(NIO_STATUS_COUNT + 7), (nio_status)-1};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(nio_status_win32(bad[i]), 31);
        assert_int_equal((uint32_t)nio_status_nt(bad[i]), 0xC0000001u);
        assert_string_equal(nio_status_name(bad[i]), "ERROR_GEN_FAILURE");
    }
}

static void test_errno_zero_is_ok(void **state)
{
    (void)state;
    assert_int_equal(nio_status_from_errno(0, NIO_NOT_FOUND), NIO_OK);
    assert_int_equal(nio_status_from_errno(0, NIO_FILE_NOT_FOUND), NIO_OK);
}

/* "No such interface" becomes whatever the caller reports for it. */
static void test_errno_gone_is_callers_not_found(void **state)
{
    (void)state;
    int gone[] = {ENODEV, ENOENT, ENXIO};
    for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
        assert_int_equal(nio_status_from_errno(-gone[i], NIO_NOT_FOUND), NIO_NOT_FOUND);
        assert_int_equal(nio_status_from_errno(-gone[i], NIO_FILE_NOT_FOUND),
                         NIO_FILE_NOT_FOUND);
        assert_int_equal(nio_status_from_errno(-gone[i], NIO_INVALID_PARAMETER),
                         NIO_INVALID_PARAMETER);
    }
}

static void test_errno_table(void **state)
{
    (void)state;
    static const struct {
        int err;
        nio_status want;
    } cases[] = {
        {ENOMEM, NIO_NO_MEMORY},         {ENOBUFS, NIO_NO_MEMORY},
        {EPERM, NIO_ACCESS_DENIED},      {EACCES, NIO_ACCESS_DENIED},
        {EOPNOTSUPP, NIO_NOT_SUPPORTED}, {EINVAL, NIO_INVALID_PARAMETER},
        {ERANGE, NIO_INVALID_PARAMETER}, {ENETUNREACH, NIO_NETWORK_UNREACHABLE},
        {EHOSTUNREACH, NIO_NETWORK_UNREACHABLE}, {EAGAIN, NIO_RETRY},
        {EINTR, NIO_RETRY},              {EIO, NIO_GEN_FAILURE},
        {EPROTO, NIO_GEN_FAILURE},       {EBADMSG, NIO_GEN_FAILURE},
        {ESRCH, NIO_GEN_FAILURE},        {EMSGSIZE, NIO_GEN_FAILURE},
        {EEXIST, NIO_ALREADY_EXISTS},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        nio_status got = nio_status_from_errno(-cases[i].err, NIO_NOT_FOUND);
        if (got != cases[i].want)
            fail_msg("-%s: got %s, want %s", strerror(cases[i].err), nio_status_name(got),
                     nio_status_name(cases[i].want));
    }
}

/* The reason ported programs care: a vanished interface under Get is 1168,
 * under a conversion 2; a torn dump is ERROR_RETRY. */
static void test_errno_to_win32_end_to_end(void **state)
{
    (void)state;
    assert_int_equal(nio_status_win32(nio_status_from_errno(-ENODEV, NIO_NOT_FOUND)), 1168);
    assert_int_equal(nio_status_win32(nio_status_from_errno(-ENODEV, NIO_FILE_NOT_FOUND)), 2);
    assert_int_equal(nio_status_win32(nio_status_from_errno(-EAGAIN, NIO_NOT_FOUND)), 1237);
    assert_int_equal((uint32_t)nio_status_nt(nio_status_from_errno(-EAGAIN, NIO_NOT_FOUND)),
                     0xC000022Du);
}

/* The Windows back end reads iphlpapi's codes back through the same table. */
static void test_from_win32(void **state)
{
    (void)state;
    assert_int_equal(nio_status_from_win32(NO_ERROR), NIO_OK);
    assert_int_equal(nio_status_from_win32(ERROR_INVALID_PARAMETER), NIO_INVALID_PARAMETER);
    assert_int_equal(nio_status_from_win32(ERROR_NOT_FOUND), NIO_NOT_FOUND);
    assert_int_equal(nio_status_from_win32(ERROR_FILE_NOT_FOUND), NIO_FILE_NOT_FOUND);
    assert_int_equal(nio_status_from_win32(ERROR_NOT_ENOUGH_MEMORY), NIO_NO_MEMORY);
    assert_int_equal(nio_status_from_win32(ERROR_INVALID_NAME), NIO_INVALID_NAME);
    assert_int_equal(nio_status_from_win32(ERROR_ACCESS_DENIED), NIO_ACCESS_DENIED);
    assert_int_equal(nio_status_from_win32(ERROR_NOT_SUPPORTED), NIO_NOT_SUPPORTED);
    assert_int_equal(nio_status_from_win32(ERROR_NETWORK_UNREACHABLE), NIO_NETWORK_UNREACHABLE);
    assert_int_equal(nio_status_from_win32(ERROR_RETRY), NIO_RETRY);
    assert_int_equal(nio_status_from_win32(12345), NIO_GEN_FAILURE);
}

/* iphlpapi's codes as NTSTATUS, by kind of function (nio_status_nt_of_win32,
 * what src/win32/twins.c answers with).  Codes as numbers. */
static void test_nt_of_win32(void **state)
{
    (void)state;
    static const struct {
        uint32_t win32;
        enum nio_win_kind kind;
        uint32_t nt;
    } cases[] = {
        /* The plain reading: the table's first outcome for the code. */
        {0, NIO_WIN_PLAIN, 0x00000000u},
        {87, NIO_WIN_PLAIN, 0xC000000Du},
        {1168, NIO_WIN_PLAIN, 0xC0000225u},
        {2, NIO_WIN_PLAIN, 0xC0000034u},   /* conversions: no such interface */
        {8, NIO_WIN_PLAIN, 0xC0000017u},   /* out of memory */
        {122, NIO_WIN_PLAIN, 0xC0000001u}, /* not a code the table holds */
        {123, NIO_WIN_PLAIN, 0xC0000033u},
        {5, NIO_WIN_PLAIN, 0xC0000022u},
        {50, NIO_WIN_PLAIN, 0xC00000BBu},
        {1231, NIO_WIN_PLAIN, 0xC000023Cu},
        {1237, NIO_WIN_PLAIN, 0xC000022Du},
        {31, NIO_WIN_PLAIN, 0xC0000001u},
        {12345, NIO_WIN_PLAIN, 0xC0000001u},
        /* String writers: 8 (Windows) and 122 (Wine 8) are a small buffer. */
        {8, NIO_WIN_STRING, 0xC0000023u},
        {122, NIO_WIN_STRING, 0xC0000023u},
        {0, NIO_WIN_STRING, 0x00000000u},
        {2, NIO_WIN_STRING, 0xC0000034u},
        {87, NIO_WIN_STRING, 0xC000000Du},
        {1168, NIO_WIN_STRING, 0xC0000225u},
        /* MIB_IF_ROW2 and routes: 2 is no such interface, STATUS_NOT_FOUND. */
        {2, NIO_WIN_IFROW, 0xC0000225u},
        {0, NIO_WIN_IFROW, 0x00000000u},
        {8, NIO_WIN_IFROW, 0xC0000017u},
        {122, NIO_WIN_IFROW, 0xC0000001u},
        {87, NIO_WIN_IFROW, 0xC000000Du},
        {1168, NIO_WIN_IFROW, 0xC0000225u},
        {1231, NIO_WIN_IFROW, 0xC000023Cu},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t got = (uint32_t)nio_status_nt_of_win32(cases[i].win32, cases[i].kind);
        if (got != cases[i].nt)
            fail_msg("Win32 %u, kind %d: got 0x%08X, want 0x%08X", (unsigned)cases[i].win32,
                     (int)cases[i].kind, (unsigned)got, (unsigned)cases[i].nt);
    }
}

/* The kinds agree with the core's own outcomes: a string writer's small
 * buffer is NIO_BUFFER_TOO_SMALL's NTSTATUS, an unknown interface of
 * MIB_IF_ROW2 NIO_NO_INTERFACE's. */
static void test_nt_of_win32_matches_core(void **state)
{
    (void)state;
    assert_int_equal((uint32_t)nio_status_nt_of_win32(nio_status_win32(NIO_BUFFER_TOO_SMALL),
                                                      NIO_WIN_STRING),
                     (uint32_t)nio_status_nt(NIO_BUFFER_TOO_SMALL));
    assert_int_equal((uint32_t)nio_status_nt_of_win32(nio_status_win32(NIO_NO_INTERFACE),
                                                      NIO_WIN_IFROW),
                     (uint32_t)nio_status_nt(NIO_NO_INTERFACE));
    assert_int_equal((uint32_t)nio_status_nt_of_win32(nio_status_win32(NIO_FILE_NOT_FOUND),
                                                      NIO_WIN_PLAIN),
                     (uint32_t)nio_status_nt(NIO_FILE_NOT_FOUND));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table_in_enum_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_win32_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nt_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_ok_succeeds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codes_distinct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errno_zero_is_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errno_gone_is_callers_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errno_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errno_to_win32_end_to_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_win32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nt_of_win32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nt_of_win32_matches_core, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
