/* store-files.c - the files of the system-wide record, for every POSIX
 * back end (store-files.h; backend.h, "the system-wide record";
 * docs/set.md): the lock, and each record read, listed and replaced at
 * once, in the directory the back end's nio_store_dir names.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "posix/store-files.h"

#define NIO_PATH_MAX NIO_STORE_PATH_MAX

struct nio_store_lock {
    int fd;
};

static bool nio_trusted(const struct stat *st)
{
    return (st->st_uid == 0 || st->st_uid == geteuid()) && (st->st_mode & 022) == 0;
}

/* A directory of the store: made when create (root 0755 whatever the
 * umask), then checked: a directory, not a link, trusted. */
int nio_store_dir_ready(const char *path, bool create)
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

char *nio_path_put(char *p, const char *end, const char *text)
{
    while (*text != '\0' && p < end)
        *p++ = *text++;
    *p = '\0';
    return p;
}

char *nio_path_put_dec(char *p, const char *end, uint64_t value)
{
    char digits[20], *d = digits + sizeof(digits);
    do
        *--d = (char)('0' + value % 10);
    while ((value /= 10) != 0);
    while (d < digits + sizeof(digits) && p < end)
        *p++ = *d++;
    *p = '\0';
    return p;
}

/* The records' directory (made when create), and in path the name of
 * file in it ("" for the directory itself). */
static int nio_rec_path(char *path, const char *file, bool create)
{
    int err = nio_store_dir(path, NIO_PATH_MAX, create);
    if (err == 0 && *file)
        nio_path_put(nio_path_put(path + strlen(path), path + NIO_PATH_MAX - 1, "/"),
                     path + NIO_PATH_MAX - 1, file);
    return err;
}

static void nio_rec_name(char *buf, uint32_t ifindex, int slot)
{
    char *end = buf + 31;
    char *p = nio_path_put_dec(nio_path_put(buf, end, "if"), end, ifindex);
    nio_path_put(p, end, slot == NIO_V6 ? "-v6" : "-v4");
}

/* ------------------------------------------------------------- lock */
int nio_os_store_lock(struct nio_store_lock **out)
{
    char path[NIO_PATH_MAX];
    struct nio_store_lock *l = NULL;
    struct stat st;
    int fd = -1, err = nio_rec_path(path, "lock", true);
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
    err = nio_rec_path(path, name, false);
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

/* ------------------------------------------------------------- list */
/* "if<index>-v4" or "if<index>-v6" exactly (a temporary of a put has a
 * suffix, the lock another name): the index and the slot. */
static bool nio_rec_parse_name(const char *name, uint32_t *index, int *slot)
{
    uint64_t v = 0;
    const char *p = name + 2;
    if (strncmp(name, "if", 2) != 0 || *p < '1' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((v = v * 10 + (uint64_t)(*p - '0')) > UINT32_MAX)
            return false;
    if (strcmp(p, "-v4") != 0 && strcmp(p, "-v6") != 0)
        return false;
    *index = (uint32_t)v;
    *slot = p[2] == '6' ? NIO_V6 : NIO_V4;
    return true;
}

/* One entry per index: the names come in the directory's order, and the
 * two families of an index are two names. */
static void nio_rec_merge(struct nio_vec *vec)
{
    struct nio_store_entry *e = vec->v;
    size_t k = 0;
    nio_sort_by_index(e, vec->n, sizeof(*e));
    for (size_t i = 0; i < vec->n; i++) {
        if (k > 0 && e[k - 1].ifindex == e[i].ifindex)
            e[k - 1].slots |= e[i].slots;
        else
            e[k++] = e[i];
    }
    vec->n = k;
}

static int nio_rec_collect(DIR *d, struct nio_vec *vec)
{
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        struct nio_store_entry *e;
        uint32_t index;
        int slot;
        if (!nio_rec_parse_name(de->d_name, &index, &slot))
            continue;
        if ((e = nio_vec_room(vec, sizeof(*e))) == NULL)
            return -ENOMEM;
        e->ifindex = index;
        e->slots = (uint8_t)(1u << slot);
        vec->n++;
        errno = 0;
    }
    return errno ? -errno : 0;
}

/* The names only: each file's trust is nio_os_store_get's to check when
 * it is read, so that listing costs one directory read, not a stat per
 * record. */
int nio_os_store_list(struct nio_store_entry **out, size_t *count)
{
    char path[NIO_PATH_MAX];
    struct nio_vec vec = {NULL, 0, 0};
    DIR *d = NULL;
    int fd, err = nio_rec_path(path, "", false);
    *out = NULL;
    *count = 0;
    if (err == -ENOENT || err == -EACCES)
        return 0; /* no directory, or an untrusted one: no record */
    if (err)
        return err;
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : -errno;
    if ((d = fdopendir(fd)) == NULL) {
        err = -errno;
        close(fd);
        goto out;
    }
    err = nio_rec_collect(d, &vec);
    closedir(d);
    if (err == 0)
        nio_rec_merge(&vec);
out:
    if (err)
        nio_free(vec.v);
    else {
        *out = vec.v;
        *count = vec.n;
    }
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
    if ((err = nio_rec_path(path, name, true)) != 0)
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
