/*
 * nioctl.c - the command-line face of netioapi-compat: main, the table of
 * subcommands and the options they share.  Each subcommand lives in its
 * own cmd-<name>.c; adding one is a new file and a line in the table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nioctl.h"

static const struct nioctl_cmd nioctl_cmds[] = {
    {"show", nioctl_cmd_show, "list the IP interface rows (GetIpInterfaceTable)"},
    {"get", nioctl_cmd_get, "print the rows of one interface (GetIpInterfaceEntry)"},
    {"set", nioctl_cmd_set, "change fields of its rows (SetIpInterfaceEntry)"},
    {"watch", nioctl_cmd_watch, "print change notifications (NotifyIpInterfaceChange)"},
    {"link", nioctl_cmd_link, "link state, speed and counters (GetIfEntry2, GetIfTable2)"},
    {"route", nioctl_cmd_route, "routes: get (GetBestRoute2), list, show, add, set, del, watch"},
    {"addr", nioctl_cmd_addr, "unicast addresses: list, show, add, set, del"},
    {"neigh", nioctl_cmd_neigh, "neighbours: list, show, add, set, del, flush, resolve"},
    {"adapters", nioctl_cmd_adapters, "adapters with their lists (GetAdaptersAddresses)"},
};

#define NIOCTL_NCMDS (sizeof(nioctl_cmds) / sizeof(nioctl_cmds[0]))

static const struct nioctl_cmd *nioctl_find(const char *name)
{
    for (size_t i = 0; i < NIOCTL_NCMDS; i++)
        if (strcmp(nioctl_cmds[i].name, name) == 0)
            return &nioctl_cmds[i];
    return NULL;
}

static void nioctl_usage(FILE *f)
{
    fprintf(f, "usage: nioctl [-4|-6|-f inet|inet6] [-j] <command> [options] [arguments]\n"
               "       nioctl help [<command>]\n"
               "       nioctl --version\n\n"
               "commands:\n");
    for (size_t i = 0; i < NIOCTL_NCMDS; i++)
        fprintf(f, "  %-8s %s\n", nioctl_cmds[i].name, nioctl_cmds[i].help);
    fprintf(f, "\nOptions before the command apply to it as if given after it:\n"
               "  -4, -6, -f|--family inet|inet6   one family\n"
               "  -j, --json                       JSON output\n"
               "\n\"nioctl <command> --help\" describes a command's options.\n"
               "Exit status: 0 success, 1 a library call failed, 2 usage error.\n");
}

static int nioctl_version(void)
{
    printf("nioctl (netioapi-compat) %d.%d.%d\n", NETIOAPI_COMPAT_VERSION_MAJOR,
           NETIOAPI_COMPAT_VERSION_MINOR, NETIOAPI_COMPAT_VERSION_PATCH);
    return NIOCTL_EXIT_OK;
}

/* The options given before the command. */
static struct nioctl_opts nioctl_global_opts;

void nioctl_opts_init(struct nioctl_opts *o)
{
    *o = nioctl_global_opts;
}

ADDRESS_FAMILY nioctl_opts_family(const struct nioctl_opts *o)
{
    if (o->v4 == o->v6)
        return AF_UNSPEC;
    return o->v4 ? AF_INET : AF_INET6;
}

/* ip(8)'s family words: "-f inet", "--family inet6", "--family=inet". */
static int nioctl_family_opt(int argc, char **argv, int *i, struct nioctl_opts *o)
{
    const char *arg = argv[*i], *v;
    size_t n = strlen("--family=");
    if (strncmp(arg, "--family=", n) == 0) {
        v = arg + n;
    } else if (strcmp(arg, "-f") == 0 || strcmp(arg, "--family") == 0) {
        if (*i + 1 >= argc) {
            snprintf(o->why, sizeof(o->why), "%s needs a value (inet or inet6)", arg);
            return NIOCTL_OPT_BAD;
        }
        v = argv[++*i];
    } else {
        return NIOCTL_OPT_NONE;
    }
    if (strcmp(v, "inet") == 0)
        o->v4 = true;
    else if (strcmp(v, "inet6") == 0)
        o->v6 = true;
    else {
        snprintf(o->why, sizeof(o->why), "unknown family \"%.40s\" (inet or inet6)", v);
        return NIOCTL_OPT_BAD;
    }
    return NIOCTL_OPT_TAKEN;
}

