/* pending.c - the parts of the back-end contract the BSD back end does not
 * implement yet, so that the library links: SetIpInterfaceEntry's knobs
 * (SIOCSIFMTU, SIOCSIFINFO_IN6 and the sysctls), change notifications (a
 * routing socket reading RTM_IFINFO and RTM_IFANNOUNCE, plus KEV_DL_* on
 * macOS), interface rows and routes.  docs/bsd.md says what each will
 * use.  Until then Set changes nothing and answers ERROR_NOT_SUPPORTED for
 * any field it would have to write, and the others ERROR_NOT_SUPPORTED. */
#include <errno.h>

#include "bsd.h"

unsigned nio_os_knobs(int slot)
{
    (void)slot;
    return 0; /* nothing can be changed yet */
}

int nio_os_may_change(void)
{
    return 0; /* never reached with a change: no knob is offered */
}

int nio_os_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t value,
                 uint32_t *undo)
{
    (void)ifc, (void)slot, (void)knob, (void)value, (void)undo;
    return -EOPNOTSUPP;
}

int nio_os_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo)
{
    (void)ifc, (void)slot, (void)knob, (void)undo;
    return -EOPNOTSUPP;
}

int nio_os_watch_open(struct nio_watch **out)
{
    *out = NULL;
    return -EOPNOTSUPP;
}

int nio_os_watch_fd(const struct nio_watch *w)
{
    (void)w;
    return -1;
}

int nio_os_watch_read(struct nio_watch *w, nio_watch_cb cb, void *ctx)
{
    (void)w, (void)cb, (void)ctx;
    return -EOPNOTSUPP;
}

void nio_os_watch_close(struct nio_watch *w)
{
    (void)w;
}

/* MIB_IF_ROW2 and routes (GetIfEntry2, GetIfTable2, GetBestRoute2): the
 * interface half will come from the same RTM_IFINFO message (flags,
 * if_data counters, the sockaddr_dl address), routes from an RTM_GET on a
 * routing socket; until then ERROR_NOT_SUPPORTED. */
int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    (void)ifindex, (void)flags, (void)out;
    return -EOPNOTSUPP;
}

int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    (void)flags;
    *out = NULL;
    *count = 0;
    return -EOPNOTSUPP;
}

int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    (void)q, (void)out;
    return -EOPNOTSUPP;
}

int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    (void)addr, (void)ifindex;
    return -EOPNOTSUPP;
}

int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    (void)slot, (void)table;
    *out = NULL;
    *count = 0;
    return -EOPNOTSUPP;
}
