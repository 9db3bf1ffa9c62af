/* test-ipif-row.c - ipif.c, the row itself: MIB_IPINTERFACE_ROW from a back end's report, the
 * defaults for facts it does not know, the "unspecified" row, families. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"

#define ROW_SIZE 168
#define ALL_FACTS 0x7FFu

/* An interface with both families bound and every fact known, with values
 * that contain neither poison byte (0xCC, 0x5A). */
static struct nio_iface full;
/* The same interface with no fact known; the raw fact fields hold values
 * the core must ignore. */
static struct nio_iface bare;

static void set_family(struct nio_family *f, uint32_t known, uint32_t mtu)
{
    f->present = true;
    f->known = known;
    f->mtu = mtu;
    f->forwarding = true;
    f->dad_transmits = 2;
    f->router_discovery = RouterDiscoveryEnabled;
    f->managed = true;
    f->other = true;
    f->base_reachable_ms = 25000;
    f->reachable_ms = 27000;
    f->retransmit_ms = 1100;
    f->max_reassembly = 65000;
    f->link_local = LinkLocalAlwaysOn;
    f->pmtu_timeout_ms = 500000;
}

static int setup(void **state)
{
    (void)state;
    memset(&full, 0, sizeof(full));
    full.index = 5;
    full.iftype = IF_TYPE_ETHERNET_CSMACD;
    full.connected = true;
    full.neighbor_discovery = true;
    full.loopback = false;
    full.mtu = 1500;
    strcpy(full.name, "eth4");
    set_family(&full.fam[NIO_V4], ALL_FACTS, 1490);
    set_family(&full.fam[NIO_V6], ALL_FACTS, 1400);
    bare = full;
    bare.fam[NIO_V4].known = 0;
    bare.fam[NIO_V6].known = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return 0;
}

static void fill_poisoned(MIB_IPINTERFACE_ROW *row, int poison, const struct nio_iface *ifc,
                          int slot)
{
    memset(row, poison, sizeof(*row));
    nio_row_fill(row, ifc, slot);
}

/* ------------------------------------------------------- every byte written */
static void check_every_byte_written(const struct nio_iface *ifc, int slot)
{
    MIB_IPINTERFACE_ROW a, b;
    const unsigned char *p = (const unsigned char *)&a;
    fill_poisoned(&a, 0xCC, ifc, slot);
    fill_poisoned(&b, 0x5A, ifc, slot);
    /* The poison shows through nowhere, padding included... */
    for (size_t i = 0; i < sizeof(a); i++)
        if (p[i] == 0xCC)
            fail_msg("byte %zu of the row still holds the 0xCC poison", i);
    /* ...and the result does not depend on what the row held before. */
    assert_memory_equal(&a, &b, sizeof(a));
}

static void test_fill_writes_every_byte(void **state)
{
    (void)state;
    assert_int_equal(sizeof(MIB_IPINTERFACE_ROW), ROW_SIZE);
    check_every_byte_written(&full, NIO_V4);
    check_every_byte_written(&full, NIO_V6);
    check_every_byte_written(&bare, NIO_V4);
    check_every_byte_written(&bare, NIO_V6);
}

/* -------------------------------------------------------- known facts */
/* What every row reports whatever the facts: keys, constants, zones. */
static void check_common(const MIB_IPINTERFACE_ROW *r, const struct nio_iface *ifc, int slot)
{
    assert_int_equal(r->Family, slot == NIO_V6 ? AF_INET6 : AF_INET);
    assert_int_equal(r->InterfaceLuid.Value, nio_luid_make(ifc->iftype, ifc->index));
    assert_int_equal(r->InterfaceIndex, ifc->index);
    assert_int_equal(r->InterfaceIdentifier, 0);
    assert_int_equal(r->MinRouterAdvertisementInterval, 200);
    assert_int_equal(r->MaxRouterAdvertisementInterval, 600);
    assert_int_equal(r->AdvertisingEnabled, FALSE);
    assert_int_equal(r->WeakHostSend, TRUE);
    assert_int_equal(r->WeakHostReceive, TRUE);
    assert_int_equal(r->UseAutomaticMetric, TRUE);
    assert_int_equal(r->UseNeighborUnreachabilityDetection, ifc->neighbor_discovery);
    assert_int_equal(r->AdvertiseDefaultRoute, FALSE);
    assert_int_equal(r->LinkLocalAddressTimeout, 0);
    for (int z = 0; z < ScopeLevelCount; z++) {
        bool zoned = z == ScopeLevelLink || (slot == NIO_V6 && z == ScopeLevelInterface);
        if (r->ZoneIndices[z] != (zoned ? ifc->index : 0))
            fail_msg("ZoneIndices[%d] = %u", z, (unsigned)r->ZoneIndices[z]);
    }
    assert_int_equal(r->SitePrefixLength, 64);
    assert_int_equal(r->Metric, 0);
    assert_int_equal(r->Connected, ifc->connected);
    assert_int_equal(r->SupportsWakeUpPatterns, FALSE);
    assert_int_equal(r->SupportsNeighborDiscovery, ifc->neighbor_discovery);
    assert_int_equal(r->SupportsRouterDiscovery, slot == NIO_V6 && !ifc->loopback);
    assert_int_equal(*(const uint8_t *)&r->TransmitOffload, 0);
    assert_int_equal(*(const uint8_t *)&r->ReceiveOffload, 0);
    assert_int_equal(r->DisableDefaultRoutes, FALSE);
}

