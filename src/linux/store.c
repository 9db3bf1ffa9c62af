/* store.c - the system-wide record of the settings Linux has no place for
 * (backend.h, "the system-wide record"; docs/set.md).
 *
 *   /run/netioapi-compat/                 root, 0755
 *     ns-c<cookie>/  (or ns-i<dev>-<ino>) root, 0755: one network namespace
 *       lock                              flock()ed across a whole Set
 *       if<index>-v4, if<index>-v6        0644, replaced by rename()
 *
 * The root is fixed: no variable redirects it, so no caller's environment
 * can point a privileged process at files someone else controls (tests
 * mount a tmpfs on /run in a private mount namespace instead).  A file or
 * directory is trusted only when owned by root or by this process's
 * effective user and writable by its owner alone: an unprivileged user can
 * create nothing in a root-owned 0755 directory, and what it owns
 * elsewhere is never read.  The files themselves (lock, read, list, the
 * atomic replacement) are src/posix/store-files.c's, shared with the BSD
 * back end; only the directory is named here.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "linux.h"
#include "posix/store-files.h"

#define NIO_STORE_ROOT "/run/netioapi-compat"

/* The namespace's cookie (SO_NETNS_COOKIE, Linux 5.14), else 0: a 64-bit
 * counter the kernel never hands out twice during a boot.  Asked of the
 * thread's rtnetlink socket (no socket of its own per record read, and
 * once per socket): it names the namespace that every netlink request of
 * the thread talks to, even after the thread moved to another (setns). */
static uint64_t nio_ns_cookie(void)
{
    uint64_t cookie = 0;
    struct nio_nl *nl;
    if (nio_nl_open(&nl) != 0 || nio_nl_netns_cookie(nl, &cookie) != 0)
        return 0;
    return cookie;
}

/* The namespace's name: by its cookie, or without one (older kernels) by
 * the inode of the thread's namespace file, an nsfs inode number, which
 * the kernel reuses once the namespace is freed, so that a new namespace
 * may meet the records of a dead one: the interface check of ipif-store.c
 * then stands between them. */
static int nio_ns_name(char *p, const char *end, uint64_t cookie)
{
    struct stat st;
    if (cookie != 0) {
        nio_path_put_dec(nio_path_put(p, end, "ns-c"), end, cookie);
        return 0;
    }
    if (stat("/proc/thread-self/ns/net", &st) != 0)
        return -errno;
    p = nio_path_put_dec(nio_path_put(p, end, "ns-i"), end, (uint64_t)st.st_dev);
    nio_path_put_dec(nio_path_put(p, end, "-"), end, (uint64_t)st.st_ino);
    return 0;
}

/* The namespace's directory: the root, then ns-<name> in it, each made
 * when create and checked. */
int nio_store_dir(char *dir, size_t cap, bool create)
{
    const char *end = dir + cap - 1;
    struct stat st;
    uint64_t cookie = nio_ns_cookie();
    int err;
    dir[0] = '\0';
    /* Known absent within a write's look: not even the path is made. */
    if (!create && nio_linux_store_absent(NULL, cookie))
        return -ENOENT;
    err = nio_ns_name(nio_path_put(dir, end, NIO_STORE_ROOT "/"), end, cookie);
    if (err)
        return err;
    /* A reader first asks for the namespace's own directory: none (no Set
     * ever made a record here, the usual case) is an answer by itself, and
     * within a write's look the watch may know it (store-watch.c). */
    if (!create && nio_linux_store_absent(dir, cookie))
        return -ENOENT;
    if (!create && lstat(dir, &st) != 0)
        return -errno;
    err = nio_store_dir_ready(NIO_STORE_ROOT, create);
    if (err == 0)
        err = nio_store_dir_ready(dir, create);
    return err;
}

/* ------------------------------------------- router advertisements */
int nio_os_ra_defrtr(const struct nio_iface *ifc, uint32_t value, uint32_t *was)
{
    uint32_t old;
    int err = nio_procsys_u32(&old, "/proc/sys/net/ipv6/conf/%s/accept_ra_defrtr", ifc->name);
    if (err == 0 && value != NIO_RA_READ && old != value)
        err = nio_procsys_write_u32(value, "/proc/sys/net/ipv6/conf/%s/accept_ra_defrtr",
                                    ifc->name);
    if (err == 0 && was != NULL)
        *was = old;
    return err;
}

/* ------------------------------------------- a default route put back */
/* The route exactly as nio_os_route_list reported it: table, type,
 * protocol, scope, TOS, on-link flag and preferred source from os_bits,
 * which nio_os_route_add (a new route of the library's own) leaves to its
 * defaults; a default route `ip route add` made (proto boot) comes back
 * proto boot. */
static void nio_restore_build(struct nio_nl *nl, const void *arg)
{
    const struct nio_route *r = arg;
    size_t len = r->prefix.slot == NIO_V6 ? 16 : 4, glen = r->gateway.slot == NIO_V6 ? 16 : 4;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = r->prefix.slot == NIO_V6 ? AF_INET6 : AF_INET;
    rtm->rtm_dst_len = r->prefix_len;
    rtm->rtm_tos = NIO_RB_TOS(r->os_bits);
    rtm->rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
    rtm->rtm_protocol = NIO_RB_PROTO(r->os_bits);
    rtm->rtm_scope = NIO_RB_SCOPE(r->os_bits);
    rtm->rtm_type = NIO_RB_TYPE(r->os_bits);
    rtm->rtm_flags = (r->os_bits & NIO_RB_ONLINK) && r->has_gateway ? RTNH_F_ONLINK : 0;
    mnl_attr_put_u32(nlh, RTA_TABLE, r->table);
    mnl_attr_put(nlh, RTA_DST, len, r->prefix.bytes);
    mnl_attr_put_u32(nlh, RTA_OIF, r->oif);
    if (r->has_gateway && r->gateway.slot == r->prefix.slot) {
        mnl_attr_put(nlh, RTA_GATEWAY, glen, r->gateway.bytes);
    } else if (r->has_gateway) {
        /* A next hop of the other family (RFC 5549). */
        char via[sizeof(struct rtvia) + 16];
        struct rtvia v = {.rtvia_family = r->gateway.slot == NIO_V6 ? AF_INET6 : AF_INET};
        memcpy(via, &v, sizeof(v));
        memcpy(via + sizeof(v), r->gateway.bytes, glen);
        mnl_attr_put(nlh, RTA_VIA, sizeof(v) + glen, via);
    }
    if (r->has_src)
        mnl_attr_put(nlh, RTA_PREFSRC, r->src.slot == NIO_V6 ? 16 : 4, r->src.bytes);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
    if (r->expires && r->prefix.slot == NIO_V6)
        mnl_attr_put_u32(nlh, RTA_EXPIRES, r->expires_s);
}

int nio_os_route_restore(const struct nio_route *r)
{
    int err;
    if (r->os_bits & (NIO_RB_NHID | NIO_RB_MULTIPATH))
        return -EOPNOTSUPP; /* one next hop of a shared route: not alone */
    err = nio_nl_ask(nio_restore_build, r, NULL, NULL);
    return err == -EHOSTUNREACH ? -ENETUNREACH : err;
}

/* Linux chooses by RTA_PRIORITY, lowest first. */
bool nio_os_route_priorities(void)
{
    return true;
}
