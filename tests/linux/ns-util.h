/* ns-util.h - what the namespace tests share (test-kernel-set.c,
 * test-kernel-notify.c and others): entering a network namespace of
 * their own, running ip(8), and reading the kernel's answers through
 * /proc/sys/net and `ip link`, never through the library under test. */
#ifndef NS_UTIL_H
#define NS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "netioapi_compat.h"

/* unshare(CLONE_NEWNET): NULL, or why it cannot (not root, ...). */
const char *ns_enter(void);

/* Runs a cmocka group holding one test that skips and prints why. */
int ns_run_skipped(const char *group, const char *why);

/* True when the namespace holds lo alone: anything else means this is not
 * a namespace of our own, and nothing may be changed. */
bool ns_is_fresh(void);

/* system() of a printf-built command: its exit status, or -1. */
int ns_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Its whole standard output (NUL-terminated, free() it), NULL on failure. */
char *ns_sh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One unsigned decimal from a file under /proc; false when unreadable. */
bool ns_proc_u32(uint32_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes value to a file under /proc; false (and a line on stderr) on
 * failure. */
bool ns_proc_write(const char *value, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The interface's index and MTU from `ip -o link show dev NAME`; 0 when it
 * has none. */
unsigned ns_ifindex(const char *name);
unsigned ns_link_mtu(const char *name);

/* Everything of one interface that SetIpInterfaceEntry may change, as text
 * (link MTU, IPv4 and IPv6 conf and neighbour files), to compare before and
 * after a call that must change nothing. */
void ns_snapshot(const char *name, char *buf, size_t cap);

/* The LUID this project documents for an Ethernet-like interface of that
 * index (IF_TYPE_ETHERNET_CSMACD, docs/luid.md), computed here, not asked
 * of the library. */
uint64_t ns_ether_luid(unsigned index);

/* Waits, at most ms, until every named link (a NULL-terminated list) has
 * carrier and an IPv6 link-local address, and no address of the namespace
 * is tentative; then a quarter of a second more, for the messages that
 * follow.  A fixed sleep is not enough: carrier comes through the kernel's
 * link watch (up to a second late), and DAD of a link-local address starts
 * after a random delay of up to a second.  False (and a line on stderr)
 * when it never settled. */
bool ns_settle(unsigned ms, ...);

/* A test that fails (a cmocka assertion jumps out of it) leaves its
 * notification registered, calling back into a recorder the next test may
 * reuse.  So recorders live on the heap and are kept here: ns_keep when
 * made (free_rec NULL: not the test's to free), ns_keep_handle when registered (NULL once cancelled), ns_forget
 * when freed; ns_teardown (a cmocka teardown) cancels what a test left and
 * frees its recorders. */
void ns_keep(void *rec, void (*free_rec)(void *rec));
/* A zeroed recorder of that size, kept (ns_keep); ns_kept_free forgets and
 * frees it.  Out of memory fails the test. */
void *ns_kept_new(size_t size, void (*free_rec)(void *rec));
void ns_kept_free(void *rec);
void ns_keep_handle(void *rec, HANDLE h);
void ns_forget(void *rec);
int ns_teardown(void **state);

uint64_t ns_now_ns(void); /* CLOCK_MONOTONIC */
void ns_sleep_ms(long ms);

/* ------------------------------------- rows, netlink and capabilities */
/* The address text as a SOCKADDR_INET (family and address only); fails
 * the test when it does not parse. */
SOCKADDR_INET ns_sa(const char *text);
/* An initialized route row: "P/len" through index, via gateway (NULL:
 * on-link). */
MIB_IPFORWARD_ROW2 ns_route_row(const char *prefix, const char *via, unsigned index);
/* The address of s as text (no port, no zone). */
void ns_addr_text(const SOCKADDR_INET *s, char *buf, size_t cap);
/* "Parameter", "Add", "Delete", "Initial" (for failure messages). */
const char *ns_type_name(MIB_NOTIFICATION_TYPE t);
/* Drops of every netlink socket of the namespace (/proc/net/netlink is
 * per namespace: only this program's sockets are there). */
unsigned long ns_netlink_drops(void);
/* CAP_NET_ADMIN dropped from every set, as another program without it:
 * 0, or -1 with errno. */
int ns_drop_net_admin(void);

/* The peer: a second namespace held by a child process (ns_peer_start: 0
 * or -1), its pid (for `ip link set DEV netns PID`), commands run inside
 * it (nsenter), and its end. */
int ns_peer_start(void);
pid_t ns_peer_pid(void);
int ns_peer_sh(const char *cmd);
void ns_peer_stop(void);

/* The object of `ip -j WHAT show dev DEV` ("addr", "neigh": every state)
 * whose KEY ("local", "dst") is TEXT, as text (empty when there is none);
 * whether it is there with every needle (a NULL-terminated list; printed
 * when not), or is not there (printed when it is). */
void ns_ip_entry(const char *what, const char *dev, const char *key, const char *text, char *out,
                 size_t cap);
bool ns_ip_has(const char *what, const char *dev, const char *key, const char *text, ...);
bool ns_ip_lacks(const char *what, const char *dev, const char *key, const char *text);

/* calls() in a forked child that has dropped CAP_NET_ADMIN: its exit
 * status (0: every expectation held; 100: the capability could not be
 * dropped), -1 when the child could not run or did not exit. */
int ns_unprivileged(int (*calls)(void));

#endif
