/*
 * core.h - the portable core's own header: outcomes and their status
 * codes, the LUID codec, key resolution, tables, row filling and the core
 * operations behind every public function.  Only the core (the .c files of src/) and
 * the tests include it; a back end sees backend.h alone.
 */
#ifndef NIO_CORE_H
#define NIO_CORE_H

#include "backend.h"

/* ------------------------------------------------------------- outcomes */
/* What happened, independent of flavour; status.c turns it into a Win32 code
 * or an NTSTATUS. */
typedef enum nio_status {
    NIO_OK = 0,
    NIO_INVALID_PARAMETER,   /* a bad argument */
    NIO_NOT_FOUND,           /* no such row (row functions) */
    NIO_FILE_NOT_FOUND,      /* no such interface (conversion functions) */
    NIO_NO_MEMORY,           /* an allocation failed */
    NIO_BUFFER_TOO_SMALL,    /* a caller's string buffer is too small */
    NIO_INVALID_NAME,        /* a malformed or unknown interface name */
    NIO_ACCESS_DENIED,       /* the OS refused for lack of privilege */
    NIO_NOT_SUPPORTED,       /* the OS cannot express the request */
    NIO_NETWORK_UNREACHABLE, /* no route */
    NIO_RETRY,               /* the OS kept changing while it was read */
    NIO_GEN_FAILURE,         /* any other OS failure */
    NIO_NO_INTERFACE,        /* no such interface (MIB_IF_ROW2, routes): Win32 2, NT NOT_FOUND */
    NIO_ALREADY_EXISTS,      /* the row exists (Create) */
    NIO_BAD_NET_NAME,        /* a neighbour did not answer (ResolveIpNetEntry2) */
    NIO_STATUS_COUNT
} nio_status;

DWORD nio_status_win32(nio_status s) NIO_HIDDEN;
NTSTATUS nio_status_nt(nio_status s) NIO_HIDDEN;
const char *nio_status_name(nio_status s) NIO_HIDDEN;
/* A back end's 0 or -errno as an outcome of a read (ENODEV and ENOENT: the
 * interface is gone, reported as not_found by the caller's choice). */
nio_status nio_status_from_errno(int neg_errno, nio_status not_found) NIO_HIDDEN;
/* A Win32 code as an outcome: the first outcome of the same table whose code
 * it is (ERROR_NOT_ENOUGH_MEMORY reads as NIO_NO_MEMORY), NIO_GEN_FAILURE
 * for a code the table does not hold. */
nio_status nio_status_from_win32(DWORD code) NIO_HIDDEN;

/* ------------------------------------------------------------ core pieces */
/* LUID codec (luid.c). */
uint64_t nio_luid_make(uint16_t iftype, uint32_t ifindex) NIO_HIDDEN;
bool nio_luid_split(uint64_t luid, uint16_t *iftype, uint32_t *ifindex) NIO_HIDDEN;
int nio_luid_name(uint64_t luid, char *buf, size_t len) NIO_HIDDEN;
bool nio_luid_parse_name(const char *name, uint64_t *luid) NIO_HIDDEN;
void nio_guid_from_luid(uint64_t luid, GUID *guid) NIO_HIDDEN;
bool nio_guid_parse(const GUID *guid, uint64_t *luid) NIO_HIDDEN;

/* Key resolution (key.c): the interface that a LUID or, when the LUID is
 * zero, an index names, checked against the OS.  not_found is the outcome
 * to report for an unknown interface (NOT_FOUND for rows, FILE_NOT_FOUND
 * for conversions). */
nio_status nio_lookup(uint64_t luid, uint32_t ifindex, unsigned want,
                      nio_status not_found, struct nio_iface *out) NIO_HIDDEN;
/* The same rule for a MIB_IF_ROW2 read (nio_os_ifrow_get, flags NIO_IFROW_*). */
nio_status nio_lookup_ifrow(uint64_t luid, uint32_t ifindex, unsigned flags,
                            nio_status not_found, struct nio_ifrow *out) NIO_HIDDEN;
