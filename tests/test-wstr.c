/* test-wstr.c - wstr.c: UTF-16 <-> UTF-8, strict, exact-fit capacities and
 * nothing written on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"

#define POISON 0x7E

static char out8[64];
static WCHAR out16[64];

static int setup(void **state)
{
    (void)state;
    memset(out8, POISON, sizeof(out8));
    memset(out16, POISON, sizeof(out16));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return 0;
}

static size_t wlen(const WCHAR *w)
{
    size_t n = 0;
    while (w[n] != 0)
        n++;
    return n;
}

static void assert_untouched(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != POISON)
            fail_msg("byte %zu was written (%#x)", i, c[i]);
}

/* One pair both ways, each at exact fit and at one less. */
static void check_pair(const WCHAR *w, const char *u)
{
    size_t n8 = strlen(u), n16 = wlen(w);

    memset(out8, POISON, sizeof(out8));
    assert_int_equal(nio_utf16_to_utf8(w, out8, n8 + 1), n8);
    assert_memory_equal(out8, u, n8 + 1);
    assert_untouched(out8 + n8 + 1, sizeof(out8) - n8 - 1);
    memset(out8, POISON, sizeof(out8));
    assert_int_equal(nio_utf16_to_utf8(w, out8, n8), -1);
    assert_untouched(out8, sizeof(out8));

    memset(out16, POISON, sizeof(out16));
    assert_int_equal(nio_utf8_to_utf16(u, out16, n16 + 1), n16);
    assert_memory_equal(out16, w, (n16 + 1) * sizeof(WCHAR));
    assert_untouched(out16 + n16 + 1, sizeof(out16) - (n16 + 1) * sizeof(WCHAR));
    memset(out16, POISON, sizeof(out16));
    assert_int_equal(nio_utf8_to_utf16(u, out16, n16), -1);
    assert_untouched(out16, sizeof(out16));
}

static void test_ascii(void **state)
{
    (void)state;
    static const WCHAR w[] = {'e', 't', 'h', '0', 0};
    check_pair(w, "eth0");
}

static void test_empty(void **state)
{
    (void)state;
    static const WCHAR w[] = {0};
    assert_int_equal(nio_utf16_to_utf8(w, out8, 1), 0);
    assert_int_equal(out8[0], 0);
    assert_int_equal(nio_utf8_to_utf16("", out16, 1), 0);
    assert_int_equal(out16[0], 0);
    memset(out8, POISON, sizeof(out8));
    memset(out16, POISON, sizeof(out16));
    assert_int_equal(nio_utf16_to_utf8(w, out8, 0), -1);
    assert_int_equal(nio_utf8_to_utf16("", out16, 0), -1);
    assert_untouched(out8, sizeof(out8));
    assert_untouched(out16, sizeof(out16));
}

/* Two-byte (U+00E9), three-byte (U+20AC, U+FFFF) and the largest BMP
 * character below the surrogates (U+D7FF) and above them (U+E000). */
static void test_bmp(void **state)
{
    (void)state;
    static const WCHAR e_acute[] = {0x00E9, 0};
    static const WCHAR euro[] = {'x', 0x20AC, 'y', 0};
    static const WCHAR edges[] = {0x007F, 0x0080, 0x07FF, 0x0800, 0xD7FF, 0xE000, 0xFFFF, 0};
    check_pair(e_acute, "\xC3\xA9");
    check_pair(euro, "x\xE2\x82\xACy");
    check_pair(edges, "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF");
}

/* Surrogate pairs: U+10000, U+1F600, U+10FFFF. */
static void test_surrogate_pairs(void **state)
{
    (void)state;
    static const WCHAR first[] = {0xD800, 0xDC00, 0};
    static const WCHAR grin[] = {'a', 0xD83D, 0xDE00, 'b', 0};
    static const WCHAR last[] = {0xDBFF, 0xDFFF, 0};
    check_pair(first, "\xF0\x90\x80\x80");
    check_pair(grin, "a\xF0\x9F\x98\x80" "b");
    check_pair(last, "\xF4\x8F\xBF\xBF");
}

