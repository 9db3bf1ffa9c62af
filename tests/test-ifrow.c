/* test-ifrow.c - GetIfEntry2, GetIfEntry2Ex, GetIfTable2 and GetIfTable2Ex
 * (ifrow.c, key.c) through the public entry points over the fake back
 * end: validation, lookup order, codes of both flavours, and every field
 * ifrow.c derives from what the back end reports. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define VIRTUAL_SPEED 100000000000ull

/* The NTSTATUS twins, as the header declares them in that flavour. */
NTSTATUS NTAPI nio_nt_GetIfEntry2(PMIB_IF_ROW2 Row);
NTSTATUS NTAPI nio_nt_GetIfTable2Ex(MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table);

static int setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_os_standard();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_os_reset();
    nio_alloc_set_hook(NULL);
    return 0;
}

/* A row as a caller prepares it: garbage everywhere but the keys. */
static void key_row(MIB_IF_ROW2 *row, uint64_t luid, NET_IFINDEX index)
{
    memset(row, 0xA5, sizeof(*row));
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = index;
}

static void expect_fails(MIB_IF_ROW2 *row, DWORD want)
{
    MIB_IF_ROW2 before = *row;
    assert_int_equal(GetIfEntry2(row), want);
    assert_memory_equal(row, &before, sizeof(before));
}

static void get_ok(MIB_IF_ROW2 *row, NET_IFINDEX index)
{
    key_row(row, 0, index);
    assert_int_equal(GetIfEntry2(row), NO_ERROR);
}

static void assert_wstr(const WCHAR *w, const char *ascii)
{
    size_t i = 0;
    for (; ascii[i]; i++)
        assert_int_equal(w[i], (unsigned char)ascii[i]);
    assert_int_equal(w[i], 0);
}

/* ------------------------------------------------------- parameters */
static void test_entry_null_and_zero_key(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    assert_int_equal(GetIfEntry2(NULL), 87);
    assert_int_equal(GetIfEntry2Ex(MibIfEntryNormal, NULL), 87);
    key_row(&row, 0, 0);
    expect_fails(&row, 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_entry_bad_level(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    int bad[] = {1, 3, 4, -1, 0x7FFFFFFF};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        MIB_IF_ROW2 before;
        key_row(&row, 0, FAKE_ETH1);
        before = row;
        assert_int_equal(GetIfEntry2Ex((MIB_IF_ENTRY_LEVEL)bad[i], &row), 87);
        assert_memory_equal(&row, &before, sizeof(row));
    }
    assert_int_equal(fake_os_total_calls(), 0);
}

/* -------------------------------------------------------- lookup order */
static void test_entry_unknown(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    key_row(&row, 0, 99);
    expect_fails(&row, ERROR_FILE_NOT_FOUND);
    key_row(&row, LUID(IF_TYPE_ETHERNET_CSMACD, 99), 0);
    expect_fails(&row, ERROR_FILE_NOT_FOUND);
    /* The LUID wins, even with an index that exists. */
    key_row(&row, LUID(IF_TYPE_ETHERNET_CSMACD, 99), FAKE_ETH1);
    expect_fails(&row, ERROR_FILE_NOT_FOUND);
    /* A LUID of the right index but the wrong type names no interface. */
    key_row(&row, LUID(IF_TYPE_PPP, FAKE_ETH1), 0);
    expect_fails(&row, ERROR_FILE_NOT_FOUND);
    /* Nothing but one targeted read per call, never a list. */
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), 0);
    assert_int_equal(fake_os_calls(FAKE_LIST), 0);
}

static void test_entry_nt_codes(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    key_row(&row, 0, 99);
    assert_int_equal((uint32_t)nio_nt_GetIfEntry2(&row), 0xC0000225u); /* STATUS_NOT_FOUND */
    assert_int_equal((uint32_t)nio_nt_GetIfEntry2(NULL), 0xC000000Du);
    key_row(&row, 0, FAKE_ETH1);
    assert_int_equal(nio_nt_GetIfEntry2(&row), 0);
}

