/* alloc.c - every allocation of the library, with a seam for failure tests. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "core.h"

/* Process-wide because allocations happen deep inside calls that take no
 * context; atomic so that a test may set it while other threads allocate. */
static _Atomic(nio_alloc_hook) nio_hook;

nio_alloc_hook nio_alloc_set_hook(nio_alloc_hook hook)
{
    return atomic_exchange(&nio_hook, hook);
}

bool nio_alloc_hooked(void)
{
    return atomic_load_explicit(&nio_hook, memory_order_relaxed) != NULL;
}

static bool nio_alloc_allowed(size_t size)
{
    nio_alloc_hook hook = atomic_load(&nio_hook);
    return hook == NULL || hook(size);
}

void *nio_alloc(size_t size)
{
    if (!nio_alloc_allowed(size))
        return NULL;
    return malloc(size ? size : 1);
}

void *nio_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (!nio_alloc_allowed(n * size))
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *nio_realloc(void *p, size_t size)
{
    if (!nio_alloc_allowed(size))
        return NULL;
    return realloc(p, size ? size : 1);
}

void nio_free(void *p)
{
    free(p);
}

void *nio_grow(void *v, size_t *cap, size_t n, size_t elem)
{
    size_t want;
    if (n < *cap)
        return v;
    want = *cap ? *cap * 2 : 16;
    if (want > SIZE_MAX / elem)
        return NULL;
    v = nio_realloc(v, want * elem);
    if (v != NULL)
        *cap = want;
    return v;
}

void *nio_vec_room(struct nio_vec *vec, size_t elem)
{
    void *v = nio_grow(vec->v, &vec->cap, vec->n, elem);
    if (v == NULL)
        return NULL;
    vec->v = v;
    return (char *)v + vec->n * elem;
}
