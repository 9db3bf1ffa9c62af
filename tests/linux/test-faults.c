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
    F_MALFORMED,    /* IFLA_MTU of the first link message 2 bytes long; the first
                     * address message's prefix length 200 */
    F_DUMP_INTR,    /* NLM_F_DUMP_INTR on every message */
    F_SEQ,          /* the first message carries another sequence number */
    F_PORT,         /* the first message is addressed to another port */
    F_FOREIGN,      /* a datagram from process 4321 first (MTU 9999), then the real one */
    F_DONE_ERR,     /* the dump's NLMSG_DONE carries -ENODEV: the kernel stopped it */
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
    atomic_int addr_dumps;      /* RTM_GETADDR dump requests sent */
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
    if (dump && req->nlmsg_type == RTM_GETADDR)
        atomic_fetch_add(&fault.addr_dumps, 1);
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

/* The first RTM_NEWADDR message of the datagram. */
static struct ifaddrmsg *first_addr(void *buf, size_t n)
{
    struct nlmsghdr *nlh = buf;
    int len = (int)n;
    for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
        if (nlh->nlmsg_type == RTM_NEWADDR &&
            nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct ifaddrmsg)))
            return mnl_nlmsg_get_payload(nlh);
    return NULL;
}

static void damage(struct msghdr *msg, ssize_t *n)
{
    struct ifaddrmsg *ifa;
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
        else if ((ifa = first_addr(buf, (size_t)*n)) != NULL)
            ifa->ifa_prefixlen = 200; /* more than any family's bits */
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
    case F_DONE_ERR:
        for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
            if (nlh->nlmsg_type == NLMSG_DONE && nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
                int err = -ENODEV;
                memcpy(mnl_nlmsg_get_payload(nlh), &err, sizeof(err));
            }
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
    if (fault.mode != F_DUMP_INTR && fault.mode != F_EINTR && fault.mode != F_DONE_ERR)
        armed = false; /* the first datagram only (F_DONE_ERR: up to the last) */
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
    atomic_store(&fault.addr_dumps, 0);
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

/* Two look-ups of a route that is not there, in both families: the first
 * lists va's routes, the second opens the route mirror's socket (kept for
 * the process's life, src/linux/route-mirror.c). */
static bool open_route_mirror(void)
{
    for (int i = 0; i < 4; i++) {
        MIB_IPFORWARD_ROW2 row;
        memset(&row, 0, sizeof(row));
        row.InterfaceIndex = va_index;
        row.DestinationPrefix.Prefix.si_family = i % 2 ? AF_INET6 : AF_INET;
        if (GetIpForwardEntry2(&row) != ERROR_NOT_FOUND)
            return false;
    }
    return true;
}

/* A Create by index alone within its look asks the record's watch
 * (src/linux/store-watch.c), which keeps an inotify descriptor and one of
 * the mount table for the process's life. */
static bool arm_store_watch(void)
{
    MIB_IPFORWARD_ROW2 row = ns_route_row("198.19.250.0/24", NULL, va_index);
    return CreateIpForwardEntry2(&row) == NO_ERROR && DeleteIpForwardEntry2(&row) == NO_ERROR;
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
     * count below holds them; so do the route mirror's socket and the
     * nexthop watch's (a Delete by the key of an IPv6 row opens it), and
     * the record's watch. */
    if (va_index == 0 || vb_index == 0 || GetIpInterfaceTable(AF_UNSPEC, &t) != NO_ERROR ||
        !open_route_mirror() || !nio_linux_no_nexthops() || !arm_store_watch() ||
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

/* A dump the kernel stopped on an error (it says so in NLMSG_DONE, not
 * in NLMSG_ERROR) is a failed table, never a table short of rows. */
static void test_done_error(void **state)
{
    MIB_IPINTERFACE_TABLE *t = (MIB_IPINTERFACE_TABLE *)(uintptr_t)1;
    (void)state;
    inject(F_DONE_ERR, RTM_GETLINK, true, -1);
    assert_int_not_equal(GetIpInterfaceTable(AF_UNSPEC, &t), NO_ERROR);
    assert_null(t);
    assert_true(atomic_load(&fault.faulted) >= 1);
    assert_healed();
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
    /* A row through a gateway is deleted by the key alone (docs/route.md):
     * its lost answer is decided by the kernel's table too, and where a
     * second route has the key, one of the two may have gone: 31, and
     * nothing more deleted. */
    row.NextHop.Ipv4.sin_addr.s_addr = htonl(0xC6134709u); /* 198.19.71.9 */
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    inject(F_ENOBUFS, RTM_DELROUTE, false, 1);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(atomic_load(&fault.faulted), 1);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 0);
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(ns_sh("ip route add 198.19.71.0/24 via 198.19.71.9 dev va onlink metric 900"),
                     0);
    inject(F_ENOBUFS, RTM_DELROUTE, false, 1);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_GEN_FAILURE);
    heal();
    assert_int_equal(kernel_routes("198.19.71.0/24"), 1);
    assert_int_equal(ns_sh("ip route del 198.19.71.0/24"), 0);
    assert_healed();
}

/* ------------------------------------------------------ address rows */
/* va's addresses of these tests: 198.19.90.1/24 and fd00:90::1/64 (no
 * DAD), there for the Get and table checks; 198.19.91.1/32 and
 * fd00:91::1/128 made, changed and deleted by the write checks. */
static void addr_row(ADDRESS_FAMILY family, const char *text, MIB_UNICASTIPADDRESS_ROW *row)
{
    InitializeUnicastIpAddressEntry(row);
    row->InterfaceIndex = va_index;
    row->Address.si_family = family;
    if (family == AF_INET)
        assert_int_equal(inet_pton(AF_INET, text, &row->Address.Ipv4.sin_addr), 1);
    else
        assert_int_equal(inet_pton(AF_INET6, text, &row->Address.Ipv6.sin6_addr), 1);
}

static DWORD addr_get(ADDRESS_FAMILY family, const char *text, MIB_UNICASTIPADDRESS_ROW *row)
{
    addr_row(family, text, row);
    return GetUnicastIpAddressEntry(row);
}

/* The address rows of the namespace as they are without a fault. */
static ULONG addr_rows(void)
{
    MIB_UNICASTIPADDRESS_TABLE *t = NULL;
    ULONG n;
    heal();
    assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
    n = t->NumEntries;
    FreeMibTable(t);
    return n;
}

/* One fault on the first address reply of Get (IPv4: the dump of va's
 * addresses; IPv6: the kernel's lookup of the one address) and of the
 * table's first address dump: the codes given; a failed Get leaves the
 * row as the caller wrote it, a failed table is NULL, a table is whole. */
static void addr_check_once(enum mode mode, DWORD get4, DWORD get6, DWORD table, ULONG rows)
{
    static const struct {
        ADDRESS_FAMILY family;
        const char *text;
    } keys[2] = {{AF_INET, "198.19.90.1"}, {AF_INET6, "fd00:90::1"}};
    MIB_UNICASTIPADDRESS_TABLE *t = (MIB_UNICASTIPADDRESS_TABLE *)(uintptr_t)1;
    DWORD st;
    for (int i = 0; i < 2; i++) {
        MIB_UNICASTIPADDRESS_ROW row, before;
        DWORD want = i ? get6 : get4;
        addr_row(keys[i].family, keys[i].text, &before);
        row = before;
        /* NLM_F_DUMP_INTR only where the kernel sets it: on dumps. */
        inject(mode, RTM_GETADDR, mode == F_DUMP_INTR, 1);
        st = GetUnicastIpAddressEntry(&row);
        if (st != want)
            fail_msg("fault %d on address Get (%s): %u, expected %u", mode, keys[i].text,
                     (unsigned)st, (unsigned)want);
        assert_int_equal(atomic_load(&fault.faulted), mode == F_DUMP_INTR && i ? 0 : 1);
        if (st == NO_ERROR)
            assert_int_equal(row.OnLinkPrefixLength, i ? 64 : 24);
        else
            assert_memory_equal(&row, &before, sizeof(row));
        heal();
    }
    inject(mode, RTM_GETADDR, true, 1);
    st = GetUnicastIpAddressTable(AF_UNSPEC, &t);
    if (st != table)
        fail_msg("fault %d on the address table: %u, expected %u", mode, (unsigned)st,
                 (unsigned)table);
    if (st == NO_ERROR) {
        assert_int_equal(t->NumEntries, rows); /* whole, never torn */
        FreeMibTable(t);
    } else {
        assert_null(t);
    }
    heal();
}

static void addr_fixture(bool present)
{
    if (present)
        assert_int_equal(ns_sh("ip addr add 198.19.90.1/24 dev va && "
                               "ip addr add fd00:90::1/64 dev va nodad"), 0);
    else
        assert_int_equal(ns_sh("ip addr del 198.19.90.1/24 dev va && "
                               "ip addr del fd00:90::1/64 dev va"), 0);
}

static void test_addr_read_faults(void **state)
{
    ULONG rows;
    (void)state;
    addr_fixture(true);
    rows = addr_rows();
    assert_true(rows >= 6); /* lo's two, va's two, va's and vb's link-local */
    addr_check_once(F_ENOBUFS, NO_ERROR, ERROR_NOT_ENOUGH_MEMORY, NO_ERROR, rows);
    addr_check_once(F_EINTR, NO_ERROR, NO_ERROR, NO_ERROR, rows);
    addr_check_once(F_SEND_EINTR, NO_ERROR, NO_ERROR, NO_ERROR, rows);
    addr_check_once(F_EMPTY, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_TRUNC, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_SHORT, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_MALFORMED, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_SEQ, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_PORT, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, ERROR_GEN_FAILURE, rows);
    addr_check_once(F_FOREIGN, NO_ERROR, NO_ERROR, NO_ERROR, rows);
    /* Interrupted or overrun dumps: read again at most DUMP_TRIES times,
     * then ERROR_RETRY; fewer, and the table is whole.  The IPv6 Get is
     * no dump and not affected. */
    addr_check_once(F_DUMP_INTR, NO_ERROR, NO_ERROR, NO_ERROR, rows);
    {
        MIB_UNICASTIPADDRESS_TABLE *t = (MIB_UNICASTIPADDRESS_TABLE *)(uintptr_t)1;
        MIB_UNICASTIPADDRESS_ROW row;
        static const enum mode always[] = {F_DUMP_INTR, F_ENOBUFS};
        for (size_t i = 0; i < 2; i++) {
            inject(always[i], RTM_GETADDR, true, -1);
            assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), ERROR_RETRY);
            assert_null(t);
            assert_int_equal(atomic_load(&fault.addr_dumps), DUMP_TRIES);
            atomic_store(&fault.addr_dumps, 0);
            assert_int_equal(addr_get(AF_INET, "198.19.90.1", &row), ERROR_RETRY);
            assert_int_equal(atomic_load(&fault.addr_dumps), DUMP_TRIES);
            assert_int_equal(addr_get(AF_INET6, "fd00:90::1", &row), NO_ERROR);
            heal();
            t = NULL;
            inject(always[i], RTM_GETADDR, true, DUMP_TRIES - 1);
            assert_int_equal(GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR);
            assert_int_equal(t->NumEntries, rows);
            FreeMibTable(t);
            heal();
        }
    }
    assert_int_equal(addr_rows(), rows);
    addr_fixture(false);
    assert_healed();
}