static void test_entry_by_luid_and_index(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    key_row(&row, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1), 0);
    assert_int_equal(GetIfEntry2(&row), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    key_row(&row, 0, FAKE_WG0);
    assert_int_equal(GetIfEntry2(&row), 0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0));
    assert_int_equal(fake_os_calls(FAKE_IFROW_GET), 2);
    assert_int_equal(fake_os_last_index(), FAKE_WG0);
}

static void test_entry_backend_errors(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    key_row(&row, 0, FAKE_ETH1);
    fake_os_fail_next(FAKE_IFROW_GET, -ENOMEM);
    expect_fails(&row, 8);
    fake_os_fail_next(FAKE_IFROW_GET, -EIO);
    expect_fails(&row, 31);
    fake_os_fail_next(FAKE_IFROW_GET, -ENODEV);
    expect_fails(&row, 2);
}

/* ---------------------------------------------------------- identity */
static void test_entry_identity(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    NET_LUID luid;
    GUID guid;
    WCHAR alias[IF_MAX_STRING_SIZE + 1];
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &luid), 0);
    assert_int_equal(row.InterfaceLuid.Value, luid.Value);
    assert_int_equal(ConvertInterfaceLuidToGuid(&luid, &guid), 0);
    assert_memory_equal(&row.InterfaceGuid, &guid, sizeof(guid));
    assert_int_equal(ConvertInterfaceLuidToAlias(&luid, alias, IF_MAX_STRING_SIZE + 1), 0);
    assert_memory_equal(row.Alias, alias, sizeof(WCHAR) * 5);
    assert_wstr(row.Alias, "eth1");
    /* No description from the OS: the alias stands in. */
    assert_wstr(row.Description, "eth1");
    assert_int_equal(row.Mtu, 1500);
    assert_int_equal(row.Type, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(row.DirectionType, NET_IF_DIRECTION_SENDRECEIVE);
    assert_int_equal(row.ConnectionType, NET_IF_CONNECTION_DEDICATED);
    assert_int_equal(row.OutQLen, 0);
    for (size_t i = 0; i < sizeof(row.NetworkGuid); i++)
        assert_int_equal(((const unsigned char *)&row.NetworkGuid)[i], 0);
}

static void test_entry_strings(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    struct nio_ifrow *r = fake_os_ifrow(FAKE_ETH1);
    strcpy(r->description, "uplink \xc3\xa9"); /* "uplink é" */
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.Description[7], 0xE9);
    assert_int_equal(row.Description[8], 0);
    /* An OS name that is not UTF-8: U+FFFD, not a failure. */
    strcpy(fake_os_find(FAKE_ETH1)->name, "e\xff" "1");
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.Alias[0], 'e');
    assert_int_equal(row.Alias[1], 0xFFFD);
    assert_int_equal(row.Alias[2], '1');
    assert_int_equal(row.Alias[3], 0);
}

/* GetIfEntry2's Alias and ConvertInterfaceLuidToAlias follow one rule for
 * an OS name that is not UTF-8 (docs/luid.md): the same UTF-16 string, with
 * U+FFFD for each malformed sequence and every valid one kept. */
static void test_entry_alias_agrees_with_luid_to_alias(void **state)
{
    (void)state;
    static const char *names[] = {"bad\xff", "e\xff" "1", "\xc3\xa9\xff", "\xff\xfe",
                                  "x\xc3", "\xed\xa0\x80z", "ok-\xc3\xa9"};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        MIB_IF_ROW2 row;
        WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
        NET_LUID l;
        DWORD st;
        strcpy(fake_os_find(FAKE_ETH1)->name, names[k]);
        get_ok(&row, FAKE_ETH1);
        l = row.InterfaceLuid;
        st = ConvertInterfaceLuidToAlias(&l, alias, NDIS_IF_MAX_STRING_SIZE + 1);
        if (st != 0)
            fail_msg("name %zu: GetIfEntry2 gives an Alias, ConvertInterfaceLuidToAlias %u",
                     k, (unsigned)st);
        for (size_t i = 0;; i++) {
            if (row.Alias[i] != alias[i])
                fail_msg("name %zu, unit %zu: GetIfEntry2 %#x, LuidToAlias %#x", k, i,
                         (unsigned)row.Alias[i], (unsigned)alias[i]);
            if (alias[i] == 0)
                break;
        }
    }
    /* Valid UTF-8 around the bad byte survives. */
    strcpy(fake_os_find(FAKE_ETH1)->name, "\xc3\xa9\xff");
    {
        MIB_IF_ROW2 row;
        get_ok(&row, FAKE_ETH1);
        assert_int_equal(row.Alias[0], 0xE9);
        assert_int_equal(row.Alias[1], 0xFFFD);
        assert_int_equal(row.Alias[2], 0);
    }
}

