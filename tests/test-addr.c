/* test-addr.c - the unicast address rows (addr.c) through the public entry
 * points over the fake back end: InitializeUnicastIpAddressEntry's values,
 * the key and its validation, every code of both flavours, every field of
 * a row from the OS's facts, the table, what the back end is asked (and
 * what it is never asked), and that no write touches the caller's row. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define INF 0xFFFFFFFFu

NTSTATUS NTAPI nio_nt_GetUnicastIpAddressEntry(PMIB_UNICASTIPADDRESS_ROW Row);
NTSTATUS NTAPI nio_nt_GetUnicastIpAddressTable(ADDRESS_FAMILY Family,
                                               PMIB_UNICASTIPADDRESS_TABLE *Table);
NTSTATUS NTAPI nio_nt_CreateUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);
NTSTATUS NTAPI nio_nt_SetUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);
NTSTATUS NTAPI nio_nt_DeleteUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);

/* ------------------------------------------------------------ helpers */
/* An address the OS holds: permanent, infinite, of no known origin. */
static struct nio_addr *put(const char *text, uint8_t len, uint32_t ifindex)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = ifindex;
    a.addr = ip(text);
    a.peer.slot = a.broadcast.slot = a.addr.slot;
    a.prefix_len = len;
    a.flags = NIO_AF_PERMANENT;
    a.valid_s = a.preferred_s = INF;
    return fake_addr_put(&a);
}

/* An initialized row keyed by address and index. */
static MIB_UNICASTIPADDRESS_ROW key(const char *text, NET_IFINDEX index)
{
    MIB_UNICASTIPADDRESS_ROW row;
    InitializeUnicastIpAddressEntry(&row);
    row.Address = sa(text);
    row.InterfaceIndex = index;
    return row;
}

static unsigned all_calls(void)
{
    return fake_os_total_calls() + fake_addr_total_calls();
}

static const struct fake_addr_step *last_step(unsigned *count)
{
    const struct fake_addr_step *s = fake_addr_steps(count);
    assert_true(*count > 0);
    return &s[*count - 1];
}

/* The CLOCK_MONOTONIC ms the core reads creation times against. */
static uint64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static int64_t wall_100ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 10000000 + t.tv_nsec / 100 + 116444736000000000LL;
}

/* eth0 (2): IPv4 only; eth1 (3): both; wg0 (7): IPv6 only; lo (1).
 *   127.0.0.1/8 lo, ::1/128 lo
 *   198.18.0.1/24 eth0
 *   198.19.1.1/16 eth1, fd00:1::1/64 eth1
 *   fd00:7::1/64 wg0 */
static int setup(void **state)
{
    fake_addr_setup(state);
    put("fd00:7::1", 64, FAKE_WG0);
    put("198.19.1.1", 16, FAKE_ETH1);
    put("198.18.0.1", 24, FAKE_ETH0);
    put("127.0.0.1", 8, FAKE_LO);
    put("::1", 128, FAKE_LO);
    put("fd00:1::1", 64, FAKE_ETH1);
    return 0;
}

/* --------------------------------------------------------- Initialize */
static void test_initialize(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    memset(&row, 0x5A, sizeof(row));
    InitializeUnicastIpAddressEntry(&row);
    assert_int_equal(row.Address.si_family, AF_UNSPEC);
    assert_int_equal(row.Address.Ipv6.sin6_scope_id, 0);
    assert_int_equal(row.InterfaceLuid.Value, 0);
    assert_int_equal(row.InterfaceIndex, 0);
    assert_int_equal(row.PrefixOrigin, IpPrefixOriginUnchanged);
    assert_int_equal(row.SuffixOrigin, IpSuffixOriginUnchanged);
    assert_int_equal(row.ValidLifetime, INF);
    assert_int_equal(row.PreferredLifetime, INF);
    assert_int_equal(row.OnLinkPrefixLength, 255);
    assert_int_equal(row.SkipAsSource, FALSE);
    assert_int_equal(row.DadState, IpDadStateInvalid);
    assert_int_equal(row.ScopeId.Value, 0);
    assert_int_equal(row.CreationTimeStamp.QuadPart, 0);
    InitializeUnicastIpAddressEntry(NULL); /* ignored */
}

/* ----------------------------------------------------- key validation */
/* A bad key is 87 from all four, in both flavours, before the back end is
 * asked anything, and leaves the row as it was. */
