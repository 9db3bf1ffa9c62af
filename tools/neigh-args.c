/*
 * neigh-args.c - the command line of "nioctl neigh" in ip-neigh(8)'s words:
 * ADDR, dev IF, lladdr XX:XX:.., nud STATE, router, norouter, from SRC; the
 * row of the key, and the messages of a failed call, which name the
 * Windows code and say what it means for the command.  The address and the
 * interface are parsed by the helpers addr uses (addr-args.c, target.c).
 */
#include <ctype.h>
#include <stdarg.h>

#include "nioctl-neigh.h"

int nioctl_neigh_usage_error(const struct nioctl_neigh_args *a, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = nioctl_vsynopsis_error(a->cmd, a->synopsis, fmt, ap);
    va_end(ap);
    return rc;
}

/* ------------------------------------------------------------ messages */
static const char *nioctl_neigh_not_found(const struct nioctl_neigh_args *a)
{
    if (strcmp(a->cmd, "neigh add") == 0)
        return "no such interface, or the family is not on it";
    if (strcmp(a->cmd, "neigh flush") == 0)
        return "no such interface";
    return "no such neighbour on the interface (or no such interface)";
}

/* What a status means for the command that got it. */
static const char *nioctl_neigh_why(const struct nioctl_neigh_args *a, NETIO_STATUS st)
{
    switch (st) {
    case ERROR_OBJECT_ALREADY_EXISTS: return "the interface has a neighbour of that address";
    case ERROR_NOT_FOUND: return nioctl_neigh_not_found(a);
    case ERROR_INVALID_PARAMETER:
        return "invalid neighbour: a loopback or unspecified address, no or too long a "
               "link-layer address, a state no entry is made in, or a source not of the "
               "interface";
    case ERROR_BAD_NET_NAME: return "nobody answered the solicitation";
    case ERROR_ACCESS_DENIED: return "permission denied (changing neighbours needs privilege)";
    case ERROR_NOT_SUPPORTED: return "this OS cannot do that (docs/neigh.md)";
    case ERROR_RETRY: return "the neighbours kept changing while they were read; try again";
    case ERROR_NOT_ENOUGH_MEMORY: return "out of memory";
    default: return NULL;
    }
}

int nioctl_neigh_fail(const struct nioctl_neigh_args *a, NETIO_STATUS st, const char *why)
{
    char text[64];
    nioctl_status_text((uint32_t)st, text, sizeof(text));
    if (why == NULL)
        why = nioctl_neigh_why(a, st);
    fprintf(stderr, "nioctl: %s: %s%s%s\n", a->cmd, text, why ? ": " : "", why ? why : "");
    return NIOCTL_EXIT_FAIL;
}

/* ------------------------------------------------------- the values */
static int nioctl_hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "02:00:5e:00:53:01" (or with '-'): one or two hex digits a byte, at most
 * IF_MAX_PHYS_ADDRESS_LENGTH bytes. */
static bool nioctl_parse_lladdr(const char *s, UCHAR *out, ULONG *len)
{
    *len = 0;
    while (*s != '\0') {
        int hi = nioctl_hex((unsigned char)s[0]), lo;
        if (hi < 0 || *len >= IF_MAX_PHYS_ADDRESS_LENGTH)
            return false;
        lo = nioctl_hex((unsigned char)s[1]);
        out[(*len)++] = (UCHAR)(lo < 0 ? hi : hi * 16 + lo);
        s += lo < 0 ? 1 : 2;
        if (*s == ':' || *s == '-') {
            if (s[1] == '\0')
                return false;
            s++;
        } else if (*s != '\0') {
            return false;
        }
    }
    return *len > 0;
}

/* ip-neigh(8)'s nud words for the states an entry can be made in. */
static bool nioctl_parse_nud(const char *s, NL_NEIGHBOR_STATE *out)
{
    static const struct {
        const char *word;
        NL_NEIGHBOR_STATE state;
    } nuds[] = {{"permanent", NlnsPermanent}, {"reachable", NlnsReachable},
                {"stale", NlnsStale},         {"delay", NlnsDelay},
                {"probe", NlnsProbe}};
    for (size_t i = 0; i < sizeof(nuds) / sizeof(nuds[0]); i++)
        if (strcmp(s, nuds[i].word) == 0) {
            *out = nuds[i].state;
            return true;
        }
    return false;
}

/* ------------------------------------------------------- command line */
/* Whether w is a keyword with a value that this command accepts. */
static bool nioctl_neigh_valued(const char *w, unsigned words)
{
    if (strcmp(w, "dev") == 0)
        return (words & (NIOCTL_NW_DEV | NIOCTL_NW_DEV_OPT)) != 0;
    if (strcmp(w, "lladdr") == 0)
        return (words & NIOCTL_NW_LLADDR) != 0;
    if (strcmp(w, "nud") == 0)
        return (words & NIOCTL_NW_NUD) != 0;
    return strcmp(w, "from") == 0 && (words & NIOCTL_NW_FROM) != 0;
}

/* The value v of keyword w, which comes once. */
static int nioctl_neigh_value(struct nioctl_neigh_args *a, const char *w, const char *v)
{
    bool twice, ok = true;
    if (strcmp(w, "dev") == 0) {
        twice = a->dev != NULL;
        a->dev = v;
    } else if (strcmp(w, "from") == 0) {
        twice = a->from != NULL;
        a->from = v;
    } else if (strcmp(w, "lladdr") == 0) {
        twice = a->has_lladdr;
        ok = a->has_lladdr = nioctl_parse_lladdr(v, a->lladdr, &a->lladdr_len);
    } else {
        twice = a->has_nud;
        ok = a->has_nud = nioctl_parse_nud(v, &a->nud);
    }
    if (twice)
        return nioctl_neigh_usage_error(a, "\"%s\" given twice", w);
    if (!ok)
        return nioctl_neigh_usage_error(a, "bad %s \"%s\"", w, v);
    return NIOCTL_EXIT_OK;
}

