/* store.c - the system-wide record of the settings Linux has no place for
 * (backend.h, "the system-wide record"; docs/set.md).
 *
 *   /run/netioapi-compat/                 root, 0755
 *     ns-c<cookie>/  (or ns-i<dev>-<ino>) root, 0755: one network namespace
 *       lock                              flock()ed across a whole Set
 *       if<index>-v4, if<index>-v6        0644, replaced by rename()
 *
 * The root is fixed: no variable redirects it, so no caller's environment
 * can point a privileged process at files someone else controls (tests
 * mount a tmpfs on /run in a private mount namespace instead).  A file or
 * directory is trusted only when owned by root or by this process's
 * effective user and writable by its owner alone: an unprivileged user can
 * create nothing in a root-owned 0755 directory, and what it owns
 * elsewhere is never read.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71      /* Linux 5.14 */
#endif

#define NIO_STORE_ROOT "/run/netioapi-compat"
#define NIO_PATH_MAX 256

struct nio_store_lock {
    int fd;
};

/* The namespace's name.  The cookie (SO_NETNS_COOKIE, Linux 5.14) is a
 * 64-bit counter the kernel never hands out twice during a boot; the
 * inode of the namespace file (older kernels) is an nsfs inode number,
 * which the kernel reuses once the namespace is freed, so that a new
 * namespace may meet the records of a dead one: the interface check of
 * ipif-store.c then stands between them.  Both name the calling thread's
 * namespace, which is what every netlink request of that thread talks to. */
static int nio_ns_name(char *buf, size_t cap)
{
    uint64_t cookie = 0;
    socklen_t len = sizeof(cookie);
    struct stat st;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int ok = fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) == 0;
    if (fd >= 0)
        close(fd);
    if (ok) {
        snprintf(buf, cap, "ns-c%" PRIu64, cookie);
        return 0;
    }
    if (stat("/proc/thread-self/ns/net", &st) != 0)
        return -errno;
    snprintf(buf, cap, "ns-i%ju-%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    return 0;
}

static bool nio_trusted(const struct stat *st)
{
    return (st->st_uid == 0 || st->st_uid == geteuid()) && (st->st_mode & 022) == 0;
}

/* A directory of the store: made when create (root 0755 whatever the
 * umask), then checked: a directory, not a link, trusted. */
static int nio_dir_ready(const char *path, bool create)
{
    struct stat st;
    if (create && mkdir(path, 0755) == 0 && chmod(path, 0755) != 0)
        return -errno;
    if (lstat(path, &st) != 0)
        return -errno;
    if (!S_ISDIR(st.st_mode) || !nio_trusted(&st))
        return -EACCES;
    return 0;
}

/* The namespace's directory (made when create), and in path the name of
 * file in it ("" for the directory itself). */
static int nio_ns_path(char *path, const char *file, bool create)
{
    char ns[64];
    int err = nio_ns_name(ns, sizeof(ns));
    if (err == 0)
        err = nio_dir_ready(NIO_STORE_ROOT, create);
    if (err == 0) {
        snprintf(path, NIO_PATH_MAX, "%s/%s", NIO_STORE_ROOT, ns);
        err = nio_dir_ready(path, create);
    }
    if (err == 0 && *file)
        snprintf(path + strlen(path), NIO_PATH_MAX - strlen(path), "/%s", file);
    return err;
}

static void nio_rec_name(char *buf, uint32_t ifindex, int slot)
{
    snprintf(buf, 32, "if%" PRIu32 "-v%d", ifindex, slot == NIO_V6 ? 6 : 4);
}

/* ------------------------------------------------------------- lock */
int nio_os_store_lock(struct nio_store_lock **out)
{
    char path[NIO_PATH_MAX];
    struct nio_store_lock *l = NULL;
    struct stat st;
    int fd = -1, err = nio_ns_path(path, "lock", true);
    if (err)
        goto out;
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0 || fstat(fd, &st) != 0) {
        err = -errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode) || !nio_trusted(&st)) {
        err = -EACCES;
        goto out;
    }
    while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR) {
            err = -errno;
            goto out;
        }
    if ((l = nio_alloc(sizeof(*l))) == NULL) {
        err = -ENOMEM;
        goto out;
    }
    l->fd = fd;
    fd = -1;
    *out = l;