static void assert_all_refuse(MIB_UNICASTIPADDRESS_ROW *row)
{
    MIB_UNICASTIPADDRESS_ROW before = *row;
    unsigned calls = all_calls();
    assert_int_equal(GetUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(CreateUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(SetUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(DeleteUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_GetUnicastIpAddressEntry(row), STATUS_INVALID_PARAMETER);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(row), STATUS_INVALID_PARAMETER);
    assert_int_equal(nio_nt_SetUnicastIpAddressEntry(row), STATUS_INVALID_PARAMETER);
    assert_int_equal(nio_nt_DeleteUnicastIpAddressEntry(row), STATUS_INVALID_PARAMETER);
    assert_memory_equal(row, &before, sizeof(before));
    assert_int_equal(all_calls(), calls);
}

static void test_bad_keys(void **state)
{
    static const char *const not_unicast[] = {
        "0.0.0.0", "::", "224.0.0.1", "239.255.255.250", "255.255.255.255", "ff02::1",
    };
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    assert_int_equal(GetUnicastIpAddressEntry(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(CreateUnicastIpAddressEntry(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(SetUnicastIpAddressEntry(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(DeleteUnicastIpAddressEntry(NULL), ERROR_INVALID_PARAMETER);
    row = key("198.18.0.1", FAKE_ETH0);
    row.Address.si_family = AF_UNSPEC;
    assert_all_refuse(&row);
    row.Address.si_family = 99;
    assert_all_refuse(&row);
    for (size_t i = 0; i < sizeof(not_unicast) / sizeof(not_unicast[0]); i++) {
        row = key(not_unicast[i], FAKE_ETH1);
        assert_all_refuse(&row);
    }
    row = key("198.18.0.1", 0); /* no interface */
    assert_all_refuse(&row);
}

/* What Microsoft documents as 87 for Create and Set (Delete and Get do not
 * look at these fields). */
static void assert_writes_refuse(MIB_UNICASTIPADDRESS_ROW *row)
{
    MIB_UNICASTIPADDRESS_ROW before = *row;
    unsigned calls = all_calls();
    assert_int_equal(CreateUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(SetUnicastIpAddressEntry(row), ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(row), STATUS_INVALID_PARAMETER);
    assert_memory_equal(row, &before, sizeof(before));
    assert_int_equal(all_calls(), calls);
}

static void test_bad_values(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    row = key("198.18.0.1", FAKE_ETH0);
    row.ValidLifetime = 100;
    row.PreferredLifetime = 200;
    assert_writes_refuse(&row);
    row = key("198.18.0.1", FAKE_ETH0);
    row.PrefixOrigin = IpPrefixOriginManual; /* the suffix stays Unchanged */
    assert_writes_refuse(&row);
    row = key("198.18.0.1", FAKE_ETH0);
    row.SuffixOrigin = IpSuffixOriginManual;
    assert_writes_refuse(&row);
    row = key("198.18.0.1", FAKE_ETH0);
    row.PrefixOrigin = (NL_PREFIX_ORIGIN)5;
    row.SuffixOrigin = IpSuffixOriginManual;
    assert_writes_refuse(&row);
    row.PrefixOrigin = IpPrefixOriginManual;
    row.SuffixOrigin = (NL_SUFFIX_ORIGIN)6;
    assert_writes_refuse(&row);
    row = key("198.18.0.1", FAKE_ETH0);
    row.OnLinkPrefixLength = 33;
    assert_writes_refuse(&row);
    row = key("fd00:1::1", FAKE_ETH1);
    row.OnLinkPrefixLength = 129;
    assert_writes_refuse(&row);
    /* Every in-range origin is taken. */
    row = key("198.18.0.1", FAKE_ETH0);
    row.PrefixOrigin = IpPrefixOriginRouterAdvertisement;
    row.SuffixOrigin = IpSuffixOriginRandom;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
}

/* DadState: no address can be made a duplicate, nor in a state that is
 * none; Set leaves DadState alone (the OS's state, read only). */
static void test_bad_dad_state(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    unsigned calls;
    (void)state;
    row = key("198.18.9.1", FAKE_ETH0);
    calls = all_calls();
    row.DadState = IpDadStateDuplicate;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    row.DadState = (NL_DAD_STATE)5;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    assert_int_equal(all_calls(), calls);
    /* ::1 is loopback's alone: refused elsewhere, taken there. */
    fake_addr_reset();
    row = key("::1", FAKE_ETH1);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), 0);
    row = key("::1", FAKE_LO);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    setup(state);
    row = key("198.18.0.1", FAKE_ETH0);
    row.DadState = (NL_DAD_STATE)5;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
}

static void test_unknown_interface(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    row = key("198.18.0.1", 99);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(&row), STATUS_NOT_FOUND);
    assert_int_equal(nio_nt_GetUnicastIpAddressEntry(&row), STATUS_NOT_FOUND);
    /* A LUID that names nothing wins over a good index. */
    row = key("198.18.0.1", FAKE_ETH0);
    row.InterfaceLuid.Value = LUID(6, 42);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    /* eth0 has no IPv6: no IPv6 address row can be there. */
    row = key("fd00:2::1", FAKE_ETH0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), 0);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_DELETE), 0);
}

/* ----------------------------------------------------------------- Get */
static void test_get(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row, before;
    (void)state;
    row = key("198.19.1.1", FAKE_ETH1);
    memset(&row.ScopeId, 0x77, sizeof(row.ScopeId));
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.Address.si_family, AF_INET);
    assert_memory_equal(&row.Address.Ipv4.sin_addr, ip("198.19.1.1").bytes, 4);
    assert_int_equal(row.InterfaceLuid.Value, LUID(6, FAKE_ETH1));
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(row.OnLinkPrefixLength, 16);
    assert_int_equal(row.PrefixOrigin, IpPrefixOriginManual);
    assert_int_equal(row.SuffixOrigin, IpSuffixOriginManual);
    assert_int_equal(row.ValidLifetime, INF);
    assert_int_equal(row.PreferredLifetime, INF);
    assert_int_equal(row.SkipAsSource, FALSE);
    assert_int_equal(row.DadState, IpDadStatePreferred);
    assert_int_equal(row.ScopeId.Value, 0);
    assert_int_equal(row.CreationTimeStamp.QuadPart, 0); /* the OS did not say */
    /* One targeted question of that interface, never the list. */
    assert_int_equal(fake_addr_calls(FAKE_ADDR_GET), 1);
    assert_int_equal(fake_addr_last_ifindex(), FAKE_ETH1);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_LIST), 0);
    /* By LUID alone. */
    row = key("fd00:7::1", 0);
    row.InterfaceLuid.Value = LUID(53, FAKE_WG0);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.InterfaceIndex, FAKE_WG0);
    assert_int_equal(row.OnLinkPrefixLength, 64);
    /* No such address: 1168 in both flavours, the row untouched. */
    row = key("198.19.1.2", FAKE_ETH1);
    before = row;
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_GetUnicastIpAddressEntry(&row), STATUS_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    /* The address on another interface is not this one's. */
    row = key("198.18.0.1", FAKE_ETH1);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
}