/* The kernel's view of the write checks' address on va: its `ip -o addr`
 * line, or NULL when it is not there. */
static char *addr_kernel(ADDRESS_FAMILY family)
{
    char *out = ns_sh_out("ip -o addr show dev va to %s", family == AF_INET ? "198.19.91.1/32"
                                                                             : "fd00:91::1/128");
    if (out != NULL && *out == '\0') {
        free(out);
        out = NULL;
    }
    return out;
}

static bool addr_present(ADDRESS_FAMILY family)
{
    char *out = addr_kernel(family);
    free(out);
    return out != NULL;
}

/* Whether the address has the lifetimes the Set below gives it. */
static bool addr_set_applied(ADDRESS_FAMILY family)
{
    char *out = addr_kernel(family);
    bool set = out != NULL && strstr(out, "valid_lft forever") == NULL;
    assert_non_null(out);
    free(out);
    return set;
}

static void addr_reset(ADDRESS_FAMILY family, bool present)
{
    const char *a = family == AF_INET ? "198.19.91.1/32" : "fd00:91::1/128";
    heal();
    ns_sh("ip addr del %s dev va 2>/dev/null", a);
    if (present)
        assert_int_equal(ns_sh("ip addr add %s dev va%s", a, family == AF_INET6 ? " nodad" : ""),
                         0);
}

