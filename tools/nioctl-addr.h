/*
 * nioctl-addr.h - what the files of "nioctl addr" share: the parsed command
 * line (addr-args.c), the messages of a failed call, the row of the key,
 * and the subcommands (cmd-addr*.c).
 */
#ifndef NIOCTL_ADDR_H
#define NIOCTL_ADDR_H

#include "nioctl.h"

/* The words a subcommand accepts after its name (a bit each). */
enum {
    NIOCTL_AW_ADDR = 1u << 0,      /* ADDR, required */
    NIOCTL_AW_LEN = 1u << 1,       /* ... which may be ADDR/LEN (add) */
    NIOCTL_AW_DEV = 1u << 2,       /* dev IF, required */
    NIOCTL_AW_DEV_OPT = 1u << 3,   /* dev IF, optional (list) */
    NIOCTL_AW_FAMILY = 1u << 4,    /* -4, -6 (list) */
    NIOCTL_AW_LIFETIMES = 1u << 5, /* valid S, preferred S */
    NIOCTL_AW_NODAD = 1u << 6,     /* nodad */
    NIOCTL_AW_SKIP_FLAG = 1u << 7, /* skip-as-source, alone (add) */
    NIOCTL_AW_SKIP_VALUE = 1u << 8 /* skip-as-source on|off (set) */
};

/* One addr subcommand's command line. */
struct nioctl_addr_args {
    const char *cmd;      /* "addr add": the name in messages */
    const char *synopsis; /* its usage line */
    struct nioctl_opts o; /* -4, -6, --json, --help */
    const char *addr, *dev;
    bool nodad, has_valid, has_preferred, has_skip;
    ULONG valid, preferred;
    bool skip;
};

/* Parses argv (argv[0] the subcommand) for the words in `words`.  Returns
 * NIOCTL_EXIT_OK, or prints why and the usage line and returns
 * NIOCTL_EXIT_USAGE. */
int nioctl_addr_parse(int argc, char **argv, unsigned words, struct nioctl_addr_args *a);

/* A usage error of an addr subcommand: the message, then its usage line. */
int nioctl_addr_usage_error(const struct nioctl_addr_args *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "nioctl: addr add: ERROR_OBJECT_ALREADY_EXISTS (5010): the interface has
 * the address" on stderr; why NULL explains st the usual way for a->cmd.
 * Returns NIOCTL_EXIT_FAIL. */
int nioctl_addr_fail(const struct nioctl_addr_args *a, NETIO_STATUS st, const char *why);

/* The row of a->addr and a->dev: with_len (add), InitializeUnicastIpAddressEntry
 * and OnLinkPrefixLength from /LEN, else a zeroed row; the address, the
 * interface.
 * NIOCTL_EXIT_OK, or the error printed and its exit code. */
int nioctl_addr_key(const struct nioctl_addr_args *a, bool with_len,
                    MIB_UNICASTIPADDRESS_ROW *row);

/* The interface of a->dev as a LUID that exists; the error printed and
 * its exit code otherwise. */
int nioctl_addr_dev_luid(const struct nioctl_addr_args *a, NET_LUID *luid);

/* One address as ip(8) prints it: "ADDR/LEN dev ALIAS", then " valid S",
 * " preferred S" when finite, " skip-as-source", " dad STATE" and
 * " origin P/S".  No newline. */
void nioctl_addr_line(FILE *out, const MIB_UNICASTIPADDRESS_ROW *r);

int nioctl_addr_list(int argc, char **argv);
int nioctl_addr_show(int argc, char **argv);
int nioctl_addr_add(int argc, char **argv);
int nioctl_addr_set(int argc, char **argv);
int nioctl_addr_del(int argc, char **argv);

#endif /* NIOCTL_ADDR_H */
