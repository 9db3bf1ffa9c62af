/* route.c - the Linux route rows (docs/route.md): one dump per family for
 * the list (the main and local tables' rows kept), one FIB lookup for a
 * route that exists (nio_os_route_find), and RTM_NEWROUTE / RTM_DELROUTE,
 * acknowledged, for every change.
 *
 * The kernel names a route by table, prefix, tos and priority, then by its
 * next hops (and, when asked to, type and protocol).  Every request here
 * names one row completely, so that nothing but that row is ever written:
 *   add     IPv4 NLM_F_APPEND, never NLM_F_REPLACE: the kernel keeps a
 *           second route of the same prefix and priority through another
 *           next hop as a route of its own, and refuses an identical one
 *           (EEXIST).  IPv6 has no such separate routes: a second gateway
 *           at the same prefix and metric becomes an ECMP sibling, listed
 *           as its own row and deleted alone (by its gateway);
 *   delete  the row's table, type, tos, protocol, priority, interface and
 *           gateway (an IPv4 row by index alone: first by the key alone,
 *           nio_os_route_delete_key).  An IPv4 multipath route cannot lose
 *           one hop without being rebuilt by NLM_F_REPLACE, which replaces
 *           the first route of the same prefix, tos and priority, maybe
 *           another one: its hops are -EOPNOTSUPP, as are routes through a
 *           nexthop object (shared with other routes);
 *   set     a new route first, then the old one deleted (the new one
 *           deleted again if that fails).  Only an IPv6 route whose metric
 *           stays cannot coexist with its successor: it is deleted first and
 *           put back if the new one is refused.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static uint8_t nio_family_of(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

/* ------------------------------------------------------------ the list */
/* One dump per family of every table, the main and the local table's rows
 * picked here (nio_linux_route_rows): half the dumps of one per table, and
 * most of the table's cost is per dump (each walks the family's whole FIB).
 * The price: routes of other tables (policy routing, VRFs) are copied to
 * this process and dropped, where a dump per table would not have sent
 * them; a host whose other tables dwarf main pays for them here
 * (docs/route.md). */
struct nio_route_dump {
    struct nio_vec vec;         /* of struct nio_route */
    uint32_t oif;
    int slot;                   /* of the dump being read */
};

/* The rows of one message through d->oif (any when 0) into d->vec. */
static int nio_route_keep(struct nio_route_dump *d, const struct nlmsghdr *nlh)
{
    struct nio_route hops[NIO_ROUTE_MAX_HOPS], *room;
    int n = nio_linux_route_rows(nlh, hops, NIO_ROUTE_MAX_HOPS);
    for (int i = 0; i < n; i++) {
        /* The kernel's filter passes a multipath route whole when one of
         * its hops uses the interface. */
        if (d->oif != 0 && hops[i].oif != d->oif)
            continue;
        if ((room = nio_vec_room(&d->vec, sizeof(*room))) == NULL)
            return -ENOMEM;
        *room = hops[i];
        d->vec.n++;
    }
    return n < 0 ? n : 0;
}

static int nio_route_row_cb(const struct nlmsghdr *nlh, void *ctx)
{
    return nio_route_keep(ctx, nlh);
}

void nio_linux_route_dump_put(struct nio_nl *nl, int slot, uint32_t oif)
{
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETROUTE, NLM_F_DUMP);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = nio_family_of(slot);
    if (oif != 0)
        mnl_attr_put_u32(nlh, RTA_OIF, oif);
}

static void nio_route_dump_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_route_dump *d = arg;
    nio_linux_route_dump_put(nl, d->slot, d->oif);
}

struct nio_route_list_ask {
    struct nio_route_dump d;
    unsigned want;
};