enum addr_op { A_CREATE, A_SET, A_DELETE };
static const char *const addr_op_name[] = {"Create", "Set", "Delete"};

static const char *mode_name(enum mode m)
{
    static const char *const names[] = {"none", "ENOBUFS", "EINTR", "send EINTR", "empty",
                                        "MSG_TRUNC", "short", "malformed", "DUMP_INTR",
                                        "wrong sequence", "wrong port", "foreign sender"};
    return names[m];
}

/* One write with a fault on the requests of one type: all or nothing.
 * Success must mean the kernel did it, a failure that it did not (or did
 * nothing lasting).  False (and the case printed) when the answer and the
 * kernel disagree. */
static bool addr_write_with(enum addr_op op, ADDRESS_FAMILY family, enum mode mode,
                            uint16_t type, int requests)
{
    MIB_UNICASTIPADDRESS_ROW row;
    bool done;
    DWORD st;
    addr_reset(family, op != A_CREATE);
    addr_row(family, family == AF_INET ? "198.19.91.1" : "fd00:91::1", &row);
    row.DadState = IpDadStatePreferred;
    if (op == A_SET) {
        row.ValidLifetime = 3000;
        row.PreferredLifetime = 2000;
    }
    inject(mode, type, false, requests);
    st = op == A_CREATE ? CreateUnicastIpAddressEntry(&row)
         : op == A_SET  ? SetUnicastIpAddressEntry(&row)
                        : DeleteUnicastIpAddressEntry(&row);
    heal();
    done = op == A_CREATE ? addr_present(family)
           : op == A_SET  ? addr_set_applied(family)
                          : !addr_present(family);
    if (atomic_load(&fault.faulted) == 0)
        return true; /* the call sent no request of that type */
    if ((st == NO_ERROR) == done)
        return true;
    print_message("%s of %s, fault \"%s\" on the %s request of type %u: status %u, but the"
                 " kernel %s", addr_op_name[op], family == AF_INET ? "198.19.91.1/32"
                                                                   : "fd00:91::1/128",
                 mode_name(mode), requests < 0 ? "every" : "first", (unsigned)type,
                 (unsigned)st, done ? "did it\n" : "did not\n");
    return false;
}

