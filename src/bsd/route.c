/* route.c - the route rows on FreeBSD and macOS: sysctl NET_RT_DUMP for
 * the list, RTM_ADD and RTM_DELETE on a routing socket for the changes.
 * The messages are parse-route.c's; this file makes the system calls, and
 * proves at compile time that the route layout of the OS it is built for
 * matches that OS's headers.  docs/bsd.md ("Routes") says which entries
 * are rows and what can be written. */
#include <sys/param.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bsd.h"

#if defined(__APPLE__)
#define NIO_RT_NATIVE(x) NIO_MAC_##x
#define NIO_RT_LAYOUT nio_bsd_rt_macos
#elif defined(__FreeBSD__)
#define NIO_RT_NATIVE(x) NIO_FBSD_##x
#define NIO_RT_LAYOUT nio_bsd_rt_freebsd
#else
#error "no route message layout for this BSD yet (docs/bsd.md)"
#endif

#define NIO_RT_SAME(a, b) _Static_assert((a) == (b), #a " != " #b)

/* What parse-route.c assumes of struct rt_msghdr and its flags. */
NIO_RT_SAME(sizeof(struct rt_msghdr), NIO_RT_NATIVE(RTM_SIZE));
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_msglen), 0);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_version), 2);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_type), 3);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_index), 4);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_flags), 8);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_addrs), 12);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_pid), 16);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_seq), 20);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_errno), 24);
NIO_RT_SAME(offsetof(struct rt_msghdr, rtm_rmx) + offsetof(struct rt_metrics, rmx_expire),
            NIO_RT_NATIVE(RTM_EXPIRE));
NIO_RT_SAME(sizeof(((struct rt_metrics *)0)->rmx_expire), NIO_RT_NATIVE(RTM_EXPIRE_SIZE));
NIO_RT_SAME(RTM_ADD, NIO_BSD_RTM_ADD);
NIO_RT_SAME(RTM_DELETE, NIO_BSD_RTM_DELETE);
NIO_RT_SAME(RTM_GET, NIO_BSD_RTM_GET);
NIO_RT_SAME(RTF_UP, 0x1);
NIO_RT_SAME(RTF_GATEWAY, 0x2);
NIO_RT_SAME(RTF_HOST, 0x4);
NIO_RT_SAME(RTF_REJECT, 0x8);
NIO_RT_SAME(RTF_DYNAMIC, 0x10);
NIO_RT_SAME(RTF_STATIC, 0x800);
NIO_RT_SAME(RTF_BLACKHOLE, 0x1000);
NIO_RT_SAME(RTF_LOCAL, 0x200000);
NIO_RT_SAME(RTF_BROADCAST, 0x400000);
NIO_RT_SAME(RTF_MULTICAST, 0x800000);
NIO_RT_SAME(RTA_DST, 0x1);
NIO_RT_SAME(RTA_GATEWAY, 0x2);
NIO_RT_SAME(RTA_NETMASK, 0x4);
NIO_RT_SAME(RTA_IFP, 0x10);
NIO_RT_SAME(RTA_IFA, 0x20);
NIO_RT_SAME(AF_INET, 2);
NIO_RT_SAME(AF_LINK, 18);
NIO_RT_SAME(sizeof(struct sockaddr_in), 16);
NIO_RT_SAME(offsetof(struct sockaddr_in6, sin6_addr), 8);
NIO_RT_SAME(offsetof(struct sockaddr_in6, sin6_scope_id), 24);
NIO_RT_SAME(offsetof(struct sockaddr_dl, sdl_index), 2);
NIO_RT_SAME(offsetof(struct sockaddr_dl, sdl_type), 4);
#if defined(__APPLE__)
NIO_RT_SAME(AF_INET6, 30);
NIO_RT_SAME(sizeof(struct sockaddr_dl), 20);
NIO_RT_SAME(RTF_LLINFO, 0x400);
NIO_RT_SAME(RTF_WASCLONED, 0x20000);
NIO_RT_SAME(RTF_IFSCOPE, 0x1000000);
NIO_RT_SAME(RTF_CONDEMNED, 0x2000000);
#else
NIO_RT_SAME(AF_INET6, 28);
NIO_RT_SAME(sizeof(struct sockaddr_dl), 54);
NIO_RT_SAME(RTF_LLDATA, 0x400);
#endif

#define NIO_RT_TRIES 8          /* sysctl readings of a table that keeps growing */
#define NIO_RT_WAIT_S 2         /* for the kernel's answer, which comes at once */
#define NIO_RT_OTHERS_MAX 4096  /* other messages read while waiting for it */

const struct nio_bsd_rtlayout *nio_bsd_rt_native(void)
{
    return &NIO_RT_LAYOUT;
}

