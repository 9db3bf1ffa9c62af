/* test-ipif-set.c - SetIpInterfaceEntry (ipif-set.c, ipif-store.c) through the public entry
 * point over the fake back end: validation, the fields it may change and
 * those it refuses, all or nothing, and the system-wide record (metric,
 * site prefix, DisableDefaultRoutes) with what it does to the OS's routes. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"
#include "rowcache.h" /* nio_cache_update_all: the notification sweep */

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))

/* Each test gets an interface index of its own, so that a record one test
 * leaves can never pass for another's (the fake record is reset too). */
static uint32_t next_index = 100;
static uint32_t dut; /* the interface under test */

static int setup(void **state)
{
    (void)state;
    char name[16];
    struct nio_iface *ifc;
    fake_os_reset();
    fake_store_reset();
    fake_os_standard();
    dut = next_index++;
    snprintf(name, sizeof(name), "eth%u", (unsigned)dut);
    ifc = fake_os_add(dut, IF_TYPE_ETHERNET_CSMACD, name);
    /* 1 Gb/s: Windows' automatic metric 10 (KB 299540). */
    fake_os_ifrow(dut)->speed = NIO_SPEED_KNOWN;
    fake_os_ifrow(dut)->speed_bps = 1000000000ull;
    for (int slot = 0; slot < NIO_FAMILIES; slot++) {
        struct nio_family *f = &ifc->fam[slot];
        f->known = NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD | NIO_K_BASE_REACHABLE |
                   NIO_K_RETRANSMIT | NIO_K_ROUTER_DISCOVERY | NIO_K_LINK_LOCAL;
        f->mtu = 1500;
        f->forwarding = false;
        f->dad_transmits = 1;
        f->base_reachable_ms = 30000;
        f->retransmit_ms = 1000;
        f->router_discovery = RouterDiscoveryDisabled;
        f->link_local = LinkLocalAlwaysOn;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_os_reset();
    fake_store_reset();
    return 0;
}

#define AUTO_METRIC 10 /* the dut's, at 1 Gb/s */

/* A row as Windows code prepares one for Set: initialized, then keyed. */
static void init_row(MIB_IPINTERFACE_ROW *row, ADDRESS_FAMILY family, NET_IFINDEX index)
{
    InitializeIpInterfaceEntry(row);
    row->Family = family;
    row->InterfaceIndex = index;
}

static void get_row(MIB_IPINTERFACE_ROW *row, ADDRESS_FAMILY family, NET_IFINDEX index)
{
    init_row(row, family, index);
    assert_int_equal(GetIpInterfaceEntry(row), 0);
}

static void assert_no_changes(void)
{
    assert_int_equal(fake_os_calls(FAKE_APPLY), 0);
    assert_int_equal(fake_os_calls(FAKE_UNDO), 0);
}

/* The row Get reports now equals before. */
static void assert_row_unchanged(const MIB_IPINTERFACE_ROW *before)
{
    MIB_IPINTERFACE_ROW now;
    get_row(&now, before->Family, before->InterfaceIndex);
    assert_memory_equal(&now, before, sizeof(now));
}

/* ------------------------------------------------------------ parameters */
static void test_params(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    assert_int_equal(SetIpInterfaceEntry(NULL), 87);
    init_row(&row, AF_UNSPEC, dut);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    init_row(&row, 0xFFFF, dut);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    init_row(&row, AF_INET, 0);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    assert_no_changes();
}

static void test_not_found(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET, 99);
    row.DadTransmits = 2;
    assert_int_equal(SetIpInterfaceEntry(&row), 1168);
    init_row(&row, AF_INET, dut); /* the LUID wins */
    row.InterfaceLuid.Value = LUID(IF_TYPE_ETHERNET_CSMACD, 99);
    row.DadTransmits = 2;
    assert_int_equal(SetIpInterfaceEntry(&row), 1168);
    init_row(&row, AF_INET6, FAKE_ETH0); /* family not bound */
    row.DadTransmits = 2;
    assert_int_equal(SetIpInterfaceEntry(&row), 1168);
    assert_no_changes();
}

/* Issue 15: where the interface does no DAD (no neighbour discovery) or
 * can have no link-local address (loopback), the value Get reports goes
 * back, and any other is NOT_SUPPORTED with nothing written. */
static void test_knobs_without_effect(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    fake_os_find(dut)->neighbor_discovery = false;
    fake_os_find(dut)->fam[NIO_V6].known |= NIO_K_DAD;
    fake_os_find(dut)->fam[NIO_V6].dad_transmits = 1;
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.DadTransmits, 0);
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    init_row(&row, AF_INET6, dut);
    row.DadTransmits = 0; /* what wireguard-windows sets on its tunnel */
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    row.DadTransmits = 3;
    assert_int_equal(SetIpInterfaceEntry(&row), 50);
    get_row(&row, AF_INET6, FAKE_LO);
    assert_int_equal(row.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    init_row(&row, AF_INET6, FAKE_LO);
    row.LinkLocalAddressBehavior = LinkLocalAlwaysOn;
    assert_int_equal(SetIpInterfaceEntry(&row), 50);
    row.LinkLocalAddressBehavior = LinkLocalAlwaysOff;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes();
}

/* ------------------------------------------------------------- no-op Sets */
/* Only keys: nothing to do, success, the LUID filled in. */
static void test_initialized_row_changes_nothing(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW before, row;
    get_row(&before, AF_INET6, dut);
    init_row(&row, AF_INET6, dut);
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_ETHERNET_CSMACD, dut));
    assert_no_changes();
    assert_row_unchanged(&before);
}

/* Read-modify-write: a row from Get written back changes nothing (IPv4
 * needs SitePrefixLength zeroed first, as on Windows). */
static void test_get_then_set_unchanged(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW before, row;
    get_row(&before, AF_INET6, dut);
    row = before;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes();
    assert_row_unchanged(&before);
    get_row(&before, AF_INET, dut);
    row = before;
    row.SitePrefixLength = 0;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes();
    assert_row_unchanged(&before);
}

/* Windows reports 64 on IPv4 and refuses it back. */
static void test_v4_site_prefix_refused(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.SitePrefixLength, 64);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    init_row(&row, AF_INET, dut);
    row.SitePrefixLength = 24;
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    assert_no_changes();
}

