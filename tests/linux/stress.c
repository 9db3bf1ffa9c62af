/* stress.c - the concurrency stress of stress.h: threads of every kind
 * calling the public API at once while a child process churns veth pairs.
 * Every check is counted, none aborts, so that a soak can run for minutes
 * and a test can say what went wrong first. */
#include <errno.h>
#include <malloc.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netioapi_compat.h"
#include "stress.h"

#define MAX_SETTERS 8
#define CHURN_GROUP 77          /* ip link group of the child's interfaces */
#define RING 256                /* notify contexts kept after their Cancel */
#define WATCH_HOLD_MS 2000      /* the long-lived handle, before it cycles */

/* Shared with the child process. */
struct churn_shared {
    atomic_int stop;
    atomic_uint_fast64_t pairs;
};

struct worker {
    struct stress *s;
    unsigned id;                /* within its kind */
};

struct stress {
    struct stress_opts o;
    atomic_bool stop;
    pthread_t *threads;
    struct worker *workers;     /* each thread's argument */
    size_t nthreads;
    pid_t child;
    struct churn_shared *sh;
    atomic_uint_fast64_t calls[STRESS_KINDS];
    atomic_uint_fast64_t vanished, retries, callbacks, late, failures;
    atomic_uint max_index;      /* the highest index a table showed */
    pthread_mutex_t fail_lock;
    char first_failure[256];
    unsigned nstable;           /* lo, then st0.. */
    unsigned stable[MAX_SETTERS + 1];
};


static void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

static void fail(struct stress *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct stress *s, const char *fmt, ...)
{
    va_list ap;
    atomic_fetch_add(&s->failures, 1);
    pthread_mutex_lock(&s->fail_lock);
    if (s->first_failure[0] == '\0') {
        va_start(ap, fmt);
        vsnprintf(s->first_failure, sizeof(s->first_failure), fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&s->fail_lock);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[512];
    va_list ap;
    int st;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    st = system(cmd);
    return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* ------------------------------------------------------------- fixture */
const char *stress_setup(void)
{
    static char why[128];
    FILE *p = popen("ip -o link show | wc -l", "r");
    int links = 0;
    if (p == NULL || fscanf(p, "%d", &links) != 1 || pclose(p) != 0 || links != 1)
        return "not a fresh network namespace (lo alone): refusing to change it";
    if (sh("ip link set lo up") != 0)
        return "ip link set lo up failed";
    for (unsigned i = 0; i < MAX_SETTERS; i++)
        if (sh("ip link add st%u type veth peer name sp%u && ip link set st%u up && "
               "ip link set sp%u up", i, i, i, i) != 0) {
            snprintf(why, sizeof(why), "cannot create the veth pair st%u/sp%u", i, i);
            return why;
        }
    return NULL;
}

/* ----------------------------------------------------------------- get */
static void get_stable(struct stress *s, unsigned *seed)
{
    unsigned r = (unsigned)rand_r(seed);
    unsigned index = s->stable[r % s->nstable];
    MIB_IPINTERFACE_ROW row;
    DWORD st;
    InitializeIpInterfaceEntry(&row);
    row.Family = r & 0x100 ? AF_INET6 : AF_INET;
    row.InterfaceIndex = index;
    st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR || row.InterfaceIndex != index) {
        fail(s, "GetIpInterfaceEntry(stable %u, family %u): %u", index, row.Family,
             (unsigned)st);
        return;
    }
    /* The same row by its LUID alone. */
    row.InterfaceIndex = 0;
    st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR || row.InterfaceIndex != index)
        fail(s, "GetIpInterfaceEntry(LUID of stable %u): %u", index, (unsigned)st);
}

