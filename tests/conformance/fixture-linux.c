/*
 * fixture-linux.c - the interfaces the checks need, made in a throw-away
 * network namespace: the runner moves itself into a new namespace, so the
 * host's interfaces are never seen or touched, and everything it made goes
 * away with the process.
 *
 *   lo                   up (the namespace's own loopback)
 *   nc-eth0/nc-eth1      a veth pair, up: Ethernet with IPv4 and IPv6
 *   nc-v4only0/1         a veth pair; IPv6 disabled on nc-v4only0
 *   nc-tun0              a tun device (type 53, named "iftype53_<n>"), if
 *                        /dev/net/tun exists
 *
 * No address and no route is added: the namespace has no default route
 * (GetBestRoute2's "no route" check).  While a check runs, it may make
 * and remove veth pairs of its own and change their MTU (checks that need
 * "make-interface"), and run part of itself in a child without
 * CAP_NET_ADMIN ("unprivileged").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"

#define NC_FIXTURE_NEEDS                                                                   \
    (NC_NEED_ETHERNET | NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE | NC_NEED_MAKE | NC_NEED_UNPRIV | \
     NC_NEED_NO_DEFROUTE)

/* Runs a command quietly; its exit status, or -1 when it could not run. */
static int nc_run(const char *const argv[])
{
    int status;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool nc_write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    bool ok;
    if (fd < 0)
        return false;
    ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    return close(fd) == 0 && ok;
}

/* Without root, a user namespace makes us root over a new network
 * namespace, where the kernel allows it. */
static bool nc_unshare(char *why, size_t cap, bool *user_ns)
{
    char map[64];
    unsigned uid = (unsigned)geteuid(), gid = (unsigned)getegid();
    int err;
    if (unshare(CLONE_NEWNET) == 0)
        return true;
    err = errno;
    if (uid != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
        snprintf(map, sizeof(map), "0 %u 1", uid);
        if (nc_write_file("/proc/self/uid_map", map)) {
            *user_ns = true;
            nc_write_file("/proc/self/setgroups", "deny");
            snprintf(map, sizeof(map), "0 %u 1", gid);
            nc_write_file("/proc/self/gid_map", map);
            return true;
        }
    }
    snprintf(why, cap, "cannot create a network namespace: unshare: %s%s", strerror(err),
             uid != 0 ? " (run as root, or allow unprivileged user namespaces)" : "");
    return false;
}

static bool nc_ip(const char *a, const char *b, const char *c, const char *d, const char *e,
                  const char *f, const char *g, const char *h)
{
    const char *argv[] = {"ip", a, b, c, d, e, f, g, h, NULL};
    return nc_run(argv) == 0;
}

void nc_fixture_setup(struct nc_env *env)
{
    char why[160];
    struct stat st;
    if (!nc_unshare(why, sizeof(why), &env->user_ns)) {
        snprintf(env->isolation, sizeof(env->isolation),
                 "the host's interfaces, read only (%s)", why);
        nc_env_missing(env, NC_FIXTURE_NEEDS, "%s", why);
        return;
    }
    snprintf(env->isolation, sizeof(env->isolation), "own network namespace%s",
             env->user_ns ? " (in a user namespace)" : "");
    if (!nc_ip("link", "set", "lo", "up", NULL, NULL, NULL, NULL)) {
        nc_env_missing(env, NC_FIXTURE_NEEDS, "`ip link set lo up` failed (is iproute2 installed?)");
        return;
    }
    if (nc_ip("link", "add", "nc-eth0", "type", "veth", "peer", "name", "nc-eth1") &&
        nc_ip("link", "set", "nc-eth0", "up", NULL, NULL, NULL, NULL) &&
        nc_ip("link", "set", "nc-eth1", "up", NULL, NULL, NULL, NULL)) {
        if (stat("/proc/sys/net/ipv6/conf/nc-eth0", &st) == 0)
            env->ethernet = if_nametoindex("nc-eth0");
        else
            nc_env_missing(env, NC_NEED_ETHERNET, "the kernel has no IPv6 (ipv6.disable=1?)");
    } else {
        nc_env_missing(env, NC_NEED_ETHERNET | NC_NEED_MAKE, "`ip link add ... type veth` failed");
    }
    if (nc_ip("link", "add", "nc-v4only0", "type", "veth", "peer", "name", "nc-v4only1") &&
        nc_write_file("/proc/sys/net/ipv6/conf/nc-v4only0/disable_ipv6", "1"))
        env->no_ipv6 = if_nametoindex("nc-v4only0");
    else
        nc_env_missing(env, NC_NEED_NO_IPV6, "could not make a veth with IPv6 disabled");
    if (access("/dev/net/tun", R_OK | W_OK) == 0)
        nc_ip("tuntap", "add", "dev", "nc-tun0", "mode", "tun", NULL, NULL);
    if (env->ethernet == 0)
        nc_env_missing(env, NC_NEED_ETHERNET, "no veth could be made");
}