/* --------------------------------------------------------------- dump */
int nio_bsd_sysctl_read(int mib[6], uint8_t **out, size_t *outlen)
{
    for (int tries = 0; tries < NIO_RT_TRIES; tries++) {
        size_t len = 0;
        uint8_t *buf;
        int err;
        if (sysctl(mib, 6, NULL, &len, NULL, 0) != 0)
            return -errno;
        len += len / 4 + 1024; /* room for entries added meanwhile */
        if ((buf = nio_alloc(len)) == NULL)
            return -ENOMEM;
        if (sysctl(mib, 6, buf, &len, NULL, 0) == 0) {
            *out = buf;
            *outlen = len;
            return 0;
        }
        err = -errno;
        nio_free(buf);
        if (err != -ENOMEM)
            return err;
    }
    return -EAGAIN; /* the table grew faster than it could be read */
}

/* NET_RT_DUMP of one address family into a buffer from nio_alloc.  Six
 * MIB elements: FreeBSD then dumps the calling process's FIB (setfib(1));
 * no BSD filters the dump by interface. */
static int nio_rt_dump(int af, uint8_t **out, size_t *outlen)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, af, NET_RT_DUMP, 0};
    return nio_bsd_sysctl_read(mib, out, outlen);
}

static int nio_rt_collect(const struct nio_route *r, void *ctx)
{
    struct nio_route *slot = nio_vec_room(ctx, sizeof(*r));
    if (slot == NULL)
        return -ENOMEM;
    *slot = *r;
    ((struct nio_vec *)ctx)->n++;
    return 0;
}

/* The rows of one family (NIO_WANT_*) through oif (0: any), added to v. */
static int nio_rt_rows(unsigned want, uint32_t oif, struct nio_vec *v)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = nio_rt_dump(want == NIO_WANT_V6 ? AF_INET6 : AF_INET, &buf, &len);
    if (err == -EAFNOSUPPORT || err == -ENOENT)
        return 0; /* a kernel without the family has no routes of it */
    if (err == 0)
        err = nio_bsd_parse_rtdump(nio_bsd_rt_native(), buf, len, want, oif,
                                   (int64_t)time(NULL), nio_rt_collect, v);
    nio_free(buf);
    return err;
}

int nio_bsd_rt_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    struct nio_vec v = {NULL, 0, 0};
    int err = 0;
    *out = NULL;
    *count = 0;
    if (oif > UINT16_MAX)
        return 0; /* no BSD interface has such an index */
    if (want & NIO_WANT_V4)
        err = nio_rt_rows(NIO_WANT_V4, oif, &v);
    if (err == 0 && (want & NIO_WANT_V6))
        err = nio_rt_rows(NIO_WANT_V6, oif, &v);
    if (err != 0) {
        nio_free(v.v);
        return err;
    }
    *out = v.v;
    *count = nio_bsd_route_dedupe(nio_bsd_rt_native(), v.v, v.n);
    return 0;
}

/* ---------------------------------------------------- routing socket */
static atomic_int nio_rt_seq;

int32_t nio_bsd_rt_next_seq(void)
{
    return (int32_t)(atomic_fetch_add(&nio_rt_seq, 1) + 1);
}

/* Waits for the kernel's copy of request seq of type on fd (every routing
 * socket sees every process's messages) into reply: 0 and *got, or
 * -errno (-ETIMEDOUT when none came within NIO_RT_WAIT_S). */
static int nio_rt_reply(int fd, uint8_t type, int32_t seq, uint8_t *reply, size_t cap,
                        size_t *got)
{
    int32_t pid = (int32_t)getpid();
    /* Each recv() waits NIO_RT_WAIT_S afresh: a bound on the others'
     * messages keeps a busy routing table from holding the call forever. */
    for (int others = 0; others < NIO_RT_OTHERS_MAX; others++) {
        ssize_t n = recv(fd, reply, cap, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
        if (nio_bsd_rt_is_reply(reply, (size_t)n, type, seq, pid)) {
            *got = (size_t)n;
            return 0;
        }
    }
    return -ETIMEDOUT;
}

int nio_bsd_rt_ask(const uint8_t *req, size_t len, uint8_t *reply, size_t cap, size_t *got)
{
    struct timeval wait = {NIO_RT_WAIT_S, 0};
    int32_t seq;
    ssize_t n;
    int err, fd = nio_bsd_socket(PF_ROUTE, SOCK_RAW, AF_UNSPEC);
    if (fd < 0)
        return fd;
    memcpy(&seq, req + offsetof(struct rt_msghdr, rtm_seq), sizeof(seq));
    /* Without the timeout a lost answer would block the call for good. */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait)) != 0) {
        err = -errno;
        goto out;
    }
    /* A refused request fails the write with the kernel's errno (FreeBSD
     * and XNU alike); an accepted one comes back with rtm_errno 0. */
    do
        n = write(fd, req, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        err = -errno;
    else if ((size_t)n != len)
        err = -EIO;
    else
        err = nio_rt_reply(fd, req[offsetof(struct rt_msghdr, rtm_type)], seq, reply, cap, got);
out:
    close(fd);
    return err;
}

