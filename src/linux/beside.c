/* beside.c - one dump on a second thread while the caller reads another.
 *
 * A table of every interface needs two or three kernel dumps (the links,
 * the neighbour tables, the speeds).  The kernel makes each one in the
 * reading thread's system calls, one after another; on a machine with a
 * CPU to spare, a second thread reading one of them while the caller reads
 * the link dump takes its time off the table's (bench/README.md).
 *
 * A thread per table, not one kept: a thread made now is in the caller's
 * network namespace and in this process (a kept one would be neither after
 * the caller's setns() or a fork()), and its sockets are its own, closed
 * when it ends.  It costs tens of microseconds (the thread and its
 * sockets), so only a process whose last table had many interfaces, on
 * more than one CPU, uses it; otherwise, or when no thread can be made,
 * the work runs in the caller's thread at the join, as it would without
 * this file.
 *
 * The caller's thread may have a socket from before a setns(): its link
 * dump then reads another namespace than the new thread's.  The join
 * compares the namespaces of the two threads' sockets and, unless they are
 * provably one, runs the work again in the caller's thread.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "linux.h"

/* The interface count of the last link dump, a hint only: wrong, it costs
 * a thread or saves none, and every answer is the same. */
static atomic_size_t nio_beside_seen;
/* Tests only: NIO_BESIDE_AUTO, or always / never a thread. */
static atomic_int nio_beside_mode;

void nio_beside_force(enum nio_beside_mode mode)
{
    atomic_store(&nio_beside_mode, mode);
}

void nio_beside_note(size_t interfaces)
{
    atomic_store_explicit(&nio_beside_seen, interfaces, memory_order_relaxed);
}

static bool nio_beside_worth(void)
{
    int mode = atomic_load_explicit(&nio_beside_mode, memory_order_relaxed);
    cpu_set_t cpus;
    if (mode != NIO_BESIDE_AUTO)
        return mode == NIO_BESIDE_ALWAYS;
    if (atomic_load_explicit(&nio_beside_seen, memory_order_relaxed) < NIO_BESIDE_MIN)
        return false;
    /* The CPUs this thread may run on, not the machine's: pinned to one,
     * a second thread only takes turns with the first. */
    return sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) > 1;
}

/* The namespace of the calling thread's rtnetlink socket. */
static int nio_beside_netns(uint64_t *cookie)
{
    struct nio_nl *nl;
    int err = nio_nl_open(&nl);
    return err ? err : nio_nl_netns_cookie(nl, cookie);
}

static void *nio_beside_main(void *arg)
{
    struct nio_beside *b = arg;
    b->err = b->fn(b->ctx);
    if (nio_beside_netns(&b->netns) != 0)
        b->netns = 0;
    return NULL;
}

void nio_beside_start(struct nio_beside *b, nio_beside_fn fn, void *ctx, bool soon)
{
    sigset_t all, was;
    b->fn = fn;
    b->ctx = ctx;
    b->err = 0;
    b->netns = 0;
    b->running = false;
    if (!soon || !nio_beside_worth())
        return;
    /* The caller's signals stay the caller's: the thread blocks them all. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &was);
    b->running = pthread_create(&b->thread, NULL, nio_beside_main, b) == 0;
    pthread_sigmask(SIG_SETMASK, &was, NULL);
}

int nio_beside_join(struct nio_beside *b, bool need)
{
    uint64_t mine;
    if (b->running) {
        pthread_join(b->thread, NULL);
        b->running = false;
        if (!need)
            return -ECANCELED;
        if (b->netns != 0 && nio_beside_netns(&mine) == 0 && mine == b->netns)
            return b->err;
        /* Not provably the caller's namespace: its answer is not used. */
    }
    return need ? b->fn(b->ctx) : -ECANCELED;
}