static int nio_route_list_attempt(void *ctx)
{
    struct nio_route_list_ask *a = ctx;
    a->d.vec.n = 0;
    for (int slot = NIO_V4; slot <= NIO_V6; slot++) {
        int err;
        if (!(a->want & (slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)))
            continue;
        a->d.slot = slot;
        err = nio_nl_ask(nio_route_dump_request, &a->d, nio_route_row_cb, &a->d);
        if (err)
            return err;
    }
    return 0;
}

int nio_os_route_list(unsigned want, uint32_t oif, struct nio_route **out, size_t *count)
{
    struct nio_route_list_ask a;
    int err;
    memset(&a, 0, sizeof(a));
    a.d.oif = oif;
    a.want = want;
    err = nio_nl_snapshot(nio_route_list_attempt, &a);
    if (err) {
        nio_free(a.d.vec.v);
        return err;
    }
    *out = a.d.vec.v;
    *count = a.d.vec.n;
    return 0;
}

/* ------------------------------------------------------------ the find */
/* One route looked up instead of the interface's listed, where the answer
 * proves what a listing would have said.  The request is the kernel's FIB
 * lookup of an address of the prefix through key->oif, answered with
 * the matching FIB entry (RTM_F_FIB_MATCH): the route the kernel prefers
 * through that interface, with every next hop (of an address inside the
 * prefix: nio_lookup_address).  IPv4 (fib_table_lookup)
 * walks from the longest prefix down and, at a prefix, the routes in the
 * order a dump lists them (tos, then priority), taking the first with a
 * live next hop through the interface; IPv6 (fib6_table_lookup with
 * RT6_LOOKUP_F_IFACE) takes the node of the longest prefix holding a route
 * through it, and there the route of least metric; the local table is
 * consulted first (rule 0), then main.
 *
 * What one answer proves, and so what is used:
 *   - an answer of the key's prefix and length, in the main table, of type
 *     unicast, with a next hop through key->oif by the key's gateway: the
 *     row with the key that the kernel prefers, the one a listing would
 *     name first (the routes of a prefix are listed in the order the
 *     lookup tries them).  Its rows through key->oif are the answer;
 *   - everything else proves nothing, and the interface is listed:
 *       a shorter prefix or an error: no route of the key's prefix is
 *         *used* through the interface, yet one may exist: with a tos
 *         (skipped by a tos-0 lookup), behind a reject or throw route of a
 *         longer prefix (the walk ends there; with an interface named the
 *         kernel then "assumes on-link" and answers EHOSTUNREACH, as it
 *         does when there is no route at all), a dead or linkdown hop, an
 *         expired IPv6 route, or in a table the rules consult later;
 *       a longer prefix (a more specific route covers the network
 *         address): silent about the key's;
 *       the key's prefix without the key's gateway: another route at
 *         another priority may have it;
 *       the local table, or a local, broadcast, multicast or anycast
 *         type: the kernel merges IPv4's local table into main while no
 *         policy rule exists and then reports such an entry as main's, and
 *         a listing names main's route of a key before the local one.
 * So Get, Set and Delete of a route that exists cost one round trip, asked
 * before the mirror; Create (whose answer is usually "none") asks the route
 * mirror first (route-mirror.c), since the kernel has no request that
 * proves a route absent short of a dump. */
struct nio_route_find_ask {
    const struct nio_route *key;
    struct nio_route_dump d;    /* the answer's rows through key->oif */
    bool proved;
};

/* The address looked up: any inside the prefix finds the key's route
 * unless a more specific one covers it.  Its network address, but for an
 * all-zero one (a default route, OpenVPN's 0.0.0.0/1), which IPv4 does not
 * look up (0.0.0.0 is "this host": the kernel answers with loopback): the
 * next address, 0.0.0.1 or ::1, then. */
static void nio_lookup_address(const struct nio_route *key, uint8_t *out)
{
    static const uint8_t zero[16];
    size_t len = nio_ip_len(key->prefix.slot);
    memcpy(out, key->prefix.bytes, len);
    if (key->prefix_len < len * 8 && memcmp(out, zero, len) == 0)
        out[len - 1] = 1;
}

