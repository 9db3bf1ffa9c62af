/*
 * fields.c - the text getters several field tables share: names of a
 * LUID, UTF-16 strings, GUIDs and socket addresses found at a field's
 * offset.
 */
#include "nioctl.h"
#include "wstr.h"

static NET_LUID nioctl_luid_at(const void *row, const struct nioctl_field *f)
{
    NET_LUID luid;
    NIOCTL_READ(row, f, luid);
    return luid;
}

bool nioctl_text_luid_name(const void *row, const struct nioctl_field *f, char *buf,
                           size_t cap)
{
    NET_LUID luid = nioctl_luid_at(row, f);
    return nioctl_luid_name(&luid, buf, cap);
}

bool nioctl_text_alias(const void *row, const struct nioctl_field *f, char *buf, size_t cap)
{
    NET_LUID luid = nioctl_luid_at(row, f);
    return nioctl_alias(&luid, buf, cap);
}

bool nioctl_text_wstr(const void *row, const struct nioctl_field *f, char *buf, size_t cap)
{
    const WCHAR *w = (const WCHAR *)((const unsigned char *)row + f->offset);
    if (nio_utf16_to_utf8(w, buf, cap) < 0)
        snprintf(buf, cap, "?");
    return true;
}

bool nioctl_text_guid(const void *row, const struct nioctl_field *f, char *buf, size_t cap)
{
    GUID g;
    NIOCTL_READ(row, f, g);
    snprintf(buf, cap, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned long)g.Data1, g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[2],
             g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7]);
    return true;
}

void nioctl_addr_text(const SOCKADDR_INET *a, char *buf, size_t cap)
{
    socklen_t len = a->si_family == AF_INET6 ? sizeof(a->Ipv6) : sizeof(a->Ipv4);
    if (getnameinfo((const struct sockaddr *)a, len, buf, (socklen_t)cap, NULL, 0,
                    NI_NUMERICHOST) != 0)
        snprintf(buf, cap, "?");
}

void nioctl_addr_bare(const SOCKADDR_INET *a, char *buf, size_t cap)
{
    SOCKADDR_INET bare = *a;
    if (bare.si_family == AF_INET6)
        bare.Ipv6.sin6_scope_id = 0;
    nioctl_addr_text(&bare, buf, cap);
}

bool nioctl_text_sockaddr(const void *row, const struct nioctl_field *f, char *buf,
                          size_t cap)
{
    SOCKADDR_INET a;
    NIOCTL_READ(row, f, a);
    nioctl_addr_text(&a, buf, cap);
    return true;
}
