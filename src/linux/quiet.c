/* quiet.c - the interface changes Linux makes without a netlink message,
 * watched with inotify so that the core's comparison of every interface
 * becomes a rare backstop (backend.h, nio_os_watch_quiet; docs/notify.md).
 *
 * What is watched, per interface, are the directories whose values its
 * rows hold and whose writes send no message: /proc/sys/net/ipv6/conf/X
 * (dad_transmits, mtu, accept_ra, ...) and /proc/sys/net/{ipv4,ipv6}/neigh/X
 * (base_reachable_time_ms, retrans_time_ms).  A write(2) to a file in one
 * makes the kernel's VFS report IN_MODIFY to a watch on the directory.
 * Beside them: conf/all, conf/default and neigh/default, whose writes the
 * kernel may copy into every interface's values (every interface is then
 * compared), and the namespace's system-wide record (store.c), which a Set
 * in another process rewrites.
 *
 * Where it cannot reach, the backstop does (docs/notify.md):
 *   - a change made inside the kernel, or through RTM_SETNEIGHTBL, writes
 *     no file;
 *   - /proc/sys makes a new inode each time it looks a name up again, so
 *     when memory is short and the kernel frees a directory's cached entry,
 *     the watch on the old inode goes silent.  nio_quiet_holds() looks a
 *     few watched directories up again each time it is asked and compares
 *     their inode numbers; one that moved makes every watch start over.
 *   - the watch limit (fs.inotify.max_user_watches, shared by all of the
 *     user's processes): one refused watch and this watch gives up, frees
 *     what it holds, and the core compares every 0.9 s as before.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux.h"
#include "posix/store-files.h"

#define NIO_QDIRS 3
static const char *const nio_qdir[NIO_QDIRS] = {
    "/proc/sys/net/ipv6/conf/",
    "/proc/sys/net/ipv4/neigh/",
    "/proc/sys/net/ipv6/neigh/",
};
static const int nio_qdir_slot[NIO_QDIRS] = {NIO_V6, NIO_V4, NIO_V6};
#define NIO_QGLOBALS 4
static const char *const nio_qglobal[NIO_QGLOBALS] = {
    "/proc/sys/net/ipv6/conf/all",
    "/proc/sys/net/ipv6/conf/default",
    "/proc/sys/net/ipv4/neigh/default",
    "/proc/sys/net/ipv6/neigh/default",
};
#define NIO_QMASK (IN_MODIFY | IN_ONLYDIR)
#define NIO_QREC_MASK (IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_CLOSE_WRITE | IN_ONLYDIR)
/* Interfaces whose directories nio_quiet_holds() looks up again per call. */
#define NIO_QCHECK 8

enum { NIO_QWD_NONE = -1, NIO_QWD_UNARMED = -2 }; /* no such directory; not watched yet */
#define NIO_QREC ((uint32_t)-1)                   /* what the record's watch stands for */

struct nio_qif {
    uint32_t index;
    char name[NIO_NAME_MAX];
    int wd[NIO_QDIRS];
    ino_t ino[NIO_QDIRS];
    bool listed;
};

struct nio_quiet {
    int fd;
    struct nio_qif *ifs;            /* by index */
    size_t nifs, capifs;
    int gwd[NIO_QGLOBALS];
    ino_t gino[NIO_QGLOBALS];
    int rec_wd, rec_level;          /* 2: the namespace's directory, 1: the root, 0: /run */
    size_t check;                   /* the next interface nio_quiet_holds() looks up */
    bool stale;                     /* a watch went silent: every one starts over */
    bool unarmed;                   /* the kernel dropped a watch: armed again by track */
    bool gave_up;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
};

