/* test-keyset.c - the (id, key) pair set of src/keyset.h against a plain
 * reference model: adding a pair twice and removing an absent one change
 * nothing, "may have" is exact for every key after any run of adds and
 * removes (a false "no" would let a Create skip the lookup of a route that
 * exists), and a failed allocation leaves the set as it was. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keyset.h"

/* xorshift64: the same pairs on every run. */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* The model: pairs in plain arrays, each key one of a pool of random
 * 32-bit values (as route keys are hashes), a key's presence by counting. */
struct model {
    uint64_t *id;
    uint32_t *kidx; /* the pair's key: an index into pool */
    bool *in;
    size_t n;
    uint32_t *pool;
    size_t keys;
};

/* How many pairs of the model have each key of the pool. */
static size_t *model_counts(const struct model *m)
{
    size_t *c = calloc(m->keys, sizeof(*c));
    assert_non_null(c);
    for (size_t i = 0; i < m->n; i++)
        if (m->in[i])
            c[m->kidx[i]]++;
    return c;
}

static void test_empty(void **state)
{
    (void)state;
    struct nio_keyset s;
    memset(&s, 0, sizeof(s));
    assert_false(nio_keyset_may_have(&s, 0));
    assert_false(nio_keyset_may_have(&s, 0xFFFFFFFFu));
    nio_keyset_remove(&s, 1, 2); /* a zeroed set: nothing to remove */
    assert_int_equal(s.n, 0);
    nio_keyset_clear(&s);
    nio_keyset_clear(&s); /* twice is harmless */
    assert_int_equal(s.cap, 0);
}

static void test_idempotent(void **state)
{
    (void)state;
    struct nio_keyset s;
    memset(&s, 0, sizeof(s));
    assert_int_equal(nio_keyset_add(&s, 10, 7), 0);
    assert_int_equal(nio_keyset_add(&s, 10, 7), 0);
    assert_int_equal(s.n, 1);
    /* Two objects with one key: the key stays until both are gone. */
    assert_int_equal(nio_keyset_add(&s, 11, 7), 0);
    assert_int_equal(s.n, 2);
    nio_keyset_remove(&s, 10, 7);
    assert_true(nio_keyset_may_have(&s, 7));
    nio_keyset_remove(&s, 10, 7); /* again: the count must not drop twice */
    assert_true(nio_keyset_may_have(&s, 7));
    assert_int_equal(s.n, 1);
    /* A pair is the (id, key) couple: the same id with another key is another. */
    nio_keyset_remove(&s, 11, 8);
    assert_true(nio_keyset_may_have(&s, 7));
    assert_false(nio_keyset_may_have(&s, 8));
    nio_keyset_remove(&s, 11, 7);
    assert_false(nio_keyset_may_have(&s, 7));
    assert_int_equal(s.n, 0);
    /* A removal read before the add of the same pair (a listing that
     * still held a route its deletion message had already removed) leaves
     * the pair in: a superset, never a set that misses a route. */
    nio_keyset_remove(&s, 12, 9);
    assert_int_equal(nio_keyset_add(&s, 12, 9), 0);
    assert_true(nio_keyset_may_have(&s, 9));
    nio_keyset_clear(&s);
}

/* Many pairs, keys drawn from a small range so that keys collide and
 * counts climb, ids from a wide one; half removed in a shuffled order,
 * with repeats of both operations; every key of the range checked. */