/* Read-only fields are ignored, whatever they hold. */
static void test_read_only_ignored(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW before, row;
    get_row(&before, AF_INET6, dut);
    row = before;
    row.MaxReassemblySize = 1;
    row.MinRouterAdvertisementInterval = 3;
    row.MaxRouterAdvertisementInterval = 4;
    row.Connected = !row.Connected;
    row.SupportsWakeUpPatterns = TRUE;
    row.SupportsNeighborDiscovery = !row.SupportsNeighborDiscovery;
    row.SupportsRouterDiscovery = !row.SupportsRouterDiscovery;
    row.ReachableTime = 12345;
    row.TransmitOffload.NlChecksumSupported = 1;
    row.ReceiveOffload.TlGiantSendOffloadSupported = 1;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes();
    assert_row_unchanged(&before);
}

/* ----------------------------------------------------------- knob changes */
static void test_change_each_knob(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    unsigned n;
    const struct fake_step *s;
    init_row(&row, AF_INET6, dut);
    row.ForwardingEnabled = TRUE;
    row.DadTransmits = 4;
    row.RouterDiscoveryBehavior = RouterDiscoveryEnabled;
    row.BaseReachableTime = 45000;
    row.RetransmitTime = 2000;
    row.LinkLocalAddressBehavior = LinkLocalAlwaysOff;
    row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    /* One apply per knob, in knob order, nothing undone. */
    s = fake_os_steps(&n);
    assert_int_equal(n, 7);
    for (unsigned i = 0; i < n; i++) {
        assert_false(s[i].undo);
        assert_int_equal(s[i].knob, i);
        assert_int_equal(s[i].slot, NIO_V6);
        assert_int_equal(s[i].index, dut);
    }
    assert_int_equal(s[NIO_KNOB_FORWARDING].value, 1);
    assert_int_equal(s[NIO_KNOB_DAD].value, 4);
    assert_int_equal(s[NIO_KNOB_ROUTER_DISCOVERY].value, RouterDiscoveryEnabled);
    assert_int_equal(s[NIO_KNOB_BASE_REACHABLE].value, 45000);
    assert_int_equal(s[NIO_KNOB_RETRANSMIT].value, 2000);
    assert_int_equal(s[NIO_KNOB_LINK_LOCAL].value, LinkLocalAlwaysOff);
    assert_int_equal(s[NIO_KNOB_MTU].value, 1400);
    /* Get reports the new values. */
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.ForwardingEnabled, TRUE);
    assert_int_equal(row.DadTransmits, 4);
    assert_int_equal(row.RouterDiscoveryBehavior, RouterDiscoveryEnabled);
    assert_int_equal(row.BaseReachableTime, 45000);
    assert_int_equal(row.RetransmitTime, 2000);
    assert_int_equal(row.LinkLocalAddressBehavior, LinkLocalAlwaysOff);
    assert_int_equal(row.NlMtu, 1400);
    /* The other family is untouched. */
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.DadTransmits, 1);
    assert_int_equal(row.NlMtu, 1500);
}

/* A field equal to the current value is not applied again. */
static void test_only_differences_applied(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    unsigned n;
    const struct fake_step *s;
    get_row(&row, AF_INET, dut);
    row.SitePrefixLength = 0;
    row.NlMtu = 9000;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    s = fake_os_steps(&n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].knob, NIO_KNOB_MTU);
    assert_int_equal(s[0].value, 9000);
}

/* Set by LUID alone, and the LUID over a wrong index. */
static void test_set_by_luid(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, FAKE_ETH0);
    row.InterfaceLuid.Value = LUID(IF_TYPE_ETHERNET_CSMACD, dut);
    row.DadTransmits = 7;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.DadTransmits, 7);
}

/* ------------------------------------------------------------- refusals */
static void expect_refused(MIB_IPINTERFACE_ROW *row, DWORD want)
{
    MIB_IPINTERFACE_ROW before;
    get_row(&before, row->Family, row->InterfaceIndex);
    assert_int_equal(SetIpInterfaceEntry(row), want);
    assert_no_changes();
    assert_row_unchanged(&before);
}

static void test_range_checks(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.NlMtu = 1279;
    expect_refused(&row, 87);
    init_row(&row, AF_INET, dut);
    row.NlMtu = 67;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.BaseReachableTime = 0;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.RetransmitTime = 0;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.DadTransmits = 0x80000000u;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.RouterDiscoveryBehavior = (NL_ROUTER_DISCOVERY_BEHAVIOR)7;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.LinkLocalAddressBehavior = (NL_LINK_LOCAL_ADDRESS_BEHAVIOR)9;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.SitePrefixLength = 129;
    expect_refused(&row, 87);
}

/* The boundaries themselves are accepted. */
static void test_range_boundaries(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.NlMtu = 1280;
    row.DadTransmits = 0;
    row.BaseReachableTime = 1;
    row.RetransmitTime = 1;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    init_row(&row, AF_INET, dut);
    row.NlMtu = 68;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.NlMtu, 1280);
    assert_int_equal(row.DadTransmits, 0);
}

/* Fields no OS here can change: only "unspecified" or the current value. */
static void test_fixed_fields_not_supported(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.WeakHostSend = FALSE;
    expect_refused(&row, 50);
    init_row(&row, AF_INET6, dut);
    row.AdvertisingEnabled = TRUE;
    expect_refused(&row, 50);
    /* DisableDefaultRoutes is the record's: the tests below and
     * tests/test-bestroute.c. */
    init_row(&row, AF_INET6, dut);
    row.PathMtuDiscoveryTimeout = 1;
    expect_refused(&row, 50);
    init_row(&row, AF_INET6, dut);
    row.ZoneIndices[ScopeLevelLink] = dut + 1;
    expect_refused(&row, 50);
    init_row(&row, AF_INET6, dut);
    row.RouterDiscoveryBehavior = RouterDiscoveryDhcp;
    expect_refused(&row, 50);
    init_row(&row, AF_INET6, dut);
    row.LinkLocalAddressBehavior = LinkLocalDelayed;
    expect_refused(&row, 50);
}

/* A knob the back end cannot change for that family. */
static void test_knob_not_offered(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    fake_os_set_knobs(NIO_V4, (1u << NIO_KNOB_MTU));
    init_row(&row, AF_INET, dut);
    row.DadTransmits = 5;
    row.NlMtu = 1400;
    expect_refused(&row, 50);
    /* ...while an unchanged value of it is fine. */
    init_row(&row, AF_INET, dut);
    row.DadTransmits = 1;
    row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
}

