/*
 * nioctl-route.h - what the files of "nioctl route" share: the parsed
 * command line (route-args.c), the messages of a failed call, the ip(8)-like
 * line of one route, and the subcommands (cmd-route*.c).
 */
#ifndef NIOCTL_ROUTE_H
#define NIOCTL_ROUTE_H

#include "nioctl.h"

/* The words a subcommand accepts after its name (a bit each). */
enum {
    NIOCTL_RW_PREFIX = 1u << 0,   /* PREFIX, required */
    NIOCTL_RW_VIA = 1u << 1,      /* via ADDR */
    NIOCTL_RW_DEV = 1u << 2,      /* dev IFNAME, required with PREFIX */
    NIOCTL_RW_VALUES = 1u << 3,   /* metric N, lifetime S, proto P */
    NIOCTL_RW_COUNT = 1u << 4,    /* --count N */
    NIOCTL_RW_DEV_OPT = 1u << 5,  /* dev IFNAME, optional (list) */
};

/* One route subcommand's command line. */
struct nioctl_route_args {
    const char *cmd;            /* "route add": the name in messages */
    const char *synopsis;       /* its usage line */
    struct nioctl_opts o;       /* -4, -6, --json, --help */
    const char *prefix, *via, *dev;
    bool has_metric, has_lifetime, has_proto, has_count;
    ULONG metric, lifetime;
    NL_ROUTE_PROTOCOL proto;
    unsigned long count;
};

/* Parses argv (argv[0] the subcommand) for the words in `words`.  Returns
 * NIOCTL_EXIT_OK, or prints why and the usage line and returns
 * NIOCTL_EXIT_USAGE. */
int nioctl_route_parse(int argc, char **argv, unsigned words, struct nioctl_route_args *a);

/* A usage error of a route subcommand: the message, then its usage line. */
int nioctl_route_usage_error(const struct nioctl_route_args *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "nioctl: route add: ERROR_OBJECT_ALREADY_EXISTS (5010): the route exists"
 * on stderr; why NULL explains st the usual way for a->cmd.  Returns
 * NIOCTL_EXIT_FAIL. */
int nioctl_route_fail(const struct nioctl_route_args *a, NETIO_STATUS st, const char *why);

/* A numeric address, an IPv6 one with an optional %zone. */
bool nioctl_parse_addr(const char *text, SOCKADDR_INET *out);

/* The row of a->prefix, a->via and a->dev: InitializeIpForwardEntry, then
 * the key.  NIOCTL_EXIT_OK, or the error printed and its exit code. */
int nioctl_route_key(const struct nioctl_route_args *a, MIB_IPFORWARD_ROW2 *row);

/* The interface of a->dev as a LUID that exists; the error printed and
 * its exit code otherwise. */
int nioctl_route_dev_luid(const struct nioctl_route_args *a, NET_LUID *luid);

/* One route as ip(8) prints it: "[local ]PREFIX [via HOP] dev ALIAS", and
 * with details " metric N proto P[ lifetime S]".  No newline. */
void nioctl_route_line(FILE *out, const MIB_IPFORWARD_ROW2 *r, bool details);

int nioctl_route_list(int argc, char **argv);
int nioctl_route_show(int argc, char **argv);
int nioctl_route_add(int argc, char **argv);
int nioctl_route_del(int argc, char **argv);
int nioctl_route_set(int argc, char **argv);
int nioctl_route_watch(int argc, char **argv);

#endif /* NIOCTL_ROUTE_H */
