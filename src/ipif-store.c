/* ipif-store.c - settings this process keeps because the OS has no place for
 * them: the interface metric (Linux and the BSDs have route metrics only),
 * the IPv6 site prefix length and DisableDefaultRoutes (docs/route.md).  SetIpInterfaceEntry records them and
 * every row of this process reports them (docs/set.md).
 *
 * Process-wide by nature; a mutex guards the list and an atomic count lets
 * the common case, nothing recorded, skip the lock on every row.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "core.h"

struct nio_local_entry {
    uint64_t luid;
    int slot;
    struct nio_local v;
};

static pthread_mutex_t nio_local_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nio_local_entry *nio_local_list;
static size_t nio_local_n, nio_local_cap;
static atomic_size_t nio_local_count;

static bool nio_local_is_default(const struct nio_local *v)
{
    return !v->manual_metric && !v->has_site_prefix && !v->disable_default_routes;
}

static struct nio_local_entry *nio_local_find(uint64_t luid, int slot)
{
    for (size_t i = 0; i < nio_local_n; i++)
        if (nio_local_list[i].luid == luid && nio_local_list[i].slot == slot)
            return &nio_local_list[i];
    return NULL;
}

void nio_local_get(uint64_t luid, int slot, struct nio_local *out)
{
    struct nio_local_entry *e;
    memset(out, 0, sizeof(*out));
    if (atomic_load(&nio_local_count) == 0)
        return;
    pthread_mutex_lock(&nio_local_lock);
    e = nio_local_find(luid, slot);
    if (e != NULL)
        *out = e->v;
    pthread_mutex_unlock(&nio_local_lock);
}

static nio_status nio_local_add(uint64_t luid, int slot, const struct nio_local *in)
{
    struct nio_local_entry *v = nio_grow(nio_local_list, &nio_local_cap, nio_local_n, sizeof(*v));
    if (v == NULL)
        return NIO_NO_MEMORY;
    nio_local_list = v;
    nio_local_list[nio_local_n++] = (struct nio_local_entry){luid, slot, *in};
    return NIO_OK;
}

nio_status nio_local_set(uint64_t luid, int slot, const struct nio_local *in)
{
    nio_status st = NIO_OK;
    struct nio_local_entry *e;
    pthread_mutex_lock(&nio_local_lock);
    e = nio_local_find(luid, slot);
    if (e != NULL && nio_local_is_default(in))
        *e = nio_local_list[--nio_local_n]; /* back to automatic: forget it */
    else if (e != NULL)
        e->v = *in;
    else if (!nio_local_is_default(in))
        st = nio_local_add(luid, slot, in);
    atomic_store(&nio_local_count, nio_local_n);
    pthread_mutex_unlock(&nio_local_lock);
    return st;
}