/* The cases where answer and kernel disagree. */
static unsigned addr_writes_under(enum mode mode, int requests)
{
    static const uint16_t change[] = {RTM_NEWADDR, RTM_NEWADDR, RTM_DELADDR};
    unsigned bad = 0;
    for (enum addr_op op = A_CREATE; op <= A_DELETE; op++)
        for (int f = 0; f < 2; f++) {
            ADDRESS_FAMILY family = f ? AF_INET6 : AF_INET;
            bad += !addr_write_with(op, family, mode, RTM_GETLINK, requests);
            bad += !addr_write_with(op, family, mode, RTM_GETADDR, requests);
            bad += !addr_write_with(op, family, mode, change[op], requests);
        }
    return bad;
}

/* Every fault on every step of Create, Set and Delete (the interface
 * look-up, the address look-up, the change and its acknowledgement):
 * the answer says what the kernel holds. */
static void test_addr_write_faults(void **state)
{
    unsigned bad = 0;
    (void)state;
    for (enum mode m = F_ENOBUFS; m <= F_FOREIGN; m++) {
        bad += addr_writes_under(m, 1);
        /* A send interrupted every time is retried every time (netlink.c
         * retries EINTR without a bound, as for a signal): once only. */
        if (m != F_SEND_EINTR)
            bad += addr_writes_under(m, -1);
    }
    addr_reset(AF_INET, false);
    addr_reset(AF_INET6, false);
    assert_healed();
    assert_int_equal(bad, 0);
}