out:
    if (fd >= 0)
        close(fd);
    return err;
}

void nio_os_store_unlock(struct nio_store_lock *l)
{
    if (l == NULL)
        return;
    close(l->fd); /* releases the flock */
    nio_free(l);
}

/* ------------------------------------------------------------- read */
static int nio_read_all(int fd, size_t len, void **buf)
{
    uint8_t *b = nio_alloc(len ? len : 1);
    size_t got = 0;
    if (b == NULL)
        return -ENOMEM;
    while (got < len) {
        ssize_t n = read(fd, b + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            nio_free(b);
            return n < 0 ? -errno : -EIO;
        }
        got += (size_t)n;
    }
    *buf = b;
    return 0;
}

int nio_os_store_get(uint32_t ifindex, int slot, void **buf, size_t *len)
{
    char path[NIO_PATH_MAX], name[32];
    struct stat st;
    int fd = -1, err;
    nio_rec_name(name, ifindex, slot);
    err = nio_ns_path(path, name, false);
    if (err == -EACCES)
        err = -ENOENT; /* an untrusted directory holds no record */
    if (err)
        return err;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) != 0) {
        err = errno == ELOOP ? -ENOENT : -errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode) || !nio_trusted(&st) || st.st_size > NIO_STORE_MAX) {
        err = -ENOENT;
        goto out;
    }
    err = nio_read_all(fd, (size_t)st.st_size, buf);
    if (err == 0)
        *len = (size_t)st.st_size;
out:
    if (fd >= 0)
        close(fd);
    return err;
}

/* ------------------------------------------------------------ write */
static int nio_write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *b = buf;
    while (len > 0) {
        ssize_t n = write(fd, b, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The directory's entry is durable once the directory is synced. */
static void nio_sync_dir(const char *path)
{
    char dir[NIO_PATH_MAX];
    char *slash;
    int fd;
    snprintf(dir, sizeof(dir), "%s", path);
    if ((slash = strrchr(dir, '/')) != NULL)
        *slash = '\0';
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* A temporary file in the same directory, written, synced and renamed
 * over the record: rename() replaces the name at once, so a reader or a
 * crash sees the whole old record or the whole new one. */
int nio_os_store_put(uint32_t ifindex, int slot, const void *buf, size_t len)
{
    char path[NIO_PATH_MAX], tmp[NIO_PATH_MAX + 8], name[32];
    int fd = -1, err;
    nio_rec_name(name, ifindex, slot);
    if ((err = nio_ns_path(path, name, true)) != 0)
        return err;
    if (len == 0) {
        err = unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
        goto out;
    }
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
        return -errno;
    err = fchmod(fd, 0644) == 0 ? nio_write_all(fd, buf, len) : -errno;
    if (err == 0 && fsync(fd) != 0)
        err = -errno;
    if (err == 0 && rename(tmp, path) != 0)
        err = -errno;
    if (err)
        unlink(tmp);
out:
    if (fd >= 0)
        close(fd);
    if (err == 0)
        nio_sync_dir(path);
    return err;
}

/* ------------------------------------------- router advertisements */
int nio_os_ra_defrtr(const struct nio_iface *ifc, uint32_t value, uint32_t *was)
{
    uint32_t old;
    int err = nio_procsys_u32(&old, "/proc/sys/net/ipv6/conf/%s/accept_ra_defrtr", ifc->name);
    if (err == 0 && value != NIO_RA_READ && old != value)
        err = nio_procsys_write_u32(value, "/proc/sys/net/ipv6/conf/%s/accept_ra_defrtr",
                                    ifc->name);
    if (err == 0 && was != NULL)
        *was = old;
    return err;
}
