/* adapters-dns.c - the resolver configuration GetAdaptersAddresses reports:
 * the pure parsers of resolv.conf ("nameserver", "search", "domain") and of
 * systemd-resolved's per-link state files (/run/systemd/resolve/netif/<N>:
 * "DNS=", "DOMAINS="), and the file read beside them.  docs/adapters.md
 * gives the decision: which servers go to which adapter. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "adapters.h"

/* resolv(5) reads at most this much of a line; longer lines are cut. */
#define NIO_DNS_LINE_MAX 1024

static bool nio_dns_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of [*p, end) into w (at most cap-1 bytes, NUL-ended); a
 * longer word is skipped whole and reported as empty, so that a cut name
 * is never taken for a real one. */
static size_t nio_dns_word(const char **p, const char *end, char *w, size_t cap)
{
    const char *s = *p, *e;
    size_t n;
    while (s < end && nio_dns_space(*s))
        s++;
    for (e = s; e < end && !nio_dns_space(*e); e++)
        ;
    n = (size_t)(e - s);
    *p = e;
    if (n >= cap)
        n = 0;
    memcpy(w, s, n);
    w[n] = '\0';
    return n;
}

/* "192.0.2.1", "2001:db8::1" or "fe80::1%eth0" (the zone is dropped: the
 * adapter the server is reported on names it). */
static bool nio_dns_server(const char *w, struct nio_ip *ip)
{
    char buf[INET6_ADDRSTRLEN + 1];
    const char *pct = strchr(w, '%');
    size_t n = pct ? (size_t)(pct - w) : strlen(w);
    memset(ip, 0, sizeof(*ip));
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, w, n);
    buf[n] = '\0';
    if (inet_pton(AF_INET, buf, ip->bytes) == 1) {
        ip->slot = NIO_V4;
        return true;
    }
    ip->slot = NIO_V6;
    return inet_pton(AF_INET6, buf, ip->bytes) == 1;
}

static void nio_dns_add_server(struct nio_dns *d, const char *w)
{
    struct nio_ip ip;
    if (d->nservers < NIO_DNS_SERVERS_MAX && nio_dns_server(w, &ip))
        d->servers[d->nservers++] = ip;
}

static void nio_dns_add_domain(struct nio_dns *d, const char *w)
{
    /* systemd marks routing-only domains with '~': not search suffixes. */
    if (w[0] == '\0' || w[0] == '~' || strcmp(w, ".") == 0)
        return;
    if (d->ndomains < NIO_DNS_DOMAINS_MAX)
        snprintf(d->domains[d->ndomains++], NIO_DNS_DOMAIN_MAX, "%s", w);
}

/* Each word of the rest of a line, through add. */
static void nio_dns_words(const char *p, const char *end, struct nio_dns *d,
                          void (*add)(struct nio_dns *, const char *))
{
    char w[NIO_DNS_DOMAIN_MAX];
    while (p < end) {
        size_t n = nio_dns_word(&p, end, w, sizeof(w));
        if (n > 0)
            add(d, w);
    }
}

/* One line of resolv.conf.  As the glibc resolver: "domain" and "search"
 * each replace what came before (the last one wins); "nameserver" takes
 * one address. */
static void nio_resolv_line(const char *p, const char *end, struct nio_dns *d)
{
    char key[16], w[NIO_DNS_DOMAIN_MAX];
    if (nio_dns_word(&p, end, key, sizeof(key)) == 0)
        return;
    if (strcmp(key, "nameserver") == 0) {
        if (nio_dns_word(&p, end, w, sizeof(w)) > 0)
            nio_dns_add_server(d, w);
    } else if (strcmp(key, "search") == 0 || strcmp(key, "domain") == 0) {
        d->ndomains = 0;
        if (strcmp(key, "domain") == 0) {
            if (nio_dns_word(&p, end, w, sizeof(w)) > 0)
                nio_dns_add_domain(d, w);
        } else {
            nio_dns_words(p, end, d, nio_dns_add_domain);
        }
    }
}

/* One line of a systemd-resolved link file: KEY=word word ... */
static void nio_netif_line(const char *p, const char *end, struct nio_dns *d)
{
    size_t n = (size_t)(end - p);
    if (n > 4 && memcmp(p, "DNS=", 4) == 0)
        nio_dns_words(p + 4, end, d, nio_dns_add_server);
    else if (n > 8 && memcmp(p, "DOMAINS=", 8) == 0)
        nio_dns_words(p + 8, end, d, nio_dns_add_domain);
}

/* Each line of buf, without its comment (# or ;), through line. */
static void nio_dns_lines(const char *buf, size_t len, struct nio_dns *d,
                          void (*line)(const char *, const char *, struct nio_dns *))
{
    const char *p = buf, *end = buf + len;
    memset(d, 0, sizeof(*d));
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *c;
        if ((size_t)(e - p) > NIO_DNS_LINE_MAX)
            e = p + NIO_DNS_LINE_MAX;
        for (c = p; c < e && *c != '#' && *c != ';' && *c != '\0'; c++)
            ;
        line(p, c, d);
        p = nl ? nl + 1 : end;
    }
}

void nio_dns_parse_resolv(const char *buf, size_t len, struct nio_dns *out)
{
    nio_dns_lines(buf, len, out, nio_resolv_line);
}

void nio_dns_parse_netif(const char *buf, size_t len, struct nio_dns *out)
{
    nio_dns_lines(buf, len, out, nio_netif_line);
}

/* ---------------------------------------------------------------- files */
/* The first cap bytes of path: their length, or -errno. */
static long nio_dns_slurp(const char *path, char *buf, size_t cap)
{
    size_t got = 0;
    long rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    while (got < cap) {
        ssize_t r = read(fd, buf + got, cap - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    rc = (long)got;
    close(fd);
    return rc;
}

int nio_dns_read(const char *path, bool netif, struct nio_dns *out)
{
    char *buf;
    long n;
    memset(out, 0, sizeof(*out));
    if ((buf = nio_alloc(NIO_DNS_FILE_MAX)) == NULL)
        return -ENOMEM;
    n = nio_dns_slurp(path, buf, NIO_DNS_FILE_MAX);
    if (n >= 0 && netif)
        nio_dns_parse_netif(buf, (size_t)n, out);
    else if (n >= 0)
        nio_dns_parse_resolv(buf, (size_t)n, out);
    nio_free(buf);
    return n < 0 ? (int)n : 0;
}
