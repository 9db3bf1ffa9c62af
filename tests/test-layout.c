/* test-layout.c - the public types against the Windows x64 layout (offsets
 * from mingw-w64's headers, /work/shared/README.md section 1), so that rows
 * can be exchanged with Windows code and documentation byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "layout-check.h"

static int setup(void **state)
{
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return 0;
}

static void test_row_fields(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(MIB_IPINTERFACE_ROW, Family, 0, 2),
        FIELD(MIB_IPINTERFACE_ROW, InterfaceLuid, 8, 8),
        FIELD(MIB_IPINTERFACE_ROW, InterfaceIndex, 16, 4),
        FIELD(MIB_IPINTERFACE_ROW, MaxReassemblySize, 20, 4),
        FIELD(MIB_IPINTERFACE_ROW, InterfaceIdentifier, 24, 8),
        FIELD(MIB_IPINTERFACE_ROW, MinRouterAdvertisementInterval, 32, 4),
        FIELD(MIB_IPINTERFACE_ROW, MaxRouterAdvertisementInterval, 36, 4),
        FIELD(MIB_IPINTERFACE_ROW, AdvertisingEnabled, 40, 1),
        FIELD(MIB_IPINTERFACE_ROW, ForwardingEnabled, 41, 1),
        FIELD(MIB_IPINTERFACE_ROW, WeakHostSend, 42, 1),
        FIELD(MIB_IPINTERFACE_ROW, WeakHostReceive, 43, 1),
        FIELD(MIB_IPINTERFACE_ROW, UseAutomaticMetric, 44, 1),
        FIELD(MIB_IPINTERFACE_ROW, UseNeighborUnreachabilityDetection, 45, 1),
        FIELD(MIB_IPINTERFACE_ROW, ManagedAddressConfigurationSupported, 46, 1),
        FIELD(MIB_IPINTERFACE_ROW, OtherStatefulConfigurationSupported, 47, 1),
        FIELD(MIB_IPINTERFACE_ROW, AdvertiseDefaultRoute, 48, 1),
        FIELD(MIB_IPINTERFACE_ROW, RouterDiscoveryBehavior, 52, 4),
        FIELD(MIB_IPINTERFACE_ROW, DadTransmits, 56, 4),
        FIELD(MIB_IPINTERFACE_ROW, BaseReachableTime, 60, 4),
        FIELD(MIB_IPINTERFACE_ROW, RetransmitTime, 64, 4),
        FIELD(MIB_IPINTERFACE_ROW, PathMtuDiscoveryTimeout, 68, 4),
        FIELD(MIB_IPINTERFACE_ROW, LinkLocalAddressBehavior, 72, 4),
        FIELD(MIB_IPINTERFACE_ROW, LinkLocalAddressTimeout, 76, 4),
        FIELD(MIB_IPINTERFACE_ROW, ZoneIndices, 80, 64),
        FIELD(MIB_IPINTERFACE_ROW, SitePrefixLength, 144, 4),
        FIELD(MIB_IPINTERFACE_ROW, Metric, 148, 4),
        FIELD(MIB_IPINTERFACE_ROW, NlMtu, 152, 4),
        FIELD(MIB_IPINTERFACE_ROW, Connected, 156, 1),
        FIELD(MIB_IPINTERFACE_ROW, SupportsWakeUpPatterns, 157, 1),
        FIELD(MIB_IPINTERFACE_ROW, SupportsNeighborDiscovery, 158, 1),
        FIELD(MIB_IPINTERFACE_ROW, SupportsRouterDiscovery, 159, 1),
        FIELD(MIB_IPINTERFACE_ROW, ReachableTime, 160, 4),
        FIELD(MIB_IPINTERFACE_ROW, TransmitOffload, 164, 1),
        FIELD(MIB_IPINTERFACE_ROW, ReceiveOffload, 165, 1),
        FIELD(MIB_IPINTERFACE_ROW, DisableDefaultRoutes, 166, 1),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(MIB_IPINTERFACE_ROW), 168);
    assert_int_equal(_Alignof(MIB_IPINTERFACE_ROW), 8);
    assert_int_equal(ScopeLevelCount, 16);
}

static void test_table(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(MIB_IPINTERFACE_TABLE, NumEntries, 0, 4),
        FIELD(MIB_IPINTERFACE_TABLE, Table, 8, 168),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(MIB_IPINTERFACE_TABLE), 176);
}

static void test_luid_type(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(NET_LUID, Value, 0, 8),
        FIELD(NET_LUID, Info, 0, 8),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(NET_LUID), 8);
    assert_int_equal(_Alignof(NET_LUID), 8);
    assert_int_equal(sizeof(IF_LUID), 8);
}

/* Reserved:24, NetLuidIndex:24, IfType:16, low bits first. */
static void test_luid_bit_fields(void **state)
{
    (void)state;
    NET_LUID l;
    l.Value = 0;
    l.Info.IfType = 24;
    l.Info.NetLuidIndex = 1;
    assert_int_equal(l.Value, 0x18000001000000ull);
    l.Value = 0;
    l.Info.Reserved = 0xABCDEF;
    assert_int_equal(l.Value, 0xABCDEFull);
    l.Value = 0;
    l.Info.NetLuidIndex = 0xFFFFFF;
    assert_int_equal(l.Value, 0xFFFFFF000000ull);
    l.Value = 0;
    l.Info.IfType = 0xFFFF;
    assert_int_equal(l.Value, 0xFFFF000000000000ull);
    l.Value = 0x0006000003000005ull;
    assert_int_equal(l.Info.IfType, 6);
    assert_int_equal(l.Info.NetLuidIndex, 3);
    assert_int_equal(l.Info.Reserved, 5);
}

