/*
 * nioctl-neigh.h - what the files of "nioctl neigh" share: the parsed
 * command line (neigh-args.c), the messages of a failed call, the row of
 * the key, and the subcommands (cmd-neigh.c).
 */
#ifndef NIOCTL_NEIGH_H
#define NIOCTL_NEIGH_H

#include "nioctl.h"

/* The words a subcommand accepts after its name (a bit each). */
enum {
    NIOCTL_NW_ADDR = 1u << 0,     /* ADDR, required */
    NIOCTL_NW_DEV = 1u << 1,      /* dev IF, required */
    NIOCTL_NW_DEV_OPT = 1u << 2,  /* dev IF, optional (list, flush) */
    NIOCTL_NW_FAMILY = 1u << 3,   /* -4, -6 (list, flush) */
    NIOCTL_NW_LLADDR = 1u << 4,   /* lladdr XX:XX:.. */
    NIOCTL_NW_NUD = 1u << 5,      /* nud STATE, router (add, set) */
    NIOCTL_NW_NOROUTER = 1u << 6, /* norouter (set) */
    NIOCTL_NW_FROM = 1u << 7      /* from SRC (resolve) */
};

/* One neigh subcommand's command line. */
struct nioctl_neigh_args {
    const char *cmd;      /* "neigh add": the name in messages */
    const char *synopsis; /* its usage line */
    struct nioctl_opts o; /* -4, -6, --json, --help */
    const char *addr, *dev, *from;
    bool has_lladdr, has_nud, router, norouter;
    UCHAR lladdr[IF_MAX_PHYS_ADDRESS_LENGTH];
    ULONG lladdr_len;
    NL_NEIGHBOR_STATE nud;
};

/* Parses argv (argv[0] the subcommand) for the words in `words`.  Returns
 * NIOCTL_EXIT_OK, or prints why and the usage line and returns
 * NIOCTL_EXIT_USAGE. */
int nioctl_neigh_parse(int argc, char **argv, unsigned words, struct nioctl_neigh_args *a);

/* A usage error of a neigh subcommand: the message, then its usage line. */
int nioctl_neigh_usage_error(const struct nioctl_neigh_args *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "nioctl: neigh add: ERROR_OBJECT_ALREADY_EXISTS (5010): the interface has
 * a neighbour of that address"; why NULL explains st the usual way for
 * a->cmd.  Returns NIOCTL_EXIT_FAIL. */
int nioctl_neigh_fail(const struct nioctl_neigh_args *a, NETIO_STATUS st, const char *why);

/* The zeroed row of a->addr and a->dev: the address, the interface.
 * NIOCTL_EXIT_OK, or the error printed and its exit code. */
int nioctl_neigh_key(const struct nioctl_neigh_args *a, MIB_IPNET_ROW2 *row);

/* The index of a->dev, checked to exist; the error printed and its exit
 * code otherwise. */
int nioctl_neigh_dev_index(const struct nioctl_neigh_args *a, NET_IFINDEX *index);

/* a->from as an address; the error printed and its exit code otherwise. */
int nioctl_neigh_source(const struct nioctl_neigh_args *a, SOCKADDR_INET *src);

/* One neighbour as ip-neigh(8) prints it: "ADDR dev ALIAS lladdr XX:..",
 * " router", then its state in ip's words (REACHABLE, FAILED).  No
 * newline. */
void nioctl_neigh_line(FILE *out, const MIB_IPNET_ROW2 *r);

int nioctl_neigh_list(int argc, char **argv);
int nioctl_neigh_show(int argc, char **argv);
int nioctl_neigh_add(int argc, char **argv);
int nioctl_neigh_set(int argc, char **argv);
int nioctl_neigh_del(int argc, char **argv);
int nioctl_neigh_flush(int argc, char **argv);
int nioctl_neigh_resolve(int argc, char **argv);

#endif /* NIOCTL_NEIGH_H */
