/* test-bsd-event.c - src/bsd/parse-event.c: which interface a routing-
 * socket message concerns, and whose routes to compare, for FreeBSD and
 * macOS, on any OS.  Messages are
 * built from the structs of transcribed.h (written down from the headers
 * independently of layout.c) and filled with a poison byte around the
 * fields read, so an offset one off shows. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bsd.h"
#include "transcribed.h"

#define POISON 0x5A

/* A routing message of len bytes: header, then poison. */
static void header(uint8_t *p, size_t len, uint8_t type)
{
    uint16_t l = (uint16_t)len;
    memset(p, POISON, len);
    memcpy(p, &l, 2);
    p[2] = RTM_VERSION;
    p[3] = type;
}

/* RTM_IFINFO as the routing socket sends it: the header alone. */
static size_t fbsd_ifinfo(uint8_t *p, uint16_t index)
{
    struct fbsd_if_msghdr h;
    memset(&h, POISON, sizeof(h));
    h.ifm_msglen = sizeof(h);
    h.ifm_version = RTM_VERSION;
    h.ifm_type = RTM_IFINFO;
    h.ifm_addrs = 0;
    h.ifm_index = index;
    memcpy(p, &h, sizeof(h));
    return sizeof(h);
}

static size_t mac_ifinfo(uint8_t *p, uint16_t index)
{
    struct mac_if_msghdr h;
    memset(&h, POISON, sizeof(h));
    h.ifm_msglen = sizeof(h);
    h.ifm_version = RTM_VERSION;
    h.ifm_type = RTM_IFINFO;
    h.ifm_addrs = 0;
    h.ifm_index = index;
    memcpy(p, &h, sizeof(h));
    return sizeof(h);
}

/* RTM_NEWADDR / RTM_DELADDR: the header and three 16-byte sockaddrs
 * (netmask, interface, address). */
static size_t fbsd_addr(uint8_t *p, uint8_t type, uint16_t index)
{
    struct fbsd_ifa_msghdr h;
    size_t len = sizeof(h) + 48;
    memset(p, POISON, len);
    memset(&h, POISON, sizeof(h));
    h.ifam_msglen = (uint16_t)len;
    h.ifam_version = RTM_VERSION;
    h.ifam_type = type;
    h.ifam_addrs = 0x4 | 0x10 | 0x20;
    h.ifam_index = index;
    memcpy(p, &h, sizeof(h));
    return len;
}

static size_t mac_addr(uint8_t *p, uint8_t type, uint16_t index)
{
    struct mac_ifa_msghdr h;
    size_t len = sizeof(h) + 48;
    memset(p, POISON, len);
    memset(&h, POISON, sizeof(h));
    h.ifam_msglen = (unsigned short)len;
    h.ifam_version = RTM_VERSION;
    h.ifam_type = type;
    h.ifam_addrs = 0x4 | 0x10 | 0x20;
    h.ifam_index = index;
    memcpy(p, &h, sizeof(h));
    return len;
}

static size_t fbsd_announce(uint8_t *p, uint16_t index, uint16_t what)
{
    struct fbsd_if_announcemsghdr h;
    memset(&h, POISON, sizeof(h));
    h.ifan_msglen = sizeof(h);
    h.ifan_version = RTM_VERSION;
    h.ifan_type = FBSD_RTM_IFANNOUNCE;
    h.ifan_index = index;
    strcpy(h.ifan_name, "epair0a");
    h.ifan_what = what;
    memcpy(p, &h, sizeof(h));
    return sizeof(h);
}

static const struct nio_bsd_layout *const fbsd = &nio_bsd_freebsd;
static const struct nio_bsd_layout *const mac = &nio_bsd_macos;

/* ------------------------------------------------------------ layouts */
static void test_layouts(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct fbsd_ifa_msghdr), fbsd->ifam_size);
    assert_int_equal(offsetof(struct fbsd_ifa_msghdr, ifam_index), fbsd->ifam_index);
    assert_int_equal(sizeof(struct mac_ifa_msghdr), mac->ifam_size);
    assert_int_equal(offsetof(struct mac_ifa_msghdr, ifam_index), mac->ifam_index);
    assert_int_equal(sizeof(struct fbsd_if_announcemsghdr), fbsd->ifan_size);
    assert_int_equal(offsetof(struct fbsd_if_announcemsghdr, ifan_index), fbsd->ifan_index);
    assert_int_equal(fbsd->rtm_ifannounce, FBSD_RTM_IFANNOUNCE);
    assert_int_equal(mac->rtm_ifannounce, 0); /* XNU has none */
    assert_int_equal(fbsd->rtm_newaddr, RTM_NEWADDR);
    assert_int_equal(fbsd->rtm_deladdr, RTM_DELADDR);
    assert_int_equal(mac->rtm_newaddr, RTM_NEWADDR);
    assert_int_equal(mac->rtm_deladdr, RTM_DELADDR);
}