/* The keys of an IP interface row, shared by Get and Set: INVALID_PARAMETER for a
 * NULL row, a family other than AF_INET/AF_INET6, or LUID and index both 0
 * (else *slot is the family's); then the interface, NOT_FOUND also when the
 * family is not bound on it. */
nio_status nio_row_key_check(const MIB_IPINTERFACE_ROW *row, int *slot) NIO_HIDDEN;
nio_status nio_row_lookup(const MIB_IPINTERFACE_ROW *row, int slot,
                          struct nio_iface *ifc) NIO_HIDDEN;
/* The LUID of an interface the OS reported. */
uint64_t nio_iface_luid(const struct nio_iface *ifc) NIO_HIDDEN;
/* Families: AF_INET, AF_INET6 -> NIO_V4, NIO_V6, anything else -1; back;
 * and the NIO_WANT_* bit of a slot. */
int nio_family_slot(ADDRESS_FAMILY family) NIO_HIDDEN;
ADDRESS_FAMILY nio_family_of_slot(int slot) NIO_HIDDEN;
unsigned nio_want_of_slot(int slot) NIO_HIDDEN;

/* Tables (table.c).  Every list a back end reports is put in index order
 * by the core, once, whatever order the OS gave (nio_sort_by_index,
 * backend.h). */
/* A MIB_*_TABLE* of rows rows of row bytes after a header of head bytes
 * (offsetof the Table member), at least min bytes (sizeof the table type),
 * in one block that FreeMibTable (nio_table_free) frees; the header
 * zeroed, the rows not: each row a table reports is written whole by its
 * fill (which begins with a memset), and the rows past NumEntries hold
 * whatever the block held before, as memory fresh from malloc would.  NULL
 * when the size overflows or the allocation fails. */
void *nio_table_alloc(size_t head, size_t min, size_t row, size_t rows) NIO_HIDDEN;
void nio_table_free(void *t) NIO_HIDDEN;
/* Whether FreeMibTable keeps a large block for the next table (not in
 * AddressSanitizer builds): for the tests. */
bool nio_table_keeps(void) NIO_HIDDEN;
#define NIO_TABLE_ALLOC(type, rows)                                                            \
    ((type *)nio_table_alloc(offsetof(type, Table), sizeof(type), sizeof(((type *)0)->Table[0]), \
                             (rows)))

/* A table of rows rows from a back end's list (nio_rows_table): elements
 * of elem bytes, each beginning with a uint32_t interface index; a table
 * type's head (offsetof Table), min (sizeof) and row size; fill makes one
 * row from one element on the interface of that LUID. */
struct nio_rows_spec {
    size_t elem, head, min, row;
    void (*fill)(void *row, const void *elem, uint64_t luid, void *ctx);
    void *ctx;
};
#define NIO_ROWS_SPEC(type, elem_type, fill_fn, context)                                    \
    ((struct nio_rows_spec){sizeof(elem_type), offsetof(type, Table), sizeof(type),          \
                            sizeof(((type *)0)->Table[0]), (fill_fn), (context)})
/* Rows by interface index, elements of one index in their order in v (v
 * itself unchanged); NOT_FOUND when no element's interface is there (n 0
 * included), NO_MEMORY, or the interface listing's outcome; *out (one block
 * for FreeMibTable) only on success. */
nio_status nio_rows_table(void *v, size_t n, const struct nio_rows_spec *s, void **out) NIO_HIDDEN;

/* The IP interface rows (ipif.c): a row from what the back end reported,
 * and the "unspecified" row of InitializeIpInterfaceEntry. */
void nio_row_fill(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot) NIO_HIDDEN;
struct nio_recview;
/* The same within a table or a comparison, with its view of the record
 * (below; NULL: this row alone, as nio_row_fill). */
void nio_row_fill_in(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot,
                     struct nio_recview *rv) NIO_HIDDEN;
void nio_row_init(MIB_IPINTERFACE_ROW *row) NIO_HIDDEN;

