/* test-faults.c - kernel faults through the netlink layer's test seam
 * (nio_nl_set_faults, src/linux/netlink.c), against the running kernel in
 * a network namespace of this program's own.
 *
 * Each test installs stand-ins for sendto() and recvmsg() that talk to the
 * real kernel and then damage what comes back: ENOBUFS, EINTR, an empty,
 * short or truncated datagram, a malformed message, NLM_F_DUMP_INTR on
 * every message of a dump, a stale sequence number or port, a datagram
 * from another process.  Each must give the code docs/robustness.md
 * documents, or a bounded retry; never a crash, a hang, a leaked
 * descriptor or a torn table; and the call after the fault works again.
 *
 * The fixture: lo up; va, vb a veth pair (MTU 1500), both families on
 * each: six rows.  Without root it skips and says why.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "linux.h"
#include "ns-util.h"

#define FIXTURE_ROWS 6
#define DUMP_TRIES 8    /* ipif.c's bound on re-read interrupted dumps */

/* ------------------------------------------------------------ the fault */
enum mode {
    F_NONE,
    F_ENOBUFS,      /* recv fails with ENOBUFS */
    F_EINTR,        /* recv fails with EINTR three times, then works */
    F_SEND_EINTR,   /* send fails with EINTR twice, then works */
    F_EMPTY,        /* a datagram of 0 bytes */
    F_TRUNC,        /* MSG_TRUNC: the datagram did not fit */
    F_SHORT,        /* the datagram ends inside its last message */
    F_MALFORMED,    /* IFLA_MTU of the first link message 2 bytes long */
    F_DUMP_INTR,    /* NLM_F_DUMP_INTR on every message */
    F_SEQ,          /* the first message carries another sequence number */
    F_PORT,         /* the first message is addressed to another port */
    F_FOREIGN,      /* a datagram from process 4321 first (MTU 9999), then the real one */
};

/* Which requests get the fault: those of type only_type (0: any), dumps
 * only when only_dump, the first `requests` of them (-1: all). */
static struct {
    _Atomic(enum mode) mode;    /* atomic: the notification thread reads them too */
    _Atomic(uint16_t) only_type;
    atomic_bool only_dump;
    atomic_int requests;
    atomic_int faulted;         /* requests that got the fault */
    atomic_int sends;           /* every request sent */
    atomic_int link_dumps;      /* RTM_GETLINK dump requests sent */
    atomic_int route_dumps;     /* RTM_GETROUTE dump requests sent */
} fault;

/* Per thread: the request in flight gets the fault; the EINTRs still
 * owed; the real datagram held back behind a foreign one. */
static _Thread_local bool armed;
static _Thread_local int eintr_owed;
static _Thread_local char stash[32768];
static _Thread_local ssize_t stash_len;

static ssize_t f_send(void *ctx, int fd, const void *buf, size_t len)
{
    const struct nlmsghdr *req = buf;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    static _Thread_local int send_eintr_owed;
    bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
    (void)ctx;
    if (send_eintr_owed > 0) {
        send_eintr_owed--;
        errno = EINTR;
        return -1;
    }
    atomic_fetch_add(&fault.sends, 1);
    if (dump && req->nlmsg_type == RTM_GETLINK)
        atomic_fetch_add(&fault.link_dumps, 1);
    if (dump && req->nlmsg_type == RTM_GETROUTE)
        atomic_fetch_add(&fault.route_dumps, 1);
    armed = false;
    if (fault.mode != F_NONE && (fault.only_type == 0 || fault.only_type == req->nlmsg_type) &&
        (!fault.only_dump || dump)) {
        int left = atomic_load(&fault.requests);
        while (left != 0 && !atomic_compare_exchange_weak(&fault.requests, &left,
                                                         left < 0 ? left : left - 1))
            ;
        armed = left != 0;
    }
    if (armed) {
        atomic_fetch_add(&fault.faulted, 1);
        eintr_owed = fault.mode == F_EINTR ? 3 : 0;
        if (fault.mode == F_SEND_EINTR) {
            send_eintr_owed = 1;
            errno = EINTR;
            return -1;
        }
    }
    return sendto(fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
}

/* The first RTM_NEWLINK message of the datagram and its IFLA_MTU. */
static struct nlattr *first_link_mtu(void *buf, size_t n)
{
    struct nlmsghdr *nlh = buf;
    int len = (int)n;
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
        struct nlattr *attr;
        if (nlh->nlmsg_type != RTM_NEWLINK)
            continue;
        mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg))
            if (mnl_attr_get_type(attr) == IFLA_MTU)
                return attr;
    }
    return NULL;
}

