/* bench-adapters.c - GetAdaptersAddresses at scale: 5001 interfaces (2500
 * veth pairs and lo, down, so that no link-local address is added) with
 * 10,000 addresses (one IPv4 /32 from 198.18.0.0/15 and one IPv6 /64 from
 * fd00::/8 on each veth end), the two-call pattern of c-ares and libuv
 * (size with a NULL buffer, malloc, the call again, free) against one
 * GetUnicastIpAddressTable plus one GetIfTable2 (the target: at
 * most 2x), and the one call with a buffer already large enough.
 *
 * Runs as root: it moves itself into a new network namespace first (the
 * host's interfaces are never touched).  Prints one line per figure and
 * the target line; exits 0 whatever the figures are (77, "skipped", when
 * it cannot make a namespace).  --pairs N, --iters N change the scale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netioapi_compat.h"

#include "bench.h"

struct ctx {
    ULONG size;     /* last size the two-call pattern needed */
    void *big;      /* a buffer of 2x that, for the one-call figure */
};

static long two_calls(void *p)
{
    struct ctx *c = p;
    ULONG size = 0, st;
    void *buf;
    st = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &size);
    if (st != ERROR_BUFFER_OVERFLOW)
        return (long)st;
    if ((buf = malloc(size)) == NULL)
        return -1;
    st = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, buf, &size);
    free(buf);
    c->size = size;
    return (long)st;
}

static long one_call(void *p)
{
    struct ctx *c = p;
    ULONG size = c->size * 2;
    return (long)GetAdaptersAddresses(AF_UNSPEC, 0, NULL, c->big, &size);
}

static long all_flags(void *p)
{
    struct ctx *c = p;
    ULONG size = c->size * 2;
    return (long)GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX |
                                      GAA_FLAG_INCLUDE_GATEWAYS, NULL, c->big, &size);
}

static long rows_floor(void *p)
{
    PMIB_UNICASTIPADDRESS_TABLE a = NULL;
    PMIB_IF_TABLE2 t = NULL;
    NETIO_STATUS st;
    (void)p;
    if ((st = GetUnicastIpAddressTable(AF_UNSPEC, &a)) != NO_ERROR)
        return (long)st;
    st = GetIfTable2(&t);
    FreeMibTable(a);
    FreeMibTable(t);
    return (long)st;
}

/* The parts GetAdaptersAddresses reads, each alone (where the time goes). */
static long part_if(void *p)
{
    PMIB_IF_TABLE2 t = NULL;
    NETIO_STATUS st = GetIfTable2Ex(MibIfTableNormalWithoutStatistics, &t);
    (void)p;
    FreeMibTable(t);
    return (long)st;
}

static long part_ipif(void *p)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    NETIO_STATUS st = GetIpInterfaceTable(AF_UNSPEC, &t);
    (void)p;
    FreeMibTable(t);
    return (long)st;
}

static long part_addr(void *p)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    NETIO_STATUS st = GetUnicastIpAddressTable(AF_UNSPEC, &t);
    (void)p;
    FreeMibTable(t);
    return (long)st;
}

/* The addresses of veth i's two ends, for `ip -batch`. */
static char *addr_lines(size_t pairs)
{
    size_t cap = pairs * 2 * 2 * 64, n = 0;
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < pairs * 2; i++) {
        const char *end = i % 2 ? "bB" : "bA";
        size_t k = i / 2;
        n += (size_t)snprintf(s + n, cap - n,
                              "addr add 198.%zu.%zu.%zu/32 dev %s%zu\n"
                              "addr add fd00:%zx::1/64 dev %s%zu nodad\n",
                              18 + (i >> 16), (i >> 8) & 255, i & 255, end, k, i + 1, end, k);
    }
    return s;
}

int main(int argc, char **argv)
{
    size_t pairs = 2500, iters = 20;
    struct ctx c = {0, NULL};
    char *lines;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--pairs") == 0)
            pairs = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--iters") == 0)
            iters = strtoul(argv[i + 1], NULL, 10);
    }
    if (!bench_enter_netns())
        return 77;
    if ((lines = addr_lines(pairs)) == NULL ||
        bench_sh("ip link set lo up") != 0 || bench_add_veths("bA", "bB", 0, pairs, lines) != 0) {
        printf("setup failed\n");
        free(lines);
        return 1;
    }
    free(lines);
    printf("bench-adapters: %zu interfaces, %zu addresses (+ lo's 2)\n", pairs * 2 + 1,
           pairs * 4);
    if (two_calls(&c) != NO_ERROR || (c.big = malloc((size_t)c.size * 2)) == NULL) {
        printf("GetAdaptersAddresses failed\n");
        return 1;
    }
    printf("  buffer needed: %lu bytes\n", (unsigned long)c.size);
    {
        struct bench_case cases[] = {
            {"GetAdaptersAddresses one call (buffer ready)", one_call, &c, {0}, 0},
            {"GetAdaptersAddresses two calls (size, fill)", two_calls, &c, {0}, 0},
            {"GetAdaptersAddresses +PREFIX +GATEWAYS", all_flags, &c, {0}, 0},
            {"GetUnicastIpAddressTable + GetIfTable2", rows_floor, NULL, {0}, 0},
            {"  part: GetIfTable2Ex (no counters)", part_if, NULL, {0}, 0},
            {"  part: GetIpInterfaceTable(AF_UNSPEC)", part_ipif, NULL, {0}, 0},
            {"  part: GetUnicastIpAddressTable(AF_UNSPEC)", part_addr, NULL, {0}, 0},
        };
        bench_run(cases, sizeof(cases) / sizeof(cases[0]), 2, iters);
        bench_target("two calls <= 2x (addr table + if table)", &cases[1].fig, &cases[3].fig,
                     2.0);
        bench_target("one call <= 1x (addr table + if table)", &cases[0].fig, &cases[3].fig,
                     1.0);
    }
    free(c.big);
    return 0;
}
