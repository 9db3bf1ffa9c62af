/* bench-set.c - what one SetIpInterfaceEntry costs on Linux: one field
 * (the IPv6 dad_transmits, one /proc/sys write), every settable field of
 * each family, and a Set that changes nothing, against the bare /proc/sys
 * write underneath.
 *
 * Runs as root: it moves itself into a new network namespace first, so the
 * host's interfaces are never touched, and sets a veth end there.  Each
 * call changes what it sets (two values in turn), so every timed call does
 * the writes.  Prints one line per figure and exits 0 (77, "skipped", when
 * it cannot make a namespace).  bench/README.md says what each figure
 * means.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netioapi_compat.h"

#include "bench.h"

#define BENCH_IFNAME "sA"

struct bench_set {
    NET_IFINDEX index;
    unsigned turn;          /* which of the two values comes next */
};

static MIB_IPINTERFACE_ROW bench_key(ADDRESS_FAMILY family, NET_IFINDEX index)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceIndex = index;
    return row;
}

/* One field: IPv6 DadTransmits 1, 2, 1, ... */
static long bench_set_dad(void *ctx)
{
    struct bench_set *s = ctx;
    MIB_IPINTERFACE_ROW row = bench_key(AF_INET6, s->index);
    row.DadTransmits = 1 + s->turn++ % 2;
    return (long)SetIpInterfaceEntry(&row);
}

/* Every field Linux can change for IPv4: the link MTU (RTM_NEWLINK),
 * forwarding and the two neighbour times (/proc), and the metric (kept by
 * the process). */
static long bench_set_all4(void *ctx)
{
    struct bench_set *s = ctx;
    MIB_IPINTERFACE_ROW row = bench_key(AF_INET, s->index);
    unsigned t = s->turn++ % 2;
    row.NlMtu = 1400 + t;
    row.ForwardingEnabled = (BOOLEAN)t;
    row.BaseReachableTime = 20000 + 1000 * t;
    row.RetransmitTime = 1000 + 1000 * t;
    row.UseAutomaticMetric = FALSE;
    row.Metric = 10 + t;
    row.SitePrefixLength = 0;
    return (long)SetIpInterfaceEntry(&row);
}

/* Every field Linux can change for IPv6: MTU, forwarding, DAD, router
 * discovery, the neighbour times, link-local behaviour (all /proc), the
 * metric and the site prefix (kept by the process). */
static long bench_set_all6(void *ctx)
{
    struct bench_set *s = ctx;
    MIB_IPINTERFACE_ROW row = bench_key(AF_INET6, s->index);
    unsigned t = s->turn++ % 2;
    row.NlMtu = 1300 + t;
    row.ForwardingEnabled = (BOOLEAN)t;
    row.DadTransmits = 3 + t;
    row.RouterDiscoveryBehavior = t ? RouterDiscoveryEnabled : RouterDiscoveryDisabled;
    row.BaseReachableTime = 20000 + 1000 * t;
    row.RetransmitTime = 1000 + 1000 * t;
    row.LinkLocalAddressBehavior = t ? LinkLocalAlwaysOn : LinkLocalAlwaysOff;
    row.UseAutomaticMetric = FALSE;
    row.Metric = 10 + t;
    row.SitePrefixLength = 48 + t;
    return (long)SetIpInterfaceEntry(&row);
}

/* A row from Get written back: the fixed cost (look-up, reading the row,
 * the privilege check), no write. */
static long bench_set_nothing(void *ctx)
{
    struct bench_set *s = ctx;
    MIB_IPINTERFACE_ROW row = bench_key(AF_INET6, s->index);
    DWORD st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        return (long)st;
    return (long)SetIpInterfaceEntry(&row);
}

static long bench_get6(void *ctx)
{
    struct bench_set *s = ctx;
    MIB_IPINTERFACE_ROW row = bench_key(AF_INET6, s->index);
    return (long)GetIpInterfaceEntry(&row);
}

/* The floor of the one-field Set: open, write, close of dad_transmits. */
static long bench_proc_write(void *ctx)
{
    struct bench_set *s = ctx;
    const char *v = s->turn++ % 2 ? "1\n" : "2\n";
    int fd = open("/proc/sys/net/ipv6/conf/" BENCH_IFNAME "/dad_transmits", O_WRONLY | O_CLOEXEC);
    long err = 0;
    if (fd < 0)
        return -errno;
    if (write(fd, v, 2) != 2)
        err = -errno;
    close(fd);
    return err;
}

static void bench_set_usage(void)
{
    printf("usage: bench-set [--iters N]\n"
           "Times SetIpInterfaceEntry in a network namespace of its own (root).\n"
           "  --iters N   timed calls per figure (default 2000)\n");
}

int main(int argc, char **argv)
{
    size_t iters = 2000;
    struct bench_set dad = {0, 0}, all4 = {0, 0}, all6 = {0, 0}, nothing = {0, 0},
                     get6 = {0, 0}, proc = {0, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) {
            iters = strtoul(argv[++i], NULL, 10);
        } else {
            bench_set_usage();
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!bench_enter_netns())
        return 77;
    if (bench_sh("ip link set lo up && ip link add " BENCH_IFNAME " type veth peer name sB && "
                 "ip link set " BENCH_IFNAME " up && ip link set sB up") != 0) {
        printf("skipped: `ip` could not create a veth pair in the namespace\n");
        return 77;
    }
    dad.index = all4.index = all6.index = nothing.index = get6.index = proc.index =
        if_nametoindex(BENCH_IFNAME);
    printf("SetIpInterfaceEntry on a veth end, 3 interfaces, %zu calls each, interleaved\n",
           iters);
    {
        struct bench_case cases[] = {
            {"Set IPv6 DadTransmits (one field)", bench_set_dad, &dad, {0}, 0},
            {"Set IPv4, every settable field (5 + metric)", bench_set_all4, &all4, {0}, 0},
            {"Set IPv6, every settable field (7 + metric, site)", bench_set_all6, &all6, {0}, 0},
            {"Get + Set of the same row (changes nothing)", bench_set_nothing, &nothing, {0}, 0},
            {"ref: GetIpInterfaceEntry(AF_INET6)", bench_get6, &get6, {0}, 0},
            {"floor: open+write+close dad_transmits", bench_proc_write, &proc, {0}, 0},
        };
        bench_run(cases, sizeof(cases) / sizeof(cases[0]), 50, iters);
        if (cases[0].fig.ok && cases[5].fig.ok)
            printf("  one-field Set / bare /proc write: %.1f times (median)\n",
                   cases[0].fig.median_ns / cases[5].fig.median_ns);
    }
    return 0;
}