/* Settings the OS has no place for, kept for every process in the
 * system-wide record (ipif-store.c over nio_os_store_*): the interface
 * metric, the IPv6 site prefix length and DisableDefaultRoutes.
 * nio_row_fill reports them. */
struct nio_local {
    bool manual_metric;         /* UseAutomaticMetric FALSE */
    uint32_t metric;            /* the interface metric: Metric when manual, else
                                   the automatic one (Windows' speed table) */
    bool has_site_prefix;
    uint32_t site_prefix;
    bool disable_default_routes; /* DisableDefaultRoutes TRUE */
};
/* What the record says of the interface of luid, checked to be the one
 * that wrote it; the automatic metric when it says nothing.  One link
 * request (the interface's identity), one record read, one speed query
 * at most. */
void nio_local_get(uint64_t luid, int slot, struct nio_local *out) NIO_HIDDEN;
/* A view of the record for one table or comparison: which (interface,
 * family) have a record, from one listing of the back end's, loaded once
 * and consulted per row, so that a row without a record costs no read and
 * a row with one a single read; and the automatic metric of the interface
 * asked last, so that its two families cost one speed query.  Opening
 * fails only for memory (NIO_NO_MEMORY, the view then empty and closed):
 * when the OS refuses the listing, every row asks for itself. */
struct nio_recview {
    bool listed;                /* v holds every record's (index, families) */
    struct nio_store_entry *v;  /* sorted by index */
    size_t n;
    uint32_t auto_index;        /* the interface of auto_metric; 0: none yet */
    uint32_t auto_metric;
    bool speeds_asked;          /* nio_os_speeds was called */
    bool speeds_listed;         /* and speeds holds every device's (by index) */
    struct nio_speed_of *speeds;
    size_t n_speeds;
};
nio_status nio_recview_open(struct nio_recview *rv) NIO_HIDDEN;
void nio_recview_close(struct nio_recview *rv) NIO_HIDDEN;
/* nio_local_get for ifc as the caller read it (no request about the
 * interface: its identity is ifc's), within rv (NULL: this row alone). */
void nio_local_of(struct nio_recview *rv, const struct nio_iface *ifc, int slot,
                  struct nio_local *out) NIO_HIDDEN;
/* Windows' automatic interface metric of a link speed (bits per second). */
uint32_t nio_auto_metric(uint64_t bps) NIO_HIDDEN;
/* The automatic metric of ifc now (its speed asked of the OS). */
uint32_t nio_local_auto_metric(const struct nio_iface *ifc) NIO_HIDDEN;

/* The whole record of one (interface, family), as SetIpInterfaceEntry
 * reads, plans and writes it (ipif-set.c) under nio_record_lock. */
enum nio_op_kind {
    NIO_OP_KNOB,                /* nio_os_apply(knob, value) */
    NIO_OP_ROUTE_SET,           /* route from becomes to (its priority) */
    NIO_OP_ROUTE_DEL,           /* route from deleted (DisableDefaultRoutes) */
    NIO_OP_ROUTE_ADD,           /* route to added back */
    NIO_OP_RA,                  /* accept_ra_defrtr = value */
};
struct nio_op {
    uint32_t kind;              /* enum nio_op_kind */
    uint32_t knob, value;
    struct nio_route from, to;
};
struct nio_record {
    struct nio_local v;
    bool ra_saved;              /* ra_was holds accept_ra_defrtr before DDR */
    uint32_t ra_was;
    struct nio_vec held;        /* struct nio_route: default routes DDR took away */
    struct nio_vec ops;         /* struct nio_op: a Set in progress (journal) */
    bool stale;                 /* read: the index's record is another interface's */
};
nio_status nio_record_lock(struct nio_store_lock **out) NIO_HIDDEN;
/* The record of ifc (empty when none, or when another interface wrote it). */
nio_status nio_record_read(const struct nio_iface *ifc, int slot, struct nio_record *r) NIO_HIDDEN;
/* Writes r for ifc (removes it when it says nothing): encoded first
 * (*len 0: nothing to keep; the caller nio_free()s *buf), then put, so that
 * a Set can prepare every version before it changes anything. */