static void nio_route_lookup_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_route *key = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETROUTE, 0);
    uint8_t dst[16];
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = nio_family_of(key->prefix.slot);
    rtm->rtm_dst_len = (uint8_t)(nio_ip_len(key->prefix.slot) * 8);
    /* IPv4: the table that answered, where the kernel would otherwise say
     * main whatever it was (IPv6 names it, and refuses the flag). */
    rtm->rtm_flags = RTM_F_FIB_MATCH | (key->prefix.slot == NIO_V4 ? RTM_F_LOOKUP_TABLE : 0);
    nio_lookup_address(key, dst);
    mnl_attr_put(nlh, RTA_DST, nio_ip_len(key->prefix.slot), dst);
    mnl_attr_put_u32(nlh, RTA_OIF, key->oif);
}

/* The key's gateway: none and the zero address are the same (on-link). */
static bool nio_key_gateway(const struct nio_route *row, const struct nio_route *key)
{
    static const uint8_t zero[16];
    size_t len = nio_ip_len(key->prefix.slot);
    bool key_gw = key->has_gateway && memcmp(key->gateway.bytes, zero, len) != 0;
    bool row_gw = row->has_gateway && memcmp(row->gateway.bytes, zero, 16) != 0;
    if (key_gw != row_gw)
        return false;
    return !key_gw || (row->gateway.slot == key->gateway.slot &&
                       memcmp(row->gateway.bytes, key->gateway.bytes,
                              nio_ip_len(key->gateway.slot)) == 0);
}

/* Whether the answer's rows prove the key's row (the rules above). */
static bool nio_lookup_proves(const struct nio_route *key, const struct nio_route *v, size_t n)
{
    bool hop = false;
    for (size_t i = 0; i < n; i++) {
        const struct nio_route *r = &v[i];
        if (r->table != RT_TABLE_MAIN || NIO_RB_TYPE(r->os_bits) != RTN_UNICAST ||
            r->prefix_len != key->prefix_len || r->prefix.slot != key->prefix.slot ||
            memcmp(r->prefix.bytes, key->prefix.bytes, nio_ip_len(key->prefix.slot)) != 0)
            return false;
        hop = hop || nio_key_gateway(r, key);
    }
    return hop;
}

static int nio_route_lookup_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_route_find_ask *f = ctx;
    int err;
    if (f->d.vec.n != 0 || f->proved)
        return -EPROTO; /* one answer to one request */
    err = nio_route_keep(&f->d, nlh);
    if (err == 0)
        f->proved = nio_lookup_proves(f->key, f->d.vec.v, f->d.vec.n);
    return err == -EPROTO ? 0 : err; /* unreadable: proves nothing */
}

/* The key's row by one lookup: 0 and the rows when the answer proves it,
 * 1 when it proves nothing, -errno (out of memory) else. */
static int nio_route_lookup(const struct nio_route *key, struct nio_route **out, size_t *count)
{
    struct nio_route_find_ask f;
    int err;
    memset(&f, 0, sizeof(f));
    f.key = key;
    f.d.oif = key->oif;
    err = nio_nl_ask(nio_route_lookup_request, key, nio_route_lookup_cb, &f);
    if (err == 0 && f.proved) {
        /* IPv4 without policy rules keeps the local table in main's trie
         * and names the answer's table main even for a unicast route
         * someone put in local: delete and set check (nio_row_found). */
        for (size_t i = 0; i < f.d.vec.n && key->prefix.slot == NIO_V4; i++)
            ((struct nio_route *)f.d.vec.v)[i].os_bits |= NIO_RB_FOUND;
        *out = f.d.vec.v;
        *count = f.d.vec.n;
        return 0;
    }
    nio_free(f.d.vec.v);
    return err == -ENOMEM ? err : 1;
}

