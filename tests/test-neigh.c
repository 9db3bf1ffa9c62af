/* test-neigh.c - the neighbour rows (neigh.c) through the public entry
 * points over the fake back end (fake_neigh.c): the key and its
 * validation, every code of both flavours (Win32 and the nio_nt_ twins),
 * every field of a row from the OS's facts, the table, what a write hands
 * the back end (and that a refused one writes nothing), the flush's
 * choice, resolution, and every allocation failing in turn. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define BAD_TABLE ((PMIB_IPNET_TABLE2)(uintptr_t)0x5A5A5A5A)
#define MAX_RUNS 64

NTSTATUS NTAPI nio_nt_GetIpNetTable2(ADDRESS_FAMILY Family, PMIB_IPNET_TABLE2 *Table);
NTSTATUS NTAPI nio_nt_GetIpNetEntry2(PMIB_IPNET_ROW2 Row);
NTSTATUS NTAPI nio_nt_CreateIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);
NTSTATUS NTAPI nio_nt_SetIpNetEntry2(PMIB_IPNET_ROW2 Row);
NTSTATUS NTAPI nio_nt_DeleteIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);
NTSTATUS NTAPI nio_nt_FlushIpNetTable2(ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex);
NTSTATUS NTAPI nio_nt_ResolveIpNetEntry2(PMIB_IPNET_ROW2 Row,
                                         CONST SOCKADDR_INET *SourceAddress);

static const uint8_t MAC_A[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a};
static const uint8_t MAC_B[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0b};

/* ------------------------------------------------------------ helpers */
/* A neighbour the OS holds: MAC_A, with times (confirmed 1111 ms ago,
 * changed 2222 ms ago), junk in lladdr past its length and its own bits. */
static struct nio_neigh *put(const char *text, uint32_t ifindex, enum nio_neigh_state s)
{
    struct nio_neigh n;
    memset(&n, 0, sizeof(n));
    n.ifindex = ifindex;
    n.addr = ip(text);
    memset(n.lladdr, 0x77, sizeof(n.lladdr));
    memcpy(n.lladdr, MAC_A, 6);
    n.lladdr_len = 6;
    n.state = s;
    n.has_times = true;
    n.confirmed_ms = 1111;
    n.updated_ms = 2222;
    n.os_bits = 0xB175u;
    return fake_neigh_put(&n);
}

/* A zero-filled row keyed by address and index. */
static MIB_IPNET_ROW2 key(const char *text, NET_IFINDEX index)
{
    MIB_IPNET_ROW2 row;
    memset(&row, 0, sizeof(row));
    row.Address = sa(text);
    row.InterfaceIndex = index;
    return row;
}

/* A row to create: key, MAC_B, state. */
static MIB_IPNET_ROW2 wrow(const char *text, NET_IFINDEX index, NL_NEIGHBOR_STATE state)
{
    MIB_IPNET_ROW2 row = key(text, index);
    memcpy(row.PhysicalAddress, MAC_B, 6);
    row.PhysicalAddressLength = 6;
    row.State = state;
    return row;
}

/* A keyed row whose other fields are a pattern, to see them untouched. */
static MIB_IPNET_ROW2 patterned(const char *text, NET_IFINDEX index, uint64_t luid)
{
    MIB_IPNET_ROW2 row;
    memset(&row, 0xA5, sizeof(row));
    memset(&row.Address, 0, sizeof(row.Address));
    row.Address = sa(text);
    row.InterfaceIndex = index;
    row.InterfaceLuid.Value = luid;
    return row;
}

static unsigned all_calls(void)
{
    return fake_os_total_calls() + fake_neigh_total_calls();
}

static const struct fake_neigh_step *last_step(void)
{
    unsigned count;
    const struct fake_neigh_step *s = fake_neigh_steps(&count);
    assert_true(count > 0);
    return &s[count - 1];
}

static void assert_ip_v4(const SOCKADDR_INET *a, const char *text)
{
    struct in_addr want;
    assert_int_equal(inet_pton(AF_INET, text, &want), 1);
    assert_int_equal(a->si_family, AF_INET);
    assert_memory_equal(&a->Ipv4.sin_addr, &want, 4);
    assert_int_equal(a->Ipv4.sin_port, 0);
}

static void assert_ip_v6(const SOCKADDR_INET *a, const char *text, uint32_t scope)
{
    struct in6_addr want;
    assert_int_equal(inet_pton(AF_INET6, text, &want), 1);
    assert_int_equal(a->si_family, AF_INET6);
    assert_memory_equal(&a->Ipv6.sin6_addr, &want, 16);
    assert_int_equal(a->Ipv6.sin6_port, 0);
    assert_int_equal(a->Ipv6.sin6_flowinfo, 0);
    assert_int_equal(a->Ipv6.sin6_scope_id, scope);
}

/* Every key function (Get, Create, Set, Delete, Resolve) on one row, in
 * both flavours, expecting the Win32 code w and NTSTATUS nt; the row is
 * copied for each so that none sees another's effect. */
static void all_keyed(const MIB_IPNET_ROW2 *row, DWORD w, NTSTATUS nt)
{
    MIB_IPNET_ROW2 r;
    r = *row;
    assert_int_equal(GetIpNetEntry2(&r), w);
    r = *row;
    assert_int_equal(nio_nt_GetIpNetEntry2(&r), nt);
    r = *row;
    assert_int_equal(CreateIpNetEntry2(&r), w);
    r = *row;
    assert_int_equal(nio_nt_CreateIpNetEntry2(&r), nt);
    r = *row;
    assert_int_equal(SetIpNetEntry2(&r), w);
    r = *row;
    assert_int_equal(nio_nt_SetIpNetEntry2(&r), nt);
    r = *row;
    assert_int_equal(DeleteIpNetEntry2(&r), w);
    r = *row;
    assert_int_equal(nio_nt_DeleteIpNetEntry2(&r), nt);
    r = *row;
    assert_int_equal(ResolveIpNetEntry2(&r, NULL), w);
    r = *row;
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&r, NULL), nt);
}