static void check_known(int slot, uint32_t mtu)
{
    MIB_IPINTERFACE_ROW r;
    fill_poisoned(&r, 0xCC, &full, slot);
    check_common(&r, &full, slot);
    assert_int_equal(r.MaxReassemblySize, 65000);
    assert_int_equal(r.ForwardingEnabled, TRUE);
    assert_int_equal(r.ManagedAddressConfigurationSupported, TRUE);
    assert_int_equal(r.OtherStatefulConfigurationSupported, TRUE);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryEnabled);
    assert_int_equal(r.DadTransmits, 2);
    assert_int_equal(r.BaseReachableTime, 25000);
    assert_int_equal(r.RetransmitTime, 1100);
    assert_int_equal(r.PathMtuDiscoveryTimeout, 500000);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOn);
    assert_int_equal(r.NlMtu, mtu);
    assert_int_equal(r.ReachableTime, 27000);
}

static void test_fill_known_v4(void **state)
{
    (void)state;
    check_known(NIO_V4, 1490);
}

static void test_fill_known_v6(void **state)
{
    (void)state;
    check_known(NIO_V6, 1400);
}

/* Only the asked family's facts count. */
static void test_fill_uses_own_family(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    full.fam[NIO_V6].dad_transmits = 1;
    full.fam[NIO_V6].forwarding = false;
    nio_row_fill(&r, &full, NIO_V4);
    assert_int_equal(r.DadTransmits, 2);
    assert_int_equal(r.ForwardingEnabled, TRUE);
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.DadTransmits, 1);
    assert_int_equal(r.ForwardingEnabled, FALSE);
}

static void test_fill_known_false_and_zero(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    struct nio_family *f = &full.fam[NIO_V6];
    f->forwarding = false;
    f->managed = false;
    f->other = true;
    f->dad_transmits = 0;
    f->router_discovery = RouterDiscoveryDisabled;
    f->link_local = LinkLocalAlwaysOff;
    full.connected = false;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.ForwardingEnabled, FALSE);
    assert_int_equal(r.ManagedAddressConfigurationSupported, FALSE);
    assert_int_equal(r.OtherStatefulConfigurationSupported, TRUE);
    assert_int_equal(r.DadTransmits, 0);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    assert_int_equal(r.Connected, FALSE);
}

/* ------------------------------------------------------------- defaults */
/* Nothing known: Windows' values, whatever the raw fields hold. */
static void check_defaults(const struct nio_iface *ifc, int slot, uint32_t dad)
{
    MIB_IPINTERFACE_ROW r;
    fill_poisoned(&r, 0xCC, ifc, slot);
    check_common(&r, ifc, slot);
    assert_int_equal(r.MaxReassemblySize, 65535);
    assert_int_equal(r.ForwardingEnabled, FALSE);
    assert_int_equal(r.ManagedAddressConfigurationSupported, FALSE);
    assert_int_equal(r.OtherStatefulConfigurationSupported, FALSE);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
    assert_int_equal(r.DadTransmits, dad);
    assert_int_equal(r.BaseReachableTime, 30000);
    assert_int_equal(r.ReachableTime, 30000);
    assert_int_equal(r.RetransmitTime, 1000);
    assert_int_equal(r.PathMtuDiscoveryTimeout, 600000);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    assert_int_equal(r.NlMtu, ifc->mtu);
}

