/* fake_store.c - the system-wide record of backend.h in memory, for the
 * unit tests (fake_os.h, "the record").  Strict where the contract allows:
 * a put without the lock held fails the test (-EDEADLK), and a record
 * read back is a fresh copy, as a file read is. */
#include <errno.h>
#include <string.h>

#include "fake_os.h"

#define FAKE_STORE_MAX 32

struct fake_rec {
    bool used;
    uint32_t index;
    int slot;
    uint8_t *bytes;
    size_t len;
};

static struct fake_rec fake_recs[FAKE_STORE_MAX];
static uint32_t fake_ra_index[FAKE_STORE_MAX], fake_ra_value[FAKE_STORE_MAX];
static size_t fake_ra_n;
static bool fake_ra_unsup, fake_lock_held, fake_no_priorities;
static unsigned fake_calls[FAKE_STORE_NFN], fake_skip[FAKE_STORE_NFN];
static int fake_err[FAKE_STORE_NFN];

struct nio_store_lock {
    int dummy;
};
static struct nio_store_lock fake_the_lock;

void fake_store_reset(void)
{
    for (size_t i = 0; i < FAKE_STORE_MAX; i++)
        nio_free(fake_recs[i].bytes);
    memset(fake_recs, 0, sizeof(fake_recs));
    fake_ra_n = 0;
    fake_ra_unsup = fake_lock_held = fake_no_priorities = false;
    memset(fake_calls, 0, sizeof(fake_calls));
    memset(fake_err, 0, sizeof(fake_err));
}

void fake_store_fail_after(enum fake_store_fn fn, unsigned skip, int neg_errno)
{
    fake_skip[fn] = skip;
    fake_err[fn] = neg_errno;
}

unsigned fake_store_calls(enum fake_store_fn fn)
{
    return fake_calls[fn];
}

/* Counts the call; the failure programmed for it, or 0. */
static int fake_enter(enum fake_store_fn fn)
{
    int err;
    fake_calls[fn]++;
    if (fake_err[fn] == 0)
        return 0;
    if (fake_skip[fn] > 0) {
        fake_skip[fn]--;
        return 0;
    }
    err = fake_err[fn];
    fake_err[fn] = 0;
    return err;
}

static struct fake_rec *fake_find(uint32_t index, int slot, bool add)
{
    for (size_t i = 0; i < FAKE_STORE_MAX; i++)
        if (fake_recs[i].used && fake_recs[i].index == index && fake_recs[i].slot == slot)
            return &fake_recs[i];
    for (size_t i = 0; add && i < FAKE_STORE_MAX; i++)
        if (!fake_recs[i].used) {
            fake_recs[i] = (struct fake_rec){true, index, slot, NULL, 0};
            return &fake_recs[i];
        }
    return NULL;
}

bool fake_store_has(uint32_t index, int slot)
{
    return fake_find(index, slot, false) != NULL;
}

const void *fake_store_bytes(uint32_t index, int slot, size_t *len)
{
    struct fake_rec *r = fake_find(index, slot, false);
    *len = r ? r->len : 0;
    return r ? r->bytes : NULL;
}

/* Plain malloc-free copies through nio_alloc would count against the
 * allocation sweep; the fake's own memory is outside it. */
static void fake_keep(uint32_t index, int slot, const void *buf, size_t len)
{
    struct fake_rec *r = fake_find(index, slot, len > 0);
    if (r == NULL)
        return;
    nio_alloc_hook hook = nio_alloc_set_hook(NULL);
    nio_free(r->bytes);
    r->bytes = NULL;
    r->len = 0;
    if (len == 0)
        r->used = false;
    else if ((r->bytes = nio_alloc(len)) != NULL) {
        memcpy(r->bytes, buf, len);
        r->len = len;
    }
    nio_alloc_set_hook(hook);
}

void fake_store_poke(uint32_t index, int slot, const void *buf, size_t len)
{
    fake_keep(index, slot, buf, len);
}