/* ----------------------------------------------------------------- key */
static void test_key_null_row(void **state)
{
    (void)state;
    assert_int_equal(GetIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_GetIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(CreateIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_CreateIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(SetIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_SetIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(DeleteIpNetEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_DeleteIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(ResolveIpNetEntry2(NULL, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(NULL, NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(all_calls(), 0);
}

/* Another family, the unspecified address, no interface named: 87, and
 * the OS is never asked. */
static void test_key_invalid(void **state)
{
    MIB_IPNET_ROW2 row;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    row = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    row.Address.si_family = AF_UNSPEC;
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    row.Address.si_family = 99;
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    row = wrow("0.0.0.0", FAKE_ETH0, NlnsPermanent);
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    row = wrow("::", FAKE_ETH1, NlnsPermanent);
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    row = wrow("198.18.0.2", 0, NlnsPermanent);
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    row = wrow("fd00::2", 0, NlnsPermanent);
    all_keyed(&row, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER);
    assert_int_equal(all_calls(), 0);
    assert_int_equal(fake_neigh_count(), 1);
}

/* No such interface, a LUID that matches nothing (even with a good index),
 * a family not bound on the interface: 1168, nothing written. */
static void test_key_not_found(void **state)
{
    MIB_IPNET_ROW2 row;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    put("fd00::2", FAKE_WG0, NIO_NS_REACHABLE);
    row = wrow("198.18.0.2", 42, NlnsPermanent);
    all_keyed(&row, ERROR_NOT_FOUND, STATUS_NOT_FOUND);
    row = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    row.InterfaceLuid.Value = LUID(6, 42);
    all_keyed(&row, ERROR_NOT_FOUND, STATUS_NOT_FOUND);
    /* eth0 has no IPv6, wg0 no IPv4. */
    row = wrow("fd00::2", FAKE_ETH0, NlnsPermanent);
    all_keyed(&row, ERROR_NOT_FOUND, STATUS_NOT_FOUND);
    row = wrow("198.18.0.2", FAKE_WG0, NlnsPermanent);
    all_keyed(&row, ERROR_NOT_FOUND, STATUS_NOT_FOUND);
    assert_int_equal(fake_neigh_writes(), 0);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_RESOLVE), 0);
    assert_int_equal(fake_neigh_count(), 2);
}

/* The LUID wins over the index. */
static void test_key_luid_first(void **state)
{
    MIB_IPNET_ROW2 row;
    (void)state;
    put("198.18.1.2", FAKE_ETH1, NIO_NS_REACHABLE);
    row = key("198.18.1.2", FAKE_ETH0);
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH1);
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(fake_neigh_last_ifindex(), FAKE_ETH1);
    /* The LUID alone. */
    row = key("198.18.1.2", 0);
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH1);
    assert_int_equal(nio_nt_GetIpNetEntry2(&row), STATUS_SUCCESS);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    /* Create keyed by LUID only goes to that interface. */
    row = wrow("198.18.1.3", FAKE_ETH0, NlnsPermanent);
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH1);
    assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(last_step()->n.ifindex, FAKE_ETH1);
    {
        struct nio_ip a = ip("198.18.1.3");
        assert_non_null(fake_neigh_find(FAKE_ETH1, &a));
        assert_null(fake_neigh_find(FAKE_ETH0, &a));
    }
}

/* ----------------------------------------------------------------- Get */
static void test_get_absent_untouched(void **state)
{
    MIB_IPNET_ROW2 row, before;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    put("198.18.1.9", FAKE_ETH1, NIO_NS_REACHABLE); /* that address, another interface */
    row = before = patterned("198.18.0.9", FAKE_ETH0, 0);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    assert_int_equal(nio_nt_GetIpNetEntry2(&row), STATUS_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    row = before = patterned("198.18.1.9", FAKE_ETH0, 0);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    /* Key failures leave it too. */
    row = before = patterned("198.18.0.2", 42, 0);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    row = before = patterned("198.18.0.2", FAKE_ETH0, LUID(6, 42));
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    row = before = patterned("0.0.0.0", FAKE_ETH0, 0);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_INVALID_PARAMETER);
    assert_memory_equal(&row, &before, sizeof(row));
    /* The OS failing. */
    row = before = patterned("198.18.0.2", FAKE_ETH0, 0);
    fake_neigh_fail_next(FAKE_NEIGH_GET, -ENOMEM);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_ENOUGH_MEMORY);
    assert_memory_equal(&row, &before, sizeof(row));
    fake_neigh_fail_next(FAKE_NEIGH_GET, -ENOMEM);
    assert_int_equal(nio_nt_GetIpNetEntry2(&row), STATUS_NO_MEMORY);
    assert_memory_equal(&row, &before, sizeof(row));
    fake_neigh_fail_next(FAKE_NEIGH_GET, -ENODEV); /* the interface went */
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    /* And it is found once the OS answers. */
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
}

/* A back end answering for another neighbour is no answer. */
static void test_get_sloppy_backend(void **state)
{
    MIB_IPNET_ROW2 row, before;
    struct nio_neigh other;
    (void)state;
    other = *put("198.18.0.3", FAKE_ETH0, NIO_NS_REACHABLE);
    fake_neigh_set_sloppy(&other);
    row = before = patterned("198.18.0.2", FAKE_ETH0, 0);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    other.ifindex = FAKE_ETH1; /* the address asked, another interface */
    other.addr = ip("198.18.0.2");
    fake_neigh_set_sloppy(&other);
    assert_int_equal(GetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
}

static void test_get_fields_v4(void **state)
{
    MIB_IPNET_ROW2 row;
    uint8_t want[32] = {0};
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    row = patterned("198.18.0.2", FAKE_ETH0, 0);
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_ip_v4(&row.Address, "198.18.0.2");
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(6, FAKE_ETH0));
    memcpy(want, MAC_A, 6);
    assert_memory_equal(row.PhysicalAddress, want, 32); /* the rest zeroed */
    assert_int_equal(row.PhysicalAddressLength, 6);
    assert_int_equal(row.State, NlnsReachable);
    assert_int_equal(row.Flags, 0);
    assert_int_equal(row.ReachabilityTime.LastReachable, 1111);
    /* The rest of the SOCKADDR_INET is zero as well. */
    for (size_t i = sizeof(struct sockaddr_in); i < sizeof(row.Address); i++)
        assert_int_equal(((const unsigned char *)&row.Address)[i], 0);
    /* The NT flavour writes the same row. */
    {
        MIB_IPNET_ROW2 nt = patterned("198.18.0.2", 0, LUID(6, FAKE_ETH0));
        assert_int_equal(nio_nt_GetIpNetEntry2(&nt), STATUS_SUCCESS);
        assert_memory_equal(&nt, &row, offsetof(MIB_IPNET_ROW2, Flags) + 1);
        assert_int_equal(nt.ReachabilityTime.LastReachable, 1111);
    }
}

/* IPv6: a link-local neighbour gets its interface as zone, a global one
 * none; IsRouter from the OS; the zone the caller gave is no part of the
 * key. */
static void test_get_fields_v6(void **state)
{
    MIB_IPNET_ROW2 row;
    struct nio_neigh *n;
    (void)state;
    n = put("fe80::1", FAKE_ETH1, NIO_NS_STALE);
    n->router = true;
    put("fd00::1", FAKE_ETH1, NIO_NS_DELAY);
    put("fe80::1", FAKE_WG0, NIO_NS_PERMANENT)->lladdr_len = 0;
    row = patterned("fe80::1", FAKE_ETH1, 0);
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_ip_v6(&row.Address, "fe80::1", FAKE_ETH1);
    assert_int_equal(row.InterfaceLuid.Value, LUID(6, FAKE_ETH1));
    assert_int_equal(row.State, NlnsStale);
    assert_true(row.IsRouter);
    assert_false(row.IsUnreachable);
    assert_int_equal(row.Flags, 1);
    row = patterned("fd00::1", FAKE_ETH1, 0);
    row.Address.Ipv6.sin6_scope_id = 99;
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_ip_v6(&row.Address, "fd00::1", 0);
    assert_int_equal(row.State, NlnsDelay);
    assert_false(row.IsRouter);
    /* No link-layer address known. */
    row = patterned("fe80::1", FAKE_WG0, 0);
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_ip_v6(&row.Address, "fe80::1", FAKE_WG0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(53, FAKE_WG0));
    assert_int_equal(row.PhysicalAddressLength, 0);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(row.PhysicalAddress[i], 0);
    assert_int_equal(row.State, NlnsPermanent);
}

/* Every OS state: the row's State, IsUnreachable and which age the union
 * holds; no times known: 0. */
static void test_get_states(void **state)
{
    static const struct {
        enum nio_neigh_state os;
        NL_NEIGHBOR_STATE want;
        bool unreachable;
        ULONG time; /* 1111: confirmed, 2222: updated */
    } cases[] = {
        {NIO_NS_NONE, NlnsUnreachable, false, 2222},
        {NIO_NS_INCOMPLETE, NlnsIncomplete, false, 2222},
        {NIO_NS_REACHABLE, NlnsReachable, false, 1111},
        {NIO_NS_STALE, NlnsStale, false, 1111},
        {NIO_NS_DELAY, NlnsDelay, false, 1111},
        {NIO_NS_PROBE, NlnsProbe, false, 1111},
        {NIO_NS_FAILED, NlnsUnreachable, true, 2222},
        {NIO_NS_NOARP, NlnsPermanent, false, 1111},
        {NIO_NS_PERMANENT, NlnsPermanent, false, 1111},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int times = 1; times >= 0; times--) {
            MIB_IPNET_ROW2 row;
            fake_neigh_reset();
            put("198.18.1.2", FAKE_ETH1, cases[i].os)->has_times = times;
            row = patterned("198.18.1.2", FAKE_ETH1, 0);
            assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
            if (row.State != cases[i].want || row.IsUnreachable != cases[i].unreachable ||
                row.IsRouter || row.ReachabilityTime.LastReachable != (times ? cases[i].time : 0))
                fail_msg("OS state %d (times %d): State %d IsUnreachable %d IsRouter %d time %u",
                         (int)cases[i].os, times, (int)row.State, row.IsUnreachable,
                         row.IsRouter, (unsigned)row.ReachabilityTime.LastReachable);
        }
    }
}