/* ------------------------------------------------------------ FreeBSD */
static void test_freebsd_ifinfo(void **state)
{
    uint8_t buf[512];
    size_t len = fbsd_ifinfo(buf, 7);
    (void)state;
    assert_int_equal(len, 168);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 7);
    len = fbsd_ifinfo(buf, 65535); /* indexes are 16-bit */
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 65535);
}

static void test_freebsd_addr(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = fbsd_addr(buf, RTM_NEWADDR, 3);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 3);
    len = fbsd_addr(buf, RTM_DELADDR, 300);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 300);
}

static void test_freebsd_announce(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = fbsd_announce(buf, 12, FBSD_IFAN_ARRIVAL);
    assert_int_equal(len, 24);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 12);
    len = fbsd_announce(buf, 12, FBSD_IFAN_DEPARTURE);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 12);
    /* Whatever it announces, it names that interface; the core reads it. */
    len = fbsd_announce(buf, 13, 7);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 13);
}

/* -------------------------------------------------------------- macOS */
static void test_macos_ifinfo_and_addr(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = mac_ifinfo(buf, 4);
    assert_int_equal(len, 112);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, len), 4);
    len = mac_addr(buf, RTM_NEWADDR, 17);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, len), 17);
    len = mac_addr(buf, RTM_DELADDR, 17);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, len), 17);
}

static void test_macos_no_announce(void **state)
{
    /* 0x11 is no message of XNU's: nothing to do with a row. */
    uint8_t buf[512];
    size_t len = fbsd_announce(buf, 12, FBSD_IFAN_ARRIVAL);
    (void)state;
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, len), -1);
}

/* ------------------------------------------------------ other messages */
static void test_unknown_types(void **state)
{
    uint8_t buf[512];
    (void)state;
    /* A route (struct rt_msghdr and sockaddrs) and a multicast membership. */
    header(buf, 200, RTM_ADD);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 200), -1);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, 200), -1);
    header(buf, 40, RTM_NEWMADDR);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 40), -1);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, 40), -1);
    /* The same number, two meanings: FreeBSD's wireless event, macOS's
     * sysctl-only RTM_IFINFO2; neither is read as an interface message. */
    header(buf, 60, FBSD_RTM_IEEE80211);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 60), -1);
    header(buf, 60, MAC_RTM_IFINFO2);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, 60), -1);
    /* A type no header has yet. */
    header(buf, 60, 0xee);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 60), -1);
    /* Cut short, a message that concerns no row is still ignored. */
    header(buf, 200, RTM_ADD);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 100), -1);
}

/* ------------------------------------------------------ compare everything */
static void test_truncated(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    memset(buf, 0, sizeof(buf));
    /* Fewer bytes than a header. */
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 0), 0);
    len = fbsd_ifinfo(buf, 7);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 3), 0);
    /* The read buffer cut the message: its length says more than came. */
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len - 1), 0);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 14), 0); /* index not even read */
    len = fbsd_addr(buf, RTM_NEWADDR, 3);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 16), 0);
    len = fbsd_announce(buf, 12, FBSD_IFAN_DEPARTURE);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len - 2), 0);
    len = mac_ifinfo(buf, 4);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, len / 2), 0);
}

static void test_malformed(void **state)
{
    uint8_t buf[512];
    size_t len;
    uint16_t v;
    (void)state;
    /* A length that claims less than was read: not one message. */
    len = fbsd_ifinfo(buf, 7);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len + 8), 0);
    /* Complete by its own length, shorter than the structure. */
    header(buf, 40, RTM_IFINFO);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 40), 0);
    header(buf, 12, RTM_NEWADDR);
    assert_int_equal(nio_bsd_event_ifindex(mac, buf, 12), 0);
    header(buf, 20, FBSD_RTM_IFANNOUNCE);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, 20), 0);
    /* A macOS message read with FreeBSD's table is refused, not misread. */
    len = mac_ifinfo(buf, 4);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 0);
    /* Another version: another layout. */
    len = fbsd_ifinfo(buf, 7);
    buf[2] = 4;
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 0);
    /* Index 0 names no interface. */
    len = fbsd_ifinfo(buf, 0);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 0);
    len = fbsd_addr(buf, RTM_DELADDR, 0);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 0);
    /* A zero length. */
    len = fbsd_ifinfo(buf, 7);
    v = 0;
    memcpy(buf, &v, 2);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), 0);
}