/* A back end that answers for another address or interface is not
 * believed; its failures are the codes they mean. */
static void test_get_backend(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row = key("198.18.0.1", FAKE_ETH0), before = row;
    (void)state;
    fake_addr_fail_next(FAKE_ADDR_GET, -EIO);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_GEN_FAILURE);
    fake_addr_fail_next(FAKE_ADDR_GET, -ENOMEM);
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_ENOUGH_MEMORY);
    fake_addr_fail_next(FAKE_ADDR_GET, -ENODEV); /* the interface went */
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    /* An answer for another address (fd00:7::1 of wg0) is no answer. */
    fake_addr_set_sloppy(true);
    row = key("198.18.0.9", FAKE_ETH0);
    before = row;
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_memory_equal(&row, &before, sizeof(row));
    /* Create and Delete ask whether the key is there (nio_os_addr_has,
     * nio_os_addr_remove), not for a row: they add and delete the key. */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR); /* not "exists" */
    row = key("fd00:7::9", FAKE_WG0); /* the interface asked, another address */
    assert_int_equal(GetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    row = key("fd00:7::1", FAKE_ETH1); /* the address asked, of another interface */
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------ fields */
/* Get's row of one address the OS reports with these facts. */
static MIB_UNICASTIPADDRESS_ROW get_of(const char *text, uint8_t len, uint32_t ifindex,
                                       uint32_t flags, enum nio_addr_origin origin)
{
    MIB_UNICASTIPADDRESS_ROW row;
    struct nio_addr *a;
    fake_addr_reset();
    a = put(text, len, ifindex);
    a->flags = flags;
    a->origin = origin;
    row = key(text, ifindex);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    return row;
}

static void assert_origins(MIB_UNICASTIPADDRESS_ROW row, NL_PREFIX_ORIGIN p, NL_SUFFIX_ORIGIN s)
{
    assert_int_equal(row.PrefixOrigin, p);
    assert_int_equal(row.SuffixOrigin, s);
}

static void test_origins(void **state)
{
    const uint32_t P = NIO_AF_PERMANENT;
    (void)state;
    /* What the OS says (IFA_PROTO). */
    assert_origins(get_of("127.0.0.1", 8, FAKE_LO, P, NIO_AO_LOOPBACK), IpPrefixOriginWellKnown,
                   IpSuffixOriginWellKnown);
    assert_origins(get_of("fe80::1", 64, FAKE_ETH1, P, NIO_AO_LINK_LOCAL),
                   IpPrefixOriginWellKnown, IpSuffixOriginLinkLayerAddress);
    assert_origins(get_of("fe80::1", 64, FAKE_ETH1, P | NIO_AF_STABLE_PRIVACY, NIO_AO_LINK_LOCAL),
                   IpPrefixOriginWellKnown, IpSuffixOriginRandom);
    assert_origins(get_of("fd00:1::5", 64, FAKE_ETH1, 0, NIO_AO_RA),
                   IpPrefixOriginRouterAdvertisement, IpSuffixOriginLinkLayerAddress);
    assert_origins(get_of("fd00:1::6", 64, FAKE_ETH1, NIO_AF_TEMPORARY, NIO_AO_RA),
                   IpPrefixOriginRouterAdvertisement, IpSuffixOriginRandom);
    assert_origins(get_of("198.18.0.7", 24, FAKE_ETH0, 0, NIO_AO_PROGRAM), IpPrefixOriginManual,
                   IpSuffixOriginManual);
    /* What the address tells when the OS does not say. */
    assert_origins(get_of("::1", 128, FAKE_LO, P, NIO_AO_UNKNOWN), IpPrefixOriginWellKnown,
                   IpSuffixOriginWellKnown);
    assert_origins(get_of("fe80::2", 64, FAKE_ETH1, P, NIO_AO_UNKNOWN), IpPrefixOriginWellKnown,
                   IpSuffixOriginLinkLayerAddress);
    assert_origins(get_of("198.18.0.8", 24, FAKE_ETH0, P, NIO_AO_UNKNOWN), IpPrefixOriginManual,
                   IpSuffixOriginManual);
    assert_origins(get_of("198.18.0.9", 24, FAKE_ETH0, 0, NIO_AO_UNKNOWN), IpPrefixOriginDhcp,
                   IpSuffixOriginDhcp);
    assert_origins(get_of("fd00:1::7", 64, FAKE_ETH1, 0, NIO_AO_UNKNOWN),
                   IpPrefixOriginRouterAdvertisement, IpSuffixOriginLinkLayerAddress);
    assert_origins(get_of("fd00:1::8", 64, FAKE_ETH1, NIO_AF_TEMPORARY, NIO_AO_UNKNOWN),
                   IpPrefixOriginRouterAdvertisement, IpSuffixOriginRandom);
    assert_origins(get_of("fd00:1::9", 128, FAKE_ETH1, 0, NIO_AO_UNKNOWN), IpPrefixOriginDhcp,
                   IpSuffixOriginDhcp);
    assert_origins(get_of("fd00:1::a", 64, FAKE_ETH1, P, NIO_AO_UNKNOWN), IpPrefixOriginManual,
                   IpSuffixOriginManual);
}

static void test_dad_state(void **state)
{
    const uint32_t P = NIO_AF_PERMANENT;
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    assert_int_equal(get_of("fd00:1::1", 64, 3, P, 0).DadState, IpDadStatePreferred);
    assert_int_equal(get_of("fd00:1::1", 64, 3, P | NIO_AF_TENTATIVE, 0).DadState,
                     IpDadStateTentative);
    assert_int_equal(get_of("fd00:1::1", 64, 3, NIO_AF_TENTATIVE | NIO_AF_OPTIMISTIC, 0).DadState,
                     IpDadStateTentative);
    assert_int_equal(get_of("fd00:1::1", 64, 3, NIO_AF_OPTIMISTIC, 0).DadState,
                     IpDadStateTentative);
    assert_int_equal(get_of("fd00:1::1", 64, 3, NIO_AF_TENTATIVE | NIO_AF_DADFAILED, 0).DadState,
                     IpDadStateDuplicate);
    row = get_of("fd00:1::1", 64, 3, NIO_AF_DEPRECATED, 0);
    assert_int_equal(row.DadState, IpDadStateDeprecated);
    assert_int_equal(row.SkipAsSource, TRUE); /* docs/address.md: deprecated IPv6 */
    row = get_of("198.18.0.1", 24, 2, NIO_AF_DEPRECATED, 0);
    assert_int_equal(row.DadState, IpDadStateDeprecated);
    assert_int_equal(row.SkipAsSource, FALSE); /* IPv4 has no such meaning */
}

static void test_scope_and_times(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    struct nio_addr *a;
    int64_t want;
    (void)state;
    row = get_of("fe80::1", 64, FAKE_ETH1, NIO_AF_PERMANENT, NIO_AO_LINK_LOCAL);
    assert_int_equal(row.ScopeId.Zone, FAKE_ETH1);
    assert_int_equal(row.ScopeId.Level, ScopeLevelLink);
    assert_int_equal(row.Address.Ipv6.sin6_scope_id, FAKE_ETH1);
    row = get_of("fd00:1::1", 64, FAKE_ETH1, NIO_AF_PERMANENT, 0);
    assert_int_equal(row.ScopeId.Value, 0);
    assert_int_equal(row.Address.Ipv6.sin6_scope_id, 0);
    /* Lifetimes as the OS counts them down; creation a minute ago. */
    fake_addr_reset();
    a = put("198.18.0.5", 24, FAKE_ETH0);
    a->flags = 0;
    a->valid_s = 3600;
    a->preferred_s = 1800;
    a->has_created = true;
    a->created_ms = mono_ms() > 60000 ? mono_ms() - 60000 : 0;
    want = wall_100ns() - (mono_ms() > 60000 ? 60 : (int64_t)mono_ms() / 1000) * 10000000;
    row = key("198.18.0.5", FAKE_ETH0);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.ValidLifetime, 3600);
    assert_int_equal(row.PreferredLifetime, 1800);
    assert_true(row.CreationTimeStamp.QuadPart > want - 20000000);
    assert_true(row.CreationTimeStamp.QuadPart < want + 20000000);
    assert_int_equal(row.ScopeId.Value, 0); /* IPv4 */
}