static void test_guid(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(GUID, Data1, 0, 4),
        FIELD(GUID, Data2, 4, 2),
        FIELD(GUID, Data3, 6, 2),
        FIELD(GUID, Data4, 8, 8),
    };
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(GUID), 16);
}

static void test_sockaddr_inet(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(SOCKADDR_INET, Ipv4, 0, 16),
        FIELD(SOCKADDR_INET, Ipv6, 0, 28),
        FIELD(SOCKADDR_INET, si_family, 0, 2),
    };
    SOCKADDR_INET a;
    check_fields(f, sizeof(f) / sizeof(f[0]));
    assert_int_equal(sizeof(SOCKADDR_INET), 28);
    memset(&a, 0, sizeof(a));
    a.Ipv6.sin6_family = AF_INET6;
    assert_int_equal(a.si_family, AF_INET6);
    a.Ipv4.sin_family = AF_INET;
    assert_int_equal(a.si_family, AF_INET);
}

/* One byte; NlChecksumSupported is bit 0, TlGiantSendOffloadSupported 7. */
static void test_offload_bits(void **state)
{
    (void)state;
    NL_INTERFACE_OFFLOAD_ROD o;
    unsigned char b;
    assert_int_equal(sizeof(o), 1);
    memset(&o, 0, sizeof(o));
    o.NlChecksumSupported = 1;
    memcpy(&b, &o, 1);
    assert_int_equal(b, 0x01);
    memset(&o, 0, sizeof(o));
    o.TlStreamChecksumSupported = 1;
    memcpy(&b, &o, 1);
    assert_int_equal(b, 0x08);
    memset(&o, 0, sizeof(o));
    o.TlGiantSendOffloadSupported = 1;
    memcpy(&b, &o, 1);
    assert_int_equal(b, 0x80);
}

/* Base types have Windows' widths whatever the OS's long is. */
static void test_base_types(void **state)
{
    (void)state;
    assert_int_equal(sizeof(UCHAR), 1);
    assert_int_equal(sizeof(BOOLEAN), 1);
    assert_int_equal(sizeof(USHORT), 2);
    assert_int_equal(sizeof(ADDRESS_FAMILY), 2);
    assert_int_equal(sizeof(WCHAR), 2);
    assert_int_equal(sizeof(ULONG), 4);
    assert_int_equal(sizeof(LONG), 4);
    assert_int_equal(sizeof(DWORD), 4);
    assert_int_equal(sizeof(NTSTATUS), 4);
    assert_int_equal(sizeof(NET_IFINDEX), 4);
    assert_int_equal(sizeof(NET_IFTYPE), 2);
    assert_int_equal(sizeof(ULONG64), 8);
    assert_int_equal(sizeof(NL_ROUTER_DISCOVERY_BEHAVIOR), 4);
    assert_int_equal(sizeof(NL_LINK_LOCAL_ADDRESS_BEHAVIOR), 4);
    assert_int_equal(sizeof(MIB_NOTIFICATION_TYPE), 4);
    assert_true((ADDRESS_FAMILY)-1 > 0);
    assert_true((ULONG)-1 > 0);
    assert_true((LONG)-1 < 0);
    assert_true((NTSTATUS)-1 < 0);
}

