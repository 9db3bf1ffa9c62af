/*
 * runner.c - netioapi-conformance: runs the checks, one line per check, a
 * summary, or JSON; exit status 1 when any check fails.
 *
 *   netioapi-conformance [--json] [NAME|GROUP ...]   run (all, or these)
 *   netioapi-conformance --list [--json]             the checks and sources
 *   netioapi-conformance --check NAME                one check, here
 */
#include <stdlib.h>

#include "conformance.h"
#include "nc-groups.h"

#define NC_GROUP(g) extern const struct nc_check nc_checks_##g[];
NC_GROUPS
#undef NC_GROUP

static const struct nc_check *const nc_groups[] = {
#define NC_GROUP(g) nc_checks_##g,
    NC_GROUPS
#undef NC_GROUP
};

#define NC_NGROUPS (sizeof(nc_groups) / sizeof(nc_groups[0]))

enum { NC_EXIT_OK = 0, NC_EXIT_FAIL = 1, NC_EXIT_USAGE = 2 };

struct nc_opts {
    bool json, list;
    const char *check;  /* --check NAME */
    char **filters;     /* names or group names */
    int n_filters;
};

static const char *nc_result_word(const struct nc_ctx *r)
{
    return r->failures ? "FAIL" : r->skipped ? "SKIP" : "PASS";
}

/* Whether a filter names the check, or its group ("args" or "args."). */
static bool nc_selected(const struct nc_opts *o, const char *name)
{
    if (o->n_filters == 0)
        return true;
    for (int i = 0; i < o->n_filters; i++) {
        size_t n = strlen(o->filters[i]);
        if (n == 0)
            continue;
        if (strcmp(name, o->filters[i]) == 0 ||
            (strncmp(name, o->filters[i], n) == 0 &&
             (name[n] == '.' || o->filters[i][n - 1] == '.')))
            return true;
    }
    return false;
}

/* The needs that are probed in the process of the check (NC_NEEDS_LATE),
 * into a copy of the environment. */
static const struct nc_env *nc_env_late(const struct nc_check *chk, const struct nc_env *env,
                                        struct nc_env *copy)
{
    if (!(chk->needs & NC_NEEDS_LATE))
        return env;
    *copy = *env;
    if (chk->needs & NC_NEED_NOTIFY)
        nc_env_probe_notify(copy);
    if (chk->needs & NC_NEED_FWD_NOTIFY)
        nc_env_probe_route_notify(copy);
    return copy;
}

void nc_run_here(const struct nc_check *chk, const struct nc_env *given, struct nc_ctx *res)
{
    struct nc_env copy;
    const struct nc_env *env = nc_env_late(chk, given, &copy);
    memset(res, 0, sizeof(*res));
    res->env = env;
    res->name = chk->name;
    /* Every reason, once each (several needs can share one). */
    for (unsigned i = 0; i < NC_NEEDS; i++) {
        const char *why = env->missing[i];
        size_t len = strlen(res->msg);
        if (!(chk->needs & (1u << i)) || why == NULL || strstr(res->msg, why) != NULL)
            continue;
        snprintf(res->msg + len, sizeof(res->msg) - len, "%s%s", len ? "; " : "", why);
        res->skipped = true;
    }
    if (!res->skipped)
        chk->run(res);
    res->env = given; /* the copy ends here */
}