/* ------------------------------------------------------------ the maps */
static size_t nio_qif_pos(const struct nio_quiet *q, uint32_t index)
{
    size_t lo = 0, hi = q->nifs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->ifs[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct nio_qif *nio_qif_find(struct nio_quiet *q, uint32_t index)
{
    size_t pos = nio_qif_pos(q, index);
    return pos < q->nifs && q->ifs[pos].index == index ? &q->ifs[pos] : NULL;
}

/* ---------------------------------------------------------- one watch */
/* A watch on path: its wd, NIO_QWD_NONE when there is no such
 * directory, or NIO_QWD_UNARMED when it could not be had (then the watch
 * gives up). */
static int nio_quiet_add(struct nio_quiet *q, const char *path, uint32_t mask, ino_t *ino)
{
    struct stat st;
    int wd = inotify_add_watch(q->fd, path, mask);
    if (wd < 0 && (errno == ENOENT || errno == ENOTDIR))
        return NIO_QWD_NONE;
    if (wd < 0) {
        q->gave_up = true;
        return NIO_QWD_UNARMED;
    }
    if (ino != NULL)
        *ino = stat(path, &st) == 0 ? st.st_ino : 0;
    return wd;
}

static void nio_quiet_rm(struct nio_quiet *q, int *wd)
{
    if (*wd >= 0)
        inotify_rm_watch(q->fd, *wd); /* EINVAL if the kernel dropped it: the same */
    *wd = NIO_QWD_UNARMED;
}

/* Every directory of f watched, or absent (ifc, when known: absent for a
 * family it lacks; the kernel registers a renamed interface's directories
 * anew, and its message may come before they are there). */
static bool nio_qif_armed(const struct nio_qif *f, const struct nio_iface *ifc)
{
    for (int d = 0; d < NIO_QDIRS; d++)
        if (f->wd[d] == NIO_QWD_UNARMED ||
            (f->wd[d] == NIO_QWD_NONE && (ifc == NULL || ifc->fam[nio_qdir_slot[d]].present)))
            return false;
    return true;
}

/* The directories of f not watched yet.  A directory that does not exist
 * (no IPv6 on an interface with an MTU under 1280) is tried again when the
 * interface next changes: the kernel announces the change that makes it. */
static void nio_qif_arm(struct nio_quiet *q, struct nio_qif *f)
{
    char path[96];
    for (int d = 0; d < NIO_QDIRS && !q->gave_up; d++) {
        if (f->wd[d] >= 0)
            continue;
        snprintf(path, sizeof(path), "%s%s", nio_qdir[d], f->name);
        f->wd[d] = nio_quiet_add(q, path, NIO_QMASK, &f->ino[d]);
    }
}

static void nio_qif_disarm(struct nio_quiet *q, struct nio_qif *f)
{
    for (int d = 0; d < NIO_QDIRS; d++)
        nio_quiet_rm(q, &f->wd[d]);
}

/* Interface index, named name now (ifc: as a comparison read it, NULL
 * from a link message): watched.  False: it was not already, under that
 * name. */
static bool nio_quiet_iface(struct nio_quiet *q, uint32_t index, const char *name,
                            const struct nio_iface *ifc)
{
    size_t pos = nio_qif_pos(q, index);
    struct nio_qif *f = pos < q->nifs && q->ifs[pos].index == index ? &q->ifs[pos] : NULL;
    bool was;
    if (f == NULL) {
        struct nio_qif *v = nio_grow(q->ifs, &q->capifs, q->nifs, sizeof(*v));
        if (v == NULL) {
            q->gave_up = true;
            return false;
        }
        q->ifs = v;
        memmove(&v[pos + 1], &v[pos], (q->nifs - pos) * sizeof(*v));
        f = &v[pos];
        memset(f, 0, sizeof(*f));
        f->index = index;
        for (int d = 0; d < NIO_QDIRS; d++)
            f->wd[d] = NIO_QWD_UNARMED;
        q->nifs++;
    }
    /* A rename makes the kernel register the directories anew. */
    if (strncmp(f->name, name, sizeof(f->name)) != 0) {
        nio_qif_disarm(q, f);
        snprintf(f->name, sizeof(f->name), "%s", name);
    }
    was = nio_qif_armed(f, ifc);
    f->listed = true;
    nio_qif_arm(q, f);
    /* Not all there after a message: the next tick compares, and retries. */
    if (ifc == NULL && !was && !nio_qif_armed(f, NULL))
        q->unarmed = true;
    return was;
}

static void nio_quiet_drop(struct nio_quiet *q, uint32_t index)
{
    size_t pos = nio_qif_pos(q, index);
    if (pos < q->nifs && q->ifs[pos].index == index) {
        nio_qif_disarm(q, &q->ifs[pos]);
        memmove(&q->ifs[pos], &q->ifs[pos + 1], (q->nifs - pos - 1) * sizeof(*q->ifs));
        q->nifs--;
    }
}

/* ------------------------------------------------ the other directories */
static bool nio_quiet_globals(struct nio_quiet *q)
{
    bool was = true;
    for (int g = 0; g < NIO_QGLOBALS && !q->gave_up; g++) {
        if (q->gwd[g] != NIO_QWD_UNARMED)
            continue;
        was = false;
        q->gwd[g] = nio_quiet_add(q, nio_qglobal[g], NIO_QMASK, &q->gino[g]);
    }
    return was;
}

/* The record: its namespace's directory if there is one yet, else what
 * it will be made in, whose IN_CREATE says to come down a level.  True
 * when the deepest there is was watched already. */
static bool nio_quiet_record(struct nio_quiet *q)
{
    char dir[256], *slash;
    int level = 2, wd = NIO_QWD_NONE;
    if (nio_store_dir(dir, sizeof(dir), false) == -ENOMEM)
        return false;
    for (; level >= 0 && wd == NIO_QWD_NONE && !q->gave_up; level--) {
        if (level == q->rec_level && q->rec_wd >= 0)
            return true;
        wd = nio_quiet_add(q, dir, NIO_QREC_MASK, NULL);
        if (wd >= 0)
            break;
        slash = strrchr(dir, '/');
        if (slash == NULL || slash == dir)
            break;
        *slash = '\0';
    }
    if (q->rec_wd >= 0 && q->rec_wd != wd)
        nio_quiet_rm(q, &q->rec_wd);
    q->rec_wd = wd;
    q->rec_level = wd >= 0 ? level : -1;
    return false;
}

/* ------------------------------------------------------------ the rest */
static void nio_quiet_clear(struct nio_quiet *q)
{
    while (q->nifs > 0)
        nio_quiet_drop(q, q->ifs[q->nifs - 1].index);
    for (int g = 0; g < NIO_QGLOBALS; g++)
        nio_quiet_rm(q, &q->gwd[g]);
    nio_quiet_rm(q, &q->rec_wd);
    q->rec_level = -1;
    q->stale = q->unarmed = false;
}

int nio_quiet_open(struct nio_quiet **out)
{
    struct nio_quiet *q = nio_alloc(sizeof(*q));
    if (q == NULL)
        return -ENOMEM;
    memset(q, 0, offsetof(struct nio_quiet, buf));
    q->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (q->fd < 0) {
        int err = -errno;
        nio_free(q);
        return err;
    }
    for (int g = 0; g < NIO_QGLOBALS; g++)
        q->gwd[g] = NIO_QWD_UNARMED;
    q->rec_wd = NIO_QWD_UNARMED;
    q->rec_level = -1;
    *out = q;
    return 0;
}

void nio_quiet_close(struct nio_quiet *q)
{
    if (q == NULL)
        return;
    close(q->fd);
    nio_free(q->ifs);
    nio_free(q);
}

int nio_quiet_fd(const struct nio_quiet *q)
{
    return q->fd;
}

bool nio_quiet_track(struct nio_quiet *q, const struct nio_iface *list, size_t n)
{
    bool covered = !q->stale && !q->unarmed;
    q->unarmed = false;
    if (q->gave_up) {
        nio_quiet_clear(q); /* the watches it holds are others' to have */
        return false;
    }
    if (q->stale)
        nio_quiet_clear(q);
    for (size_t i = 0; i < q->nifs; i++)
        q->ifs[i].listed = false;
    for (size_t i = 0; i < n && !q->gave_up; i++)
        covered &= nio_quiet_iface(q, list[i].index, list[i].name, &list[i]);
    for (size_t i = q->nifs; i-- > 0;)
        if (!q->ifs[i].listed)
            nio_quiet_drop(q, q->ifs[i].index);
    covered &= nio_quiet_globals(q);
    covered &= nio_quiet_record(q);
    if (q->gave_up) {
        nio_quiet_clear(q);
        return false;
    }
    return covered;
}

/* Whether path still names the inode watched. */
static bool nio_quiet_same(const char *path, ino_t ino)
{
    struct stat st;
    return stat(path, &st) != 0 || st.st_ino == ino; /* gone: its interface's message follows */
}

bool nio_quiet_holds(struct nio_quiet *q)
{
    char path[96];
    for (int g = 0; g < NIO_QGLOBALS && !q->stale; g++)
        if (q->gwd[g] >= 0 && !nio_quiet_same(nio_qglobal[g], q->gino[g]))
            q->stale = true;
    for (size_t k = 0; k < NIO_QCHECK && k < q->nifs && !q->stale; k++) {
        struct nio_qif *f = &q->ifs[q->check++ % q->nifs];
        for (int d = 0; d < NIO_QDIRS && !q->stale; d++) {
            if (f->wd[d] < 0)
                continue;
            snprintf(path, sizeof(path), "%s%s", nio_qdir[d], f->name);
            q->stale = !nio_quiet_same(path, f->ino[d]);
        }
    }
    return !q->stale && !q->unarmed && !q->gave_up;
}

void nio_quiet_link(struct nio_quiet *q, uint32_t index, const char *name, bool gone)
{
    struct nio_qif *f;
    if (gone) {
        nio_quiet_drop(q, index);
        return;
    }
    f = nio_qif_find(q, index);
    if (f == NULL || strncmp(f->name, name, sizeof(f->name)) != 0 || !nio_qif_armed(f, NULL))
        nio_quiet_iface(q, index, name, NULL);
}

/* "if<index>-v4" or "-v6": that interface's record; anything else in the
 * namespace's directory is the record's own business (its lock, a file
 * being written); a directory made above it, a level down. */
static uint32_t nio_quiet_rec_event(struct nio_quiet *q, const struct inotify_event *e)
{
    unsigned long index = 0;
    const char *p = e->len > 0 ? e->name : "";
    int level = q->rec_level;
    if (level < 2) {
        /* Anything made in /run wakes this; only a level down matters,
         * and then every interface is compared, the records being read
         * after the new directory is watched. */
        nio_quiet_record(q);
        return q->rec_level != level ? 0 : NIO_QREC;
    }
    if (strncmp(p, "if", 2) != 0)
        return NIO_QREC;
    for (p += 2; *p >= '0' && *p <= '9' && index < UINT32_MAX / 10; p++)
        index = index * 10 + (unsigned long)(*p - '0');
    return index != 0 && (strcmp(p, "-v4") == 0 || strcmp(p, "-v6") == 0) ? (uint32_t)index
                                                                           : NIO_QREC;
}

/* The slot that holds wd, and what it stands for: an interface's index,
 * 0 for a directory of them all, NIO_QREC for the record's; NULL: none
 * (a watch removed while its event was queued).  A walk of every slot:
 * events come only with writes, and a walk costs less than a map kept up
 * to date with every interface that comes and goes. */
static int *nio_quiet_slot(struct nio_quiet *q, int wd, uint32_t *index)
{
    if (wd == q->rec_wd) {
        *index = NIO_QREC;
        return &q->rec_wd;
    }
    *index = 0;
    for (int g = 0; g < NIO_QGLOBALS; g++)
        if (q->gwd[g] == wd)
            return &q->gwd[g];
    for (size_t i = 0; i < q->nifs; i++)
        for (int d = 0; d < NIO_QDIRS; d++)
            if (q->ifs[i].wd[d] == wd) {
                *index = q->ifs[i].index;
                return &q->ifs[i].wd[d];
            }
    return NULL;
}

/* One event: the interface to compare (0: all), or NIO_QREC: none. */
static uint32_t nio_quiet_event(struct nio_quiet *q, const struct inotify_event *e)
{
    uint32_t index;
    int *slot;
    if (e->mask & IN_Q_OVERFLOW)
        return 0;
    slot = e->wd >= 0 ? nio_quiet_slot(q, e->wd, &index) : NULL;
    if (slot == NULL)
        return NIO_QREC;
    if (e->mask & IN_IGNORED) {
        /* The kernel dropped it (its directory went): armed again by the
         * next comparison, which it makes uncovered. */
        *slot = NIO_QWD_UNARMED;
        q->unarmed = true;
        return index == NIO_QREC ? 0 : index;
    }
    return index == NIO_QREC ? nio_quiet_rec_event(q, e) : index;
}

int nio_quiet_read(struct nio_quiet *q, nio_watch_cb cb, void *ctx)
{
    for (;;) {
        ssize_t n = read(q->fd, q->buf, sizeof(q->buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0)
            return n == 0 ? 0 : -errno;
        for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= n;) {
            const struct inotify_event *e = (const void *)(q->buf + off);
            uint32_t index = nio_quiet_event(q, e);
            off += (ssize_t)(sizeof(*e) + e->len);
            if (index != NIO_QREC) {
                struct nio_watch_event ev;
                memset(&ev, 0, sizeof(ev));
                ev.kind = NIO_WE_IFACE;
                ev.ifindex = index;
                cb(ctx, &ev);
            }
        }
    }
}