/* The lost acknowledgement, named: the kernel made (deleted, changed) the
 * address, and the answer must say what it holds, as the route rows do
 * (test_route_lost_ack). */
static void test_addr_lost_ack(void **state)
{
    static const enum mode lost[] = {F_SEQ, F_ENOBUFS, F_SHORT};
    unsigned bad = 0;
    (void)state;
    for (size_t i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
        for (int f = 0; f < 2; f++) {
            ADDRESS_FAMILY family = f ? AF_INET6 : AF_INET;
            bad += !addr_write_with(A_CREATE, family, lost[i], RTM_NEWADDR, 1);
            bad += !addr_write_with(A_SET, family, lost[i], RTM_NEWADDR, 1);
            bad += !addr_write_with(A_DELETE, family, lost[i], RTM_DELADDR, 1);
        }
    addr_reset(AF_INET, false);
    addr_reset(AF_INET6, false);
    assert_healed();
    assert_int_equal(bad, 0);
}

/* ---------------------------------------------------- neighbour rows */
/* va's neighbours of these tests: 198.19.93.1 and fd00:93::1, permanent,
 * there for the reads; 198.19.92.1 and fd00:92::1 made, changed and
 * deleted by the writes. */
static const char *neigh_text(ADDRESS_FAMILY family, bool write)
{
    return family == AF_INET ? (write ? "198.19.92.1" : "198.19.93.1")
                             : (write ? "fd00:92::1" : "fd00:93::1");
}

static void neigh_row(ADDRESS_FAMILY family, bool write, MIB_IPNET_ROW2 *row)
{
    static const UCHAR mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x92, 0x01};
    memset(row, 0, sizeof(*row));
    row->InterfaceIndex = va_index;
    row->Address.si_family = family;
    if (family == AF_INET)
        assert_int_equal(inet_pton(AF_INET, neigh_text(family, write), &row->Address.Ipv4.sin_addr),
                         1);
    else
        assert_int_equal(
            inet_pton(AF_INET6, neigh_text(family, write), &row->Address.Ipv6.sin6_addr), 1);
    memcpy(row->PhysicalAddress, mac, sizeof(mac));
    row->PhysicalAddressLength = sizeof(mac);
    row->State = NlnsPermanent;
}

/* The kernel's line for the write checks' neighbour on va, or NULL. */
static char *neigh_kernel(ADDRESS_FAMILY family)
{
    char *out = ns_sh_out("ip neigh show dev va to %s nud all", neigh_text(family, true));
    if (out != NULL && *out == '\0') {
        free(out);
        out = NULL;
    }
    return out;
}

static void neigh_reset(ADDRESS_FAMILY family, bool present)
{
    heal();
    ns_sh("ip neigh del %s dev va 2>/dev/null", neigh_text(family, true));
    if (present)
        assert_int_equal(ns_sh("ip neigh add %s lladdr 02:00:5e:10:92:01 dev va",
                               neigh_text(family, true)), 0);
}

/* One write with a fault on the requests of one type: the answer says
 * what the kernel holds (Set: the link-layer address Set gives). */
static bool neigh_write_with(enum addr_op op, ADDRESS_FAMILY family, enum mode mode,
                             uint16_t type, int requests)
{
    MIB_IPNET_ROW2 row;
    char *line;
    bool done;
    DWORD st;
    neigh_reset(family, op != A_CREATE);
    neigh_row(family, true, &row);
    if (op == A_SET)
        row.PhysicalAddress[5] = 0x77;
    inject(mode, type, false, requests);
    st = op == A_CREATE ? CreateIpNetEntry2(&row)
         : op == A_SET  ? SetIpNetEntry2(&row)
                        : DeleteIpNetEntry2(&row);
    heal();
    line = neigh_kernel(family);
    done = op == A_CREATE ? line != NULL
           : op == A_SET  ? line != NULL && strstr(line, "02:00:5e:10:92:77") != NULL
                          : line == NULL;
    free(line);
    if (atomic_load(&fault.faulted) == 0 || (st == NO_ERROR) == done)
        return true;
    print_message("neighbour %s of %s, fault \"%s\" on the %s request of type %u: status %u,"
                  " but the kernel %s", addr_op_name[op], neigh_text(family, true),
                  mode_name(mode), requests < 0 ? "every" : "first", (unsigned)type,
                  (unsigned)st, done ? "did it\n" : "did not\n");
    return false;
}

