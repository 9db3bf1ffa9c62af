/* test-attr.c - the attribute walker every Linux parser uses
 * (src/linux/attr.c, nio_linux_attrs) against libmnl itself: the same
 * attributes picked and the same verdict, for runs of attributes built at
 * random (lengths that fit and lengths that do not, every length near
 * each fixed-size type, strings with and without their NUL, flag bits in
 * the type) and for every libmnl data type as the wanted one. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>

#include "linux.h"

#define MAXTYPE 12

/* What libmnl says: its own walk and mnl_attr_validate. */
static int reference(const void *payload, size_t len, const struct nlattr **tb,
                     const enum mnl_attr_data_type *types)
{
    const struct nlattr *attr;
    memset(tb, 0, sizeof(*tb) * (MAXTYPE + 1));
    mnl_attr_for_each_payload(payload, len) {
        uint16_t type = mnl_attr_get_type(attr);
        if (type > MAXTYPE || types[type] == MNL_TYPE_UNSPEC)
            continue;
        if (mnl_attr_validate(attr, types[type]) < 0)
            return -EPROTO;
        tb[type] = attr;
    }
    return 0;
}

/* A small deterministic generator: the same runs on every machine. */
static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* A run of attributes of types 0..MAXTYPE+2 (some with the nested or
 * byte-order bit), payload lengths 0..12 mostly, a last one that may claim
 * more than is there, and some bytes left over. */
static size_t build_run(uint8_t *buf, size_t room, uint32_t *s)
{
    size_t at = 0, count = next_rand(s) % 6;
    for (size_t i = 0; i < count && at + 4 <= room; i++) {
        struct nlattr a;
        size_t plen = next_rand(s) % 13;
        if (next_rand(s) % 8 == 0)
            plen = next_rand(s) % 40;
        a.nla_type = (uint16_t)(next_rand(s) % (MAXTYPE + 3));
        if (next_rand(s) % 10 == 0)
            a.nla_type |= next_rand(s) % 2 ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
        a.nla_len = (uint16_t)(MNL_ATTR_HDRLEN + plen);
        if (next_rand(s) % 12 == 0)
            a.nla_len = (uint16_t)(next_rand(s) % 8); /* shorter than a header */
        memcpy(buf + at, &a, sizeof(a));
        for (size_t b = 0; b < plen && at + 4 + b < room; b++)
            buf[at + 4 + b] = next_rand(s) % 3 == 0 ? 0 : (uint8_t)next_rand(s);
        at += MNL_ALIGN(MNL_ATTR_HDRLEN + plen);
    }
    if (at > room)
        at = room;
    /* Cut anywhere: the last attribute may then not fit what is left. */
    if (at > 0 && next_rand(s) % 4 == 0)
        at -= next_rand(s) % (at + 1);
    return at;
}

static void same(const void *buf, size_t len, const enum mnl_attr_data_type *types)
{
    const struct nlattr *ours[MAXTYPE + 1], *theirs[MAXTYPE + 1];
    int a = nio_linux_attrs(buf, len, ours, MAXTYPE, types);
    int b = reference(buf, len, theirs, types);
    assert_int_equal(a, b);
    if (a == 0)
        assert_memory_equal(ours, theirs, sizeof(ours));
}

static void test_random_runs(void **state)
{
    uint32_t s = 20261203u;
    _Alignas(4) uint8_t buf[256];
    (void)state;
    for (int i = 0; i < 200000; i++) {
        enum mnl_attr_data_type types[MAXTYPE + 1];
        size_t len;
        memset(buf, 0, sizeof(buf));
        len = build_run(buf, sizeof(buf), &s);
        for (int t = 0; t <= MAXTYPE; t++)
            types[t] = (enum mnl_attr_data_type)(next_rand(&s) % MNL_TYPE_MAX);
        same(buf, len, types);
    }
}

/* Each data type wanted alone, at every payload length around its size. */
static void test_each_type_each_length(void **state)
{
    (void)state;
    for (int dt = MNL_TYPE_UNSPEC; dt < MNL_TYPE_MAX; dt++) {
        for (size_t plen = 0; plen <= 20; plen++) {
            for (int last = 0; last < 2; last++) {
                _Alignas(4) uint8_t buf[64];
                enum mnl_attr_data_type types[MAXTYPE + 1] = {[3] = (enum mnl_attr_data_type)dt};
                struct nlattr a = {.nla_len = (uint16_t)(MNL_ATTR_HDRLEN + plen), .nla_type = 3};
                memset(buf, 'x', sizeof(buf));
                if (last)
                    buf[MNL_ATTR_HDRLEN + plen - (plen ? 1 : 0)] = 0; /* a NUL at the end */
                memcpy(buf, &a, sizeof(a));
                same(buf, MNL_ALIGN(MNL_ATTR_HDRLEN + plen), types);
                same(buf, MNL_ATTR_HDRLEN + plen, types); /* no padding after it */
            }
        }
    }
}

/* The last attribute of a type wins; an unwanted one is never validated. */
static void test_last_wins_unwanted_skipped(void **state)
{
    _Alignas(4) uint8_t buf[64] = {0};
    enum mnl_attr_data_type types[MAXTYPE + 1] = {[1] = MNL_TYPE_U32};
    const struct nlattr *tb[MAXTYPE + 1];
    struct nlattr a = {.nla_len = 8, .nla_type = 1}, bad = {.nla_len = 5, .nla_type = 2};
    (void)state;
    memcpy(buf, &a, 4);
    memcpy(buf + 8, &bad, 4);  /* type 2, a u8-sized payload, not wanted */
    memcpy(buf + 16, &a, 4);
    assert_int_equal(nio_linux_attrs(buf, 24, tb, MAXTYPE, types), 0);
    assert_ptr_equal(tb[1], (const struct nlattr *)(void *)(buf + 16));
    assert_null(tb[2]);
    same(buf, 24, types);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_runs),
        cmocka_unit_test(test_each_type_each_length),
        cmocka_unit_test(test_last_wins_unwanted_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