static void damage(struct msghdr *msg, ssize_t *n)
{
    char *buf = msg->msg_iov[0].iov_base;
    struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
    struct nlattr *mtu;
    int len = (int)*n;
    switch (fault.mode) {
    case F_TRUNC:
        msg->msg_flags |= MSG_TRUNC;
        break;
    case F_SHORT:
        *n -= *n > 24 ? 6 : 0;
        break;
    case F_MALFORMED:
        if ((mtu = first_link_mtu(buf, (size_t)*n)) != NULL)
            mtu->nla_len = sizeof(*mtu) + 2;
        break;
    case F_DUMP_INTR:
        for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
            nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
        break;
    case F_SEQ:
        nlh->nlmsg_seq += 1000;
        break;
    case F_PORT:
        nlh->nlmsg_pid = 4242;
        break;
    default:
        break;
    }
}

static ssize_t f_recv(void *ctx, int fd, struct msghdr *msg)
{
    struct sockaddr_nl *from = msg->msg_name;
    ssize_t n;
    (void)ctx;
    if (stash_len > 0) {
        /* The real datagram, behind the foreign one. */
        memcpy(msg->msg_iov[0].iov_base, stash, (size_t)stash_len);
        memset(from, 0, sizeof(*from));
        from->nl_family = AF_NETLINK;
        msg->msg_namelen = sizeof(*from);
        msg->msg_flags = 0;
        n = stash_len;
        stash_len = 0;
        return n;
    }
    if (armed && eintr_owed > 0) {
        eintr_owed--;
        errno = EINTR;
        return -1;
    }
    if (armed && fault.mode == F_ENOBUFS) {
        armed = false;
        errno = ENOBUFS;
        return -1;
    }
    if (armed && fault.mode == F_EMPTY) {
        armed = false;
        from->nl_family = AF_NETLINK;
        from->nl_pid = 0;
        msg->msg_namelen = sizeof(*from);
        msg->msg_flags = 0;
        return 0;
    }
    n = recvmsg(fd, msg, 0);
    if (n <= 0 || !armed)
        return n;
    if (fault.mode == F_FOREIGN) {
        struct nlattr *mtu;
        armed = false;
        memcpy(stash, msg->msg_iov[0].iov_base, (size_t)n);
        stash_len = n;
        if ((mtu = first_link_mtu(msg->msg_iov[0].iov_base, (size_t)n)) != NULL)
            memcpy(mnl_attr_get_payload(mtu), &(uint32_t){9999}, 4);
        from->nl_pid = 4321;
        return n;
    }
    damage(msg, &n);
    if (fault.mode != F_DUMP_INTR && fault.mode != F_EINTR)
        armed = false; /* the first datagram only */
    return n;
}

static const struct nio_nl_faults faults = {f_send, f_recv, NULL};

/* requests: how many matching requests get the fault, -1 all. */
static void inject(enum mode mode, uint16_t only_type, bool only_dump, int requests)
{
    fault.mode = mode;
    fault.only_type = only_type;
    fault.only_dump = only_dump;
    atomic_store(&fault.requests, requests);
    atomic_store(&fault.faulted, 0);
    atomic_store(&fault.sends, 0);
    atomic_store(&fault.link_dumps, 0);
    atomic_store(&fault.route_dumps, 0);
    nio_nl_set_faults(&faults);
}

static void heal(void)
{
    nio_nl_set_faults(NULL);
    fault.mode = F_NONE;
    stash_len = 0;
}

/* ------------------------------------------------------------- fixture */
struct seen {
    pthread_mutex_t lock;
    unsigned params;      /* MibParameterNotification for va, IPv4 */
};

