/* test-parse-ethtool.c - the pure parsers of the speed dump,
 * src/linux/parse-ethtool.c: the controller's answer naming the ethtool
 * family, and ETHTOOL_MSG_LINKMODES_GET_REPLY -> one device's speed.
 * Messages are built here with libmnl as the kernel lays them out
 * (linkmodes_fill_reply: the request header nest, then autonegotiation,
 * our link modes as a nested bit set, the speed, the duplex), and one is
 * a reply recorded from Linux 6.18.44 for a veth; then each attribute is
 * left out or malformed, and every message is cut short at every length. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

#include "linux.h"

union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[1024];
};

/* A generic-netlink message's headers, in a cleared buffer. */
static struct nlmsghdr *genl_start(union msgbuf *b, uint16_t type, uint8_t cmd, uint8_t version)
{
    struct nlmsghdr *nlh;
    struct genlmsghdr *g;
    memset(b, 0, sizeof(*b));
    nlh = mnl_nlmsg_put_header(b->bytes);
    nlh->nlmsg_type = type;
    g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->cmd = cmd;
    g->version = version;
    return nlh;
}

/* One reply of the dump, as the kernel sends it. */
struct lm_spec {
    bool header, dev_index, speed;
    uint32_t index, mbps;
    bool speed_short;           /* the speed as a u16: malformed */
    bool unknown;               /* an attribute nobody knows, at the end */
};

static struct nlmsghdr *build_lm(union msgbuf *b, const struct lm_spec *s)
{
    struct nlmsghdr *nlh = genl_start(b, 21, ETHTOOL_MSG_LINKMODES_GET_REPLY, ETHTOOL_GENL_VERSION);
    struct nlattr *nest, *bits;
    nlh->nlmsg_flags = NLM_F_MULTI;
    if (s->header) {
        nest = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_HEADER);
        if (s->dev_index)
            mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_DEV_INDEX, s->index);
        mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, "va");
        mnl_attr_nest_end(nlh, nest);
    }
    mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_DISABLE);
    bits = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_OURS);
    mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_SIZE, 121);
    mnl_attr_nest_end(nlh, bits);
    if (s->speed && s->speed_short)
        mnl_attr_put_u16(nlh, ETHTOOL_A_LINKMODES_SPEED, (uint16_t)s->mbps);
    else if (s->speed)
        mnl_attr_put_u32(nlh, ETHTOOL_A_LINKMODES_SPEED, s->mbps);
    mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_DUPLEX, DUPLEX_FULL);
    if (s->unknown)
        mnl_attr_put_u32(nlh, ETHTOOL_A_LINKMODES_MAX + 7, 0xdeadbeef);
    return nlh;
}

static const struct lm_spec LM_OK = {true, true, true, 4, 10000, false, false};

static int parse_lm(const struct lm_spec *s, struct nio_speed_of *out)
{
    union msgbuf b;
    return nio_linux_parse_linkmodes(build_lm(&b, s), out);
}

static void test_speeds(void **state)
{
    struct lm_spec s = LM_OK;
    struct nio_speed_of o;
    (void)state;
    assert_int_equal(parse_lm(&s, &o), 0);
    assert_int_equal(o.index, 4);
    assert_int_equal(o.speed, NIO_SPEED_KNOWN);
    assert_true(o.bps == 10000000000ull);
    s.mbps = 100000; /* beyond 32 bits of bits per second */
    assert_int_equal(parse_lm(&s, &o), 0);
    assert_true(o.bps == 100000000000ull);
    s.mbps = (uint32_t)SPEED_UNKNOWN; /* no link */
    assert_int_equal(parse_lm(&s, &o), 0);
    assert_int_equal(o.speed, NIO_SPEED_UNKNOWN);
    assert_true(o.bps == 0);
    s.mbps = 0;
    assert_int_equal(parse_lm(&s, &o), 0);
    assert_int_equal(o.speed, NIO_SPEED_UNKNOWN);
    s = LM_OK;
    s.unknown = true; /* a newer kernel's attribute is no harm */
    assert_int_equal(parse_lm(&s, &o), 0);
    assert_int_equal(o.speed, NIO_SPEED_KNOWN);
}

static void test_malformed(void **state)
{
    struct lm_spec s;
    struct nio_speed_of o;
    (void)state;
    s = LM_OK;
    s.speed = false; /* says nothing of the device */
    assert_int_equal(parse_lm(&s, &o), -ENOENT);
    s = LM_OK;
    s.header = false;
    assert_int_equal(parse_lm(&s, &o), -EPROTO);
    s = LM_OK;
    s.dev_index = false;
    assert_int_equal(parse_lm(&s, &o), -EPROTO);
    s = LM_OK;
    s.index = 0;
    assert_int_equal(parse_lm(&s, &o), -EPROTO);
    s.index = 0x80000000u;
    assert_int_equal(parse_lm(&s, &o), -EPROTO);
    s = LM_OK;
    s.speed_short = true;
    assert_int_equal(parse_lm(&s, &o), -EPROTO);
}