/* ------------------------------------------------------------- routes */
#ifndef RTM_CHANGE
#define RTM_CHANGE 0x3 /* net/route.h, FreeBSD and macOS alike */
#endif

/* A route message as the routing socket sends it: the header and one
 * 16-byte sockaddr (the destination). */
static size_t fbsd_route(uint8_t *p, uint8_t type, uint16_t index)
{
    struct fbsd_rt_msghdr h;
    size_t len = sizeof(h) + 16;
    memset(p, POISON, len);
    memset(&h, POISON, sizeof(h));
    h.rtm_msglen = (uint16_t)len;
    h.rtm_version = RTM_VERSION;
    h.rtm_type = type;
    h.rtm_index = index;
    h.rtm_addrs = RTA_DST;
    memcpy(p, &h, sizeof(h));
    return len;
}

static size_t mac_route(uint8_t *p, uint8_t type, uint16_t index)
{
    struct mac_rt_msghdr h;
    size_t len = sizeof(h) + 16;
    memset(p, POISON, len);
    memset(&h, POISON, sizeof(h));
    h.rtm_msglen = (unsigned short)len;
    h.rtm_version = RTM_VERSION;
    h.rtm_type = type;
    h.rtm_index = index;
    h.rtm_addrs = RTA_DST;
    memcpy(p, &h, sizeof(h));
    return len;
}

/* Whose routes a message says to compare: -1 none, else the index (0: all). */
static long routes_of(const struct nio_bsd_layout *l, const uint8_t *buf, size_t len)
{
    uint32_t index = 0xDEAD;
    if (!nio_bsd_event_routes(l, buf, len, &index))
        return -1;
    return (long)index;
}

static void test_route_messages(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = fbsd_route(buf, RTM_ADD, 5);
    assert_int_equal(routes_of(fbsd, buf, len), 5);
    assert_int_equal(nio_bsd_event_ifindex(fbsd, buf, len), -1); /* no interface row */
    len = fbsd_route(buf, RTM_DELETE, 300);
    assert_int_equal(routes_of(fbsd, buf, len), 300);
    len = mac_route(buf, RTM_ADD, 4);
    assert_int_equal(routes_of(mac, buf, len), 4);
    len = mac_route(buf, RTM_DELETE, 65535);
    assert_int_equal(routes_of(mac, buf, len), 65535);
    /* A change may move a route to another interface: compare them all. */
    len = fbsd_route(buf, RTM_CHANGE, 5);
    assert_int_equal(routes_of(fbsd, buf, len), 0);
    len = mac_route(buf, RTM_CHANGE, 5);
    assert_int_equal(routes_of(mac, buf, len), 0);
    /* A route that names no interface. */
    len = fbsd_route(buf, RTM_ADD, 0);
    assert_int_equal(routes_of(fbsd, buf, len), 0);
    /* Lookups (our own RTM_GET answered) change nothing. */
    len = fbsd_route(buf, RTM_GET, 5);
    assert_int_equal(routes_of(fbsd, buf, len), -1);
}

/* Addresses and interfaces that go take their routes along. */
static void test_route_owners(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = fbsd_addr(buf, RTM_DELADDR, 3);
    assert_int_equal(routes_of(fbsd, buf, len), 3);
    len = mac_addr(buf, RTM_DELADDR, 9);
    assert_int_equal(routes_of(mac, buf, len), 9);
    len = fbsd_addr(buf, RTM_NEWADDR, 3); /* the kernel announces its routes */
    assert_int_equal(routes_of(fbsd, buf, len), -1);
    len = fbsd_announce(buf, 12, FBSD_IFAN_DEPARTURE);
    assert_int_equal(routes_of(fbsd, buf, len), 12);
    len = fbsd_ifinfo(buf, 7);
    assert_int_equal(routes_of(fbsd, buf, len), -1);
    len = mac_ifinfo(buf, 7);
    assert_int_equal(routes_of(mac, buf, len), -1);
    header(buf, 40, RTM_NEWMADDR);
    assert_int_equal(routes_of(fbsd, buf, 40), -1);
    header(buf, 60, FBSD_RTM_IFANNOUNCE); /* on macOS, not an announcement */
    assert_int_equal(routes_of(mac, buf, 60), -1);
}