static VOID NETIOAPI_API_ on_change(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                    MIB_NOTIFICATION_TYPE type);
static unsigned va_index, vb_index;
static int fds_before;

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* the directory's own */
}

static int setup_ns(void **state)
{
    static struct seen setup_seen = {PTHREAD_MUTEX_INITIALIZER, 0};
    MIB_IPINTERFACE_TABLE *t = NULL;
    HANDLE h = NULL;
    (void)state;
    if (!ns_is_fresh()) {
        fprintf(stderr, "not a fresh namespace: refusing to change it\n");
        return -1;
    }
    if (ns_sh("ip link set lo up && ip link add va type veth peer name vb && "
              "ip link set va up && ip link set vb up") != 0)
        return -1;
    va_index = ns_ifindex("va");
    vb_index = ns_ifindex("vb");
    /* One call opens this thread's socket, and a registration the
     * notifications' wake-up pipe (kept for the process's life), so the
     * count below holds them. */
    if (va_index == 0 || vb_index == 0 || GetIpInterfaceTable(AF_UNSPEC, &t) != NO_ERROR ||
        NotifyIpInterfaceChange(AF_INET, on_change, &setup_seen, FALSE, &h) != NO_ERROR ||
        CancelMibChangeNotify2(h) != NO_ERROR)
        return -1;
    FreeMibTable(t);
    fds_before = count_fds();
    return 0;
}

static int teardown_test(void **state)
{
    (void)state;
    heal();
    return 0;
}

/* ---------------------------------------------------------- the checks */
static DWORD get_row(ADDRESS_FAMILY family, unsigned index, MIB_IPINTERFACE_ROW *row)
{
    memset(row, 0x5A, sizeof(*row));
    InitializeIpInterfaceEntry(row);
    row->Family = family;
    row->InterfaceIndex = index;
    return GetIpInterfaceEntry(row);
}

/* Success and the fixture's whole table: every (index, family) once. */
static void assert_whole_table(DWORD st, MIB_IPINTERFACE_TABLE *t)
{
    assert_int_equal(st, NO_ERROR);
    assert_non_null(t);
    assert_int_equal(t->NumEntries, FIXTURE_ROWS);
    for (ULONG i = 0; i < t->NumEntries; i++) {
        assert_int_not_equal(t->Table[i].NlMtu, 9999);
        for (ULONG j = i + 1; j < t->NumEntries; j++)
            assert_false(t->Table[i].InterfaceIndex == t->Table[j].InterfaceIndex &&
                         t->Table[i].Family == t->Table[j].Family);
    }
}

/* The calls after a fault work, and no descriptor was left behind. */
static void assert_healed(void)
{
    MIB_IPINTERFACE_TABLE *t = NULL;
    MIB_IPINTERFACE_ROW row;
    DWORD st;
    heal();
    assert_int_equal(get_row(AF_INET6, va_index, &row), NO_ERROR);
    assert_int_equal(row.NlMtu, 1500);
    st = GetIpInterfaceTable(AF_UNSPEC, &t);
    assert_whole_table(st, t);
    FreeMibTable(t);
    assert_int_equal(count_fds(), fds_before);
}

/* A fault on the first reply to Get and to the table: the codes given. */
static void check_once(enum mode mode, DWORD get_code, DWORD table_code)
{
    MIB_IPINTERFACE_TABLE *t = (MIB_IPINTERFACE_TABLE *)(uintptr_t)1;
    MIB_IPINTERFACE_ROW row;
    DWORD st;
    inject(mode, RTM_GETLINK, false, 1);
    st = get_row(AF_INET, va_index, &row);
    if (st != get_code)
        fail_msg("fault %d on Get: %u, expected %u", mode, (unsigned)st, (unsigned)get_code);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    inject(mode, RTM_GETLINK, true, 1);
    st = GetIpInterfaceTable(AF_UNSPEC, &t);
    if (st != table_code)
        fail_msg("fault %d on the table: %u, expected %u", mode, (unsigned)st,
                 (unsigned)table_code);
    if (st == NO_ERROR)
        assert_whole_table(st, t);
    else
        assert_null(t);
    FreeMibTable(t);
    assert_healed();
}

