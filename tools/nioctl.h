/*
 * nioctl.h - what the files of nioctl share: the subcommand table entry,
 * the common options, status names, interface names, the JSON writer, the
 * one row printer (output.c) and the field tables it walks.  nioctl uses
 * only the public <netioapi_compat.h>, and the library's UTF-16 code
 * through wstr.h.
 */
#ifndef NIOCTL_H
#define NIOCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <netioapi_compat.h>
#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <netdb.h>
#endif

/* Exit codes: success, a library call failed, the command line was wrong. */
enum { NIOCTL_EXIT_OK = 0, NIOCTL_EXIT_FAIL = 1, NIOCTL_EXIT_USAGE = 2 };

/* One subcommand.  run gets argv[0] == the subcommand's name and returns an
 * exit code; "<name> --help" prints its usage to stdout and returns 0. */
struct nioctl_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help; /* one line, for "nioctl help" */
};

int nioctl_cmd_show(int argc, char **argv);
int nioctl_cmd_get(int argc, char **argv);
int nioctl_cmd_set(int argc, char **argv);
int nioctl_cmd_watch(int argc, char **argv);

/* What differs between the OSes nioctl runs on (os-posix.c, os-win32.c). */
/* Waiting for the user to stop a long-running command: prepare before
 * starting threads, wait until Ctrl-C or a termination request, or raise
 * one from any thread. */
void nioctl_stop_prepare(void);
void nioctl_stop_wait(void);
void nioctl_stop_raise(void);
/* The time now, UTC, as 2026-11-25T16:30:00.123456Z. */
void nioctl_utc_now(char *buf, size_t cap);
/* Sockets API set-up before getaddrinfo (Windows needs WSAStartup). */
void nioctl_net_init(void);
/* MIB_IF_ROW2 with or without counters.  mingw-w64 declares neither
 * GetIfEntry2Ex nor the "without statistics" levels: on Windows counters
 * are always read. */
NETIO_STATUS nioctl_if_entry(bool stats, MIB_IF_ROW2 *row);
NETIO_STATUS nioctl_if_table(bool stats, PMIB_IF_TABLE2 *table);
int nioctl_cmd_link(int argc, char **argv);
/* cmd-route.c: "route" and its subcommands (nioctl-route.h). */
int nioctl_cmd_route(int argc, char **argv);
/* cmd-addr.c: "addr" and its subcommands (nioctl-addr.h). */
int nioctl_cmd_addr(int argc, char **argv);
/* cmd-neigh.c: "neigh" and its subcommands (nioctl-neigh.h). */
int nioctl_cmd_neigh(int argc, char **argv);
/* cmd-adapters.c: "adapters" (GetAdaptersAddresses). */
int nioctl_cmd_adapters(int argc, char **argv);

/* ---------------------------------------------------- nioctl.c: options */
/* Options several subcommands take; each one says which it accepts.  They
 * may also come before the command ("nioctl -j show", as "ip -j"): those
 * are the starting values every command's options get (nioctl_opts_init). */
struct nioctl_opts {
    bool v4;       /* -4, -f inet, --family inet */
    bool v6;       /* -6, -f inet6, --family inet6 */
    bool json;     /* -j, --json */
    bool help;     /* -h, --help */
    char why[96];  /* NIOCTL_OPT_BAD: what is wrong */
};

/* What nioctl_common_opt made of an argument. */
enum { NIOCTL_OPT_NONE, NIOCTL_OPT_TAKEN, NIOCTL_OPT_BAD };

/* The options given before the command, for a command's own to start from. */
void nioctl_opts_init(struct nioctl_opts *o);

/* Records argv[*i] in *o if it is one of the options above: NIOCTL_OPT_TAKEN
 * (*i moved past the value of "-f inet"), NIOCTL_OPT_NONE when it is none,
 * NIOCTL_OPT_BAD with o->why set for a family missing or unknown. */
int nioctl_common_opt(int argc, char **argv, int *i, struct nioctl_opts *o);

/* AF_INET or AF_INET6 when exactly one family was asked for, else
 * AF_UNSPEC (neither, like both, means both). */
ADDRESS_FAMILY nioctl_opts_family(const struct nioctl_opts *o);

/* Prints "nioctl CMD: MESSAGE" and a hint to stderr; returns
 * NIOCTL_EXIT_USAGE. */
