/* test-layout-adapters.c - IP_ADAPTER_ADDRESSES_LH and its list elements
 * against the Windows x64 layout.  The offsets below were printed from
 * mingw-w64's iptypes.h (x86_64-w64-mingw32-gcc -D_WIN32_WINNT=0x0A00, the
 * offsetof values read from the generated assembly): adapter 448 bytes,
 * unicast 64, anycast/multicast/DNS/WINS/gateway 32, prefix 40, DNS suffix
 * 520.  SOCKET_ADDRESS is a pointer and an INT on every 64-bit OS (16). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "layout-check.h"

#define A IP_ADAPTER_ADDRESSES_LH

static void test_adapter(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(A, Alignment, 0, 8), FIELD(A, Length, 0, 4), FIELD(A, IfIndex, 4, 4),
        FIELD(A, Next, 8, 8), FIELD(A, AdapterName, 16, 8),
        FIELD(A, FirstUnicastAddress, 24, 8), FIELD(A, FirstAnycastAddress, 32, 8),
        FIELD(A, FirstMulticastAddress, 40, 8), FIELD(A, FirstDnsServerAddress, 48, 8),
        FIELD(A, DnsSuffix, 56, 8), FIELD(A, Description, 64, 8), FIELD(A, FriendlyName, 72, 8),
        FIELD(A, PhysicalAddress, 80, 8), FIELD(A, PhysicalAddressLength, 88, 4),
        FIELD(A, Flags, 92, 4), FIELD(A, Mtu, 96, 4), FIELD(A, IfType, 100, 4),
        FIELD(A, OperStatus, 104, 4), FIELD(A, Ipv6IfIndex, 108, 4),
        FIELD(A, ZoneIndices, 112, 64), FIELD(A, FirstPrefix, 176, 8),
        FIELD(A, TransmitLinkSpeed, 184, 8), FIELD(A, ReceiveLinkSpeed, 192, 8),
        FIELD(A, FirstWinsServerAddress, 200, 8), FIELD(A, FirstGatewayAddress, 208, 8),
        FIELD(A, Ipv4Metric, 216, 4), FIELD(A, Ipv6Metric, 220, 4), FIELD(A, Luid, 224, 8),
        FIELD(A, Dhcpv4Server, 232, 16), FIELD(A, CompartmentId, 248, 4),
        FIELD(A, NetworkGuid, 252, 16), FIELD(A, ConnectionType, 268, 4),
        FIELD(A, TunnelType, 272, 4), FIELD(A, Dhcpv6Server, 280, 16),
        FIELD(A, Dhcpv6ClientDuid, 296, 130), FIELD(A, Dhcpv6ClientDuidLength, 428, 4),
        FIELD(A, Dhcpv6Iaid, 432, 4), FIELD(A, FirstDnsSuffix, 440, 8),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(IP_ADAPTER_ADDRESSES_LH), 448);
    assert_int_equal(sizeof(IP_ADAPTER_ADDRESSES), 448);
    assert_int_equal(_Alignof(IP_ADAPTER_ADDRESSES_LH), 8);
}

/* The bit-fields of Flags fall on Windows' bits. */
static void test_adapter_flags(void **state)
{
    A a;
    (void)state;
    memset(&a, 0, sizeof(a));
    a.DdnsEnabled = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_DDNS_ENABLED);
    a.Flags = 0;
    a.Dhcpv4Enabled = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_DHCP_ENABLED);
    a.Flags = 0;
    a.Ipv6OtherStatefulConfig = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_IPV6_OTHER_STATEFUL_CONFIG);
    a.Flags = 0;
    a.Ipv4Enabled = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_IPV4_ENABLED);
    a.Flags = 0;
    a.Ipv6Enabled = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_IPV6_ENABLED);
    a.Flags = 0;
    a.Ipv6ManagedAddressConfigurationSupported = 1;
    assert_int_equal(a.Flags, IP_ADAPTER_IPV6_MANAGE_ADDRESS_CONFIG);
}

static void test_elements(void **state)
{
    (void)state;
    static const struct field u[] = {
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, Length, 0, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, Flags, 4, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, Next, 8, 8),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, Address, 16, 16),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, PrefixOrigin, 32, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, SuffixOrigin, 36, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, DadState, 40, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, ValidLifetime, 44, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, PreferredLifetime, 48, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, LeaseLifetime, 52, 4),
        FIELD(IP_ADAPTER_UNICAST_ADDRESS_LH, OnLinkPrefixLength, 56, 1),
        FIELD(IP_ADAPTER_PREFIX_XP, Address, 16, 16),
        FIELD(IP_ADAPTER_PREFIX_XP, PrefixLength, 32, 4),
        FIELD(IP_ADAPTER_GATEWAY_ADDRESS_LH, Address, 16, 16),
        FIELD(IP_ADAPTER_DNS_SERVER_ADDRESS_XP, Reserved, 4, 4),
        FIELD(IP_ADAPTER_DNS_SUFFIX, String, 8, 512),
        FIELD(SOCKET_ADDRESS, lpSockaddr, 0, 8),
        FIELD(SOCKET_ADDRESS, iSockaddrLength, 8, 4),
    };
    check_fields(u, sizeof(u) / sizeof(u[0]));
    assert_int_equal(sizeof(IP_ADAPTER_UNICAST_ADDRESS_LH), 64);
    assert_int_equal(sizeof(IP_ADAPTER_ANYCAST_ADDRESS_XP), 32);
    assert_int_equal(sizeof(IP_ADAPTER_MULTICAST_ADDRESS_XP), 32);
    assert_int_equal(sizeof(IP_ADAPTER_DNS_SERVER_ADDRESS_XP), 32);
    assert_int_equal(sizeof(IP_ADAPTER_PREFIX_XP), 40);
    assert_int_equal(sizeof(IP_ADAPTER_WINS_SERVER_ADDRESS_LH), 32);
    assert_int_equal(sizeof(IP_ADAPTER_GATEWAY_ADDRESS_LH), 32);
    assert_int_equal(sizeof(IP_ADAPTER_DNS_SUFFIX), 520);
    assert_int_equal(sizeof(SOCKET_ADDRESS), 16);
}

static void test_constants(void **state)
{
    (void)state;
    assert_int_equal(ERROR_BUFFER_OVERFLOW, 111);
    assert_int_equal(ERROR_NO_DATA, 232);
    assert_int_equal(MAX_ADAPTER_ADDRESS_LENGTH, 8);
    assert_int_equal(MAX_DNS_SUFFIX_STRING_LENGTH, 256);
    assert_int_equal(GAA_FLAG_SKIP_UNICAST, 0x1);
    assert_int_equal(GAA_FLAG_INCLUDE_PREFIX, 0x10);
    assert_int_equal(GAA_FLAG_INCLUDE_GATEWAYS, 0x80);
    assert_int_equal(GAA_FLAG_INCLUDE_ALL_INTERFACES, 0x100);
    assert_int_equal(GAA_FLAG_INCLUDE_TUNNEL_BINDINGORDER, 0x400);
    assert_int_equal(GAA_FLAG_SKIP_DNS_INFO, 0x800);
    assert_int_equal(IP_ADAPTER_ADDRESS_DNS_ELIGIBLE, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adapter),
        cmocka_unit_test(test_adapter_flags),
        cmocka_unit_test(test_elements),
        cmocka_unit_test(test_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