/* A failed Get leaves the row as the caller wrote it. */
static void test_get_row_untouched(void **state)
{
    MIB_IPINTERFACE_ROW row, before;
    (void)state;
    inject(F_SEQ, RTM_GETLINK, false, 1);
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET6;
    row.InterfaceIndex = va_index;
    memcpy(&before, &row, sizeof(row));
    assert_int_equal(GetIpInterfaceEntry(&row), ERROR_GEN_FAILURE);
    assert_memory_equal(&row, &before, sizeof(row));
    assert_healed();
}

static void test_enobufs_once(void **state)
{
    (void)state;
    /* Get: the kernel had no room for the answer.  The table: a dump
     * overrun is read again, and the second reading succeeds. */
    check_once(F_ENOBUFS, ERROR_NOT_ENOUGH_MEMORY, NO_ERROR);
}

static void test_enobufs_always(void **state)
{
    MIB_IPINTERFACE_TABLE *t = (MIB_IPINTERFACE_TABLE *)(uintptr_t)1;
    (void)state;
    inject(F_ENOBUFS, RTM_GETLINK, true, -1);
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    assert_int_equal(atomic_load(&fault.link_dumps), DUMP_TRIES);
    assert_healed();
}

static void test_eintr(void **state)
{
    (void)state;
    check_once(F_EINTR, NO_ERROR, NO_ERROR);
    check_once(F_SEND_EINTR, NO_ERROR, NO_ERROR);
}

