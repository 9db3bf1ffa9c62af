/* test-bsd-set.c - src/bsd/knobs.c: what SetIpInterfaceEntry can change
 * on FreeBSD and macOS, and the SIOCSIFINFO_* requests that change it and
 * put it back, on any OS.
 *
 * Requests are built from SIOCGIFINFO_IN6 answers laid out as transcribed.h
 * says and then handed to a model of the kernel's nd6_ioctl(), written
 * from FreeBSD's and XNU's sources: SIOCSIFINFO_IN6 sets each non-zero one
 * of linkmtu, basereachable, retrans and chlim and then the flags;
 * SIOCSIFINFO_FLAGS sets the flags alone.  A change followed by its undo
 * must leave the model exactly as it was. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bsd.h"
#include "transcribed.h"

#define FBSD_SIOCSIFINFO_IN6 IOWR('i', 109, sizeof(struct fbsd_in6_ndireq))
#define FBSD_SIOCSIFINFO_FLAGS IOWR('i', 87, sizeof(struct fbsd_in6_ndireq))
#define MAC_SIOCSIFINFO_FLAGS IOWR('i', 87, sizeof(struct mac_in6_ndireq))

#define BIT(k) (1u << (k))

static const struct nio_bsd_layout *const fbsd = &nio_bsd_freebsd;
static const struct nio_bsd_layout *const mac = &nio_bsd_macos;

/* The kernel's nd_ifinfo of one interface, as the model keeps it. */
struct nd_state {
    uint32_t linkmtu, basereachable, retrans, flags;
    uint8_t chlim;
};

static const struct nd_state fbsd_em0 = {
    0, 30000, 1000,
    FBSD_ND6_IFF_PERFORMNUD | FBSD_ND6_IFF_AUTO_LINKLOCAL, 64};

static const struct nd_state mac_en0 = {
    1500, 30000, 1000, MAC_ND6_IFF_PERFORMNUD | MAC_ND6_IFF_DAD, 64};

static const struct nio_bsd_globals dad1 = {.has_dad_count = true, .dad_count = 1};
static const struct nio_bsd_globals no_dad_count;

/* SIOCGIFINFO_IN6: the answer in a zeroed NIO_BSD_NDIREQ_MAX buffer. */
static void fbsd_get(const struct nd_state *k, uint8_t *req)
{
    struct fbsd_in6_ndireq r;
    memset(&r, 0, sizeof(r));
    strcpy(r.ifname, "em0");
    r.ndi.linkmtu = k->linkmtu;
    r.ndi.maxmtu = 1500;
    r.ndi.basereachable = k->basereachable;
    r.ndi.reachable = 31;
    r.ndi.retrans = k->retrans;
    r.ndi.flags = k->flags;
    r.ndi.recalctm = 7200;
    r.ndi.chlim = k->chlim;
    r.ndi.initialized = 1;
    memset(req, 0, NIO_BSD_NDIREQ_MAX);
    memcpy(req, &r, sizeof(r));
}

static void mac_get(const struct nd_state *k, uint8_t *req)
{
    struct mac_in6_ondireq r;
    memset(&r, 0, sizeof(r));
    strcpy(r.ifname, "en0");
    r.ndi.linkmtu = k->linkmtu;
    r.ndi.maxmtu = 1500;
    r.ndi.basereachable = k->basereachable;
    r.ndi.reachable = 31;
    r.ndi.retrans = k->retrans;
    r.ndi.flags = k->flags;
    r.ndi.chlim = k->chlim;
    memset(req, 0, NIO_BSD_NDIREQ_MAX);
    memcpy(req, &r, sizeof(r));
}

/* nd6_ioctl() of FreeBSD (both requests) and XNU (SIOCSIFINFO_FLAGS). */
static int kernel_set(struct nd_state *k, uint32_t cmd, const uint8_t *req)
{
    struct fbsd_in6_ndireq r; /* the same first fields in XNU's in6_ndireq */
    memcpy(&r, req, sizeof(r));
    if (cmd == FBSD_SIOCSIFINFO_IN6) {
        if (r.ndi.linkmtu != 0) {
            uint32_t cur = k->linkmtu ? k->linkmtu : 1500;
            if (r.ndi.linkmtu < 1280 || r.ndi.linkmtu > cur)
                return EINVAL;
            k->linkmtu = r.ndi.linkmtu;
        }
        if (r.ndi.basereachable != 0)
            k->basereachable = r.ndi.basereachable;
        if (r.ndi.retrans != 0)
            k->retrans = r.ndi.retrans;
        if (r.ndi.chlim != 0)
            k->chlim = r.ndi.chlim;
    } else if (cmd != FBSD_SIOCSIFINFO_FLAGS) { /* == MAC_SIOCSIFINFO_FLAGS */
        return ENOTTY;
    }
    k->flags = r.ndi.flags;
    return 0;
}

