/* adapters.h - what GetAdaptersAddresses (adapters.c) needs of its helper
 * files: the resolver configuration (adapters-dns.c).  Core only. */
#ifndef NIO_ADAPTERS_H
#define NIO_ADAPTERS_H

#include "core.h"

#define NIO_DNS_SERVERS_MAX 16      /* servers kept of one file */
#define NIO_DNS_DOMAINS_MAX 8       /* search domains kept (resolv.conf: 6) */
#define NIO_DNS_DOMAIN_MAX 254      /* a domain name, NUL included */
#define NIO_DNS_FILE_MAX 65536      /* bytes read of one file */

/* What one configuration file says: servers in file order, search
 * domains in file order (the first is the primary suffix). */
struct nio_dns {
    struct nio_ip servers[NIO_DNS_SERVERS_MAX];
    size_t nservers;
    char domains[NIO_DNS_DOMAINS_MAX][NIO_DNS_DOMAIN_MAX];
    size_t ndomains;
};

/* Pure parsers over len bytes of buf (need not be NUL-terminated): a
 * resolv.conf, and a systemd-resolved link file.  Unknown lines, bad
 * addresses and over-long words are skipped; never fails. */
void nio_dns_parse_resolv(const char *buf, size_t len, struct nio_dns *out) NIO_HIDDEN;
void nio_dns_parse_netif(const char *buf, size_t len, struct nio_dns *out) NIO_HIDDEN;
/* The file at path through the parser of its kind (netif: a link file):
 * 0, -ENOMEM, or the -errno of open (out then empty). */
int nio_dns_read(const char *path, bool netif, struct nio_dns *out) NIO_HIDDEN;

/* Where the resolver configuration is read from: the system's paths, or
 * a test's. */
struct nio_dns_paths {
    const char *resolv;             /* "/etc/resolv.conf" */
    const char *netif_dir;          /* "/run/systemd/resolve/netif" (NULL: none) */
};
/* GetAdaptersAddresses with the configuration read from paths. */
ULONG nio_get_adapters_addresses(ULONG family, ULONG flags, PVOID reserved,
                                 IP_ADAPTER_ADDRESSES *buf, ULONG *size,
                                 const struct nio_dns_paths *paths) NIO_HIDDEN;

#endif
