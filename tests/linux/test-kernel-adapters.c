/* test-kernel-adapters.c - GetAdaptersAddresses against the running
 * kernel, called the way c-ares and libuv call it (the size with a NULL
 * buffer, a buffer of that size, the call again, a walk of the lists), and
 * every adapter, address and gateway compared with what `ip -j addr`, `ip
 * -j link` and `ip -j route` say (never through the library), the DNS
 * servers with /etc/resolv.conf read here by awk.
 *
 * The program moves itself into a network namespace of its own and makes
 *   v0 (v0p)  a veth pair, up: 198.18.5.1/24, fd00:5::1/64 (nodad), default
 *             routes via 198.18.5.254 and fd00:5::fe
 *   d0 (d0p)  a veth pair, down, no address
 * Addresses come from 198.18.0.0/15 and fd00::/8 only.  Without root it
 * skips and says why.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "ns-util.h"

static char *call(ULONG family, ULONG flags, ULONG *size_out)
{
    ULONG size = 0;
    char *buf;
    assert_int_equal(GetAdaptersAddresses(family, flags, NULL, NULL, &size), ERROR_BUFFER_OVERFLOW);
    buf = malloc(size);
    assert_non_null(buf);
    assert_int_equal(GetAdaptersAddresses(family, flags, NULL, (PIP_ADAPTER_ADDRESSES)buf, &size),
                     NO_ERROR);
    *size_out = size;
    return buf;
}

static void sa_text(const SOCKET_ADDRESS *s, char *out, size_t cap)
{
    const struct sockaddr *sa = s->lpSockaddr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
}

static unsigned occurrences(const char *hay, const char *needle)
{
    unsigned n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void name_of(const IP_ADAPTER_ADDRESSES *a, char *out, size_t cap)
{
    size_t i = 0;
    for (; a->FriendlyName[i] && i + 1 < cap; i++)
        out[i] = (char)a->FriendlyName[i]; /* names here are ASCII */
    out[i] = '\0';
}

/* Every unicast address of the adapter is one ip(8) shows, with its
 * prefix length, and ip(8) shows no other. */
static void check_unicast(const IP_ADAPTER_ADDRESSES *a, const char *name)
{
    char *j = ns_sh_out("ip -j addr show dev %s", name), want[128], addr[INET6_ADDRSTRLEN];
    unsigned n = 0;
    assert_non_null(j);
    for (const IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next, n++) {
        sa_text(&u->Address, addr, sizeof(addr));
        snprintf(want, sizeof(want), "\"local\":\"%s\",\"prefixlen\":%u", addr,
                 (unsigned)u->OnLinkPrefixLength);
        if (strstr(j, want) == NULL)
            fail_msg("%s: %s not in ip addr: %s", name, want, j);
    }
    assert_int_equal(n, occurrences(j, "\"local\":"));
    free(j);
}

/* The gateways are the next hops of ip(8)'s default routes through the
 * interface, both families. */
static void check_gateways(const IP_ADAPTER_ADDRESSES *a, const char *name)
{
    char *j4 = ns_sh_out("ip -j -4 route show default dev %s", name);
    char *j6 = ns_sh_out("ip -j -6 route show default dev %s", name);
    char want[128], addr[INET6_ADDRSTRLEN];
    unsigned n = 0;
    assert_non_null(j4);
    assert_non_null(j6);
    for (const IP_ADAPTER_GATEWAY_ADDRESS *g = a->FirstGatewayAddress; g; g = g->Next, n++) {
        sa_text(&g->Address, addr, sizeof(addr));
        snprintf(want, sizeof(want), "\"gateway\":\"%s\"", addr);
        if (strstr(j4, want) == NULL && strstr(j6, want) == NULL)
            fail_msg("%s: gateway %s not in ip route", name, addr);
    }
    assert_int_equal(n, occurrences(j4, "\"gateway\":") + occurrences(j6, "\"gateway\":"));
    free(j4);
    free(j6);
}

/* The DNS servers of an up, non-loopback adapter are resolv.conf's. */
static void check_dns(const IP_ADAPTER_ADDRESSES *a, const char *name)
{
    char *want = ns_sh_out("awk '$1 == \"nameserver\" { sub(/%%.*/, \"\", $2); print $2 }' "
                           "/etc/resolv.conf 2>/dev/null | head -16");
    char got[4096] = "", addr[INET6_ADDRSTRLEN];
    bool gets = a->OperStatus == IfOperStatusUp && a->IfType != IF_TYPE_SOFTWARE_LOOPBACK;
    assert_non_null(want);
    for (const IP_ADAPTER_DNS_SERVER_ADDRESS *d = a->FirstDnsServerAddress; d; d = d->Next) {
        sa_text(&d->Address, addr, sizeof(addr));
        strncat(got, addr, sizeof(got) - strlen(got) - 2);
        strcat(got, "\n");
    }
    if (access("/run/systemd/resolve/netif", F_OK) == 0)
        print_message("systemd-resolved link files present: %s compared loosely\n", name);
    else if (gets)
        assert_string_equal(got, want);
    else
        assert_string_equal(got, "");
    free(want);
}

