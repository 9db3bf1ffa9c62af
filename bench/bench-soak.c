/* bench-soak.c - the concurrency stress of tests/linux/stress.c for a
 * bounded time, in a network namespace of its own (root; exit 77
 * otherwise):
 *
 *   bench-soak [--seconds N]       (default 60)
 *
 * Every 10 s, and at the end, prints the calls per second of each kind
 * since the last line, the veth pairs the child churned, the callbacks
 * delivered, this process's resident set and the heap bytes in use (what
 * is allocated and not freed; the RSS also holds what the allocator keeps
 * after a free).  Memory must stay flat: the last lines give the growth of
 * both between the 20 s mark (threads, sockets and caches are warm by
 * then) and the end.  Exit status 1 when any call
 * failed or a callback came after its Cancel. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stress.h"

#define EVERY_S 10
#define WARM_S 20

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
    double left;
    while ((left = t - now_s()) > 0) {
        struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static const char *const kinds[STRESS_KINDS] = {"get", "table", "set", "notify"};

static void line(const char *label, double t, double dt, const struct stress_counts *c,
                 const struct stress_counts *was, long rss, long heap)
{
    printf("soak: %-5s t=%4.0fs", label, t);
    for (int k = 0; k < STRESS_KINDS; k++)
        printf("  %s %7.0f/s", kinds[k], (double)(c->calls[k] - was->calls[k]) / dt);
    printf("  pairs %4.0f/s  callbacks %5.0f/s  rss %ld KiB  heap %ld KiB\n",
           (double)(c->pairs - was->pairs) / dt, (double)(c->callbacks - was->callbacks) / dt,
           rss, heap);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    struct stress_opts o = {
        .threads = {[STRESS_GET] = 3, [STRESS_TABLE] = 2, [STRESS_SET] = 2, [STRESS_NOTIFY] = 2},
        .churn_batch = 100,
        .churn_pause_ms = 20,
    };
    struct stress_counts c, was, first;
    unsigned seconds = 60;
    long rss_warm = -1, rss, heap_warm = -1, heap;
    double start, t, next;
    struct stress *s;
    const char *why;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: bench-soak [--seconds N]\n");
            return 2;
        }
    }
    if (unshare(CLONE_NEWNET) != 0) {
        printf("soak: skipped: unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
        return 77;
    }
    if ((why = stress_setup()) != NULL) {
        printf("soak: %s\n", why);
        return 1;
    }
    printf("soak: %u s; threads: get %u, table %u, set %u, notify %u (+1 long-lived handle); "
           "child: veth pairs in batches of %u\n", seconds, o.threads[STRESS_GET],
           o.threads[STRESS_TABLE], o.threads[STRESS_SET], o.threads[STRESS_NOTIFY],
           o.churn_batch);
    start = now_s();
    s = stress_start(&o);
    if (s == NULL) {
        printf("soak: cannot start: %s\n", strerror(errno));
        return 1;
    }
    memset(&was, 0, sizeof(was));
    memset(&first, 0, sizeof(first));
    t = start;
    for (next = start + EVERY_S; next <= start + seconds + 1e-3; next += EVERY_S) {
        sleep_until(next);
        stress_sample(s, &c);
        rss = stress_rss_kib();
        heap = stress_heap_kib();
        line("", now_s() - start, now_s() - t, &c, &was, rss, heap);
        if ((unsigned)(next - start + 0.5) == WARM_S) {
            rss_warm = rss;
            heap_warm = heap;
        }
        was = c;
        t = now_s();
    }
    /* The end: the resident set while every thread still runs, then
     * the final counts once they have stopped. */
    sleep_until(start + seconds);
    rss = stress_rss_kib();
    heap = stress_heap_kib();
    stress_stop(s, &c);
    line("total", now_s() - start, now_s() - start, &c, &first, rss, heap);
    printf("soak: %llu calls, %llu veth pairs churned, %llu callbacks, %llu NOT_FOUND "
           "(vanished), %llu tables ERROR_RETRY, %llu late callbacks, %llu failures\n",
           (unsigned long long)(c.calls[0] + c.calls[1] + c.calls[2] + c.calls[3]),
           (unsigned long long)c.pairs, (unsigned long long)c.callbacks,
           (unsigned long long)c.vanished, (unsigned long long)c.retries,
           (unsigned long long)c.late, (unsigned long long)c.failures);
    if (rss_warm > 0) {
        printf("soak: rss at %d s %ld KiB, at the end %ld KiB: growth %+ld KiB (%+.1f %%)\n",
               WARM_S, rss_warm, rss, rss - rss_warm, 100.0 * (double)(rss - rss_warm) /
               (double)rss_warm);
        if (heap_warm > 0)
            printf("soak: heap in use at %d s %ld KiB, at the end %ld KiB: growth %+ld KiB\n",
                   WARM_S, heap_warm, heap, heap - heap_warm);
    } else
        printf("soak: rss at the end %ld KiB (run %d s or more for the growth)\n", rss,
               WARM_S + EVERY_S);
    if (c.failures > 0)
        printf("soak: first failure: %s\n", c.first_failure);
    return c.failures > 0 || c.late > 0 ? 1 : 0;
}
