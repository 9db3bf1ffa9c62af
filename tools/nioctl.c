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
    {"get", nioctl_cmd_get, "print one row (GetIpInterfaceEntry)"},
    {"set", nioctl_cmd_set, "change fields of one row (SetIpInterfaceEntry)"},
    {"watch", nioctl_cmd_watch, "print change notifications (NotifyIpInterfaceChange)"},
    {"link", nioctl_cmd_link, "link state, speed and counters (GetIfEntry2, GetIfTable2)"},
    {"route", nioctl_cmd_route, "routes: get (GetBestRoute2), list, show, add, set, del, watch"},
    {"addr", nioctl_cmd_addr, "unicast addresses: list, show, add, set, del"},
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
    fprintf(f, "usage: nioctl <command> [options] [arguments]\n"
               "       nioctl help [<command>]\n"
               "       nioctl --version\n\n"
               "commands:\n");
    for (size_t i = 0; i < NIOCTL_NCMDS; i++)
        fprintf(f, "  %-8s %s\n", nioctl_cmds[i].name, nioctl_cmds[i].help);
    fprintf(f, "\n\"nioctl <command> --help\" describes a command's options.\n"
               "Exit status: 0 success, 1 a library call failed, 2 usage error.\n");
}

static int nioctl_version(void)
{
    printf("nioctl (netioapi-compat) %d.%d.%d\n", NETIOAPI_COMPAT_VERSION_MAJOR,
           NETIOAPI_COMPAT_VERSION_MINOR, NETIOAPI_COMPAT_VERSION_PATCH);
    return NIOCTL_EXIT_OK;
}

bool nioctl_common_opt(const char *arg, struct nioctl_opts *o)
{
    if (strcmp(arg, "-4") == 0)
        o->v4 = true;
    else if (strcmp(arg, "-6") == 0)
        o->v6 = true;
    else if (strcmp(arg, "--json") == 0 || strcmp(arg, "-j") == 0)
        o->json = true;
    else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        o->help = true;
    else
        return false;
    return true;
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

static int nioctl_dispatch(int argc, char **argv)
{
    const struct nioctl_cmd *cmd;
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