static void test_defaults_v4(void **state)
{
    (void)state;
    check_defaults(&bare, NIO_V4, 3);
}

static void test_defaults_v6(void **state)
{
    (void)state;
    check_defaults(&bare, NIO_V6, 3);
}

static void test_defaults_loopback(void **state)
{
    (void)state;
    bare.index = 1;
    bare.iftype = IF_TYPE_SOFTWARE_LOOPBACK;
    bare.loopback = true;
    bare.neighbor_discovery = false;
    bare.mtu = 65536;
    check_defaults(&bare, NIO_V4, 0);
    check_defaults(&bare, NIO_V6, 0);
}

/* Issue 15: an interface without neighbour discovery (IFF_NOARP: tun, a
 * veth after `arp off`) does no DAD whatever its knob says, and loopback
 * never gets a link-local address whatever its mode says. */
static void test_no_dad_without_nd(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    full.neighbor_discovery = false;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.DadTransmits, 0);
    assert_int_equal(r.SupportsNeighborDiscovery, FALSE);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOn); /* tun can have one */
    nio_row_fill(&r, &full, NIO_V4);
    assert_int_equal(r.DadTransmits, 0);
    full.neighbor_discovery = true;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.DadTransmits, 2);
    full.loopback = true;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
}

/* Loopback reports DadTransmits 0 and router discovery disabled (Windows'
 * values) even when the OS has settings for them: nothing probes for
 * duplicates or discovers routers there. */
static void test_loopback_overrides_known_facts(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    full.index = 1;
    full.iftype = IF_TYPE_SOFTWARE_LOOPBACK;
    full.loopback = true;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.DadTransmits, 0);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
    assert_int_equal(r.SupportsRouterDiscovery, FALSE);
    nio_row_fill(&r, &full, NIO_V4);
    assert_int_equal(r.DadTransmits, 0);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
}

/* Without the current reachable time, the base stands in for it. */
static void test_reachable_defaults_to_known_base(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    bare.fam[NIO_V6].known = NIO_K_BASE_REACHABLE;
    bare.fam[NIO_V6].base_reachable_ms = 45000;
    nio_row_fill(&r, &bare, NIO_V6);
    assert_int_equal(r.BaseReachableTime, 45000);
    assert_int_equal(r.ReachableTime, 45000);
}