static void test_entry_addresses(void **state)
{
    (void)state;
    static const uint8_t mac[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    static const uint8_t perm[6] = {0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc};
    MIB_IF_ROW2 row;
    struct nio_ifrow *r = fake_os_ifrow(FAKE_ETH1);
    r->addr_len = 6;
    memcpy(r->addr, mac, 6);
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.PhysicalAddressLength, 6);
    assert_memory_equal(row.PhysicalAddress, mac, 6);
    /* No permanent address known: the current one. */
    assert_memory_equal(row.PermanentPhysicalAddress, mac, 6);
    assert_int_equal(row.PhysicalAddress[6], 0);
    r->perm_addr_len = 6;
    memcpy(r->perm_addr, perm, 6);
    get_ok(&row, FAKE_ETH1);
    assert_memory_equal(row.PermanentPhysicalAddress, perm, 6);
    /* An interface without a link-layer address (tun, WireGuard). */
    get_ok(&row, FAKE_WG0);
    assert_int_equal(row.PhysicalAddressLength, 0);
    /* Loopback has no link layer, whatever bytes the OS reports (Linux:
     * six zeros). */
    r = fake_os_ifrow(FAKE_LO);
    r->addr_len = r->perm_addr_len = 6;
    get_ok(&row, FAKE_LO);
    assert_int_equal(row.PhysicalAddressLength, 0);
}

/* --------------------------------------------------------------- state */
static void test_entry_oper_status(void **state)
{
    (void)state;
    static const struct {
        uint8_t oper;
        bool connected;
        IF_OPER_STATUS want;
        NET_IF_MEDIA_CONNECT_STATE media;
    } cases[] = {
        {IfOperStatusUp, true, IfOperStatusUp, MediaConnectStateConnected},
        {IfOperStatusDown, false, IfOperStatusDown, MediaConnectStateDisconnected},
        {IfOperStatusLowerLayerDown, false, IfOperStatusLowerLayerDown,
         MediaConnectStateDisconnected},
        {IfOperStatusNotPresent, false, IfOperStatusNotPresent, MediaConnectStateDisconnected},
        {IfOperStatusTesting, false, IfOperStatusTesting, MediaConnectStateDisconnected},
        {IfOperStatusDormant, false, IfOperStatusDormant, MediaConnectStateDisconnected},
        /* The OS said "unknown": it goes by its flags, and so does the row. */
        {IfOperStatusUnknown, true, IfOperStatusUp, MediaConnectStateConnected},
        {IfOperStatusUnknown, false, IfOperStatusDown, MediaConnectStateDisconnected},
        {0, true, IfOperStatusUp, MediaConnectStateConnected},
        {99, false, IfOperStatusDown, MediaConnectStateDisconnected},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MIB_IF_ROW2 row;
        MIB_IPINTERFACE_ROW ip;
        fake_os_ifrow(FAKE_ETH1)->oper = cases[i].oper;
        fake_os_find(FAKE_ETH1)->connected = cases[i].connected;
        get_ok(&row, FAKE_ETH1);
        assert_int_equal(row.OperStatus, cases[i].want);
        assert_int_equal(row.MediaConnectState, cases[i].media);
        assert_int_equal(row.InterfaceAndOperStatusFlags.NotMediaConnected,
                         !cases[i].connected);
        assert_int_equal(row.InterfaceAndOperStatusFlags.NotAuthenticated,
                         cases[i].oper == IfOperStatusDormant);
        /* MediaConnectState and the IP row's Connected tell the same. */
        InitializeIpInterfaceEntry(&ip);
        ip.Family = AF_INET;
        ip.InterfaceIndex = FAKE_ETH1;
        assert_int_equal(GetIpInterfaceEntry(&ip), 0);
        assert_int_equal(ip.Connected, row.MediaConnectState == MediaConnectStateConnected);
    }
}

