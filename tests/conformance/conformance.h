/*
 * conformance.h - what the files of the conformance suite share.
 *
 * One set of checks, written only against the public <netioapi_compat.h>,
 * encodes what Windows does (its documentation, and behaviour observed on
 * it).  The same program runs on Linux against this library and on Windows
 * against the system's own iphlpapi.  docs/conformance.md lists the checks
 * and their results per platform.
 *
 * A group of checks is one file, check-<group>.c, defining
 * nc_checks_<group>[] (ended by an entry whose name is NULL); meson.build
 * lists the groups.  Each check says what it needs (NC_NEED_*); the runner
 * skips, with the reason, a check whose needs the platform cannot meet.
 */
#ifndef NC_CONFORMANCE_H
#define NC_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <netioapi_compat.h>

/* ------------------------------------------------------------------ needs */
enum nc_need {
    NC_NEED_IFACES = 1u << 0,   /* the list of interfaces */
    NC_NEED_ENTRY = 1u << 1,    /* GetIpInterfaceEntry answers */
    NC_NEED_TABLE = 1u << 2,    /* GetIpInterfaceTable answers */
    NC_NEED_INIT = 1u << 3,     /* InitializeIpInterfaceEntry exists */
    NC_NEED_LOOPBACK = 1u << 4, /* a loopback interface */
    NC_NEED_ETHERNET = 1u << 5, /* an Ethernet interface with IPv4 and IPv6 */
    NC_NEED_NO_IPV6 = 1u << 6,  /* an interface with IPv4 and IPv6 disabled */
    NC_NEED_PRIVILEGE = 1u << 7, /* may change interfaces (own namespace, admin) */
    NC_NEED_SET = 1u << 8,      /* SetIpInterfaceEntry exists */
    NC_NEED_MAKE = 1u << 9,     /* the suite can make, change and remove interfaces */
    NC_NEED_UNPRIV = 1u << 10,  /* the suite can run a check without privilege */
    NC_NEED_ROUTE = 1u << 11,   /* GetBestRoute2 answers (not ERROR_NOT_SUPPORTED) */
    NC_NEED_NO_DEFROUTE = 1u << 12, /* no default route (own namespace) */
    NC_NEED_ENTRY2EX = 1u << 13, /* GetIfEntry2Ex exists */
    NC_NEED_NOTIFY = 1u << 14,  /* NotifyIpInterfaceChange registers (not a stub) */
    NC_NEED_FWD_ROWS = 1u << 15, /* InitializeIpForwardEntry, Get/Create/Set/Delete exist */
    NC_NEED_FWD_TABLE = 1u << 16, /* GetIpForwardTable2 answers (not ERROR_NOT_SUPPORTED) */
    NC_NEED_FWD_NOTIFY = 1u << 17, /* NotifyRouteChange2 registers (not 50, not a stub) */
    NC_NEED_BEST_IF = 1u << 18, /* GetBestInterfaceEx answers for IPv6 (not 50) */
    NC_NEED_ADDR_ROWS = 1u << 19, /* InitializeUnicastIpAddressEntry, Create/Set/Delete exist */
    NC_NEED_ADDR_TABLE = 1u << 20 /* GetUnicastIpAddressTable answers (not ERROR_NOT_SUPPORTED) */
};
#define NC_NEEDS 21
/* The needs probed only in the process that runs one check (a registration
 * starts the library's watcher thread, which a fork would not carry). */
#define NC_NEEDS_LATE (NC_NEED_NOTIFY | NC_NEED_FWD_NOTIFY)

/* "GetIpInterfaceEntry", "loopback", ... for --list and --json. */
const char *nc_need_name(unsigned bit_index);

/* ------------------------------------------------------------ environment */
struct nc_iface {
    NET_LUID luid;
    NET_IFINDEX index;
};

/* What this run has to work with, set up once by the runner. */
struct nc_env {
    char platform[256];        /* "Linux 6.1.0 x86_64", "Wine 8.0 (Windows 10.0)" */
    char isolation[256];       /* "own network namespace", "the machine's interfaces" */
    bool user_ns;              /* Linux: that namespace is an unprivileged user's (a user
                                  namespace): no system-wide record can be written there */
    bool windows;              /* the system's iphlpapi is under test */
    bool wine;                 /* ... and it is Wine's */
    char wine_version[32];     /* "8.0" */
    const char *missing[NC_NEEDS]; /* why a need cannot be met; NULL if it can */
    char reason[NC_NEEDS][200];    /* storage for missing[] */
    struct nc_iface *ifaces;   /* every interface, from ifaces_source */
    size_t n_ifaces;
    const char *ifaces_source; /* "GetIpInterfaceTable", "GetIfTable2" */
    NET_IFINDEX loopback;      /* 0: none */
    NET_IFINDEX ethernet;      /* fixture: IPv4 and IPv6; 0: none */
    NET_IFINDEX no_ipv6;       /* fixture: IPv4 only; 0: none */
    NET_IFINDEX bogus_index;   /* an index no interface has */
    NET_LUID bogus_luid;       /* a well-formed LUID no interface has */
};