/* A value the back end says it cannot take is refused before any write,
 * even when other fields of the row would have been applied first. */
static void test_value_not_accepted(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    unsigned steps;
    fake_os_refuse_value(NIO_V6, NIO_KNOB_DAD, 7);
    init_row(&row, AF_INET6, dut);
    row.ForwardingEnabled = TRUE;
    row.DadTransmits = 7;
    expect_refused(&row, 50);
    fake_os_steps(&steps);
    assert_int_equal(steps, 0);
    init_row(&row, AF_INET6, dut);
    row.DadTransmits = 6;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
}

/* A value wrong everywhere outranks one this OS cannot express. */
static void test_invalid_outranks_not_supported(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.WeakHostSend = FALSE;
    row.NlMtu = 10;
    expect_refused(&row, 87);
    init_row(&row, AF_INET6, dut);
    row.NlMtu = 10;
    row.WeakHostSend = FALSE;
    row.RouterDiscoveryBehavior = RouterDiscoveryDhcp;
    expect_refused(&row, 87);
}

static void test_not_privileged(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    fake_os_set_may_change(-EPERM);
    init_row(&row, AF_INET6, dut);
    row.DadTransmits = 5;
    expect_refused(&row, 5);
    /* Refusals found in the row come first. */
    init_row(&row, AF_INET6, dut);
    row.NlMtu = 10;
    expect_refused(&row, 87);
}

/* --------------------------------------------------------- all or nothing */
/* The third change fails: the first two are undone, newest first, with the
 * tokens their applies gave, and the row reads as before. */
static void test_failure_undoes_earlier_steps(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW before, row;
    unsigned n;
    const struct fake_step *s;
    get_row(&before, AF_INET6, dut);
    init_row(&row, AF_INET6, dut);
    row.ForwardingEnabled = TRUE;
    row.DadTransmits = 4;
    row.NlMtu = 9000;
    fake_os_fail_after(FAKE_APPLY, 2, -EINVAL);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    s = fake_os_steps(&n);
    assert_int_equal(n, 5);
    assert_false(s[0].undo);
    assert_int_equal(s[0].knob, NIO_KNOB_FORWARDING);
    assert_false(s[1].undo);
    assert_int_equal(s[1].knob, NIO_KNOB_DAD);
    assert_false(s[2].undo);
    assert_int_equal(s[2].knob, NIO_KNOB_MTU);
    assert_true(s[3].undo);
    assert_int_equal(s[3].knob, NIO_KNOB_DAD);
    assert_int_equal(s[3].value, 1);
    assert_true(s[4].undo);
    assert_int_equal(s[4].knob, NIO_KNOB_FORWARDING);
    assert_int_equal(s[4].value, 0);
    assert_row_unchanged(&before);
}

static void test_apply_errors(void **state)
{
    (void)state;
    static const struct {
        int err;
        DWORD want;
    } cases[] = {{-EINVAL, 87}, {-EACCES, 5}, {-EPERM, 5}, {-ENODEV, 1168}, {-EIO, 31}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MIB_IPINTERFACE_ROW before, row;
        get_row(&before, AF_INET6, dut);
        init_row(&row, AF_INET6, dut);
        row.DadTransmits = 9;
        fake_os_fail_next(FAKE_APPLY, cases[i].err);
        assert_int_equal(SetIpInterfaceEntry(&row), cases[i].want);
        assert_row_unchanged(&before);
    }
}

/* ------------------------------------------------------------- the record */
static void test_manual_metric(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET, dut);
    row.UseAutomaticMetric = FALSE;
    row.Metric = 25;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes(); /* the record's, no interface setting of the OS */
    assert_true(fake_store_has(dut, NIO_V4));
    assert_false(fake_store_locked()); /* released */
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, FALSE);
    assert_int_equal(row.Metric, 25);
    /* Per family: IPv6 is still automatic. */
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, AUTO_METRIC);
    /* The table reports it too. */
    {
        PMIB_IPINTERFACE_TABLE t = NULL;
        bool seen = false;
        assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 0);
        for (ULONG i = 0; i < t->NumEntries; i++)
            if (t->Table[i].InterfaceIndex == dut) {
                assert_int_equal(t->Table[i].Metric, 25);
                seen = true;
            }
        FreeMibTable(t);
        assert_true(seen);
    }
    /* Back to automatic: Metric reads the automatic metric again, and the
     * record, which says nothing more, is gone. */
    init_row(&row, AF_INET, dut);
    row.UseAutomaticMetric = TRUE;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, AUTO_METRIC);
    assert_false(fake_store_has(dut, NIO_V4));
}

/* Metric alone, while the metric is automatic, is ignored (Windows). */
static void test_metric_ignored_while_automatic(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.Metric = 40;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, AUTO_METRIC);
}

static void test_site_prefix_v6(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.SitePrefixLength = 48;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.SitePrefixLength, 48);
    init_row(&row, AF_INET, dut);
    row.SitePrefixLength = 0;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.SitePrefixLength, 64);
}

/* A refused Set records nothing either. */
static void test_refused_set_keeps_metric(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    init_row(&row, AF_INET6, dut);
    row.UseAutomaticMetric = FALSE;
    row.Metric = 30;
    row.WeakHostSend = FALSE;
    assert_int_equal(SetIpInterfaceEntry(&row), 50);
    init_row(&row, AF_INET6, dut);
    row.UseAutomaticMetric = FALSE;
    row.Metric = 30;
    row.DadTransmits = 3;
    fake_os_fail_next(FAKE_APPLY, -EINVAL);
    assert_int_equal(SetIpInterfaceEntry(&row), 87);
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, AUTO_METRIC);
    /* The journal was written, then the old record put back: none. */
    assert_false(fake_store_has(dut, NIO_V6));
}

/* ------------------------------------------- the record and the routes */
static struct nio_ip ip_of(const char *text)
{
    struct nio_ip a;
    memset(&a, 0, sizeof(a));
    a.slot = strchr(text, ':') ? NIO_V6 : NIO_V4;
    assert_int_equal(inet_pton(a.slot == NIO_V6 ? AF_INET6 : AF_INET, text, a.bytes), 1);
    return a;
}

static struct nio_route os_route(const char *prefix, uint8_t len, uint32_t oif,
                                 const char *gateway, uint32_t metric,
                                 enum nio_route_origin origin)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.prefix = ip_of(prefix);
    r.prefix_len = len;
    r.oif = oif;
    r.table = 254;
    r.metric = metric;
    r.origin = origin;
    r.gateway.slot = r.src.slot = r.prefix.slot;
    if (gateway != NULL) {
        r.gateway = ip_of(gateway);
        r.has_gateway = true;
    }
    return r;
}