static void test_entry_admin_status(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    fake_os_ifrow(FAKE_ETH1)->admin_up = false;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.AdminStatus, NET_IF_ADMIN_STATUS_DOWN);
    fake_os_ifrow(FAKE_ETH1)->admin_up = true;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.AdminStatus, NET_IF_ADMIN_STATUS_UP);
}

static void test_entry_speed(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    struct nio_ifrow *r = fake_os_ifrow(FAKE_ETH1);
    r->speed = NIO_SPEED_KNOWN;
    r->speed_bps = 2500000000ull;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.TransmitLinkSpeed, 2500000000ull);
    assert_int_equal(row.ReceiveLinkSpeed, 2500000000ull);
    /* A physical device without a link: 0. */
    r->speed = NIO_SPEED_UNKNOWN;
    r->hardware = true;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.ReceiveLinkSpeed, 0);
    /* A virtual device that cannot say, or has no speed at all. */
    r->hardware = false;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.ReceiveLinkSpeed, VIRTUAL_SPEED);
    r->speed = NIO_SPEED_NONE;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.TransmitLinkSpeed, VIRTUAL_SPEED);
}

static void test_entry_media_and_access(void **state)
{
    (void)state;
    static const struct {
        uint16_t iftype;
        bool hardware, loopback, p2p, broadcast;
        NDIS_MEDIUM media;
        NDIS_PHYSICAL_MEDIUM phys;
        NET_IF_ACCESS_TYPE access;
    } cases[] = {
        {IF_TYPE_ETHERNET_CSMACD, true, false, false, true, NdisMedium802_3,
         NdisPhysicalMedium802_3, NET_IF_ACCESS_BROADCAST},
        {IF_TYPE_ETHERNET_CSMACD, false, false, false, true, NdisMedium802_3,
         NdisPhysicalMediumUnspecified, NET_IF_ACCESS_BROADCAST},
        {IF_TYPE_SOFTWARE_LOOPBACK, false, true, false, false, NdisMediumLoopback,
         NdisPhysicalMediumUnspecified, NET_IF_ACCESS_LOOPBACK},
        {IF_TYPE_PROP_VIRTUAL, false, false, true, false, NdisMediumIP,
         NdisPhysicalMediumUnspecified, NET_IF_ACCESS_POINT_TO_POINT},
        {IF_TYPE_TUNNEL, false, false, false, false, NdisMediumTunnel,
         NdisPhysicalMediumUnspecified, NET_IF_ACCESS_POINT_TO_MULTI_POINT},
        {IF_TYPE_IEEE80211, true, false, false, true, NdisMediumNative802_11,
         NdisPhysicalMediumNative802_11, NET_IF_ACCESS_BROADCAST},
        {IF_TYPE_PPP, false, false, true, false, NdisMediumWan, NdisPhysicalMediumUnspecified,
         NET_IF_ACCESS_POINT_TO_POINT},
        {IF_TYPE_INFINIBAND, true, false, false, true, NdisMediumInfiniBand,
         NdisPhysicalMediumInfiniband, NET_IF_ACCESS_BROADCAST},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MIB_IF_ROW2 row;
        struct nio_iface *ifc;
        struct nio_ifrow *r;
        fake_os_reset();
        ifc = fake_os_add(40, cases[i].iftype, "x0");
        ifc->loopback = cases[i].loopback;
        r = fake_os_ifrow(40);
        r->hardware = cases[i].hardware;
        r->point_to_point = cases[i].p2p;
        r->broadcast = cases[i].broadcast;
        get_ok(&row, 40);
        assert_int_equal(row.Type, cases[i].iftype);
        assert_int_equal(row.MediaType, cases[i].media);
        assert_int_equal(row.PhysicalMediumType, cases[i].phys);
        assert_int_equal(row.AccessType, cases[i].access);
        assert_int_equal(row.InterfaceAndOperStatusFlags.HardwareInterface, cases[i].hardware);
        assert_int_equal(row.InterfaceAndOperStatusFlags.ConnectorPresent, cases[i].hardware);
        assert_int_equal(row.InterfaceAndOperStatusFlags.FilterInterface, 0);
    }
}