/* ETHTOOL_MSG_LINKMODES_GET_REPLY for veth "vb" (index 2, 10000 Mb/s, no
 * link partner), as Linux 6.18.44 sent it to a dump with compact bit sets. */
static const uint8_t RECORDED[] = {
    0x7c, 0x00, 0x00, 0x00, 0x15, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x27, 0x2d, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x14, 0x00, 0x01, 0x80,
    0x08, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x07, 0x00, 0x02, 0x00,
    0x76, 0x62, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x34, 0x00, 0x03, 0x80, 0x08, 0x00, 0x02, 0x00, 0x79, 0x00, 0x00, 0x00,
    0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x05, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00, 0x10, 0x27, 0x00, 0x00,
    0x05, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x00, 0x0a, 0x00,
    0x00, 0x00, 0x00, 0x00,
};

static void test_recorded(void **state)
{
    union msgbuf b;
    struct nio_speed_of o;
    (void)state;
    memcpy(b.bytes, RECORDED, sizeof(RECORDED));
    assert_int_equal(b.nlh.nlmsg_len, sizeof(RECORDED));
    assert_int_equal(nio_linux_parse_linkmodes(&b.nlh, &o), 0);
    assert_int_equal(o.index, 2);
    assert_int_equal(o.speed, NIO_SPEED_KNOWN);
    assert_true(o.bps == 10000000000ull);
}

/* The controller's CTRL_CMD_NEWFAMILY, with what the parser reads. */
static struct nlmsghdr *build_family(union msgbuf *b, const char *name, int id, bool nul)
{
    struct nlmsghdr *nlh = genl_start(b, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 2);
    if (name != NULL && nul)
        mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
    else if (name != NULL)
        mnl_attr_put(nlh, CTRL_ATTR_FAMILY_NAME, strlen(name), name);
    if (id >= 0)
        mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, (uint16_t)id);
    mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
    return nlh;
}

static void test_family(void **state)
{
    union msgbuf b;
    uint16_t id = 0;
    (void)state;
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, "ethtool", 21, true), "ethtool", &id), 0);
    assert_int_equal(id, 21);
    id = 0;
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, "nl80211", 22, true), "ethtool", &id),
                     -ENOENT);
    assert_int_equal(id, 0);
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, "ethtool", -1, true), "ethtool", &id),
                     -EPROTO);
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, NULL, 21, true), "ethtool", &id),
                     -EPROTO);
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, "ethtool", 21, false), "ethtool", &id),
                     -EPROTO); /* a name without its NUL */
    assert_int_equal(nio_linux_parse_genl_family(build_family(&b, "ethtool", NLMSG_DONE, true), "ethtool",
                                                 &id),
                     -EPROTO); /* a control message's number */
}

/* Every message cut at every length: a clean refusal, never a read past
 * the end (valgrind and the sanitizers see it: the copy is exactly that
 * long), and an answer only when it is the whole message's. */
static void cut_everywhere(const struct nlmsghdr *whole, bool family)
{
    struct nio_speed_of all;
    uint16_t all_id = 0;
    if (family)
        assert_int_equal(nio_linux_parse_genl_family(whole, "ethtool", &all_id), 0);
    else
        assert_int_equal(nio_linux_parse_linkmodes(whole, &all), 0);
    for (uint32_t len = sizeof(struct nlmsghdr); len < whole->nlmsg_len; len++) {
        struct nlmsghdr *nlh = test_malloc(NLMSG_ALIGN(len));
        struct nio_speed_of o;
        uint16_t id = 0;
        int err;
        memset(nlh, 0, NLMSG_ALIGN(len));
        memcpy(nlh, whole, len);
        nlh->nlmsg_len = len;
        err = family ? nio_linux_parse_genl_family(nlh, "ethtool", &id)
                     : nio_linux_parse_linkmodes(nlh, &o);
        assert_true(err == -EPROTO || err == -ENOENT || err == 0);
        if (err == 0 && family)
            assert_int_equal(id, all_id);
        if (err == 0 && !family)
            assert_memory_equal(&o, &all, sizeof(o));
        test_free(nlh);
    }
}

static void test_cuts(void **state)
{
    union msgbuf b;
    (void)state;
    memcpy(b.bytes, RECORDED, sizeof(RECORDED));
    cut_everywhere(&b.nlh, false);
    cut_everywhere(build_lm(&b, &LM_OK), false);
    cut_everywhere(build_family(&b, "ethtool", 21, true), true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_speeds),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_recorded),
        cmocka_unit_test(test_family),
        cmocka_unit_test(test_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