/* --------------------------------------------------------------- table */
static void test_table_invalid(void **state)
{
    PMIB_IPNET_TABLE2 t = BAD_TABLE;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    assert_int_equal(GetIpNetTable2(99, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
    t = BAD_TABLE;
    assert_int_equal(nio_nt_GetIpNetTable2(AF_INET6 + 1, &t), STATUS_INVALID_PARAMETER);
    assert_null(t);
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_GetIpNetTable2(AF_INET, NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(all_calls(), 0);
}

static void test_table_empty(void **state)
{
    PMIB_IPNET_TABLE2 t = BAD_TABLE;
    (void)state;
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), ERROR_NOT_FOUND);
    assert_null(t);
    t = BAD_TABLE;
    assert_int_equal(nio_nt_GetIpNetTable2(AF_UNSPEC, &t), STATUS_NOT_FOUND);
    assert_null(t);
    /* Neighbours of the other family only. */
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    t = BAD_TABLE;
    assert_int_equal(GetIpNetTable2(AF_INET6, &t), ERROR_NOT_FOUND);
    assert_null(t);
    assert_int_equal(fake_neigh_last_want(), NIO_WANT_V6);
    /* Neighbours only of an interface that went between the two reads. */
    fake_neigh_reset();
    put("198.18.9.2", 99, NIO_NS_REACHABLE);
    t = BAD_TABLE;
    assert_int_equal(GetIpNetTable2(AF_INET, &t), ERROR_NOT_FOUND);
    assert_null(t);
}

/* Rows by interface index whatever order the OS gave, each equal to what
 * Get gives for its key; the families filtered. */
static void test_table_sorted(void **state)
{
    PMIB_IPNET_TABLE2 t = BAD_TABLE;
    ULONG v4 = 0, v6 = 0;
    (void)state;
    put("fd00::7", FAKE_WG0, NIO_NS_REACHABLE)->router = true;
    put("198.18.1.2", FAKE_ETH1, NIO_NS_STALE);
    put("198.18.0.2", FAKE_ETH0, NIO_NS_PERMANENT);
    put("fe80::2", FAKE_ETH1, NIO_NS_FAILED)->lladdr_len = 0;
    put("198.18.9.9", 99, NIO_NS_REACHABLE); /* no such interface: left out */
    put("198.18.0.3", FAKE_ETH0, NIO_NS_INCOMPLETE)->lladdr_len = 0;
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), NO_ERROR);
    assert_non_null(t);
    assert_int_equal(fake_neigh_last_want(), NIO_WANT_V4 | NIO_WANT_V6);
    assert_int_equal(t->NumEntries, 5);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IPNET_ROW2 row = t->Table[i];
        if (i > 0)
            assert_true(t->Table[i - 1].InterfaceIndex <= t->Table[i].InterfaceIndex);
        assert_int_equal(row.InterfaceLuid.Value,
                         row.InterfaceIndex == FAKE_WG0 ? LUID(53, FAKE_WG0)
                                                        : LUID(6, row.InterfaceIndex));
        assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
        assert_memory_equal(&row, &t->Table[i], sizeof(row));
        if (row.Address.si_family == AF_INET)
            v4++;
        else
            v6++;
    }
    assert_int_equal(v4, 3);
    assert_int_equal(v6, 2);
    assert_int_equal(t->Table[0].InterfaceIndex, FAKE_ETH0);
    assert_int_equal(t->Table[4].InterfaceIndex, FAKE_WG0);
    assert_true(t->Table[4].IsRouter);
    FreeMibTable(t);

    t = BAD_TABLE;
    assert_int_equal(GetIpNetTable2(AF_INET, &t), NO_ERROR);
    assert_int_equal(fake_neigh_last_want(), NIO_WANT_V4);
    assert_int_equal(t->NumEntries, 3);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].Address.si_family, AF_INET);
    FreeMibTable(t);

    t = BAD_TABLE;
    assert_int_equal(nio_nt_GetIpNetTable2(AF_INET6, &t), STATUS_SUCCESS);
    assert_int_equal(fake_neigh_last_want(), NIO_WANT_V6);
    assert_int_equal(t->NumEntries, 2);
    assert_ip_v6(&t->Table[0].Address, "fe80::2", FAKE_ETH1);
    assert_int_equal(t->Table[0].State, NlnsUnreachable);
    assert_true(t->Table[0].IsUnreachable);
    assert_ip_v6(&t->Table[1].Address, "fd00::7", 0);
    FreeMibTable(t);
}

