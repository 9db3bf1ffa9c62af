/*
 * addr-args.c - the command line of "nioctl addr" in ip(8)'s words: ADDR
 * ("198.18.1.2", "fd00:1::2", with /LEN for add), dev IF, nodad, valid S,
 * preferred S, skip-as-source [on|off]; the row of the key, and the
 * messages of a failed call, which name the Windows code and say what it
 * means for the command.
 */
#include <stdarg.h>

#if !defined(_WIN32)
#include <arpa/inet.h>
#endif

#include "nioctl-addr.h"

int nioctl_addr_usage_error(const struct nioctl_addr_args *a, const char *fmt, ...)
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
static const char *nioctl_addr_why(const struct nioctl_addr_args *a, NETIO_STATUS st)
{
    bool add = strcmp(a->cmd, "addr add") == 0;
    bool write = add || strcmp(a->cmd, "addr set") == 0;
    switch (st) {
    case ERROR_OBJECT_ALREADY_EXISTS: return "the interface has the address";
    case ERROR_NOT_FOUND:
        return add ? "no such interface, or the family is not on it"
                   : "no such address on the interface (or no such interface)";
    case ERROR_INVALID_PARAMETER:
        return write ? "invalid address or value: not a unicast address, ::1 off loopback, "
                       "a preferred lifetime beyond the valid one"
                     : "invalid address key: not a unicast address";
    case ERROR_ACCESS_DENIED: return "permission denied (changing addresses needs privilege)";
    case ERROR_NOT_SUPPORTED: return "this OS cannot do that (docs/address.md)";
    case ERROR_RETRY: return "the addresses kept changing while they were read; try again";
    case ERROR_NOT_ENOUGH_MEMORY: return "out of memory";
    default: return NULL;
    }
}

int nioctl_addr_fail(const struct nioctl_addr_args *a, NETIO_STATUS st, const char *why)
{
    char text[64];
    nioctl_status_text((uint32_t)st, text, sizeof(text));
    if (why == NULL)
        why = nioctl_addr_why(a, st);
    fprintf(stderr, "nioctl: %s: %s%s%s\n", a->cmd, text, why ? ": " : "", why ? why : "");
    return NIOCTL_EXIT_FAIL;
}

/* ------------------------------------------------------- command line */
/* A keyword that takes a value, and whether this command accepts it. */
static bool nioctl_addr_valued(const char *w, unsigned words)
{
    if (strcmp(w, "dev") == 0)
        return (words & (NIOCTL_AW_DEV | NIOCTL_AW_DEV_OPT)) != 0;
    if (strcmp(w, "valid") == 0 || strcmp(w, "preferred") == 0)
        return (words & NIOCTL_AW_LIFETIMES) != 0;
    return strcmp(w, "skip-as-source") == 0 && (words & NIOCTL_AW_SKIP_VALUE) != 0;
}

