/*
 * route-args.c - the command line of "nioctl route" in ip(8)'s words:
 * PREFIX ("198.18.1.0/24", "fd00:1::/64", an address for a host route,
 * "default"), via ADDR, dev IFNAME, metric N, lifetime S, proto P, and the
 * messages of a failed call, which name the Windows code and say what it
 * means for the command.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>

#if !defined(_WIN32)
#include <arpa/inet.h>
#endif

#include "nioctl-route.h"

#define NIOCTL_INFINITE 0xFFFFFFFFu

int nioctl_route_usage_error(const struct nioctl_route_args *a, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = nioctl_vsynopsis_error(a->cmd, a->synopsis, fmt, ap);
    va_end(ap);
    return rc;
}

/* ------------------------------------------------------------ messages */
/* What a status means for the command that got it. */
static const char *nioctl_route_why(const struct nioctl_route_args *a, NETIO_STATUS st)
{
    bool add = strcmp(a->cmd, "route add") == 0;
    bool write = add || strcmp(a->cmd, "route set") == 0;
    switch (st) {
    case ERROR_OBJECT_ALREADY_EXISTS: return "the route exists";
    case ERROR_NOT_FOUND:
        return add ? "no such interface, or the family is not on it"
                   : "no such route (or no such interface)";
    case ERROR_FILE_NOT_FOUND: return "no such interface";
    case ERROR_INVALID_PARAMETER:
        return write ? "invalid route: host bits set in the prefix, a next hop not reachable "
                       "through the interface, or a value out of range"
                     : "invalid route key";
    case ERROR_ACCESS_DENIED: return "permission denied (changing routes needs privilege)";
    case ERROR_NOT_SUPPORTED: return "this OS cannot do that (docs/route.md)";
    case ERROR_RETRY: return "the routes kept changing while they were read; try again";
    case ERROR_NOT_ENOUGH_MEMORY: return "out of memory";
    default: return NULL;
    }
}

int nioctl_route_fail(const struct nioctl_route_args *a, NETIO_STATUS st, const char *why)
{
    char text[64];
    nioctl_status_text((uint32_t)st, text, sizeof(text));
    if (why == NULL)
        why = nioctl_route_why(a, st);
    fprintf(stderr, "nioctl: %s: %s%s%s\n", a->cmd, text, why ? ": " : "", why ? why : "");
    return NIOCTL_EXIT_FAIL;
}

/* ------------------------------------------------------------- values */
bool nioctl_parse_addr(const char *text, SOCKADDR_INET *out)
{
    struct addrinfo hints, *res = NULL;
    bool ok;
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_UNSPEC;
    nioctl_net_init();
    if (getaddrinfo(text, NULL, &hints, &res) != 0 || res == NULL)
        return false;
    memset(out, 0, sizeof(*out));
    ok = (res->ai_family == AF_INET && res->ai_addrlen >= sizeof(out->Ipv4)) ||
         (res->ai_family == AF_INET6 && res->ai_addrlen >= sizeof(out->Ipv6));
    if (ok && res->ai_family == AF_INET)
        memcpy(&out->Ipv4, res->ai_addr, sizeof(out->Ipv4));
    else if (ok)
        memcpy(&out->Ipv6, res->ai_addr, sizeof(out->Ipv6));
    freeaddrinfo(res);
    return ok;
}

/* A prefix's address: strict (inet_pton, where getaddrinfo would take
 * "10" for 0.0.0.10), and without a zone. */
static bool nioctl_parse_prefix_addr(const char *text, SOCKADDR_INET *out)
{
    memset(out, 0, sizeof(*out));
    nioctl_net_init();
    if (inet_pton(AF_INET, text, &out->Ipv4.sin_addr) == 1) {
        out->Ipv4.sin_family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, text, &out->Ipv6.sin6_addr) == 1) {
        out->Ipv6.sin6_family = AF_INET6;
        return true;
    }
    return false;
}

/* Decimal digits only (strtoul alone takes signs and spaces). */
bool nioctl_parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long long v;
    if (!isdigit((unsigned char)s[0]))
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *out = (unsigned long)v;
    return true;
}

/* A protocol by its Windows name, with or without "RouteProtocol", or by
 * number (MIB_IPPROTO_NT_STATIC is 10006). */
static bool nioctl_parse_proto(const char *s, NL_ROUTE_PROTOCOL *out)
{
    unsigned long v;
    if (strncasecmp(s, "RouteProtocol", 13) == 0 && s[13] != '\0')
        s += 13;
    for (int64_t p = 1; nioctl_protocol_name(p) != NULL; p++)
        if (strcasecmp(s, nioctl_protocol_name(p)) == 0) {
            *out = (NL_ROUTE_PROTOCOL)p;
            return true;
        }
    if (!nioctl_parse_ulong(s, 0x7FFFFFFF, &v))
        return false;
    *out = (NL_ROUTE_PROTOCOL)v;
    return true;
}