bool fake_store_locked(void)
{
    return fake_lock_held;
}

int nio_os_store_lock(struct nio_store_lock **out)
{
    int err = fake_enter(FAKE_STORE_LOCK);
    if (err)
        return err;
    if (fake_lock_held)
        return -EDEADLK; /* the core took it twice */
    fake_lock_held = true;
    *out = &fake_the_lock;
    return 0;
}

void nio_os_store_unlock(struct nio_store_lock *l)
{
    if (l == &fake_the_lock)
        fake_lock_held = false;
}

int nio_os_store_get(uint32_t ifindex, int slot, void **buf, size_t *len)
{
    struct fake_rec *r;
    int err = fake_enter(FAKE_STORE_GET);
    if (err)
        return err;
    if ((r = fake_find(ifindex, slot, false)) == NULL)
        return -ENOENT;
    if ((*buf = nio_alloc(r->len)) == NULL)
        return -ENOMEM;
    memcpy(*buf, r->bytes, r->len);
    *len = r->len;
    return 0;
}

/* One entry per index, in the order the records were made (the contract
 * promises no order), through nio_alloc as a back end's list. */
int nio_os_store_list(struct nio_store_entry **out, size_t *count)
{
    struct nio_store_entry *v;
    size_t n = 0;
    int err = fake_enter(FAKE_STORE_LIST);
    *out = NULL;
    *count = 0;
    if (err)
        return err;
    if ((v = nio_alloc(FAKE_STORE_MAX * sizeof(*v))) == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < FAKE_STORE_MAX; i++) {
        size_t k = 0;
        if (!fake_recs[i].used)
            continue;
        while (k < n && v[k].ifindex != fake_recs[i].index)
            k++;
        if (k == n)
            v[n++] = (struct nio_store_entry){fake_recs[i].index, 0};
        v[k].slots |= (uint8_t)(1u << fake_recs[i].slot);
    }
    *out = v;
    *count = n;
    return 0;
}

int nio_os_store_put(uint32_t ifindex, int slot, const void *buf, size_t len)
{
    int err = fake_enter(FAKE_STORE_PUT);
    if (err)
        return err;
    if (!fake_lock_held)
        return -EDEADLK; /* written without the lock */
    fake_keep(ifindex, slot, buf, len);
    return 0;
}

static uint32_t *fake_ra_slot(uint32_t index)
{
    for (size_t i = 0; i < fake_ra_n; i++)
        if (fake_ra_index[i] == index)
            return &fake_ra_value[i];
    if (fake_ra_n == FAKE_STORE_MAX)
        return NULL;
    fake_ra_index[fake_ra_n] = index;
    fake_ra_value[fake_ra_n] = 1; /* the kernel's default */
    return &fake_ra_value[fake_ra_n++];
}

uint32_t fake_store_ra(uint32_t index)
{
    uint32_t *v = fake_ra_slot(index);
    return v ? *v : 0;
}

void fake_store_ra_unsupported(bool unsupported)
{
    fake_ra_unsup = unsupported;
}

int nio_os_ra_defrtr(const struct nio_iface *ifc, uint32_t value, uint32_t *was)
{
    uint32_t *v;
    int err = fake_enter(FAKE_STORE_RA);
    if (err)
        return err;
    if (fake_ra_unsup)
        return -EOPNOTSUPP;
    if ((v = fake_ra_slot(ifc->index)) == NULL)
        return -ENOMEM;
    if (was != NULL)
        *was = *v;
    if (value != NIO_RA_READ)
        *v = value;
    return 0;
}

/* The fake's routes carry nothing os_bits would name: a restore is an add
 * (counted, and failed, as FAKE_ROUTE_ADD). */
int nio_os_route_restore(const struct nio_route *r)
{
    return nio_os_route_add(r);
}

void fake_store_no_priorities(bool none)
{
    fake_no_priorities = none;
}

bool nio_os_route_priorities(void)
{
    return !fake_no_priorities;
}