/* c-ares' and libuv's pattern, and every adapter against ip(8). */
static void test_against_ip(void **state)
{
    ULONG size;
    char *buf = call(AF_UNSPEC, GAA_FLAG_INCLUDE_GATEWAYS | GAA_FLAG_INCLUDE_PREFIX, &size);
    char *links = ns_sh_out("ip -j link show");
    unsigned n = 0;
    bool saw_v0 = false, saw_d0 = false;
    (void)state;
    assert_non_null(links);
    for (IP_ADAPTER_ADDRESSES *a = (void *)buf; a; a = a->Next, n++) {
        char name[64], want[96];
        NET_IFINDEX idx = a->IfIndex ? a->IfIndex : a->Ipv6IfIndex;
        name_of(a, name, sizeof(name));
        snprintf(want, sizeof(want), "\"ifname\":\"%s\"", name);
        if (strstr(links, want) == NULL || ns_ifindex(name) != idx)
            fail_msg("adapter %s (%u) not in ip link", name, (unsigned)idx);
        assert_int_equal(a->Mtu, ns_link_mtu(name));
        assert_int_equal(a->Luid.Info.NetLuidIndex, idx);
        check_unicast(a, name);
        check_gateways(a, name);
        check_dns(a, name);
        if (strcmp(name, "v0") == 0) {
            saw_v0 = true;
            assert_int_equal(a->OperStatus, IfOperStatusUp);
            assert_int_equal(a->PhysicalAddressLength, 6);
            assert_non_null(a->FirstGatewayAddress);
            assert_non_null(a->FirstPrefix);
            assert_true(a->Ipv4Enabled && a->Ipv6Enabled);
        }
        saw_d0 |= strcmp(name, "d0") == 0;
    }
    assert_true(saw_v0);
    assert_true(saw_d0); /* d0 has IPv4 and IPv6 bound, though down and empty */
    assert_int_equal(n, occurrences(links, "\"ifindex\":"));
    free(links);
    free(buf);
}

/* AF_INET: only IPv4 addresses; IPv6-only interfaces would be left out. */
static void test_inet_only(void **state)
{
    ULONG size;
    char *buf = call(AF_INET, 0, &size);
    (void)state;
    for (IP_ADAPTER_ADDRESSES *a = (void *)buf; a; a = a->Next) {
        assert_true(a->IfIndex != 0);
        for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next)
            assert_int_equal(u->Address.lpSockaddr->sa_family, AF_INET);
    }
    free(buf);
}

/* The adapter list follows the kernel: a new interface appears in the next call. */
static void test_follows_kernel(void **state)
{
    ULONG before = 0, after = 0;
    (void)state;
    assert_int_equal(GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &before), ERROR_BUFFER_OVERFLOW);
    assert_int_equal(ns_sh("ip link add d1 type veth peer name d1p && ip addr add 198.18.9.1/24 dev d1"), 0);
    assert_int_equal(GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &after), ERROR_BUFFER_OVERFLOW);
    assert_true(after > before);
    assert_int_equal(ns_sh("ip link del d1"), 0);
}

static int fixture_setup(void **state)
{
    (void)state;
    if (!ns_is_fresh())
        return -1;
    return ns_sh("ip link set lo up && ip link add v0 type veth peer name v0p && "
                 "ip link set v0 up && ip link set v0p up && "
                 "ip addr add 198.18.5.1/24 dev v0 && ip addr add fd00:5::1/64 dev v0 nodad && "
                 "ip route add default via 198.18.5.254 dev v0 && "
                 "ip -6 route add default via fd00:5::fe dev v0 && "
                 "ip link add d0 type veth peer name d0p") == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_ip),
        cmocka_unit_test(test_inet_only),
        cmocka_unit_test(test_follows_kernel),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("kernel-adapters", why);
    if (ns_sh("ip -o link show lo >/dev/null 2>&1") != 0)
        return ns_run_skipped("kernel-adapters", "no ip(8)");
    return cmocka_run_group_tests_name("kernel-adapters", tests, fixture_setup, NULL);
}