static void add_route(const char *prefix, uint8_t len, uint32_t oif, const char *gateway,
                      uint32_t metric, enum nio_route_origin origin)
{
    struct nio_route r = os_route(prefix, len, oif, gateway, metric, origin);
    fake_os_add_route(&r);
}

/* The metric of the OS's route with that key (UINT32_MAX: none). */
static uint32_t metric_of(const char *prefix, uint8_t len, uint32_t oif, const char *gateway)
{
    struct nio_route want = os_route(prefix, len, oif, gateway, 0, NIO_RO_STATIC), *v = NULL;
    size_t n = 0;
    uint32_t m = UINT32_MAX;
    assert_int_equal(nio_os_route_list(NIO_WANT_V4 | NIO_WANT_V6, oif, &v, &n), 0);
    for (size_t i = 0; i < n; i++)
        if (nio_route_same_key(&v[i], &want))
            m = v[i].metric;
    nio_free(v);
    return m;
}

static DWORD set_metric(ADDRESS_FAMILY family, bool manual, ULONG metric)
{
    MIB_IPINTERFACE_ROW row;
    init_row(&row, family, dut);
    row.UseAutomaticMetric = !manual;
    if (manual)
        row.Metric = metric;
    return SetIpInterfaceEntry(&row);
}

static DWORD set_ddr(ADDRESS_FAMILY family, BOOLEAN on)
{
    MIB_IPINTERFACE_ROW row;
    init_row(&row, family, dut);
    row.DisableDefaultRoutes = on;
    return SetIpInterfaceEntry(&row);
}

/* The interface metric the metric model adds for the dut now. */
static uint32_t carried(int slot)
{
    return nio_if_metric(LUID(IF_TYPE_ETHERNET_CSMACD, dut), slot);
}

/* Windows' table (KB 299540), at each boundary. */
static void test_auto_metric_table(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    static const struct { uint64_t bps; uint32_t metric; } t[] = {
        {100000000000ull, 5}, {2000000000ull, 5}, {1999999999ull, 10}, {200000001ull, 10},
        {200000000ull, 20},   {80000001ull, 20},  {80000000ull, 25},   {20000001ull, 25},
        {20000000ull, 30},    {4000001ull, 30},   {4000000ull, 40},    {500001ull, 40},
        {500000ull, 50},      {0, 50},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        assert_int_equal(nio_auto_metric(t[i].bps), t[i].metric);
    /* Get reports it from the speed GetIfEntry2 reports. */
    fake_os_ifrow(dut)->speed_bps = 100000000ull;
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, 20);
    fake_os_ifrow(dut)->speed = NIO_SPEED_NONE; /* virtual: Windows' 100 Gb/s */
    get_row(&row, AF_INET6, dut);
    assert_int_equal(row.Metric, 5);
}

/* The routes programs made through the interface move by the change of
 * the interface metric; the kernel's own, router advertisements', other
 * families' and other interfaces' stay. */
static void test_metric_moves_routes(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    uint32_t base = carried(NIO_V4);
    add_route("198.18.50.0", 24, dut, NULL, base + 100, NIO_RO_STATIC);
    add_route("0.0.0.0", 0, dut, "198.18.50.1", base + 50, NIO_RO_DHCP);
    add_route("198.18.51.0", 24, dut, NULL, 0, NIO_RO_KERNEL);
    add_route("fd00:50::", 64, dut, NULL, 1024, NIO_RO_STATIC);
    add_route("198.18.52.0", 24, FAKE_ETH1, NULL, 100, NIO_RO_STATIC);
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), 125);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), 75);
    assert_int_equal(metric_of("198.18.51.0", 24, dut, NULL), 0);
    assert_int_equal(metric_of("fd00:50::", 64, dut, NULL), 1024);
    assert_int_equal(metric_of("198.18.52.0", 24, FAKE_ETH1, NULL), 100);
    assert_int_equal(carried(NIO_V4), 25);
    /* Down is the same model. */
    assert_int_equal(set_metric(AF_INET, true, 3), 0);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), 103);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), 53);
    /* Back to automatic: where they were. */
    assert_int_equal(set_metric(AF_INET, false, 0), 0);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), base + 100);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), base + 50);
    assert_false(fake_store_has(dut, NIO_V4));
    /* An OS whose routes have no priority (a BSD): recorded, nothing moves. */
    fake_store_no_priorities(true);
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), base + 100);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.Metric, 25);
}

/* One route the OS refuses: every route and setting already changed is
 * put back, and the record says what it said. */
static void test_metric_all_or_nothing(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    uint32_t base = carried(NIO_V4);
    unsigned n;
    add_route("198.18.50.0", 24, dut, NULL, base + 100, NIO_RO_STATIC);
    add_route("198.18.53.0", 24, dut, NULL, base + 200, NIO_RO_STATIC);
    init_row(&row, AF_INET, dut);
    row.UseAutomaticMetric = FALSE;
    row.Metric = 25;
    row.DadTransmits = 4;
    fake_os_fail_after(FAKE_ROUTE_SET, 1, -EINVAL);
    assert_int_equal(SetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), base + 100);
    assert_int_equal(metric_of("198.18.53.0", 24, dut, NULL), base + 200);
    /* set, refused set, the first set undone */
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 3);
    assert_int_equal(fake_os_route_steps(&n)[n - 1].r.metric, base + 100);
    assert_int_equal(fake_os_calls(FAKE_UNDO), 1); /* DadTransmits back */
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.DadTransmits, 1);
    assert_false(fake_store_has(dut, NIO_V4));
}

/* An interface metric that would take a route's priority beyond 32 bits
 * is refused before anything changes, as a route row's would be. */
static void test_metric_overflow(void **state)
{
    (void)state;
    add_route("198.18.50.0", 24, dut, NULL, 0xFFFFFF00u, NIO_RO_STATIC);
    assert_int_equal(set_metric(AF_INET, true, 0x1000), ERROR_INVALID_PARAMETER);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 0);
    assert_int_equal(fake_store_calls(FAKE_STORE_PUT), 0);
}

/* DisableDefaultRoutes TRUE takes the interface's default routes out of
 * the OS and keeps them; FALSE puts exactly those back. */