/* --------------------------------------------------------------- table */
static void test_table(void **state)
{
    MIB_UNICASTIPADDRESS_TABLE *t = (void *)1;
    (void)state;
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
    assert_int_equal(fake_addr_last_want(), NIO_WANT_V4 | NIO_WANT_V6);
    assert_int_equal(fake_addr_last_ifindex(), 0);
    assert_int_equal(t->NumEntries, 6);
    for (ULONG i = 1; i < t->NumEntries; i++)
        assert_true(t->Table[i - 1].InterfaceIndex <= t->Table[i].InterfaceIndex);
    assert_int_equal(t->Table[0].InterfaceIndex, FAKE_LO);
    assert_int_equal(t->Table[0].InterfaceLuid.Value, LUID(24, FAKE_LO));
    assert_int_equal(t->Table[5].InterfaceIndex, FAKE_WG0);
    assert_int_equal(t->Table[5].InterfaceLuid.Value, LUID(53, FAKE_WG0));
    assert_int_equal(t->Table[5].OnLinkPrefixLength, 64);
    FreeMibTable(t);
    assert_int_equal(GetUnicastIpAddressTable(AF_INET, &t), NO_ERROR);
    assert_int_equal(fake_addr_last_want(), NIO_WANT_V4);
    assert_int_equal(t->NumEntries, 3);
    for (ULONG i = 0; i < t->NumEntries; i++)
        assert_int_equal(t->Table[i].Address.si_family, AF_INET);
    FreeMibTable(t);
    assert_int_equal(GetUnicastIpAddressTable(AF_INET6, &t), NO_ERROR);
    assert_int_equal(fake_addr_last_want(), NIO_WANT_V6);
    assert_int_equal(t->NumEntries, 3);
    FreeMibTable(t);
}