static void test_table_os_failure(void **state)
{
    PMIB_IPNET_TABLE2 t = BAD_TABLE;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE);
    fake_neigh_fail_next(FAKE_NEIGH_LIST, -EAGAIN);
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    t = BAD_TABLE;
    fake_neigh_fail_next(FAKE_NEIGH_LIST, -EAGAIN);
    assert_int_equal(nio_nt_GetIpNetTable2(AF_UNSPEC, &t), STATUS_RETRY);
    assert_null(t);
    t = BAD_TABLE;
    fake_neigh_fail_next(FAKE_NEIGH_LIST, -ENOMEM);
    assert_int_equal(GetIpNetTable2(AF_INET, &t), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(t);
    t = BAD_TABLE;
    fake_os_fail_next(FAKE_LIST, -ENOMEM); /* the interfaces, for the LUIDs */
    assert_int_equal(GetIpNetTable2(AF_INET, &t), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(t);
    t = BAD_TABLE;
    assert_int_equal(GetIpNetTable2(AF_INET, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 1);
    FreeMibTable(t);
}

/* -------------------------------------------------------------- Create */
static void check_create_invalid(const MIB_IPNET_ROW2 *row)
{
    MIB_IPNET_ROW2 r = *row;
    unsigned before = fake_neigh_writes();
    assert_int_equal(CreateIpNetEntry2(&r), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_CreateIpNetEntry2(&r), STATUS_INVALID_PARAMETER);
    assert_int_equal(SetIpNetEntry2(&r), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_SetIpNetEntry2(&r), STATUS_INVALID_PARAMETER);
    assert_memory_equal(&r, row, sizeof(r));
    assert_int_equal(fake_neigh_writes(), before);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_ADD) + fake_neigh_calls(FAKE_NEIGH_SET), 0);
}

static void test_create_invalid(void **state)
{
    MIB_IPNET_ROW2 row;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_REACHABLE); /* Set would find it */
    put("fd00::2", FAKE_ETH1, NIO_NS_REACHABLE);
    /* Loopback addresses, even on a real interface. */
    check_create_invalid((row = wrow("127.0.0.1", FAKE_ETH0, NlnsPermanent), &row));
    check_create_invalid((row = wrow("127.255.3.4", FAKE_ETH0, NlnsPermanent), &row));
    check_create_invalid((row = wrow("::1", FAKE_ETH1, NlnsPermanent), &row));
    check_create_invalid((row = wrow("127.0.0.1", FAKE_LO, NlnsPermanent), &row));
    /* ... before the interface is looked at. */
    check_create_invalid((row = wrow("127.0.0.1", 42, NlnsPermanent), &row));
    /* No physical address, or too long a one. */
    row = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    row.PhysicalAddressLength = 0;
    check_create_invalid(&row);
    row.PhysicalAddressLength = 33;
    check_create_invalid(&row);
    row.PhysicalAddressLength = 0xFFFFFFFFu;
    check_create_invalid(&row);
    /* A state no entry is created in. */
    check_create_invalid((row = wrow("198.18.0.2", FAKE_ETH0, NlnsIncomplete), &row));
    check_create_invalid((row = wrow("fd00::2", FAKE_ETH1, NlnsMaximum), &row));
    check_create_invalid((row = wrow("fd00::2", FAKE_ETH1, (NL_NEIGHBOR_STATE)99), &row));
    check_create_invalid((row = wrow("fd00::2", FAKE_ETH1, (NL_NEIGHBOR_STATE)-1), &row));
    /* The boundary is 32: accepted. */
    row = wrow("198.18.0.9", FAKE_ETH0, NlnsPermanent);
    memset(row.PhysicalAddress, 0x42, 32);
    row.PhysicalAddressLength = 32;
    assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(last_step()->n.lladdr_len, 32);
    assert_memory_equal(last_step()->n.lladdr, row.PhysicalAddress, 32);
}

/* Which OS state each row State asks for; everything else of the entry;
 * the caller's row not modified. */
static void test_create_states(void **state)
{
    static const struct {
        NL_NEIGHBOR_STATE row;
        enum nio_neigh_state os;
    } cases[] = {
        {NlnsUnreachable, NIO_NS_PERMANENT}, /* a zero-filled row */
        {NlnsPermanent, NIO_NS_PERMANENT},
        {NlnsReachable, NIO_NS_REACHABLE},
        {NlnsStale, NIO_NS_STALE},
        {NlnsDelay, NIO_NS_DELAY},
        {NlnsProbe, NIO_NS_PROBE},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int nt = 0; nt < 2; nt++) {
            MIB_IPNET_ROW2 row = wrow(nt ? "fe80::5" : "198.18.1.5", FAKE_ETH1, cases[i].row);
            MIB_IPNET_ROW2 before;
            const struct fake_neigh_step *s;
            struct nio_ip a = ip(nt ? "fe80::5" : "198.18.1.5");
            fake_neigh_reset();
            row.IsRouter = nt;
            row.Address.Ipv6.sin6_scope_id = nt ? FAKE_ETH1 : 0;
            row.ReachabilityTime.LastReachable = 12345; /* ignored */
            before = row;
            if (nt)
                assert_int_equal(nio_nt_CreateIpNetEntry2(&row), STATUS_SUCCESS);
            else
                assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
            assert_memory_equal(&row, &before, sizeof(row));
            assert_int_equal(fake_neigh_writes(), 1);
            s = last_step();
            assert_int_equal(s->fn, FAKE_NEIGH_ADD);
            if (s->n.state != cases[i].os)
                fail_msg("row State %d: OS state %d, want %d", (int)cases[i].row,
                         (int)s->n.state, (int)cases[i].os);
            assert_int_equal(s->n.ifindex, FAKE_ETH1);
            assert_int_equal(s->n.addr.slot, a.slot);
            assert_memory_equal(s->n.addr.bytes, a.bytes, 16);
            assert_int_equal(s->n.addr.scope, 0);
            assert_int_equal(s->n.lladdr_len, 6);
            assert_memory_equal(s->n.lladdr, MAC_B, 6);
            assert_int_equal(s->n.router, nt);
            assert_non_null(fake_neigh_find(FAKE_ETH1, &a));
        }
    }
}

static void test_create_exists(void **state)
{
    MIB_IPNET_ROW2 row, before;
    struct nio_neigh raced;
    (void)state;
    put("198.18.0.2", FAKE_ETH0, NIO_NS_STALE); /* one the OS made itself */
    row = before = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(nio_nt_CreateIpNetEntry2(&row), STATUS_DUPLICATE_OBJECTID);
    assert_memory_equal(&row, &before, sizeof(row));
    assert_int_equal(fake_neigh_writes(), 0);
    /* That address on another interface is no obstacle. */
    row = wrow("198.18.0.2", FAKE_ETH1, NlnsPermanent);
    assert_int_equal(CreateIpNetEntry2(&row), NO_ERROR);
    /* Another process adds it between the look and the add. */
    memset(&raced, 0, sizeof(raced));
    raced.ifindex = FAKE_ETH0;
    raced.addr = ip("198.18.0.7");
    raced.state = NIO_NS_REACHABLE;
    fake_neigh_race_add(&raced);
    row = before = wrow("198.18.0.7", FAKE_ETH0, NlnsPermanent);
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_memory_equal(&row, &before, sizeof(row));
    raced.addr = ip("198.18.0.8");
    fake_neigh_race_add(&raced);
    row = wrow("198.18.0.8", FAKE_ETH0, NlnsReachable);
    assert_int_equal(nio_nt_CreateIpNetEntry2(&row), STATUS_DUPLICATE_OBJECTID);
    assert_int_equal(fake_neigh_writes(), 1);
}