/* A change request: 0 or the kernel's -errno. */
static int nio_rt_change(const uint8_t *req, size_t len)
{
    uint8_t reply[NIO_RT_MSG_MAX];
    struct nio_bsd_rtmsg m;
    size_t got = 0;
    int err = nio_bsd_rt_ask(req, len, reply, sizeof(reply), &got);
    if (err != 0)
        return err;
    if (nio_bsd_parse_rtmsg(nio_bsd_rt_native(), reply, got, &m) != 0)
        return -EPROTO;
    return m.err ? nio_bsd_rt_errno(m.err) : 0;
}

/* ------------------------------------------------------------ rows */
int nio_os_route_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    return nio_bsd_rt_list(want, oif, out, count);
}

/* No BSD looks one route up by prefix and interface: the interface's rows
 * of the key's family, from the dump, whatever the caller expects. */
int nio_os_route_find(const struct nio_route *key, bool expect_new, struct nio_route **out,
                      size_t *count)
{
    (void)expect_new;
    return nio_os_route_list(key->prefix.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, key->oif,
                             out, count);
}

/* Whether the kernel holds a route to r's prefix already, through any
 * interface or next hop (macOS's scoped routes aside: they are another
 * table's, and an unscoped route beside them is what XNU expects).  FreeBSD 13+ (net.route.multipath) would make r
 * another next hop of it, which the contract forbids; macOS and FreeBSD
 * without multipath refuse it with EEXIST anyway.  Between this read and
 * the RTM_ADD another process may add one: not detected. */
static int nio_rt_prefix_taken(const struct nio_route *r)
{
    struct nio_route *v = NULL;
    size_t n = 0;
    size_t bytes = r->prefix.slot == NIO_V6 ? 16 : 4;
    int err = nio_bsd_rt_list(r->prefix.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, 0, &v, &n);
    for (size_t i = 0; err == 0 && i < n; i++)
        if (!v[i].local && !(v[i].os_bits & nio_bsd_rt_native()->rtf_ifscope) &&
            v[i].prefix_len == r->prefix_len &&
            memcmp(v[i].prefix.bytes, r->prefix.bytes, bytes) == 0)
            err = -EEXIST;
    nio_free(v);
    return err;
}

int nio_os_route_add(const struct nio_route *r)
{
    uint8_t req[NIO_RT_MSG_MAX];
    size_t len = 0;
    int err = nio_bsd_route_add_msg(nio_bsd_rt_native(), r, nio_bsd_rt_next_seq(), req,
                                    sizeof(req), &len);
    if (err == 0)
        err = nio_rt_prefix_taken(r);
    if (err == 0)
        err = nio_rt_change(req, len);
    /* XNU and FreeBSD name a missing interface in RTA_IFP ENXIO. */
    return err == -ENXIO ? -ENODEV : err;
}

int nio_os_route_delete(const struct nio_route *r)
{
    uint8_t req[NIO_RT_MSG_MAX];
    size_t len = 0;
    int err = nio_bsd_route_delete_msg(nio_bsd_rt_native(), r, nio_bsd_rt_next_seq(), req,
                                       sizeof(req), &len);
    if (err == 0)
        err = nio_rt_change(req, len);
    return err == -ESRCH ? -ENOENT : err; /* the kernel's "no such route" */
}

/* Not offered (nio_os_route_proves_interface is false here): rows are
 * found first. */
int nio_os_route_delete_key(const struct nio_route *key)
{
    (void)key;
    return -ENOENT;
}

/* No process-wide cache here reads a socket before it answers. */
void nio_os_look_begin(void)
{
}

void nio_os_look_end(void)
{
}

int nio_os_route_set(const struct nio_route *old, const struct nio_route *now)
{
    /* Every field Set may change is one these kernels do not keep, so the
     * answer is known before any RTM_CHANGE: nothing to send. */
    return nio_bsd_route_change_ok(old, now);
}

int nio_os_route_may_change(void)
{
    /* Both kernels take route changes from the superuser only (FreeBSD
     * priv_check(PRIV_NET_ROUTE), which also refuses root in a jail without
     * its own stack - the kernel's EPERM then comes with the request; XNU
     * the privileged-socket check of rtsock). */
    return geteuid() == 0 ? 0 : -EPERM;
}

/* Not known to hold: an IPv6 interface marked ND6_IFF_IFDISABLED may keep
 * its routes, and no BSD kernel was at hand to check; the interface is
 * always looked up. */
bool nio_os_route_proves_interface(void)
{
    return false;
}
