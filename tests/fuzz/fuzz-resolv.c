/* fuzz-resolv.c - the resolver-configuration parsers of src/adapters-dns.c:
 * any bytes as a resolv.conf and as a systemd-resolved link file.  The
 * counts stay within their limits, every domain is a NUL-terminated word
 * that fits (no blank, no routing-only '~' domain), every server is of a
 * family, and parsing is the same twice (pure). */
#include <string.h>

#include "fuzz.h"
#include "adapters.h"

static void check(const struct nio_dns *d)
{
    FUZZ_CHECK(d->nservers <= NIO_DNS_SERVERS_MAX);
    FUZZ_CHECK(d->ndomains <= NIO_DNS_DOMAINS_MAX);
    for (size_t i = 0; i < d->nservers; i++)
        FUZZ_CHECK(d->servers[i].slot == NIO_V4 || d->servers[i].slot == NIO_V6);
    for (size_t i = 0; i < d->ndomains; i++) {
        size_t n = strnlen(d->domains[i], NIO_DNS_DOMAIN_MAX);
        FUZZ_CHECK(n > 0 && n < NIO_DNS_DOMAIN_MAX);
        FUZZ_CHECK(d->domains[i][0] != '~');
        FUZZ_CHECK(strpbrk(d->domains[i], " \t\r\n") == NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct nio_dns a, b;
    nio_dns_parse_resolv((const char *)data, size, &a);
    check(&a);
    nio_dns_parse_resolv((const char *)data, size, &b);
    FUZZ_CHECK(memcmp(&a, &b, sizeof(a)) == 0);
    nio_dns_parse_netif((const char *)data, size, &a);
    check(&a);
    return 0;
}
