/* procsys.c - single values from /proc/sys/net.  Some facts have no
 * rtnetlink form for one interface (the neighbour-table dump is the only
 * netlink source), and one small file read is cheaper than that dump. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "linux.h"

static int nio_parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    int digits = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            return -ERANGE;
    }
    if (digits == 0 || (*s != '\n' && *s != '\0'))
        return -EPROTO;
    *out = (uint32_t)v;
    return 0;
}

static int nio_procsys_path(char *path, size_t cap, const char *fmt, va_list ap)
{
    int len = vsnprintf(path, cap, fmt, ap);
    return len < 0 || (size_t)len >= cap ? -ENAMETOOLONG : 0;
}

int nio_procsys_write_u32(uint32_t value, const char *fmt, ...)
{
    char path[160], buf[16];
    va_list ap;
    ssize_t n;
    int fd, len, err;
    va_start(ap, fmt);
    err = nio_procsys_path(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (err)
        return err;
    len = snprintf(buf, sizeof(buf), "%u\n", value);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    do
        n = write(fd, buf, (size_t)len);
    while (n < 0 && errno == EINTR);
    err = n < 0 ? -errno : n != len ? -EIO : 0;
    close(fd);
    return err;
}

int nio_procsys_u32(uint32_t *out, const char *fmt, ...)
{
    char path[160], buf[32];
    va_list ap;
    ssize_t n;
    int fd, err;
    va_start(ap, fmt);
    err = nio_procsys_path(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (err)
        return err;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    do
        n = read(fd, buf, sizeof(buf) - 1);
    while (n < 0 && errno == EINTR);
    err = n < 0 ? -errno : 0;
    close(fd);
    if (err)
        return err;
    buf[n] = '\0';
    return nio_parse_u32(buf, out);
}
