/*
 * cmd-watch.c - "nioctl watch [-4|-6] [--json]": NotifyIpInterfaceChange
 * with InitialNotification, one line per callback until SIGINT or SIGTERM,
 * then CancelMibChangeNotify2.  The callbacks run on the library's thread;
 * the main thread only waits for the signal, so it is the one that
 * cancels.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "nioctl.h"

static void nioctl_watch_usage(void)
{
    printf("usage: nioctl watch [-4|-6|-f inet|inet6] [--json]\n\n"
           "Prints one line per IP interface change notification\n"
           "(NotifyIpInterfaceChange) until interrupted (SIGINT, SIGTERM):\n"
           "  TIME TYPE FAMILY INDEX LUID ALIAS\n"
           "TIME is UTC with microseconds; the first line is the\n"
           "MibInitialNotification, printed once the registration is complete.\n\n"
           "  -4, -f inet   IPv4 rows only (AF_INET; --family inet too)\n"
           "  -6, -f inet6  IPv6 rows only (AF_INET6)\n"
           "  -j, --json   one JSON object per line\n"
           "  -h, --help   this text\n");
}

/* The alias last seen for an interface, so that a MibDeleteInstance, which
 * comes when the alias can no longer be asked for, still names it. */
struct nioctl_alias_seen {
    NET_IFINDEX index;
    ULONG64 luid;
    char *alias;
};

struct nioctl_watch {
    bool json;
    bool failed;             /* a write to stdout failed */
    struct nioctl_alias_seen *seen;
    size_t n, cap;
};

static void nioctl_watch_remember(struct nioctl_watch *w, const NET_LUID *luid,
                                  NET_IFINDEX index, const char *alias)
{
    struct nioctl_alias_seen *s = NULL;
    char *copy;
    for (size_t i = 0; i < w->n && s == NULL; i++)
        if (w->seen[i].index == index)
            s = &w->seen[i];
    if (s != NULL && s->luid == luid->Value && strcmp(s->alias, alias) == 0)
        return;
    if ((copy = strdup(alias)) == NULL)
        return;
    if (s == NULL && w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        struct nioctl_alias_seen *v = realloc(w->seen, cap * sizeof(*v));
        if (v == NULL) {
            free(copy);
            return;
        }
        w->seen = v;
        w->cap = cap;
    }
    if (s == NULL)
        s = &w->seen[w->n++];
    else
        free(s->alias);
    *s = (struct nioctl_alias_seen){index, luid->Value, copy};
}

/* The alias now, else the one last seen for that LUID and index, else
 * NULL. */
static const char *nioctl_watch_alias(struct nioctl_watch *w, const MIB_IPINTERFACE_ROW *row,
                                      char *buf, size_t cap)
{
    if (nioctl_alias(&row->InterfaceLuid, buf, cap)) {
        nioctl_watch_remember(w, &row->InterfaceLuid, row->InterfaceIndex, buf);
        return buf;
    }
    for (size_t i = 0; i < w->n; i++)
        if (w->seen[i].index == row->InterfaceIndex && w->seen[i].luid == row->InterfaceLuid.Value)
            return w->seen[i].alias;
    return NULL;
}

/* Every alias there is when the registration completes. */
static void nioctl_watch_learn(struct nioctl_watch *w)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    char alias[NIOCTL_NAME_MAX];
    if (GetIpInterfaceTable(AF_UNSPEC, &t) != NO_ERROR)
        return;
    for (ULONG i = 0; i < t->NumEntries; i++)
        nioctl_watch_alias(w, &t->Table[i], alias, sizeof(alias));
    FreeMibTable(t);
}

static const char *nioctl_notification_name(MIB_NOTIFICATION_TYPE type)
{
    switch (type) {
    case MibParameterNotification: return "MibParameterNotification";
    case MibAddInstance: return "MibAddInstance";
    case MibDeleteInstance: return "MibDeleteInstance";
    case MibInitialNotification: return "MibInitialNotification";
    }
    return NULL;
}

