/* ethtool.c - every device's link speed from one generic-netlink dump
 * (ETHTOOL_MSG_LINKMODES_GET with NLM_F_DUMP, Linux 5.6), for the tables:
 * the automatic metric of GetIpInterfaceTable and the speeds of
 * GetIfTable2.  One SIOCETHTOOL per device looks each one up by name, a
 * walk of a hash chain with a strcmp per entry, and is a system call
 * each: at 5001 interfaces the ioctls took 13 ms where the dump took 3 ms
 * (docs/ifrow.md, "speeds").  A single row still asks its own device
 * (ifrow.c): one ioctl is cheaper than a dump.
 *
 * The dump runs on the thread's generic-netlink socket (netlink.c), which
 * the tables' threads alone open.  Anything that stops it (no such family,
 * a device whose driver fails the query, which ends the kernel's dump, a
 * socket in another namespace than the thread's rtnetlink one) is an
 * error, and the core then asks each device as before: never another
 * answer, only a slower one. */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

#include "linux.h"

/* The ethtool family's number: 0 not asked yet, -1 the kernel has none.
 * The controller numbers a family once, when it registers; ethtool's is
 * built into the kernel (no module to load later), so the number holds
 * for the kernel's lifetime, in every namespace and after fork().  A
 * race of two first callers asks twice and stores the same number. */
static atomic_int nio_ethtool_family;

struct nio_genl_ask {
    uint16_t type, flags;
    uint8_t cmd, version;
};

static struct nlmsghdr *nio_genl_request(struct nio_nl *nl, const struct nio_genl_ask *a)
{
    struct nlmsghdr *nlh = nio_nl_request(nl, a->type, a->flags);
    struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->cmd = a->cmd;
    g->version = a->version;
    return nlh;
}

static void nio_family_request(struct nio_nl *nl, const void *arg)
{
    static const struct nio_genl_ask ask = {GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1};
    (void)arg;
    mnl_attr_put_strz(nio_genl_request(nl, &ask), CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
}

static int nio_family_cb(const struct nlmsghdr *nlh, void *ctx)
{
    int err = nio_linux_parse_genl_family(nlh, ETHTOOL_GENL_NAME, ctx);
    return err == -ENOENT ? 0 : err;
}

/* The family's number, asked of the kernel's controller once. */
static int nio_ethtool_id(uint16_t *id)
{
    int known = atomic_load_explicit(&nio_ethtool_family, memory_order_relaxed);
    uint16_t v = 0;
    int err;
    if (known < 0)
        return -EOPNOTSUPP;
    if (known > 0) {
        *id = (uint16_t)known;
        return 0;
    }
    err = nio_nl_ask_on(NIO_NL_GENERIC, nio_family_request, NULL, nio_family_cb, &v);
    if (err == -ENOENT) {
        /* The controller's answer: no such family (CONFIG_ETHTOOL_NETLINK
         * off, or Linux before 5.6). */
        atomic_store_explicit(&nio_ethtool_family, -1, memory_order_relaxed);
        return -EOPNOTSUPP;
    }
    if (err == 0 && v == 0)
        err = -EPROTO; /* an answer about another family only */
    if (err)
        return err;
    atomic_store_explicit(&nio_ethtool_family, v, memory_order_relaxed);
    *id = v;
    return 0;
}

static void nio_linkmodes_request(struct nio_nl *nl, const void *arg)
{
    const uint16_t *id = arg;
    const struct nio_genl_ask ask = {*id, NLM_F_DUMP, ETHTOOL_MSG_LINKMODES_GET,
                                     ETHTOOL_GENL_VERSION};
    struct nlmsghdr *nlh = nio_genl_request(nl, &ask);
    struct nlattr *h = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_HEADER);
    /* The link-mode bit sets come in every reply: compact, they are a
     * quarter of the bytes. */
    mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS);
    mnl_attr_nest_end(nlh, h);
}

static int nio_linkmodes_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_vec *vec = ctx;
    struct nio_speed_of *s = nio_vec_room(vec, sizeof(*s));
    int err;
    if (s == NULL)
        return -ENOMEM;
    err = nio_linux_parse_linkmodes(nlh, s);
    if (err == -ENOENT)
        return 0;
    if (err)
        return err;
    vec->n++;
    return 0;
}

/* Whether the two sockets of the thread are in one namespace: the speeds
 * are merged by index with what the rtnetlink socket read, and the
 * generic one may be opened later, after a setns().  Unknown (before
 * Linux 5.14, no SO_NETNS_COOKIE) is no proof: the ioctls then. */
static int nio_same_netns(void)
{
    struct nio_nl *route, *genl;
    uint64_t a, b;
    int err = nio_nl_open(&route);
    if (err == 0)
        err = nio_nl_open_on(NIO_NL_GENERIC, &genl);
    if (err)
        return err;
    if (nio_nl_netns_cookie(route, &a) != 0 || nio_nl_netns_cookie(genl, &b) != 0)
        return -EOPNOTSUPP;
    return a == b ? 0 : -EXDEV;
}

int nio_os_speeds(struct nio_speed_of **out, size_t *count)
{
    struct nio_vec vec = {NULL, 0, 0};
    uint16_t id;
    int err = nio_ethtool_id(&id);
    if (err == 0)
        err = nio_same_netns();
    if (err == 0)
        err = nio_nl_ask_on(NIO_NL_GENERIC, nio_linkmodes_request, &id, nio_linkmodes_cb, &vec);
    if (err) {
        nio_free(vec.v);
        return err;
    }
    /* Index order since Linux 6.6 (for_each_netdev_dump), hash order
     * before. */
    nio_sort_by_index(vec.v, vec.n, sizeof(struct nio_speed_of));
    *out = vec.v;
    *count = vec.n;
    return 0;
}
