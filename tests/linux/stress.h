/* stress.h - the concurrency stress of the public API, shared by
 * tests/linux/test-stress.c (bounded, pass/fail, also under
 * ThreadSanitizer) and bench/bench-soak.c (minutes, figures).
 *
 * Inside a network namespace of the caller's (stress_setup refuses any
 * other), threads call the library at once:
 *   get     GetIpInterfaceEntry by index or LUID, of a stable interface
 *           (must succeed) or of any index seen (success, or NOT_FOUND for
 *           one that vanished), and now and then GetIfEntry2;
 *   table   GetIpInterfaceTable (and now and then GetIfTable2), each table
 *           checked whole: every stable interface there, no row twice;
 *   set     SetIpInterfaceEntry on a stable veth of the thread's own
 *           (IPv6 DAD transmits and base reachable time, IPv4 MTU), each
 *           change read back;
 *   notify  NotifyIpInterfaceChange / CancelMibChangeNotify2 loops; after
 *           Cancel returns, a callback for that handle is counted late;
 *   watch   one handle held for seconds at a time, then cancelled and
 *           registered again (so the watcher thread also stops and starts);
 * while a child process creates and deletes veth pairs in batches.
 * Only the public API is used. */
#ifndef NIO_STRESS_H
#define NIO_STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum stress_kind { STRESS_GET, STRESS_TABLE, STRESS_SET, STRESS_NOTIFY, STRESS_KINDS };

struct stress_opts {
    unsigned threads[STRESS_KINDS]; /* threads of each kind (set: at most 8) */
    unsigned churn_batch;           /* veth pairs per batch, 0: no churn */
    unsigned churn_pause_ms;        /* between a batch's creation and deletion */
};

/* What happened so far; every field counts since stress_start. */
struct stress_counts {
    uint64_t calls[STRESS_KINDS];   /* calls made, by kind */
    uint64_t vanished;              /* Get/GetIfEntry2 of an interface that went: NOT_FOUND */
    uint64_t retries;               /* tables answered ERROR_RETRY (the OS kept changing) */
    uint64_t callbacks;             /* notifications delivered */
    uint64_t late;                  /* callbacks after their Cancel returned */
    uint64_t failures;              /* anything else: wrong code, torn table, lost Set */
    uint64_t pairs;                 /* veth pairs the child created (and deleted) */
    char first_failure[256];        /* what the first failure was */
};

/* The fixture, in a fresh namespace: lo up and the stable veth pairs
 * (st<i>/sp<i>) the set threads own.  NULL, or why not. */
const char *stress_setup(void);

struct stress;
/* Starts the child and the threads.  NULL on failure (errno). */
struct stress *stress_start(const struct stress_opts *opts);
/* The counts now. */
void stress_sample(struct stress *s, struct stress_counts *out);
/* Stops the threads and the child, waits for them, removes what the child
 * left, and frees s; *out gets the final counts. */
void stress_stop(struct stress *s, struct stress_counts *out);

/* Resident set size of this process, KiB (VmRSS), or -1. */
long stress_rss_kib(void);
/* Heap bytes in use (malloc'd and not freed, every arena, mmapped blocks
 * included), KiB; -1 where the C library cannot say (not glibc).  Unlike
 * the RSS it does not count what the allocator keeps after a free. */
long stress_heap_kib(void);

#endif