/* Every fault on every step of Create, Set and Delete (the interface
 * look-up, the neighbour look-up, the change and its acknowledgement). */
static void test_neigh_write_faults(void **state)
{
    static const uint16_t change[] = {RTM_NEWNEIGH, RTM_NEWNEIGH, RTM_DELNEIGH};
    unsigned bad = 0;
    (void)state;
    for (enum mode m = F_ENOBUFS; m <= F_FOREIGN; m++)
        for (int every = 0; every < 2; every++) {
            int requests = every ? -1 : 1;
            if (every && m == F_SEND_EINTR)
                continue; /* retried without a bound, as for a signal */
            for (enum addr_op op = A_CREATE; op <= A_DELETE; op++)
                for (int f = 0; f < 2; f++) {
                    ADDRESS_FAMILY family = f ? AF_INET6 : AF_INET;
                    bad += !neigh_write_with(op, family, m, RTM_GETLINK, requests);
                    bad += !neigh_write_with(op, family, m, RTM_GETNEIGH, requests);
                    bad += !neigh_write_with(op, family, m, change[op], requests);
                }
        }
    neigh_reset(AF_INET, false);
    neigh_reset(AF_INET6, false);
    assert_healed();
    assert_int_equal(bad, 0);
}

/* The reads under one fault each: Get leaves the caller's row as it was
 * when it fails, the table is NULL when it fails and whole when not. */
static void test_neigh_read_faults(void **state)
{
    MIB_IPNET_TABLE2 *t = NULL;
    ULONG rows;
    (void)state;
    assert_int_equal(ns_sh("ip neigh add 198.19.93.1 lladdr 02:00:5e:10:93:01 dev va && "
                           "ip neigh add fd00:93::1 lladdr 02:00:5e:10:93:01 dev va"), 0);
    heal();
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), NO_ERROR);
    rows = t->NumEntries;
    FreeMibTable(t);
    for (enum mode m = F_ENOBUFS; m <= F_FOREIGN; m++) {
        for (int f = 0; f < 2; f++) {
            MIB_IPNET_ROW2 row, before;
            DWORD st;
            neigh_row(f ? AF_INET6 : AF_INET, false, &before);
            row = before;
            inject(m, RTM_GETNEIGH, false, 1);
            st = GetIpNetEntry2(&row);
            heal();
            if (st != NO_ERROR)
                assert_memory_equal(&row, &before, sizeof(row));
            else
                assert_int_equal(row.State, NlnsPermanent);
        }
        t = (MIB_IPNET_TABLE2 *)(uintptr_t)1;
        inject(m, RTM_GETNEIGH, true, 1);
        if (GetIpNetTable2(AF_UNSPEC, &t) == NO_ERROR) {
            assert_int_equal(t->NumEntries, rows); /* whole, never torn */
            FreeMibTable(t);
        } else {
            assert_null(t);
        }
        heal();
    }
    /* Interrupted every time: read again a bounded number of times. */
    t = (MIB_IPNET_TABLE2 *)(uintptr_t)1;
    inject(F_DUMP_INTR, RTM_GETNEIGH, true, -1);
    assert_int_equal(GetIpNetTable2(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    heal();
    assert_int_equal(ns_sh("ip neigh del 198.19.93.1 dev va && ip neigh del fd00:93::1 dev va"), 0);
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
        T(test_done_error),
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
        T(test_addr_read_faults),
        T(test_addr_lost_ack),
        T(test_addr_write_faults),
        T(test_neigh_read_faults),
        T(test_neigh_write_faults),
        T(test_notify_through_faults),
    };
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("linux-faults", why);
    return cmocka_run_group_tests_name("linux-faults", tests, setup_ns, NULL);
}