/* A pair is never split: the output has room for both units or neither. */
static void test_pair_not_split(void **state)
{
    (void)state;
    memset(out16, POISON, sizeof(out16));
    assert_int_equal(nio_utf8_to_utf16("\xF0\x9F\x98\x80", out16, 2), -1);
    assert_untouched(out16, sizeof(out16));
    assert_int_equal(nio_utf8_to_utf16("\xF0\x9F\x98\x80", out16, 3), 2);
}

static void check_bad16(const WCHAR *w)
{
    memset(out8, POISON, sizeof(out8));
    assert_int_equal(nio_utf16_to_utf8(w, out8, sizeof(out8)), -1);
    assert_untouched(out8, sizeof(out8));
}

static void test_unpaired_surrogates(void **state)
{
    (void)state;
    static const WCHAR high_end[] = {'a', 0xD83D, 0};
    static const WCHAR high_then_char[] = {0xD83D, 'A', 0};
    static const WCHAR high_high[] = {0xD83D, 0xD83D, 0xDE00, 0};
    static const WCHAR low_alone[] = {0xDE00, 0};
    static const WCHAR reversed[] = {0xDE00, 0xD83D, 0};
    static const WCHAR low_after_pair[] = {0xD83D, 0xDE00, 0xDE00, 0};
    static const WCHAR low_low[] = {0xDC00, 0xDC00, 0};
    check_bad16(high_end);
    check_bad16(high_then_char);
    check_bad16(high_high);
    check_bad16(low_alone);
    check_bad16(reversed);
    check_bad16(low_after_pair);
    check_bad16(low_low);
}

static void check_bad8(const char *u)
{
    memset(out16, POISON, sizeof(out16));
    assert_int_equal(nio_utf8_to_utf16(u, out16, sizeof(out16) / sizeof(out16[0])), -1);
    assert_untouched(out16, sizeof(out16));
}

static void test_overlong_utf8(void **state)
{
    (void)state;
    check_bad8("\xC0\x80");             /* NUL in two bytes */
    check_bad8("\xC0\xAF");             /* '/' in two bytes */
    check_bad8("\xC1\xBF");             /* U+007F in two bytes */
    check_bad8("\xE0\x80\xAF");         /* '/' in three bytes */
    check_bad8("\xE0\x9F\xBF");         /* U+07FF in three bytes */
    check_bad8("\xF0\x80\x80\xAF");     /* '/' in four bytes */
    check_bad8("\xF0\x8F\xBF\xBF");     /* U+FFFF in four bytes */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    check_bad8("\xED\xA0\x80");         /* U+D800, an encoded surrogate */
    check_bad8("\xED\xBF\xBF");         /* U+DFFF */
    check_bad8("\xED\xA0\xBD\xED\xB8\x80"); /* CESU-8 pair */
    check_bad8("\xF4\x90\x80\x80");     /* U+110000 */
    check_bad8("\xF5\x80\x80\x80");
    check_bad8("\xF8\x88\x80\x80\x80"); /* five-byte form */
    check_bad8("\xFC\x84\x80\x80\x80\x80");
    check_bad8("\xFE");
    check_bad8("\xFF");
    check_bad8("\x80");                 /* continuation alone */
    check_bad8("a\xBF" "b");
    check_bad8("\xC3");                 /* truncated at the end */
    check_bad8("\xE2\x82");
    check_bad8("\xF0\x9F\x98");
    check_bad8("\xC3(");                /* continuation missing */
    check_bad8("\xE2(\xAC");
    check_bad8("ok\xC3");
}

/* Long input: lengths count units, not characters. */
static void test_lengths(void **state)
{
    (void)state;
    static const WCHAR w[] = {0x00E9, 0x20AC, 0xD83D, 0xDE00, 0};
    assert_int_equal(nio_utf16_to_utf8(w, out8, sizeof(out8)), 2 + 3 + 4);
    assert_int_equal(nio_utf8_to_utf16(out8, out16, 64), 4);
    assert_memory_equal(out16, w, sizeof(w));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_ascii),
        T(test_empty),
        T(test_bmp),
        T(test_surrogate_pairs),
        T(test_pair_not_split),
        T(test_unpaired_surrogates),
        T(test_overlong_utf8),
        T(test_invalid_utf8),
        T(test_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
