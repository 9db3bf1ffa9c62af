/* table.c - what every table of every row family shares: the order of the
 * back end's list and the one block that FreeMibTable frees. */
#include <assert.h>
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
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

static uint32_t nio_index_at(const void *v, size_t i, size_t elem)
{
    uint32_t x;
    memcpy(&x, (const char *)v + i * elem, sizeof(x));
    return x;
}

/* Most lists come in order already (Linux dumps links by index since 6.6,
 * and the core sorts what a back end sorted to merge): one pass says so,
 * where qsort would still move every element of hundreds of bytes. */
void nio_sort_by_index(void *v, size_t n, size_t elem)
{
    size_t i = 1;
    while (i < n && nio_index_at(v, i - 1, elem) <= nio_index_at(v, i, elem))
        i++;
    if (i < n)
        qsort(v, n, elem, nio_cmp_index);
}

/* One pass of the radix sort: the 8 bits at shift of each key, stable. */
static void nio_radix_pass(const uint32_t *key, const uint32_t *in, uint32_t *out, size_t n,
                           unsigned shift)
{
    size_t count[256] = {0}, at = 0;
    for (size_t i = 0; i < n; i++)
        count[(key[in[i]] >> shift) & 0xFF]++;
    for (size_t b = 0; b < 256; b++) {
        size_t c = count[b];
        count[b] = at;
        at += c;
    }
    for (size_t i = 0; i < n; i++)
        out[count[(key[in[i]] >> shift) & 0xFF]++] = in[i];
}

int nio_order_by_index(const void *v, size_t n, size_t elem, uint32_t *order)
{
    uint32_t *key, *tmp, all_or = 0;
    uint32_t *in = order;
    if (n > UINT32_MAX || n > SIZE_MAX / (2 * sizeof(uint32_t)))
        return -ENOMEM;
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    if (n < 2)
        return 0;
    if ((key = nio_alloc(2 * n * sizeof(uint32_t))) == NULL)
        return -ENOMEM;
    tmp = key + n;
    for (size_t i = 0; i < n; i++) {
        memcpy(&key[i], (const char *)v + i * elem, sizeof(key[i]));
        all_or |= key[i];
    }
    /* Least significant byte first; a byte no key has set is skipped (the
     * high bytes of interface indexes, nearly always). */
    for (unsigned shift = 0; shift < 32; shift += 8) {
        uint32_t *out = in == order ? tmp : order;
        if (((all_or >> shift) & 0xFF) == 0)
            continue;
        nio_radix_pass(key, in, out, n, shift);
        in = out;
    }
    if (in != order)
        memcpy(order, in, n * sizeof(*order));
    nio_free(key);
    return 0;
}

/* A binary search without bsearch's call of the comparison per step: a
 * table merges tens of thousands of elements this way. */
void *nio_find_by_index(void *v, size_t n, size_t elem, uint32_t index)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t x = nio_index_at(v, mid, elem);
        if (x < index)
            lo = mid + 1;
        else if (x > index)
            hi = mid;
        else
            return (char *)v + mid * elem;
    }
    return NULL;
}

/* ------------------------------------------------------ the table blocks */
/* Every table is one block behind a header that holds the block's size,
 * so that FreeMibTable can keep the last large one for the next table.
 * The C library gives a large block back to the kernel when it is freed
 * (glibc unmaps it, or trims the top of the heap it was on: 6 brk() per
 * GetIpInterfaceTable at 5001 interfaces), so the next table's pages are
 * fresh, and each 4 KiB page the rows fill is a page fault: 683 per such
 * table, against 28 with the block kept.  Here, in a virtual machine,
 * touching 3 MiB of fresh pages costs 10.8 ms, 3 MiB of kept heap 9 us
 * (bench/README.md, "Page faults").  One block is kept, process-wide in
 * an atomic slot (a table may be freed in any thread): the one freed last,
 * of NIO_KEEP_MIN to NIO_KEEP_MAX bytes.  A table takes it when it fits and is at least half
 * of it, so that a small table never holds a large block.  What is kept
 * is at most one table's memory, for the process's life.  Builds with
 * AddressSanitizer keep nothing: a table used after FreeMibTable must
 * still be caught there. */
union nio_block {
    size_t size;                /* bytes after the header */
    max_align_t align;          /* the rows' alignment, as malloc's */
};

