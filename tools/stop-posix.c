/* stop-posix.c - waiting for SIGINT or SIGTERM.  The signals are blocked in
 * every thread (the library's watcher inherits the mask) and taken by
 * sigwait() in the main thread, so no handler runs at a random point.  A
 * closed pipe shows as a write error instead of killing the process. */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "nioctl.h"

static sigset_t nioctl_stop_set;

void nioctl_stop_prepare(void)
{
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&nioctl_stop_set);
    sigaddset(&nioctl_stop_set, SIGINT);
    sigaddset(&nioctl_stop_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &nioctl_stop_set, NULL);
}

void nioctl_stop_wait(void)
{
    int sig = 0;
    while (sigwait(&nioctl_stop_set, &sig) != 0)
        ;
}

void nioctl_stop_raise(void)
{
    kill(getpid(), SIGTERM);
}