nio_status nio_record_encode(const struct nio_iface *ifc, const struct nio_record *r,
                             void **buf, size_t *len) NIO_HIDDEN;
nio_status nio_record_put(const struct nio_iface *ifc, int slot, const void *buf,
                          size_t len) NIO_HIDDEN;
nio_status nio_record_write(const struct nio_iface *ifc, int slot,
                            const struct nio_record *r) NIO_HIDDEN;
void nio_record_free(struct nio_record *r) NIO_HIDDEN;
/* From now on in this thread, nio_local_get of (luid, slot) answers *l
 * (NULL: the record again): how a Set learns the interface metric the
 * metric model would add once its record is written. */
void nio_local_preview(uint64_t luid, int slot, const struct nio_local *l) NIO_HIDDEN;
/* Test seam: called with a step number between the steps of a Set (after
 * the journal is written, after each change), so that a test can kill the
 * process there. */
extern void (*nio_set_test_hook)(int step) NIO_HIDDEN;

/* UTF-16 <-> UTF-8 (wstr.c).  Return the length written without the NUL,
 * or -1 when the input is invalid or does not fit in cap (NUL included). */
long nio_utf16_to_utf8(const WCHAR *in, char *out, size_t cap) NIO_HIDDEN;
long nio_utf8_to_utf16(const char *in, WCHAR *out, size_t cap) NIO_HIDDEN;
/* UTF-16 units that in needs without the NUL, or -1 if it is not UTF-8. */
long nio_utf8_units(const char *in) NIO_HIDDEN;
/* An OS name, bytes that need not be UTF-8, as UTF-16: each malformed
 * sequence one U+FFFD (the one rule of docs/luid.md).  Writes at most cap
 * units with the NUL (none when cap is 0, never half a surrogate pair) and
 * returns the units the whole name needs without the NUL. */
size_t nio_os_name_to_utf16(const char *in, WCHAR *out, size_t cap) NIO_HIDDEN;

/* The core operations, one per public function, flavour-free.  The file
 * of each family wraps its own into the Win32 and NTSTATUS entry points
 * (NIO_EXPORT_PAIR, at the end of this header). */
nio_status nio_get_ip_interface_entry(MIB_IPINTERFACE_ROW *row) NIO_HIDDEN;
nio_status nio_get_ip_interface_table(ADDRESS_FAMILY family,
                                      MIB_IPINTERFACE_TABLE **table) NIO_HIDDEN;
nio_status nio_set_ip_interface_entry(MIB_IPINTERFACE_ROW *row) NIO_HIDDEN;
nio_status nio_notify_ip_interface_change(ADDRESS_FAMILY family,
                                          PIPINTERFACE_CHANGE_CALLBACK callback, void *context,
                                          BOOLEAN initial, HANDLE *handle) NIO_HIDDEN;
nio_status nio_cancel_notify(HANDLE handle) NIO_HIDDEN;
nio_status nio_index_to_luid(NET_IFINDEX index, NET_LUID *luid) NIO_HIDDEN;
nio_status nio_luid_to_index(const NET_LUID *luid, NET_IFINDEX *index) NIO_HIDDEN;
nio_status nio_luid_to_name_a(const NET_LUID *luid, char *name, size_t len) NIO_HIDDEN;
nio_status nio_luid_to_name_w(const NET_LUID *luid, WCHAR *name, size_t len) NIO_HIDDEN;
nio_status nio_name_to_luid_a(const char *name, NET_LUID *luid) NIO_HIDDEN;
nio_status nio_name_to_luid_w(const WCHAR *name, NET_LUID *luid) NIO_HIDDEN;
nio_status nio_luid_to_guid(const NET_LUID *luid, GUID *guid) NIO_HIDDEN;
nio_status nio_guid_to_luid(const GUID *guid, NET_LUID *luid) NIO_HIDDEN;
nio_status nio_luid_to_alias(const NET_LUID *luid, WCHAR *alias, size_t len) NIO_HIDDEN;
nio_status nio_alias_to_luid(const WCHAR *alias, NET_LUID *luid) NIO_HIDDEN;
/* MIB_IF_ROW2 and routes (ifrow.c, bestroute.c).  Levels are plain ints:
 * older SDK headers (mingw-w64) lack the level enums' newer members. */