/* ------------------------------------------------------------------ JSON */
static void nc_json_str(const char *s)
{
    putchar('"');
    for (; s != NULL && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void nc_json_needs(unsigned needs)
{
    bool first = true;
    putchar('[');
    for (unsigned i = 0; i < NC_NEEDS; i++)
        if (needs & (1u << i)) {
            printf(first ? "" : ", ");
            nc_json_str(nc_need_name(i));
            first = false;
        }
    putchar(']');
}

static void nc_json_check(const struct nc_check *chk, const struct nc_ctx *r, bool first)
{
    printf("%s\n    {\"name\": ", first ? "" : ",");
    nc_json_str(chk->name);
    if (r != NULL) {
        printf(", \"result\": \"%s\", \"reason\": ", r->failures ? "fail" : r->skipped ? "skip" : "pass");
        nc_json_str(r->msg);
    }
    printf(", \"needs\": ");
    nc_json_needs(chk->needs);
    printf(", \"source\": ");
    nc_json_str(chk->source);
    printf(", \"what\": ");
    nc_json_str(chk->what);
    putchar('}');
}

/* ------------------------------------------------------------------ modes */
static const struct nc_check *nc_find(const char *name)
{
    for (size_t g = 0; g < NC_NGROUPS; g++)
        for (const struct nc_check *c = nc_groups[g]; c->name != NULL; c++)
            if (strcmp(c->name, name) == 0)
                return c;
    return NULL;
}

static int nc_list(const struct nc_opts *o)
{
    bool first = true;
    if (o->json)
        printf("{\"checks\": [");
    for (size_t g = 0; g < NC_NGROUPS; g++)
        for (const struct nc_check *c = nc_groups[g]; c->name != NULL; c++) {
            if (!nc_selected(o, c->name))
                continue;
            if (o->json) {
                nc_json_check(c, NULL, first);
            } else {
                printf("%s\n    %s\n    source: %s\n    needs:", c->name, c->what, c->source);
                for (unsigned i = 0; i < NC_NEEDS; i++)
                    if (c->needs & (1u << i))
                        printf(" %s", nc_need_name(i));
                printf("%s\n", c->needs ? "" : " nothing");
            }
            first = false;
        }
    if (o->json)
        printf("\n]}\n");
    return NC_EXIT_OK;
}

/* One check in this process; what a child does. */
static int nc_check_one(const char *name)
{
    const struct nc_check *chk = nc_find(name);
    struct nc_env env;
    struct nc_ctx r;
    if (chk == NULL) {
        fprintf(stderr, "netioapi-conformance: no check named %s (see --list)\n", name);
        return NC_EXIT_USAGE;
    }
    nc_os_child_guard(chk->name);
    nc_env_init(&env, true);
    nc_run_here(chk, &env, &r);
    printf("%s %s%s%s\n", nc_result_word(&r), chk->name, r.msg[0] ? ": " : "", r.msg);
    fflush(stdout);
    return r.failures ? NC_EXIT_FAIL : NC_EXIT_OK;
}

static int nc_count_selected(const struct nc_opts *o)
{
    int n = 0;
    for (size_t g = 0; g < NC_NGROUPS; g++)
        for (const struct nc_check *c = nc_groups[g]; c->name != NULL; c++)
            n += nc_selected(o, c->name);
    return n;
}

static int nc_run_all(const struct nc_opts *o)
{
    struct nc_env env;
    struct nc_ctx r;
    int counts[3] = {0, 0, 0}, total = 0; /* pass, fail, skip */
    bool first = true;
    if (nc_count_selected(o) == 0) {
        fprintf(stderr, "netioapi-conformance: no check matches (see --list)\n");
        return NC_EXIT_USAGE;
    }
    nc_env_init(&env, true);
    if (o->json) {
        printf("{\"platform\": ");
        nc_json_str(env.platform);
        printf(", \"isolation\": ");
        nc_json_str(env.isolation);
        printf(", \"interfaces_from\": ");
        nc_json_str(env.ifaces_source ? env.ifaces_source : "");
        printf(", \"checks\": [");
    } else {
        printf("# netioapi-conformance on %s\n# interfaces: %s; %lu listed by %s\n",
               env.platform, env.isolation, (unsigned long)env.n_ifaces,
               env.ifaces_source ? env.ifaces_source : "nothing");
    }
    fflush(stdout);
    for (size_t g = 0; g < NC_NGROUPS; g++)
        for (const struct nc_check *c = nc_groups[g]; c->name != NULL; c++) {
            if (!nc_selected(o, c->name))
                continue;
            nc_os_run_isolated(c, &env, &r);
            counts[r.failures ? 1 : r.skipped ? 2 : 0]++;
            total++;
            if (o->json)
                nc_json_check(c, &r, first);
            else
                printf("%s %s%s%s\n", nc_result_word(&r), c->name, r.msg[0] ? ": " : "", r.msg);
            fflush(stdout);
            first = false;
        }
    if (o->json)
        printf("\n], \"summary\": {\"pass\": %d, \"fail\": %d, \"skip\": %d, \"total\": %d}}\n",
               counts[0], counts[1], counts[2], total);
    else
        printf("summary: %d passed, %d failed, %d skipped (%d checks)\n", counts[0], counts[1],
               counts[2], total);
    free(env.ifaces);
    return counts[1] ? NC_EXIT_FAIL : NC_EXIT_OK;
}

static int nc_usage(FILE *f, int code)
{
    fprintf(f, "usage: netioapi-conformance [--json] [NAME|GROUP ...]\n"
               "       netioapi-conformance --list [--json] [NAME|GROUP ...]\n"
               "       netioapi-conformance --check NAME\n"
               "Runs the checks of Windows behaviour against the netioapi functions here;\n"
               "one line per check (PASS, FAIL, SKIP with the reason), then a summary.\n"
               "Exit status 1 when a check fails.  On Linux, as root (or with user\n"
               "namespaces), it works in a network namespace of its own.\n");
    return code;
}

int main(int argc, char **argv)
{
    struct nc_opts o = {0};
    o.filters = argv + 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            o.json = true;
        else if (strcmp(argv[i], "--list") == 0)
            o.list = true;
        else if (strcmp(argv[i], "--check") == 0 && i + 1 < argc)
            o.check = argv[++i];
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return nc_usage(stdout, NC_EXIT_OK);
        else if (argv[i][0] == '-')
            return nc_usage(stderr, NC_EXIT_USAGE);
        else
            o.filters[o.n_filters++] = argv[i];
    }
    if (o.check != NULL)
        return nc_check_one(o.check);
    if (o.list)
        return nc_list(&o);
    return nc_run_all(&o);
}
