/* keyset.c - the (id, key) pair set of keyset.h: two tables of linear
 * probing over power-of-two arrays, at most half full: the pairs, and each
 * key with the number of pairs that have it.  Removal shifts the run back
 * (no tombstones, so a long-lived set never needs a cleaning pass). */
#include <errno.h>
#include <string.h>

#include "keyset.h"

struct nio_kpair {
    uint64_t id;
    uint32_t key;
    uint32_t full;
};

struct nio_kcount {
    uint32_t key;
    uint32_t count;             /* 0: an empty slot */
};

#define NIO_KEYSET_MIN 64u

/* splitmix64's finaliser: ids and keys are hashes already, but of
 * neighbouring routes, so their low bits are mixed once more. */
static size_t nio_kp_home(uint64_t id, uint32_t key, size_t cap)
{
    uint64_t x = id ^ ((uint64_t)key * 0x9E3779B97F4A7C15ull);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return (size_t)(x ^ (x >> 31)) & (cap - 1);
}

static size_t nio_kp_find(const struct nio_keyset *s, uint64_t id, uint32_t key)
{
    size_t i = nio_kp_home(id, key, s->cap);
    while (s->v[i].full && (s->v[i].id != id || s->v[i].key != key))
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Whether slot j's entry, whose home is h, may move back to the hole at
 * i: h is not cyclically within (i, j]. */
static bool nio_may_fill(size_t i, size_t j, size_t h)
{
    return i <= j ? (h <= i || h > j) : (h <= i && h > j);
}

/* ----------------------------------------------------- the key counts */
static size_t nio_kc_home(uint32_t key, size_t cap)
{
    return (size_t)((key * 0x9E3779B1u) ^ (key >> 16)) & (cap - 1);
}

static size_t nio_kc_find(const struct nio_keyset *s, uint32_t key)
{
    size_t i = nio_kc_home(key, s->cap);
    while (s->count[i].count != 0 && s->count[i].key != key)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static void nio_kc_up(struct nio_keyset *s, uint32_t key)
{
    size_t i = nio_kc_find(s, key);
    s->count[i].key = key;
    s->count[i].count++;
}

static void nio_kc_down(struct nio_keyset *s, uint32_t key)
{
    size_t i = nio_kc_find(s, key), j;
    if (s->count[i].count == 0 || --s->count[i].count != 0)
        return;
    for (j = (i + 1) & (s->cap - 1); s->count[j].count != 0; j = (j + 1) & (s->cap - 1)) {
        if (nio_may_fill(i, j, nio_kc_home(s->count[j].key, s->cap))) {
            s->count[i] = s->count[j];
            i = j;
        }
    }
    s->count[i].count = 0;
}

/* ---------------------------------------------------------- the pairs */
static void nio_kp_put(struct nio_keyset *s, uint64_t id, uint32_t key)
{
    size_t i = nio_kp_find(s, id, key);
    if (s->v[i].full)
        return;
    s->v[i].id = id;
    s->v[i].key = key;
    s->v[i].full = 1;
    nio_kc_up(s, key);
    s->n++;
}

/* Room for one more pair: 0, or -ENOMEM with the set as it was. */
static int nio_keyset_room(struct nio_keyset *s)
{
    struct nio_keyset next;
    size_t cap = s->cap ? s->cap * 2 : NIO_KEYSET_MIN;
    if ((s->n + 1) * 2 <= s->cap)
        return 0;
    if (s->n + 1 > (s->limit != 0 && s->limit < NIO_KEYSET_MAX ? s->limit : NIO_KEYSET_MAX))
        return -ENOMEM;
    memset(&next, 0, sizeof(next));
    next.cap = cap;
    next.limit = s->limit;
    next.v = nio_calloc(cap, sizeof(*next.v));
    next.count = nio_calloc(cap, sizeof(*next.count));
    if (next.v == NULL || next.count == NULL) {
        nio_keyset_clear(&next);
        return -ENOMEM;
    }
    for (size_t i = 0; i < s->cap; i++)
        if (s->v[i].full)
            nio_kp_put(&next, s->v[i].id, s->v[i].key);
    nio_keyset_clear(s);
    *s = next;
    return 0;
}

int nio_keyset_add(struct nio_keyset *s, uint64_t id, uint32_t key)
{
    int err;
    if (s->cap != 0 && s->v[nio_kp_find(s, id, key)].full)
        return 0;
    if ((err = nio_keyset_room(s)) != 0)
        return err;
    nio_kp_put(s, id, key);
    return 0;
}

void nio_keyset_remove(struct nio_keyset *s, uint64_t id, uint32_t key)
{
    size_t i, j;
    if (s->cap == 0 || !s->v[i = nio_kp_find(s, id, key)].full)
        return;
    nio_kc_down(s, key);
    s->n--;
    for (j = (i + 1) & (s->cap - 1); s->v[j].full; j = (j + 1) & (s->cap - 1)) {
        if (nio_may_fill(i, j, nio_kp_home(s->v[j].id, s->v[j].key, s->cap))) {
            s->v[i] = s->v[j];
            i = j;
        }
    }
    s->v[i].full = 0;
}

bool nio_keyset_may_have(const struct nio_keyset *s, uint32_t key)
{
    return s->cap != 0 && s->count[nio_kc_find(s, key)].count != 0;
}

void nio_keyset_clear(struct nio_keyset *s)
{
    size_t limit = s->limit;
    nio_free(s->v);
    nio_free(s->count);
    memset(s, 0, sizeof(*s));
    s->limit = limit;
}