static void test_against_model(void **state)
{
    (void)state;
    enum { N = 50000, KEYS = 20000 };
    struct model m = {calloc(N, sizeof(uint64_t)), calloc(N, sizeof(uint32_t)),
                      calloc(N, sizeof(bool)), N, calloc(KEYS, sizeof(uint32_t)), KEYS};
    struct nio_keyset s;
    memset(&s, 0, sizeof(s));
    assert_non_null(m.id);
    assert_non_null(m.kidx);
    assert_non_null(m.in);
    assert_non_null(m.pool);
    for (size_t k = 0; k < KEYS; k++) /* distinct, so counts are per pool entry */
        for (bool dup = true; dup;) {
            m.pool[k] = (uint32_t)rng();
            dup = false;
            for (size_t j = 0; j < k && !dup; j++)
                dup = m.pool[j] == m.pool[k];
        }
    for (size_t i = 0; i < N; i++) {
        m.id[i] = rng();
        m.kidx[i] = (uint32_t)(rng() % KEYS);
        /* Neighbouring ids, as a route table's hashes are not: the probing
         * must still work when homes crowd. */
        if (i % 3 == 0)
            m.id[i] = i;
        assert_int_equal(nio_keyset_add(&s, m.id[i], m.pool[m.kidx[i]]), 0);
        m.in[i] = true;
        if (i % 7 == 0)
            assert_int_equal(nio_keyset_add(&s, m.id[i], m.pool[m.kidx[i]]), 0);
    }
    assert_int_equal(s.n, N);
    assert_true(s.cap >= 2 * s.n);
    for (size_t k = 0; k < N; k++) {
        size_t i = (size_t)(rng() % N);
        if (!m.in[i] && k % 2 == 0)
            continue;
        nio_keyset_remove(&s, m.id[i], m.pool[m.kidx[i]]);
        m.in[i] = false;
    }
    size_t in = 0;
    for (size_t i = 0; i < N; i++)
        in += m.in[i];
    assert_int_equal(s.n, in);
    size_t have = 0, *count = model_counts(&m);
    for (size_t k = 0; k < KEYS; k++) {
        bool want = count[k] != 0;
        assert_int_equal(nio_keyset_may_have(&s, m.pool[k]), want);
        have += want;
    }
    free(count);
    assert_true(have > 0 && have < KEYS); /* the run did test both answers */
    /* Everything out: every key absent, the set empty. */
    for (size_t i = 0; i < N; i++)
        nio_keyset_remove(&s, m.id[i], m.pool[m.kidx[i]]);
    assert_int_equal(s.n, 0);
    for (size_t k = 0; k < KEYS; k++)
        assert_false(nio_keyset_may_have(&s, m.pool[k]));
    nio_keyset_clear(&s);
    free(m.id);
    free(m.kidx);
    free(m.in);
    free(m.pool);
}

static int allow;
static bool counted_alloc(size_t size)
{
    (void)size;
    return allow-- > 0;
}

/* Growth that cannot allocate: -ENOMEM, and the set as it was (same pairs,
 * same answers), for a failure of either of the two arrays. */
static void test_enomem(void **state)
{
    (void)state;
    struct nio_keyset s;
    memset(&s, 0, sizeof(s));
    size_t n;
    for (n = 0; (n + 1) * 2 <= 64; n++) /* the first table full to its limit */
        assert_int_equal(nio_keyset_add(&s, 1000 + n, (uint32_t)n), 0);
    size_t cap = s.cap;
    for (int budget = 0; budget < 2; budget++) {
        allow = budget;
        nio_alloc_set_hook(counted_alloc);
        assert_int_equal(nio_keyset_add(&s, 5000, 77), -ENOMEM);
        nio_alloc_set_hook(NULL);
        assert_int_equal(s.cap, cap);
        assert_int_equal(s.n, n);
        assert_false(nio_keyset_may_have(&s, 77));
        for (size_t i = 0; i < n; i++)
            assert_true(nio_keyset_may_have(&s, (uint32_t)i));
    }
    /* A pair that is there needs no room: adding it again succeeds even
     * when nothing can be allocated. */
    allow = 0;
    nio_alloc_set_hook(counted_alloc);
    assert_int_equal(nio_keyset_add(&s, 1000, 0), 0);
    nio_alloc_set_hook(NULL);
    assert_int_equal(nio_keyset_add(&s, 5000, 77), 0);
    assert_true(s.cap > cap);
    assert_true(nio_keyset_may_have(&s, 77));
    nio_keyset_clear(&s);
}

/* A set's own limit: the pair that would need more room than the limit
 * allows is -ENOMEM, the set as it was; a cleared set keeps the limit. */
static void test_limit(void **state)
{
    (void)state;
    struct nio_keyset s;
    memset(&s, 0, sizeof(s));
    s.limit = 40;
    size_t n;
    int err = 0;
    for (n = 0; n < 200 && (err = nio_keyset_add(&s, 7000 + n, (uint32_t)n)) == 0; n++)
        ;
    assert_int_equal(err, -ENOMEM);
    /* Room grows in steps (64 slots hold 32 pairs, 128 hold 64): the
     * refusal comes when growing past the limit would be needed. */
    assert_true(n >= 40 && n <= 64);
    assert_int_equal(s.n, n);
    assert_false(nio_keyset_may_have(&s, (uint32_t)n));
    for (size_t i = 0; i < n; i++)
        assert_true(nio_keyset_may_have(&s, (uint32_t)i));
    nio_keyset_clear(&s);
    assert_int_equal(s.limit, 40);
    s.limit = 0; /* NIO_KEYSET_MAX again */
    for (n = 0; n < 200; n++)
        assert_int_equal(nio_keyset_add(&s, 7000 + n, (uint32_t)n), 0);
    nio_keyset_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_enomem),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests_name("keyset", tests, NULL, NULL);
}