nio_status nio_get_if_entry2(int level, MIB_IF_ROW2 *row) NIO_HIDDEN;
nio_status nio_get_if_table2(int level, MIB_IF_TABLE2 **table) NIO_HIDDEN;
nio_status nio_get_best_route2(NET_LUID *luid, NET_IFINDEX index, const SOCKADDR_INET *src,
                               const SOCKADDR_INET *dst, ULONG options, MIB_IPFORWARD_ROW2 *route,
                               SOCKADDR_INET *best_src) NIO_HIDDEN;
void nio_ifrow_fill(MIB_IF_ROW2 *row, const struct nio_ifrow *r) NIO_HIDDEN;
/* Route rows (route.c, and notify.c for NotifyRouteChange2). */
void nio_route_init(MIB_IPFORWARD_ROW2 *row) NIO_HIDDEN;
nio_status nio_get_ip_forward_table2(ADDRESS_FAMILY family,
                                     MIB_IPFORWARD_TABLE2 **table) NIO_HIDDEN;
nio_status nio_get_ip_forward_entry2(MIB_IPFORWARD_ROW2 *row) NIO_HIDDEN;
nio_status nio_create_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row) NIO_HIDDEN;
nio_status nio_set_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row) NIO_HIDDEN;
nio_status nio_delete_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row) NIO_HIDDEN;
nio_status nio_notify_route_change2(ADDRESS_FAMILY family, PIPFORWARD_CHANGE_CALLBACK callback,
                                    void *context, BOOLEAN initial, HANDLE *handle) NIO_HIDDEN;
/* Address notifications (notify.c).  The stable table: NIO_OK with
 * *pending when the table will come through callback (ERROR_IO_PENDING). */
nio_status nio_notify_unicast_ip_address_change(ADDRESS_FAMILY family,
                                                PUNICAST_IPADDRESS_CHANGE_CALLBACK callback,
                                                void *context, BOOLEAN initial,
                                                HANDLE *handle) NIO_HIDDEN;
nio_status nio_notify_stable_unicast_ip_address_table(
    ADDRESS_FAMILY family, MIB_UNICASTIPADDRESS_TABLE **table,
    PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK callback, void *context, HANDLE *handle,
    bool *pending) NIO_HIDDEN;

/* Neighbour rows (neigh.c). */
nio_status nio_get_ip_net_table2(ADDRESS_FAMILY family, MIB_IPNET_TABLE2 **table) NIO_HIDDEN;
nio_status nio_get_ip_net_entry2(MIB_IPNET_ROW2 *row) NIO_HIDDEN;
nio_status nio_create_ip_net_entry2(const MIB_IPNET_ROW2 *row) NIO_HIDDEN;
nio_status nio_set_ip_net_entry2(const MIB_IPNET_ROW2 *row) NIO_HIDDEN;
nio_status nio_delete_ip_net_entry2(const MIB_IPNET_ROW2 *row) NIO_HIDDEN;
nio_status nio_flush_ip_net_table2(ADDRESS_FAMILY family, NET_IFINDEX index) NIO_HIDDEN;
nio_status nio_resolve_ip_net_entry2(MIB_IPNET_ROW2 *row, const SOCKADDR_INET *src) NIO_HIDDEN;
/* Every field of row from n (on the interface of that LUID). */
void nio_neigh_row_fill(MIB_IPNET_ROW2 *row, const struct nio_neigh *n, uint64_t luid) NIO_HIDDEN;

/* Route rows (route-row.c): addresses and rows between Windows' terms and
 * the back end's, and the metric model of docs/route.md. */
/* A caller's socket address of the family in slot; false for another. */
bool nio_ip_from_sockaddr(const SOCKADDR_INET *sa, int slot, struct nio_ip *ip) NIO_HIDDEN;
/* A socket address for the caller; a link-local IPv6 address carries zone
 * as its scope when the OS gave none. */
