/* bench-util.c - timing, statistics, printing, child processes and the
 * namespace of the benchmarks (bench.h). */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void bench_stats(uint64_t *t, size_t n, struct bench_fig *out)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)t[i];
    qsort(t, n, sizeof(*t), bench_cmp_u64);
    out->ok = true;
    out->n = n;
    out->mean_ns = sum / (double)n;
    out->median_ns = n % 2 ? (double)t[n / 2] : ((double)t[n / 2 - 1] + (double)t[n / 2]) / 2;
}

void bench_run(struct bench_case *cases, size_t n, size_t warmup, size_t iters)
{
    uint64_t *t = calloc(n * (iters ? iters : 1), sizeof(*t));
    for (size_t c = 0; c < n; c++) {
        memset(&cases[c].fig, 0, sizeof(cases[c].fig));
        cases[c].err = t == NULL ? -ENOMEM : 0;
    }
    for (size_t i = 0; t != NULL && i < warmup + iters; i++) {
        for (size_t c = 0; c < n; c++) {
            uint64_t start;
            if (cases[c].err != 0)
                continue;
            start = bench_now_ns();
            cases[c].err = cases[c].fn(cases[c].ctx);
            if (i >= warmup)
                t[c * iters + i - warmup] = bench_now_ns() - start;
        }
    }
    for (size_t c = 0; c < n; c++) {
        if (cases[c].err != 0 || iters == 0) {
            printf("  %-50s FAILED (code %ld)\n", cases[c].label, cases[c].err);
            continue;
        }
        bench_stats(t + c * iters, iters, &cases[c].fig);
        bench_print(cases[c].label, &cases[c].fig);
    }
    fflush(stdout);
    free(t);
}

static void bench_fmt_ns(char *buf, size_t len, double ns)
{
    if (ns >= 1e6)
        snprintf(buf, len, "%9.2f ms", ns / 1e6);
    else
        snprintf(buf, len, "%9.2f µs", ns / 1e3);
}

void bench_print(const char *label, const struct bench_fig *f)
{
    char mean[32], median[32];
    bench_fmt_ns(mean, sizeof(mean), f->mean_ns);
    bench_fmt_ns(median, sizeof(median), f->median_ns);
    printf("  %-50s mean %s  median %s  n=%zu\n", label, mean, median, f->n);
    fflush(stdout);
}

/* "key\tlabel\tmean\tmedian\tn" -> a figure; false for any other line. */
static bool bench_parse_peer(char *line, struct bench_peer_fig *pf, char **label)
{
    char *field[5], *save = NULL, *p = line;
    for (int i = 0; i < 5; i++, p = NULL)
        if ((field[i] = strtok_r(p, "\t\n", &save)) == NULL)
            return false;
    if (strlen(field[0]) >= sizeof(pf->key))
        return false;
    strcpy(pf->key, field[0]);
    *label = field[1];
    pf->fig.mean_ns = strtod(field[2], NULL);
    pf->fig.median_ns = strtod(field[3], NULL);
    pf->fig.n = strtoul(field[4], NULL, 10);
    pf->fig.ok = pf->fig.n > 0;
    return true;
}

int bench_peer(char *const argv[], struct bench_peer_fig *figs, int max)
{
    int fds[2], status, n = 0;
    char line[512];
    FILE *in;
    pid_t pid;
    fflush(stdout);
    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "bench-rows: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    in = fdopen(fds[0], "r");
    if (in == NULL) {
        close(fds[0]);
        waitpid(pid, &status, 0);
        return -1;
    }
    while (fgets(line, sizeof(line), in) != NULL) {
        struct bench_peer_fig pf;
        char copy[sizeof(line)], *label;
        strcpy(copy, line);
        if (!bench_parse_peer(copy, &pf, &label)) {
            fputs(line, stdout); /* a message of the peer's own */
            continue;
        }
        bench_print(label, &pf.fig);
        if (n < max)
            figs[n++] = pf;
    }
    fclose(in);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        printf("  (%s exited abnormally)\n", argv[0]);
    fflush(stdout);
    return n;
}

const struct bench_fig *bench_peer_find(const struct bench_peer_fig *figs, int n,
                                        const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(figs[i].key, key) == 0 && figs[i].fig.ok)
            return &figs[i].fig;
    return NULL;
}

int bench_sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    int len, status;
    va_start(ap, fmt);
    len = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof(cmd))
        return -1;
    fflush(stdout);
    status = system(cmd);
    if (status < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

long bench_peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

bool bench_enter_netns(void)
{
    if (unshare(CLONE_NEWNET) == 0)
        return true;
    printf("skipped: cannot make a network namespace (unshare: %s); run as root\n",
           strerror(errno));
    return false;
}

int bench_add_veths(const char *a, const char *b, size_t first, size_t last,
                    const char *extra)
{
    char path[] = "/tmp/bench-veths-XXXXXX";
    int fd = mkstemp(path), rc = -1;
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (f == NULL) {
        perror("bench: ip -batch file");
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return -1;
    }
    for (size_t i = first; i < last; i++)
        fprintf(f, "link add %s%zu type veth peer name %s%zu\n", a, i, b, i);
    if (extra != NULL)
        fputs(extra, f);
    if (fclose(f) == 0)
        rc = bench_sh("ip -batch %s", path);
    unlink(path);
    return rc;
}

bool bench_target(const char *what, const struct bench_fig *num, const struct bench_fig *den,
                  double limit)
{
    double med;
    if (!num->ok || !den->ok || den->median_ns <= 0 || den->mean_ns <= 0) {
        printf("  target %-46s not measured                          MISS\n", what);
        return false;
    }
    med = num->median_ns / den->median_ns;
    printf("  target %-46s %5.2f (mean %5.2f)  <= %.2f  %s\n", what, med,
           num->mean_ns / den->mean_ns, limit, med <= limit ? "PASS" : "MISS");
    return med <= limit;
}
