/* store-watch.c - that the namespace's directory of the system-wide record
 * is still absent, known within a write's look without asking the file
 * system (store.c, nio_store_dir).
 *
 * Why: a Create by index alone asks whether the interface has a record
 * (ipif-store.c, nio_if_unrecorded: a manual metric to add, default routes
 * refused), and the answer is almost always "no record was ever made in
 * this namespace".  Asking is an lstat() of an absent path, a system call
 * per Create.  Here an inotify watch on the directory the namespace's
 * would be made in (the records' root, or /run until the root exists) is
 * armed once, the path asked after it is armed (so that nothing made
 * between the two is missed), and every change there since is an event
 * that the write's look (subscription.c) sees in the same poll() as the
 * route mirror's socket.  A mount anywhere in the mount namespace (a
 * tmpfs put on /run) is seen there too, on /proc/self/mountinfo.  Any
 * event, or any doubt, and the path is asked again.
 *
 * What it does not see: a process that changes its root (chroot) or a
 * thread that enters another mount namespace after the watch is armed
 * keeps the answer of the directory first watched until something changes
 * there (docs/set.md, "the system-wide record").  One watch per process
 * (the lock and the state below: the look reads it with the other
 * process-wide caches); a forked child arms its own. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux.h"
#include "posix/store-files.h"

#define NIO_SW_ROOT_MASK (IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

static struct {
    pthread_mutex_t lock;
    struct nio_subscription sub;  /* no socket: extra = {inotify, mountinfo} */
    uint64_t cookie;              /* the namespace whose directory was absent */
    bool absent;                  /* when armed, and nothing seen since */
} nio_sw = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t nio_sw_once = PTHREAD_ONCE_INIT;

static void nio_sw_init(void)
{
    nio_subscription_register(&nio_sw.sub, &nio_sw.lock);
}

static void nio_sw_close(void)
{
    for (unsigned i = 0; i < nio_sw.sub.nextra; i++)
        close(nio_sw.sub.extra[i]);
    nio_sw.sub.nextra = 0;
    nio_sw.sub.gen++;
    nio_sw.absent = false;
}

/* The parent directory of path (cut at its last '/') into out. */
static void nio_sw_parent(const char *path, char *out, size_t cap)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] != '/')
        n--;
    n = n > 1 ? n - 1 : n;
    n = n < cap ? n : cap - 1;
    memcpy(out, path, n);
    out[n] = '\0';
}

/* Armed again from nothing for dir: the watch first, then the question.
 * Whether dir was absent; false also when nothing could be armed. */
static bool nio_sw_arm(const char *dir, uint64_t cookie)
{
    char root[NIO_STORE_PATH_MAX], run[NIO_STORE_PATH_MAX];
    struct stat st;
    int ifd, mfd;
    nio_sw_close();
    nio_sw_parent(dir, root, sizeof(root));
    nio_sw_parent(root, run, sizeof(run));
    ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (ifd < 0)
        return false;
    mfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (mfd < 0 || (inotify_add_watch(ifd, root, NIO_SW_ROOT_MASK) < 0 &&
                    inotify_add_watch(ifd, run, NIO_SW_ROOT_MASK) < 0)) {
        close(ifd);
        if (mfd >= 0)
            close(mfd);
        return false;
    }
    /* The mount table's file is always readable: a change is POLLPRI. */
    nio_sw.sub.extra[0] = ifd;
    nio_sw.sub.extra_events[0] = POLLIN;
    nio_sw.sub.extra[1] = mfd;
    nio_sw.sub.extra_events[1] = POLLPRI;
    nio_sw.sub.nextra = 2;
    nio_sw.sub.dirty = false;
    nio_sw.cookie = cookie;
    nio_sw.absent = lstat(dir, &st) != 0 && errno == ENOENT;
    return nio_sw.absent;
}

/* Under the lock: 1 the watch knows (*absent), 0 it must be armed, -1
 * it cannot be (forks unseen). */
static int nio_sw_known(uint64_t cookie, bool *absent)
{
    int begun = nio_subscription_begin(&nio_sw.sub);
    if (begun > 0)
        nio_sw_close(); /* this copy of the parent's watch */
    if (begun < 0)
        return -1;
    if (!nio_subscription_quiet(&nio_sw.sub) || nio_sw.sub.dirty || nio_sw.cookie != cookie)
        return 0;
    *absent = nio_sw.absent;
    return 1;
}

bool nio_linux_store_absent(const char *dir, uint64_t cookie)
{
    bool absent = false;
    int known;
    if (cookie == 0 || !nio_subscription_looking())
        return false;
    pthread_once(&nio_sw_once, nio_sw_init);
    pthread_mutex_lock(&nio_sw.lock);
    known = nio_sw_known(cookie, &absent);
    if (known == 0 && dir != NULL)
        absent = nio_sw_arm(dir, cookie);
    else if (known == 0)
        absent = false;
    pthread_mutex_unlock(&nio_sw.lock);
    return absent;
}