static void test_table_codes(void **state)
{
    MIB_UNICASTIPADDRESS_TABLE *t = (void *)1;
    unsigned calls = all_calls();
    (void)state;
    assert_int_equal(GetUnicastIpAddressTable(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetUnicastIpAddressTable(99, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
    assert_int_equal(nio_nt_GetUnicastIpAddressTable(99, &t), STATUS_INVALID_PARAMETER);
    assert_int_equal(all_calls(), calls);
    t = (void *)1;
    fake_addr_fail_next(FAKE_ADDR_LIST, -EAGAIN);
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    fake_addr_fail_next(FAKE_ADDR_LIST, -EAGAIN);
    assert_int_equal(nio_nt_GetUnicastIpAddressTable(AF_UNSPEC, &t), STATUS_RETRY);
    fake_os_fail_next(FAKE_LIST, -ENOMEM);
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(t);
    /* No address of the family: 1168 and no table, as Microsoft documents. */
    fake_addr_reset();
    put("198.18.0.1", 24, FAKE_ETH0);
    t = (void *)1;
    assert_int_equal(GetUnicastIpAddressTable(AF_INET6, &t), ERROR_NOT_FOUND);
    assert_null(t);
    assert_int_equal(nio_nt_GetUnicastIpAddressTable(AF_INET6, &t), STATUS_NOT_FOUND);
    /* An address whose interface went between the two reads went too. */
    put("198.18.5.1", 24, 55);
    assert_int_equal(GetUnicastIpAddressTable(AF_INET, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 1);
    FreeMibTable(t);
    fake_addr_reset();
    put("198.18.5.1", 24, 55);
    assert_int_equal(GetUnicastIpAddressTable(AF_INET, &t), ERROR_NOT_FOUND);
    assert_null(t);
}

/* The first n allocations allowed, every later one refused (the hook's
 * false fails an allocation): for each n, 8 and no table, until n is
 * enough for the whole table. */
static unsigned alloc_left;
static bool allow_first(size_t size)
{
    (void)size;
    if (alloc_left == 0)
        return false;
    alloc_left--;
    return true;
}

static void test_table_alloc(void **state)
{
    MIB_UNICASTIPADDRESS_TABLE *t;
    DWORD code = ERROR_NOT_ENOUGH_MEMORY;
    unsigned n;
    (void)state;
    for (n = 0; code == ERROR_NOT_ENOUGH_MEMORY && n < 20; n++) {
        alloc_left = n;
        t = (void *)1;
        nio_alloc_set_hook(allow_first);
        code = GetUnicastIpAddressTable(AF_UNSPEC, &t);
        nio_alloc_set_hook(NULL);
        if (code == ERROR_NOT_ENOUGH_MEMORY)
            assert_null(t);
    }
    assert_int_equal(code, NO_ERROR);
    assert_true(n >= 3); /* the list, the interfaces, the table */
    assert_int_equal(t->NumEntries, 6);
    FreeMibTable(t);
}

/* -------------------------------------------------------------- Create */
/* The rows of wintun's and wireguard-nt's examples: Initialize, address,
 * prefix length, DadState Preferred, the interface by LUID or index. */
static void test_create(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row, before;
    const struct fake_addr_step *s;
    unsigned n;
    (void)state;
    row = key("198.19.7.2", FAKE_ETH1);
    row.OnLinkPrefixLength = 24;
    row.DadState = IpDadStatePreferred;
    before = row;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_memory_equal(&row, &before, sizeof(row));
    s = last_step(&n);
    assert_int_equal(s->fn, FAKE_ADDR_ADD);
    assert_int_equal(s->a.ifindex, FAKE_ETH1);
    assert_memory_equal(s->a.addr.bytes, ip("198.19.7.2").bytes, 4);
    assert_int_equal(s->a.prefix_len, 24);
    assert_true(s->a.has_broadcast);
    assert_memory_equal(s->a.broadcast.bytes, ip("198.19.7.255").bytes, 4);
    assert_int_equal(s->a.valid_s, INF);
    assert_int_equal(s->a.preferred_s, INF);
    assert_int_equal(s->a.flags, 0); /* IPv4 runs no detection on Linux: nothing to turn off */
    /* Read back. */
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.OnLinkPrefixLength, 24);
    assert_int_equal(row.DadState, IpDadStatePreferred);
    /* IPv6 by LUID: no detection. */
    row = key("fd00:7::2", 0);
    row.InterfaceLuid.Value = LUID(53, FAKE_WG0);
    row.OnLinkPrefixLength = 64;
    row.DadState = IpDadStatePreferred;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.ifindex, FAKE_WG0);
    assert_int_equal(s->a.prefix_len, 64);
    assert_int_equal(s->a.flags, NIO_AF_NODAD);
    assert_false(s->a.has_broadcast);
}

static void test_create_forms(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row;
    const struct fake_addr_step *s;
    unsigned n;
    (void)state;
    /* DadState Invalid (Initialize's): detection as the interface does. */
    row = key("fd00:1::20", FAKE_ETH1);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.flags, 0);
    assert_int_equal(s->a.prefix_len, 128); /* 255: the address alone */
    row = key("fd00:1::21", FAKE_ETH1);
    row.DadState = IpDadStateTentative;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->a.flags, 0);
    /* Deprecated: no detection, and deprecated from the start. */
    row = key("fd00:1::22", FAKE_ETH1);
    row.DadState = IpDadStateDeprecated;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.flags, NIO_AF_NODAD);
    assert_int_equal(s->a.preferred_s, 0);
    assert_int_equal(s->a.valid_s, INF);
    /* IPv4 /32 and /31 have no broadcast; /30 has. */
    row = key("198.18.3.1", FAKE_ETH0);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.prefix_len, 32);
    assert_false(s->a.has_broadcast);
    row = key("198.18.3.4", FAKE_ETH0);
    row.OnLinkPrefixLength = 31;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_false(last_step(&n)->a.has_broadcast);
    row = key("198.18.3.9", FAKE_ETH0);
    row.OnLinkPrefixLength = 30;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_true(s->a.has_broadcast);
    assert_memory_equal(s->a.broadcast.bytes, ip("198.18.3.11").bytes, 4);
    /* Finite lifetimes pass as they are. */
    row = key("198.18.3.20", FAKE_ETH0);
    row.ValidLifetime = 600;
    row.PreferredLifetime = 300;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.valid_s, 600);
    assert_int_equal(s->a.preferred_s, 300);
    /* A zero-filled row (no Initialize): lifetimes 0 are infinite. */
    memset(&row, 0, sizeof(row));
    row.Address = sa("198.18.3.30");
    row.InterfaceIndex = FAKE_ETH0;
    row.OnLinkPrefixLength = 24;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    s = last_step(&n);
    assert_int_equal(s->a.valid_s, INF);
    assert_int_equal(s->a.preferred_s, INF);
    /* SkipAsSource on IPv6: deprecated. */
    row = key("fd00:1::23", FAKE_ETH1);
    row.SkipAsSource = TRUE;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->a.preferred_s, 0);
}

