/* bench-util.c - timing, statistics, printing, child processes and the
 * namespace of the benchmarks (bench.h). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netioapi_compat.h"

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

extern char **environ;

long bench_spawn_quiet(char *const argv[])
{
    posix_spawn_file_actions_t fa;
    int status, err;
    pid_t pid;
    fflush(stdout);
    if ((err = posix_spawn_file_actions_init(&fa)) != 0)
        return -err;
    err = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (err == 0)
        err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err != 0)
        return -err;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -ECHILD;
    return 0;
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

void bench_table_row(const char *fig, const char *value, const char *against, double ratio,
                     const char *target, const char *verdict)
{
    char r[16] = "";
    if (!isnan(ratio))
        snprintf(r, sizeof(r), "%.2f", ratio);
    printf("@row\t%s\t%s\t%s\t%s\t%s\t%s\n", fig, value, against, r, target, verdict);
}

void bench_check(const char *what, const char *value, bool pass)
{
    printf("  target: %-60s %s\n", what, pass ? "PASS" : "MISS");
    bench_table_row(what, value, "", NAN, "", pass ? "PASS" : "MISS");
}

bool bench_target(const char *what, const struct bench_fig *num, const struct bench_fig *den,
                  double limit)
{
    double med;
    char a[24], b[24], t[24];
    snprintf(t, sizeof(t), "<= %.2f", limit);
    if (!num->ok || !den->ok || den->median_ns <= 0 || den->mean_ns <= 0) {
        printf("  target %-46s not measured                          MISS\n", what);
        bench_table_row(what, "not measured", "", NAN, t, "MISS");
        return false;
    }
    med = num->median_ns / den->median_ns;
    printf("  target %-46s %5.2f (mean %5.2f)  <= %.2f  %s\n", what, med,
           num->mean_ns / den->mean_ns, limit, med <= limit ? "PASS" : "MISS");
    bench_sfmt(a, sizeof(a), num->median_ns);
    bench_sfmt(b, sizeof(b), den->median_ns);
    bench_table_row(what, a, b, med, t, med <= limit ? "PASS" : "MISS");
    return med <= limit;
}

/* ------------------------------------------- the scale benches (bench.h) */
struct bench_rx bench_rx;

void bench_rx_start(uint32_t oif)
{
    memset(&bench_rx, 0, sizeof(bench_rx));
    bench_rx.oif = oif;
    bench_rx.on = true;
}

void bench_sstats(uint64_t *t, size_t n, struct bench_sfig *f)
{
    double sum = 0;
    size_t k;
    for (size_t i = 0; i < n; i++)
        sum += (double)t[i];
    qsort(t, n, sizeof(*t), bench_cmp_u64);
    f->ok = n > 0;
    f->n = n;
    f->mean = sum / (double)n;
    f->median = n % 2 ? (double)t[n / 2] : ((double)t[n / 2 - 1] + (double)t[n / 2]) / 2;
    k = (size_t)ceil(0.9 * (double)n); /* nearest rank */
    f->p90 = (double)t[k ? k - 1 : 0];
}

void bench_sfmt(char *buf, size_t len, double ns)
{
    if (ns >= 1e9)
        snprintf(buf, len, "%.2f s", ns / 1e9);
    else if (ns >= 1e6)
        snprintf(buf, len, "%.2f ms", ns / 1e6);
    else
        snprintf(buf, len, "%.1f µs", ns / 1e3);
}

void bench_sprint(const char *label, const struct bench_sfig *f, const char *extra)
{
    char med[32], p90[32], mean[32];
    bench_sfmt(med, sizeof(med), f->median);
    bench_sfmt(p90, sizeof(p90), f->p90);
    bench_sfmt(mean, sizeof(mean), f->mean);
    printf("  %-52s median %10s  p90 %10s  mean %10s  n=%zu%s\n", label, med, p90, mean, f->n,
           extra ? extra : "");
    fflush(stdout);
}