/* ------------------------------------------------ changes while checks run */
NET_IFINDEX nc_fixture_make(const char *name)
{
    char peer[IF_NAMESIZE + 1];
    if (strlen(name) + 1 >= IF_NAMESIZE)
        return 0;
    snprintf(peer, sizeof(peer), "%sp", name);
    nc_ip("link", "del", name, NULL, NULL, NULL, NULL, NULL); /* a crashed check's */
    if (!nc_ip("link", "add", name, "type", "veth", "peer", "name", peer) ||
        !nc_ip("link", "set", name, "up", NULL, NULL, NULL, NULL) ||
        !nc_ip("link", "set", peer, "up", NULL, NULL, NULL, NULL))
        return 0;
    return if_nametoindex(name);
}

bool nc_fixture_remove(const char *name)
{
    return nc_ip("link", "del", name, NULL, NULL, NULL, NULL, NULL);
}

bool nc_fixture_mtu(const char *name, unsigned mtu)
{
    char text[16];
    snprintf(text, sizeof(text), "%u", mtu);
    return nc_ip("link", "set", name, "mtu", text, NULL, NULL, NULL);
}

/* CAP_NET_ADMIN out of every set of this process (a child), the bounding
 * set included, so that nothing can bring it back. */
static int nc_drop_net_admin(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    unsigned i = CAP_TO_INDEX(CAP_NET_ADMIN), bit = CAP_TO_MASK(CAP_NET_ADMIN);
    if (syscall(SYS_capget, &hdr, data) != 0)
        return -1;
    data[i].effective &= ~bit;
    data[i].permitted &= ~bit;
    data[i].inheritable &= ~bit;
    if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) != 0 && errno != EINVAL)
        return -1;
    return (int)syscall(SYS_capset, &hdr, data);
}

/* Runs fn(c, arg) in a forked child after prepare(); the child's failures
 * and skip become c's, prefixed by where it ran.  A fork gives the child
 * its own netlink socket (the library reopens one inherited through
 * fork), so that prepare's changes hold for every call fn makes. */
static void nc_fixture_child(struct nc_ctx *c, int (*prepare)(void), const char *where,
                             void (*fn)(struct nc_ctx *c, void *arg), void *arg)
{
    char line[sizeof(c->msg) + 2];
    int fds[2], status;
    ssize_t n = 0, r;
    pid_t pid;
    fflush(NULL);
    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        nc_fail(c, "could not start a child (%s): %s", where, strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        c->failures = 0;
        c->skipped = false;
        c->msg[0] = 0;
        if (prepare() != 0)
            nc_fail(c, "could not prepare a child (%s): %s", where, strerror(errno));
        else
            fn(c, arg);
        snprintf(line, sizeof(line), "%c%s", c->failures ? 'F' : c->skipped ? 'S' : 'P', c->msg);
        if (write(fds[1], line, strlen(line)) < 0)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    while (n + 1 < (ssize_t)sizeof(line) &&
           ((r = read(fds[0], line + n, sizeof(line) - 1 - (size_t)n)) > 0 ||
            (r < 0 && errno == EINTR)))
        n += r > 0 ? r : 0;
    line[n] = 0;
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (n == 0)
        nc_fail(c, "the child (%s) ended without an answer (status %d)", where, status);
    else if (line[0] == 'F')
        nc_fail(c, "%s: %s", where, line + 1);
    else if (line[0] == 'S')
        nc_skip(c, "%s", line + 1);
}

void nc_fixture_unprivileged(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                             void *arg)
{
    nc_fixture_child(c, nc_drop_net_admin, "without CAP_NET_ADMIN", fn, arg);
}

/* A new network namespace: only lo, down, so no address at all. */
static int nc_empty_namespace(void)
{
    return unshare(CLONE_NEWNET);
}

void nc_fixture_empty_namespace(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                                void *arg)
{
    nc_fixture_child(c, nc_empty_namespace, "in an empty network namespace", fn, arg);
}