static void test_create_codes(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row = key("198.18.0.1", FAKE_ETH0), before = row;
    unsigned adds = fake_addr_calls(FAKE_ADDR_ADD);
    (void)state;
    /* It exists: 5010 (wintun treats it as success), never added again. */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(&row), STATUS_DUPLICATE_OBJECTID);
    row.OnLinkPrefixLength = 25; /* any prefix length: the key is the address */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), adds);
    /* The OS says so (a race): the same code. */
    row = key("198.18.0.2", FAKE_ETH0);
    fake_addr_fail_next(FAKE_ADDR_ADD, -EEXIST);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_OBJECT_ALREADY_EXISTS);
    /* No privilege: 5, asked before anything is looked up or written. */
    fake_addr_set_may_change(-EPERM);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(&row), STATUS_ACCESS_DENIED);
    row = before;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), adds + 1);
    fake_addr_set_may_change(0);
    row = key("198.18.0.2", FAKE_ETH0);
    fake_addr_fail_next(FAKE_ADDR_ADD, -EPERM);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    /* What Linux cannot do: 50. */
    row.SkipAsSource = TRUE;
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_SUPPORTED);
    assert_int_equal(nio_nt_CreateUnicastIpAddressEntry(&row), STATUS_NOT_SUPPORTED);
    row.SkipAsSource = FALSE;
    fake_addr_fail_next(FAKE_ADDR_ADD, -EAFNOSUPPORT);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_SUPPORTED);
    /* The OS refuses a value; the interface went meanwhile. */
    fake_addr_fail_next(FAKE_ADDR_ADD, -EINVAL);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    fake_addr_fail_next(FAKE_ADDR_ADD, -ENODEV);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), adds + 5);
    /* The question "is it there" fails: its code, and nothing is added. */
    fake_addr_fail_next(FAKE_ADDR_GET, -EIO);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_GEN_FAILURE);
    fake_addr_fail_next(FAKE_ADDR_GET, -ENOMEM);
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_ENOUGH_MEMORY);
    fake_addr_fail_next(FAKE_ADDR_GET, -ENODEV); /* the interface went */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_ADD), adds + 5);
    assert_int_equal(fake_addr_count(), 6); /* none of these added anything */
    assert_int_equal(CreateUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(fake_addr_count(), 7);
}

