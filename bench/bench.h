/* bench.h - the pieces of bench-rows: timing and printing (bench-util.c)
 * and the bare libmnl floors the library is measured against
 * (bench-floor.c).  bench/README.md says what each figure means. */
#ifndef NIO_BENCH_H
#define NIO_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------- bench-util.c */
/* One figure: per-call mean and median of n timed calls. */
struct bench_fig {
    bool ok;            /* false: not measured (skipped or failed) */
    double mean_ns;
    double median_ns;
    size_t n;
};

/* One call of the thing measured: 0, or a non-zero code that stops the
 * measurement of that case (printed as the reason). */
typedef long (*bench_fn)(void *ctx);

/* One thing to measure, and its result. */
struct bench_case {
    char label[96];
    bench_fn fn;
    void *ctx;
    struct bench_fig fig;   /* filled by bench_run */
    long err;               /* 0, or fn's code when it failed */
};

/* Measures the cases round-robin: warmup untimed rounds, then iters rounds
 * in which every case is called once and each call is timed on its own
 * (CLOCK_MONOTONIC).  Interleaving makes a slow spell of the machine hit
 * every case alike, so their ratios hold even when absolute times drift.
 * A case that fails drops out; the others go on.  Prints one line per
 * case. */
void bench_run(struct bench_case *cases, size_t n, size_t warmup, size_t iters);

/* "  label   mean X µs  median Y µs  n=N" (ms from 1 ms on). */
void bench_print(const char *label, const struct bench_fig *f);

/* A figure of another program, by its key (see bench_peer). */
struct bench_peer_fig {
    char key[32];
    struct bench_fig fig;
};

/* Runs argv (in this process's network namespace) and prints the figures
 * it writes on stdout, one a line: "key<TAB>label<TAB>mean_ns<TAB>
 * median_ns<TAB>n".  Other lines are passed through.  Up to max figures
 * are stored in figs; returns how many, or -1 when it could not run. */
int bench_peer(char *const argv[], struct bench_peer_fig *figs, int max);
/* The figure stored under key, or NULL. */
const struct bench_fig *bench_peer_find(const struct bench_peer_fig *figs, int n,
                                        const char *key);

/* Runs argv with stdout on /dev/null and waits: 0 when it exited 0, else a
 * negative errno.  A process peer timed beside the library's calls: it is
 * started with posix_spawn (vfork-like), because a fork() would make every
 * page of this process copy-on-write, and the library's next call would pay
 * a fault for each page it writes (3x a 20,000-row table on a VM). */
long bench_spawn_quiet(char *const argv[]);

/* Runs a shell command built like printf; returns its exit status, or -1. */
int bench_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Peak resident set of this process, KiB (getrusage). */
long bench_peak_rss_kib(void);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* Moves this process into a network namespace of its own; false (and a
 * "skipped: ..." line on stdout) when it cannot. */
bool bench_enter_netns(void);

/* Adds veth pairs <a><i>/<b><i> for i in [first, last), then the lines of
 * extra (NULL: none), with one `ip -batch` run; its exit status, or -1. */
int bench_add_veths(const char *a, const char *b, size_t first, size_t last,
                    const char *extra);

/* One row of the table run-bench.sh assembles from every bench's output
 * (bench/README.md, "The one table"): a line "@row<TAB>figure<TAB>value
 * <TAB>against<TAB>ratio<TAB>target<TAB>verdict", ratio NaN for none.
 * bench_target and bench_print_rows print theirs; other verdicts call it. */
void bench_table_row(const char *fig, const char *value, const char *against, double ratio,
                     const char *target, const char *verdict);

/* Prints "  target: what  PASS|MISS" and its table row (value: what was
 * measured, "" when the lines above say). */
void bench_check(const char *what, const char *value, bool pass);

/* Prints one "target" line: num/den by medians (the mean ratio beside)
 * against limit, PASS or MISS; true for PASS. */
bool bench_target(const char *what, const struct bench_fig *num, const struct bench_fig *den,
                  double limit);

/* ------------------------------- bench-util.c: bench-route and bench-addr */
/* One figure of the scale benches: median, p90 (nearest rank) and mean. */
struct bench_sfig {
    bool ok;
    double median, p90, mean;   /* ns */
    size_t n;
};

/* What the program's recvmsg()/sendto() stand-ins count while on (they
 * fill it; bench_srun reads it): datagrams read, their messages, the rows
 * among them and the rows not about oif; requests sent, dumps among them,
 * and the time inside the two system calls. */