/* No row, when the mirror proves the key absent: 0; 1 when it cannot. */
static int nio_route_absent(const struct nio_route *key, struct nio_route **out, size_t *count)
{
    if (!nio_linux_mirror_absent(key))
        return 1;
    *out = NULL;
    *count = 0;
    return 0;
}

/* A key the mirror proves absent costs no request; one the lookup proves
 * present, one; the rest list the interface, and tell the mirror, which
 * starts at the second listing (route-mirror.c).  The question likelier to
 * answer goes first: the mirror's for a Create (a new key), the lookup's
 * for the rest, where the key usually exists and the mirror's question
 * would cost its two recvmsg for a "maybe". */
int nio_os_route_find(const struct nio_route *key, bool expect_new, struct nio_route **out,
                      size_t *count)
{
    int err = 1;
    if (key->oif != 0)
        err = expect_new ? nio_route_absent(key, out, count) : nio_route_lookup(key, out, count);
    if (err == 1 && key->oif != 0)
        err = expect_new ? nio_route_lookup(key, out, count) : nio_route_absent(key, out, count);
    if (err <= 0)
        return err;
    nio_linux_mirror_listed(key->prefix.slot);
    return nio_os_route_list(key->prefix.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, key->oif,
                             out, count);
}

/* ----------------------------------------------------- one route request */
/* Everything a request says about one route. */
struct nio_route_spec {
    const struct nio_route *r;  /* prefix, oif, gateway, src, metric, lifetime */
    uint32_t table;
    uint8_t type, tos, protocol, scope;
    bool onlink;
    bool with_src;              /* RTA_PREFSRC (putting back a listed route) */
    bool by_key;                /* the key's hop alone, no priority
                                   (nio_os_route_delete_key) */
};

struct nio_route_msg {
    const struct nio_route_spec *s;
    uint16_t type, flags;
};

static void nio_put_gateway(struct nlmsghdr *nlh, const struct nio_route *r)
{
    size_t len = nio_ip_len(r->gateway.slot);
    char via[sizeof(struct rtvia) + 16];
    struct rtvia v;
    if (r->gateway.slot == r->prefix.slot) {
        mnl_attr_put(nlh, RTA_GATEWAY, len, r->gateway.bytes);
        return;
    }
    /* A next hop of the other family (RFC 5549). */
    memset(&v, 0, sizeof(v));
    v.rtvia_family = nio_family_of(r->gateway.slot);
    memcpy(via, &v, sizeof(v));
    memcpy(via + sizeof(v), r->gateway.bytes, len);
    mnl_attr_put(nlh, RTA_VIA, sizeof(v) + len, via);
}

/* The next hop as the only one of an RTA_MULTIPATH: the form in which
 * IPv4's delete compares every hop of a route (fib_nh_match), so that a
 * multipath route whose first hop it is does not match. */
static void nio_put_one_hop(struct nlmsghdr *nlh, const struct nio_route *r)
{
    struct nlattr *mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
    struct rtnexthop *hop = mnl_nlmsg_get_payload_tail(nlh);
    memset(hop, 0, sizeof(*hop));
    hop->rtnh_ifindex = (int)r->oif;
    nlh->nlmsg_len += MNL_ALIGN(sizeof(*hop));
    if (r->has_gateway)
        nio_put_gateway(nlh, r);
    hop->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)hop);
    mnl_attr_nest_end(nlh, mp);
}

/* The key's next hop, so that only a route with it matches a delete: IPv4
 * as the only hop of a multipath request (without a gateway only where
 * nio_key_deletable allows it); IPv6 by RTA_OIF and a gateway, the zero address for
 * an on-link route (ip6_route_del compares the gateway only when one is
 * named, and then deletes that one hop alone). */