bool nioctl_parse_lifetime(const char *s, ULONG *out)
{
    unsigned long v;
    if (strcmp(s, "infinite") == 0 || strcmp(s, "forever") == 0) {
        *out = NIOCTL_INFINITE;
        return true;
    }
    if (!nioctl_parse_ulong(s, NIOCTL_INFINITE, &v))
        return false;
    *out = (ULONG)v;
    return true;
}

/* ------------------------------------------------------- command line */
/* "WORD VALUE": the value of the keyword at argv[*i], which must come once. */
static int nioctl_route_value(const struct nioctl_route_args *a, int argc, char **argv, int *i,
                              bool given, const char **value)
{
    if (given)
        return nioctl_route_usage_error(a, "\"%s\" given twice", argv[*i]);
    if (*i + 1 >= argc)
        return nioctl_route_usage_error(a, "\"%s\" needs a value", argv[*i]);
    *value = argv[++*i];
    return NIOCTL_EXIT_OK;
}

/* metric, lifetime, proto, --count: a keyword with a checked value. */
static int nioctl_route_number(struct nioctl_route_args *a, const char *word, const char *v)
{
    unsigned long n = 0;
    bool ok;
    if (strcmp(word, "metric") == 0) {
        ok = a->has_metric = nioctl_parse_ulong(v, NIOCTL_INFINITE, &n);
        a->metric = (ULONG)n;
    } else if (strcmp(word, "lifetime") == 0) {
        ok = a->has_lifetime = nioctl_parse_lifetime(v, &a->lifetime);
    } else if (strcmp(word, "proto") == 0) {
        ok = a->has_proto = nioctl_parse_proto(v, &a->proto);
    } else {
        ok = a->has_count = nioctl_parse_ulong(v, ~0ul, &a->count);
    }
    if (!ok)
        return nioctl_route_usage_error(a, "bad %s \"%s\"", word, v);
    return NIOCTL_EXIT_OK;
}

/* Whether w is a keyword of `words`; *given says whether it came before. */
static bool nioctl_route_keyword(const struct nioctl_route_args *a, const char *w,
                                 unsigned words, bool *given)
{
    const bool values = (words & NIOCTL_RW_VALUES) != 0;
    const struct {
        const char *word;
        bool allowed, given;
    } k[] = {
        {"via", (words & NIOCTL_RW_VIA) != 0, a->via != NULL},
        {"dev", (words & (NIOCTL_RW_DEV | NIOCTL_RW_DEV_OPT)) != 0, a->dev != NULL},
        {"metric", values, a->has_metric},
        {"lifetime", values, a->has_lifetime},
        {"proto", values, a->has_proto},
        {"--count", (words & NIOCTL_RW_COUNT) != 0, a->has_count},
    };
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (k[i].allowed && strcmp(w, k[i].word) == 0) {
            *given = k[i].given;
            return true;
        }
    return false;
}

/* A word that is no keyword: an option, else the prefix. */
static int nioctl_route_plain(struct nioctl_route_args *a, int argc, char **argv, int *i,
                              unsigned words)
{
    return nioctl_row_plain_word(a->cmd, a->synopsis, &a->o, argc, argv, i,
                                 (words & NIOCTL_RW_PREFIX) != 0, &a->prefix);
}

static int nioctl_route_word(struct nioctl_route_args *a, int argc, char **argv, int *i,
                             unsigned words)
{
    const char *w = argv[*i], *v = NULL;
    bool given = false;
    int rc;
    if (!nioctl_route_keyword(a, w, words, &given))
        return nioctl_route_plain(a, argc, argv, i, words);
    if ((rc = nioctl_route_value(a, argc, argv, i, given, &v)) != NIOCTL_EXIT_OK)
        return rc;
    if (strcmp(w, "via") == 0)
        a->via = v;
    else if (strcmp(w, "dev") == 0)
        a->dev = v;
    else
        return nioctl_route_number(a, w, v);
    return NIOCTL_EXIT_OK;
}

int nioctl_route_parse(int argc, char **argv, unsigned words, struct nioctl_route_args *a)
{
    const char *cmd = a->cmd, *synopsis = a->synopsis;
    int rc = NIOCTL_EXIT_OK;
    memset(a, 0, sizeof(*a));
    a->cmd = cmd;
    a->synopsis = synopsis;
    nioctl_opts_init(&a->o);
    for (int i = 1; i < argc && rc == NIOCTL_EXIT_OK; i++)
        rc = nioctl_route_word(a, argc, argv, &i, words);
    if (rc != NIOCTL_EXIT_OK || a->o.help)
        return rc;
    if ((words & NIOCTL_RW_PREFIX) && a->prefix == NULL)
        return nioctl_route_usage_error(a, "which prefix?");
    if ((words & NIOCTL_RW_DEV) && a->dev == NULL)
        return nioctl_route_usage_error(a, "\"dev IFNAME\" is required");
    if (a->o.v4 && a->o.v6 && (words & NIOCTL_RW_PREFIX))
        return nioctl_route_usage_error(a, "-4 and -6 together");
    return NIOCTL_EXIT_OK;
}