static void test_entry_tunnel_type(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    fake_os_add(41, IF_TYPE_TUNNEL, "gre1");
    fake_os_ifrow(41)->tunnel_type = TUNNEL_TYPE_OTHER;
    get_ok(&row, 41);
    assert_int_equal(row.TunnelType, TUNNEL_TYPE_OTHER);
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.TunnelType, TUNNEL_TYPE_NONE);
}

/* ------------------------------------------------------------- counters */
static void set_counters(uint32_t index)
{
    struct nio_ifrow *r = fake_os_ifrow(index);
    r->has_counters = true;
    r->counters = (struct nio_counters){
        .in_octets = 10000, .in_packets = 100, .in_multicast = 7, .in_discards = 3,
        .in_errors = 2, .in_unknown_protos = 1, .out_octets = 20000, .out_packets = 200,
        .out_multicast = 0, .out_discards = 4, .out_errors = 5,
    };
}

static void test_entry_counters(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    set_counters(FAKE_ETH1);
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(fake_os_last_want(FAKE_IFROW_GET), NIO_IFROW_COUNTERS);
    assert_int_equal(row.InOctets, 10000);
    assert_int_equal(row.InUcastPkts, 93);
    assert_int_equal(row.InNUcastPkts, 7);
    assert_int_equal(row.InDiscards, 3);
    assert_int_equal(row.InErrors, 2);
    assert_int_equal(row.InUnknownProtos, 1);
    assert_int_equal(row.InUcastOctets, 10000);
    assert_int_equal(row.InMulticastOctets + row.InBroadcastOctets, 0);
    assert_int_equal(row.OutOctets, 20000);
    assert_int_equal(row.OutUcastPkts, 200);
    assert_int_equal(row.OutNUcastPkts, 0);
    assert_int_equal(row.OutDiscards, 4);
    assert_int_equal(row.OutErrors, 5);
    assert_int_equal(row.OutUcastOctets, 20000);
    /* More multicast than packets (counters read apart): never wraps. */
    fake_os_ifrow(FAKE_ETH1)->counters.in_multicast = 150;
    get_ok(&row, FAKE_ETH1);
    assert_int_equal(row.InUcastPkts, 0);
}

static void test_entry_without_statistics(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    set_counters(FAKE_ETH1);
    key_row(&row, 0, FAKE_ETH1);
    assert_int_equal(GetIfEntry2Ex(MibIfEntryNormalWithoutStatistics, &row), 0);
    assert_int_equal(fake_os_last_want(FAKE_IFROW_GET), 0); /* counters not even read */
    assert_int_equal(row.InOctets, 0);
    assert_int_equal(row.OutUcastPkts, 0);
    assert_int_equal(row.Type, IF_TYPE_ETHERNET_CSMACD); /* the rest as usual */
    key_row(&row, 0, FAKE_ETH1);
    assert_int_equal(GetIfEntry2Ex(MibIfEntryNormal, &row), 0);
    assert_int_equal(row.InOctets, 10000);
}

/* ---------------------------------------------------------------- table */
static void test_table_params(void **state)
{
    (void)state;
    PMIB_IF_TABLE2 t = (PMIB_IF_TABLE2)(uintptr_t)0x5A5A;
    assert_int_equal(GetIfTable2(NULL), 87);
    assert_int_equal(GetIfTable2Ex(MibIfTableNormal, NULL), 87);
    assert_int_equal(GetIfTable2Ex((MIB_IF_TABLE_LEVEL)3, &t), 87);
    assert_null(t);
    t = (PMIB_IF_TABLE2)(uintptr_t)0x5A5A;
    assert_int_equal(GetIfTable2Ex((MIB_IF_TABLE_LEVEL)-1, &t), 87);
    assert_null(t);
    assert_int_equal((uint32_t)nio_nt_GetIfTable2Ex((MIB_IF_TABLE_LEVEL)3, &t), 0xC000000Du);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_table_rows(void **state)
{
    (void)state;
    static const uint32_t order[] = {FAKE_LO, FAKE_ETH0, FAKE_ETH1, FAKE_WG0};
    PMIB_IF_TABLE2 t = NULL;
    set_counters(FAKE_ETH1);
    assert_int_equal(GetIfTable2(&t), 0);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, 4);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IF_ROW2 one;
        assert_int_equal(t->Table[i].InterfaceIndex, order[i]);
        /* Each row equals what GetIfEntry2 reports for it. */
        get_ok(&one, order[i]);
        assert_memory_equal(&one, &t->Table[i], sizeof(one));
    }
    assert_int_equal(t->Table[2].InOctets, 10000);
    /* One list, no per-interface reads. */
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), 1);
    assert_int_equal(fake_os_last_want(FAKE_IFROW_LIST), NIO_IFROW_COUNTERS);
    FreeMibTable(t);
}