static void get_any(struct stress *s, unsigned *seed)
{
    unsigned r = (unsigned)rand_r(seed);
    unsigned index = 1 + r % (atomic_load(&s->max_index) + 4);
    MIB_IPINTERFACE_ROW row;
    DWORD st;
    if ((r & 0x700) == 0) {
        MIB_IF_ROW2 row2;
        memset(&row2, 0, sizeof(row2));
        row2.InterfaceIndex = index;
        st = GetIfEntry2(&row2);
        if (st == ERROR_FILE_NOT_FOUND)
            atomic_fetch_add(&s->vanished, 1);
        else if (st != NO_ERROR)
            fail(s, "GetIfEntry2(%u): %u", index, (unsigned)st);
        return;
    }
    InitializeIpInterfaceEntry(&row);
    row.Family = r & 0x800 ? AF_INET6 : AF_INET;
    row.InterfaceIndex = index;
    st = GetIpInterfaceEntry(&row);
    if (st == ERROR_NOT_FOUND)
        atomic_fetch_add(&s->vanished, 1);
    else if (st != NO_ERROR || row.InterfaceIndex != index)
        fail(s, "GetIpInterfaceEntry(%u, family %u): %u", index, row.Family, (unsigned)st);
}

static void *get_main(void *arg)
{
    struct worker *w = arg;
    struct stress *s = w->s;
    unsigned seed = 0x5eed + w->id;
    while (!atomic_load(&s->stop)) {
        if (rand_r(&seed) & 1)
            get_stable(s, &seed);
        else
            get_any(s, &seed);
        atomic_fetch_add(&s->calls[STRESS_GET], 1);
    }
    return NULL;
}

/* --------------------------------------------------------------- table */
static int cmp_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* keys[0..n): no key twice, and every stable interface's keys there. */
static void check_keys(struct stress *s, const char *what, uint64_t *keys, size_t n,
                       unsigned per_stable, uint64_t (*key)(unsigned index, unsigned k))
{
    qsort(keys, n, sizeof(*keys), cmp_key);
    for (size_t i = 1; i < n; i++)
        if (keys[i] == keys[i - 1]) {
            fail(s, "%s: a row twice (key %llx): a torn table", what,
                 (unsigned long long)keys[i]);
            return;
        }
    for (unsigned i = 0; i < s->nstable; i++)
        for (unsigned k = 0; k < per_stable; k++) {
            uint64_t want = key(s->stable[i], k);
            if (bsearch(&want, keys, n, sizeof(*keys), cmp_key) == NULL) {
                fail(s, "%s: stable interface %u missing: a torn table", what, s->stable[i]);
                return;
            }
        }
}

static uint64_t ip_key(unsigned index, unsigned k)
{
    return (uint64_t)index << 16 | (k ? AF_INET6 : AF_INET);
}

static uint64_t if_key(unsigned index, unsigned k)
{
    (void)k;
    return index;
}

static void table_ip(struct stress *s)
{
    MIB_IPINTERFACE_TABLE *t = NULL;
    uint64_t *keys;
    unsigned hi = 0;
    DWORD st = GetIpInterfaceTable(AF_UNSPEC, &t);
    if (st == ERROR_RETRY) {
        atomic_fetch_add(&s->retries, 1);
        return;
    }
    if (st != NO_ERROR || t == NULL) {
        fail(s, "GetIpInterfaceTable: %u", (unsigned)st);
        return;
    }
    keys = malloc((t->NumEntries + 1) * sizeof(*keys));
    if (keys != NULL) {
        for (ULONG i = 0; i < t->NumEntries; i++) {
            keys[i] = ip_key(t->Table[i].InterfaceIndex, t->Table[i].Family == AF_INET6);
            if (t->Table[i].InterfaceIndex > hi)
                hi = t->Table[i].InterfaceIndex;
        }
        check_keys(s, "GetIpInterfaceTable", keys, t->NumEntries, 2, ip_key);
        free(keys);
    }
    atomic_store(&s->max_index, hi);
    FreeMibTable(t);
}

static void table_if(struct stress *s)
{
    MIB_IF_TABLE2 *t = NULL;
    uint64_t *keys;
    DWORD st = GetIfTable2(&t);
    if (st == ERROR_RETRY) {
        atomic_fetch_add(&s->retries, 1);
        return;
    }
    if (st != NO_ERROR || t == NULL) {
        fail(s, "GetIfTable2: %u", (unsigned)st);
        return;
    }
    keys = malloc((t->NumEntries + 1) * sizeof(*keys));
    if (keys != NULL) {
        for (ULONG i = 0; i < t->NumEntries; i++)
            keys[i] = t->Table[i].InterfaceIndex;
        check_keys(s, "GetIfTable2", keys, t->NumEntries, 1, if_key);
        free(keys);
    }
    FreeMibTable(t);
}