/* No privilege: 5 before anything is written; the OS's own refusals. */
static void test_create_os_refusals(void **state)
{
    static const struct {
        int err;
        DWORD w;
        NTSTATUS nt;
    } cases[] = {
        {-EPERM, ERROR_ACCESS_DENIED, STATUS_ACCESS_DENIED},
        {-EACCES, ERROR_ACCESS_DENIED, STATUS_ACCESS_DENIED},
        {-ENODEV, ERROR_NOT_FOUND, STATUS_NOT_FOUND},
        {-ENOMEM, ERROR_NOT_ENOUGH_MEMORY, STATUS_NO_MEMORY},
        {-EOPNOTSUPP, ERROR_NOT_SUPPORTED, STATUS_NOT_SUPPORTED},
        {-EINVAL, ERROR_INVALID_PARAMETER, STATUS_INVALID_PARAMETER},
        {-EEXIST, ERROR_OBJECT_ALREADY_EXISTS, STATUS_DUPLICATE_OBJECTID},
    };
    MIB_IPNET_ROW2 row, before;
    (void)state;
    row = before = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    fake_neigh_set_may_change(-EPERM);
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_CreateIpNetEntry2(&row), STATUS_ACCESS_DENIED);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_ADD), 0);
    assert_memory_equal(&row, &before, sizeof(row));
    /* A bad parameter is still 87, an unknown interface still 1168. */
    row.PhysicalAddressLength = 0;
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_INVALID_PARAMETER);
    row = wrow("198.18.0.2", 42, NlnsPermanent);
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_NOT_FOUND);
    fake_neigh_set_may_change(0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        row = before = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
        fake_neigh_fail_next(FAKE_NEIGH_ADD, cases[i].err);
        assert_int_equal(CreateIpNetEntry2(&row), cases[i].w);
        fake_neigh_fail_next(FAKE_NEIGH_ADD, cases[i].err);
        assert_int_equal(nio_nt_CreateIpNetEntry2(&row), cases[i].nt);
        assert_memory_equal(&row, &before, sizeof(row));
    }
    assert_int_equal(fake_neigh_writes(), 0);
    assert_int_equal(fake_neigh_count(), 0);
    /* The look before the add failing. */
    fake_neigh_fail_next(FAKE_NEIGH_GET, -ENOMEM);
    assert_int_equal(CreateIpNetEntry2(&row), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_ADD),
                     2 * (unsigned)(sizeof(cases) / sizeof(cases[0])));
}

/* ----------------------------------------------------------------- Set */
static void test_set_changes(void **state)
{
    MIB_IPNET_ROW2 row;
    const struct fake_neigh_step *s;
    struct nio_ip a = ip("fe80::9");
    (void)state;
    put("fe80::9", FAKE_ETH1, NIO_NS_STALE);
    row = wrow("fe80::9", FAKE_ETH1, NlnsReachable);
    row.IsRouter = TRUE;
    assert_int_equal(SetIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(fake_neigh_writes(), 1);
    s = last_step();
    assert_int_equal(s->fn, FAKE_NEIGH_SET);
    /* old as the OS reported it. */
    assert_int_equal(s->old.os_bits, 0xB175u);
    assert_int_equal(s->old.state, NIO_NS_STALE);
    assert_memory_equal(s->old.lladdr, MAC_A, 6);
    assert_int_equal(s->n.ifindex, FAKE_ETH1);
    assert_memory_equal(s->n.addr.bytes, a.bytes, 16);
    assert_int_equal(s->n.state, NIO_NS_REACHABLE);
    assert_memory_equal(s->n.lladdr, MAC_B, 6);
    assert_true(s->n.router);
    /* Get sees all three. */
    row = key("fe80::9", FAKE_ETH1);
    assert_int_equal(GetIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(row.State, NlnsReachable);
    assert_memory_equal(row.PhysicalAddress, MAC_B, 6);
    assert_true(row.IsRouter);
    /* A zero-filled state makes it permanent, as Create; NT flavour. */
    row = wrow("fe80::9", FAKE_ETH1, NlnsUnreachable);
    assert_int_equal(nio_nt_SetIpNetEntry2(&row), STATUS_SUCCESS);
    assert_int_equal(last_step()->n.state, NIO_NS_PERMANENT);
    assert_false(last_step()->n.router);
    assert_int_equal(fake_neigh_find(FAKE_ETH1, &a)->state, NIO_NS_PERMANENT);
    assert_int_equal(fake_neigh_count(), 1);
}

static void test_set_absent_and_refusals(void **state)
{
    MIB_IPNET_ROW2 row;
    struct nio_ip a = ip("198.18.0.2");
    struct nio_neigh was;
    (void)state;
    was = *put("198.18.0.2", FAKE_ETH0, NIO_NS_STALE);
    row = wrow("198.18.0.3", FAKE_ETH0, NlnsPermanent);
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_SetIpNetEntry2(&row), STATUS_NOT_FOUND);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_SET), 0);
    row = wrow("198.18.0.2", FAKE_ETH1, NlnsPermanent); /* another interface */
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_FOUND);
    row = wrow("198.18.0.2", FAKE_ETH0, NlnsPermanent);
    fake_neigh_set_may_change(-EPERM);
    assert_int_equal(SetIpNetEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_SetIpNetEntry2(&row), STATUS_ACCESS_DENIED);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_SET), 0);
    fake_neigh_set_may_change(0);
    /* The OS refusing: nothing changed (all or nothing). */
    fake_neigh_fail_next(FAKE_NEIGH_SET, -ENOMEM);
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_ENOUGH_MEMORY);
    fake_neigh_fail_next(FAKE_NEIGH_SET, -EPERM);
    assert_int_equal(nio_nt_SetIpNetEntry2(&row), STATUS_ACCESS_DENIED);
    fake_neigh_fail_next(FAKE_NEIGH_SET, -ENOENT); /* it went meanwhile */
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_FOUND);
    fake_neigh_fail_next(FAKE_NEIGH_SET, -EOPNOTSUPP);
    assert_int_equal(SetIpNetEntry2(&row), ERROR_NOT_SUPPORTED);
    assert_int_equal(fake_neigh_writes(), 0);
    assert_memory_equal(fake_neigh_find(FAKE_ETH0, &a), &was, sizeof(was));
    /* Then it works. */
    assert_int_equal(SetIpNetEntry2(&row), NO_ERROR);
    assert_int_equal(fake_neigh_find(FAKE_ETH0, &a)->state, NIO_NS_PERMANENT);
}