int nioctl_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints "nioctl CMD: MESSAGE" and "usage: SYNOPSIS" to stderr; returns
 * NIOCTL_EXIT_USAGE.  For the row commands, whose usage is one line. */
int nioctl_vsynopsis_error(const char *cmd, const char *synopsis, const char *fmt, va_list ap);

/* A word of a row command that is no keyword (addr, route, neigh): one of
 * the options above, else its one positional argument, kept in
 * *positional when allowed and not given yet.  NIOCTL_EXIT_OK, or the
 * usage error printed (with synopsis) and NIOCTL_EXIT_USAGE. */
int nioctl_row_plain_word(const char *cmd, const char *synopsis, struct nioctl_opts *o, int argc,
                          char **argv, int *i, bool allowed, const char **positional);

/* ----------------------------------------------- status-name.c: statuses */
/* The name of every status code the header defines, Win32 and NTSTATUS
 * ("ERROR_NOT_FOUND", "STATUS_NOT_FOUND"); NULL for any other value. */
const char *nioctl_status_name(uint32_t status);

/* Prints "FUNCTION: NAME (NUMBER)" to stderr; returns NIOCTL_EXIT_FAIL. */
int nioctl_fail(const char *function, uint32_t status);

/* "NAME (NUMBER)": Win32 codes in decimal, NTSTATUS codes in hex. */
void nioctl_status_text(uint32_t status, char *buf, size_t cap);

/* ------------------------------------- route-args.c: numbers in words */
/* Decimal digits only, no sign or space, at most max. */
bool nioctl_parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* Seconds, or "infinite" / "forever" (0xFFFFFFFF). */
bool nioctl_parse_lifetime(const char *s, ULONG *out);

/* ------------------------------------ addr-args.c: an address in words */
/* An address, strictly (inet_pton: no "10" for 0.0.0.10, no zone: dev is
 * the zone of a link-local address); *out zeroed first. */
bool nioctl_parse_strict_addr(const char *text, SOCKADDR_INET *out);

/* ------------------------------------------- target.c: <interface> */
/* Sets the key of *row (InterfaceIndex or InterfaceLuid) from the
 * <interface> argument of command cmd: digits, 0x<hex>, a Windows-style
 * name or an alias (docs/nioctl.md).  Returns NIOCTL_EXIT_OK when an
 * interface has that key; else prints why and returns NIOCTL_EXIT_USAGE
 * (malformed) or NIOCTL_EXIT_FAIL ("nioctl: CMD: Cannot find device
 * "ARG"", as ip(8) says it). */
int nioctl_resolve_target(const char *cmd, const char *arg, MIB_IPINTERFACE_ROW *row);

/* -------------------------------------------------- names.c: interfaces */
/* Room for any alias or Windows-style name, NUL included. */
#define NIOCTL_NAME_MAX (NDIS_IF_MAX_STRING_SIZE * 3 + 1)

/* The OS alias of a LUID in UTF-8; false (and "") when the library has
 * none, e.g. because the interface has just gone. */
bool nioctl_alias(const NET_LUID *luid, char *buf, size_t cap);

/* The Windows-style name of a LUID ("ethernet_3"); false (and "") on
 * failure. */
bool nioctl_luid_name(const NET_LUID *luid, char *buf, size_t cap);

/* "AF_INET", "AF_INET6", "AF_UNSPEC" or NULL. */
const char *nioctl_family_name(int64_t family);
/* The enumerator's name ("RouterDiscoveryEnabled") or NULL. */
const char *nioctl_router_discovery_name(int64_t v);
const char *nioctl_link_local_name(int64_t v);

/* ---------------------------------------------------- json.c: JSON out */
#define NIOCTL_JSON_DEPTH 8

/* A pretty-printing JSON writer.  Every value function takes a key, which
 * must be NULL inside an array and non-NULL inside an object. */
struct nioctl_json {
    FILE *f;
    int depth;
    bool empty[NIOCTL_JSON_DEPTH]; /* nothing written yet at this depth */
    bool flat[NIOCTL_JSON_DEPTH];  /* this container stays on one line */
};