static void *table_main(void *arg)
{
    struct worker *w = arg;
    struct stress *s = w->s;
    for (unsigned k = 0; !atomic_load(&s->stop); k++) {
        if (k % 4 == 3)
            table_if(s);
        else
            table_ip(s);
        atomic_fetch_add(&s->calls[STRESS_TABLE], 1);
    }
    return NULL;
}

/* ----------------------------------------------------------------- set */
static bool set_and_check(struct stress *s, MIB_IPINTERFACE_ROW *want)
{
    MIB_IPINTERFACE_ROW got;
    DWORD st = SetIpInterfaceEntry(want);
    if (st != NO_ERROR) {
        fail(s, "SetIpInterfaceEntry(%u, family %u): %u", want->InterfaceIndex, want->Family,
             (unsigned)st);
        return false;
    }
    InitializeIpInterfaceEntry(&got);
    got.Family = want->Family;
    got.InterfaceIndex = want->InterfaceIndex;
    st = GetIpInterfaceEntry(&got);
    if (st != NO_ERROR) {
        fail(s, "GetIpInterfaceEntry after Set(%u): %u", want->InterfaceIndex, (unsigned)st);
        return false;
    }
    if ((want->DadTransmits != 0xFFFFFFFF && got.DadTransmits != want->DadTransmits) ||
        (want->BaseReachableTime != 0xFFFFFFFF &&
         got.BaseReachableTime != want->BaseReachableTime) ||
        (want->NlMtu != 0xFFFFFFFF && got.NlMtu != want->NlMtu)) {
        fail(s, "interface %u family %u: Set succeeded, Get does not show it (DAD %u/%u, "
             "base reachable %u/%u, MTU %u/%u)", want->InterfaceIndex, want->Family,
             (unsigned)got.DadTransmits, (unsigned)want->DadTransmits,
             (unsigned)got.BaseReachableTime, (unsigned)want->BaseReachableTime,
             (unsigned)got.NlMtu, (unsigned)want->NlMtu);
        return false;
    }
    return true;
}

static void *set_main(void *arg)
{
    struct worker *w = arg;
    struct stress *s = w->s;
    unsigned index = s->stable[1 + w->id]; /* st<id>: this thread's alone */
    for (unsigned k = 0; !atomic_load(&s->stop); k++) {
        MIB_IPINTERFACE_ROW row;
        InitializeIpInterfaceEntry(&row);
        row.InterfaceIndex = index;
        if (k % 4 == 3) {
            row.Family = AF_INET;
            row.NlMtu = k % 8 == 3 ? 1400 : 1500;
        } else {
            row.Family = AF_INET6;
            row.DadTransmits = 1 + k % 3;
            row.BaseReachableTime = 20000 + (k % 5) * 1000;
        }
        set_and_check(s, &row);
        atomic_fetch_add(&s->calls[STRESS_SET], 1);
    }
    return NULL;
}

/* -------------------------------------------------------------- notify */
struct notify_ctx {
    struct stress *s;
    atomic_bool cancelled;      /* its Cancel has returned */
    bool check_rows;            /* the callback reads the row it is told of */
};

static VOID NETIOAPI_API_ on_change(PVOID arg, PMIB_IPINTERFACE_ROW row,
                                    MIB_NOTIFICATION_TYPE type)
{
    struct notify_ctx *c = arg;
    atomic_fetch_add(&c->s->callbacks, 1);
    if (atomic_load(&c->cancelled)) {
        atomic_fetch_add(&c->s->late, 1);
        fail(c->s, "a callback after its CancelMibChangeNotify2 returned");
    }
    if (c->check_rows && row != NULL && type != MibDeleteInstance) {
        /* Callbacks may call the library. */
        MIB_IPINTERFACE_ROW r;
        DWORD st;
        InitializeIpInterfaceEntry(&r);
        r.Family = row->Family;
        r.InterfaceLuid = row->InterfaceLuid;
        st = GetIpInterfaceEntry(&r);
        if (st == ERROR_NOT_FOUND)
            atomic_fetch_add(&c->s->vanished, 1);
        else if (st != NO_ERROR)
            fail(c->s, "GetIpInterfaceEntry in a callback: %u", (unsigned)st);
    }
}