static bool same(const struct nd_state *a, const struct nd_state *b)
{
    return a->linkmtu == b->linkmtu && a->basereachable == b->basereachable &&
           a->retrans == b->retrans && a->flags == b->flags && a->chlim == b->chlim;
}

/* Change knob to value, check the result with want, undo, check that
 * nothing else ever moved. */
static void change_and_undo(const struct nio_bsd_layout *l, const struct nd_state *start,
                            enum nio_knob knob, uint32_t value, const struct nio_bsd_globals *g,
                            const struct nd_state *want)
{
    struct nd_state k = *start;
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    uint32_t undo = 0xdeadbeef, cmd = 0;
    (l == fbsd ? fbsd_get : mac_get)(&k, req);
    assert_int_equal(nio_bsd_nd_change(l, req, knob, value, g, &undo, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    assert_true(same(&k, want));
    (l == fbsd ? fbsd_get : mac_get)(&k, req);
    assert_int_equal(nio_bsd_nd_restore(l, req, knob, undo, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    assert_true(same(&k, start));
}

/* ------------------------------------------------------------- knobs */
static void test_knobs(void **state)
{
    (void)state;
    /* IPv4: the link MTU, on both. */
    assert_int_equal(nio_bsd_knobs(fbsd, NIO_V4), BIT(NIO_KNOB_MTU));
    assert_int_equal(nio_bsd_knobs(mac, NIO_V4), BIT(NIO_KNOB_MTU));
    /* IPv6 on FreeBSD: the per-interface ND settings. */
    assert_int_equal(nio_bsd_knobs(fbsd, NIO_V6),
                     BIT(NIO_KNOB_DAD) | BIT(NIO_KNOB_ROUTER_DISCOVERY) |
                         BIT(NIO_KNOB_BASE_REACHABLE) | BIT(NIO_KNOB_RETRANSMIT) |
                         BIT(NIO_KNOB_LINK_LOCAL));
    /* IPv6 on macOS: only the DAD switch has a public setter. */
    assert_int_equal(nio_bsd_knobs(mac, NIO_V6), BIT(NIO_KNOB_DAD));
    /* Never: forwarding (system-wide), the IPv6 MTU (no exact undo). */
    for (int slot = 0; slot < NIO_FAMILIES; slot++) {
        assert_false(nio_bsd_knobs(fbsd, slot) & BIT(NIO_KNOB_FORWARDING));
        assert_false(nio_bsd_knobs(mac, slot) & BIT(NIO_KNOB_FORWARDING));
    }
    assert_false(nio_bsd_knobs(fbsd, NIO_V6) & BIT(NIO_KNOB_MTU));
    assert_false(nio_bsd_knobs(mac, NIO_V6) & BIT(NIO_KNOB_MTU));
    assert_int_equal(nio_bsd_knobs(fbsd, 2), 0);
}

static void test_requests(void **state)
{
    (void)state;
    assert_int_equal(fbsd->siocsifinfo_in6, FBSD_SIOCSIFINFO_IN6);
    assert_int_equal(fbsd->siocsifinfo_flags, FBSD_SIOCSIFINFO_FLAGS);
    assert_int_equal(mac->siocsifinfo_flags, MAC_SIOCSIFINFO_FLAGS);
    assert_int_equal(mac->siocsifinfo_in6, 0);
    assert_int_equal(sizeof(struct fbsd_in6_ndireq), NIO_BSD_NDIREQ_SET_SIZE);
    assert_int_equal(sizeof(struct mac_in6_ndireq), NIO_BSD_NDIREQ_SET_SIZE);
    assert_int_equal(offsetof(struct mac_in6_ndireq, ndi.chlim), NIO_BSD_NDI_CHLIM);
    assert_int_equal(offsetof(struct fbsd_in6_ndireq, ndi.chlim), NIO_BSD_NDI_CHLIM);
    assert_true(sizeof(struct fbsd_in6_ndireq) <= NIO_BSD_NDIREQ_MAX);
}

/* ------------------------------------------------------------ FreeBSD */
static void test_freebsd_router_discovery(void **state)
{
    struct nd_state on = fbsd_em0;
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    struct fbsd_in6_ndireq r;
    uint32_t undo, cmd;
    (void)state;
    on.flags |= FBSD_ND6_IFF_ACCEPT_RTADV;
    change_and_undo(fbsd, &fbsd_em0, NIO_KNOB_ROUTER_DISCOVERY, RouterDiscoveryEnabled,
                    &no_dad_count, &on);
    change_and_undo(fbsd, &on, NIO_KNOB_ROUTER_DISCOVERY, RouterDiscoveryDisabled,
                    &no_dad_count, &fbsd_em0);
    /* The request: SIOCSIFINFO_FLAGS, the flags as read plus the bit; the
     * token is the bit as it was. */
    fbsd_get(&fbsd_em0, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_ROUTER_DISCOVERY,
                                       RouterDiscoveryEnabled, &no_dad_count, &undo, &cmd), 0);
    memcpy(&r, req, sizeof(r));
    assert_int_equal(cmd, FBSD_SIOCSIFINFO_FLAGS);
    assert_int_equal(r.ndi.flags, fbsd_em0.flags | FBSD_ND6_IFF_ACCEPT_RTADV);
    assert_string_equal(r.ifname, "em0");
    assert_int_equal(undo, 0);
    /* Dhcp (and anything else) is not a flag. */
    fbsd_get(&fbsd_em0, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_ROUTER_DISCOVERY,
                                       RouterDiscoveryDhcp, &no_dad_count, &undo, &cmd),
                     -EOPNOTSUPP);
}

static void test_freebsd_link_local(void **state)
{
    struct nd_state off = fbsd_em0;
    (void)state;
    off.flags &= ~FBSD_ND6_IFF_AUTO_LINKLOCAL;
    change_and_undo(fbsd, &fbsd_em0, NIO_KNOB_LINK_LOCAL, LinkLocalAlwaysOff, &no_dad_count,
                    &off);
    change_and_undo(fbsd, &off, NIO_KNOB_LINK_LOCAL, LinkLocalAlwaysOn, &no_dad_count,
                    &fbsd_em0);
}

static void test_freebsd_dad(void **state)
{
    struct nd_state nodad = fbsd_em0;
    uint8_t req[NIO_BSD_NDIREQ_MAX], was[NIO_BSD_NDIREQ_MAX];
    uint32_t undo = 7, cmd = 7;
    (void)state;
    nodad.flags |= FBSD_ND6_IFF_NO_DAD;
    /* 0: the interface's off switch. */
    change_and_undo(fbsd, &fbsd_em0, NIO_KNOB_DAD, 0, &no_dad_count, &nodad);
    /* The system's count: the switch back on. */
    change_and_undo(fbsd, &nodad, NIO_KNOB_DAD, 1, &dad1, &fbsd_em0);
    /* Another count would change every interface: refused, nothing built. */
    fbsd_get(&nodad, req);
    memcpy(was, req, sizeof(req));
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_DAD, 2, &dad1, &undo, &cmd),
                     -EOPNOTSUPP);
    assert_memory_equal(req, was, sizeof(req));
    assert_int_equal(undo, 7);
    assert_int_equal(cmd, 7);
    /* The system's count unknown: no non-zero value can be checked. */
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_DAD, 1, &no_dad_count, &undo, &cmd),
                     -EOPNOTSUPP);
}