static void test_ddr_moves_defaults(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    add_route("0.0.0.0", 0, dut, "198.18.50.1", 100, NIO_RO_STATIC);
    add_route("0.0.0.0", 0, dut, "198.18.50.9", 300, NIO_RO_DHCP);
    add_route("198.18.50.0", 24, dut, NULL, 0, NIO_RO_KERNEL);
    add_route("0.0.0.0", 0, FAKE_ETH1, "198.18.1.1", 200, NIO_RO_STATIC);
    add_route("::", 0, dut, "fe80::1", 1024, NIO_RO_STATIC);
    assert_int_equal(set_ddr(AF_INET, TRUE), 0);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), UINT32_MAX);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.9"), UINT32_MAX);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), 0);
    assert_int_equal(metric_of("0.0.0.0", 0, FAKE_ETH1, "198.18.1.1"), 200);
    assert_int_equal(metric_of("::", 0, dut, "fe80::1"), 1024); /* per family */
    assert_int_equal(fake_store_calls(FAKE_STORE_RA), 0);     /* IPv4: no RA */
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.DisableDefaultRoutes, TRUE);
    /* Set again to TRUE: nothing more to take. */
    assert_int_equal(set_ddr(AF_INET, TRUE), 0);
    assert_int_equal(set_ddr(AF_INET, FALSE), 0);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), 100);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.9"), 300);
    assert_false(fake_store_has(dut, NIO_V4));
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.DisableDefaultRoutes, FALSE);
}

/* IPv6: router advertisements may not bring a default route back while
 * TRUE (accept_ra_defrtr 0), and the one they brought is theirs to bring
 * back afterwards. */
static void test_ddr_v6_router_advertisements(void **state)
{
    (void)state;
    add_route("::", 0, dut, "fe80::1", 1024, NIO_RO_STATIC);
    add_route("::", 0, dut, "fe80::2", 1024, NIO_RO_RA);
    assert_int_equal(set_ddr(AF_INET6, TRUE), 0);
    assert_int_equal(fake_store_ra(dut), 0);
    assert_int_equal(metric_of("::", 0, dut, "fe80::1"), UINT32_MAX);
    assert_int_equal(metric_of("::", 0, dut, "fe80::2"), UINT32_MAX);
    assert_int_equal(set_ddr(AF_INET6, FALSE), 0);
    assert_int_equal(fake_store_ra(dut), 1);
    assert_int_equal(metric_of("::", 0, dut, "fe80::1"), 1024);
    assert_int_equal(metric_of("::", 0, dut, "fe80::2"), UINT32_MAX);
    /* An OS without the setting (a BSD): the routes still go. */
    fake_store_ra_unsupported(true);
    assert_int_equal(set_ddr(AF_INET6, TRUE), 0);
    assert_int_equal(metric_of("::", 0, dut, "fe80::1"), UINT32_MAX);
    assert_int_equal(set_ddr(AF_INET6, FALSE), 0);
    assert_int_equal(metric_of("::", 0, dut, "fe80::1"), 1024);
}

/* The default routes kept away follow the interface metric, and one a
 * DHCP client put back meanwhile is not added twice. */
static void test_ddr_then_metric(void **state)
{
    (void)state;
    uint32_t base = carried(NIO_V4);
    add_route("0.0.0.0", 0, dut, "198.18.50.1", base + 100, NIO_RO_STATIC);
    add_route("0.0.0.0", 0, dut, "198.18.50.2", base + 100, NIO_RO_STATIC);
    assert_int_equal(set_ddr(AF_INET, TRUE), 0);
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    add_route("0.0.0.0", 0, dut, "198.18.50.2", 125, NIO_RO_DHCP); /* put back by another */
    assert_int_equal(set_ddr(AF_INET, FALSE), 0);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), 125);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.2"), 125);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD), 1);
}

/* Restoring fails half way: the route restored goes again, and the
 * record still keeps both. */
static void test_ddr_restore_all_or_nothing(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    add_route("0.0.0.0", 0, dut, "198.18.50.1", 100, NIO_RO_STATIC);
    add_route("0.0.0.0", 0, dut, "198.18.50.2", 200, NIO_RO_STATIC);
    assert_int_equal(set_ddr(AF_INET, TRUE), 0);
    fake_os_fail_after(FAKE_ROUTE_ADD, 1, -EINVAL);
    assert_int_equal(set_ddr(AF_INET, FALSE), ERROR_INVALID_PARAMETER);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), UINT32_MAX);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.2"), UINT32_MAX);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.DisableDefaultRoutes, TRUE);
    assert_int_equal(set_ddr(AF_INET, FALSE), 0);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.1"), 100);
    assert_int_equal(metric_of("0.0.0.0", 0, dut, "198.18.50.2"), 200);
}

/* A record belongs to the interface that wrote it: another one that gets
 * the index (other name, or other link-layer address) inherits nothing,
 * and its first Set removes the stale record. */
static void test_record_identity(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    char name[16];
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.Metric, 25);
    /* Another link-layer address: another interface. */
    fake_os_ifrow(dut)->addr_len = 6;
    memcpy(fake_os_ifrow(dut)->addr, "\x02\x00\x00\x00\x00\x01", 6);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    fake_os_ifrow(dut)->addr_len = 0;
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.Metric, 25);
    /* Deleted; a new interface with the index and another name. */
    assert_true(fake_os_remove(dut));
    snprintf(name, sizeof(name), "new%u", (unsigned)dut);
    fake_os_add(dut, IF_TYPE_ETHERNET_CSMACD, name);
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_true(fake_store_has(dut, NIO_V4));
    init_row(&row, AF_INET, dut);
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_false(fake_store_has(dut, NIO_V4));
}

/* Bytes that are no record (another program's, a truncated one) are none. */
static void test_record_garbage_ignored(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    static const uint8_t junk[64] = {0x4e, 0x49, 0x53, 0x52, 1};
    size_t len;
    const uint8_t *real;
    fake_store_poke(dut, NIO_V4, junk, sizeof(junk));
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
    assert_int_equal(row.Metric, AUTO_METRIC);
    assert_int_equal(set_metric(AF_INET, true, 7), 0);
    /* A real record cut short is no record either. */
    real = fake_store_bytes(dut, NIO_V4, &len);
    assert_non_null(real);
    {
        uint8_t copy[4096];
        assert_true(len <= sizeof(copy));
        memcpy(copy, real, len);
        fake_store_poke(dut, NIO_V4, copy, len - 1);
    }
    get_row(&row, AF_INET, dut);
    assert_int_equal(row.UseAutomaticMetric, TRUE);
}

