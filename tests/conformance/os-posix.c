/* os-posix.c - Linux, the BSDs and macOS: the library under test is this
 * project's; each check runs in a forked child. */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

/* A check that takes longer than this is stuck. */
#define NC_TIMEOUT_S 60

void nc_os_init(struct nc_env *env)
{
    struct utsname u;
    if (uname(&u) == 0)
        snprintf(env->platform, sizeof(env->platform), "%.64s %.64s %.64s", u.sysname, u.release,
                 u.machine);
    else
        snprintf(env->platform, sizeof(env->platform), "unknown POSIX system");
}

NET_IFINDEX nc_os_loopback_index(void)
{
    unsigned idx = if_nametoindex("lo");
    return idx != 0 ? idx : if_nametoindex("lo0");
}

bool nc_os_ifaces(struct nc_env *env)
{
    (void)env;
    return false; /* the table is the list here */
}

void nc_os_sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Reads the child's one line; false when it wrote none. */
static bool nc_read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        n += (size_t)r;
    }
    buf[n] = 0;
    return n > 0;
}

void nc_os_run_isolated(const struct nc_check *chk, const struct nc_env *env,
                        struct nc_ctx *res)
{
    char line[sizeof(res->msg) + 64];
    int fds[2], status = 0;
    pid_t pid;
    fflush(NULL);
    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        nc_run_here(chk, env, res); /* no isolation, but an answer */
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        alarm(NC_TIMEOUT_S);
        nc_run_here(chk, env, res);
        snprintf(line, sizeof(line), "%c%s", res->failures ? 'F' : res->skipped ? 'S' : 'P',
                 res->msg);
        if (write(fds[1], line, strlen(line)) < 0)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    bool got = nc_read_line(fds[0], line, sizeof(line));
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    memset(res, 0, sizeof(*res));
    res->env = env;
    res->name = chk->name;
    if (got) {
        res->failures = line[0] == 'F';
        res->skipped = line[0] == 'S';
        snprintf(res->msg, sizeof(res->msg), "%.*s", (int)sizeof(res->msg) - 1, line + 1);
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        nc_fail(res, "no answer within %d s", NC_TIMEOUT_S);
    } else if (WIFSIGNALED(status)) {
        nc_fail(res, "crashed: signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else {
        nc_fail(res, "the child exited with %d and no result", WEXITSTATUS(status));
    }
}

void nc_os_child_guard(const char *check_name)
{
    (void)check_name; /* the parent reads a crash from the wait status */
}
