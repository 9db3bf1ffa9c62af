/* os-posix.c - what nioctl does its own way on POSIX systems.
 *
 * Waiting for SIGINT or SIGTERM.  The signals are blocked in
 * every thread (the library's watcher inherits the mask) and taken by
 * sigwait() in the main thread, so no handler runs at a random point.  A
 * closed pipe shows as a write error instead of killing the process. */
#include <pthread.h>
#include <signal.h>
#include <time.h>
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

void nioctl_net_init(void)
{
}

NETIO_STATUS nioctl_if_entry(bool stats, MIB_IF_ROW2 *row)
{
    return GetIfEntry2Ex(stats ? MibIfEntryNormal : MibIfEntryNormalWithoutStatistics, row);
}

NETIO_STATUS nioctl_if_table(bool stats, PMIB_IF_TABLE2 *table)
{
    return GetIfTable2Ex(stats ? MibIfTableNormal : MibIfTableNormalWithoutStatistics, table);
}

void nioctl_utc_now(char *buf, size_t cap)
{
    struct timespec ts;
    struct tm tm;
    char sec[32];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, cap, "%s.%06ldZ", sec, ts.tv_nsec / 1000);
}