/* -------------------------------------------------------------- Delete */
static void test_delete(void **state)
{
    PMIB_IPNET_TABLE2 t = NULL;
    MIB_IPNET_ROW2 row;
    struct nio_ip a = ip("fe80::2"), b = ip("198.18.1.2");
    (void)state;
    put("fe80::2", FAKE_ETH1, NIO_NS_REACHABLE);
    put("198.18.1.2", FAKE_ETH1, NIO_NS_PERMANENT);
    put("198.18.1.2", FAKE_ETH0, NIO_NS_PERMANENT);
    /* A row of the table as it is (a link-local one with its zone). */
    assert_int_equal(GetIpNetTable2(AF_INET6, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 1);
    assert_int_equal(DeleteIpNetEntry2(&t->Table[0]), NO_ERROR);
    assert_int_equal(last_step()->fn, FAKE_NEIGH_DELETE);
    assert_int_equal(last_step()->n.os_bits, 0xB175u); /* exactly as reported */
    assert_null(fake_neigh_find(FAKE_ETH1, &a));
    assert_int_equal(DeleteIpNetEntry2(&t->Table[0]), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_DeleteIpNetEntry2(&t->Table[0]), STATUS_NOT_FOUND);
    FreeMibTable(t);
    /* By LUID; only that interface's. */
    row = key("198.18.1.2", 0);
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH1);
    fake_neigh_set_may_change(-EPERM);
    assert_int_equal(DeleteIpNetEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_DeleteIpNetEntry2(&row), STATUS_ACCESS_DENIED);
    fake_neigh_set_may_change(0);
    fake_neigh_fail_next(FAKE_NEIGH_DELETE, -EPERM);
    assert_int_equal(DeleteIpNetEntry2(&row), ERROR_ACCESS_DENIED);
    fake_neigh_fail_next(FAKE_NEIGH_DELETE, -ENOENT);
    assert_int_equal(DeleteIpNetEntry2(&row), ERROR_NOT_FOUND);
    assert_int_equal(fake_neigh_writes(), 1);
    assert_non_null(fake_neigh_find(FAKE_ETH1, &b));
    assert_int_equal(nio_nt_DeleteIpNetEntry2(&row), STATUS_SUCCESS);
    assert_null(fake_neigh_find(FAKE_ETH1, &b));
    assert_non_null(fake_neigh_find(FAKE_ETH0, &b));
    assert_int_equal(fake_neigh_count(), 1);
}

/* --------------------------------------------------------------- flush */
/* One of each OS state on eth1 for both families, and an IPv4 dynamic one
 * on eth0. */
static void flush_machine(void)
{
    static const char *v4[] = {"198.18.1.10", "198.18.1.11", "198.18.1.12", "198.18.1.13",
                               "198.18.1.14", "198.18.1.15", "198.18.1.16", "198.18.1.17",
                               "198.18.1.18"};
    static const char *v6[] = {"fd00::10", "fd00::11", "fd00::12", "fd00::13", "fd00::14",
                               "fd00::15", "fd00::16", "fd00::17", "fd00::18"};
    fake_neigh_reset();
    for (int s = NIO_NS_NONE; s <= NIO_NS_PERMANENT; s++) {
        put(v4[s], FAKE_ETH1, (enum nio_neigh_state)s);
        put(v6[s], FAKE_ETH1, (enum nio_neigh_state)s);
    }
    put("198.18.0.10", FAKE_ETH0, NIO_NS_REACHABLE);
    put("198.18.0.11", FAKE_ETH0, NIO_NS_NOARP);
}

/* What is left after a flush of (family, index): no entry of that family
 * and interface that the OS resolved itself (the counts of what is left
 * and of the deletes say that nothing else went). */
static void check_flushed(int family, uint32_t index)
{
    size_t n = fake_neigh_count();
    for (size_t i = 0; i < n; i++) {
        const struct nio_neigh *e = fake_neigh_at(i);
        bool configured = e->state == NIO_NS_PERMANENT || e->state == NIO_NS_NOARP;
        bool in_scope = (family == AF_UNSPEC ||
                         (family == AF_INET) == (e->addr.slot == NIO_V4)) &&
                        (index == 0 || e->ifindex == index);
        if (in_scope && !configured)
            fail_msg("state %d on %u (slot %d) survived the flush", (int)e->state,
                     (unsigned)e->ifindex, e->addr.slot);
    }
}

static void test_flush(void **state)
{
    unsigned count;
    const struct fake_neigh_step *s;
    (void)state;
    /* Everything. */
    flush_machine();
    assert_int_equal(FlushIpNetTable2(AF_UNSPEC, 0), NO_ERROR);
    check_flushed(AF_UNSPEC, 0);
    assert_int_equal(fake_neigh_count(), 2 + 2 + 1); /* NOARP+PERMANENT x2, eth0's NOARP */
    assert_int_equal(fake_neigh_writes(), 7 + 7 + 1);
    s = fake_neigh_steps(&count);
    for (unsigned i = 0; i < count; i++) {
        assert_int_equal(s[i].fn, FAKE_NEIGH_DELETE);
        assert_int_equal(s[i].n.os_bits, 0xB175u);
    }
    /* IPv4 of eth1 only. */
    flush_machine();
    assert_int_equal(FlushIpNetTable2(AF_INET, FAKE_ETH1), NO_ERROR);
    check_flushed(AF_INET, FAKE_ETH1);
    assert_int_equal(fake_neigh_writes(), 7);
    assert_int_equal(fake_neigh_count(), 20 - 7);
    /* IPv6 of every interface, NT flavour. */
    flush_machine();
    assert_int_equal(nio_nt_FlushIpNetTable2(AF_INET6, 0), STATUS_SUCCESS);
    check_flushed(AF_INET6, 0);
    assert_int_equal(fake_neigh_writes(), 7);
    /* IPv4 of eth0. */
    flush_machine();
    assert_int_equal(FlushIpNetTable2(AF_INET, FAKE_ETH0), NO_ERROR);
    assert_int_equal(fake_neigh_writes(), 1);
    assert_int_equal(last_step()->n.ifindex, FAKE_ETH0);
    /* Nothing to flush is success. */
    fake_neigh_reset();
    assert_int_equal(FlushIpNetTable2(AF_UNSPEC, 0), NO_ERROR);
    assert_int_equal(FlushIpNetTable2(AF_INET6, FAKE_ETH1), NO_ERROR);
}