const char *bench_scode(long err)
{
    switch (err) {
    case ERROR_ACCESS_DENIED: return ": ERROR_ACCESS_DENIED";
    case ERROR_INVALID_PARAMETER: return ": ERROR_INVALID_PARAMETER";
    case ERROR_NOT_SUPPORTED: return ": ERROR_NOT_SUPPORTED";
    case ERROR_NOT_FOUND: return ": ERROR_NOT_FOUND";
    case ERROR_OBJECT_ALREADY_EXISTS: return ": ERROR_OBJECT_ALREADY_EXISTS";
    default: return err < 0 ? " (-errno)" : "";
    }
}

void bench_srun(struct bench_scase *c, size_t n, size_t warmup, size_t iters,
                const char *rows_name, const char *foreign_name)
{
    uint64_t *t = calloc(n * iters, sizeof(*t));
    if (t == NULL)
        return;
    for (size_t k = 0; k < n; k++) {
        c[k].err = 0;
        memset(&c[k].fig, 0, sizeof(c[k].fig));
    }
    for (int apart = 0; apart < 2; apart++) {
        for (size_t i = 0; i < warmup + iters; i++)
            for (size_t k = 0; k < n; k++) {
                uint64_t start;
                if (c[k].err || c[k].apart != (apart == 1))
                    continue;
                start = bench_now_ns();
                c[k].err = c[k].fn(c[k].ctx);
                if (i >= warmup)
                    t[k * iters + i - warmup] = bench_now_ns() - start;
            }
    }
    for (size_t k = 0; k < n; k++) {
        char extra[320] = "";
        if (c[k].err) {
            printf("  %-52s FAILED (code %ld%s)\n", c[k].label, c[k].err, bench_scode(c[k].err));
            continue;
        }
        bench_sstats(t + k * iters, iters, &c[k].fig);
        if (c[k].count) {
            uint64_t t0, total;
            char a[24], b[24];
            bench_rx_start(c[k].oif);
            t0 = bench_now_ns();
            c[k].fn(c[k].ctx);
            total = bench_now_ns() - t0;
            bench_rx.on = false;
            bench_sfmt(a, sizeof(a), (double)bench_rx.sys_ns);
            bench_sfmt(b, sizeof(b), (double)(total - bench_rx.sys_ns));
            c[k].msgs = bench_rx.msgs;
            c[k].rows = bench_rx.rows;
            c[k].foreign = bench_rx.foreign;
            c[k].bytes = bench_rx.bytes;
            snprintf(extra, sizeof(extra),
                     "\n  %52s rx %zu msgs (%zu %s, %zu %s #%u), %zu bytes;"
                     "\n  %52s %zu requests (%zu dumps); in sendto+recvmsg %s, the rest %s",
                     "", bench_rx.msgs, bench_rx.rows, rows_name, bench_rx.foreign,
                     foreign_name, c[k].oif, bench_rx.bytes, "", bench_rx.requests,
                     bench_rx.dumps, a, b);
        }
        bench_sprint(c[k].label, &c[k].fig, extra);
    }
    free(t);
}

#define BENCH_ROWS 64
static struct bench_row {
    char fig[64], value[64], floor[64], target[16], verdict[8];
    double ratio;
} bench_rows[BENCH_ROWS];
static size_t bench_nrows;

void bench_add_row(const char *fig, const struct bench_sfig *v, const char *floor_label,
                   const struct bench_sfig *fl, double limit, const char *target)
{
    struct bench_row *r;
    char a[24], b[24];
    if (bench_nrows == BENCH_ROWS)
        return;
    r = &bench_rows[bench_nrows++];
    snprintf(r->fig, sizeof(r->fig), "%s", fig);
    r->ratio = NAN;
    if (v == NULL || !v->ok)
        snprintf(r->value, sizeof(r->value), "not measured");
    else {
        bench_sfmt(a, sizeof(a), v->median);
        bench_sfmt(b, sizeof(b), v->p90);
        snprintf(r->value, sizeof(r->value), "%s (p90 %s)", a, b);
    }
    if (fl == NULL || !fl->ok)
        snprintf(r->floor, sizeof(r->floor), "%s: not measured", floor_label);
    else {
        bench_sfmt(a, sizeof(a), fl->median);
        snprintf(r->floor, sizeof(r->floor), "%s %s", floor_label, a);
        if (v != NULL && v->ok && fl->median > 0)
            r->ratio = v->median / fl->median;
    }
    snprintf(r->target, sizeof(r->target), "%s", target);
    if (limit <= 0)
        snprintf(r->verdict, sizeof(r->verdict), "info");
    else
        snprintf(r->verdict, sizeof(r->verdict), "%s",
                 !isnan(r->ratio) && r->ratio <= limit ? "PASS" : "MISS");
}