struct bench_rx {
    bool on;
    uint32_t oif;               /* the interface the call is about */
    size_t datagrams, bytes, msgs, rows, foreign;
    size_t requests, dumps;
    uint64_t sys_ns;
};
extern struct bench_rx bench_rx;
/* Zeroes bench_rx and turns counting on for calls about oif. */
void bench_rx_start(uint32_t oif);

struct bench_scase {
    char label[96];
    bench_fn fn;
    void *ctx;
    long err;
    struct bench_sfig fig;
    /* what one untimed call received (bench_rx), when asked */
    bool count;
    uint32_t oif;
    size_t msgs, rows, foreign, bytes;
    /* a process peer (ip -j): timed in rounds of its own, after the
     * others, as it leaves the caches cold for whatever runs next */
    bool apart;
};

/* The figure of n timed calls t (t is sorted). */
void bench_sstats(uint64_t *t, size_t n, struct bench_sfig *f);
/* "1.2 µs", "3.40 ms", "1.05 s". */
void bench_sfmt(char *buf, size_t len, double ns);
/* "  label  median X  p90 Y  mean Z  n=N<extra>". */
void bench_sprint(const char *label, const struct bench_sfig *f, const char *extra);
/* A failure code's name, for the codes the row calls answer. */
const char *bench_scode(long err);
/* Round-robin as bench_run: warm-up rounds, then iters rounds in which
 * every case is called once and timed alone; a failed case drops out.
 * The cases apart get their own rounds after those of the others.
 * Then one more untimed call of each counting case, with bench_rx on; its
 * line says "rx N msgs (R <rows_name>, F <foreign_name> #oif)". */
void bench_srun(struct bench_scase *c, size_t n, size_t warmup, size_t iters,
                const char *rows_name, const char *foreign_name);

/* The closing table: one row per figure against its floor (limit <= 0:
 * "info", else PASS when value/floor by medians is at most limit), one per
 * foreign-row check; bench_print_rows prints them. */
void bench_add_row(const char *fig, const struct bench_sfig *v, const char *floor_label,
                   const struct bench_sfig *fl, double limit, const char *target);
void bench_add_check(const char *fig, const char *value, const char *floor, bool ok);
void bench_print_rows(void);

/* ------------------------ bench-util.c: the notification benches (*-notify) */
/* qsort order of doubles. */
int bench_cmp_double(const void *a, const void *b);
/* The ACK of the last request on the rtnetlink socket fd: 0 or the
 * kernel's -errno (-EPROTO when the reply is no ACK). */
int bench_nl_ack(int fd);
/* Messages dropped by the NETLINK_ROUTE sockets (/proc/net/netlink). */
unsigned long bench_netlink_drops(void);
/* Entries of the directory path (link_prefix NULL), or of the symbolic
 * links in it whose target begins with link_prefix; -1 when unreadable. */
int bench_count_dir(const char *path, const char *link_prefix);
/* CPU time of this process (user + system), ms. */
double bench_cpu_ms(void);

/* --------------------------------------------------------- bench-floor.c */
/* A bare rtnetlink socket, opened once: the floor any library pays. */
struct bench_nl;
int bench_nl_open(struct bench_nl **out);
void bench_nl_close(struct bench_nl *nl);
/* The interface bench_nl_getlink asks for. */
void bench_nl_target(struct bench_nl *nl, int ifindex);
/* Messages of the last dump. */
size_t bench_nl_msgs(const struct bench_nl *nl);
/* Interfaces of the namespace, by one RTM_GETLINK dump; 0 when it fails. */
size_t bench_nl_count(struct bench_nl *nl);

/* bench_fn calls, ctx is the struct bench_nl.  One RTM_GETLINK for the
 * target index (stats skipped, as the library asks), received, not parsed. */
long bench_nl_getlink(void *ctx);
/* RTM_GETLINK dump, IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS, received into
 * a 32 KiB buffer until NLMSG_DONE. */
long bench_nl_linkdump(void *ctx);
/* The same with the counters (no IFLA_EXT_MASK filter): GetIfTable2's. */
long bench_nl_linkdump_stats(void *ctx);
/* RTM_GETNEIGHTBL dump, every family, until NLMSG_DONE. */
long bench_nl_neightbl_dump(void *ctx);
/* bench_fn, ctx a struct bench_nl_pair: the link dump on `here` and, on
 * a thread made for the call, the neighbour-table dump on `beside`: what
 * a table's two dumps would cost if read at once, as far as the kernel
 * lets them overlap (bench/README.md, "Two dumps at once"). */
struct bench_nl_pair {
    struct bench_nl *here, *beside;
    long beside_err;
};
long bench_nl_link_beside_neightbl(void *ctx);
/* bench_fn: open, read and close the /proc/sys file whose path is ctx. */
long bench_proc_read(void *ctx);

#endif
