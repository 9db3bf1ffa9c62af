/* test-parse-event.c - src/linux/parse-event.c: what one rtnetlink
 * notification means to the watch (nio_linux_event), on canned messages
 * built with libmnl: the interface it concerns, the route rows it adds,
 * removes or replaces, and which routes to compare because the kernel
 * flushes them without a message. */
#include <arpa/inet.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* What nio_linux_event reported for one message. */
#define MAX_SEEN 8
struct seen {
    unsigned n;
    struct nio_watch_event ev[MAX_SEEN];
    struct nio_route rows[MAX_SEEN];    /* the first row of each, if any */
    struct nio_route id[MAX_SEEN];
    bool has_id[MAX_SEEN];
    struct nio_addr addr[MAX_SEEN];     /* the address of each, if any */
};

static void on_event(void *ctx, const struct nio_watch_event *ev)
{
    struct seen *s = ctx;
    if (s->n == MAX_SEEN)
        return;
    s->ev[s->n] = *ev;
    if (ev->n > 0)
        s->rows[s->n] = ev->rows[0];
    s->has_id[s->n] = ev->id != NULL;
    if (ev->id != NULL)
        s->id[s->n] = *ev->id;
    if (ev->addr != NULL)
        s->addr[s->n] = *ev->addr;
    s->n++;
}

static struct seen run(const struct nlmsghdr *nlh)
{
    static struct nio_route rows[NIO_ROUTE_MAX_HOPS];
    struct seen s;
    memset(&s, 0, sizeof(s));
    nio_linux_event(nlh, rows, on_event, &s);
    return s;
}

static char buf[8192];

static struct nlmsghdr *link_msg(uint16_t type, int index, unsigned flags)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    nlh->nlmsg_type = type;
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    ifi->ifi_flags = flags;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "va");
    return nlh;
}

/* An IPv4 route 198.18.<third>.0/24 via 198.18.0.2 dev 3, table, type. */
static struct nlmsghdr *route_msg(uint16_t type, uint16_t flags, uint8_t third, uint32_t table,
                                  uint8_t rtype, uint32_t metric)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    uint8_t dst[4] = {198, 18, third, 0}, gw[4] = {198, 18, 0, 2};
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = flags;
    rtm->rtm_family = AF_INET;
    rtm->rtm_dst_len = 24;
    rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_COMPAT;
    rtm->rtm_protocol = RTPROT_STATIC;
    rtm->rtm_scope = RT_SCOPE_UNIVERSE;
    rtm->rtm_type = rtype;
    mnl_attr_put_u32(nlh, RTA_TABLE, table);
    mnl_attr_put(nlh, RTA_DST, 4, dst);
    if (metric)
        mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
    if (rtype == RTN_UNICAST) {
        mnl_attr_put(nlh, RTA_GATEWAY, 4, gw);
        mnl_attr_put_u32(nlh, RTA_OIF, 3);
    }
    return nlh;
}

static struct nlmsghdr *addr_msg(uint16_t type, uint8_t family, int index)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    uint8_t a[16] = {198, 18, 0, 1};
    nlh->nlmsg_type = type;
    ifa->ifa_family = family;
    ifa->ifa_prefixlen = 24;
    ifa->ifa_index = (uint32_t)index;
    mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET6 ? 16 : 4, a);
    return nlh;
}

/* ---------------------------------------------------------------- links */
static void test_link(void **state)
{
    struct seen s;
    (void)state;
    s = run(link_msg(RTM_NEWLINK, 3, IFF_UP | IFF_RUNNING));
    assert_int_equal(s.n, 1); /* up: its routes stay */
    assert_int_equal(s.ev[0].kind, NIO_WE_IFACE);
    assert_int_equal(s.ev[0].ifindex, 3);
    s = run(link_msg(RTM_NEWLINK, 3, 0));
    assert_int_equal(s.n, 2); /* down: its IPv4 routes are flushed silently */
    assert_int_equal(s.ev[0].kind, NIO_WE_IFACE);
    assert_int_equal(s.ev[1].kind, NIO_WE_ROUTES);
    assert_int_equal(s.ev[1].ifindex, 3);
    s = run(link_msg(RTM_DELLINK, 9, IFF_UP));
    assert_int_equal(s.n, 3); /* gone: its routes and its addresses compared */
    assert_int_equal(s.ev[1].kind, NIO_WE_ROUTES);
    assert_int_equal(s.ev[1].ifindex, 9);
    assert_int_equal(s.ev[2].kind, NIO_WE_ADDRS);
    assert_int_equal(s.ev[2].ifindex, 9);
    /* No index: every interface, every route, every address. */
    s = run(link_msg(RTM_DELLINK, 0, 0));
    assert_int_equal(s.n, 3);
    assert_int_equal(s.ev[0].ifindex, 0);
    assert_int_equal(s.ev[1].ifindex, 0);
    assert_int_equal(s.ev[2].kind, NIO_WE_ADDRS);
    assert_int_equal(s.ev[2].ifindex, 0);
}

/* --------------------------------------------------------------- routes */
static void test_route_new_del(void **state)
{
    struct seen s;
    (void)state;
    s = run(route_msg(RTM_NEWROUTE, 0, 7, RT_TABLE_MAIN, RTN_UNICAST, 50));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTE_NEW);
    assert_int_equal(s.ev[0].n, 1);
    assert_false(s.has_id[0]);
    assert_int_equal(s.rows[0].oif, 3);
    assert_int_equal(s.rows[0].prefix_len, 24);
    assert_int_equal(s.rows[0].prefix.bytes[2], 7);
    assert_int_equal(s.rows[0].metric, 50);
    assert_true(s.rows[0].has_gateway);
    s = run(route_msg(RTM_DELROUTE, 0, 7, RT_TABLE_MAIN, RTN_UNICAST, 50));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTE_DEL);
    assert_int_equal(s.ev[0].n, 1);
    /* Not a row (another table, a reject route): nothing at all. */
    s = run(route_msg(RTM_NEWROUTE, 0, 7, 100, RTN_UNICAST, 0));
    assert_int_equal(s.n, 0);
    s = run(route_msg(RTM_DELROUTE, 0, 7, RT_TABLE_MAIN, RTN_BLACKHOLE, 0));
    assert_int_equal(s.n, 0);
}