static void *notify_main(void *arg)
{
    static const ADDRESS_FAMILY families[] = {AF_UNSPEC, AF_INET, AF_INET6};
    struct worker *w = arg;
    struct stress *s = w->s;
    struct notify_ctx *ring[RING] = {0};
    unsigned seed = 0x0ef1 + w->id;
    for (unsigned k = 0; !atomic_load(&s->stop); k++) {
        struct notify_ctx *c = calloc(1, sizeof(*c));
        HANDLE h = NULL;
        DWORD st;
        if (c == NULL)
            break;
        c->s = s;
        st = NotifyIpInterfaceChange(families[k % 3], on_change, c, k % 2, &h);
        if (st != NO_ERROR || h == NULL) {
            fail(s, "NotifyIpInterfaceChange: %u", (unsigned)st);
            free(c);
            continue;
        }
        sleep_ms((unsigned)rand_r(&seed) % 10);
        st = CancelMibChangeNotify2(h);
        atomic_store(&c->cancelled, true);
        if (st != NO_ERROR)
            fail(s, "CancelMibChangeNotify2: %u", (unsigned)st);
        if ((st = CancelMibChangeNotify2(h)) != ERROR_INVALID_PARAMETER)
            fail(s, "CancelMibChangeNotify2 of a cancelled handle: %u", (unsigned)st);
        /* Freed RING cancellations later: a late callback would touch
         * it after the free (the sanitizers see that). */
        free(ring[k % RING]);
        ring[k % RING] = c;
        atomic_fetch_add(&s->calls[STRESS_NOTIFY], 1);
    }
    for (unsigned i = 0; i < RING; i++)
        free(ring[i]);
    return NULL;
}

/* The long-lived handle, which reads every row it is told of. */
static void *watch_main(void *arg)
{
    struct worker *w = arg;
    struct stress *s = w->s;
    while (!atomic_load(&s->stop)) {
        struct notify_ctx *c = calloc(1, sizeof(*c));
        HANDLE h = NULL;
        DWORD st;
        if (c == NULL)
            break;
        c->s = s;
        c->check_rows = true;
        st = NotifyIpInterfaceChange(AF_UNSPEC, on_change, c, TRUE, &h);
        if (st != NO_ERROR) {
            fail(s, "NotifyIpInterfaceChange (watch): %u", (unsigned)st);
            free(c);
            break;
        }
        for (unsigned ms = 0; ms < WATCH_HOLD_MS && !atomic_load(&s->stop); ms += 50)
            sleep_ms(50);
        if ((st = CancelMibChangeNotify2(h)) != NO_ERROR)
            fail(s, "CancelMibChangeNotify2 (watch): %u", (unsigned)st);
        atomic_store(&c->cancelled, true);
        free(c);
        atomic_fetch_add(&s->calls[STRESS_NOTIFY], 1);
        sleep_ms(100);
    }
    return NULL;
}

/* --------------------------------------------------------------- churn */
/* The child: batches of veth pairs created with one `ip -batch`, held for
 * a moment, then deleted as a group (one RCU grace period for all). */
static void churn_main(struct churn_shared *shared, unsigned batch, unsigned pause_ms)
{
    char path[] = "/tmp/nio-stress-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
        _exit(1);
    for (unsigned i = 0; i < batch; i++)
        fprintf(f, "link add c%u group %u type veth peer name d%u group %u\n", i, CHURN_GROUP,
                i, CHURN_GROUP);
    fclose(f);
    while (!atomic_load(&shared->stop)) {
        if (sh("ip -batch %s >/dev/null 2>&1", path) == 0)
            atomic_fetch_add(&shared->pairs, batch);
        sleep_ms(pause_ms);
        sh("ip link del group %u >/dev/null 2>&1", CHURN_GROUP);
        sleep_ms(pause_ms / 2);
    }
    unlink(path);
    _exit(0);
}

/* ------------------------------------------------------------ lifetime */
static void *(*const kind_main[STRESS_KINDS])(void *) = {
    [STRESS_GET] = get_main,
    [STRESS_TABLE] = table_main,
    [STRESS_SET] = set_main,
    [STRESS_NOTIFY] = notify_main,
};