static void test_flush_codes(void **state)
{
    (void)state;
    flush_machine();
    assert_int_equal(FlushIpNetTable2(99, 0), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_FlushIpNetTable2(AF_INET6 + 1, FAKE_ETH1), STATUS_INVALID_PARAMETER);
    assert_int_equal(FlushIpNetTable2(AF_INET, 42), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_FlushIpNetTable2(AF_UNSPEC, 42), STATUS_NOT_FOUND);
    fake_neigh_set_may_change(-EPERM);
    assert_int_equal(FlushIpNetTable2(AF_UNSPEC, 0), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_FlushIpNetTable2(AF_INET, FAKE_ETH1), STATUS_ACCESS_DENIED);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_DELETE), 0);
    fake_neigh_set_may_change(0);
    assert_int_equal(fake_neigh_writes(), 0);
    assert_int_equal(fake_neigh_count(), 20);
    /* The list failing. */
    fake_neigh_fail_next(FAKE_NEIGH_LIST, -ENOMEM);
    assert_int_equal(FlushIpNetTable2(AF_UNSPEC, 0), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(fake_neigh_writes(), 0);
    /* An entry that expired meanwhile is no failure. */
    fake_neigh_fail_after(FAKE_NEIGH_DELETE, 1, -ENOENT);
    assert_int_equal(FlushIpNetTable2(AF_INET, FAKE_ETH1), NO_ERROR);
    assert_int_equal(fake_neigh_writes(), 6);
    /* A refusal part-way: the outcome, after the rest were tried. */
    flush_machine();
    fake_neigh_fail_after(FAKE_NEIGH_DELETE, 2, -EPERM);
    assert_int_equal(FlushIpNetTable2(AF_INET6, FAKE_ETH1), ERROR_ACCESS_DENIED);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_DELETE), 7);
    assert_int_equal(fake_neigh_writes(), 6);
    flush_machine();
    fake_neigh_fail_after(FAKE_NEIGH_DELETE, 0, -ENOMEM);
    assert_int_equal(nio_nt_FlushIpNetTable2(AF_INET6, FAKE_ETH1), STATUS_NO_MEMORY);
}

/* ------------------------------------------------------------- resolve */
static void test_resolve_answered(void **state)
{
    MIB_IPNET_ROW2 row, got;
    struct nio_ip a = ip("fe80::44");
    (void)state;
    fake_neigh_peer(FAKE_ETH1, &a, MAC_B, true);
    put("fe80::44", FAKE_ETH1, NIO_NS_STALE); /* what the OS knew: forgotten */
    row = patterned("fe80::44", FAKE_ETH1, 0);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), NO_ERROR);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_RESOLVE), 1);
    assert_int_equal(fake_neigh_last_ifindex(), FAKE_ETH1);
    assert_true(fake_neigh_last_timeout() > 0);
    assert_ip_v6(&row.Address, "fe80::44", FAKE_ETH1);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(row.InterfaceLuid.Value, LUID(6, FAKE_ETH1));
    assert_int_equal(row.State, NlnsReachable);
    assert_int_equal(row.PhysicalAddressLength, 6);
    assert_memory_equal(row.PhysicalAddress, MAC_B, 6);
    for (size_t i = 6; i < 32; i++)
        assert_int_equal(row.PhysicalAddress[i], 0);
    assert_true(row.IsRouter);
    assert_false(row.IsUnreachable);
    /* As Get fills it. */
    got = key("fe80::44", FAKE_ETH1);
    assert_int_equal(GetIpNetEntry2(&got), NO_ERROR);
    assert_memory_equal(&got, &row, sizeof(row));
    /* IPv4 by LUID, with a source of the interface; NT flavour. */
    a = ip("198.18.1.44");
    fake_neigh_peer(FAKE_ETH1, &a, MAC_A, false);
    fake_os_add_local(&(struct nio_ip){.slot = NIO_V4, .bytes = {198, 18, 1, 1}}, FAKE_ETH1);
    row = patterned("198.18.1.44", 0, LUID(6, FAKE_ETH1));
    {
        SOCKADDR_INET src = sa("198.18.1.1");
        assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, &src), STATUS_SUCCESS);
    }
    assert_ip_v4(&row.Address, "198.18.1.44");
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_memory_equal(row.PhysicalAddress, MAC_A, 6);
    assert_int_equal(row.State, NlnsReachable);
    assert_int_equal(row.Flags, 0);
}

/* A configured entry is answered as it is. */
static void test_resolve_permanent(void **state)
{
    MIB_IPNET_ROW2 row;
    (void)state;
    put("198.18.0.5", FAKE_ETH0, NIO_NS_PERMANENT);
    row = patterned("198.18.0.5", FAKE_ETH0, 0);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), NO_ERROR);
    assert_int_equal(row.State, NlnsPermanent);
    assert_memory_equal(row.PhysicalAddress, MAC_A, 6);
    assert_int_equal(row.ReachabilityTime.LastReachable, 1111);
}

static void test_resolve_unanswered(void **state)
{
    MIB_IPNET_ROW2 row, before;
    (void)state;
    row = before = patterned("198.18.0.66", FAKE_ETH0, 0);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_BAD_NET_NAME);
    assert_memory_equal(&row, &before, sizeof(row)); /* nothing resolved, nothing written */
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_RESOLVE), 1);
    row = patterned("fd00::66", FAKE_ETH1, 0);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, NULL), STATUS_BAD_NETWORK_NAME);
    assert_int_equal((uint32_t)STATUS_BAD_NETWORK_NAME, 0xC00000CCu);
    assert_int_equal(ERROR_BAD_NET_NAME, 67);
    /* The back end's -EHOSTUNREACH is 67 whatever else it means elsewhere. */
    fake_neigh_fail_next(FAKE_NEIGH_RESOLVE, -EHOSTUNREACH);
    row = patterned("198.18.0.66", FAKE_ETH0, 0);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_BAD_NET_NAME);
}