/* ----------------------------------------------------------------- Set */
static void test_set(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row, before;
    const struct fake_addr_step *s;
    unsigned n, sets;
    (void)state;
    row = key("198.19.1.1", FAKE_ETH1);
    row.ValidLifetime = 900;
    row.PreferredLifetime = 600;
    before = row;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_memory_equal(&row, &before, sizeof(row));
    s = last_step(&n);
    assert_int_equal(s->fn, FAKE_ADDR_SET);
    assert_int_equal(s->a.valid_s, 900);
    assert_int_equal(s->a.preferred_s, 600);
    assert_int_equal(s->old.prefix_len, 16); /* the old one as the OS listed it */
    assert_int_equal(s->old.valid_s, INF);
    assert_int_equal(s->a.prefix_len, 16);
    /* Get, then Set as it is: nothing to write. */
    row = key("fd00:7::1", FAKE_WG0);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    sets = fake_addr_calls(FAKE_ADDR_SET);
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_SET), sets);
    /* SkipAsSource on IPv6: deprecated; and back. */
    row.SkipAsSource = TRUE;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->a.preferred_s, 0);
    assert_int_equal(GetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(row.SkipAsSource, TRUE);
    row.SkipAsSource = FALSE;
    row.PreferredLifetime = INF;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->a.preferred_s, INF);
    /* The prefix length: the same or 255 leave it; another cannot be. */
    row = key("198.18.0.1", FAKE_ETH0);
    row.OnLinkPrefixLength = 24;
    assert_int_equal(SetUnicastIpAddressEntry(&row), NO_ERROR);
    sets = fake_addr_calls(FAKE_ADDR_SET);
    row.OnLinkPrefixLength = 25;
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_NOT_SUPPORTED);
    row.OnLinkPrefixLength = 255;
    row.SkipAsSource = TRUE;
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_NOT_SUPPORTED); /* IPv4 */
    assert_int_equal(fake_addr_calls(FAKE_ADDR_SET), sets);
}