struct stress *stress_start(const struct stress_opts *opts)
{
    struct stress *s = calloc(1, sizeof(*s));
    struct worker *w;
    size_t n = 1; /* the watch thread */
    if (s == NULL)
        return NULL;
    s->o = *opts;
    if (s->o.threads[STRESS_SET] > MAX_SETTERS)
        s->o.threads[STRESS_SET] = MAX_SETTERS;
    pthread_mutex_init(&s->fail_lock, NULL);
    s->stable[s->nstable++] = if_nametoindex("lo");
    for (unsigned i = 0; i < MAX_SETTERS; i++) {
        char name[IF_NAMESIZE];
        snprintf(name, sizeof(name), "st%u", i);
        s->stable[s->nstable++] = if_nametoindex(name);
    }
    for (unsigned i = 0; i < s->nstable; i++)
        if (s->stable[i] == 0) {
            errno = ENODEV; /* stress_setup was not run */
            free(s);
            return NULL;
        }
    s->sh = mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s->sh == MAP_FAILED) {
        free(s);
        return NULL;
    }
    memset(s->sh, 0, sizeof(*s->sh));
    s->child = -1;
    /* The child first, while this process has no thread of its own. */
    if (s->o.churn_batch > 0) {
        s->child = fork();
        if (s->child == 0) {
            struct churn_shared *shared = s->sh;
            unsigned batch = s->o.churn_batch, pause_ms = s->o.churn_pause_ms;
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            free(s); /* the parent's; valgrind checks the child's leaks too */
            churn_main(shared, batch, pause_ms);
        }
    }
    for (int k = 0; k < STRESS_KINDS; k++)
        n += s->o.threads[k];
    s->threads = calloc(n, sizeof(*s->threads));
    w = calloc(n, sizeof(*w));
    if (s->threads == NULL || w == NULL) {
        free(w);
        atomic_store(&s->stop, true);
        stress_stop(s, NULL);
        return NULL;
    }
    for (int k = 0; k < STRESS_KINDS; k++)
        for (unsigned i = 0; i < s->o.threads[k]; i++) {
            w[s->nthreads] = (struct worker){s, i};
            if (pthread_create(&s->threads[s->nthreads], NULL, kind_main[k],
                               &w[s->nthreads]) == 0)
                s->nthreads++;
        }
    w[s->nthreads] = (struct worker){s, 0};
    if (pthread_create(&s->threads[s->nthreads], NULL, watch_main, &w[s->nthreads]) == 0)
        s->nthreads++;
    s->workers = w;
    return s;
}

static void counts(struct stress *s, struct stress_counts *out)
{
    memset(out, 0, sizeof(*out));
    for (int k = 0; k < STRESS_KINDS; k++)
        out->calls[k] = atomic_load(&s->calls[k]);
    out->vanished = atomic_load(&s->vanished);
    out->retries = atomic_load(&s->retries);
    out->callbacks = atomic_load(&s->callbacks);
    out->late = atomic_load(&s->late);
    out->failures = atomic_load(&s->failures);
    out->pairs = atomic_load(&s->sh->pairs);
    pthread_mutex_lock(&s->fail_lock);
    memcpy(out->first_failure, s->first_failure, sizeof(out->first_failure));
    pthread_mutex_unlock(&s->fail_lock);
}

void stress_sample(struct stress *s, struct stress_counts *out)
{
    counts(s, out);
}

void stress_stop(struct stress *s, struct stress_counts *out)
{
    atomic_store(&s->stop, true);
    for (size_t i = 0; i < s->nthreads; i++)
        pthread_join(s->threads[i], NULL);
    atomic_store(&s->sh->stop, 1);
    if (s->child > 0)
        waitpid(s->child, NULL, 0);
    sh("ip link del group %u >/dev/null 2>&1", CHURN_GROUP);
    if (out != NULL)
        counts(s, out);
    munmap(s->sh, sizeof(*s->sh));
    pthread_mutex_destroy(&s->fail_lock);
    free(s->threads);
    free(s->workers);
    free(s);
}

long stress_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

long stress_heap_kib(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (long)((mi.uordblks + mi.hblkhd) / 1024);
#else
    return -1;
#endif
}