/* NLM_F_REPLACE: the rows, and the identity of the route replaced. */
static void test_route_replace(void **state)
{
    struct seen s;
    (void)state;
    s = run(route_msg(RTM_NEWROUTE, NLM_F_REPLACE, 8, RT_TABLE_MAIN, RTN_UNICAST, 20));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTE_REPLACE);
    assert_int_equal(s.ev[0].n, 1);
    assert_true(s.has_id[0]);
    assert_int_equal(s.id[0].prefix.slot, NIO_V4);
    assert_int_equal(s.id[0].prefix_len, 24);
    assert_int_equal(s.id[0].prefix.bytes[2], 8);
    assert_int_equal(s.id[0].table, RT_TABLE_MAIN);
    assert_int_equal(s.id[0].metric, 20);
    /* Replaced by a route that is no row: no rows, the identity still. */
    s = run(route_msg(RTM_NEWROUTE, NLM_F_REPLACE, 8, RT_TABLE_MAIN, RTN_BLACKHOLE, 0));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTE_REPLACE);
    assert_int_equal(s.ev[0].n, 0);
    assert_int_equal(s.id[0].metric, 0);
    assert_int_equal(s.id[0].table, RT_TABLE_MAIN);
}

/* A route message that cannot be read: every route compared. */
static void test_route_malformed(void **state)
{
    struct nlmsghdr *nlh;
    struct seen s;
    uint8_t bad[3] = {1, 2, 3};
    (void)state;
    nlh = route_msg(RTM_NEWROUTE, 0, 9, RT_TABLE_MAIN, RTN_UNICAST, 0);
    mnl_attr_put(nlh, RTA_PREFSRC, sizeof(bad), bad);
    s = run(nlh);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTES);
    assert_int_equal(s.ev[0].ifindex, 0);
    nlh = route_msg(RTM_DELROUTE, 0, 9, RT_TABLE_MAIN, RTN_UNICAST, 0);
    nlh->nlmsg_len = mnl_nlmsg_size(2); /* shorter than struct rtmsg */
    s = run(nlh);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ROUTES);
}

/* ------------------------------------------------------------ addresses */
static void test_addresses(void **state)
{
    struct seen s;
    (void)state;
    s = run(addr_msg(RTM_DELADDR, AF_INET, 3));
    assert_int_equal(s.n, 2); /* the address, then its routes by preferred source */
    assert_int_equal(s.ev[0].kind, NIO_WE_ADDR_DEL);
    assert_int_equal(s.addr[0].ifindex, 3);
    assert_int_equal(s.addr[0].addr.slot, NIO_V4);
    assert_int_equal(s.addr[0].prefix_len, 24);
    assert_int_equal(s.ev[1].kind, NIO_WE_ROUTES);
    assert_int_equal(s.ev[1].ifindex, 0);
    s = run(addr_msg(RTM_DELADDR, AF_INET6, 3));
    assert_int_equal(s.n, 1); /* no IPv6 route is flushed with it */
    assert_int_equal(s.ev[0].kind, NIO_WE_ADDR_DEL);
    assert_int_equal(s.addr[0].addr.slot, NIO_V6);
    s = run(addr_msg(RTM_NEWADDR, AF_INET, 3));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ADDR_NEW);
    assert_int_equal(s.ev[0].ifindex, 3);
    assert_int_equal(s.addr[0].addr.bytes[0], 198);
}

/* An address message that cannot be read: that interface's addresses
 * compared (every address when even the header is short); one of another
 * family: nothing. */
static void test_addresses_malformed(void **state)
{
    struct nlmsghdr *nlh;
    struct seen s;
    uint8_t bad[3] = {1, 2, 3};
    (void)state;
    nlh = addr_msg(RTM_NEWADDR, AF_INET, 4);
    mnl_attr_put(nlh, IFA_LOCAL, sizeof(bad), bad);
    s = run(nlh);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ADDRS);
    assert_int_equal(s.ev[0].ifindex, 4);
    nlh = addr_msg(RTM_NEWADDR, AF_INET, 4);
    nlh->nlmsg_len = mnl_nlmsg_size(2);
    s = run(nlh);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_ADDRS);
    assert_int_equal(s.ev[0].ifindex, 0);
    s = run(addr_msg(RTM_NEWADDR, AF_PACKET, 4));
    assert_int_equal(s.n, 0);
}

/* Netconf: the interface, as before. */
static void test_netconf(void **state)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct netconfmsg *ncm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ncm));
    struct seen s;
    (void)state;
    nlh->nlmsg_type = RTM_NEWNETCONF;
    ncm->ncm_family = AF_INET;
    mnl_attr_put_u32(nlh, NETCONFA_IFINDEX, 5);
    s = run(nlh);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].kind, NIO_WE_IFACE);
    assert_int_equal(s.ev[0].ifindex, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link),
        cmocka_unit_test(test_route_new_del),
        cmocka_unit_test(test_route_replace),
        cmocka_unit_test(test_route_malformed),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_addresses_malformed),
        cmocka_unit_test(test_netconf),
    };
    return cmocka_run_group_tests_name("linux-parse-event", tests, NULL, NULL);
}
