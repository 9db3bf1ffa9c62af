/* ipif.c - the Linux answers to the core's questions about IP
 * interfaces (nio_os_get, nio_os_get_by_name, nio_os_list).
 *
 * One interface: RTM_GETLINK for that index (or name), which carries MTU,
 * state and the per-family devconf, plus the /proc/sys files for the
 * neighbour parameters that rtnetlink only gives in a dump of every table.
 * Every interface: one RTM_GETLINK dump and one RTM_GETNEIGHTBL dump.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static const char *const nio_proc_family[NIO_FAMILIES] = {"ipv4", "ipv6"};

/* What a link request asks: one interface (index or name) or, with
 * NLM_F_DUMP, every one. */
struct nio_link_ask {
    uint16_t flags;
    int ifindex;
    const char *name;
};

static void nio_link_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_link_ask *a = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETLINK, a->flags);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = a->ifindex;
    if (a->name != NULL)
        mnl_attr_put_strz(nlh, IFLA_IFNAME, a->name);
    /* Counters are not needed and make every message larger. */
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
}

static int nio_one_link_cb(const struct nlmsghdr *nlh, void *ctx)
{
    return nio_linux_parse_link(nlh, ctx);
}

/* Neighbour parameters of one interface and family from /proc/sys. */
static int nio_read_neigh(struct nio_iface *ifc, int slot)
{
    struct nio_family *f = &ifc->fam[slot];
    const char *fam = nio_proc_family[slot];
    int err = nio_procsys_u32(&f->base_reachable_ms, "/proc/sys/net/%s/neigh/%s/base_reachable_time_ms",
                              fam, ifc->name);
    if (err)
        return err;
    f->known |= NIO_K_BASE_REACHABLE;
    if (f->known & NIO_K_RETRANSMIT)
        return 0; /* IPv6: already in the link message */
    err = nio_procsys_u32(&f->retransmit_ms, "/proc/sys/net/%s/neigh/%s/retrans_time_ms", fam,
                          ifc->name);
    if (err == 0)
        f->known |= NIO_K_RETRANSMIT;
    return err;
}

/* Facts the link message lacks, for the families the caller wants. */
static int nio_complete(struct nio_iface *ifc, unsigned want)
{
    for (int slot = 0; slot < NIO_FAMILIES; slot++) {
        int err;
        if (!(want & (1u << slot)) || !ifc->fam[slot].present)
            continue;
        err = nio_read_neigh(ifc, slot);
        /* The interface went away between the two reads. */
        if (err == -ENOENT)
            return -ENODEV;
        if (err)
            return err;
    }
    return 0;
}

static int nio_get(int ifindex, const char *name, unsigned want, struct nio_iface *out)
{
    struct nio_link_ask ask = {0, ifindex, name};
    int err = nio_nl_ask(nio_link_request, &ask, nio_one_link_cb, out);
    return err ? err : nio_complete(out, want);
}

int nio_os_get(uint32_t ifindex, unsigned want, struct nio_iface *out)
{
    if (ifindex == 0 || ifindex > INT32_MAX)
        return -ENODEV;
    return nio_get((int)ifindex, NULL, want, out);
}

int nio_os_get_by_name(const char *name, unsigned want, struct nio_iface *out)
{
    size_t len = strlen(name);
    if (len == 0 || len >= IFNAMSIZ)
        return -ENODEV;
    return nio_get(0, name, want, out);
}

/* ------------------------------------------------------------------ list */
struct nio_list {
    struct nio_vec vec;         /* of struct nio_iface */
    unsigned want;
};

static int nio_list_link_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_list *l = ctx;
    struct nio_iface *ifc = nio_vec_room(&l->vec, sizeof(*ifc));
    if (ifc == NULL)
        return -ENOMEM;
    if (nio_linux_parse_link(nlh, ifc) < 0)
        return -EPROTO;
    l->vec.n++;
    return 0;
}

static int nio_neigh_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_list *l = ctx;
    struct nio_neigh_parms p;
    struct nio_iface *ifc;
    struct nio_family *f;
    int err = nio_linux_parse_neightbl(nlh, &p);
    if (err == -ENOENT || (err == 0 && p.ifindex == 0))
        return 0; /* table-wide defaults or statistics */
    if (err)
        return err;
    ifc = nio_find_by_index(l->vec.v, l->vec.n, sizeof(*ifc), p.ifindex);
    if (ifc == NULL)
        return 0; /* appeared after the link dump: not in this snapshot */
    f = &ifc->fam[p.slot];
    if (p.has_base_reachable) {
        f->base_reachable_ms = p.base_reachable_ms;
        f->known |= NIO_K_BASE_REACHABLE;
    }
    if (p.has_retransmit && !(f->known & NIO_K_RETRANSMIT)) {
        f->retransmit_ms = p.retransmit_ms;
        f->known |= NIO_K_RETRANSMIT;
    }
    return 0;
}

static void nio_neightbl_request(struct nio_nl *nl, const void *arg)
{
    unsigned want = *(const unsigned *)arg & (NIO_WANT_V4 | NIO_WANT_V6);
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETNEIGHTBL, NLM_F_DUMP);
    struct ndtmsg *ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
    if (want == NIO_WANT_V4)
        ndtm->ndtm_family = AF_INET;
    else
        ndtm->ndtm_family = want == NIO_WANT_V6 ? AF_INET6 : AF_UNSPEC;
}

/* One snapshot: the link dump, then the neighbour tables merged into it. */
static int nio_dump(void *ctx)
{
    static const struct nio_link_ask all = {NLM_F_DUMP, 0, NULL};
    struct nio_list *l = ctx;
    int err;
    l->vec.n = 0;
    err = nio_nl_ask(nio_link_request, &all, nio_list_link_cb, l);
    /* The link message says which families are bound; only their facts
     * need the neighbour tables. */
    if (err || !(l->want & (NIO_WANT_V4 | NIO_WANT_V6)))
        return err;
    /* The merge is a binary search by index, whatever order the kernel
     * dumped the links in. */
    nio_sort_by_index(l->vec.v, l->vec.n, sizeof(struct nio_iface));
    return nio_nl_ask(nio_neightbl_request, &l->want, nio_neigh_cb, l);
}

int nio_os_list(unsigned want, struct nio_iface **out, size_t *count)
{
    struct nio_list l = {{NULL, 0, 0}, want};
    int err = nio_nl_snapshot(nio_dump, &l);
    if (err) {
        nio_free(l.vec.v);
        return err;
    }
    *out = l.vec.v;
    *count = l.vec.n;
    return 0;
}