/* What cannot be read may have been a route: compare every route. */
static void test_route_unreadable(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    memset(buf, 0, sizeof(buf));
    assert_int_equal(routes_of(fbsd, buf, 3), 0);
    len = fbsd_route(buf, RTM_ADD, 5);
    assert_int_equal(routes_of(fbsd, buf, len - 1), 0); /* cut short */
    assert_int_equal(routes_of(fbsd, buf, len + 4), 0); /* not one message */
    buf[2] = 4;                                         /* another version */
    assert_int_equal(routes_of(fbsd, buf, len), 0);
    len = fbsd_addr(buf, RTM_DELADDR, 3);
    assert_int_equal(routes_of(fbsd, buf, 16), 0);
    len = mac_addr(buf, RTM_DELADDR, 0);
    assert_int_equal(routes_of(mac, buf, len), 0);
}

/* ----------------------------------------------------------- addresses */
static long addrs_of(const struct nio_bsd_layout *l, const uint8_t *buf, size_t len)
{
    uint32_t index = 0xDEAD;
    if (!nio_bsd_event_addrs(l, buf, len, &index))
        return -1;
    return (long)index;
}

/* RTM_NEWADDR and RTM_DELADDR: compare that interface's addresses; an
 * interface announced (FreeBSD): its addresses came or went with it. */
static void test_addr_owners(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    len = fbsd_addr(buf, RTM_NEWADDR, 3);
    assert_int_equal(addrs_of(fbsd, buf, len), 3);
    len = fbsd_addr(buf, RTM_DELADDR, 300);
    assert_int_equal(addrs_of(fbsd, buf, len), 300);
    len = mac_addr(buf, RTM_NEWADDR, 17);
    assert_int_equal(addrs_of(mac, buf, len), 17);
    len = mac_addr(buf, RTM_DELADDR, 9);
    assert_int_equal(addrs_of(mac, buf, len), 9);
    len = fbsd_announce(buf, 12, FBSD_IFAN_DEPARTURE);
    assert_int_equal(addrs_of(fbsd, buf, len), 12);
    /* No address row changes with these. */
    len = fbsd_route(buf, RTM_ADD, 5);
    assert_int_equal(addrs_of(fbsd, buf, len), -1);
    len = mac_route(buf, RTM_DELETE, 5);
    assert_int_equal(addrs_of(mac, buf, len), -1);
    len = fbsd_ifinfo(buf, 7);
    assert_int_equal(addrs_of(fbsd, buf, len), -1);
    header(buf, 40, RTM_NEWMADDR);
    assert_int_equal(addrs_of(fbsd, buf, 40), -1);
    header(buf, 60, FBSD_RTM_IFANNOUNCE); /* on macOS, not an announcement */
    assert_int_equal(addrs_of(mac, buf, 60), -1);
}

/* What cannot be read may have been an address: compare every address. */
static void test_addr_unreadable(void **state)
{
    uint8_t buf[512];
    size_t len;
    (void)state;
    memset(buf, 0, sizeof(buf));
    assert_int_equal(addrs_of(fbsd, buf, 3), 0);
    len = fbsd_addr(buf, RTM_NEWADDR, 3);
    assert_int_equal(addrs_of(fbsd, buf, len - 1), 0); /* cut short */
    assert_int_equal(addrs_of(fbsd, buf, len + 4), 0); /* not one message */
    buf[2] = 4;                                         /* another version */
    assert_int_equal(addrs_of(fbsd, buf, len), 0);
    len = mac_addr(buf, RTM_DELADDR, 0);
    assert_int_equal(addrs_of(mac, buf, len), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_freebsd_ifinfo),
        cmocka_unit_test(test_freebsd_addr),
        cmocka_unit_test(test_freebsd_announce),
        cmocka_unit_test(test_macos_ifinfo_and_addr),
        cmocka_unit_test(test_macos_no_announce),
        cmocka_unit_test(test_unknown_types),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_route_messages),
        cmocka_unit_test(test_route_owners),
        cmocka_unit_test(test_route_unreadable),
        cmocka_unit_test(test_addr_owners),
        cmocka_unit_test(test_addr_unreadable),
    };
    return cmocka_run_group_tests_name("bsd-event", tests, NULL, NULL);
}