static void nio_put_key_hop(struct nlmsghdr *nlh, const struct nio_route *r)
{
    static const uint8_t zero[16];
    if (r->prefix.slot == NIO_V4) {
        nio_put_one_hop(nlh, r);
        return;
    }
    mnl_attr_put_u32(nlh, RTA_OIF, r->oif);
    if (r->has_gateway)
        nio_put_gateway(nlh, r);
    else
        mnl_attr_put(nlh, RTA_GATEWAY, sizeof(zero), zero);
}

static void nio_route_msg_build(struct nio_nl *nl, const void *arg)
{
    const struct nio_route_msg *m = arg;
    const struct nio_route_spec *s = m->s;
    const struct nio_route *r = s->r;
    struct nlmsghdr *nlh = nio_nl_request(nl, m->type, NLM_F_ACK | m->flags);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = nio_family_of(r->prefix.slot);
    rtm->rtm_dst_len = r->prefix_len;
    rtm->rtm_tos = s->tos;
    rtm->rtm_table = s->table < 256 ? (uint8_t)s->table : RT_TABLE_UNSPEC;
    rtm->rtm_protocol = s->protocol;
    rtm->rtm_scope = s->scope;
    rtm->rtm_type = s->type;
    rtm->rtm_flags = s->onlink && r->has_gateway ? RTNH_F_ONLINK : 0;
    mnl_attr_put_u32(nlh, RTA_TABLE, s->table);
    mnl_attr_put(nlh, RTA_DST, nio_ip_len(r->prefix.slot), r->prefix.bytes);
    if (s->by_key) {
        nio_put_key_hop(nlh, r);
        return;
    }
    mnl_attr_put_u32(nlh, RTA_OIF, r->oif);
    if (r->has_gateway)
        nio_put_gateway(nlh, r);
    if (s->with_src && r->has_src)
        mnl_attr_put(nlh, RTA_PREFSRC, nio_ip_len(r->src.slot), r->src.bytes);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
    if (m->type == RTM_NEWROUTE && r->expires && r->prefix.slot == NIO_V6)
        mnl_attr_put_u32(nlh, RTA_EXPIRES, r->expires_s);
}

/* The kernel's refusals in the contract's terms. */
static int nio_route_errno(int err)
{
    switch (-err) {
    case ESRCH: return -ENOENT;         /* delete: no such route */
    case EHOSTUNREACH: return -ENETUNREACH;
    default: return err;
    }
}

/* A route written: its notification read into the mirror at once
 * (nio_linux_mirror_took), so that the next write's look finds the
 * mirror's queue empty and reads nothing. */
static int nio_route_send(const struct nio_route_spec *s, uint16_t type, uint16_t flags)
{
    struct nio_route_msg m = {s, type, flags};
    int err = nio_route_errno(nio_nl_ask(nio_route_msg_build, &m, NULL, NULL));
    if (err == 0)
        nio_linux_mirror_took();
    return err;
}

/* A new route, never merged into another IPv4 one. */
static int nio_route_new(const struct nio_route_spec *s)
{
    uint16_t flags = NLM_F_CREATE | (s->r->prefix.slot == NIO_V4 ? NLM_F_APPEND : 0);
    int err = nio_route_send(s, RTM_NEWROUTE, flags);
    /* No acknowledgement that can be read (a reply out of sequence, cut
     * short): the route may be there.  All or nothing: it must not be. */
    if (err == -EPROTO || err == -EMSGSIZE || err == -ENOBUFS)
        nio_route_send(s, RTM_DELROUTE, 0);
    return err;
}

/* ----------------------------------------------------------------- add */
static uint8_t nio_protocol_of(enum nio_route_origin o)
{
    switch (o) {
    case NIO_RO_KERNEL: return RTPROT_KERNEL;
    case NIO_RO_STATIC: return RTPROT_STATIC;
    case NIO_RO_DHCP: return RTPROT_DHCP;
    case NIO_RO_RA: return RTPROT_RA;
    case NIO_RO_REDIRECT: return RTPROT_REDIRECT;
    case NIO_RO_RIP: return RTPROT_RIP;
    case NIO_RO_OSPF: return RTPROT_OSPF;
    case NIO_RO_ISIS: return RTPROT_ISIS;
    case NIO_RO_BGP: return RTPROT_BGP;
    default: return RTPROT_UNSPEC; /* "other": the kernel's "unknown" */
    }
}

