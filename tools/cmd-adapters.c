/*
 * cmd-adapters.c - "nioctl adapters [-4|-6] [--prefix] [--gateways] [--all]
 * [--json]": GetAdaptersAddresses called as c-ares and libuv call it (the
 * size, a buffer of that size, the call again), every adapter's fields
 * (adapters-fields.c) and its lists: unicast addresses, DNS servers, DNS
 * suffixes, and with the options prefixes and gateways.
 */
#include <stdlib.h>

#include "nioctl.h"
#include "wstr.h"

static void nioctl_adapters_usage(void)
{
    printf("usage: nioctl adapters [-4|-6] [--prefix] [--gateways] [--all] [--json]\n\n"
           "Prints every adapter of GetAdaptersAddresses with its lists.\n\n"
           "  -4, -6       one family's addresses and adapters (AF_INET, AF_INET6)\n"
           "  --prefix     GAA_FLAG_INCLUDE_PREFIX: the on-link prefixes\n"
           "  --gateways   GAA_FLAG_INCLUDE_GATEWAYS: the default gateways\n"
           "  --all        GAA_FLAG_INCLUDE_ALL_INTERFACES: adapters without IP too\n"
           "  -j, --json   JSON: an array of adapters\n"
           "  -h, --help   this text\n");
}

static void nioctl_sockaddr_text(const SOCKET_ADDRESS *s, char *buf, size_t cap)
{
    SOCKADDR_INET a;
    memset(&a, 0, sizeof(a));
    if (s->lpSockaddr != NULL && (size_t)s->iSockaddrLength <= sizeof(a))
        memcpy(&a, s->lpSockaddr, (size_t)s->iSockaddrLength);
    nioctl_addr_text(&a, buf, cap);
}

/* Every list as (text with its suffix, e.g. "/24"), one callback per element. */
typedef void (*nioctl_list_fn)(const char *list, const char *text, void *ctx);

static void nioctl_adapter_lists(const IP_ADAPTER_ADDRESSES *a, nioctl_list_fn fn, void *ctx)
{
    char addr[INET6_ADDRSTRLEN + 32], line[INET6_ADDRSTRLEN + 48];
    for (const IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next) {
        nioctl_sockaddr_text(&u->Address, addr, sizeof(addr));
        snprintf(line, sizeof(line), "%s/%u", addr, (unsigned)u->OnLinkPrefixLength);
        fn("Unicast", line, ctx);
    }
    for (const IP_ADAPTER_DNS_SERVER_ADDRESS *d = a->FirstDnsServerAddress; d; d = d->Next) {
        nioctl_sockaddr_text(&d->Address, addr, sizeof(addr));
        fn("DnsServers", addr, ctx);
    }
    for (const IP_ADAPTER_DNS_SUFFIX *x = a->FirstDnsSuffix; x; x = x->Next) {
        if (nio_utf16_to_utf8(x->String, line, sizeof(line)) < 0)
            snprintf(line, sizeof(line), "?");
        fn("DnsSuffixes", line, ctx);
    }
    for (const IP_ADAPTER_PREFIX *p = a->FirstPrefix; p; p = p->Next) {
        nioctl_sockaddr_text(&p->Address, addr, sizeof(addr));
        snprintf(line, sizeof(line), "%s/%u", addr, (unsigned)p->PrefixLength);
        fn("Prefixes", line, ctx);
    }
    for (const IP_ADAPTER_GATEWAY_ADDRESS *g = a->FirstGatewayAddress; g; g = g->Next) {
        nioctl_sockaddr_text(&g->Address, addr, sizeof(addr));
        fn("Gateways", addr, ctx);
    }
}

static void nioctl_list_text(const char *list, const char *text, void *ctx)
{
    (void)ctx;
    printf("%s: %s\n", list, text);
}

/* JSON: each list one array, opened on its first element. */
struct nioctl_list_json {
    struct nioctl_json *j;
    const char *open; /* the list whose array is open, NULL: none */
};

static void nioctl_list_json(const char *list, const char *text, void *ctx)
{
    struct nioctl_list_json *c = ctx;
    if (c->open != list) {
        if (c->open != NULL)
            nioctl_json_end_array(c->j);
        nioctl_json_begin_array(c->j, list);
        c->open = list;
    }
    nioctl_json_string(c->j, NULL, text);
}

extern const struct nioctl_table nioctl_adapter_table;

static void nioctl_adapters_print(const IP_ADAPTER_ADDRESSES *first, bool json)
{
    struct nioctl_json j;
    if (!json) {
        for (const IP_ADAPTER_ADDRESSES *a = first; a; a = a->Next) {
            nioctl_print_row_text(stdout, &nioctl_adapter_table, a);
            nioctl_adapter_lists(a, nioctl_list_text, NULL);
            if (a->Next)
                printf("\n");
        }
        return;
    }
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_array(&j, NULL);
    for (const IP_ADAPTER_ADDRESSES *a = first; a; a = a->Next) {
        struct nioctl_list_json c = {&j, NULL};
        nioctl_json_begin_object(&j, NULL);
        /* the fields, then the lists, in one object */
        nioctl_print_row_json(&j, "Adapter", &nioctl_adapter_table, a);
        nioctl_adapter_lists(a, nioctl_list_json, &c);
        if (c.open != NULL)
            nioctl_json_end_array(&j);
        nioctl_json_end_object(&j);
    }
    nioctl_json_end_array(&j);
    nioctl_json_finish(&j);
}

/* The two-call pattern, retried while the adapters grow in between. */
static int nioctl_adapters_run(ULONG family, ULONG flags, bool json)
{
    ULONG size = 0, st;
    IP_ADAPTER_ADDRESSES *buf = NULL;
    for (int tries = 0; tries < 4; tries++) {
        st = GetAdaptersAddresses(family, flags, NULL, buf, &size);
        if (st != ERROR_BUFFER_OVERFLOW)
            break;
        free(buf);
        if ((buf = malloc(size)) == NULL)
            return nioctl_fail("malloc", ERROR_NOT_ENOUGH_MEMORY);
    }
    if (st == NO_ERROR)
        nioctl_adapters_print(buf, json);
    else if (st == ERROR_NO_DATA && json)
        printf("[]\n");
    free(buf);
    return st == NO_ERROR || st == ERROR_NO_DATA ? NIOCTL_EXIT_OK
                                                 : nioctl_fail("GetAdaptersAddresses", st);
}

int nioctl_cmd_adapters(int argc, char **argv)
{
    struct nioctl_opts o;
    ULONG flags = 0;
    nioctl_opts_init(&o);
    for (int i = 1; i < argc; i++) {
        int r = nioctl_common_opt(argc, argv, &i, &o);
        if (r == NIOCTL_OPT_BAD)
            return nioctl_usage_error(argv[0], "%s", o.why);
        if (r == NIOCTL_OPT_TAKEN)
            continue;
        if (strcmp(argv[i], "--prefix") == 0)
            flags |= GAA_FLAG_INCLUDE_PREFIX;
        else if (strcmp(argv[i], "--gateways") == 0)
            flags |= GAA_FLAG_INCLUDE_GATEWAYS;
        else if (strcmp(argv[i], "--all") == 0)
            flags |= GAA_FLAG_INCLUDE_ALL_INTERFACES;
        else
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    if (o.help) {
        nioctl_adapters_usage();
        return NIOCTL_EXIT_OK;
    }
    return nioctl_adapters_run(nioctl_opts_family(&o), flags, o.json);
}