/* "skip-as-source on|off" (set), where the word alone is add's flag. */
static bool nioctl_parse_on_off(const char *v, bool *out)
{
    if (strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = true;
    else if (strcmp(v, "off") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = false;
    else
        return false;
    return true;
}

/* The value v of keyword w, which comes once. */
static int nioctl_addr_value(struct nioctl_addr_args *a, const char *w, const char *v)
{
    bool ok = true;
    if (strcmp(w, "dev") == 0) {
        if (a->dev != NULL)
            return nioctl_addr_usage_error(a, "\"dev\" given twice");
        a->dev = v;
    } else if (strcmp(w, "valid") == 0) {
        if (a->has_valid)
            return nioctl_addr_usage_error(a, "\"valid\" given twice");
        ok = a->has_valid = nioctl_parse_lifetime(v, &a->valid);
    } else if (strcmp(w, "preferred") == 0) {
        if (a->has_preferred)
            return nioctl_addr_usage_error(a, "\"preferred\" given twice");
        ok = a->has_preferred = nioctl_parse_lifetime(v, &a->preferred);
    } else {
        if (a->has_skip)
            return nioctl_addr_usage_error(a, "\"skip-as-source\" given twice");
        ok = a->has_skip = nioctl_parse_on_off(v, &a->skip);
    }
    if (!ok)
        return nioctl_addr_usage_error(a, "bad %s \"%s\"", w, v);
    return NIOCTL_EXIT_OK;
}

/* A flag word (nodad, add's skip-as-source); false when w is none. */
static bool nioctl_addr_flag(struct nioctl_addr_args *a, const char *w, unsigned words, int *rc)
{
    bool *flag;
    if (strcmp(w, "nodad") == 0 && (words & NIOCTL_AW_NODAD))
        flag = &a->nodad;
    else if (strcmp(w, "skip-as-source") == 0 && (words & NIOCTL_AW_SKIP_FLAG))
        flag = &a->skip;
    else
        return false;
    if (*flag) {
        *rc = nioctl_addr_usage_error(a, "\"%s\" given twice", w);
        return true;
    }
    *flag = true;
    if (flag == &a->skip)
        a->has_skip = true;
    *rc = NIOCTL_EXIT_OK;
    return true;
}

/* A word that is no keyword: an option, else the address. */
static int nioctl_addr_plain(struct nioctl_addr_args *a, int argc, char **argv, int *i,
                             unsigned words)
{
    return nioctl_row_plain_word(a->cmd, a->synopsis, &a->o, argc, argv, i,
                                 (words & NIOCTL_AW_ADDR) != 0, &a->addr);
}

static int nioctl_addr_word(struct nioctl_addr_args *a, int argc, char **argv, int *i,
                            unsigned words)
{
    const char *w = argv[*i];
    int rc = NIOCTL_EXIT_OK;
    if (nioctl_addr_flag(a, w, words, &rc))
        return rc;
    if (!nioctl_addr_valued(w, words))
        return nioctl_addr_plain(a, argc, argv, i, words);
    if (*i + 1 >= argc)
        return nioctl_addr_usage_error(a, "\"%s\" needs a value", w);
    return nioctl_addr_value(a, w, argv[++*i]);
}

int nioctl_addr_parse(int argc, char **argv, unsigned words, struct nioctl_addr_args *a)
{
    const char *cmd = a->cmd, *synopsis = a->synopsis;
    int rc = NIOCTL_EXIT_OK;
    memset(a, 0, sizeof(*a));
    a->cmd = cmd;
    a->synopsis = synopsis;
    nioctl_opts_init(&a->o);
    for (int i = 1; i < argc && rc == NIOCTL_EXIT_OK; i++)
        rc = nioctl_addr_word(a, argc, argv, &i, words);
    if (rc != NIOCTL_EXIT_OK || a->o.help)
        return rc;
    /* The address says its family; only list filters by one. */
    if ((a->o.v4 || a->o.v6) && !(words & NIOCTL_AW_FAMILY))
        return nioctl_addr_usage_error(a, "no family option here: the address has one");
    if ((words & NIOCTL_AW_ADDR) && a->addr == NULL)
        return nioctl_addr_usage_error(a, "which address?");
    if ((words & NIOCTL_AW_DEV) && a->dev == NULL)
        return nioctl_addr_usage_error(a, "\"dev IF\" is required");
    return NIOCTL_EXIT_OK;
}

/* -------------------------------------------------------------- the key */
/* nioctl.h: also the neighbour commands' (neigh-args.c). */
bool nioctl_parse_strict_addr(const char *text, SOCKADDR_INET *out)
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

/* "ADDR" or, where the command takes it, "ADDR/LEN" into the row. */
static int nioctl_addr_text_key(const struct nioctl_addr_args *a, bool with_len,
                                MIB_UNICASTIPADDRESS_ROW *row)
{
    char text[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(a->addr, '/');
    size_t len = slash ? (size_t)(slash - a->addr) : strlen(a->addr);
    unsigned long bits;
    if (slash && !with_len)
        return nioctl_addr_usage_error(a, "\"%s\": the address alone names it, without /LEN",
                                       a->addr);
    if (len >= sizeof(text))
        return nioctl_addr_usage_error(a, "\"%s\" is not an IPv4 or IPv6 address", a->addr);
    memcpy(text, a->addr, len);
    text[len] = '\0';
    if (!nioctl_parse_strict_addr(text, &row->Address))
        return nioctl_addr_usage_error(a, "\"%s\" is not an IPv4 or IPv6 address", a->addr);
    if (slash == NULL)
        return NIOCTL_EXIT_OK; /* Initialize's 255: the address alone */
    if (!nioctl_parse_ulong(slash + 1, row->Address.si_family == AF_INET6 ? 128 : 32, &bits))
        return nioctl_addr_usage_error(a, "bad prefix length in \"%s\"", a->addr);
    row->OnLinkPrefixLength = (UINT8)bits;
    return NIOCTL_EXIT_OK;
}

/* The interface of dev into *luid and *index (either may stay 0). */
static int nioctl_addr_dev(const struct nioctl_addr_args *a, NET_LUID *luid, NET_IFINDEX *index)
{
    MIB_IPINTERFACE_ROW key;
    int rc;
    /* Only the key fields are used: no InitializeIpInterfaceEntry, which
     * Wine 8.0 lacks (addr list and show work there). */
    memset(&key, 0, sizeof(key));
    /* "Cannot find device" when no interface has it, as ip(8) says it. */
    rc = nioctl_resolve_target(a->cmd, a->dev, &key);
    *luid = key.InterfaceLuid;
    *index = key.InterfaceIndex;
    return rc;
}

int nioctl_addr_key(const struct nioctl_addr_args *a, bool with_len,
                    MIB_UNICASTIPADDRESS_ROW *row)
{
    int rc;
    /* A new address starts from Windows' defaults; a key alone is a
     * zeroed row, as Get and Delete read nothing else (and Wine 8.0, which
     * has Get, has no Initialize). */
    if (with_len)
        InitializeUnicastIpAddressEntry(row);
    else
        memset(row, 0, sizeof(*row));
    if ((rc = nioctl_addr_text_key(a, with_len, row)) != NIOCTL_EXIT_OK)
        return rc;
    return nioctl_addr_dev(a, &row->InterfaceLuid, &row->InterfaceIndex);
}

int nioctl_addr_dev_luid(const struct nioctl_addr_args *a, NET_LUID *luid)
{
    NET_IFINDEX index = 0;
    NETIO_STATUS st;
    int rc = nioctl_addr_dev(a, luid, &index);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    /* Either form, checked: a filter on an interface that is not there
     * would silently print nothing. */
    st = luid->Value != 0 ? ConvertInterfaceLuidToIndex(luid, &index)
                          : ConvertInterfaceIndexToLuid(index, luid);
    if (st != NO_ERROR)
        return nioctl_addr_fail(a, st, "no such interface");
    return NIOCTL_EXIT_OK;
}