/* -------------------------------------------------------------- the key */
/* The family that "default" means: -4/-6, else the next hop's. */
static int nioctl_route_default(const struct nioctl_route_args *a, const SOCKADDR_INET *hop,
                                ADDRESS_FAMILY *family)
{
    if (a->o.v4 || a->o.v6)
        *family = a->o.v4 ? AF_INET : AF_INET6;
    else if (hop != NULL)
        *family = hop->si_family;
    else
        return nioctl_route_usage_error(a, "\"default\" needs -4, -6 or \"via ADDR\"");
    return NIOCTL_EXIT_OK;
}

/* "ADDR/LEN" or "ADDR" into p; a prefix carries no zone. */
static int nioctl_route_prefix(const struct nioctl_route_args *a, const SOCKADDR_INET *hop,
                               IP_ADDRESS_PREFIX *p)
{
    char addr[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(a->prefix, '/');
    size_t len = slash ? (size_t)(slash - a->prefix) : strlen(a->prefix);
    unsigned long bits, max;
    memset(p, 0, sizeof(*p));
    if (strcmp(a->prefix, "default") == 0) {
        ADDRESS_FAMILY family = AF_UNSPEC;
        int rc = nioctl_route_default(a, hop, &family);
        p->Prefix.si_family = family;
        return rc;
    }
    memcpy(addr, a->prefix, len < sizeof(addr) ? len : 0);
    addr[len < sizeof(addr) ? len : 0] = '\0';
    if (!nioctl_parse_prefix_addr(addr, &p->Prefix))
        return nioctl_route_usage_error(a, "\"%s\" is not a prefix", a->prefix);
    max = p->Prefix.si_family == AF_INET6 ? 128 : 32;
    if (slash && !nioctl_parse_ulong(slash + 1, max, &bits))
        return nioctl_route_usage_error(a, "bad prefix length in \"%s\"", a->prefix);
    p->PrefixLength = (UCHAR)(slash ? bits : max);
    if ((a->o.v4 && p->Prefix.si_family != AF_INET) ||
        (a->o.v6 && p->Prefix.si_family != AF_INET6))
        return nioctl_route_usage_error(a, "\"%s\" is not of the family asked for", a->prefix);
    return NIOCTL_EXIT_OK;
}

/* The interface of dev into the row's key (LUID or index). */
static int nioctl_route_dev(const struct nioctl_route_args *a, NET_LUID *luid,
                            NET_IFINDEX *index)
{
    MIB_IPINTERFACE_ROW key;
    int rc;
    InitializeIpInterfaceEntry(&key);
    /* "Cannot find device" when no interface has it, as ip(8) says it. */
    rc = nioctl_resolve_target(a->cmd, a->dev, &key);
    *luid = key.InterfaceLuid;
    *index = key.InterfaceIndex;
    return rc;
}

int nioctl_route_key(const struct nioctl_route_args *a, MIB_IPFORWARD_ROW2 *row)
{
    SOCKADDR_INET hop;
    int rc;
    InitializeIpForwardEntry(row);
    if (a->via != NULL && !nioctl_parse_addr(a->via, &hop))
        return nioctl_route_usage_error(a, "\"%s\" is not an IPv4 or IPv6 address", a->via);
    rc = nioctl_route_prefix(a, a->via ? &hop : NULL, &row->DestinationPrefix);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    /* On-link is the family's zero address, as Windows programs write it. */
    memset(&row->NextHop, 0, sizeof(row->NextHop));
    if (a->via != NULL)
        row->NextHop = hop;
    else
        row->NextHop.si_family = row->DestinationPrefix.Prefix.si_family;
    return nioctl_route_dev(a, &row->InterfaceLuid, &row->InterfaceIndex);
}

int nioctl_route_dev_luid(const struct nioctl_route_args *a, NET_LUID *luid)
{
    NET_IFINDEX index = 0;
    NETIO_STATUS st;
    int rc = nioctl_route_dev(a, luid, &index);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    /* Either form, checked: a filter on an interface that is not there
     * would silently print nothing. */
    st = luid->Value != 0 ? ConvertInterfaceLuidToIndex(luid, &index)
                          : ConvertInterfaceIndexToLuid(index, luid);
    if (st != NO_ERROR)
        return nioctl_route_fail(a, st, "no such interface");
    return NIOCTL_EXIT_OK;
}