/* Marks a need as impossible here, with the reason (printf format). */
void nc_env_missing(struct nc_env *env, unsigned need, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* env.c: fills everything from the fixture, the OS and the API. */
void nc_env_init(struct nc_env *env, bool make_fixture);
/* env.c: where the system's iphlpapi is under test, whether
 * NotifyIpInterfaceChange registers at all (Wine 8.0's is a stub: NO_ERROR
 * and a NULL handle for any arguments, no callback; Windows never returns
 * a NULL handle on success).  Called only in the process that runs one
 * check that needs it, so that an abort there is that check's failure;
 * this library is not probed (a NULL handle from it is a failure). */
void nc_env_probe_notify(struct nc_env *env);
/* env.c: whether NotifyRouteChange2 registers: not where it answers
 * ERROR_NOT_SUPPORTED (this library until its route notifications are
 * written) nor where the system's iphlpapi answers NO_ERROR with a NULL
 * handle (Wine 8.0's stub).  Called as nc_env_probe_notify is. */
void nc_env_probe_route_notify(struct nc_env *env);

/* ------------------------------------------------------------------ checks */
struct nc_ctx {
    const struct nc_env *env;
    const char *name;   /* the check's */
    int failures;       /* nc_fail calls */
    bool skipped;       /* nc_skip was called */
    char msg[700];      /* the first failure, or the skip reason */
};

struct nc_check {
    const char *name;               /* "group.what" */
    void (*run)(struct nc_ctx *c);
    unsigned needs;                 /* NC_NEED_* */
    const char *source;             /* a Microsoft page, or "observed: ..." */
    const char *what;               /* one line: what is checked */
};

/* Records a failure; the check goes on, the first message is reported. */
void nc_fail(struct nc_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Ends the check as skipped (the caller returns): for a difference of one
 * platform that is known and documented, found while running. */
void nc_skip(struct nc_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* got == want, or a failure "CALL = got (NAME), want want (NAME)". */
bool nc_expect_code(struct nc_ctx *c, uint32_t got, uint32_t want, const char *call);
#define NC_CODE(c, call, want) nc_expect_code((c), (uint32_t)(call), (uint32_t)(want), #call)

/* cond, or a failure with the message. */
#define NC_TRUE(c, cond, ...) ((cond) ? true : (nc_fail((c), __VA_ARGS__), false))

/* "ERROR_NOT_FOUND", "STATUS_NOT_FOUND", ... or "unknown". */
const char *nc_status_name(uint32_t code);

/* Sources, for nc_check.source. */
#define NC_MS(fn) "https://learn.microsoft.com/en-us/windows/win32/api/netioapi/nf-netioapi-" fn
#define NC_MS_DDI(fn) \
    "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/netioapi/nf-netioapi-" fn
#define NC_WINE_TESTS \
    "observed: Wine tests that pass on Windows (wine dlls/iphlpapi/tests/iphlpapi.c)"

/* What Wine 8.0's GetBestInterface(Ex) answers where no route of its own
 * (the main table's) holds the destination; winerror.h's value. */
#ifndef ERROR_HOST_UNREACHABLE
#define ERROR_HOST_UNREACHABLE 1232L
#endif

/* GetIfEntry2Ex levels (MIB_IF_ENTRY_LEVEL, which mingw-w64's headers lack). */
#define NC_IF_ENTRY_NORMAL 0
#define NC_IF_ENTRY_NO_STATISTICS 2

/* --------------------------------------------------------------- helpers */
/* rows.c: the fields of a row that do not change by themselves between two
 * reads (not ReachableTime, which the OS re-randomises, nor Connected and
 * the RA flags, which follow the network); a failure names the first field
 * that differs. */
bool nc_rows_agree(struct nc_ctx *c, const MIB_IPINTERFACE_ROW *a, const MIB_IPINTERFACE_ROW *b,
                   const char *what);
/* An interface of the list on which Family is bound, read by its LUID;
 * false when there is none (the caller skips or fails). */
bool nc_bound_row(const struct nc_env *env, ADDRESS_FAMILY family, MIB_IPINTERFACE_ROW *out);

/* ASCII to UTF-16 and back (what the checks compare; never for user text). */
void nc_wcs_from(WCHAR *out, size_t cap, const char *in);
void nc_wcs_to(char *out, size_t cap, const WCHAR *in);
int nc_wcscmp(const WCHAR *a, const WCHAR *b);
size_t nc_wcslen(const WCHAR *s);

/* The Windows-style name a LUID must have, as Wine's tests (which pass on
 * Windows) derive it: "<prefix>_<NetLuidIndex>" or "iftype<N>_<idx>". */
void nc_expected_name(NET_LUID luid, char *out, size_t cap);

/* LUIDs as "0x18000001000000". */
const char *nc_luid_str(NET_LUID luid, char buf[24]);

/* ------------------------------------------------------------- OS layer */
/* os-posix.c or os-win32.c. */
void nc_os_init(struct nc_env *env);
NET_IFINDEX nc_os_loopback_index(void);
/* When GetIpInterfaceTable cannot list interfaces: the OS's own list
 * (Windows: GetIfTable2), or false. */
bool nc_os_ifaces(struct nc_env *env);
/* Runs one check in a child process, so that a crash or an abort inside
 * the API under test is a failure of that check only. */
void nc_os_run_isolated(const struct nc_check *chk, const struct nc_env *env,
                        struct nc_ctx *res);
/* In a process that runs one check (--check): turns a crash into that
 * check's FAIL line (Windows: an unhandled exception, such as the one Wine
 * raises for a function it does not implement). */
void nc_os_child_guard(const char *check_name);
/* Waits ms milliseconds (the notification checks poll with it). */
void nc_os_sleep_ms(unsigned ms);
/* fixture-*.c: creates the interfaces the checks need, where it can. */
void nc_fixture_setup(struct nc_env *env);
/* fixture-*.c: changes made while a check runs, in the suite's own
 * namespace.  Only checks that need NC_NEED_MAKE (or NC_NEED_UNPRIV) call
 * them; where the suite cannot, fixture-none.c answers 0 or false.
 * nc_fixture_make: a veth pair NAME and NAME "p" (NAME at most 14
 * characters), both up, any earlier NAME removed first; NAME's index. */
NET_IFINDEX nc_fixture_make(const char *name);
bool nc_fixture_remove(const char *name);
bool nc_fixture_mtu(const char *name, unsigned mtu);
/* Runs fn(c, arg) in a process that may not change interfaces (Linux: a
 * child without CAP_NET_ADMIN); its failures and skip become c's. */
void nc_fixture_unprivileged(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                             void *arg);

/* Runs fn(c, arg) in a process whose network holds no address at all
 * (Linux: a child in a new network namespace, lo down); its failures and
 * skip become c's.  Where the suite cannot, c is skipped.  Only checks
 * that need NC_NEED_MAKE call it. */
void nc_fixture_empty_namespace(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                                void *arg);

/* runner.c: runs one check in this process (as a child does). */
void nc_run_here(const struct nc_check *chk, const struct nc_env *env, struct nc_ctx *res);

#if defined(_WIN32) && !defined(NETIOAPI_COMPAT_FLAVOUR_NT)
/* Wine 8.0's iphlpapi does not export the first three (Wine binds a missing
 * import to a stub that aborts the process), and Windows before 10 1703 has
 * no GetIfEntry2Ex; os-win32.c looks them up at run time, and env.c skips
 * the checks that need them where they are missing. */
#define GetIpInterfaceEntry nc_win_GetIpInterfaceEntry
#define InitializeIpInterfaceEntry nc_win_InitializeIpInterfaceEntry
#define SetIpInterfaceEntry nc_win_SetIpInterfaceEntry
#define GetIfEntry2Ex nc_win_GetIfEntry2Ex
DWORD WINAPI nc_win_GetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
VOID WINAPI nc_win_InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
DWORD WINAPI nc_win_SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
/* Windows 10 1703 and later; mingw-w64 does not declare it. */
DWORD WINAPI nc_win_GetIfEntry2Ex(int Level, PMIB_IF_ROW2 Row);
/* The route rows but the table and notifications: Wine 8.0 exports none of
 * them (NC_NEED_FWD_ROWS). */
#define InitializeIpForwardEntry nc_win_InitializeIpForwardEntry
#define GetIpForwardEntry2 nc_win_GetIpForwardEntry2
#define CreateIpForwardEntry2 nc_win_CreateIpForwardEntry2
#define SetIpForwardEntry2 nc_win_SetIpForwardEntry2
#define DeleteIpForwardEntry2 nc_win_DeleteIpForwardEntry2
VOID WINAPI nc_win_InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row);
DWORD WINAPI nc_win_GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row);
DWORD WINAPI nc_win_CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
DWORD WINAPI nc_win_SetIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
DWORD WINAPI nc_win_DeleteIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
/* The address rows but Get and the table: Wine 8.0 exports neither
 * InitializeUnicastIpAddressEntry nor Create/Set/DeleteUnicastIpAddressEntry
 * (NC_NEED_ADDR_ROWS). */
#define InitializeUnicastIpAddressEntry nc_win_InitializeUnicastIpAddressEntry
#define CreateUnicastIpAddressEntry nc_win_CreateUnicastIpAddressEntry
#define SetUnicastIpAddressEntry nc_win_SetUnicastIpAddressEntry
#define DeleteUnicastIpAddressEntry nc_win_DeleteUnicastIpAddressEntry
VOID WINAPI nc_win_InitializeUnicastIpAddressEntry(PMIB_UNICASTIPADDRESS_ROW Row);
DWORD WINAPI nc_win_CreateUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);
DWORD WINAPI nc_win_SetUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);
DWORD WINAPI nc_win_DeleteUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);
#endif

#endif /* NC_CONFORMANCE_H */