static void test_resolve_codes(void **state)
{
    MIB_IPNET_ROW2 row;
    SOCKADDR_INET src;
    struct nio_neigh other;
    (void)state;
    fake_os_add_local(&(struct nio_ip){.slot = NIO_V4, .bytes = {198, 18, 1, 1}}, FAKE_ETH1);
    fake_os_add_local(&(struct nio_ip){.slot = NIO_V4, .bytes = {198, 18, 0, 1}}, FAKE_ETH0);
    /* Loopback addresses. */
    row = key("127.0.0.1", FAKE_LO);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_INVALID_PARAMETER);
    row = key("::1", FAKE_ETH1);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, NULL), STATUS_INVALID_PARAMETER);
    /* A source of the other family, of another interface, of none. */
    row = key("198.18.1.44", FAKE_ETH1);
    src = sa("fd00::1");
    assert_int_equal(ResolveIpNetEntry2(&row, &src), ERROR_INVALID_PARAMETER);
    src = sa("198.18.0.1");
    assert_int_equal(ResolveIpNetEntry2(&row, &src), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, &src), STATUS_INVALID_PARAMETER);
    src = sa("198.18.1.99");
    assert_int_equal(ResolveIpNetEntry2(&row, &src), ERROR_INVALID_PARAMETER);
    src.si_family = AF_UNSPEC;
    assert_int_equal(ResolveIpNetEntry2(&row, &src), ERROR_INVALID_PARAMETER);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_RESOLVE), 0);
    /* No privilege. */
    fake_neigh_set_may_change(-EPERM);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, NULL), STATUS_ACCESS_DENIED);
    assert_int_equal(fake_neigh_calls(FAKE_NEIGH_RESOLVE), 0);
    fake_neigh_set_may_change(0);
    /* The OS's own refusals. */
    fake_neigh_fail_next(FAKE_NEIGH_RESOLVE, -EPERM);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_ACCESS_DENIED);
    fake_neigh_fail_next(FAKE_NEIGH_RESOLVE, -EOPNOTSUPP);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_NOT_SUPPORTED);
    fake_neigh_fail_next(FAKE_NEIGH_RESOLVE, -EOPNOTSUPP);
    assert_int_equal(nio_nt_ResolveIpNetEntry2(&row, NULL), STATUS_NOT_SUPPORTED);
    fake_neigh_fail_next(FAKE_NEIGH_RESOLVE, -ENODEV);
    assert_int_equal(ResolveIpNetEntry2(&row, NULL), ERROR_NOT_FOUND);
    /* A back end answering for another neighbour: a failure, row kept. */
    memset(&other, 0, sizeof(other));
    other.ifindex = FAKE_ETH1;
    other.addr = ip("198.18.1.45");
    other.state = NIO_NS_REACHABLE;
    other.lladdr_len = 6;
    fake_neigh_set_sloppy(&other);
    {
        MIB_IPNET_ROW2 before = row;
        DWORD st = ResolveIpNetEntry2(&row, NULL);
        assert_int_not_equal(st, NO_ERROR);
        assert_memory_equal(&row, &before, sizeof(row));
    }
    /* A source of the interface is fine. */
    fake_neigh_set_sloppy(NULL);
    fake_neigh_peer(FAKE_ETH1, &(struct nio_ip){.slot = NIO_V4, .bytes = {198, 18, 1, 44}},
                    MAC_A, false);
    src = sa("198.18.1.1");
    assert_int_equal(ResolveIpNetEntry2(&row, &src), NO_ERROR);
}

/* ------------------------------------------------- allocation failures */
static unsigned seen;    /* allocations asked for since the last arm() */
static unsigned fail_at; /* the one to fail, 1-based; 0: none */

static bool fail_nth(size_t size)
{
    (void)size;
    return ++seen != fail_at;
}

static void arm(unsigned n)
{
    seen = 0;
    fail_at = n;
}

static void alloc_machine(void)
{
    fake_os_reset();
    fake_os_standard();
    fake_neigh_reset();
    put("fd00::7", FAKE_WG0, NIO_NS_REACHABLE);
    put("198.18.1.2", FAKE_ETH1, NIO_NS_STALE);
    put("198.18.0.2", FAKE_ETH0, NIO_NS_PERMANENT);
    put("198.18.0.3", FAKE_ETH0, NIO_NS_REACHABLE);
}

/* GetIpNetTable2 with the Nth allocation failing, for every N: 8 with no
 * table (valgrind/ASan: nothing leaked), or the whole table. */
static void test_alloc_table(void **state)
{
    static const struct {
        ADDRESS_FAMILY family;
        ULONG rows;
    } cases[] = {{AF_UNSPEC, 4}, {AF_INET, 3}, {AF_INET6, 1}};
    (void)state;
    for (size_t c = 0; c < 3; c++) {
        for (int nt = 0; nt < 2; nt++) {
            unsigned n;
            for (n = 1; n <= MAX_RUNS; n++) {
                PMIB_IPNET_TABLE2 t = BAD_TABLE;
                unsigned long st;
                alloc_machine();
                nio_alloc_set_hook(fail_nth);
                arm(n);
                st = nt ? (unsigned long)(uint32_t)nio_nt_GetIpNetTable2(cases[c].family, &t)
                        : (unsigned long)GetIpNetTable2(cases[c].family, &t);
                nio_alloc_set_hook(NULL);
                if (seen < n) {
                    assert_int_equal(st, 0);
                    assert_non_null(t);
                    assert_int_equal(t->NumEntries, cases[c].rows);
                    FreeMibTable(t);
                    break;
                }
                if (st != (nt ? (uint32_t)STATUS_NO_MEMORY : ERROR_NOT_ENOUGH_MEMORY))
                    fail_msg("family %u, allocation %u failing: status 0x%lx",
                             (unsigned)cases[c].family, n, st);
                assert_null(t);
            }
            assert_true(n > 1);         /* it allocates at all */
            assert_true(n <= MAX_RUNS); /* and succeeds in the end */
        }
    }
}

/* The other calls: success, or 8 having written nothing. */
static DWORD alloc_call(int call)
{
    MIB_IPNET_ROW2 row;
    switch (call) {
    case 0:
        row = key("198.18.0.3", FAKE_ETH0);
        return GetIpNetEntry2(&row);
    case 1:
        row = wrow("198.18.0.9", FAKE_ETH0, NlnsPermanent);
        return CreateIpNetEntry2(&row);
    case 2:
        row = wrow("198.18.0.3", FAKE_ETH0, NlnsStale);
        return SetIpNetEntry2(&row);
    case 3:
        row = key("198.18.0.3", FAKE_ETH0);
        return DeleteIpNetEntry2(&row);
    case 4:
        return FlushIpNetTable2(AF_UNSPEC, 0);
    default:
        row = key("198.18.0.2", FAKE_ETH0);
        return ResolveIpNetEntry2(&row, NULL);
    }
}

static void test_alloc_others(void **state)
{
    (void)state;
    for (int call = 0; call < 6; call++) {
        unsigned n;
        for (n = 1; n <= MAX_RUNS; n++) {
            DWORD st;
            alloc_machine();
            nio_alloc_set_hook(fail_nth);
            arm(n);
            st = alloc_call(call);
            nio_alloc_set_hook(NULL);
            if (seen < n) {
                assert_int_equal(st, 0);
                break;
            }
            if (st != ERROR_NOT_ENOUGH_MEMORY)
                fail_msg("call %d, allocation %u failing: %u, want 8", call, n, (unsigned)st);
            assert_int_equal(fake_neigh_writes(), 0);
        }
        assert_true(n <= MAX_RUNS);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_neigh_setup, fake_neigh_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_key_null_row),
        T(test_key_invalid),
        T(test_key_not_found),
        T(test_key_luid_first),
        T(test_get_absent_untouched),
        T(test_get_sloppy_backend),
        T(test_get_fields_v4),
        T(test_get_fields_v6),
        T(test_get_states),
        T(test_table_invalid),
        T(test_table_empty),
        T(test_table_sorted),
        T(test_table_os_failure),
        T(test_create_invalid),
        T(test_create_states),
        T(test_create_exists),
        T(test_create_os_refusals),
        T(test_set_changes),
        T(test_set_absent_and_refusals),
        T(test_delete),
        T(test_flush),
        T(test_flush_codes),
        T(test_resolve_answered),
        T(test_resolve_permanent),
        T(test_resolve_unanswered),
        T(test_resolve_codes),
        T(test_alloc_table),
        T(test_alloc_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