/* Now, UTC, "2025-06-01T12:34:56.123456Z". */
static void nioctl_watch_json(const char *when, const char *type, MIB_NOTIFICATION_TYPE raw,
                              const MIB_IPINTERFACE_ROW *row, const char *alias)
{
    char name[NIOCTL_NAME_MAX];
    struct nioctl_json j;
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_flat_object(&j, NULL);
    nioctl_json_string(&j, "Time", when);
    if (type != NULL)
        nioctl_json_string(&j, "Type", type);
    else
        nioctl_json_int(&j, "Type", raw);
    if (row == NULL) {
        nioctl_json_end_object(&j);
        nioctl_json_finish(&j);
        return;
    }
    if (nioctl_family_name(row->Family) != NULL)
        nioctl_json_string(&j, "Family", nioctl_family_name(row->Family));
    else
        nioctl_json_uint(&j, "Family", row->Family);
    nioctl_json_uint(&j, "InterfaceIndex", row->InterfaceIndex);
    nioctl_json_luid(&j, "InterfaceLuid", &row->InterfaceLuid);
    nioctl_json_string(&j, "InterfaceLuidName",
                       nioctl_luid_name(&row->InterfaceLuid, name, sizeof(name)) ? name : NULL);
    nioctl_json_string(&j, "InterfaceAlias", alias);
    nioctl_json_end_object(&j);
    nioctl_json_finish(&j);
}

static void nioctl_watch_text(const char *when, const char *type, MIB_NOTIFICATION_TYPE raw,
                              const MIB_IPINTERFACE_ROW *row, const char *alias)
{
    const char *fam;
    printf("%s ", when);
    if (type != NULL)
        fputs(type, stdout);
    else
        printf("%d", (int)raw);
    if (row == NULL) {
        fputs(" - - - -\n", stdout);
        return;
    }
    fam = nioctl_family_name(row->Family);
    if (fam != NULL)
        printf(" %s", fam);
    else
        printf(" %u", (unsigned)row->Family);
    printf(" %lu 0x%016" PRIx64 " %s\n", (unsigned long)row->InterfaceIndex,
           (uint64_t)row->InterfaceLuid.Value, alias != NULL ? alias : "-");
}

static VOID NETIOAPI_API_ nioctl_watch_cb(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                         MIB_NOTIFICATION_TYPE type)
{
    struct nioctl_watch *w = ctx;
    char when[64], buf[NIOCTL_NAME_MAX];
    const char *alias = NULL;
    nioctl_utc_now(when, sizeof(when));
    if (type == MibInitialNotification)
        nioctl_watch_learn(w);
    if (row != NULL)
        alias = nioctl_watch_alias(w, row, buf, sizeof(buf));
    if (w->json)
        nioctl_watch_json(when, nioctl_notification_name(type), type, row, alias);
    else
        nioctl_watch_text(when, nioctl_notification_name(type), type, row, alias);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        /* Nobody reads any more: stop as if interrupted; main reports it. */
        w->failed = true;
        nioctl_stop_raise();
    }
}

int nioctl_cmd_watch(int argc, char **argv)
{
    struct nioctl_opts o;
    struct nioctl_watch w = {.json = false};
    ADDRESS_FAMILY family;
    HANDLE handle = NULL;
    NETIO_STATUS st;
    nioctl_opts_init(&o);
    for (int i = 1; i < argc; i++) {
        int r = nioctl_common_opt(argc, argv, &i, &o);
        if (r == NIOCTL_OPT_BAD)
            return nioctl_usage_error(argv[0], "%s", o.why);
        if (r == NIOCTL_OPT_NONE)
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    if (o.help) {
        nioctl_watch_usage();
        return NIOCTL_EXIT_OK;
    }
    family = nioctl_opts_family(&o); /* both, like neither, mean both */
    w.json = o.json;
    /* Before the library starts its thread, which inherits the signal
     * mask (stop-posix.c). */
    nioctl_stop_prepare();
    st = NotifyIpInterfaceChange(family, nioctl_watch_cb, &w, TRUE, &handle);
    if (st != NO_ERROR)
        return nioctl_fail("NotifyIpInterfaceChange", st);
    nioctl_stop_wait();
    st = CancelMibChangeNotify2(handle);
    for (size_t i = 0; i < w.n; i++)
        free(w.seen[i].alias);
    free(w.seen);
    if (st != NO_ERROR)
        return nioctl_fail("CancelMibChangeNotify2", st);
    return w.failed ? NIOCTL_EXIT_FAIL : NIOCTL_EXIT_OK;
}