/* Each fact bit governs its own field only. */
static void test_fact_bits_independent(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    bare.fam[NIO_V4].known = NIO_K_MTU;
    nio_row_fill(&r, &bare, NIO_V4);
    assert_int_equal(r.NlMtu, 1490);
    assert_int_equal(r.DadTransmits, 3);
    assert_int_equal(r.MaxReassemblySize, 65535);
    bare.fam[NIO_V4].known = NIO_K_DAD | NIO_K_RETRANSMIT;
    nio_row_fill(&r, &bare, NIO_V4);
    assert_int_equal(r.NlMtu, 1500);
    assert_int_equal(r.DadTransmits, 2);
    assert_int_equal(r.RetransmitTime, 1100);
    assert_int_equal(r.BaseReachableTime, 30000);
    bare.fam[NIO_V4].known = NIO_K_MANAGED_OTHER | NIO_K_FORWARDING;
    nio_row_fill(&r, &bare, NIO_V4);
    assert_int_equal(r.ManagedAddressConfigurationSupported, TRUE);
    assert_int_equal(r.ForwardingEnabled, TRUE);
    assert_int_equal(r.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
    assert_int_equal(r.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    assert_int_equal(r.PathMtuDiscoveryTimeout, 600000);
}

static void test_large_index_row_keys(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    full.index = 0x12345678;
    nio_row_fill(&r, &full, NIO_V6);
    assert_int_equal(r.InterfaceIndex, 0x12345678);
    assert_int_equal(r.InterfaceLuid.Value, nio_luid_make(IF_TYPE_ETHERNET_CSMACD, 0x12345678));
    assert_int_equal(r.ZoneIndices[ScopeLevelInterface], 0x12345678);
}

/* ---------------------------------------------------------- unspecified */
/* The padding of the Windows x64 layout: after Family, after
 * AdvertiseDefaultRoute, after DisableDefaultRoutes. */
static bool is_padding(size_t i)
{
    return (i >= 2 && i < 8) || (i >= 49 && i < 52) || i == 167;
}

static void check_unspecified(const MIB_IPINTERFACE_ROW *r)
{
    const unsigned char *p = (const unsigned char *)r;
    for (size_t i = 0; i < sizeof(*r); i++) {
        bool key;
        if (is_padding(i))
            continue;
        key = i < offsetof(MIB_IPINTERFACE_ROW, Family) + 2 ||
                   (i >= offsetof(MIB_IPINTERFACE_ROW, InterfaceLuid) &&
                    i < offsetof(MIB_IPINTERFACE_ROW, MaxReassemblySize));
        if (p[i] != (key ? 0x00 : 0xFF))
            fail_msg("byte %zu is %#x", i, p[i]);
    }
    assert_int_equal(r->Family, AF_UNSPEC);
    assert_int_equal(r->InterfaceLuid.Value, 0);
    assert_int_equal(r->InterfaceIndex, 0);
    assert_int_equal(r->MaxReassemblySize, 0xFFFFFFFFu);
    assert_int_equal(r->InterfaceIdentifier, 0xFFFFFFFFFFFFFFFFull);
    assert_int_equal(r->ForwardingEnabled, 0xFF);
    assert_int_equal(r->DisableDefaultRoutes, 0xFF);
    assert_int_equal(r->RouterDiscoveryBehavior, RouterDiscoveryUnchanged);
    assert_int_equal(r->LinkLocalAddressBehavior, LinkLocalUnchanged);
    assert_int_equal(r->ZoneIndices[ScopeLevelGlobal], 0xFFFFFFFFu);
    assert_int_equal(r->SitePrefixLength, 0xFFFFFFFFu);
    assert_int_equal(r->NlMtu, 0xFFFFFFFFu);
}

static void test_init_sentinels(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    memset(&r, 0x00, sizeof(r));
    nio_row_init(&r);
    check_unspecified(&r);
    memset(&r, 0x5A, sizeof(r));
    nio_row_init(&r);
    check_unspecified(&r);
}

static void test_initialize_entry_public(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW r;
    memset(&r, 0x5A, sizeof(r));
    InitializeIpInterfaceEntry(&r);
    check_unspecified(&r);
    InitializeIpInterfaceEntry(NULL); /* ignored, no crash */
}

/* ------------------------------------------------------------- families */
static void test_family_slots(void **state)
{
    (void)state;
    assert_int_equal(nio_family_slot(AF_INET), NIO_V4);
    assert_int_equal(nio_family_slot(AF_INET6), NIO_V6);
    assert_int_equal(nio_family_slot(AF_UNSPEC), -1);
    assert_int_equal(nio_family_slot(0xFFFF), -1);
    assert_int_equal(nio_family_slot(AF_INET6 + 1), -1);
    assert_int_equal(nio_family_of_slot(NIO_V4), AF_INET);
    assert_int_equal(nio_family_of_slot(NIO_V6), AF_INET6);
}

/* The API takes the host's AF_INET6; Windows' 23 is not IPv6 here. */
static void test_family_host_inet6(void **state)
{
    (void)state;
#ifdef __linux__
    assert_int_equal(AF_INET6, 10);
#endif
    if (AF_INET6 != 23)
        assert_int_equal(nio_family_slot(23), -1);
    assert_int_equal(AF_INET, 2);
}

static void test_iface_luid(void **state)
{
    (void)state;
    struct nio_iface lo;
    memset(&lo, 0, sizeof(lo));
    lo.index = 1;
    lo.iftype = IF_TYPE_SOFTWARE_LOOPBACK;
    assert_int_equal(nio_iface_luid(&lo), 0x18000001000000ull);
    assert_int_equal(nio_iface_luid(&full), 0x0006000005000000ull);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_fill_writes_every_byte),
        T(test_fill_known_v4),
        T(test_fill_known_v6),
        T(test_fill_uses_own_family),
        T(test_fill_known_false_and_zero),
        T(test_defaults_v4),
        T(test_defaults_v6),
        T(test_defaults_loopback),
        T(test_loopback_overrides_known_facts),
        T(test_no_dad_without_nd),
        T(test_reachable_defaults_to_known_base),
        T(test_fact_bits_independent),
        T(test_large_index_row_keys),
        T(test_init_sentinels),
        T(test_initialize_entry_public),
        T(test_family_slots),
        T(test_family_host_inet6),
        T(test_iface_luid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