/* The journal is in the record before anything of the OS changes, and
 * gone from it once everything has. */
static unsigned hook_applies, hook_route_sets;
static size_t hook_len;
static bool hook_seen;

static void journal_hook(int step)
{
    if (step != 0)
        return;
    hook_seen = true;
    hook_applies = fake_os_calls(FAKE_APPLY);
    hook_route_sets = fake_os_calls(FAKE_ROUTE_SET);
    fake_store_bytes(dut, NIO_V4, &hook_len);
}

static void test_journal_first(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    size_t len;
    add_route("198.18.50.0", 24, dut, NULL, 100, NIO_RO_STATIC);
    init_row(&row, AF_INET, dut);
    row.UseAutomaticMetric = FALSE;
    row.Metric = 25;
    row.DadTransmits = 4;
    hook_seen = false;
    nio_set_test_hook = journal_hook;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    nio_set_test_hook = NULL;
    assert_true(hook_seen);
    assert_int_equal(hook_applies, 0);
    assert_int_equal(hook_route_sets, 0);
    assert_non_null(fake_store_bytes(dut, NIO_V4, &len));
    /* two entries (the knob, the route) longer than the record after */
    assert_true(hook_len > len);
    assert_int_equal(fake_os_calls(FAKE_APPLY), 1);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 1);
}

/* Without the privilege nothing is locked or written; a record that cannot
 * be written changes nothing of the OS. */
static void test_record_writes_refused(void **state)
{
    (void)state;
    add_route("198.18.50.0", 24, dut, NULL, 100, NIO_RO_STATIC);
    fake_os_set_may_change(-EPERM);
    assert_int_equal(set_metric(AF_INET, true, 25), ERROR_ACCESS_DENIED);
    assert_int_equal(fake_store_calls(FAKE_STORE_LOCK) + fake_store_calls(FAKE_STORE_PUT), 0);
    fake_os_set_may_change(0);
    fake_store_fail_after(FAKE_STORE_PUT, 0, -EIO);
    assert_int_not_equal(set_metric(AF_INET, true, 25), 0);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 0);
    assert_int_equal(metric_of("198.18.50.0", 24, dut, NULL), 100);
    fake_store_fail_after(FAKE_STORE_LOCK, 0, -EACCES);
    assert_int_not_equal(set_metric(AF_INET, true, 25), 0);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 0);
    assert_false(fake_store_locked());
}

/* The kernel may report a value Windows would refuse: it keeps the
 * neighbour times in clock ticks and rounds up, so retrans_time_ms =
 * 2147483647 reads back as 2147483648 (issue 15).  A field equal to the
 * value Get reports is unchanged, never range-checked: the row written
 * back, or with only NlMtu changed, is accepted; a changed value out of
 * the range still is not. */
enum oor_field { OOR_RETRANSMIT, OOR_BASE_REACHABLE, OOR_DAD, OOR_MTU };

static void oor_program(int slot, enum oor_field which, uint32_t value)
{
    struct nio_family *f = &fake_os_find(dut)->fam[slot];
    switch (which) {
    case OOR_RETRANSMIT: f->retransmit_ms = value; f->known |= NIO_K_RETRANSMIT; break;
    case OOR_BASE_REACHABLE: f->base_reachable_ms = value; f->known |= NIO_K_BASE_REACHABLE; break;
    case OOR_DAD: f->dad_transmits = value; f->known |= NIO_K_DAD; break;
    case OOR_MTU: f->mtu = value; f->known |= NIO_K_MTU; break;
    }
}

static ULONG *oor_field(MIB_IPINTERFACE_ROW *row, enum oor_field which)
{
    switch (which) {
    case OOR_RETRANSMIT: return &row->RetransmitTime;
    case OOR_BASE_REACHABLE: return &row->BaseReachableTime;
    case OOR_DAD: return &row->DadTransmits;
    default: return &row->NlMtu;
    }
}

/* expect_refused, after earlier changes: no apply and no undo more. */
static void oor_refused(MIB_IPINTERFACE_ROW *row)
{
    MIB_IPINTERFACE_ROW before;
    unsigned applies = fake_os_calls(FAKE_APPLY), undos = fake_os_calls(FAKE_UNDO);
    get_row(&before, row->Family, row->InterfaceIndex);
    assert_int_equal(SetIpInterfaceEntry(row), 87);
    assert_int_equal(fake_os_calls(FAKE_APPLY), applies);
    assert_int_equal(fake_os_calls(FAKE_UNDO), undos);
    assert_row_unchanged(&before);
}

static void oor_check(ADDRESS_FAMILY family, enum oor_field which, uint32_t value,
                      uint32_t other_bad)
{
    int slot = family == AF_INET6 ? NIO_V6 : NIO_V4;
    MIB_IPINTERFACE_ROW before, row;
    unsigned n;
    const struct fake_step *s;
    setup(NULL); /* a fresh interface of its own for each case */
    oor_program(slot, which, value);
    get_row(&before, family, dut);
    assert_int_equal(*oor_field(&before, which), value);
    if (family == AF_INET)
        before.SitePrefixLength = 0;
    /* Written back unchanged: success, nothing applied. */
    row = before;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    assert_no_changes();
    /* Read, change one other field, write. */
    row = before;
    if (which == OOR_MTU)
        row.DadTransmits = 3;
    else
        row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
    s = fake_os_steps(&n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].knob, which == OOR_MTU ? NIO_KNOB_DAD : NIO_KNOB_MTU);
    get_row(&row, family, dut);
    assert_int_equal(*oor_field(&row, which), value);
    assert_int_equal(which == OOR_MTU ? row.DadTransmits : row.NlMtu,
                     which == OOR_MTU ? 3 : 1400);
    /* A different value out of the range is still refused. */
    init_row(&row, family, dut);
    *oor_field(&row, which) = other_bad;
    oor_refused(&row);
    get_row(&row, family, dut);
    if (family == AF_INET)
        row.SitePrefixLength = 0;
    *oor_field(&row, which) = other_bad;
    oor_refused(&row);
}