static void test_freebsd_times(void **state)
{
    struct nd_state start = fbsd_em0, want;
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    struct fbsd_in6_ndireq r;
    uint32_t undo, cmd;
    (void)state;
    start.linkmtu = 1480; /* a router advertised one: must stay */
    want = start;
    want.basereachable = 45000;
    change_and_undo(fbsd, &start, NIO_KNOB_BASE_REACHABLE, 45000, &no_dad_count, &want);
    want = start;
    want.retrans = 250;
    change_and_undo(fbsd, &start, NIO_KNOB_RETRANSMIT, 250, &no_dad_count, &want);
    /* The request: SIOCSIFINFO_IN6 with every other "set if non-zero"
     * field zero and the flags as read. */
    fbsd_get(&start, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_RETRANSMIT, 250, &no_dad_count,
                                       &undo, &cmd), 0);
    memcpy(&r, req, sizeof(r));
    assert_int_equal(cmd, FBSD_SIOCSIFINFO_IN6);
    assert_int_equal(undo, 1000);
    assert_int_equal(r.ndi.retrans, 250);
    assert_int_equal(r.ndi.linkmtu, 0);
    assert_int_equal(r.ndi.basereachable, 0);
    assert_int_equal(r.ndi.chlim, 0);
    assert_int_equal(r.ndi.flags, start.flags);
    /* A 0 read could not be put back (0 is "unchanged" to the kernel). */
    start.basereachable = 0;
    fbsd_get(&start, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_BASE_REACHABLE, 45000,
                                       &no_dad_count, &undo, &cmd), -EPROTO);
    assert_int_equal(nio_bsd_nd_restore(fbsd, req, NIO_KNOB_BASE_REACHABLE, 0, &cmd), -EPROTO);
}