int nioctl_common_opt(int argc, char **argv, int *i, struct nioctl_opts *o)
{
    const char *arg = argv[*i];
    if (strcmp(arg, "-4") == 0)
        o->v4 = true;
    else if (strcmp(arg, "-6") == 0)
        o->v6 = true;
    else if (strcmp(arg, "--json") == 0 || strcmp(arg, "-j") == 0)
        o->json = true;
    else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        o->help = true;
    else
        return nioctl_family_opt(argc, argv, i, o);
    return NIOCTL_OPT_TAKEN;
}

int nioctl_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "nioctl %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry \"nioctl %s --help\".\n", cmd);
    return NIOCTL_EXIT_USAGE;
}

int nioctl_vsynopsis_error(const char *cmd, const char *synopsis, const char *fmt, va_list ap)
{
    fprintf(stderr, "nioctl %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nusage: %s\n", synopsis);
    return NIOCTL_EXIT_USAGE;
}

static int nioctl_synopsis_error(const char *cmd, const char *synopsis, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int nioctl_synopsis_error(const char *cmd, const char *synopsis, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = nioctl_vsynopsis_error(cmd, synopsis, fmt, ap);
    va_end(ap);
    return rc;
}

int nioctl_row_plain_word(const char *cmd, const char *synopsis, struct nioctl_opts *o, int argc,
                          char **argv, int *i, bool allowed, const char **positional)
{
    const char *w = argv[*i];
    if (w[0] == '-' && w[1] != '\0') {
        int r = nioctl_common_opt(argc, argv, i, o);
        if (r == NIOCTL_OPT_BAD)
            return nioctl_synopsis_error(cmd, synopsis, "%s", o->why);
        if (r == NIOCTL_OPT_NONE)
            return nioctl_synopsis_error(cmd, synopsis, "unknown option \"%s\"", w);
        return NIOCTL_EXIT_OK;
    }
    if (!allowed || *positional != NULL)
        return nioctl_synopsis_error(cmd, synopsis, "unexpected argument \"%s\"", w);
    *positional = w;
    return NIOCTL_EXIT_OK;
}

/* "nioctl help [cmd]": the overview, or the command's own --help. */
static int nioctl_help(int argc, char **argv)
{
    const struct nioctl_cmd *cmd;
    char help_opt[] = "--help";
    char *sub_argv[3];
    if (argc < 2) {
        nioctl_usage(stdout);
        return NIOCTL_EXIT_OK;
    }
    cmd = nioctl_find(argv[1]);
    if (cmd == NULL || argc > 2) {
        fprintf(stderr, "nioctl help: %s \"%s\"\n",
                cmd == NULL ? "no such command" : "too many arguments after",
                argv[1]);
        return NIOCTL_EXIT_USAGE;
    }
    sub_argv[0] = argv[1];
    sub_argv[1] = help_opt;
    sub_argv[2] = NULL;
    return cmd->run(2, sub_argv);
}

/* The options before the command ("nioctl -j show"): kept for the
 * command's own (nioctl_opts_init).  Returns the index of the command, or
 * -1 after a usage error; help and version options stop the scan. */
static int nioctl_global_args(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            break;
        r = nioctl_common_opt(argc, argv, &i, &nioctl_global_opts);
        if (r == NIOCTL_OPT_BAD || r == NIOCTL_OPT_NONE) {
            if (r == NIOCTL_OPT_BAD)
                fprintf(stderr, "nioctl: %s\n", nioctl_global_opts.why);
            else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0)
                break;
            else
                fprintf(stderr, "nioctl: unknown option \"%s\"\n", argv[i]);
            nioctl_usage(stderr);
            return -1;
        }
    }
    return i;
}

static int nioctl_dispatch(int argc, char **argv)
{
    const struct nioctl_cmd *cmd;
    int first = nioctl_global_args(argc, argv);
    if (first < 0)
        return NIOCTL_EXIT_USAGE;
    /* argv[0] stays the program; the command comes next. */
    argv[first - 1] = argv[0];
    argv += first - 1;
    argc -= first - 1;
    if (argc < 2) {
        nioctl_usage(stderr);
        return NIOCTL_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        return nioctl_help(argc - 1, argv + 1);
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
        return nioctl_version();
    cmd = nioctl_find(argv[1]);
    if (cmd == NULL) {
        fprintf(stderr, "nioctl: unknown command \"%s\"\n", argv[1]);
        nioctl_usage(stderr);
        return NIOCTL_EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    int rc = nioctl_dispatch(argc, argv);
    /* A full disk or closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nioctl: error writing to standard output\n");
        return NIOCTL_EXIT_FAIL;
    }
    return rc;
}