/* router (add, set), norouter (set); false when w is neither here. */
static bool nioctl_neigh_flag(struct nioctl_neigh_args *a, const char *w, unsigned words,
                              int *rc)
{
    bool *flag;
    if (strcmp(w, "router") == 0 && (words & NIOCTL_NW_NUD))
        flag = &a->router;
    else if (strcmp(w, "norouter") == 0 && (words & NIOCTL_NW_NOROUTER))
        flag = &a->norouter;
    else
        return false;
    *rc = NIOCTL_EXIT_OK;
    if (*flag)
        *rc = nioctl_neigh_usage_error(a, "\"%s\" given twice", w);
    *flag = true;
    return true;
}

/* A word that is no keyword: an option, else the address. */
static int nioctl_neigh_plain(struct nioctl_neigh_args *a, int argc, char **argv, int *i,
                              unsigned words)
{
    return nioctl_row_plain_word(a->cmd, a->synopsis, &a->o, argc, argv, i,
                                 (words & NIOCTL_NW_ADDR) != 0, &a->addr);
}

static int nioctl_neigh_word(struct nioctl_neigh_args *a, int argc, char **argv, int *i,
                             unsigned words)
{
    const char *w = argv[*i];
    int rc = NIOCTL_EXIT_OK;
    if (nioctl_neigh_flag(a, w, words, &rc))
        return rc;
    if (!nioctl_neigh_valued(w, words))
        return nioctl_neigh_plain(a, argc, argv, i, words);
    if (*i + 1 >= argc)
        return nioctl_neigh_usage_error(a, "\"%s\" needs a value", w);
    return nioctl_neigh_value(a, w, argv[++*i]);
}

/* What must be there once every word is read. */
static int nioctl_neigh_complete(const struct nioctl_neigh_args *a, unsigned words)
{
    if ((a->o.v4 || a->o.v6) && !(words & NIOCTL_NW_FAMILY))
        return nioctl_neigh_usage_error(a, "no family option here: the address has one");
    if (a->router && a->norouter)
        return nioctl_neigh_usage_error(a, "\"router\" and \"norouter\" together");
    if ((words & NIOCTL_NW_ADDR) && a->addr == NULL)
        return nioctl_neigh_usage_error(a, "which address?");
    if ((words & NIOCTL_NW_DEV) && a->dev == NULL)
        return nioctl_neigh_usage_error(a, "\"dev IF\" is required");
    return NIOCTL_EXIT_OK;
}

int nioctl_neigh_parse(int argc, char **argv, unsigned words, struct nioctl_neigh_args *a)
{
    const char *cmd = a->cmd, *synopsis = a->synopsis;
    int rc = NIOCTL_EXIT_OK;
    memset(a, 0, sizeof(*a));
    a->cmd = cmd;
    a->synopsis = synopsis;
    nioctl_opts_init(&a->o);
    for (int i = 1; i < argc && rc == NIOCTL_EXIT_OK; i++)
        rc = nioctl_neigh_word(a, argc, argv, &i, words);
    if (rc != NIOCTL_EXIT_OK || a->o.help)
        return rc;
    return nioctl_neigh_complete(a, words);
}

/* -------------------------------------------------------------- the key */
int nioctl_neigh_key(const struct nioctl_neigh_args *a, MIB_IPNET_ROW2 *row)
{
    MIB_IPINTERFACE_ROW key;
    int rc;
    memset(row, 0, sizeof(*row));
    if (!nioctl_parse_strict_addr(a->addr, &row->Address))
        return nioctl_neigh_usage_error(a, "\"%s\" is not an IPv4 or IPv6 address", a->addr);
    /* Only the key fields of an interface row are used (target.c), as
     * addr does; "Cannot find device" when no interface has it. */
    memset(&key, 0, sizeof(key));
    rc = nioctl_resolve_target(a->cmd, a->dev, &key);
    row->InterfaceLuid = key.InterfaceLuid;
    row->InterfaceIndex = key.InterfaceIndex;
    return rc;
}

int nioctl_neigh_dev_index(const struct nioctl_neigh_args *a, NET_IFINDEX *index)
{
    MIB_IPINTERFACE_ROW key;
    NETIO_STATUS st = NO_ERROR;
    int rc;
    memset(&key, 0, sizeof(key));
    if ((rc = nioctl_resolve_target(a->cmd, a->dev, &key)) != NIOCTL_EXIT_OK)
        return rc;
    /* FlushIpNetTable2 and the list filter take an index: a LUID is
     * turned into one. */
    *index = key.InterfaceIndex;
    if (key.InterfaceLuid.Value != 0)
        st = ConvertInterfaceLuidToIndex(&key.InterfaceLuid, index);
    if (st != NO_ERROR)
        return nioctl_neigh_fail(a, st, "no such interface");
    return NIOCTL_EXIT_OK;
}

int nioctl_neigh_source(const struct nioctl_neigh_args *a, SOCKADDR_INET *src)
{
    if (!nioctl_parse_strict_addr(a->from, src))
        return nioctl_neigh_usage_error(a, "from \"%s\" is not an IPv4 or IPv6 address",
                                        a->from);
    return NIOCTL_EXIT_OK;
}