void nioctl_json_init(struct nioctl_json *j, FILE *f);
void nioctl_json_begin_object(struct nioctl_json *j, const char *key);
void nioctl_json_end_object(struct nioctl_json *j);
void nioctl_json_begin_array(struct nioctl_json *j, const char *key);
/* An array kept on one line ("[0, 3, 3]"), for short lists of numbers. */
void nioctl_json_begin_flat_array(struct nioctl_json *j, const char *key);
/* An object kept on one line, for one-object-per-line output (watch). */
void nioctl_json_begin_flat_object(struct nioctl_json *j, const char *key);
void nioctl_json_end_array(struct nioctl_json *j);
void nioctl_json_uint(struct nioctl_json *j, const char *key, uint64_t v);
void nioctl_json_int(struct nioctl_json *j, const char *key, int64_t v);
void nioctl_json_bool(struct nioctl_json *j, const char *key, bool v);
/* s NULL writes null. */
void nioctl_json_string(struct nioctl_json *j, const char *key, const char *s);
/* A LUID the way every row prints it: key as "0x%016x", then "IfType"
 * and "NetLuidIndex" as numbers. */
void nioctl_json_luid(struct nioctl_json *j, const char *key, const NET_LUID *luid);
/* Ends the document with a newline. */
void nioctl_json_finish(struct nioctl_json *j);

/* ------------------------------------- output.c: rows as text or JSON */
/* How a field is printed: text ("Field: value" lines), JSON. */
enum nioctl_kind {
    NIOCTL_K_UINT,    /* an unsigned integer of size bytes */
    NIOCTL_K_LUID,    /* NET_LUID: 0x%016x, in text and JSON (a string) */
    NIOCTL_K_LUID_IFTYPE, /* the IfType of the NET_LUID at offset */
    NIOCTL_K_LUID_INDEX,  /* its NetLuidIndex */
    NIOCTL_K_BOOLEAN, /* BOOLEAN: true/false, or the number when above 1 */
    NIOCTL_K_FLAG,    /* TRUE/FALSE in text, a boolean in JSON */
    NIOCTL_K_ENUM,    /* its name (else the number), in text and JSON */
    NIOCTL_K_CODE,    /* "Name (n)" or "n" in text, the number in JSON */
    NIOCTL_K_STR,     /* the text getter's string, in text and JSON */
    NIOCTL_K_NAME,    /* the same, but JSON null when the getter fails */
    NIOCTL_K_ZONES,   /* an array of ULONG: space-separated, a flat array */
    NIOCTL_K_OFFLOAD, /* NL_INTERFACE_OFFLOAD_ROD: set bit names, an object */
};

struct nioctl_field {
    const char *name;
    enum nioctl_kind kind;
    size_t offset; /* of the value in the row */
    size_t size;   /* of the value */
    /* NIOCTL_K_ENUM, NIOCTL_K_CODE: the value's name, NULL when none. */
    const char *(*names)(int64_t v);
    /* NIOCTL_K_STR, NIOCTL_K_NAME: the value as text; false on failure. */
    bool (*text)(const void *row, const struct nioctl_field *f, char *buf, size_t cap);
    /* Numbers that are no plain member (bit fields); NULL reads offset. */
    int64_t (*get)(const void *row);
};

/* Every field of one row type, in print order.  A table may extend
 * another whose row sits at offset 0 of its own (GetBestRoute2's view of
 * MIB_IPFORWARD_ROW2): the base's fields print first, so one row type has
 * one field list. */
struct nioctl_table {
    const struct nioctl_field *fields;
    size_t n;
    const struct nioctl_table *base; /* NULL: none */
};
#define NIOCTL_TABLE(a) {a, sizeof(a) / sizeof((a)[0]), NULL}
#define NIOCTL_TABLE_EXTENDING(b, a) {a, sizeof(a) / sizeof((a)[0]), &(b)}

/* The two decoded parts printed after every LUID, IfType and NetLuidIndex;
 * m is the offset and size of the NET_LUID (a table's M(member)). */
#define NIOCTL_LUID_PARTS(m) \
    {"IfType", NIOCTL_K_LUID_IFTYPE, m, NULL, NULL, NULL}, \
    {"NetLuidIndex", NIOCTL_K_LUID_INDEX, m, NULL, NULL, NULL}

/* A field's raw value, copied out so that no cast breaks alignment. */
#define NIOCTL_READ(row, field, var) \
    memcpy(&(var), (const unsigned char *)(row) + (field)->offset, sizeof(var))