/* IPv6 priority 0 means "the default" to the kernel, which stores 1024
 * instead (ip6_route_info_create): a row written with it would read back
 * as another.  Refused rather than changed silently (docs/route.md). */
static bool nio_priority_expressible(const struct nio_route *r)
{
    return r->prefix.slot != NIO_V6 || r->metric != 0;
}

int nio_os_route_add(const struct nio_route *r)
{
    struct nio_route_spec s;
    int err;
    if (!nio_priority_expressible(r))
        return -EOPNOTSUPP;
    memset(&s, 0, sizeof(s));
    s.r = r;
    s.table = RT_TABLE_MAIN;
    s.type = RTN_UNICAST;
    s.protocol = nio_protocol_of(r->origin);
    s.scope = r->has_gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    err = nio_route_new(&s);
    /* Windows takes a next hop to be on the interface's link; the kernel
     * wants it inside a prefix of the link (IPv4: EINVAL "invalid gateway",
     * IPv6: EHOSTUNREACH) unless told it is on-link.  On-link is asked only
     * then: it needs the link up (ENETDOWN), the plain route does not. */
    if (r->has_gateway && (err == -EINVAL || err == -ENETUNREACH)) {
        s.onlink = true;
        err = nio_route_new(&s);
    }
    return err;
}

/* -------------------------------------------------------- delete and set */
/* A listed row as the kernel knows it. */
static void nio_row_spec(const struct nio_route *r, struct nio_route_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->r = r;
    s->table = r->table;
    s->type = NIO_RB_TYPE(r->os_bits);
    s->tos = NIO_RB_TOS(r->os_bits);
    s->protocol = NIO_RB_PROTO(r->os_bits);
    s->scope = NIO_RB_SCOPE(r->os_bits);
    s->onlink = (r->os_bits & NIO_RB_ONLINK) != 0;
    s->with_src = true;
}

/* Rows that cannot change alone (see the top of this file). */
static bool nio_row_shared(const struct nio_route *r)
{
    return (r->os_bits & NIO_RB_NHID) ||
           (r->prefix.slot == NIO_V4 && (r->os_bits & NIO_RB_MULTIPATH));
}

static bool nio_same_row(const struct nio_route *a, const struct nio_route *b)
{
    return a->oif == b->oif && a->table == b->table && a->metric == b->metric &&
           a->prefix_len == b->prefix_len && a->has_gateway == b->has_gateway &&
           memcmp(a->prefix.bytes, b->prefix.bytes, sizeof(a->prefix.bytes)) == 0 &&
           (!a->has_gateway || (a->gateway.slot == b->gateway.slot &&
                                memcmp(a->gateway.bytes, b->gateway.bytes, 16) == 0)) &&
           NIO_RB_TYPE(a->os_bits) == NIO_RB_TYPE(b->os_bits);
}

/* Whether the kernel still holds the row r: 1, 0, or -errno. */
static int nio_row_present(const struct nio_route *r)
{
    struct nio_route *v = NULL;
    size_t n = 0;
    int found = 0;
    int err = nio_os_route_list(r->prefix.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, r->oif,
                                &v, &n);
    for (size_t i = 0; err == 0 && i < n && !found; i++)
        found = nio_same_row(&v[i], r);
    nio_free(v);
    return err ? err : found;
}