#define NIO_KEEP_MIN ((size_t)128 << 10)  /* below: glibc's heap, whose pages stay */
#define NIO_KEEP_MAX ((size_t)64 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define NIO_KEEP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NIO_KEEP 0
#endif
#endif
#ifndef NIO_KEEP
#define NIO_KEEP 1
#endif

static _Atomic(union nio_block *) nio_kept;

bool nio_table_keeps(void)
{
    return NIO_KEEP;
}

static union nio_block *nio_block_take(size_t size)
{
    union nio_block *b, *other;
    if (!NIO_KEEP || size < NIO_KEEP_MIN || nio_alloc_hooked())
        return NULL;
    b = atomic_exchange(&nio_kept, NULL);
    if (b == NULL || (b->size >= size && b->size / 2 <= size))
        return b;
    /* Not this table's: kept for another, unless one was freed meanwhile. */
    other = atomic_exchange(&nio_kept, b);
    nio_free(other);
    return NULL;
}

void *nio_table_alloc(size_t head, size_t min, size_t row, size_t rows)
{
    union nio_block *b;
    size_t size;
    if (rows > UINT32_MAX || rows > (SIZE_MAX - min - sizeof(*b)) / row)
        return NULL;
    size = head + rows * row;
    if (size < min)
        size = min;
    if ((b = nio_block_take(size)) == NULL) {
        if ((b = nio_alloc(sizeof(*b) + size)) == NULL)
            return NULL;
        b->size = size;
    }
    memset(b + 1, 0, head);
    return b + 1;
}

void nio_table_free(void *t)
{
    union nio_block *b;
    if (t == NULL)
        return;
    b = (union nio_block *)t - 1;
    if (NIO_KEEP && b->size >= NIO_KEEP_MIN && b->size <= NIO_KEEP_MAX)
        b = atomic_exchange(&nio_kept, b);
    nio_free(b);
}

/* The address and neighbour tables: a back end's list v[0..n) (each
 * element beginning with its interface index), the LUIDs from one listing
 * of the interfaces, one row per element whose interface is still there.
 * The list is put in order without moving its elements (a radix order:
 * tens of thousands of neighbours on a few interfaces), and the interface
 * of the element before is looked up again only when the index changes. */
static void nio_rows_fill(const void *v, const uint32_t *order, size_t n,
                          const struct nio_rows_spec *s, struct nio_iface *ifs, size_t nifs,
                          uint8_t *t)
{
    ULONG *count = (ULONG *)(void *)t; /* NumEntries, first in every MIB table */
    const struct nio_iface *ifc = NULL;
    uint32_t last = 0;
    for (size_t k = 0; k < n; k++) {
        const uint8_t *e = (const uint8_t *)v + (size_t)order[k] * s->elem;
        uint32_t index;
        memcpy(&index, e, sizeof(index));
        if (k == 0 || index != last)
            ifc = nio_find_by_index(ifs, nifs, sizeof(*ifs), index);
        last = index;
        if (ifc != NULL)
            s->fill(t + s->head + (size_t)(*count)++ * s->row, e, nio_iface_luid(ifc), s->ctx);
    }
}

nio_status nio_rows_table(void *v, size_t n, const struct nio_rows_spec *s, void **out)
{
    struct nio_iface *ifs = NULL;
    size_t nifs = 0;
    uint32_t *order = NULL;
    uint8_t *t = NULL;
    nio_status st = NIO_NOT_FOUND; /* Microsoft: no row of the family is ERROR_NOT_FOUND */
    if (n == 0)
        goto out;
    st = nio_status_from_errno(nio_os_list(NIO_WANT_LINK, &ifs, &nifs), NIO_GEN_FAILURE);
    if (st != NIO_OK)
        goto out;
    nio_sort_by_index(ifs, nifs, sizeof(*ifs));
    st = NIO_NO_MEMORY;
    if (n > SIZE_MAX / sizeof(*order) || (order = nio_alloc(n * sizeof(*order))) == NULL ||
        nio_order_by_index(v, n, s->elem, order) != 0 ||
        (t = nio_table_alloc(s->head, s->min, s->row, n)) == NULL)
        goto out;
    nio_rows_fill(v, order, n, s, ifs, nifs, t);
    st = *(ULONG *)(void *)t == 0 ? NIO_NOT_FOUND : NIO_OK;
out:
    if (st == NIO_OK)
        *out = t;
    else
        nio_table_free(t);
    nio_free(order);
    nio_free(ifs);
    return st;
}

/* ------------------------------------------------------------- exports */

VOID WINAPI FreeMibTable(PVOID Memory)
{
    nio_table_free(Memory);
}