/* A numeric field's value: unsigned, or sign-extended for the enum kinds. */
uint64_t nioctl_field_uint(const void *row, const struct nioctl_field *f);
int64_t nioctl_field_int(const void *row, const struct nioctl_field *f);

/* Every field, one "Field: value" line each. */
void nioctl_print_row_text(FILE *out, const struct nioctl_table *t, const void *row);
/* Every field as one JSON object (key NULL inside an array). */
void nioctl_print_row_json(struct nioctl_json *j, const char *key,
                           const struct nioctl_table *t, const void *row);
/* n rows of size bytes each to stdout, as one JSON array. */
void nioctl_print_rows_json(const struct nioctl_table *t, const void *rows, size_t size,
                            size_t n);
/* One row to stdout: text lines, or one JSON document. */
void nioctl_print_row(const struct nioctl_table *t, const void *row, bool json);

/* ---------------------------------------- fields.c: shared text getters */
/* Of the NET_LUID at f->offset: its Windows-style name, its OS alias. */
bool nioctl_text_luid_name(const void *row, const struct nioctl_field *f, char *buf,
                           size_t cap);
bool nioctl_text_alias(const void *row, const struct nioctl_field *f, char *buf, size_t cap);
/* The NUL-terminated WCHAR array at f->offset in UTF-8, "?" if invalid. */
bool nioctl_text_wstr(const void *row, const struct nioctl_field *f, char *buf, size_t cap);
/* The GUID at f->offset, {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}. */
bool nioctl_text_guid(const void *row, const struct nioctl_field *f, char *buf, size_t cap);
/* The SOCKADDR_INET at f->offset, numeric, "?" when it has none. */
bool nioctl_text_sockaddr(const void *row, const struct nioctl_field *f, char *buf,
                          size_t cap);
void nioctl_addr_text(const SOCKADDR_INET *a, char *buf, size_t cap);
/* The same without an IPv6 zone: for a line that names the interface
 * already, as ip(8) prints it. */
void nioctl_addr_bare(const SOCKADDR_INET *a, char *buf, size_t cap);

/* ------------------------------------------ the field table of each row */
/* ipif-fields.c: MIB_IPINTERFACE_ROW, with four extras after the LUID
 * (docs/nioctl.md). */
extern const struct nioctl_table nioctl_ipif_table;
/* The eight bits of a NIOCTL_K_OFFLOAD field, named by nioctl_offload_names. */
extern const char *const nioctl_offload_names[8];
void nioctl_offload_bits(const void *row, const struct nioctl_field *f, bool bits[8]);

/* ifrow-fields.c: MIB_IF_ROW2. */
extern const struct nioctl_table nioctl_link_table;
const char *nioctl_oper_name(int64_t v);

/* route-fields.c: MIB_IPFORWARD_ROW2, for every route command.  Its first
 * NIOCTL_FWD_KEY_FIELDS fields are the key of a route and the names of its
 * interface (what a route notification carries). */
extern const struct nioctl_table nioctl_fwd_table;
#define NIOCTL_FWD_KEY_FIELDS 8
/* Enumerator names without their prefix ("NetMgmt", "WellKnown"), NULL
 * for a value without one. */
const char *nioctl_protocol_name(int64_t p);
const char *nioctl_origin_name(int64_t o);

/* bestroute-fields.c: the route GetBestRoute2 chose and its source address:
 * nioctl_fwd_table and BestSourceAddress. */
struct nioctl_route_view {
    MIB_IPFORWARD_ROW2 row; /* first: nioctl_fwd_table's offsets hold */
    SOCKADDR_INET best_source;
};
extern const struct nioctl_table nioctl_route_table;

/* addr-fields.c: MIB_UNICASTIPADDRESS_ROW, for every addr command. */
extern const struct nioctl_table nioctl_addr_table;
/* Enumerator names without their prefix ("Manual", "Preferred"), NULL for
 * a value without one. */
const char *nioctl_prefix_origin_name(int64_t v);
const char *nioctl_suffix_origin_name(int64_t v);
const char *nioctl_dad_state_name(int64_t v);

/* neigh-fields.c: MIB_IPNET_ROW2, for every neigh command. */
extern const struct nioctl_table nioctl_neigh_table;
/* NL_NEIGHBOR_STATE without its prefix ("Reachable"), NULL for a value
 * without one. */
const char *nioctl_neigh_state_name(int64_t v);

#endif /* NIOCTL_H */