static void test_set_codes(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row = key("198.18.0.9", FAKE_ETH0);
    (void)state;
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_SetUnicastIpAddressEntry(&row), STATUS_NOT_FOUND);
    row = key("198.18.0.1", FAKE_ETH0);
    row.ValidLifetime = row.PreferredLifetime = 60;
    fake_addr_set_may_change(-EPERM);
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_SetUnicastIpAddressEntry(&row), STATUS_ACCESS_DENIED);
    fake_addr_set_may_change(0);
    fake_addr_fail_next(FAKE_ADDR_SET, -ENOENT); /* it went meanwhile */
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    fake_addr_fail_next(FAKE_ADDR_SET, -EINVAL);
    assert_int_equal(SetUnicastIpAddressEntry(&row), ERROR_INVALID_PARAMETER);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_SET), 2);
    assert_int_equal(fake_addr_at(2)->valid_s, INF); /* nothing changed */
}

/* -------------------------------------------------------------- Delete */
/* Rows straight from the table, as ZeroTier and cjdns delete them; the
 * back end is handed the address exactly as it listed it. */
static void test_delete_from_table(void **state)
{
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    MIB_UNICASTIPADDRESS_ROW before;
    struct nio_addr listed;
    const struct fake_addr_step *s;
    unsigned n;
    (void)state;
    assert_non_null(fake_addr_at(1));
    listed = *fake_addr_at(1); /* 198.19.1.1/16 eth1 */
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        before = t->Table[i];
        assert_int_equal(DeleteUnicastIpAddressEntry(&t->Table[i]), NO_ERROR);
        assert_memory_equal(&t->Table[i], &before, sizeof(before));
        s = last_step(&n);
        assert_int_equal(s->fn, FAKE_ADDR_DELETE);
        assert_int_equal(s->a.ifindex, t->Table[i].InterfaceIndex);
        if (s->a.ifindex == FAKE_ETH1 && s->a.addr.slot == NIO_V4)
            assert_memory_equal(&s->a, &listed, sizeof(listed));
    }
    assert_int_equal(fake_addr_count(), 0);
    /* Deleted already: 1168. */
    assert_int_equal(DeleteUnicastIpAddressEntry(&t->Table[0]), ERROR_NOT_FOUND);
    assert_int_equal(nio_nt_DeleteUnicastIpAddressEntry(&t->Table[0]), STATUS_NOT_FOUND);
    FreeMibTable(t);
}

static void test_delete_codes(void **state)
{
    MIB_UNICASTIPADDRESS_ROW row = key("198.18.0.1", FAKE_ETH0);
    unsigned gets;
    (void)state;
    /* Privilege first: the address is not even looked for. */
    fake_addr_set_may_change(-EPERM);
    gets = fake_addr_calls(FAKE_ADDR_GET);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(nio_nt_DeleteUnicastIpAddressEntry(&row), STATUS_ACCESS_DENIED);
    assert_int_equal(fake_addr_calls(FAKE_ADDR_GET), gets);
    fake_addr_set_may_change(0);
    fake_addr_fail_next(FAKE_ADDR_DELETE, -ENOENT);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    fake_addr_fail_next(FAKE_ADDR_DELETE, -EACCES);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_ACCESS_DENIED);
    /* The look-up of what to delete fails: its code, nothing deleted. */
    fake_addr_fail_next(FAKE_ADDR_GET, -EIO);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_GEN_FAILURE);
    fake_addr_fail_next(FAKE_ADDR_GET, -ENODEV);
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), ERROR_NOT_FOUND);
    assert_int_equal(fake_addr_count(), 6);
    /* Values Create and Set refuse do not matter to Delete. */
    row.ValidLifetime = 1;
    row.PreferredLifetime = 2;
    row.DadState = (NL_DAD_STATE)9;
    assert_int_equal(DeleteUnicastIpAddressEntry(&row), NO_ERROR);
    assert_int_equal(fake_addr_count(), 5);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fake_addr_teardown)
    const struct CMUnitTest tests[] = {
        T(test_initialize),
        T(test_bad_keys),
        T(test_bad_values),
        T(test_bad_dad_state),
        T(test_unknown_interface),
        T(test_get),
        T(test_get_backend),
        T(test_origins),
        T(test_dad_state),
        T(test_scope_and_times),
        T(test_table),
        T(test_table_codes),
        T(test_table_alloc),
        T(test_create),
        T(test_create_forms),
        T(test_create_codes),
        T(test_set),
        T(test_set_codes),
        T(test_delete_from_table),
        T(test_delete_codes),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
