/* hub.c - the watcher thread's life (hub.h): started by the first handle,
 * its subscription widened for each new kind of handle before that
 * handle's baseline is read, narrowed when the last handle of a kind goes,
 * stopped with the last handle. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "hub.h"

struct nio_hub nio_hub = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER,
                          .work = PTHREAD_MUTEX_INITIALIZER, .next_id = 1,
                          .state = NIO_HUB_IDLE, .wake = {-1, -1}};

static const unsigned nio_kind_bits[NIO_KINDS] = {NIO_WATCH_IPIF, NIO_WATCH_ROUTES,
                                                   NIO_WATCH_ADDRS};

void nio_hub_wake(void)
{
    char c = 0;
    ssize_t r = write(nio_hub.wake[1], &c, 1); /* full pipe: already woken */
    (void)r;
}

bool nio_on_hub_thread(void)
{
    return nio_hub.state != NIO_HUB_IDLE && pthread_equal(pthread_self(), nio_hub.thread);
}

int nio_kind_ix(unsigned kind)
{
    int ix = 0;
    while (ix < NIO_KINDS - 1 && nio_kind_bits[ix] != kind)
        ix++;
    return ix;
}

/* What the handles need now (lock held). */
static unsigned nio_hub_wanted(void)
{
    unsigned what = 0;
    for (int i = 0; i < NIO_KINDS; i++)
        if (nio_hub.kinds[i] != 0)
            what |= nio_kind_bits[i];
    return what;
}

/* A registration of a kind the running hub does not watch yet: subscribed
 * before the first reading, so no change falls between, and read before
 * the registration returns.  Both locks held. */
static nio_status nio_hub_widen(struct nio_hub_run *r, unsigned kind)
{
    nio_status st = nio_status_from_errno(nio_os_watch_set(r->watch, r->what | kind),
                                          NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_hub_baseline(r, kind);
    if (st == NIO_OK) {
        r->what |= kind;
        return NIO_OK;
    }
    nio_hub_drop(r, kind);
    nio_os_watch_set(r->watch, r->what); /* narrowing back: a wider one only costs */
    return st;
}

/* The last handle of a kind went: its cache and its part of the
 * subscription go too. */
static void nio_hub_narrow(struct nio_hub_run *r)
{
    unsigned wanted;
    pthread_mutex_lock(&nio_hub.lock);
    wanted = nio_hub_wanted();
    if (wanted != 0 && (r->what & ~wanted) != 0) {
        pthread_mutex_lock(&nio_hub.work);
        nio_hub_drop(r, r->what & ~wanted);
        nio_os_watch_set(r->watch, wanted); /* if refused, the extra messages are ignored */
        r->what = wanted;
        pthread_mutex_unlock(&nio_hub.work);
    }
    pthread_mutex_unlock(&nio_hub.lock);
}

/* Waits for OS messages, a wake-up or the next sweep; false: stop. */
static bool nio_hub_wait(struct nio_hub_run *r)
{
    struct pollfd p[2] = {{nio_os_watch_fd(r->watch), POLLIN, 0}, {nio_hub.wake[0], POLLIN, 0}};
    char buf[64];
    bool stop, failed;
    int timeout;
    pthread_mutex_lock(&nio_hub.lock);
    stop = nio_hub.count == 0;
    if (stop && nio_hub.state == NIO_HUB_RUNNING) {
        /* The last handle went from inside a callback: nobody will join. */
        nio_hub.state = NIO_HUB_IDLE;
        pthread_detach(pthread_self());
        pthread_cond_broadcast(&nio_hub.cond);
    }
    pthread_mutex_unlock(&nio_hub.lock);
    if (stop)
        return false;
    pthread_mutex_lock(&nio_hub.work);
    timeout = nio_hub_timeout(r);
    pthread_mutex_unlock(&nio_hub.work);
    failed = poll(p, 2, timeout) < 0 && errno != EINTR;
    while (read(nio_hub.wake[0], buf, sizeof(buf)) > 0)
        ;
    pthread_mutex_lock(&nio_hub.work);
    nio_hub_take(r, p[0].revents != 0, failed);
    pthread_mutex_unlock(&nio_hub.work);
    return true;
}

static void *nio_hub_main(void *arg)
{
    struct nio_hub_run *r = arg;
    do {
        nio_hub_narrow(r);
        pthread_mutex_lock(&nio_hub.work);
        nio_hub_update(r);
        pthread_mutex_unlock(&nio_hub.work);
        nio_deliver_all(r);
    } while (nio_hub_wait(r));
    nio_hub_run_free(r);
    return NULL;
}

/* The wake-up pipe: made once, kept for the life of the process, so that a
 * late Cancel can never write into a descriptor that was closed and reused. */
static int nio_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
    }
    return 0;
}

/* Lock held, hub idle: a hub for kind, its baseline read, its thread. */
static nio_status nio_hub_start(unsigned kind)
{
    struct nio_hub_run *r;
    nio_status st;
    if (nio_hub.wake[0] < 0 && nio_pipe(nio_hub.wake) != 0)
        return nio_status_from_errno(-errno, NIO_GEN_FAILURE);
    r = nio_calloc(1, sizeof(*r));
    if (r == NULL)
        return NIO_NO_MEMORY;
    st = nio_status_from_errno(nio_os_watch_open(kind, &r->watch), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_hub_baseline(r, kind); /* no thread yet: no lock to take */
    r->what = kind;
    if (st == NIO_OK)
        st = nio_status_from_errno(-pthread_create(&nio_hub.thread, NULL, nio_hub_main, r),
                                   NIO_GEN_FAILURE);
    if (st != NIO_OK) {
        nio_hub_run_free(r); /* closes the watch if one was opened */
        return st;
    }
    nio_hub.run = r;
    nio_hub.state = NIO_HUB_RUNNING;
    return NIO_OK;
}

nio_status nio_hub_join(unsigned kind)
{
    nio_status st = NIO_OK;
    while (nio_hub.state == NIO_HUB_STOPPING)
        pthread_cond_wait(&nio_hub.cond, &nio_hub.lock);
    if (nio_hub.state == NIO_HUB_IDLE)
        return nio_hub_start(kind);
    pthread_mutex_lock(&nio_hub.work);
    if (!(nio_hub.run->what & kind))
        st = nio_hub_widen(nio_hub.run, kind);
    pthread_mutex_unlock(&nio_hub.work);
    if (st == NIO_OK)
        nio_hub_wake(); /* it may sleep with no sweep to wake it */
    return st;
}
