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
 * tmpfs put on /run) is seen there too, on the arming thread's
 * /proc/thread-self/mountinfo.  Any event, or any doubt, and the path is
 * asked again; a watch that cannot be armed (no inotify instance left, no
 * /proc) is tried again only after NIO_SW_WAIT questions.
 *
 * What it does not see (docs/set.md, "What a route write pays for it"): a
 * process that changes its root (chroot) or a thread in another mount
 * namespace than the arming one keeps the answer of the directory first
 * watched until something changes there; /run a symbolic link pointed
 * elsewhere; a network or overlay file system that changes beneath
 * inotify.  One watch per process (the lock and the state below: the
 * look reads it with the other process-wide caches); a forked child arms
 * its own. */
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

/* IN_ATTRIB too: a directory renamed over the watched one gives the old
 * one IN_ATTRIB (its link count) and IN_DELETE_SELF only once nothing
 * holds it open any more. */
#define NIO_SW_MASK                                                                              \
    (IN_CREATE | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
/* The questions answered "ask the file system" after the watch could not
 * be armed, before it is tried again. */
#define NIO_SW_WAIT 64u

static struct {
    pthread_mutex_t lock;
    struct nio_subscription sub;  /* no socket: extra = {inotify, mountinfo} */
    uint64_t cookie;              /* the namespace whose directory was absent */
    bool absent;                  /* when armed, and nothing seen since */
    unsigned wait;                /* after a failed arming: NIO_SW_WAIT questions */
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

/* The watch of where dir would be made: the records' root when it exists,
 * else its parent (/run), and then the root asked again, since it may have
 * been made in between (then watched after all, a few times at most):
 * 0, or -1. */
static int nio_sw_watch(int ifd, const char *root, const char *run)
{
    struct stat st;
    for (int tries = 0; tries < 3; tries++) {
        if (inotify_add_watch(ifd, root, NIO_SW_MASK) >= 0)
            return 0;
        if (errno != ENOENT || inotify_add_watch(ifd, run, NIO_SW_MASK) < 0)
            return -1;
        if (lstat(root, &st) != 0 && errno == ENOENT)
            return 0; /* still absent: its making is an event of /run's */
    }
    return -1;
}

/* Armed again from nothing for dir: the watch first, then the question.
 * 1: dir absent; 0: not; -1: nothing could be armed.  The mount table is
 * the calling thread's (thread-self), whose namespace dir was named in. */
static int nio_sw_arm(const char *dir, uint64_t cookie)
{
    char root[NIO_STORE_PATH_MAX], run[NIO_STORE_PATH_MAX];
    struct stat st;
    int ifd, mfd = -1;
    nio_sw_close();
    nio_sw_parent(dir, root, sizeof(root));
    nio_sw_parent(root, run, sizeof(run));
    ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (ifd >= 0) {
        mfd = open("/proc/thread-self/mountinfo", O_RDONLY | O_CLOEXEC);
        if (mfd < 0)
            mfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    }
    if (ifd < 0 || mfd < 0 || nio_sw_watch(ifd, root, run) != 0) {
        if (ifd >= 0)
            close(ifd);
        if (mfd >= 0)
            close(mfd);
        return -1;
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
    return nio_sw.absent ? 1 : 0;
}

/* Under the lock: 1 the watch knows (*absent), 0 it must be armed, -1
 * it cannot answer now: forks unseen, or an armed watch this write's
 * look did not see (another thread held it then; arming again would undo
 * that thread's, so the file system is asked, as without a watch). */
static int nio_sw_known(uint64_t cookie, bool *absent)
{
    int begun = nio_subscription_begin(&nio_sw.sub);
    if (begun > 0)
        nio_sw_close(); /* this copy of the parent's watch */
    if (begun < 0 || (nio_sw.sub.nextra > 0 && !nio_subscription_looked(&nio_sw.sub)))
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
    if (known == 0 && dir != NULL && nio_sw.wait > 0) {
        nio_sw.wait--;
        absent = false;
    } else if (known == 0 && dir != NULL) {
        int armed = nio_sw_arm(dir, cookie);
        nio_sw.wait = armed < 0 ? NIO_SW_WAIT : 0;
        absent = armed > 0;
    } else if (known == 0) {
        absent = false;
    }
    pthread_mutex_unlock(&nio_sw.lock);
    return absent;
}
