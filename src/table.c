/* table.c - what every table of every row family shares: the order of the
 * back end's list and the one block that FreeMibTable frees. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* The lists the back ends report begin with the interface index. */
static_assert(offsetof(struct nio_iface, index) == 0, "index first");
static_assert(offsetof(struct nio_ifrow, ifc) == 0, "interface first");

static int nio_cmp_index(const void *a, const void *b)
{
    uint32_t x, y;
    memcpy(&x, a, sizeof(x));
    memcpy(&y, b, sizeof(y));
    return (x > y) - (x < y);
}

void nio_sort_by_index(void *v, size_t n, size_t elem)
{
    if (n > 1)
        qsort(v, n, elem, nio_cmp_index);
}

void *nio_find_by_index(void *v, size_t n, size_t elem, uint32_t index)
{
    return bsearch(&index, v, n, elem, nio_cmp_index);
}

void *nio_table_alloc(size_t head, size_t min, size_t row, size_t rows)
{
    size_t size;
    void *t;
    if (rows > UINT32_MAX || rows > (SIZE_MAX - min) / row)
        return NULL;
    size = head + rows * row;
    t = nio_alloc(size < min ? min : size);
    if (t != NULL)
        memset(t, 0, head);
    return t;
}

/* ------------------------------------------------------------- exports */

VOID WINAPI FreeMibTable(PVOID Memory)
{
    nio_free(Memory);
}