static void test_out_of_range_current_value(void **state)
{
    (void)state;
    oor_check(AF_INET6, OOR_RETRANSMIT, 2147483648u, 2147483649u);
    oor_check(AF_INET, OOR_RETRANSMIT, 2147483648u, 0);
    oor_check(AF_INET6, OOR_BASE_REACHABLE, 2147483648u, 0);
    oor_check(AF_INET, OOR_BASE_REACHABLE, 0, 2147483649u);
    oor_check(AF_INET6, OOR_RETRANSMIT, 0, 2147483649u);
    oor_check(AF_INET6, OOR_DAD, 0x80000000u, 0x80000001u);
    oor_check(AF_INET, OOR_DAD, 0xFFFFFFFEu, 0x80000000u);
    oor_check(AF_INET6, OOR_MTU, 1000, 1279);
    oor_check(AF_INET, OOR_MTU, 0x80000000u, 67);
}

/* ------------------------------------------------------- what a read costs */
/* The back end's calls during one piece of code: taken before, compared
 * after (the counters only grow). */
struct costs {
    unsigned list, get, ifrow, speed, os_get, speeds;
};

static struct costs costs_now(void)
{
    struct costs c = {fake_store_calls(FAKE_STORE_LIST), fake_store_calls(FAKE_STORE_GET),
                      fake_os_calls(FAKE_IFROW_GET), fake_os_calls(FAKE_SPEED),
                      fake_os_calls(FAKE_GET), fake_os_calls(FAKE_SPEEDS)};
    return c;
}

static struct costs costs_since(struct costs a)
{
    struct costs b = costs_now();
    struct costs d = {b.list - a.list, b.get - a.get, b.ifrow - a.ifrow, b.speed - a.speed,
                      b.os_get - a.os_get, b.speeds - a.speeds};
    return d;
}

/* Every row of t is the row a single Get reports for its key. */
static void assert_rows_as_get(const MIB_IPINTERFACE_TABLE *t)
{
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IPINTERFACE_ROW one;
        get_row(&one, t->Table[i].Family, t->Table[i].InterfaceIndex);
        assert_memory_equal(&one, &t->Table[i], sizeof(one));
    }
}

static const MIB_IPINTERFACE_ROW *row_in(const MIB_IPINTERFACE_TABLE *t, ADDRESS_FAMILY f,
                                         NET_IFINDEX index)
{
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (t->Table[i].Family == f && t->Table[i].InterfaceIndex == index)
            return &t->Table[i];
    fail_msg("no row %u/%u", (unsigned)f, (unsigned)index);
    return NULL;
}

/* A table lists the record once and reads only the records that exist:
 * no request about any interface, one speed query per interface whose
 * rows need the automatic metric (both families share it), and rows equal
 * to what Get reports one by one. */
static void test_table_reads_record_once(void **state)
{
    (void)state;
    MIB_IPINTERFACE_TABLE *t = NULL;
    struct costs c;
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    c = costs_now();
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
    c = costs_since(c);
    assert_int_equal(c.list, 1);
    assert_int_equal(c.get, 1);     /* the dut's IPv4 record, nothing else */
    assert_int_equal(c.ifrow, 0);
    assert_int_equal(c.os_get, 0);
    assert_int_equal(c.speed, 5);   /* lo, eth0, eth1, wg0, the dut (its IPv6 row) */
    assert_int_equal(row_in(t, AF_INET, dut)->Metric, 25);
    assert_int_equal(row_in(t, AF_INET, dut)->UseAutomaticMetric, FALSE);
    assert_int_equal(row_in(t, AF_INET6, dut)->Metric, AUTO_METRIC);
    assert_rows_as_get(t);
    FreeMibTable(t);
}

/* Where the OS walks every device's speed at once (Linux's ethtool dump),
 * a table makes that one walk instead of a query per interface, and its
 * rows are still the rows Get reports one by one (Get asks its device):
 * a known speed, a hardware device without a link (Windows' 0 b/s), a
 * device the walk leaves out (no notion of a speed: 100 Gb/s).  A walk
 * that fails, for memory or any other reason, leaves each row to ask. */
static void test_table_speed_walk(void **state)
{
    (void)state;
    MIB_IPINTERFACE_TABLE *t = NULL;
    struct costs c;
    static const int fails[] = {0, -EIO, -ENOMEM, -EOPNOTSUPP};
    fake_os_ifrow(FAKE_ETH0)->speed = NIO_SPEED_UNKNOWN;
    fake_os_ifrow(FAKE_ETH0)->hardware = true;
    fake_os_ifrow(FAKE_ETH1)->speed = NIO_SPEED_KNOWN;
    fake_os_ifrow(FAKE_ETH1)->speed_bps = 25000000ull; /* metric 25 */
    fake_os_set_speed_walk(true);
    for (size_t k = 0; k < sizeof(fails) / sizeof(fails[0]); k++) {
        if (fails[k] != 0)
            fake_os_fail_next(FAKE_SPEEDS, fails[k]);
        c = costs_now();
        assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), 0);
        c = costs_since(c);
        assert_int_equal(c.speeds, 1);
        assert_int_equal(c.speed, fails[k] == 0 ? 0 : 5);
        assert_int_equal(row_in(t, AF_INET, dut)->Metric, AUTO_METRIC);
        assert_int_equal(row_in(t, AF_INET, FAKE_ETH0)->Metric, 50);
        assert_int_equal(row_in(t, AF_INET6, FAKE_ETH1)->Metric, 25);
        assert_int_equal(row_in(t, AF_INET6, FAKE_WG0)->Metric, 5);
        assert_rows_as_get(t);
        FreeMibTable(t);
        t = NULL;
    }
    /* A manual metric needs no speed, but the other interfaces' rows
     * still do: one walk for them all. */
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    c = costs_now();
    assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 0);
    c = costs_since(c);
    assert_int_equal(c.speeds, 1); /* the other interfaces' rows are automatic */
    FreeMibTable(t);
}

/* The table's identity check is Get's: a record of another interface at
 * the index (another link-layer address) is none in the table either. */
static void test_table_identity(void **state)
{
    (void)state;
    MIB_IPINTERFACE_TABLE *t = NULL;
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    fake_os_ifrow(dut)->perm_addr_len = 6;
    memcpy(fake_os_ifrow(dut)->perm_addr, "\x02\x00\x00\x00\x00\x02", 6);
    assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 0);
    assert_int_equal(row_in(t, AF_INET, dut)->UseAutomaticMetric, TRUE);
    assert_int_equal(row_in(t, AF_INET, dut)->Metric, AUTO_METRIC);
    FreeMibTable(t);
    fake_os_ifrow(dut)->perm_addr_len = 0;
    assert_int_equal(GetIpInterfaceTable(AF_INET, &t), 0);
    assert_int_equal(row_in(t, AF_INET, dut)->Metric, 25);
    FreeMibTable(t);
}