static void test_table_levels(void **state)
{
    (void)state;
    PMIB_IF_TABLE2 t = NULL;
    set_counters(FAKE_ETH1);
    assert_int_equal(GetIfTable2Ex(MibIfTableRaw, &t), 0);
    assert_int_equal(t->Table[2].InOctets, 10000);
    FreeMibTable(t);
    assert_int_equal(GetIfTable2Ex(MibIfTableNormalWithoutStatistics, &t), 0);
    assert_int_equal(fake_os_last_want(FAKE_IFROW_LIST), 0);
    assert_int_equal(t->Table[2].InOctets, 0);
    assert_int_equal(t->NumEntries, 4);
    FreeMibTable(t);
}

static void test_table_empty(void **state)
{
    (void)state;
    PMIB_IF_TABLE2 t = NULL;
    fake_os_reset();
    assert_int_equal(GetIfTable2(&t), 0);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, 0);
    FreeMibTable(t);
}

static void test_table_backend_errors(void **state)
{
    (void)state;
    PMIB_IF_TABLE2 t = (PMIB_IF_TABLE2)(uintptr_t)0x5A5A;
    fake_os_fail_next(FAKE_IFROW_LIST, -EAGAIN);
    assert_int_equal(GetIfTable2(&t), ERROR_RETRY);
    assert_null(t);
    fake_os_fail_next(FAKE_IFROW_LIST, -ENOMEM);
    assert_int_equal(GetIfTable2(&t), 8);
    assert_null(t);
    fake_os_fail_next(FAKE_IFROW_LIST, -EIO);
    assert_int_equal(GetIfTable2(&t), 31);
    assert_null(t);
}

/* Every allocation in turn fails: 8 and nothing leaks (valgrind). */
static unsigned fail_at, seen;
static bool fail_nth(size_t size)
{
    (void)size;
    return ++seen != fail_at;
}

static void test_table_out_of_memory(void **state)
{
    (void)state;
    for (fail_at = 1; fail_at <= 4; fail_at++) {
        PMIB_IF_TABLE2 t = (PMIB_IF_TABLE2)(uintptr_t)0x5A5A;
        DWORD st;
        seen = 0;
        nio_alloc_set_hook(fail_nth);
        st = GetIfTable2(&t);
        nio_alloc_set_hook(NULL);
        if (seen < fail_at) {
            assert_int_equal(st, 0); /* fewer allocations than that */
            FreeMibTable(t);
            break;
        }
        assert_int_equal(st, 8);
        assert_null(t);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_entry_null_and_zero_key),
        T(test_entry_bad_level),
        T(test_entry_unknown),
        T(test_entry_nt_codes),
        T(test_entry_by_luid_and_index),
        T(test_entry_backend_errors),
        T(test_entry_identity),
        T(test_entry_strings),
        T(test_entry_alias_agrees_with_luid_to_alias),
        T(test_entry_addresses),
        T(test_entry_oper_status),
        T(test_entry_admin_status),
        T(test_entry_speed),
        T(test_entry_media_and_access),
        T(test_entry_tunnel_type),
        T(test_entry_counters),
        T(test_entry_without_statistics),
        T(test_table_params),
        T(test_table_rows),
        T(test_table_levels),
        T(test_table_empty),
        T(test_table_backend_errors),
        T(test_table_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
