/*
 * cmd-route-watch.c - "nioctl route watch [-4|-6] [--count N] [--json]":
 * NotifyRouteChange2 with InitialNotification, one line per callback: the
 * key the callback carries and, for an add or a parameter change, the row
 * read back with GetIpForwardEntry2.  It ends on SIGINT or SIGTERM, or
 * after N changes with --count, then calls CancelMibChangeNotify2.  The
 * callbacks run on the library's thread; the main thread only waits, so
 * it is the one that cancels.
 */
#include "nioctl-route.h"

struct nioctl_route_watch {
    bool json;
    bool has_count;
    unsigned long left;  /* changes still to print with --count */
    bool failed;         /* a write to stdout failed */
};

static const char *nioctl_route_event_name(MIB_NOTIFICATION_TYPE type)
{
    switch (type) {
    case MibParameterNotification: return "MibParameterNotification";
    case MibAddInstance: return "MibAddInstance";
    case MibDeleteInstance: return "MibDeleteInstance";
    case MibInitialNotification: return "MibInitialNotification";
    }
    return NULL;
}

/* TIME TYPE [local ]PREFIX [via HOP] dev IF [metric N proto P [lifetime S]]
 * ("-" for the initial notification, whose row is NULL). */
static void nioctl_route_event_text(const char *when, MIB_NOTIFICATION_TYPE type,
                                    const MIB_IPFORWARD_ROW2 *key, const MIB_IPFORWARD_ROW2 *row)
{
    const char *name = nioctl_route_event_name(type);
    printf("%s ", when);
    if (name != NULL)
        fputs(name, stdout);
    else
        printf("%d", (int)type);
    fputc(' ', stdout);
    if (key == NULL)
        fputc('-', stdout);
    else
        nioctl_route_line(stdout, row != NULL ? row : key, row != NULL);
    fputc('\n', stdout);
}

/* {"Time", "Type", "Key": the key fields, "Row": the row or null}, one line. */
static void nioctl_route_event_json(const char *when, MIB_NOTIFICATION_TYPE type,
                                    const MIB_IPFORWARD_ROW2 *key, const MIB_IPFORWARD_ROW2 *row)
{
    /* The first fields of the row's table are the key's. */
    const struct nioctl_table key_table = {nioctl_fwd_table.fields, NIOCTL_FWD_KEY_FIELDS, NULL};
    const char *name = nioctl_route_event_name(type);
    struct nioctl_json j;
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_flat_object(&j, NULL);
    nioctl_json_string(&j, "Time", when);
    if (name != NULL)
        nioctl_json_string(&j, "Type", name);
    else
        nioctl_json_int(&j, "Type", type);
    if (key != NULL) {
        nioctl_print_row_json(&j, "Key", &key_table, key);
        if (row != NULL)
            nioctl_print_row_json(&j, "Row", &nioctl_fwd_table, row);
        else
            nioctl_json_string(&j, "Row", NULL);
    }
    nioctl_json_end_object(&j);
    nioctl_json_finish(&j);
}

/* Whether this callback is to be printed, counting it against --count. */
static bool nioctl_route_watch_take(struct nioctl_route_watch *w, MIB_NOTIFICATION_TYPE type)
{
    if (type == MibInitialNotification || !w->has_count)
        return true;
    if (w->left == 0)
        return false; /* the last one is printed; the stop is on its way */
    w->left--;
    return true;
}

static VOID NETIOAPI_API_ nioctl_route_watch_cb(PVOID ctx, PMIB_IPFORWARD_ROW2 key,
                                               MIB_NOTIFICATION_TYPE type)
{
    struct nioctl_route_watch *w = ctx;
    MIB_IPFORWARD_ROW2 row;
    bool have_row = false;
    char when[64];
    if (!nioctl_route_watch_take(w, type))
        return;
    nioctl_utc_now(when, sizeof(when));
    /* An add or a change: the row as it is now (gone again: key only). */
    if (key != NULL && type != MibDeleteInstance) {
        row = *key;
        have_row = GetIpForwardEntry2(&row) == NO_ERROR;
    }
    if (w->json)
        nioctl_route_event_json(when, type, key, have_row ? &row : NULL);
    else
        nioctl_route_event_text(when, type, key, have_row ? &row : NULL);
    if (fflush(stdout) != 0 || ferror(stdout))
        w->failed = true; /* nobody reads any more: stop; the exit says so */
    if (w->failed || (w->has_count && w->left == 0 && type != MibInitialNotification))
        nioctl_stop_raise();
}

int nioctl_route_watch(int argc, char **argv)
{
    struct nioctl_route_args a = {.cmd = "route watch",
                                  .synopsis = "nioctl route watch [-4|-6] [--count N] [--json]"};
    struct nioctl_route_watch w = {0};
    ADDRESS_FAMILY family = AF_UNSPEC;
    HANDLE handle = NULL;
    NETIO_STATUS st;
    int rc = nioctl_route_parse(argc, argv, NIOCTL_RW_COUNT, &a);
    if (rc != NIOCTL_EXIT_OK || a.o.help) {
        if (a.o.help)
            printf("usage: %s\n", a.synopsis);
        return rc;
    }
    if (a.has_count && a.count == 0)
        return nioctl_route_usage_error(&a, "--count must be at least 1");
    if (a.o.v4 != a.o.v6) /* both, like neither, mean both families */
        family = a.o.v4 ? AF_INET : AF_INET6;
    w.json = a.o.json;
    w.has_count = a.has_count;
    w.left = a.count;
    /* Before the library starts its thread, which inherits the signal
     * mask (os-posix.c). */
    nioctl_stop_prepare();
    st = NotifyRouteChange2(family, nioctl_route_watch_cb, &w, TRUE, &handle);
    if (st != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    nioctl_stop_wait();
    st = CancelMibChangeNotify2(handle);
    if (st != NO_ERROR)
        return nioctl_route_fail(&a, st, NULL);
    return w.failed ? NIOCTL_EXIT_FAIL : NIOCTL_EXIT_OK;
}