/* An undo puts back its own field only: what changed since stays. */
static void test_freebsd_undo_is_narrow(void **state)
{
    struct nd_state k = fbsd_em0;
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    uint32_t undo_rd, undo_dad, cmd;
    (void)state;
    fbsd_get(&k, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_ROUTER_DISCOVERY,
                                       RouterDiscoveryEnabled, &dad1, &undo_rd, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    fbsd_get(&k, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_DAD, 0, &dad1, &undo_dad, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    assert_int_equal(k.flags, fbsd_em0.flags | FBSD_ND6_IFF_ACCEPT_RTADV | FBSD_ND6_IFF_NO_DAD);
    /* Undone in reverse, as the core does. */
    fbsd_get(&k, req);
    assert_int_equal(nio_bsd_nd_restore(fbsd, req, NIO_KNOB_DAD, undo_dad, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    assert_int_equal(k.flags, fbsd_em0.flags | FBSD_ND6_IFF_ACCEPT_RTADV);
    fbsd_get(&k, req);
    assert_int_equal(nio_bsd_nd_restore(fbsd, req, NIO_KNOB_ROUTER_DISCOVERY, undo_rd, &cmd), 0);
    assert_int_equal(kernel_set(&k, cmd, req), 0);
    assert_true(same(&k, &fbsd_em0));
    /* A token with bits outside its knob's is not ours. */
    fbsd_get(&k, req);
    assert_int_equal(nio_bsd_nd_restore(fbsd, req, NIO_KNOB_DAD, FBSD_ND6_IFF_ACCEPT_RTADV,
                                        &cmd), -EOPNOTSUPP);
}

/* -------------------------------------------------------------- macOS */
static void test_macos_dad(void **state)
{
    struct nd_state nodad = mac_en0;
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    struct mac_in6_ndireq r;
    uint32_t undo, cmd;
    (void)state;
    nodad.flags &= ~MAC_ND6_IFF_DAD;
    /* XNU's switch is the other way round: DAD runs while the bit is set. */
    change_and_undo(mac, &mac_en0, NIO_KNOB_DAD, 0, &dad1, &nodad);
    change_and_undo(mac, &nodad, NIO_KNOB_DAD, 1, &dad1, &mac_en0);
    /* The request is encoded with the 72-byte in6_ndireq; the flags sit
     * where in6_ondireq has them. */
    mac_get(&mac_en0, req);
    assert_int_equal(nio_bsd_nd_change(mac, req, NIO_KNOB_DAD, 0, &dad1, &undo, &cmd), 0);
    memcpy(&r, req, sizeof(r));
    assert_int_equal(cmd, MAC_SIOCSIFINFO_FLAGS);
    assert_int_equal(r.ndi.flags, MAC_ND6_IFF_PERFORMNUD);
    assert_int_equal(undo, MAC_ND6_IFF_DAD);
    assert_string_equal(r.ifname, "en0");
}

static void test_macos_refuses(void **state)
{
    uint8_t req[NIO_BSD_NDIREQ_MAX], was[NIO_BSD_NDIREQ_MAX];
    uint32_t undo, cmd;
    (void)state;
    mac_get(&mac_en0, req);
    memcpy(was, req, sizeof(req));
    /* XNU keeps no public ACCEPT_RTADV or AUTO_LINKLOCAL bit and has no
     * SIOCSIFINFO_IN6. */
    assert_int_equal(nio_bsd_nd_change(mac, req, NIO_KNOB_ROUTER_DISCOVERY,
                                       RouterDiscoveryEnabled, &dad1, &undo, &cmd), -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_change(mac, req, NIO_KNOB_LINK_LOCAL, LinkLocalAlwaysOn, &dad1,
                                       &undo, &cmd), -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_change(mac, req, NIO_KNOB_BASE_REACHABLE, 45000, &dad1, &undo,
                                       &cmd), -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_change(mac, req, NIO_KNOB_RETRANSMIT, 250, &dad1, &undo, &cmd),
                     -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_restore(mac, req, NIO_KNOB_RETRANSMIT, 1000, &cmd),
                     -EOPNOTSUPP);
    assert_memory_equal(req, was, sizeof(req));
}

/* Knobs that are no ND request on any BSD. */
static void test_not_nd(void **state)
{
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    uint32_t undo, cmd;
    (void)state;
    fbsd_get(&fbsd_em0, req);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_FORWARDING, 1, &dad1, &undo, &cmd),
                     -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_change(fbsd, req, NIO_KNOB_MTU, 1400, &dad1, &undo, &cmd),
                     -EOPNOTSUPP);
    assert_int_equal(nio_bsd_nd_restore(fbsd, req, NIO_KNOB_MTU, 1500, &cmd), -EOPNOTSUPP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_knobs),
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_freebsd_router_discovery),
        cmocka_unit_test(test_freebsd_link_local),
        cmocka_unit_test(test_freebsd_dad),
        cmocka_unit_test(test_freebsd_times),
        cmocka_unit_test(test_freebsd_undo_is_narrow),
        cmocka_unit_test(test_macos_dad),
        cmocka_unit_test(test_macos_refuses),
        cmocka_unit_test(test_not_nd),
    };
    return cmocka_run_group_tests_name("bsd-set", tests, NULL, NULL);
}