void bench_add_check(const char *fig, const char *value, const char *floor, bool ok)
{
    struct bench_row *r;
    if (bench_nrows == BENCH_ROWS)
        return;
    r = &bench_rows[bench_nrows++];
    snprintf(r->fig, sizeof(r->fig), "%s", fig);
    snprintf(r->value, sizeof(r->value), "%s", value);
    snprintf(r->floor, sizeof(r->floor), "%s", floor);
    r->ratio = NAN;
    snprintf(r->target, sizeof(r->target), "0 foreign");
    snprintf(r->verdict, sizeof(r->verdict), "%s", ok ? "PASS" : "MISS");
}

/* s, then spaces up to width columns (UTF-8: "µ" is two bytes, one column). */
static void bench_pad(const char *s, int width)
{
    int cols = 0;
    for (const char *p = s; *p; p++)
        cols += ((unsigned char)*p & 0xC0) != 0x80;
    printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

void bench_print_rows(void)
{
    printf("\n-- targets (medians; ratio = value / floor) --\n");
    printf("  %-44s %-28s %-36s %6s  %-9s %s\n", "figure", "value", "floor", "ratio", "target",
           "");
    for (size_t i = 0; i < bench_nrows; i++) {
        char ratio[16] = "     -";
        if (!isnan(bench_rows[i].ratio))
            snprintf(ratio, sizeof(ratio), "%6.2f", bench_rows[i].ratio);
        printf("  ");
        bench_pad(bench_rows[i].fig, 45);
        bench_pad(bench_rows[i].value, 29);
        bench_pad(bench_rows[i].floor, 37);
        printf("%6s  %-9s %s\n", ratio, bench_rows[i].target, bench_rows[i].verdict);
    }
    for (size_t i = 0; i < bench_nrows; i++)
        bench_table_row(bench_rows[i].fig, bench_rows[i].value, bench_rows[i].floor,
                        bench_rows[i].ratio, bench_rows[i].target, bench_rows[i].verdict);
    fflush(stdout);
}

/* ------------------------------------------ the notification benches */
int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int bench_nl_ack(int fd)
{
    char buf[1024];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || h->nlmsg_type != NLMSG_ERROR)
        return -EPROTO;
    return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

unsigned long bench_netlink_drops(void)
{
    FILE *f = fopen("/proc/net/netlink", "r");
    char line[512];
    unsigned long drops = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char sk[32];
        unsigned long v[8];
        if (sscanf(line, "%31s %lu %lu %lx %lu %lu %lu %lu %lu", sk, &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7]) == 9 && v[0] == NETLINK_ROUTE)
            drops += v[7];
    }
    fclose(f);
    return drops;
}

int bench_count_dir(const char *path, const char *link_prefix)
{
    struct dirent *e;
    int n = 0;
    DIR *d = opendir(path);
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char p[512], target[64];
        ssize_t len;
        if (e->d_name[0] == '.')
            continue;
        if (link_prefix == NULL) {
            n++;
            continue;
        }
        snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
        len = readlink(p, target, sizeof(target) - 1);
        if (len > 0) {
            target[len] = '\0';
            n += strncmp(target, link_prefix, strlen(link_prefix)) == 0;
        }
    }
    closedir(d);
    return n;
}

double bench_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}