void nio_sockaddr_from_ip(SOCKADDR_INET *sa, const struct nio_ip *ip, uint32_t zone) NIO_HIDDEN;
/* The family's zero address: an on-link next hop, or no source. */
void nio_sockaddr_zero(SOCKADDR_INET *sa, int slot) NIO_HIDDEN;
bool nio_ip_is_zero(const struct nio_ip *ip) NIO_HIDDEN;
/* The interface metric of (luid, family slot) that the metric model adds
 * to a route's Metric: what GetIpInterfaceEntry reports as Metric. */
uint32_t nio_if_metric(uint64_t luid, int slot) NIO_HIDDEN;
/* The same for ifc as the caller read it, within rv (NULL: alone): no
 * request about the interface, and no speed query (the automatic metric
 * adds nothing). */
uint32_t nio_if_metric_of(struct nio_recview *rv, const struct nio_iface *ifc,
                          int slot) NIO_HIDDEN;
/* True when no record of (index, family slot) exists, nor a Set's preview:
 * whoever holds the index, its settings are then the defaults (no manual
 * metric, default routes allowed), so a write by index alone needs no
 * reading of the interface to know them.  False also when the record could
 * not be read: the caller then reads the interface. */
bool nio_if_unrecorded(uint32_t index, int slot) NIO_HIDDEN;
/* A whole row from a back end's route on the interface of that LUID whose
 * interface metric is if_metric: Metric = the OS's priority - if_metric
 * (0 when the priority is lower). */
void nio_route_row_fill(MIB_IPFORWARD_ROW2 *row, const struct nio_route *r, uint64_t luid,
                        uint32_t if_metric) NIO_HIDDEN;
/* Only the key fields (prefix, next hop, interface), the rest zero: what a
 * route notification carries. */
void nio_route_row_key(MIB_IPFORWARD_ROW2 *row, const struct nio_route *r,
                       uint64_t luid) NIO_HIDDEN;

/* Unicast address rows (addr.c): the core operations, and a row from what
 * the back end reported (shared with the address notifications). */
void nio_addr_init(MIB_UNICASTIPADDRESS_ROW *row) NIO_HIDDEN;
nio_status nio_get_unicast_ip_address_entry(MIB_UNICASTIPADDRESS_ROW *row) NIO_HIDDEN;
nio_status nio_get_unicast_ip_address_table(ADDRESS_FAMILY family,
                                            MIB_UNICASTIPADDRESS_TABLE **table) NIO_HIDDEN;
nio_status nio_create_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row) NIO_HIDDEN;
nio_status nio_set_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row) NIO_HIDDEN;
nio_status nio_delete_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row) NIO_HIDDEN;
/* Every field of row from a (on the interface of that LUID); now_ms is the
 * OS's ms since boot and wall_100ns the time of day (100 ns since 1601) at
 * one moment, for CreationTimeStamp. */
void nio_addr_row_fill(MIB_UNICASTIPADDRESS_ROW *row, const struct nio_addr *a, uint64_t luid,
                       uint64_t now_ms, int64_t wall_100ns) NIO_HIDDEN;

/* ------------------------------------------------------------- exports */
/* A public entry point and its NTSTATUS twin, both wrapping one core
 * operation: each family's file ends with its own.  The outcome becomes a
 * Win32 code under the Windows name and an NTSTATUS under nio_nt_<name>
 * (the name the header maps to in the NTSTATUS flavour). */
#define NIO_EXPORT_PAIR(name, params, args, core)                                  \
    NETIOAPI_COMPAT_EXPORT DWORD WINAPI name params;                               \
    NETIOAPI_COMPAT_EXPORT NTSTATUS NTAPI nio_nt_##name params;                    \
    DWORD WINAPI name params { return nio_status_win32(core args); }               \
    NTSTATUS NTAPI nio_nt_##name params { return nio_status_nt(core args); }

#endif /* NIO_CORE_H */