static int nio_row_delete(const struct nio_route *r)
{
    struct nio_route_spec s;
    int err;
    nio_row_spec(r, &s);
    /* The row's own scope: the kernel compares no gateway the request
     * leaves out, so an on-link IPv4 row is told from a route through a
     * gateway (scope universe) at the same priority by its scope link. */
    err = nio_route_send(&s, RTM_DELROUTE, 0);
    /* No acknowledgement that can be read: the kernel's table says. */
    if ((err == -EPROTO || err == -EMSGSIZE || err == -ENOBUFS) && nio_row_present(r) == 0)
        err = 0;
    return err;
}

/* An IPv4 row found by lookup and said to be main's, which may be in the
 * local table instead (nio_route_lookup): the same row there. */
static bool nio_row_in_local(const struct nio_route *r, struct nio_route *local)
{
    if (!(r->os_bits & NIO_RB_FOUND) || r->table != RT_TABLE_MAIN)
        return false;
    *local = *r;
    local->table = RT_TABLE_LOCAL;
    return true;
}

int nio_os_route_delete(const struct nio_route *r)
{
    struct nio_route local;
    int err;
    if (nio_row_shared(r))
        return -EOPNOTSUPP;
    err = nio_row_delete(r);
    /* Tried only when main holds no such route: the kernel's ESRCH. */
    if (err == -ENOENT && nio_row_in_local(r, &local))
        err = nio_row_delete(&local);
    return err;
}

/* Whether IPv4's delete compares the hops of a multipath request: only a
 * kernel built with CONFIG_IP_ROUTE_MULTIPATH does (fib_nh_match; without
 * it such a request would match any route at the prefix).  Its sysctls
 * exist only then.  Asked once: the build does not change. */
static bool nio_ipv4_multipath(void)
{
    static atomic_int known; /* 0: not asked, 1: yes, 2: no */
    int k = atomic_load_explicit(&known, memory_order_relaxed);
    if (k == 0) {
        k = access("/proc/sys/net/ipv4/fib_multipath_hash_policy", F_OK) == 0 ? 1 : 2;
        atomic_store_explicit(&known, k, memory_order_relaxed);
    }
    return k == 1;
}

/* Whether key can be deleted by itself alone (the request below deletes
 * nothing but a route with it), on this kernel, now:
 *   - not through the loopback (index 1 in every namespace), where IPv6
 *     keeps its reject routes, which are no rows but match by device;
 *   - a next hop of the prefix's family (RTA_VIA is compared only against
 *     a route that has a gateway);
 *   - IPv4 only where multipath requests are compared hop by hop;
 *   - an IPv4 on-link row only where the route mirror proves that no
 *     route through the interface at the prefix has a next hop: one
 *     through a gateway may have scope link (a gateway that is an address
 *     of this host), and the kernel compares no gateway that the request
 *     leaves out, so it could be the route found first;
 *   - no nexthop object in the namespace (nexthops.c): IPv6 deletes a
 *     route through one at the prefix whatever device the request names,
 *     and IPv4 kernels before 6.1 read past such a route's hops when they
 *     compare a multipath request with it.
 * The mirror is asked last: it reads its socket (route-mirror.c). */
static bool nio_key_deletable(const struct nio_route *key)
{
    if (key->oif == 0 || key->oif == 1 || key->gateway.slot != key->prefix.slot)
        return false;
    if (key->prefix.slot == NIO_V4 && !nio_ipv4_multipath())
        return false;
    if (key->prefix.slot != NIO_V4 && key->prefix.slot != NIO_V6)
        return false;
    if (!nio_linux_no_nexthops())
        return false;
    return key->prefix.slot != NIO_V4 || key->has_gateway || nio_linux_mirror_no_gateway(key);
}

/* The request names the main table, type unicast, tos 0 and the key's
 * next hop (nio_put_key_hop); no priority, protocol or source, so the
 * kernel deletes the first route that matches, the one of the lowest
 * priority (fib_table_delete, ip6_route_del).  IPv4: a multipath route
 * does not match (every hop compared), nor one without that gateway; an
 * on-link request names no gateway, so any single hop through the
 * interface matches (nio_key_deletable asked the mirror).  IPv6: the
 * gateway named (the zero address for an on-link row) is compared, and
 * then only that one route, or sibling, is deleted. */