static void test_empty(void **state)
{
    (void)state;
    check_once(F_EMPTY, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

static void test_truncated(void **state)
{
    (void)state;
    check_once(F_TRUNC, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

/* A datagram that ends inside a message: libmnl would skip that message
 * silently (a Get that never sees its answer, a table short of rows). */
static void test_short(void **state)
{
    (void)state;
    check_once(F_SHORT, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

static void test_malformed(void **state)
{
    (void)state;
    check_once(F_MALFORMED, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

static void test_wrong_sequence(void **state)
{
    (void)state;
    check_once(F_SEQ, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

static void test_wrong_port(void **state)
{
    (void)state;
    check_once(F_PORT, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE);
}

/* A datagram from another process is dropped: the kernel's answer wins. */
static void test_foreign_sender(void **state)
{
    MIB_IPINTERFACE_ROW row;
    (void)state;
    check_once(F_FOREIGN, NO_ERROR, NO_ERROR);
    inject(F_FOREIGN, RTM_GETLINK, false, 1);
    assert_int_equal(get_row(AF_INET, va_index, &row), NO_ERROR);
    assert_int_equal(row.NlMtu, 1500);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    assert_healed();
}

/* NLM_F_DUMP_INTR on every message of every dump: the table is read
 * DUMP_TRIES times, then ERROR_RETRY; a Get (no dump) is not affected. */
static void test_dump_intr_always(void **state)
{
    MIB_IPINTERFACE_TABLE *t = (MIB_IPINTERFACE_TABLE *)(uintptr_t)1;
    MIB_IF_TABLE2 *t2 = (MIB_IF_TABLE2 *)(uintptr_t)1;
    MIB_IPINTERFACE_ROW row;
    (void)state;
    inject(F_DUMP_INTR, 0, true, -1);
    assert_int_equal(GetIpInterfaceTable(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    assert_int_equal(atomic_load(&fault.link_dumps), DUMP_TRIES);
    assert_int_equal(get_row(AF_INET6, va_index, &row), NO_ERROR);
    /* GetIfTable2 shares the rule (ifrow.c). */
    atomic_store(&fault.link_dumps, 0);
    assert_int_equal(GetIfTable2(&t2), ERROR_RETRY);
    assert_null(t2);
    assert_int_equal(atomic_load(&fault.link_dumps), DUMP_TRIES);
    assert_healed();
}

/* Interrupted fewer times than the bound, on either dump of the table:
 * the table is read again whole, never torn. */
static void test_dump_intr_some(void **state)
{
    static const uint16_t types[] = {RTM_GETLINK, RTM_GETNEIGHTBL, 0};
    (void)state;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        MIB_IPINTERFACE_TABLE *t = NULL;
        DWORD st;
        inject(F_DUMP_INTR, types[i], true, DUMP_TRIES - 1);
        st = GetIpInterfaceTable(AF_UNSPEC, &t);
        assert_whole_table(st, t);
        assert_int_equal(atomic_load(&fault.faulted), DUMP_TRIES - 1);
        FreeMibTable(t);
        heal();
    }
    assert_healed();
}

/* SetIpInterfaceEntry of the IPv4 MTU, whose acknowledgement comes back
 * with a stale sequence number: ERROR_GEN_FAILURE, and the MTU is the old
 * one (the kernel did change it; Set puts it back). */
static void test_set_lost_ack(void **state)
{
    MIB_IPINTERFACE_ROW row;
    (void)state;
    inject(F_SEQ, RTM_NEWLINK, false, 1);
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET;
    row.InterfaceIndex = va_index;
    row.NlMtu = 1400;
    assert_int_equal(SetIpInterfaceEntry(&row), ERROR_GEN_FAILURE);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    heal();
    assert_int_equal(ns_link_mtu("va"), 1500);
    assert_healed();
}

/* ------------------------------------------------------- route rows */
/* The route rows of the fixture as they are without a fault. */
static ULONG route_rows(void)
{
    MIB_IPFORWARD_TABLE2 *t = NULL;
    ULONG n;
    heal();
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR);
    n = t->NumEntries;
    FreeMibTable(t);
    return n;
}

static void route_table_with(enum mode mode, int requests, DWORD code, ULONG rows)
{
    MIB_IPFORWARD_TABLE2 *t = (MIB_IPFORWARD_TABLE2 *)(uintptr_t)1;
    DWORD st;
    inject(mode, RTM_GETROUTE, true, requests);
    st = GetIpForwardTable2(AF_UNSPEC, &t);
    if (st != code)
        fail_msg("fault %d on the route table: %u, expected %u", mode, (unsigned)st,
                 (unsigned)code);
    if (st == NO_ERROR) {
        assert_int_equal(t->NumEntries, rows); /* whole, never torn */
        FreeMibTable(t);
    } else {
        assert_null(t);
    }
    heal();
}

/* GetIpForwardTable2's dumps (a table of each family, main and local)
 * under every fault: the bounded retry, the codes of the interface
 * table. */
static void test_route_table_faults(void **state)
{
    ULONG rows;
    (void)state;
    assert_int_equal(ns_sh("ip route add 198.19.70.0/24 dev va && "
                           "ip -6 route add fd00:70::/64 dev vb"), 0);
    rows = route_rows();
    assert_true(rows > 4);
    route_table_with(F_DUMP_INTR, -1, ERROR_RETRY, 0);
    inject(F_DUMP_INTR, RTM_GETROUTE, true, -1);
    {
        MIB_IPFORWARD_TABLE2 *t = NULL;
        assert_int_equal(GetIpForwardTable2(AF_INET, &t), ERROR_RETRY);
        assert_int_equal(atomic_load(&fault.route_dumps), DUMP_TRIES);
    }
    heal();
    route_table_with(F_DUMP_INTR, DUMP_TRIES - 1, NO_ERROR, rows);
    route_table_with(F_ENOBUFS, 1, NO_ERROR, rows);
    route_table_with(F_ENOBUFS, -1, ERROR_RETRY, 0);
    route_table_with(F_EINTR, 1, NO_ERROR, rows);
    route_table_with(F_FOREIGN, 1, NO_ERROR, rows);
    route_table_with(F_SEQ, 1, ERROR_GEN_FAILURE, 0);
    route_table_with(F_PORT, 1, ERROR_GEN_FAILURE, 0);
    route_table_with(F_SHORT, 1, ERROR_GEN_FAILURE, 0);
    route_table_with(F_TRUNC, 1, ERROR_GEN_FAILURE, 0);
    route_table_with(F_EMPTY, 1, ERROR_GEN_FAILURE, 0);
    assert_int_equal(route_rows(), rows);
    assert_int_equal(ns_sh("ip route del 198.19.70.0/24 && ip -6 route del fd00:70::/64"), 0);
    assert_healed();
}

static int kernel_routes(const char *prefix)
{
    char *out = ns_sh_out("ip -o route show table main exact %s", prefix);
    int n = 0;
    for (const char *p = out; p && *p; p++)
        n += *p == '\n';
    free(out);
    return n;
}

/* An acknowledgement that cannot be read: Create leaves no route behind;
 * the calls after work. */
static void test_route_lost_ack(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    (void)state;
    InitializeIpForwardEntry(&row);
    row.InterfaceIndex = va_index;
    row.DestinationPrefix.Prefix.si_family = AF_INET;
    row.DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr = htonl(0xC6134700u); /* 198.19.71.0 */
    row.DestinationPrefix.PrefixLength = 24;
    row.NextHop.si_family = AF_INET;
    inject(F_SEQ, RTM_NEWROUTE, false, 1);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_GEN_FAILURE);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 0);
    inject(F_SHORT, RTM_NEWROUTE, false, 1);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_GEN_FAILURE);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 0);
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(kernel_routes("198.19.71.0/24"), 1);
    /* A Set whose first step is refused: the route as it was. */
    inject(F_SEQ, RTM_NEWROUTE, false, 1);
    row.Metric = 77;
    assert_int_equal(SetIpForwardEntry2(&row), ERROR_GEN_FAILURE);
    heal();
    assert_int_equal(ns_sh("ip -o route show exact 198.19.71.0/24 | grep -q 'metric 77'"), 1);
    assert_int_equal(kernel_routes("198.19.71.0/24"), 1);
    /* A Delete whose acknowledgement is lost: the kernel did delete, and
     * its table says so. */
    inject(F_ENOBUFS, RTM_DELROUTE, false, 1);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 0);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_NOT_FOUND);
    /* One that never reached the kernel (a failed send is no lost ACK). */
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    inject(F_SEND_EINTR, RTM_DELROUTE, false, 1);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 0);
    assert_healed();
}

/* ---------------------------------------------------- notifications */
static VOID NETIOAPI_API_ on_change(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    struct seen *s = ctx;
    pthread_mutex_lock(&s->lock);
    if (row != NULL && type == MibParameterNotification && row->InterfaceIndex == va_index &&
        row->Family == AF_INET)
        s->params++;
    pthread_mutex_unlock(&s->lock);
}

static unsigned seen_params(struct seen *s)
{
    unsigned n;
    pthread_mutex_lock(&s->lock);
    n = s->params;
    pthread_mutex_unlock(&s->lock);
    return n;
}

/* While every request of the watcher thread fails, changes are not lost:
 * once the kernel answers again, the change made meanwhile is reported. */
static void test_notify_through_faults(void **state)
{
    struct seen s = {PTHREAD_MUTEX_INITIALIZER, 0};
    HANDLE h = NULL;
    (void)state;
    assert_int_equal(NotifyIpInterfaceChange(AF_INET, on_change, &s, FALSE, &h), NO_ERROR);
    inject(F_SEQ, 0, false, -1);
    assert_int_equal(ns_sh("ip link set va mtu 1300"), 0);
    ns_sleep_ms(1500); /* a message and a sweep, both failing */
    assert_true(atomic_load(&fault.faulted) > 0);
    assert_int_equal(seen_params(&s), 0);
    heal();
    for (int i = 0; i < 50 && seen_params(&s) == 0; i++)
        ns_sleep_ms(100);
    assert_true(seen_params(&s) >= 1);
    assert_int_equal(CancelMibChangeNotify2(h), NO_ERROR);
    assert_int_equal(ns_sh("ip link set va mtu 1500"), 0);
    assert_healed();
}

#define T(f) cmocka_unit_test_teardown(f, teardown_test)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_get_row_untouched),
        T(test_enobufs_once),
        T(test_enobufs_always),
        T(test_eintr),
        T(test_empty),
        T(test_truncated),
        T(test_short),
        T(test_malformed),
        T(test_wrong_sequence),
        T(test_wrong_port),
        T(test_foreign_sender),
        T(test_dump_intr_always),
        T(test_dump_intr_some),
        T(test_set_lost_ack),
        T(test_route_table_faults),
        T(test_route_lost_ack),
        T(test_notify_through_faults),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("linux-faults", why);
    return cmocka_run_group_tests_name("linux-faults", tests, setup_ns, NULL);
}