/* The header's constants, against Windows' numbers. */
static void test_constants(void **state)
{
    (void)state;
    assert_int_equal(NO_ERROR, 0);
    assert_int_equal(ERROR_FILE_NOT_FOUND, 2);
    assert_int_equal(ERROR_ACCESS_DENIED, 5);
    assert_int_equal(ERROR_NOT_ENOUGH_MEMORY, 8);
    assert_int_equal(ERROR_GEN_FAILURE, 31);
    assert_int_equal(ERROR_NOT_SUPPORTED, 50);
    assert_int_equal(ERROR_INVALID_PARAMETER, 87);
    assert_int_equal(ERROR_INSUFFICIENT_BUFFER, 122);
    assert_int_equal(ERROR_INVALID_NAME, 123);
    assert_int_equal(ERROR_NOT_FOUND, 1168);
    assert_int_equal(ERROR_NETWORK_UNREACHABLE, 1231);
    assert_int_equal(ERROR_RETRY, 1237);
    assert_int_equal((uint32_t)STATUS_SUCCESS, 0);
    assert_int_equal((uint32_t)STATUS_UNSUCCESSFUL, 0xC0000001u);
    assert_int_equal((uint32_t)STATUS_INVALID_PARAMETER, 0xC000000Du);
    assert_int_equal((uint32_t)STATUS_NO_MEMORY, 0xC0000017u);
    assert_int_equal((uint32_t)STATUS_ACCESS_DENIED, 0xC0000022u);
    assert_int_equal((uint32_t)STATUS_BUFFER_TOO_SMALL, 0xC0000023u);
    assert_int_equal((uint32_t)STATUS_OBJECT_NAME_INVALID, 0xC0000033u);
    assert_int_equal((uint32_t)STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034u);
    assert_int_equal((uint32_t)STATUS_NOT_SUPPORTED, 0xC00000BBu);
    assert_int_equal((uint32_t)STATUS_NOT_FOUND, 0xC0000225u);
    assert_int_equal((uint32_t)STATUS_RETRY, 0xC000022Du);
    assert_int_equal((uint32_t)STATUS_NETWORK_UNREACHABLE, 0xC000023Cu);
    assert_int_equal(IF_TYPE_ETHERNET_CSMACD, 6);
    assert_int_equal(IF_TYPE_PPP, 23);
    assert_int_equal(IF_TYPE_SOFTWARE_LOOPBACK, 24);
    assert_int_equal(IF_TYPE_PROP_VIRTUAL, 53);
    assert_int_equal(IF_TYPE_IEEE80211, 71);
    assert_int_equal(IF_TYPE_TUNNEL, 131);
    assert_int_equal(IF_TYPE_L2_VLAN, 135);
    assert_int_equal(IF_TYPE_IEEE8023AD_LAG, 161);
    assert_int_equal(IF_TYPE_BRIDGE, 209);
    assert_int_equal(ScopeLevelInterface, 1);
    assert_int_equal(ScopeLevelLink, 2);
    assert_int_equal(ScopeLevelGlobal, 14);
    assert_int_equal(MibParameterNotification, 0);
    assert_int_equal(MibAddInstance, 1);
    assert_int_equal(MibDeleteInstance, 2);
    assert_int_equal(MibInitialNotification, 3);
    assert_int_equal(RouterDiscoveryUnchanged, -1);
    assert_int_equal(LinkLocalUnchanged, -1);
    assert_int_equal(NDIS_IF_MAX_STRING_SIZE, 256);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_row_fields),
        T(test_table),
        T(test_luid_type),
        T(test_luid_bit_fields),
        T(test_guid),
        T(test_sockaddr_inet),
        T(test_offload_bits),
        T(test_base_types),
        T(test_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