/* A listing the OS refuses costs speed, not meaning: every row asks for
 * its own record, and the table says what it said.  One that runs out of
 * memory fails the call, as every allocation of it does. */
static void test_table_without_listing(void **state)
{
    (void)state;
    MIB_IPINTERFACE_TABLE *t = NULL;
    struct costs c;
    assert_int_equal(set_metric(AF_INET6, true, 7), 0);
    fake_store_fail_after(FAKE_STORE_LIST, 0, -EIO);
    c = costs_now();
    assert_int_equal(GetIpInterfaceTable(AF_INET6, &t), 0);
    c = costs_since(c);
    assert_int_equal(c.list, 1);
    assert_int_equal(c.get, t->NumEntries); /* one per row, as before the listing */
    assert_int_equal(row_in(t, AF_INET6, dut)->Metric, 7);
    FreeMibTable(t);
    t = NULL;
    fake_store_fail_after(FAKE_STORE_LIST, 0, -ENOMEM);
    assert_int_equal(GetIpInterfaceTable(AF_INET6, &t), 8);
    assert_null(t);
}

/* One Get: one request about the interface (its lookup), one record read,
 * one speed query at most, and no listing. */
static void test_get_costs(void **state)
{
    (void)state;
    MIB_IPINTERFACE_ROW row;
    struct costs c = costs_now();
    get_row(&row, AF_INET, dut);
    c = costs_since(c);
    assert_int_equal(c.os_get, 1);
    assert_int_equal(c.ifrow, 0);
    assert_int_equal(c.get, 1);
    assert_int_equal(c.speed, 1);
    assert_int_equal(c.list, 0);
    assert_int_equal(row.Metric, AUTO_METRIC);
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    c = costs_now();
    get_row(&row, AF_INET, dut);
    c = costs_since(c);
    assert_int_equal(c.speed, 0); /* a manual metric needs no speed */
    assert_int_equal(c.get, 1);
    assert_int_equal(row.Metric, 25);
}

/* The route table adds the interface metric a Set made manual: one
 * listing, only the records that exist read, no speed (the automatic
 * metric adds nothing), no request per interface. */
static void test_route_table_costs(void **state)
{
    (void)state;
    MIB_IPFORWARD_TABLE2 *t = NULL;
    struct costs c;
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    add_route("198.18.60.0", 24, dut, NULL, 25 + 100, NIO_RO_STATIC);
    add_route("198.18.61.0", 24, FAKE_ETH1, NULL, 100, NIO_RO_STATIC);
    add_route("fd00:61::", 64, FAKE_ETH1, NULL, 100, NIO_RO_STATIC);
    c = costs_now();
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), 0);
    c = costs_since(c);
    assert_int_equal(c.list, 1);
    assert_int_equal(c.get, 1);
    assert_int_equal(c.speed, 0);
    assert_int_equal(c.ifrow, 0);
    assert_int_equal(c.os_get, 0);
    /* The dut's route: 125 in the OS, less its interface metric 25. */
    assert_true(t->NumEntries >= 3);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].Metric, 100);
    FreeMibTable(t);
}

/* The notification sweep compares every interface: one listing per
 * comparison, no request per row, and the rows it caches are Get's. */
static void test_sweep_reads_record_once(void **state)
{
    (void)state;
    struct nio_cache cache = {0};
    struct nio_events ev = {0};
    struct nio_iface *list = NULL;
    size_t n = 0;
    struct costs c;
    MIB_IPINTERFACE_ROW row;
    assert_int_equal(set_metric(AF_INET, true, 25), 0);
    assert_int_equal(nio_os_list(NIO_WANT_V4 | NIO_WANT_V6, &list, &n), 0);
    c = costs_now();
    assert_int_equal(nio_cache_update_all(&cache, list, n, &ev), NIO_OK);
    c = costs_since(c);
    assert_int_equal(c.list, 1);
    assert_int_equal(c.get, 1);
    assert_int_equal(c.ifrow, 0);
    assert_int_equal(c.os_get, 0);
    assert_int_equal(c.speed, 5);
    get_row(&row, AF_INET, dut);
    row.ReachableTime = 0; /* the cache leaves it out (rowcache.c) */
    assert_int_equal(cache.n, 5);
    assert_int_equal(cache.v[4].index, dut); /* the highest index */
    assert_memory_equal(&cache.v[4].row[NIO_V4], &row, sizeof(row));
    assert_int_equal(row.Metric, 25);
    assert_int_equal(ev.n, 8); /* an Add per row: the cache was empty */
    nio_free(list);
    nio_free(ev.v);
    nio_cache_free(&cache);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_params),
        T(test_not_found),
        T(test_knobs_without_effect),
        T(test_initialized_row_changes_nothing),
        T(test_get_then_set_unchanged),
        T(test_v4_site_prefix_refused),
        T(test_read_only_ignored),
        T(test_change_each_knob),
        T(test_only_differences_applied),
        T(test_set_by_luid),
        T(test_range_checks),
        T(test_range_boundaries),
        T(test_fixed_fields_not_supported),
        T(test_knob_not_offered),
        T(test_value_not_accepted),
        T(test_invalid_outranks_not_supported),
        T(test_not_privileged),
        T(test_failure_undoes_earlier_steps),
        T(test_apply_errors),
        T(test_manual_metric),
        T(test_metric_ignored_while_automatic),
        T(test_site_prefix_v6),
        T(test_refused_set_keeps_metric),
        T(test_out_of_range_current_value),
        T(test_auto_metric_table),
        T(test_metric_moves_routes),
        T(test_metric_all_or_nothing),
        T(test_metric_overflow),
        T(test_ddr_moves_defaults),
        T(test_ddr_v6_router_advertisements),
        T(test_ddr_then_metric),
        T(test_ddr_restore_all_or_nothing),
        T(test_record_identity),
        T(test_record_garbage_ignored),
        T(test_journal_first),
        T(test_record_writes_refused),
        T(test_table_reads_record_once),
        T(test_table_speed_walk),
        T(test_table_identity),
        T(test_table_without_listing),
        T(test_get_costs),
        T(test_route_table_costs),
        T(test_sweep_reads_record_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