int nio_os_route_delete_key(const struct nio_route *key)
{
    struct nio_route_spec s;
    int err;
    if (!nio_key_deletable(key))
        return -ENOENT;
    memset(&s, 0, sizeof(s));
    s.r = key;
    s.table = RT_TABLE_MAIN;
    s.type = RTN_UNICAST;
    s.scope = RT_SCOPE_NOWHERE;
    s.by_key = true;
    err = nio_route_send(&s, RTM_DELROUTE, 0);
    /* No answer that can be read: a route may have gone, or not. */
    if (err == -EPROTO || err == -EMSGSIZE || err == -ENOBUFS)
        err = -EIO;
    return err;
}

/* old's place in the kernel with now's metric, origin and lifetime. */
static void nio_row_now(const struct nio_route *old, const struct nio_route *now,
                        struct nio_route *next, struct nio_route_spec *s)
{
    *next = *old;
    next->metric = now->metric;
    next->expires = now->expires;
    next->expires_s = now->expires_s;
    next->origin = now->origin;
    nio_row_spec(next, s);
    if (now->origin != old->origin)
        s->protocol = nio_protocol_of(now->origin);
    /* The protocol is part of what names the route: the new one is
     * deleted, on a failure, by its own. */
    next->os_bits = (next->os_bits & ~(0xFFu << NIO_RB_PROTO_SHIFT)) |
                    (uint32_t)s->protocol << NIO_RB_PROTO_SHIFT;
}

/* The new route beside the old, then the old one gone. */
static int nio_row_move(const struct nio_route *old, const struct nio_route_spec *s)
{
    int err = nio_route_new(s);
    if (err)
        return err;
    err = nio_row_delete(old);
    if (err)
        nio_row_delete(s->r); /* all or nothing */
    return err;
}

/* IPv6 at the same metric: the two cannot coexist (the kernel's EEXIST),
 * and NLM_F_REPLACE would take the first route of that metric, maybe
 * another's: the old one goes first, and comes back if the new one fails. */
static int nio_row_swap(const struct nio_route *old, const struct nio_route_spec *s)
{
    struct nio_route_spec back;
    int err = nio_row_delete(old);
    if (err)
        return err;
    err = nio_route_new(s);
    if (err) {
        nio_row_spec(old, &back);
        nio_route_new(&back);
    }
    return err;
}

static int nio_row_set(const struct nio_route *old, const struct nio_route *now)
{
    struct nio_route next;
    struct nio_route_spec s;
    nio_row_now(old, now, &next, &s);
    if (old->prefix.slot == NIO_V6 && old->metric == now->metric)
        return nio_row_swap(old, &s);
    return nio_row_move(old, &s);
}

int nio_os_route_set(const struct nio_route *old, const struct nio_route *now)
{
    struct nio_route local;
    int err;
    if (nio_row_shared(old) || !nio_priority_expressible(now))
        return -EOPNOTSUPP;
    err = nio_row_set(old, now);
    /* The old route was not in main (all undone): it is the local one. */
    if (err == -ENOENT && nio_row_in_local(old, &local))
        err = nio_row_set(&local, now);
    return err;
}

int nio_os_route_may_change(void)
{
    return nio_os_may_change(); /* CAP_NET_ADMIN in the effective set (ipif-set.c) */
}

/* IPv6 disabled on an interface (addrconf_ifdown) or an MTU below 1280
 * (the inet6 device gone) flushes its IPv6 routes, and a new one is then
 * refused (fib6_nh_init: EACCES, ENODEV); an interface without IPv4
 * (inetdev_destroy) loses its IPv4 routes alike (fib_disable_ip), and a
 * deleted interface every route. */
bool nio_os_route_proves_interface(void)
{
    return true;
}
