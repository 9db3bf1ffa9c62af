/*
 * wstr.h - the library's UTF-16 <-> UTF-8 conversion (src/wstr.c, compiled
 * into nioctl), declared here so that the tools need no internal header.
 * Each returns the length written without the NUL, or -1 when the input is
 * invalid or does not fit in cap (NUL included); nothing is written then.
 */
#ifndef NIOCTL_WSTR_H
#define NIOCTL_WSTR_H

#include <stddef.h>

#include <netioapi_compat.h>

long nio_utf16_to_utf8(const WCHAR *in, char *out, size_t cap);
long nio_utf8_to_utf16(const char *in, WCHAR *out, size_t cap);
/* UTF-16 units that in needs without the NUL, or -1 if it is not UTF-8. */
long nio_utf8_units(const char *in);

#endif /* NIOCTL_WSTR_H */
